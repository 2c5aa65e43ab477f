//! Machine authentication per scope: M2M tokens (opaque and JWT) and API keys through
//! [`ClerkMachine`] on a scope whose middleware accepts them, refused on session-only routes,
//! revoked ones refused; a session refused by [`ClerkMachine`]; the rejections shared with
//! [`ClerkAuth`]; and machine auth over an app-data authenticator.

use std::net::SocketAddr;

use actix_web::dev::ServerHandle;
use actix_web::http::{StatusCode, header};
use actix_web::{App, HttpResponse, HttpServer, test, web};
use clerk_actix::verify::{AcceptsToken, Authenticator, TokenKind};
use clerk_actix::{ClerkAuth, ClerkAuthState, ClerkMachine, ClerkMiddleware};
use clerk_core::resources::api_keys::{CreateApiKey, RevokeApiKey};
use clerk_core::resources::m2m_tokens::{CreateM2mToken, M2mTokenFormat, RevokeM2mToken};
use clerk_core::{Clerk, Environment};
use clerk_testing::FakeClerk;
use clerk_testing::behaviour::raw_get;
use serde_json::{Value, json};

fn no_env() -> Environment {
    Environment::from_pairs::<_, String, String>([])
}

fn client(fake: &FakeClerk) -> Clerk {
    Clerk::builder()
        .environment(no_env())
        .secret_key(fake.secret_key())
        .api_url(fake.api_url())
        .transport(clerk_http_reqwest::ReqwestTransport::new())
        .build()
        .expect("client")
}

fn authenticator(clerk: &Clerk) -> clerk_core::verify::AuthenticatorBuilder {
    Authenticator::builder(clerk.clone()).environment(no_env())
}

async fn machine(ClerkMachine(m): ClerkMachine) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "kind": m.kind.as_str(),
        "subject": m.subject,
        "scopes": m.scopes,
    }))
}

async fn maybe_machine(m: Option<ClerkMachine>, ClerkAuthState(state): ClerkAuthState) -> String {
    format!("machine={} signed_in={}", m.is_some(), state.is_signed_in())
}

async fn protected(ClerkAuth(auth): ClerkAuth) -> String {
    auth.user_id.clone()
}

/// The app: session tokens everywhere, and a `/machine` scope accepting M2M tokens and API keys.
fn app(
    authenticator: Authenticator,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let clerk = ClerkMiddleware::new(authenticator);
    App::new()
        .wrap(clerk.clone())
        .route("/protected", web::get().to(protected))
        .service(
            web::scope("/machine")
                .wrap(
                    clerk.accepts(AcceptsToken::only(TokenKind::M2mToken).with(TokenKind::ApiKey)),
                )
                .route("", web::get().to(machine)),
        )
}

fn serve(authenticator: Authenticator) -> (SocketAddr, ServerHandle) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = HttpServer::new(move || app(authenticator.clone()))
        .workers(1)
        .disable_signals()
        .listen(listener)
        .expect("listen")
        .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    (addr, handle)
}

async fn get_with(addr: SocketAddr, route: &str, token: &str) -> (u16, String) {
    let headers = vec![(
        "Authorization".to_owned(),
        format!("Bearer {token}").into_bytes(),
    )];
    let response = raw_get(addr, route, &headers).await.expect("request");
    (response.status, response.body)
}

fn json_of(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

fn reason(body: &str) -> String {
    json_of(body)["reason"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[actix_web::test]
async fn machine_tokens_are_accepted_only_where_the_scope_says_so() {
    let fake = FakeClerk::start().await;
    let clerk = client(&fake);
    let (addr, server) = serve(authenticator(&clerk).build().expect("authenticator"));

    // An opaque M2M token.
    let opaque = clerk
        .m2m_tokens()
        .create(&CreateM2mToken::new())
        .await
        .expect("m2m token");
    let secret = opaque.token.clone().expect("secret");
    let (status, body) = get_with(addr, "/machine", &secret).await;
    assert_eq!(status, 200, "{body}");
    let body = json_of(&body);
    assert_eq!(body["kind"], "m2m_token");
    assert!(
        body["subject"]
            .as_str()
            .is_some_and(|s| s.starts_with("mch_")),
        "{body}"
    );
    // A session-only route refuses it.
    let (status, body) = get_with(addr, "/protected", &secret).await;
    assert_eq!(
        (status, reason(&body).as_str()),
        (401, "token-type-mismatch")
    );

    // A JWT M2M token.
    let jwt = clerk
        .m2m_tokens()
        .create(&CreateM2mToken::new().token_format(M2mTokenFormat::Jwt))
        .await
        .expect("m2m jwt");
    let jwt = jwt.token.expect("jwt");
    let (status, body) = get_with(addr, "/machine", &jwt).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(json_of(&body)["kind"], "m2m_token");
    let (status, body) = get_with(addr, "/protected", &jwt).await;
    assert_eq!(
        (status, reason(&body).as_str()),
        (401, "token-type-mismatch"),
        "{body}"
    );

    // An API key, with its scopes.
    let user = fake.create_user(json!({ "email_address": ["k@example.com"] }));
    let user_id = user["id"].as_str().expect("user id").to_owned();
    let key = clerk
        .api_keys()
        .create(&CreateApiKey::new("ci", &user_id).scopes(["read"]))
        .await
        .expect("api key");
    let key_secret = key.secret.clone().expect("secret");
    let (status, body) = get_with(addr, "/machine", &key_secret).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        json_of(&body),
        json!({ "kind": "api_key", "subject": user_id, "scopes": ["read"] })
    );
    let (status, body) = get_with(addr, "/protected", &key_secret).await;
    assert_eq!(
        (status, reason(&body).as_str()),
        (401, "token-type-mismatch")
    );

    // A session token: accepted on the session route, refused on the machine scope.
    let session = fake.create_session(&user_id);
    let token = fake.session_token(session["id"].as_str().expect("session id"));
    let (status, body) = get_with(addr, "/protected", &token).await;
    assert_eq!((status, body.as_str()), (200, user_id.as_str()));
    let (status, body) = get_with(addr, "/machine", &token).await;
    assert_eq!(
        (status, reason(&body).as_str()),
        (401, "token-type-mismatch")
    );

    // Revoked tokens are refused.
    clerk
        .m2m_tokens()
        .revoke(&opaque.id, &RevokeM2mToken::new())
        .await
        .expect("revoke");
    let (status, body) = get_with(addr, "/machine", &secret).await;
    assert_eq!(
        (status, reason(&body).as_str()),
        (401, "token-revoked-or-unknown"),
        "{body}"
    );
    clerk
        .api_keys()
        .revoke(&key.id, &RevokeApiKey::new())
        .await
        .expect("revoke");
    let (status, body) = get_with(addr, "/machine", &key_secret).await;
    assert_eq!(status, 401, "{body}");

    // Unknown opaque tokens, and a kind the scope does not accept.
    let (status, body) = get_with(addr, "/machine", "mt_0000").await;
    assert_eq!(
        (status, reason(&body).as_str()),
        (401, "token-revoked-or-unknown"),
        "{body}"
    );
    let (status, body) = get_with(addr, "/machine", "oat_0000").await;
    assert_eq!(
        (status, reason(&body).as_str()),
        (401, "token-type-mismatch"),
        "{body}"
    );

    server.stop(true).await;
}

#[actix_web::test]
async fn signed_out_machine_routes_reject_like_clerk_auth() {
    let fake = FakeClerk::start().await;
    let authenticator = authenticator(&client(&fake))
        .build()
        .expect("authenticator");
    let app = test::init_service(app(authenticator)).await;

    // No token: the same body from both extractors. A token of the wrong kind for the route
    // or an unknown machine token: each route says why.
    let cases = [
        (None, "session-token-missing", "session-token-missing"),
        (Some("not-a-jwt"), "token-type-mismatch", "token-invalid"),
        (
            Some("mt_0000"),
            "token-revoked-or-unknown",
            "token-type-mismatch",
        ),
    ];
    for (token, on_machine, on_protected) in cases {
        let mut responses = Vec::new();
        for uri in ["/machine", "/protected"] {
            let mut req = test::TestRequest::get().uri(uri);
            if let Some(token) = token {
                req = req.insert_header((header::AUTHORIZATION, format!("Bearer {token}")));
            }
            let res = test::call_service(&app, req.to_request()).await;
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{uri} {token:?}");
            assert_eq!(
                res.headers().get(header::WWW_AUTHENTICATE).expect("header"),
                "Bearer"
            );
            assert_eq!(
                res.headers().get(header::CONTENT_TYPE).expect("header"),
                "application/json"
            );
            let body: Value = test::read_body_json(res).await;
            assert_eq!(body["error"], "unauthenticated", "{body}");
            responses.push(body);
        }
        assert_eq!(responses[0]["reason"], on_machine, "{token:?}");
        assert_eq!(responses[1]["reason"], on_protected, "{token:?}");
        if token.is_none() {
            assert_eq!(responses[0], responses[1]);
        }
    }
}

#[actix_web::test]
async fn a_session_on_a_machine_route_is_a_type_mismatch() {
    let fake = FakeClerk::start().await;
    let user = fake.create_user(json!({ "email_address": ["s@example.com"] }));
    let session = fake.create_session(user["id"].as_str().expect("user id"));
    let session_id = session["id"].as_str().expect("session id");
    let token = fake
        .token(session_id)
        .azp("https://app.example")
        .mint()
        .expect("token");
    let foreign = fake
        .token(session_id)
        .azp("https://evil.example")
        .mint()
        .expect("token");

    let authenticator = authenticator(&client(&fake))
        .authorized_parties(["https://app.example"])
        .build()
        .expect("authenticator");
    // A scope accepting every kind: the session verifies, and the extractor refuses it.
    let app = test::init_service(
        App::new()
            .wrap(ClerkMiddleware::new(authenticator).accepts(AcceptsToken::ANY))
            .route("/machine", web::get().to(machine))
            .route("/maybe", web::get().to(maybe_machine))
            .route("/protected", web::get().to(protected)),
    )
    .await;

    let bearer = |uri: &str, token: &str| {
        test::TestRequest::get()
            .uri(uri)
            .insert_header((header::AUTHORIZATION, format!("Bearer {token}")))
            .to_request()
    };
    let res = test::call_service(&app, bearer("/machine", &token)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        res.headers().get(header::WWW_AUTHENTICATE).expect("header"),
        "Bearer"
    );
    let body: Value = test::read_body_json(res).await;
    assert_eq!(body["error"], "unauthenticated");
    assert_eq!(body["reason"], "token-type-mismatch");
    assert!(body["message"].is_string(), "{body}");

    // `Option<ClerkMachine>` is optional machine auth.
    let body = test::call_and_read_body(&app, bearer("/maybe", &token)).await;
    assert_eq!(body, "machine=false signed_in=true");
    let body = test::call_and_read_body(&app, bearer("/protected", &token)).await;
    assert_eq!(body, user["id"].as_str().expect("user id"));

    // A token from an unauthorized origin: the same 403 from both extractors.
    let mut bodies = Vec::new();
    for uri in ["/machine", "/protected"] {
        let res = test::call_service(&app, bearer(uri, &foreign)).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{uri}");
        assert!(res.headers().get(header::WWW_AUTHENTICATE).is_none());
        bodies.push(test::read_body_json::<Value, _>(res).await);
    }
    assert_eq!(bodies[0], bodies[1]);
    assert_eq!(bodies[0]["reason"], "token-invalid-authorized-parties");

    // A machine token is seen by the optional extractor.
    let clerk = client(&fake);
    let m2m = clerk
        .m2m_tokens()
        .create(&CreateM2mToken::new())
        .await
        .expect("m2m token");
    let secret = m2m.token.expect("secret");
    let body = test::call_and_read_body(&app, bearer("/maybe", &secret)).await;
    assert_eq!(body, "machine=true signed_in=false");
}

#[actix_web::test]
async fn an_app_data_authenticator_accepts_what_it_was_built_to() {
    let fake = FakeClerk::start().await;
    let clerk = client(&fake);
    let authenticator = authenticator(&clerk)
        .accepts(AcceptsToken::only(TokenKind::M2mToken))
        .build()
        .expect("authenticator");
    let app = test::init_service(
        App::new()
            .app_data(web::Data::new(authenticator))
            .route("/machine", web::get().to(machine)),
    )
    .await;

    let m2m = clerk
        .m2m_tokens()
        .create(&CreateM2mToken::new())
        .await
        .expect("m2m token");
    let req = test::TestRequest::get()
        .uri("/machine")
        .insert_header((
            header::AUTHORIZATION,
            format!("Bearer {}", m2m.token.expect("secret")),
        ))
        .to_request();
    let body: Value = test::call_and_read_body_json(&app, req).await;
    assert_eq!(body["kind"], "m2m_token");

    let user = fake.create_user(json!({ "email_address": ["d@example.com"] }));
    let session = fake.create_session(user["id"].as_str().expect("user id"));
    let token = fake.session_token(session["id"].as_str().expect("session id"));
    let req = test::TestRequest::get()
        .uri("/machine")
        .insert_header((header::AUTHORIZATION, format!("Bearer {token}")))
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: Value = test::read_body_json(res).await;
    assert_eq!(body["reason"], "token-type-mismatch");
}

#[actix_web::test]
async fn the_machine_extractor_without_any_setup_answers_a_json_500() {
    let app = test::init_service(App::new().route("/machine", web::get().to(machine))).await;
    let res = test::call_service(&app, test::TestRequest::get().uri("/machine").to_request()).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body: Value = test::read_body_json(res).await;
    assert_eq!(body["error"], "misconfigured");
}
