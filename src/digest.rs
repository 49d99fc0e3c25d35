//! Content revisions: a SHA-256 digest of some bytes as `sha256:<hex>`, the form the catalogue's
//! `revision` fields and the HTTP cache use.

use sha2::{Digest, Sha256};

/// `sha256:` and the first `hex_digits` hex digits of the digest of `bytes` (all 64 when larger).
pub fn sha256_revision(bytes: &[u8], hex_digits: usize) -> String {
    let hex: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256:{}", &hex[..hex_digits.min(hex.len())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_are_the_digest_cut_to_length() {
        let full = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(sha256_revision(b"abc", 64), full);
        assert_eq!(sha256_revision(b"abc", 100), full);
        assert_eq!(sha256_revision(b"abc", 12), "sha256:ba7816bf8f01");
    }
}
