//! Request authentication: verifying Clerk session tokens, written once for every framework.
//!
//! An [`Authenticator`] verifies the session token of a request (`Authorization: Bearer`, else
//! the `__session` cookie) against the instance's keys: the PEM in `jwt_key`
//! (`CLERK_JWT_KEY`, no network ever) or the JWKS fetched with the secret key and cached. Web
//! framework adapters (`clerk-axum`, `clerk-actix`, `clerk-rocket`) are thin glue over
//! [`Authenticator::authenticate_request`].
//!
//! ```no_run
//! # async fn run(clerk: clerk_core::Clerk) -> Result<(), clerk_core::Error> {
//! use clerk_core::verify::{AuthState, Authenticator, RequestView};
//!
//! // CLERK_JWT_KEY and CLERK_AUTHORIZED_PARTIES are read from the environment.
//! let authenticator = Authenticator::from_env(clerk)?;
//!
//! let view = RequestView::new().authorization(b"Bearer eyJhbGciOi...");
//! match authenticator.authenticate_request(&view).await {
//!     AuthState::SignedIn(auth) => println!("user {} in session {}", auth.user_id, auth.session_id),
//!     AuthState::SignedOut(out) => println!("signed out: {}", out.reason()),
//!     _ => {}
//! }
//! # Ok(()) }
//! ```
//!
//! ## What is checked, in order
//! 1. The token is a JWT of at most 8 KiB: three base64url parts of JSON ([`Reason::TokenInvalid`]).
//! 2. `typ`, if present, is `JWT`; `alg` is `RS256` — never `none`, never HMAC
//!    ([`Reason::TokenInvalidAlgorithm`]).
//! 3. The key: `jwt_key` if set; else the JWKS key with the token's `kid`, fetching the JWKS when
//!    cold or older than [`AuthenticatorBuilder::jwks_ttl`] (1 hour), and refetching on an
//!    unknown `kid` at most once per [`AuthenticatorBuilder::jwks_refetch_interval`] (5 minutes).
//!    Concurrent requests share one fetch.
//! 4. The signature, before any claim is trusted.
//! 5. The claims: `sub` and `exp` present; `exp`, `nbf`, `iat` against the clock with the
//!    skew (5 s); `azp` among the authorized parties when some are set (a token without `azp`
//!    fails then); `iss` and `aud` when configured; `sid` present (JWT template and M2M tokens
//!    are not session tokens).
//! 6. In [`authenticate_request`](Authenticator::authenticate_request): a pending session
//!    (`sts: pending`) is signed out, and so is a `_clerk_session_id` query parameter naming
//!    another session than the token's.
//!
//! A token that passed steps 1–5 is remembered by its exact bytes (bounded cache, cleared when
//! the key set changes); seen again, only the time checks run.

mod cache;
mod claims;
mod jwks;
mod jwt;
mod keys;
mod machine;
mod reason;
mod request;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use claims::{Actor, Auth, Check};
pub use machine::{AcceptsToken, MachineAuth, TokenKind};
pub use reason::{Reason, VerifyError};
pub use request::{RequestView, TokenSource};

use cache::TokenCache;
use claims::RawClaims;
use jwks::{JwksCache, JwksSettings};
use keys::PublicKey;

use crate::config::Environment;
use crate::error::ConfigError;
use crate::{Clerk, Error};

/// Environment variable holding the instance's JWT verification key (PEM), for networkless
/// verification.
pub const ENV_JWT_KEY: &str = "CLERK_JWT_KEY";
/// Environment variable holding the authorized parties, comma-separated (such as
/// `https://app.example.com,https://admin.example.com`).
pub const ENV_AUTHORIZED_PARTIES: &str = "CLERK_AUTHORIZED_PARTIES";

/// The default clock skew tolerated on `exp`, `nbf` and `iat`.
pub const DEFAULT_CLOCK_SKEW: Duration = Duration::from_secs(5);
/// The default time a fetched JWKS is used before it is fetched again.
pub const DEFAULT_JWKS_TTL: Duration = Duration::from_secs(3600);
/// The default minimum time between two refetches caused by an unknown `kid`.
pub const DEFAULT_JWKS_REFETCH_INTERVAL: Duration = Duration::from_secs(300);
/// The default number of verified tokens remembered.
pub const DEFAULT_TOKEN_CACHE_CAPACITY: usize = 10_000;

/// The outcome of authenticating a request.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum AuthState {
    /// A verified session token.
    SignedIn(Arc<Auth>),
    /// A verified machine token (M2M token, API key or OAuth access token), on a route that
    /// accepts it.
    Machine(Arc<MachineAuth>),
    /// No token, or one that did not verify; the reason says which.
    SignedOut(SignedOut),
}

impl AuthState {
    /// The session, when signed in.
    pub fn auth(&self) -> Option<&Arc<Auth>> {
        match self {
            AuthState::SignedIn(auth) => Some(auth),
            _ => None,
        }
    }

    /// Whether a session is signed in.
    pub fn is_signed_in(&self) -> bool {
        matches!(self, AuthState::SignedIn(_))
    }
}

/// A signed-out request: why, and where the rejected token came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedOut {
    error: VerifyError,
    source: Option<TokenSource>,
}

impl SignedOut {
    fn new(error: impl Into<VerifyError>, source: Option<TokenSource>) -> Self {
        Self {
            error: error.into(),
            source,
        }
    }

    /// Why.
    pub fn reason(&self) -> Reason {
        self.error.reason()
    }

    /// The verification error, with its detail.
    pub fn error(&self) -> &VerifyError {
        &self.error
    }

    /// What to fix, for a log line or a response body.
    pub fn message(&self) -> String {
        self.error.message()
    }

    /// Where the rejected token came from; `None` when there was none.
    pub fn source(&self) -> Option<TokenSource> {
        self.source
    }

    /// The rejection an adapter answers with on a route that requires auth: 401, or 403 when
    /// the token is valid but issued for an origin that is not authorized.
    pub fn rejection(&self) -> Rejection {
        Rejection {
            status: if self.reason().is_forbidden() {
                403
            } else {
                401
            },
            error: if self.reason().is_forbidden() {
                "forbidden"
            } else {
                "unauthenticated"
            },
            reason: self.reason().as_str().to_owned(),
            message: self.message(),
        }
    }
}

/// An HTTP rejection shared by every adapter, so that the three frameworks answer the same
/// status and JSON body: `{"error": "unauthenticated" | "forbidden", "reason": …, "message": …}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// 401 or 403.
    pub status: u16,
    /// `unauthenticated` or `forbidden`.
    pub error: &'static str,
    /// A [`Reason`] string, or for authorization failures `missing-role` /
    /// `missing-permission` / `missing-feature` / `missing-plan`.
    pub reason: String,
    /// What to fix.
    pub message: String,
}

impl Rejection {
    /// A 403 for a signed-in session that lacks `check`.
    pub fn forbidden(check: Check<'_>) -> Rejection {
        let (reason, message) = match check {
            Check::Role(v) => (
                "missing-role",
                format!("This route requires the role `{v}` in the active organization."),
            ),
            Check::Permission(v) => (
                "missing-permission",
                format!("This route requires the permission `{v}` in the active organization."),
            ),
            Check::Feature(v) => (
                "missing-feature",
                format!(
                    "This route requires the feature `{v}` in the user's or organization's plan."
                ),
            ),
            Check::Plan(v) => (
                "missing-plan",
                format!("This route requires the plan `{v}` for the user or the organization."),
            ),
        };
        Rejection {
            status: 403,
            error: "forbidden",
            reason: reason.to_owned(),
            message,
        }
    }

    /// A 401 for a route that requires a session when there is none.
    pub fn unauthenticated(reason: Reason) -> Rejection {
        SignedOut::new(reason, None).rejection()
    }

    /// The JSON body.
    pub fn body(&self) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "error": self.error,
            "reason": self.reason,
            "message": self.message,
        }))
        .unwrap_or_default()
    }
}

/// The current time in Unix seconds; replaceable in tests.
type Now = Arc<dyn Fn() -> i64 + Send + Sync>;

fn system_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Verifies session tokens and authenticates requests. Cheap to clone: clones share the JWKS
/// cache and the verified-token cache.
#[derive(Clone)]
pub struct Authenticator {
    inner: Arc<Inner>,
}

struct Inner {
    clerk: Clerk,
    local_key: Option<PublicKey>,
    local_key_error: Option<VerifyError>,
    authorized_parties: Vec<String>,
    audience: Vec<String>,
    issuer: Option<String>,
    skew: i64,
    accepts: AcceptsToken,
    legacy_sessions: bool,
    pending_signed_out: bool,
    jwks: JwksCache,
    tokens: TokenCache,
    now: Now,
}

impl fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Authenticator")
            .field(
                "networkless",
                &(i.local_key.is_some() || i.local_key_error.is_some()),
            )
            .field("authorized_parties", &i.authorized_parties)
            .field("audience", &i.audience)
            .field("issuer", &i.issuer)
            .field("clock_skew_secs", &i.skew)
            .field("accepts", &i.accepts)
            .field("legacy_sessions", &i.legacy_sessions)
            .finish_non_exhaustive()
    }
}

impl Authenticator {
    /// An authenticator for `clerk`'s instance with the default options (keys from the JWKS).
    pub fn new(clerk: Clerk) -> Authenticator {
        AuthenticatorBuilder::new(clerk).build_unchecked()
    }

    /// Starts building an authenticator for `clerk`'s instance.
    pub fn builder(clerk: Clerk) -> AuthenticatorBuilder {
        AuthenticatorBuilder::new(clerk)
    }

    /// An authenticator whose `jwt_key` and `authorized_parties` come from `CLERK_JWT_KEY` and
    /// `CLERK_AUTHORIZED_PARTIES` when set.
    ///
    /// # Errors
    /// A configuration error naming the variable when `CLERK_JWT_KEY` is not an RSA public key
    /// in PEM.
    pub fn from_env(clerk: Clerk) -> Result<Authenticator, Error> {
        AuthenticatorBuilder::new(clerk).build()
    }

    /// The client this authenticator fetches keys with.
    pub fn clerk(&self) -> &Clerk {
        &self.inner.clerk
    }

    /// How many times the JWKS was fetched from Clerk (for monitoring and tests).
    pub fn jwks_fetch_count(&self) -> u64 {
        self.inner.jwks.fetch_count()
    }

    /// How many verified tokens are remembered.
    pub fn cached_token_count(&self) -> usize {
        self.inner.tokens.len()
    }

    fn now(&self) -> i64 {
        (self.inner.now)()
    }

    /// Verifies a session token and returns its session.
    ///
    /// # Errors
    /// A [`VerifyError`] whose [`Reason`] says what failed.
    pub async fn verify_token(&self, token: &str) -> Result<Arc<Auth>, VerifyError> {
        let now = self.now();
        if let Some(auth) = self.inner.tokens.get(token) {
            self.check_times(auth.expires_at, auth.not_before, auth.issued_at, now)?;
            return Ok(auth);
        }
        let auth = Arc::new(self.verify_uncached(token, now).await?);
        self.inner.tokens.insert(token, auth.clone(), now);
        Ok(auth)
    }

    async fn verify_uncached(&self, token: &str, now: i64) -> Result<Auth, VerifyError> {
        let decoded = jwt::decode(token)?;
        let header = decoded.header()?;
        if header
            .typ
            .as_deref()
            .is_some_and(|t| !t.eq_ignore_ascii_case("JWT"))
        {
            return Err(VerifyError::with_detail(
                Reason::TokenInvalid,
                "the JWT header's `typ` is not `JWT`",
            ));
        }
        match header.alg.as_deref() {
            Some("RS256") => {}
            Some(other) => {
                let other: String = other.chars().take(16).filter(|c| !c.is_control()).collect();
                return Err(VerifyError::with_detail(
                    Reason::TokenInvalidAlgorithm,
                    format!("the token is signed with `{other}`, not RS256"),
                ));
            }
            None => {
                return Err(VerifyError::with_detail(
                    Reason::TokenInvalidAlgorithm,
                    "the JWT header has no `alg`",
                ));
            }
        }
        if header
            .cat
            .as_deref()
            .is_some_and(|c| c != "cl_B7d4PD111AAA")
        {
            // Clerk tags session tokens `cl_B7d4PD111AAA`; other categories (M2M, templates)
            // are not session tokens.
            return Err(VerifyError::with_detail(
                Reason::TokenTypeMismatch,
                "the token's category is not a session token",
            ));
        }
        let key = self.key_for(header.kid.as_deref()).await?;
        let signed = &token.as_bytes()[..decoded.signing_input_len];
        if !key.verify(signed, &decoded.signature) {
            return Err(VerifyError::new(Reason::TokenInvalidSignature));
        }
        let raw: RawClaims<'_> = serde_json::from_str(&decoded.payload).map_err(|e| {
            VerifyError::with_detail(
                Reason::TokenInvalid,
                format!(
                    "the token's claims are not valid: {}",
                    e.to_string().chars().take(120).collect::<String>()
                ),
            )
        })?;
        self.check_times(
            raw.exp.ok_or_else(|| {
                VerifyError::with_detail(Reason::TokenInvalid, "the token has no `exp`")
            })?,
            raw.nbf,
            raw.iat,
            now,
        )?;
        if raw.sub.as_deref().is_some_and(|s| s.starts_with("mch_")) {
            return Err(VerifyError::with_detail(
                Reason::TokenTypeMismatch,
                "the token is an M2M token, not a session token",
            ));
        }
        let parties = &self.inner.authorized_parties;
        if !parties.is_empty() {
            match raw.azp.as_deref() {
                Some(azp) if parties.iter().any(|p| p == azp) => {}
                Some(_) => {
                    return Err(VerifyError::with_detail(
                        Reason::TokenInvalidAuthorizedParties,
                        "the token's `azp` is not an authorized party",
                    ));
                }
                None => {
                    return Err(VerifyError::with_detail(
                        Reason::TokenInvalidAuthorizedParties,
                        "the token has no `azp` while authorized parties are set",
                    ));
                }
            }
        }
        if let Some(issuer) = &self.inner.issuer {
            if raw.iss.as_deref() != Some(issuer.as_str()) {
                return Err(VerifyError::with_detail(
                    Reason::TokenInvalidIssuer,
                    "the token's `iss` is not the configured issuer",
                ));
            }
        }
        if !self.inner.audience.is_empty() {
            if let Some(aud) = &raw.aud {
                if !aud.contains_any(&self.inner.audience) {
                    return Err(VerifyError::with_detail(
                        Reason::TokenVerificationFailed,
                        "the token's `aud` is not an expected audience",
                    ));
                }
            }
        }
        Auth::from_claims(raw, &decoded.payload, token)
    }

    fn check_times(
        &self,
        exp: i64,
        nbf: Option<i64>,
        iat: Option<i64>,
        now: i64,
    ) -> Result<(), VerifyError> {
        let skew = self.inner.skew;
        if exp <= now - skew {
            return Err(VerifyError::with_detail(
                Reason::TokenExpired,
                format!("the token expired at {exp}, {}s ago", now - exp),
            ));
        }
        if let Some(nbf) = nbf {
            if nbf > now + skew {
                return Err(VerifyError::with_detail(
                    Reason::TokenNotActiveYet,
                    format!(
                        "the token is not valid before {nbf}, {}s from now",
                        nbf - now
                    ),
                ));
            }
        }
        if let Some(iat) = iat {
            if iat > now + skew {
                return Err(VerifyError::with_detail(
                    Reason::TokenIatInTheFuture,
                    format!(
                        "the token was issued at {iat}, {}s in the future",
                        iat - now
                    ),
                ));
            }
        }
        Ok(())
    }

    async fn key_for(&self, kid: Option<&str>) -> Result<PublicKey, VerifyError> {
        if let Some(error) = &self.inner.local_key_error {
            return Err(error.clone());
        }
        if let Some(key) = &self.inner.local_key {
            return Ok(key.clone());
        }
        let kid = kid.ok_or_else(|| {
            VerifyError::with_detail(Reason::TokenInvalid, "the JWT header has no `kid`")
        })?;
        let tokens = &self.inner.tokens;
        self.inner
            .jwks
            .key(&self.inner.clerk, kid, || tokens.clear())
            .await
    }

    /// Authenticates a request from its framework-neutral view: finds the token, verifies it,
    /// and says who is signed in or why nobody is. Never fails: every problem is a
    /// [`SignedOut`] with its reason.
    pub async fn authenticate_request(&self, request: &RequestView<'_>) -> AuthState {
        self.authenticate_with(request, self.inner.accepts).await
    }

    /// As [`authenticate_request`](Self::authenticate_request), accepting the token kinds in
    /// `accepts` for this call (per-route machine authentication).
    pub async fn authenticate_with(
        &self,
        request: &RequestView<'_>,
        accepts: AcceptsToken,
    ) -> AuthState {
        let header = match request.authorization.map(request::header_token) {
            Some(Err(())) => {
                return AuthState::SignedOut(SignedOut::new(
                    VerifyError::with_detail(
                        Reason::TokenInvalid,
                        "the Authorization header is not visible ASCII",
                    ),
                    Some(TokenSource::Header),
                ));
            }
            Some(Ok(token)) => token,
            None => None,
        };
        if let Some(token) = header {
            if let Some(kind) = machine::kind_of(token) {
                return self.authenticate_machine(token, kind, accepts).await;
            }
            if accepts.m2m && Self::is_m2m_jwt(token) {
                return match self.verify_m2m_jwt(token).await {
                    Ok(auth) => AuthState::Machine(Arc::new(auth)),
                    Err(error) => {
                        AuthState::SignedOut(SignedOut::new(error, Some(TokenSource::Header)))
                    }
                };
            }
            if !accepts.session {
                return AuthState::SignedOut(SignedOut::new(
                    VerifyError::with_detail(
                        Reason::TokenTypeMismatch,
                        "this route does not accept session tokens",
                    ),
                    Some(TokenSource::Header),
                ));
            }
            return self.finish_session(
                self.verify_token(token).await,
                request,
                TokenSource::Header,
            );
        }
        if !accepts.session {
            return AuthState::SignedOut(SignedOut::new(Reason::SessionTokenMissing, None));
        }
        let Some(cookie) = request::cookie_value(&request.cookies, "__session") else {
            return AuthState::SignedOut(SignedOut::new(Reason::SessionTokenMissing, None));
        };
        if self.inner.legacy_sessions {
            return self.authenticate_legacy(cookie, request).await;
        }
        self.finish_session(
            self.verify_token(cookie).await,
            request,
            TokenSource::Cookie,
        )
    }

    fn finish_session(
        &self,
        verified: Result<Arc<Auth>, VerifyError>,
        request: &RequestView<'_>,
        source: TokenSource,
    ) -> AuthState {
        let auth = match verified {
            Ok(auth) => auth,
            Err(error) => return AuthState::SignedOut(SignedOut::new(error, Some(source))),
        };
        if self.inner.pending_signed_out && auth.session_status.as_deref() == Some("pending") {
            return AuthState::SignedOut(SignedOut::new(Reason::SessionPending, Some(source)));
        }
        if let Some(query) = request.query {
            if query.contains("_clerk_session_id") {
                if let Some(wanted) = request::query_value(query, "_clerk_session_id") {
                    if wanted != auth.session_id {
                        return AuthState::SignedOut(SignedOut::new(
                            VerifyError::with_detail(
                                Reason::SessionIdMismatch,
                                "`_clerk_session_id` names another session than the token's `sid`",
                            ),
                            Some(source),
                        ));
                    }
                }
            }
        }
        AuthState::SignedIn(auth)
    }

    /// The seed's multi-session flow: the `__session` cookie holds a client token; with
    /// `_clerk_session_id` the session is verified by Clerk, without it the client's last active
    /// session is used.
    async fn authenticate_legacy(&self, token: &str, request: &RequestView<'_>) -> AuthState {
        let source = Some(TokenSource::Cookie);
        let session_id = request
            .query
            .and_then(|q| request::query_value(q, "_clerk_session_id"));
        let clerk = &self.inner.clerk;
        let session = match session_id {
            Some(id) => {
                #[allow(deprecated)]
                let result = clerk.sessions().verify_session(&id, token).await;
                result
            }
            None => match clerk.clients().verify_client(token).await {
                Ok(client) => {
                    let Some(last) = client.last_active_session_id.clone() else {
                        return AuthState::SignedOut(SignedOut::new(
                            VerifyError::with_detail(
                                Reason::SessionTokenMissing,
                                "the client has no active session",
                            ),
                            source,
                        ));
                    };
                    match client.sessions.into_iter().find(|s| s.id == last) {
                        Some(session) => Ok(session),
                        None => clerk.sessions().get(&last).await,
                    }
                }
                Err(error) => Err(error),
            },
        };
        match session {
            Ok(session) if session.status.as_str() == "active" => AuthState::SignedIn(Arc::new(
                Auth::from_session(session.user_id, session.id, session.expire_at / 1000),
            )),
            Ok(session) => AuthState::SignedOut(SignedOut::new(
                VerifyError::with_detail(
                    Reason::TokenRevokedOrUnknown,
                    format!("the session is {}", session.status.as_str()),
                ),
                source,
            )),
            Err(error) => {
                AuthState::SignedOut(SignedOut::new(machine::network_failure(&error), source))
            }
        }
    }
}

/// Options of an [`Authenticator`]; each resolved as explicit value > environment variable >
/// default.
#[derive(Clone)]
pub struct AuthenticatorBuilder {
    clerk: Clerk,
    environment: Environment,
    jwt_key: Option<String>,
    authorized_parties: Option<Vec<String>>,
    audience: Vec<String>,
    issuer: Option<String>,
    skew: Duration,
    jwks_ttl: Duration,
    jwks_refetch_interval: Duration,
    token_cache_capacity: usize,
    accepts: AcceptsToken,
    legacy_sessions: bool,
    pending_signed_out: bool,
    now: Option<Now>,
}

impl fmt::Debug for AuthenticatorBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthenticatorBuilder")
            .field("jwt_key", &self.jwt_key.as_ref().map(|_| "[set]"))
            .field("authorized_parties", &self.authorized_parties)
            .field("skew", &self.skew)
            .finish_non_exhaustive()
    }
}

impl AuthenticatorBuilder {
    fn new(clerk: Clerk) -> Self {
        Self {
            clerk,
            environment: Environment::process(),
            jwt_key: None,
            authorized_parties: None,
            audience: Vec::new(),
            issuer: None,
            skew: DEFAULT_CLOCK_SKEW,
            jwks_ttl: DEFAULT_JWKS_TTL,
            jwks_refetch_interval: DEFAULT_JWKS_REFETCH_INTERVAL,
            token_cache_capacity: DEFAULT_TOKEN_CACHE_CAPACITY,
            accepts: AcceptsToken::SESSION,
            legacy_sessions: false,
            pending_signed_out: true,
            now: None,
        }
    }

    /// Where `CLERK_JWT_KEY` and `CLERK_AUTHORIZED_PARTIES` are read from (default: the process
    /// environment).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// The instance's public key in PEM (`CLERK_JWT_KEY`): tokens are verified with it and no
    /// request is ever made to Clerk to verify a session token.
    pub fn jwt_key(mut self, pem: impl Into<String>) -> Self {
        self.jwt_key = Some(pem.into());
        self
    }

    /// The origins allowed in `azp` (`CLERK_AUTHORIZED_PARTIES`, comma-separated). When set, a
    /// token without `azp` is refused too.
    pub fn authorized_parties<I, S>(mut self, parties: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.authorized_parties = Some(parties.into_iter().map(Into::into).collect());
        self
    }

    /// Audiences, one of which a token's `aud` must hold when it has one.
    pub fn audience<I, S>(mut self, audience: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.audience = audience.into_iter().map(Into::into).collect();
        self
    }

    /// The exact `iss` tokens must carry (not checked by default).
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// Clock skew tolerated on `exp`, `nbf` and `iat` (default 5 s; zero is honoured).
    pub fn clock_skew(mut self, skew: Duration) -> Self {
        self.skew = skew;
        self
    }

    /// How long a fetched JWKS is used (default 1 hour).
    pub fn jwks_ttl(mut self, ttl: Duration) -> Self {
        self.jwks_ttl = ttl;
        self
    }

    /// The minimum time between two JWKS refetches caused by an unknown `kid` (default 5
    /// minutes), so that a flood of tokens with made-up key ids cannot hammer Clerk.
    pub fn jwks_refetch_interval(mut self, interval: Duration) -> Self {
        self.jwks_refetch_interval = interval;
        self
    }

    /// How many verified tokens to remember (default 10 000; 0 turns the cache off).
    pub fn token_cache_capacity(mut self, capacity: usize) -> Self {
        self.token_cache_capacity = capacity;
        self
    }

    /// The token kinds [`Authenticator::authenticate_request`] accepts (default: session tokens
    /// only).
    pub fn accepts(mut self, accepts: AcceptsToken) -> Self {
        self.accepts = accepts;
        self
    }

    /// Opt-in: the seed's multi-session flow, where the `__session` cookie holds a *client*
    /// token verified by Clerk's Backend API on every request (`_clerk_session_id` picks the
    /// session, else the client's last active one). Header tokens are still verified as JWTs.
    pub fn legacy_sessions(mut self, enabled: bool) -> Self {
        self.legacy_sessions = enabled;
        self
    }

    /// Whether a pending session (`sts: pending`) is signed out (default true, as Clerk's
    /// `treatPendingAsSignedOut`).
    pub fn treat_pending_as_signed_out(mut self, enabled: bool) -> Self {
        self.pending_signed_out = enabled;
        self
    }

    /// Replaces the clock used for `exp`/`nbf`/`iat` (Unix seconds), for tests.
    pub fn clock(mut self, now: impl Fn() -> i64 + Send + Sync + 'static) -> Self {
        self.now = Some(Arc::new(now));
        self
    }

    /// Builds the authenticator.
    ///
    /// # Errors
    /// A configuration error naming `CLERK_JWT_KEY` when the key is not an RSA public key in
    /// PEM.
    pub fn build(self) -> Result<Authenticator, Error> {
        let authenticator = self.build_unchecked();
        match &authenticator.inner.local_key_error {
            Some(error) => Err(Error::config(ConfigError::InvalidOption {
                option: ENV_JWT_KEY,
                reason: error.detail().unwrap_or("not an RSA public key").to_owned(),
            })),
            None => Ok(authenticator),
        }
    }

    fn build_unchecked(self) -> Authenticator {
        let jwt_key = self.jwt_key.or_else(|| self.environment.var(ENV_JWT_KEY));
        let (local_key, local_key_error) = match jwt_key.as_deref().map(PublicKey::from_pem) {
            Some(Ok(key)) => (Some(key), None),
            Some(Err(error)) => (None, Some(error)),
            None => (None, None),
        };
        let authorized_parties = self.authorized_parties.unwrap_or_else(|| {
            self.environment
                .var(ENV_AUTHORIZED_PARTIES)
                .map(|v| {
                    v.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        });
        Authenticator {
            inner: Arc::new(Inner {
                clerk: self.clerk,
                local_key,
                local_key_error,
                authorized_parties,
                audience: self.audience,
                issuer: self.issuer,
                skew: i64::try_from(self.skew.as_secs()).unwrap_or(i64::MAX / 4),
                accepts: self.accepts,
                legacy_sessions: self.legacy_sessions,
                pending_signed_out: self.pending_signed_out,
                jwks: JwksCache::new(JwksSettings {
                    ttl: self.jwks_ttl,
                    refetch_interval: self.jwks_refetch_interval,
                }),
                tokens: TokenCache::new(self.token_cache_capacity),
                now: self.now.unwrap_or_else(|| Arc::new(system_now)),
            }),
        }
    }
}
