//! The page from a small hand-made catalogue: cells, escaping, the policy, cards and changes.

use std::collections::BTreeMap;

use super::cell::{RegionState, cell, regions};
use super::*;
use crate::catalog::{
    ApiStatus, Catalog, Metadata, Model, ProfileEntry, Provider, RegionAvailability, RunStatus,
};
use crate::phases::changes::{ChangeEvent, ChangeKind, ChangeValue};
use crate::sources::{Api, Status};

fn api(status: Status) -> ApiStatus {
    ApiStatus {
        status,
        items: None,
        pages: 1,
        requests: None,
        attempts: None,
        passes: None,
        message: None,
        hint: None,
    }
}

fn profile(id: &str, from: &str, to: &[&str], global: bool) -> ProfileEntry {
    ProfileEntry {
        profile_id: id.into(),
        profile_name: id.into(),
        profile_type: "SYSTEM_DEFINED".into(),
        source_region: from.into(),
        description: String::new(),
        status: "ACTIVE".into(),
        destination_regions: to.iter().map(|s| s.to_string()).collect(),
        routes_globally: global,
        pricing: None,
        created_at: None,
        updated_at: None,
    }
}

fn available(types: &[&str], status: &str) -> RegionAvailability {
    RegionAvailability {
        inference_types_supported: types.iter().map(|s| s.to_string()).collect(),
        lifecycle_status: status.into(),
        model_ids: Vec::new(),
        lifecycle_dates: Default::default(),
    }
}

/// Regions: eu-west-1 and us-east-1 ok, us-west-2 ok but its profile listing throttled,
/// eu-central-2 not opted in, ap-south-1 failed discovery.
fn catalog() -> Catalog {
    let mut status = BTreeMap::new();
    for (region, lfm, lip) in [
        ("eu-west-1", Status::Ok, Status::Ok),
        ("us-east-1", Status::Ok, Status::Ok),
        ("us-west-2", Status::Ok, Status::Throttled),
        ("eu-central-2", Status::NotOptedIn, Status::NotOptedIn),
        ("ap-south-1", Status::Timeout, Status::Ok),
    ] {
        status.insert(
            region.to_string(),
            BTreeMap::from([
                (Api::ListFoundationModels, api(lfm)),
                (Api::ListInferenceProfiles, api(lip)),
            ]),
        );
    }
    let mut sonnet = Model {
        model_id: "anthropic.claude-x-v1".into(),
        model_name: "Claude <X> & \"friends\"".into(),
        model_provider: "Anthropic".into(),
        invocable_model_id: "anthropic.claude-x-v1:0".into(),
        ..Model::default()
    };
    sonnet.model_lifecycle.status = "ACTIVE".into();
    sonnet.model_lifecycle.legacy_time = Some("2027-01-03T00:00:00Z".into());
    sonnet.regional_availability.insert(
        "us-east-1".into(),
        available(&["ON_DEMAND", "INFERENCE_PROFILE"], "ACTIVE"),
    );
    sonnet.regional_availability.insert(
        "eu-west-1".into(),
        available(&["INFERENCE_PROFILE"], "ACTIVE"),
    );
    sonnet.cross_region_inference.profiles = vec![
        profile(
            "eu.anthropic.claude-x-v1:0",
            "eu-west-1",
            &["eu-west-1", "eu-west-3"],
            false,
        ),
        profile("global.anthropic.claude-x-v1:0", "eu-west-1", &[], true),
        profile(
            "us.anthropic.claude-x-v1:0",
            "us-east-1",
            &["us-east-1", "us-west-2"],
            false,
        ),
    ];
    let mut titan = Model {
        model_id: "amazon.titan-old-v1".into(),
        model_name: "Titan Old".into(),
        model_provider: "Amazon".into(),
        ..Model::default()
    };
    titan.model_lifecycle.status = "LEGACY".into();
    titan
        .regional_availability
        .insert("us-east-1".into(), available(&["PROVISIONED"], "LEGACY"));
    titan
        .regional_availability
        .insert("us-west-2".into(), available(&["ON_DEMAND"], "LEGACY"));
    let mut providers = BTreeMap::new();
    providers.insert(
        "Anthropic".to_string(),
        Provider {
            models: BTreeMap::from([(sonnet.model_id.clone(), sonnet)]),
        },
    );
    providers.insert(
        "Amazon".to_string(),
        Provider {
            models: BTreeMap::from([(titan.model_id.clone(), titan)]),
        },
    );
    Catalog {
        metadata: Metadata {
            collection_timestamp: "2026-12-04T10:00:00Z".into(),
            run_status: RunStatus::Partial,
            regions_requested: [
                "ap-south-1",
                "eu-central-2",
                "eu-west-1",
                "us-east-1",
                "us-west-2",
            ]
            .map(String::from)
            .to_vec(),
            regions_failed: vec!["ap-south-1".into(), "us-west-2".into()],
            regions_not_opted_in: vec!["eu-central-2".into()],
            region_status: status,
            ..Metadata::default()
        },
        providers,
    }
}

fn model<'a>(c: &'a Catalog, key: &str) -> &'a Model {
    c.providers
        .values()
        .find_map(|p| p.models.get(key))
        .unwrap()
}

#[test]
fn cells_say_how_and_never_call_a_failed_region_not_offered() {
    let c = catalog();
    let states = regions(&c);
    let at = |key: &str, region: &str| cell(model(&c, key), region, states[region]);
    let sonnet = "anthropic.claude-x-v1";
    assert_eq!(
        at(sonnet, "us-east-1"),
        Cell::Call {
            routes: vec![Route::InRegion, Route::Geo],
            profiles_unknown: false
        }
    );
    assert_eq!(
        at(sonnet, "eu-west-1"),
        Cell::Call {
            routes: vec![Route::Geo, Route::Global],
            profiles_unknown: false
        }
    );
    // Not listed and its profile listing failed: unknown, not "not offered".
    assert_eq!(
        at(sonnet, "us-west-2"),
        Cell::Unknown(Unknown::ProfilesFailed(Status::Throttled))
    );
    assert_eq!(
        at(sonnet, "eu-central-2"),
        Cell::Unknown(Unknown::NotOptedIn)
    );
    assert_eq!(
        at(sonnet, "ap-south-1"),
        Cell::Unknown(Unknown::DiscoveryFailed(Status::Timeout))
    );
    let titan = "amazon.titan-old-v1";
    assert_eq!(
        at(titan, "us-east-1"),
        Cell::Call {
            routes: vec![Route::Provisioned],
            profiles_unknown: false
        }
    );
    assert_eq!(
        at(titan, "us-west-2"),
        Cell::Call {
            routes: vec![Route::InRegion],
            profiles_unknown: true
        }
    );
    assert_eq!(at(titan, "eu-west-1"), Cell::NotOffered);
    assert_eq!(at(titan, "eu-west-1").code(), "n");
    assert_eq!(at(sonnet, "eu-west-1").code(), "g w");
    let listed = RegionState {
        discovery: None,
        profiles_failed: None,
    };
    let mut only_profile = model(&c, sonnet).clone();
    only_profile.cross_region_inference.profiles.clear();
    assert_eq!(cell(&only_profile, "eu-west-1", listed), Cell::ListedOnly);
}

/// The matrix row of the model `key`.
fn matrix_row<'a>(html: &'a str, key: &str) -> &'a str {
    html.split(&format!("data-key=\"{key}\""))
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap()
}

/// The `data-c` codes of a row's cells, in region order.
fn cell_codes(row: &str) -> Vec<&str> {
    row.match_indices("data-c=\"")
        .map(|(i, _)| row[i + 8..].split('"').next().unwrap())
        .collect()
}

#[test]
fn the_page_escapes_catalogue_text_and_keeps_the_cells() {
    let c = catalog();
    let html = render(&c, None);
    assert!(html.contains("Claude &lt;X&gt; &amp; &quot;friends&quot;"));
    assert!(!html.contains("Claude <X>"));
    // One header per region, in order, and the cells' codes.
    let needle = "<th scope=\"col\" data-region=\"";
    let heads: Vec<&str> = html
        .match_indices(needle)
        .map(|(i, _)| html[i + needle.len()..].split('"').next().unwrap())
        .collect();
    assert_eq!(
        heads,
        [
            "ap-south-1",
            "eu-central-2",
            "eu-west-1",
            "us-east-1",
            "us-west-2"
        ]
    );
    let row = matrix_row(&html, "anthropic.claude-x-v1");
    let codes = cell_codes(row);
    assert_eq!(codes, ["u", "u", "g w", "r g", "u"]);
    assert!(html.contains("<span class=\"badge partial\" id=\"run-status\">partial</span>"));
    // The legend lists the routes used and not Mantle, which nothing fills yet.
    assert!(html.contains("<b>global inference profile</b>"));
    assert!(!html.contains("<b>Mantle endpoint</b>"));
}

#[test]
fn the_policy_names_the_inline_script_and_style_and_allows_no_fetch() {
    let html = render(&catalog(), None);
    let csp = content_security_policy();
    assert!(csp.starts_with("default-src 'none'; script-src 'sha256-"));
    assert!(html.contains(&format!("content=\"{}\"", esc(&csp))));
    assert_eq!(html.matches("<script").count(), 1);
    assert_eq!(html.matches("<style").count(), 1);
    for fetch in [
        "src=\"http",
        "src=\"//",
        "<link",
        "url(http",
        "@import",
        "<iframe",
        "<img",
    ] {
        assert!(!html.contains(fetch), "{fetch}");
    }
}

#[test]
fn a_card_knows_routes_dates_and_what_it_does_not_know() {
    let html = render(&catalog(), None);
    let card = html
        .split("id=\"card-anthropic.claude-x-v1\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(card.contains("<code>global.anthropic.claude-x-v1:0</code></td><td>eu-west-1</td><td>any commercial region</td>"));
    assert!(card.contains("<code>eu.anthropic.claude-x-v1:0</code></td><td>eu-west-1</td><td>eu-west-1, eu-west-3</td>"));
    // 2027-01-03 is 30 days after 2026-12-04.
    assert!(card.contains("2027-01-03 <small>(30 days left when the catalogue was made)</small>"));
    assert!(card.contains("Prices: <span class=\"unk\">unknown</span>"));
    assert!(card.contains("Context window and max output: <span class=\"unk\">unknown</span>"));
    assert!(card.contains("<dt>End of life</dt><dd><span class=\"unk\">unknown</span></dd>"));
}

#[test]
fn the_change_view_lists_events_and_links_known_models() {
    let log = ChangeLog {
        collection_timestamp: "2026-12-04T10:00:00Z".into(),
        previous: Some(crate::phases::change_log::PreviousRef {
            path: "x".into(),
            collection_timestamp: Some("2026-12-03T10:00:00Z".into()),
        }),
        events: vec![
            ChangeEvent {
                kind: ChangeKind::ModelRemoved,
                model: "gone.model-v1".into(),
                region: None,
                profile: None,
                route: None,
                dimension: None,
                quota_code: None,
                field: None,
                old: None,
                new: None,
            },
            ChangeEvent {
                kind: ChangeKind::LifecycleChanged,
                model: "amazon.titan-old-v1".into(),
                region: Some("us-east-1".into()),
                profile: None,
                route: None,
                dimension: None,
                quota_code: None,
                field: None,
                old: Some(ChangeValue::Text("ACTIVE".into())),
                new: Some(ChangeValue::Text("LEGACY".into())),
            },
        ],
        ..ChangeLog::default()
    };
    let html = render(&catalog(), Some(&log));
    let view = html
        .split("id=\"changes\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(view.contains("2 changes"));
    assert!(view.contains("<li data-kind=\"model-removed\"><b>1</b> model-removed</li>"));
    assert!(view.contains("<td>gone.model-v1</td>"));
    assert!(view.contains("<a href=\"#card-amazon.titan-old-v1\">amazon.titan-old-v1</a></td><td>us-east-1</td><td>ACTIVE</td><td>LEGACY</td>"));
    let none = render(&catalog(), None);
    assert!(none.contains("No change log (<code>changes.json</code>) beside this catalogue."));
}

#[test]
fn a_card_groups_regions_with_the_same_price_and_quota() {
    use crate::catalog::pricing::{ModelPricing, Price, RegionCheck};
    use crate::catalog::quotas::{AssignedQuota, MatchRule, Metric, Route as QuotaRoute};
    let mut c = catalog();
    let price = |usd: f64| Price {
        price_usd: usd,
        unit: "1M tokens".into(),
        offer_price_usd: usd / 1000.0,
        offer_unit: "1K tokens".into(),
        sku: "SKU".into(),
        usagetype: "x".into(),
        offer: "AmazonBedrock".into(),
        offer_version: "v".into(),
    };
    let mut regions: crate::catalog::pricing::RegionPrices = BTreeMap::new();
    for (region, usd) in [("eu-west-1", 3.3), ("us-east-1", 3.0), ("us-west-2", 3.0)] {
        regions
            .entry(region.into())
            .or_default()
            .entry("on_demand".into())
            .or_default()
            .insert("input_tokens".into(), price(usd));
    }
    let quota = |applied: f64| AssignedQuota {
        quota_code: "L-1234".into(),
        quota_name: "On-demand model inference tokens per minute for X".into(),
        quota_arn: String::new(),
        description: String::new(),
        quota_applied_at_level: "ACCOUNT".into(),
        value: Some(applied),
        unit: "None".into(),
        adjustable: true,
        global_quota: false,
        usage_metric: serde_json::json!({}),
        period: serde_json::json!({}),
        route: QuotaRoute::OnDemand,
        metric: Metric::TokensPerMinute,
        model_variant: None,
        doubled_for_cross_region: false,
        default_value: Some(200_000.0),
        applied_value: Some(applied),
        raised: Some(applied > 200_000.0),
        matched_by: MatchRule::Exact,
        value_multiplier: 1,
        effective_value: Some(applied),
    };
    let model = c
        .providers
        .get_mut("Anthropic")
        .unwrap()
        .models
        .get_mut("anthropic.claude-x-v1")
        .unwrap();
    model.model_pricing = Some(ModelPricing {
        is_pricing_available: true,
        pricing_reference_id: None,
        pricing_file_reference: None,
        pricing_summary: None,
        routes: vec!["on_demand".into()],
        batch_regions: Vec::new(),
        regions,
        region_check: RegionCheck::default(),
        relabelled_routes: Vec::new(),
    });
    for (region, applied) in [
        ("eu-west-1", 200_000.0),
        ("us-east-1", 400_000.0),
        ("us-west-2", 200_000.0),
    ] {
        model
            .model_service_quotas
            .insert(region.into(), vec![quota(applied)]);
    }
    let html = render(&c, None);
    let card = html
        .split("id=\"card-anthropic.claude-x-v1\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(card.contains("<td>on_demand</td><td>input_tokens</td><td class=\"num\">3.00 <small>1M tokens</small></td><td>us-east-1, us-west-2</td>"));
    assert!(card.contains("<td>on_demand</td><td>input_tokens</td><td class=\"num\">3.30 <small>1M tokens</small></td><td>eu-west-1</td>"));
    assert!(card.contains(
        "<td class=\"num\">200,000</td><td class=\"num\">200,000</td><td>eu-west-1, us-west-2</td>"
    ));
    assert!(card.contains("<td class=\"num\">400,000 <b class=\"raised\" title=\"raised above the AWS default\">↑</b></td><td class=\"num\">200,000</td><td>us-east-1</td>"));
}

/// With the account's view, a cell whose route the account cannot use carries the `x` mark and
/// the reason, and the legend explains it; without the view, neither appears.
#[test]
fn a_route_the_account_cannot_use_is_marked_with_the_reason() {
    use crate::catalog::account::{AccessBlock, AccountAccess, AccountAccessCounts};
    let mut c = catalog();
    let html = render(&c, None);
    assert!(!html.contains("mk x") && !html.contains("not for this account"));
    c.metadata.account_access = Some(AccountAccessCounts::default());
    let model = c
        .providers
        .get_mut("Anthropic")
        .unwrap()
        .models
        .get_mut("anthropic.claude-x-v1")
        .unwrap();
    model.account_access.insert(
        "us-east-1".into(),
        AccountAccess {
            model_id: "anthropic.claude-x-v1:0".into(),
            agreement: None,
            agreement_message: None,
            authorization: None,
            entitlement: None,
            region: None,
            callable: false,
            blocked_by: vec![AccessBlock::Agreement],
            reason: "the provider's agreement is not accepted for this account".into(),
        },
    );
    let html = render(&c, None);
    let row = matrix_row(&html, "anthropic.claude-x-v1");
    let codes = cell_codes(row);
    assert_eq!(codes, ["u", "u", "g w", "r g x", "u"]);
    assert!(
        row.contains("; this account cannot call it: the provider"),
        "{row}"
    );
    assert!(row.contains("<span class=\"mk x\">✕</span>"));
    assert!(html.contains("<b>not for this account</b>"));
}
