//! The fake's clock, and starting fakes under the runtimes tests use.

mod fake_support;

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use clerk_testing::{Clock, FakeClerk};
use fake_support::raw;
use serde_json::{Value, json};

fn claims_of(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

async fn user_count(fake: &FakeClerk) -> u64 {
    let auth = format!("Bearer {}", fake.secret_key());
    let resp = raw(
        &fake.api_url(),
        "GET",
        "/v1/users/count",
        &[("Authorization", &auth)],
        None,
    )
    .await;
    assert_eq!(resp.status, 200, "{}", resp.text);
    resp.json()["total_count"].as_u64().unwrap()
}

// ----------------------------------------------------------------------------------------------
// Runtimes

/// `#[tokio::test]` is a current-thread runtime: the fake serves from its own thread, so a
/// test can await requests to it without deadlocking.
#[tokio::test]
async fn starts_under_a_current_thread_tokio_test() {
    let fake = FakeClerk::start().await;
    fake.create_user(json!({"first_name": "A"}));
    assert_eq!(user_count(&fake).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starts_under_a_multi_thread_runtime() {
    let fake = FakeClerk::start().await;
    assert_eq!(user_count(&fake).await, 0);
}

#[test]
fn starts_from_a_hand_built_runtime_and_outlives_another() {
    let first = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let fake = first.block_on(FakeClerk::start());
    fake.create_user(json!({"first_name": "B"}));
    // A different runtime can use the fake (its server does not live on `first`).
    let second = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    assert_eq!(second.block_on(user_count(&fake)), 1);
    drop(first);
    assert_eq!(second.block_on(user_count(&fake)), 1);
}

#[tokio::test]
async fn many_fakes_side_by_side() {
    let mut fakes = Vec::new();
    for i in 0..8 {
        let fake = FakeClerk::start().await;
        for _ in 0..i {
            fake.create_user(json!({}));
        }
        fakes.push(fake);
    }
    for (i, fake) in fakes.iter().enumerate() {
        assert_eq!(user_count(fake).await, i as u64);
    }
}

// ----------------------------------------------------------------------------------------------
// The clock

#[tokio::test]
async fn a_fixed_clock_stamps_records_and_tokens() {
    let clock = Clock::fixed(1_600_000_000_000);
    let fake = FakeClerk::builder().clock(clock.clone()).start().await;
    let user = fake.create_user(json!({"email_address": ["c@example.com"]}));
    assert_eq!(user["created_at"], 1_600_000_000_000i64);
    let session = fake.create_session(user["id"].as_str().unwrap());
    let sid = session["id"].as_str().unwrap();

    let claims = claims_of(&fake.session_token(sid));
    assert_eq!(claims["iat"], 1_600_000_000);
    assert_eq!(claims["exp"], 1_600_000_060);

    // The builder's clock, the fake's clock and the HTTP clock are one.
    clock.advance(Duration::from_secs(30));
    assert_eq!(fake.clock().now_secs(), 1_600_000_030);
    let auth = format!("Bearer {}", fake.secret_key());
    let resp = raw(
        &fake.api_url(),
        "POST",
        &format!("/v1/sessions/{sid}/tokens"),
        &[("Authorization", &auth)],
        Some("{}"),
    )
    .await;
    assert_eq!(
        claims_of(resp.json()["jwt"].as_str().unwrap())["iat"],
        1_600_000_030
    );
    let now = raw(
        &fake.api_url(),
        "GET",
        "/__fake/clock",
        &[("Authorization", &auth)],
        None,
    )
    .await;
    assert_eq!(now.json()["now_ms"], 1_600_000_030_000i64);
}

#[tokio::test]
async fn advancing_past_exp_expires_a_token_by_the_fake_clock() {
    let fake = FakeClerk::start().await;
    let user = fake.create_user(json!({}));
    let token = fake
        .token_for_user(user["id"].as_str().unwrap())
        .mint_with_claims()
        .unwrap();
    let exp = token.claims["exp"].as_i64().unwrap();
    let clock = fake.clock();
    assert!(clock.now_secs() < exp);
    assert_eq!(exp - token.claims["iat"].as_i64().unwrap(), 60);
    clock.advance(Duration::from_secs(61));
    assert!(clock.now_secs() > exp);
    assert!(!clock.is_frozen());
}

#[tokio::test]
async fn reset_all_puts_the_clock_back_on_system_time() {
    let fake = FakeClerk::start().await;
    let clock = fake.clock();
    clock.set(0);
    assert_eq!(fake.clock().now_ms(), 0);
    fake.reset_all().await;
    assert!(!clock.is_frozen());
    assert!(clock.now_secs() > 1_600_000_000);
    // The Rust `reset` leaves the clock alone.
    clock.advance(Duration::from_secs(86_400 * 365));
    let before = clock.now_secs();
    fake.reset();
    assert!(fake.clock().now_secs() >= before);
}
