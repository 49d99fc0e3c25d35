//! The corrections file.

use super::*;

pub(super) fn check_corrections(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Err(e) = Corrections::parse(bytes, "corrections/model_spec_corrections.json") {
        let msg = e.to_string();
        one_line("Corrections::parse", &msg)?;
        prop_assert!(
            msg.starts_with(
                "invalid corrections file corrections/model_spec_corrections.json at line "
            ),
            "{msg}"
        );
        // The line named exists in the file (or is the line after the last).
        let line: usize = msg
            .split(" at line ")
            .nth(1)
            .and_then(|r| r.split([',', ':']).next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        prop_assert!(
            line >= 1 && line <= lines + 1,
            "line {line} of {lines}: {msg}"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Corrections
// ---------------------------------------------------------------------------------------------

#[test]
pub(super) fn corrections_seed_is_valid() {
    Corrections::parse(corrections_seed(), "c.json").unwrap();
}

#[test]
pub(super) fn corrections_random_bytes() {
    fuzz("corrections/random", 512, junk(), |b| check_corrections(&b));
}

#[test]
pub(super) fn corrections_mutations() {
    fuzz("corrections/mutations", 512, ops(), |ops| {
        check_corrections(&apply(corrections_seed(), &ops))
    });
}
