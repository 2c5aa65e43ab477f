//! Every sub-API method of clerk-core, end to end against the fake Clerk, over both transports.

use std::time::Duration;

use clerk_core::resources::clients::ListClients;
use clerk_core::resources::common::OrderBy;
use clerk_core::resources::emails::CreateEmail;
use clerk_core::resources::sessions::{
    CreateSession, CreateSessionToken, ListSessions, SessionStatus,
};
use clerk_core::resources::users::{CreateUser, ListUsers, UpdateUser, UserFilter, UserMetadata};
use clerk_core::{Clerk, ErrorKind, RetryPolicy, Transport};
use clerk_testing::{FakeClerk, LegacyEndpoints};
use serde_json::{Value, json};

fn client(fake: &FakeClerk, transport: impl Transport) -> Clerk {
    Clerk::builder()
        .environment(clerk_core::Environment::from_pairs::<_, String, String>([]))
        .secret_key(fake.secret_key())
        .api_url(fake.api_url())
        .retry_policy(RetryPolicy::disabled())
        .transport(transport)
        .build()
        .expect("a valid client")
}

fn reqwest(fake: &FakeClerk) -> Clerk {
    client(fake, clerk_http_reqwest::ReqwestTransport::new())
}

fn hyper(fake: &FakeClerk) -> Clerk {
    client(fake, clerk_http_hyper::HyperTransport::new())
}

/// Decodes a JWT payload without verifying it (the fake's own tests verify signatures).
fn claims(jwt: &str) -> Value {
    use base64::Engine;
    let payload = jwt.split('.').nth(1).expect("three parts");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

/// The user lifecycle: create, get, list with filters and order, count, update, metadata,
/// ban/unban, lock/unlock, verify_password, delete.
async fn users_lifecycle(clerk: Clerk) {
    let users = clerk.users();
    let ada = users
        .create(
            &CreateUser::new()
                .email_address("ada@example.com")
                .first_name("Ada")
                .last_name("Lovelace")
                .username("ada")
                .password("correct horse battery")
                .public_metadata(json!({"plan": "pro", "camelCaseKey": 1})),
        )
        .await
        .unwrap();
    assert_eq!(ada.primary_email_address(), Some("ada@example.com"));
    assert_eq!(
        ada.public_metadata["camelCaseKey"], 1,
        "metadata keys are never renamed"
    );
    let grace = users
        .create(
            &CreateUser::new()
                .email_address("grace@example.com")
                .first_name("Grace"),
        )
        .await
        .unwrap();

    assert_eq!(
        users.get(&ada.id).await.unwrap().username.as_deref(),
        Some("ada")
    );

    let by_email = users
        .list(
            &ListUsers::new()
                .email_address("grace@example.com")
                .email_address("nobody@x.io"),
        )
        .await
        .unwrap();
    assert_eq!(
        by_email.iter().map(|u| &u.id).collect::<Vec<_>>(),
        vec![&grace.id]
    );

    let oldest_first = users
        .list(
            &ListUsers::new()
                .order_by(OrderBy::asc("created_at"))
                .limit(1),
        )
        .await
        .unwrap();
    assert_eq!(oldest_first[0].id, ada.id);
    let second_page = users
        .list(
            &ListUsers::new()
                .order_by(OrderBy::asc("created_at"))
                .limit(1)
                .offset(1),
        )
        .await
        .unwrap();
    assert_eq!(second_page[0].id, grace.id);
    let newest_first = users.list(&ListUsers::new()).await.unwrap();
    assert_eq!(newest_first[0].id, grace.id, "default order is -created_at");
    let after = users
        .list(&ListUsers::new().starting_after(grace.id.clone()))
        .await
        .unwrap();
    assert_eq!(
        after.iter().map(|u| &u.id).collect::<Vec<_>>(),
        vec![&ada.id]
    );

    assert_eq!(
        users.count(&UserFilter::new()).await.unwrap().total_count,
        2
    );
    assert_eq!(
        users
            .count(&UserFilter::new().query("lovelace"))
            .await
            .unwrap()
            .total_count,
        1
    );

    let renamed = users
        .update(&ada.id, &UpdateUser::new().first_name("Augusta"))
        .await
        .unwrap();
    assert_eq!(renamed.first_name.as_deref(), Some("Augusta"));

    let merged = users
        .update_metadata(
            &ada.id,
            &UserMetadata::new().public_metadata(json!({"seats": 3, "plan": null})),
        )
        .await
        .unwrap();
    assert_eq!(
        merged.public_metadata,
        json!({"camelCaseKey": 1, "seats": 3})
    );
    let replaced = users
        .replace_metadata(
            &ada.id,
            &UserMetadata::new().public_metadata(json!({"only": true})),
        )
        .await
        .unwrap();
    assert_eq!(replaced.public_metadata, json!({"only": true}));

    assert!(users.ban(&grace.id).await.unwrap().banned);
    assert_eq!(
        users
            .count(&UserFilter::new().banned(true))
            .await
            .unwrap()
            .total_count,
        1
    );
    assert!(!users.unban(&grace.id).await.unwrap().banned);
    assert!(users.lock(&grace.id).await.unwrap().locked);
    assert!(!users.unlock(&grace.id).await.unwrap().locked);

    assert!(
        users
            .verify_password(&ada.id, "correct horse battery")
            .await
            .unwrap()
            .verified
    );
    let wrong = users.verify_password(&ada.id, "wrong").await.unwrap_err();
    assert!(
        wrong.as_api().unwrap().has_code("incorrect_password"),
        "{wrong}"
    );

    let deleted = users.delete(&grace.id).await.unwrap();
    assert!(deleted.deleted);
    assert_eq!(deleted.id.as_deref(), Some(grace.id.as_str()));
    assert!(users.get(&grace.id).await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn users_lifecycle_over_reqwest() {
    let fake = FakeClerk::start().await;
    users_lifecycle(reqwest(&fake)).await;
}

#[tokio::test]
async fn users_lifecycle_over_hyper() {
    let fake = FakeClerk::start().await;
    users_lifecycle(hyper(&fake)).await;
}

/// Sessions and clients: create, list with filters, get, tokens, template tokens, revoke,
/// clients().get and verify_client, and the seed's multi-session flows.
#[allow(deprecated)]
async fn sessions_and_clients(fake: &FakeClerk, clerk: Clerk) {
    let user = clerk
        .users()
        .create(&CreateUser::new().email_address("s@example.com"))
        .await
        .unwrap();
    let sessions = clerk.sessions();
    let first = sessions
        .create(&CreateSession::new(user.id.clone()))
        .await
        .unwrap();
    let second = sessions
        .create(&CreateSession::new(user.id.clone()))
        .await
        .unwrap();
    assert_eq!(first.status, SessionStatus::Active);

    let listed = sessions
        .list(
            &ListSessions::new()
                .user_id(user.id.clone())
                .status(SessionStatus::Active),
        )
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    let by_client = sessions
        .list(&ListSessions::new().client_id(first.client_id.clone()))
        .await
        .unwrap();
    assert_eq!(
        by_client.iter().map(|s| &s.id).collect::<Vec<_>>(),
        vec![&first.id]
    );
    assert_eq!(sessions.get(&second.id).await.unwrap().user_id, user.id);

    let token = sessions
        .create_token(&first.id, &CreateSessionToken::new())
        .await
        .unwrap();
    let c = claims(&token.jwt);
    assert_eq!(
        (c["sub"].as_str(), c["sid"].as_str()),
        (Some(user.id.as_str()), Some(first.id.as_str()))
    );
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 60);
    let long = sessions
        .create_token(
            &first.id,
            &CreateSessionToken::new().expires_in_seconds(600),
        )
        .await
        .unwrap();
    let c = claims(&long.jwt);
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 600);

    fake.add_jwt_template(
        "backend",
        json!({"email": "{{user.primary_email_address}}"}),
    );
    let templated = sessions
        .create_token_from_template(&first.id, "backend", &CreateSessionToken::new())
        .await
        .unwrap();
    assert_eq!(claims(&templated.jwt)["email"], "s@example.com");
    let missing = sessions
        .create_token_from_template(&first.id, "no such template", &CreateSessionToken::new())
        .await
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing}");

    // The seed's manual flows: a particular session, then the last active one.
    let client_token = fake
        .client_token(&second.client_id)
        .expect("a client token");
    let verified = sessions
        .verify_session(&second.id, &client_token)
        .await
        .unwrap();
    assert_eq!(verified.id, second.id);
    let client = clerk.clients().verify_client(&client_token).await.unwrap();
    assert_eq!(
        client.last_active_session_id.as_deref(),
        Some(second.id.as_str())
    );
    let got = clerk.clients().get(&client.id).await.unwrap();
    assert_eq!(got.session_ids, vec![second.id.clone()]);
    let all = clerk
        .clients()
        .list(&ListClients::new().limit(10))
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert!(clerk.clients().verify_client("not-a-token").await.is_err());

    let revoked = sessions.revoke(&first.id).await.unwrap();
    assert_eq!(revoked.status, SessionStatus::Revoked);
    let refused = sessions
        .create_token(&first.id, &CreateSessionToken::new())
        .await;
    assert!(refused.is_err(), "a revoked session gets no token");
}

#[tokio::test]
async fn sessions_and_clients_over_reqwest() {
    let fake = FakeClerk::start().await;
    sessions_and_clients(&fake, reqwest(&fake)).await;
}

#[tokio::test]
async fn sessions_and_clients_over_hyper() {
    let fake = FakeClerk::start().await;
    sessions_and_clients(&fake, hyper(&fake)).await;
}

#[tokio::test]
#[allow(deprecated)]
async fn legacy_endpoints_work_as_in_the_seed_and_fail_clearly_today() {
    let fake = FakeClerk::start().await;
    let clerk = reqwest(&fake);
    let user = fake.create_user(json!({"email_address": ["mail@example.com"]}));
    let email_address_id = user["email_addresses"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let session = fake.create_session(user["id"].as_str().unwrap());
    let session_id = session["id"].as_str().unwrap();
    let token = fake
        .client_token(session["client_id"].as_str().unwrap())
        .unwrap();

    let welcome = CreateEmail::new("support", &email_address_id, "Hi", "Welcome");
    let email = clerk.emails().create_email(&welcome).await.unwrap();
    assert_eq!(email.to_email_address.as_deref(), Some("mail@example.com"));
    assert_eq!(email.subject.as_deref(), Some("Hi"));

    fake.set_legacy_endpoints(LegacyEndpoints::Current);
    let gone = clerk.emails().create_email(&welcome).await.unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(403));
    let gone = clerk
        .sessions()
        .verify_session(session_id, &token)
        .await
        .unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(410));
    let gone = clerk.clients().list(&ListClients::new()).await.unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(410));
    assert!(gone.as_api().unwrap().trace_id().is_some());
}

#[tokio::test]
async fn api_errors_carry_clerks_codes_meta_and_trace_id() {
    let fake = FakeClerk::start().await;
    let clerk = reqwest(&fake);
    clerk
        .users()
        .create(&CreateUser::new().email_address("dup@example.com"))
        .await
        .unwrap();
    let err = clerk
        .users()
        .create(&CreateUser::new().email_address("dup@example.com"))
        .await
        .unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status(), 422);
    assert!(api.has_code("form_identifier_exists"), "{err}");
    assert_eq!(
        api.errors()[0].meta.as_ref().unwrap()["param_name"],
        "email_address"
    );
    assert!(api.trace_id().is_some());

    let out_of_range = clerk
        .users()
        .list(&ListUsers::new().limit(501))
        .await
        .unwrap_err();
    assert_eq!(out_of_range.status().map(|s| s.as_u16()), Some(422));

    clerk.set_secret_key("sk_test_wrong").unwrap();
    let err = clerk.users().list(&ListUsers::new()).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert!(!err.to_string().contains("sk_test_wrong"));
}

#[tokio::test]
async fn a_sub_api_handle_follows_the_setters_of_its_client() {
    let fake = FakeClerk::start().await;
    let other = FakeClerk::builder()
        .secret_key("sk_test_other")
        .start()
        .await;
    other.create_user(json!({"email_address": ["only-on-other@example.com"]}));

    let clerk = reqwest(&fake);
    let users = clerk.users();
    assert_eq!(
        users.count(&UserFilter::new()).await.unwrap().total_count,
        0
    );

    clerk.set_api_url(other.api_url()).unwrap();
    assert_eq!(
        users
            .count(&UserFilter::new())
            .await
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(401),
        "the old key is refused by the other instance"
    );
    clerk.set_secret_key(other.secret_key()).unwrap();
    assert_eq!(
        users.count(&UserFilter::new()).await.unwrap().total_count,
        1
    );
}

#[tokio::test]
async fn retries_recover_from_injected_429_and_503_and_count_attempts() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, ResponseTemplate};

    let fake = FakeClerk::start().await;
    fake.create_user(json!({"email_address": ["r@example.com"]}));
    Mock::given(method("GET"))
        .and(path("/v1/users/count"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_json(json!({"errors": [{"code": "too_many_requests", "message": "slow down", "long_message": "slow down"}]})),
        )
        .up_to_n_times(1)
        .mount(fake.mock_server())
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/users/count"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(fake.mock_server())
        .await;

    let clerk = reqwest(&fake);
    clerk.set_retry_policy(
        RetryPolicy::default()
            .initial_backoff(Duration::from_millis(1))
            .max_backoff(Duration::from_millis(2)),
    );
    let count = clerk.users().count(&UserFilter::new()).await.unwrap();
    assert_eq!(count.total_count, 1);
    let attempts = fake
        .received_requests()
        .await
        .iter()
        .filter(|r| r.url.path() == "/v1/users/count")
        .count();
    assert_eq!(attempts, 3, "429, then 503, then the fake's answer");
}

#[tokio::test]
async fn a_server_that_is_gone_is_a_connect_error_after_retries() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let clerk = Clerk::builder()
        .secret_key("sk_test_x")
        .api_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(
            RetryPolicy::default()
                .max_retries(2)
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(2)),
        )
        .transport(clerk_http_reqwest::ReqwestTransport::new())
        .build()
        .unwrap();
    let err = clerk.users().get("user_1").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert!(err.as_transport().unwrap().is_connect(), "{err:?}");
}

#[tokio::test]
async fn every_request_body_the_sdk_sent_conforms_to_the_spec() {
    let spec = clerk_testing::spec::Spec::shared().expect("the spec (CLERK_BAPI_SPEC)");
    let fake = FakeClerk::start().await;
    let clerk = reqwest(&fake);
    users_lifecycle(clerk.clone()).await;
    sessions_and_clients(&fake, clerk).await;

    let mut checked = 0;
    for request in fake.received_requests().await {
        let method = request.method.as_str();
        let path = request.url.path();
        if spec.find_operation(method, path).is_none() {
            continue; // legacy endpoints the spec no longer lists
        }
        let body: Option<Value> = if request.body.is_empty() {
            None
        } else {
            Some(serde_json::from_slice(&request.body).expect("JSON body"))
        };
        let violations = spec
            .validate_request_body(method, path, body.as_ref())
            .unwrap();
        assert!(violations.is_empty(), "{method} {path}: {violations:?}");
        checked += 1;
    }
    assert!(checked > 30, "only {checked} requests checked");
    println!("{checked} requests validated against the spec, 0 violations");
}

#[tokio::test]
async fn an_operation_the_fake_does_not_model_is_a_clear_501_naming_it() {
    use clerk_core::resources::sessions::RefreshSession;

    let fake = FakeClerk::start().await;
    let clerk = reqwest(&fake);
    let user = fake.create_user(json!({"email_address": ["refresh@example.com"]}));
    let session = fake.create_session(user["id"].as_str().unwrap());
    let err = clerk
        .sessions()
        .refresh(
            session["id"].as_str().unwrap(),
            &RefreshSession::new(
                "expired.jwt.token",
                "refresh-token",
                "https://app.example.com",
            ),
        )
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(501));
    assert!(err.to_string().contains("RefreshSession"), "{err}");
}
