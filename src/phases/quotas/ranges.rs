//! Quota values out of any sane range (negative, NaN, infinite, beyond 1e15) are not believed:
//! the assignment reads them as absent, and the metadata lists each with its reason.

use crate::catalog::rejected::{RejectedSource, RejectedValue};
use crate::records::AwsRaw;

/// The largest quota value believed: far beyond any real limit (tokens per day run to 1e10).
pub const MAX_QUOTA_VALUE: f64 = 1e15;

/// Why a quota value is not believed, or `None` when it is.
fn out_of_range(v: f64) -> Option<String> {
    if v.is_nan() {
        Some("not a number".to_string())
    } else if v < 0.0 {
        Some("negative".to_string())
    } else if v > MAX_QUOTA_VALUE {
        Some(format!("more than {MAX_QUOTA_VALUE:e}"))
    } else {
        None
    }
}

/// The value when it is in range.
pub fn sane_value(v: Option<f64>) -> Option<f64> {
    v.filter(|v| out_of_range(*v).is_none())
}

/// Every out-of-range value of every region's applied and default quota lists.
pub fn rejected_values(raw: &AwsRaw) -> Vec<RejectedValue> {
    let mut out = vec![];
    for (region, r) in &raw.regions {
        let lists = [
            ("applied_value", &r.service_quotas),
            ("default_value", &r.default_quotas),
        ];
        for (field, pages) in lists {
            let Ok(pages) = pages else {
                continue;
            };
            for q in pages.iter().flat_map(|p| &p.quotas) {
                let Some((v, reason)) = q.value.and_then(|v| Some((v, out_of_range(v)?))) else {
                    continue;
                };
                out.push(RejectedValue {
                    source: RejectedSource::Quotas,
                    key: format!("{region}/{}", q.quota_code),
                    field: field.to_string(),
                    value: v.to_string(),
                    reason,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_out_of_range_are_not_believed() {
        for v in [-1.0, f64::NAN, f64::INFINITY, 2e15] {
            assert_eq!(sane_value(Some(v)), None, "{v}");
        }
        for v in [0.0, 1.0, 8_000_000.0, MAX_QUOTA_VALUE] {
            assert_eq!(sane_value(Some(v)), Some(v));
        }
    }
}
