//! The example app, the same in clerk-axum, clerk-actix and clerk-rocket.
//!
//! ```text
//! CLERK_SECRET_KEY=sk_test_… cargo run -p clerk-actix --example app
//! ```
//!
//! Reads `CLERK_SECRET_KEY`, `CLERK_API_URL`, optional `CLERK_JWT_KEY` and
//! `CLERK_AUTHORIZED_PARTIES` (comma-separated), listens on 127.0.0.1:`PORT` (default 3000) and
//! serves:
//! - `GET /`: public, `{"signed_in": bool}` (plus `user_id`, or the `reason` when signed out);
//! - `GET /protected`: required auth, `{"user_id", "session_id"}`;
//! - `GET /org/admin`: requires the `org:admin` role;
//! - `GET /org/billing`: requires the `org:billing:manage` permission.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, HttpResponse, HttpServer, web};
use clerk_actix::verify::AuthState;
use clerk_actix::{ClerkAuth, ClerkAuthState, ClerkMiddleware, Require, requirement};
use serde_json::json;

requirement!(OrgAdmin = Role("org:admin"));
requirement!(BillingManager = Permission("org:billing:manage"));

/// The four routes, behind `clerk`.
pub fn app(
    clerk: ClerkMiddleware,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .wrap(clerk)
        .route("/", web::get().to(public))
        .route("/protected", web::get().to(protected))
        .route("/org/admin", web::get().to(org_admin))
        .route("/org/billing", web::get().to(org_billing))
}

async fn public(ClerkAuthState(state): ClerkAuthState) -> HttpResponse {
    HttpResponse::Ok().json(match state {
        AuthState::SignedIn(auth) => json!({ "signed_in": true, "user_id": auth.user_id }),
        AuthState::SignedOut(out) => json!({ "signed_in": false, "reason": out.reason().as_str() }),
        _ => json!({ "signed_in": false }),
    })
}

async fn protected(ClerkAuth(auth): ClerkAuth) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "user_id": auth.user_id, "session_id": auth.session_id }))
}

async fn org_admin(Require(auth, ..): Require<OrgAdmin>) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "user_id": auth.user_id, "org_id": auth.org_id }))
}

async fn org_billing(Require(auth, ..): Require<BillingManager>) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "user_id": auth.user_id, "org_id": auth.org_id }))
}

#[allow(dead_code)] // the behaviour tests include this file for `app` only
#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let clerk = ClerkMiddleware::from_env()?;
    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port
            .parse()
            .map_err(|_| format!("PORT is not a port number: {port:?}"))?,
        Err(_) => 3000,
    };
    let server = HttpServer::new(move || app(clerk.clone())).bind(("127.0.0.1", port))?;
    for addr in server.addrs() {
        println!("listening on http://{addr}");
    }
    server.run().await?;
    Ok(())
}
