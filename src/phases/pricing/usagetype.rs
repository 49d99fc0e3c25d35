//! The usagetype grammar: a row's dimension words classified into a route, a dimension and a normalised price.

use std::fmt;

use super::row::{LATENCY_SUFFIX, RawAttributes, RawPriceDimension, Usage, non_empty};
use super::row::{TOKEN_UNIT, parse_decimal, split_words};
use crate::catalog::pricing::{Identity, IdentitySource, RowProblem};

// ------------------------------------------------------------------------------------------------
// Usagetype grammar and classification
// ------------------------------------------------------------------------------------------------

/// A usagetype split into the model token (AmazonBedrock/Service grammar only) and the dimension words.
#[derive(Debug, Default, PartialEq)]
pub(super) struct ParsedUsagetype {
    pub(super) model_token: Option<String>,
    pub(super) mantle: bool,
    /// A modality word just before the dimension part (`Nova2.0Pro-text-input-tokens` → `text`).
    pub(super) modality: Option<String>,
    /// `Some(spec words)` for image rows (`NovaCanvas-T2I-1024-Standard`, `MP:…_created_image_…`).
    pub(super) image: Option<Vec<String>>,
    pub(super) words: Vec<String>,
}

/// Segments (lower-case) that start the dimension part of an AmazonBedrock/Service usagetype.
pub(super) const DIMENSION_MARKERS: &[&str] = &[
    "input",
    "output",
    "cache",
    "provisionedthroughput",
    "latencyoptimized",
    "reserved",
    "t2i",
    "i2i",
    "custom",
    "customization",
];

pub(super) const IMAGE_MARKERS: &[&str] = &["t2i", "i2i"];

/// Modality words that may end the model token and qualify the tokens measured.
pub(super) const MODALITIES: &[&str] = &["text", "speech", "audio", "image", "video"];

/// Splits a usagetype into its parts.
///
/// * FoundationModels: `USE1-MP:USE1_InputTokenCount_Global-Units` → words of `InputTokenCount_Global`.
/// * AmazonBedrock/Service: `USE1-NovaPro-input-tokens-batch` → token `NovaPro`, words `input tokens batch`;
///   the token ends at the first [`DIMENSION_MARKERS`] segment; a `-mantle` token suffix marks the mantle
///   endpoint.
pub(super) fn parse_usagetype(usagetype: &str) -> ParsedUsagetype {
    if let Some((_, after)) = usagetype.split_once("MP:") {
        let dimension = after.split_once('_').map_or(after, |(_, d)| d);
        let dimension = dimension.strip_suffix("-Units").unwrap_or(dimension);
        let words = split_words(dimension);
        // `created_image_stable_image_core`: the model is named by `servicename`; the usagetype repeats it.
        let image = dimension.starts_with("created_image").then(Vec::new);
        return ParsedUsagetype {
            image,
            words,
            ..Default::default()
        };
    }
    // Region prefix (`USE1-`, `EU-`): everything up to the first '-'.
    let body = usagetype.split_once('-').map_or("", |(_, b)| b);
    let segments: Vec<&str> = body.split('-').collect();
    let marker = segments
        .iter()
        .position(|s| DIMENSION_MARKERS.contains(&s.to_ascii_lowercase().as_str()));
    let Some(marker) = marker else {
        return ParsedUsagetype {
            model_token: Some(body.to_owned()),
            ..Default::default()
        };
    };
    let mut token = segments[..marker].join("-");
    let mantle = token.ends_with("-mantle");
    if mantle {
        token.truncate(token.len() - "-mantle".len());
    }
    let modality = token
        .rsplit('-')
        .next()
        .map(str::to_ascii_lowercase)
        .filter(|last| MODALITIES.contains(&last.as_str()) && token.contains('-'));
    let rest = &segments[marker..];
    let image = IMAGE_MARKERS
        .contains(&rest[0].to_ascii_lowercase().as_str())
        .then(|| rest.iter().map(|s| s.to_ascii_lowercase()).collect());
    let words = rest.iter().flat_map(|s| split_words(s)).collect();
    ParsedUsagetype {
        model_token: Some(token),
        mantle,
        modality,
        image,
        words,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tier {
    OnDemand,
    Batch,
    Flex,
    Priority,
    LatencyOptimized,
    Provisioned,
    Reserved,
}

impl Tier {
    pub(super) fn name(self) -> &'static str {
        match self {
            Self::OnDemand => "on_demand",
            Self::Batch => "batch",
            Self::Flex => "flex",
            Self::Priority => "priority",
            Self::LatencyOptimized => "latency_optimized",
            Self::Provisioned => "provisioned",
            Self::Reserved => "reserved",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    InRegion,
    Geo,
    Global,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Input,
    Output,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cache {
    Read,
    Write,
    Write1h,
}

/// What a row measures, before units are applied.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Measure {
    Tokens,
    ModelUnitHours,
    ReservedTpm,
    Image,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Classified {
    pub(super) route: String,
    pub(super) dimension: String,
    pub(super) measure: Measure,
}

/// Everything the dimension words say; `None` = not stated.
#[derive(Debug, Default)]
pub(super) struct Signals {
    pub(super) tier: Option<Tier>,
    pub(super) scope: Option<Scope>,
    pub(super) direction: Option<Direction>,
    pub(super) cache: bool,
    pub(super) cache_kind: Option<Cache>,
    pub(super) long_context: bool,
    pub(super) commitment: Option<String>,
    pub(super) tpm: bool,
    pub(super) tokens: bool,
}

pub(super) fn set<T: PartialEq + Copy + fmt::Debug>(
    slot: &mut Option<T>,
    value: T,
    what: &str,
) -> Result<(), String> {
    match *slot {
        Some(old) if old != value => Err(format!("{what} stated twice ({old:?} and {value:?})")),
        _ => {
            *slot = Some(value);
            Ok(())
        }
    }
}

/// `1month`, `3months`, `1year` → `1_month`, …
pub(super) fn commitment_word(word: &str) -> Option<String> {
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (n, unit) = word.split_at(digits);
    let unit = match unit {
        "month" | "months" => "month",
        "year" | "years" => "year",
        _ => return None,
    };
    (!n.is_empty()).then(|| format!("{n}_{unit}"))
}

/// Reads the dimension words into [`Signals`]; an unknown word is an error.
pub(super) fn read_words(words: &[String]) -> Result<Signals, String> {
    let mut s = Signals::default();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        let next = words.get(i + 1).map(String::as_str);
        match w {
            "input" => set(&mut s.direction, Direction::Input, "direction")?,
            "output" | "response" => set(&mut s.direction, Direction::Output, "direction")?,
            "token" | "tokens" => s.tokens = true,
            "count" | "million" | "units" | "model" | "cross" | "region" | "5m" => {}
            "cache" => s.cache = true,
            "read" => set(&mut s.cache_kind, Cache::Read, "cache kind")?,
            "write" => set(&mut s.cache_kind, Cache::Write, "cache kind")?,
            "write1h" => set(&mut s.cache_kind, Cache::Write1h, "cache kind")?,
            "1h" if s.cache_kind == Some(Cache::Write) => s.cache_kind = Some(Cache::Write1h),
            "standard" => set(&mut s.tier, Tier::OnDemand, "tier")?,
            "batch" => set(&mut s.tier, Tier::Batch, "tier")?,
            "flex" => set(&mut s.tier, Tier::Flex, "tier")?,
            "priority" => set(&mut s.tier, Tier::Priority, "tier")?,
            "latencyoptimized" => set(&mut s.tier, Tier::LatencyOptimized, "tier")?,
            "latency" if next == Some("optimized") => {
                set(&mut s.tier, Tier::LatencyOptimized, "tier")?;
                i += 1;
            }
            "provisionedthroughput" => set(&mut s.tier, Tier::Provisioned, "tier")?,
            "provisioned" if next == Some("throughput") => {
                set(&mut s.tier, Tier::Provisioned, "tier")?;
                i += 1;
            }
            "reserved" => set(&mut s.tier, Tier::Reserved, "tier")?,
            "global" => set(&mut s.scope, Scope::Global, "scope")?,
            "geo" => set(&mut s.scope, Scope::Geo, "scope")?,
            "regional" => set(&mut s.scope, Scope::InRegion, "scope")?,
            "lctx" => s.long_context = true,
            "long" if matches!(next, Some("context" | "ctx")) => {
                s.long_context = true;
                i += 1;
            }
            "nocommit" => s.commitment = Some("no_commit".into()),
            "no" if next == Some("commit") => {
                s.commitment = Some("no_commit".into());
                i += 1;
            }
            "tpm" => s.tpm = true,
            "per" if next == Some("minute") => {
                s.tpm = true;
                i += 1;
            }
            _ if commitment_word(w).is_some() => s.commitment = commitment_word(w),
            _ if w.bytes().all(|b| b.is_ascii_digit())
                && matches!(next, Some("month" | "months")) =>
            {
                s.commitment = Some(format!("{w}_month"));
                i += 1;
            }
            _ => return Err(format!("unknown word {w:?}")),
        }
        i += 1;
    }
    Ok(s)
}

/// Words of `inferenceType` that classification understands; any other word (speech, audio, video …)
/// means the row measures something this module does not model.
pub(super) const INFERENCE_TYPE_WORDS: &[&str] = &[
    "input",
    "output",
    "tokens",
    "token",
    "prompt",
    "cache",
    "read",
    "write",
    "batch",
    "flex",
    "priority",
    "long",
    "context",
    "standard",
    "latency",
    "optimized",
];

/// Route and dimension of a row, from the usagetype words checked against the attributes.
pub(super) fn classify(
    parsed: &ParsedUsagetype,
    attrs: &RawAttributes,
    identity: Option<&Identity>,
) -> Result<Classified, RowProblem> {
    let unclassified = |why: String| RowProblem::Unclassified(why);
    if parsed.words.iter().any(|w| w.starts_with("custom")) {
        return Err(unclassified("custom model or customization usage".into()));
    }
    let feature_tier = attribute_tier(non_empty(&attrs.feature), "feature")?;
    let service_tier = attribute_tier(non_empty(&attrs.service_tier), "service_tier")?;
    let inference_type = non_empty(&attrs.inference_type).map(str::to_ascii_lowercase);

    if let Some(spec) = &parsed.image {
        return classify_image(parsed, spec, feature_tier, inference_type.as_deref());
    }

    let mut s =
        read_words(&parsed.words).map_err(|why| unclassified(format!("usagetype: {why}")))?;
    if parsed.mantle && s.tier.is_none() {
        s.tier = Some(Tier::OnDemand);
    }
    let latency_identity = identity
        .is_some_and(|i| i.source == IdentitySource::Model && i.value.ends_with(LATENCY_SUFFIX));
    let tier = reconcile_tier(s.tier, feature_tier, service_tier, latency_identity)?;
    // A modality word before the dimension qualifies the tokens when an attribute names the model (for
    // Titan rows it is part of the model's name: `TitanEmbeddingV2-Text`).
    let modality = parsed.modality.as_deref().filter(|_| {
        identity.is_some_and(|i| {
            matches!(
                i.source,
                IdentitySource::Model | IdentitySource::Servicename
            )
        })
    });
    if let Some(it) = &inference_type {
        check_inference_type(it, &s, tier, modality)?;
    }
    let route = route_name(parsed.mantle, tier, s.scope.unwrap_or(Scope::InRegion));

    let (dimension, measure) = match tier {
        Tier::Provisioned => {
            let commitment = s.commitment.clone().ok_or_else(|| {
                unclassified("provisioned throughput without a commitment term".into())
            })?;
            if s.direction.is_some() || s.tokens || s.cache {
                return Err(unclassified(
                    "provisioned throughput row that also names tokens".into(),
                ));
            }
            (format!("model_unit_{commitment}"), Measure::ModelUnitHours)
        }
        Tier::Reserved => {
            let commitment = s
                .commitment
                .clone()
                .ok_or_else(|| unclassified("reserved capacity without a term".into()))?;
            let direction = s
                .direction
                .ok_or_else(|| unclassified("reserved capacity without input/output".into()))?;
            if !s.tpm {
                return Err(unclassified(
                    "reserved capacity not measured in tokens per minute".into(),
                ));
            }
            let dir = if direction == Direction::Input {
                "input"
            } else {
                "output"
            };
            (format!("{dir}_tpm_{commitment}"), Measure::ReservedTpm)
        }
        _ => {
            if s.commitment.is_some() || s.tpm {
                return Err(unclassified(
                    "a commitment term on a non-reserved, non-provisioned row".into(),
                ));
            }
            let dimension = token_dimension(&s)?;
            let dimension = match modality {
                Some(m) => format!("{m}_{dimension}"),
                None => dimension,
            };
            (dimension, Measure::Tokens)
        }
    };
    Ok(Classified {
        route,
        dimension,
        measure,
    })
}

/// `[mantle_]<tier>[_geo|_global]`.
pub(super) fn route_name(mantle: bool, tier: Tier, scope: Scope) -> String {
    let prefix = if mantle { "mantle_" } else { "" };
    let suffix = match scope {
        Scope::InRegion => "",
        Scope::Geo => "_geo",
        Scope::Global => "_global",
    };
    format!("{prefix}{}{suffix}", tier.name())
}

/// The tier a `feature` or `service_tier` attribute states, if any.
pub(super) fn attribute_tier(value: Option<&str>, attr: &str) -> Result<Option<Tier>, RowProblem> {
    let Some(value) = value else { return Ok(None) };
    let lower = value.to_ascii_lowercase();
    let tier = match lower.as_str() {
        "standard" | "on-demand inference" => Tier::OnDemand,
        "batch" | "batch inference" | "batchinference" => Tier::Batch,
        "flex" => Tier::Flex,
        "priority" => Tier::Priority,
        _ if lower.starts_with("provisioned throughput") => Tier::Provisioned,
        _ if lower.starts_with("reserved") => Tier::Reserved,
        _ => {
            let why = format!("{attr} {value:?} is not an inference tier");
            return Err(RowProblem::Unclassified(why));
        }
    };
    Ok(Some(tier))
}

/// The usagetype is the primary signal; `feature` and `service_tier` may fill a tier it leaves open and
/// must not contradict one it states. "On-demand" from an attribute also covers the on-demand variants
/// (flex, priority, latency-optimized), which carry `feature "On-demand Inference"`. A `model` ending in
/// " Latency Optimized" makes an on-demand row latency-optimized.
pub(super) fn reconcile_tier(
    stated: Option<Tier>,
    feature: Option<Tier>,
    service_tier: Option<Tier>,
    latency_identity: bool,
) -> Result<Tier, RowProblem> {
    let conflict = |why: String| Err(RowProblem::Unclassified(why));
    let mut tier = stated;
    for (attr_tier, attr) in [(feature, "feature"), (service_tier, "service_tier")] {
        let Some(attr_tier) = attr_tier else { continue };
        match tier {
            None => tier = Some(attr_tier),
            Some(t) if t == attr_tier => {}
            Some(Tier::Flex | Tier::Priority | Tier::LatencyOptimized)
                if attr_tier == Tier::OnDemand => {}
            Some(t) => {
                let (says, other) = (t.name(), attr_tier.name());
                return conflict(format!("usagetype says {says} but {attr} says {other}"));
            }
        }
    }
    match (tier, latency_identity) {
        (None | Some(Tier::OnDemand | Tier::LatencyOptimized), true) => Ok(Tier::LatencyOptimized),
        (Some(t), true) => conflict(format!("latency-optimized model on a {} row", t.name())),
        (t, false) => Ok(t.unwrap_or(Tier::OnDemand)),
    }
}

pub(super) fn token_dimension(s: &Signals) -> Result<String, RowProblem> {
    let base = match (s.cache || s.cache_kind.is_some(), s.cache_kind, s.direction) {
        (true, Some(_), Some(Direction::Output)) => {
            return Err(RowProblem::Unclassified(
                "cache row on output tokens".into(),
            ));
        }
        (true, Some(Cache::Read), _) => "cache_read_input_tokens",
        (true, Some(Cache::Write), _) => "cache_write_input_tokens",
        (true, Some(Cache::Write1h), _) => "cache_write_1h_input_tokens",
        (true, None, _) => {
            return Err(RowProblem::Unclassified(
                "cache row without read/write".into(),
            ));
        }
        (false, _, Some(Direction::Input)) => "input_tokens",
        (false, _, Some(Direction::Output)) => "output_tokens",
        (false, _, None) => {
            return Err(RowProblem::Unclassified(
                "usagetype names no token direction".into(),
            ));
        }
    };
    Ok(if s.long_context {
        format!("{base}_long_context")
    } else {
        base.to_owned()
    })
}

/// `inferenceType` may only restate what the usagetype says (direction, cache, tier, long context,
/// modality).
pub(super) fn check_inference_type(
    it: &str,
    s: &Signals,
    tier: Tier,
    modality: Option<&str>,
) -> Result<(), RowProblem> {
    let words: Vec<&str> = it.split_whitespace().collect();
    if let Some(w) = words
        .iter()
        .find(|w| !INFERENCE_TYPE_WORDS.contains(w) && Some(**w) != modality)
    {
        return Err(RowProblem::Unclassified(format!(
            "inferenceType {it:?} has the unknown word {w:?}"
        )));
    }
    let says = |w: &str| words.contains(&w);
    let conflict = |what: &str| {
        Err(RowProblem::Unclassified(format!(
            "inferenceType {it:?} contradicts the usagetype ({what})"
        )))
    };
    if (says("input") && s.direction == Some(Direction::Output))
        || (says("output") && s.direction == Some(Direction::Input))
    {
        return conflict("direction");
    }
    if says("cache") && !(s.cache || s.cache_kind.is_some()) {
        return conflict("cache");
    }
    let writes = matches!(s.cache_kind, Some(Cache::Write | Cache::Write1h));
    if (says("read") && s.cache_kind != Some(Cache::Read)) || (says("write") && !writes) {
        return conflict("cache read/write");
    }
    if says("long") && !s.long_context {
        return conflict("long context");
    }
    for (word, t) in [
        ("batch", Tier::Batch),
        ("flex", Tier::Flex),
        ("priority", Tier::Priority),
    ] {
        if says(word) && tier != t {
            return conflict("tier");
        }
    }
    Ok(())
}

pub(super) fn classify_image(
    parsed: &ParsedUsagetype,
    spec: &[String],
    feature_tier: Option<Tier>,
    inference_type: Option<&str>,
) -> Result<Classified, RowProblem> {
    if feature_tier.is_some_and(|t| t != Tier::OnDemand) {
        return Err(RowProblem::Unclassified(
            "image row outside on-demand inference".into(),
        ));
    }
    if let Some(it) = inference_type {
        // `T2I 1024 Standard` must restate the usagetype's `T2I-1024-Standard`.
        let it_words: Vec<String> = it.split_whitespace().map(str::to_owned).collect();
        if !spec.is_empty() && it_words != spec {
            return Err(RowProblem::Unclassified(format!(
                "inferenceType {it:?} does not match the image usagetype"
            )));
        }
    }
    if spec
        .iter()
        .any(|w| !w.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return Err(RowProblem::Unclassified(
            "image spec with unexpected characters".into(),
        ));
    }
    let dimension = if spec.is_empty() {
        "image".to_owned()
    } else {
        format!("image_{}", spec.join("_"))
    };
    let route = route_name(parsed.mantle, Tier::OnDemand, Scope::InRegion);
    Ok(Classified {
        route,
        dimension,
        measure: Measure::Image,
    })
}

// ------------------------------------------------------------------------------------------------
// Prices and units
// ------------------------------------------------------------------------------------------------

/// Applies the unit convention to a classified row.
pub(super) fn price_usage(
    classified: Classified,
    dim: &RawPriceDimension,
) -> Result<Usage, RowProblem> {
    let raw_price = dim
        .price_per_unit
        .usd
        .as_deref()
        .map(str::trim)
        .ok_or(RowProblem::NoPrice)?;
    let offer_price =
        parse_decimal(raw_price, 0).ok_or_else(|| RowProblem::BadPrice(raw_price.to_owned()))?;
    if offer_price == 0.0 {
        return Err(RowProblem::ZeroPrice);
    }
    let unit = dim.unit.trim();
    let lower_unit = unit.to_ascii_lowercase();
    let description = dim.description.to_ascii_lowercase();
    let unknown = || RowProblem::UnknownUnit(unit.to_owned());
    let (shift, normal_unit) = match classified.measure {
        Measure::Tokens => {
            let shift = match lower_unit.as_str() {
                "1k tokens" => 3,
                "1m tokens" => 0,
                "units" if description.contains("million") => 0,
                "units" if description.contains("thousand") => 3,
                _ => return Err(unknown()),
            };
            (shift, TOKEN_UNIT.to_owned())
        }
        Measure::ModelUnitHours => match lower_unit.as_str() {
            "hour" | "hours" | "hrs" => (0, "hour".to_owned()),
            _ => return Err(unknown()),
        },
        Measure::ReservedTpm if lower_unit.contains("tpm") => (0, unit.to_owned()),
        Measure::ReservedTpm => return Err(unknown()),
        Measure::Image => match lower_unit.as_str() {
            "image" | "images" => (0, "image".to_owned()),
            "units" if description.contains("image") => (0, "image".to_owned()),
            _ => return Err(unknown()),
        },
    };
    let price = parse_decimal(raw_price, shift)
        .ok_or_else(|| RowProblem::BadPrice(raw_price.to_owned()))?;
    if normal_unit == TOKEN_UNIT && price > crate::catalog::pricing::MAX_TOKEN_PRICE_USD {
        return Err(RowProblem::OutOfRange(price.to_string()));
    }
    Ok(Usage {
        route: classified.route,
        dimension: classified.dimension,
        price_usd: price,
        unit: normal_unit,
        offer_price_usd: offer_price,
        offer_unit: unit.to_owned(),
    })
}
