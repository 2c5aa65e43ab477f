//! Machine authentication per route: M2M tokens (opaque and JWT) and API keys on a route whose
//! layer accepts them, refused on session-only routes, revoked ones refused.

use axum::Router;
use axum::routing::get;
use clerk_axum::{ClerkAuth, ClerkLayer, ClerkMachine};
use clerk_core::resources::api_keys::{CreateApiKey, RevokeApiKey};
use clerk_core::resources::m2m_tokens::{CreateM2mToken, M2mTokenFormat, RevokeM2mToken};
use clerk_core::verify::{AcceptsToken, Authenticator, TokenKind};
use clerk_core::{Clerk, Environment};
use clerk_testing::FakeClerk;
use clerk_testing::behaviour::raw_get;
use serde_json::Value;

async fn serve(fake: &FakeClerk) -> (std::net::SocketAddr, Clerk) {
    let clerk = Clerk::builder()
        .environment(Environment::from_pairs::<_, String, String>([]))
        .secret_key(fake.secret_key())
        .api_url(fake.api_url())
        .transport(clerk_http_reqwest::ReqwestTransport::new())
        .build()
        .unwrap();
    let authenticator = Authenticator::builder(clerk.clone())
        .environment(Environment::from_pairs::<_, String, String>([]))
        .build()
        .unwrap();
    let machines = ClerkLayer::new(authenticator.clone())
        .accepts(AcceptsToken::only(TokenKind::M2mToken).with(TokenKind::ApiKey));
    let app = Router::new()
        .route(
            "/machine",
            get(|ClerkMachine(m): ClerkMachine| async move {
                format!("{} {}", m.kind.as_str(), m.subject)
            }),
        )
        .route_layer(machines)
        .merge(
            Router::new()
                .route(
                    "/protected",
                    get(|ClerkAuth(a): ClerkAuth| async move { a.user_id.clone() }),
                )
                .route_layer(ClerkLayer::new(authenticator)),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, clerk)
}

async fn get_with(addr: std::net::SocketAddr, route: &str, token: &str) -> (u16, String) {
    let headers = vec![(
        "Authorization".to_owned(),
        format!("Bearer {token}").into_bytes(),
    )];
    let response = raw_get(addr, route, &headers).await.unwrap();
    (response.status, response.body)
}

fn reason(body: &str) -> String {
    serde_json::from_str::<Value>(body).unwrap()["reason"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn machine_tokens_are_accepted_only_where_the_route_says_so() {
    let fake = FakeClerk::start().await;
    let (addr, clerk) = serve(&fake).await;

    let opaque = clerk
        .m2m_tokens()
        .create(&CreateM2mToken::new())
        .await
        .unwrap();
    let secret = opaque.token.clone().unwrap();
    let (status, body) = get_with(addr, "/machine", &secret).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.starts_with("m2m_token mch_"), "{body}");
    // A session-only route refuses it.
    let (status, body) = get_with(addr, "/protected", &secret).await;
    assert_eq!(
        (status, reason(&body).as_str()),
        (401, "token-type-mismatch")
    );

    let jwt = clerk
        .m2m_tokens()
        .create(&CreateM2mToken::new().token_format(M2mTokenFormat::Jwt))
        .await
        .unwrap();
    let (status, body) = get_with(addr, "/machine", jwt.token.as_deref().unwrap()).await;
    assert_eq!(status, 200, "{body}");

    let user = fake.create_user(serde_json::json!({ "email_address": ["k@example.com"] }));
    let key = clerk
        .api_keys()
        .create(&CreateApiKey::new("ci", user["id"].as_str().unwrap()))
        .await
        .unwrap();
    let key_secret = key.secret.clone().unwrap();
    let (status, body) = get_with(addr, "/machine", &key_secret).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.starts_with("api_key user_"), "{body}");

    clerk
        .m2m_tokens()
        .revoke(&opaque.id, &RevokeM2mToken::new())
        .await
        .unwrap();
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
        .unwrap();
    let (status, _) = get_with(addr, "/machine", &key_secret).await;
    assert_eq!(status, 401);
    // Unknown opaque tokens and session tokens on the machine route.
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
}
