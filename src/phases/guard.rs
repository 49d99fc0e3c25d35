//! The guard against degraded runs: what makes a new catalogue worse than the one it would replace.

use crate::catalog::Metadata;
use crate::phases::changes::ChangeKind;
use crate::records::Status;

/// When a run counts as degraded, and what then happens.
#[derive(Debug, Clone, PartialEq)]
pub struct Guard {
    /// Degraded when the model count falls by more than this percentage.
    pub max_model_drop_percent: f64,
    /// Regions that must answer.
    pub require_regions: Vec<String>,
    /// Publish a degraded run anyway.
    pub allow_degraded: bool,
    /// Change kinds that make the run exit 4.
    pub fail_on: Vec<ChangeKind>,
}

/// Why the run described by `current` (the new catalogue's metadata) is degraded against
/// `previous` (the previous catalogue's metadata, if any) and the guard's rules; empty when it is
/// not. One sentence per reason, in a stable order.
pub fn degraded_reasons(
    previous: Option<&Metadata>,
    current: &Metadata,
    guard: &Guard,
) -> Vec<String> {
    let mut reasons = Vec::new();

    for region in &guard.require_regions {
        let apis = current.region_status.get(region);
        let bad: Vec<String> = apis
            .into_iter()
            .flatten()
            // Mantle switched off, or not offered there, is still an answer.
            .filter(|(_, st)| {
                !matches!(st.status, Status::Ok | Status::Skipped | Status::NotOffered)
            })
            .map(|(api, st)| format!("{} {}", api.name(), st.status.as_str()))
            .collect();
        if apis.is_none() || !bad.is_empty() {
            reasons.push(format!(
                "required region {region} did not answer ({})",
                if bad.is_empty() {
                    "not queried".to_string()
                } else {
                    bad.join(", ")
                }
            ));
        }
    }

    let Some(prev) = previous else {
        return reasons;
    };
    for (region, apis) in &prev.region_status {
        for (api, st) in apis {
            let now = current.region_status.get(region).and_then(|a| a.get(api));
            if let Some(now) = now
                && st.status == Status::Ok
                && now.status.is_failure()
            {
                reasons.push(format!(
                    "{} in {region} was ok in the previous run and is now {}",
                    api.name(),
                    now.status.as_str()
                ));
            }
        }
    }

    let (before, after) = (prev.total_models, current.total_models);
    if before > 0 && after < before {
        let drop = (before - after) as f64 / before as f64 * 100.0;
        if drop > guard.max_model_drop_percent {
            reasons.push(format!(
                "the model count fell from {before} to {after} ({drop:.1}%, more than the allowed {}%)",
                guard.max_model_drop_percent
            ));
        }
    }

    for (name, st) in &prev.sources {
        let now = current.sources.get(name).and_then(|s| s.status);
        if let Some(now) = now
            && st.status == Some(Status::Ok)
            && now.is_failure()
        {
            reasons.push(format!(
                "source {name} was ok in the previous run and is now {}",
                now.as_str()
            ));
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{ApiStatus, SourceStatus};
    use crate::records::Api;

    fn guard() -> Guard {
        Guard {
            max_model_drop_percent: 10.0,
            require_regions: vec![],
            allow_degraded: false,
            fail_on: vec![],
        }
    }

    fn api(status: Status) -> ApiStatus {
        ApiStatus {
            status,
            items: None,
            pages: 0,
            requests: None,
            attempts: None,
            passes: None,
            message: None,
            hint: None,
        }
    }

    fn meta(models: usize, west: Status, litellm: Status) -> Metadata {
        let mut m = Metadata {
            total_models: models,
            ..Metadata::default()
        };
        for (region, status) in [("us-east-1", Status::Ok), ("us-west-2", west)] {
            m.region_status.insert(
                region.to_string(),
                [(Api::ListFoundationModels, api(status))].into(),
            );
        }
        m.sources.insert(
            "litellm".to_string(),
            SourceStatus {
                status: Some(litellm),
                ..SourceStatus::default()
            },
        );
        m
    }

    use Status::{Error, NotOptedIn, Ok, Throttled, Timeout};

    #[test]
    fn a_healthy_run_is_not_degraded() {
        let prev = meta(100, Ok, Ok);
        assert!(degraded_reasons(Some(&prev), &meta(95, Ok, Ok), &guard()).is_empty());
        // A region that failed last time too is partial, but not degraded.
        let prev = meta(100, Error, Ok);
        assert!(degraded_reasons(Some(&prev), &meta(100, Error, Ok), &guard()).is_empty());
        // No previous catalogue: nothing to protect.
        assert!(degraded_reasons(None, &meta(1, Error, Error), &guard()).is_empty());
        // A region the account has just left: not a failure.
        let prev = meta(100, Ok, Ok);
        assert!(degraded_reasons(Some(&prev), &meta(100, NotOptedIn, Ok), &guard()).is_empty());
    }

    #[test]
    fn each_rule_gives_one_sentence() {
        let prev = meta(100, Ok, Ok);
        assert_eq!(
            degraded_reasons(Some(&prev), &meta(80, Timeout, Error), &guard()),
            [
                "list_foundation_models in us-west-2 was ok in the previous run and is now timeout",
                "the model count fell from 100 to 80 (20.0%, more than the allowed 10%)",
                "source litellm was ok in the previous run and is now error",
            ]
        );
        // A source this run did not report on (switched off) is not a failure.
        let mut off = meta(100, Ok, Ok);
        off.sources.clear();
        assert!(degraded_reasons(Some(&prev), &off, &guard()).is_empty());
        let mut g = guard();
        g.require_regions = vec!["us-west-2".into(), "eu-west-1".into()];
        assert_eq!(
            degraded_reasons(None, &meta(100, Throttled, Ok), &g),
            [
                "required region us-west-2 did not answer (list_foundation_models throttled)",
                "required region eu-west-1 did not answer (not queried)",
            ]
        );
    }

    #[test]
    fn mantle_not_offered_or_off_is_an_answer() {
        let mut g = guard();
        g.require_regions = vec!["us-west-2".into()];
        for status in [Status::NotOffered, Status::Skipped] {
            let mut m = meta(100, Ok, Ok);
            m.region_status
                .get_mut("us-west-2")
                .unwrap()
                .insert(Api::MantleModels, api(status));
            assert!(degraded_reasons(Some(&meta(100, Ok, Ok)), &m, &g).is_empty());
        }
    }
}
