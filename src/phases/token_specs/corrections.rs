//! The corrections file: model-card values that win over LiteLLM, each with its citation.

use crate::model::ModelRef;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

use super::error::{SpecError, json_error_detail, json_type_name};

// ---------------------------------------------------------------------------------------------
// Corrections
// ---------------------------------------------------------------------------------------------

/// One entry of the corrections file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Correction {
    /// The file's key: a model id, catalogue key or variant id.
    pub key: String,
    pub context_window: Option<u64>,
    pub max_output_tokens: Option<u64>,
    pub reason: Option<String>,
    pub source_url: Option<String>,
    /// Feature flags the citation states (`vision`, `reasoning`, ...: the names of
    /// [`crate::catalog::routes::FEATURES`]); they win over LiteLLM's `supports_*`.
    pub features: BTreeMap<String, bool>,
    /// Each output token's weight against tokens-per-minute quotas, with its own citation.
    pub output_token_burndown: Option<BurndownCorrection>,
    /// Line of the key in the file.
    pub line: usize,
}

/// `output_token_burndown` of a corrections entry: `{multiplier, source_url, reason}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct BurndownCorrection {
    pub multiplier: u32,
    pub source_url: Option<String>,
    pub reason: Option<String>,
}

/// The parsed corrections file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corrections {
    pub(super) entries: BTreeMap<String, Correction>,
}

/// Where a top-level key, and the fields of its object, sit in the file.
pub(super) struct KeyPosition {
    pub(super) key: String,
    pub(super) line: usize,
    pub(super) fields: Vec<(String, usize)>,
}

/// Finds the line of every top-level key and of every field of the objects they map to.
/// Tolerates broken JSON (it only scans as far as it can).
pub(super) fn key_positions(text: &str) -> Vec<KeyPosition> {
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

pub(super) const CORRECTION_FIELDS: &[&str] = &[
    "context_window",
    "max_output_tokens",
    "reason",
    "source_url",
    "features",
    "output_token_burndown",
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
        let mut entries = BTreeMap::new();
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort();
        for key in keys.into_iter().filter(|k| !k.starts_with('_')) {
            let at = Entry {
                key,
                position: positions.iter().find(|p| &p.key == key),
                err: &err,
            };
            entries.insert(key.clone(), at.correction(&map[key.as_str()])?);
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

/// Reads `output_token_burndown`: `{multiplier: whole number >= 1, source_url, reason}`; the
/// source URL is required (a burndown without its citation is not taken).
fn burndown(value: &Value) -> Result<BurndownCorrection, String> {
    let Value::Object(fields) = value else {
        return Err(format!(
            "output_token_burndown must be an object with multiplier, source_url and reason, not {}",
            json_type_name(value)
        ));
    };
    if let Some(name) = fields
        .keys()
        .find(|k| !["multiplier", "source_url", "reason"].contains(&k.as_str()))
    {
        return Err(format!(
            "unknown field output_token_burndown.{name:?} (expected multiplier, source_url, reason)"
        ));
    }
    let multiplier = fields
        .get("multiplier")
        .and_then(Value::as_u64)
        .filter(|&n| n >= 1)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| {
            "output_token_burndown.multiplier must be a whole number of 1 or more".to_string()
        })?;
    let text = |name: &str| fields.get(name).and_then(Value::as_str).map(str::to_string);
    let source_url = text("source_url").ok_or_else(|| {
        "output_token_burndown.source_url must cite the page that gives it".to_string()
    })?;
    Ok(BurndownCorrection {
        multiplier,
        source_url: Some(source_url),
        reason: text("reason"),
    })
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
/// One entry of the corrections file being read: its key, where it sits, and how errors are made.
struct Entry<'a, E: Fn(usize, Option<&str>, String) -> SpecError> {
    key: &'a str,
    position: Option<&'a KeyPosition>,
    err: &'a E,
}

impl<E: Fn(usize, Option<&str>, String) -> SpecError> Entry<'_, E> {
    fn line(&self) -> usize {
        self.position.map_or(1, |p| p.line)
    }

    /// The line of one of the entry's fields (the entry's own line if not found).
    fn field_line(&self, field: &str) -> usize {
        (self.position)
            .and_then(|p| p.fields.iter().find(|(f, _)| f == field))
            .map_or(self.line(), |(_, l)| *l)
    }

    fn error(&self, line: usize, detail: String) -> SpecError {
        (self.err)(line, Some(self.key), detail)
    }

    /// The entry's value as a correction: known fields only, each of its type, something given.
    fn correction(&self, value: &Value) -> Result<Correction, SpecError> {
        let Value::Object(fields) = value else {
            return Err(self.error(
                self.line(),
                format!(
                    "the value is {}, not an object with context_window, max_output_tokens, reason and source_url",
                    json_type_name(value)
                ),
            ));
        };
        let mut names: Vec<&String> = fields.keys().collect();
        names.sort();
        if let Some(name) = names
            .into_iter()
            .find(|n| !CORRECTION_FIELDS.contains(&n.as_str()))
        {
            return Err(self.error(
                self.field_line(name),
                format!(
                    "unknown field {name:?} (expected {})",
                    CORRECTION_FIELDS.join(", ")
                ),
            ));
        }
        let features = self.features(fields.get("features"))?;
        let output_token_burndown =
            match fields.get("output_token_burndown") {
                None | Some(Value::Null) => None,
                Some(v) => Some(burndown(v).map_err(|detail| {
                    self.error(self.field_line("output_token_burndown"), detail)
                })?),
            };
        let correction = Correction {
            key: self.key.to_string(),
            output_token_burndown,
            context_window: self.count(fields, "context_window")?,
            max_output_tokens: self.count(fields, "max_output_tokens")?,
            reason: self.text(fields, "reason")?,
            source_url: self.text(fields, "source_url")?,
            features,
            line: self.line(),
        };
        if correction.context_window.is_none()
            && correction.max_output_tokens.is_none()
            && correction.features.is_empty()
            && correction.output_token_burndown.is_none()
        {
            return Err(self.error(
                self.line(),
                "the entry gives neither context_window nor max_output_tokens nor features nor output_token_burndown (0 and null count as absent)"
                    .to_string(),
            ));
        }
        Ok(correction)
    }

    /// A token count: a whole number (0 counts as absent) or null.
    fn count(
        &self,
        fields: &serde_json::Map<String, Value>,
        field: &str,
    ) -> Result<Option<u64>, SpecError> {
        match fields.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) if n.as_u64().is_some() => Ok(n.as_u64().filter(|&n| n > 0)),
            Some(other) => Err(self.error(
                self.field_line(field),
                format!(
                    "{field} must be a whole number of tokens or null, not {}",
                    json_type_name(other)
                ),
            )),
        }
    }

    /// A string or null.
    fn text(
        &self,
        fields: &serde_json::Map<String, Value>,
        field: &str,
    ) -> Result<Option<String>, SpecError> {
        match fields.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.error(
                self.field_line(field),
                format!(
                    "{field} must be a string or null, not {}",
                    json_type_name(other)
                ),
            )),
        }
    }

    /// The feature flags: an object of known feature names to true or false, or null.
    fn features(&self, value: Option<&Value>) -> Result<BTreeMap<String, bool>, SpecError> {
        let line = self.field_line("features");
        let flags = match value {
            None | Some(Value::Null) => return Ok(BTreeMap::new()),
            Some(Value::Object(flags)) => flags,
            Some(other) => {
                return Err(self.error(
                    line,
                    format!(
                        "features must be an object of feature flags, not {}",
                        json_type_name(other)
                    ),
                ));
            }
        };
        let mut out = BTreeMap::new();
        for (name, value) in flags {
            let known = (crate::catalog::routes::FEATURES.iter()).any(|(f, _)| f == name);
            match (known, value) {
                (true, Value::Bool(b)) => {
                    out.insert(name.clone(), *b);
                }
                (true, other) => {
                    return Err(self.error(
                        line,
                        format!(
                            "features.{name} must be true or false, not {}",
                            json_type_name(other)
                        ),
                    ));
                }
                (false, _) => {
                    let known: Vec<&str> = (crate::catalog::routes::FEATURES.iter())
                        .map(|(f, _)| *f)
                        .collect();
                    return Err(self.error(
                        line,
                        format!("unknown feature {name:?} (expected {})", known.join(", ")),
                    ));
                }
            }
        }
        Ok(out)
    }
}
