//! Phase 4.5: token specifications (context window and maximum output tokens) for every model key.
//!
//! Two inputs, both pure data here (fetching and caching live in the sources):
//!
//! * **LiteLLM's community database** (`model_prices_and_context_window.json`), parsed by
//!   [`LiteLlmDb::parse`]. Only entries whose `litellm_provider` is `bedrock` or `bedrock_converse`
//!   are used. `bedrock_mantle` entries are not: they describe the OpenAI-compatible Mantle endpoint,
//!   whose ids and limits differ from the `bedrock-runtime` ids that ListFoundationModels returns.
//! * **The corrections file** (`corrections/model_spec_corrections.json`), parsed by
//!   [`Corrections::parse`]: a JSON object; keys starting with `_` are ignored; every other key is a
//!   model id, catalogue key or variant id mapping to `{context_window, max_output_tokens, reason,
//!   source_url}`. A correction always wins.
//!
//! # LiteLLM key shapes
//!
//! A key is taken apart into route, region, commitment, inference-profile prefix and model id
//! ([`parse_litellm_key`]): `anthropic.claude-sonnet-4-5-20250929-v1:0` (base),
//! `bedrock/…` or `bedrock_converse/…` (route, optionally followed by `converse/` or `invoke/`),
//! `bedrock/us-west-2/…` (regional), `bedrock/<region>/1-month-commitment/…` (commitment),
//! `us.`/`eu.`/`apac.`/`global.`/`au.`/`jp.`/`us-gov.`/`in.`/`ca.` (inference profile). Keys that do
//! not reduce to a `vendor.model` id (`bedrock/claude_platform/…`, `bedrock/guardrails`, image-size
//! keys such as `1024-x-1024/50-steps/…`, the bare `claude-sonnet-4-5-…`) are ignored and listed by
//! [`LiteLlmDb::ignored_bedrock_keys`].
//!
//! # Match rules, precision first
//!
//! 1. The model's id is its invocable id with any context-variant suffix removed
//!    (`amazon.nova-pro-v1:0:300k` → `amazon.nova-pro-v1:0`).
//! 2. **Exact id**: LiteLLM entries whose model id equals it, in any key shape.
//! 3. **Version suffix**: `X:0` and `X` are the same model (Bedrock's first version is `:0` and is
//!    sometimes written without it). Other suffixes (`:1`, `:2`) are different versions and only
//!    match exactly.
//! 4. **Unique normalised name**, only if 2 and 3 found nothing: same vendor (`moonshot` and
//!    `moonshotai` are one vendor) and the same sequence of name tokens once `-`, `.`, `_`, `@` and
//!    `:` are treated alike (`zai.glm-4-7` ≡ `zai.glm-4.7`). Every token (family, size, version,
//!    date) must be equal, and exactly one LiteLLM model id may have that form; otherwise the value
//!    is unknown. A neighbour's value is never used: `amazon.nova-sonic-v1:0` does not match
//!    `amazon.nova-2-sonic-v1:0`, a Llama 3.2 11B never gets a 90B's entry.
//! 5. **Mode**: text-output models use entries of mode `chat`, `completion`, `responses` or
//!    `realtime` (context = `max_input_tokens`, output = `max_output_tokens`); a `rerank` entry gives
//!    a text model its input limit only (a reranker returns scores, not tokens); embedding models use
//!    `embedding` entries and get their input limit only; models whose output is only images, video
//!    or speech get no values from LiteLLM. `max_tokens` is ignored (LiteLLM documents it as a
//!    legacy field meaning either limit); 0 counts as absent.
//! 6. **Which entry, when several match**: sort by match kind (exact, then version suffix), then key
//!    shape (base, route, inference profile, regional, commitment), then entries giving more of the
//!    wanted values, then the value pair held by more keys, then the key's text. Both numbers come
//!    from that one entry. Every other matching key with a different value is recorded as a
//!    [`Disagreement`] of kind `between_litellm_keys`.
//! 7. **Corrections** are looked up by the invocable id, then the catalogue key, then each variant
//!    id (sorted); the first hit is applied field by field (a correction may give one value only).
//!    Where it differs from the chosen LiteLLM value, a `correction_vs_litellm` disagreement keeps
//!    both values; other matching corrections with different values give `between_corrections`.
//!
//! Context-variant ids (`…:0:28k`, `…:0:200k`, `…:0:mm`) are provisioned-throughput variants: the
//! suffix names the context length that variant is sold for. They are recorded in
//! [`TokenSpec::context_variants`] with their nominal size and never used as the model's values.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::model::ModelRef;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// A LiteLLM database or corrections file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecError {
    /// The LiteLLM file is not valid JSON.
    LiteLlmSyntax {
        line: usize,
        column: usize,
        detail: String,
    },
    /// The LiteLLM file is JSON but not an object of model entries.
    LiteLlmShape { detail: String },
    /// The corrections file is invalid: a configuration error.
    Corrections {
        file: String,
        line: usize,
        key: Option<String>,
        detail: String,
    },
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::LiteLlmSyntax {
                line,
                column,
                detail,
            } => write!(
                f,
                "the LiteLLM model database is not valid JSON at line {line}, column {column}: {detail}"
            ),
            SpecError::LiteLlmShape { detail } => {
                write!(
                    f,
                    "the LiteLLM model database has an unexpected shape: {detail}"
                )
            }
            SpecError::Corrections {
                file,
                line,
                key: Some(key),
                detail,
            } => {
                write!(
                    f,
                    // `{key:?}`: quoted as before, with a newline or control character escaped
                    // (a key of a broken file may run over several lines).
                    "invalid corrections file {file} at line {line}, key {key:?}: {detail}"
                )
            }
            SpecError::Corrections {
                file,
                line,
                key: None,
                detail,
            } => {
                write!(
                    f,
                    "invalid corrections file {file} at line {line}: {detail}"
                )
            }
        }
    }
}

impl std::error::Error for SpecError {}

/// serde_json's message without its trailing " at line N column M" (we report those separately).
fn json_error_detail(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

fn json_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

// ---------------------------------------------------------------------------------------------
// LiteLLM keys and database
// ---------------------------------------------------------------------------------------------

/// How a LiteLLM key names its model, in order of preference.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum KeyShape {
    /// `vendor.model`, e.g. `anthropic.claude-sonnet-4-5-20250929-v1:0`.
    Base,
    /// `bedrock/vendor.model`, `bedrock_converse/vendor.model`, `bedrock/invoke/vendor.model`.
    Route,
    /// A cross-region inference profile: `us.vendor.model`, `global.vendor.model`, ….
    InferenceProfile,
    /// `bedrock/<region>/vendor.model`.
    Regional,
    /// `bedrock/<region or *>/<n>-month-commitment/vendor.model` (provisioned throughput prices).
    Commitment,
}

/// A LiteLLM key taken apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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

fn is_region(s: &str) -> bool {
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

fn is_model_segment(s: &str) -> bool {
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
}

/// The parsed LiteLLM database: Bedrock entries indexed by the model id inside their keys.
#[derive(Debug, Clone, Default)]
pub struct LiteLlmDb {
    total_entries: usize,
    entries: Vec<LiteLlmEntry>,
    by_model: BTreeMap<String, Vec<usize>>,
    ignored_bedrock_keys: Vec<String>,
}

/// `litellm_provider` values whose entries describe bedrock-runtime models.
pub const BEDROCK_PROVIDERS: &[&str] = &["bedrock", "bedrock_converse"];

fn token_count(v: Option<&Value>) -> Option<u64> {
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
struct RawLiteLlmEntry {
    /// Entries that are not objects are skipped.
    is_object: bool,
    provider: Option<String>,
    mode: Option<String>,
    max_input_tokens: Option<Value>,
    max_output_tokens: Option<Value>,
    max_tokens: Option<Value>,
}

/// Any JSON value, visited in full (strings decoded, numbers parsed, serde_json's recursion limit
/// applied) and dropped: the checks of reading a `Value`, without building one.
struct Validate;

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
enum Scalar {
    Str(String),
    Num(Value),
    Other,
}

impl Scalar {
    fn string(self) -> Option<String> {
        match self {
            Scalar::Str(s) => Some(s),
            _ => None,
        }
    }

    fn number(self) -> Option<Value> {
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
            fn visit_bool<E>(self, _: bool) -> Result<Scalar, E> {
                Ok(Scalar::Other)
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
            let entry = LiteLlmEntry {
                key,
                litellm_provider: provider,
                mode: fields.mode,
                max_input_tokens: token_count(fields.max_input_tokens.as_ref()),
                max_output_tokens: token_count(fields.max_output_tokens.as_ref()),
                max_tokens: token_count(fields.max_tokens.as_ref()),
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

    fn model_ids(&self) -> impl Iterator<Item = &String> {
        self.by_model.keys()
    }
}

// ---------------------------------------------------------------------------------------------
// Corrections
// ---------------------------------------------------------------------------------------------

/// One entry of the corrections file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Correction {
    /// The file's key: a model id, catalogue key or variant id.
    pub key: String,
    pub context_window: Option<u64>,
    pub max_output_tokens: Option<u64>,
    pub reason: Option<String>,
    pub source_url: Option<String>,
    /// Line of the key in the file.
    pub line: usize,
}

/// The parsed corrections file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corrections {
    entries: BTreeMap<String, Correction>,
}

/// Where a top-level key, and the fields of its object, sit in the file.
struct KeyPosition {
    key: String,
    line: usize,
    fields: Vec<(String, usize)>,
}

/// Finds the line of every top-level key and of every field of the objects they map to.
/// Tolerates broken JSON (it only scans as far as it can).
fn key_positions(text: &str) -> Vec<KeyPosition> {
    let bytes = text.as_bytes();
    let mut out: Vec<KeyPosition> = Vec::new();
    // (is_object, expecting_a_key)
    let mut stack: Vec<(bool, bool)> = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line += 1,
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    } else if bytes[i] == b'\n' {
                        line += 1;
                    }
                    i += 1;
                }
                let raw = text.get(start..=i.min(bytes.len() - 1)).unwrap_or_default();
                if let Some(top) = stack.last_mut()
                    && top.0
                    && top.1
                {
                    top.1 = false;
                    let key = serde_json::from_str::<String>(raw)
                        .unwrap_or_else(|_| raw.trim_matches('"').to_string());
                    if stack.len() == 1 {
                        out.push(KeyPosition {
                            key,
                            line,
                            fields: Vec::new(),
                        });
                    } else if stack.len() == 2
                        && stack[0].0
                        && let Some(last) = out.last_mut()
                    {
                        last.fields.push((key, line));
                    }
                }
            }
            b'{' => stack.push((true, true)),
            b'[' => stack.push((false, false)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => {
                if let Some(top) = stack.last_mut()
                    && top.0
                {
                    top.1 = true;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

const CORRECTION_FIELDS: &[&str] = &[
    "context_window",
    "max_output_tokens",
    "reason",
    "source_url",
];

impl Corrections {
    /// An empty set (no corrections file).
    pub fn empty() -> Corrections {
        Corrections::default()
    }

    /// Parses the corrections file; `file` is used in error messages, which name file, line and key.
    pub fn parse(bytes: &[u8], file: &str) -> Result<Corrections, SpecError> {
        let err = |line: usize, key: Option<&str>, detail: String| SpecError::Corrections {
            file: file.to_string(),
            line,
            key: key.map(str::to_string),
            detail,
        };
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            err(line, None, "the file is not valid UTF-8".to_string())
        })?;
        let positions = key_positions(text);
        let value: Value = serde_json::from_str(text).map_err(|e| {
            let key = positions
                .iter()
                .rev()
                .find(|p| p.line <= e.line())
                .map(|p| p.key.as_str());
            err(
                e.line(),
                key,
                format!("not valid JSON: {}", json_error_detail(&e)),
            )
        })?;
        let Value::Object(map) = value else {
            return Err(err(
                1,
                None,
                format!(
                    "the top level is {}, not an object mapping model ids to corrections",
                    json_type_name(&value)
                ),
            ));
        };
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for p in positions.iter().filter(|p| !p.key.starts_with('_')) {
            if let Some(first) = seen.insert(&p.key, p.line) {
                return Err(err(
                    p.line,
                    Some(&p.key),
                    format!("the key appears twice (first at line {first})"),
                ));
            }
        }
        let position = |key: &str| positions.iter().find(|p| p.key == key);
        let mut entries = BTreeMap::new();
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort();
        for key in keys {
            if key.starts_with('_') {
                continue;
            }
            let pos = position(key);
            let line = pos.map_or(1, |p| p.line);
            let field_line = |field: &str| {
                pos.and_then(|p| p.fields.iter().find(|(f, _)| f == field))
                    .map_or(line, |(_, l)| *l)
            };
            let Value::Object(fields) = &map[key.as_str()] else {
                return Err(err(
                    line,
                    Some(key),
                    format!(
                        "the value is {}, not an object with context_window, max_output_tokens, reason and source_url",
                        json_type_name(&map[key.as_str()])
                    ),
                ));
            };
            let mut names: Vec<&String> = fields.keys().collect();
            names.sort();
            for name in names {
                if !CORRECTION_FIELDS.contains(&name.as_str()) {
                    return Err(err(
                        field_line(name),
                        Some(key),
                        format!(
                            "unknown field {name:?} (expected {})",
                            CORRECTION_FIELDS.join(", ")
                        ),
                    ));
                }
            }
            let count = |field: &str| -> Result<Option<u64>, SpecError> {
                match fields.get(field) {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::Number(n)) if n.as_u64().is_some() => {
                        Ok(n.as_u64().filter(|&n| n > 0))
                    }
                    Some(other) => Err(err(
                        field_line(field),
                        Some(key),
                        format!(
                            "{field} must be a whole number of tokens or null, not {}",
                            json_type_name(other)
                        ),
                    )),
                }
            };
            let text_field = |field: &str| -> Result<Option<String>, SpecError> {
                match fields.get(field) {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::String(s)) => Ok(Some(s.clone())),
                    Some(other) => Err(err(
                        field_line(field),
                        Some(key),
                        format!(
                            "{field} must be a string or null, not {}",
                            json_type_name(other)
                        ),
                    )),
                }
            };
            let correction = Correction {
                key: key.clone(),
                context_window: count("context_window")?,
                max_output_tokens: count("max_output_tokens")?,
                reason: text_field("reason")?,
                source_url: text_field("source_url")?,
                line,
            };
            if correction.context_window.is_none() && correction.max_output_tokens.is_none() {
                return Err(err(
                    line,
                    Some(key),
                    "the entry gives neither context_window nor max_output_tokens (0 and null count as absent)"
                        .to_string(),
                ));
            }
            entries.insert(key.clone(), correction);
        }
        Ok(Corrections { entries })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The correction whose key is exactly `id`.
    pub fn get(&self, id: &str) -> Option<&Correction> {
        self.entries.get(id)
    }

    /// All corrections, sorted by key.
    pub fn iter(&self) -> impl Iterator<Item = &Correction> {
        self.entries.values()
    }
}

/// Correction keys that match no model (by invocable id, catalogue key or variant id): likely typos
/// or retired models, worth a warning.
pub fn unmatched_corrections<'a>(
    models: &[ModelRef],
    corrections: &'a Corrections,
) -> Vec<&'a str> {
    let ids: BTreeSet<&str> = models
        .iter()
        .flat_map(|m| {
            [m.model_id.as_str(), m.key.as_str()]
                .into_iter()
                .chain(m.variant_ids.iter().map(String::as_str))
        })
        .collect();
    corrections
        .iter()
        .map(|c| c.key.as_str())
        .filter(|k| !ids.contains(k))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Result types
// ---------------------------------------------------------------------------------------------

/// What a model outputs, which decides which limits apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// Output includes `TEXT`: context window and max output tokens.
    Text,
    /// Output is `EMBEDDING`: input limit only.
    Embedding,
    /// Output is only images, video or speech: token limits do not apply.
    MediaOutput,
    /// No output modalities listed: nothing is taken from LiteLLM.
    UnknownOutput,
}

/// Where one value came from, or why it is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValueSource {
    Corrected,
    Litellm,
    /// LiteLLM was loaded but has no usable value for exactly this model.
    NotFound,
    /// LiteLLM could not be loaded, and no correction gives the value.
    LitellmUnavailable,
    /// The limit does not apply to this kind of model (an embedding's output, an image model).
    NotApplicable,
}

/// Where the spec's values came from, overall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpecSource {
    /// Every value present came from a correction.
    Corrected,
    /// Every value present came from LiteLLM.
    Litellm,
    /// Some from each.
    CorrectedAndLitellm,
    /// No value: LiteLLM has none for this model and no correction applies.
    NotFound,
    /// No value: LiteLLM could not be loaded and no correction applies.
    LitellmUnavailable,
    /// No value, and none expected: image, video or speech output.
    NotApplicable,
}

/// How the LiteLLM entry was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The key names exactly the model's id.
    ExactId,
    /// The key names the same id with or without `:0`.
    VersionSuffix,
    /// The only LiteLLM id with the same vendor and name tokens (rule 4).
    UniqueNormalizedName,
}

/// Which corrections-file key matched the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionMatch {
    ModelId,
    ModelKey,
    VariantId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AppliedCorrection {
    pub key: String,
    pub matched_via: CorrectionMatch,
    pub context_window: Option<u64>,
    pub max_output_tokens: Option<u64>,
    pub reason: Option<String>,
    pub source_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    ContextWindow,
    MaxOutputTokens,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DisagreementKind {
    /// The applied correction differs from the chosen LiteLLM value (the correction is used).
    CorrectionVsLitellm,
    /// Other LiteLLM keys for the same model give another value than the chosen key.
    BetweenLitellmKeys,
    /// Another correction matching the same model gives another value than the applied one.
    BetweenCorrections,
}

/// Two sources, or two keys of one source, that give different values for the same model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Disagreement {
    pub field: Field,
    pub kind: DisagreementKind,
    /// The value the rules picked from the first source (a correction's, or the chosen LiteLLM key's).
    pub chosen_value: Option<u64>,
    /// `correction:<key>` or `litellm:<key>`.
    pub chosen_from: String,
    pub other_value: u64,
    /// Every key giving `other_value`, each as `correction:<key>` or `litellm:<key>`.
    pub other_from: Vec<String>,
}

/// A provisioned-throughput variant id and the context length its suffix names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ContextVariant {
    pub variant_id: String,
    /// What follows the version, e.g. `28k`, `200k`, `mm`, `512`.
    pub suffix: String,
    /// `28k` → 28,000; `512` → 512; `None` when the suffix is not a size (`mm`).
    pub nominal_context_tokens: Option<u64>,
}

/// The token specification of one model key, with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TokenSpec {
    /// The invocable id the spec was resolved for.
    pub model_id: String,
    pub model_kind: ModelKind,
    pub context_window: Option<u64>,
    pub max_output_tokens: Option<u64>,
    pub source: SpecSource,
    pub context_window_source: ValueSource,
    pub max_output_tokens_source: ValueSource,
    /// The LiteLLM key used (also set when that entry has no usable value).
    pub matched_key: Option<String>,
    pub match_kind: Option<MatchKind>,
    pub key_shape: Option<KeyShape>,
    pub litellm_mode: Option<String>,
    pub correction: Option<AppliedCorrection>,
    /// Serialized as `conflicts`, the name the issue and the catalogue's readers use.
    #[serde(rename = "conflicts")]
    pub disagreements: Vec<Disagreement>,
    pub context_variants: Vec<ContextVariant>,
    /// Plain-language remarks: why a value is missing, ignored entries, ambiguous names.
    pub notes: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Resolution
// ---------------------------------------------------------------------------------------------

/// The id without a context-variant suffix: `X:0:28k` → `X:0`.
fn strip_context_suffix(id: &str) -> &str {
    match id.match_indices(':').nth(1) {
        Some((i, _)) => &id[..i],
        None => id,
    }
}

fn context_variant(id: &str) -> Option<ContextVariant> {
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

fn model_kind(output_modalities: &[String]) -> ModelKind {
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
enum Usage {
    ContextAndOutput,
    ContextOnly,
}

fn usage(kind: ModelKind, mode: Option<&str>) -> Option<Usage> {
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
fn normalized_name(id: &str) -> Option<(String, Vec<String>)> {
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

struct Candidate<'a> {
    entry: &'a LiteLlmEntry,
    match_kind: MatchKind,
    usage: Usage,
    context: Option<u64>,
    output: Option<u64>,
}

impl Candidate<'_> {
    fn values(&self) -> usize {
        usize::from(self.context.is_some()) + usize::from(self.output.is_some())
    }
}

/// The LiteLLM side of one model.
struct LiteLlmPick<'a> {
    chosen: Option<&'a Candidate<'a>>,
    disagreements: Vec<Disagreement>,
}

fn pick<'a>(candidates: &'a [Candidate<'a>]) -> LiteLlmPick<'a> {
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
struct LooseIndex {
    by_name: BTreeMap<(String, Vec<String>), BTreeSet<String>>,
}

impl LooseIndex {
    fn new(db: &LiteLlmDb) -> LooseIndex {
        let mut by_name: BTreeMap<(String, Vec<String>), BTreeSet<String>> = BTreeMap::new();
        for id in db.model_ids() {
            if let Some(name) = normalized_name(id) {
                by_name.entry(name).or_default().insert(id.clone());
            }
        }
        LooseIndex { by_name }
    }
}

fn correction_lookup<'a>(
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

fn collect_candidates<'a>(
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

fn resolve_one(
    m: &ModelRef,
    db: Option<&LiteLlmDb>,
    loose: Option<&LooseIndex>,
    corrections: &Corrections,
) -> TokenSpec {
    let kind = model_kind(&m.output_modalities);
    let mut notes = Vec::new();
    let mut disagreements = Vec::new();

    let mut variant_ids: BTreeSet<&str> = m.variant_ids.iter().map(String::as_str).collect();
    variant_ids.insert(&m.model_id);
    let context_variants: Vec<ContextVariant> = variant_ids
        .iter()
        .filter_map(|id| context_variant(id))
        .collect();

    let base = strip_context_suffix(&m.model_id);
    if base != m.model_id {
        notes.push(format!(
            "{} is a provisioned context variant; its values are those of {base}",
            m.model_id
        ));
    }

    // --- LiteLLM
    let mut candidates: Vec<Candidate> = Vec::new();
    let applicable = matches!(kind, ModelKind::Text | ModelKind::Embedding);
    if let (Some(db), true) = (db, applicable) {
        let mut ids = vec![(base.to_string(), MatchKind::ExactId)];
        if let Some(stripped) = base.strip_suffix(":0") {
            ids.push((stripped.to_string(), MatchKind::VersionSuffix));
        } else if !base.contains(':') {
            ids.push((format!("{base}:0"), MatchKind::VersionSuffix));
        }
        collect_candidates(db, m, kind, &ids, &mut candidates, &mut notes);
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
                    collect_candidates(db, m, kind, &only, &mut candidates, &mut notes);
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
    } else if let (Some(db), false) = (db, applicable) {
        let listed: Vec<String> = db.entries_for(base).iter().map(|e| e.key.clone()).collect();
        if !listed.is_empty() {
            notes.push(format!(
                "token limits do not apply to output {:?}; LiteLLM's entries ({}) are not used",
                m.output_modalities,
                listed.join(", ")
            ));
        }
    }
    let with_values: Vec<Candidate> = {
        let (with, without): (Vec<Candidate>, Vec<Candidate>) =
            candidates.into_iter().partition(|c| c.values() > 0);
        if with.is_empty() { without } else { with }
    };
    let litellm = pick(&with_values);
    disagreements.extend(litellm.disagreements);
    let chosen = litellm.chosen;
    if let Some(c) = chosen
        && c.values() == 0
    {
        notes.push(format!("LiteLLM key {} has no token limits", c.entry.key));
    }
    if applicable && db.is_some() && chosen.is_none() {
        notes.push(format!("LiteLLM has no usable entry for {base}"));
    }
    if applicable && db.is_none() {
        notes.push("LiteLLM could not be loaded".to_string());
    }
    let lite_ctx = chosen.and_then(|c| c.context);
    let lite_out = chosen.and_then(|c| c.output);
    let output_applies = match kind {
        ModelKind::Text => chosen.is_none_or(|c| c.usage == Usage::ContextAndOutput),
        _ => false,
    };

    // --- corrections
    let matched = correction_lookup(m, corrections);
    let applied = matched.first().map(|(c, via)| AppliedCorrection {
        key: c.key.clone(),
        matched_via: *via,
        context_window: c.context_window,
        max_output_tokens: c.max_output_tokens,
        reason: c.reason.clone(),
        source_url: c.source_url.clone(),
    });
    if let Some((first, _)) = matched.first() {
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
    }

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
    let corr_ctx = applied.as_ref().and_then(|c| c.context_window);
    let corr_out = applied.as_ref().and_then(|c| c.max_output_tokens);
    let (context_window, context_window_source) = match (corr_ctx, lite_ctx) {
        (Some(c), _) => (Some(c), ValueSource::Corrected),
        (None, Some(l)) => (Some(l), ValueSource::Litellm),
        (None, None) => (None, missing(applicable)),
    };
    let (max_output_tokens, max_output_tokens_source) = match (corr_out, lite_out) {
        (Some(c), _) => (Some(c), ValueSource::Corrected),
        (None, Some(l)) => (Some(l), ValueSource::Litellm),
        (None, None) => (None, missing(output_applies)),
    };
    let sources = [context_window_source, max_output_tokens_source];
    let any = |s: ValueSource| sources.contains(&s);
    let source = match (any(ValueSource::Corrected), any(ValueSource::Litellm)) {
        (true, true) => SpecSource::CorrectedAndLitellm,
        (true, false) => SpecSource::Corrected,
        (false, true) => SpecSource::Litellm,
        (false, false) if !applicable => SpecSource::NotApplicable,
        (false, false) if db.is_none() => SpecSource::LitellmUnavailable,
        (false, false) => SpecSource::NotFound,
    };
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
        context_variants,
        notes,
    }
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

/// Counts for the run metadata and the phase's note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Coverage {
    pub models: usize,
    pub text_models: usize,
    /// Text models with both numbers.
    pub text_with_both: usize,
    pub text_both_from_litellm: usize,
    pub text_both_from_corrections: usize,
    pub text_both_mixed: usize,
    pub embedding_models: usize,
    pub embedding_with_input_limit: usize,
    /// Image, video, speech-only or unknown output.
    pub other_models: usize,
    pub corrections_applied: usize,
    /// All disagreements, then by kind.
    pub disagreements: usize,
    pub correction_vs_litellm: usize,
    pub between_litellm_keys: usize,
    pub between_corrections: usize,
}

pub fn coverage(specs: &BTreeMap<String, TokenSpec>) -> Coverage {
    let mut c = Coverage {
        models: specs.len(),
        ..Coverage::default()
    };
    for s in specs.values() {
        match s.model_kind {
            ModelKind::Text => {
                c.text_models += 1;
                if s.context_window.is_some() && s.max_output_tokens.is_some() {
                    c.text_with_both += 1;
                    match s.source {
                        SpecSource::Litellm => c.text_both_from_litellm += 1,
                        SpecSource::Corrected => c.text_both_from_corrections += 1,
                        _ => c.text_both_mixed += 1,
                    }
                }
            }
            ModelKind::Embedding => {
                c.embedding_models += 1;
                c.embedding_with_input_limit += usize::from(s.context_window.is_some());
            }
            ModelKind::MediaOutput | ModelKind::UnknownOutput => c.other_models += 1,
        }
        c.corrections_applied += usize::from(s.correction.is_some());
        c.disagreements += s.disagreements.len();
        for d in &s.disagreements {
            match d.kind {
                DisagreementKind::CorrectionVsLitellm => c.correction_vs_litellm += 1,
                DisagreementKind::BetweenLitellmKeys => c.between_litellm_keys += 1,
                DisagreementKind::BetweenCorrections => c.between_corrections += 1,
            }
        }
    }
    c
}

// ---------------------------------------------------------------------------------------------
// Legacy `converse_data`
// ---------------------------------------------------------------------------------------------

/// A token count as the legacy output writes it: a number, or the string `"N/A"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenCount {
    Known(u64),
    NotAvailable,
}

impl schemars::JsonSchema for TokenCount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TokenCount".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A token count, or \"N/A\" when unknown.",
            "oneOf": [{"type": "integer", "minimum": 0}, {"const": "N/A"}]
        })
    }
}

impl Serialize for TokenCount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            TokenCount::Known(n) => serializer.serialize_u64(*n),
            TokenCount::NotAvailable => serializer.serialize_str("N/A"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SizeCategory {
    pub category: &'static str,
    pub color: &'static str,
    pub tier: u8,
}

/// The sample's thresholds: under 32k Small, under 128k Medium, under 500k Large, else XL.
pub fn size_category(context_window: u64) -> SizeCategory {
    let (category, color, tier) = match context_window {
        0..32_000 => ("Small", "#F59E0B", 1),
        32_000..128_000 => ("Medium", "#3B82F6", 2),
        128_000..500_000 => ("Large", "#10B981", 3),
        _ => ("XL", "#8B5CF6", 4),
    };
    SizeCategory {
        category,
        color,
        tier,
    }
}

/// The legacy `converse_data` object, field for field as the sample wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ConverseData {
    pub context_window: TokenCount,
    pub max_output_tokens: TokenCount,
    pub size_category: SizeCategory,
    pub verified: bool,
    pub source: String,
    pub litellm_verified: bool,
    pub capabilities_count: usize,
    pub use_cases_count: usize,
    pub regions_count: usize,
}

/// The legacy `source` string: `corrected` when a correction gives both values,
/// `litellm_data_not_found` when there is no value, else `ctx:<a>|out:<b>` with `a`, `b` each
/// `corrected`, `litellm` or `not_found`.
pub fn legacy_source(spec: &TokenSpec) -> String {
    let token = |s: ValueSource| match s {
        ValueSource::Corrected => "corrected",
        ValueSource::Litellm => "litellm",
        _ => "not_found",
    };
    match (spec.context_window_source, spec.max_output_tokens_source) {
        (ValueSource::Corrected, ValueSource::Corrected) => "corrected".to_string(),
        _ if spec.context_window.is_none() && spec.max_output_tokens.is_none() => {
            "litellm_data_not_found".to_string()
        }
        (c, o) => format!("ctx:{}|out:{}", token(c), token(o)),
    }
}

pub fn converse_data(
    spec: &TokenSpec,
    capabilities_count: usize,
    use_cases_count: usize,
    regions_count: usize,
) -> ConverseData {
    let count = |v: Option<u64>| v.map_or(TokenCount::NotAvailable, TokenCount::Known);
    let grey = |category| SizeCategory {
        category,
        color: "#6B7280",
        tier: 0,
    };
    let size = match (spec.context_window, spec.max_output_tokens) {
        (Some(c), _) => size_category(c),
        (None, Some(_)) => grey("Unknown"),
        (None, None) => grey("N/A"),
    };
    let source = legacy_source(spec);
    let litellm_verified = spec.context_window_source == ValueSource::Litellm
        || spec.max_output_tokens_source == ValueSource::Litellm;
    ConverseData {
        context_window: count(spec.context_window),
        max_output_tokens: count(spec.max_output_tokens),
        size_category: size,
        verified: spec.context_window.is_some() && spec.max_output_tokens.is_some(),
        source,
        litellm_verified,
        capabilities_count,
        use_cases_count,
        regions_count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::OnceLock;

    const NEWEST_LFM: &str = "dineshrajdhanapathyDD-TurfArena_us-east-1_2026-06-22.json";

    fn fixtures() -> PathBuf {
        match std::env::var("BEDROCK_FIXTURES") {
            Ok(dir) => PathBuf::from(dir),
            Err(_) => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures")),
        }
    }

    fn read_fixture(rel: &str) -> Vec<u8> {
        let path = fixtures().join(rel);
        std::fs::read(&path)
            .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
    }

    fn db() -> &'static LiteLlmDb {
        static DB: OnceLock<LiteLlmDb> = OnceLock::new();
        DB.get_or_init(|| {
            LiteLlmDb::parse(&read_fixture(
                "litellm/model_prices_and_context_window_backup.json",
            ))
            .unwrap()
        })
    }

    const CORRECTIONS_PATH: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corrections/model_spec_corrections.json"
    );

    fn seeded() -> Corrections {
        let bytes = std::fs::read(CORRECTIONS_PATH).unwrap();
        Corrections::parse(&bytes, CORRECTIONS_PATH).unwrap()
    }

    /// `ModelRef`s from a ListFoundationModels fixture: key = id up to its first `:`; model_id =
    /// the id without a context suffix that offers ON_DEMAND or INFERENCE_PROFILE (else any id
    /// without a context suffix, else any id), the greatest such id when several remain.
    fn model_refs(file: &str) -> Vec<ModelRef> {
        let page: Value =
            serde_json::from_slice(&read_fixture(&format!("list-foundation-models/{file}")))
                .unwrap();
        let mut by_key: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
        for s in page["modelSummaries"].as_array().unwrap() {
            let id = s["modelId"].as_str().unwrap();
            let key = id.split(':').next().unwrap().to_string();
            by_key.entry(key).or_default().push(s);
        }
        let strs = |v: &Value| -> Vec<String> {
            v.as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        by_key
            .into_iter()
            .map(|(key, sums)| {
                let id = |s: &&Value| s["modelId"].as_str().unwrap().to_string();
                let plain: Vec<&&Value> = sums
                    .iter()
                    .filter(|s| id(s).matches(':').count() <= 1)
                    .collect();
                let invocable: Vec<&&Value> = plain
                    .iter()
                    .copied()
                    .filter(|s| {
                        strs(&s["inferenceTypesSupported"])
                            .iter()
                            .any(|t| t == "ON_DEMAND" || t == "INFERENCE_PROFILE")
                    })
                    .collect();
                let pool = if !invocable.is_empty() {
                    invocable
                } else if !plain.is_empty() {
                    plain
                } else {
                    sums.iter().collect()
                };
                let main = pool.iter().max_by_key(|s| id(s)).unwrap();
                let mut variant_ids: Vec<String> = sums.iter().map(id).collect();
                variant_ids.sort();
                variant_ids.dedup();
                ModelRef {
                    key,
                    model_id: id(main),
                    variant_ids,
                    provider: main["providerName"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                    name: main["modelName"].as_str().unwrap_or_default().to_string(),
                    input_modalities: strs(&main["inputModalities"]),
                    output_modalities: strs(&main["outputModalities"]),
                    regions: vec!["us-east-1".to_string()],
                }
            })
            .collect()
    }

    fn newest() -> BTreeMap<String, TokenSpec> {
        resolve_token_specs(&model_refs(NEWEST_LFM), Some(db()), &seeded())
    }

    fn model(id: &str, outputs: &[&str]) -> ModelRef {
        let key = id.split(':').next().unwrap().to_string();
        ModelRef {
            key,
            model_id: id.to_string(),
            variant_ids: vec![id.to_string()],
            output_modalities: outputs.iter().map(|s| s.to_string()).collect(),
            ..ModelRef::default()
        }
    }

    fn tiny_db(json: &str) -> LiteLlmDb {
        LiteLlmDb::parse(json.as_bytes()).unwrap()
    }

    // ---------------------------------------------------------------- parsing

    #[test]
    fn litellm_fixture_parses_with_its_real_counts() {
        let db = db();
        assert_eq!(db.len(), 4878);
        // 577 bedrock + bedrock_converse entries, minus the keys that name no vendor.model id.
        assert_eq!(
            db.bedrock_entries().len() + db.ignored_bedrock_keys().len(),
            577
        );
        assert_eq!(db.ignored_bedrock_keys().len(), 25);
        assert!(
            db.ignored_bedrock_keys()
                .iter()
                .any(|k| k == "bedrock/claude_platform/claude-sonnet-4-5")
        );
        assert!(
            db.ignored_bedrock_keys()
                .iter()
                .any(|k| k == "1024-x-1024/50-steps/stability.stable-diffusion-xl-v1")
        );
        assert!(
            db.bedrock_entries()
                .iter()
                .all(|e| e.litellm_provider != "bedrock_mantle")
        );
    }

    #[test]
    fn key_shapes_are_taken_apart() {
        let k = parse_litellm_key("anthropic.claude-sonnet-4-5-20250929-v1:0").unwrap();
        assert_eq!(
            (k.model_id.as_str(), k.shape),
            ("anthropic.claude-sonnet-4-5-20250929-v1:0", KeyShape::Base)
        );
        let k = parse_litellm_key("us.anthropic.claude-opus-4-7").unwrap();
        assert_eq!(
            (k.model_id.as_str(), k.shape, k.profile.as_deref()),
            (
                "anthropic.claude-opus-4-7",
                KeyShape::InferenceProfile,
                Some("us")
            )
        );
        let k = parse_litellm_key("us-gov.nvidia.nemotron-nano-9b-v2").unwrap();
        assert_eq!(
            (k.model_id.as_str(), k.profile.as_deref()),
            ("nvidia.nemotron-nano-9b-v2", Some("us-gov"))
        );
        let k = parse_litellm_key("bedrock/us-gov-west-1/amazon.nova-pro-v1:0").unwrap();
        assert_eq!(
            (k.model_id.as_str(), k.shape, k.region.as_deref()),
            (
                "amazon.nova-pro-v1:0",
                KeyShape::Regional,
                Some("us-gov-west-1")
            )
        );
        let k =
            parse_litellm_key("bedrock/ap-northeast-1/1-month-commitment/anthropic.claude-v2:1")
                .unwrap();
        assert_eq!(
            (k.model_id.as_str(), k.shape),
            ("anthropic.claude-v2:1", KeyShape::Commitment)
        );
        let k = parse_litellm_key("bedrock/*/6-month-commitment/cohere.command-text-v14").unwrap();
        assert_eq!(
            (k.region.as_deref(), k.shape),
            (Some("*"), KeyShape::Commitment)
        );
        let k =
            parse_litellm_key("bedrock/invoke/anthropic.claude-3-5-sonnet-20240620-v1:0").unwrap();
        assert_eq!(
            (k.route.as_deref(), k.shape),
            (Some("bedrock/invoke"), KeyShape::Route)
        );
        let k = parse_litellm_key("bedrock/us.anthropic.claude-3-5-haiku-20241022-v1:0").unwrap();
        assert_eq!(
            (k.model_id.as_str(), k.shape),
            (
                "anthropic.claude-3-5-haiku-20241022-v1:0",
                KeyShape::InferenceProfile
            )
        );
        let k = parse_litellm_key("bedrock_converse/meta.llama3-3-70b-instruct-v1:0").unwrap();
        assert_eq!(k.shape, KeyShape::Route);
        for bad in [
            "bedrock/claude_platform/claude-opus-4-5",
            "bedrock/guardrails",
            "claude-sonnet-4-5-20250929-v1:0",
            "512-x-512/50-steps/stability.stable-diffusion-xl-v0",
            "bedrock/us-gov-east-1/claude-sonnet-4-5-20250929-v1:0",
        ] {
            assert_eq!(parse_litellm_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn malformed_litellm_fails_cleanly() {
        let e = LiteLlmDb::parse(b"{\n  \"a\": {\"max_input_tokens\": 1,}\n}").unwrap_err();
        assert!(
            matches!(e, SpecError::LiteLlmSyntax { line: 2, .. }),
            "{e:?}"
        );
        assert!(
            e.to_string()
                .starts_with("the LiteLLM model database is not valid JSON at line 2"),
            "{e}"
        );
        let e = LiteLlmDb::parse(b"[1, 2]").unwrap_err();
        assert!(matches!(e, SpecError::LiteLlmShape { .. }));
        assert_eq!(
            e.to_string(),
            "the LiteLLM model database has an unexpected shape: the top level is an array, not an object of model entries"
        );
        // Odd values inside entries are not errors: they count as absent.
        let db = tiny_db(
            r#"{"sample_spec": {"max_input_tokens": "max input tokens"},
            "meta.x-v1:0": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": "8k", "max_output_tokens": 0}}"#,
        );
        assert_eq!(db.len(), 2);
        let e = &db.entries_for("meta.x-v1:0")[0];
        assert_eq!((e.max_input_tokens, e.max_output_tokens), (None, None));
    }

    #[test]
    fn corrections_ignore_underscore_keys() {
        let c = Corrections::parse(
            br#"{"_comment": "x", "_last_updated": 2026, "_odd": [1], "_comment": {"again": true}, "amazon.nova-premier-v1": {"context_window": 1000000, "max_output_tokens": null}}"#,
            "c.json",
        )
        .unwrap();
        assert_eq!(c.len(), 1);
        let n = c.get("amazon.nova-premier-v1").unwrap();
        assert_eq!(
            (n.context_window, n.max_output_tokens, n.line),
            (Some(1_000_000), None, 1)
        );
    }

    #[test]
    fn corrections_errors_name_file_line_and_key() {
        let text = "{\n  \"_comment\": \"fine\",\n  \"writer.palmyra-x4-v1:0\": {\n    \"context_window\": 122880,\n    \"max_output_tokens\": \"8192\"\n  }\n}\n";
        let e = Corrections::parse(text.as_bytes(), "corrections/model_spec_corrections.json")
            .unwrap_err();
        assert_eq!(
            e,
            SpecError::Corrections {
                file: "corrections/model_spec_corrections.json".into(),
                line: 5,
                key: Some("writer.palmyra-x4-v1:0".into()),
                detail: "max_output_tokens must be a whole number of tokens or null, not a string"
                    .into(),
            }
        );
        assert_eq!(
            e.to_string(),
            "invalid corrections file corrections/model_spec_corrections.json at line 5, key \"writer.palmyra-x4-v1:0\": max_output_tokens must be a whole number of tokens or null, not a string"
        );

        let err = |text: &str| Corrections::parse(text.as_bytes(), "f.json").unwrap_err();
        // Syntax error: the line, and the entry it is in.
        let e = err(
            "{\n \"a.b-v1\": {\"context_window\": 1},\n \"c.d-v1\": {\"context_window\": 2,}\n}",
        );
        assert!(
            matches!(&e, SpecError::Corrections { line: 3, key: Some(k), .. } if k == "c.d-v1"),
            "{e:?}"
        );
        assert!(e.to_string().contains("not valid JSON"), "{e}");
        // Entry is not an object.
        let e = err("{\n\n \"a.b-v1\": 8192\n}");
        assert!(
            matches!(&e, SpecError::Corrections { line: 3, key: Some(k), .. } if k == "a.b-v1"),
            "{e:?}"
        );
        // Negative and fractional numbers.
        let e = err("{\"a.b-v1\": {\"context_window\": -1}}");
        assert!(
            e.to_string()
                .contains("context_window must be a whole number"),
            "{e}"
        );
        let e = err("{\"a.b-v1\": {\"context_window\": 1.5}}");
        assert!(
            e.to_string()
                .contains("context_window must be a whole number"),
            "{e}"
        );
        // Unknown field (a typo would otherwise drop the correction silently).
        let e = err("{\"a.b-v1\": {\n\"context_windows\": 5}}");
        assert!(
            matches!(&e, SpecError::Corrections { line: 2, .. }),
            "{e:?}"
        );
        assert!(
            e.to_string().contains("unknown field \"context_windows\""),
            "{e}"
        );
        // Nothing to correct.
        let e = err("{\"a.b-v1\": {\"context_window\": 0, \"reason\": \"x\"}}");
        assert!(
            e.to_string()
                .contains("neither context_window nor max_output_tokens"),
            "{e}"
        );
        // Wrong type for reason.
        let e = err("{\"a.b-v1\": {\"context_window\": 5, \"reason\": 7}}");
        assert!(
            e.to_string()
                .contains("reason must be a string or null, not a number"),
            "{e}"
        );
        // Duplicate key.
        let e =
            err("{\n\"a.b-v1\": {\"context_window\": 1},\n\"a.b-v1\": {\"context_window\": 2}\n}");
        assert!(
            matches!(&e, SpecError::Corrections { line: 3, .. }),
            "{e:?}"
        );
        assert!(
            e.to_string().contains("appears twice (first at line 2)"),
            "{e}"
        );
        // Top level.
        let e = err("[]");
        assert!(
            matches!(
                &e,
                SpecError::Corrections {
                    line: 1,
                    key: None,
                    ..
                }
            ),
            "{e:?}"
        );
        // Not UTF-8.
        let e = Corrections::parse(b"{\n\xff}", "f.json").unwrap_err();
        assert!(
            matches!(&e, SpecError::Corrections { line: 2, .. }),
            "{e:?}"
        );
    }

    // ---------------------------------------------------------------- the issue's cases

    #[test]
    fn claude_sonnet_4_5_gets_litellms_exact_entry() {
        let specs = newest();
        let s = &specs["anthropic.claude-sonnet-4-5-20250929-v1"];
        assert_eq!(s.model_id, "anthropic.claude-sonnet-4-5-20250929-v1:0");
        assert_eq!(
            (s.context_window, s.max_output_tokens),
            (Some(200_000), Some(64_000))
        );
        assert_eq!(
            s.matched_key.as_deref(),
            Some("anthropic.claude-sonnet-4-5-20250929-v1:0")
        );
        assert_eq!(
            (s.match_kind, s.key_shape),
            (Some(MatchKind::ExactId), Some(KeyShape::Base))
        );
        assert_eq!(s.source, SpecSource::Litellm);
        assert_eq!(s.correction, None);
        // Its 9 keys (base, profiles, us-gov regions) all agree.
        assert!(s.disagreements.is_empty(), "{:?}", s.disagreements);
        let cd = serde_json::to_value(converse_data(s, 8, 18, 23)).unwrap();
        assert_eq!(
            cd,
            serde_json::json!({
                "context_window": 200000, "max_output_tokens": 64000,
                "size_category": {"category": "Large", "color": "#10B981", "tier": 3},
                "verified": true, "source": "ctx:litellm|out:litellm", "litellm_verified": true,
                "capabilities_count": 8, "use_cases_count": 18, "regions_count": 23
            })
        );
    }

    #[test]
    fn nova_premier_correction_applies_through_its_colon_zero_id() {
        let specs = newest();
        let s = &specs["amazon.nova-premier-v1"];
        assert_eq!(s.model_id, "amazon.nova-premier-v1:0");
        assert_eq!(
            (s.context_window, s.max_output_tokens),
            (Some(1_000_000), Some(25_000))
        );
        assert_eq!(s.source, SpecSource::Corrected);
        let c = s.correction.as_ref().unwrap();
        assert_eq!(
            (c.key.as_str(), c.matched_via),
            ("amazon.nova-premier-v1", CorrectionMatch::ModelKey)
        );
        assert_eq!(
            c.source_url.as_deref(),
            Some(
                "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-amazon-nova-premier.html"
            )
        );
        // LiteLLM's entry was still found, and its different output is kept next to the correction.
        assert_eq!(s.matched_key.as_deref(), Some("amazon.nova-premier-v1:0"));
        assert_eq!(
            s.disagreements,
            vec![Disagreement {
                field: Field::MaxOutputTokens,
                kind: DisagreementKind::CorrectionVsLitellm,
                chosen_value: Some(25_000),
                chosen_from: "correction:amazon.nova-premier-v1".into(),
                other_value: 10_000,
                other_from: vec!["litellm:amazon.nova-premier-v1:0".into()],
            }]
        );
        // The provisioned variants are recorded with what their suffix says.
        let variants: Vec<(&str, Option<u64>)> = s
            .context_variants
            .iter()
            .map(|v| (v.suffix.as_str(), v.nominal_context_tokens))
            .collect();
        assert_eq!(
            variants,
            vec![
                ("1000k", Some(1_000_000)),
                ("20k", Some(20_000)),
                ("8k", Some(8_000)),
                ("mm", None)
            ]
        );
        let cd = converse_data(s, 0, 0, 1);
        assert_eq!(
            (cd.source.as_str(), cd.verified, cd.litellm_verified),
            ("corrected", true, false)
        );
        assert_eq!(cd.size_category.category, "XL");
    }

    #[test]
    fn correction_lookup_works_for_id_key_and_variant_ids() {
        let mut m = model("amazon.nova-premier-v1:0", &["TEXT"]);
        m.variant_ids = vec![
            "amazon.nova-premier-v1:0".into(),
            "amazon.nova-premier-v1:0:8k".into(),
        ];
        for (file_key, via) in [
            ("amazon.nova-premier-v1:0", CorrectionMatch::ModelId),
            ("amazon.nova-premier-v1", CorrectionMatch::ModelKey),
            ("amazon.nova-premier-v1:0:8k", CorrectionMatch::VariantId),
        ] {
            let text =
                format!("{{\"{file_key}\": {{\"context_window\": 7, \"max_output_tokens\": 3}}}}");
            let c = Corrections::parse(text.as_bytes(), "t").unwrap();
            let s = &resolve_token_specs(std::slice::from_ref(&m), Some(db()), &c)["amazon.nova-premier-v1"];
            assert_eq!(
                (s.context_window, s.max_output_tokens),
                (Some(7), Some(3)),
                "{file_key}"
            );
            assert_eq!(s.correction.as_ref().unwrap().matched_via, via);
        }
        // Id beats key; the other correction's value is recorded.
        let c = Corrections::parse(
            br#"{"amazon.nova-premier-v1": {"context_window": 5}, "amazon.nova-premier-v1:0": {"context_window": 6}}"#,
            "t",
        )
        .unwrap();
        let s = &resolve_token_specs(std::slice::from_ref(&m), Some(db()), &c)["amazon.nova-premier-v1"];
        assert_eq!(
            (s.context_window, s.max_output_tokens),
            (Some(6), Some(10_000))
        );
        assert_eq!(
            (s.context_window_source, s.max_output_tokens_source),
            (ValueSource::Corrected, ValueSource::Litellm)
        );
        assert_eq!(legacy_source(s), "ctx:corrected|out:litellm");
        let between: Vec<_> = s
            .disagreements
            .iter()
            .filter(|d| d.kind == DisagreementKind::BetweenCorrections)
            .collect();
        assert_eq!(between.len(), 1);
        assert_eq!(
            (between[0].other_value, between[0].other_from[0].as_str()),
            (5, "correction:amazon.nova-premier-v1")
        );
        assert_eq!(
            unmatched_corrections(std::slice::from_ref(&m), &c),
            Vec::<&str>::new()
        );
        let other =
            Corrections::parse(br#"{"amazon.nova-premier-v2": {"context_window": 5}}"#, "t")
                .unwrap();
        assert_eq!(
            unmatched_corrections(std::slice::from_ref(&m), &other),
            vec!["amazon.nova-premier-v2"]
        );
    }

    #[test]
    fn nova_sonic_is_not_given_nova_2_sonics_figures() {
        let specs = newest();
        let sonic = &specs["amazon.nova-sonic-v1"];
        assert_eq!(
            (
                sonic.context_window,
                sonic.max_output_tokens,
                &sonic.matched_key
            ),
            (None, None, &None)
        );
        assert_eq!(sonic.source, SpecSource::NotFound);
        assert_eq!(
            converse_data(sonic, 0, 0, 1).source,
            "litellm_data_not_found"
        );
        let sonic2 = &specs["amazon.nova-2-sonic-v1"];
        assert_eq!(
            (sonic2.context_window, sonic2.max_output_tokens),
            (Some(1_000_000), Some(64_000))
        );
        assert_eq!(
            sonic2.matched_key.as_deref(),
            Some("amazon.nova-2-sonic-v1:0")
        );
        assert_eq!(sonic2.litellm_mode.as_deref(), Some("realtime"));
        // Even in a database holding only Nova 2 Sonic, Nova Sonic stays unknown.
        let db = tiny_db(
            r#"{"amazon.nova-2-sonic-v1:0": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": 1000000, "max_output_tokens": 64000}}"#,
        );
        let s = &resolve_token_specs(
            &[model("amazon.nova-sonic-v1:0", &["SPEECH", "TEXT"])],
            Some(&db),
            &Corrections::empty(),
        )["amazon.nova-sonic-v1"];
        assert_eq!(
            (s.context_window, s.max_output_tokens, s.source),
            (None, None, SpecSource::NotFound)
        );
    }

    #[test]
    fn llama_3_2_11b_never_gets_90bs_numbers() {
        let specs = newest();
        let s = &specs["meta.llama3-2-11b-instruct-v1"];
        assert_eq!(
            s.matched_key.as_deref(),
            Some("meta.llama3-2-11b-instruct-v1:0")
        );
        assert_eq!(
            (s.context_window, s.max_output_tokens),
            (Some(128_000), Some(4_096))
        );
        // A database that knows only the 90B: the 11B is unknown, not the 90B's.
        let db = tiny_db(
            r#"{"meta.llama3-2-90b-instruct-v1:0": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": 99000, "max_output_tokens": 9000},
                             "us.meta.llama3-2-90b-instruct-v1:0": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": 99000, "max_output_tokens": 9000}}"#,
        );
        let s = &resolve_token_specs(
            &[model("meta.llama3-2-11b-instruct-v1:0", &["TEXT"])],
            Some(&db),
            &Corrections::empty(),
        )["meta.llama3-2-11b-instruct-v1"];
        assert_eq!(
            (s.context_window, s.max_output_tokens, &s.matched_key),
            (None, None, &None)
        );
    }

    #[test]
    fn embedding_models_get_their_input_limit_only() {
        let specs = newest();
        let s = &specs["amazon.titan-embed-text-v2"];
        assert_eq!(s.model_kind, ModelKind::Embedding);
        assert_eq!((s.context_window, s.max_output_tokens), (Some(8_192), None));
        assert_eq!(
            (s.context_window_source, s.max_output_tokens_source),
            (ValueSource::Litellm, ValueSource::NotApplicable)
        );
        assert_eq!(
            s.matched_key.as_deref(),
            Some("amazon.titan-embed-text-v2:0")
        );
        let cd = serde_json::to_value(converse_data(s, 1, 2, 3)).unwrap();
        assert_eq!(cd["context_window"], 8192);
        assert_eq!(cd["max_output_tokens"], "N/A");
        assert_eq!(cd["source"], "ctx:litellm|out:not_found");
        assert_eq!(
            (cd["verified"].as_bool(), cd["litellm_verified"].as_bool()),
            (Some(false), Some(true))
        );
        assert_eq!(cd["size_category"]["category"], "Small");
        assert_eq!(specs["cohere.embed-v4"].context_window, Some(128_000));
        // `amazon.titan-embed-text-v1` (ids `…-v1` and `…-v1:2:8k`) is matched by its on-demand id.
        let v1 = &specs["amazon.titan-embed-text-v1"];
        assert_eq!(
            (v1.model_id.as_str(), v1.context_window),
            ("amazon.titan-embed-text-v1", Some(8_192))
        );
        assert_eq!(v1.context_variants[0].nominal_context_tokens, Some(8_000));
    }

    #[test]
    fn reranker_gets_its_input_limit_only() {
        let s = &newest()["cohere.rerank-v3-5"];
        assert_eq!(
            (s.model_kind, s.litellm_mode.as_deref()),
            (ModelKind::Text, Some("rerank"))
        );
        assert_eq!((s.context_window, s.max_output_tokens), (Some(4_096), None));
        assert_eq!(s.max_output_tokens_source, ValueSource::NotApplicable);
    }

    #[test]
    fn image_and_video_models_get_none() {
        let specs = newest();
        for key in [
            "amazon.nova-canvas-v1",
            "stability.stable-image-inpaint-v1",
            "amazon.nova-reel-v1",
            "amazon.titan-image-generator-v2",
        ] {
            let s = &specs[key];
            assert_eq!(s.model_kind, ModelKind::MediaOutput, "{key}");
            assert_eq!(
                (s.context_window, s.max_output_tokens, s.source),
                (None, None, SpecSource::NotApplicable),
                "{key}"
            );
            let cd = serde_json::to_value(converse_data(s, 0, 0, 1)).unwrap();
            assert_eq!(cd["context_window"], "N/A");
            assert_eq!(
                cd["size_category"],
                serde_json::json!({"category": "N/A", "color": "#6B7280", "tier": 0})
            );
            assert_eq!(cd["source"], "litellm_data_not_found");
        }
        // LiteLLM's 2,600 for Nova Canvas is a prompt limit of an image model: noted, not used.
        assert!(
            specs["amazon.nova-canvas-v1"]
                .notes
                .iter()
                .any(|n| n.contains("amazon.nova-canvas-v1:0"))
        );
    }

    #[test]
    fn disagreeing_litellm_keys_are_decided_by_shape_and_recorded() {
        let s = &resolve_token_specs(
            &[model("deepseek.v3.2", &["TEXT"])],
            Some(db()),
            &Corrections::empty(),
        )["deepseek.v3.2"];
        // Base key wins over the inference profiles and regional keys.
        assert_eq!(s.matched_key.as_deref(), Some("deepseek.v3.2"));
        assert_eq!(
            (s.context_window, s.max_output_tokens),
            (Some(156_000), Some(8_000))
        );
        let ctx: Vec<_> = s
            .disagreements
            .iter()
            .filter(|d| d.field == Field::ContextWindow)
            .collect();
        assert_eq!(ctx.len(), 1);
        assert_eq!(
            (ctx[0].kind, ctx[0].other_value),
            (DisagreementKind::BetweenLitellmKeys, 163_840)
        );
        assert_eq!(
            ctx[0].other_from,
            vec!["litellm:eu.deepseek.v3.2", "litellm:us.deepseek.v3.2"]
        );
        // With the seeded correction, the card's 164K (163,840) is used.
        let s = &newest()["deepseek.v3.2"];
        assert_eq!(
            (s.context_window, s.source),
            (Some(163_840), SpecSource::Corrected)
        );
        assert!(
            s.disagreements.iter().any(
                |d| d.kind == DisagreementKind::CorrectionVsLitellm && d.other_value == 156_000
            )
        );
    }

    #[test]
    fn regional_only_entries_are_used_when_nothing_better_exists() {
        let s = &resolve_token_specs(
            &[model("anthropic.claude-3-haiku-20240307-v1:0", &["TEXT"])],
            Some(db()),
            &Corrections::empty(),
        )["anthropic.claude-3-haiku-20240307-v1"];
        assert_eq!(
            s.matched_key.as_deref(),
            Some("bedrock/us-gov-east-1/anthropic.claude-3-haiku-20240307-v1:0")
        );
        assert_eq!(s.key_shape, Some(KeyShape::Regional));
        assert_eq!(
            (s.context_window, s.max_output_tokens),
            (Some(195_904), Some(4_096))
        );
    }

    #[test]
    fn version_suffix_rules() {
        let db = tiny_db(
            r#"{"a.m-v1": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": 10, "max_output_tokens": 5},
                             "a.n-v2:1": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": 20, "max_output_tokens": 6}}"#,
        );
        let models = [
            model("a.m-v1:0", &["TEXT"]),
            model("a.n-v2:1", &["TEXT"]),
            model("a.n-v2", &["TEXT"]),
        ];
        let specs = resolve_token_specs(&models, Some(&db), &Corrections::empty());
        // `:0` and no suffix are the same model.
        assert_eq!(
            (specs["a.m-v1"].context_window, specs["a.m-v1"].match_kind),
            (Some(10), Some(MatchKind::VersionSuffix))
        );
        // `:1` is another version: only its own id matches it ...
        let specs_1 = resolve_token_specs(&models[1..2], Some(&db), &Corrections::empty());
        assert_eq!(specs_1["a.n-v2"].context_window, Some(20));
        // ... and the unsuffixed id does not borrow it.
        let specs_0 = resolve_token_specs(&models[2..3], Some(&db), &Corrections::empty());
        assert_eq!(specs_0["a.n-v2"].context_window, None);
        // A provisioned-only id is matched through its base id.
        let s = &resolve_token_specs(
            &[model("a.m-v1:0:8k", &["TEXT"])],
            Some(&db),
            &Corrections::empty(),
        )["a.m-v1"];
        assert_eq!(s.context_window, Some(10));
        assert!(s.notes[0].contains("provisioned context variant"));
    }

    #[test]
    fn loose_match_only_when_unique_and_same_name() {
        let db = tiny_db(
            r#"{"zai.glm-4-7": {"litellm_provider": "bedrock_converse", "mode": "chat", "max_input_tokens": 203000, "max_output_tokens": 128000},
                             "moonshotai.kimi-k9": {"litellm_provider": "bedrock_converse", "mode": "chat", "max_input_tokens": 256000, "max_output_tokens": 16000},
                             "x.m-1-5": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": 1, "max_output_tokens": 1},
                             "x.m-1.5": {"litellm_provider": "bedrock", "mode": "chat", "max_input_tokens": 2, "max_output_tokens": 2}}"#,
        );
        let models = [
            model("zai.glm-4.7", &["TEXT"]),
            model("moonshot.kimi-k9", &["TEXT"]),
            model("x.m-1_5", &["TEXT"]),
            model("zai.glm-4.7-flash", &["TEXT"]),
        ];
        let specs = resolve_token_specs(&models, Some(&db), &Corrections::empty());
        let glm = &specs["zai.glm-4.7"];
        assert_eq!(
            (glm.context_window, glm.match_kind),
            (Some(203_000), Some(MatchKind::UniqueNormalizedName))
        );
        assert_eq!(glm.matched_key.as_deref(), Some("zai.glm-4-7"));
        assert_eq!(
            specs["moonshot.kimi-k9"].matched_key.as_deref(),
            Some("moonshotai.kimi-k9")
        );
        // Two LiteLLM ids with the same normalised name: ambiguous, so unknown.
        assert_eq!(specs["x.m-1_5"].context_window, None);
        assert!(
            specs["x.m-1_5"]
                .notes
                .iter()
                .any(|n| n.contains("several ids"))
        );
        // A longer name (another model) never matches.
        assert_eq!(specs["zai.glm-4.7-flash"].context_window, None);
    }

    #[test]
    fn without_litellm_corrections_still_apply() {
        let models = model_refs(NEWEST_LFM);
        let specs = resolve_token_specs(&models, None, &seeded());
        let premier = &specs["amazon.nova-premier-v1"];
        assert_eq!(
            (
                premier.context_window,
                premier.max_output_tokens,
                premier.source
            ),
            (Some(1_000_000), Some(25_000), SpecSource::Corrected)
        );
        let sonnet = &specs["anthropic.claude-sonnet-4-5-20250929-v1"];
        assert_eq!(
            (sonnet.context_window, sonnet.source),
            (None, SpecSource::LitellmUnavailable)
        );
        assert_eq!(
            sonnet.context_window_source,
            ValueSource::LitellmUnavailable
        );
        assert_eq!(
            converse_data(sonnet, 0, 0, 0).source,
            "litellm_data_not_found"
        );
        let canvas = &specs["amazon.nova-canvas-v1"];
        assert_eq!(canvas.source, SpecSource::NotApplicable);
        let c = coverage(&specs);
        assert_eq!(
            (
                c.text_with_both,
                c.text_both_from_corrections,
                c.corrections_applied
            ),
            (10, 10, 10)
        );
    }

    #[test]
    fn size_categories_keep_the_samples_thresholds() {
        let cat = |n| {
            let s = size_category(n);
            (s.category, s.color, s.tier)
        };
        assert_eq!(cat(31_999), ("Small", "#F59E0B", 1));
        assert_eq!(cat(32_000), ("Medium", "#3B82F6", 2));
        assert_eq!(cat(127_999), ("Medium", "#3B82F6", 2));
        assert_eq!(cat(128_000), ("Large", "#10B981", 3));
        assert_eq!(cat(499_999), ("Large", "#10B981", 3));
        assert_eq!(cat(500_000), ("XL", "#8B5CF6", 4));
        let mut s = newest()["anthropic.claude-sonnet-4-5-20250929-v1"].clone();
        s.context_window = None;
        s.context_window_source = ValueSource::NotFound;
        let cd = converse_data(&s, 0, 0, 0);
        assert_eq!(
            (cd.size_category.category, cd.size_category.tier),
            ("Unknown", 0)
        );
        assert_eq!(
            (cd.source.as_str(), cd.verified),
            ("ctx:not_found|out:litellm", false)
        );
    }

    // ---------------------------------------------------------------- whole fixtures

    #[test]
    fn coverage_of_the_newest_fixture() {
        let specs = newest();
        let c = coverage(&specs);
        assert_eq!(
            c,
            Coverage {
                models: 104,
                text_models: 78,
                text_with_both: 74,
                text_both_from_litellm: 64,
                text_both_from_corrections: 10,
                text_both_mixed: 0,
                embedding_models: 10,
                embedding_with_input_limit: 10,
                other_models: 16,
                corrections_applied: 10,
                disagreements: 26,
                correction_vs_litellm: 8,
                between_litellm_keys: 18,
                between_corrections: 0,
            }
        );
        let unknown: Vec<&str> = specs
            .iter()
            .filter(|(_, s)| {
                s.model_kind == ModelKind::Text
                    && (s.context_window.is_none() || s.max_output_tokens.is_none())
            })
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(
            unknown,
            vec![
                "amazon.nova-sonic-v1",
                "anthropic.claude-3-sonnet-20240229-v1",
                "cohere.rerank-v3-5",
                "twelvelabs.pegasus-1-2-v1"
            ]
        );
        let kinds: BTreeMap<&str, usize> = specs.values().fold(BTreeMap::new(), |mut acc, s| {
            *acc.entry(legacy_source(s).leak() as &str).or_default() += 1;
            acc
        });
        assert_eq!(kinds.get("ctx:litellm|out:litellm"), Some(&64));
        assert_eq!(kinds.get("corrected"), Some(&10));
    }

    #[test]
    fn seeded_corrections_cite_model_cards_and_match_models() {
        let c = seeded();
        assert_eq!(c.len(), 10);
        for e in c.iter() {
            assert!(
                e.reason
                    .as_deref()
                    .is_some_and(|r| r.starts_with("AWS model card for ")),
                "{}",
                e.key
            );
            assert!(
                e.source_url.as_deref().is_some_and(|u| u.starts_with(
                    "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-"
                )),
                "{}",
                e.key
            );
            assert!(
                e.context_window.is_some() && e.max_output_tokens.is_some(),
                "{}",
                e.key
            );
        }
        assert_eq!(
            unmatched_corrections(&model_refs(NEWEST_LFM), &c),
            Vec::<&str>::new()
        );
    }

    /// `"256K tokens"` → (256, 1000), `"1M tokens"` → (1, 1_000_000), `"512 tokens"` → (512, 1).
    fn card_figure(v: &Value) -> Option<(u64, u64)> {
        let s = v.as_str()?.trim().trim_end_matches(" tokens");
        let (n, unit) = match s.as_bytes().last()? {
            b'K' => (&s[..s.len() - 1], 1_000),
            b'M' => (&s[..s.len() - 1], 1_000_000),
            _ => (s, 1),
        };
        Some((n.parse().ok()?, unit))
    }

    /// A value agrees with a rounded card figure if it rounds to it in thousands or in KiB (or
    /// millions / MiB), e.g. 163,840 ≈ "164K", 262,144 ≈ "256K", 8,191 ≈ "8K".
    fn agrees(value: u64, (n, unit): (u64, u64)) -> bool {
        if unit == 1 {
            return value == n;
        }
        let binary = if unit == 1_000 { 1_024 } else { 1_048_576 };
        (value as f64 / unit as f64).round() as u64 == n
            || (value as f64 / binary as f64).round() as u64 == n
    }

    /// The issue's "done when": over every model of every ListFoundationModels fixture, each text
    /// model's numbers equal its model card's (where the scrape has the model and the figure), or
    /// come from LiteLLM's entry for exactly that model, or are unknown; none from another model.
    #[test]
    fn every_fixture_model_gets_its_card_or_its_own_entry_or_nothing() {
        let cards: Value = serde_json::from_slice(&read_fixture(
            "docs-region-tables/jorke-bedrock-model-map_model-cards_2026-08-22.json",
        ))
        .unwrap();
        let mut card_by_id: BTreeMap<&str, &Value> = BTreeMap::new();
        for m in cards["models"].as_array().unwrap() {
            for p in m["programmaticAccess"].as_array().into_iter().flatten() {
                card_by_id
                    .entry(p["modelId"].as_str().unwrap())
                    .or_insert(m);
            }
        }
        let mut dir: Vec<PathBuf> = std::fs::read_dir(fixtures().join("list-foundation-models"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        dir.sort();
        assert_eq!(dir.len(), 5);
        let corrections = seeded();
        let mut checked_against_cards = 0;
        for path in dir {
            let file = path.file_name().unwrap().to_str().unwrap().to_string();
            let models = model_refs(&file);
            let specs = resolve_token_specs(&models, Some(db()), &corrections);
            for m in &models {
                let s = &specs[&m.key];
                if s.model_kind == ModelKind::MediaOutput {
                    assert_eq!(
                        (s.context_window, s.max_output_tokens),
                        (None, None),
                        "{file}: {}",
                        m.model_id
                    );
                    continue;
                }
                // LiteLLM values come from an entry naming exactly this model (or its `:0` twin).
                if let Some(key) = &s.matched_key {
                    let named = parse_litellm_key(key).unwrap().model_id;
                    let base = strip_context_suffix(&m.model_id);
                    let twin = base
                        .strip_suffix(":0")
                        .map(str::to_string)
                        .unwrap_or(format!("{base}:0"));
                    assert!(
                        named == base || named == twin,
                        "{file}: {} matched {key}",
                        m.model_id
                    );
                    assert_ne!(s.match_kind, Some(MatchKind::UniqueNormalizedName));
                }
                let base = strip_context_suffix(&m.model_id);
                let card = card_by_id
                    .get(base)
                    .or_else(|| card_by_id.get(base.strip_suffix(":0").unwrap_or(base)));
                if let Some(card) = card {
                    for (value, figure) in [
                        (s.context_window, card_figure(&card["contextWindow"])),
                        (s.max_output_tokens, card_figure(&card["maxOutputTokens"])),
                    ] {
                        if let (Some(v), Some(f)) = (value, figure) {
                            checked_against_cards += 1;
                            assert!(
                                agrees(v, f),
                                "{file}: {} has {v}, its model card says {f:?}",
                                m.model_id
                            );
                        }
                    }
                }
            }
        }
        assert!(checked_against_cards > 300, "{checked_against_cards}");
    }
}
