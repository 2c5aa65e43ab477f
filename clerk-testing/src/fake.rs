//! [`FakeClerk`]: the stateful fake Backend API on a `wiremock::MockServer`.

use std::fmt;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Map, Value};
use wiremock::{Mock, MockServer, Request};

use crate::clock::Clock;
use crate::control::{
    ControlMatcher, ControlResponder, Controls, Fault, FaultMatcher, FaultResponder, ObservedClerk,
    RequestSummary,
};
use crate::error::FakeError;
use crate::keys::SigningKey;
use crate::seed::{self, SeedError};
use crate::spec_mock::SpecMock;
use crate::state::{ISSUER, State};
use crate::token::TokenBuilder;

/// The secret key a [`FakeClerk`] accepts unless told otherwise.
pub const DEFAULT_SECRET_KEY: &str = "sk_test_clerk_fake_000000000000000000000000000000000";

/// The `iss` claim of every token the fake mints.
pub const FAKE_ISSUER: &str = ISSUER;

/// How the fake answers the endpoints the old Node SDK used and today's API removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LegacyEndpoints {
    /// As when the old Node SDK was written (the default): `GET /v1/clients` lists clients,
    /// `POST /v1/sessions/{id}/verify` verifies a session against a client token and
    /// `POST /v1/emails` queues an email.
    #[default]
    Seed,
    /// As today: `GET /v1/clients` and `POST /v1/sessions/{id}/verify` answer 410,
    /// `POST /v1/emails` answers 403.
    Current,
}

/// Shared between the [`FakeClerk`] handle and the responders on the mock server.
pub(crate) struct Inner {
    pub(crate) secret_key: String,
    legacy_current: AtomicBool,
    state: Mutex<State>,
    /// The same clock as the state's (kept here to read it without the state's lock).
    clock: Clock,
    pub(crate) key: SigningKey,
    /// Injected faults and the request journal.
    pub(crate) controls: Controls,
    /// Whether each request is logged on stderr.
    pub(crate) log_requests: bool,
    /// Applied at start and again at every reset.
    seed: Option<Value>,
}

impl Inner {
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Empties the state and applies the seed again.
    pub(crate) fn reset_state(&self) -> Result<(), SeedError> {
        *self.lock() = State::new(self.clock.clone());
        match &self.seed {
            Some(seed) => seed::apply(self, seed).map(drop),
            None => Ok(()),
        }
    }

    /// Everything back to how the fake started: state (and seed), faults, journal, keys and
    /// clock (system time). Mocks a test mounted itself stay.
    pub(crate) fn reset_everything(&self) -> Result<(), SeedError> {
        self.controls.clear_faults();
        self.controls.clear_journal();
        self.key.reset();
        self.clock.reset();
        self.reset_state()
    }

    pub(crate) fn legacy(&self) -> LegacyEndpoints {
        if self.legacy_current.load(Ordering::Relaxed) {
            LegacyEndpoints::Current
        } else {
            LegacyEndpoints::Seed
        }
    }
}

/// Configures and starts a [`FakeClerk`].
#[derive(Debug, Default)]
pub struct FakeClerkBuilder {
    secret_key: Option<String>,
    legacy: LegacyEndpoints,
    listener: Option<TcpListener>,
    record_requests: bool,
    spec_mock: bool,
    log_requests: bool,
    clock: Option<Clock>,
    seed: Option<Value>,
    seed_file: Option<PathBuf>,
}

impl FakeClerkBuilder {
    /// The secret key the fake accepts (default [`DEFAULT_SECRET_KEY`]).
    pub fn secret_key(mut self, key: impl Into<String>) -> Self {
        self.secret_key = Some(key.into());
        self
    }

    /// How the legacy endpoints behave (default [`LegacyEndpoints::Seed`]).
    pub fn legacy_endpoints(mut self, mode: LegacyEndpoints) -> Self {
        self.legacy = mode;
        self
    }

    /// Serve on this already-bound listener instead of a random `127.0.0.1` port.
    pub fn listener(mut self, listener: TcpListener) -> Self {
        self.listener = Some(listener);
        self
    }

    /// Whether wiremock records requests for [`FakeClerk::received_requests`] (default `true`;
    /// a long-running server should turn it off).
    pub fn record_requests(mut self, record: bool) -> Self {
        self.record_requests = record;
        self
    }

    /// Spec-mock mode (default `false`): answers every operation from the spec, like Prism's
    /// mock: validates each request against the spec and answers a response synthesised from
    /// the spec's schema; no state. Violations answer 400 `spec_violation`; see
    /// [`FakeClerk::spec_mock_log`]. Starting fails if the spec cannot be loaded.
    pub fn spec_mock(mut self, on: bool) -> Self {
        self.spec_mock = on;
        self
    }

    /// Logs each request on one line to stderr: method, path, status and time taken (never
    /// headers, query or body). Default `false`; `clerk-fake` turns it on.
    pub fn log_requests(mut self, on: bool) -> Self {
        self.log_requests = on;
        self
    }

    /// Uses this clock (clones share their time), e.g. [`Clock::fixed`] for fully
    /// deterministic timestamps. Default: the system time.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Preloads users, organizations and more (the JSON of `clerk-fake --seed`; see
    /// [`FakeClerk::seed`]) at start and again at every reset.
    pub fn seed_json(mut self, seed: Value) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Like [`seed_json`](Self::seed_json), read from a JSON file at start.
    pub fn seed_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.seed_file = Some(path.into());
        self
    }

    /// Starts the server on the configured listener, or on a random `127.0.0.1` port.
    ///
    /// # Panics
    /// If no `127.0.0.1` port can be bound or the seed is rejected (use
    /// [`try_start`](Self::try_start) to handle it).
    pub async fn start(self) -> FakeClerk {
        match self.try_start().await {
            Ok(f) => f,
            Err(e) => panic!("FakeClerk: cannot bind 127.0.0.1: {e}"),
        }
    }

    /// Starts the server; fails if a `127.0.0.1` port cannot be bound, or the seed cannot be
    /// read (`NotFound`, ...), parsed (`InvalidData`) or applied (`InvalidInput`, naming the
    /// entry).
    pub async fn try_start(self) -> std::io::Result<FakeClerk> {
        let seed = match (self.seed, &self.seed_file) {
            (Some(_), Some(_)) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "give seed_json or seed_file, not both",
                ));
            }
            (Some(seed), None) => Some(seed),
            (None, Some(path)) => Some(seed::read_file(path)?),
            (None, None) => None,
        };
        let listener = match self.listener {
            Some(l) => l,
            None => TcpListener::bind("127.0.0.1:0")?,
        };
        let mut builder = MockServer::builder().listener(listener);
        if !self.record_requests {
            builder = builder.disable_request_recording();
        }
        let server = builder.start().await;
        let clock = self.clock.unwrap_or_default();
        let inner = Arc::new(Inner {
            secret_key: self
                .secret_key
                .unwrap_or_else(|| DEFAULT_SECRET_KEY.to_string()),
            legacy_current: AtomicBool::new(self.legacy == LegacyEndpoints::Current),
            state: Mutex::new(State::new(clock.clone())),
            clock,
            key: SigningKey::fixed(),
            controls: Controls::default(),
            log_requests: self.log_requests,
            seed,
        });
        inner
            .reset_state()
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string()))?;
        let spec_mock = match self.spec_mock {
            true => Some(SpecMock::new(&inner.secret_key)?),
            false => None,
        };
        let fake = FakeClerk {
            server,
            inner,
            spec_mock,
        };
        fake.mount_clerk().await;
        Ok(fake)
    }
}

/// A stateful fake of Clerk's Backend API on a local `wiremock::MockServer`.
///
/// Three mocks are mounted: the control API `/__fake/...` and the injected faults
/// ([`inject_fault`](Self::inject_fault)) with the highest priority (1), and Clerk's behaviour, a
/// catch-all with the lowest (`u8::MAX`). A test's own default-priority wiremock mocks therefore
/// win over Clerk too:
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use wiremock::{Mock, ResponseTemplate, matchers::{method, path}};
/// let fake = clerk_testing::FakeClerk::start().await;
/// Mock::given(method("GET"))
///     .and(path("/v1/users"))
///     .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
///     .up_to_n_times(1)
///     .mount(fake.mock_server())
///     .await;
/// # }
/// ```
pub struct FakeClerk {
    server: MockServer,
    inner: Arc<Inner>,
    pub(crate) spec_mock: Option<Arc<SpecMock>>,
}

impl fmt::Debug for FakeClerk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeClerk")
            .field("api_url", &self.api_url())
            .field("legacy_endpoints", &self.inner.legacy())
            .finish_non_exhaustive()
    }
}

impl FakeClerk {
    /// Starts a fake with the defaults on a random `127.0.0.1` port.
    pub async fn start() -> FakeClerk {
        FakeClerk::builder().start().await
    }

    /// A builder for a configured fake.
    pub fn builder() -> FakeClerkBuilder {
        FakeClerkBuilder {
            record_requests: true,
            ..FakeClerkBuilder::default()
        }
    }

    /// Mounts the control API and the injected faults (priority 1, the highest) and Clerk
    /// (the lowest).
    async fn mount_clerk(&self) {
        Mock::given(ControlMatcher)
            .respond_with(ControlResponder(Arc::clone(&self.inner)))
            .with_priority(1)
            .named("clerk-testing: control API /__fake/")
            .mount(&self.server)
            .await;
        Mock::given(FaultMatcher(Arc::clone(&self.inner)))
            .respond_with(FaultResponder(Arc::clone(&self.inner)))
            .with_priority(1)
            .named("clerk-testing: injected faults")
            .mount(&self.server)
            .await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ObservedClerk(Arc::clone(&self.inner)))
            .with_priority(u8::MAX)
            .named("clerk-testing: fake Clerk Backend API")
            .mount(&self.server)
            .await;
        if let Some(mock) = &self.spec_mock {
            mock.mount(&self.server).await;
        }
    }

    /// `http://127.0.0.1:PORT`, without `/v1` (the SDK appends `/{api_version}`).
    pub fn api_url(&self) -> String {
        self.server.uri()
    }

    /// The secret key the fake accepts.
    pub fn secret_key(&self) -> &str {
        &self.inner.secret_key
    }

    /// The underlying mock server, to mount fault mocks or read the journal.
    pub fn mock_server(&self) -> &MockServer {
        &self.server
    }

    /// Every request received so far (empty if recording is off).
    pub async fn received_requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// Switches the legacy endpoints' behaviour at runtime.
    pub fn set_legacy_endpoints(&self, mode: LegacyEndpoints) {
        self.inner
            .legacy_current
            .store(mode == LegacyEndpoints::Current, Ordering::Relaxed);
    }

    /// The current legacy-endpoint behaviour.
    pub fn legacy_endpoints(&self) -> LegacyEndpoints {
        self.inner.legacy()
    }

    /// Forgets all users, organizations, sessions, clients, templates and emails, then applies
    /// the builder's seed again (faults, keys, clock, mocks and journals stay).
    pub fn reset(&self) {
        // The seed was applied to the same empty state at start, so it applies again.
        let _ = self.inner.reset_state();
    }

    /// Everything back to how the fake started: removes every mock (the test's too) and
    /// injected fault, clears both journals, restores the default signing key and the system
    /// clock, empties the state and applies the seed again. `POST /__fake/reset` does the same
    /// except for the test's own wiremock mocks and wiremock's journal.
    pub async fn reset_all(&self) {
        self.server.reset().await;
        let _ = self.inner.reset_everything();
        self.mount_clerk().await;
    }

    /// Preloads data through the API, as `--seed FILE` does: `users` (`POST /v1/users`
    /// bodies), `organizations` (`POST /v1/organizations` bodies with `members`:
    /// `[{"email" | "user_id" | "external_id": .., "role": "org:admin"}]`), `sessions`
    /// (`{"email" | "user_id" | "external_id": ..}`), `jwt_templates`,
    /// `allowlist_identifiers` and `blocklist_identifiers`. Returns the created ids per key,
    /// e.g. `{"users": ["user_..."], ...}`; the error names the rejected entry (entries before
    /// it stay created).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use serde_json::json;
    /// let fake = clerk_testing::FakeClerk::start().await;
    /// let ids = fake
    ///     .seed(&json!({"users": [{"email_address": ["ada@example.com"]}]}))
    ///     .unwrap();
    /// assert_eq!(ids["users"].as_array().unwrap().len(), 1);
    ///
    /// let err = fake
    ///     .seed(&json!({"users": [{"email_address": ["ada@example.com"]}]}))
    ///     .unwrap_err();
    /// assert_eq!(err.entry(), "users[0]");
    /// assert_eq!(err.error().code(), "form_identifier_exists");
    /// # }
    /// ```
    pub fn seed(&self, seed: &Value) -> Result<Value, SeedError> {
        seed::apply(&self.inner, seed)
    }

    // ------------------------------------------------------------------------------------------
    // Faults and the journal

    /// Injects a fault: matching requests get its answer instead of Clerk's until it has been
    /// used [`times`](Fault::times) or [`clear_faults`](Self::clear_faults) is called. Faults
    /// win over Clerk and over the test's own default-priority mocks.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use clerk_testing::Fault;
    /// let fake = clerk_testing::FakeClerk::start().await;
    /// fake.inject_fault(Fault::new("/v1/users*", 429).retry_after(2).times(1));
    /// // The next request under /v1/users answers 429 with `Retry-After: 2`, then Clerk answers.
    /// # }
    /// ```
    pub fn inject_fault(&self, fault: Fault) {
        self.inner.controls.inject(fault);
    }

    /// Removes every injected fault.
    pub fn clear_faults(&self) {
        self.inner.controls.clear_faults();
    }

    /// The API requests the fake answered (as Clerk or with an injected fault) so far, oldest
    /// first: the last 10 000, without the control API's own requests. Unlike [`received_requests`](Self::received_requests) it is kept even when
    /// wiremock's recording is off, and tells the status answered.
    pub fn request_log(&self) -> Vec<RequestSummary> {
        self.inner.controls.journal()
    }

    // ------------------------------------------------------------------------------------------
    // Keys and tokens

    /// The fake's clock: advance it to expire tokens and sessions, or freeze it.
    pub fn clock(&self) -> Clock {
        self.inner.clock().clone()
    }

    /// The JWKS document served at `GET /v1/jwks`: every kept key, the signing key first.
    pub fn jwks_json(&self) -> Value {
        self.inner.key.jwks()
    }

    /// The signing key's public key as SPKI PEM (`-----BEGIN PUBLIC KEY-----`), for
    /// networkless verification (`CLERK_JWT_KEY`).
    pub fn public_key_pem(&self) -> &'static str {
        self.inner.key.public_key_pem()
    }

    /// The `kid` of the signing key.
    pub fn kid(&self) -> &'static str {
        self.inner.key.kid()
    }

    /// The kids served in the JWKS, the signing key first.
    pub fn kids(&self) -> Vec<&'static str> {
        self.inner.key.kids()
    }

    /// Makes the next of the fake's fixed test keys the signing key and returns its kid. With
    /// `keep_old` the previous keys stay in the JWKS (tokens they signed still verify), else
    /// only the new key is served. The fake has four keys; rotation goes round them.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let fake = clerk_testing::FakeClerk::start().await;
    /// let first = fake.kid();
    /// let second = fake.rotate_keys(true);
    /// assert_eq!(fake.kids(), [second, first]);
    /// fake.drop_key(first).unwrap();
    /// assert_eq!(fake.kids(), [second]);
    /// # }
    /// ```
    pub fn rotate_keys(&self, keep_old: bool) -> &'static str {
        self.inner.key.rotate(keep_old)
    }

    /// Removes a key from the JWKS: tokens it signed no longer verify. Dropping the signing
    /// key makes the newest remaining one sign. Fails (404) for a kid not in the JWKS and (409)
    /// for the last key.
    pub fn drop_key(&self, kid: &str) -> Result<(), FakeError> {
        self.inner.key.drop_key(kid)
    }

    /// Signs arbitrary claims with one of the fake's keys, even one no longer in the JWKS
    /// (404 for an unknown kid).
    pub fn sign_jwt_with(&self, kid: &str, claims: &Value) -> Result<String, FakeError> {
        self.inner.key.sign_with_kid(kid, claims)
    }

    /// A builder for a session token of an existing session with chosen claims and times.
    pub fn token(&self, session_id: &str) -> TokenBuilder<'_> {
        TokenBuilder::for_session(&self.inner, session_id)
    }

    /// A builder for a session token of a user: minting creates a new active session first.
    pub fn token_for_user(&self, user_id: &str) -> TokenBuilder<'_> {
        TokenBuilder::for_user(&self.inner, user_id)
    }

    /// The `iss` of every minted token ([`FAKE_ISSUER`]).
    pub fn issuer(&self) -> &'static str {
        FAKE_ISSUER
    }

    /// Signs arbitrary claims as an RS256 JWT with the fake's key (for expired, not-yet-valid
    /// or otherwise unusual tokens).
    pub fn sign_jwt(&self, claims: &Value) -> String {
        self.inner.key.sign(claims)
    }

    /// Mints a session token like `POST /v1/sessions/{id}/tokens`, with an optional lifetime
    /// (default 60 s) and extra claims merged over the standard ones (e.g. `azp`, `o`).
    pub fn try_session_token(
        &self,
        session_id: &str,
        expires_in_seconds: Option<i64>,
        extra_claims: &Value,
    ) -> Result<String, FakeError> {
        let claims =
            self.inner
                .lock()
                .session_claims(session_id, expires_in_seconds, extra_claims)?;
        Ok(self.inner.key.sign(&claims))
    }

    /// Mints a 60-second session token for an active session.
    ///
    /// # Panics
    /// If the session does not exist or is not active.
    pub fn session_token(&self, session_id: &str) -> String {
        match self.try_session_token(session_id, None, &Value::Null) {
            Ok(t) => t,
            Err(e) => panic!("FakeClerk::session_token({session_id}): {e}"),
        }
    }

    /// Mints a token from a JWT template like `POST /v1/sessions/{id}/tokens/{template}`.
    pub fn template_token(&self, session_id: &str, template: &str) -> Result<String, FakeError> {
        let claims = self
            .inner
            .lock()
            .token_claims(session_id, Some(template), &Map::new())?;
        Ok(self.inner.key.sign(&claims))
    }

    /// Adds (or replaces) a JWT template. String claims may use shortcodes such as
    /// `{{user.id}}`, `{{user.primary_email_address}}`, `{{user.public_metadata.role}}`,
    /// `{{user.full_name}}` or `{{session.id}}`.
    pub fn add_jwt_template(&self, name: &str, claims: Value) {
        self.inner.lock().add_template(name, claims);
    }

    // ------------------------------------------------------------------------------------------
    // What users do through Clerk's Frontend API (which the fake does not have)

    /// Accepts a pending organization invitation for an existing user, as signing in through
    /// the invitation link does: the user becomes a member with the invited role and the
    /// invitation turns `accepted`. Answers the `OrganizationMembership` JSON; fails like the
    /// API (404 for an unknown invitation or user, 400 `invitation_not_pending` for one
    /// accepted, revoked or expired, 422 `already_a_member_in_organization`; the invitation
    /// then stays pending).
    /// `POST /__fake/organization_invitations/{id}/accept` `{"user_id": ..}` does the same.
    pub fn accept_organization_invitation(
        &self,
        invitation_id: &str,
        user_id: &str,
    ) -> Result<Value, FakeError> {
        self.inner
            .lock()
            .accept_org_invitation(invitation_id, user_id)
    }

    /// Signs in with a sign-in token (the `token` that `POST /v1/sign_in_tokens` answered), as
    /// opening its URL does: the token turns `accepted` and a new active session (and client)
    /// is created for its user. Answers the `Session` JSON; 404 for an unknown token, 422
    /// `sign_in_token_not_pending` for one used, revoked or expired.
    /// `POST /__fake/sign_in_tokens/accept` `{"token": ..}` does the same.
    pub fn accept_sign_in_token(&self, token: &str) -> Result<Value, FakeError> {
        self.inner.lock().accept_sign_in_token(token)
    }

    /// Signs in with an actor token (the `token` that `POST /v1/actor_tokens` answered), as
    /// opening its URL does: the token turns `accepted` and an impersonation session is
    /// created for its user, with `actor` set (so its session tokens carry the `act` claim)
    /// and lasting at most the token's `session_max_duration_in_seconds`. Answers the
    /// `Session` JSON; 404 for an unknown token, 422 `actor_token_not_pending` for one used,
    /// revoked or expired. `POST /__fake/actor_tokens/accept` `{"token": ..}` does the same.
    /// [The crate docs](crate#sign-ins-invitations-and-session-states) show it end to end.
    pub fn accept_actor_token(&self, token: &str) -> Result<Value, FakeError> {
        self.inner.lock().accept_actor_token(token)
    }

    /// Sets a session's status, as the Frontend API's flows do: `pending` (a session with an
    /// outstanding task, whose v2 tokens carry `sts: "pending"`), `active`, `ended`, `removed`,
    /// `replaced`, `revoked`, `expired` or `abandoned`. Answers the `Session` JSON; 404 for an
    /// unknown session, 422 for another status. `POST /__fake/sessions/{id}/status`
    /// `{"status": ..}` does the same.
    pub fn set_session_status(&self, session_id: &str, status: &str) -> Result<Value, FakeError> {
        self.inner.lock().change_session_status(session_id, status)
    }

    // ------------------------------------------------------------------------------------------
    // Seeding and inspection (same logic as the HTTP API, no network)

    /// Creates a user from a `POST /v1/users` body; the error is what the API would answer.
    pub fn try_create_user(&self, body: Value) -> Result<Value, FakeError> {
        match body {
            Value::Object(m) => self.inner.lock().create_user(&m),
            _ => Err(FakeError::malformed("the body must be a JSON object")),
        }
    }

    /// Creates a user from a `POST /v1/users` body and returns the `User` JSON.
    ///
    /// # Panics
    /// If the API would reject the body.
    pub fn create_user(&self, body: Value) -> Value {
        match self.try_create_user(body) {
            Ok(u) => u,
            Err(e) => panic!("FakeClerk::create_user: {e}"),
        }
    }

    /// Creates an active session (and its client) for a user; the error is the API's answer.
    pub fn try_create_session(&self, user_id: &str) -> Result<Value, FakeError> {
        let mut body = Map::new();
        body.insert("user_id".into(), Value::String(user_id.to_string()));
        self.inner.lock().create_session(&body)
    }

    /// Creates an active session (and its client) for a user and returns the `Session` JSON.
    ///
    /// # Panics
    /// If the user does not exist.
    pub fn create_session(&self, user_id: &str) -> Value {
        match self.try_create_session(user_id) {
            Ok(s) => s,
            Err(e) => panic!("FakeClerk::create_session({user_id}): {e}"),
        }
    }

    /// Revokes a session like `POST /v1/sessions/{id}/revoke`.
    pub fn revoke_session(&self, session_id: &str) -> Result<Value, FakeError> {
        self.inner.lock().revoke_session(session_id)
    }

    /// The opaque token of a client (what `POST /v1/clients/verify` takes).
    pub fn client_token(&self, client_id: &str) -> Option<String> {
        self.inner.lock().client_token(client_id)
    }

    /// The current `User` JSON.
    pub fn user(&self, user_id: &str) -> Option<Value> {
        self.inner.lock().user_json(user_id).ok()
    }

    /// The current `Session` JSON.
    pub fn session(&self, session_id: &str) -> Option<Value> {
        self.inner.lock().session_json(session_id).ok()
    }

    /// The current `Client` JSON.
    pub fn client(&self, client_id: &str) -> Option<Value> {
        self.inner.lock().client_json(client_id).ok()
    }

    /// The emails queued through the legacy `POST /v1/emails`, oldest first.
    pub fn sent_emails(&self) -> Vec<Value> {
        self.inner.lock().sent_emails()
    }
}
