//! The example app, the same in clerk-axum, clerk-actix and clerk-rocket.
//!
//! ```text
//! CLERK_SECRET_KEY=sk_test_… cargo run -p clerk-rocket --example app
//! ```
//!
//! Reads `CLERK_SECRET_KEY`, `CLERK_API_URL`, optional `CLERK_JWT_KEY` and
//! `CLERK_AUTHORIZED_PARTIES` (comma-separated), listens on 127.0.0.1:`PORT` (default 3000) and
//! serves:
//! - `GET /`: public, `{"signed_in": bool}` (plus `user_id`, or the `reason` when signed out);
//! - `GET /protected`: required auth, `{"user_id", "session_id"}`;
//! - `GET /org/admin`: requires the `org:admin` role;
//! - `GET /org/billing`: requires the `org:billing:manage` permission.

use clerk_rocket::verify::AuthState;
use clerk_rocket::{ClerkAuth, ClerkAuthState, ClerkFairing, Require, requirement};
use rocket::fairing::AdHoc;
use rocket::serde::json::{Json, Value, json};
use rocket::{Build, Rocket, get, routes};

requirement!(OrgAdmin = Role("org:admin"));
requirement!(BillingManager = Permission("org:billing:manage"));

#[get("/")]
fn public(state: ClerkAuthState) -> Json<Value> {
    Json(match &state.0 {
        AuthState::SignedIn(auth) => json!({ "signed_in": true, "user_id": auth.user_id }),
        AuthState::SignedOut(out) => json!({ "signed_in": false, "reason": out.reason().as_str() }),
        _ => json!({ "signed_in": false }),
    })
}

#[get("/protected")]
fn protected(auth: ClerkAuth) -> Json<Value> {
    Json(json!({ "user_id": auth.user_id, "session_id": auth.session_id }))
}

#[get("/org/admin")]
fn org_admin(auth: Require<OrgAdmin>) -> Json<Value> {
    Json(json!({ "user_id": auth.user_id, "org_id": auth.org_id }))
}

#[get("/org/billing")]
fn org_billing(auth: Require<BillingManager>) -> Json<Value> {
    Json(json!({ "user_id": auth.user_id, "org_id": auth.org_id }))
}

/// The four routes, with `clerk` attached (it also registers Clerk's JSON catchers).
pub fn app(clerk: ClerkFairing) -> Rocket<Build> {
    rocket::build()
        .attach(clerk)
        .mount("/", routes![public, protected, org_admin, org_billing])
}

#[allow(dead_code)] // the behaviour tests include this file for `app` only
#[rocket::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let clerk = ClerkFairing::from_env()?;
    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port
            .parse()
            .map_err(|_| format!("PORT is not a port number: {port:?}"))?,
        Err(_) => 3000,
    };
    let figment = rocket::Config::figment()
        .merge(("address", "127.0.0.1"))
        .merge(("port", port));
    app(clerk)
        .configure(figment)
        .attach(AdHoc::on_liftoff("address", |rocket| {
            Box::pin(async move {
                let config = rocket.config();
                println!("listening on http://{}:{}", config.address, config.port);
            })
        }))
        .launch()
        .await?;
    Ok(())
}
