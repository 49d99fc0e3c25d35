//! Service Quotas names.

use super::*;

// ---------------------------------------------------------------------------------------------
// Service Quotas names
// ---------------------------------------------------------------------------------------------

#[test]
pub(super) fn quota_names() {
    fuzz("quota-names", 4096, piece_string(), |name| {
        let _ = parse_quota_name(&name);
        Ok(())
    });
}
