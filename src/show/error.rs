//! Why `show` has no answer.

use std::fmt;

/// Why `show` has no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShowError {
    /// No model matches the query; `suggestions` are up to five close catalogue keys.
    NotFound {
        query: String,
        suggestions: Vec<String>,
    },
    /// Several models match; `candidates` are their (key, name), sorted by key.
    Ambiguous {
        query: String,
        candidates: Vec<(String, String)>,
    },
    /// The region is not one the catalogue covers; `known` are the regions it does cover, sorted.
    RegionUnknown { region: String, known: Vec<String> },
}

impl fmt::Display for ShowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShowError::NotFound { query, suggestions } => {
                write!(f, "no model in the catalogue matches `{query}`")?;
                if !suggestions.is_empty() {
                    write!(f, "; close ones: {}", suggestions.join(", "))?;
                }
                Ok(())
            }
            ShowError::Ambiguous { query, candidates } => {
                write!(
                    f,
                    "`{query}` matches {} models; give one of these keys, or more of its name:",
                    candidates.len()
                )?;
                let width = candidates
                    .iter()
                    .map(|(k, _)| k.chars().count())
                    .max()
                    .unwrap_or(0);
                for (key, name) in candidates {
                    write!(f, "\n  {}", format!("{key:<width$}  {name}").trim_end())?;
                }
                Ok(())
            }
            ShowError::RegionUnknown { region, known } => {
                if known.is_empty() {
                    write!(
                        f,
                        "region `{region}` is not in the catalogue, which covers no region"
                    )
                } else {
                    write!(
                        f,
                        "region `{region}` is not in the catalogue, which covers {}",
                        known.join(", ")
                    )
                }
            }
        }
    }
}

impl std::error::Error for ShowError {}
