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
//! - One sub-API per part of Clerk's Backend API, mirroring the Node SDK, with a typed method for
//!   every operation of the spec; their models and params live in [`resources`]:
//!   - users and their identities: [`users`](Clerk::users),
//!     [`email_addresses`](Clerk::email_addresses), [`phone_numbers`](Clerk::phone_numbers),
//!     [`invitations`](Clerk::invitations), [`waitlist_entries`](Clerk::waitlist_entries),
//!     [`allowlist_identifiers`](Clerk::allowlist_identifiers),
//!     [`blocklist_identifiers`](Clerk::blocklist_identifiers), [`sign_ups`](Clerk::sign_ups);
//!   - sessions and tokens: [`sessions`](Clerk::sessions), [`clients`](Clerk::clients),
//!     [`jwks`](Clerk::jwks), [`jwt_templates`](Clerk::jwt_templates),
//!     [`sign_in_tokens`](Clerk::sign_in_tokens), [`actor_tokens`](Clerk::actor_tokens),
//!     [`testing_tokens`](Clerk::testing_tokens), [`agent_tasks`](Clerk::agent_tasks);
//!   - organizations: [`organizations`](Clerk::organizations),
//!     [`organization_memberships`](Clerk::organization_memberships),
//!     [`organization_invitations`](Clerk::organization_invitations),
//!     [`organization_domains`](Clerk::organization_domains),
//!     [`organization_roles`](Clerk::organization_roles),
//!     [`organization_permissions`](Clerk::organization_permissions),
//!     [`role_sets`](Clerk::role_sets);
//!   - instance configuration: [`instance`](Clerk::instance),
//!     [`beta_features`](Clerk::beta_features), [`domains`](Clerk::domains),
//!     [`redirect_urls`](Clerk::redirect_urls), [`templates`](Clerk::templates),
//!     [`proxy_checks`](Clerk::proxy_checks), [`interstitial`](Clerk::interstitial),
//!     [`emails`](Clerk::emails);
//!   - machines and API keys: [`machines`](Clerk::machines), [`m2m_tokens`](Clerk::m2m_tokens),
//!     [`api_keys`](Clerk::api_keys), [`oauth_applications`](Clerk::oauth_applications),
//!     [`oauth_access_tokens`](Clerk::oauth_access_tokens);
//!   - billing: [`billing`](Clerk::billing) (and the billing methods of users and
//!     organizations);
//!   - enterprise SSO and SCIM: [`enterprise_connections`](Clerk::enterprise_connections),
//!     [`saml_connections`](Clerk::saml_connections), [`directories`](Clerk::directories),
//!     [`scim_directories`](Clerk::scim_directories),
//!     [`admin_portal_link_tokens`](Clerk::admin_portal_link_tokens);
//!   - webhooks: [`webhooks`](Clerk::webhooks) manages the Svix app that delivers them.
//! - List methods return a [`PageRequest`]: `.await` it for one [`Page`], or
//!   [`stream`](PageRequest::stream) every item of every page.
//! - [`webhooks`]: verify that a webhook request comes from Clerk and decode its typed event.
//!   Not to be confused with [`Clerk::webhooks`], the Backend API's management of the Svix app.
//! - [`verify`]: authenticate a request (session token, M2M token, API key or OAuth access
//!   token) once, for every web framework; the adapter crates are glue over
//!   [`verify::Authenticator`].
//! - [`Error`]: API errors with status, Clerk trace id, `Retry-After` and Clerk's error list;
//!   transport, decode and configuration errors.
//! - [`RetryPolicy`]: retries on by default, bounded, honouring `Retry-After`.
//! - [`Transport`]: the one trait an HTTP stack implements.
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
