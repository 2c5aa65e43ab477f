//! [`FakeClerk`]: the stateful fake Backend API on a `wiremock::MockServer`.

use std::fmt;
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Map, Value};
use wiremock::{Mock, MockServer, Request};

use crate::clock::Clock;
use crate::error::FakeError;
use crate::keys::{KID, PUBLIC_KEY_PEM, SigningKey};
use crate::router::ClerkResponder;
use crate::state::{ISSUER, State};

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

/// Shared between the [`FakeClerk`] handle and the responder on the mock server.
pub(crate) struct Inner {
    pub(crate) secret_key: String,
    legacy_current: AtomicBool,
    state: Mutex<State>,
    pub(crate) key: SigningKey,
}

impl Inner {
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
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

    /// Starts the server on the configured listener, or on a random `127.0.0.1` port.
    ///
    /// # Panics
    /// If no `127.0.0.1` port can be bound (use [`try_start`](Self::try_start) to handle it).
    pub async fn start(self) -> FakeClerk {
        match self.try_start().await {
            Ok(f) => f,
            Err(e) => panic!("FakeClerk: cannot bind 127.0.0.1: {e}"),
        }
    }

    /// Starts the server; fails only if a `127.0.0.1` port cannot be bound.
    pub async fn try_start(self) -> std::io::Result<FakeClerk> {
        let listener = match self.listener {
            Some(l) => l,
            None => TcpListener::bind("127.0.0.1:0")?,
        };
        let mut builder = MockServer::builder().listener(listener);
        if !self.record_requests {
            builder = builder.disable_request_recording();
        }
        let server = builder.start().await;
        let inner = Arc::new(Inner {
            secret_key: self
                .secret_key
                .unwrap_or_else(|| DEFAULT_SECRET_KEY.to_string()),
            legacy_current: AtomicBool::new(self.legacy == LegacyEndpoints::Current),
            state: Mutex::new(State::new(Clock::system())),
            key: SigningKey::fixed(),
        });
        let fake = FakeClerk { server, inner };
        fake.mount_clerk().await;
        Ok(fake)
    }
}

/// A stateful fake of Clerk's Backend API on a local `wiremock::MockServer`.
///
/// Clerk's behaviour is one catch-all mock with the lowest priority (`u8::MAX`), so a test's
/// own default-priority mocks (faults, delays) win over it:
///
/// ```no_run
/// # async fn demo() {
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

    async fn mount_clerk(&self) {
        Mock::given(wiremock::matchers::any())
            .respond_with(ClerkResponder(Arc::clone(&self.inner)))
            .with_priority(u8::MAX)
            .named("clerk-testing: fake Clerk Backend API")
            .mount(&self.server)
            .await;
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

    /// Forgets all users, sessions, clients, templates and emails (mocks and journal stay).
    pub fn reset(&self) {
        let mut state = self.inner.lock();
        let clock = state.clock.clone();
        *state = State::new(clock);
    }

    /// Removes every mock (the test's and Clerk's), clears the journal, then re-mounts Clerk
    /// and forgets the state.
    pub async fn reset_all(&self) {
        self.server.reset().await;
        self.reset();
        self.mount_clerk().await;
    }

    // ------------------------------------------------------------------------------------------
    // Keys and tokens

    /// The fake's clock: advance it to expire tokens and sessions, or freeze it.
    pub fn clock(&self) -> Clock {
        self.inner.lock().clock.clone()
    }

    /// The JWKS document served at `GET /v1/jwks`.
    pub fn jwks_json(&self) -> Value {
        self.inner.key.jwks()
    }

    /// The signing key's public key as SPKI PEM (`-----BEGIN PUBLIC KEY-----`), for
    /// networkless verification (`CLERK_JWT_KEY`).
    pub fn public_key_pem(&self) -> &'static str {
        PUBLIC_KEY_PEM
    }

    /// The `kid` of the signing key.
    pub fn kid(&self) -> &'static str {
        KID
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
