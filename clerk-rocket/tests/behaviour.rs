//! The behaviour table of `clerk-testing`, run against the example app over both transports;
//! the fake inside Rocket's own test harness; per-request caching; catchers; and the webhook
//! data guard.

#[path = "../examples/app.rs"]
#[allow(dead_code, unreachable_pub)]
mod example;

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clerk_rocket::verify::Authenticator;
use clerk_rocket::webhooks::{WebhookSecret, WebhookVerifier};
use clerk_rocket::{
    ClerkAuth, ClerkAuthState, ClerkError, ClerkFairing, ClerkMachine, ClerkWebhook, Require,
    requirement,
};
use clerk_testing::FakeClerk;
use clerk_testing::behaviour::{Fixture, Framework, run_with};
use rocket::fairing::AdHoc;
use rocket::http::{ContentType, Header, Status};
use rocket::local::asynchronous::{Client, LocalResponse};
use rocket::serde::json::Json;
use rocket::{Build, Rocket, catch, catchers, get, post, routes};
use serde_json::{Value, json};

fn no_env() -> clerk_core::Environment {
    clerk_core::Environment::from_pairs::<_, String, String>([])
}

fn client(fake: &FakeClerk, transport: impl clerk_core::Transport) -> clerk_core::Clerk {
    clerk_core::Clerk::builder()
        .environment(no_env())
        .secret_key(fake.secret_key())
        .api_url(fake.api_url())
        .transport(transport)
        .build()
        .expect("client")
}

fn authenticator(fake: &FakeClerk) -> Authenticator {
    Authenticator::builder(client(fake, clerk_http_reqwest::ReqwestTransport::new()))
        .environment(no_env())
        .build()
        .expect("authenticator")
}

/// A quiet configuration: no logs, no Ctrl-C handler, a random port on 127.0.0.1.
fn config() -> rocket::Config {
    rocket::Config {
        address: Ipv4Addr::LOCALHOST.into(),
        port: 0,
        log_level: rocket::config::LogLevel::Off,
        shutdown: rocket::config::Shutdown {
            ctrlc: false,
            ..Default::default()
        },
        ..rocket::Config::debug_default()
    }
}

// ---------------------------------------------------------------------------------------------
// The behaviour table, over TCP

/// Launches `rocket` on a random port; returns its address and its shutdown handle.
async fn launch(rocket: Rocket<Build>) -> (SocketAddr, rocket::Shutdown) {
    let (tx, rx) = rocket::tokio::sync::oneshot::channel();
    let tx = std::sync::Mutex::new(Some(tx));
    let rocket = rocket
        .configure(config())
        .attach(AdHoc::on_liftoff("port", move |rocket| {
            let sent = tx.lock().ok().and_then(|mut tx| tx.take()).map(|tx| {
                let config = rocket.config();
                tx.send((
                    SocketAddr::new(config.address, config.port),
                    rocket.shutdown(),
                ))
            });
            Box::pin(async move {
                assert!(matches!(sent, Some(Ok(()))));
            })
        }));
    rocket::tokio::spawn(rocket.launch());
    rx.await.expect("the app lifts off")
}

async fn run_table(transport: impl clerk_core::Transport) {
    let fixture = Fixture::start().await;
    let (addr, shutdown) = launch(example::app(ClerkFairing::new(
        fixture.authenticator(transport),
    )))
    .await;
    // Rocket drops a header whose value is not UTF-8 before any guard runs: the table expects
    // those requests to be signed out as if the header were absent.
    let report = run_with(
        &fixture,
        addr,
        Framework::new().drops_non_utf8_headers(true),
    )
    .await;
    shutdown.notify();
    println!("{report}");
    assert!(report.cases >= 30, "{report}");
    assert!(report.failures.is_empty(), "{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_behaviour_table_passes_over_reqwest() {
    run_table(clerk_http_reqwest::ReqwestTransport::new()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_behaviour_table_passes_over_hyper() {
    run_table(clerk_http_hyper::HyperTransport::new()).await;
}

// ---------------------------------------------------------------------------------------------
// The fake inside Rocket's own test harness

fn bearer(token: &str) -> Header<'static> {
    Header::new("Authorization", format!("Bearer {token}"))
}

async fn json_body(response: LocalResponse<'_>) -> Value {
    let text = response.into_string().await.unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

#[rocket::async_test]
async fn the_fake_works_inside_a_rocket_local_client() {
    let fake = FakeClerk::start().await;
    let user = fake.create_user(json!({ "email_address": ["rocket@example.com"] }));
    let user_id = user["id"].as_str().expect("user id").to_owned();
    let session = fake.create_session(&user_id);
    let session_id = session["id"].as_str().expect("session id").to_owned();
    let token = fake.session_token(&session_id);

    let authenticator = authenticator(&fake);
    let app = example::app(ClerkFairing::new(authenticator.clone())).configure(config());
    let client = Client::tracked(app).await.expect("valid rocket");

    let response = client
        .get("/protected")
        .header(bearer(&token))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(
        json_body(response).await,
        json!({ "user_id": user_id, "session_id": session_id })
    );

    let response = client
        .get("/")
        .header(Header::new(
            "Cookie",
            format!("theme=dark; __session={token}"),
        ))
        .dispatch()
        .await;
    assert_eq!(
        json_body(response).await,
        json!({ "signed_in": true, "user_id": user_id })
    );

    // Required auth without a token: 401, JSON, WWW-Authenticate.
    let response = client.get("/protected").dispatch().await;
    assert_eq!(response.status(), Status::Unauthorized);
    assert_eq!(response.content_type(), Some(ContentType::JSON));
    assert_eq!(
        response.headers().get_one("WWW-Authenticate"),
        Some("Bearer")
    );
    let body = json_body(response).await;
    assert_eq!(body["error"], "unauthenticated");
    assert_eq!(body["reason"], "session-token-missing");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("__session")),
        "{body}"
    );

    // Signed in without the role: 403, JSON, no WWW-Authenticate.
    let response = client
        .get("/org/admin")
        .header(bearer(&token))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Forbidden);
    assert_eq!(response.content_type(), Some(ContentType::JSON));
    assert_eq!(response.headers().get_one("WWW-Authenticate"), None);
    let body = json_body(response).await;
    assert_eq!(body["error"], "forbidden");
    assert_eq!(body["reason"], "missing-role");

    // A bad token is a 401, never a 500.
    let response = client
        .get("/org/billing")
        .header(bearer("abc.def"))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Unauthorized);
    assert_eq!(json_body(response).await["reason"], "token-invalid");

    // The JWKS was fetched once for all of it.
    assert_eq!(authenticator.jwks_fetch_count(), 1);
}

// ---------------------------------------------------------------------------------------------
// Once per request

requirement!(Reader = Permission("org:posts:read"));

/// A handler with every guard at once.
#[get("/")]
fn everything(
    required: ClerkAuth,
    optional: Option<ClerkAuth>,
    state: ClerkAuthState,
    requirement: Result<Require<Reader>, ClerkError>,
) -> Json<Value> {
    Json(json!({
        "user_id": required.user_id,
        "optional": optional.map(|a| a.user_id.clone()),
        "signed_in": state.is_signed_in(),
        "requirement": requirement.err().and_then(|e| e.rejection().map(|r| r.reason.clone())),
    }))
}

#[get("/public")]
fn public() -> &'static str {
    "no auth here"
}

/// A fake in the seed's legacy mode, where every authentication of a `__session` client token
/// costs one `POST /v1/clients/verify`: a counter of authentications.
#[rocket::async_test]
async fn the_guards_authenticate_once_per_request_and_only_when_used() {
    let fake = FakeClerk::start().await;
    let user = fake.create_user(json!({ "email_address": ["legacy@example.com"] }));
    let user_id = user["id"].as_str().expect("user id").to_owned();
    let session = fake.create_session(&user_id);
    let client_id = session["client_id"].as_str().expect("client id");
    let cookie = format!(
        "__session={}",
        fake.client_token(client_id).expect("client token")
    );
    let authenticator =
        Authenticator::builder(client(&fake, clerk_http_reqwest::ReqwestTransport::new()))
            .environment(no_env())
            .legacy_sessions(true)
            .build()
            .expect("authenticator");
    let authentications = || {
        fake.request_log()
            .iter()
            .filter(|r| r.path == "/v1/clients/verify")
            .count()
    };

    let app = rocket::build()
        .configure(config())
        .attach(ClerkFairing::new(authenticator))
        .mount("/", routes![everything, public]);
    let client = Client::tracked(app).await.expect("valid rocket");
    for n in 1..=2 {
        let response = client
            .get("/")
            .header(Header::new("Cookie", cookie.clone()))
            .dispatch()
            .await;
        assert_eq!(
            json_body(response).await,
            json!({
                "user_id": user_id,
                "optional": user_id,
                "signed_in": true,
                "requirement": "missing-permission",
            })
        );
        assert_eq!(authentications(), n);
    }
    // A route without Clerk guards does not authenticate.
    let response = client
        .get("/public")
        .header(Header::new("Cookie", cookie.clone()))
        .dispatch()
        .await;
    assert_eq!(
        response.into_string().await.as_deref(),
        Some("no auth here")
    );
    assert_eq!(authentications(), 2);
}

// ---------------------------------------------------------------------------------------------
// Setup mistakes, catchers, machine tokens

#[get("/me")]
fn me(auth: ClerkAuth) -> String {
    auth.user_id.clone()
}

#[get("/machine")]
fn machine(machine: ClerkMachine) -> String {
    machine.subject.clone()
}

#[get("/teapot-401")]
fn plain_401() -> Status {
    Status::Unauthorized
}

#[rocket::async_test]
async fn a_clerk_guard_without_the_fairing_aborts_launch() {
    let app = rocket::build().configure(config()).mount("/", routes![me]);
    let error = Client::tracked(app)
        .await
        .expect_err("the sentinel aborts launch");
    assert!(
        matches!(error.kind(), rocket::error::ErrorKind::SentinelAborts(_)),
        "{error:?}"
    );
}

#[rocket::async_test]
async fn the_fairing_fails_ignition_when_an_authenticator_is_already_managed() {
    let fake = FakeClerk::start().await;
    let app = rocket::build()
        .configure(config())
        .manage(authenticator(&fake))
        .attach(ClerkFairing::new(authenticator(&fake)))
        .mount("/", routes![me]);
    let error = Client::tracked(app).await.expect_err("ignition fails");
    assert!(
        matches!(error.kind(), rocket::error::ErrorKind::FailedFairings(_)),
        "{error:?}"
    );
}

#[rocket::async_test]
async fn other_errors_keep_rockets_answers_and_the_apps_catchers_win() {
    #[catch(401)]
    fn mine(request: &rocket::Request<'_>) -> String {
        match ClerkError::of(request) {
            Some(error) => format!("mine: {}", error.rejection().map_or("?", |r| &r.reason)),
            None => "mine: not clerk".to_owned(),
        }
    }

    let fake = FakeClerk::start().await;
    let clerk = ClerkFairing::new(authenticator(&fake));

    // A 401 that no Clerk guard caused gets Rocket's default answer.
    let app = rocket::build()
        .configure(config())
        .attach(clerk.clone())
        .mount("/", routes![me, plain_401]);
    let client = Client::tracked(app).await.expect("valid rocket");
    let response = client.get("/teapot-401").dispatch().await;
    assert_eq!(response.status(), Status::Unauthorized);
    assert_eq!(response.content_type(), Some(ContentType::HTML));
    // A machine guard on an authenticator accepting session tokens only: 401 JSON.
    let app = rocket::build()
        .configure(config())
        .attach(clerk.clone())
        .mount("/", routes![machine]);
    let client = Client::tracked(app).await.expect("valid rocket");
    let response = client.get("/machine").dispatch().await;
    assert_eq!(response.status(), Status::Unauthorized);
    assert_eq!(json_body(response).await["reason"], "session-token-missing");

    // The app's own 401 catcher takes precedence, and can read Clerk's error.
    let app = rocket::build()
        .configure(config())
        .attach(clerk)
        .register("/", catchers![mine])
        .mount("/", routes![me, plain_401]);
    let client = Client::tracked(app).await.expect("valid rocket");
    let response = client.get("/me").header(bearer("abc.def")).dispatch().await;
    assert_eq!(response.status(), Status::Unauthorized);
    assert_eq!(
        response.into_string().await.as_deref(),
        Some("mine: token-invalid")
    );
    let response = client.get("/teapot-401").dispatch().await;
    assert_eq!(
        response.into_string().await.as_deref(),
        Some("mine: not clerk")
    );
}

#[rocket::async_test]
async fn the_exported_catchers_can_be_mounted_under_a_base() {
    #[catch(default)]
    fn api_default() -> &'static str {
        "api default"
    }

    let fake = FakeClerk::start().await;
    let app = rocket::build()
        .configure(config())
        .attach(ClerkFairing::new(authenticator(&fake)))
        .register("/api", catchers![api_default])
        .register("/api", clerk_rocket::catchers())
        .mount("/api", routes![me]);
    let client = Client::tracked(app).await.expect("valid rocket");
    let response = client.get("/api/me").dispatch().await;
    assert_eq!(response.status(), Status::Unauthorized);
    assert_eq!(response.content_type(), Some(ContentType::JSON));
    assert_eq!(json_body(response).await["reason"], "session-token-missing");
    let response = client.get("/api/nowhere").dispatch().await;
    assert_eq!(response.status(), Status::NotFound);
    assert_eq!(response.into_string().await.as_deref(), Some("api default"));
}

// ---------------------------------------------------------------------------------------------
// Webhooks

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BODY: &str = r#"{"type":"user.deleted","object":"event","timestamp":1716883200000,"instance_id":"ins_1","data":{"object":"user","id":"user_1","deleted":true}}"#;

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

fn secret() -> WebhookSecret {
    WebhookSecret::new(SECRET).expect("secret")
}

#[post("/webhooks", data = "<webhook>")]
fn webhook(webhook: ClerkWebhook) -> Json<Value> {
    Json(json!({ "type": webhook.event_type, "id": webhook.message_id }))
}

/// A webhook-only app: no `ClerkFairing`, so it registers Clerk's catchers itself.
async fn webhook_client(rocket: Rocket<Build>) -> Client {
    let rocket = rocket
        .configure(config())
        .register("/", clerk_rocket::catchers())
        .mount("/", routes![webhook]);
    Client::tracked(rocket).await.expect("valid rocket")
}

async fn post_signed<'c>(
    client: &'c Client,
    secret: &WebhookSecret,
    timestamp: i64,
    body: &str,
) -> LocalResponse<'c> {
    client
        .post("/webhooks")
        .header(Header::new("svix-id", "msg_1"))
        .header(Header::new("svix-timestamp", timestamp.to_string()))
        .header(Header::new(
            "svix-signature",
            secret.sign("msg_1", timestamp, body.as_bytes()),
        ))
        .body(body)
        .dispatch()
        .await
}

async fn expect_rejection(response: LocalResponse<'_>, status: Status, error: &str) -> String {
    assert_eq!(response.status(), status);
    assert_eq!(response.content_type(), Some(ContentType::JSON));
    let body = json_body(response).await;
    assert_eq!(body["error"], error, "{body}");
    body["message"].as_str().expect("message").to_owned()
}

#[rocket::async_test]
async fn a_signed_webhook_is_accepted() {
    let client = webhook_client(rocket::build().manage(secret())).await;
    let response = post_signed(&client, &secret(), now(), BODY).await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(
        json_body(response).await,
        json!({ "type": "user.deleted", "id": "msg_1" })
    );
}

#[rocket::async_test]
async fn a_webhook_with_a_bad_signature_is_a_400() {
    let client = webhook_client(rocket::build().manage(secret())).await;
    // Signed with another secret.
    let other = WebhookSecret::new("whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldA==").expect("secret");
    let response = post_signed(&client, &other, now(), BODY).await;
    let message = expect_rejection(response, Status::BadRequest, "invalid_webhook").await;
    assert!(message.contains("no signature"), "{message}");
    // The body altered after signing.
    let timestamp = now();
    let response = client
        .post("/webhooks")
        .header(Header::new("svix-id", "msg_1"))
        .header(Header::new("svix-timestamp", timestamp.to_string()))
        .header(Header::new(
            "svix-signature",
            secret().sign("msg_1", timestamp, BODY.as_bytes()),
        ))
        .body(BODY.replace("user_1", "user_2"))
        .dispatch()
        .await;
    expect_rejection(response, Status::BadRequest, "invalid_webhook").await;
    // Signed ten minutes ago: a replay.
    let response = post_signed(&client, &secret(), now() - 600, BODY).await;
    let message = expect_rejection(response, Status::BadRequest, "invalid_webhook").await;
    assert!(message.contains("tolerance"), "{message}");
    // Authentic, but not an event.
    let response = post_signed(&client, &secret(), now(), "[1, 2]").await;
    expect_rejection(response, Status::BadRequest, "invalid_webhook").await;
}

#[rocket::async_test]
async fn a_webhook_without_its_headers_is_a_400() {
    let client = webhook_client(rocket::build().manage(secret())).await;
    let response = client.post("/webhooks").body(BODY).dispatch().await;
    let message = expect_rejection(response, Status::BadRequest, "invalid_webhook").await;
    assert!(
        message.contains("svix-id, svix-timestamp, svix-signature"),
        "{message}"
    );
}

#[rocket::async_test]
async fn a_webhook_over_the_limit_is_a_400() {
    let figment = rocket::Config::figment()
        .merge(config())
        .merge(("limits.clerk-webhook", 64));
    let rocket = rocket::custom(figment)
        .manage(secret())
        .register("/", clerk_rocket::catchers())
        .mount("/", routes![webhook]);
    let client = Client::tracked(rocket).await.expect("valid rocket");
    let response = post_signed(&client, &secret(), now(), BODY).await;
    let message = expect_rejection(response, Status::BadRequest, "invalid_webhook").await;
    assert!(message.contains("larger than"), "{message}");
}

#[rocket::async_test]
async fn a_webhook_without_a_registered_secret_is_a_500() {
    let client = webhook_client(rocket::build()).await;
    let response = post_signed(&client, &secret(), now(), BODY).await;
    let message = expect_rejection(response, Status::InternalServerError, "misconfigured").await;
    assert!(
        message.contains("CLERK_WEBHOOK_SIGNING_SECRET"),
        "{message}"
    );
}

#[rocket::async_test]
async fn a_registered_verifier_sets_the_clock_and_tolerance() {
    let signed_at = 1_614_265_330;
    let verifier = WebhookVerifier::new(secret())
        .tolerance(Duration::from_secs(60))
        .at(UNIX_EPOCH + Duration::from_secs(signed_at as u64 + 30));
    let client = webhook_client(rocket::build().manage(verifier)).await;
    let response = post_signed(&client, &secret(), signed_at, BODY).await;
    assert_eq!(response.status(), Status::Ok);
    let response = post_signed(&client, &secret(), signed_at - 60, BODY).await;
    let message = expect_rejection(response, Status::BadRequest, "invalid_webhook").await;
    assert!(message.contains("tolerance"), "{message}");
}
