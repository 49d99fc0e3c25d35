//! The sample's legacy `converse_data` block derived from a token spec.

use crate::catalog::token_specs::{ConverseData, SizeCategory, TokenCount, TokenSpec, ValueSource};

// ---------------------------------------------------------------------------------------------
// Legacy `converse_data`
// ---------------------------------------------------------------------------------------------

/// The sample's thresholds: under 32k Small, under 128k Medium, under 500k Large, else XL.
pub fn size_category(context_window: u64) -> SizeCategory {
    let (category, color, tier) = match context_window {
        0..32_000 => ("Small", "#F59E0B", 1),
        32_000..128_000 => ("Medium", "#3B82F6", 2),
        128_000..500_000 => ("Large", "#10B981", 3),
        _ => ("XL", "#8B5CF6", 4),
    };
    SizeCategory {
        category: category.to_string(),
        color: color.to_string(),
        tier,
    }
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
    let grey = |category: &str| SizeCategory {
        category: category.to_string(),
        color: "#6B7280".to_string(),
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
