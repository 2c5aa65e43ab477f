//! `clerk-fake`: serves the fake Clerk Backend API on a local port for non-Rust clients.
//!
//! ```text
//! clerk-fake [--port PORT] [--secret-key sk_test_...] [--seed FILE] [--legacy seed|current]
//! ```
//! Prints `CLERK_API_URL=http://127.0.0.1:PORT` and `CLERK_SECRET_KEY=...` as the first two
//! lines of stdout, then serves until SIGINT or SIGTERM, logging one line per request to
//! stderr. The control API (`/__fake/...`: tokens, keys, clock, faults, seed, reset) is
//! described in the crate docs and the README.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clerk_testing::{FakeClerk, LegacyEndpoints};

const USAGE: &str = "\
Usage: clerk-fake [--port PORT] [--secret-key KEY] [--seed FILE] [--legacy seed|current]

Serves a stateful fake of the Clerk Backend API on 127.0.0.1.

Options:
  --port PORT         port to listen on; 0 picks a free port (default 0)
  --secret-key KEY    the secret key clients must send (default: a fixed sk_test_ key)
  --seed FILE         JSON of users, organizations (with members), sessions, ... to preload,
                      e.g. {\"users\":[{\"email_address\":[\"ada@example.com\"]}]};
                      applied again by POST /__fake/reset
  --legacy MODE       seed (default): legacy endpoints answer as in the old Node SDK era;
                      current: they answer 410/403 as today
  -h, --help          print this help

The first two lines of stdout are CLERK_API_URL=... and CLERK_SECRET_KEY=...
Each request is logged to stderr: METHOD PATH STATUS TIME.
Test controls (Authorization: Bearer KEY): POST /__fake/tokens, POST /__fake/keys/rotate,
DELETE /__fake/keys/KID, POST /__fake/clock, POST|DELETE /__fake/faults, POST /__fake/reset,
POST /__fake/seed, GET /__fake/requests.
Stop it with SIGINT or SIGTERM.";

struct Args {
    port: u16,
    secret_key: Option<String>,
    seed: Option<PathBuf>,
    legacy: LegacyEndpoints,
}

enum Parsed {
    Run(Args),
    Help,
}

fn parse(mut it: impl Iterator<Item = String>) -> Result<Parsed, String> {
    let mut args = Args {
        port: 0,
        secret_key: None,
        seed: None,
        legacy: LegacyEndpoints::Seed,
    };
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |n: &str| {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{n} needs a value"))
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--port" => {
                let v = value("--port")?;
                args.port = v
                    .parse()
                    .map_err(|_| format!("--port: not a port number: {v}"))?;
            }
            "--secret-key" => {
                let v = value("--secret-key")?;
                if v.is_empty() || v.chars().any(char::is_whitespace) {
                    return Err("--secret-key: must be non-empty without spaces".into());
                }
                args.secret_key = Some(v);
            }
            "--seed" => {
                let v = value("--seed")?;
                if v.is_empty() {
                    return Err("--seed: needs a file name".into());
                }
                args.seed = Some(PathBuf::from(v));
            }
            "--legacy" => {
                args.legacy = match value("--legacy")?.as_str() {
                    "seed" => LegacyEndpoints::Seed,
                    "current" => LegacyEndpoints::Current,
                    other => {
                        return Err(format!("--legacy: expected seed or current, got {other}"));
                    }
                }
            }
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(Parsed::Run(args))
}

/// A line on stderr; a closed stderr is ignored (`eprintln!` would panic).
fn note(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// SIGINT or SIGTERM (Ctrl-C elsewhere). The handlers are installed when this is called, before
/// the first line is printed, so a signal sent as soon as the URL is read is never missed.
#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Parsed::Run(a)) => a,
        Ok(Parsed::Help) => {
            // `clerk-fake --help | head` closes stdout early: not an error.
            let _ = writeln!(std::io::stdout().lock(), "{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("clerk-fake: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let shutdown = match shutdown_signal() {
        Ok(shutdown) => shutdown,
        Err(e) => {
            eprintln!("clerk-fake: cannot listen for signals: {e}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match std::net::TcpListener::bind(("127.0.0.1", args.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("clerk-fake: cannot bind 127.0.0.1:{}: {e}", args.port);
            return ExitCode::FAILURE;
        }
    };
    let mut builder = FakeClerk::builder()
        .listener(listener)
        .legacy_endpoints(args.legacy)
        .record_requests(false)
        .log_requests(true);
    if let Some(key) = args.secret_key {
        builder = builder.secret_key(key);
    }
    if let Some(seed) = args.seed {
        builder = builder.seed_file(seed);
    }
    let fake = match builder.try_start().await {
        Ok(f) => f,
        Err(e) => {
            eprintln!("clerk-fake: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let printed = writeln!(out, "CLERK_API_URL={}", fake.api_url())
        .and_then(|_| writeln!(out, "CLERK_SECRET_KEY={}", fake.secret_key()))
        .and_then(|_| out.flush());
    drop(out);
    if let Err(e) = printed {
        eprintln!("clerk-fake: cannot write to stdout: {e}");
        return ExitCode::FAILURE;
    }
    note(&format!(
        "clerk-fake: serving the Clerk Backend API at {url}/v1, test controls at {url}/__fake/",
        url = fake.api_url()
    ));
    shutdown.await;
    note("clerk-fake: shutting down");
    drop(fake);
    ExitCode::SUCCESS
}
