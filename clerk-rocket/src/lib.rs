//! # clerk-rocket
//!
//! [Clerk](https://clerk.com) request authentication for [Rocket](rocket) 0.5: a fairing
//! ([`ClerkFairing`]) that manages the [`Authenticator`], and request guards for the result,
//! computed at most once per request. The verification itself is `clerk-core`'s
//! ([`clerk_core::verify`]); this crate is glue.
//!
//! ```no_run
//! use clerk_rocket::{ClerkAuth, ClerkFairing, Require, requirement};
//! use rocket::serde::json::{Json, Value, json};
//! use rocket::{get, launch, routes};
//!
//! requirement!(OrgAdmin = Role("org:admin"));
//!
//! #[get("/")]
//! fn public(auth: Option<ClerkAuth>) -> Json<Value> {
//!     Json(json!({ "signed_in": auth.is_some() }))
//! }
//!
//! #[get("/protected")]
//! fn protected(auth: ClerkAuth) -> Json<Value> {
//!     Json(json!({ "user_id": auth.user_id }))
//! }
//!
//! #[get("/org/admin")]
//! fn admin(admin: Require<OrgAdmin>) -> String {
//!     format!("hello admin {}", admin.user_id)
//! }
//!
//! #[launch]
//! fn rocket() -> _ {
//!     // CLERK_SECRET_KEY (and optionally CLERK_API_URL, CLERK_JWT_KEY, CLERK_AUTHORIZED_PARTIES).
//!     let clerk = ClerkFairing::from_env().expect("Clerk configuration");
//!     rocket::build()
//!         .attach(clerk)
//!         .mount("/", routes![public, protected, admin])
//! }
//! ```
//!
//! (`Json` needs Rocket's `json` feature; the guards do not.)
//!
//! ## Optional and required auth
//! - [`ClerkAuth`]: the signed-in session, or a 401 (403 for a token from an unauthorized
//!   origin) with a JSON body `{"error", "reason", "message"}`.
//! - `Option<ClerkAuth>`: the session if any; never rejects a request.
//! - [`ClerkAuthState`]: the full [`AuthState`], including why a request is signed out.
//! - [`Require<R>`]: a session that satisfies the role/permission/feature/plan check `R`
//!   (declared with [`requirement!`]), else 401/403.
//! - [`ClerkMachine`]: a verified machine token, when the authenticator accepts them
//!   ([`AuthenticatorBuilder::accepts`](clerk_core::verify::AuthenticatorBuilder::accepts)).
//! - [`ClerkWebhook`]: a data guard verifying a Clerk webhook over the raw body.
//!
//! Each guard dereferences to what it holds (`auth.user_id` on a `ClerkAuth`), as Rocket's
//! handler arguments are plain `name: Type`.
//!
//! Every guard reads one [`AuthState`], computed on first use with
//! [`Request::local_cache_async`]: a route with several Clerk guards verifies its token once,
//! and a route without any verifies nothing.
//!
//! ## Error bodies and catchers
//! Rocket hands a failing guard's status, not its error value, to the catchers. The Clerk
//! guards therefore keep their [`ClerkError`] in the request-local cache, and Clerk's catchers
//! for 400, 401, 403 and 500 answer it as JSON (with `WWW-Authenticate: Bearer` on 401); for
//! any other error of that status they answer what your `default` catcher at `/` (else
//! Rocket's) would.
//!
//! [`ClerkFairing`] registers these catchers at `/` for each of the four codes that has no
//! catcher of yours there. A catcher of yours takes precedence; render Clerk's answer in it
//! with [`ClerkError::of`]. To mount them elsewhere: `rocket.register("/api", clerk_rocket::catchers())`.
//!
//! ## Transport
//! Cargo features pick the HTTP client used to fetch the JWKS: `reqwest` (default) or `hyper`.
//! With `default-features = false`, build the [`Authenticator`] over your own
//! [`Transport`](clerk_core::Transport) and use [`ClerkFairing::new`].
//!
//! ## Rocket and non-UTF-8 headers
//! Rocket 0.5 drops a header whose value is not UTF-8 before any guard runs. A request whose
//! `Authorization` header holds such bytes is therefore signed out with
//! `session-token-missing` (not `token-invalid`), and such a `Cookie` header is ignored whole.

use std::io::Cursor;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};

use clerk_core::verify::{
    Auth, AuthState, Authenticator, Check, MachineAuth, Rejection, RequestView,
};
use clerk_core::webhooks::{WebhookEvent, WebhookHeaders, WebhookSecret, WebhookVerifier};
use rocket::catcher::{self, Catcher};
use rocket::data::{self, Data, FromData, ToByteUnit};
use rocket::fairing::{self, Fairing, Info, Kind};
use rocket::http::{ContentType, Header, Status};
use rocket::request::{self, FromRequest, Request};
use rocket::response::{self, Responder, Response};
use rocket::{Build, Ignite, Rocket, Sentinel, async_trait};

pub use clerk_core::{verify, webhooks};

/// The name of the [data limit](rocket::data::Limits) on webhook bodies; 1 MiB when unset.
pub const WEBHOOK_LIMIT: &str = "clerk-webhook";

/// The status codes Clerk's catchers answer.
const CATCHER_CODES: [u16; 4] = [400, 401, 403, 500];

/// A fairing that manages an [`Authenticator`] for the Clerk guards, and registers Clerk's
/// [catchers] where the app has none (see the [crate docs](crate#error-bodies-and-catchers)).
///
/// ```no_run
/// # fn app(authenticator: clerk_core::verify::Authenticator) -> rocket::Rocket<rocket::Build> {
/// rocket::build().attach(clerk_rocket::ClerkFairing::new(authenticator))
/// # }
/// ```
///
/// Handlers can take the managed authenticator as `&State<Authenticator>` (for its
/// [`clerk()`](Authenticator::clerk) client, say). Ignition fails when the app already manages
/// an `Authenticator` of its own.
#[derive(Debug, Clone)]
pub struct ClerkFairing {
    authenticator: Authenticator,
}

impl ClerkFairing {
    /// A fairing managing `authenticator`.
    pub fn new(authenticator: Authenticator) -> Self {
        Self { authenticator }
    }

    /// A fairing configured from the environment (`CLERK_SECRET_KEY`, `CLERK_API_URL`,
    /// `CLERK_JWT_KEY`, `CLERK_AUTHORIZED_PARTIES`, …) over the transport chosen by cargo
    /// feature.
    ///
    /// # Errors
    /// A configuration error naming the variable that is malformed.
    #[cfg(any(feature = "reqwest", feature = "hyper"))]
    pub fn from_env() -> Result<Self, clerk_core::Error> {
        Ok(Self::new(authenticator_from_env()?))
    }

    /// The authenticator this fairing manages.
    pub fn authenticator(&self) -> &Authenticator {
        &self.authenticator
    }
}

/// An [`Authenticator`] configured from the environment, over the transport chosen by cargo
/// feature (`reqwest` by default, else `hyper`).
///
/// # Errors
/// A configuration error naming the variable that is malformed.
#[cfg(any(feature = "reqwest", feature = "hyper"))]
pub fn authenticator_from_env() -> Result<Authenticator, clerk_core::Error> {
    #[cfg(feature = "reqwest")]
    let transport = clerk_http_reqwest::ReqwestTransport::new();
    #[cfg(all(feature = "hyper", not(feature = "reqwest")))]
    let transport = clerk_http_hyper::HyperTransport::new();
    Authenticator::from_env(clerk_core::Clerk::from_env(transport)?)
}

#[async_trait]
impl Fairing for ClerkFairing {
    fn info(&self) -> Info {
        Info {
            name: "Clerk",
            kind: Kind::Ignite | Kind::Singleton,
        }
    }

    async fn on_ignite(&self, rocket: Rocket<Build>) -> fairing::Result {
        if rocket.state::<Authenticator>().is_some() {
            // `manage` would panic: fail ignition instead.
            return Err(rocket);
        }
        let rocket = rocket.manage(self.authenticator.clone());
        let at_root = |c: &Catcher| c.base.path().as_str() == "/";
        let fallback = rocket
            .catchers()
            .find(|c| c.code.is_none() && at_root(c))
            .cloned();
        let missing: Vec<Catcher> = CATCHER_CODES
            .into_iter()
            .filter(|&code| {
                !rocket
                    .catchers()
                    .any(|c| c.code == Some(code) && at_root(c))
            })
            .map(|code| clerk_catcher(code, fallback.clone()))
            .collect();
        Ok(rocket.register("/", missing))
    }
}

/// Clerk's catchers for 400, 401, 403 and 500: each answers the [`ClerkError`] a Clerk guard
/// failed with on the request, when its status is the caught one, and Rocket's default answer
/// otherwise.
///
/// [`ClerkFairing`] registers them at `/` by itself; register them yourself to mount them at
/// another base.
pub fn catchers() -> Vec<Catcher> {
    CATCHER_CODES
        .into_iter()
        .map(|code| clerk_catcher(code, None))
        .collect()
}

fn clerk_catcher(code: u16, fallback: Option<Catcher>) -> Catcher {
    let handler = ClerkCatcher {
        fallback: Arc::new(fallback.unwrap_or_default()),
    };
    let mut catcher = Catcher::new(code, handler);
    catcher.name = Some("clerk_rocket::catchers".into());
    catcher
}

/// Answers the stored [`ClerkError`], else hands over to `fallback`.
#[derive(Clone)]
struct ClerkCatcher {
    fallback: Arc<Catcher>,
}

#[async_trait]
impl catcher::Handler for ClerkCatcher {
    async fn handle<'r>(&self, status: Status, request: &'r Request<'_>) -> catcher::Result<'r> {
        match ClerkError::of(request) {
            Some(error) if error.status() == status => error.respond_to(request),
            _ => self.fallback.handler.handle(status, request).await,
        }
    }
}

/// Why a Clerk guard failed; answered as JSON by Clerk's [catchers] (and as a [`Responder`]).
///
/// | variant | status | body |
/// |---|---|---|
/// | [`Rejected`](Self::Rejected) | 401 or 403 | `{"error": "unauthenticated" \| "forbidden", "reason", "message"}` |
/// | [`InvalidWebhook`](Self::InvalidWebhook) | 400 | `{"error": "invalid_webhook", "message"}` |
/// | [`Misconfigured`](Self::Misconfigured) | 500 | `{"error": "misconfigured", "message"}` |
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClerkError {
    /// The request is signed out, or lacks the role, permission, feature or plan the route
    /// requires.
    Rejected(Rejection),
    /// A webhook whose headers, timestamp, signature or body do not verify.
    InvalidWebhook(String),
    /// The app is not set up for the guard: no [`ClerkFairing`], or no webhook secret.
    Misconfigured(String),
}

/// The request-local slot where a failing guard leaves its error for the catchers.
#[derive(Default)]
struct LastError(Mutex<Option<ClerkError>>);

impl ClerkError {
    /// The error a Clerk guard failed with on `request`, if one did: for your own catchers.
    ///
    /// ```
    /// use clerk_rocket::ClerkError;
    /// use rocket::{Request, catch};
    ///
    /// #[catch(401)]
    /// fn unauthorized(request: &Request<'_>) -> Result<ClerkError, &'static str> {
    ///     ClerkError::of(request).ok_or("please sign in")
    /// }
    /// ```
    pub fn of(request: &Request<'_>) -> Option<ClerkError> {
        let slot = request.local_cache(LastError::default);
        let guard = slot
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        guard.clone()
    }

    /// Records `self` for the catchers; returns the failure of a guard.
    fn record(self, request: &Request<'_>) -> (Status, ClerkError) {
        let slot = request.local_cache(LastError::default);
        *slot
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(self.clone());
        (self.status(), self)
    }

    /// Records `self` for the catchers; returns the failing outcome of a request guard.
    fn fail<S>(self, request: &Request<'_>) -> request::Outcome<S, ClerkError> {
        request::Outcome::Error(self.record(request))
    }

    /// The status: 401/403 for a rejection, 400 for a bad webhook, 500 for a misconfiguration.
    pub fn status(&self) -> Status {
        match self {
            ClerkError::Rejected(rejection) => {
                Status::from_code(rejection.status).unwrap_or(Status::Unauthorized)
            }
            ClerkError::InvalidWebhook(_) => Status::BadRequest,
            ClerkError::Misconfigured(_) => Status::InternalServerError,
        }
    }

    /// The shared rejection (status, reason, message), for a rejected request.
    pub fn rejection(&self) -> Option<&Rejection> {
        match self {
            ClerkError::Rejected(rejection) => Some(rejection),
            _ => None,
        }
    }

    /// The JSON body.
    pub fn body(&self) -> Vec<u8> {
        let (error, message) = match self {
            ClerkError::Rejected(rejection) => return rejection.body(),
            ClerkError::InvalidWebhook(message) => ("invalid_webhook", message),
            ClerkError::Misconfigured(message) => ("misconfigured", message),
        };
        serde_json::to_vec(&serde_json::json!({ "error": error, "message": message }))
            .unwrap_or_default()
    }
}

impl std::fmt::Display for ClerkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClerkError::Rejected(rejection) => {
                write!(
                    f,
                    "{} ({}): {}",
                    rejection.error, rejection.reason, rejection.message
                )
            }
            ClerkError::InvalidWebhook(message) => write!(f, "invalid webhook: {message}"),
            ClerkError::Misconfigured(message) => write!(f, "misconfigured: {message}"),
        }
    }
}

impl std::error::Error for ClerkError {}

impl<'r> Responder<'r, 'static> for ClerkError {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        let status = self.status();
        let body = self.body();
        let mut response = Response::build();
        response
            .status(status)
            .header(ContentType::JSON)
            .sized_body(body.len(), Cursor::new(body));
        if status == Status::Unauthorized {
            response.header(Header::new("WWW-Authenticate", "Bearer"));
        }
        Ok(response.finalize())
    }
}

/// The view of `request` that `clerk-core` authenticates: the first `Authorization` header,
/// every `Cookie` header and the raw query string, borrowed.
fn view<'a>(request: &'a Request<'_>) -> RequestView<'a> {
    let headers = request.headers();
    let mut view = RequestView::new();
    if let Some(value) = headers.get_one("Authorization") {
        view = view.authorization(value.as_bytes());
    }
    for cookie in headers.get("Cookie") {
        view = view.cookie(cookie.as_bytes());
    }
    if let Some(query) = request.uri().query() {
        view = view.query(query.as_str());
    }
    view
}

/// The request-local outcome of authentication.
struct Cached(AuthState);

/// The request's [`AuthState`], computed on first use and cached for the request.
async fn auth_state<'r>(request: &'r Request<'_>) -> Result<&'r AuthState, ClerkError> {
    let Some(authenticator) = request.rocket().state::<Authenticator>() else {
        return Err(ClerkError::Misconfigured(
            "the Clerk guards need the authenticator: attach it with \
             `.attach(clerk_rocket::ClerkFairing::new(authenticator))`"
                .to_owned(),
        ));
    };
    let cached = request
        .local_cache_async(async {
            Cached(authenticator.authenticate_request(&view(request)).await)
        })
        .await;
    Ok(&cached.0)
}

/// Launch aborts when a route uses a Clerk guard and no [`Authenticator`] is managed.
fn no_authenticator(rocket: &Rocket<Ignite>) -> bool {
    rocket.state::<Authenticator>().is_none()
}

/// The full outcome of authentication, signed in or not: never rejects a request.
#[derive(Debug, Clone)]
pub struct ClerkAuthState(pub AuthState);

impl std::ops::Deref for ClerkAuthState {
    type Target = AuthState;

    fn deref(&self) -> &AuthState {
        &self.0
    }
}

#[async_trait]
impl<'r> FromRequest<'r> for ClerkAuthState {
    type Error = ClerkError;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, ClerkError> {
        match auth_state(request).await {
            Ok(state) => request::Outcome::Success(ClerkAuthState(state.clone())),
            Err(error) => error.fail(request),
        }
    }
}

impl Sentinel for ClerkAuthState {
    fn abort(rocket: &Rocket<Ignite>) -> bool {
        no_authenticator(rocket)
    }
}

/// Required auth: the signed-in session, else a 401/403 JSON answer. `Option<ClerkAuth>` is
/// optional auth.
#[derive(Debug, Clone)]
pub struct ClerkAuth(pub Arc<Auth>);

impl std::ops::Deref for ClerkAuth {
    type Target = Auth;

    fn deref(&self) -> &Auth {
        &self.0
    }
}

impl ClerkAuth {
    async fn resolve(request: &Request<'_>) -> Result<Arc<Auth>, ClerkError> {
        match auth_state(request).await? {
            AuthState::SignedIn(auth) => Ok(auth.clone()),
            AuthState::SignedOut(out) => Err(ClerkError::Rejected(out.rejection())),
            _ => Err(ClerkError::Rejected(Rejection::unauthenticated(
                verify::Reason::TokenTypeMismatch,
            ))),
        }
    }
}

#[async_trait]
impl<'r> FromRequest<'r> for ClerkAuth {
    type Error = ClerkError;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, ClerkError> {
        match ClerkAuth::resolve(request).await {
            Ok(auth) => request::Outcome::Success(ClerkAuth(auth)),
            Err(error) => error.fail(request),
        }
    }
}

impl Sentinel for ClerkAuth {
    fn abort(rocket: &Rocket<Ignite>) -> bool {
        no_authenticator(rocket)
    }
}

/// Required machine auth: a verified M2M token, API key or OAuth access token, when the
/// authenticator accepts them
/// ([`AuthenticatorBuilder::accepts`](clerk_core::verify::AuthenticatorBuilder::accepts));
/// else 401 JSON.
#[derive(Debug, Clone)]
pub struct ClerkMachine(pub Arc<MachineAuth>);

impl std::ops::Deref for ClerkMachine {
    type Target = MachineAuth;

    fn deref(&self) -> &MachineAuth {
        &self.0
    }
}

#[async_trait]
impl<'r> FromRequest<'r> for ClerkMachine {
    type Error = ClerkError;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, ClerkError> {
        let error = match auth_state(request).await {
            Ok(AuthState::Machine(machine)) => {
                return request::Outcome::Success(ClerkMachine(machine.clone()));
            }
            Ok(AuthState::SignedOut(out)) => ClerkError::Rejected(out.rejection()),
            Ok(_) => ClerkError::Rejected(Rejection::unauthenticated(
                verify::Reason::TokenTypeMismatch,
            )),
            Err(error) => error,
        };
        error.fail(request)
    }
}

impl Sentinel for ClerkMachine {
    fn abort(rocket: &Rocket<Ignite>) -> bool {
        no_authenticator(rocket)
    }
}

/// A check a [`Require`] guard enforces; declare one with [`requirement!`].
pub trait Requirement {
    /// The check.
    const CHECK: Check<'static>;
}

/// Declares a [`Requirement`] type: `requirement!(OrgAdmin = Role("org:admin"));` (also
/// `Permission(..)`, `Feature(..)`, `Plan(..)`).
#[macro_export]
macro_rules! requirement {
    ($(#[$meta:meta])* $vis:vis $name:ident = $kind:ident($value:literal)) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy)]
        $vis struct $name;
        impl $crate::Requirement for $name {
            const CHECK: $crate::verify::Check<'static> = $crate::verify::Check::$kind($value);
        }
    };
}

/// Required auth with an authorization check: a signed-in session satisfying `R`, else 401
/// (signed out) or 403 (`missing-role`, `missing-permission`, …).
#[derive(Debug, Clone)]
pub struct Require<R>(pub Arc<Auth>, pub PhantomData<R>);

impl<R> std::ops::Deref for Require<R> {
    type Target = Auth;

    fn deref(&self) -> &Auth {
        &self.0
    }
}

#[async_trait]
impl<'r, R: Requirement> FromRequest<'r> for Require<R> {
    type Error = ClerkError;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, ClerkError> {
        match ClerkAuth::resolve(request).await {
            Ok(auth) if auth.has(R::CHECK) => request::Outcome::Success(Require(auth, PhantomData)),
            Ok(_) => ClerkError::Rejected(Rejection::forbidden(R::CHECK)).fail(request),
            Err(error) => error.fail(request),
        }
    }
}

impl<R> Sentinel for Require<R> {
    fn abort(rocket: &Rocket<Ignite>) -> bool {
        no_authenticator(rocket)
    }
}

/// A verified Clerk webhook (a data guard): the signature over the raw body checked with the
/// [`WebhookVerifier`] the app manages, else its managed [`WebhookSecret`]. A bad signature, a
/// stale timestamp, a missing header or a body over the [`WEBHOOK_LIMIT`] answers 400 with a
/// JSON body; no managed secret, 500.
///
/// ```no_run
/// use clerk_rocket::ClerkWebhook;
/// use clerk_rocket::webhooks::{Event, WebhookSecret};
/// use rocket::{launch, post, routes};
///
/// #[post("/webhooks/clerk", data = "<webhook>")]
/// fn clerk_webhook(webhook: ClerkWebhook) {
///     if let Ok(Event::UserCreated(user)) = webhook.event() {
///         println!("welcome {}", user.id);
///     }
/// }
///
/// #[launch]
/// fn rocket() -> _ {
///     // CLERK_WEBHOOK_SIGNING_SECRET
///     let secret = WebhookSecret::from_env().expect("webhook secret");
///     rocket::build()
///         .manage(secret)
///         .mount("/", routes![clerk_webhook])
/// }
/// ```
#[derive(Debug, Clone)]
pub struct ClerkWebhook(pub WebhookEvent);

impl std::ops::Deref for ClerkWebhook {
    type Target = WebhookEvent;

    fn deref(&self) -> &WebhookEvent {
        &self.0
    }
}

#[async_trait]
impl<'r> FromData<'r> for ClerkWebhook {
    type Error = ClerkError;

    async fn from_data(request: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        let rocket = request.rocket();
        let from_secret;
        let verifier = match (
            rocket.state::<WebhookVerifier>(),
            rocket.state::<WebhookSecret>(),
        ) {
            (Some(verifier), _) => verifier,
            (None, Some(secret)) => {
                from_secret = WebhookVerifier::new(secret.clone());
                &from_secret
            }
            (None, None) => {
                let error = ClerkError::Misconfigured(
                    "no webhook secret: manage a `WebhookSecret` (or a `WebhookVerifier`), \
                     e.g. `.manage(WebhookSecret::from_env()?)` with \
                     CLERK_WEBHOOK_SIGNING_SECRET set"
                        .to_owned(),
                );
                return data::Outcome::Error(error.record(request));
            }
        };
        let limit = request.limits().get(WEBHOOK_LIMIT).unwrap_or(1.mebibytes());
        let body = match data.open(limit).into_bytes().await {
            Ok(body) if body.is_complete() => body.into_inner(),
            Ok(_) => {
                let error = ClerkError::InvalidWebhook(format!("the body is larger than {limit}"));
                return data::Outcome::Error(error.record(request));
            }
            Err(error) => {
                let error = ClerkError::InvalidWebhook(format!("the body is unreadable: {error}"));
                return data::Outcome::Error(error.record(request));
            }
        };
        let headers = WebhookHeaders::from_fn(|name| request.headers().get_one(name));
        let error = match verifier.verify(headers, &body) {
            Ok(event) => return data::Outcome::Success(ClerkWebhook(event)),
            Err(error) if error.is_config() => ClerkError::Misconfigured(error.to_string()),
            Err(error) => ClerkError::InvalidWebhook(error.to_string()),
        };
        data::Outcome::Error(error.record(request))
    }
}
