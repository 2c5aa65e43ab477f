//! The one error type of the crate.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use http::StatusCode;
use serde::Deserialize;

use crate::transport::TransportError;

/// The result type of every fallible operation in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error from the Clerk client: an API error, a transport failure, a response that could not be
/// decoded, or a configuration problem. Inspect it with [`kind`](Self::kind) and the accessors.
pub struct Error {
    inner: Box<Inner>,
}

enum Inner {
    Api(ApiError),
    Transport(TransportError),
    Decode {
        status: StatusCode,
        body: String,
        source: serde_json::Error,
    },
    Config(ConfigError),
}

/// The category of an [`Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The Backend API answered with an error status; see [`Error::as_api`].
    Api,
    /// The request could not be sent or its response not received; see [`Error::as_transport`].
    Transport,
    /// A successful response could not be decoded into the expected type.
    Decode,
    /// The client is misconfigured (missing secret key, invalid URL, …); see [`Error::as_config`].
    Config,
}

impl Error {
    /// The category of this error.
    pub fn kind(&self) -> ErrorKind {
        match &*self.inner {
            Inner::Api(_) => ErrorKind::Api,
            Inner::Transport(_) => ErrorKind::Transport,
            Inner::Decode { .. } => ErrorKind::Decode,
            Inner::Config(_) => ErrorKind::Config,
        }
    }

    /// The API error, when the Backend API answered with an error status.
    pub fn as_api(&self) -> Option<&ApiError> {
        match &*self.inner {
            Inner::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The transport error, when the request failed below HTTP.
    pub fn as_transport(&self) -> Option<&TransportError> {
        match &*self.inner {
            Inner::Transport(e) => Some(e),
            _ => None,
        }
    }

    /// The configuration error, when the client is misconfigured.
    pub fn as_config(&self) -> Option<&ConfigError> {
        match &*self.inner {
            Inner::Config(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status of an API or decode error.
    pub fn status(&self) -> Option<StatusCode> {
        match &*self.inner {
            Inner::Api(e) => Some(e.status),
            Inner::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The raw response body of a decode error, for debugging.
    pub fn body(&self) -> Option<&str> {
        match &*self.inner {
            Inner::Api(e) => Some(&e.body),
            Inner::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// `true` for a 404 from the API.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// `true` for a 429 from the API.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    pub(crate) fn api(error: ApiError) -> Self {
        Self {
            inner: Box::new(Inner::Api(error)),
        }
    }

    pub(crate) fn decode(status: StatusCode, body: &[u8], source: serde_json::Error) -> Self {
        Self {
            inner: Box::new(Inner::Decode {
                status,
                body: String::from_utf8_lossy(body).into_owned(),
                source,
            }),
        }
    }

    pub(crate) fn config(error: ConfigError) -> Self {
        Self {
            inner: Box::new(Inner::Config(error)),
        }
    }
}

impl From<TransportError> for Error {
    fn from(error: TransportError) -> Self {
        Self {
            inner: Box::new(Inner::Transport(error)),
        }
    }
}

impl From<ConfigError> for Error {
    fn from(error: ConfigError) -> Self {
        Self::config(error)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.inner {
            Inner::Api(e) => f.debug_tuple("Error::Api").field(e).finish(),
            Inner::Transport(e) => f.debug_tuple("Error::Transport").field(e).finish(),
            Inner::Decode {
                status,
                body,
                source,
            } => f
                .debug_struct("Error::Decode")
                .field("status", status)
                .field("body", body)
                .field("source", source)
                .finish(),
            Inner::Config(e) => f.debug_tuple("Error::Config").field(e).finish(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.inner {
            Inner::Api(e) => fmt::Display::fmt(e, f),
            Inner::Transport(e) => fmt::Display::fmt(e, f),
            Inner::Decode { status, source, .. } => write!(
                f,
                "could not decode the Clerk API response (HTTP {status}): {source}"
            ),
            Inner::Config(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &*self.inner {
            Inner::Api(_) => None,
            Inner::Transport(e) => Some(e),
            Inner::Decode { source, .. } => Some(source),
            Inner::Config(_) => None,
        }
    }
}

/// An error answered by the Clerk Backend API (any non-2xx status).
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    trace_id: Option<String>,
    retry_after: Option<Duration>,
    errors: Vec<ClerkError>,
    body: String,
}

/// One entry of the `errors` array of Clerk's error JSON.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ClerkError {
    /// A stable, machine-readable code such as `resource_not_found` or `form_identifier_exists`.
    pub code: String,
    /// A short message.
    #[serde(default)]
    pub message: String,
    /// A longer message for developers.
    #[serde(default)]
    pub long_message: String,
    /// Extra data, such as `param_name`.
    #[serde(default)]
    pub meta: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct ClerkErrorsBody {
    #[serde(default)]
    errors: Vec<ClerkError>,
    #[serde(default)]
    clerk_trace_id: Option<String>,
}

impl ApiError {
    /// Decodes an error response: the `ClerkErrors` JSON when the body holds it, the trace id from
    /// the body or else the `CF-Ray` header, and the `Retry-After` header.
    pub(crate) fn from_response(
        status: StatusCode,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Self {
        let parsed: Option<ClerkErrorsBody> = serde_json::from_slice(body).ok();
        let (errors, body_trace) = match parsed {
            Some(p) => (p.errors, p.clerk_trace_id),
            None => (Vec::new(), None),
        };
        let header_trace = headers
            .get("cf-ray")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Self {
            status,
            trace_id: body_trace.filter(|t| !t.is_empty()).or(header_trace),
            retry_after: parse_retry_after(headers),
            errors,
            body: String::from_utf8_lossy(body).into_owned(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Clerk's trace id for this request (`clerk_trace_id`, else the `CF-Ray` header): quote it to
    /// Clerk support.
    pub fn trace_id(&self) -> Option<&str> {
        self.trace_id.as_deref()
    }

    /// How long the API asked us to wait before retrying (`Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The errors the API listed.
    pub fn errors(&self) -> &[ClerkError] {
        &self.errors
    }

    /// `true` if any listed error has this code.
    pub fn has_code(&self, code: &str) -> bool {
        self.errors.iter().any(|e| e.code == code)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Clerk API error (HTTP {})", self.status.as_u16())?;
        for (i, e) in self.errors.iter().enumerate() {
            let sep = if i == 0 { ": " } else { "; " };
            let text = if e.long_message.is_empty() {
                &e.message
            } else {
                &e.long_message
            };
            write!(f, "{sep}{} ({})", text, e.code)?;
        }
        if let Some(trace) = &self.trace_id {
            write!(f, " [trace id {trace}]")?;
        }
        Ok(())
    }
}

impl StdError for ApiError {}

/// Parses `Retry-After`, as delta seconds or an HTTP date.
pub(crate) fn parse_retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// A configuration problem, found when the client is built or when a request is prepared.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// No secret key was given, neither explicitly nor in `CLERK_SECRET_KEY`.
    MissingSecretKey,
    /// An option (or the environment variable behind it) has a value that cannot be used.
    InvalidOption {
        /// The option, named as its environment variable where it has one (`CLERK_API_URL`).
        option: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingSecretKey => f.write_str(
                "missing Clerk secret key: set CLERK_SECRET_KEY or pass one with \
                 ClerkBuilder::secret_key (find it under API Keys in the Clerk Dashboard)",
            ),
            ConfigError::InvalidOption { option, reason } => {
                write!(f, "invalid value for {option}: {reason}")
            }
        }
    }
}

impl StdError for ConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_reads_clerk_error_json_and_headers() {
        let mut headers = http::HeaderMap::new();
        headers.insert("retry-after", "7".parse().unwrap());
        headers.insert("cf-ray", "ray-1".parse().unwrap());
        let body = br#"{"errors":[{"code":"form_identifier_exists","message":"taken","long_message":"That email address is taken.","meta":{"param_name":"email_address"}}],"clerk_trace_id":"trace-9"}"#;
        let e = ApiError::from_response(StatusCode::UNPROCESSABLE_ENTITY, &headers, body);
        assert_eq!(e.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e.trace_id(), Some("trace-9"));
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
        assert_eq!(e.errors()[0].code, "form_identifier_exists");
        assert_eq!(
            e.errors()[0].meta.as_ref().unwrap()["param_name"],
            "email_address"
        );
        assert!(e.has_code("form_identifier_exists"));
        assert_eq!(
            e.to_string(),
            "Clerk API error (HTTP 422): That email address is taken. (form_identifier_exists) [trace id trace-9]"
        );
    }

    #[test]
    fn api_error_falls_back_to_cf_ray_and_tolerates_non_json() {
        let mut headers = http::HeaderMap::new();
        headers.insert("cf-ray", "ray-2".parse().unwrap());
        let e = ApiError::from_response(
            StatusCode::BAD_GATEWAY,
            &headers,
            b"<html>bad gateway</html>",
        );
        assert_eq!(e.trace_id(), Some("ray-2"));
        assert!(e.errors().is_empty());
        assert_eq!(e.retry_after(), None);
        let err = Error::api(e);
        assert_eq!(err.kind(), ErrorKind::Api);
        assert_eq!(err.body(), Some("<html>bad gateway</html>"));
    }

    #[test]
    fn retry_after_accepts_http_dates() {
        let mut headers = http::HeaderMap::new();
        let later = std::time::SystemTime::now() + Duration::from_secs(120);
        headers.insert(
            "retry-after",
            httpdate::fmt_http_date(later).parse().unwrap(),
        );
        let d = parse_retry_after(&headers).unwrap();
        assert!(d > Duration::from_secs(100) && d <= Duration::from_secs(120));
        headers.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(parse_retry_after(&headers), None);
    }

    #[test]
    fn missing_secret_key_names_the_environment_variable() {
        let e = Error::config(ConfigError::MissingSecretKey);
        assert!(e.to_string().contains("CLERK_SECRET_KEY"));
        assert_eq!(e.kind(), ErrorKind::Config);
    }
}
