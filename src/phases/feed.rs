//! The change feed: a JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>) of change events across
//! runs, newest first, the last N items. Each run's events become items (one per change, its
//! regions gathered into one sentence), put before the previous feed's items.

use serde::Serialize;

use super::changes::{ChangeEvent, ChangeKind, ChangeValue};
use crate::catalog::Catalog;

pub const VERSION: &str = "https://jsonfeed.org/version/1.1";

/// What the feed is called and links to, and how long it grows.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedOptions {
    pub max_items: usize,
    /// The feed's own public address (`feed_url`), when it has one.
    pub feed_url: Option<String>,
    pub home_page_url: Option<String>,
    /// Each item's link, with `{model}` replaced by the model key; else the model's documentation
    /// link (the provider's, else the Bedrock user guide's).
    pub item_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Feed {
    pub version: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_page_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Item {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub content_text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The change as the change log has it (kind, model, regions, field, old, new): JSON Feed's
    /// extension object, for readers that filter.
    #[serde(
        rename = "_bedrock_collector",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub change: Option<ItemChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ItemChange {
    pub kind: ChangeKind,
    pub model: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<ChangeValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<ChangeValue>,
}

/// Why an existing feed file cannot be continued.
#[derive(Debug, thiserror::Error)]
#[error("it is not a JSON Feed: {0}")]
pub struct FeedError(#[from] serde_json::Error);

/// Reads an existing feed file.
pub fn parse(bytes: &[u8]) -> Result<Feed, FeedError> {
    Ok(serde_json::from_slice(bytes)?)
}

/// The feed after this run: this run's items (newest first means this run's, in the change log's
/// order) before the previous items, at most `max_items` in all.
pub fn update(
    previous: Option<Feed>,
    events: &[ChangeEvent],
    catalog: &Catalog,
    previous_catalog: Option<&Catalog>,
    published_at: &str,
    options: &FeedOptions,
) -> Feed {
    let old = previous.map(|f| f.items).unwrap_or_default();
    // Ids are `<run start>/<n>`; two runs in the same second continue the numbering.
    let prefix = format!("{published_at}/");
    let first = old.iter().filter(|i| i.id.starts_with(&prefix)).count();
    let mut items = items(
        events,
        catalog,
        previous_catalog,
        published_at,
        first,
        options,
    );
    items.extend(old);
    items.truncate(options.max_items);
    Feed {
        version: VERSION.to_string(),
        title: "Amazon Bedrock model changes".to_string(),
        home_page_url: options.home_page_url.clone(),
        feed_url: options.feed_url.clone(),
        description: Some(
            "Changes to Amazon Bedrock's foundation models (regions, lifecycle dates, profiles, \
             prices, token limits, features) seen by bedrock-collector between two runs."
                .to_string(),
        ),
        items,
    }
}

/// One item per change; the same change in several regions is one item.
fn items(
    events: &[ChangeEvent],
    catalog: &Catalog,
    previous_catalog: Option<&Catalog>,
    published_at: &str,
    first: usize,
    options: &FeedOptions,
) -> Vec<Item> {
    let (now, before) = (
        catalog.models_by_key(),
        previous_catalog.map(Catalog::models_by_key),
    );
    // Grouped in first-seen order, so the feed follows the change log's order.
    let mut groups: Vec<ItemChange> = Vec::new();
    for e in events {
        let same = |g: &&mut ItemChange| {
            g.kind == e.kind
                && g.model == e.model
                && g.profile == e.profile
                && g.route == e.route
                && g.dimension == e.dimension
                && g.quota_code == e.quota_code
                && g.field == e.field
                && g.old == e.old
                && g.new == e.new
                && (g.regions.is_empty() == e.region.is_none())
        };
        match groups.iter_mut().find(|g| same(g)) {
            Some(g) => g.regions.extend(e.region.clone()),
            None => groups.push(ItemChange {
                kind: e.kind,
                model: e.model.clone(),
                regions: e.region.iter().cloned().collect(),
                profile: e.profile.clone(),
                route: e.route.clone(),
                dimension: e.dimension.clone(),
                quota_code: e.quota_code.clone(),
                field: e.field.clone(),
                old: e.old.clone(),
                new: e.new.clone(),
            }),
        }
    }
    groups
        .into_iter()
        .enumerate()
        .map(|(n, change)| {
            let model = now
                .get(change.model.as_str())
                .or_else(|| before.as_ref().and_then(|b| b.get(change.model.as_str())))
                .copied();
            let name = model
                .map(|m| m.model_name.as_str())
                .filter(|n| !n.is_empty())
                .unwrap_or(change.model.as_str());
            let url = match &options.item_url {
                Some(template) => Some(template.replace("{model}", &change.model)),
                None => model.and_then(|m| {
                    m.documentation_links
                        .get("provider_docs")
                        .or_else(|| m.documentation_links.get("aws_bedrock_guide"))
                        .cloned()
                }),
            };
            Item {
                id: format!("{published_at}/{}", first + n),
                url,
                title: Some(format!("{name}: {}", change.kind.name())),
                content_text: sentence(name, &change),
                date_published: Some(published_at.to_string()),
                tags: vec![change.kind.name().to_string(), change.model.clone()],
                change: Some(change),
            }
        })
        .collect()
}

/// `2026-06-01T00:00:00Z` -> `2026-06-01`; anything else as it is.
fn day(v: &ChangeValue) -> String {
    match v {
        ChangeValue::Text(s) if s.len() >= 10 && s.as_bytes()[4] == b'-' => s[..10].to_string(),
        other => other.to_string(),
    }
}

fn value(v: &Option<ChangeValue>) -> String {
    v.as_ref()
        .map_or_else(|| "unknown".to_string(), ToString::to_string)
}

/// One sentence saying what changed, e.g. "Claude 3 Sonnet (anthropic.claude-3-sonnet-…) goes
/// legacy on 2026-06-01 in us-east-1 and us-west-2."
pub fn sentence(name: &str, c: &ItemChange) -> String {
    let who = if name == c.model {
        c.model.clone()
    } else {
        format!("{name} ({})", c.model)
    };
    let regions = match c.regions.as_slice() {
        [] => String::new(),
        [one] => format!(" in {one}"),
        [init @ .., last] => format!(" in {} and {last}", init.join(", ")),
    };
    let field = c.field.as_deref().unwrap_or_default();
    let (old, new) = (value(&c.old), value(&c.new));
    match c.kind {
        ChangeKind::ModelAdded => format!("{who} was added to the catalogue."),
        ChangeKind::ModelRemoved => format!("{who} is no longer listed in any region."),
        // What changed is the in-region listing (ListFoundationModels), nothing more: an
        // inference profile may still be callable from there (its own events say so).
        ChangeKind::RegionAdded => format!("{who} is now listed by ListFoundationModels{regions}."),
        ChangeKind::RegionRemoved => {
            format!("{who} is no longer listed by ListFoundationModels{regions}.")
        }
        ChangeKind::InferenceTypesChanged => {
            format!("{who}'s inference types{regions} changed from {old} to {new}.")
        }
        ChangeKind::LifecycleChanged => {
            format!("{who}'s lifecycle status{regions} changed from {old} to {new}.")
        }
        ChangeKind::LifecycleDateChanged => {
            let event = match field {
                "legacy_time" => "goes legacy",
                "end_of_life_time" => "reaches end of life",
                "public_extended_access_time" => "enters public extended access",
                "start_of_life_time" => "starts its life",
                other => other,
            };
            let what = field.trim_end_matches("_time").replace('_', " ");
            match (&c.old, &c.new) {
                (None, Some(d)) => format!("{who} {event} on {}{regions}.", day(d)),
                (Some(o), Some(d)) => format!(
                    "{who} {event} on {}{regions}, no longer on {}.",
                    day(d),
                    day(o)
                ),
                (Some(o), None) => {
                    format!(
                        "{who} no longer has a {what} date{regions} (it was {}).",
                        day(o)
                    )
                }
                (None, None) => format!("{who}'s {what} date changed{regions}."),
            }
        }
        ChangeKind::FeatureChanged => {
            format!("{who}'s {field} support changed from {old} to {new}.")
        }
        ChangeKind::ProfileAdded => format!(
            "{who} can now be called through the inference profile {}.",
            c.profile.as_deref().unwrap_or_default()
        ),
        ChangeKind::ProfileRemoved => format!(
            "{who} can no longer be called through the inference profile {}.",
            c.profile.as_deref().unwrap_or_default()
        ),
        ChangeKind::ProfileDestinationsChanged => format!(
            "The inference profile {} of {who}, called{regions}, now routes to {new} instead of {old}.",
            c.profile.as_deref().unwrap_or_default()
        ),
        ChangeKind::PriceChanged => format!(
            "{who}'s {} price on route {}{regions} changed from {old} to {new} USD.",
            c.dimension.as_deref().unwrap_or_default(),
            c.route.as_deref().unwrap_or_default()
        ),
        ChangeKind::TokenLimitChanged => format!("{who}'s {field} changed from {old} to {new}."),
        ChangeKind::MantleRegionAdded => {
            format!("{who} is now served on Mantle (the OpenAI-compatible endpoint){regions}.")
        }
        ChangeKind::MantleRegionRemoved => format!("{who} is no longer served on Mantle{regions}."),
        ChangeKind::CallableChanged => {
            format!("{who}: whether this account can call it{regions} changed from {old} to {new}.")
        }
        ChangeKind::QuotaChanged => format!(
            "{who}'s quota {} ({field}){regions} changed from {old} to {new}.",
            c.quota_code.as_deref().unwrap_or_default()
        ),
        ChangeKind::QuotaAdded | ChangeKind::QuotaRemoved => {
            let whose = if c.model.is_empty() {
                "The account".to_string()
            } else {
                who
            };
            let (verb, value) = if c.kind == ChangeKind::QuotaAdded {
                ("now has", new)
            } else {
                ("no longer has", old)
            };
            let on = match (&c.route, &c.dimension) {
                (Some(route), Some(metric)) => format!(" on route {route} ({metric})"),
                (None, Some(what)) => format!(" ({what})"),
                _ => String::new(),
            };
            format!(
                "{whose} {verb} the quota {}{on}{regions}, value {value}.",
                c.quota_code.as_deref().unwrap_or_default()
            )
        }
        ChangeKind::UnknownAppeared => format!(
            "The {} source gave something the collector does not understand ({field}): {new}.",
            c.dimension.as_deref().unwrap_or_default()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn catalog() -> Catalog {
        serde_json::from_value(json!({
            "metadata": {"schema_version": 1},
            "providers": {"Anthropic": {"models": {"m": {
                "model_id": "m", "model_name": "Claude M",
                "documentation_links": {"aws_bedrock_guide": "https://docs.example/guide"}
            }}}}
        }))
        .unwrap()
    }

    fn legacy(region: &str, old: Option<&str>, new: &str) -> ChangeEvent {
        serde_json::from_value(json!({
            "kind": "lifecycle-date-changed", "model": "m", "region": region,
            "field": "legacy_time", "old": old, "new": new
        }))
        .unwrap()
    }

    fn options(max_items: usize) -> FeedOptions {
        FeedOptions {
            max_items,
            feed_url: None,
            home_page_url: None,
            item_url: None,
        }
    }

    #[test]
    fn one_item_per_change_newest_first_the_last_n() {
        let c = catalog();
        let first = update(
            None,
            &[
                legacy("us-east-1", None, "2026-06-01T00:00:00Z"),
                legacy("us-west-2", None, "2026-06-01T00:00:00Z"),
                legacy("eu-west-1", None, "2026-07-01T00:00:00Z"),
            ],
            &c,
            None,
            "2026-05-01T04:17:00Z",
            &options(3),
        );
        assert_eq!(first.version, "https://jsonfeed.org/version/1.1");
        let texts: Vec<&str> = first
            .items
            .iter()
            .map(|i| i.content_text.as_str())
            .collect();
        assert_eq!(
            texts,
            [
                "Claude M (m) goes legacy on 2026-06-01 in us-east-1 and us-west-2.",
                "Claude M (m) goes legacy on 2026-07-01 in eu-west-1."
            ]
        );
        assert_eq!(first.items[0].id, "2026-05-01T04:17:00Z/0");
        assert_eq!(
            first.items[0].url.as_deref(),
            Some("https://docs.example/guide")
        );
        assert_eq!(first.items[0].tags, ["lifecycle-date-changed", "m"]);

        let mut opts = options(3);
        opts.item_url = Some("https://models.example/{model}.html".to_string());
        let second = update(
            Some(first.clone()),
            &[legacy(
                "us-east-1",
                Some("2026-06-01T00:00:00Z"),
                "2026-06-15T00:00:00Z",
            )],
            &c,
            None,
            "2026-05-02T04:17:00Z",
            &opts,
        );
        let ids: Vec<&str> = second.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "2026-05-02T04:17:00Z/0",
                "2026-05-01T04:17:00Z/0",
                "2026-05-01T04:17:00Z/1"
            ]
        );
        assert_eq!(
            second.items[0].content_text,
            "Claude M (m) goes legacy on 2026-06-15 in us-east-1, no longer on 2026-06-01."
        );
        assert_eq!(
            second.items[0].url.as_deref(),
            Some("https://models.example/m.html")
        );
        // A run in the same second as the last: the ids stay unique.
        let again = update(
            Some(second.clone()),
            &[legacy(
                "us-east-1",
                Some("2026-06-15T00:00:00Z"),
                "2026-06-20T00:00:00Z",
            )],
            &c,
            None,
            "2026-05-02T04:17:00Z",
            &options(10),
        );
        assert_eq!(again.items[0].id, "2026-05-02T04:17:00Z/1");
        assert_eq!(again.items.len(), 4);
        // Read back from its own JSON, then capped.
        let text = serde_json::to_vec(&second).unwrap();
        let third = update(
            Some(parse(&text).unwrap()),
            &[],
            &c,
            None,
            "2026-05-03T00:00:00Z",
            &options(2),
        );
        assert_eq!(third.items, second.items[..2]);
    }

    /// A region-removed change is the in-region listing gone: the sentence says that, not that
    /// the model cannot be had there (a profile may still call it from there).
    #[test]
    fn a_region_removed_says_the_listing_went_not_the_model() {
        let change = |kind| ItemChange {
            kind,
            model: "amazon.nova-pro-v1".to_string(),
            regions: vec!["eu-west-3".to_string()],
            profile: None,
            route: None,
            dimension: None,
            quota_code: None,
            field: None,
            old: None,
            new: None,
        };
        assert_eq!(
            sentence("Nova Pro", &change(ChangeKind::RegionRemoved)),
            "Nova Pro (amazon.nova-pro-v1) is no longer listed by ListFoundationModels in eu-west-3."
        );
        assert_eq!(
            sentence("Nova Pro", &change(ChangeKind::RegionAdded)),
            "Nova Pro (amazon.nova-pro-v1) is now listed by ListFoundationModels in eu-west-3."
        );
    }

    #[test]
    fn every_kind_reads_as_a_sentence() {
        for kind in ChangeKind::ALL {
            let change = ItemChange {
                kind,
                model: "m".to_string(),
                regions: vec!["us-east-1".to_string()],
                profile: Some("us.m".to_string()),
                route: Some("on_demand".to_string()),
                dimension: Some("input_tokens".to_string()),
                quota_code: Some("L-1".to_string()),
                field: Some("legacy_time".to_string()),
                old: Some(ChangeValue::Text("2026-01-01T00:00:00Z".to_string())),
                new: None,
            };
            let s = sentence("Claude M", &change);
            assert!(
                s.starts_with("Claude M (m)") || s.starts_with("The "),
                "{s}"
            );
            assert!(s.ends_with('.') && !s.contains('\n'), "{s}");
        }
    }
}
