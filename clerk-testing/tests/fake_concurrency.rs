//! The fake's state is consistent under parallel requests: 16 clients each create 1 000
//! users over HTTP at the same time.

mod fake_support;

use std::collections::HashSet;
use std::time::Instant;

use clerk_testing::FakeClerk;
use fake_support::Api;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// One keep-alive HTTP/1.1 connection (like an SDK's pooled client), so the test measures
/// the fake rather than TCP set-up.
struct Conn {
    stream: BufReader<TcpStream>,
    host: String,
    auth: String,
}

impl Conn {
    async fn open(fake: &FakeClerk) -> Conn {
        let host = fake.api_url().trim_start_matches("http://").to_string();
        let stream = TcpStream::connect(&host).await.expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        Conn {
            stream: BufReader::new(stream),
            host,
            auth: format!("Bearer {}", fake.secret_key()),
        }
    }

    async fn post(&mut self, path: &str, body: &Value) -> (u16, Value) {
        let body = body.to_string();
        let req = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.host,
            self.auth,
            body.len()
        );
        self.stream
            .get_mut()
            .write_all(req.as_bytes())
            .await
            .expect("write");
        let mut line = String::new();
        self.stream.read_line(&mut line).await.expect("status line");
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        let mut length = None;
        loop {
            line.clear();
            self.stream.read_line(&mut line).await.expect("header");
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse::<usize>().ok();
                }
            }
        }
        let mut buf = vec![0; length.expect("content-length")];
        self.stream.read_exact(&mut buf).await.expect("body");
        (status, serde_json::from_slice(&buf).expect("JSON body"))
    }
}

const CLIENTS: usize = 16;
const PER_CLIENT: usize = 1_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_clients_create_sixteen_thousand_users() {
    let fake = FakeClerk::builder().record_requests(false).start().await;
    let api = Api::new(&fake);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let mut conn = Conn::open(&fake).await;
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::with_capacity(PER_CLIENT);
            for i in 0..PER_CLIENT {
                let body = json!({"email_address": [format!("c{c}-u{i}@example.com")]});
                let (status, user) = conn.post("/v1/users", &body).await;
                assert_eq!(status, 200, "{user}");
                ids.push(user["id"].as_str().unwrap().to_string());
            }
            ids
        }));
    }
    let mut ids = HashSet::new();
    for t in tasks {
        for id in t.await.unwrap() {
            assert!(ids.insert(id), "duplicate user id");
        }
    }
    let elapsed = started.elapsed();
    println!(
        "{} users created by {CLIENTS} clients in {elapsed:?}",
        CLIENTS * PER_CLIENT
    );
    assert_eq!(ids.len(), CLIENTS * PER_CLIENT);

    // A duplicate email is still rejected after the rush.
    let dup = api
        .post("/v1/users", json!({"email_address": ["C3-U7@example.com"]}))
        .await;
    assert_eq!(dup.status, 422);
    assert_eq!(dup.code(), "form_identifier_exists");

    let count = api.get("/v1/users/count").await.json();
    assert_eq!(count["total_count"], CLIENTS * PER_CLIENT);

    // Walk the whole list with cursors: every user exactly once, emails unique.
    let mut seen = HashSet::new();
    let mut emails = HashSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/users?limit=500&starting_after={c}"),
            None => "/v1/users?limit=500".to_string(),
        };
        let page = api.get(&path).await.json();
        let page = page.as_array().unwrap();
        if page.is_empty() {
            break;
        }
        for u in page {
            assert!(seen.insert(u["id"].as_str().unwrap().to_string()));
            let email: &Value = &u["email_addresses"][0]["email_address"];
            assert!(emails.insert(email.as_str().unwrap().to_string()));
        }
        cursor = page.last().map(|u| u["id"].as_str().unwrap().to_string());
    }
    assert_eq!(seen, ids);
    assert_eq!(emails.len(), CLIENTS * PER_CLIENT);
    println!("whole test: {:?}", started.elapsed());
}
