//! clerk-core's request authentication against the fake Clerk: JWKS cache, single flight,
//! failures and recovery, networkless keys, rotation, the verified-token cache and the legacy
//! multi-session flow. (Token-by-token outcomes live in the behaviour table.)

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clerk_core::verify::{AuthState, Authenticator, Reason, RequestView};
use clerk_core::{Clerk, Environment, ErrorKind, RetryPolicy};
use clerk_testing::{FakeClerk, LegacyEndpoints};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

fn no_env() -> Environment {
    Environment::from_pairs::<_, String, String>([])
}

fn client(fake: &FakeClerk, secret: &str) -> Clerk {
    Clerk::builder()
        .environment(no_env())
        .secret_key(secret)
        .api_url(fake.api_url())
        .retry_policy(RetryPolicy::disabled())
        .transport(clerk_http_reqwest::ReqwestTransport::new())
        .build()
        .expect("client")
}

fn authenticator(fake: &FakeClerk) -> Authenticator {
    Authenticator::builder(client(fake, fake.secret_key()))
        .environment(no_env())
        .build()
        .expect("authenticator")
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn claims(overrides: Value) -> Value {
    let now = now();
    let mut base = json!({
        "iss": "https://clerk.fake.local", "sub": "user_1", "sid": "sess_1",
        "iat": now, "nbf": now - 10, "exp": now + 60, "v": 2, "sts": "active",
    });
    for (k, v) in overrides.as_object().cloned().unwrap_or_default() {
        base[k] = v;
    }
    base
}

async fn jwks_requests(fake: &FakeClerk) -> usize {
    fake.received_requests()
        .await
        .iter()
        .filter(|r| r.url.path() == "/v1/jwks")
        .count()
}

async fn recording_fake() -> FakeClerk {
    FakeClerk::builder().record_requests(true).start().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_concurrent_first_requests_fetch_the_jwks_once() {
    let fake = recording_fake().await;
    // A slow JWKS, so that every request arrives while the first fetch is in flight.
    Mock::given(method("GET"))
        .and(path("/v1/jwks"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(fake.jwks_json())
                .set_delay(Duration::from_millis(200)),
        )
        .with_priority(1)
        .mount(fake.mock_server())
        .await;
    let auth = authenticator(&fake);
    let token = fake.sign_jwt(&claims(json!({})));
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let auth = auth.clone();
            let header = format!("Bearer {token}");
            tokio::spawn(async move {
                let view = RequestView::new().authorization(header.as_bytes());
                auth.authenticate_request(&view).await.is_signed_in()
            })
        })
        .collect();
    for task in tasks {
        assert!(task.await.unwrap());
    }
    assert_eq!(jwks_requests(&fake).await, 1);
    assert_eq!(auth.jwks_fetch_count(), 1);
}

#[tokio::test]
async fn a_jwks_endpoint_that_is_down_signs_out_with_a_reason_and_a_later_request_recovers() {
    let fake = recording_fake().await;
    Mock::given(method("GET"))
        .and(path("/v1/jwks"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"errors": []})))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(fake.mock_server())
        .await;
    let auth = authenticator(&fake);
    let token = fake.sign_jwt(&claims(json!({})));
    let error = auth.verify_token(&token).await.unwrap_err();
    assert_eq!(error.reason(), Reason::JwkRemoteFailedToLoad);
    assert!(
        error.message().contains("CLERK_JWT_KEY"),
        "{}",
        error.message()
    );
    assert_eq!(auth.verify_token(&token).await.unwrap().user_id, "user_1");
    assert_eq!(jwks_requests(&fake).await, 2);
}

#[tokio::test]
async fn a_refused_secret_key_is_secret_key_invalid() {
    let fake = FakeClerk::start().await;
    let auth = Authenticator::builder(client(&fake, "sk_test_wrong"))
        .environment(no_env())
        .build()
        .unwrap();
    let error = auth
        .verify_token(&fake.sign_jwt(&claims(json!({}))))
        .await
        .unwrap_err();
    assert_eq!(error.reason(), Reason::SecretKeyInvalid);
    assert!(error.message().contains("CLERK_SECRET_KEY"));
}

#[tokio::test]
async fn no_secret_key_and_no_jwt_key_cannot_resolve_a_key() {
    let fake = FakeClerk::start().await;
    let clerk = Clerk::builder()
        .environment(no_env())
        .api_url(fake.api_url())
        .transport(clerk_http_reqwest::ReqwestTransport::new())
        .build()
        .unwrap();
    let auth = Authenticator::builder(clerk)
        .environment(no_env())
        .build()
        .unwrap();
    let error = auth
        .verify_token(&fake.sign_jwt(&claims(json!({}))))
        .await
        .unwrap_err();
    assert_eq!(error.reason(), Reason::JwkFailedToResolve);
}

#[tokio::test]
async fn a_jwt_key_verifies_without_any_request_to_clerk() {
    let fake = recording_fake().await;
    let auth = Authenticator::builder(client(&fake, fake.secret_key()))
        .environment(Environment::from_pairs([(
            "CLERK_JWT_KEY",
            fake.public_key_pem(),
        )]))
        .build()
        .unwrap();
    let token = fake.sign_jwt(&claims(json!({})));
    for _ in 0..3 {
        assert_eq!(
            auth.verify_token(&token).await.unwrap().session_id,
            "sess_1"
        );
    }
    let other = fake.sign_jwt(&claims(json!({ "exp": now() - 60 })));
    assert_eq!(
        auth.verify_token(&other).await.unwrap_err().reason(),
        Reason::TokenExpired
    );
    assert!(fake.received_requests().await.is_empty());
    assert_eq!(auth.jwks_fetch_count(), 0);
}

#[tokio::test]
async fn a_malformed_jwt_key_is_a_configuration_error_naming_the_variable() {
    let fake = FakeClerk::start().await;
    let error = Authenticator::builder(client(&fake, fake.secret_key()))
        .environment(Environment::from_pairs([("CLERK_JWT_KEY", "not a key")]))
        .build()
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Config);
    assert!(error.to_string().contains("CLERK_JWT_KEY"), "{error}");
}

#[tokio::test]
async fn after_a_rotation_new_tokens_verify_after_one_refetch_and_dropped_keys_are_refused() {
    let fake = recording_fake().await;
    let auth = authenticator(&fake);
    let old_kid = fake.kid();
    let old = fake.sign_jwt(&claims(json!({})));
    auth.verify_token(&old).await.unwrap();
    assert_eq!(auth.cached_token_count(), 1);

    let new_kid = fake.rotate_keys(false);
    assert_ne!(new_kid, old_kid);
    let new = fake.sign_jwt(&claims(json!({ "sid": "sess_2" })));
    assert_eq!(auth.verify_token(&new).await.unwrap().session_id, "sess_2");
    assert_eq!(jwks_requests(&fake).await, 2);
    // The key set changed: verified tokens are forgotten, so the old one is checked again.
    assert_eq!(auth.cached_token_count(), 1);
    let error = auth.verify_token(&old).await.unwrap_err();
    assert_eq!(error.reason(), Reason::JwkKidMismatch);
    // A second unknown kid right away does not refetch (rate limit).
    let stray = fake
        .sign_jwt_with(old_kid, &claims(json!({ "sid": "sess_3" })))
        .unwrap();
    assert_eq!(
        auth.verify_token(&stray).await.unwrap_err().reason(),
        Reason::JwkKidMismatch
    );
    assert_eq!(jwks_requests(&fake).await, 2);
}

#[tokio::test]
async fn with_keep_old_both_keys_verify() {
    let fake = FakeClerk::start().await;
    let auth = Authenticator::builder(client(&fake, fake.secret_key()))
        .environment(no_env())
        .jwks_refetch_interval(Duration::ZERO)
        .build()
        .unwrap();
    let old = fake.sign_jwt(&claims(json!({})));
    auth.verify_token(&old).await.unwrap();
    fake.rotate_keys(true);
    let new = fake.sign_jwt(&claims(json!({ "sid": "sess_2" })));
    auth.verify_token(&new).await.unwrap();
    auth.verify_token(&old).await.unwrap();
    // A token signed with a removed key fails even when it was verified before: the cache is
    // cleared when the key set changes.
    let old_kid = fake.kids()[1];
    fake.drop_key(old_kid).unwrap();
    let third = fake.sign_jwt(&claims(json!({ "sid": "sess_3" })));
    auth.verify_token(&third).await.unwrap(); // same signing key, cached set
    let unknown = fake.rotate_keys(false);
    let fourth = fake.sign_jwt(&claims(json!({ "sid": "sess_4" })));
    assert_eq!(fake.kid(), unknown);
    auth.verify_token(&fourth).await.unwrap();
    assert_eq!(
        auth.verify_token(&old).await.unwrap_err().reason(),
        Reason::JwkKidMismatch
    );
}

#[tokio::test]
async fn a_cached_token_that_expires_is_rejected_the_next_second() {
    let fake = FakeClerk::start().await;
    let clock = Arc::new(AtomicI64::new(now()));
    let time = clock.clone();
    let auth = Authenticator::builder(client(&fake, fake.secret_key()))
        .environment(no_env())
        .clock(move || time.load(Ordering::SeqCst))
        .build()
        .unwrap();
    let t0 = clock.load(Ordering::SeqCst);
    let token = fake.sign_jwt(&claims(json!({ "iat": t0, "nbf": t0, "exp": t0 + 10 })));
    auth.verify_token(&token).await.unwrap();
    assert_eq!(auth.cached_token_count(), 1);
    // exp + 5 s of skew is the last second it is accepted.
    clock.store(t0 + 14, Ordering::SeqCst);
    auth.verify_token(&token).await.unwrap();
    clock.store(t0 + 15, Ordering::SeqCst);
    let error = auth.verify_token(&token).await.unwrap_err();
    assert_eq!(error.reason(), Reason::TokenExpired);
    assert_eq!(auth.jwks_fetch_count(), 1);
}

#[tokio::test]
async fn the_verified_token_cache_is_bounded() {
    let fake = FakeClerk::start().await;
    let auth = Authenticator::builder(client(&fake, fake.secret_key()))
        .environment(no_env())
        .token_cache_capacity(3)
        .build()
        .unwrap();
    for i in 0..10 {
        let token = fake.sign_jwt(&claims(json!({ "sid": format!("sess_{i}") })));
        auth.verify_token(&token).await.unwrap();
        assert!(auth.cached_token_count() <= 3);
    }
    let off = Authenticator::builder(client(&fake, fake.secret_key()))
        .environment(no_env())
        .token_cache_capacity(0)
        .build()
        .unwrap();
    off.verify_token(&fake.sign_jwt(&claims(json!({}))))
        .await
        .unwrap();
    assert_eq!(off.cached_token_count(), 0);
}

#[tokio::test]
async fn authorized_parties_come_from_the_environment() {
    let fake = FakeClerk::start().await;
    let auth = Authenticator::builder(client(&fake, fake.secret_key()))
        .environment(Environment::from_pairs([(
            "CLERK_AUTHORIZED_PARTIES",
            "https://a.example, https://b.example",
        )]))
        .build()
        .unwrap();
    let ok = fake.sign_jwt(&claims(json!({ "azp": "https://b.example" })));
    auth.verify_token(&ok).await.unwrap();
    let bad = fake.sign_jwt(&claims(json!({ "azp": "https://c.example" })));
    let error = auth.verify_token(&bad).await.unwrap_err();
    assert_eq!(error.reason(), Reason::TokenInvalidAuthorizedParties);
    assert!(error.reason().is_forbidden());
}

#[tokio::test]
async fn the_legacy_multi_session_flow_is_opt_in() {
    let fake = FakeClerk::builder()
        .legacy_endpoints(LegacyEndpoints::Seed)
        .start()
        .await;
    let user = fake.create_user(json!({ "email_address": ["legacy@example.com"] }));
    let user_id = user["id"].as_str().unwrap();
    let first = fake.create_session(user_id);
    let client_id = first["client_id"].as_str().unwrap();
    let client_token = fake.client_token(client_id).unwrap();
    let sid = first["id"].as_str().unwrap();
    let legacy = Authenticator::builder(client(&fake, fake.secret_key()))
        .environment(no_env())
        .legacy_sessions(true)
        .build()
        .unwrap();
    let cookie = format!("__session={client_token}");

    // Without _clerk_session_id: the client's last active session.
    let view = RequestView::new().cookie(cookie.as_bytes());
    match legacy.authenticate_request(&view).await {
        AuthState::SignedIn(auth) => {
            assert_eq!(auth.user_id, user_id);
            assert_eq!(auth.session_id, sid);
        }
        other => panic!("{other:?}"),
    }
    // With it: that session, verified by Clerk.
    let query = format!("_clerk_session_id={sid}");
    let view = RequestView::new().cookie(cookie.as_bytes()).query(&query);
    assert!(legacy.authenticate_request(&view).await.is_signed_in());
    // An unknown session id is signed out, never swapped for another one.
    let view = RequestView::new()
        .cookie(cookie.as_bytes())
        .query("_clerk_session_id=sess_unknown");
    match legacy.authenticate_request(&view).await {
        AuthState::SignedOut(out) => assert_eq!(out.reason(), Reason::TokenRevokedOrUnknown),
        other => panic!("{other:?}"),
    }
    // The default mode treats the cookie as a JWT: a client token is not one.
    let default = authenticator(&fake);
    let view = RequestView::new().cookie(cookie.as_bytes());
    assert!(!default.authenticate_request(&view).await.is_signed_in());
}
