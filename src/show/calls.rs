//! What `show` adds per region and per model: the lifecycle dates with the days left, and the
//! feature flags.

use aws_sdk_bedrock::primitives::{DateTime, DateTimeFormat};

use crate::catalog::Model;
use crate::catalog::routes::{LifecycleDates, LifecycleTimeline, RegionDate};

use super::render::labelled;

/// Days from `today` (RFC 3339) to `date` (ISO 8601), when both parse.
fn days_between(today: &str, date: &str) -> Option<i64> {
    let parse = |s: &str| DateTime::from_str(s, DateTimeFormat::DateTimeWithOffset).ok();
    let (a, b) = (parse(today)?, parse(date)?);
    // Whole days between the calendar dates (UTC).
    Some(b.secs().div_euclid(86_400) - a.secs().div_euclid(86_400))
}

/// `2026-09-01 (in 120 days)`, `2026-01-01 (34 days ago)`, `2026-05-01 (today)`; the date alone
/// when there is no today.
pub(super) fn dated(date: &str, today: Option<&str>) -> String {
    let day = date.get(..10).unwrap_or(date);
    match today.and_then(|t| days_between(t, date)) {
        Some(0) => format!("{day} (today)"),
        Some(1) => format!("{day} (tomorrow)"),
        Some(n) if n > 1 => format!("{day} (in {n} days)"),
        Some(-1) => format!("{day} (yesterday)"),
        Some(n) => format!("{day} ({} days ago)", -n),
        None => day.to_string(),
    }
}

/// `legacy 2026-09-01 (in 120 days), end of life ...` for a region's dates; `None` without any.
pub(super) fn region_dates(dates: Option<&LifecycleDates>, today: Option<&str>) -> Option<String> {
    let dates = dates?;
    let parts: Vec<String> = [
        (&dates.legacy_time, "legacy"),
        (&dates.public_extended_access_time, "extended access"),
        (&dates.end_of_life_time, "end of life"),
    ]
    .into_iter()
    .filter_map(|(d, label)| Some(format!("{label} {}", dated(d.as_deref()?, today))))
    .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The header's timeline line: the earliest legacy and end-of-life date over the regions.
pub(super) fn timeline(t: &LifecycleTimeline, today: Option<&str>) -> Option<String> {
    let part = |d: &Option<RegionDate>, label: &str| {
        d.as_ref()
            .map(|d| format!("{label} {} in {}", dated(&d.date, today), d.region))
    };
    let parts: Vec<String> = [
        part(&t.earliest_legacy_time, "legacy"),
        part(&t.earliest_end_of_life_time, "end of life"),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| format!("first dates:   {}", parts.join("; ")))
}

/// The header's features line: what the model supports, does not, and what is unknown.
pub(super) fn features(model: &Model) -> Option<String> {
    let f = model.features.as_ref()?;
    let mut groups: [(&str, Vec<String>); 3] =
        [("supports", vec![]), ("not", vec![]), ("unknown", vec![])];
    for (name, flag) in f.flags() {
        let i = match flag.supported {
            Some(true) => 0,
            Some(false) => 1,
            None => 2,
        };
        groups[i].1.push(name.replace('_', " "));
    }
    let parts: Vec<String> = groups
        .iter()
        .filter(|(_, names)| !names.is_empty())
        .map(|(label, names)| format!("{label}: {}", names.join(", ")))
        .collect();
    Some(format!("features:      {}", parts.join("; ")))
}

/// The region's lifecycle line, for the region block.
pub(super) fn region_lifecycle(model: &Model, region: &str, today: Option<&str>) -> Vec<String> {
    let dates = model
        .regional_availability
        .get(region)
        .and_then(|a| a.lifecycle_dates.as_ref());
    region_dates(dates, today)
        .map(|text| labelled("lifecycle", &text))
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_left_count_calendar_days() {
        let today = Some("2026-05-01T23:59:00Z");
        assert_eq!(
            dated("2026-05-02T00:00:00Z", today),
            "2026-05-02 (tomorrow)"
        );
        assert_eq!(dated("2026-05-01T00:00:00Z", today), "2026-05-01 (today)");
        assert_eq!(
            dated("2026-08-29T00:00:00Z", today),
            "2026-08-29 (in 120 days)"
        );
        assert_eq!(
            dated("2026-04-01T00:00:00Z", today),
            "2026-04-01 (30 days ago)"
        );
        assert_eq!(dated("2026-04-01T00:00:00Z", None), "2026-04-01");
        assert_eq!(dated("soon", today), "soon");
    }
}
