//! Snapshots: `--record DIR` writes every raw AWS response page and every call's status;
//! `--replay DIR` reads them back so the whole pipeline runs with no network and no credentials.
//!
//! Layout (documented in the README):
//! ```text
//! DIR/manifest.json                                 format, tool version, regions, one entry per region and API
//! DIR/aws/<region>/<api>/page-0001.json             one API response body per page, in the API's own JSON
//! DIR/files/<name>                                  a downloaded file as received (`litellm.json`, ...)
//! ```
//! `<api>` is `list_foundation_models`, `list_inference_profiles`, `list_service_quotas`,
//! `list_aws_default_service_quotas` or `mantle_models` (Mantle's `/v1/models`; the manifest also
//! keeps Mantle's URL template, never its key); with `--account-access` also
//! `get_foundation_model_availability` (one page per model asked about),
//! `list_application_inference_profiles` and `list_provisioned_model_throughputs`. A failed call
//! has a manifest entry with its status and message and no pages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::http::{Fetched, Origin};
use super::{AccountRaw, Api, Attempts, AwsRaw, Failure, FileOutcome, Pages, RegionRaw, Status};

/// Version of the snapshot layout; replay refuses other versions.
pub const FORMAT: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("cannot read snapshot file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("snapshot file {path} is not valid (line {line}, column {column}): {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("snapshot {path} has format {found}, this tool reads format {FORMAT}")]
    Format { path: PathBuf, found: u32 },
    /// A region key is used as a directory name: anything but a region name could point outside.
    #[error("snapshot {path} lists {region:?}, which is not a region name")]
    BadRegion { path: PathBuf, region: String },
    #[error("snapshot {dir} has no region `{region}` (it holds: {available})")]
    MissingRegion {
        dir: PathBuf,
        region: String,
        available: String,
    },
    #[error("cannot write snapshot file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub tool_version: String,
    pub recorded_at: String,
    /// Region -> API -> outcome.
    pub calls: BTreeMap<String, BTreeMap<Api, CallEntry>>,
    /// Mantle's base URL template, when Mantle was asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mantle_url: Option<String>,
    /// File source name (`litellm.json`, ...) -> outcome; the body is `files/<name>`.
    #[serde(default)]
    pub files: BTreeMap<String, FileEntry>,
    /// The credentials the calls were made with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<crate::records::CredentialSource>,
}

/// The outcome of one file source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    pub status: Status,
    /// URL or path it was read from.
    pub location: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// For a copy from the download cache: when it was downloaded (Unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub downloaded_at: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// The outcome of one region/API call chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallEntry {
    pub status: Status,
    pub pages: usize,
    /// Requests and HTTP attempts (retries included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<Attempts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

fn page_path(dir: &Path, region: &str, api: Api, page: usize) -> PathBuf {
    dir.join("aws")
        .join(region)
        .join(api.name())
        .join(format!("page-{:04}.json", page + 1))
}

/// Writes `raw` and the file sources under `dir` (created if needed). Pages are pretty-printed for
/// readable diffs; files are kept byte for byte.
pub fn record(
    dir: &Path,
    raw: &AwsRaw,
    files: &BTreeMap<String, FileOutcome>,
    recorded_at: &str,
) -> Result<(), SnapshotError> {
    let mut calls = BTreeMap::new();
    for (region, r) in &raw.regions {
        let mut entries = BTreeMap::new();
        entries.insert(
            Api::ListFoundationModels,
            write_pages(dir, region, Api::ListFoundationModels, &r.foundation_models)?,
        );
        entries.insert(
            Api::ListInferenceProfiles,
            write_pages(
                dir,
                region,
                Api::ListInferenceProfiles,
                &r.inference_profiles,
            )?,
        );
        entries.insert(
            Api::ListServiceQuotas,
            write_pages(dir, region, Api::ListServiceQuotas, &r.service_quotas)?,
        );
        entries.insert(
            Api::ListAwsDefaultServiceQuotas,
            write_pages(
                dir,
                region,
                Api::ListAwsDefaultServiceQuotas,
                &r.default_quotas,
            )?,
        );
        entries.insert(
            Api::MantleModels,
            write_pages(dir, region, Api::MantleModels, &r.mantle)?,
        );
        for (api, entry) in entries.iter_mut() {
            entry.attempts = r.attempts.get(api).copied();
        }
        if let Some(account) = raw.account.get(region) {
            entries.extend(write_account(dir, region, account)?);
        }
        calls.insert(region.clone(), entries);
    }
    let mut file_entries = BTreeMap::new();
    for (name, outcome) in files {
        let entry = match &outcome.result {
            Ok(f) => {
                let path = dir.join("files").join(name);
                let err = |source| SnapshotError::Write {
                    path: path.clone(),
                    source,
                };
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(err)?;
                }
                std::fs::write(&path, &f.bytes).map_err(err)?;
                FileEntry {
                    status: Status::Ok,
                    location: outcome.location.clone(),
                    origin: Some(f.origin),
                    etag: f.etag.clone(),
                    last_modified: f.last_modified.clone(),
                    downloaded_at: f.downloaded_at,
                    message: None,
                    hint: None,
                }
            }
            Err(f) => FileEntry {
                status: f.status,
                location: outcome.location.clone(),
                origin: None,
                etag: None,
                last_modified: None,
                downloaded_at: None,
                message: Some(f.message.clone()),
                hint: f.hint.clone(),
            },
        };
        file_entries.insert(name.clone(), entry);
    }
    let manifest = Manifest {
        format: FORMAT,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        recorded_at: recorded_at.to_string(),
        calls,
        mantle_url: raw.mantle_url.clone(),
        files: file_entries,
        credentials: raw.credentials.clone(),
    };
    write_json(&dir.join("manifest.json"), &manifest)
}

/// The account's calls of one region (`--account-access`): one page per availability answer.
fn write_account(
    dir: &Path,
    region: &str,
    a: &AccountRaw,
) -> Result<BTreeMap<Api, CallEntry>, SnapshotError> {
    let mut entries = BTreeMap::from([
        (
            Api::GetFoundationModelAvailability,
            write_pages(
                dir,
                region,
                Api::GetFoundationModelAvailability,
                &a.availability,
            )?,
        ),
        (
            Api::ListApplicationInferenceProfiles,
            write_pages(
                dir,
                region,
                Api::ListApplicationInferenceProfiles,
                &a.application_profiles,
            )?,
        ),
        (
            Api::ListProvisionedModelThroughputs,
            write_pages(
                dir,
                region,
                Api::ListProvisionedModelThroughputs,
                &a.provisioned_throughputs,
            )?,
        ),
    ]);
    for (api, entry) in entries.iter_mut() {
        entry.attempts = a.attempts.get(api).copied();
    }
    Ok(entries)
}

/// The account's calls of one region, when the snapshot recorded them.
fn read_account(
    dir: &Path,
    region: &str,
    calls: &BTreeMap<Api, CallEntry>,
) -> Result<Option<AccountRaw>, SnapshotError> {
    if !Api::ACCOUNT.iter().any(|api| calls.contains_key(api)) {
        return Ok(None);
    }
    let load = |api: Api| calls.get(&api);
    Ok(Some(AccountRaw {
        availability: read_pages(
            dir,
            region,
            Api::GetFoundationModelAvailability,
            load(Api::GetFoundationModelAvailability),
        )?,
        application_profiles: read_pages(
            dir,
            region,
            Api::ListApplicationInferenceProfiles,
            load(Api::ListApplicationInferenceProfiles),
        )?,
        provisioned_throughputs: read_pages(
            dir,
            region,
            Api::ListProvisionedModelThroughputs,
            load(Api::ListProvisionedModelThroughputs),
        )?,
        attempts: Api::ACCOUNT
            .iter()
            .filter_map(|api| Some((*api, calls.get(api)?.attempts?)))
            .collect(),
    }))
}

fn write_pages<P: Serialize>(
    dir: &Path,
    region: &str,
    api: Api,
    pages: &Pages<P>,
) -> Result<CallEntry, SnapshotError> {
    match pages {
        Ok(pages) => {
            for (i, page) in pages.iter().enumerate() {
                write_json(&page_path(dir, region, api, i), page)?;
            }
            Ok(CallEntry {
                status: Status::Ok,
                pages: pages.len(),
                attempts: None,
                message: None,
                hint: None,
            })
        }
        Err(f) => Ok(CallEntry {
            status: f.status,
            pages: 0,
            attempts: None,
            message: Some(f.message.clone()),
            hint: f.hint.clone(),
        }),
    }
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), SnapshotError> {
    let err = |source| SnapshotError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(err)?;
    }
    let mut text = serde_json::to_string_pretty(value).expect("raw records always serialize");
    // With --redact-account-id, a recording is as shareable as the catalogue: the account id in
    // the pages' ARNs (quotas, inference profiles) is replaced too.
    if crate::redact::hiding_account_ids() {
        text = crate::redact::account_ids_in_arns(&text, crate::redact::REDACTED_ACCOUNT);
    }
    text.push('\n');
    std::fs::write(path, text).map_err(err)
}

fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, SnapshotError> {
    let bytes = std::fs::read(path).map_err(|source| SnapshotError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|e| SnapshotError::Parse {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: escape_controls(&e.to_string()),
    })
}

/// serde names an unknown key or variant as written, newlines included; an error stays one line.
fn escape_controls(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// Reads the manifest of the snapshot in `dir`.
pub fn read_manifest(dir: &Path) -> Result<Manifest, SnapshotError> {
    let path = dir.join("manifest.json");
    let manifest: Manifest = read_json(&path)?;
    if manifest.format != FORMAT {
        return Err(SnapshotError::Format {
            path,
            found: manifest.format,
        });
    }
    if let Some(region) = manifest
        .calls
        .keys()
        .find(|r| !crate::records::is_region_name(r))
    {
        return Err(SnapshotError::BadRegion {
            path,
            region: region.clone(),
        });
    }
    Ok(manifest)
}

/// Reads the raw AWS data of `regions` back from the snapshot in `dir`.
pub fn replay(dir: &Path, regions: &[String]) -> Result<AwsRaw, SnapshotError> {
    let manifest = read_manifest(dir)?;
    let mut wanted = Vec::with_capacity(regions.len());
    for region in regions {
        let Some(calls) = manifest.calls.get(region) else {
            return Err(SnapshotError::MissingRegion {
                dir: dir.to_path_buf(),
                region: region.clone(),
                available: escape_controls(
                    &manifest
                        .calls
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            });
        };
        wanted.push((region, calls));
    }
    // Parsing the pages is most of a replay's work: spread the regions over the cores.
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = wanted.len().div_ceil(workers).max(1);
    let parts: Vec<Result<Vec<(String, RegionRaw)>, SnapshotError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = wanted
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(region, calls)| {
                            Ok(((*region).clone(), read_region(dir, region, calls)?))
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a snapshot reader does not panic"))
            .collect()
    });
    let mut raw = AwsRaw {
        mantle_url: manifest.mantle_url.clone(),
        credentials: manifest.credentials.clone(),
        ..AwsRaw::default()
    };
    for part in parts {
        raw.regions.extend(part?);
    }
    for (region, calls) in &wanted {
        if let Some(account) = read_account(dir, region, calls)? {
            raw.account.insert((*region).clone(), account);
        }
    }
    Ok(raw)
}

/// One region's APIs from the snapshot. A snapshot recorded before Mantle was asked has no
/// Mantle entry: Mantle is `skipped` there, not failed.
fn read_region(
    dir: &Path,
    region: &str,
    calls: &BTreeMap<Api, CallEntry>,
) -> Result<RegionRaw, SnapshotError> {
    let load = |api: Api| calls.get(&api);
    Ok(RegionRaw {
        foundation_models: read_pages(
            dir,
            region,
            Api::ListFoundationModels,
            load(Api::ListFoundationModels),
        )?,
        inference_profiles: read_pages(
            dir,
            region,
            Api::ListInferenceProfiles,
            load(Api::ListInferenceProfiles),
        )?,
        service_quotas: read_pages(
            dir,
            region,
            Api::ListServiceQuotas,
            load(Api::ListServiceQuotas),
        )?,
        default_quotas: read_pages(
            dir,
            region,
            Api::ListAwsDefaultServiceQuotas,
            load(Api::ListAwsDefaultServiceQuotas),
        )?,
        mantle: match load(Api::MantleModels) {
            None => super::mantle_skipped("Mantle was not recorded in this snapshot"),
            entry => read_pages(dir, region, Api::MantleModels, entry)?,
        },
        attempts: Api::ALL
            .iter()
            .filter_map(|api| Some((*api, calls.get(api)?.attempts?)))
            .collect(),
    })
}

/// Reads a recorded file source back; a file the snapshot does not hold is an error outcome.
pub fn replay_file(dir: &Path, manifest: &Manifest, name: &str) -> FileOutcome {
    let Some(entry) = manifest.files.get(name) else {
        return FileOutcome {
            location: dir.join("files").join(name).display().to_string(),
            result: Err(Failure::new(
                Status::Error,
                format!("the snapshot {} holds no {name}", dir.display()),
            )),
        };
    };
    // Names come from the snapshot (price list paths from its region indexes): never a path
    // outside `files/`.
    let inside = Path::new(name)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    let result = if !inside {
        Err(Failure::new(
            Status::Error,
            format!("the snapshot names a file outside it: {name:?}"),
        ))
    } else if entry.status == Status::Ok {
        let path = dir.join("files").join(name);
        std::fs::read(&path)
            .map(|bytes| Fetched {
                url: entry.location.clone(),
                bytes,
                etag: entry.etag.clone(),
                last_modified: entry.last_modified.clone(),
                origin: entry.origin.unwrap_or(Origin::File),
                downloaded_at: entry.downloaded_at,
            })
            .map_err(|e| {
                Failure::new(
                    Status::Error,
                    format!("cannot read snapshot file {}: {e}", path.display()),
                )
            })
    } else {
        Err(Failure {
            status: entry.status,
            message: crate::redact::message(entry.message.as_deref().unwrap_or_default()),
            hint: entry.hint.clone(),
        })
    };
    FileOutcome {
        location: entry.location.clone(),
        result,
    }
}

fn read_pages<P: DeserializeOwned>(
    dir: &Path,
    region: &str,
    api: Api,
    entry: Option<&CallEntry>,
) -> Result<Pages<P>, SnapshotError> {
    let Some(entry) = entry else {
        return Ok(Err(Failure::new(
            Status::Error,
            format!(
                "{} in {region} was not recorded in this snapshot",
                api.operation()
            ),
        )));
    };
    if entry.status != Status::Ok {
        return Ok(Err(Failure {
            status: entry.status,
            message: crate::redact::message(entry.message.as_deref().unwrap_or_default()),
            hint: entry.hint.clone(),
        }));
    }
    (0..entry.pages)
        .map(|i| read_json(&page_path(dir, region, api, i)))
        .collect::<Result<Vec<P>, _>>()
        .map(Ok)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{FoundationModelSummary, FoundationModelsPage, QuotasPage, ServiceQuota};

    fn sample() -> AwsRaw {
        let mut raw = AwsRaw::default();
        raw.regions.insert(
            "eu-west-3".into(),
            RegionRaw {
                foundation_models: Ok(vec![FoundationModelsPage {
                    model_summaries: vec![FoundationModelSummary {
                        model_arn: "arn:aws:bedrock:eu-west-3::foundation-model/mistral.mistral-large-2402-v1:0".into(),
                        model_id: "mistral.mistral-large-2402-v1:0".into(),
                        model_name: Some("Mistral Large (24.02)".into()),
                        provider_name: Some("Mistral AI".into()),
                        inference_types_supported: vec!["ON_DEMAND".into()],
                        ..Default::default()
                    }],
                }]),
                inference_profiles: Err(Failure::new(Status::AccessDenied, "denied")
                    .with_hint("grant bedrock:ListInferenceProfiles")),
                service_quotas: Ok(vec![
                    QuotasPage {
                        quotas: vec![ServiceQuota {
                            quota_code: "L-1".into(),
                            quota_name: "a".into(),
                            value: Some(5.0),
                            ..Default::default()
                        }],
                        next_token: Some("t/2".into()),
                    },
                    QuotasPage::default(),
                ]),
                default_quotas: Err(Failure::new(Status::Timeout, "slow")),
                mantle: Ok(vec![crate::records::MantleModelsPage {
                    object: "list".into(),
                    data: vec![crate::records::MantleModel {
                        id: "mistral.magistral-small-2509".into(),
                        object: "model".into(),
                        created: Some(1_764_460_800),
                        owned_by: Some("system".into()),
                    }],
                }]),
                attempts: BTreeMap::from([(
                    Api::ListServiceQuotas,
                    Attempts {
                        requests: 2,
                        attempts: 4,
                        passes: 2,
                    },
                )]),
            },
        );
        raw.mantle_url = Some("https://bedrock-mantle.{region}.api.aws".into());
        raw.account.insert(
            "eu-west-3".into(),
            AccountRaw {
                availability: Ok(vec![
                    crate::records::ModelAvailability {
                        model_id: "mistral.mistral-large-2402-v1:0".into(),
                        authorization_status: Some("NOT_AUTHORIZED".into()),
                        entitlement_availability: Some("AVAILABLE".into()),
                        region_availability: Some("AVAILABLE".into()),
                        ..Default::default()
                    },
                    crate::records::ModelAvailability {
                        model_id: "mistral.other-v1:0".into(),
                        not_found: Some("no such model".into()),
                        ..Default::default()
                    },
                ]),
                application_profiles: Ok(vec![]),
                provisioned_throughputs: Err(Failure::new(Status::AccessDenied, "denied")
                    .with_hint("grant bedrock:ListProvisionedModelThroughputs")),
                attempts: BTreeMap::from([(
                    Api::GetFoundationModelAvailability,
                    Attempts {
                        requests: 2,
                        attempts: 2,
                        passes: 1,
                    },
                )]),
            },
        );
        raw
    }

    #[test]
    fn record_then_replay_gives_back_the_same_data() {
        let dir = tempfile::tempdir().unwrap();
        let raw = sample();
        let mut files = BTreeMap::new();
        let litellm = FileOutcome {
            location: "https://example.test/db.json".into(),
            result: Ok(Fetched {
                url: "https://example.test/db.json".into(),
                bytes: b"{\"a\": 1}".to_vec(),
                etag: Some("\"e1\"".into()),
                last_modified: None,
                origin: Origin::Network,
                downloaded_at: None,
            }),
        };
        files.insert("litellm.json".to_string(), litellm.clone());
        let down = FileOutcome {
            location: "https://example.test/p.json".into(),
            result: Err(Failure::new(Status::Timeout, "GET timed out")),
        };
        files.insert("prices.json".to_string(), down.clone());
        record(dir.path(), &raw, &files, "2026-11-25T00:00:00Z").unwrap();
        assert!(
            dir.path()
                .join("aws/eu-west-3/list_service_quotas/page-0002.json")
                .exists()
        );
        assert!(
            dir.path()
                .join("aws/eu-west-3/get_foundation_model_availability/page-0002.json")
                .exists()
        );
        let back = replay(dir.path(), &["eu-west-3".to_string()]).unwrap();
        assert_eq!(back, raw);
        let manifest = read_manifest(dir.path()).unwrap();
        assert_eq!(replay_file(dir.path(), &manifest, "litellm.json"), litellm);
        assert_eq!(replay_file(dir.path(), &manifest, "prices.json"), down);
        let missing = replay_file(dir.path(), &manifest, "other.json");
        assert!(
            missing
                .result
                .unwrap_err()
                .message
                .contains("holds no other.json")
        );
    }

    #[test]
    fn replay_names_a_missing_region_and_a_broken_page() {
        let dir = tempfile::tempdir().unwrap();
        record(dir.path(), &sample(), &BTreeMap::new(), "t").unwrap();
        let err = replay(dir.path(), &["us-east-1".to_string()]).unwrap_err();
        assert!(
            err.to_string()
                .contains("no region `us-east-1` (it holds: eu-west-3)"),
            "{err}"
        );
        let page = dir
            .path()
            .join("aws/eu-west-3/list_foundation_models/page-0001.json");
        std::fs::write(&page, "{\"modelSummaries\": [").unwrap();
        let err = replay(dir.path(), &["eu-west-3".to_string()]).unwrap_err();
        assert!(
            err.to_string()
                .contains("page-0001.json is not valid (line 1"),
            "{err}"
        );
    }
}
