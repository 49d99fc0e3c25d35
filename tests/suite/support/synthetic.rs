//! Full-size benchmark data (issue 7): the real fixtures of `fixture_data.rs` GROWN to the sizes of a
//! real account, with SYNTHETIC records that are deterministic and clearly named as synthetic.
//!
//! Include it next to the fake: `#[path = "../tests/suite/support/synthetic.rs"] mod synthetic;` in a crate
//! whose root also has `mod fake_aws;` (it uses `crate::fake_aws`). Used by `examples/fake_aws.rs
//! --full-size` (and so by `bench/run.sh`); nothing is written to disk.
//!
//! What is added to `FakeData::from_fixtures` (the real spread stays as it is, cut where a region
//! lists fewer than the fixtures hold), shaped like a real account's skew (issue 15):
//! * Regions: `NOT_OPTED_IN` (two of the 33) are removed, so the fake answers them NotOptedIn.
//! * Models: a pool of synthetic models `synthetic.model-NNN-v1:0` ("Synthetic Model NNN", provider
//!   "Synthetic"), each a copy of the shape (modalities, streaming, customizations, lifecycle) of a
//!   real on-demand text model. Every region gets a target of 26 to 125 models (`model_target`:
//!   us-east-1 125, us-west-2 110, af-south-1 and mx-central-1 26, the others 30 to 104 from a hash
//!   of the region name); a region keeps at most `target / 2` of its real models (the first ones)
//!   and lists the first `target - kept` synthetic models of the pool. Model `k`
//!   (0-based): `INFERENCE_PROFILE` only when `k % 6 == 0`, `ON_DEMAND` + `INFERENCE_PROFILE` when
//!   `k` is even, else `ON_DEMAND`.
//! * Profiles: every region has a target of 26 to 94 system-defined profiles (`profile_target`:
//!   us-east-1 94, af-south-1 and mx-central-1 26, the others 30 to 89): real profiles beyond it are
//!   cut, and the rest is topped up with geo profiles (`<prefix>.synthetic.model-NNN-v1:0`, prefix as
//!   the derived profiles use it, routing to every region of that prefix that lists the model) and,
//!   for `k % 4 == 0`, global profiles, of the profile-capable synthetic models listed in the region,
//!   then, while short of the target, the global profiles of the other ones. Regions without a geo prefix (af-, me-, mx-, sa-) get a global profile for
//!   every profile-capable synthetic model instead.
//! * Quotas (`quota_target`): us-east-1 1,120 (12 pages of 100 per quota API), us-west-2 480
//!   (5 pages), the others 280 to 480 (3 to 5 pages) from a hash of the region name. The real dump
//!   (1,085) is cut to the target, or extended with synthetic quotas `L-SY0NNNNN` ("Synthetic quota
//!   NNNN") copied from the real ones' shape.
//! * Price List: the three offers with a `region_index.json` listing every region, a per-region
//!   `index.json` for every region and the whole-offer `current/index.json` (the union), in the real
//!   format and formatting (`"key" : value`, 2-space indent). The four regions with a real fixture file
//!   keep its rows verbatim; the other regions get the rows of a nearby fixture region relocated
//!   (`regionCode`, `location`, usagetype prefix, SKU). Then rows of the synthetic models are added:
//!   models with `k % 3 == 2` are priced in AmazonBedrockFoundationModels (`servicename` "Synthetic
//!   Model NNN (Amazon Bedrock Edition)"), the others in AmazonBedrock (`model` "Synthetic Model NNN",
//!   provider "Synthetic"). Their rows are copies of the real rows, one per distinct dimension
//!   (input, output, batch, flex, priority, cache, global, long context, reserved, provisioned, ...),
//!   input and output first, handed out round-robin over the (region, model) pairs until the offer's
//!   per-region files total the real whole-offer size: 15,988,980 B (AmazonBedrock) and 6,611,124 B
//!   (FoundationModels). AmazonBedrockService is the real us-east-1 file relocated to every region.
//!   Synthetic SKUs start with `SY`.

use crate::fake_aws::{FAKE_ACCOUNT, FakeData, geo_prefix_candidates};
use anyhow::{Context, Result};
use bedrock_collector::records::{
    FoundationModelSummary, InferenceProfileModel, InferenceProfileSummary, ServiceQuota,
};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// Real sizes of the whole-offer files (reference/price-list-format.md, E4).
pub const AMAZON_BEDROCK_BYTES: usize = 15_988_980;
pub const FOUNDATION_MODELS_BYTES: usize = 6_611_124;

const OFFERS: [&str; 3] = [
    "AmazonBedrock",
    "AmazonBedrockFoundationModels",
    "AmazonBedrockService",
];
const EDITION: &str = " (Amazon Bedrock Edition)";
const PROFILE_TIME: &str = "2026-08-22T00:00:00+00:00";

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn syn_id(k: usize) -> String {
    format!("synthetic.model-{:03}-v1:0", k + 1)
}

fn syn_name(k: usize) -> String {
    format!("Synthetic Model {:03}", k + 1)
}

/// Usagetype token of a synthetic model (`SyntheticModel007`, mantle `synthetic.model-007-v1`).
fn syn_token(k: usize, mantle: bool) -> String {
    if mantle {
        format!("synthetic.model-{:03}-v1-mantle", k + 1)
    } else {
        format!("SyntheticModel{:03}", k + 1)
    }
}

/// Price List location name and billing-code prefix of a region. The prefixes of the newest regions
/// (ap-southeast-6/7, mx-central-1, ap-east-2, ca-west-1) are a best guess; the collector keys rows by
/// `regionCode`, never by the prefix.
pub fn region_names(region: &str) -> (&'static str, &'static str) {
    match region {
        "us-east-1" => ("US East (N. Virginia)", "USE1"),
        "us-east-2" => ("US East (Ohio)", "USE2"),
        "us-west-1" => ("US West (N. California)", "USW1"),
        "us-west-2" => ("US West (Oregon)", "USW2"),
        "af-south-1" => ("Africa (Cape Town)", "AFS1"),
        "ap-east-1" => ("Asia Pacific (Hong Kong)", "APE1"),
        "ap-east-2" => ("Asia Pacific (Taipei)", "APE2"),
        "ap-northeast-1" => ("Asia Pacific (Tokyo)", "APN1"),
        "ap-northeast-2" => ("Asia Pacific (Seoul)", "APN2"),
        "ap-northeast-3" => ("Asia Pacific (Osaka)", "APN3"),
        "ap-south-1" => ("Asia Pacific (Mumbai)", "APS3"),
        "ap-south-2" => ("Asia Pacific (Hyderabad)", "APS5"),
        "ap-southeast-1" => ("Asia Pacific (Singapore)", "APS1"),
        "ap-southeast-2" => ("Asia Pacific (Sydney)", "APS2"),
        "ap-southeast-3" => ("Asia Pacific (Jakarta)", "APS4"),
        "ap-southeast-4" => ("Asia Pacific (Melbourne)", "APS6"),
        "ap-southeast-5" => ("Asia Pacific (Malaysia)", "APS7"),
        "ap-southeast-6" => ("Asia Pacific (New Zealand)", "APS8"),
        "ap-southeast-7" => ("Asia Pacific (Thailand)", "APS9"),
        "ca-central-1" => ("Canada (Central)", "CAN1"),
        "ca-west-1" => ("Canada West (Calgary)", "CAN2"),
        "eu-central-1" => ("EU (Frankfurt)", "EUC1"),
        "eu-central-2" => ("EU (Zurich)", "EUC2"),
        "eu-north-1" => ("EU (Stockholm)", "EUN1"),
        "eu-south-1" => ("EU (Milan)", "EUS1"),
        "eu-south-2" => ("EU (Spain)", "EUS2"),
        "eu-west-1" => ("EU (Ireland)", "EUW1"),
        "eu-west-2" => ("EU (London)", "EUW2"),
        "eu-west-3" => ("EU (Paris)", "EUW3"),
        "il-central-1" => ("Israel (Tel Aviv)", "ILC1"),
        "me-central-1" => ("Middle East (UAE)", "MEC1"),
        "me-south-1" => ("Middle East (Bahrain)", "MES1"),
        "mx-central-1" => ("Mexico (Central)", "MXC1"),
        "sa-east-1" => ("South America (Sao Paulo)", "SAE1"),
        _ => ("Unknown", "UNK1"),
    }
}

/// What `grow` did, for the example's summary line.
#[derive(Debug, Default)]
pub struct Stats {
    pub synthetic_models: usize,
    pub models_per_region: (usize, usize),
    pub profiles_per_region: (usize, usize),
    pub quotas_per_region: (usize, usize),
}

/// Regions of the full-size account that are not opted in.
pub const NOT_OPTED_IN: [&str; 2] = ["me-south-1", "il-central-1"];

/// Models listed in a region (26 to 125).
fn model_target(region: &str) -> usize {
    match region {
        "us-east-1" => 125,
        "us-west-2" => 110,
        "af-south-1" | "mx-central-1" => 26,
        r => 30 + (fnv(r) % 75) as usize,
    }
}

/// System-defined profiles listed in a region (26 to 94).
fn profile_target(region: &str) -> usize {
    match region {
        "us-east-1" => 94,
        "af-south-1" | "mx-central-1" => 26,
        r => 30 + (fnv(&format!("{r}/profiles")) % 60) as usize,
    }
}

/// Quotas of service code `bedrock` in a region, per quota API.
fn quota_target(region: &str) -> usize {
    match region {
        "us-east-1" => 1_120,
        "us-west-2" => 480,
        r => 280 + (fnv(&format!("{r}/quotas")) % 201) as usize,
    }
}

/// Number of synthetic models listed in each region.
fn synthetic_counts(data: &FakeData) -> BTreeMap<String, usize> {
    data.regions
        .iter()
        .map(|(r, rd)| {
            let n = model_target(r).saturating_sub(rd.foundation_models.len());
            (r.clone(), n)
        })
        .collect()
}

/// `quotas` cut or grown (with synthetic copies of the real ones' shape) to `n`.
fn resize_quotas(quotas: &mut Vec<ServiceQuota>, n: usize, region: &str) {
    quotas.truncate(n);
    let Some(shape) = quotas.first().cloned() else {
        return;
    };
    for i in quotas.len()..n {
        let code = format!("L-SY{:06}", i + 1);
        quotas.push(ServiceQuota {
            quota_arn: Some(format!(
                "arn:aws:servicequotas:{region}:{FAKE_ACCOUNT}:bedrock/{code}"
            )),
            quota_code: code,
            quota_name: format!("Synthetic quota {:04}", i + 1),
            description: None,
            ..shape.clone()
        });
    }
}

fn profile_capable(k: usize) -> bool {
    k.is_multiple_of(2)
}

fn min_max(it: impl Iterator<Item = usize>) -> (usize, usize) {
    it.fold((usize::MAX, 0), |(lo, hi), n| (lo.min(n), hi.max(n)))
}

/// Adds the synthetic models and profiles to every region of `data` (see the module doc).
pub fn grow(data: &mut FakeData) -> Result<Stats> {
    for r in NOT_OPTED_IN {
        data.regions.remove(r);
    }
    for (region, rd) in &mut data.regions {
        // At most half the target from the real list: the synthetic models leave room for the
        // synthetic profiles that bring the region to its profile target.
        rd.foundation_models.truncate(model_target(region) / 2);
        rd.inference_profiles.truncate(profile_target(region));
        let q = quota_target(region);
        resize_quotas(&mut rd.service_quotas, q, region);
        resize_quotas(&mut rd.default_quotas, q, region);
    }
    let counts = synthetic_counts(data);
    let pool = counts.values().copied().max().unwrap_or(0);
    // Shapes to copy: real on-demand text models of us-east-1 (any region with models as a fallback).
    let shapes: Vec<FoundationModelSummary> = data
        .regions
        .get("us-east-1")
        .or_else(|| data.regions.values().next())
        .map(|rd| {
            rd.foundation_models
                .iter()
                .filter(|m| m.inference_types_supported.iter().any(|t| t == "ON_DEMAND"))
                .filter(|m| m.output_modalities.iter().any(|t| t == "TEXT"))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    anyhow::ensure!(!shapes.is_empty(), "no real model to copy the shape of");

    let geo = |r: &str| geo_prefix_candidates(r).last().copied();
    let regions: Vec<String> = data.regions.keys().cloned().collect();
    for region in &regions {
        let n = counts[region];
        let rd = data.regions.get_mut(region).expect("region");
        for k in 0..n {
            let shape = &shapes[k % shapes.len()];
            let types: Vec<String> = if k % 6 == 0 {
                vec!["INFERENCE_PROFILE".into()]
            } else if profile_capable(k) {
                vec!["ON_DEMAND".into(), "INFERENCE_PROFILE".into()]
            } else {
                vec!["ON_DEMAND".into()]
            };
            let id = syn_id(k);
            rd.foundation_models.push(FoundationModelSummary {
                model_arn: format!("arn:aws:bedrock:{region}::foundation-model/{id}"),
                model_id: id,
                model_name: Some(syn_name(k)),
                provider_name: Some("Synthetic".into()),
                inference_types_supported: types,
                ..shape.clone()
            });
        }

        let target = profile_target(region);
        let prefix = geo(region);
        let mut added = Vec::new();
        let have = rd.inference_profiles.len();
        // First pass: the geo profile (and every fourth model's global one); a second pass adds the
        // global profiles the first did not, if the target is not reached yet.
        let candidates = (0..2).flat_map(|pass| {
            (0..n)
                .filter(|&k| profile_capable(k))
                .map(move |k| (pass, k))
        });
        'models: for (pass, k) in candidates {
            let id = syn_id(k);
            let name = syn_name(k);
            let mut kinds: Vec<(&str, Vec<String>)> = Vec::new();
            let first_global = k % 4 == 0 || prefix.is_none();
            if pass == 1 {
                if first_global {
                    continue;
                }
            } else if let Some(p) = prefix {
                let dests: Vec<&String> = regions
                    .iter()
                    .filter(|r| geo(r) == Some(p) && k < counts[*r])
                    .collect();
                kinds.push((
                    p,
                    dests
                        .iter()
                        .map(|r| format!("arn:aws:bedrock:{r}::foundation-model/{id}"))
                        .collect(),
                ));
            }
            if (pass == 0) == first_global {
                kinds.push((
                    "global",
                    vec![
                        format!("arn:aws:bedrock:::foundation-model/{id}"),
                        format!("arn:aws:bedrock:{region}::foundation-model/{id}"),
                    ],
                ));
            }
            for (p, arns) in kinds {
                if have + added.len() >= target {
                    break 'models;
                }
                let pid = format!("{p}.{id}");
                let label = if p == "global" {
                    "Global".to_string()
                } else {
                    p.to_ascii_uppercase()
                };
                let description = if p == "global" {
                    format!("Routes requests to {name} globally across all supported AWS Regions.")
                } else {
                    let list: Vec<&str> = arns.iter().filter_map(|a| a.split(':').nth(3)).collect();
                    format!("Routes requests to {name} in {}.", list.join(", "))
                };
                added.push(InferenceProfileSummary {
                    inference_profile_name: format!("{label} Synthetic {name}"),
                    inference_profile_arn: format!(
                        "arn:aws:bedrock:{region}:{FAKE_ACCOUNT}:inference-profile/{pid}"
                    ),
                    inference_profile_id: pid,
                    description: Some(description),
                    created_at: Some(PROFILE_TIME.into()),
                    updated_at: Some(PROFILE_TIME.into()),
                    models: arns
                        .into_iter()
                        .map(|model_arn| InferenceProfileModel { model_arn })
                        .collect(),
                    status: "ACTIVE".into(),
                    profile_type: "SYSTEM_DEFINED".into(),
                });
            }
        }
        rd.inference_profiles.extend(added);
    }
    let rds = || data.regions.values();
    Ok(Stats {
        synthetic_models: pool,
        models_per_region: min_max(rds().map(|r| r.foundation_models.len())),
        profiles_per_region: min_max(rds().map(|r| r.inference_profiles.len())),
        quotas_per_region: min_max(rds().map(|r| r.service_quotas.len())),
    })
}

// ---------------------------------------------------------------------------------------------
// Price List
// ---------------------------------------------------------------------------------------------

/// One product of an offer file with its `terms.OnDemand[sku]` object.
#[derive(Clone)]
struct Row {
    region: String,
    sku: String,
    product: Value,
    term: Value,
}

struct OfferFixture {
    header: Map<String, Value>,
    version: String,
    /// Rows per fixture region.
    rows: BTreeMap<String, Vec<Row>>,
}

fn read_value(path: &Path) -> Result<Value> {
    let bytes = std::fs::read(path).with_context(|| format!("read {}", path.display()))?;
    serde_json::from_slice(&bytes).with_context(|| format!("parse {}", path.display()))
}

fn read_offer(offers: &Path, code: &str) -> Result<OfferFixture> {
    let index = read_value(&offers.join(format!("v1.0/aws/{code}/current/region_index.json")))?;
    let mut rows = BTreeMap::new();
    let mut header = Map::new();
    let mut version = String::new();
    for (region, entry) in index["regions"].as_object().context("regions")? {
        let url = entry["currentVersionUrl"]
            .as_str()
            .context("currentVersionUrl")?;
        let file = read_value(&offers.join(url.trim_start_matches("/offers/")))?;
        let obj = file.as_object().context("offer object")?;
        header = obj
            .iter()
            .filter(|(k, _)| *k != "products" && *k != "terms")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        version = file["version"].as_str().unwrap_or_default().to_string();
        let terms = &file["terms"]["OnDemand"];
        let list = obj["products"]
            .as_object()
            .context("products")?
            .iter()
            .map(|(sku, p)| Row {
                region: region.clone(),
                sku: sku.clone(),
                product: p.clone(),
                term: terms[sku.as_str()].clone(),
            })
            .collect();
        rows.insert(region.clone(), list);
    }
    Ok(OfferFixture {
        header,
        version,
        rows,
    })
}

/// A synthetic SKU: `SY` + 14 characters from a hash of `seed`.
fn sku(seed: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut h = fnv(seed) ^ fnv(&format!("{seed}#")).rotate_left(32);
    let mut out = String::from("SY");
    for i in 0..14 {
        if i == 12 {
            h ^= fnv(&format!("#{seed}"));
        }
        out.push(ALPHABET[(h & 31) as usize] as char);
        h >>= 5;
    }
    out
}

/// The AmazonBedrock/Service usagetype split as the collector splits it: `(prefix, token, rest)` with
/// `USE1-NovaPro-input-tokens-batch` -> (`USE1`, `NovaPro`, `-input-tokens-batch`); the token keeps a
/// `-mantle` suffix. `None` for FoundationModels (`MP:`) usagetypes or without a dimension marker.
fn split_usagetype(ut: &str) -> Option<(&str, &str, &str)> {
    const MARKERS: &[&str] = &[
        "input",
        "output",
        "cache",
        "provisionedthroughput",
        "latencyoptimized",
        "reserved",
        "t2i",
        "i2i",
        "custom",
        "customization",
    ];
    if ut.contains("MP:") {
        return None;
    }
    let (prefix, body) = ut.split_once('-')?;
    let mut pos = 0;
    for seg in body.split('-') {
        if MARKERS.contains(&seg.to_ascii_lowercase().as_str()) {
            if pos == 0 {
                return None;
            }
            return Some((prefix, &body[..pos - 1], &body[pos - 1..]));
        }
        pos += seg.len() + 1;
    }
    None
}

/// What to change in a copied row.
struct Edit<'a> {
    region: &'a str,
    sku: String,
    usagetype: String,
    /// `(attribute, new value)` pairs.
    attrs: Vec<(&'static str, String)>,
    /// `(from, to)` replacements in price dimension descriptions.
    description: Vec<(String, String)>,
}

fn apply(row: &Row, edit: Edit) -> Row {
    let (location, _) = region_names(edit.region);
    let mut product = row.product.clone();
    product["sku"] = Value::String(edit.sku.clone());
    let attrs = &mut product["attributes"];
    attrs["regionCode"] = Value::String(edit.region.to_string());
    attrs["location"] = Value::String(location.to_string());
    attrs["usagetype"] = Value::String(edit.usagetype);
    for (k, v) in edit.attrs {
        attrs[k] = Value::String(v);
    }
    let old_loc = region_names(&row.region).0;
    let mut term = Map::new();
    for (key, t) in row.term.as_object().into_iter().flatten() {
        let mut t = t.clone();
        t["sku"] = Value::String(edit.sku.clone());
        let mut dims = Map::new();
        for (dk, d) in t["priceDimensions"].as_object().into_iter().flatten() {
            let mut d = d.clone();
            let rate = dk.replacen(&row.sku, &edit.sku, 1);
            d["rateCode"] = Value::String(rate.clone());
            if let Some(desc) = d["description"].as_str() {
                let mut desc = desc
                    .replace(old_loc, location)
                    .replace(&row.region, edit.region);
                for (from, to) in &edit.description {
                    desc = desc.replace(from.as_str(), to);
                }
                d["description"] = Value::String(desc);
            }
            dims.insert(rate, d);
        }
        t["priceDimensions"] = Value::Object(dims);
        term.insert(key.replacen(&row.sku, &edit.sku, 1), t);
    }
    Row {
        region: edit.region.to_string(),
        sku: edit.sku,
        product,
        term: Value::Object(term),
    }
}

/// Moves a real row to another region (new SKU, prefix, location, region code).
fn relocate(code: &str, row: &Row, region: &str) -> Row {
    let (_, old_prefix) = region_names(&row.region);
    let (_, prefix) = region_names(region);
    let ut = row.product["attributes"]["usagetype"]
        .as_str()
        .unwrap_or_default();
    let new_ut = ut
        .replacen(&format!("{old_prefix}-"), &format!("{prefix}-"), 1)
        .replace(&format!("MP:{old_prefix}_"), &format!("MP:{prefix}_"));
    Row::edit_seeded(code, row, region, new_ut, vec![], vec![])
}

impl Row {
    fn edit_seeded(
        code: &str,
        row: &Row,
        region: &str,
        usagetype: String,
        attrs: Vec<(&'static str, String)>,
        description: Vec<(String, String)>,
    ) -> Row {
        let servicename = attrs
            .iter()
            .find(|(k, _)| *k == "servicename")
            .map(|(_, v)| v.as_str())
            .or(row.product["attributes"]["servicename"].as_str())
            .unwrap_or_default()
            .to_string();
        let sku = sku(&format!("{code}|{region}|{usagetype}|{servicename}"));
        apply(
            row,
            Edit {
                region,
                sku,
                usagetype,
                attrs,
                description,
            },
        )
    }
}

/// The real rows a synthetic model's rows are copied from: one per distinct dimension, input and
/// output first. AmazonBedrock: rows with a `model` attribute (not images, not the input-only
/// Anthropic rows); FoundationModels: `(Amazon Bedrock Edition)` token rows (not images).
fn synthetic_templates(code: &str, fixture: &OfferFixture) -> Vec<Row> {
    let mut seen = BTreeSet::new();
    let mut out: Vec<(u8, Row)> = Vec::new();
    for row in fixture.rows.values().flatten() {
        let a = &row.product["attributes"];
        let ut = a["usagetype"].as_str().unwrap_or_default();
        let key = if code == "AmazonBedrock" {
            let model = a["model"].as_str().unwrap_or_default();
            if model.is_empty() || a["provider"].as_str() == Some("Anthropic") {
                continue;
            }
            let Some((_, token, rest)) = split_usagetype(ut) else {
                continue;
            };
            let lower = rest.to_ascii_lowercase();
            if lower.contains("t2i") || lower.contains("i2i") || lower.contains("custom") {
                continue;
            }
            format!("{}{rest}", token.ends_with("-mantle"))
        } else {
            let sn = a["servicename"].as_str().unwrap_or_default();
            if !sn.ends_with(EDITION) || ut.contains("created_image") {
                continue;
            }
            let Some((_, dim)) = ut.split_once("MP:").and_then(|(_, d)| d.split_once('_')) else {
                continue;
            };
            dim.to_string()
        };
        if !seen.insert(key.clone()) {
            continue;
        }
        let k = key.to_ascii_lowercase();
        let rank = if k.ends_with("-input-tokens") || k == "inputtokencount-units" {
            0
        } else if k.ends_with("-output-tokens") || k == "outputtokencount-units" {
            1
        } else {
            2
        };
        out.push((rank, row.clone()));
    }
    out.sort_by_key(|(rank, _)| *rank);
    out.into_iter().map(|(_, r)| r).collect()
}

/// A copy of a template row for synthetic model `k` in `region`.
fn synthetic_row(code: &str, template: &Row, k: usize, region: &str) -> Row {
    let (_, prefix) = region_names(region);
    let a = &template.product["attributes"];
    let ut = a["usagetype"].as_str().unwrap_or_default();
    if code == "AmazonBedrock" {
        let (_, token, rest) = split_usagetype(ut).expect("template usagetype");
        let new_token = syn_token(k, token.ends_with("-mantle"));
        let old_model = a["model"].as_str().unwrap_or_default();
        let base_model = old_model
            .strip_suffix(" Latency Optimized")
            .unwrap_or(old_model);
        let new_model = old_model.replace(base_model, &syn_name(k));
        Row::edit_seeded(
            code,
            template,
            region,
            format!("{prefix}-{new_token}{rest}"),
            vec![("model", new_model), ("provider", "Synthetic".into())],
            vec![
                (format!("{token}{rest}"), format!("{new_token}{rest}")),
                (old_model.to_string(), syn_name(k)),
            ],
        )
    } else {
        let (_, old_prefix) = region_names(&template.region);
        let new_ut = ut
            .replacen(&format!("{old_prefix}-"), &format!("{prefix}-"), 1)
            .replace(&format!("MP:{old_prefix}_"), &format!("MP:{prefix}_"));
        Row::edit_seeded(
            code,
            template,
            region,
            new_ut,
            vec![("servicename", format!("{}{EDITION}", syn_name(k)))],
            vec![],
        )
    }
}

/// JSON in the Price List's formatting: 2-space indent, `"key" : value`, `{ }` and `[ ]`.
fn write_json(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Object(m) if m.is_empty() => out.push_str("{ }"),
        Value::Array(a) if a.is_empty() => out.push_str("[ ]"),
        Value::Object(m) => {
            out.push_str("{\n");
            for (i, (k, v)) in m.iter().enumerate() {
                push_indent(out, indent + 2);
                out.push_str(&Value::String(k.clone()).to_string());
                out.push_str(" : ");
                write_json(out, v, indent + 2);
                out.push_str(if i + 1 < m.len() { ",\n" } else { "\n" });
            }
            push_indent(out, indent);
            out.push('}');
        }
        Value::Array(a) => {
            out.push_str("[\n");
            for (i, v) in a.iter().enumerate() {
                push_indent(out, indent + 2);
                write_json(out, v, indent + 2);
                out.push_str(if i + 1 < a.len() { ",\n" } else { "\n" });
            }
            push_indent(out, indent);
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn push_indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// A row's two pieces of text, `"SKU" : {...}` at the depth of `products` entries and of
/// `terms.OnDemand` entries.
struct RowText {
    product: String,
    term: String,
}

impl RowText {
    fn new(row: &Row) -> RowText {
        let key = Value::String(row.sku.clone()).to_string();
        let mut product = String::with_capacity(700);
        push_indent(&mut product, 4);
        let _ = write!(product, "{key} : ");
        write_json(&mut product, &row.product, 4);
        let mut term = String::with_capacity(900);
        push_indent(&mut term, 6);
        let _ = write!(term, "{key} : ");
        write_json(&mut term, &row.term, 6);
        RowText { product, term }
    }

    fn len(&self) -> usize {
        self.product.len() + self.term.len() + 4
    }
}

fn offer_file<'a>(
    header: &Map<String, Value>,
    rows: impl Iterator<Item = &'a RowText> + Clone,
) -> String {
    let mut out = String::from("{\n");
    for (k, v) in header {
        push_indent(&mut out, 2);
        let _ = write!(out, "{} : ", Value::String(k.clone()));
        write_json(&mut out, v, 2);
        out.push_str(",\n");
    }
    out.push_str("  \"products\" : {\n");
    join_into(&mut out, rows.clone().map(|r| r.product.as_str()));
    out.push_str("  },\n  \"terms\" : {\n    \"OnDemand\" : {\n");
    join_into(&mut out, rows.map(|r| r.term.as_str()));
    out.push_str("    }\n  }\n}");
    out
}

fn join_into<'a>(out: &mut String, parts: impl Iterator<Item = &'a str>) {
    let mut first = true;
    for p in parts {
        if !first {
            out.push_str(",\n");
        }
        first = false;
        out.push_str(p);
    }
    if !first {
        out.push('\n');
    }
}

/// Summary of one generated offer.
#[derive(Debug)]
pub struct OfferStats {
    pub code: &'static str,
    pub regions: usize,
    pub rows: usize,
    pub synthetic_rows: usize,
    /// Sum of the per-region files (what a run downloads).
    pub per_region_bytes: usize,
    pub smallest_region_file: usize,
    pub largest_region_file: usize,
    pub whole_offer_bytes: usize,
    pub region_index_bytes: usize,
}

/// The fixture region whose rows a region without a fixture file gets.
fn nearest_fixture_region<'a>(fixture: &'a OfferFixture, region: &str) -> &'a str {
    let wanted: &[&str] = if region.starts_with("ap-") {
        &["ap-northeast-1"]
    } else if region.starts_with("eu-")
        || region.starts_with("il-")
        || region.starts_with("me-")
        || region.starts_with("af-")
    {
        &["eu-central-1"]
    } else {
        &["us-east-1"]
    };
    wanted
        .iter()
        .copied()
        .find(|r| fixture.rows.contains_key(*r))
        .or_else(|| fixture.rows.keys().next().map(String::as_str))
        .unwrap_or("us-east-1")
}

/// The generated offer files (path on the host, bytes) and their statistics.
type OfferFiles = (Vec<(String, Vec<u8>)>, Vec<OfferStats>);

/// The Price List files for the regions of `data` (after `grow`): `(url path, bytes)`, including the
/// service index `/offers/v1.0/aws/index.json`.
pub fn price_list(fixtures: &Path, data: &FakeData) -> Result<OfferFiles> {
    let offers_dir = fixtures.join("price-list/offers");
    let counts = synthetic_counts_after_grow(data);
    let regions: Vec<&String> = data.regions.keys().collect();
    let mut files = vec![(
        "/offers/v1.0/aws/index.json".to_string(),
        std::fs::read(offers_dir.join("v1.0/aws/index.json"))?,
    )];
    let mut stats = Vec::new();
    for code in OFFERS {
        let fixture = read_offer(&offers_dir, code)?;
        // Per region: the real or relocated rows.
        let mut per_region: BTreeMap<&str, Vec<RowText>> = BTreeMap::new();
        for r in &regions {
            let texts = match fixture.rows.get(r.as_str()) {
                Some(rows) => rows.iter().map(RowText::new).collect(),
                None => {
                    let from = nearest_fixture_region(&fixture, r);
                    fixture.rows[from]
                        .iter()
                        .map(|row| RowText::new(&relocate(code, row, r)))
                        .collect()
                }
            };
            per_region.insert(r.as_str(), texts);
        }
        let header_len = offer_file(&fixture.header, std::iter::empty()).len();
        let mut total: usize = per_region
            .values()
            .map(|rows| header_len + rows.iter().map(RowText::len).sum::<usize>())
            .sum();
        let real_rows: usize = per_region.values().map(Vec::len).sum();

        // Synthetic rows, round-robin until the budget is reached.
        let budget = match code {
            "AmazonBedrock" => AMAZON_BEDROCK_BYTES,
            "AmazonBedrockFoundationModels" => FOUNDATION_MODELS_BYTES,
            _ => 0,
        };
        let templates = synthetic_templates(code, &fixture);
        let priced_here = |k: usize| match code {
            "AmazonBedrockFoundationModels" => k % 3 == 2,
            _ => k % 3 != 2,
        };
        let mut synthetic = 0;
        'fill: for t in &templates {
            for r in &regions {
                for k in (0..counts[r.as_str()]).filter(|&k| priced_here(k)) {
                    if total >= budget {
                        break 'fill;
                    }
                    let text = RowText::new(&synthetic_row(code, t, k, r));
                    total += text.len();
                    synthetic += 1;
                    per_region.get_mut(r.as_str()).expect("region").push(text);
                }
            }
        }

        // Files: per region, the region index, the whole offer.
        let mut sizes = Vec::new();
        let mut index = Map::new();
        for key in ["formatVersion", "disclaimer", "publicationDate"] {
            if let Some(v) = fixture.header.get(key) {
                index.insert(key.to_string(), v.clone());
            }
        }
        let mut index_regions = Map::new();
        for (r, rows) in &per_region {
            let path = format!("/offers/v1.0/aws/{code}/{}/{r}/index.json", fixture.version);
            let text = offer_file(&fixture.header, rows.iter());
            sizes.push(text.len());
            let mut entry = Map::new();
            entry.insert("regionCode".into(), Value::String(r.to_string()));
            entry.insert("currentVersionUrl".into(), Value::String(path.clone()));
            index_regions.insert(r.to_string(), Value::Object(entry));
            files.push((path, text.into_bytes()));
        }
        index.insert("regions".into(), Value::Object(index_regions));
        let mut index_text = String::new();
        write_json(&mut index_text, &Value::Object(index), 0);
        let index_len = index_text.len();
        files.push((
            format!("/offers/v1.0/aws/{code}/current/region_index.json"),
            index_text.into_bytes(),
        ));
        let whole = offer_file(&fixture.header, per_region.values().flatten());
        let whole_len = whole.len();
        files.push((
            format!("/offers/v1.0/aws/{code}/current/index.json"),
            whole.into_bytes(),
        ));
        stats.push(OfferStats {
            code,
            regions: per_region.len(),
            rows: real_rows + synthetic,
            synthetic_rows: synthetic,
            per_region_bytes: sizes.iter().sum(),
            smallest_region_file: sizes.iter().copied().min().unwrap_or(0),
            largest_region_file: sizes.iter().copied().max().unwrap_or(0),
            whole_offer_bytes: whole_len,
            region_index_bytes: index_len,
        });
    }
    Ok((files, stats))
}

/// Synthetic models listed per region, read back from the grown data.
fn synthetic_counts_after_grow(data: &FakeData) -> BTreeMap<String, usize> {
    data.regions
        .iter()
        .map(|(r, rd)| {
            let n = rd
                .foundation_models
                .iter()
                .filter(|m| m.model_id.starts_with("synthetic."))
                .count();
            (r.clone(), n)
        })
        .collect()
}

/// The fewest requests a run can make against this data: per region one `ListFoundationModels`, the
/// `ListInferenceProfiles` pages at the API's largest page (1000), the quota pages of both APIs at
/// the largest page (100); per offer its region index and the offer files of the regions of `data`
/// that the index lists (`region_indexes`: the served `region_index.json` files); one LiteLLM
/// download. `not_opted_in`: regions asked that are not in `data` (one request per API each).
pub fn minimum_requests<'a>(
    data: &FakeData,
    not_opted_in: usize,
    region_indexes: impl Iterator<Item = &'a [u8]>,
    litellm: bool,
) -> Result<usize> {
    let pages = |n: usize, size: usize| n.div_ceil(size).max(1);
    let aws: usize = data
        .regions
        .values()
        .map(|rd| {
            // ListFoundationModels and Mantle's /v1/models: one request each.
            2 + pages(rd.inference_profiles.len(), 1000)
                + pages(rd.service_quotas.len(), 100)
                + pages(rd.default_quotas.len(), 100)
        })
        .sum::<usize>()
        // A region not opted in: each of the four APIs and Mantle is asked once and answers
        // NotOptedIn.
        + 5 * not_opted_in;
    let mut prices = 0;
    for bytes in region_indexes {
        let v: Value = serde_json::from_slice(bytes).context("region_index.json")?;
        let listed = v["regions"].as_object().context("regions")?;
        prices += 1 + listed
            .keys()
            .filter(|r| data.regions.contains_key(*r))
            .count();
    }
    Ok(aws + prices + usize::from(litellm))
}

/// The requests `--account-access` adds to a complete run: in every region that answers, one
/// GetFoundationModelAvailability per listed id that is not provisioned-only, and one page each
/// of the application profiles and the provisioned throughputs (1,000 a page). A region not
/// opted in gets none.
pub fn account_minimum_requests(data: &FakeData) -> usize {
    data.regions
        .values()
        .map(|rd| {
            let ids: std::collections::BTreeSet<&str> = rd
                .foundation_models
                .iter()
                .filter(|m| {
                    let t = &m.inference_types_supported;
                    t.is_empty() || t.iter().any(|t| t != "PROVISIONED")
                })
                .map(|m| m.model_id.as_str())
                .collect();
            ids.len()
                + rd.application_profiles.len().div_ceil(1000).max(1)
                + rd.provisioned_throughputs.len().div_ceil(1000).max(1)
        })
        .sum()
}
