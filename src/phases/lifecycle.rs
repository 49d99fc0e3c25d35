//! A model's end of life with who gives it. AWS's own dates (ListFoundationModels'
//! `modelLifecycle`, per region) are the authority; LiteLLM's `deprecation_date` (of the key the
//! token specs matched) fills in where no region gives one. Where both give one and LiteLLM's day
//! is no region's, both are recorded as a conflict. The change log compares the day, never the
//! label: a date that only changed its source is no change.

use crate::catalog::Model;
use crate::catalog::routes::{DateDisagreement, DateSource, LifecycleField, SourcedDate};

use super::change_event::{ChangeEvent, ChangeKind, ChangeValue};

/// The model's end of life, and the conflict of its sources when they disagree, from the
/// catalogue's own fields (the regions' dates and LiteLLM's extras), so that a catalogue written
/// before it was recorded gives it too.
pub fn end_of_life(model: &Model) -> (Option<SourcedDate>, Option<DateDisagreement>) {
    let aws = (model.lifecycle_timeline.earliest_end_of_life_time.as_ref()).map(|d| SourcedDate {
        date: d.date.clone(),
        source: DateSource::Aws,
        from: d.region.clone(),
    });
    match (aws, litellm_date(model)) {
        (Some(aws), Some(litellm)) => {
            let agrees = (model.regional_availability.values())
                .filter_map(|a| a.lifecycle_dates.as_ref()?.end_of_life_time.as_deref())
                .any(|d| d.get(..10).unwrap_or(d) == litellm.day());
            let conflict = (!agrees).then(|| DateDisagreement {
                field: LifecycleField::EndOfLifeTime,
                chosen: aws.clone(),
                other: litellm,
            });
            (Some(aws), conflict)
        }
        (aws, litellm) => (aws.or(litellm), None),
    }
}

/// LiteLLM's `deprecation_date` of the model, labelled with its key.
fn litellm_date(model: &Model) -> Option<SourcedDate> {
    let extras = model.token_specs.as_ref()?.litellm_extras.as_ref()?;
    Some(SourcedDate {
        date: extras.deprecation_date.clone()?,
        source: DateSource::Litellm,
        from: extras.source.clone(),
    })
}

/// Sets `lifecycle_timeline.end_of_life` and `conflicts` (once the token specs are attached).
pub fn attach(model: &mut Model) {
    let (date, conflict) = end_of_life(model);
    model.lifecycle_timeline.end_of_life = date;
    model.lifecycle_timeline.conflicts = conflict.into_iter().collect();
}

/// `lifecycle-date-changed` for the model's end of life (no region; `field` `end_of_life_time`;
/// `dimension` the source of the date now in effect, else of the one that went) where LiteLLM
/// gives it before or after: AWS's own dates are compared per region. Only the day counts, so a
/// date that only changed its source (LiteLLM's, then AWS's of the same day) is no event.
/// Compared only where both catalogues have token specs (without them LiteLLM was not read).
pub fn end_of_life_change(key: &str, before: &Model, after: &Model) -> Option<ChangeEvent> {
    if before.token_specs.is_none() || after.token_specs.is_none() {
        return None;
    }
    let (old, new) = (end_of_life(before).0, end_of_life(after).0);
    let litellm =
        |d: &Option<SourcedDate>| d.as_ref().is_some_and(|d| d.source == DateSource::Litellm);
    if !(litellm(&old) || litellm(&new))
        || old.as_ref().map(SourcedDate::day) == new.as_ref().map(SourcedDate::day)
    {
        return None;
    }
    let text = |d: &Option<SourcedDate>| d.as_ref().map(|d| ChangeValue::Text(d.date.clone()));
    let mut e =
        ChangeEvent::new(ChangeKind::LifecycleDateChanged, key).values(text(&old), text(&new));
    e.field = Some("end_of_life_time".to_string());
    e.dimension = (new.as_ref().or(old.as_ref())).map(|d| d.source.label().to_string());
    Some(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::RegionAvailability;
    use crate::catalog::routes::LifecycleDates;
    use crate::catalog::token_specs::{LiteLlmExtras, TokenSpec};

    /// A model whose regions give these end-of-life dates and whose LiteLLM key `k` gives
    /// `deprecation`.
    fn model(regions: &[(&str, &str)], deprecation: Option<&str>) -> Model {
        let mut m = Model::default();
        for (region, date) in regions {
            m.regional_availability.insert(
                region.to_string(),
                RegionAvailability {
                    lifecycle_dates: Some(LifecycleDates {
                        end_of_life_time: Some(date.to_string()),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
            );
        }
        m.lifecycle_timeline = crate::phases::discovery::timeline(&m.regional_availability);
        let spec: TokenSpec = serde_json::from_value(serde_json::json!({
            "model_id": "a.m-v1:0", "model_kind": "text", "context_window": null,
            "max_output_tokens": null, "source": "not_found", "context_window_source": "not_found",
            "max_output_tokens_source": "not_found", "matched_key": "a.m-v1:0", "match_kind": null,
            "key_shape": null, "litellm_mode": null, "correction": null, "conflicts": [],
            "context_variants": [], "notes": []
        }))
        .unwrap();
        m.token_specs = Some(TokenSpec {
            litellm_extras: deprecation.map(|d| LiteLlmExtras {
                source: "litellm:k".to_string(),
                deprecation_date: Some(d.to_string()),
                successor_model: None,
                prompt_cache_min_tokens: None,
            }),
            ..spec
        });
        attach(&mut m);
        m
    }

    fn dated(date: &str, source: DateSource, from: &str) -> SourcedDate {
        SourcedDate {
            date: date.to_string(),
            source,
            from: from.to_string(),
        }
    }

    #[test]
    fn litellms_date_alone_is_the_end_of_life_labelled_litellm() {
        let m = model(&[], Some("2026-11-26"));
        assert_eq!(
            m.lifecycle_timeline.end_of_life,
            Some(dated("2026-11-26", DateSource::Litellm, "litellm:k"))
        );
        assert_eq!(
            m.lifecycle_timeline.conflicts,
            Vec::<DateDisagreement>::new()
        );
    }

    #[test]
    fn aws_and_litellm_agreeing_give_aws_date_and_no_conflict() {
        let m = model(&[("us-east-1", "2026-11-26T00:00:00Z")], Some("2026-11-26"));
        assert_eq!(
            m.lifecycle_timeline.end_of_life,
            Some(dated("2026-11-26T00:00:00Z", DateSource::Aws, "us-east-1"))
        );
        assert_eq!(
            m.lifecycle_timeline.conflicts,
            Vec::<DateDisagreement>::new()
        );
        // LiteLLM agreeing with any region is agreement, though another region ends earlier.
        let m = model(
            &[
                ("eu-west-1", "2026-12-01T00:00:00Z"),
                ("us-east-1", "2026-10-01T00:00:00Z"),
            ],
            Some("2026-12-01"),
        );
        assert_eq!(
            m.lifecycle_timeline.end_of_life,
            Some(dated("2026-10-01T00:00:00Z", DateSource::Aws, "us-east-1"))
        );
        assert_eq!(
            m.lifecycle_timeline.conflicts,
            Vec::<DateDisagreement>::new()
        );
    }

    #[test]
    fn aws_wins_a_disagreement_which_is_recorded_with_both_dates_and_sources() {
        let m = model(&[("us-east-1", "2026-11-26T00:00:00Z")], Some("2027-01-08"));
        let aws = dated("2026-11-26T00:00:00Z", DateSource::Aws, "us-east-1");
        assert_eq!(m.lifecycle_timeline.end_of_life, Some(aws.clone()));
        assert_eq!(
            m.lifecycle_timeline.conflicts,
            [DateDisagreement {
                field: LifecycleField::EndOfLifeTime,
                chosen: aws,
                other: dated("2027-01-08", DateSource::Litellm, "litellm:k"),
            }]
        );
        let json = serde_json::to_value(&m.lifecycle_timeline.conflicts).unwrap();
        assert_eq!(
            json,
            serde_json::json!([{
                "field": "end_of_life_time",
                "chosen": {"date": "2026-11-26T00:00:00Z", "source": "aws", "from": "us-east-1"},
                "other": {"date": "2027-01-08", "source": "litellm", "from": "litellm:k"}
            }])
        );
    }

    #[test]
    fn no_date_from_either_source_is_none() {
        let m = model(&[], None);
        assert_eq!(m.lifecycle_timeline.end_of_life, None);
        assert_eq!(
            m.lifecycle_timeline.conflicts,
            Vec::<DateDisagreement>::new()
        );
    }

    #[test]
    fn a_date_that_only_changed_its_source_is_no_event() {
        let litellm = model(&[], Some("2026-11-26"));
        let aws = model(&[("us-east-1", "2026-11-26T00:00:00Z")], Some("2026-11-26"));
        let aws_only = model(&[("us-east-1", "2026-11-26T00:00:00Z")], None);
        assert_eq!(end_of_life_change("m", &litellm, &aws), None);
        assert_eq!(end_of_life_change("m", &aws, &litellm), None);
        assert_eq!(end_of_life_change("m", &litellm, &aws_only), None);
        // AWS's own dates are compared per region, not here.
        let moved = model(&[("us-east-1", "2026-12-01T00:00:00Z")], None);
        assert_eq!(end_of_life_change("m", &aws_only, &moved), None);
    }

    #[test]
    fn litellms_date_that_moves_comes_or_goes_is_an_event() {
        let describe = |a: &Model, b: &Model| end_of_life_change("m", a, b).map(|e| e.describe());
        let (none, nov, jan) = (
            model(&[], None),
            model(&[], Some("2026-11-26")),
            model(&[], Some("2027-01-08")),
        );
        assert_eq!(
            describe(&nov, &jan).as_deref(),
            Some(
                "lifecycle-date-changed: m / litellm / end_of_life_time: 2026-11-26 -> 2027-01-08"
            )
        );
        assert_eq!(
            describe(&none, &nov).as_deref(),
            Some("lifecycle-date-changed: m / litellm / end_of_life_time: none -> 2026-11-26")
        );
        assert_eq!(
            describe(&nov, &none).as_deref(),
            Some("lifecycle-date-changed: m / litellm / end_of_life_time: 2026-11-26 -> none")
        );
        // LiteLLM's date, then AWS's of another day: the day in effect moved.
        let aws = model(&[("us-east-1", "2026-12-01T00:00:00Z")], Some("2026-11-26"));
        assert_eq!(
            describe(&nov, &aws).as_deref(),
            Some(
                "lifecycle-date-changed: m / aws / end_of_life_time: 2026-11-26 -> 2026-12-01T00:00:00Z"
            )
        );
        // Without token specs on either side LiteLLM was not read: nothing is compared.
        let mut unread = model(&[], None);
        unread.token_specs = None;
        assert_eq!(describe(&nov, &unread), None);
        assert_eq!(describe(&unread, &nov), None);
    }
}
