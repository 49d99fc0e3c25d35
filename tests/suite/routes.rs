//! Issue 18 on the real fixtures: the price of every way to call (each inference profile from its
//! source region), and feature flags from the LiteLLM key token specs matched.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::fake_aws;
use crate::support::harness::model;

const SONNET: &str = "anthropic.claude-sonnet-4-5-20250929-v1";

fn profile<'a>(m: &'a Value, id: &str, source: &str) -> &'a Value {
    m["cross_region_inference"]["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["profile_id"] == id && p["source_region"] == source)
        .unwrap_or_else(|| panic!("no profile {id} from {source}"))
}

/// The price-list fixture's ROWS.tsv: SKU -> (usagetype, USD in the offer's unit).
fn fixture_rows() -> BTreeMap<String, (String, f64)> {
    let text =
        std::fs::read_to_string(fake_aws::fixtures_dir().join("price-list/ROWS.tsv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[2].to_string(), (f[4].to_string(), f[7].parse().unwrap()))
        })
        .collect()
}

#[tokio::test]
async fn profile_prices_and_feature_flags_from_the_fixtures() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let (_fake, run, out) = crate::support::full_fixture_run(&[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = run.catalog();
    let rows = fixture_rows();
    let sonnet = model(&c, SONNET);

    // --- Claude Sonnet 4.5 from us-east-1: 3.30 / 16.50 through us., 3.00 / 15.00 through global.
    let us = &profile(sonnet, &format!("us.{SONNET}:0"), "us-east-1")["pricing"];
    let global = &profile(sonnet, &format!("global.{SONNET}:0"), "us-east-1")["pricing"];
    assert_eq!(us["scope"], "geo");
    assert_eq!(global["scope"], "global");
    // us-east-1 lists Sonnet 4.5 as INFERENCE_PROFILE only: its regional rate bills the geo profile.
    assert_eq!(us["route"], "on_demand_geo");
    assert_eq!(global["route"], "on_demand_global");
    for (pricing, dimension, usd, usagetype) in [
        (
            us,
            "input_tokens",
            3.30,
            "USE1-MP:USE1_InputTokenCount-Units",
        ),
        (
            us,
            "output_tokens",
            16.50,
            "USE1-MP:USE1_OutputTokenCount-Units",
        ),
        (
            global,
            "input_tokens",
            3.00,
            "USE1-MP:USE1_InputTokenCount_Global-Units",
        ),
        (
            global,
            "output_tokens",
            15.00,
            "USE1-MP:USE1_OutputTokenCount_Global-Units",
        ),
    ] {
        let price = &pricing["on_demand"][dimension];
        assert_eq!(
            price["price_usd"].as_f64(),
            Some(usd),
            "{dimension}: {price}"
        );
        assert_eq!(price["unit"], "1M tokens");
        assert_eq!(price["usagetype"], usagetype);
        assert_eq!(price["route"], pricing["route"]);
        // The SKU is the fixture's row for that usage, at that price.
        let sku = price["sku"].as_str().unwrap();
        assert_eq!(rows[sku], (usagetype.to_string(), usd), "{sku}");
    }
    // Cache and long-context tiers where the offer has them; batch on its own routes.
    assert_eq!(
        us["on_demand"]["cache_read_input_tokens"]["price_usd"],
        0.33
    );
    assert_eq!(
        global["on_demand"]["cache_write_1h_input_tokens"]["price_usd"],
        6.0
    );
    assert_eq!(
        us["on_demand"]["input_tokens_long_context"]["price_usd"],
        6.6
    );
    assert_eq!(us["batch"]["input_tokens"]["route"], "batch");
    assert_eq!(global["batch"]["input_tokens"]["route"], "batch_global");
    assert!(
        us["missing"].as_object().unwrap().is_empty(),
        "{}",
        us["missing"]
    );

    // --- Where the Price List has no row: null, with the reason.
    let eu = &profile(sonnet, &format!("eu.{SONNET}:0"), "eu-central-1")["pricing"];
    assert_eq!(eu["on_demand"]["input_tokens"]["price_usd"], 3.3);
    assert_eq!(eu["on_demand"]["cache_read_input_tokens"], Value::Null);
    assert_eq!(
        eu["missing"]["cache_read_input_tokens"],
        "the Price List has no cache_read_input_tokens row on on_demand_geo in eu-central-1"
    );
    assert_eq!(
        eu["missing"]["batch"],
        "the Price List has no batch_geo or batch rows for this model in eu-central-1"
    );

    // --- A profile-only region has no on_demand price, anywhere in the catalogue; the moves are
    // recorded.
    let mut relabelled = Vec::new();
    let mut priced_profiles = 0;
    for provider in c["providers"].as_object().unwrap().values() {
        for (key, m) in provider["models"].as_object().unwrap() {
            let Some(pricing) = m.get("model_pricing") else {
                continue;
            };
            for (region, a) in m["regional_availability"].as_object().unwrap() {
                let types: Vec<&str> = a["inference_types_supported"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap())
                    .collect();
                if types.contains(&"INFERENCE_PROFILE") && !types.contains(&"ON_DEMAND") {
                    assert!(
                        pricing["regions"][region].get("on_demand").is_none(),
                        "{key} in {region} is profile-only but has an on_demand price"
                    );
                }
            }
            for r in pricing["relabelled_routes"]
                .as_array()
                .into_iter()
                .flatten()
            {
                assert_eq!(
                    (&r["from"], &r["to"]),
                    (&"on_demand".into(), &"on_demand_geo".into())
                );
                relabelled.push(format!("{key}@{}", r["region"].as_str().unwrap()));
            }
            for p in m["cross_region_inference"]["profiles"].as_array().unwrap() {
                assert!(p["pricing"].is_object(), "{key}: {p}");
                priced_profiles += usize::from(p["pricing"]["route"].is_string());
            }
        }
    }
    assert_eq!(relabelled.len(), 20, "{relabelled:?}");
    assert!(relabelled.contains(&format!("{SONNET}@us-east-1")));
    assert!(priced_profiles > 0);
    let east = &sonnet["model_pricing"]["regions"]["us-east-1"];
    assert_eq!(east["on_demand_geo"]["input_tokens"]["price_usd"], 3.3);
    // The sample's summary keeps its vocabulary.
    assert_eq!(
        sonnet["model_pricing"]["pricing_summary"]["pricing_types"],
        serde_json::json!(["batch", "on_demand", "provisioned"])
    );

    // --- Feature flags: every model matched to a LiteLLM key has that key's supports_* values,
    // unknown ones null; a model with no key has every flag null.
    let litellm: Value = serde_json::from_slice(
        &std::fs::read(
            fake_aws::fixtures_dir().join("litellm/model_prices_and_context_window_backup.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let flags = [
        ("function_calling", "supports_function_calling"),
        ("vision", "supports_vision"),
        ("prompt_caching", "supports_prompt_caching"),
        ("reasoning", "supports_reasoning"),
        ("pdf_input", "supports_pdf_input"),
        ("response_schema", "supports_response_schema"),
        ("tool_choice", "supports_tool_choice"),
        ("computer_use", "supports_computer_use"),
    ];
    let (mut matched, mut unmatched, mut known) = (0, 0, 0);
    for provider in c["providers"].as_object().unwrap().values() {
        for (key, m) in provider["models"].as_object().unwrap() {
            let features = &m["features"];
            if m["regional_availability_source"] == "mantle" {
                // Only Mantle lists it: token specs, and with them features, are not resolved.
                assert!(features.is_null() && m["token_specs"].is_null(), "{key}");
                continue;
            }
            assert_eq!(features.as_object().unwrap().len(), 8, "{key}");
            match m["token_specs"]["matched_key"].as_str() {
                Some(litellm_key) => {
                    matched += 1;
                    let entry = &litellm[litellm_key];
                    for (name, field) in flags {
                        let flag = &features[name];
                        match entry.get(field).and_then(Value::as_bool) {
                            Some(b) => {
                                known += 1;
                                assert_eq!(flag["supported"], b, "{key} {name}");
                                assert_eq!(flag["source"], format!("litellm:{litellm_key}"));
                            }
                            None => {
                                assert_eq!(flag["supported"], Value::Null, "{key} {name}");
                                assert_eq!(flag["source"], Value::Null, "{key} {name}");
                            }
                        }
                    }
                }
                None => {
                    unmatched += 1;
                    for (name, _) in flags {
                        assert_eq!(features[name]["supported"], Value::Null, "{key} {name}");
                    }
                }
            }
        }
    }
    assert_eq!((matched, unmatched), (84, 20));
    // 262 of the 84 × 8 flags are stated by the matched keys; the rest are unknown.
    assert_eq!(known, 262);
    let sonnet_flags = &sonnet["features"];
    for (name, _) in flags {
        assert_eq!(sonnet_flags[name]["supported"], true, "{name}");
    }
}
