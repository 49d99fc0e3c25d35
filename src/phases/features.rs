//! Phase 4, derived features: `model_capabilities` and `model_use_cases`, from the modalities the API
//! reports. Only what the modalities prove: the sample's guesses from id substrings ("claude" means
//! reasoning) are not carried over.

use std::collections::BTreeSet;

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

#[cfg(test)]
mod tests {
    use super::*;

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
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
