//! Issue 20's "done when", over a full run on the real fixtures (33 regions, the real quota dump in
//! every region, the Price List fixture, LiteLLM): no quota attached where its model is not
//! listed, every unassigned quota with a reason that holds, the doubled daily quota under each
//! route with its effective value, metadata counts equal to the body, token limits that agree with
//! the model cards, and the sample's contract fields.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::support::fake_aws;

async fn fixture_catalogue() -> Value {
    let (_fake, run, out) = crate::support::full_fixture_run(&[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    run.catalog()
}

fn models(c: &Value) -> Vec<(&String, &Value)> {
    c["providers"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|p| p["models"].as_object().unwrap().iter())
        .collect()
}

fn strs(v: &Value) -> BTreeSet<&str> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// `"256K tokens"` -> (256, 1000); `"1M tokens"` -> (1, 1_000_000); `"512 tokens"` -> (512, 1).
fn card_figure(v: &Value) -> Option<(u64, u64)> {
    let s = v.as_str()?.trim().trim_end_matches(" tokens");
    let (n, unit) = match s.as_bytes().last()? {
        b'K' => (&s[..s.len() - 1], 1_000),
        b'M' => (&s[..s.len() - 1], 1_000_000),
        _ => (s, 1),
    };
    Some((n.parse().ok()?, unit))
}

/// The card rounds: 163,840 is "164K", 262,144 is "256K".
fn agrees(value: u64, (n, unit): (u64, u64)) -> bool {
    if unit == 1 {
        return value == n;
    }
    let binary = if unit == 1_000 { 1_024 } else { 1_048_576 };
    (value as f64 / unit as f64).round() as u64 == n
        || (value as f64 / binary as f64).round() as u64 == n
}

#[tokio::test]
async fn the_fixture_catalogue_holds_no_wrong_value() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let c = fixture_catalogue().await;
    let m = &c["metadata"];
    let all = models(&c);
    // 104 models ListFoundationModels lists, and 15 that only Mantle lists.
    assert_eq!(all.len(), 119);
    let mantle_only = all
        .iter()
        .filter(|(_, m)| m["regional_availability_source"] == "mantle")
        .count();
    assert_eq!(mantle_only, 15);

    // The sample's contract.
    for (key, model) in &all {
        assert_eq!(model["languages_supported"], serde_json::json!([]), "{key}");
        let cm = &model["collection_metadata"];
        assert_eq!(cm["dual_region_collection"], false, "{key}");
        assert_eq!(cm["phase2_regional_discovery"], false, "{key}");
        // Where the regions came from: each region's ListFoundationModels, or for a model only
        // Mantle lists, Mantle's lists.
        assert_eq!(
            cm["regional_data_source"], model["regional_availability_source"],
            "{key}"
        );
    }

    // Quotas: attached only where the model is listed; the doubled daily quota per route.
    let mut triples = BTreeSet::new();
    let mut doubled_routes = BTreeMap::new();
    for (key, model) in &all {
        let listed = strs(&model["regions_available"]);
        let mut entries = 0;
        for (region, quotas) in model["model_service_quotas"].as_object().unwrap() {
            assert!(
                listed.contains(region.as_str()),
                "{key} has quotas in {region}"
            );
            let types = strs(&model["regional_availability"][region]["inference_types_supported"]);
            for q in quotas.as_array().unwrap() {
                entries += 1;
                triples.insert((
                    key.as_str(),
                    region.as_str(),
                    q["quota_code"].as_str().unwrap(),
                ));
                let value = q["value"].as_f64();
                let multiplier = q["value_multiplier"].as_u64().unwrap();
                assert_eq!(
                    q["effective_value"].as_f64(),
                    value.map(|v| v * multiplier as f64),
                    "{key} {region} {}",
                    q["quota_code"]
                );
                if q["doubled_for_cross_region"] == true {
                    let route = q["route"].as_str().unwrap();
                    match route {
                        "on_demand" => {
                            assert_eq!(multiplier, 1);
                            // On demand where the region offers it (or offers neither route).
                            assert!(
                                types.contains("ON_DEMAND") || !types.contains("INFERENCE_PROFILE"),
                                "{key} {region}"
                            );
                        }
                        "cross_region" => {
                            assert_eq!(multiplier, 2);
                            assert!(types.contains("INFERENCE_PROFILE"), "{key} {region}");
                        }
                        other => panic!("doubled quota under {other}"),
                    }
                    *doubled_routes.entry(route.to_string()).or_insert(0) += 1;
                } else {
                    assert_eq!(multiplier, 1);
                }
            }
        }
        assert_eq!(model["total_quotas_assigned"], entries, "{key}");
        assert_eq!(model["has_quotas"], entries > 0, "{key}");
    }
    // Claude Sonnet 4.5 is called only through profiles in us-east-1: its daily quotas are
    // cross-region, at twice their value.
    let sonnet = all
        .iter()
        .find(|(k, _)| k.as_str() == "anthropic.claude-sonnet-4-5-20250929-v1")
        .unwrap()
        .1;
    let daily: Vec<(&str, &str, u64)> = sonnet["model_service_quotas"]["us-east-1"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["doubled_for_cross_region"] == true)
        .map(|q| {
            (
                q["quota_code"].as_str().unwrap(),
                q["route"].as_str().unwrap(),
                q["value_multiplier"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        daily,
        [
            ("L-381AD9EE", "cross_region", 2),
            ("L-E107194C", "cross_region", 2)
        ]
    );
    assert!(doubled_routes["on_demand"] > 0 && doubled_routes["cross_region"] > 0);

    // Counts match the body: one assignment per (model, region, quota code).
    assert_eq!(m["quota_assignment"]["assigned"], triples.len());
    let with_quotas = all.iter().filter(|(_, x)| x["has_quotas"] == true).count();
    assert_eq!(m["models_with_quotas"], with_quotas);
    let qa = &m["quota_assignment"];
    assert_eq!(
        qa["model_quotas"].as_u64().unwrap(),
        qa["assigned"].as_u64().unwrap() + qa["unassigned"].as_u64().unwrap()
    );
    let mut by_reason: BTreeMap<String, u64> = BTreeMap::new();
    for u in m["unassigned_quotas"].as_array().unwrap() {
        *by_reason
            .entry(u["reason"]["kind"].as_str().unwrap().to_string())
            .or_default() += u["regions"].as_array().unwrap().len() as u64;
    }
    let counted: BTreeMap<String, u64> =
        serde_json::from_value(qa["unassigned_by_reason"].clone()).unwrap();
    assert_eq!(by_reason, counted);

    // Every unassigned reason holds: a model "not listed in the region" is not listed there, and
    // none of the named candidates has the quota in those regions.
    let listed_in: BTreeMap<&str, BTreeSet<&str>> = all
        .iter()
        .map(|(k, x)| (k.as_str(), strs(&x["regions_available"])))
        .collect();
    let known = [
        "model_not_listed_in_region",
        "ambiguous_models",
        "version_not_named",
        "only_later_version_listed",
        "no_matching_model",
        "unrecognised_name",
    ];
    for u in m["unassigned_quotas"].as_array().unwrap() {
        let kind = u["reason"]["kind"].as_str().unwrap();
        assert!(known.contains(&kind), "{u}");
        let code = u["quota_code"].as_str().unwrap();
        for region in strs(&u["regions"]) {
            for candidate in strs(&u["reason"]["candidates"]) {
                assert!(!triples.contains(&(candidate, region, code)), "{u}");
                let here = listed_in[candidate].contains(region);
                match kind {
                    "model_not_listed_in_region" => assert!(!here, "{u}"),
                    "ambiguous_models" | "version_not_named" | "only_later_version_listed" => {
                        assert!(here, "{u}")
                    }
                    _ => {}
                }
            }
        }
    }
    // "Twelve Labs Marengo" is never "no matching model" while a Marengo model is listed.
    for u in m["unassigned_quotas"].as_array().unwrap() {
        if u["quota_name"]
            .as_str()
            .unwrap()
            .ends_with("Twelve Labs Marengo")
        {
            assert_ne!(u["reason"]["kind"], "no_matching_model", "{u}");
        }
    }

    // Prices: every offer's rows_matched is its prices in the body; duplicates listed with SKUs.
    let mut in_body: BTreeMap<&str, u64> = BTreeMap::new();
    for (_, model) in &all {
        let Some(regions) = model["model_pricing"]["regions"].as_object() else {
            continue;
        };
        for routes in regions.values() {
            for dims in routes.as_object().unwrap().values() {
                for p in dims.as_object().unwrap().values() {
                    *in_body.entry(p["offer"].as_str().unwrap()).or_default() += 1;
                }
            }
        }
    }
    let dups = m["duplicate_price_rows"].as_array().unwrap();
    for (offer, s) in m["price_list_offers"].as_object().unwrap() {
        assert_eq!(s["rows_matched"], in_body[offer.as_str()], "{offer}");
        assert_eq!(
            s["rows_read"].as_u64().unwrap(),
            s["rows_matched"].as_u64().unwrap()
                + s["rows_duplicate"].as_u64().unwrap()
                + s["rows_unmatched"].as_u64().unwrap(),
            "{offer}"
        );
        let dropped = dups
            .iter()
            .filter(|d| d["dropped"]["offer"] == offer.as_str())
            .count();
        assert_eq!(s["rows_duplicate"], dropped, "{offer}");
    }
    assert_eq!(dups.len(), 2);
    for d in dups {
        assert_ne!(d["kept"]["sku"], d["dropped"]["sku"]);
    }

    // Token limits: every text and embedding model with a model card agrees with it.
    let cards: Value = serde_json::from_slice(
        &std::fs::read(
            fake_aws::fixtures_dir()
                .join("docs-region-tables/jorke-bedrock-model-map_model-cards_2026-08-22.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut card_by_id: BTreeMap<&str, &Value> = BTreeMap::new();
    for card in cards["models"].as_array().unwrap() {
        for p in card["programmaticAccess"].as_array().into_iter().flatten() {
            card_by_id.insert(p["modelId"].as_str().unwrap(), card);
        }
    }
    let mut checked = 0;
    for (key, model) in &all {
        let specs = &model["token_specs"];
        if !matches!(specs["model_kind"].as_str(), Some("text" | "embedding")) {
            continue;
        }
        let id = model["invocable_model_id"].as_str().unwrap();
        let Some(card) = card_by_id
            .get(id)
            .or_else(|| card_by_id.get(id.strip_suffix(":0").unwrap_or(id)))
        else {
            continue;
        };
        for (field, card_field) in [
            ("context_window", "contextWindow"),
            ("max_output_tokens", "maxOutputTokens"),
        ] {
            if let Some(figure) = card_figure(&card[card_field]) {
                checked += 1;
                let value = specs[field].as_u64();
                assert!(
                    value.is_some_and(|v| agrees(v, figure)),
                    "{key} {field}: {value:?}, card {figure:?}"
                );
            }
        }
    }
    assert!(checked > 120, "{checked}");
}
