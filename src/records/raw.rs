//! The raw records of one run as the sources hand them to the phases: per region and API all
//! pages or the failure ([`Pages`]), the file sources' bytes and where they came from, and the
//! syntax of a region name. Everything above (sources, phases, catalogue) shares this vocabulary.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::status::{Failure, Status};
use super::{
    FoundationModelsPage, InferenceProfilesPage, MantleModelsPage, ModelAvailability,
    ProvisionedThroughputsPage, QuotasPage,
};

/// The per-region APIs a run calls: four AWS list APIs and Mantle's model list. Their names are the snapshot's directory names and the
/// keys of the catalogue's per-region status table.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Api {
    ListFoundationModels,
    ListInferenceProfiles,
    ListServiceQuotas,
    ListAwsDefaultServiceQuotas,
    /// Mantle's `GET /v1/models` (Bedrock's OpenAI-compatible endpoint).
    MantleModels,
    /// `--account-access`: GetFoundationModelAvailability, one request per listed model.
    GetFoundationModelAvailability,
    /// `--account-access`: ListInferenceProfiles with `typeEquals=APPLICATION`.
    ListApplicationInferenceProfiles,
    /// `--account-access`: ListProvisionedModelThroughputs.
    ListProvisionedModelThroughputs,
}

impl Api {
    /// The API of an AWS operation name.
    pub fn from_operation(name: &str) -> Option<Api> {
        Api::ALL.into_iter().find(|a| a.operation() == name)
    }

    pub const ALL: [Api; 5] = [
        Api::ListFoundationModels,
        Api::ListInferenceProfiles,
        Api::ListServiceQuotas,
        Api::ListAwsDefaultServiceQuotas,
        Api::MantleModels,
    ];

    /// The account's own view (`--account-access`): made only when asked for.
    pub const ACCOUNT: [Api; 3] = [
        Api::GetFoundationModelAvailability,
        Api::ListApplicationInferenceProfiles,
        Api::ListProvisionedModelThroughputs,
    ];

    /// The account API of an AWS operation name (the account calls have clients of their own,
    /// so ListInferenceProfiles there is the application profiles' list).
    pub fn account_from_operation(name: &str) -> Option<Api> {
        match name {
            "GetFoundationModelAvailability" => Some(Api::GetFoundationModelAvailability),
            "ListInferenceProfiles" => Some(Api::ListApplicationInferenceProfiles),
            "ListProvisionedModelThroughputs" => Some(Api::ListProvisionedModelThroughputs),
            _ => None,
        }
    }

    /// snake_case name, as in the snapshot layout and the metadata.
    pub fn name(self) -> &'static str {
        match self {
            Api::ListFoundationModels => "list_foundation_models",
            Api::ListInferenceProfiles => "list_inference_profiles",
            Api::ListServiceQuotas => "list_service_quotas",
            Api::ListAwsDefaultServiceQuotas => "list_aws_default_service_quotas",
            Api::MantleModels => "mantle_models",
            Api::GetFoundationModelAvailability => "get_foundation_model_availability",
            Api::ListApplicationInferenceProfiles => "list_application_inference_profiles",
            Api::ListProvisionedModelThroughputs => "list_provisioned_model_throughputs",
        }
    }

    /// The AWS operation name, for messages.
    pub fn operation(self) -> &'static str {
        match self {
            Api::ListFoundationModels => "ListFoundationModels",
            Api::ListInferenceProfiles => "ListInferenceProfiles",
            Api::ListServiceQuotas => "ListServiceQuotas",
            Api::ListAwsDefaultServiceQuotas => "ListAWSDefaultServiceQuotas",
            Api::MantleModels => "Mantle GET /v1/models",
            Api::GetFoundationModelAvailability => "GetFoundationModelAvailability",
            Api::ListApplicationInferenceProfiles => "ListInferenceProfiles (APPLICATION)",
            Api::ListProvisionedModelThroughputs => "ListProvisionedModelThroughputs",
        }
    }

    /// The IAM action a caller needs for this API.
    pub fn iam_action(self) -> &'static str {
        match self {
            Api::ListFoundationModels => "bedrock:ListFoundationModels",
            Api::ListInferenceProfiles => "bedrock:ListInferenceProfiles",
            Api::ListServiceQuotas => "servicequotas:ListServiceQuotas",
            Api::ListAwsDefaultServiceQuotas => "servicequotas:ListAWSDefaultServiceQuotas",
            // The short-term key's use; `bedrock:CallWithBearerToken` too (see the README's policy).
            Api::MantleModels => "bedrock-mantle:CallWithBearerToken",
            Api::GetFoundationModelAvailability => "bedrock:GetFoundationModelAvailability",
            Api::ListApplicationInferenceProfiles => "bedrock:ListInferenceProfiles",
            Api::ListProvisionedModelThroughputs => "bedrock:ListProvisionedModelThroughputs",
        }
    }
}

/// All pages of one API in one region, or why they could not all be read. A chain that failed
/// part-way keeps no pages: a partial list is never published as if it were complete.
pub type Pages<P> = Result<Vec<P>, Failure>;

/// What one region's APIs returned.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionRaw {
    pub foundation_models: Pages<FoundationModelsPage>,
    pub inference_profiles: Pages<InferenceProfilesPage>,
    pub service_quotas: Pages<QuotasPage>,
    pub default_quotas: Pages<QuotasPage>,
    /// Mantle's model list (one page); `skipped` when Mantle is switched off or was not recorded.
    pub mantle: Pages<MantleModelsPage>,
    /// Requests and HTTP attempts made per API (absent: not counted).
    pub attempts: BTreeMap<Api, Attempts>,
}

/// How many requests (pages asked for) an API chain made, and how many HTTP attempts they took.
/// `attempts - requests` is the number of retries.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Attempts {
    pub requests: usize,
    pub attempts: usize,
    /// Passes over the chain: 1, or more when a chain that failed on a retryable cause was
    /// resumed from its last good page (see `aws::PassPolicy`).
    #[serde(default)]
    pub passes: usize,
}

/// Status (items read, or the failure) and page count of one chain of pages.
fn of<P>(p: &Pages<P>, items: impl Fn(&P) -> usize) -> (Result<usize, &Failure>, usize) {
    match p {
        Ok(pages) => (Ok(pages.iter().map(items).sum()), pages.len()),
        Err(f) => (Err(f), 0),
    }
}

impl RegionRaw {
    /// Status and page count of one API in this region.
    pub fn outcome(&self, api: Api) -> (Result<usize, &Failure>, usize) {
        match api {
            Api::ListFoundationModels => of(&self.foundation_models, |p| p.model_summaries.len()),
            Api::ListInferenceProfiles => of(&self.inference_profiles, |p| {
                p.inference_profile_summaries.len()
            }),
            Api::ListServiceQuotas => of(&self.service_quotas, |p| p.quotas.len()),
            Api::ListAwsDefaultServiceQuotas => of(&self.default_quotas, |p| p.quotas.len()),
            Api::MantleModels => of(&self.mantle, |p| p.data.len()),
            // The account's calls are in `AwsRaw::account`, not here.
            Api::GetFoundationModelAvailability
            | Api::ListApplicationInferenceProfiles
            | Api::ListProvisionedModelThroughputs => (Ok(0), 0),
        }
    }
}

/// A file source's outcome (LiteLLM, Price List files): where it was asked for, and the file or
/// why it could not be had.
#[derive(Debug, Clone, PartialEq)]
pub struct FileOutcome {
    /// URL or path.
    pub location: String,
    pub result: Result<Fetched, Failure>,
}

/// Everything the AWS APIs said in one run, per region (sorted by region name).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AwsRaw {
    pub regions: BTreeMap<String, RegionRaw>,
    /// Mantle's base URL template (`{region}` in it) when Mantle was asked; `None` when it was
    /// switched off (or a snapshot predates it).
    pub mantle_url: Option<String>,
    /// The account's own view per region, when it was asked for (`--account-access`) or is in
    /// the replayed snapshot; empty otherwise.
    pub account: BTreeMap<String, AccountRaw>,
    /// The credentials the calls were made with (absent in a snapshot recorded before it).
    pub credentials: Option<CredentialSource>,
}

/// Mantle's outcome in a region where it was not asked.
pub fn mantle_skipped(why: &str) -> Pages<MantleModelsPage> {
    Err(Failure::new(Status::Skipped, why))
}

/// What one region's account calls returned (`--account-access`).
#[derive(Debug, Clone, PartialEq)]
pub struct AccountRaw {
    /// One answer per invocable model id the region listed (one request each), in the order
    /// asked. Fails whole when any request failed other than with "unknown model"; not asked
    /// (`Skipped`) when the region's ListFoundationModels failed.
    pub availability: Pages<ModelAvailability>,
    pub application_profiles: Pages<InferenceProfilesPage>,
    pub provisioned_throughputs: Pages<ProvisionedThroughputsPage>,
    /// Requests and HTTP attempts made per API.
    pub attempts: BTreeMap<Api, Attempts>,
}

impl AccountRaw {
    /// Status and page count of one account API (`(Ok(0), 0)` for the others).
    pub fn outcome(&self, api: Api) -> (Result<usize, &Failure>, usize) {
        match api {
            Api::GetFoundationModelAvailability => of(&self.availability, |_| 1),
            Api::ListApplicationInferenceProfiles => of(&self.application_profiles, |p| {
                p.inference_profile_summaries.len()
            }),
            Api::ListProvisionedModelThroughputs => of(&self.provisioned_throughputs, |p| {
                p.provisioned_model_summaries.len()
            }),
            // The region's own calls are in `RegionRaw`.
            Api::ListFoundationModels
            | Api::ListInferenceProfiles
            | Api::ListServiceQuotas
            | Api::ListAwsDefaultServiceQuotas
            | Api::MantleModels => (Ok(0), 0),
        }
    }
}

/// Where the bytes of a file source came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Downloaded in this run.
    Network,
    /// The cached copy, fresh within the TTL.
    Cache,
    /// The cached copy, which the server confirmed unchanged (304).
    Revalidated,
    /// An older cached copy, because the server could not be reached.
    StaleCache,
    /// A local file (`--litellm-file`, `--price-list-dir`, a replayed snapshot's file).
    File,
    /// Compiled into the binary (the corrections without `--corrections`).
    BuiltIn,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    pub url: String,
    pub bytes: Vec<u8>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub origin: Origin,
    /// For a copy from the cache (`cache`, `stale_cache`): when it was downloaded, as seconds
    /// since the Unix epoch.
    pub downloaded_at: Option<u64>,
}

/// A file and where it came from.
impl Fetched {
    /// The file's revision: its ETag when the server gave one, else `sha256:<hex>` of the content.
    pub fn revision(&self) -> String {
        if let Some(etag) = &self.etag {
            return etag.clone();
        }
        crate::digest::sha256_revision(&self.bytes, 64)
    }
}

/// The 33 commercial regions where the `bedrock` endpoint exists (botocore's endpoint list).
pub const DEFAULT_REGIONS: [&str; 33] = [
    "af-south-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// Whether `r` looks like an AWS region name (`eu-west-3`, `ap-southeast-5`, `us-gov-west-1`).
pub fn is_region_name(r: &str) -> bool {
    let parts: Vec<&str> = r.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

/// Mantle's API base URL for a template (`{region}` still in it): the template plus `/v1`.
pub fn api_base_template(template: &str) -> String {
    format!("{}/v1", template.trim_end_matches('/'))
}

/// Which credentials a run used: where they came from, and the account when it is known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CredentialSource {
    /// `profile NAME (--profile)`, `profile NAME (AWS_PROFILE)`, `environment (AWS_ACCESS_KEY_ID)`
    /// or `default chain` (web identity, container or instance credentials, the default profile).
    pub source: String,
    /// The account the credentials belong to, when they name it or the quota ARNs do;
    /// `000000000000` under `--redact-account-id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
}

impl CredentialSource {
    /// `source`, and the account when known, in a few words.
    pub fn describe(&self) -> String {
        match &self.account_id {
            Some(account) => format!("{}, account {account}", self.source),
            None => self.source.clone(),
        }
    }

    /// Sets the account, redacted when `--redact-account-id` is in effect.
    pub fn set_account(&mut self, account: &str) {
        self.account_id = Some(if crate::redact::hiding_account_ids() {
            crate::redact::REDACTED_ACCOUNT.to_string()
        } else {
            account.to_string()
        });
    }
}
