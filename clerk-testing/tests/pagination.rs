//! `PageRequest::stream` walks every page of a list endpoint of the stateful fake: every item
//! once, in the server's order, one request per page, and the first error ends the walk.

use std::collections::HashSet;

use clerk_core::resources::users::{ListUsers, User};
use clerk_core::{Clerk, Environment, RetryPolicy};
use clerk_testing::FakeClerk;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

fn client(fake: &FakeClerk) -> Clerk {
    Clerk::builder()
        .environment(Environment::from_pairs::<_, String, String>([]))
        .secret_key(fake.secret_key())
        .api_url(fake.api_url())
        .retry_policy(RetryPolicy::disabled())
        .transport(clerk_http_reqwest::ReqwestTransport::new())
        .build()
        .expect("a valid client")
}

/// Creates `n` users through the fake's helpers (no HTTP) and returns their ids in the order
/// `GET /users` lists them by default: newest first (`-created_at`, ties by creation order).
fn seed_users(fake: &FakeClerk, n: usize) -> Vec<String> {
    let mut ids: Vec<String> = (0..n)
        .map(|i| {
            // No identifiers: the fake checks their uniqueness against every user.
            let user = fake.create_user(json!({ "first_name": format!("User {i}") }));
            user["id"].as_str().expect("a user id").to_string()
        })
        .collect();
    ids.reverse();
    ids
}

/// `(limit, offset)` of every `GET /v1/users` the fake received, in order.
async fn list_requests(fake: &FakeClerk) -> Vec<(String, String)> {
    fake.received_requests()
        .await
        .iter()
        .filter(|r| r.method.as_str() == "GET" && r.url.path() == "/v1/users")
        .map(|r| {
            let get = |key: &str| {
                r.url
                    .query_pairs()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            };
            (get("limit"), get("offset"))
        })
        .collect()
}

fn ids(users: &[User]) -> Vec<String> {
    users.iter().map(|u| u.id.clone()).collect()
}

/// The `(limit, offset)` pairs of a walk over `pages` pages of `limit` items from `start`.
fn walk(limit: u32, start: u32, pages: u32) -> Vec<(String, String)> {
    (0..pages)
        .map(|i| (limit.to_string(), (start + i * limit).to_string()))
        .collect()
}

#[tokio::test]
async fn a_stream_walks_ten_thousand_users_one_page_at_a_time() {
    let fake = FakeClerk::start().await;
    let expected = seed_users(&fake, 10_000);
    let clerk = client(&fake);

    let users = clerk
        .users()
        .list(&ListUsers::new())
        .stream()
        .try_collect()
        .await
        .expect("every page");
    let got = ids(&users);
    assert_eq!(got.len(), 10_000);
    assert_eq!(
        got.iter().collect::<HashSet<_>>().len(),
        10_000,
        "ids are unique"
    );
    assert!(got == expected, "the stream follows the server's order");
    // 100 full pages of the default size, then an empty one that ends the walk.
    assert_eq!(list_requests(&fake).await, walk(100, 0, 101));

    // The largest page Clerk allows takes 21 requests.
    let users = clerk
        .users()
        .list(&ListUsers::new().limit(500))
        .stream()
        .try_collect()
        .await
        .expect("every page");
    assert!(ids(&users) == expected);
    assert_eq!(list_requests(&fake).await[101..], walk(500, 0, 21));
}

#[tokio::test]
async fn a_small_page_size_crosses_page_boundaries() {
    let fake = FakeClerk::start().await;
    let expected = seed_users(&fake, 23);
    let clerk = client(&fake);

    let mut stream = clerk.users().list(&ListUsers::new().limit(7)).stream();
    let mut got = Vec::new();
    while let Some(user) = stream.next().await {
        got.push(user.expect("a user").id);
    }
    assert_eq!(got, expected);
    // 7 + 7 + 7 + 2: the short page ends the walk.
    assert_eq!(list_requests(&fake).await, walk(7, 0, 4));
    assert!(
        stream.next().await.is_none(),
        "a finished stream stays finished"
    );

    // Starting at an offset, on a page boundary at the end: 7 + 7 + 0.
    let users = clerk
        .users()
        .list(&ListUsers::new().limit(7).offset(9))
        .stream()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(ids(&users), expected[9..]);
    assert_eq!(list_requests(&fake).await[4..], walk(7, 9, 3));
}

#[tokio::test]
async fn an_error_on_the_second_page_ends_the_stream_after_the_first() {
    let fake = FakeClerk::start().await;
    let expected = seed_users(&fake, 25);
    let clerk = client(&fake);
    Mock::given(method("GET"))
        .and(path("/v1/users"))
        .and(query_param("offset", "10"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({
            "errors": [{"code": "internal_clerk_error", "message": "Oops", "long_message": "Oops"}],
            "clerk_trace_id": "trace_page_2",
        })))
        .with_priority(1)
        .mount(fake.mock_server())
        .await;

    let mut stream = clerk.users().list(&ListUsers::new().limit(10)).stream();
    let mut got = Vec::new();
    let error = loop {
        match stream.next().await {
            Some(Ok(user)) => got.push(user.id),
            Some(Err(e)) => break e,
            None => panic!("the stream ended without the error"),
        }
    };
    assert_eq!(got, expected[..10]);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    let api = error.as_api().expect("an API error");
    assert!(api.has_code("internal_clerk_error"));
    assert_eq!(api.trace_id(), Some("trace_page_2"));
    assert!(stream.next().await.is_none(), "nothing after the error");
    assert!(stream.next().await.is_none());
    assert_eq!(
        list_requests(&fake).await,
        walk(10, 0, 2),
        "no page after the error"
    );

    // `try_collect` stops at the same error.
    let all = clerk
        .users()
        .list(&ListUsers::new().limit(10))
        .stream()
        .try_collect()
        .await;
    assert_eq!(
        all.map(|u| u.len())
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(500)
    );
}
