//! A stateful fake of Clerk's Backend API for integration tests, in-process ([`FakeClerk`])
//! or as the `clerk-fake` binary for clients in any language.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! use tokio::io::{AsyncReadExt, AsyncWriteExt};
//!
//! let fake = clerk_testing::FakeClerk::start().await;
//! let user = fake.create_user(serde_json::json!({"email_address": ["ada@example.com"]}));
//!
//! // Any HTTP client works; point it at `fake.api_url()` with `fake.secret_key()`.
//! let addr = fake.api_url().trim_start_matches("http://").to_string();
//! let mut tcp = tokio::net::TcpStream::connect(&addr).await?;
//! let request = format!(
//!     "GET /v1/users/{} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nConnection: close\r\n\r\n",
//!     user["id"].as_str().unwrap(),
//!     fake.secret_key(),
//! );
//! tcp.write_all(request.as_bytes()).await?;
//! let mut response = String::new();
//! tcp.read_to_string(&mut response).await?;
//! assert!(response.starts_with("HTTP/1.1 200"));
//! assert!(response.contains("ada@example.com"));
//! # Ok(())
//! # }
//! ```
//!
//! # What it models
//! - Clerk's auth: every `/v1/...` request needs `Authorization: Bearer <secret key>`, else 401
//!   with Clerk's `ClerkErrors` JSON. Every error carries that shape and a `clerk_trace_id`.
//! - Users (list with filters, ordering, `limit`/`offset`/`starting_after`, count, CRUD,
//!   metadata merge/replace, ban/unban, lock/unlock, verify_password), sessions (list, get,
//!   create, revoke, tokens, template tokens), clients (get, verify, the deprecated list),
//!   `GET /v1/jwks`, and the legacy endpoints switchable with [`LegacyEndpoints`].
//! - Session tokens are RS256 JWTs signed with a fixed test key ([`FakeClerk::public_key_pem`],
//!   [`FakeClerk::jwks_json`]).
//! - Operations of the spec it does not model answer 501 naming the `operationId`; unknown
//!   paths answer 404.
//!
//! Its JSON conforms to `clerk-bapi.yml`; [`spec`] is the validator used to check that.
//!
//! # Faults
//! Clerk's behaviour is one wiremock mock with the lowest priority, so a test can mount its
//! own mocks on [`FakeClerk::mock_server`] (429 with `Retry-After`, 5xx, delays) that win.

#![recursion_limit = "256"]

mod clock;
pub mod conformance;
mod error;
mod fake;
mod keys;
mod router;
pub mod spec;
mod spec_ops;
mod state;

pub use clock::Clock;
pub use error::FakeError;
pub use fake::{DEFAULT_SECRET_KEY, FAKE_ISSUER, FakeClerk, FakeClerkBuilder, LegacyEndpoints};

/// The README's code blocks, compiled as doctests so that the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
