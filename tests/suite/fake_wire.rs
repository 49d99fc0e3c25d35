//! Tests of the fake AWS server (`tests/suite/support/fake_aws.rs`) with the real SDK clients: routing,
//! pagination, the fixture-derived data, fault injection, retries, timeouts, files and concurrency.
//! The fault, retry, timeout and concurrency tests serve the demo data, so they run on a fresh
//! clone too; the data and pagination tests need the real-world fixtures.

use crate::support::demo_data::demo_data;
use crate::support::fake_aws;

use aws_sdk_bedrock::config::retry::RetryConfig;
use aws_sdk_bedrock::config::timeout::TimeoutConfig;
use aws_sdk_bedrock::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_bedrock::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_bedrock::operation::RequestId;
use aws_sdk_bedrock::types::InferenceProfileType;
use fake_aws::{Api, FakeAws, FakeData, Fault, RAISED_QUOTAS, Rule, fixtures_dir, page_token};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// The 33 commercial Bedrock regions (botocore `endpoints.json`).
fn all_regions() -> Vec<String> {
    fake_aws::aws_bedrock_regions(&fixtures_dir()).expect("endpoints fixture")
}

fn data(regions: &[&str]) -> FakeData {
    FakeData::from_fixtures(&fixtures_dir(), regions).expect("fixtures")
}

fn timeouts(attempt: Duration) -> TimeoutConfig {
    TimeoutConfig::builder()
        .operation_timeout(Duration::from_secs(10))
        .operation_attempt_timeout(attempt)
        .build()
}

fn retry(max_attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(max_attempts)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(50))
}

fn bedrock_with(
    fake: &FakeAws,
    region: &str,
    max_attempts: u32,
    attempt_timeout: Duration,
) -> aws_sdk_bedrock::Client {
    let conf = aws_sdk_bedrock::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .credentials_provider(Credentials::new("AKIDFAKE", "secret", None, None, "test"))
        .endpoint_url(fake.url())
        .retry_config(retry(max_attempts))
        .timeout_config(timeouts(attempt_timeout))
        .build();
    aws_sdk_bedrock::Client::from_conf(conf)
}

fn bedrock(fake: &FakeAws, region: &str) -> aws_sdk_bedrock::Client {
    bedrock_with(fake, region, 3, Duration::from_secs(5))
}

fn quotas(fake: &FakeAws, region: &str) -> aws_sdk_servicequotas::Client {
    use aws_sdk_servicequotas::config as c;
    let conf = c::Config::builder()
        .behavior_version(c::BehaviorVersion::latest())
        .region(c::Region::new(region.to_string()))
        .credentials_provider(c::Credentials::new(
            "AKIDFAKE", "secret", None, None, "test",
        ))
        .endpoint_url(fake.url())
        .retry_config(
            c::retry::RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_backoff(Duration::from_millis(50)),
        )
        .timeout_config(
            c::timeout::TimeoutConfig::builder()
                .operation_timeout(Duration::from_secs(10))
                .operation_attempt_timeout(Duration::from_secs(5))
                .build(),
        )
        .build();
    aws_sdk_servicequotas::Client::from_conf(conf)
}

/// Region of every `arn:aws:bedrock:REGION::foundation-model/...` destination of a profile.
fn destination_regions(p: &aws_sdk_bedrock::types::InferenceProfileSummary) -> Vec<String> {
    p.models()
        .iter()
        .filter_map(|m| m.model_arn())
        .map(|arn| arn.split(':').nth(3).unwrap_or_default().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The data spread from the fixtures
// ---------------------------------------------------------------------------------------------

/// Exact counts per region, from the fixtures and the docs table (computed once by hand).
#[test]
fn fixture_data_spread_over_33_regions() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let regions = all_regions();
    assert_eq!(regions.len(), 33);
    let refs: Vec<&str> = regions.iter().map(String::as_str).collect();
    let started = Instant::now();
    let d = FakeData::from_fixtures(&fixtures_dir(), &refs).unwrap();
    let first = started.elapsed();
    // A second call reuses the parsed files.
    let d2 = FakeData::from_fixtures(&fixtures_dir(), &refs).unwrap();
    let second = started.elapsed() - first;
    println!("from_fixtures, 33 regions: {first:?} (then {second:?} cached)");
    // Timing is printed, never asserted: a loaded machine must not fail the suite.
    assert_eq!(d, d2);
    assert_eq!(d.regions.len(), 33);

    let counts = |r: &str| {
        let rd = &d.regions[r];
        (rd.foundation_models.len(), rd.inference_profiles.len())
    };
    // (models, profiles)
    assert_eq!(counts("us-east-1"), (125, 55)); // both real fixtures, verbatim
    assert_eq!(counts("us-west-2"), (101, 57)); // profiles: the real us-west-2 fixture
    assert_eq!(counts("us-east-2"), (80, 55)); // profiles: the us-east-1 fixture, relocated
    assert_eq!(counts("us-west-1"), (18, 55));
    assert_eq!(counts("eu-west-1"), (62, 32)); // profiles derived: eu. x 20, global. x 12
    assert_eq!(counts("ap-northeast-1"), (64, 22)); // jp. x 6, apac. x 4, global. x 12
    assert_eq!(counts("ca-central-1"), (29, 21)); // us. x 10, global. x 11
    assert_eq!(counts("sa-east-1"), (57, 10)); // global. only
    assert_eq!(counts("af-south-1"), (9, 9));

    for rd in d.regions.values() {
        assert_eq!(rd.service_quotas.len(), 1085);
        assert_eq!(rd.default_quotas.len(), 1085);
    }
    // A region the table never mentions still exists, with quotas but no models.
    let other = data(&["eusc-de-east-1"]);
    let rd = &other.regions["eusc-de-east-1"];
    assert!(rd.foundation_models.is_empty() && rd.inference_profiles.is_empty());
    assert_eq!(rd.service_quotas.len(), 1085);
}

/// How derived profiles split by prefix, and what a derived model entry looks like.
#[test]
fn derived_profiles_and_models() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let d = data(&["eu-west-1", "ap-northeast-1", "ca-central-1", "sa-east-1"]);
    let prefixes = |r: &str| {
        let mut n = std::collections::BTreeMap::<String, usize>::new();
        for p in &d.regions[r].inference_profiles {
            let prefix = p
                .inference_profile_id
                .split('.')
                .next()
                .unwrap()
                .to_string();
            *n.entry(prefix).or_default() += 1;
        }
        n.into_iter().collect::<Vec<_>>()
    };
    let v = |pairs: &[(&str, usize)]| -> Vec<(String, usize)> {
        pairs.iter().map(|(p, n)| (p.to_string(), *n)).collect()
    };
    assert_eq!(prefixes("eu-west-1"), v(&[("eu", 20), ("global", 12)]));
    assert_eq!(
        prefixes("ap-northeast-1"),
        v(&[("apac", 4), ("global", 12), ("jp", 6)])
    );
    assert_eq!(prefixes("ca-central-1"), v(&[("global", 11), ("us", 10)]));
    assert_eq!(prefixes("sa-east-1"), v(&[("global", 10)]));

    // A provisioned-only context variant keeps PROVISIONED only where offered in-region.
    let eu = &d.regions["eu-west-1"].foundation_models;
    let haiku3: Vec<_> = eu
        .iter()
        .filter(|m| {
            m.model_id
                .starts_with("anthropic.claude-3-haiku-20240307-v1:0")
        })
        .map(|m| (m.model_id.as_str(), m.inference_types_supported.join(",")))
        .collect::<Vec<(&str, String)>>();
    let haiku3: Vec<(&str, &str)> = haiku3.iter().map(|(id, t)| (*id, t.as_str())).collect();
    assert_eq!(
        haiku3,
        [
            ("anthropic.claude-3-haiku-20240307-v1:0:48k", "PROVISIONED"),
            ("anthropic.claude-3-haiku-20240307-v1:0:200k", "PROVISIONED"),
            (
                "anthropic.claude-3-haiku-20240307-v1:0",
                "ON_DEMAND,INFERENCE_PROFILE"
            ),
        ]
    );
    let sonnet = eu
        .iter()
        .find(|m| m.model_id == "anthropic.claude-sonnet-4-5-20250929-v1:0")
        .unwrap();
    assert_eq!(
        sonnet.model_arn,
        "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0"
    );
    assert_eq!(sonnet.inference_types_supported, ["INFERENCE_PROFILE"]);
    // Not in the docs table: us-east-1 only.
    assert!(!eu.iter().any(|m| m.model_id == "moonshot.kimi-k2-thinking"));

    // Quotas: ARN rewritten; three defaults below the applied value.
    let rd = &d.regions["sa-east-1"];
    let q = &rd.service_quotas[0];
    assert_eq!(
        q.quota_arn.as_deref(),
        Some("arn:aws:servicequotas:sa-east-1:123456789012:bedrock/L-2B715ABD")
    );
    let raised: Vec<_> = rd
        .service_quotas
        .iter()
        .zip(&rd.default_quotas)
        .filter(|(a, d)| a.value != d.value)
        .map(|(a, d)| (a.quota_code.as_str(), a.value.unwrap(), d.value.unwrap()))
        .collect();
    assert_eq!(
        raised,
        [
            ("L-FFFEDD8D", 50000.0, 25000.0),
            ("L-40EC9882", 1000.0, 500.0),
            ("L-97D79C54", 1000.0, 500.0),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Bedrock over the wire
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn foundation_models_per_region_and_filters() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let fake = FakeAws::start(data(&["us-east-1", "eu-west-1"])).await;
    let out = bedrock(&fake, "us-east-1")
        .list_foundation_models()
        .send()
        .await
        .unwrap();
    assert_eq!(out.model_summaries().len(), 125);
    let out = bedrock(&fake, "eu-west-1")
        .list_foundation_models()
        .send()
        .await
        .unwrap();
    assert_eq!(out.model_summaries().len(), 62);

    // Filters (case-insensitive provider, inference type).
    let client = bedrock(&fake, "us-east-1");
    let anthropic = client
        .list_foundation_models()
        .by_provider("anthropic")
        .send()
        .await
        .unwrap();
    assert_eq!(anthropic.model_summaries().len(), 16);
    let provisioned = client
        .list_foundation_models()
        .by_inference_type(aws_sdk_bedrock::types::InferenceType::Provisioned)
        .send()
        .await
        .unwrap();
    assert_eq!(provisioned.model_summaries().len(), 17);

    let reqs = fake.requests();
    assert_eq!(reqs.len(), 4);
    assert_eq!(reqs[0].region.as_deref(), Some("us-east-1"));
    assert_eq!(reqs[0].service.as_deref(), Some("bedrock"));
    assert_eq!(reqs[0].api, Api::ListFoundationModels);
    assert_eq!(reqs[0].attempt, Some(1));
    assert_eq!(reqs[0].path, "/foundation-models");
    assert_eq!(reqs[1].region.as_deref(), Some("eu-west-1"));
    assert_eq!(reqs[2].target, "/foundation-models?byProvider=anthropic");
}

/// Where two named models are listed, asking every one of the 33 regions over the wire.
#[tokio::test]
async fn named_model_regions() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let regions = all_regions();
    let refs: Vec<&str> = regions.iter().map(String::as_str).collect();
    let fake = FakeAws::start(data(&refs)).await;
    let mut pixtral = Vec::new();
    let mut qwen = Vec::new();
    for r in &regions {
        let out = bedrock(&fake, r)
            .list_foundation_models()
            .send()
            .await
            .unwrap();
        for m in out.model_summaries() {
            let types: Vec<&str> = m
                .inference_types_supported()
                .iter()
                .map(|t| t.as_str())
                .collect();
            match m.model_id() {
                "mistral.pixtral-large-2502-v1:0" => {
                    assert_eq!(types, ["INFERENCE_PROFILE"]);
                    pixtral.push(r.as_str());
                }
                "qwen.qwen3-32b-v1:0" => {
                    assert_eq!(types, ["ON_DEMAND"]);
                    qwen.push(r.as_str());
                }
                _ => {}
            }
        }
    }
    assert_eq!(
        pixtral,
        [
            "eu-central-1",
            "eu-north-1",
            "eu-west-1",
            "eu-west-3",
            "us-east-1",
            "us-east-2",
            "us-west-2"
        ]
    );
    assert_eq!(
        qwen,
        [
            "ap-northeast-1",
            "ap-south-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "eu-central-1",
            "eu-north-1",
            "eu-south-1",
            "eu-west-1",
            "eu-west-2",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-2"
        ]
    );
    assert_eq!(fake.request_count(), 33);
}

#[tokio::test]
async fn inference_profiles_paginate_with_encoded_tokens() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let fake = FakeAws::start(data(&["us-east-1", "us-west-2", "eu-west-1"])).await;

    // Small pages: 32 profiles in pages of 10 = 4 requests; tokens contain + / = and round-trip.
    let profiles: Vec<_> = bedrock(&fake, "eu-west-1")
        .list_inference_profiles()
        .into_paginator()
        .page_size(10)
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(profiles.len(), 32);
    let reqs = fake.requests_for(Api::ListInferenceProfiles);
    let tokens: Vec<_> = reqs.iter().map(|r| r.next_token.clone()).collect();
    assert_eq!(
        tokens,
        [
            None,
            Some(page_token(10)),
            Some(page_token(20)),
            Some(page_token(30))
        ]
    );
    assert!(page_token(10).contains(['+', '/', '=']));
    assert!(
        reqs[1].target.contains("nextToken=fk%2B10%2Fpage%3D%3D"),
        "{}",
        reqs[1].target
    );

    // A derived geo profile and its destinations.
    let pixtral = profiles
        .iter()
        .find(|p| p.inference_profile_id() == "eu.mistral.pixtral-large-2502-v1:0")
        .unwrap();
    assert_eq!(
        destination_regions(pixtral),
        ["eu-central-1", "eu-north-1", "eu-west-1", "eu-west-3"]
    );
    assert_eq!(
        pixtral.inference_profile_name(),
        "EU Mistral AI Pixtral Large (25.02)"
    );
    let global = profiles
        .iter()
        .find(|p| p.inference_profile_id() == "global.anthropic.claude-sonnet-4-5-20250929-v1:0")
        .unwrap();
    assert_eq!(destination_regions(global), ["", "eu-west-1"]);

    // Without maxResults the fake, like AWS, answers a small default page (10).
    fake.reset_counters();
    let out = bedrock(&fake, "us-west-2")
        .list_inference_profiles()
        .type_equals(InferenceProfileType::SystemDefined)
        .send()
        .await
        .unwrap();
    assert_eq!(out.inference_profile_summaries().len(), 10);
    assert_eq!(out.next_token(), Some(page_token(10).as_str()));
    assert_eq!(
        fake.requests()[0].target,
        "/inference-profiles?type=SYSTEM_DEFINED"
    );
    // maxResults=1000 (the API's maximum): the real us-west-2 list in one request.
    fake.reset_counters();
    let out = bedrock(&fake, "us-west-2")
        .list_inference_profiles()
        .type_equals(InferenceProfileType::SystemDefined)
        .max_results(1000)
        .send()
        .await
        .unwrap();
    assert_eq!(out.inference_profile_summaries().len(), 57);
    assert_eq!(out.next_token(), None);
    assert_eq!(fake.request_count(), 1);
    let out = bedrock(&fake, "us-east-1")
        .list_inference_profiles()
        .max_results(1000)
        .send()
        .await
        .unwrap();
    let haiku = out
        .inference_profile_summaries()
        .iter()
        .find(|p| p.inference_profile_id() == "us.anthropic.claude-3-5-haiku-20241022-v1:0")
        .unwrap();
    assert_eq!(
        destination_regions(haiku),
        ["us-east-1", "us-east-2", "us-west-2"]
    );
    assert!(haiku.created_at().is_some());

    let err = bedrock(&fake, "us-east-1")
        .list_inference_profiles()
        .next_token("bogus")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ValidationException"));

    // The type filter: APPLICATION lists the account's own profiles (fixture_data.rs).
    let apps = bedrock(&fake, "us-east-1")
        .list_inference_profiles()
        .type_equals(InferenceProfileType::Application)
        .send()
        .await
        .unwrap();
    let ids: Vec<&str> = apps
        .inference_profile_summaries()
        .iter()
        .map(|p| p.inference_profile_id())
        .collect();
    assert_eq!(ids, ["teamchat0001", "teamsearch01"]);
}

// ---------------------------------------------------------------------------------------------
// Service Quotas over the wire
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn quotas_paginate_and_defaults() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let fake = FakeAws::start(data(&["eu-west-1"])).await;
    let client = quotas(&fake, "eu-west-1");
    let mut pages = client
        .list_service_quotas()
        .service_code("bedrock")
        .into_paginator()
        .send();
    let mut applied = Vec::new();
    let mut page_count = 0;
    while let Some(page) = pages.next().await {
        page_count += 1;
        applied.extend(page.unwrap().quotas().to_vec());
    }
    assert_eq!(applied.len(), 1085);
    assert_eq!(page_count, 11);
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 11);
    assert!(reqs.iter().all(|r| r.api == Api::ListServiceQuotas
        && r.service.as_deref() == Some("servicequotas")
        && r.region.as_deref() == Some("eu-west-1")
        && r.path == "/"));
    assert_eq!(reqs[1].next_token, Some(page_token(100)));
    assert_eq!(
        applied[0].quota_arn(),
        Some("arn:aws:servicequotas:eu-west-1:123456789012:bedrock/L-2B715ABD")
    );
    assert!(applied[0].usage_metric().is_none());
    assert!(applied.iter().any(|q| q.period().is_some()));

    let defaults: Vec<_> = client
        .list_aws_default_service_quotas()
        .service_code("bedrock")
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(defaults.len(), 1085);
    assert_eq!(
        fake.requests_for(Api::ListAwsDefaultServiceQuotas).len(),
        11
    );
    let raised: BTreeSet<&str> = applied
        .iter()
        .zip(&defaults)
        .filter(|(a, d)| a.value() > d.value())
        .filter_map(|(a, _)| a.quota_code())
        .collect();
    assert_eq!(raised, RAISED_QUOTAS.into_iter().collect());

    // A token the fake did not issue.
    let err = client
        .list_service_quotas()
        .service_code("bedrock")
        .next_token("bogus")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidPaginationTokenException"));

    // Another service code: no quotas.
    let other = client
        .list_service_quotas()
        .service_code("ec2")
        .send()
        .await
        .unwrap();
    assert!(other.quotas().is_empty());
}

/// The benchmark's fake renders the quota pages ahead: the pages are the same, and faults still
/// apply to them.
#[tokio::test]
async fn prerendered_quota_pages_are_the_computed_ones() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    async fn all_pages(fake: &FakeAws) -> Vec<String> {
        let client = quotas(fake, "eu-west-1");
        let mut pages = client
            .list_service_quotas()
            .service_code("bedrock")
            .max_results(100)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.unwrap();
            let codes: Vec<&str> = page
                .quotas()
                .iter()
                .filter_map(|q| q.quota_code())
                .collect();
            out.push(format!("{} {:?}", codes.join(","), page.next_token()));
        }
        out
    }
    let computed = FakeAws::start(data(&["eu-west-1"])).await;
    let rendered = FakeAws::start(data(&["eu-west-1"])).await;
    rendered.prerender_quota_pages();
    let expected = all_pages(&computed).await;
    assert_eq!(expected.len(), 11);
    assert_eq!(all_pages(&rendered).await, expected);
    // 11 pages of each quota API were rendered; the 11 served came from them.
    assert_eq!(rendered.prerendered_quota_pages(), (22, 11));
    assert_eq!(computed.prerendered_quota_pages(), (0, 0));

    rendered.add_rule(Rule::first(1, Api::ListServiceQuotas, Fault::AccessDenied));
    let err = quotas(&rendered, "eu-west-1")
        .list_service_quotas()
        .service_code("bedrock")
        .max_results(100)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AccessDeniedException"));
}

// ---------------------------------------------------------------------------------------------
// Faults, retries, timeouts
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn throttle_then_success() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let fake = FakeAws::start(data(&["us-east-1"])).await;
    fake.add_rule(Rule::first(1, Api::ListFoundationModels, Fault::Throttle));
    let out = bedrock(&fake, "us-east-1")
        .list_foundation_models()
        .send()
        .await
        .unwrap();
    assert_eq!(out.model_summaries().len(), 125);
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].fault, Some(Fault::Throttle));
    assert_eq!((reqs[0].attempt, reqs[1].attempt), (Some(1), Some(2)));
    assert_eq!(reqs[1].fault, None);

    // Service Quotas: TooManyRequestsException twice, then the page.
    fake.reset_counters();
    fake.add_rule(Rule::first(2, Api::ListServiceQuotas, Fault::Throttle));
    let out = quotas(&fake, "us-east-1")
        .list_service_quotas()
        .service_code("bedrock")
        .send()
        .await
        .unwrap();
    assert_eq!(out.quotas().len(), 100);
    assert_eq!(out.next_token(), Some(page_token(100).as_str()));
    assert_eq!(fake.request_count(), 3);
}

#[tokio::test]
async fn throttles_exhaust_retries() {
    let fake = FakeAws::start(demo_data()).await;
    fake.add_rule(Rule::always(Api::ListFoundationModels, Fault::Throttle));
    fake.add_rule(Rule::always(Api::ListServiceQuotas, Fault::Throttle));
    let err = bedrock(&fake, "us-east-1")
        .list_foundation_models()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ThrottlingException"));
    assert_eq!(fake.request_count(), 3);

    let err = quotas(&fake, "us-east-1")
        .list_service_quotas()
        .service_code("bedrock")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("TooManyRequestsException"));
    assert!(err.into_service_error().is_too_many_requests_exception());
    assert_eq!(fake.request_count(), 6);
}

#[tokio::test]
async fn times_limited_server_errors() {
    let fake = FakeAws::start(demo_data()).await;
    fake.add_rule(Rule::first(
        3,
        Api::ListFoundationModels,
        Fault::ServerError(503),
    ));
    let client = bedrock(&fake, "us-east-1");
    let err = client.list_foundation_models().send().await.unwrap_err();
    assert_eq!(err.code(), Some("ServiceUnavailableException"));
    assert_eq!(fake.request_count(), 3);
    // The rule is spent: the next call succeeds first time.
    client.list_foundation_models().send().await.unwrap();
    assert_eq!(fake.request_count(), 4);

    // A 500 once, then success.
    fake.add_rule(Rule::first(
        1,
        Api::ListInferenceProfiles,
        Fault::ServerError(500),
    ));
    client.list_inference_profiles().send().await.unwrap();
    let faults: Vec<_> = fake.requests().iter().map(|r| r.fault).collect();
    assert_eq!(
        faults,
        [
            Some(Fault::ServerError(503)),
            Some(Fault::ServerError(503)),
            Some(Fault::ServerError(503)),
            None,
            Some(Fault::ServerError(500)),
            None
        ]
    );
}

#[tokio::test]
async fn region_scoped_rules() {
    let fake = FakeAws::start(demo_data()).await;
    fake.add_rule(
        Rule::always(Api::ListFoundationModels, Fault::AccessDenied).in_region("eu-west-1"),
    );
    bedrock(&fake, "us-east-1")
        .list_foundation_models()
        .send()
        .await
        .unwrap();
    let err = bedrock(&fake, "eu-west-1")
        .list_foundation_models()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AccessDeniedException"));
    assert!(
        err.message()
            .unwrap()
            .contains("bedrock:ListFoundationModels")
    );
    assert!(err.request_id().is_some_and(|id| id.starts_with("fake-")));
    assert_eq!(fake.request_count(), 2); // 403: not retried
}

#[tokio::test]
async fn not_opted_in_access_denied_expired() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    // ap-southeast-7 is not in the data: not opted in.
    let fake = FakeAws::start(data(&["us-east-1"])).await;
    let err = bedrock(&fake, "ap-southeast-7")
        .list_foundation_models()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("UnrecognizedClientException"));
    assert_eq!(
        err.message(),
        Some("The security token included in the request is invalid.")
    );
    let err = quotas(&fake, "ap-southeast-7")
        .list_service_quotas()
        .service_code("bedrock")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("UnrecognizedClientException"));
    assert_eq!(fake.request_count(), 2);
    assert!(
        fake.requests()
            .iter()
            .all(|r| r.fault == Some(Fault::NotOptedIn))
    );

    // Injected in an opted-in region.
    fake.reset_counters();
    fake.add_rule(Rule::first(
        1,
        Api::ListInferenceProfiles,
        Fault::NotOptedIn,
    ));
    fake.add_rule(Rule::first(1, Api::ListServiceQuotas, Fault::AccessDenied));
    fake.add_rule(Rule::first(
        1,
        Api::ListAwsDefaultServiceQuotas,
        Fault::ExpiredToken,
    ));
    let err = bedrock(&fake, "us-east-1")
        .list_inference_profiles()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("UnrecognizedClientException"));
    let err = quotas(&fake, "us-east-1")
        .list_service_quotas()
        .service_code("bedrock")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AccessDeniedException"));
    assert_eq!(
        err.message(),
        Some(
            "User: arn:aws:iam::123456789012:user/x is not authorized to perform: \
             servicequotas:ListServiceQuotas because no identity-based policy allows the \
             servicequotas:ListServiceQuotas action"
        )
    );
    assert!(err.into_service_error().is_access_denied_exception());
    let err = quotas(&fake, "us-east-1")
        .list_aws_default_service_quotas()
        .service_code("bedrock")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ExpiredTokenException"));
    assert_eq!(
        err.message(),
        Some("The security token included in the request is expired")
    );
    assert_eq!(fake.request_count(), 3); // 403s are not retried
}

#[tokio::test]
async fn stall_times_out_in_bounded_time() {
    let fake = FakeAws::start(demo_data()).await;
    fake.add_rule(Rule::always(Api::ListFoundationModels, Fault::Stall));
    let client = bedrock_with(&fake, "us-east-1", 3, Duration::from_millis(200));
    let err = client.list_foundation_models().send().await.unwrap_err();
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    // Each of the three attempts stalled and was cut by the attempt timeout, then retried: the
    // SDK numbered them 1, 2, 3 and the fake answered none of them.
    let seen: Vec<_> = fake
        .requests()
        .into_iter()
        .map(|r| (r.attempt, r.fault))
        .collect();
    assert_eq!(
        seen,
        [1, 2, 3].map(|n| (Some(n), Some(Fault::Stall))),
        "{seen:?}"
    );
    // Stalled requests do not count as in flight once stalled.
    assert_eq!(fake.max_in_flight(), 1);

    // One stall, then an answer on a new connection.
    fake.clear_rules();
    fake.reset_counters();
    fake.add_rule(Rule::first(1, Api::ListFoundationModels, Fault::Stall));
    client.list_foundation_models().send().await.unwrap();
    assert_eq!(fake.request_count(), 2);
}

#[tokio::test]
async fn malformed_and_closed_connections() {
    let fake = FakeAws::start(demo_data()).await;
    fake.add_rule(Rule::always(Api::ListFoundationModels, Fault::Malformed));
    let err = bedrock(&fake, "us-east-1")
        .list_foundation_models()
        .send()
        .await
        .unwrap_err();
    // The SDK reports a 200 with a truncated body as an unhandled service error wrapping a
    // `DeserializeError`, with no error code.
    assert!(matches!(err, SdkError::ServiceError(_)));
    assert_eq!(err.code(), None);
    let source = format!("{:?}", std::error::Error::source(&err));
    assert!(
        source.contains("DeserializeError"),
        "{}",
        &source[..source.len().min(300)]
    );
    println!("malformed requests: {}", fake.request_count());
    assert_eq!(fake.request_count(), MALFORMED_REQUESTS);

    fake.reset_counters();
    fake.add_rule(Rule::first(
        1,
        Api::ListInferenceProfiles,
        Fault::CloseConnection,
    ));
    let out = bedrock(&fake, "us-east-1")
        .list_inference_profiles()
        .send()
        .await;
    assert_eq!(out.is_ok(), CLOSE_RETRIED, "{out:?}");
    assert_eq!(fake.request_count(), if CLOSE_RETRIED { 2 } else { 1 });
}

const MALFORMED_REQUESTS: usize = 1;
const CLOSE_RETRIED: bool = true;

/// Probabilistic rules are reproducible: the same seed gives the same faults.
#[tokio::test]
async fn probability_is_seeded() {
    async fn pattern(seed: u64) -> Vec<bool> {
        let fake = FakeAws::start(demo_data()).await;
        fake.set_seed(seed);
        fake.add_rule(Rule {
            probability: 0.5,
            ..Rule::always(Api::ListInferenceProfiles, Fault::ServerError(500))
        });
        let client = bedrock_with(&fake, "us-east-1", 1, Duration::from_secs(5));
        let mut out = Vec::new();
        for _ in 0..40 {
            out.push(client.list_inference_profiles().send().await.is_ok());
        }
        out
    }
    let a = pattern(7).await;
    assert_eq!(a, pattern(7).await);
    assert_ne!(a, pattern(8).await);
    let ok = a.iter().filter(|ok| **ok).count();
    assert!((10..=30).contains(&ok), "{ok} of 40");
}

// ---------------------------------------------------------------------------------------------
// Files, unknown routes, concurrency, shutdown
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn files_with_etag_and_304() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let fake = FakeAws::start(FakeData::default()).await;
    fake.serve_file("/litellm/prices.json", br#"{"a":1}"#.to_vec());
    let http = reqwest::Client::new();
    let url = format!("{}/litellm/prices.json", fake.url());

    let resp = http.get(&url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let etag = resp.headers()["etag"].to_str().unwrap().to_string();
    assert!(etag.starts_with('"') && etag.len() == 18, "{etag}");
    assert_eq!(resp.bytes().await.unwrap().as_ref(), br#"{"a":1}"#);

    let resp = http
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 304);
    assert_eq!(resp.headers()["etag"].to_str().unwrap(), etag);

    // Changed content, new ETag: 200 again.
    fake.serve_file("/litellm/prices.json", br#"{"a":2}"#.to_vec());
    let resp = http
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);

    let resp = http
        .get(format!("{}/nope.json", fake.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);

    // Faults apply to files too.
    fake.add_rule(Rule::first(1, Api::File, Fault::Throttle));
    let resp = http.get(&url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 429);
    let resp = http.get(&url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);

    let reqs = fake.requests();
    assert_eq!(reqs.len(), 6);
    assert!(
        reqs.iter()
            .all(|r| r.api == Api::File && r.region.is_none())
    );
    assert_eq!(reqs[0].path, "/litellm/prices.json");

    // The fixture Price List tree can be served as a directory.
    let n = fake
        .serve_dir("/offers", &fixtures_dir().join("price-list/offers"))
        .unwrap();
    assert_eq!(n, 16);
    let resp = http
        .get(format!("{}/offers/v1.0/aws/index.json", fake.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
}

#[tokio::test]
async fn unknown_route_is_404_with_error_type() {
    let fake = FakeAws::start(demo_data()).await;
    let resp = reqwest::Client::new()
        .get(format!("{}/custom-models", fake.url()))
        .header(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDFAKE/20261125/us-east-1/bedrock/aws4_request, \
             SignedHeaders=host, Signature=00",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    assert_eq!(
        resp.headers()["x-amzn-errortype"].to_str().unwrap(),
        "UnknownOperationException"
    );
    let r = &fake.requests()[0];
    assert_eq!(r.api, Api::Unknown);
    assert_eq!(r.region.as_deref(), Some("us-east-1"));
}

#[tokio::test]
async fn max_in_flight_counts_concurrency() {
    let fake = FakeAws::start(demo_data()).await;
    fake.set_latency(Duration::from_millis(300));
    let client = bedrock(&fake, "us-east-1");

    // Eight calls at once: all in flight together.
    let calls = (0..8).map(|_| client.list_inference_profiles().send());
    for r in futures::future::join_all(calls).await {
        r.unwrap();
    }
    assert_eq!(fake.max_in_flight(), 8);

    // Nine calls behind a semaphore of three: at most three at once.
    fake.reset_counters();
    let sem = std::sync::Arc::new(tokio::sync::Semaphore::new(3));
    let calls = (0..9).map(|_| {
        let (sem, client) = (sem.clone(), client.clone());
        async move {
            let _permit = sem.acquire().await.unwrap();
            client.list_inference_profiles().send().await.unwrap();
        }
    });
    futures::future::join_all(calls).await;
    assert_eq!(fake.request_count(), 9);
    assert_eq!(fake.max_in_flight(), 3);
}

#[tokio::test]
async fn stops_when_dropped() {
    let fake = FakeAws::start(FakeData::default()).await;
    let addr = format!("127.0.0.1:{}", fake.port());
    tokio::net::TcpStream::connect(&addr).await.unwrap();
    drop(fake);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(tokio::net::TcpStream::connect(&addr).await.is_err());
}

/// Jittered latency: each request's latency is drawn from latency × [1 - j, 1 + j], recorded, and
/// the same seed draws the same latencies.
#[tokio::test]
async fn jittered_latencies_stay_in_their_range_and_follow_the_seed() {
    async fn draws(seed: u64) -> Vec<Duration> {
        let fake = FakeAws::start(demo_data()).await;
        fake.set_latency(Duration::from_millis(20));
        fake.set_latency_jitter(0.5, seed);
        let client = bedrock(&fake, "us-east-1");
        for _ in 0..12 {
            client.list_foundation_models().send().await.unwrap();
        }
        fake.requests().iter().map(|r| r.latency).collect()
    }
    let a = draws(7).await;
    assert_eq!(a.len(), 12);
    for l in &a {
        assert!(
            (Duration::from_millis(10)..=Duration::from_millis(30)).contains(l),
            "{l:?}"
        );
    }
    let distinct: BTreeSet<_> = a.iter().collect();
    assert!(distinct.len() > 6, "{a:?}");
    assert_eq!(a, draws(7).await);
    assert_ne!(a, draws(8).await);
}
