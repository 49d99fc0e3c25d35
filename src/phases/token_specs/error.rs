//! Errors of reading LiteLLM's database and the corrections file, with file, line and key.

use serde_json::Value;
use std::fmt;

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
pub(super) fn json_error_detail(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

pub(super) fn json_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
