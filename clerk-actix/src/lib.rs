//! # clerk-actix
//!
//! [Clerk](https://clerk.com) request authentication for [actix-web](actix_web) 4: a
//! middleware ([`ClerkMiddleware`]) that authenticates each request once, and
//! [`FromRequest`] extractors for the result. The verification itself is `clerk-core`'s
//! ([`clerk_core::verify`]); this crate is glue.
//!
//! ```no_run
//! use actix_web::{App, HttpResponse, HttpServer, web};
//! use clerk_actix::{ClerkAuth, ClerkMiddleware, MaybeAuth, Require, requirement};
//! use serde_json::json;
//!
//! requirement!(OrgAdmin = Role("org:admin"));
//!
//! async fn public(auth: MaybeAuth) -> HttpResponse {
//!     HttpResponse::Ok().json(json!({ "signed_in": auth.0.is_some() }))
//! }
//!
//! async fn protected(ClerkAuth(auth): ClerkAuth) -> HttpResponse {
//!     HttpResponse::Ok().json(json!({ "user_id": auth.user_id }))
//! }
//!
//! async fn admin(Require(auth, ..): Require<OrgAdmin>) -> String {
//!     format!("hello admin {}", auth.user_id)
//! }
//!
//! #[actix_web::main]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     // CLERK_SECRET_KEY (and optionally CLERK_API_URL, CLERK_JWT_KEY, CLERK_AUTHORIZED_PARTIES).
//!     let clerk = ClerkMiddleware::from_env()?;
//!     HttpServer::new(move || {
//!         App::new()
//!             .wrap(clerk.clone())
//!             .route("/", web::get().to(public))
//!             .route("/protected", web::get().to(protected))
//!             .route("/org/admin", web::get().to(admin))
//!     })
//!     .bind(("127.0.0.1", 3000))?
//!     .run()
//!     .await?;
//!     Ok(())
//! }
//! ```
//!
//! ## Optional and required auth
//! - [`ClerkAuth`]: the signed-in session, or a 401 (403 for a token from an unauthorized
//!   origin) with a JSON body `{"error", "reason", "message"}`, through
//!   [`ResponseError`].
//! - [`MaybeAuth`] (or `Option<ClerkAuth>`): the session if any; never rejects a request.
//! - [`ClerkAuthState`]: the full [`AuthState`], including why a request is signed out.
//! - [`Require<R>`]: a session that satisfies the role/permission/feature/plan check `R`
//!   (declared with [`requirement!`]), else 401/403.
//!
//! ## Machine authentication
//! Routes that serve machines accept M2M tokens, API keys or OAuth access tokens through
//! [`ClerkMiddleware::accepts`] on their scope, and take [`ClerkMachine`]: the verified
//! [`MachineAuth`] (its kind, subject, scopes, claims), else the same 401 JSON rejection as
//! [`ClerkAuth`]. A session token on such a route is refused with `token-type-mismatch` (unless
//! the scope also accepts sessions); a machine token on a session route likewise, so
//! [`ClerkAuth`] never sees a machine and [`ClerkMachine`] never sees a user's session.
//!
//! ```no_run
//! use actix_web::{App, web};
//! use clerk_actix::verify::{AcceptsToken, TokenKind};
//! use clerk_actix::{ClerkAuth, ClerkMachine, ClerkMiddleware};
//!
//! async fn sync(ClerkMachine(machine): ClerkMachine) -> String {
//!     format!("{} acting for {}", machine.kind.as_str(), machine.subject)
//! }
//!
//! async fn me(ClerkAuth(auth): ClerkAuth) -> String {
//!     auth.user_id.clone()
//! }
//!
//! # fn app(clerk: ClerkMiddleware) {
//! let machines = AcceptsToken::only(TokenKind::M2mToken).with(TokenKind::ApiKey);
//! let app = App::new()
//!     .wrap(clerk.clone())
//!     .route("/me", web::get().to(me))
//!     .service(
//!         web::scope("/internal")
//!             .wrap(clerk.accepts(machines))
//!             .route("/sync", web::post().to(sync)),
//!     );
//! # let _ = app; }
//! ```
//!
//! The scope's middleware re-authenticates its requests with its own token kinds; the app's
//! (session tokens only) serves the rest.
//!
//! Without the middleware (app-data authentication, below), the extractors accept what the
//! [`Authenticator`] was built to accept
//! ([`AuthenticatorBuilder::accepts`](clerk_core::verify::AuthenticatorBuilder::accepts)).
//!
//! ## Once per request
//! [`ClerkMiddleware`] authenticates every request it wraps and stores the [`AuthState`] in the
//! request's extensions (`req.extensions().get::<AuthState>()` reads it in your own
//! middleware). The extractors read it from there.
//!
//! Without the middleware, the extractors authenticate lazily with an [`Authenticator`]
//! registered as app data (`App::new().app_data(authenticator)`, or in a
//! [`web::Data`]), once per request however many extractors ask: only
//! the routes that use them pay for authentication. With neither, they answer a 500 JSON body
//! naming the mistake (a programming error, never a bad token); `Option<ClerkAuth>` then
//! silently sees `None`, so prefer [`MaybeAuth`].
//!
//! ## Webhooks
//! [`ClerkWebhook`] verifies a Clerk webhook from the raw body with the
//! [`WebhookSecret`] (or [`WebhookVerifier`]) registered as app data, and gives its event:
//!
//! ```no_run
//! use actix_web::{App, HttpResponse, web};
//! use clerk_actix::ClerkWebhook;
//! use clerk_actix::webhooks::{Event, WebhookSecret};
//!
//! async fn webhook(ClerkWebhook(event): ClerkWebhook) -> HttpResponse {
//!     match event.into_event() {
//!         Ok(Event::UserCreated(user)) => println!("welcome {}", user.id),
//!         _ => {}
//!     }
//!     HttpResponse::NoContent().finish()
//! }
//!
//! # fn app() -> Result<(), Box<dyn std::error::Error>> {
//! // CLERK_WEBHOOK_SIGNING_SECRET=whsec_…
//! let secret = WebhookSecret::from_env()?;
//! let app = App::new()
//!     .app_data(secret)
//!     .route("/webhooks/clerk", web::post().to(webhook));
//! # let _ = app; Ok(()) }
//! ```
//!
//! A request that is not authentic gets a 400 JSON body `{"error": "invalid_webhook",
//! "message"}`; a missing secret a 500.
//!
//! ## Transport
//! Cargo features pick the HTTP client used to fetch the JWKS: `reqwest` (default) or `hyper`.
//! With `default-features = false`, build the [`Authenticator`] over your own
//! [`Transport`](clerk_core::Transport) and use [`ClerkMiddleware::new`].

use std::fmt;
use std::future::{Future, Ready, ready};
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use actix_web::body::BoxBody;
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, ResponseError, web};
use clerk_core::verify::{
    AcceptsToken, Auth, AuthState, Authenticator, Check, MachineAuth, Rejection, RequestView,
};
use clerk_core::webhooks::{
    WebhookError, WebhookEvent, WebhookHeaders, WebhookSecret, WebhookVerifier, verify_webhook,
};
use tokio::sync::OnceCell;

pub use clerk_core::{verify, webhooks};

/// A boxed, single-threaded future (actix runs each worker on one thread).
type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

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

// ---------------------------------------------------------------------------------------------
// Authentication

/// Builds the framework-neutral view of a request's headers and query, borrowing them.
fn view(req: &HttpRequest) -> RequestView<'_> {
    let headers = req.headers();
    let mut view = RequestView::new();
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        view = view.authorization(value.as_bytes());
    }
    for cookie in headers.get_all(header::COOKIE) {
        view = view.cookie(cookie.as_bytes());
    }
    let query = req.query_string();
    if !query.is_empty() {
        view = view.query(query);
    }
    view
}

async fn authenticate(
    authenticator: &Authenticator,
    accepts: Option<AcceptsToken>,
    req: &HttpRequest,
) -> AuthState {
    let view = view(req);
    match accepts {
        Some(accepts) => authenticator.authenticate_with(&view, accepts).await,
        None => authenticator.authenticate_request(&view).await,
    }
}

/// Marks an [`AuthState`] stored by a [`ClerkMiddleware`], with the token kinds it accepted.
#[derive(Clone, Copy, PartialEq, Eq)]
struct StoredBy(Option<AcceptsToken>);

/// The per-request result of lazy authentication, shared by the extractors of one request.
#[derive(Clone, Default)]
struct Slot(Rc<OnceCell<AuthState>>);

/// Middleware that authenticates every request with an [`Authenticator`] and stores the
/// [`AuthState`] in the request's extensions, for the extractors and your own code.
///
/// It never rejects: routes choose optional or required auth through their extractors.
/// Wrap it once (on the `App` or a `Scope`); a second `ClerkMiddleware` around the same request
/// authenticates again only when it [accepts](Self::accepts) other token kinds.
#[derive(Debug, Clone)]
pub struct ClerkMiddleware {
    authenticator: Authenticator,
    accepts: Option<AcceptsToken>,
}

impl ClerkMiddleware {
    /// A middleware over `authenticator`.
    pub fn new(authenticator: Authenticator) -> Self {
        Self {
            authenticator,
            accepts: None,
        }
    }

    /// A middleware configured from the environment (`CLERK_SECRET_KEY`, `CLERK_API_URL`,
    /// `CLERK_JWT_KEY`, `CLERK_AUTHORIZED_PARTIES`, …) over the transport chosen by cargo
    /// feature.
    ///
    /// # Errors
    /// A configuration error naming the variable that is malformed.
    #[cfg(any(feature = "reqwest", feature = "hyper"))]
    pub fn from_env() -> Result<Self, clerk_core::Error> {
        Ok(Self::new(authenticator_from_env()?))
    }

    /// Accepts these token kinds on the routes it wraps (machine tokens for an API scope, for
    /// example) instead of the authenticator's own setting. A machine token then shows in
    /// [`ClerkAuthState`] as [`AuthState::Machine`], and [`ClerkMachine`] takes it:
    ///
    /// ```no_run
    /// # fn app(clerk: clerk_actix::ClerkMiddleware) {
    /// use actix_web::{App, web};
    /// use clerk_actix::ClerkMachine;
    /// use clerk_actix::verify::{AcceptsToken, TokenKind};
    ///
    /// let app = App::new().service(
    ///     web::scope("/internal")
    ///         .wrap(clerk.accepts(AcceptsToken::only(TokenKind::M2mToken)))
    ///         .route("/sync", web::get().to(|ClerkMachine(m): ClerkMachine| async move {
    ///             m.subject.clone()
    ///         })),
    /// );
    /// # let _ = app; }
    /// ```
    pub fn accepts(mut self, accepts: AcceptsToken) -> Self {
        self.accepts = Some(accepts);
        self
    }

    /// The authenticator this middleware uses.
    pub fn authenticator(&self) -> &Authenticator {
        &self.authenticator
    }
}

impl<S, B> Transform<S, ServiceRequest> for ClerkMiddleware
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = actix_web::Error;
    type Transform = ClerkMiddlewareService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(ClerkMiddlewareService {
            service: Rc::new(service),
            authenticator: self.authenticator.clone(),
            accepts: self.accepts,
        }))
    }
}

/// The service of [`ClerkMiddleware`].
pub struct ClerkMiddlewareService<S> {
    service: Rc<S>,
    authenticator: Authenticator,
    accepts: Option<AcceptsToken>,
}

impl<S> fmt::Debug for ClerkMiddlewareService<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClerkMiddlewareService")
            .field("authenticator", &self.authenticator)
            .field("accepts", &self.accepts)
            .finish_non_exhaustive()
    }
}

impl<S, B> Service<ServiceRequest> for ClerkMiddlewareService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = actix_web::Error;
    type Future = LocalFuture<Result<ServiceResponse<B>, actix_web::Error>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let service = Rc::clone(&self.service);
        let authenticator = self.authenticator.clone();
        let accepts = self.accepts;
        Box::pin(async move {
            let done = req.extensions().get::<StoredBy>() == Some(&StoredBy(accepts))
                && req.extensions().get::<AuthState>().is_some();
            if !done {
                let state = authenticate(&authenticator, accepts, req.request()).await;
                let mut extensions = req.extensions_mut();
                extensions.insert(state);
                extensions.insert(StoredBy(accepts));
            }
            service.call(req).await
        })
    }
}

/// The [`Authenticator`] registered as app data, bare or in a [`web::Data`].
fn registered_authenticator(req: &HttpRequest) -> Option<Authenticator> {
    req.app_data::<Authenticator>().cloned().or_else(|| {
        req.app_data::<web::Data<Authenticator>>()
            .map(|data| data.get_ref().clone())
    })
}

/// The request's [`AuthState`]: stored by the middleware, else computed once per request with
/// the registered authenticator.
fn auth_state(req: &HttpRequest) -> LocalFuture<Result<AuthState, AuthRejection>> {
    let stored = req.extensions().get::<AuthState>().cloned();
    if let Some(state) = stored {
        return Box::pin(ready(Ok(state)));
    }
    let Some(authenticator) = registered_authenticator(req) else {
        return Box::pin(ready(Err(AuthRejection(RejectionKind::NotConfigured))));
    };
    let slot = {
        let mut extensions = req.extensions_mut();
        match extensions.get::<Slot>() {
            Some(slot) => slot.clone(),
            None => {
                let slot = Slot::default();
                extensions.insert(slot.clone());
                slot
            }
        }
    };
    let req = req.clone();
    Box::pin(async move {
        let state = slot
            .0
            .get_or_init(|| authenticate(&authenticator, None, &req))
            .await
            .clone();
        Ok(state)
    })
}

// ---------------------------------------------------------------------------------------------
// Rejections

/// A rejection of the auth extractors, answered through [`ResponseError`]: 401/403 with
/// Clerk's reason in a JSON body (and `WWW-Authenticate: Bearer` on 401), or 500 when neither
/// the middleware nor an app-data [`Authenticator`] is set up (a programming error, not a bad
/// token).
#[derive(Debug, Clone)]
pub struct AuthRejection(RejectionKind);

#[derive(Debug, Clone)]
enum RejectionKind {
    Rejected(Rejection),
    NotConfigured,
}

const NOT_CONFIGURED: &str = "clerk-actix extractors need ClerkMiddleware on the app or scope, \
                              or an Authenticator registered with App::app_data";

impl AuthRejection {
    /// The shared rejection (status, reason, message), unless authentication is not set up.
    pub fn rejection(&self) -> Option<&Rejection> {
        match &self.0 {
            RejectionKind::Rejected(r) => Some(r),
            RejectionKind::NotConfigured => None,
        }
    }

    fn rejected(rejection: Rejection) -> Self {
        Self(RejectionKind::Rejected(rejection))
    }
}

impl fmt::Display for AuthRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            RejectionKind::Rejected(r) => write!(f, "{} ({}): {}", r.error, r.reason, r.message),
            RejectionKind::NotConfigured => f.write_str(NOT_CONFIGURED),
        }
    }
}

impl std::error::Error for AuthRejection {}

fn json_response(status: StatusCode, body: Vec<u8>) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        ))
        .body(body)
}

fn json_error(error: &str, message: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({ "error": error, "message": message }))
        .unwrap_or_default()
}

impl ResponseError for AuthRejection {
    fn status_code(&self) -> StatusCode {
        match &self.0 {
            RejectionKind::Rejected(r) => {
                StatusCode::from_u16(r.status).unwrap_or(StatusCode::UNAUTHORIZED)
            }
            RejectionKind::NotConfigured => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        match &self.0 {
            RejectionKind::Rejected(rejection) => {
                let mut response = json_response(self.status_code(), rejection.body());
                if self.status_code() == StatusCode::UNAUTHORIZED {
                    response
                        .headers_mut()
                        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                }
                response
            }
            RejectionKind::NotConfigured => json_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                json_error("misconfigured", NOT_CONFIGURED),
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Extractors

/// The full outcome of authentication, signed in or not (never rejects once authentication is
/// set up).
#[derive(Debug, Clone)]
pub struct ClerkAuthState(pub AuthState);

impl FromRequest for ClerkAuthState {
    type Error = AuthRejection;
    type Future = LocalFuture<Result<Self, AuthRejection>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = auth_state(req);
        Box::pin(async move { state.await.map(ClerkAuthState) })
    }
}

fn required(state: AuthState) -> Result<Arc<Auth>, AuthRejection> {
    match state {
        AuthState::SignedIn(auth) => Ok(auth),
        AuthState::SignedOut(out) => Err(AuthRejection::rejected(out.rejection())),
        _ => Err(AuthRejection::rejected(Rejection::unauthenticated(
            verify::Reason::TokenTypeMismatch,
        ))),
    }
}

/// Required auth: the signed-in session, else a 401/403 JSON rejection.
///
/// `Option<ClerkAuth>` is optional auth (actix turns the rejection into `None`).
#[derive(Debug, Clone)]
pub struct ClerkAuth(pub Arc<Auth>);

impl FromRequest for ClerkAuth {
    type Error = AuthRejection;
    type Future = LocalFuture<Result<Self, AuthRejection>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = auth_state(req);
        Box::pin(async move { required(state.await?).map(ClerkAuth) })
    }
}

/// Required machine auth: a verified M2M token, API key or OAuth access token, on routes whose
/// middleware accepts them ([`ClerkMiddleware::accepts`]); else the same 401/403 JSON rejection
/// as [`ClerkAuth`] when signed out, and 401 `token-type-mismatch` for a session.
///
/// `Option<ClerkMachine>` is optional machine auth.
#[derive(Debug, Clone)]
pub struct ClerkMachine(pub Arc<MachineAuth>);

fn required_machine(state: AuthState) -> Result<Arc<MachineAuth>, AuthRejection> {
    match state {
        AuthState::Machine(machine) => Ok(machine),
        AuthState::SignedOut(out) => Err(AuthRejection::rejected(out.rejection())),
        _ => Err(AuthRejection::rejected(Rejection::unauthenticated(
            verify::Reason::TokenTypeMismatch,
        ))),
    }
}

impl FromRequest for ClerkMachine {
    type Error = AuthRejection;
    type Future = LocalFuture<Result<Self, AuthRejection>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = auth_state(req);
        Box::pin(async move { required_machine(state.await?).map(ClerkMachine) })
    }
}

/// Optional auth: the signed-in session if any. Never rejects once authentication is set up.
#[derive(Debug, Clone)]
pub struct MaybeAuth(pub Option<Arc<Auth>>);

impl FromRequest for MaybeAuth {
    type Error = AuthRejection;
    type Future = LocalFuture<Result<Self, AuthRejection>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = auth_state(req);
        Box::pin(async move { Ok(MaybeAuth(state.await?.auth().cloned())) })
    }
}

/// A check a [`Require`] extractor enforces; declare one with [`requirement!`].
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

impl<R: Requirement> FromRequest for Require<R> {
    type Error = AuthRejection;
    type Future = LocalFuture<Result<Self, AuthRejection>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = auth_state(req);
        Box::pin(async move {
            let auth = required(state.await?)?;
            if auth.has(R::CHECK) {
                Ok(Require(auth, PhantomData))
            } else {
                Err(AuthRejection::rejected(Rejection::forbidden(R::CHECK)))
            }
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Webhooks

/// A verified Clerk webhook: the signature over the raw body checked with the
/// [`WebhookVerifier`] or [`WebhookSecret`] registered as app data (bare or in a
/// [`web::Data`]), then the event envelope parsed.
///
/// It reads the body itself (within [`web::PayloadConfig`]'s limit, 256 KiB by default), so
/// take no other body extractor beside it. Rejections: 400 JSON for a request that is not
/// authentic (missing headers, stale timestamp, no matching signature, not an event); 500
/// JSON when no secret is registered or it is malformed.
#[derive(Debug, Clone)]
pub struct ClerkWebhook(pub WebhookEvent);

/// A rejection of [`ClerkWebhook`], answered through [`ResponseError`] with a JSON body
/// `{"error", "message"}`.
#[derive(Debug)]
pub struct WebhookRejection(WebhookRejectionKind);

#[derive(Debug)]
enum WebhookRejectionKind {
    Invalid(WebhookError),
    NotConfigured,
    Body(actix_web::Error),
}

const WEBHOOK_NOT_CONFIGURED: &str = "ClerkWebhook needs a WebhookSecret (or WebhookVerifier) \
     registered with App::app_data, such as WebhookSecret::from_env() reading \
     CLERK_WEBHOOK_SIGNING_SECRET";

impl WebhookRejection {
    /// The verification error, when there is one.
    pub fn webhook_error(&self) -> Option<&WebhookError> {
        match &self.0 {
            WebhookRejectionKind::Invalid(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for WebhookRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            WebhookRejectionKind::Invalid(e) => fmt::Display::fmt(e, f),
            WebhookRejectionKind::NotConfigured => f.write_str(WEBHOOK_NOT_CONFIGURED),
            WebhookRejectionKind::Body(e) => write!(f, "the webhook body could not be read: {e}"),
        }
    }
}

impl std::error::Error for WebhookRejection {}

impl ResponseError for WebhookRejection {
    fn status_code(&self) -> StatusCode {
        match &self.0 {
            WebhookRejectionKind::Invalid(e) if e.is_config() => StatusCode::INTERNAL_SERVER_ERROR,
            WebhookRejectionKind::Invalid(_) => StatusCode::BAD_REQUEST,
            WebhookRejectionKind::NotConfigured => StatusCode::INTERNAL_SERVER_ERROR,
            WebhookRejectionKind::Body(e) => e.as_response_error().status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        let status = self.status_code();
        let error = match &self.0 {
            WebhookRejectionKind::Invalid(e) if !e.is_config() => "invalid_webhook",
            WebhookRejectionKind::Body(_) if status.is_client_error() => "invalid_webhook",
            _ => "misconfigured",
        };
        json_response(status, json_error(error, &self.to_string()))
    }
}

/// How the app verifies webhooks.
enum WebhookKey {
    Verifier(WebhookVerifier),
    Secret(WebhookSecret),
}

fn registered_webhook_key(req: &HttpRequest) -> Option<WebhookKey> {
    if let Some(v) = req.app_data::<WebhookVerifier>() {
        return Some(WebhookKey::Verifier(v.clone()));
    }
    if let Some(v) = req.app_data::<web::Data<WebhookVerifier>>() {
        return Some(WebhookKey::Verifier(v.get_ref().clone()));
    }
    if let Some(s) = req.app_data::<WebhookSecret>() {
        return Some(WebhookKey::Secret(s.clone()));
    }
    req.app_data::<web::Data<WebhookSecret>>()
        .map(|s| WebhookKey::Secret(s.get_ref().clone()))
}

impl FromRequest for ClerkWebhook {
    type Error = WebhookRejection;
    type Future = LocalFuture<Result<Self, WebhookRejection>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let Some(key) = registered_webhook_key(req) else {
            return Box::pin(ready(Err(WebhookRejection(
                WebhookRejectionKind::NotConfigured,
            ))));
        };
        let body = web::Bytes::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let body = body
                .await
                .map_err(|e| WebhookRejection(WebhookRejectionKind::Body(e)))?;
            let headers = WebhookHeaders::from_fn(|name| {
                req.headers().get(name).and_then(|v| v.to_str().ok())
            });
            let event = match &key {
                WebhookKey::Verifier(verifier) => verifier.verify(headers, &body),
                WebhookKey::Secret(secret) => verify_webhook(headers, &body, secret),
            };
            event
                .map(ClerkWebhook)
                .map_err(|e| WebhookRejection(WebhookRejectionKind::Invalid(e)))
        })
    }
}
