//! The [`Clerk`] client: options, setters and the one place where requests are sent and retried.

use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use http::{HeaderValue, StatusCode};
use serde::de::DeserializeOwned;

use crate::config::{
    self, CLERK_API_VERSION_DATE, DEFAULT_API_URL, DEFAULT_API_VERSION, ENV_API_URL,
    ENV_API_VERSION, ENV_LOGGING, ENV_SECRET_KEY, Environment, HttpOptions,
};
use crate::error::{ApiError, ConfigError, Error, Result};
use crate::request::ApiRequest;
use crate::retry::{Outcome, RetryPolicy};
use crate::secret::SecretKey;
use crate::transport::{RequestTimeout, Transport};

/// The `User-Agent` this crate sends.
pub const USER_AGENT_VALUE: &str = concat!("clerk-rs/", env!("CARGO_PKG_VERSION"));

/// A client for Clerk's Backend API.
///
/// `Clerk` is cheap to clone: clones share one configuration, so a setter called on any clone (or
/// on the client a sub-API handle came from) changes what every clone and handle uses from its
/// next request on. Build an independent client with [`Clerk::builder`].
///
/// ```
/// # use bytes::Bytes;
/// # let transport = clerk_core::transport::from_fn(|_req: http::Request<Bytes>| async {
/// #     Ok(http::Response::new(Bytes::from_static(b"[]")))
/// # });
/// use clerk_core::Clerk;
///
/// let clerk = Clerk::builder()
///     .secret_key("sk_test_example")
///     .api_url("http://127.0.0.1:8080")
///     .transport(transport)
///     .build()?;
/// let sessions = clerk.sessions(); // a handle usable on its own
/// clerk.set_api_version("v1")?; // `sessions` follows
/// # let _ = sessions;
/// # Ok::<(), clerk_core::Error>(())
/// ```
#[derive(Clone)]
pub struct Clerk {
    shared: Arc<Shared>,
}

struct Shared {
    transport: Arc<dyn Transport>,
    settings: RwLock<Arc<Settings>>,
}

/// The resolved configuration, swapped as a whole by the setters.
#[derive(Clone)]
struct Settings {
    secret_key: Option<SecretKey>,
    authorization: Option<HeaderValue>,
    api_url: String,
    api_version: String,
    http: HttpOptions,
    user_agent: HeaderValue,
    retry: RetryPolicy,
    logging: bool,
}

impl Settings {
    fn set_secret_key(&mut self, key: Option<SecretKey>) -> Result<(), ConfigError> {
        self.authorization = match &key {
            Some(key) => {
                let mut value = HeaderValue::try_from(format!("Bearer {}", key.expose_secret()))
                    .map_err(|_| ConfigError::InvalidOption {
                        option: ENV_SECRET_KEY,
                        reason: "the key contains characters not allowed in an HTTP header".into(),
                    })?;
                value.set_sensitive(true);
                Some(value)
            }
            None => None,
        };
        self.secret_key = key;
        Ok(())
    }

    fn set_http_options(&mut self, http: HttpOptions) -> Result<(), ConfigError> {
        self.user_agent =
            match &http.user_agent_suffix {
                Some(suffix) => HeaderValue::try_from(format!("{USER_AGENT_VALUE} {suffix}"))
                    .map_err(|_| ConfigError::InvalidOption {
                        option: "http_options.user_agent_suffix",
                        reason: "not a valid header value".into(),
                    })?,
                None => HeaderValue::from_static(USER_AGENT_VALUE),
            };
        self.http = http;
        Ok(())
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("secret_key", &self.secret_key)
            .field("api_url", &self.api_url)
            .field("api_version", &self.api_version)
            .field("http", &self.http)
            .field("retry", &self.retry)
            .field("logging", &self.logging)
            .finish()
    }
}

impl fmt::Debug for Clerk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Clerk")
            .field("settings", &self.settings())
            .field("transport", &self.shared.transport)
            .finish()
    }
}

impl Clerk {
    /// A builder for a new, independent client.
    pub fn builder() -> ClerkBuilder {
        ClerkBuilder::default()
    }

    /// A client configured from the process environment alone (`CLERK_SECRET_KEY`,
    /// `CLERK_API_URL`, `CLERK_API_VERSION`, `CLERK_LOGGING`), over `transport`.
    ///
    /// # Errors
    /// A [`ConfigError`] when an environment variable has an unusable value. A missing secret key
    /// is reported by the first request instead, as in Clerk's Node SDK.
    pub fn from_env(transport: impl Transport) -> Result<Self> {
        Self::builder().transport(transport).build()
    }

    fn settings(&self) -> Arc<Settings> {
        let guard = self
            .shared
            .settings
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Arc::clone(&guard)
    }

    fn update(&self, f: impl FnOnce(&mut Settings) -> Result<(), ConfigError>) -> Result<()> {
        let mut guard = self
            .shared
            .settings
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut next = Settings::clone(&guard);
        f(&mut next)?;
        *guard = Arc::new(next);
        Ok(())
    }

    /// Replaces the secret key for every clone and handle of this client.
    ///
    /// # Errors
    /// A [`ConfigError`] if the key cannot be sent in an HTTP header.
    pub fn set_secret_key(&self, key: impl Into<SecretKey>) -> Result<()> {
        let key = key.into();
        self.update(|s| s.set_secret_key(Some(key)))
    }

    /// Replaces the API URL (such as `https://api.clerk.com`) for every clone and handle.
    ///
    /// # Errors
    /// A [`ConfigError`] if the URL is not an absolute `http`/`https` URL.
    pub fn set_api_url(&self, url: impl AsRef<str>) -> Result<()> {
        let url = config::parse_api_url(url.as_ref())?;
        self.update(|s| {
            s.api_url = url;
            Ok(())
        })
    }

    /// Replaces the API version path segment (such as `v1`) for every clone and handle.
    ///
    /// # Errors
    /// A [`ConfigError`] if the version is not a single path segment.
    pub fn set_api_version(&self, version: impl AsRef<str>) -> Result<()> {
        let version = config::parse_api_version(version.as_ref())?;
        self.update(|s| {
            s.api_version = version;
            Ok(())
        })
    }

    /// Replaces the HTTP options for every clone and handle.
    ///
    /// # Errors
    /// A [`ConfigError`] if the user-agent suffix is not a valid header value.
    pub fn set_http_options(&self, options: HttpOptions) -> Result<()> {
        self.update(|s| s.set_http_options(options))
    }

    /// Replaces the retry policy for every clone and handle.
    pub fn set_retry_policy(&self, policy: RetryPolicy) {
        // Infallible: the closure never fails.
        let _ = self.update(|s| {
            s.retry = policy;
            Ok(())
        });
    }

    /// The API URL in use.
    pub fn api_url(&self) -> String {
        self.settings().api_url.clone()
    }

    /// The API version in use.
    pub fn api_version(&self) -> String {
        self.settings().api_version.clone()
    }

    /// The HTTP options in use.
    pub fn http_options(&self) -> HttpOptions {
        self.settings().http.clone()
    }

    /// The retry policy in use.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.settings().retry.clone()
    }

    /// Whether request logging is on.
    pub fn logging(&self) -> bool {
        self.settings().logging
    }

    /// Whether a secret key is configured.
    pub fn has_secret_key(&self) -> bool {
        self.settings().secret_key.is_some()
    }

    /// Sends `request` and decodes its JSON response.
    ///
    /// # Errors
    /// An [`Error`] of kind `Api` for a non-2xx answer (after retries), `Transport` when the
    /// request could not be completed, `Decode` when the body is not the expected JSON, `Config`
    /// when no secret key is configured.
    pub async fn send<T: DeserializeOwned>(&self, request: ApiRequest) -> Result<T> {
        let (status, body) = self.execute(request).await?;
        decode_json(status, &body)
    }

    /// Sends `request` and returns the body of its successful response as text (for the few
    /// endpoints that answer HTML or plain text). Invalid UTF-8 is replaced, not an error.
    ///
    /// # Errors
    /// As [`send`](Self::send), without `Decode`.
    pub async fn send_text(&self, request: ApiRequest) -> Result<String> {
        let (_, body) = self.execute(request).await?;
        Ok(String::from_utf8_lossy(&body).into_owned())
    }

    /// Sends `request` and ignores the body of its successful response.
    ///
    /// # Errors
    /// As [`send`](Self::send), without `Decode`.
    pub async fn send_empty(&self, request: ApiRequest) -> Result<()> {
        self.execute(request).await.map(|_| ())
    }

    /// Sends `request` with retries and returns the status and body of a successful response.
    async fn execute(&self, request: ApiRequest) -> Result<(StatusCode, Bytes)> {
        request.check()?;
        let settings = self.settings();
        let authorization = settings
            .authorization
            .clone()
            .ok_or_else(|| Error::config(ConfigError::MissingSecretKey))?;
        let uri = build_uri(&settings, &request)?;
        let started = tokio::time::Instant::now();
        let mut retry = 0;
        loop {
            let http_request = build_http_request(&settings, &request, &uri, &authorization)?;
            let attempt_started = tokio::time::Instant::now();
            let result = self.shared.transport.send(http_request).await;
            let took = attempt_started.elapsed();
            let (outcome, failure) = match result {
                Ok(response) => {
                    let (parts, body) = response.into_parts();
                    let error = (!parts.status.is_success())
                        .then(|| ApiError::from_response(parts.status, &parts.headers, &body));
                    if settings.logging {
                        log_response(&request, parts.status, took, retry, error.as_ref());
                    }
                    match error {
                        None => return Ok((parts.status, body)),
                        Some(error) => (
                            Outcome::Status(parts.status, error.retry_after()),
                            Error::api(error),
                        ),
                    }
                }
                Err(error) => {
                    if settings.logging {
                        tracing::warn!(
                            target: "clerk",
                            method = %request.method,
                            path = %request.path,
                            attempt = retry + 1,
                            duration_ms = took.as_millis() as u64,
                            error = %error,
                            "clerk request failed"
                        );
                    }
                    let outcome = if error.is_connect() {
                        Outcome::ConnectFailed
                    } else if error.request_may_have_been_sent()
                        && !matches!(error.kind(), crate::transport::TransportErrorKind::Other)
                    {
                        Outcome::FailedAfterSend
                    } else {
                        Outcome::Fatal
                    };
                    (outcome, Error::from(error))
                }
            };
            let delay = if request.retries {
                settings
                    .retry
                    .delay(&request.method, outcome, retry, started.elapsed())
            } else {
                None
            };
            match delay {
                Some(wait) => {
                    if settings.logging {
                        tracing::info!(
                            target: "clerk",
                            method = %request.method,
                            path = %request.path,
                            wait_ms = wait.as_millis() as u64,
                            "retrying clerk request"
                        );
                    }
                    tokio::time::sleep(wait).await;
                    retry += 1;
                }
                None => return Err(failure),
            }
        }
    }
}

fn log_response(
    request: &ApiRequest,
    status: StatusCode,
    took: Duration,
    retry: u32,
    error: Option<&ApiError>,
) {
    tracing::info!(
        target: "clerk",
        method = %request.method,
        path = %request.path,
        status = status.as_u16(),
        duration_ms = took.as_millis() as u64,
        attempt = retry + 1,
        trace_id = %error.and_then(ApiError::trace_id).unwrap_or(""),
        "clerk request"
    );
}

fn build_uri(settings: &Settings, request: &ApiRequest) -> Result<http::Uri> {
    let query = request.query_string();
    let mut uri = format!(
        "{}/{}{}",
        settings.api_url, settings.api_version, request.path
    );
    if !query.is_empty() {
        uri.push('?');
        uri.push_str(&query);
    }
    uri.parse().map_err(|_| {
        Error::config(ConfigError::InvalidOption {
            option: "request path",
            reason: format!("{:?} does not make a valid URL", request.path),
        })
    })
}

fn build_http_request(
    settings: &Settings,
    request: &ApiRequest,
    uri: &http::Uri,
    authorization: &HeaderValue,
) -> Result<http::Request<Bytes>> {
    let mut http_request = http::Request::new(request.body.clone().unwrap_or_default());
    *http_request.method_mut() = request.method.clone();
    *http_request.uri_mut() = uri.clone();
    let headers = http_request.headers_mut();
    for (name, value) in &settings.http.headers {
        headers.append(name, value.clone());
    }
    headers.insert(AUTHORIZATION, authorization.clone());
    headers.insert(USER_AGENT, settings.user_agent.clone());
    headers.insert(
        "clerk-api-version",
        HeaderValue::from_static(CLERK_API_VERSION_DATE),
    );
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    match (&request.content_type, &request.body) {
        (Some(content_type), _) => {
            let value = HeaderValue::from_str(content_type).map_err(|_| {
                Error::config(ConfigError::InvalidOption {
                    option: "request content type",
                    reason: "not a valid header value".into(),
                })
            })?;
            headers.insert(CONTENT_TYPE, value);
        }
        (None, Some(_)) => {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        (None, None) => {}
    }
    if let Some(timeout) = settings.http.timeout {
        http_request
            .extensions_mut()
            .insert(RequestTimeout(timeout));
    }
    Ok(http_request)
}

fn decode_json<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T> {
    // An empty success body (204) decodes as JSON `null`, which suits `()` and `Option<T>`.
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| Error::decode(status, body, e))
}

/// Builds a [`Clerk`]: explicit options win over environment variables, which win over defaults
/// (see [`config`](crate::config)).
#[derive(Default)]
pub struct ClerkBuilder {
    secret_key: Option<SecretKey>,
    api_url: Option<String>,
    api_version: Option<String>,
    http_options: Option<HttpOptions>,
    retry: Option<RetryPolicy>,
    logging: Option<bool>,
    environment: Environment,
    transport: Option<Arc<dyn Transport>>,
}

impl fmt::Debug for ClerkBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClerkBuilder")
            .field("secret_key", &self.secret_key)
            .field("api_url", &self.api_url)
            .field("api_version", &self.api_version)
            .field("http_options", &self.http_options)
            .field("retry", &self.retry)
            .field("logging", &self.logging)
            .field("environment", &self.environment)
            .field("transport", &self.transport)
            .finish()
    }
}

impl ClerkBuilder {
    /// The secret key. Overrides `CLERK_SECRET_KEY`.
    pub fn secret_key(mut self, key: impl Into<SecretKey>) -> Self {
        self.secret_key = Some(key.into());
        self
    }

    /// The API URL, such as `https://api.clerk.com` (without the version). Overrides
    /// `CLERK_API_URL`; defaults to `https://api.clerk.com`.
    pub fn api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = Some(url.into());
        self
    }

    /// The API version path segment. Overrides `CLERK_API_VERSION`; defaults to `v1`.
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = Some(version.into());
        self
    }

    /// HTTP options (timeout, extra headers, user-agent suffix). Defaults to [`HttpOptions::default`].
    pub fn http_options(mut self, options: HttpOptions) -> Self {
        self.http_options = Some(options);
        self
    }

    /// The retry policy. Defaults to [`RetryPolicy::default`].
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Turns request logging through `tracing` on or off. Overrides `CLERK_LOGGING`; defaults to
    /// off. Logged: method, path, status, duration, attempt and Clerk trace id; never a secret.
    pub fn logging(mut self, on: bool) -> Self {
        self.logging = Some(on);
        self
    }

    /// Reads environment variables from `environment` instead of the process environment.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// The transport requests go through, such as `clerk_http_reqwest::ReqwestTransport`.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// A transport already shared elsewhere.
    pub fn shared_transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Resolves every option and builds the client.
    ///
    /// # Errors
    /// A [`ConfigError`] when no transport was given or an option (explicit or from the
    /// environment) has an unusable value. A missing secret key is not an error here: the first
    /// request reports it.
    pub fn build(self) -> Result<Clerk> {
        let env = &self.environment;
        let transport = self.transport.ok_or_else(|| {
            Error::config(ConfigError::InvalidOption {
                option: "transport",
                reason: "no transport given: use clerk-http-reqwest or clerk-http-hyper, \
                         or implement clerk_core::Transport"
                    .into(),
            })
        })?;
        let secret_key = config::resolve(self.secret_key, env, ENV_SECRET_KEY, |v| {
            Ok(SecretKey::new(v.trim()))
        })?;
        let api_url = match self.api_url {
            Some(url) => config::parse_api_url(&url)?,
            None => config::resolve(None, env, ENV_API_URL, config::parse_api_url)?
                .unwrap_or_else(|| DEFAULT_API_URL.to_owned()),
        };
        let api_version = match self.api_version {
            Some(version) => config::parse_api_version(&version)?,
            None => config::resolve(None, env, ENV_API_VERSION, config::parse_api_version)?
                .unwrap_or_else(|| DEFAULT_API_VERSION.to_owned()),
        };
        let logging = config::resolve(self.logging, env, ENV_LOGGING, |v| {
            config::parse_bool(ENV_LOGGING, v)
        })?
        .unwrap_or(false);
        let mut settings = Settings {
            secret_key: None,
            authorization: None,
            api_url,
            api_version,
            http: HttpOptions::default(),
            user_agent: HeaderValue::from_static(USER_AGENT_VALUE),
            retry: self.retry.unwrap_or_default(),
            logging,
        };
        settings.set_secret_key(secret_key)?;
        settings.set_http_options(self.http_options.unwrap_or_default())?;
        Ok(Clerk {
            shared: Arc::new(Shared {
                transport,
                settings: RwLock::new(Arc::new(settings)),
            }),
        })
    }
}
