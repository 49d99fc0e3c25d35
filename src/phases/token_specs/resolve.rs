//! Resolution: each model's LiteLLM key chosen precision first, corrections applied, disagreements recorded.

use crate::model::ModelRef;
use std::collections::{BTreeMap, BTreeSet};

use super::corrections::{Correction, Corrections};
use super::litellm::{LiteLlmDb, LiteLlmEntry};
use crate::catalog::token_specs::{
    AppliedCorrection, ContextVariant, CorrectionMatch, Disagreement, DisagreementKind, Field,
    KeyShape, MatchKind, ModelKind, SpecSource, TokenSpec, ValueSource,
};

// ---------------------------------------------------------------------------------------------
// Resolution
// ---------------------------------------------------------------------------------------------

/// The id without a context-variant suffix: `X:0:28k` → `X:0`.
pub(super) fn strip_context_suffix(id: &str) -> &str {
    match id.match_indices(':').nth(1) {
        Some((i, _)) => &id[..i],
        None => id,
    }
}

pub(super) fn context_variant(id: &str) -> Option<ContextVariant> {
    let (i, _) = id.match_indices(':').nth(1)?;
    let suffix = &id[i + 1..];
    let nominal = if let Some(n) = suffix.strip_suffix('k').and_then(|n| n.parse::<u64>().ok()) {
        n.checked_mul(1000)
    } else {
        suffix.parse::<u64>().ok()
    };
    Some(ContextVariant {
        variant_id: id.to_string(),
        suffix: suffix.to_string(),
        nominal_context_tokens: nominal,
    })
}

pub(super) fn model_kind(output_modalities: &[String]) -> ModelKind {
    let has = |m: &str| output_modalities.iter().any(|o| o.eq_ignore_ascii_case(m));
    if has("TEXT") {
        ModelKind::Text
    } else if has("EMBEDDING") {
        ModelKind::Embedding
    } else if output_modalities.is_empty() {
        ModelKind::UnknownOutput
    } else {
        ModelKind::MediaOutput
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Usage {
    ContextAndOutput,
    ContextOnly,
}

pub(super) fn usage(kind: ModelKind, mode: Option<&str>) -> Option<Usage> {
    match (kind, mode?) {
        (ModelKind::Text, "chat" | "completion" | "responses" | "realtime") => {
            Some(Usage::ContextAndOutput)
        }
        (ModelKind::Text, "rerank") => Some(Usage::ContextOnly),
        (ModelKind::Embedding, "embedding") => Some(Usage::ContextOnly),
        _ => None,
    }
}

/// Vendor plus name tokens, for rule 4.
pub(super) fn normalized_name(id: &str) -> Option<(String, Vec<String>)> {
    let id = strip_context_suffix(id);
    let id = id.strip_suffix(":0").unwrap_or(id);
    let (vendor, rest) = id.split_once('.')?;
    let vendor = match vendor {
        "moonshot" => "moonshotai",
        v => v,
    };
    let tokens: Vec<String> = rest
        .split(['-', '.', '_', '@', ':'])
        .filter(|t| !t.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    (!tokens.is_empty()).then(|| (vendor.to_ascii_lowercase(), tokens))
}

pub(super) struct Candidate<'a> {
    pub(super) entry: &'a LiteLlmEntry,
    pub(super) match_kind: MatchKind,
    pub(super) usage: Usage,
    pub(super) context: Option<u64>,
    pub(super) output: Option<u64>,
}

impl Candidate<'_> {
    pub(super) fn values(&self) -> usize {
        usize::from(self.context.is_some()) + usize::from(self.output.is_some())
    }
}

/// The LiteLLM side of one model.
pub(super) struct LiteLlmPick<'a> {
    pub(super) chosen: Option<&'a Candidate<'a>>,
    pub(super) disagreements: Vec<Disagreement>,
}

pub(super) fn pick<'a>(candidates: &'a [Candidate<'a>]) -> LiteLlmPick<'a> {
    let support = |c: &Candidate| {
        candidates
            .iter()
            .filter(|o| (o.context, o.output) == (c.context, c.output))
            .count()
    };
    let chosen = candidates.iter().min_by(|a, b| {
        (
            a.match_kind,
            a.entry.parsed.shape,
            std::cmp::Reverse(a.values()),
            std::cmp::Reverse(support(a)),
            &a.entry.key,
        )
            .cmp(&(
                b.match_kind,
                b.entry.parsed.shape,
                std::cmp::Reverse(b.values()),
                std::cmp::Reverse(support(b)),
                &b.entry.key,
            ))
    });
    let mut disagreements = Vec::new();
    if let Some(chosen) = chosen {
        for field in [Field::ContextWindow, Field::MaxOutputTokens] {
            let get = |c: &Candidate| match field {
                Field::ContextWindow => c.context,
                Field::MaxOutputTokens => c.output,
            };
            if field == Field::MaxOutputTokens && chosen.usage == Usage::ContextOnly {
                continue;
            }
            let mut others: BTreeMap<u64, Vec<String>> = BTreeMap::new();
            for c in candidates {
                if let Some(v) = get(c)
                    && Some(v) != get(chosen)
                {
                    others
                        .entry(v)
                        .or_default()
                        .push(format!("litellm:{}", c.entry.key));
                }
            }
            for (other_value, other_from) in others {
                disagreements.push(Disagreement {
                    field,
                    kind: DisagreementKind::BetweenLitellmKeys,
                    chosen_value: get(chosen),
                    chosen_from: format!("litellm:{}", chosen.entry.key),
                    other_value,
                    other_from,
                });
            }
        }
    }
    LiteLlmPick {
        chosen,
        disagreements,
    }
}

/// Rule-4 index: normalised name → LiteLLM model ids with that name.
pub(super) struct LooseIndex {
    pub(super) by_name: BTreeMap<(String, Vec<String>), BTreeSet<String>>,
}

impl LooseIndex {
    pub(super) fn new(db: &LiteLlmDb) -> LooseIndex {
        let mut by_name: BTreeMap<(String, Vec<String>), BTreeSet<String>> = BTreeMap::new();
        for id in db.model_ids() {
            if let Some(name) = normalized_name(id) {
                by_name.entry(name).or_default().insert(id.clone());
            }
        }
        LooseIndex { by_name }
    }
}

pub(super) fn correction_lookup<'a>(
    m: &ModelRef,
    corrections: &'a Corrections,
) -> Vec<(&'a Correction, CorrectionMatch)> {
    let mut variants: Vec<&String> = m.variant_ids.iter().collect();
    variants.sort();
    let mut order: Vec<(&str, CorrectionMatch)> = vec![
        (m.model_id.as_str(), CorrectionMatch::ModelId),
        (m.key.as_str(), CorrectionMatch::ModelKey),
    ];
    order.extend(
        variants
            .into_iter()
            .map(|v| (v.as_str(), CorrectionMatch::VariantId)),
    );
    let mut seen = BTreeSet::new();
    order
        .into_iter()
        .filter(|(id, _)| seen.insert(*id))
        .filter_map(|(id, via)| corrections.get(id).map(|c| (c, via)))
        .collect()
}

pub(super) fn collect_candidates<'a>(
    db: &'a LiteLlmDb,
    m: &ModelRef,
    kind: ModelKind,
    ids: &[(String, MatchKind)],
    candidates: &mut Vec<Candidate<'a>>,
    notes: &mut Vec<String>,
) {
    for (id, match_kind) in ids {
        for entry in db.entries_for(id) {
            match usage(kind, entry.mode.as_deref()) {
                Some(usage) => candidates.push(Candidate {
                    entry,
                    match_kind: *match_kind,
                    usage,
                    context: entry.max_input_tokens,
                    output: if usage == Usage::ContextOnly { None } else { entry.max_output_tokens },
                }),
                None => notes.push(format!(
                    "LiteLLM key {} has mode {}, which does not apply to a model with output {:?}; not used",
                    entry.key,
                    entry.mode.as_deref().unwrap_or("(none)"),
                    m.output_modalities
                )),
            }
        }
    }
}

pub(super) fn resolve_one(
    m: &ModelRef,
    db: Option<&LiteLlmDb>,
    loose: Option<&LooseIndex>,
    corrections: &Corrections,
) -> TokenSpec {
    let kind = model_kind(&m.output_modalities);
    let applicable = matches!(kind, ModelKind::Text | ModelKind::Embedding);
    let mut notes = Vec::new();
    let base = strip_context_suffix(&m.model_id);
    if base != m.model_id {
        notes.push(format!(
            "{} is a provisioned context variant; its values are those of {base}",
            m.model_id
        ));
    }

    // --- LiteLLM
    let candidates = match db {
        Some(db) if applicable => litellm_candidates(m, kind, base, db, loose, &mut notes),
        Some(db) => {
            note_not_applicable(m, base, db, &mut notes);
            Vec::new()
        }
        None => Vec::new(),
    };
    let own_keys = own_keys(&candidates);
    let with_values = with_values_first(candidates);
    let LiteLlmPick {
        chosen,
        mut disagreements,
    } = pick(&with_values);
    note_litellm_choice(
        chosen,
        &own_keys,
        base,
        applicable,
        db.is_some(),
        &mut notes,
    );
    let lite_ctx = chosen.and_then(|c| c.context);
    let lite_out = chosen.and_then(|c| c.output);
    let output_applies = match kind {
        ModelKind::Text => chosen.is_none_or(|c| c.usage == Usage::ContextAndOutput),
        _ => false,
    };

    // --- corrections
    let all_matched = correction_lookup(m, corrections);
    let output_token_burndown = burndown(&all_matched);
    // An entry that gives only a burndown corrects no token limit.
    let matched: Vec<_> = all_matched
        .into_iter()
        .filter(|(c, _)| {
            c.context_window.is_some() || c.max_output_tokens.is_some() || !c.features.is_empty()
        })
        .collect();
    let applied = matched.first().map(|(c, via)| applied_correction(c, *via));
    disagreements.extend(correction_disagreements(
        &matched,
        (lite_ctx, lite_out),
        chosen,
    ));

    // --- compose
    let missing = |applies: bool| {
        if !applies {
            ValueSource::NotApplicable
        } else if db.is_none() {
            ValueSource::LitellmUnavailable
        } else {
            ValueSource::NotFound
        }
    };
    let (context_window, context_window_source) = value_and_source(
        applied.as_ref().and_then(|c| c.context_window),
        lite_ctx,
        missing(applicable),
    );
    let (max_output_tokens, max_output_tokens_source) = value_and_source(
        applied.as_ref().and_then(|c| c.max_output_tokens),
        lite_out,
        missing(output_applies),
    );
    let source = spec_source(
        [context_window_source, max_output_tokens_source],
        applicable,
        db.is_some(),
    );
    disagreements.sort_by_key(|d| (d.kind, d.field, d.other_value));
    TokenSpec {
        model_id: m.model_id.clone(),
        model_kind: kind,
        context_window,
        max_output_tokens,
        source,
        context_window_source,
        max_output_tokens_source,
        matched_key: chosen.map(|c| c.entry.key.clone()),
        match_kind: chosen.map(|c| c.match_kind),
        key_shape: chosen.map(|c| c.entry.parsed.shape),
        litellm_mode: chosen.and_then(|c| c.entry.mode.clone()),
        correction: applied,
        disagreements,
        context_variants: context_variants(m),
        notes,
        output_token_burndown,
        litellm_extras: chosen.and_then(|c| litellm_extras(c.entry)),
    }
}

/// The context variants among the model's ids (its own included).
fn context_variants(m: &ModelRef) -> Vec<ContextVariant> {
    let mut variant_ids: BTreeSet<&str> = m.variant_ids.iter().map(String::as_str).collect();
    variant_ids.insert(&m.model_id);
    variant_ids
        .iter()
        .filter_map(|id| context_variant(id))
        .collect()
}

/// The LiteLLM entries of a model that token limits apply to: under its id, with or without
/// `:0` (rules 2 and 3), else under the one id of its normalised name (rule 4). An entry whose
/// mode does not apply, and a normalised name that several ids share, are noted.
fn litellm_candidates<'a>(
    m: &ModelRef,
    kind: ModelKind,
    base: &str,
    db: &'a LiteLlmDb,
    loose: Option<&LooseIndex>,
    notes: &mut Vec<String>,
) -> Vec<Candidate<'a>> {
    let mut candidates = Vec::new();
    let mut ids = vec![(base.to_string(), MatchKind::ExactId)];
    if let Some(stripped) = base.strip_suffix(":0") {
        ids.push((stripped.to_string(), MatchKind::VersionSuffix));
    } else if !base.contains(':') {
        ids.push((format!("{base}:0"), MatchKind::VersionSuffix));
    }
    collect_candidates(db, m, kind, &ids, &mut candidates, notes);
    if candidates.is_empty()
        && let (Some(loose), Some(name)) = (loose, normalized_name(base))
        && let Some(found) = loose.by_name.get(&name)
    {
        let found: Vec<&String> = found
            .iter()
            .filter(|id| !ids.iter().any(|(i, _)| i == *id))
            .collect();
        match found.as_slice() {
            [] => {}
            [only] => {
                let only = [((*only).clone(), MatchKind::UniqueNormalizedName)];
                collect_candidates(db, m, kind, &only, &mut candidates, notes);
            }
            many => notes.push(format!(
                "LiteLLM has several ids with the same normalised name ({}); none is used",
                many.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
    candidates
}

/// Notes LiteLLM's entries of a model whose output token limits do not apply to.
fn note_not_applicable(m: &ModelRef, base: &str, db: &LiteLlmDb, notes: &mut Vec<String>) {
    let listed: Vec<String> = db.entries_for(base).iter().map(|e| e.key.clone()).collect();
    if !listed.is_empty() {
        notes.push(format!(
            "token limits do not apply to output {:?}; LiteLLM's entries ({}) are not used",
            m.output_modalities,
            listed.join(", ")
        ));
    }
}

/// The keys under the model's own id, whether or not they have values (for
/// [`note_borrowed_shape`]).
fn own_keys(candidates: &[Candidate<'_>]) -> Vec<(String, Option<u64>, Option<u64>)> {
    candidates
        .iter()
        .filter(|c| matches!(c.entry.parsed.shape, KeyShape::Base | KeyShape::Route))
        .map(|c| (c.entry.key.clone(), c.context, c.output))
        .collect()
}

/// The candidates that give a value, or all of them when none does.
fn with_values_first(candidates: Vec<Candidate<'_>>) -> Vec<Candidate<'_>> {
    let (with, without): (Vec<Candidate>, Vec<Candidate>) =
        candidates.into_iter().partition(|c| c.values() > 0);
    if with.is_empty() { without } else { with }
}

/// The notes on LiteLLM's side of a model: a chosen key without limits or of a borrowed shape, no
/// usable entry, or no database at all.
fn note_litellm_choice(
    chosen: Option<&Candidate<'_>>,
    own_keys: &[(String, Option<u64>, Option<u64>)],
    base: &str,
    applicable: bool,
    loaded: bool,
    notes: &mut Vec<String>,
) {
    if let Some(c) = chosen {
        if c.values() == 0 {
            notes.push(format!("LiteLLM key {} has no token limits", c.entry.key));
        }
        note_borrowed_shape(c, own_keys, base, notes);
    }
    if applicable && loaded && chosen.is_none() {
        notes.push(format!("LiteLLM has no usable entry for {base}"));
    }
    if applicable && !loaded {
        notes.push("LiteLLM could not be loaded".to_string());
    }
}

fn applied_correction(c: &Correction, matched_via: CorrectionMatch) -> AppliedCorrection {
    AppliedCorrection {
        key: c.key.clone(),
        matched_via,
        context_window: c.context_window,
        max_output_tokens: c.max_output_tokens,
        reason: c.reason.clone(),
        source_url: c.source_url.clone(),
    }
}

/// Where the first matching correction differs from the chosen LiteLLM value
/// (`correction_vs_litellm`), and where the other matching corrections differ from it
/// (`between_corrections`).
fn correction_disagreements(
    matched: &[(&Correction, CorrectionMatch)],
    (lite_ctx, lite_out): (Option<u64>, Option<u64>),
    chosen: Option<&Candidate<'_>>,
) -> Vec<Disagreement> {
    let mut disagreements = Vec::new();
    let Some((first, _)) = matched.first() else {
        return disagreements;
    };
    for (field, corrected, lite) in [
        (Field::ContextWindow, first.context_window, lite_ctx),
        (Field::MaxOutputTokens, first.max_output_tokens, lite_out),
    ] {
        if let (Some(c), Some(l), Some(ch)) = (corrected, lite, chosen)
            && c != l
        {
            disagreements.push(Disagreement {
                field,
                kind: DisagreementKind::CorrectionVsLitellm,
                chosen_value: Some(c),
                chosen_from: format!("correction:{}", first.key),
                other_value: l,
                other_from: vec![format!("litellm:{}", ch.entry.key)],
            });
        }
        let mut others: BTreeMap<u64, Vec<String>> = BTreeMap::new();
        for (other, _) in matched.iter().skip(1) {
            let v = match field {
                Field::ContextWindow => other.context_window,
                Field::MaxOutputTokens => other.max_output_tokens,
            };
            if let Some(v) = v
                && Some(v) != corrected
            {
                others
                    .entry(v)
                    .or_default()
                    .push(format!("correction:{}", other.key));
            }
        }
        for (other_value, other_from) in others {
            disagreements.push(Disagreement {
                field,
                kind: DisagreementKind::BetweenCorrections,
                chosen_value: corrected,
                chosen_from: format!("correction:{}", first.key),
                other_value,
                other_from,
            });
        }
    }
    disagreements
}

/// A value from the correction, else from LiteLLM, else none, with why.
fn value_and_source(
    corrected: Option<u64>,
    litellm: Option<u64>,
    missing: ValueSource,
) -> (Option<u64>, ValueSource) {
    match (corrected, litellm) {
        (Some(c), _) => (Some(c), ValueSource::Corrected),
        (None, Some(l)) => (Some(l), ValueSource::Litellm),
        (None, None) => (None, missing),
    }
}

/// Where a spec's values come from, over both of them.
fn spec_source(sources: [ValueSource; 2], applicable: bool, loaded: bool) -> SpecSource {
    let any = |s: ValueSource| sources.contains(&s);
    match (any(ValueSource::Corrected), any(ValueSource::Litellm)) {
        (true, true) => SpecSource::CorrectedAndLitellm,
        (true, false) => SpecSource::Corrected,
        (false, true) => SpecSource::Litellm,
        (false, false) if !applicable => SpecSource::NotApplicable,
        (false, false) if !loaded => SpecSource::LitellmUnavailable,
        (false, false) => SpecSource::NotFound,
    }
}

/// The first matching correction's output-token burndown, labelled with its key.
fn burndown(
    matched: &[(&Correction, CorrectionMatch)],
) -> Option<crate::catalog::quotas::OutputTokenBurndown> {
    matched.iter().find_map(|(c, _)| {
        let b = c.output_token_burndown.as_ref()?;
        Some(crate::catalog::quotas::OutputTokenBurndown {
            multiplier: b.multiplier,
            source: format!("correction:{}", c.key),
            source_url: b.source_url.clone(),
            reason: b.reason.clone(),
        })
    })
}

/// The chosen key's `deprecation_date`, `successor_model` and `prompt_cache_min_tokens`, when it
/// gives any.
fn litellm_extras(e: &super::LiteLlmEntry) -> Option<crate::catalog::token_specs::LiteLlmExtras> {
    let any = e.deprecation_date.is_some()
        || e.successor_model.is_some()
        || e.prompt_cache_min_tokens.is_some();
    any.then(|| crate::catalog::token_specs::LiteLlmExtras {
        source: format!("litellm:{}", e.key),
        deprecation_date: e.deprecation_date.clone(),
        successor_model: e.successor_model.clone(),
        prompt_cache_min_tokens: e.prompt_cache_min_tokens,
    })
}

/// Says so when the chosen LiteLLM key is not the model's own id but a profile-shaped
/// (`global.`, `us.`, ...), regional or commitment key: such a key describes one route, and its
/// numbers can differ from the model's (GPT-5.4's `global.` key says 922,000 where the card says
/// 272K). Names any key under the model's own id whose numbers differ (one without values loses
/// to a profile key with values).
pub(super) fn note_borrowed_shape(
    chosen: &Candidate,
    own_keys: &[(String, Option<u64>, Option<u64>)],
    base: &str,
    notes: &mut Vec<String>,
) {
    let what = match chosen.entry.parsed.shape {
        KeyShape::Base | KeyShape::Route => return,
        KeyShape::InferenceProfile => "inference-profile",
        KeyShape::Regional => "regional",
        KeyShape::Commitment => "commitment",
    };
    let own: Vec<String> = own_keys
        .iter()
        .filter(|(_, ctx, out)| (*ctx, *out) != (chosen.context, chosen.output))
        .map(|(key, ctx, out)| {
            format!(
                "{key} says context {}, max output {}",
                shown(*ctx),
                shown(*out)
            )
        })
        .collect();
    let mut note = format!(
        "LiteLLM has no usable entry under {base} itself; its values come from the {what} key {}, which describes one route and may differ from the model's own limits",
        chosen.entry.key
    );
    if !own.is_empty() {
        note.push_str(&format!("; {}", own.join("; ")));
    }
    notes.push(note);
}

fn shown(v: Option<u64>) -> String {
    v.map_or_else(|| "none".to_string(), |v| v.to_string())
}

/// Resolves the token specs of every model, keyed by [`ModelRef::key`]. `db: None` means LiteLLM
/// could not be loaded: corrections still apply, other values are unknown (`litellm_unavailable`).
pub fn resolve_token_specs(
    models: &[ModelRef],
    db: Option<&LiteLlmDb>,
    corrections: &Corrections,
) -> BTreeMap<String, TokenSpec> {
    let loose = db.map(LooseIndex::new);
    models
        .iter()
        .map(|m| {
            (
                m.key.clone(),
                resolve_one(m, db, loose.as_ref(), corrections),
            )
        })
        .collect()
}

/// The LiteLLM Bedrock keys that name no model of `models`, sorted: a key names a model when the
/// model id inside it is one a model's resolution looks up (its id without context suffix, with
/// or without `:0`) or the one id LiteLLM has under the model's normalised name.
pub fn litellm_keys_without_model(models: &[ModelRef], db: &LiteLlmDb) -> Vec<String> {
    let loose = LooseIndex::new(db);
    let mut named: BTreeSet<String> = BTreeSet::new();
    for m in models {
        let base = strip_context_suffix(&m.model_id);
        named.insert(base.to_string());
        named.insert(base.strip_suffix(":0").unwrap_or(base).to_string());
        named.insert(format!("{}:0", base.strip_suffix(":0").unwrap_or(base)));
        if let Some(found) = normalized_name(base).and_then(|n| loose.by_name.get(&n))
            && found.len() == 1
        {
            named.extend(found.iter().cloned());
        }
    }
    let mut keys: Vec<String> = db
        .bedrock_entries()
        .iter()
        .filter(|e| !named.contains(&e.parsed.model_id))
        .map(|e| e.key.clone())
        .collect();
    keys.sort();
    keys
}
