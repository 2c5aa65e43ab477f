//! Instance resources: invitations, allow/block lists, redirect URLs, domains, sign-in tokens
//! and JWT templates.

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
    let body = resp.json();
    assert_eq!(body["errors"][0]["code"], code, "{body}");
    assert!(body["clerk_trace_id"].is_string());
}

fn ok(resp: Resp) -> Value {
    assert_eq!(resp.status, 200, "{}", resp.text);
    resp.json()
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn invitations_pending_revoked_accepted_expired() {
    let (fake, api) = setup().await;
    let inv = ok(api
        .post(
            "/v1/invitations",
            json!({"email_address": "guest@example.com", "public_metadata": {"team": "a"},
                   "redirect_url": "https://app.example.com/welcome", "expires_in_days": 7}),
        )
        .await);
    assert_eq!(inv["object"], "invitation");
    assert_eq!(inv["status"], "pending");
    assert_eq!(inv["revoked"], false);
    assert!(
        inv["url"]
            .as_str()
            .unwrap()
            .starts_with("https://app.example.com/welcome?__clerk_ticket=")
    );
    assert_eq!(
        inv["expires_at"].as_i64().unwrap() - inv["created_at"].as_i64().unwrap(),
        7 * 86_400_000
    );

    err(
        &api.post(
            "/v1/invitations",
            json!({"email_address": "guest@example.com"}),
        )
        .await,
        422,
        "duplicate_record",
    );
    ok(api
        .post(
            "/v1/invitations",
            json!({"email_address": "guest@example.com", "ignore_existing": true}),
        )
        .await);
    err(
        &api.post("/v1/invitations", json!({})).await,
        422,
        "form_param_missing",
    );
    err(
        &api.post("/v1/invitations", json!({"email_address": "not-an-email"}))
            .await,
        422,
        "form_param_format_invalid",
    );
    ok(api
        .post(
            "/v1/users",
            json!({"email_address": ["member@example.com"]}),
        )
        .await);
    err(
        &api.post(
            "/v1/invitations",
            json!({"email_address": "member@example.com"}),
        )
        .await,
        422,
        "form_identifier_exists",
    );

    let bulk = ok(api
        .call(
            "POST",
            "/v1/invitations/bulk",
            Some(json!([{"email_address": "b1@example.com"}, {"email_address": "b2@example.com"}])),
        )
        .await);
    assert_eq!(bulk.as_array().unwrap().len(), 2);
    err(
        &api.call(
            "POST",
            "/v1/invitations/bulk",
            Some(json!([{"email_address": "b3@example.com"}, {"email_address": "b1@example.com"}])),
        )
        .await,
        422,
        "duplicate_record",
    );
    assert_eq!(
        ok(api.get("/v1/invitations").await)
            .as_array()
            .unwrap()
            .len(),
        4
    );

    // Revoke.
    let b1 = id(&bulk[0]);
    let revoked = ok(api
        .post_empty(&format!("/v1/invitations/{b1}/revoke"))
        .await);
    assert_eq!(revoked["status"], "revoked");
    assert_eq!(revoked["revoked"], true);
    err(
        &api.post_empty(&format!("/v1/invitations/{b1}/revoke"))
            .await,
        400,
        "invitation_not_pending",
    );
    err(
        &api.post_empty("/v1/invitations/inv_nope/revoke").await,
        404,
        "resource_not_found",
    );

    // Accepted when a user signs up with the address.
    ok(api
        .post("/v1/users", json!({"email_address": ["b2@example.com"]}))
        .await);
    let accepted = ok(api.get("/v1/invitations?status=accepted").await);
    assert_eq!(accepted.as_array().unwrap().len(), 1);
    assert_eq!(accepted[0]["email_address"], "b2@example.com");

    // Query, paginated, expiry.
    let q = ok(api.get("/v1/invitations?query=guest&paginated=true").await);
    assert_eq!(q["total_count"], 2);
    fake.clock().advance(Duration::from_secs(8 * 86_400));
    let expired = ok(api.get("/v1/invitations?status=expired").await);
    assert_eq!(expired.as_array().unwrap().len(), 1, "{expired}");
    assert_eq!(expired[0]["id"], inv["id"]);
    err(
        &api.post_empty(&format!("/v1/invitations/{}/revoke", id(&inv)))
            .await,
        400,
        "invitation_not_pending",
    );
}

#[tokio::test]
async fn allow_and_block_lists() {
    let (_fake, api) = setup().await;
    let a = ok(api
        .post(
            "/v1/allowlist_identifiers",
            json!({"identifier": "*@example.com", "notify": false}),
        )
        .await);
    assert_eq!(a["object"], "allowlist_identifier");
    assert_eq!(a["identifier_type"], "email_address");
    let p = ok(api
        .post(
            "/v1/allowlist_identifiers",
            json!({"identifier": "+15550100"}),
        )
        .await);
    assert_eq!(p["identifier_type"], "phone_number");
    let w = ok(api
        .post(
            "/v1/allowlist_identifiers",
            json!({"identifier": "0x0123456789abcdef0123456789abcdef01234567"}),
        )
        .await);
    assert_eq!(w["identifier_type"], "web3_wallet");
    err(
        &api.post(
            "/v1/allowlist_identifiers",
            json!({"identifier": "*@EXAMPLE.com"}),
        )
        .await,
        422,
        "duplicate_record",
    );
    err(
        &api.post(
            "/v1/allowlist_identifiers",
            json!({"identifier": "nonsense"}),
        )
        .await,
        422,
        "form_param_format_invalid",
    );
    err(
        &api.post("/v1/allowlist_identifiers", json!({})).await,
        422,
        "form_param_missing",
    );
    let list = ok(api.get("/v1/allowlist_identifiers").await);
    assert_eq!(list.as_array().unwrap().len(), 3);
    let page = ok(api
        .get("/v1/allowlist_identifiers?paginated=true&limit=1")
        .await);
    assert_eq!(page["total_count"], 3);
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
    let del = ok(api
        .delete(&format!("/v1/allowlist_identifiers/{}", id(&a)))
        .await);
    assert_eq!(
        del,
        json!({"object": "allowlist_identifier", "id": id(&a), "deleted": true})
    );
    err(
        &api.delete(&format!("/v1/allowlist_identifiers/{}", id(&a)))
            .await,
        404,
        "resource_not_found",
    );

    let b = ok(api
        .post(
            "/v1/blocklist_identifiers",
            json!({"identifier": "spam@example.com"}),
        )
        .await);
    assert_eq!(b["object"], "blocklist_identifier");
    err(
        &api.post(
            "/v1/blocklist_identifiers",
            json!({"identifier": "x@example.com", "notify": true}),
        )
        .await,
        422,
        "form_param_unknown",
    );
    let list = ok(api.get("/v1/blocklist_identifiers").await);
    assert_eq!(list["total_count"], 1);
    ok(api
        .delete(&format!("/v1/blocklist_identifiers/{}", id(&b)))
        .await);
    assert_eq!(
        ok(api.get("/v1/blocklist_identifiers").await)["total_count"],
        0
    );
}

#[tokio::test]
async fn redirect_urls_and_domains() {
    let (_fake, api) = setup().await;
    let r = ok(api
        .post(
            "/v1/redirect_urls",
            json!({"url": "https://app.example.com/callback"}),
        )
        .await);
    assert_eq!(r["object"], "redirect_url");
    ok(api
        .post("/v1/redirect_urls", json!({"url": "myapp://oauth"}))
        .await);
    err(
        &api.post(
            "/v1/redirect_urls",
            json!({"url": "https://app.example.com/callback"}),
        )
        .await,
        422,
        "duplicate_record",
    );
    err(
        &api.post("/v1/redirect_urls", json!({"url": "not a url"}))
            .await,
        422,
        "form_param_format_invalid",
    );
    assert_eq!(
        ok(api.get(&format!("/v1/redirect_urls/{}", id(&r))).await),
        r
    );
    assert_eq!(
        ok(api.get("/v1/redirect_urls").await)
            .as_array()
            .unwrap()
            .len(),
        2
    );
    ok(api.delete(&format!("/v1/redirect_urls/{}", id(&r))).await);
    err(
        &api.get(&format!("/v1/redirect_urls/{}", id(&r))).await,
        404,
        "resource_not_found",
    );

    let domains = ok(api.get("/v1/domains").await);
    assert_eq!(domains["total_count"], 1);
    let primary = id(&domains["data"][0]);
    assert_eq!(domains["data"][0]["is_satellite"], false);
    let sat = ok(api
        .post(
            "/v1/domains",
            json!({"name": "satellite.example.com", "is_satellite": true}),
        )
        .await);
    assert_eq!(sat["is_satellite"], true);
    assert_eq!(
        sat["frontend_api_url"],
        "https://clerk.satellite.example.com"
    );
    err(
        &api.post(
            "/v1/domains",
            json!({"name": "satellite.example.com", "is_satellite": true}),
        )
        .await,
        422,
        "form_identifier_exists",
    );
    err(
        &api.post(
            "/v1/domains",
            json!({"name": "x.example.com", "is_satellite": false}),
        )
        .await,
        422,
        "form_param_value_invalid",
    );
    let updated = ok(api
        .patch(
            &format!("/v1/domains/{}", id(&sat)),
            json!({"proxy_url": "https://proxy.example.com/__clerk"}),
        )
        .await);
    assert_eq!(updated["proxy_url"], "https://proxy.example.com/__clerk");
    assert_eq!(updated["name"], "satellite.example.com");
    err(
        &api.delete(&format!("/v1/domains/{primary}")).await,
        403,
        "operation_not_allowed",
    );
    ok(api.delete(&format!("/v1/domains/{}", id(&sat))).await);
    assert_eq!(ok(api.get("/v1/domains").await)["total_count"], 1);
}

#[tokio::test]
async fn sign_in_tokens_create_and_revoke() {
    let (_fake, api) = setup().await;
    let uid = id(&ok(api
        .post("/v1/users", json!({"username": "signer"}))
        .await));
    let t = ok(api
        .post(
            "/v1/sign_in_tokens",
            json!({"user_id": uid, "expires_in_seconds": 600}),
        )
        .await);
    assert_eq!(t["object"], "sign_in_token");
    assert_eq!(t["status"], "pending");
    let token = t["token"].as_str().unwrap();
    assert!(t["url"].as_str().unwrap().ends_with(token));
    err(
        &api.post("/v1/sign_in_tokens", json!({"user_id": "user_nope"}))
            .await,
        404,
        "resource_not_found",
    );
    err(
        &api.post("/v1/sign_in_tokens", json!({})).await,
        422,
        "form_param_missing",
    );
    let revoked = ok(api
        .post_empty(&format!("/v1/sign_in_tokens/{}/revoke", id(&t)))
        .await);
    assert_eq!(revoked["status"], "revoked");
    assert!(revoked.get("token").is_none());
    err(
        &api.post_empty(&format!("/v1/sign_in_tokens/{}/revoke", id(&t)))
            .await,
        400,
        "sign_in_token_not_pending",
    );
    err(
        &api.post_empty("/v1/sign_in_tokens/sit_nope/revoke").await,
        404,
        "resource_not_found",
    );
}

#[tokio::test]
async fn jwt_templates_crud_and_minting() {
    let (fake, api) = setup().await;
    let tpl = ok(api
        .post(
            "/v1/jwt_templates",
            json!({"name": "hasura", "claims": {"role": "{{user.public_metadata.role || 'user'}}", "uid": "{{user.id}}"}, "lifetime": 300}),
        )
        .await);
    assert_eq!(tpl["object"], "jwt_template");
    assert_eq!(tpl["lifetime"], 300);
    assert_eq!(tpl["allowed_clock_skew"], 5);
    assert_eq!(tpl["signing_algorithm"], "RS256");
    err(
        &api.post("/v1/jwt_templates", json!({"name": "hasura", "claims": {}}))
            .await,
        422,
        "form_identifier_exists",
    );
    err(
        &api.post(
            "/v1/jwt_templates",
            json!({"name": "bad", "claims": {"sub": "x"}}),
        )
        .await,
        422,
        "jwt_template_reserved_claim",
    );
    err(
        &api.post(
            "/v1/jwt_templates",
            json!({"name": "nolife", "claims": {}, "lifetime": 5}),
        )
        .await,
        422,
        "form_param_value_invalid",
    );
    err(
        &api.post("/v1/jwt_templates", json!({"name": "x"})).await,
        422,
        "form_param_missing",
    );
    let tid = id(&tpl);
    assert_eq!(ok(api.get(&format!("/v1/jwt_templates/{tid}")).await), tpl);
    assert_eq!(
        ok(api.get("/v1/jwt_templates").await)
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let uid = id(&ok(api
        .post("/v1/users", json!({"public_metadata": {"role": "admin"}}))
        .await));
    let sid = id(&ok(api.post("/v1/sessions", json!({"user_id": uid})).await));
    let jwt = ok(api
        .post_empty(&format!("/v1/sessions/{sid}/tokens/hasura"))
        .await);
    let (_, claims) = verify_jwt(jwt["jwt"].as_str().unwrap(), &fake.jwks_json());
    assert_eq!(claims["role"], "admin");
    assert_eq!(claims["uid"], uid.as_str());
    assert_eq!(claims["exp"], T0 / 1000 + 300);

    // Update renames and changes claims; the old name is gone.
    let updated = ok(api
        .patch(
            &format!("/v1/jwt_templates/{tid}"),
            json!({"name": "renamed", "claims": {"static": 1}}),
        )
        .await);
    assert_eq!(updated["lifetime"], 60);
    err(
        &api.post_empty(&format!("/v1/sessions/{sid}/tokens/hasura"))
            .await,
        404,
        "resource_not_found",
    );
    let jwt = ok(api
        .post(
            &format!("/v1/sessions/{sid}/tokens/renamed"),
            json!({"expires_in_seconds": 45}),
        )
        .await);
    let (_, claims) = verify_jwt(jwt["jwt"].as_str().unwrap(), &fake.jwks_json());
    assert_eq!(claims["static"], 1);
    assert_eq!(claims["exp"], T0 / 1000 + 45);

    let del = ok(api.delete(&format!("/v1/jwt_templates/{tid}")).await);
    assert_eq!(del["deleted"], true);
    err(
        &api.get(&format!("/v1/jwt_templates/{tid}")).await,
        404,
        "resource_not_found",
    );
}
