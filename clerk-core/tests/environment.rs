//! The process-environment path, tested in a child process so that no test races on `set_var`.

use std::process::Command;

use bytes::Bytes;
use clerk_core::{ApiRequest, Clerk};

const CHILD: &str = "CLERK_CORE_ENV_TEST_CHILD";

/// Runs in the child: builds a client from the real process environment and reports what it sent.
fn child() {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = seen.clone();
    let transport = clerk_core::transport::from_fn(move |req: http::Request<Bytes>| {
        let sink = sink.clone();
        async move {
            let auth = req.headers()["authorization"].to_str().unwrap().to_owned();
            sink.lock().unwrap().push(format!("{} {auth}", req.uri()));
            Ok(http::Response::new(Bytes::from_static(b"{}")))
        }
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    rt.block_on(async {
        let from_env = Clerk::from_env(transport.clone()).unwrap();
        let _: serde_json::Value = from_env.send(ApiRequest::get("/users")).await.unwrap();
        assert!(from_env.logging());
        let explicit = Clerk::builder()
            .transport(transport)
            .api_url("http://explicit.test")
            .secret_key("sk_test_explicit")
            .build()
            .unwrap();
        let _: serde_json::Value = explicit.send(ApiRequest::get("/users")).await.unwrap();
    });
    for line in seen.lock().unwrap().iter() {
        println!("SENT {line}");
    }
}

#[test]
fn a_client_from_the_process_environment_uses_every_variable() {
    if std::env::var_os(CHILD).is_some() {
        return child();
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_client_from_the_process_environment_uses_every_variable",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .env("CLERK_SECRET_KEY", "sk_test_process_env")
        .env("CLERK_API_URL", "http://process-env.test")
        .env("CLERK_API_VERSION", "v7")
        .env("CLERK_LOGGING", "true")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("SENT http://process-env.test/v7/users Bearer sk_test_process_env"),
        "{stdout}"
    );
    assert!(
        stdout.contains("SENT http://explicit.test/v7/users Bearer sk_test_explicit"),
        "explicit options win, the rest still comes from the environment: {stdout}"
    );
}
