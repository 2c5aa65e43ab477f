//! `clerk-fake`: serves the fake Clerk Backend API on a local port for non-Rust clients.
//!
//! ```text
//! clerk-fake [--port PORT] [--secret-key sk_test_...] [--legacy seed|current]
//! ```
//! Prints `CLERK_API_URL=http://127.0.0.1:PORT` and `CLERK_SECRET_KEY=...` as the first two
//! lines of stdout, then serves until SIGINT or SIGTERM.

use std::io::Write as _;
use std::process::ExitCode;

use clerk_testing::{FakeClerk, LegacyEndpoints};

const USAGE: &str = "\
Usage: clerk-fake [--port PORT] [--secret-key KEY] [--legacy seed|current]

Serves a stateful fake of the Clerk Backend API on 127.0.0.1.

Options:
  --port PORT         port to listen on; 0 picks a free port (default 0)
  --secret-key KEY    the secret key clients must send (default: a fixed sk_test_ key)
  --legacy MODE       seed (default): legacy endpoints answer as in the old Node SDK era;
                      current: they answer 410/403 as today
  -h, --help          print this help

The first two lines of stdout are CLERK_API_URL=... and CLERK_SECRET_KEY=...
Stop it with SIGINT or SIGTERM.";

struct Args {
    port: u16,
    secret_key: Option<String>,
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

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Parsed::Run(a)) => a,
        Ok(Parsed::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("clerk-fake: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
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
        .record_requests(false);
    if let Some(key) = args.secret_key {
        builder = builder.secret_key(key);
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
    shutdown_signal().await;
    drop(fake);
    ExitCode::SUCCESS
}
