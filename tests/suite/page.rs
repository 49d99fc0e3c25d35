//! `bedrock-collector page` in a real browser: the page is generated from a real catalogue (the
//! demo replay, then a full fixture run against the fake AWS over it, so `changes.json` has real
//! events), loaded in headless Chromium, and the rendered DOM is checked against the catalogue's
//! JSON: every model and region, every cell's mark, Claude Sonnet 4.5's card, the change view, a
//! filter set in the URL, and that the page makes no network request.
//!
//! Chromium is the Debian package `chromium` (`.ci/run` installs it). Without it the browser tests
//! skip with a message, except in CI (`CI` set), where they fail.
//! `UPDATE_SCREENSHOT=1 cargo test --test suite page::a_screenshot` rewrites `docs/page.png`.

use crate::support::{fake_aws, full_fixture_run, harness};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use fake_aws::{FakeAws, FakeData};
use harness::{Run, read_json};
use serde_json::Value;

const SONNET_45: &str = "anthropic.claude-sonnet-4-5-20250929-v1";

/// The catalogue, its change log and the page made from them, built once for every test here.
struct Built {
    /// Holds the page (and nothing else): the runs' own directories are gone.
    dir: tempfile::TempDir,
    catalog: Value,
    changes: Value,
    html: String,
    /// Size of the catalogue file the page was made from.
    catalog_bytes: u64,
}

impl Built {
    fn page(&self) -> PathBuf {
        self.dir.path().join("index.html")
    }

    fn models(&self) -> BTreeMap<String, &Value> {
        let mut out = BTreeMap::new();
        for provider in self.catalog["providers"].as_object().unwrap().values() {
            for (key, model) in provider["models"].as_object().unwrap() {
                out.insert(key.clone(), model);
            }
        }
        out
    }

    fn regions(&self) -> Vec<String> {
        let mut r = harness::strings(&self.catalog["metadata"]["regions_requested"]);
        r.sort();
        r
    }
}

static BUILT: OnceLock<Built> = OnceLock::new();

fn built() -> &'static Built {
    BUILT.get_or_init(|| tokio::runtime::Runtime::new().unwrap().block_on(build()))
}

async fn build() -> Built {
    // The demo replay is the previous catalogue of the full fixture run, so its change log has
    // real events (models and regions added, prices and lifecycles changed).
    let demo_run = Run::new();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/snapshot");
    let out = demo_run.exec(None, &["--replay", demo.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let previous = demo_run.output_path();
    let (_fake, run, out) = full_fixture_run(&["--previous", previous.to_str().unwrap()]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);

    // `page` with its defaults, from the run's directory: data/bedrock_models.json, changes.json
    // beside it, site/index.html.
    let made = page_command(run.path(), &[]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let catalog = run.catalog();
    let changes = read_json(&run.path().join("data/changes.json"));
    let html = std::fs::read_to_string(run.path().join("site/index.html")).unwrap();
    // A static is never dropped: the page goes under target/tmp, the runs' directories go now.
    for old in std::fs::read_dir(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
        .flatten()
    {
        if old.file_name().to_string_lossy().starts_with("page-") {
            let _ = std::fs::remove_dir_all(old.path());
        }
    }
    let dir = tempfile::Builder::new()
        .prefix("page-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    std::fs::write(dir.path().join("index.html"), &html).unwrap();
    Built {
        dir,
        catalog,
        changes,
        html,
        catalog_bytes: std::fs::metadata(run.output_path()).unwrap().len(),
    }
}

// ---------------------------------------------------------------------------------------------
// The browser

/// Chromium's binary, or `None` (with a message) when it is missing outside CI.
fn chromium() -> Option<PathBuf> {
    let names = ["chromium", "chromium-browser", "google-chrome"];
    let found = std::env::var_os("CHROMIUM").map(PathBuf::from).or_else(|| {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("headless Chromium is needed for the page tests: apt-get install chromium");
        }
        // Written to stderr directly, past the test harness's capture, once per run.
        static SAID: std::sync::Once = std::sync::Once::new();
        SAID.call_once(|| {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: headless Chromium not found (apt-get install chromium, or set CHROMIUM); \
                 the page's browser tests did not run"
            );
        });
    }
    found
}

/// Runs Chromium headless on `url` with `extra` flags, with a fresh profile and Chromium's own
/// background services off; killed after 90 s.
fn browse(browser: &Path, url: &str, extra: &[String]) -> Vec<u8> {
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--virtual-time-budget=10000",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .args(extra)
    .arg(url)
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    let child = cmd.spawn().expect("chromium starts");
    let pid = child.id() as i32;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(90)) {
        Ok(out) => {
            let out = out.unwrap();
            assert!(out.status.success(), "chromium failed on {url}");
            out.stdout
        }
        Err(_) => {
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("chromium did not finish within 90 s on {url}");
        }
    }
}

fn file_url(path: &Path, fragment: &str) -> String {
    format!("file://{}{fragment}", path.display())
}

/// The DOM after the page's script ran, serialized by Chromium.
fn rendered(browser: &Path, page: &Path, fragment: &str) -> String {
    let bytes = browse(
        browser,
        &file_url(page, fragment),
        &["--dump-dom".to_string()],
    );
    String::from_utf8(bytes).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Reading the DOM (Chromium serializes attributes as written, in double quotes)

/// Every `<tr class="mr" ...>...</tr>` of the matrix: key -> (opening tag, the row's text).
fn rows(dom: &str) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    for part in dom.split("<tr class=\"mr\"").skip(1) {
        let tag = part.split('>').next().unwrap().to_string();
        let key = attr(&tag, "data-key").unwrap();
        let body = part.split("</tr>").next().unwrap().to_string();
        out.insert(key, (tag, body));
    }
    out
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let at = tag.find(&needle)? + needle.len();
    Some(tag[at..].split('"').next().unwrap().to_string())
}

fn hidden(tag: &str) -> bool {
    tag.contains(" hidden=\"\"")
}

/// The cells of a row: (data-c, hidden).
fn cells(row: &str) -> Vec<(String, bool)> {
    row.split("<td ")
        .skip(1)
        .map(|td| {
            let tag = format!(" {}", td.split('>').next().unwrap());
            (attr(&tag, "data-c").unwrap(), hidden(&tag))
        })
        .collect()
}

/// The region headers: (region, hidden).
fn region_heads(dom: &str) -> Vec<(String, bool)> {
    dom.split("<th scope=\"col\" data-region=\"")
        .skip(1)
        .map(|p| {
            let region = p.split('"').next().unwrap().to_string();
            let tag = p.split('>').next().unwrap();
            (region, hidden(tag))
        })
        .collect()
}

fn card<'a>(dom: &'a str, key: &str) -> &'a str {
    let start = dom
        .find(&format!("data-key=\"{key}\"><a class=\"close\""))
        .unwrap_or_else(|| panic!("no card for {key}"));
    let from = dom[..start].rfind("<section").unwrap();
    let end = start + dom[start..].find("</section>").unwrap();
    &dom[from..end]
}

// ---------------------------------------------------------------------------------------------
// What the catalogue says a cell should show, derived from the JSON on its own

fn expected_cell(catalog: &Value, model: &Value, region: &str) -> String {
    let status = |api: &str| {
        catalog["metadata"]["region_status"][region][api]["status"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let discovery = status("list_foundation_models");
    if discovery != "ok" {
        return "u".into();
    }
    let types: Vec<&str> = model["regional_availability"][region]["inference_types_supported"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let listed = model["regional_availability"].get(region).is_some();
    let profiles: Vec<&Value> = model["cross_region_inference"]["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["source_region"] == region)
        .collect();
    let global = |p: &Value| {
        p["profile_id"].as_str().unwrap().starts_with("global.")
            || p["routes_globally"].as_bool().unwrap()
    };
    let mut codes = Vec::new();
    if types.contains(&"ON_DEMAND") {
        codes.push("r");
    }
    if profiles.iter().any(|p| !global(p)) {
        codes.push("g");
    }
    if profiles.iter().any(|p| global(p)) {
        codes.push("w");
    }
    let mantle = model["mantle"]["regions"].as_array();
    if mantle.is_some_and(|r| r.iter().any(|r| r == region)) {
        codes.push("m");
    }
    if codes.is_empty() && types.contains(&"PROVISIONED") {
        codes.push("p");
    }
    if codes.is_empty() {
        let profiles_ok = status("list_inference_profiles") == "ok";
        return match (profiles_ok, listed) {
            (false, _) => "u",
            (true, true) => "l",
            (true, false) => "n",
        }
        .into();
    }
    codes.join(" ")
}

fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The tests

#[test]
fn the_page_is_one_small_file_with_every_model_and_region() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let size = b.html.len();
    eprintln!(
        "page: {size} bytes for {} models in {} regions (catalogue {} bytes)",
        b.models().len(),
        b.regions().len(),
        b.catalog_bytes
    );
    assert!(size < 2 * 1024 * 1024, "the page is {size} bytes");
    let Some(browser) = chromium() else { return };
    let dom = rendered(&browser, &b.page(), "");
    let rows = rows(&dom);
    let keys: BTreeSet<String> = b.models().into_keys().collect();
    assert!(keys.len() > 100, "{} models", keys.len());
    assert_eq!(rows.keys().cloned().collect::<BTreeSet<_>>(), keys);
    for key in &keys {
        card(&dom, key);
    }
    let heads: Vec<String> = region_heads(&dom).into_iter().map(|(r, _)| r).collect();
    assert_eq!(heads.len(), 33);
    assert_eq!(heads, b.regions());
    // Nothing is hidden without a filter, and the script ran (it shows the form and the count).
    assert!(rows.values().all(|(tag, _)| !hidden(tag)));
    assert!(dom.contains(&format!(
        "<output id=\"count\" aria-live=\"polite\">{n} of {n} models</output>",
        n = keys.len()
    )));
    assert!(!dom.contains("<form id=\"filters\" hidden"));
    assert!(dom.contains("<span class=\"badge complete\" id=\"run-status\">complete</span>"));
}

#[test]
fn the_matrix_reads_without_javascript() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let Some(browser) = chromium() else { return };
    // The page without its script (Chromium's --dump-dom needs scripting on, so the script is
    // taken out rather than switched off).
    let at = b.html.find("<script>").unwrap();
    let end = at + b.html[at..].find("</script>").unwrap() + "</script>".len();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("no-script.html");
    std::fs::write(&page, format!("{}{}", &b.html[..at], &b.html[end..])).unwrap();
    let dom = rendered(&browser, &page, "#provider=Anthropic");
    assert!(!dom.contains("<script"));
    // Nothing ran: the filter form stays hidden and nothing is filtered ...
    assert!(dom.contains("<form id=\"filters\" hidden=\"\""));
    assert!(dom.contains("<output id=\"count\" aria-live=\"polite\"></output>"));
    let rows = rows(&dom);
    assert_eq!(rows.len(), b.models().len());
    assert!(rows.values().all(|(tag, _)| !hidden(tag)));
    // ... and every cell carries its mark as text.
    let sonnet = &rows[SONNET_45].1;
    assert_eq!(cells(sonnet).len(), 33);
    assert!(sonnet.contains("<span class=\"mk g\">G</span><span class=\"mk w\">W</span>"));
}

#[test]
fn every_cell_shows_the_mark_the_catalogue_gives() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let Some(browser) = chromium() else { return };
    let dom = rendered(&browser, &b.page(), "");
    let rows = rows(&dom);
    let regions = b.regions();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (key, model) in b.models() {
        let shown: Vec<String> = cells(&rows[&key].1).into_iter().map(|(c, _)| c).collect();
        let want: Vec<String> = regions
            .iter()
            .map(|r| expected_cell(&b.catalog, model, r))
            .collect();
        assert_eq!(shown, want, "{key}");
        for c in shown {
            *seen.entry(c).or_default() += 1;
        }
    }
    // The fixtures give on demand, geo and global profiles in their combinations, listed with no
    // way to call (profile-only, no profile from there) and not offered; no key there is
    // provisioned only, so no cell is `p` (the unit tests cover it).
    for code in ["r", "g", "w", "r g", "r w", "g w", "r g w", "l", "n"] {
        assert!(seen.contains_key(code), "no cell {code:?} in {seen:?}");
    }
    // Known cells, by hand: Sonnet 4.5 is profile-only in us-east-1 (geo and global).
    let sonnet = cells(&rows[SONNET_45].1);
    let at = |r: &str| &sonnet[regions.iter().position(|x| x == r).unwrap()].0;
    assert_eq!(at("us-east-1"), "g w");
    assert!(dom.contains("<span class=\"mk g\">G</span><span class=\"mk w\">W</span></td>"));
}

#[test]
fn the_card_of_claude_sonnet_4_5_has_routes_prices_limits_and_quotas() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let Some(browser) = chromium() else { return };
    let key = SONNET_45;
    let dom = rendered(&browser, &b.page(), &format!("#card={key}"));
    let card = card(&dom, key);
    assert!(
        card.starts_with("<section class=\"card open\""),
        "the card is not open: {}",
        &card[..80]
    );
    let model = b.models()[key];
    assert!(card.contains("<h2 id=\"card-"));
    assert!(card.contains(">Claude Sonnet 4.5</h2>"));
    // Routes: every profile id, with the regions it can be called from.
    let mut from: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in model["cross_region_inference"]["profiles"]
        .as_array()
        .unwrap()
    {
        from.entry(p["profile_id"].as_str().unwrap().to_string())
            .or_default()
            .insert(p["source_region"].as_str().unwrap().to_string());
    }
    assert!(from.len() >= 2, "{from:?}");
    let all = b.regions();
    for (id, regions) in &from {
        // Every region of the run answered: a profile callable from all of them says so.
        let list = if regions.len() == all.len() {
            format!("all {} regions", all.len())
        } else {
            regions.iter().cloned().collect::<Vec<_>>().join(", ")
        };
        assert!(
            card.contains(&format!("<code>{id}</code></td><td>{list}</td>")),
            "{id} from {list}"
        );
    }
    // Prices: the input and output prices of every route priced in us-east-1, as the catalogue
    // gives them.
    let routes = model["model_pricing"]["regions"]["us-east-1"]
        .as_object()
        .unwrap();
    // Sonnet 4.5 is profile-only in us-east-1: its regional rate is the geo profile's (issue 18).
    assert!(routes.contains_key("on_demand_geo") && routes.contains_key("on_demand_global"));
    assert!(!routes.contains_key("on_demand"));
    for (route, dimensions) in routes {
        for (dimension, price) in dimensions.as_object().unwrap() {
            let usd = price["price_usd"].as_f64().unwrap();
            // Two decimals at least, the price's own digits beyond (4.125 stays 4.125).
            let mut shown = format!("{usd:.6}");
            while shown.ends_with('0') && shown.len() - shown.find('.').unwrap() > 3 {
                shown.pop();
            }
            let row = format!(
                "<td>{route}</td><td>{dimension}</td><td class=\"num\">{shown} <small>{}</small>",
                price["unit"].as_str().unwrap()
            );
            assert!(card.contains(&row), "no price: {row}");
        }
    }
    // Limits, with their sources.
    let spec = &model["token_specs"];
    for field in ["context_window", "max_output_tokens"] {
        let n = spec[field].as_u64().unwrap();
        let source = spec[format!("{field}_source")].as_str().unwrap();
        assert!(
            card.contains(&format!(
                "<dd data-field=\"{field}\">{} <small>({source})</small></dd>",
                group(n)
            )),
            "{field} {n} {source}"
        );
    }
    // Quotas: each quota code of us-east-1 with its applied and default value.
    let quotas = model["model_service_quotas"]["us-east-1"]
        .as_array()
        .unwrap();
    assert!(!quotas.is_empty());
    for q in quotas {
        let code = q["quota_code"].as_str().unwrap();
        let shown = |v: &Value| match v.as_f64() {
            Some(f) if f.fract() == 0.0 => group(f as u64),
            Some(f) => f.to_string(),
            None => "unknown".into(),
        };
        let cells = format!(
            "<small>{code}</small></td><td class=\"num\">{}",
            shown(&q["applied_value"])
        );
        assert!(card.contains(&cells), "quota {code}: {cells}");
        let default = format!("<td class=\"num\">{}</td>", shown(&q["default_value"]));
        let row = card
            .split(&cells)
            .nth(1)
            .unwrap()
            .split("</tr>")
            .next()
            .unwrap();
        assert!(row.contains(&default), "quota {code} default: {row}");
    }
    // What the catalogue does not know is said to be unknown.
    if model["model_lifecycle"].get("end_of_life_time").is_none() {
        assert!(card.contains("<dt>End of life</dt><dd><span class=\"unk\">unknown</span></dd>"));
    }
}

#[test]
fn the_change_view_shows_the_change_log() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let Some(browser) = chromium() else { return };
    let dom = rendered(&browser, &b.page(), "");
    let view = dom
        .split("<section id=\"changes\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    let events = b.changes["events"].as_array().unwrap();
    assert!(events.len() > 100, "{} events", events.len());
    let counts = b.changes["counts"].as_object().unwrap();
    // The demo had models the fixtures lack, and the other way round.
    assert!(counts["model-added"].as_u64().unwrap() > 0);
    for (kind, n) in counts {
        assert!(
            view.contains(&format!("<li data-kind=\"{kind}\"><b>{n}</b> {kind}</li>")),
            "{kind}: {n}"
        );
    }
    let rows = view.matches("<tr data-kind=").count();
    assert_eq!(rows, events.len().min(2000));
    let first = &events[0];
    assert!(view.contains(&format!(
        "<tr data-kind=\"{}\"><td>{}</td>",
        first["kind"].as_str().unwrap(),
        first["kind"].as_str().unwrap()
    )));
}

/// A copy of the page with `script` run after the page's own, allowed by its hash in the
/// page's Content-Security-Policy (which would refuse any other inline script).
fn with_script_after(page: &Path, script: &str, dir: &Path) -> PathBuf {
    use base64::Engine;
    use sha2::Digest;
    let html = std::fs::read_to_string(page).unwrap();
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script));
    let html = html
        .replacen("script-src ", &format!("script-src 'sha256-{hash}' "), 1)
        .replacen("</body>", &format!("<script>{script}</script></body>"), 1);
    let copy = dir.join("page.html");
    std::fs::write(&copy, html).unwrap();
    copy
}

/// The keyboard and the mouse open and close a card: a click on a model's link opens its card,
/// Esc closes it again (README: "every name is a link ... `Esc` closes a card").
#[test]
fn a_click_opens_a_card_and_escape_closes_it() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let is_open = |dom: &str| card(dom, SONNET_45).starts_with("<section class=\"card open\"");

    // Closed at first; a click on its name in the matrix opens it.
    let click = format!(
        "document.querySelector('tr.mr[data-key=\"{SONNET_45}\"] a[href^=\"#card-\"]').click();"
    );
    let clicked = with_script_after(&b.page(), &click, dir.path());
    assert!(!is_open(&rendered(&browser, &b.page(), "")));
    let dom = rendered(&browser, &clicked, "");
    assert!(is_open(&dom), "the click did not open the card");

    // Open from the URL; Esc closes it, and leaves the other cards closed.
    let escape = "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}));";
    let escaped = with_script_after(&b.page(), escape, dir.path());
    let dom = rendered(&browser, &escaped, &format!("#card={SONNET_45}"));
    assert!(!is_open(&dom), "Esc did not close the card");
    assert!(!dom.contains("<section class=\"card open\""));
    // Another key does nothing.
    let other = "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));";
    let pressed = with_script_after(&b.page(), other, dir.path());
    assert!(is_open(&rendered(
        &browser,
        &pressed,
        &format!("#card={SONNET_45}")
    )));
}

#[test]
fn a_filter_in_the_url_hides_what_it_should() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let Some(browser) = chromium() else { return };
    let regions = b.regions();
    let region = "eu-central-1";
    let col = regions.iter().position(|r| r == region).unwrap();
    let dom = rendered(
        &browser,
        &b.page(),
        &format!("#provider=Anthropic&region={region}&route=g"),
    );
    let rows = rows(&dom);
    let models = b.models();
    let want: BTreeSet<&str> = models
        .iter()
        .filter(|(_, m)| m["model_provider"] == "Anthropic")
        .filter(|(_, m)| {
            expected_cell(&b.catalog, m, region)
                .split(' ')
                .any(|c| c == "g")
        })
        .map(|(k, _)| k.as_str())
        .collect();
    assert!(want.len() >= 3, "{want:?}");
    assert!(want.contains(SONNET_45));
    let shown: BTreeSet<&str> = rows
        .iter()
        .filter(|(_, (tag, _))| !hidden(tag))
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(shown, want);
    // Only the region's column is shown.
    for (name, hide) in region_heads(&dom) {
        assert_eq!(hide, name != region, "{name}");
    }
    let sonnet = cells(&rows[SONNET_45].1);
    for (i, (_, hide)) in sonnet.iter().enumerate() {
        assert_eq!(*hide, i != col);
    }
    // The form shows the state it read from the URL.
    assert!(dom.contains(&format!(
        "<output id=\"count\" aria-live=\"polite\">{} of {} models</output>",
        want.len(),
        models.len()
    )));

    // The search box and "hide legacy", through the URL too.
    let dom = rendered(&browser, &b.page(), "#q=sonnet&legacy=hide");
    let want: BTreeSet<&str> = models
        .iter()
        .filter(|(k, m)| {
            (k.contains("sonnet")
                || m["model_name"]
                    .as_str()
                    .unwrap()
                    .to_lowercase()
                    .contains("sonnet"))
                && m["model_lifecycle"]["status"] != "LEGACY"
        })
        .map(|(k, _)| k.as_str())
        .collect();
    let shown: BTreeSet<String> = rows_shown(&dom);
    assert_eq!(
        shown,
        want.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>()
    );
    assert!(want.len() >= 2 && want.len() < models.len() / 4, "{want:?}");
}

fn rows_shown(dom: &str) -> BTreeSet<String> {
    rows(dom)
        .into_iter()
        .filter(|(_, (tag, _))| !hidden(tag))
        .map(|(k, _)| k)
        .collect()
}

/// Requests in Chromium's net log that a page started (Chromium's own background requests have
/// no initiating origin).
fn page_requests(browser: &Path, page: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("net.json");
    browse(
        browser,
        &file_url(page, ""),
        &[
            format!("--log-net-log={}", log.display()),
            "--dump-dom".to_string(),
        ],
    );
    let log = read_json(&log);
    let start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        .as_u64()
        .unwrap();
    log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"].as_u64() == Some(start))
        .filter_map(|e| {
            let url = e["params"]["url"].as_str()?;
            (e["params"]["initiator"] != "not an origin").then(|| url.to_string())
        })
        .collect()
}

#[test]
fn the_page_makes_no_network_request() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    // Nothing in the page points elsewhere but plain links (documentation, a correction's source).
    for fetch in [
        " src=",
        "<link",
        "url(",
        "@import",
        "<iframe",
        "<object",
        "<embed",
        "fetch(",
        "XMLHttpRequest",
        "WebSocket",
    ] {
        assert!(!b.html.contains(fetch), "the page contains {fetch:?}");
    }
    assert!(b.html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; script-src &#39;sha256-"
    ));
    let Some(browser) = chromium() else { return };
    assert_eq!(page_requests(&browser, &b.page()), Vec::<String>::new());

    // The check sees a request when there is one: the page with a probe image and no policy
    // fetches it; with its policy, it does not.
    let probe = "<img src=\"http://127.0.0.1:9/probe.png\" alt=\"\">";
    let dir = tempfile::tempdir().unwrap();
    let with_policy = b.html.replacen("<main>", &format!("<main>{probe}"), 1);
    let policy_at = with_policy
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let policy_end = policy_at + with_policy[policy_at..].find('>').unwrap() + 1;
    let without_policy = format!(
        "{}{}",
        &with_policy[..policy_at],
        &with_policy[policy_end..]
    );
    let guarded = dir.path().join("guarded.html");
    let open = dir.path().join("open.html");
    std::fs::write(&guarded, &with_policy).unwrap();
    std::fs::write(&open, &without_policy).unwrap();
    assert_eq!(
        page_requests(&browser, &open),
        ["http://127.0.0.1:9/probe.png"]
    );
    assert_eq!(page_requests(&browser, &guarded), Vec::<String>::new());
}

#[test]
fn a_screenshot_of_the_page() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("page.png");
    browse(
        &browser,
        &file_url(&b.page(), "#provider=Anthropic&legacy=hide"),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1400,1000".to_string(),
        ],
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(png.len() > 50_000, "{} bytes: an empty page?", png.len());
    if std::env::var_os("UPDATE_SCREENSHOT").is_some() {
        std::fs::write(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/page.png"),
            png,
        )
        .unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// The command, without a browser

fn page_command(dir: &Path, args: &[&str]) -> harness::Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_bedrock-collector"))
        .env_clear()
        .env("HOME", dir)
        .current_dir(dir)
        .arg("page")
        .args(args)
        .output()
        .unwrap();
    harness::Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn the_command_writes_to_stdout_and_says_what_it_cannot_read() {
    let run = Run::new();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/snapshot");
    assert_eq!(
        run.exec(None, &["--replay", demo.to_str().unwrap()]).code,
        0
    );
    let catalog = run.catalog();
    let out = page_command(run.path(), &["--output", "-"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("<!DOCTYPE html>"));
    for provider in catalog["providers"].as_object().unwrap().values() {
        for key in provider["models"].as_object().unwrap().keys() {
            assert!(
                out.stdout
                    .contains(&format!("<tr class=\"mr\" data-key=\"{key}\""))
            );
        }
    }
    // The demo's first run has a change log with a note and no events.
    assert!(
        out.stdout
            .contains("first run: there was no previous catalogue to compare with")
    );
    assert!(!run.path().join("site").exists());
    assert_eq!(out.stderr, "");
    // To a file: one line says where it went.
    let out = page_command(run.path(), &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "page written to site/index.html\n");
    assert!(run.path().join("site/index.html").is_file());

    let out = page_command(run.path(), &["--catalog", "nowhere.json"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .starts_with("error: cannot read the catalogue nowhere.json:"),
        "{}",
        out.stderr
    );
    let out = page_command(run.path(), &["--changes", "nowhere.json"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .starts_with("error: cannot read the change log nowhere.json:"),
        "{}",
        out.stderr
    );
    std::fs::write(run.path().join("data/changes.json"), "{\"events\": 3}").unwrap();
    let out = page_command(run.path(), &[]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.starts_with(
            "error: the change log data/changes.json is not a change log of this tool:"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1);
}

#[tokio::test]
async fn a_region_that_failed_is_unknown_never_not_offered() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    // A partial run of its own: eu-central-1's model listing and ap-south-1's profile listing fail.
    let data = FakeData::from_default_fixtures().expect("fixtures load (set BEDROCK_FIXTURES?)");
    let fake = FakeAws::start(data).await;
    fake.add_rule(
        fake_aws::Rule::always(
            fake_aws::Api::ListFoundationModels,
            fake_aws::Fault::ServerError(500),
        )
        .in_region("eu-central-1"),
    );
    fake.add_rule(
        fake_aws::Rule::always(
            fake_aws::Api::ListInferenceProfiles,
            fake_aws::Fault::AccessDenied,
        )
        .in_region("ap-south-1"),
    );
    let run = Run::new();
    let out = run
        .exec_async(
            Some(&fake.url()),
            &["--regions", "ap-south-1,eu-central-1,us-east-1"],
        )
        .await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    let made = page_command(run.path(), &[]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let catalog = run.catalog();
    let Some(browser) = chromium() else { return };
    let dom = rendered(&browser, &run.path().join("site/index.html"), "");
    assert!(dom.contains("<span class=\"badge partial\" id=\"run-status\">partial</span>"));
    let heads = region_heads(&dom);
    assert_eq!(
        heads.iter().map(|(r, _)| r.as_str()).collect::<Vec<_>>(),
        ["ap-south-1", "eu-central-1", "us-east-1"]
    );
    let rows = rows(&dom);
    let mut seen = BTreeSet::new();
    for provider in catalog["providers"].as_object().unwrap().values() {
        for (key, model) in provider["models"].as_object().unwrap() {
            let shown: Vec<String> = cells(&rows[key].1).into_iter().map(|(c, _)| c).collect();
            // eu-central-1 did not say what it offers: every cell there is unknown.
            assert_eq!(shown[1], "u", "{key}");
            // ap-south-1 listed its models but not its profiles: a model it does not list is
            // unknown there, one it lists on demand is shown with a note.
            let listed = model["regional_availability"].get("ap-south-1").is_some();
            assert_eq!(
                shown[0],
                expected_cell(&catalog, model, "ap-south-1"),
                "{key}"
            );
            assert_ne!(shown[0], "n", "{key}");
            if !listed {
                assert_eq!(shown[0], "u", "{key}");
            }
            seen.insert(shown[0].clone());
        }
    }
    assert!(seen.contains("u") && seen.contains("r"), "{seen:?}");
    assert!(dom.contains("<sup title=\"profile listing failed here\">?</sup>"));
}

// ---------------------------------------------------------------------------------------------
// Choosing a model on the page: the filters, the table view, the comparison, a Mantle-only card

/// The rows of the table view: key -> its cells' text (tags taken out), in the order shown.
fn list_rows(dom: &str) -> Vec<(String, Vec<String>)> {
    let table = dom
        .split("<table id=\"models\">")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    let body = table.split("<tbody>").nth(1).unwrap();
    body.split("<tr data-key=\"")
        .skip(1)
        .map(|tr| {
            let key = tr.split('"').next().unwrap().to_string();
            let cells = tr
                .split("<td")
                .skip(1)
                .map(|td| text_of(td.split_once('>').unwrap().1.split("</td>").next().unwrap()))
                .collect();
            (key, cells)
        })
        .collect()
}

/// Text with the tags taken out.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// `3.00`, `0.000125`: as the page writes USD.
fn usd(x: Option<f64>) -> String {
    match x {
        None => "—".into(),
        Some(x) => {
            let mut t = format!("{x:.6}");
            while t.ends_with('0') && t.len() - t.find('.').unwrap() > 3 {
                t.pop();
            }
            t
        }
    }
}

#[test]
fn the_table_view_filters_by_feature_context_and_sorts_by_price() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let Some(browser) = chromium() else { return };
    let region = "eu-central-1";
    let dom = rendered(
        &browser,
        &b.page(),
        &format!("#region={region}&feat=function_calling&ctx=200000&view=table&sort=in"),
    );
    let models = b.models();
    // Expected from the JSON: the feature known supported, at least 200k context, callable
    // from the region; sorted by the best route's input price there, unknown last.
    let mut want: Vec<(Option<f64>, String, &str)> = Vec::new();
    for (key, m) in &models {
        let context = m["token_specs"]["context_window"]
            .as_u64()
            .or(m["converse_data"]["context_window"].as_u64());
        let callable = expected_cell(&b.catalog, m, region)
            .split(' ')
            .any(|c| ["r", "g", "w", "m", "p"].contains(&c));
        if m["features"]["function_calling"]["supported"] != true
            || context.is_none_or(|c| c < 200_000)
            || !callable
        {
            continue;
        }
        let input = crate::choose::best(&crate::choose::ways(m, region)).and_then(|w| w.2);
        want.push((input, m["model_name"].as_str().unwrap().to_string(), key));
    }
    assert!(want.len() >= 5, "{want:?}");
    let shown = rows_shown(&dom);
    assert_eq!(
        shown,
        want.iter()
            .map(|w| w.2.to_string())
            .collect::<BTreeSet<_>>()
    );
    let list = list_rows(&dom);
    // Known input prices in ascending order, then the unknown ones (in the matrix's order).
    let keys: Vec<&str> = list.iter().map(|(k, _)| k.as_str()).collect();
    let mut priced: Vec<&(Option<f64>, String, &str)> =
        want.iter().filter(|w| w.0.is_some()).collect();
    priced.sort_by(|a, b| a.0.unwrap().total_cmp(&b.0.unwrap()));
    assert!(priced.len() >= 3, "{want:?}");
    let firsts: Vec<Option<f64>> = keys[..priced.len()]
        .iter()
        .map(|k| crate::choose::best(&crate::choose::ways(models[*k], region)).and_then(|w| w.2))
        .collect();
    assert_eq!(firsts, priced.iter().map(|w| w.0).collect::<Vec<_>>());
    assert_eq!(keys.len(), want.len());
    // Each row: the best route from the region, its id and prices, the limits, the features.
    for (key, cells) in &list {
        let m = models[key.as_str()];
        let w = crate::choose::best(&crate::choose::ways(m, region))
            .unwrap()
            .clone();
        assert_eq!(cells[1], m["model_name"].as_str().unwrap(), "{key}");
        assert_eq!(cells[3], w.0, "{key}");
        assert_eq!(cells[4], w.1, "{key}");
        assert_eq!(cells[5], usd(w.2), "{key}");
        assert_eq!(cells[6], usd(w.3), "{key}");
        assert!(cells[9].contains("function_calling"), "{key}");
    }
    // The matrix is hidden in the table view; each provider header counts the rows it shows.
    assert!(dom.contains("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Model by region matrix\" hidden=\"\">"));
    let anthropic_total = models
        .values()
        .filter(|m| m["model_provider"] == "Anthropic")
        .count();
    let anthropic_shown = want
        .iter()
        .filter(|w| models[w.2]["model_provider"] == "Anthropic")
        .count();
    assert!(anthropic_shown > 0 && anthropic_shown < anthropic_total);
    assert!(
        dom.contains(&format!(
            "Anthropic <small>({anthropic_shown} of {anthropic_total} models)</small>"
        )),
        "no Anthropic count"
    );
}

#[test]
fn a_price_ceiling_mantle_only_and_lifecycle_filter_the_rows() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let Some(browser) = chromium() else { return };
    let models = b.models();
    let region = "us-east-1";
    let dom = rendered(&browser, &b.page(), &format!("#region={region}&pin=1"));
    let want: BTreeSet<String> = models
        .iter()
        .filter(|(_, m)| {
            crate::choose::best(&crate::choose::ways(m, region))
                .and_then(|w| w.2)
                .is_some_and(|i| i <= 1.0)
        })
        .map(|(k, _)| k.clone())
        .collect();
    assert!(want.len() >= 2, "{want:?}");
    assert_eq!(rows_shown(&dom), want);

    let dom = rendered(&browser, &b.page(), "#mantle=only");
    let want: BTreeSet<String> = models
        .iter()
        .filter(|(_, m)| {
            m["mantle"].is_object()
                && m["regional_availability"].as_object().unwrap().is_empty()
                && m["cross_region_inference"]["profiles"]
                    .as_array()
                    .unwrap()
                    .is_empty()
        })
        .map(|(k, _)| k.clone())
        .collect();
    assert!(want.len() >= 5, "{want:?}");
    assert_eq!(rows_shown(&dom), want);

    let dom = rendered(&browser, &b.page(), "#life=LEGACY");
    let want: BTreeSet<String> = models
        .iter()
        .filter(|(_, m)| m["model_lifecycle"]["status"] == "LEGACY")
        .map(|(k, _)| k.clone())
        .collect();
    assert!(!want.is_empty());
    assert_eq!(rows_shown(&dom), want);
}

#[test]
fn two_models_compare_side_by_side() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let Some(browser) = chromium() else { return };
    let haiku = "anthropic.claude-haiku-4-5-20251001-v1";
    let region = "us-east-1";
    let dom = rendered(
        &browser,
        &b.page(),
        &format!("#region={region}&view=table&cmp={SONNET_45},{haiku}"),
    );
    assert!(dom.contains("<section id=\"compare\" aria-labelledby=\"compare-h\">"));
    let table = dom
        .split("<table id=\"cmp\">")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    let rows: BTreeMap<String, (bool, Vec<String>)> = table
        .split("<tr")
        .skip(2)
        .map(|tr| {
            let differs = tr.starts_with(" class=\"diff\"");
            let th = tr
                .split("<th")
                .nth(1)
                .unwrap()
                .split("</th>")
                .next()
                .unwrap();
            let th = text_of(th.split_once('>').unwrap().1);
            let th = th.trim_start_matches("≠ ").to_string();
            let cells = tr
                .split("<td")
                .skip(1)
                .map(|td| text_of(td.split_once('>').unwrap().1))
                .collect();
            (th, (differs, cells))
        })
        .collect();
    let models = b.models();
    let (s, h) = (models[SONNET_45], models[haiku]);
    assert_eq!(
        rows["Name"],
        (
            true,
            vec![
                s["model_name"].as_str().unwrap().to_string(),
                h["model_name"].as_str().unwrap().to_string()
            ]
        )
    );
    assert_eq!(
        rows["Provider"],
        (
            false,
            vec!["Anthropic".to_string(), "Anthropic".to_string()]
        )
    );
    let ctx = |m: &Value| {
        let n = m["token_specs"]["context_window"].as_u64().unwrap();
        if n.is_multiple_of(1000) {
            format!("{}k", n / 1000)
        } else {
            group(n)
        }
    };
    assert_eq!(rows["Context window"].1, vec![ctx(s), ctx(h)]);
    let best = |m: &Value| {
        crate::choose::best(&crate::choose::ways(m, region))
            .unwrap()
            .clone()
    };
    assert_eq!(rows["Id to call"].1, vec![best(s).1, best(h).1]);
    assert_eq!(rows["Input $/1M"].1, vec![usd(best(s).2), usd(best(h).2)]);
    assert_eq!(rows["Output $/1M"].1, vec![usd(best(s).3), usd(best(h).3)]);
    // Every quota either model has in the region, applied / default as its card gives them.
    let value = |v: &Value| match v.as_f64() {
        Some(f) if f.fract() == 0.0 => group(f as u64),
        Some(f) => f.to_string(),
        None => "unknown".into(),
    };
    let mut quotas: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, m) in [s, h].iter().enumerate() {
        for q in m["model_service_quotas"][region].as_array().unwrap() {
            let variant = q["model_variant"]
                .as_str()
                .map(|v| format!(" [{v}]"))
                .unwrap_or_default();
            let name = format!(
                "quota {} {}{variant}",
                q["route"].as_str().unwrap(),
                q["metric"].as_str().unwrap()
            );
            let text = format!(
                "{} / {}",
                value(&q["applied_value"]),
                value(&q["default_value"])
            );
            quotas
                .entry(name)
                .or_insert_with(|| vec!["—".to_string(); 2])[i] = text;
        }
    }
    assert!(quotas.len() >= 3, "{quotas:?}");
    let shown = rows.keys().filter(|k| k.starts_with("quota ")).count();
    assert_eq!(shown, quotas.len());
    for (name, values) in &quotas {
        assert_eq!(&rows[name].1, values, "{name}");
    }
    // The two boxes are ticked in the table view.
    let ticked = dom
        .matches("type=\"checkbox\" value=\"anthropic.claude-")
        .count();
    assert!(ticked >= 2);
}

#[test]
fn a_mantle_only_card_says_how_to_call_it_and_the_legend_is_collapsed() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let Some(browser) = chromium() else { return };
    let (key, model) = b
        .models()
        .into_iter()
        .find(|(_, m)| {
            m["mantle"].is_object()
                && m["regional_availability"].as_object().unwrap().is_empty()
                && m["mantle"]["regions"].as_array().unwrap().len() >= 2
        })
        .unwrap();
    let dom = rendered(&browser, &b.page(), &format!("#card={key}"));
    let card = card(&dom, &key);
    assert!(card.starts_with("<section class=\"card open\""));
    assert!(
        !card.contains("No region lists a way to call this model"),
        "{card}"
    );
    assert!(!card.contains("switched off"), "{card}");
    assert!(card.contains("the AWS Price List has no price for this model"));
    let id = model["mantle"]["model_id"].as_str().unwrap();
    for region in harness::strings(&model["mantle"]["regions"]) {
        let url = model["mantle"]["base_url_template"]
            .as_str()
            .unwrap()
            .replace("{region}", &region);
        assert!(
            card.contains(&format!(
                "<tr data-region=\"{region}\"><td>{region}</td><td><code>{url}</code></td><td><code>{id}</code></td></tr>"
            )),
            "{region}"
        );
    }
    // Sonnet's card has its feature flags.
    let sonnet = card_of(&dom, SONNET_45);
    assert!(
        sonnet.contains("<dd data-field=\"features\">supports: function calling, vision"),
        "{sonnet}"
    );
    // The legend starts collapsed.
    assert!(dom.contains("<details id=\"legend\"><summary>"));
}

fn card_of<'a>(dom: &'a str, key: &str) -> &'a str {
    card(dom, key)
}

/// At 1400 px the matrix shows every region's column without scrolling sideways.
#[test]
fn at_1400_pixels_every_region_column_is_on_screen() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let b = built();
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let probe = "var th=document.querySelectorAll('#matrix thead th');var last=th[th.length-1];document.body.setAttribute('data-probe', Math.round(last.getBoundingClientRect().right)+' '+document.documentElement.clientWidth);";
    let page = with_script_after(&b.page(), probe, dir.path());
    let bytes = browse(
        &browser,
        &file_url(&page, ""),
        &[
            "--dump-dom".to_string(),
            "--window-size=1400,1000".to_string(),
        ],
    );
    let dom = String::from_utf8(bytes).unwrap();
    let probe = dom
        .split("data-probe=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let (right, width) = probe.split_once(' ').unwrap();
    let (right, width): (i64, i64) = (right.parse().unwrap(), width.parse().unwrap());
    assert!(width >= 1300, "{probe}");
    assert!(
        right <= width,
        "the last region column ends at {right} px of {width}"
    );
}

/// With the account's view (a catalogue made with `--account-access`), "Callable by this account"
/// keeps the models the account answered callable in the selected region.
#[test]
fn the_callable_filter_keeps_what_the_account_can_call() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let account = crate::choose::built();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("index.html");
    let made = page_command(
        dir.path(),
        &[
            "--catalog",
            account.path().to_str().unwrap(),
            "--output",
            page.to_str().unwrap(),
        ],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    let Some(browser) = chromium() else { return };
    let region = "eu-west-1";
    let dom = rendered(&browser, &page, &format!("#region={region}&acc=callable"));
    let catalog = &account.catalog;
    let mut want = BTreeSet::new();
    let mut blocked = 0;
    for provider in catalog["providers"].as_object().unwrap().values() {
        for (key, m) in provider["models"].as_object().unwrap() {
            let callable_here = expected_cell(catalog, m, region)
                .split(' ')
                .any(|c| ["r", "g", "w", "m", "p"].contains(&c));
            match m["account_access"][region]["callable"].as_bool() {
                Some(true) if callable_here => {
                    want.insert(key.clone());
                }
                Some(false) => blocked += 1,
                _ => {}
            }
        }
    }
    assert!(want.len() >= 10 && blocked >= 5, "{} {blocked}", want.len());
    assert_eq!(rows_shown(&dom), want);
    assert!(dom.contains("<input type=\"checkbox\" name=\"acc\" value=\"callable\">"));
}
