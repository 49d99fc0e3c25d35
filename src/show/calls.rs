//! What `show` adds per region and per model: the lifecycle dates with the days left, and the
//! feature flags.

use crate::catalog::Model;
use crate::catalog::routes::{LifecycleDates, LifecycleTimeline, RegionDate};
pub(super) use crate::format::dated;

use super::render::labelled;

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

/// The header's timeline line: the earliest legacy date over the regions, and the model's end of
/// life with its source (AWS's earliest over the regions, else LiteLLM's; in a catalogue written
/// before sources were recorded, AWS's earliest).
pub(super) fn timeline(t: &LifecycleTimeline, today: Option<&str>) -> Option<String> {
    let part = |d: &Option<RegionDate>, label: &str| {
        d.as_ref()
            .map(|d| format!("{label} {} in {}", dated(&d.date, today), d.region))
    };
    let end_of_life = match (&t.end_of_life, t.end_of_life_origin()) {
        (Some(d), Some(origin)) => Some(format!("end of life {}{origin}", dated(&d.date, today))),
        _ => part(&t.earliest_end_of_life_time, "end of life"),
    };
    let parts: Vec<String> = [part(&t.earliest_legacy_time, "legacy"), end_of_life]
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
