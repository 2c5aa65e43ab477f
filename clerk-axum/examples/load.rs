//! Load harness: a guarded axum hello (session token verified by `ClerkLayer` on every request)
//! against the same hello without auth, with a repeated session token, on loopback.
//!
//! ```text
//! cargo run --release -p clerk-axum --example load                # 3 rounds × 5 s, 64 connections
//! cargo run --release -p clerk-axum --example load -- 7 3 64      # seconds, rounds, connections
//! ```
//!
//! Each server runs in its own child process (2 tokio workers, like `#[tokio::main]` on this
//! machine); this process runs the fake Clerk and drives the load: with `wrk` when it is on the
//! `PATH` (`wrk -t2 -c<connections>`, as in `perf-anchors.md`; Debian package `wrk`), else with
//! a built-in keep-alive HTTP/1.1 generator (set `LOAD_GENERATOR=builtin` to force it). It prints
//! requests per second, the ratio to bare, and the servers' CPU time per request (utime + stime of
//! the server process from `/proc/<pid>/stat`, the metric of `perf-anchors.md`), plus how many
//! times the JWKS was fetched. Every loop is bounded by the duration; every socket is on
//! 127.0.0.1.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use clerk_axum::{ClerkAuth, ClerkLayer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CLOCK_TICKS_PER_SEC: f64 = 100.0; // Linux USER_HZ

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("serve") {
        return serve(args.get(2).map(String::as_str) == Some("guarded"));
    }
    let seconds: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    let rounds: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3);
    let connections: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(64);

    let fake_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let fake = fake_runtime.block_on(
        clerk_testing::FakeClerk::builder()
            .record_requests(true)
            .start(),
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs() as i64;
    let token = fake.sign_jwt(&serde_json::json!({
        "iss": fake.issuer(), "sub": "user_load", "sid": "sess_load",
        "azp": "https://app.example.com", "iat": now, "nbf": now - 10, "exp": now + 3600,
        "v": 2, "sts": "active",
    }));

    let exe = std::env::current_exe()?;
    let spawn = |kind: &str| -> Result<(Child, u16), Box<dyn std::error::Error>> {
        let mut child = Command::new(&exe)
            .args(["serve", kind])
            .env("CLERK_SECRET_KEY", fake.secret_key())
            .env("CLERK_API_URL", fake.api_url())
            .env("CLERK_AUTHORIZED_PARTIES", "https://app.example.com")
            .stdout(Stdio::piped())
            .spawn()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().ok_or("no stdout")?).read_line(&mut line)?;
        let port = line.trim().rsplit(':').next().ok_or("no port")?.parse()?;
        Ok((child, port))
    };
    let (mut bare, bare_port) = spawn("bare")?;
    let (mut guarded, guarded_port) = spawn("guarded")?;

    let client = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let use_wrk = std::env::var("LOAD_GENERATOR").as_deref() != Ok("builtin")
        && Command::new("wrk")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok();
    println!(
        "{rounds} rounds × {seconds} s, {connections} keep-alive connections ({}), GET / with `Authorization: Bearer <session token>`",
        if use_wrk {
            "wrk -t2"
        } else {
            "built-in generator"
        }
    );
    println!("| round | server | req/s | ratio to bare | server CPU µs/req |");
    println!("|---|---|---:|---:|---:|");
    let mut ratios = Vec::new();
    let mut cpu = (Vec::new(), Vec::new());
    for round in 1..=rounds {
        let mut bare_rps = 0.0;
        for (name, child, port) in [
            ("bare", &bare, bare_port),
            ("guarded", &guarded, guarded_port),
        ] {
            let before = cpu_ticks(child.id())?;
            let (done, took) = if use_wrk {
                load_wrk(port, &token, connections, seconds)?
            } else {
                client.block_on(load(
                    port,
                    &token,
                    connections,
                    Duration::from_secs(seconds),
                ))?
            };
            let after = cpu_ticks(child.id())?;
            let rps = done as f64 / took.as_secs_f64();
            let us_per_req =
                (after - before) as f64 / CLOCK_TICKS_PER_SEC * 1e6 / done.max(1) as f64;
            if name == "bare" {
                bare_rps = rps;
                cpu.0.push(us_per_req);
                println!("| {round} | bare | {rps:.0} | 1.000 | {us_per_req:.1} |");
            } else {
                let ratio = rps / bare_rps;
                ratios.push(ratio);
                cpu.1.push(us_per_req);
                println!("| {round} | guarded | {rps:.0} | {ratio:.3} | {us_per_req:.1} |");
            }
        }
    }
    let jwks = fake_runtime.block_on(fake.received_requests());
    let jwks = jwks.iter().filter(|r| r.url.path() == "/v1/jwks").count();
    println!(
        "median ratio guarded/bare: {:.3}; median server CPU µs/req: bare {:.1}, guarded {:.1}; JWKS fetches: {jwks}",
        median(&mut ratios),
        median(&mut cpu.0),
        median(&mut cpu.1)
    );
    let _ = bare.kill();
    let _ = guarded.kill();
    let _ = bare.wait();
    let _ = guarded.wait();
    Ok(())
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

/// utime + stime of a process, in clock ticks.
fn cpu_ticks(pid: u32) -> Result<u64, Box<dyn std::error::Error>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').ok_or("bad stat")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // fields[0] is state (field 3); utime is field 14, stime field 15.
    let utime: u64 = fields.get(11).ok_or("no utime")?.parse()?;
    let stime: u64 = fields.get(12).ok_or("no stime")?.parse()?;
    Ok(utime + stime)
}

/// Runs `wrk` against the server; returns completed requests and the measured duration.
fn load_wrk(
    port: u16,
    token: &str,
    connections: usize,
    seconds: u64,
) -> Result<(u64, Duration), Box<dyn std::error::Error>> {
    let output = Command::new("wrk")
        .args(["-t2", &format!("-c{connections}"), &format!("-d{seconds}s")])
        .args(["-H", &format!("Authorization: Bearer {token}")])
        .arg(format!("http://127.0.0.1:{port}/"))
        .output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    if text.contains("Non-2xx") || text.contains("Socket errors") {
        return Err(format!("wrk saw errors:\n{text}").into());
    }
    // "  123456 requests in 7.00s, 12.34MB read"
    let line = text
        .lines()
        .find(|l| l.contains(" requests in "))
        .ok_or_else(|| format!("unexpected wrk output:\n{text}"))?;
    let mut words = line.split_whitespace();
    let done: u64 = words.next().ok_or("no count")?.parse()?;
    let took = words
        .nth(2)
        .and_then(|w| w.trim_end_matches(',').strip_suffix('s'))
        .ok_or("no duration")?
        .parse::<f64>()?;
    Ok((done, Duration::from_secs_f64(took)))
}

/// Drives `connections` keep-alive connections for `duration`; returns completed requests.
async fn load(
    port: u16,
    token: &str,
    connections: usize,
    duration: Duration,
) -> Result<(u64, Duration), Box<dyn std::error::Error>> {
    let request = Arc::new(
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n")
            .into_bytes(),
    );
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let failed = Arc::new(AtomicBool::new(false));
    let local = tokio::task::LocalSet::new();
    let started = Instant::now();
    local
        .run_until(async {
            let mut tasks = Vec::new();
            for _ in 0..connections {
                let (request, done, stop, failed) =
                    (request.clone(), done.clone(), stop.clone(), failed.clone());
                tasks.push(tokio::task::spawn_local(async move {
                    let Ok(mut stream) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await
                    else {
                        failed.store(true, Ordering::Relaxed);
                        return;
                    };
                    let _ = stream.set_nodelay(true);
                    let mut buf = vec![0u8; 4096];
                    while !stop.load(Ordering::Relaxed) {
                        if stream.write_all(&request).await.is_err() {
                            failed.store(true, Ordering::Relaxed);
                            return;
                        }
                        match read_response(&mut stream, &mut buf).await {
                            Some(200) => {
                                done.fetch_add(1, Ordering::Relaxed);
                            }
                            _ => {
                                failed.store(true, Ordering::Relaxed);
                                return;
                            }
                        }
                    }
                }));
            }
            tokio::time::sleep(duration).await; // the measurement window, not a guess
            stop.store(true, Ordering::Relaxed);
            for task in tasks {
                let _ = task.await;
            }
        })
        .await;
    if failed.load(Ordering::Relaxed) {
        return Err("a request failed or did not answer 200".into());
    }
    Ok((done.load(Ordering::Relaxed), started.elapsed()))
}

/// Reads one response with a `content-length` body; returns its status.
async fn read_response(stream: &mut tokio::net::TcpStream, buf: &mut Vec<u8>) -> Option<u16> {
    let mut filled = 0;
    loop {
        if filled == buf.len() {
            buf.resize(buf.len() * 2, 0);
        }
        let n = stream.read(&mut buf[filled..]).await.ok()?;
        if n == 0 {
            return None;
        }
        filled += n;
        let Some(end) = buf[..filled].windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = std::str::from_utf8(&buf[..end]).ok()?;
        let status = head.get(9..12)?.parse().ok()?;
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse().ok())?
            })
            .unwrap_or(0);
        while filled < end + 4 + length {
            if filled == buf.len() {
                buf.resize(buf.len() * 2, 0);
            }
            let n = stream.read(&mut buf[filled..]).await.ok()?;
            if n == 0 {
                return None;
            }
            filled += n;
        }
        return Some(status);
    }
}

/// A child process: the hello server, bare or guarded, on a random loopback port.
fn serve(guarded: bool) -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let app = if guarded {
            Router::new()
                .route(
                    "/",
                    get(|ClerkAuth(_auth): ClerkAuth| async { "Hello, World!" }),
                )
                .layer(ClerkLayer::from_env()?)
        } else {
            Router::new().route("/", get(|| async { "Hello, World!" }))
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        println!("listening on {}", listener.local_addr()?);
        axum::serve(listener, app).await?;
        Ok(())
    })
}
