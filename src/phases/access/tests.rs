use super::*;
use crate::records::{AccountRaw, Failure, Status};
use crate::records::{
    AgreementAvailability, InferenceProfileModel, InferenceProfilesPage, ProvisionedThroughputsPage,
};

fn answer(id: &str, agreement: &str, authorization: &str) -> ModelAvailability {
    ModelAvailability {
        model_id: id.into(),
        agreement_availability: Some(AgreementAvailability {
            status: agreement.into(),
            error_message: None,
        }),
        authorization_status: Some(authorization.into()),
        entitlement_availability: Some("AVAILABLE".into()),
        region_availability: Some("AVAILABLE".into()),
        not_found: None,
    }
}

fn model(key: &str, invocable: &str) -> Model {
    Model {
        model_id: key.into(),
        invocable_model_id: invocable.into(),
        ..Default::default()
    }
}

fn providers() -> BTreeMap<String, Provider> {
    let mut p = Provider::default();
    for (k, id) in [
        ("anthropic.claude-v2", "anthropic.claude-v2:1"),
        ("meta.llama3-8b-instruct-v1", "meta.llama3-8b-instruct-v1:0"),
    ] {
        p.models.insert(k.into(), model(k, id));
    }
    BTreeMap::from([("X".to_string(), p)])
}

fn account(answers: Vec<ModelAvailability>) -> AccountRaw {
    AccountRaw {
        availability: Ok(answers),
        application_profiles: Ok(vec![]),
        provisioned_throughputs: Ok(vec![]),
        attempts: BTreeMap::new(),
    }
}

#[test]
fn an_answer_with_everything_available_is_callable() {
    let a = access(&answer("m:0", "AVAILABLE", "AUTHORIZED"));
    assert!(a.callable);
    assert_eq!(a.agreement, Some(AgreementStatus::Available));
    assert_eq!(a.authorization, Some(AuthorizationStatus::Authorized));
    assert!(a.blocked_by.is_empty());
    assert_eq!(
        a.reason,
        "callable: authorized, entitled and available in this region, with no agreement outstanding"
    );
}

#[test]
fn refusals_name_every_block_in_one_sentence() {
    let a = access(&answer("m:0", "NOT_AVAILABLE", "NOT_AUTHORIZED"));
    assert!(!a.callable);
    assert_eq!(
        a.blocked_by,
        [AccessBlock::Agreement, AccessBlock::Authorization]
    );
    assert_eq!(
        a.reason,
        "not callable: the provider's agreement is not accepted for this account (agreement NOT_AVAILABLE); \
         the caller is not authorized: an IAM policy or SCP denies it (NOT_AUTHORIZED)"
    );
    let pending = access(&answer("m:0", "PENDING", "AUTHORIZED"));
    assert_eq!(pending.agreement, Some(AgreementStatus::Pending));
    assert_eq!(pending.blocked_by, [AccessBlock::Agreement]);
    // A value this tool does not know yet blocks, and says so.
    let mut odd = answer("m:0", "AVAILABLE", "AUTHORIZED");
    odd.region_availability = Some("SOMETIMES".into());
    let odd = access(&odd);
    assert_eq!(odd.region, Some(Availability::Unknown));
    assert_eq!(
        odd.reason,
        "not callable: it is not available to this account in this region (region SOMETIMES)"
    );
}

#[test]
fn no_agreement_answered_is_no_agreement_needed() {
    let mut a = answer("amazon.nova-pro-v1:0", "AVAILABLE", "AUTHORIZED");
    a.agreement_availability = None;
    let a = access(&a);
    assert!(a.callable);
    assert_eq!(a.agreement, None);
}

#[test]
fn a_model_unknown_to_the_api_is_kept_with_its_reason() {
    let a = access(&ModelAvailability {
        model_id: "m:0".into(),
        not_found: Some("The model m:0 does not exist.".into()),
        ..Default::default()
    });
    assert!(!a.callable);
    assert_eq!(a.blocked_by, [AccessBlock::UnknownToApi]);
    assert_eq!(
        a.reason,
        "not callable: GetFoundationModelAvailability does not know m:0 in this region although \
         ListFoundationModels lists it (The model m:0 does not exist.)"
    );
}

#[test]
fn entries_go_to_their_model_per_region_with_the_invocable_id_first() {
    let mut p = providers();
    let mut raw = AwsRaw::default();
    raw.account.insert(
        "us-east-1".into(),
        account(vec![
            answer("anthropic.claude-v2", "NOT_AVAILABLE", "AUTHORIZED"),
            answer("anthropic.claude-v2:1", "AVAILABLE", "AUTHORIZED"),
            answer(
                "meta.llama3-8b-instruct-v1:0",
                "AVAILABLE",
                "NOT_AUTHORIZED",
            ),
        ]),
    );
    raw.account.insert(
        "eu-west-1".into(),
        account(vec![answer("anthropic.claude-v2", "PENDING", "AUTHORIZED")]),
    );
    let mut failed = account(vec![]);
    failed.availability = Err(Failure::new(Status::AccessDenied, "denied"));
    raw.account.insert("us-west-2".into(), failed);
    let counts = attach_account(&mut p, &raw).unwrap();
    let claude = &p["X"].models["anthropic.claude-v2"];
    assert_eq!(
        claude.account_access.keys().collect::<Vec<_>>(),
        ["eu-west-1", "us-east-1"]
    );
    assert_eq!(
        claude.account_access["us-east-1"].model_id,
        "anthropic.claude-v2:1"
    );
    assert!(claude.account_access["us-east-1"].callable);
    // Without the invocable id in the region, the newest id it lists.
    assert_eq!(
        claude.account_access["eu-west-1"].model_id,
        "anthropic.claude-v2"
    );
    assert!(!claude.account_access["eu-west-1"].callable);
    let llama = &p["X"].models["meta.llama3-8b-instruct-v1"];
    assert_eq!(
        llama.account_access["us-east-1"].blocked_by,
        [AccessBlock::Authorization]
    );
    assert_eq!(counts.checked, 3);
    assert_eq!(counts.callable, 1);
    assert_eq!(counts.not_callable, 2);
    assert_eq!(counts.blocked_by_agreement, 1);
    assert_eq!(counts.blocked_by_authorization, 1);
}

#[test]
fn application_profiles_and_throughputs_join_their_models() {
    let mut p = providers();
    let mut raw = AwsRaw::default();
    let mut acc = account(vec![]);
    acc.application_profiles = Ok(vec![InferenceProfilesPage {
        inference_profile_summaries: vec![
            InferenceProfileSummary {
                inference_profile_name: "team-a".into(),
                inference_profile_arn:
                    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc"
                        .into(),
                inference_profile_id: "abc".into(),
                models: ["us-east-1", "us-west-2"]
                    .iter()
                    .map(|r| InferenceProfileModel {
                        model_arn: format!(
                            "arn:aws:bedrock:{r}::foundation-model/anthropic.claude-v2:1"
                        ),
                    })
                    .collect(),
                status: "ACTIVE".into(),
                profile_type: "APPLICATION".into(),
                ..Default::default()
            },
            InferenceProfileSummary {
                inference_profile_name: "orphan".into(),
                inference_profile_arn:
                    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/zzz"
                        .into(),
                inference_profile_id: "zzz".into(),
                models: vec![InferenceProfileModel {
                    model_arn: "arn:aws:bedrock:us-east-1::foundation-model/gone.model-v1:0".into(),
                }],
                status: "ACTIVE".into(),
                profile_type: "APPLICATION".into(),
                ..Default::default()
            },
        ],
        next_token: None,
    }]);
    acc.provisioned_throughputs = Ok(vec![ProvisionedThroughputsPage {
        provisioned_model_summaries: vec![ProvisionedModelSummary {
            provisioned_model_name: "llama-pt".into(),
            provisioned_model_arn: "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/pt1"
                .into(),
            model_arn:
                "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-8b-instruct-v1:0:8k".into(),
            desired_model_arn: String::new(),
            foundation_model_arn:
                "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-8b-instruct-v1:0:8k".into(),
            model_units: 2,
            desired_model_units: 2,
            status: "InService".into(),
            commitment_duration: Some("OneMonth".into()),
            commitment_expiration_time: Some("2027-01-01T00:00:00Z".into()),
            ..Default::default()
        }],
        next_token: None,
    }]);
    raw.account.insert("us-east-1".into(), acc);
    let counts = attach_account(&mut p, &raw).unwrap();
    let claude = &p["X"].models["anthropic.claude-v2"];
    assert_eq!(claude.application_inference_profiles.len(), 1);
    let ap = &claude.application_inference_profiles[0];
    assert_eq!(ap.profile_id, "abc");
    assert_eq!(ap.region, "us-east-1");
    assert_eq!(ap.model_ids, ["anthropic.claude-v2:1"]);
    assert_eq!(ap.destination_regions, ["us-east-1", "us-west-2"]);
    let llama = &p["X"].models["meta.llama3-8b-instruct-v1"];
    let pt = &llama.provisioned_throughputs[0];
    assert_eq!(pt.foundation_model_id, "meta.llama3-8b-instruct-v1:0:8k");
    assert_eq!(pt.model_units, 2);
    assert_eq!(
        pt.commitment_duration,
        Some(crate::catalog::account::Commitment::OneMonth)
    );
    assert_eq!(
        pt.status,
        crate::catalog::account::ThroughputStatus::InService
    );
    assert_eq!(counts.application_profiles, 2);
    assert_eq!(counts.provisioned_throughputs, 1);
    assert_eq!(
        counts.resources_without_model,
        ["arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/zzz"]
    );
}

#[test]
fn no_account_calls_write_nothing() {
    let mut p = providers();
    assert_eq!(attach_account(&mut p, &AwsRaw::default()), None);
    assert_eq!(p, providers());
}
