//! The Price List region indexes and offer files.

use super::*;

pub(super) fn check_region_index(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Err(e) = parse_region_index(bytes) {
        one_line("parse_region_index", &e.to_string())?;
    }
    Ok(())
}

pub(super) fn check_offer(bytes: &[u8]) -> Result<(), TestCaseError> {
    match parse_offer(bytes) {
        Err(e) => one_line("parse_offer", &e.to_string())?,
        Ok(offer) => {
            // Every row's problem (recorded in metadata) displays as one line too.
            for row in &offer.rows {
                if let Err(p) = &row.usage {
                    one_line("RowProblem", &p.to_string())?;
                }
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Price List
// ---------------------------------------------------------------------------------------------

#[test]
pub(super) fn price_list_seeds_are_valid() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let (indexes, offers) = price_list_seeds();
    for ix in indexes {
        assert!(!parse_region_index(ix).unwrap().regions.is_empty());
    }
    for o in offers {
        assert!(!parse_offer(o).unwrap().rows.is_empty());
    }
}

#[test]
pub(super) fn region_index_random_bytes() {
    fuzz("region-index/random", 512, junk(), |b| {
        check_region_index(&b)
    });
}

#[test]
pub(super) fn region_index_mutations() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let (indexes, _) = price_list_seeds();
    fuzz(
        "region-index/mutations",
        512,
        (0..indexes.len(), ops()),
        |(i, ops)| check_region_index(&apply(&indexes[i], &ops)),
    );
}

#[test]
pub(super) fn offer_random_bytes() {
    fuzz("offer/random", 512, junk(), |b| check_offer(&b));
}

#[test]
pub(super) fn offer_mutations() {
    let Some(_) = crate::support::fake_aws::fixtures() else {
        return;
    };
    let (_, offers) = price_list_seeds();
    // The smaller files (9-13 KB) keep debug-build cases fast; FUZZ_CASES covers them all.
    let n = if std::env::var_os("FUZZ_CASES").is_some() {
        offers.len()
    } else {
        5
    };
    fuzz("offer/mutations", 256, (0..n, ops()), |(i, ops)| {
        check_offer(&apply(&offers[i], &ops))
    });
}
