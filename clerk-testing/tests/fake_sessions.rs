//! Sessions: expiry through the fake's clock, status changes, token claims over time.

mod fake_support;

use std::time::Duration;

use clerk_testing::{Clock, FakeClerk};
use fake_support::{Api, Resp, verify_jwt};
use serde_json::{Value, json};

const T0: i64 = 1_750_000_000_000;
const DAY: u64 = 86_400;

async fn setup() -> (FakeClerk, Api) {
    let fake = FakeClerk::builder().clock(Clock::fixed(T0)).start().await;
    let api = Api::new(&fake);
    (fake, api)
}

fn err(resp: &Resp, status: u16, code: &str) {
    assert_eq!(resp.status, status, "{}", resp.text);
    assert_eq!(resp.json()["errors"][0]["code"], code, "{}", resp.text);
}

fn ok(resp: Resp) -> Value {
    assert_eq!(resp.status, 200, "{}", resp.text);
    resp.json()
}

async fn session(api: &Api) -> (String, String) {
    let u = ok(api.post("/v1/users", json!({})).await);
    let uid = u["id"].as_str().unwrap().to_string();
    let s = ok(api.post("/v1/sessions", json!({"user_id": uid})).await);
    (uid, s["id"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn sessions_expire_with_the_clock() {
    let (fake, api) = setup().await;
    let (uid, sid) = session(&api).await;
    let s = ok(api.get(&format!("/v1/sessions/{sid}")).await);
    assert_eq!(s["status"], "active");
    assert_eq!(
        s["expire_at"].as_i64().unwrap() - s["created_at"].as_i64().unwrap(),
        7 * 86_400_000
    );
    assert_eq!(
        s["abandon_at"].as_i64().unwrap() - s["created_at"].as_i64().unwrap(),
        30 * 86_400_000
    );

    // fva counts minutes since sign-in.
    fake.clock().advance(Duration::from_secs(5 * 60 + 1));
    let jwt = ok(api.post_empty(&format!("/v1/sessions/{sid}/tokens")).await);
    let (_, claims) = verify_jwt(jwt["jwt"].as_str().unwrap(), &fake.jwks_json());
    assert_eq!(claims["fva"], json!([5, -1]));
    assert_eq!(claims["iat"], T0 / 1000 + 301);

    fake.clock().advance(Duration::from_secs(7 * DAY));
    let s = ok(api.get(&format!("/v1/sessions/{sid}")).await);
    assert_eq!(s["status"], "expired");
    err(
        &api.post_empty(&format!("/v1/sessions/{sid}/tokens")).await,
        404,
        "resource_not_found",
    );
    assert!(fake.try_session_token(&sid, None, &Value::Null).is_err());
    let expired = ok(api.get("/v1/sessions?status=expired").await);
    assert_eq!(expired.as_array().unwrap().len(), 1);
    assert_eq!(
        ok(api
            .get(&format!("/v1/sessions?user_id={uid}&status=active"))
            .await)
        .as_array()
        .unwrap()
        .len(),
        0
    );

    fake.clock().advance(Duration::from_secs(30 * DAY));
    assert_eq!(
        ok(api.get(&format!("/v1/sessions/{sid}")).await)["status"],
        "abandoned"
    );
}

#[tokio::test]
async fn revoking_banning_and_deleting_end_sessions() {
    let (fake, api) = setup().await;
    let (uid, sid) = session(&api).await;
    let second = ok(api.post("/v1/sessions", json!({"user_id": uid})).await);
    let sid2 = second["id"].as_str().unwrap().to_string();

    let revoked = ok(api.post_empty(&format!("/v1/sessions/{sid}/revoke")).await);
    assert_eq!(revoked["status"], "revoked");
    err(
        &api.post_empty(&format!("/v1/sessions/{sid}/tokens")).await,
        404,
        "resource_not_found",
    );
    // The other session is untouched until the user is banned.
    assert_eq!(
        ok(api.get(&format!("/v1/sessions/{sid2}")).await)["status"],
        "active"
    );
    ok(api.post_empty(&format!("/v1/users/{uid}/ban")).await);
    assert_eq!(
        ok(api.get(&format!("/v1/sessions/{sid2}")).await)["status"],
        "revoked"
    );

    let (uid3, sid3) = session(&api).await;
    ok(api.delete(&format!("/v1/users/{uid3}")).await);
    assert_eq!(
        ok(api.get(&format!("/v1/sessions/{sid3}")).await)["status"],
        "removed"
    );
    err(
        &api.post("/v1/sessions", json!({"user_id": uid3})).await,
        404,
        "resource_not_found",
    );
    err(
        &api.post("/v1/sessions", json!({"user_id": uid, "extra": 1}))
            .await,
        422,
        "form_param_unknown",
    );
    let list = ok(api.get("/v1/sessions?status=revoked").await);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(fake.session(&sid).is_some());
}

#[tokio::test]
async fn token_lifetimes_and_validation() {
    let (fake, api) = setup().await;
    let (uid, sid) = session(&api).await;
    let jwt = ok(api
        .post(
            &format!("/v1/sessions/{sid}/tokens"),
            json!({"expires_in_seconds": 3600}),
        )
        .await);
    let (header, claims) = verify_jwt(jwt["jwt"].as_str().unwrap(), &fake.jwks_json());
    assert_eq!(header["typ"], "JWT");
    assert_eq!(claims["exp"], T0 / 1000 + 3600);
    assert_eq!(claims["sub"], uid.as_str());
    assert_eq!(claims["iss"], fake.issuer());
    err(
        &api.post(
            &format!("/v1/sessions/{sid}/tokens"),
            json!({"expires_in_seconds": 5}),
        )
        .await,
        422,
        "form_param_value_invalid",
    );
    err(
        &api.post(&format!("/v1/sessions/{sid}/tokens"), json!({"nope": 1}))
            .await,
        422,
        "form_param_unknown",
    );
    err(
        &api.post_empty("/v1/sessions/sess_nope/tokens").await,
        404,
        "resource_not_found",
    );
}
