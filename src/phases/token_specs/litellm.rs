//! LiteLLM's database: its keys parsed into shape, provider and model id, and the entries read strictly.

use crate::catalog::rejected::{RejectedSource, RejectedValue};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

use super::error::{SpecError, json_error_detail};
use crate::catalog::token_specs::KeyShape;

// ---------------------------------------------------------------------------------------------
// LiteLLM keys and database
// ---------------------------------------------------------------------------------------------

/// A LiteLLM key taken apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct LiteLlmKey {
    /// The Bedrock model id inside the key, e.g. `anthropic.claude-sonnet-4-5-20250929-v1:0`.
    pub model_id: String,
    pub shape: KeyShape,
    /// `bedrock`, `bedrock_converse`, `bedrock/invoke`, … when the key has a route prefix.
    pub route: Option<String>,
    pub region: Option<String>,
    pub commitment: Option<String>,
    /// Inference-profile prefix without its dot, e.g. `us`, `global`.
    pub profile: Option<String>,
}

/// Inference-profile prefixes recognised in LiteLLM keys.
pub const PROFILE_PREFIXES: &[&str] = &[
    "us", "us-gov", "eu", "apac", "global", "au", "jp", "in", "ca",
];

pub(super) fn is_region(s: &str) -> bool {
    if s == "*" {
        return true;
    }
    let parts: Vec<&str> = s.split('-').collect();
    let lower = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase());
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [geo, dir, n] => geo.len() == 2 && lower(geo) && lower(dir) && digits(n),
        [geo, "gov", dir, n] => geo.len() == 2 && lower(geo) && lower(dir) && digits(n),
        _ => false,
    }
}

pub(super) fn is_model_segment(s: &str) -> bool {
    match s.split_once('.') {
        Some((vendor, rest)) => {
            !vendor.is_empty()
                && !rest.is_empty()
                && vendor
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Takes a LiteLLM key apart; `None` if it does not reduce to one `vendor.model` id.
pub fn parse_litellm_key(key: &str) -> Option<LiteLlmKey> {
    let mut segs: Vec<&str> = key.split('/').collect();
    let mut route = None;
    let mut region = None;
    let mut commitment = None;
    if matches!(segs.first(), Some(&"bedrock") | Some(&"bedrock_converse")) {
        let mut r = segs.remove(0).to_string();
        if segs.len() > 1 && matches!(segs[0], "converse" | "invoke") {
            r = format!("{r}/{}", segs.remove(0));
        }
        route = Some(r);
        if segs.len() > 1 && is_region(segs[0]) {
            region = Some(segs.remove(0).to_string());
        }
        if segs.len() > 1 && segs[0].ends_with("-commitment") {
            commitment = Some(segs.remove(0).to_string());
        }
    }
    let [model] = segs.as_slice() else {
        return None;
    };
    let mut model_id = *model;
    let mut profile = None;
    if let Some((prefix, rest)) = model_id.split_once('.')
        && PROFILE_PREFIXES.contains(&prefix)
        && is_model_segment(rest)
    {
        profile = Some(prefix.to_string());
        model_id = rest;
    }
    if !is_model_segment(model_id) {
        return None;
    }
    let shape = if commitment.is_some() {
        KeyShape::Commitment
    } else if region.is_some() {
        KeyShape::Regional
    } else if profile.is_some() {
        KeyShape::InferenceProfile
    } else if route.is_some() {
        KeyShape::Route
    } else {
        KeyShape::Base
    };
    Some(LiteLlmKey {
        model_id: model_id.to_string(),
        shape,
        route,
        region,
        commitment,
        profile,
    })
}

/// One Bedrock entry of the LiteLLM database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct LiteLlmEntry {
    pub key: String,
    pub parsed: LiteLlmKey,
    pub litellm_provider: String,
    pub mode: Option<String>,
    /// `None` when missing, null, zero, or not a whole number.
    pub max_input_tokens: Option<u64>,
    pub max_output_tokens: Option<u64>,
    /// Kept for reference only; never used as a limit.
    pub max_tokens: Option<u64>,
    /// `deprecation_date` when it is a `YYYY-MM-DD` date.
    pub deprecation_date: Option<String>,
    /// `successor_model`, as LiteLLM names it.
    pub successor_model: Option<String>,
    /// `prompt_cache_min_tokens`: the fewest tokens a prompt-cache checkpoint takes.
    pub prompt_cache_min_tokens: Option<u64>,
    /// The entry's `supports_*` flags that are booleans, by LiteLLM's field name (only those of
    /// [`crate::catalog::routes::FEATURES`]).
    pub supports: BTreeMap<String, bool>,
}

/// The parsed LiteLLM database: Bedrock entries indexed by the model id inside their keys.
#[derive(Debug, Clone, Default)]
pub struct LiteLlmDb {
    pub(super) total_entries: usize,
    pub(super) entries: Vec<LiteLlmEntry>,
    pub(super) by_model: BTreeMap<String, Vec<usize>>,
    pub(super) ignored_bedrock_keys: Vec<String>,
    /// Token counts dropped as out of range: `key.field = value` and why.
    pub(super) rejected_values: Vec<RejectedValue>,
}

/// The largest token count believed (input, output or total): a hundred times the largest real
/// context window. A value beyond it (LiteLLM's file is community-edited) is dropped, not
/// published.
pub const MAX_TOKEN_COUNT: u64 = 100_000_000;

/// A token count within the sane range, else `None` with why in `rejected`.
fn sane_tokens(
    key: &str,
    field: &str,
    n: Option<u64>,
    rejected: &mut Vec<RejectedValue>,
) -> Option<u64> {
    match n {
        Some(v) if v > MAX_TOKEN_COUNT => {
            rejected.push(RejectedValue {
                source: RejectedSource::Litellm,
                key: key.to_string(),
                field: field.to_string(),
                value: v.to_string(),
                reason: format!("more than {MAX_TOKEN_COUNT} tokens"),
            });
            None
        }
        n => n,
    }
}

/// `litellm_provider` values whose entries describe bedrock-runtime models.
pub const BEDROCK_PROVIDERS: &[&str] = &["bedrock", "bedrock_converse"];

pub(super) fn token_count(v: Option<&Value>) -> Option<u64> {
    let n = v?.as_number()?;
    let n = n.as_u64().or_else(|| {
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 1e15)
            .map(|f| f as u64)
    })?;
    (n > 0).then_some(n)
}

/// One entry of the LiteLLM file, reduced to the fields read. Everything else (and any value of
/// an unexpected type) is skipped by serde_json without being built.
#[derive(Default)]
pub(super) struct RawLiteLlmEntry {
    /// Entries that are not objects are skipped.
    pub(super) is_object: bool,
    pub(super) provider: Option<String>,
    pub(super) mode: Option<String>,
    pub(super) max_input_tokens: Option<Value>,
    pub(super) max_output_tokens: Option<Value>,
    pub(super) max_tokens: Option<Value>,
    pub(super) supports: BTreeMap<String, bool>,
    pub(super) deprecation_date: Option<String>,
    pub(super) successor_model: Option<String>,
    pub(super) prompt_cache_min_tokens: Option<Value>,
}

/// Any JSON value, visited in full (strings decoded, numbers parsed, serde_json's recursion limit
/// applied) and dropped: the checks of reading a `Value`, without building one.
pub(super) struct Validate;

impl<'de> serde::Deserialize<'de> for Validate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{MapAccess, SeqAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Validate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, _: &str) -> Result<Validate, E> {
                Ok(Validate)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Validate, E> {
                Ok(Validate)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Validate, E> {
                Ok(Validate)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Validate, E> {
                Ok(Validate)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Validate, E> {
                Ok(Validate)
            }
            fn visit_unit<E>(self) -> Result<Validate, E> {
                Ok(Validate)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Validate, A::Error> {
                while seq.next_element::<Validate>()?.is_some() {}
                Ok(Validate)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Validate, A::Error> {
                while map.next_entry::<Validate, Validate>()?.is_some() {}
                Ok(Validate)
            }
        }
        d.deserialize_any(V)
    }
}

/// A string, a number, or anything else (skipped): a field value of a LiteLLM entry.
pub(super) enum Scalar {
    Str(String),
    Num(Value),
    Bool(bool),
    Other,
}

impl Scalar {
    pub(super) fn string(self) -> Option<String> {
        match self {
            Scalar::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(super) fn number(self) -> Option<Value> {
        match self {
            Scalar::Num(n) => Some(n),
            _ => None,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Str(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::Str(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::Num(Value::from(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Num(Value::from(v)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Num(Value::from(v)))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_unit<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> serde::Deserialize<'de> for RawLiteLlmEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawLiteLlmEntry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut e = RawLiteLlmEntry {
                    is_object: true,
                    ..RawLiteLlmEntry::default()
                };
                // A repeated field: the last one wins, as in a JSON object read as a whole.
                while let Some(field) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match field.as_ref() {
                        "litellm_provider" => e.provider = map.next_value::<Scalar>()?.string(),
                        "mode" => e.mode = map.next_value::<Scalar>()?.string(),
                        "max_input_tokens" => {
                            e.max_input_tokens = map.next_value::<Scalar>()?.number()
                        }
                        "max_output_tokens" => {
                            e.max_output_tokens = map.next_value::<Scalar>()?.number()
                        }
                        "max_tokens" => e.max_tokens = map.next_value::<Scalar>()?.number(),
                        "deprecation_date" => {
                            e.deprecation_date = map.next_value::<Scalar>()?.string()
                        }
                        "successor_model" => {
                            e.successor_model = map.next_value::<Scalar>()?.string()
                        }
                        "prompt_cache_min_tokens" => {
                            e.prompt_cache_min_tokens = map.next_value::<Scalar>()?.number()
                        }
                        name if crate::catalog::routes::FEATURES
                            .iter()
                            .any(|(_, field)| *field == name) =>
                        {
                            let name = name.to_string();
                            match map.next_value::<Scalar>()? {
                                Scalar::Bool(b) => {
                                    e.supports.insert(name, b);
                                }
                                _ => {
                                    e.supports.remove(&name);
                                }
                            }
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(e)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(RawLiteLlmEntry::default())
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(RawLiteLlmEntry::default())
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(RawLiteLlmEntry::default())
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(RawLiteLlmEntry::default())
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(RawLiteLlmEntry::default())
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(RawLiteLlmEntry::default())
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(RawLiteLlmEntry::default())
            }
        }
        d.deserialize_any(V)
    }
}

impl LiteLlmDb {
    /// Parses `model_prices_and_context_window.json`. Fails only if the bytes are not a JSON object;
    /// individual odd entries are skipped (or, for Bedrock keys of an unknown shape, listed).
    pub fn parse(bytes: &[u8]) -> Result<LiteLlmDb, SpecError> {
        let syntax = |e: serde_json::Error| SpecError::LiteLlmSyntax {
            line: e.line(),
            column: e.column(),
            detail: json_error_detail(&e),
        };
        // The file is a download: check it as strictly as reading it whole would, without building
        // anything, then read only the fields used. (A `serde_json::Value` tree is ~40 times the
        // size of the text: 50 MB of `[0,0,...` took 1.9 GB.)
        serde_json::from_slice::<Validate>(bytes).map_err(syntax)?;
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first != Some(&b'{') {
            let what = match first {
                Some(b'[') => "an array",
                Some(b'"') => "a string",
                Some(b't' | b'f') => "a boolean",
                Some(b'n') => "null",
                _ => "a number",
            };
            return Err(SpecError::LiteLlmShape {
                detail: format!("the top level is {what}, not an object of model entries"),
            });
        }
        let map: BTreeMap<String, RawLiteLlmEntry> =
            serde_json::from_slice(bytes).map_err(syntax)?;
        let mut db = LiteLlmDb {
            total_entries: map.len(),
            ..LiteLlmDb::default()
        };
        // BTreeMap: in key order.
        for (key, fields) in map {
            if !fields.is_object {
                continue;
            }
            let provider = fields.provider.unwrap_or_default();
            if !BEDROCK_PROVIDERS.contains(&provider.as_str()) {
                continue;
            }
            let Some(parsed) = parse_litellm_key(&key) else {
                db.ignored_bedrock_keys.push(key);
                continue;
            };
            let rejected = &mut db.rejected_values;
            let entry = LiteLlmEntry {
                max_input_tokens: sane_tokens(
                    &key,
                    "max_input_tokens",
                    token_count(fields.max_input_tokens.as_ref()),
                    rejected,
                ),
                max_output_tokens: sane_tokens(
                    &key,
                    "max_output_tokens",
                    token_count(fields.max_output_tokens.as_ref()),
                    rejected,
                ),
                max_tokens: sane_tokens(
                    &key,
                    "max_tokens",
                    token_count(fields.max_tokens.as_ref()),
                    rejected,
                ),
                key,
                litellm_provider: provider,
                mode: fields.mode,
                deprecation_date: fields.deprecation_date.filter(|d| is_iso_date(d)),
                successor_model: fields.successor_model.filter(|s| !s.is_empty()),
                prompt_cache_min_tokens: token_count(fields.prompt_cache_min_tokens.as_ref()),
                supports: fields.supports,
                parsed,
            };
            db.by_model
                .entry(entry.parsed.model_id.clone())
                .or_default()
                .push(db.entries.len());
            db.entries.push(entry);
        }
        Ok(db)
    }

    /// Number of entries in the file (all providers), as recorded in the run metadata.
    pub fn len(&self) -> usize {
        self.total_entries
    }

    pub fn is_empty(&self) -> bool {
        self.total_entries == 0
    }

    /// The `bedrock`/`bedrock_converse` entries that were indexed, sorted by key.
    pub fn bedrock_entries(&self) -> &[LiteLlmEntry] {
        &self.entries
    }

    /// Token counts dropped as out of range, each with its reason.
    pub fn rejected_values(&self) -> &[RejectedValue] {
        &self.rejected_values
    }

    /// Bedrock entries whose key does not reduce to a `vendor.model` id, sorted.
    pub fn ignored_bedrock_keys(&self) -> &[String] {
        &self.ignored_bedrock_keys
    }

    /// Every Bedrock entry whose key names exactly `model_id` (any key shape), sorted by key.
    pub fn entries_for(&self, model_id: &str) -> Vec<&LiteLlmEntry> {
        self.by_model
            .get(model_id)
            .map(|ix| ix.iter().map(|&i| &self.entries[i]).collect())
            .unwrap_or_default()
    }

    /// The Bedrock entry with exactly this key.
    pub fn entry(&self, key: &str) -> Option<&LiteLlmEntry> {
        self.entries
            .binary_search_by(|e| e.key.as_str().cmp(key))
            .ok()
            .map(|i| &self.entries[i])
    }

    pub(super) fn model_ids(&self) -> impl Iterator<Item = &String> {
        self.by_model.keys()
    }
}

/// `2026-11-26`: four digits, two, two, joined by hyphens.
pub(super) fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    matches!(parts.as_slice(), [y, m, d]
        if y.len() == 4 && m.len() == 2 && d.len() == 2
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())))
}
