//! A [hyper](https://docs.rs/hyper) 1 + [rustls](https://docs.rs/rustls) [`Transport`] for
//! `clerk-core`.
//!
//! `clerk-core` never talks to the network itself: it hands every request to a [`Transport`].
//! [`HyperTransport`] sends it with `hyper-util`'s pooled client over `hyper-rustls`
//! (rustls with the `ring` provider and Mozilla's root certificates from `webpki-roots`), speaking
//! HTTP/1.1 or, where the server offers it through ALPN, HTTP/2. Choose it over
//! `clerk-http-reqwest` when your application already runs on hyper and you want the smallest
//! dependency tree.
//!
//! # Install
//! ```toml
//! [dependencies]
//! clerk-core = "0.1"
//! clerk-http-hyper = "0.1"
//! ```
//!
//! # Example
//! ```no_run
//! use clerk_core::{Clerk, HttpOptions, resources::users::ListUsers};
//! use clerk_http_hyper::HyperTransport;
//! use std::time::Duration;
//!
//! # async fn run() -> Result<(), clerk_core::Error> {
//! let transport = HyperTransport::builder()
//!     .connect_timeout(Duration::from_secs(5))
//!     .build();
//! let clerk = Clerk::builder()
//!     .secret_key("sk_test_...") // or leave it out to read CLERK_SECRET_KEY
//!     .http_options(HttpOptions::new().timeout(Duration::from_secs(10)))
//!     .transport(transport)
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
//! use clerk_http_hyper::HyperTransport;
//! use std::time::Duration;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let transport = HyperTransport::new();
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
//! # Behaviour
//! - The request is sent as given: method, URI (query string untouched), headers, body. Both
//!   `https` and plain `http` URIs are accepted (the latter for local fakes and tests).
//! - A [`RequestTimeout`] found in the request's extensions bounds sending the request and reading
//!   the whole response body (with [`tokio::time::timeout`]).
//! - The response body is read completely; every HTTP status is returned as `Ok`; redirects are not
//!   followed.
//! - Errors map to [`TransportError`] kinds: a failure to connect (refused, DNS, TLS handshake,
//!   connect timeout) is [`connect`](TransportError::connect) (the request was not sent), an
//!   elapsed [`RequestTimeout`] is [`timeout`](TransportError::timeout), a connection failing while
//!   the request or response is in flight is [`io`](TransportError::io), anything else (such as a
//!   URI without scheme or host) is [`other`](TransportError::other).
//! - No process-wide rustls `CryptoProvider` is installed: the TLS configuration names the `ring`
//!   provider explicitly, so this crate coexists with any other rustls user.
//!
//! # Runtime
//! The transport must be used inside a Tokio runtime with the time and I/O drivers enabled
//! (`#[tokio::main]` and `#[tokio::test]` do that).
//!
//! # Features
//! This crate has no cargo features.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use clerk_core::transport::{RequestTimeout, Transport, TransportError, TransportFuture};
use http_body_util::{BodyExt, Full};
use hyper_rustls::{ConfigBuilderExt, HttpsConnector};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

/// The connect timeout used by [`HyperTransport::new`].
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long an idle pooled connection is kept by default.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

type HyperClient = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// A [`Transport`] backed by `hyper-util`'s pooled client over rustls.
///
/// Cloning is cheap: clones share one connection pool.
#[derive(Clone)]
pub struct HyperTransport {
    client: HyperClient,
    connect_timeout: Option<Duration>,
    pool_idle_timeout: Option<Duration>,
}

impl HyperTransport {
    /// A transport with the defaults: connect timeout [`DEFAULT_CONNECT_TIMEOUT`], idle pooled
    /// connections closed after [`DEFAULT_POOL_IDLE_TIMEOUT`], HTTP/1.1 and HTTP/2.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// A builder to configure the transport.
    pub fn builder() -> HyperTransportBuilder {
        HyperTransportBuilder::default()
    }

    /// A transport with the defaults of [`new`](Self::new) but the given connect timeout.
    pub fn with_connect_timeout(connect_timeout: Duration) -> Self {
        Self::builder().connect_timeout(connect_timeout).build()
    }

    async fn send_inner(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let response = self
            .client
            .request(request.map(Full::new))
            .await
            .map_err(map_client_error)?;
        let (parts, body) = response.into_parts();
        let body = body
            .collect()
            .await
            .map_err(|error| map_hyper_error(&error).make(error))?
            .to_bytes();
        Ok(http::Response::from_parts(parts, body))
    }
}

impl Default for HyperTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("connect_timeout", &self.connect_timeout)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .finish_non_exhaustive()
    }
}

impl Transport for HyperTransport {
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
        Box::pin(async move {
            match request.extensions().get::<RequestTimeout>().copied() {
                Some(RequestTimeout(timeout)) => {
                    match tokio::time::timeout(timeout, self.send_inner(request)).await {
                        Ok(result) => result,
                        Err(elapsed) => Err(TransportError::timeout(elapsed)),
                    }
                }
                None => self.send_inner(request).await,
            }
        })
    }
}

/// Configures a [`HyperTransport`]; made by [`HyperTransport::builder`].
#[derive(Debug, Clone)]
pub struct HyperTransportBuilder {
    connect_timeout: Option<Duration>,
    pool_idle_timeout: Option<Duration>,
    pool_max_idle_per_host: usize,
}

impl Default for HyperTransportBuilder {
    fn default() -> Self {
        Self {
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            pool_idle_timeout: Some(DEFAULT_POOL_IDLE_TIMEOUT),
            pool_max_idle_per_host: usize::MAX,
        }
    }
}

impl HyperTransportBuilder {
    /// How long establishing a TCP connection may take before it fails with a
    /// [`connect`](TransportError::connect) error. Default: [`DEFAULT_CONNECT_TIMEOUT`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Removes the connect timeout (the operating system's applies).
    pub fn no_connect_timeout(mut self) -> Self {
        self.connect_timeout = None;
        self
    }

    /// How long an idle pooled connection is kept; `None` keeps it until the server closes it.
    /// Default: [`DEFAULT_POOL_IDLE_TIMEOUT`].
    pub fn pool_idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// The maximum number of idle connections kept per host; `0` disables pooling.
    /// Default: unlimited.
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.pool_max_idle_per_host = max;
        self
    }

    /// Builds the transport.
    ///
    /// # Panics
    /// If rustls rejects its own default protocol versions for the `ring` provider, which does not
    /// happen.
    pub fn build(self) -> HyperTransport {
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("the ring provider supports rustls' default protocol versions")
        .with_webpki_roots()
        .with_no_client_auth();

        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_keepalive(Some(Duration::from_secs(60)));
        http.set_connect_timeout(self.connect_timeout);

        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .wrap_connector(http);

        let client = Client::builder(TokioExecutor::new())
            .timer(TokioTimer::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(self.pool_idle_timeout)
            .pool_max_idle_per_host(self.pool_max_idle_per_host)
            .build(connector);

        HyperTransport {
            client,
            connect_timeout: self.connect_timeout,
            pool_idle_timeout: self.pool_idle_timeout,
        }
    }
}

/// The [`TransportError`] constructor matching a failure.
#[derive(Clone, Copy)]
enum Kind {
    Timeout,
    Io,
    Other,
}

impl Kind {
    fn make<E>(self, error: E) -> TransportError
    where
        E: Into<Box<dyn StdError + Send + Sync + 'static>>,
    {
        match self {
            Kind::Timeout => TransportError::timeout(error),
            Kind::Io => TransportError::io(error),
            Kind::Other => TransportError::other(error),
        }
    }
}

/// Maps an error of the legacy client (connecting or sending the request, reading the head).
fn map_client_error(error: hyper_util::client::legacy::Error) -> TransportError {
    if error.is_connect() {
        return TransportError::connect(error);
    }
    // The cause, when there is one, is a `hyper::Error` (the connection failed mid-flight) or an
    // I/O error; without one the request itself was unusable (no absolute URI, bad version).
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(hyper_error) = cause.downcast_ref::<hyper::Error>() {
            return map_hyper_error(hyper_error).make(error);
        }
        if cause.is::<std::io::Error>() {
            return TransportError::io(error);
        }
        source = cause.source();
    }
    TransportError::other(error)
}

/// The kind of a `hyper::Error` raised while a request or response was in flight.
fn map_hyper_error(error: &hyper::Error) -> Kind {
    if error.is_timeout() {
        Kind::Timeout
    } else if error.is_user() {
        Kind::Other
    } else {
        Kind::Io
    }
}
