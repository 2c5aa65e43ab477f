//! The behaviour table of `clerk-testing`, run against the example app over both transports;
//! the per-request caching of the extractors; and the webhook extractor.

#[path = "../examples/app.rs"]
#[allow(dead_code, unreachable_pub)]
mod example;

use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::dev::ServerHandle;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{App, HttpResponse, HttpServer, test, web};
use clerk_actix::verify::{AcceptsToken, AuthState, Authenticator};
use clerk_actix::webhooks::{WebhookSecret, WebhookVerifier};
use clerk_actix::{
    ClerkAuth, ClerkAuthState, ClerkMiddleware, ClerkWebhook, MaybeAuth, Require, requirement,
};
use clerk_testing::FakeClerk;
use clerk_testing::behaviour::{Fixture, run};
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

/// Serves the example app on a random port, configured like the table wants.
fn serve(fixture: &Fixture, transport: impl clerk_core::Transport) -> (SocketAddr, ServerHandle) {
    let authenticator = Authenticator::builder(client(fixture.fake(), transport))
        .environment(no_env())
        .authorized_parties(fixture.authorized_parties())
        .build()
        .expect("authenticator");
    let clerk = ClerkMiddleware::new(authenticator);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = HttpServer::new(move || example::app(clerk.clone()))
        .workers(2)
        .disable_signals()
        .listen(listener)
        .expect("listen")
        .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    (addr, handle)
}

async fn run_table(transport: impl clerk_core::Transport) {
    let fixture = Fixture::start().await;
    let (addr, server) = serve(&fixture, transport);
    let report = run(&fixture, addr).await;
    server.stop(true).await;
    println!("{report}");
    assert!(report.failures.is_empty(), "{report}");
    assert!(report.cases >= 30, "{report}");
}

#[actix_web::test]
async fn the_behaviour_table_passes_over_reqwest() {
    run_table(clerk_http_reqwest::ReqwestTransport::new()).await;
}

#[actix_web::test]
async fn the_behaviour_table_passes_over_hyper() {
    run_table(clerk_http_hyper::HyperTransport::new()).await;
}

// ---------------------------------------------------------------------------------------------
// The fake inside actix's own test harness

#[actix_web::test]
async fn the_fake_works_inside_an_actix_test() {
    let fake = FakeClerk::start().await;
    let user = fake.create_user(json!({ "email_address": ["actix@example.com"] }));
    let user_id = user["id"].as_str().expect("user id").to_owned();
    let session = fake.create_session(&user_id);
    let session_id = session["id"].as_str().expect("session id").to_owned();
    let token = fake.session_token(&session_id);

    let authenticator =
        Authenticator::builder(client(&fake, clerk_http_reqwest::ReqwestTransport::new()))
            .environment(no_env())
            .build()
            .expect("authenticator");
    let app = test::init_service(example::app(ClerkMiddleware::new(authenticator.clone()))).await;

    let req = test::TestRequest::get()
        .uri("/protected")
        .insert_header((header::AUTHORIZATION, format!("Bearer {token}")))
        .to_request();
    let body: Value = test::call_and_read_body_json(&app, req).await;
    assert_eq!(
        body,
        json!({ "user_id": user_id, "session_id": session_id })
    );

    let req = test::TestRequest::get()
        .uri("/")
        .insert_header((header::COOKIE, format!("theme=dark; __session={token}")))
        .to_request();
    let body: Value = test::call_and_read_body_json(&app, req).await;
    assert_eq!(body, json!({ "signed_in": true, "user_id": user_id }));

    // Required auth without a token: 401, JSON, WWW-Authenticate.
    let res = test::call_service(
        &app,
        test::TestRequest::get().uri("/protected").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        res.headers().get(header::WWW_AUTHENTICATE).expect("header"),
        "Bearer"
    );
    assert_eq!(
        res.headers().get(header::CONTENT_TYPE).expect("header"),
        "application/json"
    );
    let body: Value = test::read_body_json(res).await;
    assert_eq!(body["error"], "unauthenticated");
    assert_eq!(body["reason"], "session-token-missing");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("__session"))
    );

    // Signed in without the role: 403, no WWW-Authenticate.
    let req = test::TestRequest::get()
        .uri("/org/admin")
        .insert_header((header::AUTHORIZATION, format!("Bearer {token}")))
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.headers().get(header::WWW_AUTHENTICATE).is_none());
    let body: Value = test::read_body_json(res).await;
    assert_eq!(body["reason"], "missing-role");

    // The JWKS was fetched once for all of it.
    assert_eq!(authenticator.jwks_fetch_count(), 1);
}

// ---------------------------------------------------------------------------------------------
// Once per request

requirement!(Reader = Permission("org:posts:read"));

/// A handler with every extractor at once.
async fn everything(
    required: ClerkAuth,
    maybe: MaybeAuth,
    optional: Option<ClerkAuth>,
    ClerkAuthState(state): ClerkAuthState,
    requirement: Result<Require<Reader>, clerk_actix::AuthRejection>,
) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "user_id": required.0.user_id,
        "maybe": maybe.0.map(|a| a.user_id.clone()),
        "optional": optional.map(|a| a.0.user_id.clone()),
        "signed_in": state.is_signed_in(),
        "requirement": requirement.err().and_then(|e| e.rejection().map(|r| r.reason.clone())),
    }))
}

/// A fake in the seed's legacy mode, where every authentication of a `__session` client token
/// costs one `POST /v1/clients/verify`: a counter of authentications.
struct Legacy {
    fake: FakeClerk,
    user_id: String,
    cookie: String,
    authenticator: Authenticator,
}

async fn legacy() -> Legacy {
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
    Legacy {
        fake,
        user_id,
        cookie,
        authenticator,
    }
}

impl Legacy {
    fn authentications(&self) -> usize {
        self.fake
            .request_log()
            .iter()
            .filter(|r| r.path == "/v1/clients/verify")
            .count()
    }

    fn request(&self) -> test::TestRequest {
        test::TestRequest::get()
            .uri("/")
            .insert_header((header::COOKIE, self.cookie.as_str()))
    }

    fn expected(&self) -> Value {
        json!({
            "user_id": self.user_id,
            "maybe": self.user_id,
            "optional": self.user_id,
            "signed_in": true,
            "requirement": "missing-permission",
        })
    }
}

#[actix_web::test]
async fn the_middleware_authenticates_once_per_request() {
    let legacy = legacy().await;
    let app = test::init_service(
        App::new()
            .wrap(ClerkMiddleware::new(legacy.authenticator.clone()))
            .route("/", web::get().to(everything)),
    )
    .await;
    for n in 1..=2 {
        let body: Value = test::call_and_read_body_json(&app, legacy.request().to_request()).await;
        assert_eq!(body, legacy.expected());
        assert_eq!(legacy.authentications(), n);
    }
}

#[actix_web::test]
async fn a_nested_middleware_authenticates_again_only_for_other_token_kinds() {
    let legacy = legacy().await;
    let clerk = ClerkMiddleware::new(legacy.authenticator.clone());
    let app = test::init_service(
        App::new()
            .wrap(clerk.clone())
            .service(
                web::scope("/same")
                    .wrap(clerk.clone())
                    .route("", web::get().to(everything)),
            )
            .service(
                web::scope("/machines")
                    .wrap(clerk.clone().accepts(AcceptsToken::ANY))
                    .route("", web::get().to(everything)),
            ),
    )
    .await;
    let req = legacy.request().uri("/same").to_request();
    let body: Value = test::call_and_read_body_json(&app, req).await;
    assert_eq!(body, legacy.expected());
    assert_eq!(legacy.authentications(), 1);
    let req = legacy.request().uri("/machines").to_request();
    let body: Value = test::call_and_read_body_json(&app, req).await;
    assert_eq!(body, legacy.expected());
    assert_eq!(legacy.authentications(), 3);
}

#[actix_web::test]
async fn extractors_over_app_data_authenticate_once_per_request() {
    let legacy = legacy().await;
    let app = test::init_service(
        App::new()
            .app_data(web::Data::new(legacy.authenticator.clone()))
            .route("/", web::get().to(everything))
            .route("/public", web::get().to(|| async { "no auth here" })),
    )
    .await;
    for n in 1..=2 {
        let body: Value = test::call_and_read_body_json(&app, legacy.request().to_request()).await;
        assert_eq!(body, legacy.expected());
        assert_eq!(legacy.authentications(), n);
    }
    // A route without the extractors does not authenticate.
    let req = test::TestRequest::get()
        .uri("/public")
        .insert_header((header::COOKIE, legacy.cookie.as_str()))
        .to_request();
    assert_eq!(test::call_and_read_body(&app, req).await, "no auth here");
    assert_eq!(legacy.authentications(), 2);
}

#[actix_web::test]
async fn extractors_without_any_setup_answer_a_json_500() {
    async fn optional(auth: Option<ClerkAuth>) -> String {
        format!("{}", auth.is_some())
    }
    let app = test::init_service(
        App::new()
            .route("/", web::get().to(|_: MaybeAuth| async { "unreachable" }))
            .route("/optional", web::get().to(optional)),
    )
    .await;
    let res = test::call_service(&app, test::TestRequest::get().uri("/").to_request()).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        res.headers().get(header::CONTENT_TYPE).expect("header"),
        "application/json"
    );
    let body: Value = test::read_body_json(res).await;
    assert_eq!(body["error"], "misconfigured");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("ClerkMiddleware"))
    );
    // `Option<ClerkAuth>` swallows it (which is why `MaybeAuth` exists).
    let req = test::TestRequest::get().uri("/optional").to_request();
    assert_eq!(test::call_and_read_body(&app, req).await, "false");
}

#[actix_web::test]
async fn the_middleware_stores_the_state_for_other_middleware() {
    use actix_web::HttpMessage;
    use actix_web::middleware::from_fn;

    let fake = FakeClerk::start().await;
    let authenticator =
        Authenticator::builder(client(&fake, clerk_http_reqwest::ReqwestTransport::new()))
            .environment(no_env())
            .build()
            .expect("authenticator");
    let app = test::init_service(
        App::new()
            .wrap(from_fn(
                |req: actix_web::dev::ServiceRequest,
                 next: actix_web::middleware::Next<actix_web::body::BoxBody>| async move {
                    let reason = match req.extensions().get::<AuthState>() {
                        Some(AuthState::SignedOut(out)) => out.reason().as_str(),
                        Some(_) => "signed in",
                        None => "nothing stored",
                    };
                    let mut res = next.call(req).await?;
                    res.headers_mut().insert(
                        header::HeaderName::from_static("x-auth"),
                        header::HeaderValue::from_static(reason),
                    );
                    Ok::<_, actix_web::Error>(res)
                },
            ))
            .wrap(ClerkMiddleware::new(authenticator))
            .route("/", web::get().to(|| async { "hi" })),
    )
    .await;
    let req = test::TestRequest::get()
        .uri("/")
        .insert_header((header::AUTHORIZATION, "Bearer not-a-jwt"))
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers().get("x-auth").expect("header"),
        "token-invalid"
    );
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

async fn webhook(ClerkWebhook(event): ClerkWebhook) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "type": event.event_type, "id": event.message_id }))
}

fn signed(secret: &WebhookSecret, timestamp: i64, body: &'static str) -> test::TestRequest {
    test::TestRequest::post()
        .uri("/webhooks")
        .insert_header(("svix-id", "msg_1"))
        .insert_header(("svix-timestamp", timestamp.to_string()))
        .insert_header((
            "svix-signature",
            secret.sign("msg_1", timestamp, body.as_bytes()),
        ))
        .set_payload(body)
}

fn secret() -> WebhookSecret {
    WebhookSecret::new(SECRET).expect("secret")
}

async fn expect_rejection(
    res: actix_web::dev::ServiceResponse,
    status: StatusCode,
    error: &str,
) -> String {
    assert_eq!(res.status(), status);
    assert_eq!(
        res.headers().get(header::CONTENT_TYPE).expect("header"),
        "application/json"
    );
    let body: Value = test::read_body_json(res).await;
    assert_eq!(body["error"], error, "{body}");
    body["message"].as_str().expect("message").to_owned()
}

#[actix_web::test]
async fn a_signed_webhook_is_accepted() {
    let app = test::init_service(
        App::new()
            .app_data(secret())
            .route("/webhooks", web::post().to(webhook)),
    )
    .await;
    let req = signed(&secret(), now(), BODY).to_request();
    let body: Value = test::call_and_read_body_json(&app, req).await;
    assert_eq!(body, json!({ "type": "user.deleted", "id": "msg_1" }));
}

#[actix_web::test]
async fn a_webhook_with_a_bad_signature_is_a_400() {
    let app = test::init_service(
        App::new()
            .app_data(web::Data::new(secret()))
            .route("/webhooks", web::post().to(webhook)),
    )
    .await;
    // Signed with another secret.
    let other = WebhookSecret::new("whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldA==").expect("secret");
    let res = test::call_service(&app, signed(&other, now(), BODY).to_request()).await;
    let message = expect_rejection(res, StatusCode::BAD_REQUEST, "invalid_webhook").await;
    assert!(message.contains("no signature"), "{message}");
    // The body altered after signing.
    let req = signed(&secret(), now(), BODY)
        .set_payload(BODY.replace("user_1", "user_2"))
        .to_request();
    let res = test::call_service(&app, req).await;
    expect_rejection(res, StatusCode::BAD_REQUEST, "invalid_webhook").await;
    // Signed ten minutes ago: a replay.
    let res = test::call_service(&app, signed(&secret(), now() - 600, BODY).to_request()).await;
    let message = expect_rejection(res, StatusCode::BAD_REQUEST, "invalid_webhook").await;
    assert!(message.contains("tolerance"), "{message}");
    // Authentic, but not an event.
    let res = test::call_service(&app, signed(&secret(), now(), "[1, 2]").to_request()).await;
    expect_rejection(res, StatusCode::BAD_REQUEST, "invalid_webhook").await;
}

#[actix_web::test]
async fn a_webhook_without_its_headers_is_a_400() {
    let app = test::init_service(
        App::new()
            .app_data(secret())
            .route("/webhooks", web::post().to(webhook)),
    )
    .await;
    let req = test::TestRequest::post()
        .uri("/webhooks")
        .set_payload(BODY)
        .to_request();
    let res = test::call_service(&app, req).await;
    let message = expect_rejection(res, StatusCode::BAD_REQUEST, "invalid_webhook").await;
    assert!(
        message.contains("svix-id, svix-timestamp, svix-signature"),
        "{message}"
    );
    // Non-ASCII header bytes count as missing, and are no 500.
    let req = signed(&secret(), now(), BODY)
        .insert_header((
            "svix-signature",
            header::HeaderValue::from_bytes(b"v1,\xff\xfe").expect("header"),
        ))
        .to_request();
    let res = test::call_service(&app, req).await;
    let message = expect_rejection(res, StatusCode::BAD_REQUEST, "invalid_webhook").await;
    assert!(message.contains("svix-signature"), "{message}");
}

#[actix_web::test]
async fn a_webhook_without_a_registered_secret_is_a_500() {
    let app = test::init_service(App::new().route("/webhooks", web::post().to(webhook))).await;
    let res = test::call_service(&app, signed(&secret(), now(), BODY).to_request()).await;
    let message = expect_rejection(res, StatusCode::INTERNAL_SERVER_ERROR, "misconfigured").await;
    assert!(
        message.contains("CLERK_WEBHOOK_SIGNING_SECRET"),
        "{message}"
    );
}

#[actix_web::test]
async fn a_registered_verifier_sets_the_clock_and_tolerance() {
    let signed_at = 1_614_265_330;
    let verifier = WebhookVerifier::new(secret())
        .tolerance(Duration::from_secs(60))
        .at(UNIX_EPOCH + Duration::from_secs(signed_at as u64 + 30));
    let app = test::init_service(
        App::new()
            .app_data(web::Data::new(verifier))
            .route("/webhooks", web::post().to(webhook)),
    )
    .await;
    let body: Value =
        test::call_and_read_body_json(&app, signed(&secret(), signed_at, BODY).to_request()).await;
    assert_eq!(body["type"], "user.deleted");
    let res = test::call_service(&app, signed(&secret(), signed_at - 60, BODY).to_request()).await;
    expect_rejection(res, StatusCode::BAD_REQUEST, "invalid_webhook").await;
}

#[actix_web::test]
async fn a_webhook_body_over_the_limit_is_a_413() {
    let app = test::init_service(
        App::new()
            .app_data(secret())
            .app_data(web::PayloadConfig::new(64))
            .route("/webhooks", web::post().to(webhook)),
    )
    .await;
    let res = test::call_service(&app, signed(&secret(), now(), BODY).to_request()).await;
    expect_rejection(res, StatusCode::PAYLOAD_TOO_LARGE, "invalid_webhook").await;
}
