//! Where the TLS stacks (the AWS SDK's and reqwest's, both rustls) read their root certificates.
//!
//! Both load the system's roots through `rustls-native-certs`, which on Linux reads the bundle
//! file *and* every file of the certificate directory (about 300 on Debian), one at a time, before
//! the first request can leave. When the user has not chosen (`SSL_CERT_FILE` and `SSL_CERT_DIR`
//! unset), the run points both stacks at the system's bundle file alone: the same roots (the
//! directory is generated from the same store as the bundle by `update-ca-certificates` and its
//! equivalents), read from one file.

use std::path::Path;

/// The system bundle files, in the order OpenSSL's probe looks for them.
const BUNDLES: &[&str] = &[
    // Debian, Ubuntu, Alpine (ca-certificates)
    "/etc/ssl/certs/ca-certificates.crt",
    // Fedora, RHEL, Amazon Linux
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    // openSUSE
    "/etc/ssl/ca-bundle.pem",
    // Alpine (older), BSDs
    "/etc/ssl/cert.pem",
];

/// The bundle file to use, or `None` when the user set `SSL_CERT_FILE` or `SSL_CERT_DIR` (their
/// choice stands) or no bundle file exists (the TLS stacks' own search stands).
fn bundle_to_use(
    cert_file: Option<&std::ffi::OsStr>,
    cert_dir: Option<&std::ffi::OsStr>,
    exists: impl Fn(&Path) -> bool,
) -> Option<&'static str> {
    if cert_file.is_some() || cert_dir.is_some() {
        return None;
    }
    BUNDLES.iter().copied().find(|b| exists(Path::new(b)))
}

/// Points both TLS stacks at the system's bundle file (see the module doc). Call it first thing
/// in `main`, before any thread starts: it sets environment variables.
pub fn prefer_system_bundle() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let file = std::env::var_os("SSL_CERT_FILE");
    let dir = std::env::var_os("SSL_CERT_DIR");
    if let Some(bundle) = bundle_to_use(file.as_deref(), dir.as_deref(), Path::is_file) {
        // SAFETY: called from `main` before the runtime or any other thread exists, so nothing
        // reads the environment concurrently. An empty SSL_CERT_DIR reads as "no directory".
        unsafe {
            std::env::set_var("SSL_CERT_FILE", bundle);
            std::env::set_var("SSL_CERT_DIR", "");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn the_first_bundle_that_exists_unless_the_user_chose() {
        let only = |path: &'static str| move |p: &Path| p == Path::new(path);
        assert_eq!(
            bundle_to_use(None, None, only("/etc/pki/tls/certs/ca-bundle.crt")),
            Some("/etc/pki/tls/certs/ca-bundle.crt")
        );
        assert_eq!(
            bundle_to_use(None, None, |_| true),
            Some("/etc/ssl/certs/ca-certificates.crt")
        );
        assert_eq!(bundle_to_use(None, None, |_| false), None);
        let mine = Some(OsStr::new("/opt/my-ca.pem"));
        assert_eq!(bundle_to_use(mine, None, |_| true), None);
        assert_eq!(bundle_to_use(None, mine, |_| true), None);
    }
}
