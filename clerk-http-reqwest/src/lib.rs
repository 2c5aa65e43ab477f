//! A [`reqwest`](https://docs.rs/reqwest)-based [`Transport`] for `clerk-core`.
//!
//! `clerk-core` never talks to the network itself: it hands every request to a [`Transport`].
//! [`ReqwestTransport`] is the default one. It is a thin newtype over a `reqwest::Client`
//! (rustls with the `ring` provider and Mozilla's root certificates, HTTP/1.1 and HTTP/2,
//! connection pooling), so it is cheap to clone and every clone shares one connection pool.
//!
//! # Install
//! ```toml
//! [dependencies]
//! clerk-core = "0.1"
//! clerk-http-reqwest = "0.1"
//! ```
//!
//! # Example
//! ```no_run
//! use clerk_core::{Clerk, HttpOptions, resources::users::ListUsers};
//! use clerk_http_reqwest::ReqwestTransport;
//! use std::time::Duration;
//!
//! # async fn run() -> Result<(), clerk_core::Error> {
//! let clerk = Clerk::builder()
//!     .secret_key("sk_test_...") // or leave it out to read CLERK_SECRET_KEY
//!     .http_options(HttpOptions::new().timeout(Duration::from_secs(10)))
//!     .transport(ReqwestTransport::new())
//!     .build()?;
//!
//! let users = clerk.users().list(&ListUsers::new().limit(10)).await?;
//! for user in &users {
//!     println!("{}", user.id);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The transport can also be driven directly; the client normally builds the request and puts
//! its per-attempt [`RequestTimeout`] in the extensions:
//!
//! ```no_run
//! use bytes::Bytes;
//! use clerk_core::transport::{RequestTimeout, Transport};
//! use clerk_http_reqwest::ReqwestTransport;
//! use std::time::Duration;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let transport = ReqwestTransport::new();
//! let mut request = http::Request::get("https://api.clerk.com/v1/jwks")
//!     .header("authorization", "Bearer sk_test_...")
//!     .body(Bytes::new())?;
//! request.extensions_mut().insert(RequestTimeout(Duration::from_secs(5)));
//!
//! let response = transport.send(request).await?;
//! println!("{} {} bytes", response.status(), response.body().len());
//! # Ok(())
//! # }
//! ```
//!
//! An existing, custom-configured `reqwest::Client` (a proxy, extra root certificates, …)
//! becomes a transport through [`From`]:
//!
//! ```
//! use clerk_http_reqwest::ReqwestTransport;
//!
//! let client = reqwest::Client::builder().build().expect("client");
//! let transport = ReqwestTransport::from(client);
//! # let _ = transport;
//! ```
//!
//! # Behaviour
//! - The request is sent as given: method, URI (query string untouched), headers, body, version.
//! - A [`RequestTimeout`] found in the request's extensions bounds the whole exchange, from
//!   connecting until the last byte of the response body.
//! - The response body is read completely; every HTTP status is returned as `Ok`.
//! - [`ReqwestTransport::new`] follows no redirects (the Clerk API never redirects and the client
//!   must see what the server said). A client passed through [`From`] keeps its own policy.
//! - Errors map to [`TransportError`] kinds: a failure to connect is
//!   [`connect`](TransportError::connect) (the request was not sent), an elapsed timeout is
//!   [`timeout`](TransportError::timeout), a failure while the request or response is in flight is
//!   [`io`](TransportError::io), anything else is [`other`](TransportError::other).
//!
//! # Features
//! This crate has no cargo features. It enables reqwest's `rustls-tls` and `http2` features only:
//! no OpenSSL / native-tls, no `aws-lc-rs`.

use std::time::Duration;

use bytes::Bytes;
use clerk_core::transport::{RequestTimeout, Transport, TransportError, TransportFuture};

/// The connect timeout used by [`ReqwestTransport::new`].
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A [`Transport`] backed by a `reqwest::Client`.
///
/// Cloning is cheap: clones share the client's connection pool.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with sane defaults: rustls (ring) with Mozilla's roots, HTTP/1.1 and HTTP/2,
    /// pooled connections (idle ones closed after 90 s), a connect timeout of
    /// [`DEFAULT_CONNECT_TIMEOUT`], TCP keep-alive, and no redirect following.
    ///
    /// Proxy settings are read from the usual environment variables (`HTTPS_PROXY`, `NO_PROXY`, …)
    /// as reqwest does by default.
    ///
    /// # Panics
    /// If the TLS backend cannot be initialised, which does not happen with the bundled rustls
    /// configuration.
    pub fn new() -> Self {
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
            .pool_idle_timeout(Duration::from_secs(90))
            .tcp_keepalive(Duration::from_secs(60))
            .tcp_nodelay(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("building a reqwest client with rustls and webpki roots cannot fail");
        Self { client }
    }

    /// Returns the underlying `reqwest::Client`.
    pub fn into_inner(self) -> reqwest::Client {
        self.client
    }
}

impl Default for ReqwestTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl From<reqwest::Client> for ReqwestTransport {
    /// Wraps an existing client, keeping all its settings (TLS, proxy, redirects, timeouts).
    fn from(client: reqwest::Client) -> Self {
        Self { client }
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
        Box::pin(async move {
            let request = to_reqwest(request)?;
            let mut response = self.client.execute(request).await.map_err(map_error)?;

            let status = response.status();
            let version = response.version();
            let headers = std::mem::take(response.headers_mut());
            let body = response.bytes().await.map_err(map_error)?;

            let mut out = http::Response::new(body);
            *out.status_mut() = status;
            *out.version_mut() = version;
            *out.headers_mut() = headers;
            Ok(out)
        })
    }
}

/// Converts an `http` request into a reqwest one, carrying the [`RequestTimeout`] over.
fn to_reqwest(request: http::Request<Bytes>) -> Result<reqwest::Request, TransportError> {
    let (parts, body) = request.into_parts();
    let url = reqwest::Url::parse(&parts.uri.to_string()).map_err(TransportError::other)?;

    let mut out = reqwest::Request::new(parts.method, url);
    *out.headers_mut() = parts.headers;
    *out.version_mut() = parts.version;
    *out.body_mut() = Some(body.into());
    *out.timeout_mut() = parts
        .extensions
        .get::<RequestTimeout>()
        .map(|RequestTimeout(timeout)| *timeout);
    Ok(out)
}

/// Maps a reqwest error to the matching [`TransportError`] kind.
fn map_error(error: reqwest::Error) -> TransportError {
    // A connect timeout is both `is_connect` and `is_timeout`: the request was not sent, so
    // `connect` (which promises exactly that) wins.
    if error.is_connect() {
        TransportError::connect(error)
    } else if error.is_timeout() {
        TransportError::timeout(error)
    } else if error.is_request() || error.is_body() || error.is_decode() {
        TransportError::io(error)
    } else {
        TransportError::other(error)
    }
}
