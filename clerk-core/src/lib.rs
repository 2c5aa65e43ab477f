//! # clerk-core
//!
//! The heart of the Rust SDK for [Clerk](https://clerk.com): a typed client for Clerk's Backend
//! API, its options, errors and retries, independent of any HTTP library or web framework.
//!
//! Pick a transport crate beside it (`clerk-http-reqwest` or `clerk-http-hyper`), or implement
//! [`Transport`] for your own HTTP stack.
//!
//! ```no_run
//! # async fn run(transport: impl clerk_core::Transport) -> Result<(), clerk_core::Error> {
//! use clerk_core::{Clerk, resources::users::ListUsers};
//!
//! // Options: explicit value > environment variable > default.
//! // Here: CLERK_SECRET_KEY (required), CLERK_API_URL, CLERK_API_VERSION, CLERK_LOGGING.
//! let clerk = Clerk::from_env(transport)?;
//! let users = clerk.users().list(&ListUsers::new().limit(20)).await?;
//! for user in &users {
//!     println!("{} {:?}", user.id, user.primary_email_address());
//! }
//! # Ok(()) }
//! ```
//!
//! ## What is here
//! - [`Clerk`] and [`ClerkBuilder`]: options resolved as [`config`] describes; setters on a live
//!   client that every clone and sub-API handle follows.
//! - Sub-APIs mirroring Clerk's Node SDK: [`Clerk::users`], [`Clerk::sessions`],
//!   [`Clerk::clients`], [`Clerk::emails`]; their models and params live in [`resources`].
//! - [`Error`]: API errors with status, Clerk trace id, `Retry-After` and Clerk's error list;
//!   transport, decode and configuration errors.
//! - [`RetryPolicy`]: retries on by default, bounded, honouring `Retry-After`.
//! - [`Transport`]: the one trait an HTTP stack implements.
//! - [`webhooks`]: verify that a webhook request comes from Clerk and decode its typed event.
//!
//! ## Logging
//! With `CLERK_LOGGING=true` (or [`ClerkBuilder::logging`]) each request emits a `tracing` event
//! with target `clerk`: method, path, status, duration, attempt and Clerk trace id. Secrets are
//! never logged, and `Debug` of every options type redacts them.

mod client;
pub mod config;
mod error;
mod pagination;
mod query;
pub mod request;
pub mod resources;
mod retry;
mod secret;
pub mod transport;
pub mod verify;
pub mod webhooks;

pub use client::{Clerk, ClerkBuilder, USER_AGENT_VALUE};
pub use config::{Environment, HttpOptions};
pub use error::{ApiError, ClerkError, ConfigError, Error, ErrorKind, Result};
pub use pagination::{DEFAULT_STREAM_PAGE_SIZE, Page, PageRequest, PageStream};
pub use request::{ApiRequest, encode_segment};
pub use retry::RetryPolicy;
pub use secret::SecretKey;
pub use transport::{Transport, TransportError};

#[doc(no_inline)]
pub use bytes;
#[doc(no_inline)]
pub use http;
