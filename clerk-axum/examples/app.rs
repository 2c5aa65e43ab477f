//! The example app, the same in clerk-axum, clerk-actix and clerk-rocket.
//!
//! ```text
//! CLERK_SECRET_KEY=sk_test_… cargo run -p clerk-axum --example app
//! ```
//!
//! Reads `CLERK_SECRET_KEY`, `CLERK_API_URL`, optional `CLERK_JWT_KEY` and
//! `CLERK_AUTHORIZED_PARTIES` (comma-separated), listens on 127.0.0.1:`PORT` (default 3000) and
//! serves:
//! - `GET /`: public, `{"signed_in": bool}` (plus `user_id`, or the `reason` when signed out);
//! - `GET /protected`: required auth, `{"user_id", "session_id"}`;
//! - `GET /org/admin`: requires the `org:admin` role;
//! - `GET /org/billing`: requires the `org:billing:manage` permission.

use axum::routing::get;
use axum::{Json, Router};
use clerk_axum::verify::AuthState;
use clerk_axum::{ClerkAuth, ClerkAuthState, ClerkLayer, Require, requirement};
use serde_json::{Value, json};

requirement!(OrgAdmin = Role("org:admin"));
requirement!(BillingManager = Permission("org:billing:manage"));

/// The four routes, behind `layer`.
pub fn app(layer: ClerkLayer) -> Router {
    routes().layer(layer)
}

/// The four routes, for any state; authentication is added by the caller.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(public))
        .route("/protected", get(protected))
        .route("/org/admin", get(org_admin))
        .route("/org/billing", get(org_billing))
}

async fn public(ClerkAuthState(state): ClerkAuthState) -> Json<Value> {
    Json(match state {
        AuthState::SignedIn(auth) => json!({ "signed_in": true, "user_id": auth.user_id }),
        AuthState::SignedOut(out) => json!({ "signed_in": false, "reason": out.reason().as_str() }),
        _ => json!({ "signed_in": false }),
    })
}

async fn protected(ClerkAuth(auth): ClerkAuth) -> Json<Value> {
    Json(json!({ "user_id": auth.user_id, "session_id": auth.session_id }))
}

async fn org_admin(Require(auth, ..): Require<OrgAdmin>) -> Json<Value> {
    Json(json!({ "user_id": auth.user_id, "org_id": auth.org_id }))
}

async fn org_billing(Require(auth, ..): Require<BillingManager>) -> Json<Value> {
    Json(json!({ "user_id": auth.user_id, "org_id": auth.org_id }))
}

#[allow(dead_code)] // the behaviour tests include this file for `app` only
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let layer = ClerkLayer::from_env()?;
    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port
            .parse()
            .map_err(|_| format!("PORT is not a port number: {port:?}"))?,
        Err(_) => 3000,
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app(layer)).await?;
    Ok(())
}
