//! A conformance suite for [`Transport`] implementations.
//!
//! Every transport published for `clerk-core` (and any you write yourself) must pass the same
//! cases, so the client above behaves identically whichever HTTP stack moves its bytes. Each case
//! is an `async fn` taking the transport under test; it starts its own loopback server on
//! `127.0.0.1` with a random port (a [`wiremock::MockServer`], or a raw
//! [`tokio::net::TcpListener`] for misbehaving servers), sends requests through the transport and
//! **panics** with a descriptive message when the transport does not conform.
//!
//! The quickest way to run the whole suite is the [`transport_conformance_tests!`](crate::transport_conformance_tests) macro, which
//! writes one `#[tokio::test]` per case, so a failure names its case:
//!
//! ```no_run
//! // tests/conformance.rs of a transport crate (needs `tokio` with the `macros` and `rt`
//! // features as a dev-dependency)
//! clerk_testing::transport_conformance_tests!(clerk_http_reqwest::ReqwestTransport::new());
//! # fn main() {}
//! ```
//!
//! Each case is also public, and [`CASES`] lists them all by name for custom harnesses:
//!
//! ```no_run
//! # async fn run(transport: &dyn clerk_core::transport::Transport) {
//! clerk_testing::conformance::methods(transport).await;
//! clerk_testing::conformance::run_all(transport).await;
//! # }
//! ```
//!
//! The cases need a Tokio runtime with the time and I/O drivers enabled. A whole run takes about a
//! second; the slowest cases are the 8 MiB round trip and the timeouts (a few hundred ms each).

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::time::{Duration, Instant};

use bytes::Bytes;
use clerk_core::transport::{RequestTimeout, Transport, TransportError, TransportErrorKind};
use http::{HeaderMap, Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request as ReceivedRequest, Respond, ResponseTemplate};

/// The timeout used by the timeout cases: long enough for a loopback exchange, short enough to
/// keep the suite fast.
const SHORT_TIMEOUT: Duration = Duration::from_millis(300);

/// How late a timeout may fire before the case fails: generous, for loaded CI machines.
const TIMEOUT_SLACK: Duration = Duration::from_secs(5);

/// The size of the bodies used by [`large_bodies`].
pub const LARGE_BODY_SIZE: usize = 8 * 1024 * 1024;

/// The future returned by a [`Case`]'s function.
pub type CaseFuture<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// One conformance case: its name (the name of its function in this module) and how to run it.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// The case's name, equal to the name of its function in this module.
    pub name: &'static str,
    /// Runs the case against a transport; panics when the transport does not conform.
    pub run: for<'a> fn(&'a dyn Transport) -> CaseFuture<'a>,
}

crate::transport_conformance_tests!(@with_cases consts ());

/// Runs every case in [`CASES`] in turn; panics at the first that fails, after printing its name
/// to stderr.
pub async fn run_all(transport: &dyn Transport) {
    for case in CASES {
        let guard = NameOnPanic(case.name);
        (case.run)(transport).await;
        std::mem::forget(guard);
    }
}

/// Prints the name of the running case if it panics.
struct NameOnPanic(&'static str);

impl Drop for NameOnPanic {
    fn drop(&mut self) {
        eprintln!("transport conformance case `{}` failed", self.0);
    }
}

/// Writes one `#[tokio::test]` per conformance case, each running the case against the transport
/// built by the given expression (evaluated afresh in every test).
///
/// ```no_run
/// clerk_testing::transport_conformance_tests!(clerk_http_hyper::HyperTransport::new());
/// # fn main() {}
/// ```
///
/// The calling crate needs `tokio` (features `macros` and `rt`) as a dev-dependency.
#[macro_export]
macro_rules! transport_conformance_tests {
    ($transport:expr) => {
        $crate::transport_conformance_tests!(@with_cases tests ($transport));
    };
    // The one list of cases: both `CASES` and the generated tests come from it.
    (@with_cases $mode:ident $args:tt) => {
        $crate::transport_conformance_tests!(@$mode $args
            methods,
            request_headers,
            query_string,
            json_body,
            empty_body,
            large_bodies,
            status_codes,
            response_headers,
            redirects_not_followed,
            timeout_waiting_for_response,
            timeout_reading_body,
            connection_refused,
            connection_closed_before_response,
            connection_closed_mid_body,
        );
    };
    (@tests ($transport:expr) $($case:ident),* $(,)?) => {
        $(
            #[::tokio::test]
            async fn $case() {
                let transport = $transport;
                $crate::conformance::$case(&transport).await;
            }
        )*
    };
    (@consts () $($case:ident),* $(,)?) => {
        /// Every conformance case, in the order [`run_all`] runs them.
        pub const CASES: &[Case] = &[$(Case {
            name: stringify!($case),
            run: |transport| Box::pin($crate::conformance::$case(transport)),
        }),*];
    };
}

// ---------------------------------------------------------------------------------------------
// The cases.
// ---------------------------------------------------------------------------------------------

/// GET, POST, PUT, PATCH and DELETE each reach the server with their method, and the response
/// (status, body, HTTP/1.1 version over plain `http`) comes back.
pub async fn methods(transport: &dyn Transport) {
    let server = MockServer::start().await;
    let methods = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
    ];
    for m in &methods {
        Mock::given(method(m.as_str()))
            .and(path("/method"))
            .respond_with(ResponseTemplate::new(200).set_body_string(format!("saw {m}")))
            .mount(&server)
            .await;
    }
    for m in &methods {
        let request = http::Request::builder()
            .method(m.clone())
            .uri(format!("{}/method", server.uri()))
            .body(Bytes::new())
            .expect("request");
        let response = send_ok(transport, request, &format!("{m} request")).await;
        assert_eq!(response.status(), StatusCode::OK, "{m}: status");
        assert_eq!(
            response.body().as_ref(),
            format!("saw {m}").as_bytes(),
            "{m}: body"
        );
        assert_eq!(
            response.version(),
            http::Version::HTTP_11,
            "{m}: response version"
        );
    }
    let received: Vec<Method> = received(&server)
        .await
        .into_iter()
        .map(|r| r.method)
        .collect();
    assert_eq!(
        received, methods,
        "the server must see each method exactly once, in order"
    );
}

/// Request headers arrive unchanged, including several values of one header name.
pub async fn request_headers(transport: &dyn Transport) {
    let server = MockServer::start().await;
    mount_ok(&server).await;

    let request = http::Request::get(format!("{}/headers", server.uri()))
        .header("authorization", "Bearer sk_test_conformance")
        .header("user-agent", "clerk-conformance/1.0")
        .header("clerk-api-version", "2026-05-12")
        .header("x-multi", "first")
        .header("x-multi", "second")
        .header("x-multi", "third")
        .body(Bytes::new())
        .expect("request");
    send_ok(transport, request, "request with headers").await;

    let request = single_request(&server).await;
    let headers = &request.headers;
    for (name, value) in [
        ("authorization", "Bearer sk_test_conformance"),
        ("user-agent", "clerk-conformance/1.0"),
        ("clerk-api-version", "2026-05-12"),
    ] {
        assert_eq!(
            header_values(headers, name),
            vec![value.to_owned()],
            "header `{name}` must arrive once, unchanged"
        );
    }
    assert_eq!(
        header_list(headers, "x-multi"),
        vec!["first", "second", "third"],
        "every value of a repeated header must arrive, in order"
    );
}

/// The query string reaches the server exactly as given: repeated keys, percent-encoding, empty
/// values and encoded reserved characters are not re-encoded, decoded or reordered.
pub async fn query_string(transport: &dyn Transport) {
    let server = MockServer::start().await;
    mount_ok(&server).await;

    let query = "user_id=user_1&user_id=user_2&email_address=a%2Bb%40example.com\
                 &name=J%C3%B6rg%20M&empty=&order_by=-created_at&q=a%26b%3Dc&limit=10";
    let request = http::Request::get(format!("{}/v1/users?{query}", server.uri()))
        .body(Bytes::new())
        .expect("request");
    send_ok(transport, request, "request with a query string").await;

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), "/v1/users", "path");
    assert_eq!(
        request.url.query(),
        Some(query),
        "the query string must arrive byte for byte"
    );
}

/// A JSON body arrives byte-exact with its `Content-Type` and a correct `Content-Length`.
pub async fn json_body(transport: &dyn Transport) {
    let server = MockServer::start().await;
    mount_ok(&server).await;

    // Unusual but valid JSON: unicode, escapes, nesting, significant key order and whitespace.
    let json = "{\"first_name\":\"J\u{f6}rg \u{1f980}\",\"public_metadata\":{\"Z\":1,\"a\":[true,null,1.5e3]},\
                \"note\":\"line\\nbreak \\\"quoted\\\"\" , \"empty\":{}}";
    let request = http::Request::post(format!("{}/v1/users", server.uri()))
        .header("content-type", "application/json")
        .body(Bytes::from_static(json.as_bytes()))
        .expect("request");
    send_ok(transport, request, "POST with a JSON body").await;

    let request = single_request(&server).await;
    assert_eq!(
        request.body,
        json.as_bytes(),
        "the body must arrive byte-exact"
    );
    assert_eq!(
        header_values(&request.headers, "content-type"),
        vec!["application/json"],
        "content-type"
    );
    assert_no_chunking(&request, json.len());
}

/// An empty body arrives empty, for methods with and without a conventional body: no bytes, no
/// chunked encoding, and `Content-Length` either absent or `0`.
pub async fn empty_body(transport: &dyn Transport) {
    let server = MockServer::start().await;
    mount_ok(&server).await;

    for m in [Method::GET, Method::DELETE, Method::POST, Method::PATCH] {
        let request = http::Request::builder()
            .method(m.clone())
            .uri(format!("{}/empty", server.uri()))
            .body(Bytes::new())
            .expect("request");
        send_ok(transport, request, &format!("{m} with an empty body")).await;
    }
    for request in received(&server).await {
        assert!(
            request.body.is_empty(),
            "{}: the body must be empty",
            request.method
        );
        assert_no_chunking(&request, 0);
    }
}

/// An 8 MiB request body and an 8 MiB response body (the server echoes the request) round-trip
/// byte-exact.
pub async fn large_bodies(transport: &dyn Transport) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/echo"))
        .respond_with(Echo)
        .mount(&server)
        .await;

    let body = Bytes::from(pseudo_random_bytes(LARGE_BODY_SIZE));
    let request = http::Request::post(format!("{}/echo", server.uri()))
        .header("content-type", "application/octet-stream")
        .body(body.clone())
        .expect("request");
    let response = send_ok(transport, request, "8 MiB POST").await;

    let received = single_request(&server).await;
    assert!(
        received.body == body,
        "the 8 MiB request body must arrive byte-exact (got {} bytes)",
        received.body.len()
    );
    assert_eq!(response.status(), StatusCode::OK, "status");
    assert!(
        *response.body() == body,
        "the 8 MiB response body must come back byte-exact (got {} bytes)",
        response.body().len()
    );
}

/// Every status comes back as `Ok` with its headers and body: 200, 201, 204 (empty body), 404,
/// 429 (with a visible `Retry-After`) and 500.
pub async fn status_codes(transport: &dyn Transport) {
    let server = MockServer::start().await;
    let error_body = r#"{"errors":[{"code":"resource_not_found","message":"not found"}]}"#;
    let cases = [
        (200, r#"{"ok":true}"#, None),
        (201, r#"{"id":"user_1"}"#, None),
        (204, "", None),
        (404, error_body, Some(("cf-ray", "8a1b2c3d4e5f-FRA"))),
        (429, error_body, Some(("retry-after", "7"))),
        (500, error_body, Some(("x-clerk-trace-id", "trace_500"))),
    ];
    for (status, body, header) in cases {
        let mut template = ResponseTemplate::new(status);
        if !body.is_empty() {
            template = template.set_body_raw(body.as_bytes(), "application/json");
        }
        if let Some((name, value)) = header {
            template = template.insert_header(name, value);
        }
        Mock::given(path(format!("/status/{status}")))
            .respond_with(template)
            .mount(&server)
            .await;
    }

    for (status, body, header) in cases {
        let request = http::Request::get(format!("{}/status/{status}", server.uri()))
            .body(Bytes::new())
            .expect("request");
        let response = send_ok(transport, request, &format!("request answered {status}")).await;
        assert_eq!(response.status().as_u16(), status, "status {status}");
        assert_eq!(
            response.body().as_ref(),
            body.as_bytes(),
            "body of the {status} response"
        );
        if !body.is_empty() {
            assert_eq!(
                header_values(response.headers(), "content-type"),
                vec!["application/json"],
                "content-type of the {status} response"
            );
        }
        if let Some((name, value)) = header {
            assert_eq!(
                header_values(response.headers(), name),
                vec![value],
                "header `{name}` of the {status} response"
            );
        }
    }
}

/// Response headers with several values (`Set-Cookie`, a custom header) come back with every
/// value, in order.
pub async fn response_headers(transport: &dyn Transport) {
    let server = MockServer::start().await;
    Mock::given(path("/cookies"))
        .respond_with(
            ResponseTemplate::new(200)
                .append_header("set-cookie", "__session=abc; Path=/; HttpOnly")
                .append_header("set-cookie", "__client_uat=0; Path=/")
                .append_header("x-multi", "one")
                .append_header("x-multi", "two")
                .insert_header("x-single", "value with spaces"),
        )
        .mount(&server)
        .await;

    let request = http::Request::get(format!("{}/cookies", server.uri()))
        .body(Bytes::new())
        .expect("request");
    let response = send_ok(transport, request, "request for multi-valued headers").await;
    let headers = response.headers();
    assert_eq!(
        header_values(headers, "set-cookie"),
        vec!["__session=abc; Path=/; HttpOnly", "__client_uat=0; Path=/"],
        "set-cookie values"
    );
    assert_eq!(
        header_list(headers, "x-multi"),
        vec!["one", "two"],
        "x-multi values"
    );
    assert_eq!(
        header_values(headers, "x-single"),
        vec!["value with spaces"],
        "x-single"
    );
}

/// A redirect is returned to the caller as is, not followed: the request is sent exactly once.
pub async fn redirects_not_followed(transport: &dyn Transport) {
    let server = MockServer::start().await;
    Mock::given(path("/old"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/new"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/new"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;

    let request = http::Request::get(format!("{}/old", server.uri()))
        .body(Bytes::new())
        .expect("request");
    let response = send_ok(transport, request, "request answered 302").await;
    assert_eq!(response.status(), StatusCode::FOUND, "status");
    assert_eq!(
        header_values(response.headers(), "location"),
        vec!["/new"],
        "location"
    );
    server.verify().await;
}

/// With a [`RequestTimeout`], a request to a server that accepts the connection but never answers
/// fails with [`TransportError::is_timeout`], promptly. The same timeout does not disturb a fast
/// exchange.
pub async fn timeout_waiting_for_response(transport: &dyn Transport) {
    // A fast server: the timeout must not fire.
    let server = MockServer::start().await;
    mount_ok(&server).await;
    let mut request = http::Request::get(format!("{}/fast", server.uri()))
        .body(Bytes::new())
        .expect("request");
    request
        .extensions_mut()
        .insert(RequestTimeout(Duration::from_secs(10)));
    send_ok(transport, request, "fast request with a timeout").await;

    // A silent server: reads the request, never answers.
    let silent = RawServer::start(|mut stream| async move {
        let _ = read_request_head(&mut stream).await;
        std::future::pending::<()>().await;
    })
    .await;
    let error = send_with_timeout(transport, silent.url("/silent")).await;
    assert!(
        error.is_timeout(),
        "expected a timeout error, got {:?}: {error}",
        error.kind()
    );
    assert!(
        error.request_may_have_been_sent(),
        "a timed-out request may have been sent"
    );
}

/// The [`RequestTimeout`] also bounds reading the response body: a server that sends the head and
/// part of the body, then stalls, yields [`TransportError::is_timeout`].
pub async fn timeout_reading_body(transport: &dyn Transport) {
    let server = RawServer::start(|mut stream| async move {
        if read_request_head(&mut stream).await.is_some() {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n{\"partial\":")
                .await;
            let _ = stream.flush().await;
        }
        std::future::pending::<()>().await;
    })
    .await;
    let error = send_with_timeout(transport, server.url("/stall")).await;
    assert!(
        error.is_timeout(),
        "expected a timeout error, got {:?}: {error}",
        error.kind()
    );
}

/// A connection refused by the server yields [`TransportError::is_connect`] and
/// `request_may_have_been_sent() == false`, so the client may retry any method safely.
pub async fn connection_refused(transport: &dyn Transport) {
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener.local_addr().expect("local address")
        // Dropped here: nothing listens on the port any more.
    };
    let request = http::Request::post(format!("http://{address}/v1/users"))
        .header("content-type", "application/json")
        .body(Bytes::from_static(b"{}"))
        .expect("request");
    let error = send_err(transport, request, "request to a closed port").await;
    assert!(
        error.is_connect(),
        "expected a connect error, got {:?}: {error}",
        error.kind()
    );
    assert!(
        !error.request_may_have_been_sent(),
        "a refused connection means the request was not sent"
    );
}

/// A server that reads the request and closes the connection without answering yields an error
/// of kind io or other (not connect: the request was sent), not a panic.
pub async fn connection_closed_before_response(transport: &dyn Transport) {
    let server = RawServer::start(|mut stream| async move {
        let _ = read_request_head(&mut stream).await;
        drop(stream);
    })
    .await;
    let request = http::Request::get(server.url("/close"))
        .body(Bytes::new())
        .expect("request");
    let error = send_err(transport, request, "request to a server that hangs up").await;
    assert_in_flight_failure(&error);
}

/// A server that closes the connection in the middle of the response body yields an error of kind
/// io or other, not a truncated `Ok` response and not a panic.
pub async fn connection_closed_mid_body(transport: &dyn Transport) {
    let server = RawServer::start(|mut stream| async move {
        if read_request_head(&mut stream).await.is_some() {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n{\"partial\":")
                .await;
            let _ = stream.flush().await;
            let _ = stream.shutdown().await;
        }
    })
    .await;
    let request = http::Request::get(server.url("/truncated"))
        .body(Bytes::new())
        .expect("request");
    let error = send_err(transport, request, "request answered with a truncated body").await;
    assert_in_flight_failure(&error);
}

// ---------------------------------------------------------------------------------------------
// Helpers.
// ---------------------------------------------------------------------------------------------

/// Sends `request` and expects a response.
async fn send_ok(
    transport: &dyn Transport,
    request: http::Request<Bytes>,
    what: &str,
) -> http::Response<Bytes> {
    match transport.send(request).await {
        Ok(response) => response,
        Err(error) => panic!(
            "{what}: expected a response, got {:?}: {error}",
            error.kind()
        ),
    }
}

/// Sends `request` and expects an error.
async fn send_err(
    transport: &dyn Transport,
    request: http::Request<Bytes>,
    what: &str,
) -> TransportError {
    match transport.send(request).await {
        Ok(response) => panic!(
            "{what}: expected an error, got a response with status {}",
            response.status()
        ),
        Err(error) => error,
    }
}

/// Sends a GET to `url` with [`SHORT_TIMEOUT`], expects an error, and checks it came in time.
async fn send_with_timeout(transport: &dyn Transport, url: String) -> TransportError {
    let mut request = http::Request::get(url).body(Bytes::new()).expect("request");
    request
        .extensions_mut()
        .insert(RequestTimeout(SHORT_TIMEOUT));
    let started = Instant::now();
    // The outer guard keeps a transport that ignores `RequestTimeout` from hanging the suite.
    let sent = tokio::time::timeout(
        SHORT_TIMEOUT + TIMEOUT_SLACK,
        send_err(transport, request, "request to a stalled server"),
    )
    .await;
    let elapsed = started.elapsed();
    match sent {
        Ok(error) => error,
        Err(_) => panic!(
            "the {SHORT_TIMEOUT:?} RequestTimeout was not honoured: still waiting after {elapsed:?}"
        ),
    }
}

fn assert_in_flight_failure(error: &TransportError) {
    assert!(
        matches!(
            error.kind(),
            TransportErrorKind::Io | TransportErrorKind::Other
        ),
        "expected an io or other error, got {:?}: {error}",
        error.kind()
    );
    assert!(
        error.request_may_have_been_sent(),
        "the request reached the server, so it may have been sent"
    );
}

/// Asserts the request was not chunked and its `Content-Length`, if any, equals `len` (absent is
/// accepted only for an empty body).
fn assert_no_chunking(request: &ReceivedRequest, len: usize) {
    let what = &request.method;
    assert!(
        request.headers.get("transfer-encoding").is_none(),
        "{what}: a buffered body must not be sent chunked (got transfer-encoding {:?})",
        request.headers.get("transfer-encoding")
    );
    let content_length = header_values(&request.headers, "content-length");
    if len == 0 && content_length.is_empty() {
        return;
    }
    assert_eq!(
        content_length,
        vec![len.to_string()],
        "{what}: content-length"
    );
}

/// Every value of header `name`, one per header line, in order.
fn header_values(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .collect()
}

/// Every element of the comma-separated list header `name`, in order. A transport may send
/// several lines `a` and `b` or fold them into one line `a, b`: both mean the same
/// (RFC 9110, section 5.3). Never use it for `Set-Cookie`, which may not be folded.
fn header_list(headers: &HeaderMap, name: &str) -> Vec<String> {
    header_values(headers, name)
        .iter()
        .flat_map(|line| line.split(','))
        .map(|element| element.trim().to_owned())
        .collect()
}

/// Mounts a catch-all 200 responder.
async fn mount_ok(server: &MockServer) {
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(&b"{}"[..], "application/json"))
        .mount(server)
        .await;
}

async fn received(server: &MockServer) -> Vec<ReceivedRequest> {
    server
        .received_requests()
        .await
        .expect("wiremock records requests")
}

/// The one request the server received.
async fn single_request(server: &MockServer) -> ReceivedRequest {
    let mut requests = received(server).await;
    assert_eq!(
        requests.len(),
        1,
        "the request must reach the server exactly once"
    );
    requests.remove(0)
}

/// Answers 200 with the request's body.
struct Echo;

impl Respond for Echo {
    fn respond(&self, request: &ReceivedRequest) -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_raw(request.body.clone(), "application/octet-stream")
    }
}

/// Deterministic, incompressible-looking bytes (xorshift), so a shifted or dropped chunk shows.
fn pseudo_random_bytes(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A raw TCP server on `127.0.0.1`, random port, for behaviour `wiremock` cannot produce. Each
/// accepted connection is handled by `handler` on its own task; dropping the server aborts the
/// accept loop and every connection.
struct RawServer {
    address: SocketAddr,
    accept_loop: JoinHandle<()>,
}

impl RawServer {
    async fn start<F, Fut>(handler: F) -> Self
    where
        F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let address = listener.local_addr().expect("local address");
        let accept_loop = tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                connections.spawn(handler(stream));
            }
        });
        Self {
            address,
            accept_loop,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        // Aborting the accept loop drops its `JoinSet`, which aborts every connection task.
        self.accept_loop.abort();
    }
}

/// Reads an HTTP/1 request head (up to the blank line). `None` if the peer closed first.
async fn read_request_head(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    let mut buffer = [0_u8; 4096];
    loop {
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 {
            return None;
        }
        head.extend_from_slice(&buffer[..read]);
        if head.windows(4).any(|window| window == b"\r\n\r\n") {
            return Some(head);
        }
    }
}
