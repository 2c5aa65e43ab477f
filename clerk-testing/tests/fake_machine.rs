//! M2M tokens and API keys: create (secret shown once), verify, revoke, list, expiry.

mod fake_support;

use std::time::Duration;

use clerk_testing::{Clock, FakeClerk};
use fake_support::{Api, Resp, verify_jwt};
use serde_json::{Value, json};

const T0: i64 = 1_750_000_000_000;

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

#[tokio::test]
async fn m2m_tokens_create_verify_revoke_list() {
    let (fake, api) = setup().await;
    let created = api
        .post(
            "/v1/m2m_tokens",
            json!({"seconds_until_expiration": 600, "claims": {"tenant": "t1"}}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let created = created.json();
    assert_eq!(created["object"], "machine_to_machine_token");
    let token = created["token"].as_str().unwrap().to_string();
    assert!(token.starts_with("mt_"));
    let id = created["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("mt_"));
    assert_eq!(created["expiration"], T0 + 600_000);
    let subject = created["subject"].as_str().unwrap().to_string();
    assert!(subject.starts_with("mch_"));

    // Verify: the secret maps back to the record, which never shows the secret again.
    let verified = ok(api
        .post("/v1/m2m_tokens/verify", json!({"token": token}))
        .await);
    assert_eq!(verified["id"], id.as_str());
    assert_eq!(verified["claims"], json!({"tenant": "t1"}));
    assert_eq!(verified["revoked"], false);
    assert_eq!(verified["expired"], false);
    assert_eq!(verified["last_used_at"], T0);
    assert!(verified.get("token").is_none());
    err(
        &api.post("/v1/m2m_tokens/verify", json!({"token": "mt_unknown"}))
            .await,
        404,
        "resource_not_found",
    );
    err(
        &api.post("/v1/m2m_tokens/verify", json!({})).await,
        400,
        "form_param_missing",
    );

    // min_remaining_ttl_seconds reuses a live token with the same claims.
    let again = api
        .post(
            "/v1/m2m_tokens",
            json!({"seconds_until_expiration": 600, "claims": {"tenant": "t1"}, "min_remaining_ttl_seconds": 300}),
        )
        .await
        .json();
    assert_eq!(again["id"], id.as_str());
    assert_eq!(again["token"], token.as_str());
    err(
        &api.post(
            "/v1/m2m_tokens",
            json!({"seconds_until_expiration": 60, "min_remaining_ttl_seconds": 60}),
        )
        .await,
        400,
        "form_param_value_invalid",
    );

    let second = api.post_empty("/v1/m2m_tokens").await.json();
    assert_eq!(
        second["expiration"].as_i64().unwrap() - second["created_at"].as_i64().unwrap(),
        3_600_000
    );

    // List.
    let list = ok(api.get(&format!("/v1/m2m_tokens?subject={subject}")).await);
    assert_eq!(list["total_count"], 2);
    assert!(list["m2m_tokens"][0].get("token").is_none());
    err(&api.get("/v1/m2m_tokens").await, 400, "form_param_missing");

    // Revoke.
    let revoked = ok(api
        .post(
            &format!("/v1/m2m_tokens/{id}/revoke"),
            json!({"revocation_reason": "leaked"}),
        )
        .await);
    assert_eq!(revoked["revoked"], true);
    assert_eq!(revoked["revocation_reason"], "leaked");
    let verified = ok(api
        .post("/v1/m2m_tokens/verify", json!({"token": token}))
        .await);
    assert_eq!(verified["revoked"], true);
    err(
        &api.post_empty("/v1/m2m_tokens/mt_nope/revoke").await,
        404,
        "resource_not_found",
    );
    assert_eq!(
        ok(api.get(&format!("/v1/m2m_tokens?subject={subject}")).await)["total_count"],
        1
    );
    assert_eq!(
        ok(api
            .get(&format!("/v1/m2m_tokens?subject={subject}&revoked=true"))
            .await)["total_count"],
        2
    );

    // Expiry through the clock.
    fake.clock().advance(Duration::from_secs(3601));
    let second_token = second["token"].as_str().unwrap();
    let verified = ok(api
        .post("/v1/m2m_tokens/verify", json!({"token": second_token}))
        .await);
    assert_eq!(verified["expired"], true);
    assert_eq!(
        ok(api.get(&format!("/v1/m2m_tokens?subject={subject}")).await)["total_count"],
        0
    );
    assert_eq!(
        ok(api
            .get(&format!(
                "/v1/m2m_tokens?subject={subject}&revoked=true&expired=true"
            ))
            .await)["total_count"],
        2
    );

    // JWT format: signed with the instance key, not stored.
    let jwt = api
        .post(
            "/v1/m2m_tokens",
            json!({"token_format": "jwt", "claims": {"k": "v"}}),
        )
        .await;
    assert_eq!(jwt.status, 201);
    let jwt = jwt.json();
    let (_, claims) = verify_jwt(jwt["token"].as_str().unwrap(), &fake.jwks_json());
    assert_eq!(claims["sub"], subject.as_str());
    assert_eq!(claims["jti"], jwt["id"]);
    assert_eq!(claims["k"], "v");
    err(
        &api.post("/v1/m2m_tokens", json!({"token_format": "paseto"}))
            .await,
        400,
        "form_param_value_invalid",
    );
}

#[tokio::test]
async fn api_keys_create_verify_revoke_list() {
    let (fake, api) = setup().await;
    let uid = ok(api
        .post("/v1/users", json!({"username": "keyholder"}))
        .await)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let created = ok(api
        .post(
            "/v1/api_keys",
            json!({"name": "ci", "subject": uid, "scopes": ["read"], "claims": {"env": "ci"},
                   "seconds_until_expiration": 60, "description": "for CI"}),
        )
        .await);
    assert_eq!(created["object"], "api_key");
    assert_eq!(created["type"], "api_key");
    let secret = created["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("ak_"));
    let id = created["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("ak_"));

    err(
        &api.post("/v1/api_keys", json!({"name": "ci", "subject": uid}))
            .await,
        409,
        "duplicate_record",
    );
    err(
        &api.post("/v1/api_keys", json!({"name": "x", "subject": "user_nope"}))
            .await,
        400,
        "form_param_value_invalid",
    );
    err(
        &api.post("/v1/api_keys", json!({"subject": uid})).await,
        400,
        "form_param_missing",
    );

    let got = ok(api.get(&format!("/v1/api_keys/{id}")).await);
    assert!(got.get("secret").is_none());
    assert_eq!(got["scopes"], json!(["read"]));
    assert_eq!(
        ok(api.get(&format!("/v1/api_keys/{id}/secret")).await)["secret"],
        secret.as_str()
    );
    err(
        &api.get("/v1/api_keys/ak_nope").await,
        404,
        "resource_not_found",
    );

    let verified = ok(api
        .post("/v1/api_keys/verify", json!({"secret": secret}))
        .await);
    assert_eq!(verified["id"], id.as_str());
    assert_eq!(verified["subject"], uid.as_str());
    assert_eq!(verified["claims"], json!({"env": "ci"}));
    assert_eq!(verified["revoked"], false);
    assert_eq!(verified["last_used_at"], T0);
    err(
        &api.post("/v1/api_keys/verify", json!({"secret": "ak_wrong"}))
            .await,
        404,
        "resource_not_found",
    );

    let updated = ok(api
        .patch(
            &format!("/v1/api_keys/{id}"),
            json!({"scopes": ["read", "write"], "description": null}),
        )
        .await);
    assert_eq!(updated["scopes"], json!(["read", "write"]));
    assert_eq!(updated["description"], Value::Null);

    let other = ok(api
        .post("/v1/api_keys", json!({"name": "other", "subject": uid}))
        .await);
    let list = ok(api.get(&format!("/v1/api_keys?subject={uid}")).await);
    assert_eq!(list["total_count"], 2);
    assert!(list["data"][0].get("secret").is_none());
    assert_eq!(
        ok(api.get("/v1/api_keys?query=oth").await)["total_count"],
        1
    );

    let revoked = ok(api
        .post(
            &format!("/v1/api_keys/{id}/revoke"),
            json!({"revocation_reason": "rotated"}),
        )
        .await);
    assert_eq!(revoked["revoked"], true);
    let verified = ok(api
        .post("/v1/api_keys/verify", json!({"secret": secret}))
        .await);
    assert_eq!(verified["revoked"], true);
    assert_eq!(ok(api.get("/v1/api_keys").await)["total_count"], 1);
    assert_eq!(
        ok(api.get("/v1/api_keys?include_invalid=true").await)["total_count"],
        2
    );

    fake.clock().advance(Duration::from_secs(61));
    assert_eq!(
        ok(api.get(&format!("/v1/api_keys/{id}")).await)["expired"],
        true
    );

    let deleted = ok(api
        .delete(&format!("/v1/api_keys/{}", other["id"].as_str().unwrap()))
        .await);
    assert_eq!(deleted["deleted"], true);
    assert_eq!(ok(api.get("/v1/api_keys").await)["total_count"], 0);
}
