//! Assignment: each region's applied and default quotas joined by code and attached to their model.

use crate::model::ModelRef;
use crate::records::ServiceQuota;
use serde::Serialize;
use serde_json::Value;
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::quota_name::{ParsedQuota, Subject, parse_quota_name};
use super::ranges::sane_value;
use super::rules::{Candidate, ModelMatch, in_region, match_model};
use crate::catalog::quotas::{
    AccountQuota, AccountQuotaKind, AssignedQuota, Metric, QuotaCounts, Route, UnassignedQuota,
    UnassignedReason, ValueSources,
};

/// The result of [`assign_quotas`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct QuotaAssignment {
    /// Model key -> region -> quotas sorted by code.
    pub models: BTreeMap<String, BTreeMap<String, Vec<AssignedQuota>>>,
    /// Sorted by quota code, then name, then reason.
    pub unassigned: Vec<UnassignedQuota>,
    pub totals: QuotaCounts,
    pub by_region: BTreeMap<String, QuotaCounts>,
    pub value_sources: BTreeMap<String, ValueSources>,
    /// Region -> the account-level quotas of the region (Cross-Model Max Tokens Per Day), by code.
    #[serde(default)]
    pub account: BTreeMap<String, Vec<AccountQuota>>,
}

impl QuotaAssignment {
    /// The number of quotas on a model over all regions (`total_quotas_assigned`).
    pub fn total_for(&self, model_key: &str) -> usize {
        self.models
            .get(model_key)
            .map_or(0, |regions| regions.values().map(Vec::len).sum())
    }
}

/// Assigns the quotas of every region to the models they limit.
///
/// `applied` holds ListServiceQuotas per region and `defaults` ListAWSDefaultServiceQuotas per region; a
/// region missing from one map (say the call was denied) is joined from the other alone, with the missing
/// values `null`. Quotas are joined by region and quota code; the name and the legacy fields come from the
/// applied list when it has the quota. A region in no model's `regions` is taken as one whose model list
/// was not read ([`RegionListing::Unknown`]); the run says which regions it read through
/// [`QuotaAssigner::add_region`].
pub fn assign_quotas<Q: Borrow<ServiceQuota>>(
    models: &[ModelRef],
    applied: &BTreeMap<String, Vec<Q>>,
    defaults: &BTreeMap<String, Vec<Q>>,
) -> QuotaAssignment {
    let listing: BTreeSet<&String> = models.iter().flat_map(|m| &m.regions).collect();
    let mut assigner = QuotaAssigner::new(models);
    let regions: BTreeSet<&String> = applied.keys().chain(defaults.keys()).collect();
    let mut models: BTreeMap<String, BTreeMap<String, Vec<AssignedQuota>>> = BTreeMap::new();
    for region in regions {
        let listed = if listing.contains(region) {
            RegionListing::Read
        } else {
            RegionListing::Unknown
        };
        for (key, list) in
            assigner.add_region(region, listed, applied.get(region), defaults.get(region))
        {
            models.entry(key).or_default().insert(region.clone(), list);
        }
    }
    QuotaAssignment {
        models,
        ..assigner.finish()
    }
}

/// Whether the region's own model list (ListFoundationModels) was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionListing {
    /// Read: a quota is attached only to a model that the region lists.
    Read,
    /// Not read (the call failed): which models the region offers is unknown, so quotas are
    /// matched against every model, as if listed.
    Unknown,
}

/// [`assign_quotas`] one region at a time, so a run can assign a region's quotas as soon as its
/// pages have arrived. Each region's lists go to the caller; [`QuotaAssigner::finish`] gives the
/// rest (`models` empty). The result does not depend on the order the regions are added in.
pub struct QuotaAssigner<'m> {
    pub(super) matcher: ModelMatcher<'m>,
    pub(super) out: QuotaAssignment,
    /// Every region lists the same names: each is parsed and matched once.
    pub(super) parsed_names: HashMap<String, ParsedQuota>,
    pub(super) unassigned: Unassigned,
}

/// (quota code, quota name, reason) -> the regions where no model takes that quota.
pub(super) type Unassigned = BTreeMap<(String, String, UnassignedReason), BTreeSet<String>>;

/// The models a quota's model name is matched against, each name matched once.
pub(super) struct ModelMatcher<'m> {
    pub(super) candidates: Vec<Candidate<'m>>,
    /// The candidates ListFoundationModels lists (all but the models only Mantle lists): a quota
    /// of another route than Mantle's names one of these.
    pub(super) listed: Vec<Candidate<'m>>,
    /// (model name, whether the quota is Mantle's) -> its match.
    pub(super) matches: HashMap<(String, bool), Result<ModelMatch, UnassignedReason>>,
    /// Model key -> index in `candidates`.
    pub(super) by_key: HashMap<String, usize>,
}

impl<'m> ModelMatcher<'m> {
    /// The model a quota of `region` names, or why none: a Mantle quota is matched against every
    /// model, any other against the listed ones; where the region's model list was read, only a
    /// model it lists is taken.
    fn find(
        &mut self,
        model_name: &str,
        mantle: bool,
        region: &str,
        listing: RegionListing,
    ) -> Result<ModelMatch, UnassignedReason> {
        let pool = if mantle {
            &self.candidates
        } else {
            &self.listed
        };
        let cache_key = (model_name.to_string(), mantle);
        let found = match self.matches.get(&cache_key) {
            Some(m) => m.clone(),
            None => {
                let m = match_model(model_name, pool);
                self.matches.insert(cache_key, m.clone());
                m
            }
        };
        match listing {
            RegionListing::Read => {
                let (candidates, by_key) = (&self.candidates, &self.by_key);
                in_region(model_name, found, pool, |key| {
                    by_key
                        .get(key)
                        .is_some_and(|&i| candidates[i].model.regions.iter().any(|r| r == region))
                })
            }
            RegionListing::Unknown => found,
        }
    }

    /// The model of a catalogue key.
    fn model(&self, key: &str) -> Option<&'m ModelRef> {
        self.by_key.get(key).map(|&i| self.candidates[i].model)
    }
}

impl<'m> QuotaAssigner<'m> {
    pub fn new(models: &'m [ModelRef]) -> Self {
        Self::with_mantle_only(models, &BTreeSet::new())
    }

    /// Like [`QuotaAssigner::new`], where the models keyed in `mantle_only` are listed by Mantle
    /// alone: only Mantle's quotas are matched against them (a name that then fits two models,
    /// one of them listed, stays unassigned as ambiguous).
    pub fn with_mantle_only(models: &'m [ModelRef], mantle_only: &BTreeSet<String>) -> Self {
        QuotaAssigner {
            matcher: ModelMatcher {
                candidates: models.iter().map(Candidate::new).collect(),
                listed: models
                    .iter()
                    .filter(|m| !mantle_only.contains(&m.key))
                    .map(Candidate::new)
                    .collect(),
                matches: HashMap::new(),
                by_key: models
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (m.key.clone(), i))
                    .collect(),
            },
            out: QuotaAssignment::default(),
            parsed_names: HashMap::new(),
            unassigned: BTreeMap::new(),
        }
    }

    /// Assigns one region's quotas: its applied list and its defaults, either absent when that
    /// call failed. Returns the region's quotas per model key, sorted by quota code, then route.
    pub fn add_region<Q: Borrow<ServiceQuota>>(
        &mut self,
        region: &str,
        listing: RegionListing,
        applied_list: Option<&Vec<Q>>,
        default_list: Option<&Vec<Q>>,
    ) -> BTreeMap<String, Vec<AssignedQuota>> {
        let mut lists: BTreeMap<String, Vec<AssignedQuota>> = BTreeMap::new();
        self.out.value_sources.insert(
            region.to_string(),
            ValueSources {
                applied: applied_list.is_some(),
                defaults: default_list.is_some(),
            },
        );
        let joined = join_by_code(applied_list, default_list);
        // (model key, quota code) already assigned in this region: a set, not a scan of the
        // model's list per quota, so the phase stays linear in the number of quotas.
        let mut assigned: HashSet<(String, &str)> = HashSet::new();
        let mut counts = QuotaCounts::default();
        for (code, (applied_quota, default_quota)) in joined {
            let Some(record) = applied_quota.or(default_quota) else {
                continue;
            };
            counts.quotas_seen += 1;
            let parsed = match self.parsed_names.get(&record.quota_name) {
                Some(p) => p,
                None => self
                    .parsed_names
                    .entry(record.quota_name.clone())
                    .or_insert_with(|| parse_quota_name(&record.quota_name)),
            };
            let result = match (parsed.subject, &parsed.model_name) {
                (Subject::NotModel(_), _) => {
                    counts.non_model_quotas += 1;
                    continue;
                }
                (Subject::Account(kind), _) => {
                    counts.non_model_quotas += 1;
                    let quota = account_quota(kind, record, applied_quota, default_quota);
                    self.out
                        .account
                        .entry(region.to_string())
                        .or_default()
                        .push(quota);
                    continue;
                }
                (Subject::Model, Some(model_name)) => {
                    counts.model_quotas += 1;
                    let mantle = parsed.route == Some(Route::Mantle);
                    self.matcher.find(model_name, mantle, region, listing)
                }
                _ => {
                    counts.model_quotas += 1;
                    Err(UnassignedReason::UnrecognisedName)
                }
            };
            match (result, parsed.route, parsed.metric) {
                (Ok(found), Some(route), Some(metric)) => {
                    counts.assigned += 1;
                    if !assigned.insert((found.key.clone(), code)) {
                        continue;
                    }
                    let model = self.matcher.model(&found.key);
                    let list = lists.entry(found.key.clone()).or_default();
                    for (route, multiplier) in governed_routes(parsed, route, model, region) {
                        list.push(assigned_quota(
                            record,
                            applied_quota,
                            default_quota,
                            parsed,
                            &found,
                            (route, multiplier),
                            metric,
                        ));
                    }
                }
                (result, _, _) => {
                    let reason = result.err().unwrap_or(UnassignedReason::UnrecognisedName);
                    let quota = (code, record.quota_name.as_str());
                    record_unassigned(&mut self.unassigned, &mut counts, quota, region, reason);
                }
            }
        }
        for list in lists.values_mut() {
            list.sort_by(|a, b| (&a.quota_code, a.route).cmp(&(&b.quota_code, b.route)));
        }
        self.out.by_region.insert(region.to_string(), counts);
        lists
    }

    pub fn finish(self) -> QuotaAssignment {
        let mut out = self.out;
        out.unassigned = self
            .unassigned
            .into_iter()
            .map(
                |((quota_code, quota_name, reason), regions)| UnassignedQuota {
                    regions: regions.into_iter().collect(),
                    quota_code,
                    quota_name,
                    reason,
                },
            )
            .collect();
        for counts in out.by_region.values() {
            add_counts(&mut out.totals, counts);
        }
        out
    }
}

/// Counts a quota that no model takes, and lists it with the region.
fn record_unassigned(
    unassigned: &mut Unassigned,
    counts: &mut QuotaCounts,
    (code, name): (&str, &str),
    region: &str,
    reason: UnassignedReason,
) {
    counts.unassigned += 1;
    *counts
        .unassigned_by_reason
        .entry(reason.kind().to_string())
        .or_default() += 1;
    unassigned
        .entry((code.to_string(), name.to_string(), reason))
        .or_default()
        .insert(region.to_string());
}

/// An account-level quota of a region, its values joined like a model quota's.
pub(super) fn account_quota(
    kind: AccountQuotaKind,
    record: &ServiceQuota,
    applied: Option<&ServiceQuota>,
    default: Option<&ServiceQuota>,
) -> AccountQuota {
    let applied_value = applied.and_then(|q| sane_value(q.value));
    let default_value = default.and_then(|q| sane_value(q.value));
    AccountQuota {
        kind,
        quota_code: record.quota_code.clone(),
        quota_name: record.quota_name.clone(),
        value: applied_value.or(default_value),
        default_value,
        applied_value,
        unit: record.unit.clone().unwrap_or_default(),
        adjustable: record.adjustable,
    }
}

pub(super) type JoinedQuota<'a> = (Option<&'a ServiceQuota>, Option<&'a ServiceQuota>);

/// Applied and default records of one region, by quota code (the first record wins if a list repeats a code).
pub(super) fn join_by_code<'a, Q: Borrow<ServiceQuota>>(
    applied: Option<&'a Vec<Q>>,
    defaults: Option<&'a Vec<Q>>,
) -> BTreeMap<&'a str, JoinedQuota<'a>> {
    let mut joined: BTreeMap<&str, JoinedQuota> = BTreeMap::new();
    for quota in applied.into_iter().flatten().map(Borrow::borrow) {
        joined
            .entry(quota.quota_code.as_str())
            .or_default()
            .0
            .get_or_insert(quota);
    }
    for quota in defaults.into_iter().flatten().map(Borrow::borrow) {
        joined
            .entry(quota.quota_code.as_str())
            .or_default()
            .1
            .get_or_insert(quota);
    }
    joined
}

/// The routes a quota governs for `model` in `region`, each with the factor its value is
/// multiplied by on that route. "Model invocation max tokens per day for X (doubled for
/// cross-region calls)" governs every route of X in the region: in-region on demand with its
/// value, through a cross-region profile with twice its value. Where the region's inference types
/// are unknown, or offer neither route, it stays an on-demand quota. Every other quota governs the
/// route its name says.
pub(super) fn governed_routes(
    parsed: &ParsedQuota,
    route: Route,
    model: Option<&ModelRef>,
    region: &str,
) -> Vec<(Route, u32)> {
    if !(parsed.qualifiers.doubled_for_cross_region && route == Route::OnDemand) {
        return vec![(route, 1)];
    }
    let types = model.and_then(|m| m.region_inference_types.get(region));
    let offers = |t: &str| types.is_some_and(|ts| ts.iter().any(|x| x == t));
    let mut routes = Vec::new();
    if offers("ON_DEMAND") {
        routes.push((Route::OnDemand, 1));
    }
    if offers("INFERENCE_PROFILE") {
        routes.push((Route::CrossRegion, 2));
    }
    if routes.is_empty() {
        routes.push((Route::OnDemand, 1));
    }
    routes
}

pub(super) fn assigned_quota(
    record: &ServiceQuota,
    applied: Option<&ServiceQuota>,
    default: Option<&ServiceQuota>,
    parsed: &ParsedQuota,
    found: &ModelMatch,
    (route, multiplier): (Route, u32),
    metric: Metric,
) -> AssignedQuota {
    let applied_value = applied.and_then(|q| sane_value(q.value));
    let default_value = default.and_then(|q| sane_value(q.value));
    let mut variant_parts: Vec<String> = found
        .extra_versions
        .iter()
        .map(|v| format!("v{v}"))
        .collect();
    variant_parts.extend(parsed.qualifiers.context_variant.clone());
    let empty_object = || Value::Object(serde_json::Map::new());
    let value = applied_value.or(default_value);
    AssignedQuota {
        quota_code: record.quota_code.clone(),
        quota_name: record.quota_name.clone(),
        quota_arn: record.quota_arn.clone().unwrap_or_default(),
        description: record.description.clone().unwrap_or_default(),
        quota_applied_at_level: record.quota_applied_at_level.clone().unwrap_or_default(),
        value,
        unit: record.unit.clone().unwrap_or_default(),
        adjustable: record.adjustable,
        global_quota: record.global_quota,
        usage_metric: record.usage_metric.clone().unwrap_or_else(empty_object),
        period: record.period.clone().unwrap_or_else(empty_object),
        route,
        metric,
        model_variant: (!variant_parts.is_empty()).then(|| variant_parts.join(" ")),
        doubled_for_cross_region: parsed.qualifiers.doubled_for_cross_region,
        default_value,
        applied_value,
        raised: applied_value.zip(default_value).map(|(a, d)| a > d),
        matched_by: found.rule,
        value_multiplier: multiplier,
        effective_value: value.map(|v| v * f64::from(multiplier)),
    }
}

pub(super) fn add_counts(total: &mut QuotaCounts, counts: &QuotaCounts) {
    total.quotas_seen += counts.quotas_seen;
    total.model_quotas += counts.model_quotas;
    total.non_model_quotas += counts.non_model_quotas;
    total.assigned += counts.assigned;
    total.unassigned += counts.unassigned;
    for (reason, n) in &counts.unassigned_by_reason {
        *total
            .unassigned_by_reason
            .entry(reason.clone())
            .or_default() += n;
    }
}
