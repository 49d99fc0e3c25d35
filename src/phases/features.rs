//! Phase 4, derived features, each from data the run has: `model_capabilities` and
//! `model_use_cases` from the modalities, `consumption_options` from the inference types and batch
//! prices, `documentation_links` from the provider. The sample's guesses are not carried over: no
//! capabilities from id substrings ("claude" means reasoning), and no `languages_supported`, which
//! no source states.

use std::collections::{BTreeMap, BTreeSet};

/// Capabilities a model's modalities prove, sorted.
pub fn capabilities(input: &[String], output: &[String]) -> Vec<String> {
    let has = |v: &[String], m: &str| v.iter().any(|x| x == m);
    let mut caps = BTreeSet::new();
    if has(input, "TEXT") && has(output, "TEXT") {
        caps.extend(["chat", "text_generation"]);
    }
    if has(input, "IMAGE") {
        caps.extend(["multimodal", "vision", "image_analysis"]);
    }
    if input.len() > 1 {
        caps.insert("multimodal");
    }
    if has(output, "EMBEDDING") {
        caps.insert("embedding");
    }
    if has(output, "IMAGE") {
        caps.insert("image_generation");
    }
    if has(output, "VIDEO") {
        caps.insert("video_generation");
    }
    if has(output, "SPEECH") || has(output, "AUDIO") {
        caps.insert("speech_generation");
    }
    caps.into_iter().map(str::to_string).collect()
}

/// Use cases implied by the capabilities (the sample's table), sorted.
pub fn use_cases(capabilities: &[String]) -> Vec<String> {
    let mut out = BTreeSet::new();
    for c in capabilities {
        let cases: &[&str] = match c.as_str() {
            "chat" => &[
                "conversational_ai",
                "customer_support",
                "virtual_assistants",
            ],
            "text_generation" => &["content_creation", "creative_writing", "documentation"],
            "multimodal" => &["document_analysis", "visual_qa", "content_understanding"],
            "vision" => &["image_captioning", "visual_analysis", "ocr"],
            "embedding" => &["semantic_search", "retrieval_augmented_generation"],
            "image_generation" => &["image_creation"],
            "video_generation" => &["video_creation"],
            _ => &[],
        };
        out.extend(cases.iter().copied());
    }
    out.into_iter().map(str::to_string).collect()
}

/// How a model can be bought, in the sample's vocabulary: `on_demand` (ON_DEMAND in some region),
/// `cross_region_inference` (INFERENCE_PROFILE), `provisioned_throughput` (PROVISIONED),
/// `batch_inference` (batch prices in some region). Sorted.
pub fn consumption_options(inference_types: &[String], has_batch_prices: bool) -> Vec<String> {
    let mut out = BTreeSet::new();
    for t in inference_types {
        match t.as_str() {
            "ON_DEMAND" => out.insert("on_demand"),
            "INFERENCE_PROFILE" => out.insert("cross_region_inference"),
            "PROVISIONED" => out.insert("provisioned_throughput"),
            _ => false,
        };
    }
    if has_batch_prices {
        out.insert("batch_inference");
    }
    out.into_iter().map(str::to_string).collect()
}

/// The AWS guides every model shares, plus the provider's model overview where the sample named one.
pub fn documentation_links(provider: &str) -> BTreeMap<String, String> {
    let mut links = BTreeMap::from([
        (
            "aws_bedrock_guide".to_string(),
            "https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html"
                .to_string(),
        ),
        (
            "pricing_guide".to_string(),
            "https://aws.amazon.com/bedrock/pricing/".to_string(),
        ),
    ]);
    let provider_docs = crate::providers::by_name(provider).and_then(|p| p.docs);
    if let Some(url) = provider_docs {
        links.insert("provider_docs".to_string(), url.to_string());
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn consumption_options_follow_types_and_batch_prices() {
        assert_eq!(
            consumption_options(&v(&["INFERENCE_PROFILE", "ON_DEMAND", "PROVISIONED"]), true),
            [
                "batch_inference",
                "cross_region_inference",
                "on_demand",
                "provisioned_throughput"
            ]
        );
        assert_eq!(
            consumption_options(&v(&["INFERENCE_PROFILE"]), false),
            ["cross_region_inference"]
        );
        assert_eq!(documentation_links("Mistral AI").len(), 3);
        assert_eq!(documentation_links("DeepSeek").len(), 2);
    }

    #[test]
    fn capabilities_follow_the_modalities() {
        assert_eq!(
            capabilities(&v(&["TEXT", "IMAGE"]), &v(&["TEXT"])),
            [
                "chat",
                "image_analysis",
                "multimodal",
                "text_generation",
                "vision"
            ]
        );
        assert_eq!(
            capabilities(&v(&["TEXT"]), &v(&["EMBEDDING"])),
            ["embedding"]
        );
        assert_eq!(
            capabilities(&v(&["TEXT", "IMAGE"]), &v(&["IMAGE"])),
            ["image_analysis", "image_generation", "multimodal", "vision"]
        );
        assert_eq!(
            use_cases(&v(&["chat", "embedding"])),
            [
                "conversational_ai",
                "customer_support",
                "retrieval_augmented_generation",
                "semantic_search",
                "virtual_assistants"
            ]
        );
    }
}
