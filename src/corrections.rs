//! The token-spec corrections shipped with the project, compiled into the binary so that it runs
//! from any working directory (cron, CI, a container). `--corrections PATH` replaces them.

/// `corrections/model_spec_corrections.json` as it was when the binary was built.
pub const BUILT_IN: &str = include_str!("../corrections/model_spec_corrections.json");

/// What `metadata.sources.corrections.location` says for the built-in corrections.
pub const BUILT_IN_LOCATION: &str = "built-in";

/// The built-in corrections' revision: `sha256:` and the first 12 hex digits of their text.
pub fn built_in_revision() -> String {
    revision(BUILT_IN.as_bytes())
}

/// `sha256:` and the first 12 hex digits of `bytes`.
pub fn revision(bytes: &[u8]) -> String {
    crate::digest::sha256_revision(bytes, 12)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_corrections_parse() {
        let c = crate::phases::token_specs::Corrections::parse(BUILT_IN.as_bytes(), "built-in")
            .expect("the shipped corrections are valid");
        assert_ne!(c.len(), 0);
        assert_eq!(built_in_revision().len(), "sha256:".len() + 12);
    }
}
