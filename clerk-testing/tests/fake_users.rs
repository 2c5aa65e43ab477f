//! Users: email address and phone number endpoints, web3 wallets, time filters and cursors.

mod fake_support;

use std::time::Duration;

use clerk_testing::{Clock, FakeClerk};
use fake_support::{Api, Resp};
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

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn email_addresses_and_phone_numbers() {
    let (_fake, api) = setup().await;
    let u = ok(api
        .post("/v1/users", json!({"email_address": ["first@example.com"]}))
        .await);
    let uid = u["id"].as_str().unwrap().to_string();
    let first = u["primary_email_address_id"].as_str().unwrap().to_string();

    let e = ok(api
        .post(
            "/v1/email_addresses",
            json!({"user_id": uid, "email_address": "second@example.com"}),
        )
        .await);
    assert_eq!(e["object"], "email_address");
    assert_eq!(e["verification"], Value::Null, "unverified unless asked");
    let eid = e["id"].as_str().unwrap().to_string();
    err(
        &api.post(
            "/v1/email_addresses",
            json!({"user_id": uid, "email_address": "SECOND@example.com"}),
        )
        .await,
        422,
        "form_identifier_exists",
    );
    err(
        &api.post(
            "/v1/users",
            json!({"email_address": ["second@example.com"]}),
        )
        .await,
        422,
        "form_identifier_exists",
    );
    err(
        &api.post("/v1/email_addresses", json!({"user_id": uid}))
            .await,
        422,
        "form_param_missing",
    );
    err(
        &api.post(
            "/v1/email_addresses",
            json!({"user_id": "user_nope", "email_address": "x@example.com"}),
        )
        .await,
        404,
        "resource_not_found",
    );

    // Verify and make primary.
    let e = ok(api
        .patch(
            &format!("/v1/email_addresses/{eid}"),
            json!({"verified": true, "primary": true}),
        )
        .await);
    assert_eq!(e["verification"]["status"], "verified");
    let user = ok(api.get(&format!("/v1/users/{uid}")).await);
    assert_eq!(user["primary_email_address_id"], eid.as_str());
    assert_eq!(user["email_addresses"].as_array().unwrap().len(), 2);
    let found = ok(api.get("/v1/users?email_address=second@example.com").await);
    assert_eq!(ids(&found), [uid.as_str()]);

    // Delete the primary: the next one becomes primary; the address is free again.
    let del = ok(api.delete(&format!("/v1/email_addresses/{eid}")).await);
    assert_eq!(
        del,
        json!({"object": "email_address", "id": eid, "deleted": true})
    );
    let user = ok(api.get(&format!("/v1/users/{uid}")).await);
    assert_eq!(user["primary_email_address_id"], first.as_str());
    err(
        &api.get(&format!("/v1/email_addresses/{eid}")).await,
        404,
        "resource_not_found",
    );
    ok(api
        .post(
            "/v1/users",
            json!({"email_address": ["second@example.com"]}),
        )
        .await);

    // Phone numbers.
    let p = ok(api
        .post(
            "/v1/phone_numbers",
            json!({"user_id": uid, "phone_number": "+15550100", "verified": true, "reserved_for_second_factor": true}),
        )
        .await);
    assert_eq!(p["object"], "phone_number");
    assert_eq!(p["reserved_for_second_factor"], true);
    let pid = p["id"].as_str().unwrap().to_string();
    let user = ok(api.get(&format!("/v1/users/{uid}")).await);
    assert_eq!(
        user["primary_phone_number_id"],
        pid.as_str(),
        "the first verified number becomes primary"
    );
    err(
        &api.post(
            "/v1/phone_numbers",
            json!({"user_id": uid, "phone_number": "+15550100"}),
        )
        .await,
        422,
        "form_identifier_exists",
    );
    err(
        &api.post(
            "/v1/phone_numbers",
            json!({"user_id": uid, "phone_number": "5"}),
        )
        .await,
        422,
        "form_param_format_invalid",
    );
    let p = ok(api
        .patch(
            &format!("/v1/phone_numbers/{pid}"),
            json!({"reserved_for_second_factor": false}),
        )
        .await);
    assert_eq!(p["reserved_for_second_factor"], false);
    assert_eq!(
        ok(api.get(&format!("/v1/phone_numbers/{pid}")).await)["phone_number"],
        "+15550100"
    );
    ok(api.delete(&format!("/v1/phone_numbers/{pid}")).await);
    let user = ok(api.get(&format!("/v1/users/{uid}")).await);
    assert_eq!(user["primary_phone_number_id"], Value::Null);
    assert_eq!(
        ok(api.get("/v1/users/count?phone_number=+15550100").await)["total_count"],
        0
    );
}

#[tokio::test]
async fn web3_wallets_and_time_filters() {
    let (fake, api) = setup().await;
    let wallet = "0xAbCdEf0123456789abcdef0123456789ABCDEF01";
    let a = ok(api
        .post(
            "/v1/users",
            json!({"web3_wallet": [wallet], "username": "alpha"}),
        )
        .await);
    assert_eq!(a["web3_wallets"][0]["web3_wallet"], wallet);
    assert_eq!(a["primary_web3_wallet_id"], a["web3_wallets"][0]["id"]);
    err(
        &api.post("/v1/users", json!({"web3_wallet": [wallet.to_lowercase()]}))
            .await,
        422,
        "form_identifier_exists",
    );
    err(
        &api.post("/v1/users", json!({"web3_wallet": ["0x12"]}))
            .await,
        422,
        "form_param_format_invalid",
    );
    let found = ok(api
        .get(&format!("/v1/users?web3_wallet={}", wallet.to_lowercase()))
        .await);
    assert_eq!(ids(&found), [a["id"].as_str().unwrap()]);

    fake.clock().advance(Duration::from_secs(60));
    let b = ok(api.post("/v1/users", json!({"username": "bravo"})).await);
    let b_created = b["created_at"].as_i64().unwrap();
    let a_created = a["created_at"].as_i64().unwrap();
    assert!(b_created >= a_created + 60_000);

    let after = ok(api
        .get(&format!("/v1/users?created_at_after={a_created}"))
        .await);
    assert_eq!(ids(&after), [b["id"].as_str().unwrap()]);
    let before = ok(api
        .get(&format!("/v1/users?created_at_before={b_created}"))
        .await);
    assert_eq!(ids(&before), [a["id"].as_str().unwrap()]);

    // last_active_at moves when a session is created.
    fake.clock().advance(Duration::from_secs(60));
    ok(api.post("/v1/sessions", json!({"user_id": b["id"]})).await);
    let active = ok(api
        .get(&format!(
            "/v1/users/count?last_active_at_since={}",
            b_created + 1
        ))
        .await);
    assert_eq!(active["total_count"], 1);
    let signed_in = ok(api
        .get(&format!("/v1/users?last_sign_in_at_after={b_created}"))
        .await);
    assert_eq!(ids(&signed_in), [b["id"].as_str().unwrap()]);
    let inactive = ok(api
        .get(&format!(
            "/v1/users/count?last_active_at_before={}",
            T0 + 10_000_000
        ))
        .await);
    assert_eq!(
        inactive["total_count"], 1,
        "users never active are excluded"
    );
    err(
        &api.get("/v1/users?created_at_after=yesterday").await,
        422,
        "form_param_format_invalid",
    );

    // order_by on several fields, both directions.
    let by_name = ok(api.get("/v1/users?order_by=-username").await);
    assert_eq!(
        ids(&by_name),
        [b["id"].as_str().unwrap(), a["id"].as_str().unwrap()]
    );
    let by_wallet = ok(api.get("/v1/users?order_by=web3wallet").await);
    assert_eq!(by_wallet[0]["id"], a["id"], "nulls last ascending");
    let by_active = ok(api.get("/v1/users?order_by=-last_active_at").await);
    assert_eq!(by_active.as_array().unwrap().len(), 2);
    err(
        &api.get("/v1/users?order_by=password").await,
        422,
        "form_param_value_invalid",
    );
}

#[tokio::test]
async fn cursors_walk_in_both_directions() {
    let (_fake, api) = setup().await;
    let mut created = Vec::new();
    for i in 0..7 {
        let u = ok(api
            .post("/v1/users", json!({"username": format!("u{i}")}))
            .await);
        created.push(u["id"].as_str().unwrap().to_string());
    }
    // Newest first by default.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/users?limit=3&starting_after={c}"),
            None => "/v1/users?limit=3".into(),
        };
        let page = ids(&ok(api.get(&path).await));
        if page.is_empty() {
            break;
        }
        cursor = page.last().cloned();
        seen.extend(page);
    }
    let mut newest_first = created.clone();
    newest_first.reverse();
    assert_eq!(seen, newest_first);

    // Oldest first; a deleted cursor still works.
    ok(api.delete(&format!("/v1/users/{}", created[2])).await);
    let page = ids(&ok(api
        .get(&format!(
            "/v1/users?order_by=%2Bcreated_at&limit=2&starting_after={}",
            created[2]
        ))
        .await));
    assert_eq!(page, [created[3].clone(), created[4].clone()]);
    err(
        &api.get(&format!(
            "/v1/users?order_by=username&starting_after={}",
            created[0]
        ))
        .await,
        422,
        "form_param_value_invalid",
    );
    err(
        &api.get("/v1/users?starting_after=user_unknown").await,
        422,
        "form_param_value_invalid",
    );
}

#[tokio::test]
async fn replace_identifications_bulk_ban_and_remove_password() {
    let (_fake, api) = setup().await;
    let u = ok(api
        .post(
            "/v1/users",
            json!({"email_address": ["a@example.com", "b@example.com"], "password": "password-1"}),
        )
        .await);
    let uid = u["id"].as_str().unwrap().to_string();
    let e = ok(api
        .put(
            &format!("/v1/users/{uid}/email_address"),
            json!({"email_address": "c@example.com"}),
        )
        .await);
    let user = ok(api.get(&format!("/v1/users/{uid}")).await);
    assert_eq!(user["email_addresses"].as_array().unwrap().len(), 1);
    assert_eq!(user["primary_email_address_id"], e["id"]);
    assert_eq!(
        user["email_addresses"][0]["verification"]["status"],
        "verified"
    );
    // The old addresses are free again; taken ones are refused.
    ok(api
        .post("/v1/users", json!({"email_address": ["a@example.com"]}))
        .await);
    err(
        &api.put(
            &format!("/v1/users/{uid}/email_address"),
            json!({"email_address": "a@example.com"}),
        )
        .await,
        422,
        "form_identifier_exists",
    );
    assert_eq!(
        ok(api.get(&format!("/v1/users/{uid}")).await)["primary_email_address_id"],
        e["id"],
        "a failed replacement changes nothing"
    );

    let other = ok(api.post("/v1/users", json!({"username": "other"})).await);
    let banned = ok(api
        .post("/v1/users/ban", json!({"user_ids": [uid, other["id"]]}))
        .await);
    assert_eq!(banned.as_array().unwrap().len(), 2);
    assert!(
        banned
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["banned"] == true)
    );
    err(
        &api.post("/v1/users/unban", json!({"user_ids": [uid, "user_nope"]}))
            .await,
        400,
        "form_param_value_invalid",
    );
    assert_eq!(
        ok(api.get("/v1/users/count?banned=true").await)["total_count"],
        2
    );
    ok(api
        .post("/v1/users/unban", json!({"user_ids": [uid]}))
        .await);
    assert_eq!(
        ok(api.get("/v1/users/count?banned=true").await)["total_count"],
        1
    );

    let removed = ok(api
        .post(&format!("/v1/users/{uid}/remove_password"), json!({}))
        .await);
    assert_eq!(removed["password_enabled"], false);
    err(
        &api.post(
            &format!("/v1/users/{uid}/verify_password"),
            json!({"password": "password-1"}),
        )
        .await,
        400,
        "no_password_set",
    );
}
