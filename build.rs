//! Sets `BEDROCK_COLLECTOR_VERSION` for `--version`: the package version, followed by the git
//! revision when the build runs in a git checkout (`0.1.0 (git 1a2b3c4d5e6f)`). Outside a checkout
//! (a source tarball, no `git` on the PATH) it is the package version alone.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

/// Re-run only when a watched file exists: cargo re-runs a build script on every build while a
/// watched path is missing.
fn watch(path: &std::path::Path) {
    if path.exists() {
        println!("cargo::rerun-if-changed={}", path.display());
    }
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let version = env!("CARGO_PKG_VERSION");
    let Some(revision) = git(&["rev-parse", "--short=12", "HEAD"]) else {
        println!("cargo::rustc-env=BEDROCK_COLLECTOR_VERSION={version}");
        return;
    };
    // A new commit moves HEAD (detached) or the branch it names (loose or packed).
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Some(git_dir) = git(&["rev-parse", "--git-dir"]) {
        watch(&root.join(git_dir).join("HEAD"));
    }
    if let Some(common) = git(&["rev-parse", "--git-common-dir"]) {
        let common = root.join(common);
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            watch(&common.join(branch));
        }
        watch(&common.join("packed-refs"));
    }
    println!("cargo::rustc-env=BEDROCK_COLLECTOR_VERSION={version} (git {revision})");
}
