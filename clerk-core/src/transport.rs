//! The HTTP transport abstraction.
//!
//! `clerk-core` never talks to the network itself. It builds an [`http::Request`] whose body is
//! [`Bytes`], hands it to a [`Transport`], and reads the [`http::Response`] that comes back.
//! Transports only move bytes: they add no authentication header, parse no JSON and never retry;
//! all of that lives once, in [`Clerk`](crate::Clerk).
//!
//! Two transports are published beside this crate: `clerk-http-reqwest` and `clerk-http-hyper`.
//! Any other HTTP stack can be plugged in by implementing [`Transport`], and a closure can be turned
//! into one with [`from_fn`], which is handy in unit tests:
//!
//! ```
//! use bytes::Bytes;
//! use clerk_core::transport::{from_fn, Transport};
//!
//! let transport = from_fn(|request: http::Request<Bytes>| async move {
//!     assert_eq!(request.uri().path(), "/v1/users/count");
//!     Ok(http::Response::new(Bytes::from_static(br#"{"object":"total_count","total_count":3}"#)))
//! });
//! # let _ = transport;
//! ```

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

/// The future returned by [`Transport::send`]: boxed, pinned and `Send`.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, TransportError>> + Send + 'a>>;

/// Sends one HTTP request and returns its response, fully buffered.
///
/// The trait is object safe; [`Clerk`](crate::Clerk) stores it as `Arc<dyn Transport>`.
///
/// # Contract
/// - Send the request exactly once, as given (method, URI, headers, body).
/// - Honour the [`RequestTimeout`] found in the request's extensions, if any: when it elapses,
///   fail with [`TransportError::timeout`].
/// - Return every HTTP status as `Ok`, including 4xx and 5xx: the client interprets statuses.
/// - Map failures to a [`TransportError`] of the right kind. A connection that could not be
///   established is [`TransportError::connect`]: the client knows the request was never sent and
///   retries it safely.
pub trait Transport: Send + Sync + fmt::Debug + 'static {
    /// Sends `request` and resolves to its response.
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_>;
}

impl<T: Transport + ?Sized> Transport for Arc<T> {
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
        (**self).send(request)
    }
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
        (**self).send(request)
    }
}

/// The total time one attempt of a request may take, placed in the request's extensions by the
/// client (from [`HttpOptions::timeout`](crate::HttpOptions::timeout)).
///
/// Transports read it with `request.extensions().get::<RequestTimeout>()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestTimeout(pub Duration);

/// Turns an async closure into a [`Transport`].
///
/// See the [module documentation](self) for an example.
pub fn from_fn<F, Fut>(f: F) -> FnTransport<F>
where
    F: Fn(http::Request<Bytes>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<http::Response<Bytes>, TransportError>> + Send + 'static,
{
    FnTransport { f }
}

/// A [`Transport`] made from a closure by [`from_fn`].
#[derive(Clone)]
pub struct FnTransport<F> {
    f: F,
}

impl<F> fmt::Debug for FnTransport<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FnTransport").finish_non_exhaustive()
    }
}

impl<F, Fut> Transport for FnTransport<F>
where
    F: Fn(http::Request<Bytes>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<http::Response<Bytes>, TransportError>> + Send + 'static,
{
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
        Box::pin((self.f)(request))
    }
}

/// What went wrong in a transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be established (refused, DNS failure, TLS handshake failure).
    /// The request was not sent.
    Connect,
    /// The request did not complete within its [`RequestTimeout`].
    Timeout,
    /// The connection failed while the request or the response was in flight.
    Io,
    /// Any other failure (an invalid request, a transport bug).
    Other,
}

/// An error raised by a [`Transport`]: its kind, whether the request may have reached the server,
/// and the underlying cause as its [`source`](StdError::source).
pub struct TransportError {
    kind: TransportErrorKind,
    request_sent: bool,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl TransportError {
    fn new<E>(kind: TransportErrorKind, request_sent: bool, source: E) -> Self
    where
        E: Into<Box<dyn StdError + Send + Sync + 'static>>,
    {
        Self {
            kind,
            request_sent,
            source: Some(source.into()),
        }
    }

    /// The connection could not be established; the request was never sent.
    pub fn connect<E>(source: E) -> Self
    where
        E: Into<Box<dyn StdError + Send + Sync + 'static>>,
    {
        Self::new(TransportErrorKind::Connect, false, source)
    }

    /// The request timed out; it may have reached the server.
    pub fn timeout<E>(source: E) -> Self
    where
        E: Into<Box<dyn StdError + Send + Sync + 'static>>,
    {
        Self::new(TransportErrorKind::Timeout, true, source)
    }

    /// The connection failed mid-request; the request may have reached the server.
    pub fn io<E>(source: E) -> Self
    where
        E: Into<Box<dyn StdError + Send + Sync + 'static>>,
    {
        Self::new(TransportErrorKind::Io, true, source)
    }

    /// Any other failure; the request may have reached the server.
    pub fn other<E>(source: E) -> Self
    where
        E: Into<Box<dyn StdError + Send + Sync + 'static>>,
    {
        Self::new(TransportErrorKind::Other, true, source)
    }

    /// The kind of failure.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// `true` when no connection could be established.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }

    /// `true` when the request timed out.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }

    /// `false` only when the request certainly did not reach the server, which makes a retry safe
    /// even for a non-idempotent method.
    pub fn request_may_have_been_sent(&self) -> bool {
        self.request_sent
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("request_sent", &self.request_sent)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect to the Clerk API",
            TransportErrorKind::Timeout => "the request to the Clerk API timed out",
            TransportErrorKind::Io => "the connection to the Clerk API failed mid-request",
            TransportErrorKind::Other => "the HTTP transport failed",
        };
        match &self.source {
            Some(source) => write!(f, "{what}: {source}"),
            None => f.write_str(what),
        }
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}
