//! The providers of Bedrock models, named once for every phase: the id that prefixes their model
//! ids, how AWS spells them at the start of names (providerName, quota names, price rows), and
//! where their own model documentation is.

/// One provider.
#[derive(Debug)]
pub struct Provider {
    /// The vendor prefix of its model ids (`anthropic`, `mistral`, `twelvelabs`).
    pub id: &'static str,
    /// Its spellings as lower-case words, longest first, so that "Mistral AI" is taken before
    /// "Mistral".
    pub spellings: &'static [&'static [&'static str]],
    /// The provider's model overview, where known.
    pub docs: Option<&'static str>,
}

const fn provider(
    id: &'static str,
    spellings: &'static [&'static [&'static str]],
    docs: Option<&'static str>,
) -> Provider {
    Provider {
        id,
        spellings,
        docs,
    }
}

/// Every provider Bedrock lists, by id.
pub const PROVIDERS: &[Provider] = &[
    provider(
        "ai21",
        &[&["ai21", "labs"], &["ai21"]],
        Some("https://docs.ai21.com/docs/overview"),
    ),
    provider(
        "amazon",
        &[&["amazon"]],
        Some("https://docs.aws.amazon.com/nova/latest/userguide/what-is-nova.html"),
    ),
    provider(
        "anthropic",
        &[&["anthropic"]],
        Some("https://docs.claude.com/en/docs/about-claude/models/overview"),
    ),
    provider(
        "cohere",
        &[&["cohere"]],
        Some("https://docs.cohere.com/docs/models"),
    ),
    provider("deepseek", &[&["deepseek"]], None),
    provider("google", &[&["google"]], None),
    provider("luma", &[&["luma", "ai"], &["luma"]], None),
    provider(
        "meta",
        &[&["meta"]],
        Some("https://www.llama.com/docs/overview/"),
    ),
    provider("minimax", &[&["minimax"]], None),
    provider(
        "mistral",
        &[&["mistral", "ai"], &["mistral"]],
        Some("https://docs.mistral.ai/getting-started/models/models_overview/"),
    ),
    provider(
        "moonshot",
        &[&["moonshot", "ai"], &["moonshotai"], &["moonshot"]],
        None,
    ),
    provider("nvidia", &[&["nvidia"]], None),
    provider("openai", &[&["openai"]], None),
    provider("qwen", &[&["qwen"]], None),
    provider(
        "stability",
        &[&["stability", "ai"], &["stability"]],
        Some("https://stability.ai/core-models"),
    ),
    provider("twelvelabs", &[&["twelve", "labs"], &["twelvelabs"]], None),
    provider("writer", &[&["writer", "ai"], &["writer"]], None),
    provider("zai", &[&["z", "ai"], &["zai"]], None),
];

/// Every spelling with its provider id, each provider's longest first.
pub fn spellings() -> impl Iterator<Item = (&'static [&'static str], &'static str)> {
    PROVIDERS
        .iter()
        .flat_map(|p| p.spellings.iter().map(move |s| (*s, p.id)))
}

/// The provider a `providerName` names exactly ("Mistral AI", "Z.AI", "TwelveLabs"), if known.
pub fn by_name(provider_name: &str) -> Option<&'static Provider> {
    let words: Vec<String> = provider_name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    PROVIDERS.iter().find(|p| {
        p.spellings
            .iter()
            .any(|s| words.iter().map(String::as_str).eq(s.iter().copied()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_names_as_aws_writes_them() {
        for (name, id) in [
            ("Mistral AI", "mistral"),
            ("Z.AI", "zai"),
            ("AI21 Labs", "ai21"),
            ("TwelveLabs", "twelvelabs"),
            ("Stability AI", "stability"),
            ("Amazon", "amazon"),
        ] {
            assert_eq!(by_name(name).map(|p| p.id), Some(id), "{name}");
        }
        assert!(by_name("Mistral Large").is_none());
        assert!(by_name("Acme").is_none());
    }

    #[test]
    fn spellings_are_longest_first_within_a_provider() {
        for p in PROVIDERS {
            assert!(
                p.spellings.windows(2).all(|w| w[0].len() >= w[1].len()),
                "{}",
                p.id
            );
        }
        // The 27 spellings of the table this replaced (quotas), none lost.
        assert_eq!(spellings().count(), 27);
    }
}
