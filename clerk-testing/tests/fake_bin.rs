//! The `clerk-fake` binary: startup lines, serving, signals and argument errors.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

mod fake_support;

const BIN: &str = env!("CARGO_BIN_EXE_clerk-fake");

#[tokio::test]
async fn serves_and_prints_the_env_lines() {
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--secret-key", "sk_test_bin"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn clerk-fake");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url_line = lines.next().unwrap().unwrap();
    let key_line = lines.next().unwrap().unwrap();
    let url = url_line
        .strip_prefix("CLERK_API_URL=")
        .expect(&url_line)
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(key_line, "CLERK_SECRET_KEY=sk_test_bin");

    let resp = fake_support::raw(
        &url,
        "POST",
        "/v1/users",
        &[("Authorization", "Bearer sk_test_bin")],
        Some(r#"{"first_name":"Bin"}"#),
    )
    .await;
    assert_eq!(resp.status, 200, "{}", resp.text);
    let count = fake_support::raw(
        &url,
        "GET",
        "/v1/users/count",
        &[("Authorization", "Bearer sk_test_bin")],
        None,
    )
    .await;
    assert_eq!(count.json()["total_count"], 1);

    // SIGTERM (by this child's pid only) ends it cleanly.
    #[cfg(unix)]
    {
        let status = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let exit = child.wait().unwrap();
        assert!(exit.success(), "{exit:?}");
    }
    #[cfg(not(unix))]
    {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

#[test]
fn help_and_bad_arguments() {
    let help = Command::new(BIN).arg("--help").output().unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("Usage: clerk-fake"));

    for bad in [
        &["--bogus"][..],
        &["--port"],
        &["--port", "nope"],
        &["--legacy", "x"],
    ] {
        let out = Command::new(BIN).args(bad).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(!out.stderr.is_empty());
        assert!(out.stdout.is_empty());
    }
}
