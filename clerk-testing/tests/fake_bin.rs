//! The `clerk-fake` binary: startup lines, serving, the request log, seeding, signals and
//! argument errors.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

mod fake_support;

const BIN: &str = env!("CARGO_BIN_EXE_clerk-fake");

/// A running `clerk-fake` and what it printed first.
struct Running {
    child: Child,
    url: String,
    key: String,
}

fn spawn(args: &[&str]) -> Running {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn clerk-fake");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url_line = lines.next().unwrap().unwrap();
    let key_line = lines.next().unwrap().unwrap();
    let url = url_line
        .strip_prefix("CLERK_API_URL=")
        .expect(&url_line)
        .to_string();
    let key = key_line
        .strip_prefix("CLERK_SECRET_KEY=")
        .expect(&key_line)
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    Running { child, url, key }
}

impl Running {
    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> fake_support::Resp {
        let auth = format!("Bearer {}", self.key);
        let text = body.map(|b| b.to_string());
        fake_support::raw(
            &self.url,
            method,
            path,
            &[("Authorization", &auth)],
            text.as_deref(),
        )
        .await
    }

    /// Sends `signal` to this child only (by pid) and returns its exit success and stderr.
    fn stop(mut self, signal: &str) -> (bool, String) {
        #[cfg(unix)]
        {
            let status = Command::new("kill")
                .args([signal, &self.child.id().to_string()])
                .status()
                .unwrap();
            assert!(status.success());
        }
        #[cfg(not(unix))]
        {
            let _ = signal;
            self.child.kill().unwrap();
        }
        let exit = self.child.wait().unwrap();
        let mut stderr = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        (exit.success(), stderr)
    }
}

fn seed_file(name: &str, seed: &Value) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, seed.to_string()).unwrap();
    path
}

#[tokio::test]
async fn serves_logs_each_request_and_stops_on_sigterm() {
    let fake = spawn(&["--port", "0", "--secret-key", "sk_test_bin"]);
    assert_eq!(fake.key, "sk_test_bin");

    let resp = fake
        .call("POST", "/v1/users", Some(json!({"first_name": "Bin"})))
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text);
    let count = fake.call("GET", "/v1/users/count?x=secret", None).await;
    assert_eq!(count.json()["total_count"], 1);
    let unauthorized = fake_support::raw(
        &fake.url,
        "GET",
        "/v1/users",
        &[("Authorization", "Bearer sk_test_no")],
        None,
    )
    .await;
    assert_eq!(unauthorized.status, 401);
    let keys = fake.call("GET", "/__fake/keys", None).await;
    assert_eq!(keys.status, 200);

    let (clean, stderr) = fake.stop("-TERM");
    assert!(clean, "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    let logged = |prefix: &str| {
        lines
            .iter()
            .any(|l| l.starts_with(prefix) && l.ends_with("ms"))
    };
    assert!(logged("POST /v1/users 200 "), "{stderr}");
    assert!(logged("GET /v1/users/count 200 "), "{stderr}");
    assert!(logged("GET /v1/users 401 "), "{stderr}");
    assert!(logged("GET /__fake/keys 200 "), "{stderr}");
    assert!(lines.last().unwrap().contains("shutting down"), "{stderr}");
    assert!(
        !stderr.contains("sk_test_"),
        "the secret key leaked: {stderr}"
    );
    assert!(!stderr.contains("x=secret"), "the query leaked: {stderr}");
}

#[tokio::test]
async fn stops_cleanly_on_sigint() {
    let fake = spawn(&[]);
    assert!(fake.key.starts_with("sk_test_"));
    let (clean, stderr) = fake.stop("-INT");
    assert!(clean, "{stderr}");
    assert!(stderr.contains("shutting down"), "{stderr}");
}

#[tokio::test]
async fn seed_file_preloads_and_reset_restores_it() {
    let seed = seed_file(
        "clerk_fake_seed_ok.json",
        &json!({
            "users": [
                {"email_address": ["ada@example.com"], "first_name": "Ada"},
                {"email_address": ["bob@example.com"]}
            ],
            "organizations": [{
                "name": "Engines", "slug": "engines", "created_by": "ada@example.com",
                "members": [{"email": "bob@example.com", "role": "org:member"}]
            }]
        }),
    );
    let fake = spawn(&["--seed", seed.to_str().unwrap()]);
    let count = fake.call("GET", "/v1/users/count", None).await;
    assert_eq!(count.json()["total_count"], 2, "{}", count.text);
    let orgs = fake.call("GET", "/v1/organizations", None).await;
    assert_eq!(orgs.json()["total_count"], 1, "{}", orgs.text);

    // A non-Rust test's round: mint for a seeded user, change state, reset.
    let users = fake
        .call("GET", "/v1/users?email_address=bob@example.com", None)
        .await;
    let bob = users.json()[0]["id"].as_str().unwrap().to_string();
    let token = fake
        .call("POST", "/__fake/tokens", Some(json!({"user_id": bob})))
        .await;
    assert_eq!(token.status, 200, "{}", token.text);
    assert_eq!(token.json()["claims"]["sub"], bob.as_str());
    fake.call("POST", "/v1/users", Some(json!({"first_name": "Extra"})))
        .await;
    let reset = fake.call("POST", "/__fake/reset", None).await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    let count = fake.call("GET", "/v1/users/count", None).await;
    assert_eq!(count.json()["total_count"], 2);

    let (clean, stderr) = fake.stop("-TERM");
    assert!(clean, "{stderr}");
}

#[test]
fn a_bad_seed_file_fails_naming_the_entry() {
    let seed = seed_file(
        "clerk_fake_seed_bad.json",
        &json!({"users": [{"email_address": ["x@example.com"]}, {"email_address": ["x@example.com"]}]}),
    );
    let out = Command::new(BIN)
        .args(["--seed", seed.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("users[1]"), "{stderr}");
    assert!(stderr.contains("form_identifier_exists"), "{stderr}");
    assert!(out.stdout.is_empty());

    let missing = Command::new(BIN)
        .args(["--seed", "/nonexistent/clerk_fake_seed.json"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("seed file"));

    let not_json = seed_file("clerk_fake_seed_not_json.json", &json!("x"));
    std::fs::write(&not_json, "{oops").unwrap();
    let out = Command::new(BIN)
        .args(["--seed", not_json.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not JSON"));
}

#[test]
fn help_and_bad_arguments() {
    let help = Command::new(BIN).arg("--help").output().unwrap();
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("Usage: clerk-fake"));
    assert!(text.contains("--seed FILE"));
    assert!(text.contains("/__fake/"));

    for bad in [
        &["--bogus"][..],
        &["--port"],
        &["--port", "nope"],
        &["--legacy", "x"],
        &["--seed"],
        &["--secret-key", ""],
    ] {
        let out = Command::new(BIN).args(bad).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(!out.stderr.is_empty());
        assert!(out.stdout.is_empty());
    }
}
