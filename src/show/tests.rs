use super::error::*;
use super::render::*;
use crate::format::group;

use serde_json::Value;
use serde_json::json;

use super::*;

/// Adds what `template` has and `value` lacks (the fields a test does not care about).
fn fill(value: &mut Value, template: Value) {
    if let (Value::Object(v), Value::Object(t)) = (value, template) {
        for (k, x) in t {
            v.entry(k).or_insert(x);
        }
    }
}

fn each(v: &mut Value) -> impl Iterator<Item = &mut Value> {
    v.as_object_mut().into_iter().flat_map(|o| o.values_mut())
}

/// A catalogue written in the tests' short form, with every field the tests leave out filled in
/// as a run would write it, read into the typed catalogue.
fn typed(mut c: Value) -> Catalog {
    fill(&mut c, json!({"metadata": {}}));
    for provider in each(&mut c["providers"]) {
        for model in each(&mut provider["models"]) {
            if let Some(pricing) = model.get_mut("model_pricing").filter(|p| !p.is_null()) {
                fill(
                    pricing,
                    json!({"is_pricing_available": true, "routes": [], "batch_regions": [],
                        "regions": {}, "region_check": {"listed_by_api": [],
                        "priced_in_price_list": [], "priced_not_listed": [],
                        "listed_not_priced": [], "agree": true}}),
                );
                for routes in each(&mut pricing["regions"]) {
                    for dimensions in each(routes) {
                        for price in each(dimensions) {
                            let usd = price["price_usd"].clone();
                            fill(
                                price,
                                json!({"offer_price_usd": usd, "offer_unit": "1K tokens",
                                    "sku": "SKU", "usagetype": "x", "offer": "AmazonBedrock",
                                    "offer_version": "v1"}),
                            );
                        }
                    }
                }
            }
            if let Some(regions) = model.get_mut("model_service_quotas") {
                for list in each(regions) {
                    for quota in list.as_array_mut().into_iter().flatten() {
                        fill(
                            quota,
                            json!({"quota_name": "x", "quota_arn": "arn", "description": "",
                                "quota_applied_at_level": "ACCOUNT", "value": null, "unit": "None",
                                "adjustable": true, "global_quota": false, "usage_metric": {},
                                "period": {}, "doubled_for_cross_region": false,
                                "raised": null, "matched_by": "exact"}),
                        );
                    }
                }
            }
            if let Some(converse) = model.get_mut("converse_data") {
                fill(
                    converse,
                    json!({"size_category": {"category": "Large", "color": "#10B981", "tier": 3},
                        "verified": true, "source": "litellm", "litellm_verified": true,
                        "capabilities_count": 1, "use_cases_count": 1, "regions_count": 1}),
                );
            }
            if let Some(specs) = model.get_mut("token_specs") {
                fill(
                    specs,
                    json!({"model_id": "x", "model_kind": "text", "source": "corrected",
                        "conflicts": [], "context_variants": [], "notes": []}),
                );
            }
        }
    }
    serde_json::from_value(c).expect("the test catalogue reads as a Catalog")
}

/// A small catalogue in the real layout: Nova Pro on demand in us-east-1, through geo and
/// global profiles only in eu-central-1, provisioned only in ap-southeast-3, with prices,
/// quotas and token specs; Claude Sonnet 4.5 through profiles only, with no prices or quotas
/// fields at all (as with prices switched off); Claude Sonnet 4 and Claude 3 Haiku bare.
fn catalog() -> Catalog {
    typed(json!({
        "metadata": {
            "schema_version": 1,
            "regions_requested": ["ap-southeast-3", "eu-central-1", "eu-central-2", "us-east-1", "us-west-2"],
            "regions_not_opted_in": ["eu-central-2"],
            "region_status": {
                "eu-central-2": {
                    "list_foundation_models": {"status": "not_opted_in", "pages": 0},
                    "list_inference_profiles": {"status": "not_opted_in", "pages": 0}
                },
                "us-west-2": {
                    "list_foundation_models": {"status": "ok", "items": 2, "pages": 1},
                    "list_inference_profiles": {"status": "access_denied", "pages": 0,
                        "hint": "bedrock:ListInferenceProfiles"}
                }
            }
        },
        "providers": {
            "Amazon": {"models": {
                "amazon.nova-pro-v1": {
                    "model_id": "amazon.nova-pro-v1",
                    "model_name": "Nova Pro",
                    "model_provider": "Amazon",
                    "model_lifecycle": {"status": "ACTIVE", "release_date": ""},
                    "invocable_model_id": "amazon.nova-pro-v1:0",
                    "model_variants": {
                        "amazon.nova-pro-v1:0": {"regions": {
                            "eu-central-1": {"inference_types_supported": ["INFERENCE_PROFILE"]},
                            "us-east-1": {"inference_types_supported": ["INFERENCE_PROFILE", "ON_DEMAND"]}
                        }},
                        "amazon.nova-pro-v1:0:300k": {"regions": {
                            "ap-southeast-3": {"inference_types_supported": ["PROVISIONED"]},
                            "us-east-1": {"inference_types_supported": ["PROVISIONED"]}
                        }}
                    },
                    "regional_availability": {
                        "ap-southeast-3": {"inference_types_supported": ["PROVISIONED"],
                            "lifecycle_status": "ACTIVE", "model_ids": ["amazon.nova-pro-v1:0:300k"]},
                        "eu-central-1": {"inference_types_supported": ["INFERENCE_PROFILE"],
                            "lifecycle_status": "ACTIVE", "model_ids": ["amazon.nova-pro-v1:0"]},
                        "us-east-1": {"inference_types_supported": ["INFERENCE_PROFILE", "ON_DEMAND", "PROVISIONED"],
                            "lifecycle_status": "ACTIVE",
                            "model_ids": ["amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0:300k"]}
                    },
                    "cross_region_inference": {"supported": true, "profiles": [
                        {"profile_id": "eu.amazon.nova-pro-v1:0", "source_region": "eu-central-1",
                            "status": "ACTIVE", "destination_regions": ["eu-central-1", "eu-west-1", "eu-west-3"],
                            "routes_globally": false},
                        {"profile_id": "global.amazon.nova-pro-v1:0", "source_region": "eu-central-1",
                            "status": "ACTIVE", "destination_regions": ["eu-central-1"], "routes_globally": true},
                        {"profile_id": "us.amazon.nova-pro-v1:0", "source_region": "us-east-1",
                            "status": "ACTIVE", "destination_regions": ["us-east-1", "us-east-2", "us-west-2"],
                            "routes_globally": false}
                    ]},
                    "model_pricing": {"is_pricing_available": true, "regions": {
                        "eu-central-1": {
                            "batch": {"input_tokens": {"price_usd": 0.525, "unit": "1M tokens"}},
                            "on_demand_global": {"input_tokens": {"price_usd": 1.0, "unit": "1M tokens"}},
                            "on_demand": {
                                "output_tokens": {"price_usd": 4.2, "unit": "1M tokens"},
                                "input_tokens": {"price_usd": 1.05, "unit": "1M tokens"}
                            }
                        },
                        "us-east-1": {
                            "on_demand": {
                                "input_tokens": {"price_usd": 0.8, "unit": "1M tokens"},
                                "output_tokens": {"price_usd": 3.2, "unit": "1M tokens"}
                            },
                            "batch": {
                                "input_tokens": {"price_usd": 0.4, "unit": "1M tokens"},
                                "output_tokens": {"price_usd": 1.6, "unit": "1M tokens"}
                            }
                        }
                    }},
                    "model_service_quotas": {
                        "eu-central-1": [
                            {"quota_code": "L-3", "route": "global_cross_region", "metric": "tokens_per_minute",
                                "applied_value": 8000000.0, "default_value": 8000000.0, "model_variant": null},
                            {"quota_code": "L-2", "route": "cross_region", "metric": "tokens_per_minute",
                                "applied_value": 4000000.0, "default_value": 4000000.0, "model_variant": null}
                        ],
                        "us-east-1": [
                            {"quota_code": "L-5", "route": "provisioned_throughput",
                                "metric": "model_units_per_provisioned_model",
                                "applied_value": 0.0, "default_value": 0.0, "model_variant": "300k"},
                            {"quota_code": "L-4", "route": "cross_region", "metric": "requests_per_minute",
                                "applied_value": null, "default_value": 200.0, "model_variant": null},
                            {"quota_code": "L-1", "route": "on_demand", "metric": "tokens_per_minute",
                                "applied_value": 2000000.0, "default_value": 1000000.0, "model_variant": null}
                        ]
                    },
                    "converse_data": {"context_window": 300000, "max_output_tokens": 5000},
                    "token_specs": {
                        "context_window": 300000, "max_output_tokens": 5000,
                        "context_window_source": "corrected", "max_output_tokens_source": "corrected",
                        "context_variants": [{"variant_id": "amazon.nova-pro-v1:0:300k", "suffix": "300k",
                            "nominal_context_tokens": 300000}]
                    }
                }
            }},
            "Anthropic": {"models": {
                "anthropic.claude-3-haiku-20240307-v1": {
                    "model_name": "Claude 3 Haiku",
                    "model_provider": "Anthropic",
                    "invocable_model_id": "anthropic.claude-3-haiku-20240307-v1:0",
                    "model_variants": {
                        "anthropic.claude-3-haiku-20240307-v1:0": {"regions": {}},
                        "anthropic.claude-3-haiku-20240307-v1:0:200k": {"regions": {}}
                    },
                    "regional_availability": {
                        "us-west-2": {"inference_types_supported": ["ON_DEMAND"], "lifecycle_status": "LEGACY",
                            "model_ids": ["anthropic.claude-3-haiku-20240307-v1:0"]}
                    }
                },
                "anthropic.claude-sonnet-4-20250514-v1": {
                    "model_name": "Claude Sonnet 4",
                    "model_provider": "Anthropic",
                    "invocable_model_id": "anthropic.claude-sonnet-4-20250514-v1:0",
                    "regional_availability": {
                        "us-east-1": {"inference_types_supported": ["ON_DEMAND"], "lifecycle_status": "ACTIVE",
                            "model_ids": ["anthropic.claude-sonnet-4-20250514-v1:0"]}
                    }
                },
                "anthropic.claude-sonnet-4-5-20250929-v1": {
                    "model_name": "Claude Sonnet 4.5",
                    "model_provider": "Anthropic",
                    "invocable_model_id": "anthropic.claude-sonnet-4-5-20250929-v1:0",
                    "regional_availability": {
                        "us-east-1": {"inference_types_supported": ["INFERENCE_PROFILE"], "lifecycle_status": "ACTIVE",
                            "model_ids": ["anthropic.claude-sonnet-4-5-20250929-v1:0"]}
                    },
                    "cross_region_inference": {"supported": true, "profiles": [
                        {"profile_id": "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "source_region": "us-east-1",
                            "destination_regions": ["us-east-1", "us-east-2", "us-west-2"], "routes_globally": false},
                        {"profile_id": "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "source_region": "us-east-1",
                            "destination_regions": ["us-east-1"], "routes_globally": true}
                    ]},
                    "model_pricing": null,
                    "converse_data": {"context_window": 200000, "max_output_tokens": "N/A"}
                }
            }}
        }
    }))
}

/// What `show --region` says first when the catalogue was made without `--account-access`.
const NOT_COLLECTED: &str =
    "This account: not collected (the catalogue was made without --account-access).";

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

fn first_line(query: &str) -> String {
    let out = show(&catalog(), query, None).unwrap();
    out.lines().next().unwrap().to_string()
}

#[test]
fn on_demand_region_with_prices_quotas_and_token_limits() {
    let out = show(&catalog(), "amazon.nova-pro-v1", Some("us-east-1")).unwrap();
    assert_eq!(
        lines(&out),
        [
            "Nova Pro (Amazon)",
            "key:           amazon.nova-pro-v1",
            "invocable id:  amazon.nova-pro-v1:0",
            "lifecycle:     ACTIVE",
            "",
            NOT_COLLECTED,
            "us-east-1: on demand in the region",
            "  on demand       amazon.nova-pro-v1:0 (0.80 / 3.20 USD per 1M input / output tokens)",
            "  geo profile     us.amazon.nova-pro-v1:0 -> us-east-1, us-east-2, us-west-2",
            "  provisioned     amazon.nova-pro-v1:0:300k",
            "",
            "Prices in us-east-1 (USD):",
            "  route      dimension      price  per",
            "  on_demand  input_tokens    0.80  1M tokens",
            "  on_demand  output_tokens   3.20  1M tokens",
            "  batch      input_tokens    0.40  1M tokens",
            "  batch      output_tokens   1.60  1M tokens",
            "",
            "Quotas in us-east-1:",
            "  route                   metric                               applied    default  variant",
            "  on_demand               tokens_per_minute                  2,000,000  1,000,000",
            "  cross_region            requests_per_minute                        -        200",
            "  provisioned_throughput  model_units_per_provisioned_model          0          0  300k",
            "",
            "Token limits:",
            "  context window     300,000 (corrected)",
            "  max output tokens  5,000 (corrected)",
            "  context variants   amazon.nova-pro-v1:0:300k (300,000)",
        ]
    );
    assert!(out.ends_with(")\n"));
}

#[test]
fn profile_only_region_lists_geo_and_global_profiles() {
    let out = show(&catalog(), "amazon.nova-pro-v1", Some("eu-central-1")).unwrap();
    assert_eq!(
        lines(&out)[5..],
        [
            NOT_COLLECTED,
            "eu-central-1: through an inference profile only (not on demand in this region)",
            "  geo profile     eu.amazon.nova-pro-v1:0 -> eu-central-1, eu-west-1, eu-west-3",
            "  global profile  global.amazon.nova-pro-v1:0 -> any commercial region (routes globally; listed: eu-central-1)",
            "",
            "Prices in eu-central-1 (USD):",
            "  route             dimension      price  per",
            "  on_demand         input_tokens   1.050  1M tokens",
            "  on_demand         output_tokens  4.200  1M tokens",
            "  on_demand_global  input_tokens   1.000  1M tokens",
            "  batch             input_tokens   0.525  1M tokens",
            "",
            "Quotas in eu-central-1:",
            "  route                metric               applied    default  variant",
            "  cross_region         tokens_per_minute  4,000,000  4,000,000",
            "  global_cross_region  tokens_per_minute  8,000,000  8,000,000",
            "",
            "Token limits:",
            "  context window     300,000 (corrected)",
            "  max output tokens  5,000 (corrected)",
            "  context variants   amazon.nova-pro-v1:0:300k (300,000)",
        ]
    );
}

#[test]
fn provisioned_only_region_says_so_and_has_no_prices_there() {
    let out = show(&catalog(), "nova pro", Some("ap-southeast-3")).unwrap();
    assert_eq!(
        lines(&out)[5..12],
        [
            NOT_COLLECTED,
            "ap-southeast-3: provisioned throughput only",
            "  provisioned     amazon.nova-pro-v1:0:300k",
            "",
            "Prices in ap-southeast-3: none in the catalogue (priced in eu-central-1, us-east-1).",
            "",
            "Quotas in ap-southeast-3: none assigned to this model.",
        ]
    );
}

#[test]
fn every_region_when_no_region_is_given() {
    let out = show(&catalog(), "Nova Pro", None).unwrap();
    assert_eq!(
        lines(&out)[4..],
        [
            "",
            "Where to call it from (3 regions):",
            "ap-southeast-3: provisioned throughput only",
            "  provisioned     amazon.nova-pro-v1:0:300k",
            "eu-central-1: through an inference profile only (not on demand in this region)",
            "  geo profile     eu.amazon.nova-pro-v1:0 -> eu-central-1, eu-west-1, eu-west-3",
            "  global profile  global.amazon.nova-pro-v1:0 -> any commercial region (routes globally; listed: eu-central-1)",
            "us-east-1: on demand in the region",
            "  on demand       amazon.nova-pro-v1:0 (0.80 / 3.20 USD per 1M input / output tokens)",
            "  geo profile     us.amazon.nova-pro-v1:0 -> us-east-1, us-east-2, us-west-2",
            "  provisioned     amazon.nova-pro-v1:0:300k",
            "",
            "Prices and quotas are per region: add --region REGION.",
            "",
            "Token limits:",
            "  context window     300,000 (corrected)",
            "  max output tokens  5,000 (corrected)",
            "  context variants   amazon.nova-pro-v1:0:300k (300,000)",
        ]
    );
}

#[test]
fn region_where_the_model_is_not_callable_says_where_it_is() {
    let out = show(&catalog(), "amazon.nova-pro-v1", Some("us-west-2")).unwrap();
    assert_eq!(
        lines(&out)[4..9],
        [
            "",
            NOT_COLLECTED,
            "Not callable from us-west-2: Nova Pro is not listed there and no inference profile can be called from there.",
            "Note: the catalogue's answer for us-west-2 is incomplete (list_inference_profiles access_denied).",
            "Callable from 3 regions: ap-southeast-3, eu-central-1, us-east-1",
        ]
    );
    let out = show(&catalog(), "amazon.nova-pro-v1", Some("eu-central-2")).unwrap();
    assert_eq!(
        lines(&out)[5..9],
        [
            NOT_COLLECTED,
            "Not callable from eu-central-2: Nova Pro is not listed there and no inference profile can be called from there.",
            "Note: the account that made this catalogue has not enabled eu-central-2 (not_opted_in), so the catalogue cannot say what is offered there.",
            "Callable from 3 regions: ap-southeast-3, eu-central-1, us-east-1",
        ]
    );
}

#[test]
fn missing_prices_quotas_and_token_specs_are_skipped() {
    let out = show(&catalog(), "claude sonnet 4.5", Some("us-east-1")).unwrap();
    assert_eq!(
        lines(&out),
        [
            "Claude Sonnet 4.5 (Anthropic)",
            "key:           anthropic.claude-sonnet-4-5-20250929-v1",
            "invocable id:  anthropic.claude-sonnet-4-5-20250929-v1:0",
            "",
            NOT_COLLECTED,
            "us-east-1: through an inference profile only (not on demand in this region)",
            "  geo profile     us.anthropic.claude-sonnet-4-5-20250929-v1:0 -> us-east-1, us-east-2, us-west-2",
            "  global profile  global.anthropic.claude-sonnet-4-5-20250929-v1:0 -> any commercial region (routes globally; listed: us-east-1)",
            "",
            "Token limits:",
            "  context window     200,000",
            "  max output tokens  unknown",
        ]
    );
    let out = show(&catalog(), "claude sonnet 4", Some("us-east-1")).unwrap();
    assert_eq!(
        lines(&out),
        [
            "Claude Sonnet 4 (Anthropic)",
            "key:           anthropic.claude-sonnet-4-20250514-v1",
            "invocable id:  anthropic.claude-sonnet-4-20250514-v1:0",
            "",
            NOT_COLLECTED,
            "us-east-1: on demand in the region",
            "  on demand       anthropic.claude-sonnet-4-20250514-v1:0",
        ]
    );
}

#[test]
fn legacy_region_is_marked() {
    let out = show(&catalog(), "claude 3 haiku", Some("us-west-2")).unwrap();
    assert_eq!(
        lines(&out)[4..],
        [
            NOT_COLLECTED,
            "us-west-2: on demand in the region [LEGACY]",
            "  on demand       anthropic.claude-3-haiku-20240307-v1:0",
            "Note: the catalogue's answer for us-west-2 is incomplete (list_inference_profiles access_denied).",
        ]
    );
}

#[test]
fn resolves_exact_key_ids_profiles_and_arns() {
    for query in [
        "amazon.nova-pro-v1",
        "AMAZON.NOVA-PRO-V1",
        "amazon.nova-pro-v1:0",
        "amazon.nova-pro-v1:0:300k",
        "us.amazon.nova-pro-v1:0",
        "global.amazon.nova-pro-v1:0",
        "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0",
        "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.amazon.nova-pro-v1:0",
    ] {
        assert_eq!(first_line(query), "Nova Pro (Amazon)", "{query}");
    }
    assert_eq!(
        first_line("anthropic.claude-3-haiku-20240307-v1:0:200k"),
        "Claude 3 Haiku (Anthropic)"
    );
    assert_eq!(
        first_line("us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
        "Claude Sonnet 4.5 (Anthropic)"
    );
}

#[test]
fn exact_name_wins_over_a_fragment_that_matches_more() {
    // "claude sonnet 4" is also a fragment of Claude Sonnet 4.5.
    assert_eq!(first_line("claude sonnet 4"), "Claude Sonnet 4 (Anthropic)");
    assert_eq!(
        first_line("  CLAUDE Sonnet 4 "),
        "Claude Sonnet 4 (Anthropic)"
    );
}

#[test]
fn fragments_treat_dots_dashes_and_spaces_alike() {
    for query in [
        "sonnet 4.5",
        "sonnet-4-5",
        "Sonnet 4-5",
        "4.5 SONNET",
        "claude_sonnet_4.5",
    ] {
        assert_eq!(
            first_line(query),
            "Claude Sonnet 4.5 (Anthropic)",
            "{query}"
        );
    }
    assert_eq!(first_line("nova"), "Nova Pro (Amazon)");
    assert_eq!(first_line("haiku 20240307"), "Claude 3 Haiku (Anthropic)");
}

#[test]
fn ambiguous_fragment_lists_the_candidates_sorted() {
    let err = show(&catalog(), "sonnet", None).unwrap_err();
    assert_eq!(
        err,
        ShowError::Ambiguous {
            query: "sonnet".to_string(),
            candidates: vec![
                (
                    "anthropic.claude-sonnet-4-20250514-v1".to_string(),
                    "Claude Sonnet 4".to_string()
                ),
                (
                    "anthropic.claude-sonnet-4-5-20250929-v1".to_string(),
                    "Claude Sonnet 4.5".to_string()
                ),
            ],
        }
    );
    assert_eq!(
        err.to_string(),
        "`sonnet` matches 2 models; give one of these keys, or more of its name:\n\
         \x20 anthropic.claude-sonnet-4-20250514-v1    Claude Sonnet 4\n\
         \x20 anthropic.claude-sonnet-4-5-20250929-v1  Claude Sonnet 4.5"
    );
}

#[test]
fn not_found_suggests_close_keys() {
    let err = show(&catalog(), "sonet 4.5", None).unwrap_err();
    let ShowError::NotFound { suggestions, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(suggestions[0], "anthropic.claude-sonnet-4-5-20250929-v1");
    assert!(suggestions.len() <= 5);
    assert_eq!(
        show(&catalog(), "haiku 3.5", None).unwrap_err(),
        ShowError::NotFound {
            query: "haiku 3.5".to_string(),
            // Haiku has both words (one with a typo), Sonnet 4.5 only "3.5" with a typo.
            suggestions: vec![
                "anthropic.claude-3-haiku-20240307-v1".to_string(),
                "anthropic.claude-sonnet-4-5-20250929-v1".to_string()
            ],
        }
    );
    let err = show(&catalog(), "zzzz", None).unwrap_err();
    assert_eq!(
        err,
        ShowError::NotFound {
            query: "zzzz".to_string(),
            suggestions: vec![],
        }
    );
    assert_eq!(err.to_string(), "no model in the catalogue matches `zzzz`");
    assert_eq!(
        ShowError::NotFound {
            query: "x".to_string(),
            suggestions: vec!["a".to_string(), "b".to_string()],
        }
        .to_string(),
        "no model in the catalogue matches `x`; close ones: a, b"
    );
    assert!(matches!(
        show(&catalog(), "  ", None),
        Err(ShowError::NotFound { .. })
    ));
}

#[test]
fn unknown_region_is_an_error_naming_the_known_ones() {
    let err = show(&catalog(), "nova pro", Some("mars-east-1")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "region `mars-east-1` is not in the catalogue, which covers ap-southeast-3, eu-central-1, eu-central-2, us-east-1, us-west-2"
    );
    // Case and surrounding spaces do not matter.
    assert!(show(&catalog(), "nova pro", Some(" US-EAST-1 ")).is_ok());
}

#[test]
fn older_catalogue_without_per_region_fields() {
    let old = json!({"providers": {"Meta": {"models": {"meta.llama3-8b-instruct-v1": {
        "model_name": "Llama 3 8B Instruct",
        "regions_available": ["us-east-1", "us-west-2"],
        "model_pricing": {"is_pricing_available": false},
        "model_service_quotas": {}
    }}}}});
    let out = show(&typed(old), "llama", Some("us-west-2")).unwrap();
    assert_eq!(
        lines(&out),
        [
            "Llama 3 8B Instruct (Meta)",
            "key:           meta.llama3-8b-instruct-v1",
            "invocable id:  meta.llama3-8b-instruct-v1",
            "",
            NOT_COLLECTED,
            "us-west-2: listed (this catalogue does not say how it can be called per region)",
        ]
    );
}

#[test]
fn a_file_that_is_not_a_catalogue_is_one_sentence_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.json");
    let read = |text: &str| {
        std::fs::write(&path, text).unwrap();
        crate::catalog::read(&path).unwrap_err().to_string()
    };
    let at = path.display().to_string();
    assert_eq!(
        read(r#"{"providers": {"A": {"models": {"a.b": 3}}}}"#),
        format!(
            "{at} is not a catalogue of this tool's layout: invalid type: integer `3`, expected struct Model at line 1 column 41"
        )
    );
    assert_eq!(
        read("{\"providers\": "),
        format!(
            "the catalogue {at} is not valid JSON: EOF while parsing a value at line 1 column 14"
        )
    );
    let missing = crate::catalog::read(&dir.path().join("nothing.json"))
        .unwrap_err()
        .to_string();
    assert!(
        missing.starts_with(&format!(
            "cannot read the catalogue {}",
            dir.path().join("nothing.json").display()
        )),
        "{missing}"
    );
    // A catalogue of the right layout with no models is read: it has nothing to show.
    std::fs::write(&path, r#"{"metadata": {}, "providers": {}}"#).unwrap();
    let empty = crate::catalog::read(&path).unwrap();
    assert!(matches!(
        show(&empty, "x", None),
        Err(ShowError::NotFound { .. })
    ));
}

#[test]
fn numbers_and_prices_are_formatted_for_reading() {
    assert_eq!(format_number(Some(1234567.0)), "1,234,567");
    assert_eq!(format_number(Some(-1000.0)), "-1,000");
    assert_eq!(format_number(Some(999.0)), "999");
    assert_eq!(format_number(Some(0.5)), "0.5");
    assert_eq!(group(300_000), "300,000");
    assert_eq!(format_number(None), "-");
    assert_eq!(crate::format::usd(0.8), "0.80");
    assert_eq!(crate::format::usd(0.525), "0.525");
    assert_eq!(crate::format::usd(0.00048), "0.00048");
    assert_eq!(crate::format::usd(15.0), "15.00");
}

/// The daily quota doubled for cross-region calls: its cross-region row shows the limit on that
/// route, twice the quota's value, and says so.
#[test]
fn a_doubled_daily_quota_shows_its_limit_per_route() {
    let mut c = serde_json::to_value(catalog()).unwrap();
    let daily = |route: &str, multiplier: u32| {
        json!({"quota_code": "L-D", "quota_name": "Model invocation max tokens per day for Amazon Nova Pro (doubled for cross-region calls)",
            "quota_arn": "arn", "description": "", "quota_applied_at_level": "ACCOUNT",
            "value": 500000.0, "unit": "None", "adjustable": true, "global_quota": false,
            "usage_metric": {}, "period": {}, "route": route, "metric": "tokens_per_day",
            "model_variant": null, "doubled_for_cross_region": true, "default_value": 250000.0,
            "applied_value": 500000.0, "raised": true, "matched_by": "exact",
            "value_multiplier": multiplier, "effective_value": 500000.0 * f64::from(multiplier)})
    };
    let quotas = c["providers"]["Amazon"]["models"]["amazon.nova-pro-v1"]["model_service_quotas"]
        ["us-east-1"]
        .as_array_mut()
        .unwrap();
    quotas.clear();
    quotas.push(daily("on_demand", 1));
    quotas.push(daily("cross_region", 2));
    let c: Catalog = serde_json::from_value(c).unwrap();
    let out = show(&c, "amazon.nova-pro-v1", Some("us-east-1")).unwrap();
    let table: Vec<&str> = lines(&out)
        .into_iter()
        .skip_while(|l| !l.starts_with("Quotas in"))
        .take(4)
        .collect();
    assert_eq!(
        table,
        [
            "Quotas in us-east-1:",
            "  route         metric            applied  default  variant",
            "  on_demand     tokens_per_day    500,000  250,000",
            "  cross_region  tokens_per_day  1,000,000  500,000  2x its value for cross-region calls",
        ]
    );
}

/// Mantle: a model joined to its ListFoundationModels entry, and one only Mantle lists.
fn mantle_catalog() -> Catalog {
    typed(json!({
        "metadata": {"schema_version": 1, "regions_requested": ["eu-west-1", "us-east-1"]},
        "providers": {"OpenAI": {"models": {
            "openai.gpt-oss-120b-1": {
                "model_id": "openai.gpt-oss-120b-1",
                "model_name": "gpt-oss-120b",
                "model_provider": "OpenAI",
                "invocable_model_id": "openai.gpt-oss-120b-1:0",
                "model_variants": {"openai.gpt-oss-120b-1:0": {"regions": {
                    "us-east-1": {"inference_types_supported": ["ON_DEMAND"]}
                }}},
                "regional_availability": {"us-east-1": {"inference_types_supported": ["ON_DEMAND"],
                    "lifecycle_status": "ACTIVE", "model_ids": ["openai.gpt-oss-120b-1:0"]}},
                "mantle": {"model_id": "openai.gpt-oss-120b", "regions": ["eu-west-1", "us-east-1"],
                    "base_url_template": "https://bedrock-mantle.{region}.api.aws/v1"}
            },
            "openai.gpt-5.4": {
                "model_id": "openai.gpt-5.4",
                "model_name": "openai.gpt-5.4",
                "model_provider": "OpenAI",
                "invocable_model_id": "openai.gpt-5.4",
                "mantle": {"model_id": "openai.gpt-5.4", "regions": ["us-east-1"],
                    "base_url_template": "https://bedrock-mantle.{region}.api.aws/v1"}
            }
        }}}
    }))
}

#[test]
fn the_mantle_route_is_shown_with_its_base_url_and_model_id() {
    let out = show(
        &mantle_catalog(),
        "openai.gpt-oss-120b-1",
        Some("us-east-1"),
    )
    .unwrap();
    assert_eq!(
        lines(&out)[5..],
        [
            "us-east-1: on demand in the region",
            "  on demand       openai.gpt-oss-120b-1:0",
            "  mantle          model openai.gpt-oss-120b at https://bedrock-mantle.us-east-1.api.aws/v1 (OpenAI-compatible)",
        ]
    );
    // Mantle only in eu-west-1.
    let out = show(
        &mantle_catalog(),
        "openai.gpt-oss-120b-1",
        Some("eu-west-1"),
    )
    .unwrap();
    assert_eq!(
        lines(&out)[5..],
        [
            "eu-west-1: on Mantle only (gpt-oss-120b is not listed by ListFoundationModels there)",
            "  mantle          model openai.gpt-oss-120b at https://bedrock-mantle.eu-west-1.api.aws/v1 (OpenAI-compatible)",
        ]
    );
    // A model only Mantle lists, from a region Mantle does not serve it in: where Mantle does,
    // never "callable from no region".
    let out = show(&mantle_catalog(), "openai.gpt-5.4", Some("eu-west-1")).unwrap();
    assert_eq!(
        lines(&out)[5..],
        [
            "Not callable from eu-west-1: openai.gpt-5.4 is not listed there, no inference profile can be called from there, and Mantle does not serve it there.",
            "On Mantle in 1 region: us-east-1",
        ]
    );
    // A model only Mantle lists, over every region.
    let out = show(&mantle_catalog(), "openai.gpt-5.4", None).unwrap();
    assert_eq!(
        lines(&out)[3..],
        [
            "",
            "Not listed by ListFoundationModels in any region.",
            "",
            "On Mantle, Bedrock's OpenAI-compatible endpoint (1 region): us-east-1",
            "  model           openai.gpt-5.4 at https://bedrock-mantle.{region}.api.aws/v1",
        ]
    );
}

/// The test catalogue as made with `--account-access`: Nova Pro callable in us-east-1 with an
/// application profile and a provisioned throughput there, refused in eu-central-1, and the
/// availability calls denied in us-west-2.
fn with_account_access() -> Catalog {
    use crate::catalog::account::*;
    use crate::sources::{Api, Status};
    let mut c = catalog();
    c.metadata.account_access = Some(AccountAccessCounts::default());
    c.metadata
        .region_status
        .get_mut("us-west-2")
        .unwrap()
        .insert(
            Api::GetFoundationModelAvailability,
            crate::catalog::ApiStatus {
                status: Status::AccessDenied,
                items: None,
                pages: 0,
                requests: None,
                attempts: None,
                passes: None,
                message: Some("denied".into()),
                hint: Some(
                    "grant the IAM action bedrock:GetFoundationModelAvailability to the caller"
                        .into(),
                ),
            },
        );
    let nova = c
        .providers
        .get_mut("Amazon")
        .unwrap()
        .models
        .get_mut("amazon.nova-pro-v1")
        .unwrap();
    let answer = |callable: bool, reason: &str| AccountAccess {
        model_id: "amazon.nova-pro-v1:0".into(),
        agreement: Some(AgreementStatus::Available),
        agreement_message: None,
        authorization: Some(if callable {
            AuthorizationStatus::Authorized
        } else {
            AuthorizationStatus::NotAuthorized
        }),
        entitlement: Some(Availability::Available),
        region: Some(Availability::Available),
        callable,
        blocked_by: if callable {
            vec![]
        } else {
            vec![AccessBlock::Authorization]
        },
        reason: reason.into(),
    };
    nova.account_access.insert(
        "us-east-1".into(),
        answer(true, "callable: authorized, entitled and available in this region, with no agreement outstanding"),
    );
    nova.account_access.insert(
        "eu-central-1".into(),
        answer(false, "not callable: the caller is not authorized: an IAM policy or SCP denies it (NOT_AUTHORIZED)"),
    );
    nova.application_inference_profiles.push(ApplicationProfile {
        profile_id: "abc123".into(),
        profile_name: "team-a".into(),
        profile_arn: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123"
            .into(),
        region: "us-east-1".into(),
        status: "ACTIVE".into(),
        model_ids: vec!["amazon.nova-pro-v1:0".into()],
        destination_regions: vec!["us-east-1".into()],
        ..Default::default()
    });
    nova.provisioned_throughputs.push(ProvisionedThroughput {
        provisioned_model_name: "pt".into(),
        provisioned_model_arn: "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/pt".into(),
        region: "us-east-1".into(),
        foundation_model_id: "amazon.nova-pro-v1:0:300k".into(),
        model_units: 2,
        desired_model_units: 2,
        status: ThroughputStatus::InService,
        commitment_duration: Some(Commitment::OneMonth),
        commitment_expiration_time: Some("2027-01-04T00:00:00Z".into()),
        ..Default::default()
    });
    c
}

#[test]
fn the_account_view_comes_first_callable_or_why_not() {
    let c = with_account_access();
    let out = show(&c, "amazon.nova-pro-v1", Some("us-east-1")).unwrap();
    assert_eq!(
        lines(&out)[4..9],
        [
            "",
            "This account: can call it in us-east-1 (amazon.nova-pro-v1:0 answered callable).",
            "  app profile     arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123 (team-a) -> us-east-1",
            "  throughput      arn:aws:bedrock:us-east-1:123456789012:provisioned-model/pt (amazon.nova-pro-v1:0:300k): 2 model units, InService, OneMonth commitment until 2027-01-04T00:00:00Z",
            "us-east-1: on demand in the region",
        ]
    );
    let out = show(&c, "amazon.nova-pro-v1", Some("eu-central-1")).unwrap();
    assert_eq!(
        lines(&out)[5],
        "This account: cannot call it in eu-central-1: the caller is not authorized: an IAM policy or SCP denies it (NOT_AUTHORIZED) (asked about amazon.nova-pro-v1:0)."
    );
    let out = show(&c, "amazon.nova-pro-v1", Some("us-west-2")).unwrap();
    assert_eq!(
        lines(&out)[5],
        "This account: unknown in us-west-2: GetFoundationModelAvailability access_denied there (grant the IAM action bedrock:GetFoundationModelAvailability to the caller)."
    );
    let out = show(&c, "amazon.nova-pro-v1", Some("ap-southeast-3")).unwrap();
    assert_eq!(
        lines(&out)[5],
        "This account: not asked in ap-southeast-3: the region does not list the model for on-demand or profile use."
    );
    let out = show(&c, "amazon.nova-pro-v1", None).unwrap();
    assert!(
        out.contains(
            "\nThis account can call it in 1 of the 2 regions asked; not in eu-central-1 (add --region REGION for why).\n"
        ),
        "{out}"
    );
}
