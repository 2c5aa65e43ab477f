//! Client options and how they are resolved.
//!
//! Every option is resolved the same way, in one place ([`ClerkBuilder::build`](crate::ClerkBuilder::build)):
//!
//! 1. the value passed explicitly to the [`ClerkBuilder`](crate::ClerkBuilder), if any;
//! 2. else the environment variable, if it is set and not empty;
//! 3. else the default.
//!
//! | option | builder method | environment variable | default |
//! |---|---|---|---|
//! | secret key | `secret_key` | `CLERK_SECRET_KEY` | none: a request without one fails with [`ConfigError::MissingSecretKey`] |
//! | API URL | `api_url` | `CLERK_API_URL` | `https://api.clerk.com` |
//! | API version | `api_version` | `CLERK_API_VERSION` | `v1` |
//! | HTTP options | `http_options` | none | [`HttpOptions::default`] |
//! | retries | `retry_policy` | none | [`RetryPolicy::default`](crate::RetryPolicy::default) |
//! | request logging | `logging` | `CLERK_LOGGING` (`true`/`false`, `1`/`0`) | off |
//!
//! The environment is the process environment unless the builder is given an [`Environment`]
//! (useful in tests, where changing the process environment races with other tests).

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};

use crate::error::ConfigError;

/// The default Backend API URL.
pub const DEFAULT_API_URL: &str = "https://api.clerk.com";
/// The default Backend API version path segment.
pub const DEFAULT_API_VERSION: &str = "v1";
/// The dated Clerk API version this crate targets, sent as `Clerk-API-Version`.
pub const CLERK_API_VERSION_DATE: &str = "2026-05-12";

/// Environment variable holding the secret key.
pub const ENV_SECRET_KEY: &str = "CLERK_SECRET_KEY";
/// Environment variable holding the API URL.
pub const ENV_API_URL: &str = "CLERK_API_URL";
/// Environment variable holding the API version.
pub const ENV_API_VERSION: &str = "CLERK_API_VERSION";
/// Environment variable turning request logging on.
pub const ENV_LOGGING: &str = "CLERK_LOGGING";

/// Where environment variables are read from.
#[derive(Clone, Default)]
pub struct Environment {
    vars: Option<HashMap<String, String>>,
}

impl Environment {
    /// The process environment (`std::env::var`). This is the default.
    pub fn process() -> Self {
        Self { vars: None }
    }

    /// A fixed set of variables; nothing is read from the process.
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Self {
            vars: Some(
                pairs
                    .into_iter()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect(),
            ),
        }
    }

    /// The value of `name`, treating an empty value as unset.
    pub fn var(&self, name: &str) -> Option<String> {
        let value = match &self.vars {
            Some(vars) => vars.get(name).cloned(),
            None => std::env::var(name).ok(),
        };
        value.filter(|v| !v.trim().is_empty())
    }
}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values may be secrets: show only which variables are set.
        match &self.vars {
            None => f.write_str("Environment::Process"),
            Some(vars) => {
                let mut names: Vec<_> = vars.keys().collect();
                names.sort();
                f.debug_tuple("Environment::Fixed").field(&names).finish()
            }
        }
    }
}

/// HTTP-level options applied to every request of a client.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct HttpOptions {
    /// The time one attempt of a request may take, connection included. Defaults to 30 seconds;
    /// `None` means no limit.
    pub timeout: Option<Duration>,
    /// Extra headers sent with every request. They cannot replace `Authorization`,
    /// `Clerk-API-Version` or `User-Agent`. Defaults to none.
    pub headers: HeaderMap,
    /// Text appended to the `User-Agent` header, such as `my-app/1.2`. Defaults to none.
    pub user_agent_suffix: Option<String>,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            timeout: Some(Duration::from_secs(30)),
            headers: HeaderMap::new(),
            user_agent_suffix: None,
        }
    }
}

impl HttpOptions {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the per-attempt timeout (`None` for no limit).
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeout = timeout.into();
        self
    }

    /// Adds a header sent with every request.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// Sets the text appended to the `User-Agent` header.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }
}

/// Checks and normalises an API URL: absolute `http` or `https`, no query, no trailing slash.
pub(crate) fn parse_api_url(value: &str) -> Result<String, ConfigError> {
    let invalid = |reason: &str| ConfigError::InvalidOption {
        option: ENV_API_URL,
        reason: format!("{reason} (got {value:?})"),
    };
    let uri: http::Uri = value
        .trim()
        .parse()
        .map_err(|_| invalid("not a valid URL"))?;
    match uri.scheme_str() {
        Some("http") | Some("https") => {}
        _ => return Err(invalid("the URL must start with http:// or https://")),
    }
    if uri.authority().is_none() {
        return Err(invalid("the URL has no host"));
    }
    if uri.query().is_some() {
        return Err(invalid("the URL must not have a query string"));
    }
    Ok(value.trim().trim_end_matches('/').to_owned())
}

/// Checks an API version path segment such as `v1`.
pub(crate) fn parse_api_version(value: &str) -> Result<String, ConfigError> {
    let value = value.trim().trim_matches('/');
    let ok = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if ok {
        Ok(value.to_owned())
    } else {
        Err(ConfigError::InvalidOption {
            option: ENV_API_VERSION,
            reason: format!("expected a path segment such as \"v1\" (got {value:?})"),
        })
    }
}

/// Parses a boolean environment value.
pub(crate) fn parse_bool(option: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(ConfigError::InvalidOption {
            option,
            reason: format!("expected true or false (got {value:?})"),
        }),
    }
}

/// Resolves one option: explicit value, else environment variable (parsed), else default.
pub(crate) fn resolve<T>(
    explicit: Option<T>,
    env: &Environment,
    var: &'static str,
    parse: impl FnOnce(&str) -> Result<T, ConfigError>,
) -> Result<Option<T>, ConfigError> {
    if explicit.is_some() {
        return Ok(explicit);
    }
    env.var(var).map(|v| parse(&v)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_urls_are_checked_and_normalised() {
        assert_eq!(
            parse_api_url("https://api.clerk.com/").unwrap(),
            "https://api.clerk.com"
        );
        assert_eq!(
            parse_api_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "api.clerk.com",
            "ftp://x",
            "https://",
            "https://a b",
            "http://x/?q=1",
        ] {
            let err = parse_api_url(bad).unwrap_err();
            assert!(err.to_string().contains("CLERK_API_URL"), "{bad}: {err}");
        }
    }

    #[test]
    fn api_versions_are_path_segments() {
        assert_eq!(parse_api_version("v1").unwrap(), "v1");
        assert_eq!(parse_api_version("/v2/").unwrap(), "v2");
        assert!(parse_api_version("v1/users").is_err());
        assert!(parse_api_version("").is_err());
    }

    #[test]
    fn booleans_accept_the_usual_spellings_and_reject_the_rest() {
        assert!(parse_bool(ENV_LOGGING, "TRUE").unwrap());
        assert!(!parse_bool(ENV_LOGGING, "0").unwrap());
        let err = parse_bool(ENV_LOGGING, "verbose").unwrap_err();
        assert!(err.to_string().contains("CLERK_LOGGING"));
    }

    #[test]
    fn empty_environment_values_count_as_unset() {
        let env = Environment::from_pairs([("CLERK_API_URL", "  "), ("CLERK_API_VERSION", "v2")]);
        assert_eq!(env.var("CLERK_API_URL"), None);
        assert_eq!(env.var("CLERK_API_VERSION").as_deref(), Some("v2"));
        assert!(format!("{env:?}").contains("CLERK_API_VERSION"));
        assert!(!format!("{env:?}").contains("v2"));
    }
}
