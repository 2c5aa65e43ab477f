//! The client's options, setters, errors, retries and logging, over a scripted transport.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use clerk_core::{ApiRequest, Clerk, Environment, ErrorKind, HttpOptions, RetryPolicy};
use serde_json::Value;
use support::{Answer, Script};

const COUNT: &str = r#"{"object":"total_count","total_count":3}"#;
const CLIENT: &str = r#"{"object":"client","id":"client_1","session_ids":[],"sessions":[],"sign_in_id":null,"sign_up_id":null,"last_active_session_id":null,"last_authentication_strategy":null,"updated_at":1,"created_at":1}"#;

async fn count(clerk: &Clerk) -> clerk_core::Result<Value> {
    clerk.send(ApiRequest::get("/users/count")).await
}

fn env(pairs: &[(&str, &str)]) -> Environment {
    Environment::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

// ---- option resolution: explicit > environment > default, for every option ----

#[tokio::test]
async fn defaults_apply_when_neither_option_nor_environment_is_set() {
    let script = Script::ok(COUNT);
    let clerk = script.builder().secret_key("sk_test_a").build().unwrap();
    assert_eq!(clerk.api_url(), "https://api.clerk.com");
    assert_eq!(clerk.api_version(), "v1");
    assert!(!clerk.logging());
    assert_eq!(clerk.http_options(), HttpOptions::default());
    count(&clerk).await.unwrap();
    assert_eq!(script.last_uri(), "https://api.clerk.com/v1/users/count");
}

#[tokio::test]
async fn environment_wins_over_defaults_for_every_option() {
    let script = Script::ok(COUNT);
    let clerk = script
        .builder()
        .environment(env(&[
            ("CLERK_SECRET_KEY", "sk_test_from_env"),
            ("CLERK_API_URL", "http://env.clerk.test/"),
            ("CLERK_API_VERSION", "v2"),
            ("CLERK_LOGGING", "true"),
        ]))
        .build()
        .unwrap();
    assert!(clerk.logging());
    count(&clerk).await.unwrap();
    assert_eq!(script.last_uri(), "http://env.clerk.test/v2/users/count");
    assert_eq!(
        script.last_header("authorization").as_deref(),
        Some("Bearer sk_test_from_env")
    );
}

#[tokio::test]
async fn explicit_options_win_over_the_environment_for_every_option() {
    let script = Script::ok(COUNT);
    let clerk = script
        .builder()
        .environment(env(&[
            ("CLERK_SECRET_KEY", "sk_test_from_env"),
            ("CLERK_API_URL", "http://env.clerk.test"),
            ("CLERK_API_VERSION", "v2"),
            ("CLERK_LOGGING", "true"),
        ]))
        .secret_key("sk_test_explicit")
        .api_url("http://explicit.clerk.test")
        .api_version("v3")
        .logging(false)
        .http_options(HttpOptions::new().timeout(Duration::from_secs(2)))
        .build()
        .unwrap();
    assert!(!clerk.logging());
    count(&clerk).await.unwrap();
    assert_eq!(
        script.last_uri(),
        "http://explicit.clerk.test/v3/users/count"
    );
    assert_eq!(
        script.last_header("authorization").as_deref(),
        Some("Bearer sk_test_explicit")
    );
    let timeout = script.requests()[0]
        .extensions()
        .get::<clerk_core::transport::RequestTimeout>()
        .copied();
    assert_eq!(
        timeout,
        Some(clerk_core::transport::RequestTimeout(Duration::from_secs(
            2
        )))
    );
}

#[test]
fn malformed_environment_values_are_typed_errors_naming_the_variable() {
    for (var, value) in [
        ("CLERK_API_URL", "api.clerk.com"),
        ("CLERK_API_VERSION", "v1/users"),
        ("CLERK_LOGGING", "loud"),
        ("CLERK_SECRET_KEY", "sk_test_\u{1}bad"),
    ] {
        let err = Script::default()
            .builder()
            .environment(env(&[(var, value)]))
            .build()
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config, "{var}");
        assert!(err.to_string().contains(var), "{var}: {err}");
        assert!(!err.to_string().contains("\u{1}"));
    }
}

#[test]
fn a_builder_without_transport_is_a_config_error() {
    let err = Clerk::builder()
        .secret_key("sk_test_x")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("clerk-http-reqwest"));
}

#[tokio::test]
async fn a_missing_secret_key_fails_the_request_without_sending_it() {
    let script = Script::ok(COUNT);
    let clerk = script.builder().build().unwrap();
    assert!(!clerk.has_secret_key());
    let err = count(&clerk).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("CLERK_SECRET_KEY"));
    assert_eq!(script.count(), 0, "no request may leave without auth");
}

// ---- setters ----

#[tokio::test]
async fn setters_reach_every_clone_and_every_handle() {
    let script = Script::new([Answer::Json(200, CLIENT)]);
    let clerk = script.client();
    let clone = clerk.clone();
    let clients = clerk.clients(); // a handle taken once, before the setters

    clone.set_secret_key("sk_test_rotated").unwrap();
    clerk.set_api_url("http://other.clerk.test/").unwrap();
    clerk.set_api_version("v9").unwrap();
    clerk
        .set_http_options(HttpOptions::new().user_agent_suffix("my-app/1.0"))
        .unwrap();

    clients.get("client_1").await.unwrap();
    assert_eq!(
        script.last_uri(),
        "http://other.clerk.test/v9/clients/client_1"
    );
    assert_eq!(
        script.last_header("authorization").as_deref(),
        Some("Bearer sk_test_rotated")
    );
    assert_eq!(
        script.last_header("user-agent"),
        Some(format!("{} my-app/1.0", clerk_core::USER_AGENT_VALUE))
    );
    assert_eq!(clone.api_version(), "v9");
}

#[tokio::test]
async fn independent_clients_do_not_share_settings() {
    let script = Script::ok(COUNT);
    let a = script.client();
    let b = script.client();
    a.set_api_version("v2").unwrap();
    assert_eq!(b.api_version(), "v1");
}

#[test]
fn setters_reject_bad_values_and_keep_the_old_ones() {
    let clerk = Script::default().client();
    assert!(clerk.set_api_url("not a url").is_err());
    assert!(clerk.set_api_version("").is_err());
    assert!(clerk.set_secret_key("sk_test_\nx").is_err());
    assert_eq!(clerk.api_url(), "http://clerk.test");
    assert_eq!(clerk.api_version(), "v1");
}

// ---- headers ----

#[tokio::test]
async fn every_request_carries_auth_version_and_user_agent() {
    let script = Script::ok(COUNT);
    let clerk = script.client();
    clerk
        .set_http_options(
            HttpOptions::new()
                .header("x-extra".parse().unwrap(), "1".parse().unwrap())
                .header(
                    http::header::AUTHORIZATION,
                    "Bearer hijack".parse().unwrap(),
                ),
        )
        .unwrap();
    count(&clerk).await.unwrap();
    let req = &script.requests()[0];
    assert_eq!(req.headers()["authorization"], "Bearer sk_test_script");
    assert!(req.headers()["authorization"].is_sensitive());
    assert_eq!(req.headers()["clerk-api-version"], "2026-05-12");
    assert!(
        req.headers()["user-agent"]
            .to_str()
            .unwrap()
            .starts_with("clerk-rs/")
    );
    assert_eq!(req.headers()["x-extra"], "1");
    assert_eq!(req.headers().get_all("authorization").iter().count(), 1);
    assert!(
        req.headers().get("content-type").is_none(),
        "GET has no body"
    );
}

// ---- errors ----

#[tokio::test]
async fn api_errors_expose_status_trace_id_retry_after_and_clerk_errors() {
    let script = Script::new([Answer::WithHeader(
        422,
        "retry-after",
        "3",
        r#"{"errors":[{"code":"form_param_missing","message":"missing","long_message":"email_address is missing","meta":{"param_name":"email_address"}}],"clerk_trace_id":"tr_1"}"#,
    )]);
    let err = count(&script.client()).await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status(), 422);
    assert_eq!(api.trace_id(), Some("tr_1"));
    assert_eq!(api.retry_after(), Some(Duration::from_secs(3)));
    assert_eq!(api.errors()[0].code, "form_param_missing");
    assert_eq!(api.errors()[0].long_message, "email_address is missing");
    assert_eq!(
        api.errors()[0].meta.as_ref().unwrap()["param_name"],
        "email_address"
    );
}

#[tokio::test]
async fn an_unexpected_success_body_is_a_decode_error_with_the_body() {
    let script = Script::ok("<html>proxy page</html>");
    let err = count(&script.client()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert_eq!(err.body(), Some("<html>proxy page</html>"));
    assert_eq!(err.status(), Some(http::StatusCode::OK));
}

// ---- retries ----

fn retrying(script: &Script) -> Clerk {
    script
        .builder()
        .secret_key("sk_test_retry")
        .api_url("http://clerk.test")
        .build()
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn retries_are_on_by_default_and_bounded() {
    let script = Script::new([Answer::Json(503, "{}")]);
    let err = count(&retrying(&script)).await.unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(script.count(), 3, "one attempt and two retries");
}

#[tokio::test(start_paused = true)]
async fn a_429_then_success_honours_retry_after() {
    let script = Script::new([
        Answer::WithHeader(429, "retry-after", "2", r#"{"errors":[]}"#),
        Answer::Json(200, COUNT),
    ]);
    let started = tokio::time::Instant::now();
    let count_json = count(&retrying(&script)).await.unwrap();
    assert_eq!(count_json["total_count"], 3);
    assert_eq!(script.count(), 2);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(2) && waited < Duration::from_millis(2100),
        "waited {waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_beyond_the_bound_is_returned_not_awaited() {
    let script = Script::new([Answer::WithHeader(429, "retry-after", "3600", "{}")]);
    let err = count(&retrying(&script)).await.unwrap_err();
    assert!(err.is_rate_limited());
    assert_eq!(
        err.as_api().unwrap().retry_after(),
        Some(Duration::from_secs(3600))
    );
    assert_eq!(script.count(), 1);
}

#[tokio::test(start_paused = true)]
async fn connection_failures_are_retried_even_for_post() {
    let script = Script::new([
        Answer::ConnectError,
        Answer::ConnectError,
        Answer::Json(200, CLIENT),
    ]);
    let client = retrying(&script)
        .clients()
        .verify_client("tok")
        .await
        .unwrap();
    assert_eq!(client.id, "client_1");
    assert_eq!(script.count(), 3);
}

#[tokio::test(start_paused = true)]
async fn post_is_not_retried_after_a_timeout_or_503_unless_opted_in() {
    let script = Script::new([Answer::TimeoutError]);
    let err = retrying(&script)
        .clients()
        .verify_client("tok")
        .await
        .unwrap_err();
    assert!(err.as_transport().unwrap().is_timeout());
    assert_eq!(script.count(), 1);

    let script = Script::new([
        Answer::Json(503, "{}"),
        Answer::Json(503, "{}"),
        Answer::Json(200, CLIENT),
    ]);
    let clerk = retrying(&script);
    assert!(clerk.clients().verify_client("tok").await.is_err());
    assert_eq!(script.count(), 1);

    clerk.set_retry_policy(RetryPolicy::default().retry_non_idempotent(true));
    clerk.clients().verify_client("tok").await.unwrap();
    assert_eq!(script.count(), 3);
}

#[tokio::test(start_paused = true)]
async fn get_is_retried_after_a_timeout() {
    let script = Script::new([Answer::TimeoutError, Answer::Json(200, COUNT)]);
    count(&retrying(&script)).await.unwrap();
    assert_eq!(script.count(), 2);
}

#[tokio::test(start_paused = true)]
async fn client_errors_are_never_retried() {
    for status in [400, 401, 404, 422] {
        let script = Script::new([Answer::Json(status, "{}")]);
        assert!(count(&retrying(&script)).await.is_err());
        assert_eq!(script.count(), 1, "{status}");
    }
}

#[tokio::test(start_paused = true)]
async fn retries_can_be_turned_off() {
    let script = Script::new([Answer::ConnectError]);
    let clerk = retrying(&script);
    clerk.set_retry_policy(RetryPolicy::disabled());
    let err = count(&clerk).await.unwrap_err();
    assert!(err.as_transport().unwrap().is_connect());
    assert_eq!(script.count(), 1);
}

// ---- logging and redaction ----

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs(f: impl AsyncFnOnce()) -> String {
    let out = Captured::default();
    let writer = out.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    tracing::subscriber::with_default(subscriber, || rt.block_on(f()));
    String::from_utf8(out.0.lock().unwrap().clone()).unwrap()
}

#[test]
fn logging_shows_each_request_but_never_the_secret() {
    let script = Script::new([Answer::WithHeader(
        404,
        "cf-ray",
        "ray-77",
        r#"{"errors":[{"code":"resource_not_found","message":"not found","long_message":"not found"}]}"#,
    )]);
    let clerk = script
        .builder()
        .secret_key("sk_test_TOPSECRET")
        .api_url("http://clerk.test")
        .logging(true)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let logs = capture_logs(async || {
        let _ = count(&clerk).await;
    });
    assert!(logs.contains("clerk request"), "{logs}");
    assert!(logs.contains("method=GET"), "{logs}");
    assert!(logs.contains("path=/users/count"), "{logs}");
    assert!(logs.contains("status=404"), "{logs}");
    assert!(logs.contains("duration_ms="), "{logs}");
    assert!(logs.contains("trace_id=ray-77"), "{logs}");
    assert!(!logs.contains("TOPSECRET"), "{logs}");
}

#[test]
fn logging_is_silent_when_off() {
    let script = Script::ok(COUNT);
    let clerk = script.client();
    let logs = capture_logs(async || {
        count(&clerk).await.unwrap();
    });
    assert!(logs.is_empty(), "{logs}");
}

#[test]
fn debug_output_never_contains_a_secret() {
    let script = Script::default();
    let builder = script.builder().secret_key("sk_live_TOPSECRET");
    assert!(!format!("{builder:?}").contains("TOPSECRET"));
    let clerk = builder.build().unwrap();
    let shown = format!("{clerk:?} {:?} {:?}", clerk.clients(), clerk.emails());
    assert!(!shown.contains("TOPSECRET"), "{shown}");
    assert!(
        shown.contains("sk_live_"),
        "the environment prefix helps debugging: {shown}"
    );
    let env = env(&[("CLERK_SECRET_KEY", "sk_live_TOPSECRET")]);
    assert!(!format!("{env:?}").contains("TOPSECRET"));
    let err = Clerk::builder().build().unwrap_err();
    assert!(!format!("{err:?}").contains("TOPSECRET"));
}
