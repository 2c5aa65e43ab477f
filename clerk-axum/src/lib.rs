//! # clerk-axum
//!
//! [Clerk](https://clerk.com) request authentication for [axum]: a tower [`Layer`](tower_layer::Layer)
//! that authenticates each request once, and extractors for the result. The verification itself
//! is `clerk-core`'s ([`clerk_core::verify`]); this crate is glue.
//!
//! ```no_run
//! use axum::{Json, Router, routing::get};
//! use clerk_axum::{ClerkAuth, ClerkLayer, MaybeAuth, Require, requirement};
//!
//! requirement!(OrgAdmin = Role("org:admin"));
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // CLERK_SECRET_KEY (and optionally CLERK_API_URL, CLERK_JWT_KEY, CLERK_AUTHORIZED_PARTIES).
//! let layer = ClerkLayer::from_env()?;
//! let app = Router::new()
//!     .route("/", get(|auth: MaybeAuth| async move {
//!         Json(serde_json::json!({ "signed_in": auth.0.is_some() }))
//!     }))
//!     .route("/protected", get(|ClerkAuth(auth): ClerkAuth| async move {
//!         Json(serde_json::json!({ "user_id": auth.user_id }))
//!     }))
//!     .route("/org/admin", get(|Require(auth, ..): Require<OrgAdmin>| async move {
//!         format!("hello admin {}", auth.user_id)
//!     }))
//!     .layer(layer);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! axum::serve(listener, app).await?;
//! # Ok(()) }
//! ```
//!
//! ## Optional and required auth
//! - [`ClerkAuth`]: the signed-in session, or a 401 (403 for a token from an unauthorized
//!   origin) with a JSON body `{"error", "reason", "message"}`.
//! - [`MaybeAuth`] (or `Option<ClerkAuth>`): the session if any; never rejects.
//! - [`ClerkAuthState`]: the full [`AuthState`], including why a request is signed out.
//! - [`Require<R>`]: a session that satisfies the role/permission/feature/plan check `R`
//!   (declared with [`requirement!`]), else 401/403.
//!
//! ## With `State`
//! Instead of the layer, [`authenticate`] is a middleware function reading the
//! [`Authenticator`] from your state through `FromRef`:
//! `router.layer(axum::middleware::from_fn_with_state(state.clone(), clerk_axum::authenticate))`.
//!
//! ## Transport
//! Cargo features pick the HTTP client used to fetch the JWKS: `reqwest` (default) or `hyper`.
//! With `default-features = false`, build the [`Authenticator`] over your own
//! [`Transport`](clerk_core::Transport) and use [`ClerkLayer::new`].

use std::convert::Infallible;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::{FromRef, FromRequestParts, OptionalFromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use clerk_core::verify::{
    AcceptsToken, Auth, AuthState, Authenticator, Check, MachineAuth, Rejection, RequestView,
};
use http::request::Parts;
use http::{HeaderMap, HeaderValue, StatusCode, header};

pub use clerk_core::verify;

/// A tower layer that authenticates every request with an [`Authenticator`] and stores the
/// [`AuthState`] in the request's extensions for the extractors.
///
/// It never rejects: routes choose optional or required auth through their extractors.
#[derive(Debug, Clone)]
pub struct ClerkLayer {
    authenticator: Authenticator,
    accepts: Option<AcceptsToken>,
}

impl ClerkLayer {
    /// A layer over `authenticator`.
    pub fn new(authenticator: Authenticator) -> Self {
        Self {
            authenticator,
            accepts: None,
        }
    }

    /// The token kinds this layer accepts, overriding the authenticator's (session tokens by
    /// default). Put a layer accepting machine tokens on the routes that serve machines:
    ///
    /// ```no_run
    /// # fn app(authenticator: clerk_core::verify::Authenticator) -> axum::Router {
    /// use axum::{Router, routing::get};
    /// use clerk_axum::{ClerkLayer, ClerkMachine};
    /// use clerk_core::verify::{AcceptsToken, TokenKind};
    ///
    /// let machines = ClerkLayer::new(authenticator.clone())
    ///     .accepts(AcceptsToken::only(TokenKind::M2mToken).with(TokenKind::ApiKey));
    /// Router::new()
    ///     .route("/internal/sync", get(|ClerkMachine(m): ClerkMachine| async move { m.subject.clone() }))
    ///     .route_layer(machines)
    /// # }
    /// ```
    pub fn accepts(mut self, accepts: AcceptsToken) -> Self {
        self.accepts = Some(accepts);
        self
    }

    /// A layer configured from the environment (`CLERK_SECRET_KEY`, `CLERK_API_URL`,
    /// `CLERK_JWT_KEY`, `CLERK_AUTHORIZED_PARTIES`, …) over the transport chosen by cargo
    /// feature.
    ///
    /// # Errors
    /// A configuration error naming the variable that is malformed.
    #[cfg(any(feature = "reqwest", feature = "hyper"))]
    pub fn from_env() -> Result<Self, clerk_core::Error> {
        Ok(Self::new(authenticator_from_env()?))
    }

    /// The authenticator this layer uses.
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

impl<S> tower_layer::Layer<S> for ClerkLayer {
    type Service = ClerkService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ClerkService {
            inner,
            authenticator: self.authenticator.clone(),
            accepts: self.accepts,
        }
    }
}

/// The service of [`ClerkLayer`].
#[derive(Debug, Clone)]
pub struct ClerkService<S> {
    inner: S,
    authenticator: Authenticator,
    accepts: Option<AcceptsToken>,
}

/// Builds the framework-neutral view of a request's headers and query.
fn view<'a>(headers: &'a HeaderMap, query: Option<&'a str>) -> RequestView<'a> {
    let mut view = RequestView::new();
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        view = view.authorization(value.as_bytes());
    }
    for cookie in headers.get_all(header::COOKIE) {
        view = view.cookie(cookie.as_bytes());
    }
    if let Some(query) = query {
        view = view.query(query);
    }
    view
}

/// Authenticates the request and stores the outcome in its extensions.
async fn authenticate_into(
    authenticator: &Authenticator,
    accepts: Option<AcceptsToken>,
    request: Request,
) -> Request {
    // The body is not `Sync`: authenticate over the parts only.
    let (mut parts, body) = request.into_parts();
    let view = view(&parts.headers, parts.uri.query());
    let state = match accepts {
        Some(accepts) => authenticator.authenticate_with(&view, accepts).await,
        None => authenticator.authenticate_request(&view).await,
    };
    parts.extensions.insert(state);
    Request::from_parts(parts, body)
}

impl<S> tower_service::Service<Request> for ClerkService<S>
where
    S: tower_service::Service<Request, Response = Response, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        // The clone that was readied serves this request (tower's usual swap).
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let authenticator = self.authenticator.clone();
        let accepts = self.accepts;
        Box::pin(async move {
            let request = authenticate_into(&authenticator, accepts, request).await;
            inner.call(request).await
        })
    }
}

/// Middleware function for `axum::middleware::from_fn_with_state`, taking the
/// [`Authenticator`] from the app state through `FromRef`:
///
/// ```no_run
/// use axum::{Router, extract::FromRef, middleware, routing::get};
/// use clerk_axum::{ClerkAuth, verify::Authenticator};
///
/// #[derive(Clone)]
/// struct AppState {
///     clerk: Authenticator,
/// }
///
/// impl FromRef<AppState> for Authenticator {
///     fn from_ref(state: &AppState) -> Authenticator {
///         state.clerk.clone()
///     }
/// }
///
/// # fn app(state: AppState) -> Router {
/// Router::new()
///     .route("/me", get(|ClerkAuth(auth): ClerkAuth| async move { auth.user_id.clone() }))
///     .layer(middleware::from_fn_with_state(state.clone(), clerk_axum::authenticate))
///     .with_state(state)
/// # }
/// ```
pub async fn authenticate(
    State(authenticator): State<Authenticator>,
    request: Request,
    next: Next,
) -> Response {
    next.run(authenticate_into(&authenticator, None, request).await)
        .await
}

/// A rejection of the extractors: 401/403 with Clerk's reason in a JSON body, or 500 when the
/// layer is missing (a programming error, not a bad token).
#[derive(Debug, Clone)]
pub struct AuthRejection(RejectionKind);

#[derive(Debug, Clone)]
enum RejectionKind {
    Rejected(Rejection),
    LayerMissing,
}

impl AuthRejection {
    /// The shared rejection (status, reason, message), unless the layer is missing.
    pub fn rejection(&self) -> Option<&Rejection> {
        match &self.0 {
            RejectionKind::Rejected(r) => Some(r),
            RejectionKind::LayerMissing => None,
        }
    }
}

fn json_response(status: u16, body: Vec<u8>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::UNAUTHORIZED);
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        match self.0 {
            RejectionKind::Rejected(rejection) => {
                let mut response = json_response(rejection.status, rejection.body());
                if rejection.status == 401 {
                    response
                        .headers_mut()
                        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                }
                response
            }
            RejectionKind::LayerMissing => json_response(
                500,
                serde_json::to_vec(&serde_json::json!({
                    "error": "misconfigured",
                    "message": "clerk-axum extractors need ClerkLayer (or clerk_axum::authenticate) on the router",
                }))
                .unwrap_or_default(),
            ),
        }
    }
}

fn state_of(parts: &Parts) -> Result<&AuthState, AuthRejection> {
    parts
        .extensions
        .get::<AuthState>()
        .ok_or(AuthRejection(RejectionKind::LayerMissing))
}

/// The full outcome of authentication, signed in or not (never rejects once the layer ran).
#[derive(Debug, Clone)]
pub struct ClerkAuthState(pub AuthState);

impl<S: Send + Sync> FromRequestParts<S> for ClerkAuthState {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        state_of(parts).map(|s| ClerkAuthState(s.clone()))
    }
}

/// Required auth: the signed-in session, else a 401/403 JSON rejection.
#[derive(Debug, Clone)]
pub struct ClerkAuth(pub Arc<Auth>);

impl<S: Send + Sync> FromRequestParts<S> for ClerkAuth {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match state_of(parts)? {
            AuthState::SignedIn(auth) => Ok(ClerkAuth(auth.clone())),
            AuthState::SignedOut(out) => {
                Err(AuthRejection(RejectionKind::Rejected(out.rejection())))
            }
            _ => Err(AuthRejection(RejectionKind::Rejected(
                Rejection::unauthenticated(verify::Reason::TokenTypeMismatch),
            ))),
        }
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for ClerkAuth {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Self::Rejection> {
        Ok(state_of(parts)?.auth().cloned().map(ClerkAuth))
    }
}

/// Required machine auth: a verified M2M token, API key or OAuth access token, on routes whose
/// layer accepts them ([`ClerkLayer::accepts`]); else 401 JSON.
#[derive(Debug, Clone)]
pub struct ClerkMachine(pub Arc<MachineAuth>);

impl<S: Send + Sync> FromRequestParts<S> for ClerkMachine {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match state_of(parts)? {
            AuthState::Machine(machine) => Ok(ClerkMachine(machine.clone())),
            AuthState::SignedOut(out) => {
                Err(AuthRejection(RejectionKind::Rejected(out.rejection())))
            }
            _ => Err(AuthRejection(RejectionKind::Rejected(
                Rejection::unauthenticated(verify::Reason::TokenTypeMismatch),
            ))),
        }
    }
}

/// Optional auth: the signed-in session if any. Never rejects once the layer ran.
#[derive(Debug, Clone)]
pub struct MaybeAuth(pub Option<Arc<Auth>>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeAuth {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeAuth(state_of(parts)?.auth().cloned()))
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

impl<S: Send + Sync, R: Requirement> FromRequestParts<S> for Require<R> {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ClerkAuth(auth) =
            <ClerkAuth as FromRequestParts<S>>::from_request_parts(parts, state).await?;
        if auth.has(R::CHECK) {
            Ok(Require(auth, PhantomData))
        } else {
            Err(AuthRejection(RejectionKind::Rejected(
                Rejection::forbidden(R::CHECK),
            )))
        }
    }
}

/// A verified Clerk webhook: the signature over the raw body checked with the app's
/// [`WebhookVerifier`](clerk_core::webhooks::WebhookVerifier), taken from the state through
/// `FromRef`. A bad signature, a stale timestamp or a missing header answers 400 with a JSON
/// body; a missing or malformed secret 500.
///
/// ```no_run
/// use axum::{Router, routing::post};
/// use clerk_axum::ClerkWebhook;
/// use clerk_core::webhooks::{Event, WebhookVerifier};
///
/// # fn app() -> Result<Router, clerk_core::webhooks::WebhookError> {
/// let verifier = WebhookVerifier::from_env()?; // CLERK_WEBHOOK_SIGNING_SECRET
/// Ok(Router::new()
///     .route("/webhooks/clerk", post(|ClerkWebhook(event): ClerkWebhook| async move {
///         if let Ok(Event::UserCreated(user)) = event.event() {
///             println!("welcome {}", user.id);
///         }
///     }))
///     .with_state(verifier))
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct ClerkWebhook(pub clerk_core::webhooks::WebhookEvent);

impl<S> axum::extract::FromRequest<S> for ClerkWebhook
where
    S: Send + Sync,
    clerk_core::webhooks::WebhookVerifier: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = clerk_core::webhooks::WebhookVerifier::from_ref(state);
        let (parts, body) = request.into_parts();
        let body = axum::body::to_bytes(body, 1 << 20).await.map_err(|_| {
            webhook_rejection(
                400,
                "the body is unreadable or larger than 1 MiB".to_owned(),
            )
        })?;
        match verifier.verify(&parts.headers, &body) {
            Ok(event) => Ok(ClerkWebhook(event)),
            Err(error) if error.is_config() => Err(webhook_rejection(500, error.to_string())),
            Err(error) => Err(webhook_rejection(400, error.to_string())),
        }
    }
}

fn webhook_rejection(status: u16, message: String) -> Response {
    json_response(
        status,
        serde_json::to_vec(&serde_json::json!({
            "error": if status == 500 { "misconfigured" } else { "invalid_webhook" },
            "message": message,
        }))
        .unwrap_or_default(),
    )
}

/// `FromRef` lets an app state hand its [`Authenticator`] to [`authenticate`]; this impl lets
/// a bare `Authenticator` be the state.
#[derive(Debug, Clone)]
pub struct AuthenticatorState(pub Authenticator);

impl FromRef<AuthenticatorState> for Authenticator {
    fn from_ref(state: &AuthenticatorState) -> Authenticator {
        state.0.clone()
    }
}
