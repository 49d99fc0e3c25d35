//! The up-front credential check: resolves credentials once, before any region is called, and
//! turns a failure into one sentence with its innermost cause and the fix for that cause.

use std::borrow::Cow;

use aws_config::SdkConfig;
use aws_credential_types::provider::ProvideCredentials;
use aws_credential_types::provider::error::CredentialsError as SdkCredentialsError;
use aws_sdk_bedrock::error::ErrorMetadata;
use tracing::debug;

use crate::redact::one_line;

/// Which profile a run uses, who named it, and what the SDK's config file says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ProfileContext {
    /// `None`: no profile named (the SDK's default chain).
    name: Option<String>,
    /// `--profile` or `AWS_PROFILE`.
    named_by: &'static str,
    /// The config file the SDK read: `AWS_CONFIG_FILE`, else `~/.aws/config` under `HOME`.
    config_file: String,
    /// The profile's `role_arn`, when it assumes a role.
    role_arn: Option<String>,
}

/// Why the credential chain failed, as read from its error chain.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Cause {
    /// The innermost messages worth reading (the SDK's "an error occurred" layers dropped).
    chain: Vec<String>,
    /// The service error (code, message) when an AWS call (STS) answered with one.
    service: Option<(String, String)>,
}

pub use crate::records::CredentialSource;

/// Why the run has no usable credentials: each reads as one sentence with the cause and its fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    /// The SDK's configuration has no credentials provider at all.
    #[error("no AWS credentials provider is configured")]
    NoProvider,
    /// No provider of the default chain had credentials.
    #[error("no AWS credentials were found; {fix}", fix = GENERIC_FIX)]
    NotFound,
    /// The named profile gave no credentials: most likely it is not defined.
    #[error(
        "AWS profile `{profile}` gave no credentials (it was named by {named_by}): is it defined in {config_file}?"
    )]
    ProfileGaveNone {
        profile: String,
        named_by: &'static str,
        config_file: String,
    },
    /// The profile's SSO session is missing or expired.
    #[error("{who} could not give credentials: {cause}; run `aws sso login --profile {profile}`")]
    SsoLogin {
        who: String,
        cause: String,
        profile: String,
    },
    /// The profile's `credential_process` failed.
    #[error(
        "{who} could not give credentials: {cause}; fix the credential_process of profile `{profile}` in {config_file}"
    )]
    CredentialProcess {
        who: String,
        cause: String,
        profile: String,
        config_file: String,
    },
    /// STS answered the profile's AssumeRole with an error.
    #[error(
        "{who} could not assume role {role}: STS AssumeRole failed with {code}: {message}; {fix}"
    )]
    AssumeRoleRefused {
        who: String,
        role: String,
        code: String,
        message: String,
        fix: String,
    },
    /// The profile's role could not be assumed for another reason.
    #[error(
        "{who} could not assume role {role}: {cause}; check role_arn and source_profile of profile `{profile}` in {config_file}"
    )]
    AssumeRole {
        who: String,
        role: String,
        cause: String,
        profile: String,
        config_file: String,
    },
    /// Any other failure of the chain, with the fix its cause suggests.
    #[error("{who} could not give credentials: {cause}; {fix}")]
    Unavailable {
        who: String,
        cause: String,
        fix: String,
    },
}

/// Where the SDK takes credentials from: a named profile's own provider (never the environment's
/// keys, see `aws::load_sdk_config`), else the default chain, whose first link is the
/// environment.
fn source_of(profile: Option<&str>) -> String {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    match (profile, env("AWS_ACCESS_KEY_ID"), env("AWS_PROFILE")) {
        (Some(p), _, _) => format!("profile {p} (--profile)"),
        (None, Some(_), _) => "environment (AWS_ACCESS_KEY_ID)".to_string(),
        (None, None, Some(p)) => format!("profile {p} (AWS_PROFILE)"),
        (None, None, None) => "default chain".to_string(),
    }
}

/// Resolves credentials once, before any region is called, so that a missing or broken
/// credentials chain is one clear error instead of one failure per region. The SDK's own chain
/// (its Debug form) is logged at `-v` only. Returns where the credentials came from.
pub async fn check_credentials(
    config: &SdkConfig,
    profile: Option<&str>,
) -> Result<CredentialSource, CredentialsError> {
    let Some(provider) = config.credentials_provider() else {
        return Err(CredentialsError::NoProvider);
    };
    match provider.provide_credentials().await {
        Ok(creds) => {
            crate::redact::register(&[
                creds.access_key_id(),
                creds.secret_access_key(),
                creds.session_token().unwrap_or(""),
            ]);
            let mut source = CredentialSource {
                source: source_of(profile),
                account_id: None,
            };
            if let Some(account) = creds.account_id() {
                source.set_account(account.as_str());
            }
            debug!(credentials = %source.describe(), "credentials resolved");
            Ok(source)
        }
        Err(err) => {
            debug!("credentials error chain: {err:?}");
            let ctx = profile_context(profile).await;
            Err(match err {
                SdkCredentialsError::CredentialsNotLoaded(_) => not_loaded(&ctx),
                err => explain(&ctx, &cause(&err)),
            })
        }
    }
}

/// The profile named by `--profile` (or the config file's `profile`), else `AWS_PROFILE`, with its
/// `role_arn` as the SDK's own profile reader sees it (the same files, `AWS_CONFIG_FILE` included).
async fn profile_context(profile: Option<&str>) -> ProfileContext {
    let (name, named_by) = match profile {
        Some(p) => (Some(p.to_string()), "--profile"),
        None => (
            std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()),
            "AWS_PROFILE",
        ),
    };
    let config_file = std::env::var("AWS_CONFIG_FILE")
        .ok()
        .filter(|p| !p.is_empty())
        .or_else(|| {
            std::env::var("HOME")
                .ok()
                .filter(|h| !h.is_empty())
                .map(|h| format!("{}/.aws/config", h.trim_end_matches('/')))
        })
        .unwrap_or_else(|| "~/.aws/config".to_string());
    let selected = name.clone().unwrap_or_else(|| "default".to_string());
    // `ProfileFiles` is aws-config's deprecated alias of aws-runtime's type, which `load` takes;
    // the alias spares a direct dependency on aws-runtime.
    #[allow(deprecated)]
    let files = aws_config::profile::profile_file::ProfileFiles::default();
    let role_arn = aws_config::profile::load(
        &aws_types::os_shim_internal::Fs::real(),
        &aws_types::os_shim_internal::Env::real(),
        &files,
        Some(Cow::Owned(selected.clone())),
    )
    .await
    .ok()
    .and_then(|set| {
        set.get_profile(&selected)
            .and_then(|p| p.get("role_arn"))
            .map(str::to_string)
    });
    ProfileContext {
        name,
        named_by,
        config_file,
        role_arn,
    }
}

/// No provider in the chain had credentials: a profile that is not defined, or nothing at all.
fn not_loaded(ctx: &ProfileContext) -> CredentialsError {
    match &ctx.name {
        Some(p) => CredentialsError::ProfileGaveNone {
            profile: p.clone(),
            named_by: ctx.named_by,
            config_file: ctx.config_file.clone(),
        },
        None => CredentialsError::NotFound,
    }
}

const GENERIC_FIX: &str = "run `aws configure` or `aws sso login`, pass --profile or set \
                           AWS_PROFILE, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";

/// The readable part of an error chain: each layer's message once, without the SDK's
/// "an error occurred ..." wrappers; a service error by its code and message, not its Debug form.
fn cause(err: &(dyn std::error::Error + 'static)) -> Cause {
    let mut out = Cause::default();
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = next {
        if let Some(meta) = e.downcast_ref::<ErrorMetadata>() {
            let code = meta.code().unwrap_or("").to_string();
            let message = one_line(meta.message().unwrap_or(""));
            // The wrapper above it ("unhandled error (AccessDenied)") says less.
            if out.chain.last().is_some_and(|l| l.contains(&code)) {
                out.chain.pop();
            }
            out.chain.push(format!("{code}: {message}"));
            out.service = Some((code, message));
            break;
        }
        let text = one_line(e.to_string().trim_end());
        if !text.starts_with("an error occurred")
            && !text.starts_with("service error")
            && !out.chain.contains(&text)
        {
            out.chain.push(text);
        }
        next = e.source();
    }
    out
}

/// Who could not give credentials, the innermost cause, the fix for that cause.
fn explain(ctx: &ProfileContext, cause: &Cause) -> CredentialsError {
    let n = cause.chain.len();
    let text = match n {
        0 => "the SDK gave no reason".to_string(),
        1 => cause.chain[0].clone(),
        // The innermost cause, after its parent when that gives context (a path).
        _ => format!("{}: {}", cause.chain[n - 2], cause.chain[n - 1]),
    };
    let lower = text.to_lowercase();
    let profile = ctx.name.as_deref().unwrap_or("default").to_string();
    let config_file = ctx.config_file.clone();
    let who = match &ctx.name {
        Some(p) => format!("AWS profile `{p}` (from {}, {config_file})", ctx.named_by),
        None => "the AWS SDK's default credential chain".to_string(),
    };
    if lower.contains("sso") || lower.contains("token") && lower.contains("cache") {
        return CredentialsError::SsoLogin {
            who,
            cause: text,
            profile,
        };
    }
    if lower.contains("external process") {
        return CredentialsError::CredentialProcess {
            who,
            cause: text,
            profile,
            config_file,
        };
    }
    if let (Some(role), Some((code, message))) = (&ctx.role_arn, &cause.service) {
        // The role's STS call answered with an error: name the role, the error and its fix.
        let fix = match code.as_str() {
            "AccessDenied" => format!(
                "let the source profile's identity call sts:AssumeRole on {role}, and the role's trust policy trust it"
            ),
            "ExpiredToken"
            | "ExpiredTokenException"
            | "InvalidClientTokenId"
            | "SignatureDoesNotMatch" => format!(
                "the source profile's credentials are invalid or expired: refresh them, or fix source_profile of profile `{profile}` in {config_file}"
            ),
            _ => {
                format!("check role_arn and source_profile of profile `{profile}` in {config_file}")
            }
        };
        return CredentialsError::AssumeRoleRefused {
            who,
            role: role.clone(),
            code: code.clone(),
            message: message.clone(),
            fix,
        };
    }
    if let Some(role) = &ctx.role_arn {
        return CredentialsError::AssumeRole {
            who,
            role: role.clone(),
            cause: text,
            profile,
            config_file,
        };
    }
    let fix = if lower.contains("not defined") || lower.contains("could not find") {
        format!(
            "define profile `{profile}` (from {}) in {config_file} or pick another",
            ctx.named_by
        )
    } else {
        GENERIC_FIX.to_string()
    };
    CredentialsError::Unavailable {
        who,
        cause: text,
        fix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(role: Option<&str>) -> ProfileContext {
        ProfileContext {
            name: Some("reader".into()),
            named_by: "--profile",
            config_file: "/etc/aws/config".into(),
            role_arn: role.map(str::to_string),
        }
    }

    #[test]
    fn a_failed_assume_role_names_the_role_the_sts_error_and_its_fix() {
        let cause = Cause {
            chain: vec!["AccessDenied: User u is not authorized".into()],
            service: Some(("AccessDenied".into(), "User u is not authorized".into())),
        };
        assert_eq!(
            explain(&ctx(Some("arn:aws:iam::1:role/R")), &cause).to_string(),
            "AWS profile `reader` (from --profile, /etc/aws/config) could not assume role \
             arn:aws:iam::1:role/R: STS AssumeRole failed with AccessDenied: User u is not \
             authorized; let the source profile's identity call sts:AssumeRole on \
             arn:aws:iam::1:role/R, and the role's trust policy trust it"
        );
        let expired = Cause {
            service: Some(("ExpiredToken".into(), "expired".into())),
            ..cause.clone()
        };
        assert!(
            explain(&ctx(Some("arn:aws:iam::1:role/R")), &expired)
                .to_string()
                .ends_with("the source profile's credentials are invalid or expired: refresh them, or fix source_profile of profile `reader` in /etc/aws/config")
        );
        // The code can tell why: the refusal is named with STS's code.
        assert!(matches!(
            explain(&ctx(Some("arn:aws:iam::1:role/R")), &cause),
            CredentialsError::AssumeRoleRefused { code, .. } if code == "AccessDenied"
        ));
        // The same service error without a role is not called an assumed role.
        assert!(explain(&ctx(None), &cause).to_string().starts_with(
            "AWS profile `reader` (from --profile, /etc/aws/config) could not give credentials: AccessDenied"
        ));
    }

    #[test]
    fn a_service_error_reads_as_code_and_message_not_debug() {
        let meta = ErrorMetadata::builder()
            .code("AccessDenied")
            .message("no\n  way")
            .build();
        let c = cause(&meta);
        assert_eq!(c.chain, ["AccessDenied: no way"]);
        assert_eq!(
            c.service,
            Some(("AccessDenied".to_string(), "no way".to_string()))
        );
    }
}
