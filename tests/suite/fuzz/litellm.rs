//! LiteLLM's database and its keys.

use super::*;

/// Each parser on arbitrary bytes: no panic (proptest catches it), errors on one line.
pub(super) fn check_litellm(bytes: &[u8]) -> Result<(), TestCaseError> {
    let parsed = LiteLlmDb::parse(bytes);
    if let Err(e) = &parsed {
        one_line("LiteLlmDb::parse", &e.to_string())?;
    }
    // Oracle: the parser reads only the fields it needs, without building the document; it must
    // agree with reading the whole document as a `serde_json::Value`.
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Object(map)) => {
            let db =
                parsed.map_err(|e| TestCaseError::fail(format!("valid object refused: {e}")))?;
            prop_assert_eq!(db.len(), map.len());
            let want = reference_litellm_entries(&map);
            let got: Vec<_> = db
                .bedrock_entries()
                .iter()
                .map(|e| {
                    (
                        e.key.clone(),
                        e.litellm_provider.clone(),
                        e.mode.clone(),
                        [e.max_input_tokens, e.max_output_tokens, e.max_tokens],
                    )
                })
                .collect();
            prop_assert_eq!(got, want);
        }
        Ok(_) => prop_assert!(parsed.is_err(), "a non-object accepted"),
        Err(e) => prop_assert!(parsed.is_err(), "invalid JSON accepted: {e}"),
    }
    Ok(())
}

/// The Bedrock entries as the whole-document reading gives them, sorted by key.
#[allow(clippy::type_complexity)]
pub(super) fn reference_litellm_entries(
    map: &serde_json::Map<String, serde_json::Value>,
) -> Vec<(String, String, Option<String>, [Option<u64>; 3])> {
    let count = |v: Option<&serde_json::Value>| -> Option<u64> {
        let n = v?.as_number()?;
        let n = n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 1e15)
                .map(|f| f as u64)
        })?;
        // Zero is absent, and so is a count no model has (issue 29: 2^63 was published).
        (n > 0 && n <= bedrock_collector::phases::token_specs::MAX_TOKEN_COUNT).then_some(n)
    };
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    keys.into_iter()
        .filter_map(|k| {
            let f = map[k].as_object()?;
            let provider = f
                .get("litellm_provider")
                .and_then(|p| p.as_str())
                .unwrap_or("");
            if !["bedrock", "bedrock_converse"].contains(&provider) {
                return None;
            }
            parse_litellm_key(k)?;
            Some((
                k.clone(),
                provider.to_string(),
                f.get("mode").and_then(|m| m.as_str()).map(str::to_string),
                [
                    count(f.get("max_input_tokens")),
                    count(f.get("max_output_tokens")),
                    count(f.get("max_tokens")),
                ],
            ))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// LiteLLM
// ---------------------------------------------------------------------------------------------

#[test]
pub(super) fn litellm_seed_is_valid() {
    let db = LiteLlmDb::parse(litellm_excerpt()).unwrap();
    assert_eq!(db.len(), 70);
    assert_eq!(db.bedrock_entries().len(), 54);
}

/// The repository's excerpt is LiteLLM's data unchanged: each of its entries is the same-named
/// entry of the whole database (the fixture, extracted from the PyPI wheel the excerpt was cut
/// from; `DATA-LICENSES.md`).
#[test]
pub(super) fn the_litellm_excerpt_is_unchanged_from_litellms_file() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let whole: serde_json::Value = serde_json::from_slice(full_litellm()).unwrap();
    let excerpt: serde_json::Value = serde_json::from_slice(litellm_excerpt()).unwrap();
    let excerpt = excerpt.as_object().unwrap();
    assert_eq!(excerpt.len(), 70);
    for (key, entry) in excerpt {
        assert_eq!(Some(entry), whole.get(key), "{key}");
    }
}

/// The real 3.4 MB database: every Bedrock entry as reading the whole document gives it.
#[test]
pub(super) fn full_litellm_matches_the_whole_document_reading() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    check_litellm(full_litellm()).unwrap();
    assert_eq!(LiteLlmDb::parse(full_litellm()).unwrap().len(), 4878);
}

#[test]
pub(super) fn litellm_random_bytes() {
    fuzz("litellm/random", 512, junk(), |b| check_litellm(&b));
}

#[test]
pub(super) fn litellm_mutations() {
    fuzz("litellm/mutations", 256, ops(), |ops| {
        check_litellm(&apply(litellm_excerpt(), &ops))
    });
}

/// Structured: Bedrock entries with odd keys and odd field values always parse (an odd entry is
/// skipped or listed, never fatal), and every indexed entry can be looked up by its model id.
#[test]
pub(super) fn litellm_odd_entries() {
    let value = prop_oneof![
        Just(serde_json::json!(null)),
        Just(serde_json::json!(-1)),
        Just(serde_json::json!(0)),
        Just(serde_json::json!(1.5)),
        Just(serde_json::json!(1e300)),
        Just(serde_json::json!(u64::MAX)),
        Just(serde_json::json!(i64::MIN)),
        Just(serde_json::json!("200000")),
        Just(serde_json::json!([])),
        Just(serde_json::json!({})),
        any::<u64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
    ];
    let entry = (
        piece_string(),
        prop::sample::select(&["bedrock", "bedrock_converse", "openai", ""][..]),
        value.clone(),
        value.clone(),
        value,
    );
    fuzz(
        "litellm/odd-entries",
        128,
        prop::collection::vec(entry, 0..40),
        |entries| {
            let mut map = serde_json::Map::new();
            for (key, provider, input, output, max) in entries {
                map.insert(
                    key,
                    serde_json::json!({
                        "litellm_provider": provider,
                        "max_input_tokens": input,
                        "max_output_tokens": output,
                        "max_tokens": max,
                        "mode": "chat",
                    }),
                );
            }
            let bytes = serde_json::to_vec(&map).unwrap();
            check_litellm(&bytes)?;
            let db = LiteLlmDb::parse(&bytes)
                .map_err(|e| TestCaseError::fail(format!("valid object rejected: {e}")))?;
            prop_assert_eq!(db.len(), map.len());
            for e in db.bedrock_entries() {
                prop_assert!(db.entries_for(&e.parsed.model_id).contains(&e));
                for n in [e.max_input_tokens, e.max_output_tokens, e.max_tokens]
                    .into_iter()
                    .flatten()
                {
                    // A whole number of tokens up to the sane limit is taken as given;
                    // fractions, negatives, zero and absurd counts are not.
                    prop_assert!(
                        n > 0 && n <= bedrock_collector::phases::token_specs::MAX_TOKEN_COUNT
                    );
                }
            }
            Ok(())
        },
    );
}

#[test]
pub(super) fn litellm_keys() {
    fuzz("litellm/keys", 4096, piece_string(), |key| {
        if let Some(k) = parse_litellm_key(&key) {
            prop_assert!(!k.model_id.is_empty());
            prop_assert!(key.contains(&k.model_id), "{key:?} -> {k:?}");
        }
        Ok(())
    });
}
