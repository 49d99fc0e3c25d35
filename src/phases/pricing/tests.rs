use super::names::*;
use super::offer::*;
use super::row::*;
use super::usagetype::*;
use crate::records::price_list::*;

use super::*;
use crate::catalog::pricing::*;
use crate::model::ModelRef;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

// --------------------------------------------------------------------------------------------
// Fixture helpers
// --------------------------------------------------------------------------------------------

fn fixtures() -> PathBuf {
    std::env::var("BEDROCK_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures"))
        })
}

fn read(rel: &str) -> Vec<u8> {
    let path = fixtures().join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

const NEWEST_MODELS: &str = "dineshrajdhanapathyDD-TurfArena_us-east-1_2026-06-22.json";

/// `ModelRef`s from ListFoundationModels fixture files (file name `<source>_<region>_<date>.json`).
/// Key = id up to the first `:`; variant_ids = every id with that key; name and provider from the
/// newest file; regions = the regions of the files that list the key.
fn models_from(files: &[&str]) -> Vec<ModelRef> {
    let mut files: Vec<&str> = files.to_vec();
    files.sort_by_key(|f| {
        f.trim_end_matches(".json")
            .rsplit('_')
            .next()
            .unwrap_or_default()
            .to_owned()
    });
    let mut by_key: BTreeMap<String, ModelRef> = BTreeMap::new();
    for file in files {
        let region = file
            .split('_')
            .nth(1)
            .expect("region in file name")
            .to_owned();
        let page: serde_json::Value =
            serde_json::from_slice(&read(&format!("list-foundation-models/{file}")))
                .expect("fixture JSON");
        for summary in page["modelSummaries"].as_array().expect("modelSummaries") {
            let id = summary["modelId"].as_str().expect("modelId").to_owned();
            let key = id.split(':').next().unwrap_or_default().to_owned();
            let model = by_key.entry(key.clone()).or_insert_with(|| ModelRef {
                key,
                ..Default::default()
            });
            if !model.variant_ids.contains(&id) {
                model.variant_ids.push(id);
            }
            model.provider = summary["providerName"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            model.name = summary["modelName"].as_str().unwrap_or_default().to_owned();
            if !model.regions.contains(&region) {
                model.regions.push(region.clone());
            }
        }
    }
    by_key
        .into_values()
        .map(|mut m| {
            m.variant_ids.sort();
            m.regions.sort();
            m.model_id = m
                .variant_ids
                .iter()
                .min_by_key(|id| (id.matches(':').count(), (*id).clone()))
                .cloned()
                .unwrap_or_default();
            m
        })
        .collect()
}

fn all_model_files() -> Vec<String> {
    let dir = fixtures().join("list-foundation-models");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("listing {}: {e}", dir.display()))
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names
}

fn all_models() -> Vec<ModelRef> {
    let files = all_model_files();
    models_from(&files.iter().map(String::as_str).collect::<Vec<_>>())
}

const OFFERS: [&str; 3] = [
    "AmazonBedrock",
    "AmazonBedrockFoundationModels",
    "AmazonBedrockService",
];

fn whole_offers() -> Vec<Offer> {
    OFFERS
        .iter()
        .map(|code| {
            parse_offer(&read(&format!(
                "price-list/offers/v1.0/aws/{code}/current/index.json"
            )))
            .expect("offer")
        })
        .collect()
}

/// The per-region files, found through each offer's region index.
fn regional_offers() -> Vec<Offer> {
    let mut offers = Vec::new();
    for code in OFFERS {
        let index = parse_region_index(&read(&format!(
            "price-list/offers/v1.0/aws/{code}/current/region_index.json"
        )))
        .expect("region index");
        for url in index.regions.values() {
            offers.push(parse_offer(&read(&format!("price-list{url}"))).expect("regional offer"));
        }
    }
    offers
}

fn price<'r>(
    result: &'r PricingResult,
    key: &str,
    region: &str,
    route: &str,
    dimension: &str,
) -> &'r Price {
    result.models[key]
        .regions
        .get(region)
        .and_then(|r| r.get(route))
        .and_then(|r| r.get(dimension))
        .unwrap_or_else(|| {
            panic!(
                "no price for {key} {region} {route} {dimension}: {:#?}",
                result.models[key].regions
            )
        })
}

fn usd(result: &PricingResult, key: &str, region: &str, route: &str, dimension: &str) -> f64 {
    price(result, key, region, route, dimension).price_usd
}

const NOVA_PRO: &str = "amazon.nova-pro-v1";
const SONNET_45: &str = "anthropic.claude-sonnet-4-5-20250929-v1";
const HAIKU_45: &str = "anthropic.claude-haiku-4-5-20251001-v1";
const HAIKU_3: &str = "anthropic.claude-3-haiku-20240307-v1";

// --------------------------------------------------------------------------------------------
// Prices from the fixture
// --------------------------------------------------------------------------------------------

#[test]
fn nova_pro_on_demand_batch_cache_and_latency_optimized() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let r = match_prices(&all_models(), &whole_offers());
    // us-east-1: $0.0008 / $0.0032 per 1K tokens = $0.80 / $3.20 per 1M.
    let input = price(&r, NOVA_PRO, "us-east-1", "on_demand", "input_tokens");
    assert_eq!((input.price_usd, input.unit.as_str()), (0.8, "1M tokens"));
    assert_eq!(
        (input.offer_price_usd, input.offer_unit.as_str()),
        (0.0008, "1K tokens")
    );
    assert_eq!(
        (input.sku.as_str(), input.usagetype.as_str()),
        ("FX7WEBRBNU7ZWQ95", "USE1-NovaPro-input-tokens")
    );
    assert_eq!(
        (input.offer.as_str(), input.offer_version.as_str()),
        ("AmazonBedrock", "20260911124408")
    );
    assert_eq!(
        usd(&r, NOVA_PRO, "us-east-1", "on_demand", "output_tokens"),
        3.2
    );
    // ap-northeast-1: the real SKUs MW5E2RRQFRGR96C3 / NGEWXEWTZRVVAR4Q / T4E5FXWGMWR4XVED / C32RSZ93XHBRBRY7.
    let tokyo = price(&r, NOVA_PRO, "ap-northeast-1", "on_demand", "input_tokens");
    assert_eq!(
        (tokyo.price_usd, tokyo.sku.as_str()),
        (0.96, "MW5E2RRQFRGR96C3")
    );
    assert_eq!(
        price(&r, NOVA_PRO, "ap-northeast-1", "on_demand", "output_tokens").sku,
        "NGEWXEWTZRVVAR4Q"
    );
    assert_eq!(
        usd(&r, NOVA_PRO, "ap-northeast-1", "on_demand", "output_tokens"),
        3.84
    );
    assert_eq!(
        usd(&r, NOVA_PRO, "ap-northeast-1", "batch", "input_tokens"),
        0.48
    );
    assert_eq!(
        usd(
            &r,
            NOVA_PRO,
            "ap-northeast-1",
            "on_demand",
            "cache_read_input_tokens"
        ),
        0.24
    );
    assert_eq!(
        usd(&r, NOVA_PRO, "eu-central-1", "on_demand", "input_tokens"),
        1.05
    );
    assert_eq!(
        usd(&r, NOVA_PRO, "eu-central-1", "batch", "output_tokens"),
        2.1
    );
    assert_eq!(usd(&r, NOVA_PRO, "us-east-1", "batch", "input_tokens"), 0.4);
    assert_eq!(
        usd(&r, NOVA_PRO, "us-east-1", "batch", "output_tokens"),
        1.6
    );
    assert_eq!(
        usd(
            &r,
            NOVA_PRO,
            "us-east-1",
            "on_demand",
            "cache_read_input_tokens"
        ),
        0.2
    );
    // `model "Nova Pro Latency Optimized"` is Nova Pro on its own route, not a second model.
    assert_eq!(
        usd(
            &r,
            NOVA_PRO,
            "us-east-1",
            "latency_optimized",
            "input_tokens"
        ),
        1.0
    );
    assert_eq!(
        usd(
            &r,
            NOVA_PRO,
            "us-east-1",
            "latency_optimized",
            "output_tokens"
        ),
        4.0
    );

    let m = &r.models[NOVA_PRO];
    assert!(m.is_pricing_available);
    assert_eq!(
        m.pricing_reference_id.as_deref(),
        Some("Amazon.amazon.nova-pro-v1")
    );
    assert_eq!(m.routes, ["batch", "latency_optimized", "on_demand"]);
    assert_eq!(
        m.batch_regions,
        ["ap-northeast-1", "eu-central-1", "us-east-1"]
    );
    let summary = m.pricing_summary.as_ref().expect("summary");
    assert_eq!(summary.total_regions, 4);
    assert!(summary.has_batch_pricing);
    assert_eq!(
        summary.available_regions,
        ["ap-northeast-1", "eu-central-1", "us-east-1", "us-west-2"]
    );
    assert_eq!(summary.pricing_types, ["batch", "on_demand"]);
}

#[test]
fn claude_sonnet_4_5_from_foundation_models_regional_global_batch_long_context_reserved() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let r = match_prices(&all_models(), &whole_offers());
    let input = price(&r, SONNET_45, "us-east-1", "on_demand", "input_tokens");
    assert_eq!(
        (input.price_usd, input.offer_unit.as_str()),
        (3.3, "1M tokens")
    );
    assert_eq!(
        (input.offer.as_str(), input.offer_version.as_str()),
        ("AmazonBedrockFoundationModels", "20260911124410")
    );
    assert_eq!(input.usagetype, "USE1-MP:USE1_InputTokenCount-Units");
    assert_eq!(
        usd(&r, SONNET_45, "us-east-1", "on_demand", "output_tokens"),
        16.5
    );
    // The global profile bills at the cheaper `_Global` rows.
    assert_eq!(
        usd(
            &r,
            SONNET_45,
            "us-east-1",
            "on_demand_global",
            "input_tokens"
        ),
        3.0
    );
    assert_eq!(
        usd(
            &r,
            SONNET_45,
            "us-east-1",
            "on_demand_global",
            "output_tokens"
        ),
        15.0
    );
    assert_eq!(
        usd(&r, SONNET_45, "eu-central-1", "on_demand", "input_tokens"),
        3.3
    );
    assert_eq!(
        usd(
            &r,
            SONNET_45,
            "ap-northeast-1",
            "on_demand_global",
            "output_tokens"
        ),
        15.0
    );
    assert_eq!(
        usd(&r, SONNET_45, "us-east-1", "batch", "input_tokens"),
        1.65
    );
    assert_eq!(
        usd(&r, SONNET_45, "us-east-1", "batch", "output_tokens"),
        8.25
    );
    assert_eq!(
        usd(&r, SONNET_45, "us-east-1", "batch_global", "input_tokens"),
        1.5
    );
    assert_eq!(
        usd(&r, SONNET_45, "us-east-1", "batch_global", "output_tokens"),
        7.5
    );
    assert_eq!(
        usd(
            &r,
            SONNET_45,
            "us-east-1",
            "on_demand",
            "input_tokens_long_context"
        ),
        6.6
    );
    assert_eq!(
        usd(
            &r,
            SONNET_45,
            "us-east-1",
            "on_demand_global",
            "output_tokens_long_context"
        ),
        22.5
    );
    assert_eq!(
        usd(
            &r,
            SONNET_45,
            "us-east-1",
            "on_demand",
            "cache_read_input_tokens"
        ),
        0.33
    );
    assert_eq!(
        usd(
            &r,
            SONNET_45,
            "us-east-1",
            "on_demand",
            "cache_write_input_tokens"
        ),
        4.125
    );
    assert_eq!(
        usd(
            &r,
            SONNET_45,
            "us-east-1",
            "on_demand_global",
            "cache_write_1h_input_tokens"
        ),
        6.0
    );
    let reserved = price(
        &r,
        SONNET_45,
        "us-east-1",
        "reserved_geo",
        "input_tpm_1_month",
    );
    assert_eq!(
        (reserved.price_usd, reserved.unit.as_str()),
        (0.198, "1M TPM Hour")
    );
    assert_eq!(
        usd(
            &r,
            SONNET_45,
            "us-east-1",
            "reserved_global",
            "input_tpm_1_month"
        ),
        0.18
    );
    let summary = r.models[SONNET_45]
        .pricing_summary
        .as_ref()
        .expect("summary");
    assert_eq!(summary.pricing_types, ["batch", "on_demand", "provisioned"]);
}

#[test]
fn foundation_models_rows_identified_only_by_servicename() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let r = match_prices(&all_models(), &whole_offers());
    // Claude Haiku 4.5: the four real SKUs; the same usagetype strings as Sonnet 4.5's rows.
    let input = price(&r, HAIKU_45, "us-east-1", "on_demand", "input_tokens");
    assert_eq!(
        (input.price_usd, input.sku.as_str()),
        (1.1, "JQDUC8Q4K8C6GSGH")
    );
    assert_eq!(input.usagetype, "USE1-MP:USE1_InputTokenCount-Units");
    assert_eq!(
        price(&r, HAIKU_45, "us-east-1", "on_demand", "output_tokens").sku,
        "X629GDA2GXAP6R54"
    );
    assert_eq!(
        usd(&r, HAIKU_45, "us-east-1", "on_demand", "output_tokens"),
        5.5
    );
    assert_eq!(
        price(
            &r,
            HAIKU_45,
            "us-east-1",
            "on_demand_global",
            "input_tokens"
        )
        .sku,
        "DY4B4Q3TRTAY8V6G"
    );
    assert_eq!(
        usd(
            &r,
            HAIKU_45,
            "us-east-1",
            "on_demand_global",
            "output_tokens"
        ),
        5.0
    );
    assert_eq!(
        usd(
            &r,
            HAIKU_45,
            "us-west-2",
            "on_demand",
            "cache_write_1h_input_tokens"
        ),
        2.2
    );
    // Cohere Command R+: servicename "Cohere Command R+" = provider Cohere + name "Command R+";
    // unit `Units`, scale from the "Million Input Tokens" description.
    let cohere = price(
        &r,
        "cohere.command-r-plus-v1",
        "us-east-1",
        "on_demand",
        "input_tokens",
    );
    assert_eq!(
        (cohere.price_usd, cohere.offer_unit.as_str()),
        (3.0, "Units")
    );
    assert_eq!(
        usd(
            &r,
            "cohere.command-r-plus-v1",
            "us-west-2",
            "on_demand",
            "output_tokens"
        ),
        15.0
    );
    assert!(
        !r.models["cohere.command-r-v1"].is_pricing_available,
        "Command R must not get Command R+'s prices"
    );
    // Stable Image Core: an image row.
    let image = price(
        &r,
        "stability.stable-image-core-v1",
        "us-west-2",
        "on_demand",
        "image",
    );
    assert_eq!(
        (
            image.price_usd,
            image.unit.as_str(),
            image.offer_unit.as_str()
        ),
        (0.04, "image", "Units")
    );
}

#[test]
fn claude_3_haiku_joins_two_offers_and_keeps_one_price_per_slot() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let r = match_prices(&all_models(), &whole_offers());
    // Input row in both offers (same price): FoundationModels wins by the fixed precedence.
    let input = price(&r, HAIKU_3, "us-east-1", "on_demand", "input_tokens");
    assert_eq!(
        (input.price_usd, input.offer.as_str()),
        (0.25, "AmazonBedrockFoundationModels")
    );
    assert_eq!(
        usd(&r, HAIKU_3, "us-east-1", "on_demand", "output_tokens"),
        1.25
    );
    // `MillionBatchInputTokens` is batch.
    assert_eq!(
        usd(&r, HAIKU_3, "us-west-2", "batch", "input_tokens"),
        0.125
    );
    assert_eq!(
        usd(&r, HAIKU_3, "us-west-2", "batch", "output_tokens"),
        0.625
    );
    let dropped: Vec<(&str, &str, bool)> = r
        .duplicates
        .iter()
        .map(|d| (d.dropped.sku.as_str(), d.region.as_str(), d.same_price))
        .collect();
    assert_eq!(
        dropped,
        [
            ("FXHPK3YJ6HGUTEUS", "us-west-2", true),
            ("KMZFVEBPVFAP5FUF", "us-east-1", true)
        ]
    );
    assert!(
        r.duplicates
            .iter()
            .all(|d| d.model_key == HAIKU_3 && d.dropped.offer == "AmazonBedrock")
    );
}

#[test]
fn routes_of_other_models() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let r = match_prices(&all_models(), &whole_offers());
    // Nova 2 Lite (`model "Nova 2.0 Lite"`, catalogue "Nova 2 Lite"): regional against global, real SKUs.
    let lite2 = "amazon.nova-2-lite-v1";
    assert_eq!(
        price(&r, lite2, "us-east-1", "on_demand", "input_tokens").sku,
        "FY8T82UUN7VZR55K"
    );
    assert_eq!(
        usd(&r, lite2, "us-east-1", "on_demand", "input_tokens"),
        0.33
    );
    assert_eq!(
        usd(&r, lite2, "us-east-1", "on_demand", "output_tokens"),
        2.75
    );
    assert_eq!(
        usd(&r, lite2, "us-east-1", "on_demand_global", "input_tokens"),
        0.3
    );
    assert_eq!(
        usd(&r, lite2, "us-east-1", "on_demand_global", "output_tokens"),
        2.5
    );
    // Llama 3.1 70B provisioned throughput in us-west-2, per model unit per hour.
    let llama31 = "meta.llama3-1-70b-instruct-v1";
    let no_commit = price(
        &r,
        llama31,
        "us-west-2",
        "provisioned",
        "model_unit_no_commit",
    );
    assert_eq!(
        (no_commit.price_usd, no_commit.unit.as_str()),
        (24.0, "hour")
    );
    assert_eq!(
        usd(
            &r,
            llama31,
            "us-west-2",
            "provisioned",
            "model_unit_1_month"
        ),
        21.18
    );
    assert_eq!(
        r.models[llama31]
            .pricing_summary
            .as_ref()
            .map(|s| s.pricing_types.clone()),
        Some(vec!["provisioned".into()])
    );
    // Mistral Large 3: standard, batch, flex, priority and the mantle twin.
    let ml3 = "mistral.mistral-large-3-675b-instruct";
    assert_eq!(usd(&r, ml3, "us-west-2", "on_demand", "input_tokens"), 0.5);
    assert_eq!(usd(&r, ml3, "us-west-2", "batch", "output_tokens"), 0.75);
    assert_eq!(usd(&r, ml3, "us-west-2", "flex", "input_tokens"), 0.25);
    assert_eq!(usd(&r, ml3, "us-west-2", "priority", "input_tokens"), 0.88);
    assert_eq!(usd(&r, ml3, "us-west-2", "priority", "output_tokens"), 2.63);
    assert_eq!(
        usd(&r, ml3, "us-west-2", "mantle_on_demand", "output_tokens"),
        1.5
    );
    assert!(!r.models["mistral.mistral-large-2402-v1"].is_pricing_available);
    // DeepSeek `model "R1"` = "DeepSeek-R1".
    assert_eq!(
        usd(
            &r,
            "deepseek.r1-v1",
            "us-west-2",
            "on_demand",
            "input_tokens"
        ),
        1.35
    );
    assert_eq!(
        usd(
            &r,
            "deepseek.r1-v1",
            "us-east-1",
            "on_demand",
            "output_tokens"
        ),
        5.4
    );
    // Titan: embeddings by `titanModel` (alias), Text Express by the usagetype token alone.
    assert_eq!(
        usd(
            &r,
            "amazon.titan-embed-text-v2",
            "us-east-1",
            "on_demand",
            "input_tokens"
        ),
        0.02
    );
    assert!(
        !r.models["amazon.titan-embed-g1-text-02"].is_pricing_available,
        "same display name, other model"
    );
    assert_eq!(
        usd(
            &r,
            "amazon.titan-text-express-v1",
            "us-east-1",
            "on_demand",
            "output_tokens"
        ),
        0.6
    );
    assert!(!r.models["amazon.titan-text-lite-v1"].is_pricing_available);
    // Nova Canvas images.
    let canvas = price(
        &r,
        "amazon.nova-canvas-v1",
        "us-east-1",
        "on_demand",
        "image_t2i_1024_standard",
    );
    assert_eq!((canvas.price_usd, canvas.unit.as_str()), (0.04, "image"));
    assert_eq!(
        usd(
            &r,
            "amazon.nova-canvas-v1",
            "us-east-1",
            "on_demand",
            "image_t2i_2048_premium"
        ),
        0.08
    );
    // Claude Sonnet 4 from AmazonBedrockService: global and long context; not Sonnet 4.5.
    let s4 = "anthropic.claude-sonnet-4-20250514-v1";
    assert_eq!(
        price(&r, s4, "us-east-1", "on_demand_global", "input_tokens").offer,
        "AmazonBedrockService"
    );
    assert_eq!(
        usd(&r, s4, "us-east-1", "on_demand_global", "input_tokens"),
        3.0
    );
    assert_eq!(
        usd(
            &r,
            s4,
            "us-east-1",
            "on_demand_global",
            "output_tokens_long_context"
        ),
        22.5
    );
    assert_eq!(
        usd(
            &r,
            s4,
            "us-east-1",
            "on_demand_global",
            "cache_write_input_tokens_long_context"
        ),
        7.5
    );
    assert_eq!(r.models[s4].routes, ["on_demand_global"]);
}

#[test]
fn counts_per_offer_with_every_fixture_model() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let r = match_prices(&all_models(), &whole_offers());
    let counts: Vec<(&str, usize, usize, usize, usize)> = r
        .offers
        .iter()
        .map(|(code, s)| {
            (
                code.as_str(),
                s.rows_read,
                s.rows_matched,
                s.rows_duplicate,
                s.rows_unmatched,
            )
        })
        .collect();
    // Two AmazonBedrock rows duplicate FoundationModels rows: matched, but not in the body.
    assert_eq!(
        counts,
        [
            ("AmazonBedrock", 75, 73, 2, 0),
            ("AmazonBedrockFoundationModels", 73, 73, 0, 0),
            ("AmazonBedrockService", 8, 8, 0, 0)
        ]
    );
    assert!(r.unmatched.is_empty(), "{:#?}", r.unmatched);
    assert_eq!(r.duplicates.len(), 2);
    assert_counts_match_the_body(&r);
    let priced = r.models.values().filter(|m| m.is_pricing_available).count();
    assert_eq!(priced, 17);
}

#[test]
fn counts_per_offer_with_the_newest_model_list() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let r = match_prices(&models_from(&[NEWEST_MODELS]), &whole_offers());
    let counts: Vec<(&str, usize, usize, usize, usize)> = r
        .offers
        .iter()
        .map(|(code, s)| {
            (
                code.as_str(),
                s.rows_read,
                s.rows_matched,
                s.rows_duplicate,
                s.rows_unmatched,
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("AmazonBedrock", 75, 71, 2, 2),
            ("AmazonBedrockFoundationModels", 73, 72, 0, 1),
            ("AmazonBedrockService", 8, 8, 0, 0)
        ]
    );
    assert_counts_match_the_body(&r);
    // The duplicates, with both SKUs: each AmazonBedrock row repeats a FoundationModels price.
    let dups: Vec<(&str, &str, &str, &str, &str, bool)> = r
        .duplicates
        .iter()
        .map(|d| {
            (
                d.model_key.as_str(),
                d.region.as_str(),
                d.dimension.as_str(),
                d.kept.offer.as_str(),
                d.dropped.offer.as_str(),
                d.kept.sku != d.dropped.sku,
            )
        })
        .collect();
    assert_eq!(dups.len(), 2);
    assert!(
        dups.iter()
            .all(|d| d.3 == "AmazonBedrockFoundationModels" && d.4 == "AmazonBedrock" && d.5),
        "{dups:?}"
    );
    // Only the rows of models missing from that list (Titan Text G1 - Express, Stable Image Core).
    let unmatched: Vec<(&str, &str, &str)> = r
        .unmatched
        .iter()
        .map(|u| (u.sku.as_str(), u.usagetype.as_str(), u.reason.code()))
        .collect();
    assert_eq!(
        unmatched,
        [
            (
                "FX98VC7W87723UF5",
                "USE1-TitanTextG1-Express-input-tokens",
                "no_model"
            ),
            (
                "FX2UZZCFPQEQR3Z3",
                "USE1-TitanTextG1-Express-output-tokens",
                "no_model"
            ),
            (
                "FXP3NEHPJB4CP6R5",
                "USW2-MP:USW2_created_image_stable_image_core-Units",
                "no_model"
            ),
        ]
    );
    assert_eq!(
        r.offers["AmazonBedrock"].unmatched_by_reason,
        BTreeMap::from([("no_model".to_owned(), 2)])
    );
    assert_eq!(
        r.unmatched[0].reason.to_string(),
        r#"no model is named usagetype token "TitanTextG1-Express""#
    );
    let UnmatchedReason::NoModel(detail) = &r.unmatched[2].reason else {
        panic!("{:?}", r.unmatched[2])
    };
    assert!(
        detail.contains("stability.stable-image-core-v1"),
        "{detail}"
    );
}

#[test]
fn per_region_files_give_the_same_result_as_whole_offers() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let models = all_models();
    let whole = match_prices(&models, &whole_offers());
    let mut regional_offers = regional_offers();
    let regional = match_prices(&models, &regional_offers);
    assert_eq!(whole.models, regional.models);
    assert_eq!(whole.unmatched, regional.unmatched);
    assert_eq!(whole.duplicates, regional.duplicates);
    assert_eq!(regional.offers["AmazonBedrock"].files, 4);
    assert_eq!(
        regional.offers["AmazonBedrockFoundationModels"].rows_read,
        73
    );
    // The order of the offers does not matter.
    regional_offers.reverse();
    assert_eq!(match_prices(&models, &regional_offers), regional);
}

#[test]
fn region_index_and_offer_metadata() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let index = parse_region_index(&read(
        "price-list/offers/v1.0/aws/AmazonBedrock/current/region_index.json",
    ))
    .expect("region index");
    assert_eq!(index.publication_date, "2026-09-11T12:44:08Z");
    assert_eq!(
        index.regions.keys().collect::<Vec<_>>(),
        ["ap-northeast-1", "eu-central-1", "us-east-1", "us-west-2"]
    );
    assert_eq!(
        index.regions["us-east-1"],
        "/offers/v1.0/aws/AmazonBedrock/20260911124408/us-east-1/index.json"
    );
    let offer = parse_offer(&read(
        "price-list/offers/v1.0/aws/AmazonBedrock/20260911124408/us-east-1/index.json",
    ))
    .expect("offer");
    assert_eq!(
        (
            offer.offer_code.as_str(),
            offer.version.as_str(),
            offer.publication_date.as_str(),
            offer.rows.len()
        ),
        (
            "AmazonBedrock",
            "20260911124408",
            "2026-09-11T12:44:08Z",
            34
        )
    );
    let express = offer
        .rows
        .iter()
        .find(|r| r.sku == "FX2UZZCFPQEQR3Z3")
        .expect("Titan Express row");
    assert_eq!(
        express.identity,
        Some(Identity {
            source: IdentitySource::UsagetypeToken,
            value: "TitanTextG1-Express".into()
        })
    );
    assert_eq!(express.provider, None);
}

#[test]
fn phase_3_region_cross_check() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let r = match_prices(&models_from(&[NEWEST_MODELS]), &whole_offers());
    let check = &r.models[NOVA_PRO].region_check;
    assert_eq!(check.listed_by_api, ["us-east-1"]);
    assert_eq!(
        check.priced_not_listed,
        ["ap-northeast-1", "eu-central-1", "us-west-2"]
    );
    assert!(check.listed_not_priced.is_empty() && !check.agree);
    // Listed by the API, absent from the price list.
    let glm = &r.models["zai.glm-5"];
    assert!(!glm.is_pricing_available && glm.pricing_summary.is_none());
    assert_eq!(glm.region_check.listed_not_priced, ["us-east-1"]);
}

#[test]
fn legacy_fields_serialize_with_their_names() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let r = match_prices(&models_from(&[NEWEST_MODELS]), &whole_offers());
    let json = serde_json::to_value(&r).expect("serialize");
    let nova = &json["models"][NOVA_PRO];
    assert_eq!(nova["is_pricing_available"], true);
    assert_eq!(nova["pricing_file_reference"]["model_key"], NOVA_PRO);
    assert_eq!(nova["pricing_summary"]["total_regions"], 4);
    assert_eq!(
        nova["regions"]["us-east-1"]["on_demand"]["input_tokens"]["price_usd"],
        0.8
    );
    let glm = &json["models"]["zai.glm-5"];
    assert_eq!(glm["is_pricing_available"], false);
    assert_eq!(glm["pricing_reference_id"], serde_json::Value::Null);
    assert_eq!(json["unmatched"][0]["reason"]["kind"], "no_model");
}

// --------------------------------------------------------------------------------------------
// Synthetic offers (written here, not copied from the fixture)
// --------------------------------------------------------------------------------------------

/// One product of a synthetic offer, with a single on-demand price.
struct Row {
    sku: &'static str,
    attributes: serde_json::Value,
    unit: &'static str,
    usd: &'static str,
    description: &'static str,
}

impl Row {
    fn unit(self, unit: &'static str, description: &'static str) -> Self {
        Row {
            unit,
            description,
            ..self
        }
    }

    fn usd(self, usd: &'static str) -> Self {
        Row { usd, ..self }
    }
}

fn row(sku: &'static str, attributes: serde_json::Value) -> Row {
    Row {
        sku,
        attributes,
        unit: "1K tokens",
        usd: "0.0010000000",
        description: "",
    }
}

/// AmazonBedrock-style attributes in us-west-2.
fn bedrock(
    usagetype: &str,
    model: &str,
    provider: &str,
    inference_type: &str,
) -> serde_json::Value {
    serde_json::json!({ "regionCode": "us-west-2", "usagetype": usagetype, "model": model,
        "provider": provider, "inferenceType": inference_type, "feature": "On-demand Inference",
        "servicename": "Amazon Bedrock" })
}

fn synthetic_offer(code: &str, rows: Vec<Row>) -> serde_json::Value {
    let mut products = serde_json::Map::new();
    let mut on_demand = serde_json::Map::new();
    for Row {
        sku,
        attributes,
        unit,
        usd,
        description,
    } in rows
    {
        products.insert(
            sku.into(),
            serde_json::json!({ "sku": sku, "attributes": attributes }),
        );
        let term = format!("{sku}.JRTCKXETXF");
        let rate = format!("{term}.6YS6EN2CT7");
        let dimension = serde_json::json!({ "unit": unit, "description": description,
            "pricePerUnit": { "USD": usd } });
        let terms = serde_json::json!({ term: { "priceDimensions": { rate: dimension } } });
        on_demand.insert(sku.into(), terms);
    }
    serde_json::json!({ "formatVersion": "v1.0", "offerCode": code, "version": "20260101000000",
        "publicationDate": "2026-01-01T00:00:00Z", "products": products,
        "terms": { "OnDemand": on_demand } })
}

fn parse_json(doc: &serde_json::Value) -> Offer {
    parse_offer(&serde_json::to_vec(doc).expect("serialize")).expect("synthetic offer parses")
}

fn model(key: &str, provider: &str, name: &str) -> ModelRef {
    ModelRef {
        key: key.into(),
        model_id: format!("{key}:0"),
        variant_ids: vec![format!("{key}:0")],
        provider: provider.into(),
        name: name.into(),
        regions: vec!["us-west-2".into()],
        ..Default::default()
    }
}

#[test]
fn llama_sizes_and_versions_are_never_confused() {
    let llama = |sku, usagetype, name, usd| {
        row(sku, bedrock(usagetype, name, "Meta", "Input tokens")).usd(usd)
    };
    let mut other_provider = llama(
        "S11ACME",
        "USW2-Llama3-2-11B-input-tokens",
        "Llama 3.2 11B",
        "1",
    );
    other_provider.attributes["provider"] = "Acme".into();
    let offer = parse_json(&synthetic_offer(
        "AmazonBedrock",
        vec![
            llama(
                "S11",
                "USW2-Llama3-2-11B-input-tokens",
                "Llama 3.2 11B",
                "0.00016",
            ),
            llama(
                "S90",
                "USW2-Llama3-2-90B-input-tokens",
                "Llama 3.2 90B",
                "0.00072",
            ),
            llama(
                "S8",
                "USW2-Llama3-1-8B-input-tokens",
                "Llama 3.1 8B",
                "0.00022",
            ),
            llama("S32", "USW2-Llama3-2-input-tokens", "Llama 3.2", "0.0001"),
            other_provider,
        ],
    ));
    let models = [
        model(
            "meta.llama3-2-11b-instruct-v1",
            "Meta",
            "Llama 3.2 11B Instruct",
        ),
        model(
            "meta.llama3-2-90b-instruct-v1",
            "Meta",
            "Llama 3.2 90B Instruct",
        ),
        model(
            "meta.llama3-1-8b-instruct-v1",
            "Meta",
            "Llama 3.1 8B Instruct",
        ),
        model(
            "meta.llama3-1-70b-instruct-v1",
            "Meta",
            "Llama 3.1 70B Instruct",
        ),
    ];
    let r = match_prices(&models, &[offer]);
    let input = |key| usd(&r, key, "us-west-2", "on_demand", "input_tokens");
    assert_eq!(input("meta.llama3-2-11b-instruct-v1"), 0.16);
    assert_eq!(input("meta.llama3-2-90b-instruct-v1"), 0.72);
    assert_eq!(input("meta.llama3-1-8b-instruct-v1"), 0.22);
    assert!(!r.models["meta.llama3-1-70b-instruct-v1"].is_pricing_available);
    // A size-less "Llama 3.2" and another provider's "Llama 3.2 11B" fit no model.
    let unmatched: Vec<(&str, &str)> = r
        .unmatched
        .iter()
        .map(|u| (u.sku.as_str(), u.reason.code()))
        .collect();
    assert_eq!(unmatched, [("S11ACME", "no_model"), ("S32", "no_model")]);
    assert!(r.duplicates.is_empty());
}

#[test]
fn a_row_that_fits_two_models_stays_unmatched() {
    // Two catalogue entries share a display name (up to case): a row naming it without an alias is
    // ambiguous. The `titanModel` alias still resolves exactly.
    let by_servicename = serde_json::json!({ "regionCode": "us-west-2",
        "servicename": "Titan Text Embeddings V2 (Amazon Bedrock Edition)",
        "usagetype": "USW2-MP:USW2_InputTokenCount-Units" });
    let by_titan_model = serde_json::json!({ "regionCode": "us-west-2",
        "titanModel": "TitanEmbeddingsV2-Text-input", "servicename": "Amazon Bedrock",
        "usagetype": "USW2-TitanEmbeddingV2-Text-input-tokens" });
    let offer = parse_json(&synthetic_offer(
        "AmazonBedrockFoundationModels",
        vec![
            row("AMBIGUOUS", by_servicename)
                .unit("1M tokens", "")
                .usd("0.02"),
            row("ALIAS", by_titan_model).usd("0.00002"),
        ],
    ));
    let models = [
        model(
            "amazon.titan-embed-text-v2",
            "Amazon",
            "Titan Text Embeddings V2",
        ),
        model(
            "amazon.titan-embed-g1-text-02",
            "Amazon",
            "Titan Text Embeddings v2",
        ),
    ];
    let r = match_prices(&models, &[offer]);
    assert_eq!(r.unmatched.len(), 1);
    let expected = [
        "amazon.titan-embed-g1-text-02",
        "amazon.titan-embed-text-v2",
    ];
    assert_eq!(
        r.unmatched[0].reason,
        UnmatchedReason::Ambiguous(expected.map(String::from).to_vec())
    );
    let kept = price(
        &r,
        "amazon.titan-embed-text-v2",
        "us-west-2",
        "on_demand",
        "input_tokens",
    );
    assert_eq!((kept.sku.as_str(), kept.price_usd), ("ALIAS", 0.02));
    assert!(!r.models["amazon.titan-embed-g1-text-02"].is_pricing_available);
}

#[test]
fn bad_rows_are_reported_not_guessed() {
    let nova = |sku, usagetype, inference_type| {
        row(
            sku,
            bedrock(usagetype, "Nova Pro", "Amazon", inference_type),
        )
    };
    let mut no_region = nova("G_NOREGION", "USW2-NovaPro-output-tokens", "Output tokens");
    no_region
        .attributes
        .as_object_mut()
        .expect("object")
        .remove("regionCode");
    let mut feature_conflict = nova(
        "H_CONFLICT",
        "USW2-NovaPro-input-tokens-flex",
        "Input tokens",
    );
    feature_conflict.attributes["feature"] = "Batch Inference".into();
    let mut doc = synthetic_offer(
        "AmazonBedrock",
        vec![
            nova("A_OK", "USW2-NovaPro-input-tokens", "Input tokens").usd("0.0008"),
            nova("B_BADPRICE", "USW2-NovaPro-output-tokens", "Output tokens").usd("0.00x8"),
            nova("C_ZERO", "USW2-NovaPro-input-tokens-latency-optimized", "").usd("0.0000000000"),
            nova("D_UNIT", "USW2-NovaPro-output-tokens-flex", "").unit("GB-Mo", ""),
            nova(
                "E_SPEECH",
                "USW2-NovaPro-input-tokens-priority",
                "Speech understanding input token",
            ),
            nova("F_CUSTOM", "USW2-NovaPro-Customization-Training", ""),
            no_region,
            feature_conflict,
            nova(
                "I_UNKNOWNWORD",
                "USW2-NovaPro-input-tokens-turbo",
                "Input tokens",
            ),
            nova("J_NOTERM", "USW2-NovaPro-cache-read-input-token-count", ""),
            nova(
                "K_TEXT",
                "USW2-NovaPro-text-input-tokens-flex",
                "Text input tokens flex",
            )
            .usd("0.0005"),
            nova(
                "L_TWO",
                "USW2-NovaPro-output-tokens-priority",
                "Output tokens priority",
            ),
        ],
    );
    // J loses its term; L gets a second price dimension (a volume tier).
    let on_demand = &mut doc["terms"]["OnDemand"];
    on_demand.as_object_mut().expect("terms").remove("J_NOTERM");
    let l_dimensions = &mut on_demand["L_TWO"]["L_TWO.JRTCKXETXF"]["priceDimensions"];
    let second = l_dimensions["L_TWO.JRTCKXETXF.6YS6EN2CT7"].clone();
    l_dimensions
        .as_object_mut()
        .expect("dimensions")
        .insert("L_TWO.JRTCKXETXF.TIER2".into(), second);

    let offer = parse_json(&doc);
    let problems: Vec<(&str, Option<&str>)> = offer
        .rows
        .iter()
        .map(|r| (r.sku.as_str(), r.usage.as_ref().err().map(RowProblem::code)))
        .collect();
    assert_eq!(
        problems,
        [
            ("A_OK", None),
            ("B_BADPRICE", Some("bad_price")),
            ("C_ZERO", Some("zero_price")),
            ("D_UNIT", Some("unknown_unit")),
            ("E_SPEECH", Some("unclassified")),
            ("F_CUSTOM", Some("unclassified")),
            ("G_NOREGION", Some("no_region")),
            ("H_CONFLICT", Some("unclassified")),
            ("I_UNKNOWNWORD", Some("unclassified")),
            ("J_NOTERM", Some("no_price")),
            ("K_TEXT", None),
            ("L_TWO", Some("multiple_prices")),
        ]
    );
    let r = match_prices(&[model(NOVA_PRO, "Amazon", "Nova Pro")], &[offer]);
    assert_eq!(
        usd(&r, NOVA_PRO, "us-west-2", "on_demand", "input_tokens"),
        0.8
    );
    // Tokens of one modality keep their own dimension.
    assert_eq!(
        usd(&r, NOVA_PRO, "us-west-2", "flex", "text_input_tokens"),
        0.5
    );
    let s = &r.offers["AmazonBedrock"];
    assert_eq!((s.rows_read, s.rows_matched, s.rows_unmatched), (12, 2, 10));
    assert_eq!(s.unmatched_by_reason["unclassified"], 4);
    // The rows still name their model, so the report says whose price was dropped.
    assert!(
        r.unmatched
            .iter()
            .all(|u| u.model_key.as_deref() == Some(NOVA_PRO))
    );
}

#[test]
fn malformed_documents_are_errors_not_panics() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let whole = read("price-list/offers/v1.0/aws/AmazonBedrockService/current/index.json");
    let truncated = parse_offer(&whole[..whole.len() / 2]).expect_err("truncated");
    assert_eq!(truncated.kind, PriceListErrorKind::Truncated);
    assert_eq!(truncated.document, PriceListDocument::OfferFile);
    let message = truncated.to_string();
    assert!(
        message.starts_with("price list offer file ends early (truncated download?) at line "),
        "{message}"
    );
    assert!(std::error::Error::source(&truncated).is_some());

    assert_eq!(
        parse_offer(b"<html>Service Unavailable</html>")
            .expect_err("html")
            .kind,
        PriceListErrorKind::Syntax
    );
    assert_eq!(
        parse_offer(b"").expect_err("empty").kind,
        PriceListErrorKind::Truncated
    );
    assert_eq!(
        parse_offer(&[0xff, 0xfe, b'{'])
            .expect_err("not UTF-8")
            .kind,
        PriceListErrorKind::Syntax
    );
    let shape =
        parse_offer(br#"{"offerCode": "AmazonBedrock", "version": "1"}"#).expect_err("no products");
    assert_eq!(shape.kind, PriceListErrorKind::Shape);
    assert!(
        shape.to_string().contains("missing field `products`"),
        "{shape}"
    );
    let wrong_type =
        parse_offer(br#"{"offerCode": 7, "version": "1", "products": {}}"#).expect_err("number");
    assert_eq!(wrong_type.kind, PriceListErrorKind::Shape);

    let index = read("price-list/offers/v1.0/aws/AmazonBedrock/current/region_index.json");
    let error = parse_region_index(&index[..100]).expect_err("truncated index");
    assert_eq!(error.document, PriceListDocument::RegionIndex);
    assert!(
        error
            .to_string()
            .starts_with("price list region index ends early"),
        "{error}"
    );
    // A region index is not an offer file, and the other way round.
    assert!(parse_offer(&index).is_err());
    assert!(parse_region_index(&whole).is_err());
}

#[test]
fn escaped_strings_are_read() {
    // Borrowed parsing must not reject strings with escapes.
    let bytes = br#"{"offerCode":"AmazonBedrock","version":"1","products":{"S1":{"attributes":{
        "regionCode":"us-west-2","usagetype":"USW2-NovaPro-input-tokens","model":"Nova\u0020Pro","provider":"Amazon"}}},
        "terms":{"OnDemand":{"S1":{"S1.T":{"priceDimensions":{"S1.T.R":{"unit":"1K tokens",
        "description":"caf\u00e9","pricePerUnit":{"USD":"0.0008"}}}}}}}}"#;
    let offer = parse_offer(bytes).expect("offer");
    assert_eq!(
        offer.rows[0].identity.as_ref().map(|i| i.value.as_str()),
        Some("Nova Pro")
    );
    assert_eq!(offer.rows[0].usage.as_ref().map(|u| u.price_usd), Ok(0.8));
}

// --------------------------------------------------------------------------------------------
// Rules, one by one
// --------------------------------------------------------------------------------------------

#[test]
fn name_normalisation_rule() {
    assert_eq!(normalise_name("Llama 3.3 70B Instruct"), "llama 3.3 70b");
    assert_eq!(normalise_name("Llama 3.3 70B"), "llama 3.3 70b");
    assert_ne!(
        normalise_name("Llama 3.2 11B Instruct"),
        normalise_name("Llama 3.2 90B")
    );
    assert_eq!(
        normalise_name("Nova 2.0 Lite"),
        normalise_name("Nova 2 Lite")
    );
    assert_ne!(
        normalise_name("Claude 3.5 Sonnet"),
        normalise_name("Claude 3 Sonnet")
    );
    assert_ne!(
        normalise_name("Nova 2.0 Lite"),
        normalise_name("Nova 2.5 Lite")
    );
    assert_eq!(
        normalise_name("Titan Text G1 - Express"),
        "titan text g1 express"
    );
    assert_eq!(normalise_name("Command R+"), "command r+");
    assert_ne!(normalise_name("Command R+"), normalise_name("Command R"));
    assert_eq!(
        normalise_name("Mistral Large (24.02)"),
        "mistral large 24.02"
    );
    assert_eq!(
        token_to_name("TitanTextG1-Express"),
        "titan text g1 express"
    );
    let deepseek = provider_words("DeepSeek");
    assert_eq!(strip_provider(&name_words("DeepSeek-R1"), &deepseek), "r1");
    assert_eq!(strip_provider(&name_words("R1"), &deepseek), "r1");
    assert_eq!(
        strip_provider(&name_words("DeepSeek"), &deepseek),
        "deepseek",
        "never strips to nothing"
    );
}

/// Resolves one identity against the full fixture catalogue: `Ok(key)`, or `Err(reason code)`.
fn resolve_against_catalogue(
    index: &ModelIndex,
    source: IdentitySource,
    value: &str,
    provider: Option<&str>,
) -> Result<String, &'static str> {
    let row = OfferRow {
        sku: "S".into(),
        region: "us-east-1".into(),
        usagetype: String::new(),
        identity: Some(Identity {
            source,
            value: value.into(),
        }),
        provider: provider.map(str::to_owned),
        usage: Err(RowProblem::NoPrice),
    };
    match index.resolve(&row) {
        Resolution::Model(m) => Ok(m.key.clone()),
        Resolution::NoIdentity => Err("no_identity"),
        Resolution::NoModel(_) => Err("no_model"),
        Resolution::Ambiguous(_) => Err("ambiguous"),
    }
}

#[test]
fn price_list_identities_resolve_exactly() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    use IdentitySource::{Model, Servicename, UsagetypeToken};
    let models = all_models();
    let index = ModelIndex::new(&models);
    // `model` values (with `provider`) and FM `servicename` values quoted in price-list-format.md.
    // (attribute, value, provider attribute, model key or reason code)
    type Case = (
        IdentitySource,
        &'static str,
        Option<&'static str>,
        Result<&'static str, &'static str>,
    );
    let cases: &[Case] = &[
        (
            Model,
            "Claude 2.0",
            Some("Anthropic"),
            Ok("anthropic.claude-v2"),
        ),
        (
            Model,
            "Claude 3 Haiku",
            Some("Anthropic"),
            Ok("anthropic.claude-3-haiku-20240307-v1"),
        ),
        (
            Model,
            "Llama 3.1 70B",
            Some("Meta"),
            Ok("meta.llama3-1-70b-instruct-v1"),
        ),
        (
            Model,
            "Llama 3.1 70B Latency Optimized",
            Some("Meta"),
            Ok("meta.llama3-1-70b-instruct-v1"),
        ),
        (
            Model,
            "Llama 4 Maverick 17B",
            Some("Meta"),
            Ok("meta.llama4-maverick-17b-instruct-v1"),
        ),
        (Model, "Llama 3.2", Some("Meta"), Err("no_model")),
        (
            Model,
            "Nova Premier",
            Some("Amazon"),
            Ok("amazon.nova-premier-v1"),
        ),
        (
            Model,
            "Nova 2.0 Lite",
            Some("Amazon"),
            Ok("amazon.nova-2-lite-v1"),
        ),
        (Model, "Nova 2.0 Pro", Some("Amazon"), Err("no_model")),
        (
            Model,
            "Mistral Large 3",
            Some("Mistral AI"),
            Ok("mistral.mistral-large-3-675b-instruct"),
        ),
        (
            Model,
            "Mistral Large",
            Some("Mistral AI"),
            Ok("mistral.mistral-large-2402-v1"),
        ),
        (
            Model,
            "Pixtral Large 25.02",
            Some("Mistral AI"),
            Ok("mistral.pixtral-large-2502-v1"),
        ),
        (
            Model,
            "Qwen3 Coder 30B A3B",
            Some("Qwen"),
            Ok("qwen.qwen3-coder-30b-a3b-v1"),
        ),
        (Model, "Qwen3 32B", Some("Qwen"), Ok("qwen.qwen3-32b-v1")),
        (Model, "R1", Some("DeepSeek"), Ok("deepseek.r1-v1")),
        (
            Model,
            "DeepSeek v3.2",
            Some("DeepSeek"),
            Ok("deepseek.v3.2"),
        ),
        (Model, "R1", Some("Meta"), Err("no_model")),
        (
            Model,
            "Nova MME",
            Some("Amazon"),
            Ok("amazon.nova-2-multimodal-embeddings-v1"),
        ),
        (
            Servicename,
            "Claude Sonnet 4.5",
            None,
            Ok("anthropic.claude-sonnet-4-5-20250929-v1"),
        ),
        (
            Servicename,
            "Claude Sonnet 4",
            None,
            Ok("anthropic.claude-sonnet-4-20250514-v1"),
        ),
        (
            Servicename,
            "Claude 3.5 Sonnet",
            None,
            Ok("anthropic.claude-3-5-sonnet-20240620-v1"),
        ),
        (
            Servicename,
            "Claude 3.5 Sonnet v2",
            None,
            Ok("anthropic.claude-3-5-sonnet-20241022-v2"),
        ),
        (Servicename, "Claude", None, Ok("anthropic.claude-v2")),
        (
            Servicename,
            "Claude Instant",
            None,
            Ok("anthropic.claude-instant-v1"),
        ),
        (Servicename, "Claude Instant (100K)", None, Err("no_model")),
        (
            Servicename,
            "Cohere Command R+",
            None,
            Ok("cohere.command-r-plus-v1"),
        ),
        (
            Servicename,
            "Cohere Command R",
            None,
            Ok("cohere.command-r-v1"),
        ),
        (
            Servicename,
            "Cohere Embed 3 Model - English",
            None,
            Ok("cohere.embed-english-v3"),
        ),
        (
            Servicename,
            "Jamba 1.5 Large",
            None,
            Ok("ai21.jamba-1-5-large-v1"),
        ),
        (Servicename, "Palmyra X4", None, Ok("writer.palmyra-x4-v1")),
        (
            UsagetypeToken,
            "TitanTextG1-Express",
            None,
            Ok("amazon.titan-text-express-v1"),
        ),
        (
            UsagetypeToken,
            "mistral.mistral-large-3-675b-instruct",
            None,
            Ok("mistral.mistral-large-3-675b-instruct"),
        ),
        (UsagetypeToken, "Llama3-3-70B", None, Err("no_model")),
        // Two catalogue keys carry this display name (up to case).
        (
            Servicename,
            "Titan Text Embeddings V2",
            None,
            Err("ambiguous"),
        ),
    ];
    for (source, value, provider, expected) in cases {
        let got = resolve_against_catalogue(&index, *source, value, *provider);
        assert_eq!(
            got.as_deref().map_err(|e| *e),
            *expected,
            "{source:?} {value:?} {provider:?}"
        );
    }
}

#[test]
fn aliases_point_at_catalogue_keys() {
    let Some(_) = crate::fixtures_gate::fixtures() else {
        return;
    };
    let keys: BTreeSet<String> = all_models().into_iter().map(|m| m.key).collect();
    for (source, value, key) in ALIASES {
        assert!(
            keys.contains(*key),
            "{source:?} {value:?} → {key} is not a fixture model key"
        );
    }
    let sources_and_values: BTreeSet<_> = ALIASES.iter().map(|(s, v, _)| (s, v)).collect();
    assert_eq!(
        sources_and_values.len(),
        ALIASES.len(),
        "an identity has one alias at most"
    );
}

#[test]
fn usagetype_grammar() {
    let p =
        parse_usagetype("USW2-mistral.mistral-large-3-675b-instruct-mantle-input-tokens-standard");
    assert_eq!(
        p.model_token.as_deref(),
        Some("mistral.mistral-large-3-675b-instruct")
    );
    assert!(p.mantle);
    assert_eq!(p.words, ["input", "tokens", "standard"]);
    let p = parse_usagetype("USE1-MP:USE1_CacheWrite1hInputTokenCount_Global-Units");
    assert_eq!(p.model_token, None);
    assert_eq!(
        p.words,
        ["cache", "write1h", "input", "token", "count", "global"]
    );
    let p = parse_usagetype("USE1-Llama3-1-70B-LatencyOptimized-input-tokens");
    assert_eq!(p.model_token.as_deref(), Some("Llama3-1-70B"));
    let p = parse_usagetype("USE1-NovaCanvas-T2I-1024-Standard");
    assert_eq!(
        p.image.as_deref(),
        Some(&["t2i".to_owned(), "1024".into(), "standard".into()][..])
    );
    let p = parse_usagetype("USE1-Nova2.0Pro-text-input-tokens-priority-cross-region-global");
    assert_eq!(
        (p.model_token.as_deref(), p.modality.as_deref()),
        (Some("Nova2.0Pro-text"), Some("text"))
    );
    assert_eq!(
        split_words("Reserved_1Month_InputTPM_Geo"),
        ["reserved", "1", "month", "input", "tpm", "geo"]
    );
    assert_eq!(
        split_words("InputTokenCount_LCtx_Global"),
        ["input", "token", "count", "lctx", "global"]
    );
}

fn classify_text(usagetype: &str) -> Result<(String, String), RowProblem> {
    let parsed = parse_usagetype(usagetype);
    classify(&parsed, &RawAttributes::default(), None).map(|c| (c.route, c.dimension))
}

#[test]
fn route_and_dimension_rule() {
    let ok = |route: &str, dimension: &str| Ok((route.to_owned(), dimension.to_owned()));
    assert_eq!(
        classify_text("USE1-MP:USE1_InputTokenCount-Units"),
        ok("on_demand", "input_tokens")
    );
    assert_eq!(
        classify_text("USE1-MP:USE1_OutputTokenCount_Geo-Units"),
        ok("on_demand_geo", "output_tokens")
    );
    assert_eq!(
        classify_text("USE1-MP:USE1_InputTokenCount_Global_Batch-Units"),
        ok("batch_global", "input_tokens")
    );
    assert_eq!(
        classify_text("APN1-MP:APN1_MillionBatchInputTokens-Units"),
        ok("batch", "input_tokens")
    );
    assert_eq!(
        classify_text("USE1-MP:USE1_CacheReadInputTokenCount_LCtx-Units"),
        ok("on_demand", "cache_read_input_tokens_long_context")
    );
    assert_eq!(
        classify_text("APN2-MP:APN2_CacheWrite1hInputTokenCount_LCtx_Global-Units"),
        ok(
            "on_demand_global",
            "cache_write_1h_input_tokens_long_context"
        )
    );
    assert_eq!(
        classify_text("APS7-MP:APS7_Reserved_1Month_InputTPM_Geo-Units"),
        ok("reserved_geo", "input_tpm_1_month")
    );
    assert_eq!(
        classify_text("USE1-MP:USE1_cache_write_tokens_1h_global_standard-Units"),
        ok("on_demand_global", "cache_write_1h_input_tokens")
    );
    assert_eq!(
        classify_text("USE1-MP:USE1_input_tokens_long_ctx_global_standard-Units"),
        ok("on_demand_global", "input_tokens_long_context")
    );
    assert_eq!(
        classify_text("USE1-Claude4Sonnet-input-tokens-cross-region-global-batch"),
        ok("batch_global", "input_tokens")
    );
    assert_eq!(
        classify_text(
            "USE1-Claude4.5Sonnet-reserved-3-month-input-tokens-per-minute-cross-region-geo"
        ),
        ok("reserved_geo", "input_tpm_3_month")
    );
    assert_eq!(
        classify_text("USE1-Nova2.0Lite-ProvisionedThroughput-NoCommit-ModelUnits"),
        ok("provisioned", "model_unit_no_commit")
    );
    assert_eq!(
        classify_text("APN1-zai.glm5-mantle-input-tokens-flex"),
        ok("mantle_flex", "input_tokens")
    );
    assert_eq!(
        classify_text("USE1-Qwen3Coder-30B-A3B-output-tokens-priority"),
        ok("priority", "output_tokens")
    );
    assert_eq!(
        classify_text("USE1-Llama3-1-70B-LatencyOptimized-input-tokens"),
        ok("latency_optimized", "input_tokens")
    );
    for bad in [
        "USE1-Nova2.0Lite-Customization-Training",
        "USE1-NovaPro-input-tokens-custom-model",
        "USE1-MP:USE1_inputAudioSecond-Units",
        "USE1-MP:USE1_search_units-Units",
        "USE1-MP:USE1_InputTokenCount_Global_Geo-Units",
        "USE1-MP:USE1_Reserved_1Month_Geo-Units",
        "USE1-Nova2.0Lite-ProvisionedThroughput-ModelUnits",
        "USE1-AmazonRerank-v1-searchunits",
    ] {
        assert!(
            matches!(classify_text(bad), Err(RowProblem::Unclassified(_))),
            "{bad}: {:?}",
            classify_text(bad)
        );
    }
}

#[test]
fn decimal_scaling_is_exact() {
    assert_eq!(parse_decimal("0.0008000000", 3), Some(0.8));
    assert_eq!(parse_decimal("0.0000175000", 3), Some(0.0175));
    assert_eq!(parse_decimal("0.0026300000", 3), Some(2.63));
    assert_eq!(parse_decimal("3.3000000000", 0), Some(3.3));
    assert_eq!(parse_decimal("24", 3), Some(24000.0));
    assert_eq!(parse_decimal(".5", 0), Some(0.5));
    for bad in ["", ".", "-1", "1e-3", "0,5", "abc", "1.2.3", " 1"] {
        assert_eq!(parse_decimal(bad, 3), None, "{bad:?}");
    }
}

/// Every offer's `rows_matched` is the number of its prices in the body, and its rows add up.
fn assert_counts_match_the_body(r: &PricingResult) {
    let mut in_body: BTreeMap<&str, usize> = BTreeMap::new();
    for m in r.models.values() {
        for routes in m.regions.values() {
            for dims in routes.values() {
                for p in dims.values() {
                    *in_body.entry(p.offer.as_str()).or_default() += 1;
                }
            }
        }
    }
    for (code, s) in &r.offers {
        assert_eq!(
            s.rows_matched,
            in_body.get(code.as_str()).copied().unwrap_or(0),
            "{code}"
        );
        assert_eq!(
            s.rows_read,
            s.rows_matched + s.rows_duplicate + s.rows_unmatched,
            "{code}"
        );
        let dropped = r
            .duplicates
            .iter()
            .filter(|d| &d.dropped.offer == code)
            .count();
        assert_eq!(s.rows_duplicate, dropped, "{code}");
    }
}

#[test]
fn prices_out_of_range_are_rejected_with_their_reason() {
    let nova = |sku, usagetype, description| {
        row(sku, bedrock(usagetype, "Nova Pro", "Amazon", description))
    };
    let doc = synthetic_offer(
        "AmazonBedrock",
        vec![
            nova("A_OK", "USW2-NovaPro-input-tokens", "Input tokens").usd("0.0008"),
            // $25 per 1K tokens: $25,000 per 1M, beyond any real price.
            nova("M_ABSURD", "USW2-NovaPro-output-tokens", "Output tokens").usd("25"),
            nova("N_NEGATIVE", "USW2-NovaPro-input-tokens-flex", "").usd("-0.0008"),
        ],
    );
    let offer = parse_json(&doc);
    let r = match_prices(&[model(NOVA_PRO, "Amazon", "Nova Pro")], &[offer]);
    assert_eq!(
        usd(&r, NOVA_PRO, "us-west-2", "on_demand", "input_tokens"),
        0.8
    );
    let rejected: Vec<(String, String, String)> = super::rejected_values(&r.unmatched)
        .into_iter()
        .map(|v| (v.key, v.value, v.reason))
        .collect();
    assert_eq!(
        rejected,
        [
            (
                "AmazonBedrock/N_NEGATIVE".to_string(),
                "-0.0008".to_string(),
                "price \"-0.0008\" is not a non-negative decimal".to_string()
            ),
            (
                "AmazonBedrock/M_ABSURD".to_string(),
                "25000 per 1M tokens".to_string(),
                "25000 USD per 1M tokens is more than any real price (10000)".to_string()
            ),
        ]
    );
    assert!(
        !r.models[NOVA_PRO].regions["us-west-2"]
            .get("on_demand")
            .is_some_and(|d| d.contains_key("output_tokens"))
    );
}
