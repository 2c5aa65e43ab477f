//! How long `FakeClerk::start().await` takes: starts N fakes one after another (each serving a
//! first request, so the time is until the fake is usable) and prints the median and p99.
//!
//! ```text
//! cargo run -p clerk-testing --example startup [N]
//! ```

use std::time::{Duration, Instant};

use clerk_testing::FakeClerk;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn first_request(fake: &FakeClerk) -> std::io::Result<bool> {
    let addr = fake.api_url().trim_start_matches("http://").to_string();
    let mut tcp = tokio::net::TcpStream::connect(&addr).await?;
    let request = format!(
        "GET /v1/jwks HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nConnection: close\r\n\r\n",
        fake.secret_key()
    );
    tcp.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    tcp.read_to_end(&mut response).await?;
    Ok(response.starts_with(b"HTTP/1.1 200"))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    // The process-wide one-time work (parsing the embedded keys) happens in the first start;
    // report it apart.
    let t = Instant::now();
    let first = FakeClerk::start().await;
    let first_start = t.elapsed();
    drop(first);

    let mut start = Vec::with_capacity(n);
    let mut usable = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let fake = FakeClerk::start().await;
        start.push(t.elapsed());
        assert!(first_request(&fake).await?, "the fake answers");
        usable.push(t.elapsed());
    }
    start.sort();
    usable.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("first start in the process: {:.2} ms", ms(first_start));
    println!(
        "FakeClerk::start(), {n} runs: median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(percentile(&start, 0.5)),
        ms(percentile(&start, 0.99)),
        ms(percentile(&start, 1.0)),
    );
    println!(
        "start + first request answered: median {:.2} ms, p99 {:.2} ms",
        ms(percentile(&usable, 0.5)),
        ms(percentile(&usable, 0.99)),
    );
    Ok(())
}
