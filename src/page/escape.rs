//! The one escaping function: every catalogue string goes through it, in text and in attributes.

use std::borrow::Cow;

/// `s` with `& < > " '` replaced by their character references: safe as element text and as a
/// double- or single-quoted attribute value. Borrowed when nothing needs escaping (most ids).
pub fn esc(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A model key as an element id fragment: `card-` + the key, whose characters (letters, digits,
/// `.`, `-`, `:`, `_`) are all valid in an id and a URL fragment; anything else becomes `_`.
pub fn card_id(key: &str) -> String {
    let mut id = String::with_capacity(key.len() + 5);
    id.push_str("card-");
    id.extend(key.chars().map(|c| {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':') {
            c
        } else {
            '_'
        }
    }));
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters_and_borrows_otherwise() {
        assert_eq!(
            esc(r#"<a href="x" title='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
        assert!(matches!(
            esc("anthropic.claude-sonnet-4-5-20250929-v1:0"),
            Cow::Borrowed(_)
        ));
        assert_eq!(esc("Llama 3.2 11B Instruct ü"), "Llama 3.2 11B Instruct ü");
    }

    #[test]
    fn a_script_end_tag_in_a_name_stays_text() {
        assert_eq!(
            esc("</script><script>x()"),
            "&lt;/script&gt;&lt;script&gt;x()"
        );
    }

    #[test]
    fn card_ids_keep_model_keys_readable() {
        assert_eq!(
            card_id("anthropic.claude-3-haiku-20240307-v1"),
            "card-anthropic.claude-3-haiku-20240307-v1"
        );
        assert_eq!(card_id("a b\"c"), "card-a_b_c");
    }
}
