//! `find` and `compare` over the full fixture catalogue (made with `--account-access`), each
//! answer checked against what the catalogue's JSON says, computed here by walking the JSON
//! without the code under test: which models can be called from a region and by which route, at
//! what price, with which limits and features, which only Mantle serves, which the account
//! cannot call and why, which go legacy soon.

use crate::support::{full_fixture_run, harness};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::{Value, json};

const SONNET_45: &str = "anthropic.claude-sonnet-4-5-20250929-v1";
const HAIKU_45: &str = "anthropic.claude-haiku-4-5-20251001-v1";

/// The catalogue of a full fixture run with the account's view, kept for every test here.
pub struct Built {
    dir: tempfile::TempDir,
    pub catalog: Value,
}

impl Built {
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("bedrock_models.json")
    }

    /// Every model by key, with its provider.
    fn models(&self) -> BTreeMap<String, &Value> {
        let mut out = BTreeMap::new();
        for provider in self.catalog["providers"].as_object().unwrap().values() {
            for (key, model) in provider["models"].as_object().unwrap() {
                out.insert(key.clone(), model);
            }
        }
        out
    }

    /// A copy of the catalogue changed by `edit`, in its own file.
    fn edited(&self, name: &str, edit: impl FnOnce(&mut Value)) -> PathBuf {
        let mut catalog = self.catalog.clone();
        edit(&mut catalog);
        let path = self.dir.path().join(name);
        std::fs::write(&path, serde_json::to_vec(&catalog).unwrap()).unwrap();
        path
    }
}

static BUILT: OnceLock<Built> = OnceLock::new();

pub fn built() -> &'static Built {
    BUILT.get_or_init(|| {
        tokio::runtime::Runtime::new().unwrap().block_on(async {
            let (_fake, run, out) = full_fixture_run(&["--account-access"]).await;
            assert_eq!(out.code, 0, "{}", out.stderr);
            let dir = tempfile::Builder::new()
                .prefix("choose-")
                .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
                .unwrap();
            std::fs::copy(run.output_path(), dir.path().join("bedrock_models.json")).unwrap();
            Built {
                dir,
                catalog: run.catalog(),
            }
        })
    })
}

/// The binary with `args`, nothing of this machine's configuration in reach.
pub fn command(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> harness::Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_bedrock-collector"))
        .env_clear()
        .env("HOME", dir)
        .envs(env.iter().copied())
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    harness::Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `find --catalog <the catalogue> args`.
fn find(catalog: &Path, args: &[&str]) -> harness::Outcome {
    let b = built();
    let mut all = vec!["find", "--catalog", catalog.to_str().unwrap()];
    all.extend_from_slice(args);
    command(b.dir.path(), &all, &[])
}

/// `find ... --format json`, parsed; exit code 0.
fn find_json(args: &[&str]) -> Vec<Value> {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    let out = find(&built().path(), &all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn keys(found: &[Value]) -> BTreeSet<String> {
    found
        .iter()
        .map(|m| m["key"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// What the JSON says, walked here on its own

/// A way to call from a region: (route, id, input USD, output USD) per 1M tokens.
pub type Way = (&'static str, String, Option<f64>, Option<f64>);

pub fn per_million(price: &Value) -> Option<f64> {
    (price["unit"] == "1M tokens").then(|| price["price_usd"].as_f64().unwrap())
}

/// The ways to call `model` from `region` other than provisioned throughput, in the order on
/// demand, geo, global (by profile id), Mantle.
pub fn ways(model: &Value, region: &str) -> Vec<Way> {
    let mut out = Vec::new();
    let types = &model["regional_availability"][region]["inference_types_supported"];
    let prices = &model["model_pricing"]["regions"][region];
    let price = |route: &str, d: &str| per_million(&prices[route][d]);
    if types
        .as_array()
        .is_some_and(|t| t.iter().any(|t| t == "ON_DEMAND"))
    {
        out.push((
            "on-demand",
            model["invocable_model_id"].as_str().unwrap().to_string(),
            price("on_demand", "input_tokens"),
            price("on_demand", "output_tokens"),
        ));
    }
    let mut profiles: Vec<(bool, String, Option<f64>, Option<f64>)> = Vec::new();
    for p in model["cross_region_inference"]["profiles"]
        .as_array()
        .unwrap()
    {
        if p["source_region"] != region {
            continue;
        }
        let id = p["profile_id"].as_str().unwrap().to_string();
        let global = id.starts_with("global.") || p["routes_globally"] == true;
        let usd = |d: &str| per_million(&p["pricing"]["on_demand"][d]);
        if !profiles.iter().any(|(_, i, _, _)| *i == id) {
            profiles.push((global, id, usd("input_tokens"), usd("output_tokens")));
        }
    }
    profiles.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    for (global, id, i, o) in profiles {
        out.push((if global { "global" } else { "geo" }, id, i, o));
    }
    let mantle = &model["mantle"];
    if mantle["regions"]
        .as_array()
        .is_some_and(|r| r.iter().any(|r| r == region))
    {
        out.push((
            "mantle",
            mantle["model_id"].as_str().unwrap().to_string(),
            price("mantle_on_demand", "input_tokens"),
            price("mantle_on_demand", "output_tokens"),
        ));
    }
    out
}

/// The cheapest way by input plus output where both are known, else the first.
pub fn best(ways: &[Way]) -> Option<&Way> {
    let mut cheapest: Option<(&Way, f64)> = None;
    for w in ways {
        if let (Some(i), Some(o)) = (w.2, w.3)
            && cheapest.is_none_or(|(_, c)| i + o < c)
        {
            cheapest = Some((w, i + o));
        }
    }
    cheapest.map(|(w, _)| w).or(ways.first())
}

fn blocked_in(model: &Value, region: &str) -> bool {
    model["account_access"][region]["callable"] == false
}

fn supports(model: &Value, feature: &str) -> bool {
    model["features"][feature]["supported"] == true
}

// ---------------------------------------------------------------------------------------------
// The questions of issue 28, one command each

/// "Which Anthropic models can I call from eu-west-1, by which route, at what price?"
#[test]
fn the_models_of_a_provider_callable_from_a_region_with_route_and_price() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let region = "eu-west-1";
    for include_blocked in [true, false] {
        let mut args = vec!["--provider", "anthropic", "--region", region];
        if include_blocked {
            args.push("--include-blocked");
        }
        let found = find_json(&args);
        let mut want = BTreeMap::new();
        for (key, m) in b.models() {
            if m["model_provider"] != "Anthropic" || (!include_blocked && blocked_in(m, region)) {
                continue;
            }
            if let Some(w) = best(&ways(m, region)) {
                want.insert(key, w.clone());
            }
        }
        assert_eq!(
            keys(&found),
            want.keys().cloned().collect(),
            "{include_blocked}"
        );
        for m in &found {
            let (route, id, i, o) = &want[m["key"].as_str().unwrap()];
            assert_eq!(m["region"], region);
            assert_eq!(m["route"], *route, "{m}");
            assert_eq!(m["id"], id.as_str(), "{m}");
            assert_eq!(m["input_usd_per_1m"], json!(i), "{m}");
            assert_eq!(m["output_usd_per_1m"], json!(o), "{m}");
        }
        if include_blocked {
            // The fixtures' account has no agreement for Anthropic there: many models, and
            // blocked ones drop out without --include-blocked.
            assert!(want.len() >= 10, "{want:?}");
            assert!(want.contains_key(SONNET_45));
        } else {
            assert!(!want.contains_key(SONNET_45), "{want:?}");
        }
    }
}

/// "The cheapest model with at least 200k context and function calling that I can call from
/// eu-central-1."
#[test]
fn the_cheapest_model_with_a_context_window_and_a_feature() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let region = "eu-central-1";
    let args = [
        "--region",
        region,
        "--min-context",
        "200k",
        "--feature",
        "function_calling",
        "--sort",
        "price",
    ];
    let found = find_json(&args);
    let mut want: Vec<(Option<f64>, String, String)> = Vec::new();
    for (key, m) in b.models() {
        let context = m["token_specs"]["context_window"]
            .as_u64()
            .or(m["converse_data"]["context_window"].as_u64());
        if blocked_in(m, region)
            || context.is_none_or(|c| c < 200_000)
            || !supports(m, "function_calling")
        {
            continue;
        }
        if let Some(w) = best(&ways(m, region)) {
            let price = w.2.zip(w.3).map(|(i, o)| i + o);
            want.push((price, m["model_name"].as_str().unwrap().to_lowercase(), key));
        }
    }
    // Known prices first, cheapest first; then by name.
    want.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => x.total_cmp(&y).then(a.1.cmp(&b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.cmp(&b.1).then(a.2.cmp(&b.2)),
    });
    let shown: Vec<&str> = found.iter().map(|m| m["key"].as_str().unwrap()).collect();
    let want_keys: Vec<&str> = want.iter().map(|w| w.2.as_str()).collect();
    assert_eq!(shown, want_keys);
    assert!(
        want.iter().filter(|w| w.0.is_some()).count() >= 3,
        "{want:?}"
    );
    // The answer to the question is the first line of `--format ids`, with --limit 1.
    let mut one = args.to_vec();
    one.extend_from_slice(&["--limit", "1", "--format", "ids"]);
    let out = find(&b.path(), &one);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let cheapest = &b.models()[&want[0].2];
    let id = best(&ways(cheapest, region)).unwrap().1.clone();
    assert_eq!(out.stdout, format!("{id}\n"));
    // A price ceiling keeps exactly the models priced at or under it there.
    let ceiling = want[1].0.unwrap();
    let input_ceiling = {
        let m = &b.models()[&want[1].2];
        best(&ways(m, region)).unwrap().2.unwrap()
    };
    let capped = find_json(&[
        "--region",
        region,
        "--min-context",
        "200k",
        "--feature",
        "function_calling",
        "--max-input-price",
        &input_ceiling.to_string(),
    ]);
    let want_capped: BTreeSet<String> = want
        .iter()
        .filter(|w| {
            let m = &b.models()[&w.2];
            best(&ways(m, region))
                .unwrap()
                .2
                .is_some_and(|i| i <= input_ceiling)
        })
        .map(|w| w.2.clone())
        .collect();
    assert_eq!(keys(&capped), want_capped, "ceiling {ceiling}");
    assert!(!want_capped.is_empty() && want_capped.len() < want.len());
}

/// "Which models only Mantle serves, and at which base URL?"
#[test]
fn the_models_only_mantle_serves_with_their_base_url() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let want: BTreeSet<String> = b
        .models()
        .into_iter()
        .filter(|(_, m)| {
            m["mantle"].is_object()
                && m["regional_availability"].as_object().unwrap().is_empty()
                && m["cross_region_inference"]["profiles"]
                    .as_array()
                    .unwrap()
                    .is_empty()
        })
        .map(|(k, _)| k)
        .collect();
    assert!(want.len() >= 5, "{want:?}");
    let found = find_json(&["--mantle-only"]);
    assert_eq!(keys(&found), want);
    // From a region: the base URL there and the id to pass.
    let region = "ap-south-1";
    let found = find_json(&["--mantle-only", "--region", region]);
    let here: BTreeSet<String> = want
        .iter()
        .filter(|k| {
            b.models()[k.as_str()]["mantle"]["regions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == region)
        })
        .cloned()
        .collect();
    assert!(!here.is_empty());
    assert_eq!(keys(&found), here);
    for m in &found {
        let mantle = &b.models()[m["key"].as_str().unwrap()]["mantle"];
        assert_eq!(m["route"], "mantle");
        assert_eq!(m["id"], mantle["model_id"]);
        let url = mantle["base_url_template"]
            .as_str()
            .unwrap()
            .replace("{region}", region);
        assert_eq!(m["base_url"], url.as_str());
        assert_eq!(m["mantle_only"], true);
        // Unknown is null, never zero.
        assert_eq!(m["input_usd_per_1m"], Value::Null);
        assert_eq!(m["context_window"], Value::Null);
    }
}

/// "Which models can this account not call, where and why?"
#[test]
fn the_models_the_account_cannot_call_where_and_why() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let found = find_json(&["--blocked"]);
    let mut want: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (key, m) in b.models() {
        for (region, a) in m["account_access"].as_object().into_iter().flatten() {
            if a["callable"] == false {
                want.entry(key.clone()).or_default().push(json!({
                    "region": region,
                    "blocked_by": a["blocked_by"],
                    "reason": a["reason"],
                }));
            }
        }
    }
    assert!(want.len() >= 5, "{want:?}");
    assert_eq!(keys(&found), want.keys().cloned().collect());
    for m in &found {
        assert_eq!(m["blocked"], json!(want[m["key"].as_str().unwrap()]), "{m}");
    }
    // --callable in a region: exactly the models the account answered callable there and that
    // have a way to be called from there (a profile-only listing with no profile from there has
    // none).
    let region = "us-east-1";
    let callable: BTreeSet<String> = b
        .models()
        .into_iter()
        .filter(|(_, m)| m["account_access"][region]["callable"] == true)
        .filter(|(_, m)| !ways(m, region).is_empty())
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        keys(&find_json(&["--callable", "--region", region])),
        callable
    );
    // Without the account's view, both flags are usage errors.
    let plain = b.edited("no-account.json", |c| {
        c["metadata"]
            .as_object_mut()
            .unwrap()
            .remove("account_access");
    });
    let out = find(&plain, &["--blocked"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: --blocked needs the account's view, and this catalogue was made without --account-access\n"
    );
}

/// "Which models go LEGACY or reach end of life within 90 days?" The fixtures have no lifecycle
/// dates, so three models get some here, in the JSON, around the catalogue's date.
#[test]
fn the_models_going_legacy_or_away_within_days() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let made = b.catalog["metadata"]["collection_timestamp"]
        .as_str()
        .unwrap()
        .to_string();
    let day = |n: i64| date_plus(&made, n);
    let dates = [
        (SONNET_45, "us-east-1", "legacy_time", day(30)),
        (HAIKU_45, "eu-west-1", "end_of_life_time", day(89)),
        ("amazon.nova-pro-v1", "us-east-1", "legacy_time", day(200)),
        (
            "amazon.nova-lite-v1",
            "us-east-1",
            "end_of_life_time",
            day(-3),
        ),
    ];
    let edited = b.edited("dated.json", |c| {
        for provider in c["providers"].as_object_mut().unwrap().values_mut() {
            for (key, m) in provider["models"].as_object_mut().unwrap() {
                for (k, region, field, date) in &dates {
                    if key == k {
                        m["regional_availability"][*region]["lifecycle_dates"][*field] =
                            json!(date);
                    }
                }
            }
        }
    });
    let out = find(&edited, &["--eol-within", "90", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let found: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        keys(&found),
        [SONNET_45, HAIKU_45].map(str::to_string).into()
    );
    let sonnet = found.iter().find(|m| m["key"] == SONNET_45).unwrap();
    assert_eq!(sonnet["legacy_date"], &dates[0].3[..10]);
    // In a region: only that region's dates count.
    let out = find(
        &edited,
        &[
            "--eol-within",
            "90",
            "--region",
            "eu-west-1",
            "--include-blocked",
            "--format",
            "ids",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let haiku = best(&ways(b.models()[HAIKU_45], "eu-west-1"))
        .unwrap()
        .1
        .clone();
    assert_eq!(out.stdout, format!("{haiku}\n"));
    let out = find(&edited, &["--eol-within", "20"]);
    assert_eq!((out.code, out.stdout.as_str()), (1, ""));
}

/// `YYYY-MM-DD` of an RFC 3339 time, plus `n` days, as `YYYY-MM-DDT00:00:00Z` (civil from days).
fn date_plus(time: &str, n: i64) -> String {
    let (y, m, d): (i64, i64, i64) = (
        time[..4].parse().unwrap(),
        time[5..7].parse().unwrap(),
        time[8..10].parse().unwrap(),
    );
    let y0 = if m <= 2 { y - 1 } else { y };
    let era = y0.div_euclid(400);
    let yoe = y0 - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468 + n;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T00:00:00Z")
}

#[test]
fn formats_exit_codes_and_the_schema() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let args = ["--provider", "Amazon", "--region", "us-east-1"];
    let json = find_json(&args);
    assert!(json.len() >= 3);
    // The JSON validates against `schema find`.
    let schema: Value =
        serde_json::from_str(&command(b.dir.path(), &["schema", "find"], &[]).stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&Value::Array(json.clone()))
        .map(|e| e.to_string())
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    assert!(!validator.is_valid(&json!([{"key": 3}])));
    // CSV: a header and one line per model, the same ids; ids: one per line.
    let csv = find(&b.path(), &[&args[..], &["--format", "csv"]].concat());
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert!(lines[0].starts_with("key,name,provider,region,route,id,"));
    assert_eq!(lines.len(), json.len() + 1);
    let ids = find(&b.path(), &[&args[..], &["--format", "ids"]].concat());
    let want: Vec<&str> = json.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids.stdout.lines().collect::<Vec<_>>(), want);
    // The table: one line per model after the header, unknown prices as a dash.
    let table = find(&b.path(), &args);
    assert_eq!(table.code, 0);
    assert_eq!(table.stdout.lines().count(), json.len() + 1);
    assert!(table.stdout.starts_with("model "));
    // Exit codes: 1 with no match (and nothing on stdout), 2 for usage errors.
    let none = find(&b.path(), &["no-such-model-anywhere"]);
    assert_eq!((none.code, none.stdout.as_str()), (1, ""));
    for (bad, message) in [
        (
            &["--region", "xx-nowhere-1"][..],
            "error: region `xx-nowhere-1` is not in the catalogue",
        ),
        (
            &["--max-input-price", "1"][..],
            "error: --max-input-price needs --region",
        ),
        (
            &["--feature", "telepathy"][..],
            "error: unknown feature `telepathy`",
        ),
        (
            &["--route", "teleport"][..],
            "error: invalid value 'teleport'",
        ),
        (
            &["--min-context", "lots"][..],
            "error: invalid value 'lots'",
        ),
    ] {
        let out = find(&b.path(), bad);
        assert_eq!(out.code, 2, "{bad:?}: {}", out.stderr);
        assert!(out.stderr.starts_with(message), "{bad:?}: {}", out.stderr);
    }
}

/// `compare A B --region R`: the values in each column are the catalogue's.
#[test]
fn compare_shows_the_catalogues_values_side_by_side() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let region = "us-east-1";
    let out = command(
        b.dir.path(),
        &[
            "compare",
            "sonnet 4.5",
            HAIKU_45,
            "--region",
            region,
            "--format",
            "json",
            "--catalog",
            b.path().to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(c["models"], json!([SONNET_45, HAIKU_45]));
    let rows: BTreeMap<String, &Value> = c["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["field"].as_str().unwrap().to_string(), r))
        .collect();
    let models = b.models();
    let (s, h) = (models[SONNET_45], models[HAIKU_45]);
    let values = |field: &str| rows[field]["values"].clone();
    assert_eq!(values("name"), json!([s["model_name"], h["model_name"]]));
    assert_eq!(rows["name"]["differs"], true);
    assert_eq!(values("provider"), json!(["Anthropic", "Anthropic"]));
    assert_eq!(rows["provider"]["differs"], false);
    for (field, row) in [
        ("function_calling", "function_calling"),
        ("vision", "vision"),
    ] {
        let yes = |m: &Value| match m["features"][field]["supported"].as_bool() {
            Some(true) => json!("yes"),
            Some(false) => json!("no"),
            None => Value::Null,
        };
        assert_eq!(values(row), json!([yes(s), yes(h)]), "{field}");
    }
    // Routes from the region with their ids, and their prices.
    for (route, _) in [("geo", 0), ("global", 1)] {
        let ids = |m: &Value| {
            let ids: Vec<String> = ways(m, region)
                .into_iter()
                .filter(|w| w.0 == route)
                .map(|w| w.1)
                .collect();
            if ids.is_empty() {
                Value::Null
            } else {
                json!(ids.join(", "))
            }
        };
        assert_eq!(
            values(&format!("{route} id")),
            json!([ids(s), ids(h)]),
            "{route}"
        );
        assert_ne!(ids(s), Value::Null);
    }
    let price = |m: &Value| {
        let w = ways(m, region)
            .into_iter()
            .find(|w| w.0 == "global")
            .unwrap();
        let p = |v: Option<f64>| {
            let mut t = format!("{:.6}", v.unwrap());
            while t.ends_with('0') && t.len() - t.find('.').unwrap() > 3 {
                t.pop();
            }
            t
        };
        json!(format!("{} / {}", p(w.2), p(w.3)))
    };
    assert_eq!(values("global $/1M in / out"), json!([price(s), price(h)]));
    // The account's answer there, and every quota of either model there.
    let access = |m: &Value| match m["account_access"][region]["callable"].as_bool() {
        Some(true) => json!("callable"),
        Some(false) => m["account_access"][region]["reason"].clone(),
        None => Value::Null,
    };
    assert_eq!(values("this account"), json!([access(s), access(h)]));
    let quota_rows = rows.keys().filter(|k| k.starts_with("quota ")).count();
    let mut kinds = BTreeSet::new();
    for m in [s, h] {
        for q in m["model_service_quotas"][region].as_array().unwrap() {
            kinds.insert((
                q["route"].as_str().unwrap().to_string(),
                q["metric"].as_str().unwrap().to_string(),
                q["model_variant"].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    assert!(kinds.len() >= 3);
    assert_eq!(quota_rows, kinds.len());
    // The table marks the rows that differ.
    let out = command(
        b.dir.path(),
        &[
            "compare",
            SONNET_45,
            HAIKU_45,
            "--catalog",
            b.path().to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let name_line = out.stdout.lines().find(|l| l.contains(" name ")).unwrap();
    assert!(name_line.starts_with('≠'), "{name_line}");
    let provider_line = out
        .stdout
        .lines()
        .find(|l| l.contains(" provider "))
        .unwrap();
    assert!(provider_line.starts_with(' '), "{provider_line}");
    let unknown = command(
        b.dir.path(),
        &[
            "compare",
            SONNET_45,
            "no-such-model-xyz",
            "--catalog",
            b.path().to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .starts_with("error: no model in the catalogue matches `no-such-model-xyz`")
    );
}

/// `show`, `find` and `compare` read the configured catalogue as `page` does: the output set in
/// `config.toml` or in `BEDROCK_COLLECTOR_OUTPUT` (`show` once read only
/// `data/bedrock_models.json`).
#[test]
fn show_find_and_compare_read_the_configured_catalogue() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::copy(b.path(), elsewhere.join("models.json")).unwrap();
    // From the config file in the working directory.
    std::fs::write(
        dir.path().join("config.toml"),
        "output = \"elsewhere/models.json\"\n",
    )
    .unwrap();
    for args in [
        &["show", SONNET_45][..],
        &["find", "sonnet 4.5", "--format", "ids"][..],
        &["compare", SONNET_45, HAIKU_45][..],
    ] {
        let out = command(dir.path(), args, &[]);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert!(out.stdout.contains(SONNET_45), "{args:?}: {}", out.stdout);
    }
    // From the environment, in a directory with no config file.
    let bare = tempfile::tempdir().unwrap();
    let path = elsewhere.join("models.json");
    let env = [("BEDROCK_COLLECTOR_OUTPUT", path.to_str().unwrap())];
    let out = command(
        bare.path(),
        &["show", SONNET_45, "--region", "us-east-1"],
        &env,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("Claude Sonnet 4.5 (Anthropic)\n"),
        "{}",
        out.stdout
    );
    // Without either: data/bedrock_models.json, which is not there.
    let out = command(bare.path(), &["show", SONNET_45], &[]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .starts_with("error: cannot read the catalogue data/bedrock_models.json"),
        "{}",
        out.stderr
    );
}
