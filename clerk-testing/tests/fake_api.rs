//! Behaviour tests of the fake Clerk Backend API over real HTTP.

mod fake_support;

use clerk_testing::{FakeClerk, LegacyEndpoints};
use fake_support::{Api, raw, verify_jwt};
use serde_json::{Value, json};

async fn setup() -> (FakeClerk, Api) {
    let fake = FakeClerk::start().await;
    let api = Api::new(&fake);
    (fake, api)
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_string())
        .collect()
}

fn assert_clerk_error(resp: &fake_support::Resp, status: u16, code: &str) {
    assert_eq!(resp.status, status, "{}", resp.text);
    let body = resp.json();
    assert_eq!(body["errors"][0]["code"], code, "{body}");
    assert!(body["errors"][0]["message"].is_string());
    assert!(body["errors"][0]["long_message"].is_string());
    assert!(body["errors"][0]["meta"].is_object());
    assert!(body["clerk_trace_id"].is_string());
}

#[tokio::test]
async fn auth_is_required_like_clerk() {
    let fake = FakeClerk::builder()
        .secret_key("sk_test_custom")
        .start()
        .await;
    assert_eq!(fake.secret_key(), "sk_test_custom");
    assert!(fake.api_url().starts_with("http://127.0.0.1:"));
    assert!(!fake.api_url().ends_with("/v1"));

    let missing = raw(&fake.api_url(), "GET", "/v1/users", &[], None).await;
    assert_clerk_error(&missing, 401, "authorization_invalid");
    let wrong = raw(
        &fake.api_url(),
        "GET",
        "/v1/users",
        &[("Authorization", "Bearer sk_test_wrong")],
        None,
    )
    .await;
    assert_clerk_error(&wrong, 401, "clerk_key_invalid");
    let garbage = raw(
        &fake.api_url(),
        "GET",
        "/v1/jwks",
        &[("Authorization", "Bearer nope")],
        None,
    )
    .await;
    assert_clerk_error(&garbage, 401, "authentication_invalid");
    let ok = raw(
        &fake.api_url(),
        "GET",
        "/v1/users",
        &[("Authorization", "Bearer sk_test_custom")],
        None,
    )
    .await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.json(), json!([]));
    assert!(
        ok.header("content-type")
            .unwrap()
            .contains("application/json")
    );
}

#[tokio::test]
async fn users_crud() {
    let (fake, api) = setup().await;
    let created = api
        .post(
            "/v1/users",
            json!({
                "email_address": ["Ada@Example.com", "ada2@example.com"],
                "phone_number": ["+15555550100"],
                "username": "ada",
                "first_name": "Ada",
                "last_name": "Lovelace",
                "external_id": "ext-1",
                "password": "correct horse battery",
                "public_metadata": {"role": "admin"},
            }),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let user = created.json();
    let id = user["id"].as_str().unwrap();
    assert!(id.starts_with("user_2"));
    assert_eq!(user["object"], "user");
    assert_eq!(user["email_addresses"].as_array().unwrap().len(), 2);
    let email_id = user["email_addresses"][0]["id"].as_str().unwrap();
    assert!(email_id.starts_with("idn_"));
    assert_eq!(user["primary_email_address_id"], email_id);
    assert!(
        user["primary_phone_number_id"]
            .as_str()
            .unwrap()
            .starts_with("idn_")
    );
    assert_eq!(user["password_enabled"], true);
    assert_eq!(user["public_metadata"]["role"], "admin");
    assert!(
        user["created_at"].as_i64().unwrap() > 1_600_000_000_000,
        "ms timestamps"
    );

    let got = api.get(&format!("/v1/users/{id}")).await;
    assert_eq!(got.json(), user);
    assert_eq!(fake.user(id).unwrap(), user);

    let updated = api
        .patch(
            &format!("/v1/users/{id}"),
            json!({"first_name": "Augusta", "username": null, "primary_email_address_id": user["email_addresses"][1]["id"]}),
        )
        .await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    let updated = updated.json();
    assert_eq!(updated["first_name"], "Augusta");
    assert_eq!(updated["username"], Value::Null);
    assert_eq!(
        updated["primary_email_address_id"],
        user["email_addresses"][1]["id"]
    );
    assert!(updated["updated_at"].as_i64() > user["updated_at"].as_i64());

    // Today's PATCH /users/{id} does not take metadata.
    let rejected = api
        .patch(
            &format!("/v1/users/{id}"),
            json!({"public_metadata": {"a": 1}}),
        )
        .await;
    assert_clerk_error(&rejected, 422, "form_param_unknown");
    assert_eq!(
        rejected.json()["errors"][0]["meta"]["param_name"],
        "public_metadata"
    );

    let deleted = api.delete(&format!("/v1/users/{id}")).await;
    assert_eq!(
        deleted.json(),
        json!({"object": "user", "id": id, "deleted": true})
    );
    assert_clerk_error(
        &api.get(&format!("/v1/users/{id}")).await,
        404,
        "resource_not_found",
    );
    assert_clerk_error(
        &api.delete(&format!("/v1/users/{id}")).await,
        404,
        "resource_not_found",
    );
}

#[tokio::test]
async fn user_create_validation() {
    let (fake, api) = setup().await;
    fake.create_user(json!({"email_address": ["taken@example.com"], "username": "taken"}));
    let dup = api
        .post("/v1/users", json!({"email_address": ["TAKEN@example.com"]}))
        .await;
    assert_clerk_error(&dup, 422, "form_identifier_exists");
    assert_eq!(
        dup.json()["errors"][0]["meta"]["param_name"],
        "email_address"
    );
    assert_clerk_error(
        &api.post("/v1/users", json!({"username": "taken"})).await,
        422,
        "form_identifier_exists",
    );
    let not_array = api
        .post("/v1/users", json!({"email_address": "a@b.c"}))
        .await;
    assert_clerk_error(&not_array, 422, "form_param_format_invalid");
    assert_eq!(
        not_array.json()["errors"][0]["meta"]["param_name"],
        "email_address"
    );
    assert_clerk_error(
        &api.post("/v1/users", json!({"email_address": ["nope"]}))
            .await,
        422,
        "form_param_format_invalid",
    );
    assert_clerk_error(
        &api.post("/v1/users", json!({"password": "short"})).await,
        422,
        "form_password_length_too_short",
    );
    assert_eq!(
        api.post(
            "/v1/users",
            json!({"password": "short", "skip_password_checks": true})
        )
        .await
        .status,
        200
    );
    assert_clerk_error(
        &api.post("/v1/users", json!({"bogus": 1})).await,
        422,
        "form_param_unknown",
    );
    // Malformed JSON is a 4xx error JSON, never a 500.
    let bad = raw(
        &api.base,
        "POST",
        "/v1/users",
        &[
            ("Authorization", &format!("Bearer {}", api.key)),
            ("Content-Type", "application/json"),
            ("Content-Length", "9"),
        ],
        None,
    )
    .await;
    assert!(bad.status >= 400 && bad.status < 500);
    let bad = raw(
        &api.base,
        "POST",
        "/v1/users",
        &[("Authorization", &format!("Bearer {}", api.key))],
        Some("{not json"),
    )
    .await;
    assert_clerk_error(&bad, 400, "malformed_request");
    let array = raw(
        &api.base,
        "PATCH",
        "/v1/users/whatever/metadata",
        &[("Authorization", &format!("Bearer {}", api.key))],
        Some("[1,2]"),
    )
    .await;
    assert!(
        array.status >= 400 && array.status < 500,
        "{}",
        array.status
    );
    // Helpers report the API's error.
    let err = fake
        .try_create_user(json!({"email_address": ["taken@example.com"]}))
        .unwrap_err();
    assert_eq!((err.status, err.code()), (422, "form_identifier_exists"));
}

#[tokio::test]
async fn user_list_filters_ordering_and_paging() {
    let (fake, api) = setup().await;
    let a = fake.create_user(json!({"email_address": ["alice@example.com"], "username": "alice", "first_name": "Alice", "last_name": "Zed", "external_id": "e-a", "phone_number": ["+15550001"]}));
    let b = fake.create_user(json!({"email_address": ["bob@corp.io"], "username": "bobby", "first_name": "Bob", "last_name": "Young", "external_id": "e-b"}));
    let c = fake.create_user(json!({"email_address": ["carol@example.com"], "first_name": "Carol", "last_name": "Xu", "banned": true}));
    let (a, b, c) = (
        a["id"].as_str().unwrap().to_string(),
        b["id"].as_str().unwrap().to_string(),
        c["id"].as_str().unwrap().to_string(),
    );
    let (a, b, c) = (a.as_str(), b.as_str(), c.as_str());

    // Default order: newest first.
    assert_eq!(ids(&api.get("/v1/users").await.json()), [c, b, a]);
    assert_eq!(
        ids(&api.get("/v1/users?order_by=created_at").await.json()),
        [a, b, c]
    );
    assert_eq!(
        ids(&api.get("/v1/users?order_by=%2Bfirst_name").await.json()),
        [a, b, c]
    );
    assert_eq!(
        ids(&api.get("/v1/users?order_by=-username").await.json())[1..],
        [b, a]
    );
    assert_eq!(
        ids(&api.get("/v1/users?order_by=last_name").await.json()),
        [c, b, a]
    );
    assert_eq!(
        ids(&api.get("/v1/users?order_by=email_address").await.json()),
        [a, b, c]
    );
    assert_clerk_error(
        &api.get("/v1/users?order_by=shoe_size").await,
        422,
        "form_param_value_invalid",
    );

    let q = |s: &'static str| {
        let api = api.clone();
        async move { ids(&api.get(&format!("/v1/users?{s}")).await.json()) }
    };
    assert_eq!(
        q("email_address=alice@example.com&email_address=BOB@corp.io").await,
        [b, a]
    );
    assert_eq!(q("phone_number=%2B15550001").await, [a]);
    assert_eq!(q("username=bobby").await, [b]);
    assert_eq!(q("external_id=e-a").await, [a]);
    assert_eq!(q("external_id=-e-a").await, [c, b]);
    assert_eq!(q("query=example").await, [c, a]);
    assert_eq!(q("query=young").await, [b]);
    assert_eq!(q("email_address_query=CORP").await, [b]);
    assert_eq!(q("phone_number_query=555").await, [a]);
    assert_eq!(q("username_query=OBB").await, [b]);
    assert_eq!(q("name_query=carol%20xu").await, [c]);
    assert_eq!(q("banned=true").await, [c]);
    assert_eq!(q("banned=false").await, [b, a]);
    assert_eq!(q("web3_wallet=0xabc").await, Vec::<String>::new());
    let user_filter = api
        .get(&format!("/v1/users?user_id={a}&user_id={c}"))
        .await
        .json();
    assert_eq!(ids(&user_filter), [c, a]);
    let excl = api.get(&format!("/v1/users?user_id=-{a}")).await.json();
    assert_eq!(ids(&excl), [c, b]);

    let b_created = fake.user(b).unwrap()["created_at"].as_i64().unwrap();
    let before = api
        .get(&format!("/v1/users?created_at_before={b_created}"))
        .await
        .json();
    assert_eq!(ids(&before), [a]);
    let after = api
        .get(&format!("/v1/users?created_at_after={b_created}"))
        .await
        .json();
    assert_eq!(ids(&after), [c]);
    assert_clerk_error(
        &api.get("/v1/users?created_at_after=yesterday").await,
        422,
        "form_param_format_invalid",
    );

    // Activity filters follow sessions.
    fake.create_session(b);
    assert_eq!(q("last_active_at_after=0").await, [b]);
    assert_eq!(q("last_sign_in_at_after=0").await, [b]);
    assert_eq!(q("last_sign_in_at_before=99999999999999").await, [b]);

    // Paging.
    assert_eq!(q("limit=2").await, [c, b]);
    assert_eq!(q("limit=2&offset=2").await, [a]);
    assert_eq!(q("offset=5").await, Vec::<String>::new());
    assert_clerk_error(
        &api.get("/v1/users?limit=0").await,
        422,
        "form_param_value_invalid",
    );
    assert_clerk_error(
        &api.get("/v1/users?limit=501").await,
        422,
        "form_param_value_invalid",
    );
    assert_eq!(api.get("/v1/users?limit=500").await.status, 200);
    assert_clerk_error(
        &api.get("/v1/users?offset=-1").await,
        422,
        "form_param_value_invalid",
    );

    // Cursor.
    let page2 = api
        .get(&format!("/v1/users?limit=1&starting_after={c}"))
        .await
        .json();
    assert_eq!(ids(&page2), [b]);
    let page_asc = api
        .get(&format!(
            "/v1/users?order_by=%2Bcreated_at&starting_after={a}"
        ))
        .await
        .json();
    assert_eq!(ids(&page_asc), [b, c]);
    assert_eq!(
        api.get(&format!("/v1/users?order_by=username&starting_after={a}"))
            .await
            .status,
        422
    );
    assert_eq!(
        api.get(&format!("/v1/users?offset=1&starting_after={a}"))
            .await
            .status,
        422
    );

    // Count uses the same filters.
    assert_eq!(
        api.get("/v1/users/count").await.json(),
        json!({"object": "total_count", "total_count": 3})
    );
    assert_eq!(
        api.get("/v1/users/count?query=example").await.json()["total_count"],
        2
    );
    assert_eq!(
        api.get("/v1/users/count?banned=true").await.json()["total_count"],
        1
    );
}

#[tokio::test]
async fn metadata_merge_and_replace() {
    let (fake, api) = setup().await;
    let user = fake.create_user(json!({
        "public_metadata": {"a": 1, "nested": {"x": 1, "y": 2}, "gone": true},
        "private_metadata": {"secret": "s"},
    }));
    let id = user["id"].as_str().unwrap();
    let merged = api
        .patch(
            &format!("/v1/users/{id}/metadata"),
            json!({"public_metadata": {"b": 2, "nested": {"y": null, "z": 3}, "gone": null}}),
        )
        .await
        .json();
    assert_eq!(
        merged["public_metadata"],
        json!({"a": 1, "b": 2, "nested": {"x": 1, "z": 3}})
    );
    assert_eq!(merged["private_metadata"], json!({"secret": "s"}));

    let replaced = api
        .put(
            &format!("/v1/users/{id}/metadata"),
            json!({"public_metadata": {"only": "this"}}),
        )
        .await
        .json();
    assert_eq!(replaced["public_metadata"], json!({"only": "this"}));
    assert_eq!(
        replaced["private_metadata"],
        json!({"secret": "s"}),
        "untouched"
    );

    assert_clerk_error(
        &api.patch(
            &format!("/v1/users/{id}/metadata"),
            json!({"public_metadata": [1]}),
        )
        .await,
        422,
        "form_param_format_invalid",
    );
    assert_clerk_error(
        &api.patch("/v1/users/user_nope/metadata", json!({})).await,
        404,
        "resource_not_found",
    );
}

#[tokio::test]
async fn ban_lock_and_verify_password() {
    let (fake, api) = setup().await;
    let user = fake.create_user(json!({"password": "hunter2hunter2"}));
    let id = user["id"].as_str().unwrap();
    let session = fake.create_session(id);
    assert_eq!(
        api.post_empty(&format!("/v1/users/{id}/ban")).await.json()["banned"],
        true
    );
    let sid = session["id"].as_str().unwrap();
    assert_eq!(
        fake.session(sid).unwrap()["status"],
        "revoked",
        "ban signs the user out"
    );
    assert_eq!(
        api.post_empty(&format!("/v1/users/{id}/unban"))
            .await
            .json()["banned"],
        false
    );
    assert_eq!(
        api.post_empty(&format!("/v1/users/{id}/lock")).await.json()["locked"],
        true
    );
    assert_eq!(
        api.post_empty(&format!("/v1/users/{id}/unlock"))
            .await
            .json()["locked"],
        false
    );
    assert_eq!(api.post_empty("/v1/users/user_nope/ban").await.status, 404);

    let ok = api
        .post(
            &format!("/v1/users/{id}/verify_password"),
            json!({"password": "hunter2hunter2"}),
        )
        .await;
    assert_eq!(ok.json(), json!({"verified": true}));
    let wrong = api
        .post(
            &format!("/v1/users/{id}/verify_password"),
            json!({"password": "nope"}),
        )
        .await;
    assert_clerk_error(&wrong, 422, "incorrect_password");
    let missing = api
        .post(&format!("/v1/users/{id}/verify_password"), json!({}))
        .await;
    assert_clerk_error(&missing, 422, "form_param_missing");
    let nopw = fake.create_user(json!({}));
    let nopw = api
        .post(
            &format!("/v1/users/{}/verify_password", nopw["id"].as_str().unwrap()),
            json!({"password": "x"}),
        )
        .await;
    assert_eq!(nopw.status, 400);
}

#[tokio::test]
async fn sessions_clients_and_tokens() {
    let (fake, api) = setup().await;
    let user = fake.create_user(json!({"email_address": ["s@example.com"], "first_name": "Sam", "public_metadata": {"role": "ops"}}));
    let uid = user["id"].as_str().unwrap();

    let created = api.post("/v1/sessions", json!({"user_id": uid})).await;
    assert_eq!(created.status, 200, "{}", created.text);
    let session = created.json();
    let sid = session["id"].as_str().unwrap();
    assert!(sid.starts_with("sess_"));
    assert_eq!(session["status"], "active");
    let cid = session["client_id"].as_str().unwrap();
    assert!(cid.starts_with("client_"));
    assert!(session["expire_at"].as_i64() > session["created_at"].as_i64());
    assert_clerk_error(
        &api.post("/v1/sessions", json!({})).await,
        422,
        "form_param_missing",
    );
    assert_clerk_error(
        &api.post("/v1/sessions", json!({"user_id": "user_missing"}))
            .await,
        404,
        "resource_not_found",
    );

    let client = api.get(&format!("/v1/clients/{cid}")).await.json();
    assert_eq!(client["last_active_session_id"], sid);
    assert_eq!(client["session_ids"], json!([sid]));
    assert_eq!(client["sessions"][0], session);
    assert_eq!(
        api.get(&format!("/v1/sessions/{sid}")).await.json(),
        session
    );

    // A second session for the same user.
    let s2 = fake.create_session(uid);
    let s2id = s2["id"].as_str().unwrap();
    let listed = api.get(&format!("/v1/sessions?user_id={uid}")).await.json();
    assert_eq!(ids(&listed), [s2id, sid]);
    assert_eq!(
        ids(&api
            .get(&format!("/v1/sessions?client_id={cid}"))
            .await
            .json()),
        [sid]
    );
    assert_eq!(
        ids(&api.get("/v1/sessions?limit=1&offset=1").await.json()),
        [sid]
    );
    let paginated = api.get("/v1/sessions?paginated=true&limit=1").await.json();
    assert_eq!(paginated["total_count"], 2);
    assert_eq!(paginated["data"].as_array().unwrap().len(), 1);
    assert_eq!(api.get("/v1/sessions?status=bogus").await.status, 422);

    // Tokens.
    let jwks = api.get("/v1/jwks").await.json();
    assert_eq!(jwks, fake.jwks_json());
    assert_eq!(jwks["keys"][0]["e"], "AQAB");
    let tok = api
        .post_empty(&format!("/v1/sessions/{sid}/tokens"))
        .await
        .json();
    assert_eq!(tok["object"], "token");
    let (header, claims) = verify_jwt(tok["jwt"].as_str().unwrap(), &jwks);
    assert_eq!(
        header,
        json!({"alg": "RS256", "kid": fake.kid(), "typ": "JWT"})
    );
    assert_eq!(claims["sub"], uid);
    assert_eq!(claims["sid"], sid);
    assert_eq!(claims["iss"], fake.issuer());
    assert_eq!(claims["v"], 2);
    assert_eq!(claims["sts"], "active");
    let iat = claims["iat"].as_i64().unwrap();
    assert_eq!(claims["nbf"].as_i64().unwrap(), iat - 10);
    assert_eq!(claims["exp"].as_i64().unwrap(), iat + 60);
    let long = api
        .post(
            &format!("/v1/sessions/{sid}/tokens"),
            json!({"expires_in_seconds": 3600}),
        )
        .await
        .json();
    let (_, claims) = verify_jwt(long["jwt"].as_str().unwrap(), &jwks);
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        3600
    );
    assert_eq!(
        api.post(
            &format!("/v1/sessions/{sid}/tokens"),
            json!({"expires_in_seconds": 5})
        )
        .await
        .status,
        422
    );
    let (_, helper_claims) = verify_jwt(&fake.session_token(sid), &jwks);
    assert_eq!(helper_claims["sid"], sid);
    let with_azp = fake
        .try_session_token(sid, Some(120), &json!({"azp": "https://app.example"}))
        .unwrap();
    let (_, c) = verify_jwt(&with_azp, &jwks);
    assert_eq!(c["azp"], "https://app.example");

    // Template tokens.
    fake.add_jwt_template(
        "hasura",
        json!({"aud": "hasura", "email": "{{user.primary_email_address}}", "role": "{{user.public_metadata.role}}", "greeting": "hi {{user.first_name}}"}),
    );
    let t = api
        .post_empty(&format!("/v1/sessions/{sid}/tokens/hasura"))
        .await;
    assert_eq!(t.status, 200, "{}", t.text);
    let (_, tc) = verify_jwt(t.json()["jwt"].as_str().unwrap(), &jwks);
    assert_eq!(tc["aud"], "hasura");
    assert_eq!(tc["email"], "s@example.com");
    assert_eq!(tc["role"], "ops");
    assert_eq!(tc["greeting"], "hi Sam");
    assert_eq!(tc["sub"], uid);
    assert_clerk_error(
        &api.post_empty(&format!("/v1/sessions/{sid}/tokens/nope"))
            .await,
        404,
        "resource_not_found",
    );

    // Clients verify.
    let token = fake.client_token(cid).unwrap();
    let verified = api
        .post("/v1/clients/verify", json!({"token": token}))
        .await;
    assert_eq!(verified.json()["id"], cid);
    assert_eq!(
        api.post("/v1/clients/verify", json!({"token": "bogus"}))
            .await
            .status,
        404
    );
    assert_eq!(api.post("/v1/clients/verify", json!({})).await.status, 400);

    // Revoke.
    let revoked = api
        .post_empty(&format!("/v1/sessions/{sid}/revoke"))
        .await
        .json();
    assert_eq!(revoked["status"], "revoked");
    let after = api.post_empty(&format!("/v1/sessions/{sid}/tokens")).await;
    assert!(after.status >= 400 && after.status < 500);
    assert!(fake.try_session_token(sid, None, &Value::Null).is_err());
    assert_eq!(
        fake.client(cid).unwrap()["last_active_session_id"],
        Value::Null
    );
    assert_eq!(
        ids(&api.get("/v1/sessions?status=revoked").await.json()),
        [sid]
    );
    assert_clerk_error(
        &api.get("/v1/sessions/sess_nope").await,
        404,
        "resource_not_found",
    );
    assert_clerk_error(
        &api.get("/v1/clients/client_nope").await,
        404,
        "resource_not_found",
    );
}

#[tokio::test]
async fn legacy_endpoints_seed_mode() {
    let (fake, api) = setup().await;
    assert_eq!(fake.legacy_endpoints(), LegacyEndpoints::Seed);
    let user = fake.create_user(json!({"email_address": ["m@example.com"]}));
    let uid = user["id"].as_str().unwrap();
    let s1 = fake.create_session(uid);
    let s2 = fake.create_session(uid);
    let clients = api.get("/v1/clients").await.json();
    assert_eq!(
        ids(&clients),
        [
            s2["client_id"].as_str().unwrap(),
            s1["client_id"].as_str().unwrap()
        ]
    );
    let paged = api.get("/v1/clients?paginated=true&limit=1").await.json();
    assert_eq!(paged["total_count"], 2);

    let sid = s1["id"].as_str().unwrap();
    let token = fake
        .client_token(s1["client_id"].as_str().unwrap())
        .unwrap();
    let other = fake
        .client_token(s2["client_id"].as_str().unwrap())
        .unwrap();
    let ok = api
        .post(
            &format!("/v1/sessions/{sid}/verify"),
            json!({"token": token}),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert_eq!(ok.json()["id"], sid);
    assert_eq!(
        api.post(
            &format!("/v1/sessions/{sid}/verify"),
            json!({"token": other})
        )
        .await
        .status,
        404
    );
    assert_eq!(
        api.post(&format!("/v1/sessions/{sid}/verify"), json!({}))
            .await
            .status,
        422
    );

    let email = api
        .post(
            "/v1/emails",
            json!({"from_email_name": "support", "subject": "Hi", "body": "Hello", "email_address_id": user["primary_email_address_id"]}),
        )
        .await;
    assert_eq!(email.status, 200, "{}", email.text);
    let email = email.json();
    assert_eq!(email["object"], "email");
    assert!(email["id"].as_str().unwrap().starts_with("ema_"));
    assert_eq!(email["to_email_address"], "m@example.com");
    assert_eq!(email["status"], "queued");
    assert_eq!(email["delivered_by_clerk"], true);
    assert_eq!(fake.sent_emails(), vec![email]);
    assert_eq!(
        api.post("/v1/emails", json!({"from_email_name": "a", "subject": "b", "body": "c", "email_address_id": "idn_nope"})).await.status,
        404
    );
    assert_clerk_error(
        &api.post("/v1/emails", json!({"subject": "b"})).await,
        422,
        "form_param_missing",
    );
}

#[tokio::test]
async fn legacy_endpoints_current_mode() {
    let fake = FakeClerk::builder()
        .legacy_endpoints(LegacyEndpoints::Current)
        .start()
        .await;
    let api = Api::new(&fake);
    let user = fake.create_user(json!({"email_address": ["m@example.com"]}));
    let s = fake.create_session(user["id"].as_str().unwrap());
    let token = fake.client_token(s["client_id"].as_str().unwrap()).unwrap();
    assert_clerk_error(&api.get("/v1/clients").await, 410, "deprecated_endpoint");
    assert_eq!(
        api.post(
            &format!("/v1/sessions/{}/verify", s["id"].as_str().unwrap()),
            json!({"token": token})
        )
        .await
        .status,
        410
    );
    let email = api
        .post(
            "/v1/emails",
            json!({"from_email_name": "a", "subject": "b", "body": "c", "email_address_id": user["primary_email_address_id"]}),
        )
        .await;
    assert_eq!(email.status, 403);
    // Still-current endpoints keep working, and the mode can be switched back.
    assert_eq!(
        api.post("/v1/clients/verify", json!({"token": token}))
            .await
            .status,
        200
    );
    fake.set_legacy_endpoints(LegacyEndpoints::Seed);
    assert_eq!(api.get("/v1/clients").await.status, 200);
}

#[tokio::test]
async fn unknown_paths_and_unmodelled_operations() {
    let (_fake, api) = setup().await;
    assert_clerk_error(
        &api.get("/v1/definitely/not/a/path").await,
        404,
        "resource_not_found",
    );
    assert_clerk_error(&api.get("/nope").await, 404, "resource_not_found");
    let unmodelled = api
        .get("/v1/organizations/org_1/billing/subscription")
        .await;
    assert_clerk_error(&unmodelled, 501, "not_implemented");
    assert_eq!(
        unmodelled.json()["errors"][0]["meta"]["operation_id"],
        "GetOrganizationBillingSubscription"
    );
}

#[tokio::test]
async fn test_mocks_win_over_clerk_and_the_journal_records() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, ResponseTemplate};
    let (fake, api) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/users"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(fake.mock_server())
        .await;
    let limited = api.get("/v1/users").await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.header("retry-after"), Some("1"));
    assert_eq!(api.get("/v1/users").await.status, 200);
    let journal = fake.received_requests().await;
    assert_eq!(journal.len(), 2);
    assert_eq!(journal[0].url.path(), "/v1/users");

    fake.create_user(json!({}));
    fake.reset();
    assert_eq!(api.get("/v1/users").await.json(), json!([]));
    fake.reset_all().await;
    assert!(fake.received_requests().await.is_empty());
    assert_eq!(api.get("/v1/users/count").await.json()["total_count"], 0);
}

#[tokio::test(flavor = "current_thread")]
async fn runs_on_a_current_thread_runtime() {
    let (fake, api) = setup().await;
    let u = api.post("/v1/users", json!({"first_name": "Cur"})).await;
    assert_eq!(u.status, 200);
    let s = api
        .post("/v1/sessions", json!({"user_id": u.json()["id"]}))
        .await
        .json();
    let t = api
        .post_empty(&format!(
            "/v1/sessions/{}/tokens",
            s["id"].as_str().unwrap()
        ))
        .await
        .json();
    verify_jwt(t["jwt"].as_str().unwrap(), &fake.jwks_json());
}

#[tokio::test]
async fn ids_are_unique_under_concurrency() {
    let (_fake, api) = setup().await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            api.post("/v1/users", json!({"username": format!("user{i}")}))
                .await
                .json()["id"]
                .as_str()
                .unwrap()
                .to_string()
        }));
    }
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.unwrap());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 40);
    assert_eq!(api.get("/v1/users/count").await.json()["total_count"], 40);
}

#[test]
fn public_key_pem_matches_the_jwks() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let fake = rt.block_on(FakeClerk::start());
    let pem = fake.public_key_pem();
    assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----"));
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).unwrap();
    let n = base64::Engine::decode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        fake.jwks_json()["keys"][0]["n"].as_str().unwrap(),
    )
    .unwrap();
    assert_eq!(n.len(), 256);
    assert!(
        der.windows(n.len()).any(|w| w == n.as_slice()),
        "SPKI holds the JWKS modulus"
    );
    // A token signed by the helper verifies with the SPKI key through ring.
    let jwt = fake.sign_jwt(&json!({"sub": "user_x"}));
    let (_, claims) = verify_jwt(&jwt, &fake.jwks_json());
    assert_eq!(claims["sub"], "user_x");
}
