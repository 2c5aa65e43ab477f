//! A stateful fake of Clerk's Backend API for integration tests: in-process ([`FakeClerk`]) or
//! as the `clerk-fake` binary for tests in any language.
//!
//! The fake keeps real state, checks the secret key like Clerk, answers Clerk's error JSON with a
//! `clerk_trace_id`, serves `GET /v1/jwks` and mints RS256 session tokens. Each fake lives on its
//! own random `127.0.0.1` port and starts in well under a millisecond (median 0.4 ms, p99 about
//! 1 ms: `cargo run -p clerk-testing --example startup`), so every test can have its own.
//!
//! # What it models
//!
//! 110 operations of Clerk's Backend API, with Clerk's validation, uniqueness rules and errors
//! (a duplicate email address answers 422 `form_identifier_exists`, an unknown id 404):
//!
//! - users: create, get, list with every filter, `order_by`, `offset` and `starting_after`,
//!   count, update, metadata (merge with `PATCH`, replace with `PUT`), ban/unban (one or many),
//!   lock/unlock, password verification and removal, delete; their email addresses and phone
//!   numbers;
//! - sessions: create, get, list with filters, revoke, status changes, session tokens with and
//!   without a JWT template and `expires_in_seconds`; clients: get, verify;
//! - organizations (slug uniqueness, metadata), memberships (roles, metadata), custom roles and
//!   permissions;
//! - organization invitations and instance invitations (single and bulk; `pending`, `accepted`,
//!   `revoked`, `expired`);
//! - allowlist and blocklist identifiers, JWT templates (their claims rendered into minted
//!   tokens), redirect URLs, domains;
//! - sign-in tokens, actor tokens (impersonation) and testing tokens;
//! - M2M tokens and API keys: create, list, verify, revoke;
//! - `GET /v1/jwks`, and the endpoints the old Node SDK used that today's API removed
//!   (`GET /v1/clients`, `POST /v1/sessions/{id}/verify`, `POST /v1/emails`; see
//!   [`LegacyEndpoints`]).
//!
//! Every other operation of the spec answers 501 with Clerk's error JSON naming its
//! `operationId`; unknown paths answer 404. What a user does through Clerk's Frontend API
//! (which the fake does not have), such as signing in with a ticket or accepting an invitation,
//! is a test control: see [below](#sign-ins-invitations-and-session-states).
//!
//! # A fake in a test
//!
//! `FakeClerk::start()` works under `#[tokio::test]` (current-thread), multi-thread runtimes and
//! any runtime built by hand: the server runs on its own thread.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), clerk_core::Error> {
//! use clerk_core::resources::users::UserFilter;
//! use clerk_testing::FakeClerk;
//! use serde_json::json;
//!
//! let fake = FakeClerk::start().await;
//! fake.create_user(json!({"email_address": ["ada@example.com"], "first_name": "Ada"}));
//!
//! let clerk = clerk_core::Clerk::builder()
//!     .secret_key(fake.secret_key())
//!     .api_url(fake.api_url())
//!     .transport(clerk_http_reqwest::ReqwestTransport::new())
//!     .build()?;
//! assert_eq!(clerk.users().count(&UserFilter::new()).await?.total_count, 1);
//! # Ok(())
//! # }
//! ```
//!
//! Preload data with [`FakeClerkBuilder::seed_json`] / [`seed_file`](FakeClerkBuilder::seed_file)
//! or [`FakeClerk::seed`] (users, organizations with members, sessions, ...; the same JSON as
//! `clerk-fake --seed`), or with the helpers [`FakeClerk::create_user`] and
//! [`FakeClerk::create_session`]. [`FakeClerk::reset`] empties the state between tests (and
//! applies the seed again); [`FakeClerk::reset_all`] restores everything.
//!
//! # Minting session tokens
//!
//! [`FakeClerk::token`] (for a session) and [`FakeClerk::token_for_user`] (creates a session)
//! give a [`TokenBuilder`]: Clerk's claims for the session at the fake clock's now, then any
//! override: a foreign `azp`, an expired token, `nbf`/`iat` in the future, v1 or v2 organization
//! claims, a JWT template, extra or removed claims, another key.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), clerk_testing::FakeError> {
//! use std::time::Duration;
//! # use serde_json::json;
//! # let fake = clerk_testing::FakeClerk::start().await;
//! # let user = fake.create_user(json!({"email_address": ["ada@example.com"]}));
//! # let user_id = user["id"].as_str().unwrap();
//! let valid = fake.token_for_user(user_id).mint()?;
//! let foreign = fake.token_for_user(user_id).azp("https://evil.example").mint()?;
//! let expired = fake.token_for_user(user_id).expired().mint()?;
//! let early = fake
//!     .token_for_user(user_id)
//!     .not_before_in(Duration::from_secs(120))
//!     .mint()?;
//! # let _ = (valid, foreign, expired, early);
//! # Ok(())
//! # }
//! ```
//!
//! Verify them like Clerk's: with the JWKS the fake serves at `GET /v1/jwks`
//! ([`FakeClerk::jwks_json`]) or networkless with [`FakeClerk::public_key_pem`]; the issuer is
//! [`FAKE_ISSUER`].
//!
//! # Testing a web app end to end (axum, actix-web, Rocket)
//!
//! Build the app's Clerk client (and its authentication layer) from `fake.api_url()` and
//! `fake.secret_key()` instead of the environment, start the app in the test (axum: serve a
//! router on a `127.0.0.1:0` listener or call it as a `tower::Service`; actix-web:
//! `actix_web::test::init_service` under `#[actix_web::test]`; Rocket:
//! `rocket::local::asynchronous::Client`), then send requests with
//! `Authorization: Bearer <minted token>` or a `__session` cookie. The app fetches the JWKS from
//! the fake and calls the Backend API on it; [`FakeClerk::request_log`] shows what it called.
//! The token cases (expired, foreign `azp`, unknown `kid`, ...) come from the builder above.
//!
//! # Injecting faults
//!
//! A [`Fault`] answers matching requests (exact path or a prefix ending in `*`, optionally one
//! method) with a status, `Retry-After`, a body and/or a delay, for a number of
//! [`times`](Fault::times) or until cleared. Faults win over Clerk and over default-priority
//! wiremock mocks; they are one wiremock mock of the highest priority.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), clerk_core::Error> {
//! use std::time::Duration;
//! use clerk_core::RetryPolicy;
//! use clerk_core::resources::users::UserFilter;
//! use clerk_testing::{Fault, FakeClerk};
//!
//! let fake = FakeClerk::start().await;
//! let clerk = clerk_core::Clerk::builder()
//!     .secret_key(fake.secret_key())
//!     .api_url(fake.api_url())
//!     .transport(clerk_http_reqwest::ReqwestTransport::new())
//!     .retry_policy(RetryPolicy::disabled())
//!     .build()?;
//!
//! fake.inject_fault(Fault::new("/v1/users*", 429).retry_after(2).times(1));
//! let err = clerk.users().count(&UserFilter::new()).await.unwrap_err();
//! let api = err.as_api().unwrap();
//! assert_eq!(api.status().as_u16(), 429);
//! assert_eq!(api.retry_after(), Some(Duration::from_secs(2)));
//! // Used up: Clerk answers again.
//! assert_eq!(clerk.users().count(&UserFilter::new()).await?.total_count, 0);
//! # Ok(())
//! # }
//! ```
//!
//! The fake is a `wiremock::MockServer` ([`FakeClerk::mock_server`]), so wiremock's own mocks,
//! expectations and journal ([`FakeClerk::received_requests`]) work as well.
//!
//! # The clock
//!
//! Every time the fake reads (record timestamps, token `iat`/`exp`, session expiry) comes from
//! its [`Clock`]: the system time by default, shifted with [`Clock::advance`] or frozen with
//! [`Clock::set`] / [`FakeClerkBuilder::clock`]`(Clock::fixed(..))`.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), clerk_testing::FakeError> {
//! use std::time::Duration;
//! use clerk_testing::{Clock, FakeClerk};
//! # use serde_json::json;
//!
//! let fake = FakeClerk::builder().clock(Clock::fixed(1_700_000_000_000)).start().await;
//! # let user = fake.create_user(json!({}));
//! # let user_id = user["id"].as_str().unwrap();
//! let token = fake.token_for_user(user_id).mint_with_claims()?;
//! assert_eq!(token.claims["exp"], 1_700_000_060);
//! fake.clock().advance(Duration::from_secs(61)); // the token is now expired
//! assert!(fake.clock().now_secs() > 1_700_000_060);
//! # Ok(())
//! # }
//! ```
//!
//! # Rotating keys
//!
//! The fake has four fixed RSA-2048 test keys. [`FakeClerk::rotate_keys`] makes the next one
//! sign, keeping the old ones in the JWKS or not; [`FakeClerk::drop_key`] removes one (tokens it
//! signed stop verifying); [`FakeClerk::sign_jwt_with`] signs with any of them, served or not.
//!
//! # Sign-ins, invitations and session states
//!
//! Clerk changes some state only through its Frontend API, when a user acts in the browser; the
//! fake has no Frontend API, so these are test controls:
//! [`FakeClerk::accept_sign_in_token`] and [`FakeClerk::accept_actor_token`] sign in with a
//! ticket (the latter gives an impersonation session, whose tokens carry `act`),
//! [`FakeClerk::accept_organization_invitation`] makes the invitee a member, and
//! [`FakeClerk::set_session_status`] puts a session in any state, e.g. `pending` (its tokens
//! carry `sts: "pending"`).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use clerk_core::resources::actor_tokens::CreateActorToken;
//! use clerk_testing::FakeClerk;
//! use serde_json::json;
//!
//! let fake = FakeClerk::start().await;
//! let clerk = clerk_core::Clerk::builder()
//!     .secret_key(fake.secret_key())
//!     .api_url(fake.api_url())
//!     .transport(clerk_http_reqwest::ReqwestTransport::new())
//!     .build()?;
//! let user = fake.create_user(json!({"email_address": ["ada@example.com"]}));
//! let user_id = user["id"].as_str().unwrap_or_default();
//!
//! // Support impersonates Ada: the app sees `act` in the session token.
//! let ticket = clerk
//!     .actor_tokens()
//!     .create(&CreateActorToken::new(user_id, "user_support"))
//!     .await?;
//! let session = fake.accept_actor_token(ticket.token.as_deref().unwrap_or_default())?;
//! let session_id = session["id"].as_str().unwrap_or_default();
//! let token = fake.token(session_id).mint_with_claims()?;
//! assert_eq!(token.claims["act"]["sub"], "user_support");
//!
//! // A session with an outstanding task.
//! fake.set_session_status(session_id, "pending")?;
//! assert_eq!(fake.token(session_id).mint_with_claims()?.claims["sts"], "pending");
//! # Ok(())
//! # }
//! ```
//!
//! # From another language: `clerk-fake` and the control API
//!
//! ```sh
//! cargo run -p clerk-testing --bin clerk-fake -- --port 0 --seed seed.json
//! # CLERK_API_URL=http://127.0.0.1:PORT
//! # CLERK_SECRET_KEY=sk_test_...
//! ```
//!
//! The first two lines of stdout are the variables to export; each request is then logged on
//! stderr (`METHOD PATH STATUS TIME`); SIGINT/SIGTERM stop it cleanly. Point Clerk's SDKs at it:
//! Node `createClerkClient({ secretKey, apiUrl: process.env.CLERK_API_URL })`; Go
//! `clerk.NewBackend(&clerk.BackendConfig{URL: clerk.String(apiURL + "/v1"), Key: ...})`; Python
//! `Clerk(bearer_auth=key, server_url=api_url + "/v1")`.
//!
//! The test controls are served on the fake itself under `/__fake/` (no Clerk path uses it),
//! with the same `Authorization: Bearer <secret key>`, JSON in and out, Clerk-style 4xx errors:
//!
//! | request | body | does |
//! | --- | --- | --- |
//! | `POST /__fake/tokens` | `{session_id` or `user_id, org_id?, version?: 1\|2, template?, expires_in_seconds?, azp?, iat?, nbf?, exp?` (Unix s) or `iat_offset_secs?, nbf_offset_secs?, exp_offset_secs?` (from the clock), `expired?: true, claims?: {..}` (`null` removes), `kid?}` | mints `{jwt, claims}` |
//! | `GET /__fake/keys` | | `{current, kids, jwks}` |
//! | `POST /__fake/keys/rotate` | `{keep_old?: bool}` (default `true`) | next key signs |
//! | `DELETE /__fake/keys/{kid}` | | removes a key from the JWKS |
//! | `GET /__fake/clock`, `POST /__fake/clock` | one of `{advance_secs}`, `{advance_ms}`, `{set_unix_ms}`, `{resume: true}` | `{now_ms, now_secs, frozen}` |
//! | `POST /__fake/faults` | `{path` (exact, or prefix ending `*`)`, method?, status?, retry_after_secs?, body?, delay_ms?, times?}`; no `status`: Clerk's answer, delayed | `{id, faults}` |
//! | `GET /__fake/faults`, `DELETE /__fake/faults` | | list / remove all |
//! | `POST /__fake/seed` | the seed JSON | `{users: [ids], organizations: [ids], ...}` |
//! | `POST /__fake/reset` | | state (seed applied again), faults, journal, keys, clock |
//! | `GET /__fake/requests`, `DELETE /__fake/requests` | | the journal: `{total_count, requests: [{method, path, query, status, fault, at_ms}]}` |
//! | `POST /__fake/sign_in_tokens/accept` | `{token}` (of `POST /v1/sign_in_tokens`) | signs in: the new `Session` |
//! | `POST /__fake/actor_tokens/accept` | `{token}` (of `POST /v1/actor_tokens`) | impersonates: the new `Session` (tokens carry `act`) |
//! | `POST /__fake/organization_invitations/{id}/accept` | `{user_id}` | the new `OrganizationMembership`; the invitation is `accepted` |
//! | `POST /__fake/sessions/{id}/status` | `{status}`: `pending`, `active`, `ended`, `revoked`, ... | the `Session` |
//!
//! ```sh
//! AUTH="Authorization: Bearer $CLERK_SECRET_KEY"
//! curl -s -H "$AUTH" -d '{"user_id":"user_...","azp":"https://evil.example"}' $CLERK_API_URL/__fake/tokens
//! curl -s -H "$AUTH" -d '{"path":"/v1/users*","status":429,"retry_after_secs":1,"times":2}' $CLERK_API_URL/__fake/faults
//! curl -s -H "$AUTH" -d '{"advance_secs":61}' $CLERK_API_URL/__fake/clock
//! curl -s -H "$AUTH" -d '{"keep_old":false}' $CLERK_API_URL/__fake/keys/rotate
//! curl -s -H "$AUTH" -X POST $CLERK_API_URL/__fake/reset
//! ```
//!
//! # Spec conformance
//!
//! The fake's JSON conforms to Clerk's OpenAPI spec `clerk-bapi.yml`; [`spec`] is the validator
//! its tests use, and [`FakeClerkBuilder::spec_mock`] turns the fake into a stateless mock that
//! validates requests against the spec.

#![recursion_limit = "256"]

pub mod behaviour;
mod clock;
pub mod conformance;
mod control;
mod error;
mod fake;
mod keys;
mod router;
mod seed;
pub mod spec;
mod spec_mock;
mod spec_ops;
mod state;
mod token;

pub use clock::Clock;
pub use control::{Fault, RequestSummary};
pub use error::FakeError;
pub use fake::{DEFAULT_SECRET_KEY, FAKE_ISSUER, FakeClerk, FakeClerkBuilder, LegacyEndpoints};
pub use seed::SeedError;
pub use spec_mock::SpecMockEntry;
pub use token::{MintedToken, TokenBuilder};

/// The README's code blocks, compiled as doctests so that the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
