//! One behaviour table for request authentication, run against every web framework adapter.
//!
//! Each [`Case`] is a request (headers, cookies, query) built from real RS256 tokens minted by a
//! [`FakeClerk`], and what an app must answer on four routes that every adapter's example app
//! serves the same way:
//!
//! | route | auth | 200 body | otherwise |
//! |---|---|---|---|
//! | `GET /` | optional | `{"signed_in": bool, "user_id"?, "reason"?}` | never fails |
//! | `GET /protected` | required | `{"user_id", "session_id"}` | 401/403 `{"error", "reason", "message"}` |
//! | `GET /org/admin` | role `org:admin` | `{"user_id", "org_id"}` | 401, or 403 `missing-role` |
//! | `GET /org/billing` | permission `org:billing:manage` | `{"user_id", "org_id"}` | 401, or 403 `missing-permission` |
//!
//! The app under test is configured with the fixture's fake (`CLERK_SECRET_KEY`,
//! `CLERK_API_URL`) and [`Fixture::authorized_parties`]. [`run`] sends every case to every route
//! over raw HTTP/1.1 (so that non-UTF-8 header bytes reach the app) and reports every mismatch
//! at once. A case added to [`cases`] runs against every adapter.
//!
//! ```no_run
//! # async fn run(addr: std::net::SocketAddr) {
//! use clerk_testing::behaviour::{Fixture, run};
//!
//! let fixture = Fixture::start().await;
//! // … start the app under test with fixture.fake().api_url(), fixture.fake().secret_key()
//! // and fixture.authorized_parties(), listening on `addr` …
//! let report = run(&fixture, addr).await;
//! assert!(report.failures.is_empty(), "{report}");
//! # }
//! ```

use std::fmt;
use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::FakeClerk;

/// The origin the fixture's tokens are issued for, and the app's only authorized party.
pub const AUTHORIZED_PARTY: &str = "https://app.example.com";

/// A fake Clerk with one user and one session, and helpers to mint tokens for them.
#[derive(Debug)]
pub struct Fixture {
    fake: FakeClerk,
    user_id: String,
    session_id: String,
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Fixture {
    /// Starts a fake Clerk and creates the user and session the cases sign in as.
    pub async fn start() -> Fixture {
        let fake = FakeClerk::start().await;
        let user = fake.create_user(json!({ "email_address": ["table@example.com"] }));
        let user_id = user["id"].as_str().unwrap_or_default().to_owned();
        let session = fake.create_session(&user_id);
        let session_id = session["id"].as_str().unwrap_or_default().to_owned();
        Fixture {
            fake,
            user_id,
            session_id,
        }
    }

    /// The fake Clerk the app under test must use.
    pub fn fake(&self) -> &FakeClerk {
        &self.fake
    }

    /// The user the cases sign in as.
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// The session the cases sign in with.
    pub fn session_id(&self) -> &str {
        &self.session_id
    }

    /// A client for the fixture's fake over `transport`, reading nothing from the environment.
    ///
    /// # Panics
    /// Never for the fake's own URL and key.
    pub fn clerk(&self, transport: impl clerk_core::Transport) -> clerk_core::Clerk {
        clerk_core::Clerk::builder()
            .environment(clerk_core::Environment::from_pairs::<_, String, String>([]))
            .secret_key(self.fake.secret_key())
            .api_url(self.fake.api_url())
            .transport(transport)
            .build()
            .expect("the fake's URL and key are valid options")
    }

    /// The authenticator the app under test must use: the fixture's fake over `transport`, with
    /// [`authorized_parties`](Self::authorized_parties).
    pub fn authenticator(
        &self,
        transport: impl clerk_core::Transport,
    ) -> clerk_core::verify::Authenticator {
        clerk_core::verify::Authenticator::builder(self.clerk(transport))
            .environment(clerk_core::Environment::from_pairs::<_, String, String>([]))
            .authorized_parties(self.authorized_parties())
            .build()
            .expect("no jwt_key is set, so the options are valid")
    }

    /// The authorized parties the app under test must be configured with.
    pub fn authorized_parties(&self) -> Vec<String> {
        vec![AUTHORIZED_PARTY.to_owned()]
    }

    /// The claims of a valid session token, issued now for 60 s.
    pub fn claims(&self) -> Value {
        let now = now();
        json!({
            "iss": self.fake.issuer(),
            "sub": self.user_id,
            "sid": self.session_id,
            "azp": AUTHORIZED_PARTY,
            "iat": now,
            "nbf": now - 10,
            "exp": now + 60,
            "v": 2,
            "sts": "active",
            "fva": [0, -1],
        })
    }

    /// A token with the valid claims, `overrides` merged over them (`null` removes a claim).
    pub fn token(&self, overrides: Value) -> String {
        let mut claims = self.claims();
        if let (Some(base), Value::Object(extra)) = (claims.as_object_mut(), overrides) {
            for (k, v) in extra {
                if v.is_null() {
                    base.remove(&k);
                } else {
                    base.insert(k, v);
                }
            }
        }
        self.fake.sign_jwt(&claims)
    }
}

/// One request of the table.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Header lines, as raw bytes after `Name: `.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The query string (without `?`), added to every route.
    pub query: String,
}

impl Request {
    fn header(mut self, name: &str, value: impl Into<Vec<u8>>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    fn bearer(self, token: &str) -> Self {
        self.header("Authorization", format!("Bearer {token}"))
    }

    fn cookie(self, value: &str) -> Self {
        self.header("Cookie", value)
    }
}

/// What a route must answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// 200, and the handler saw this user.
    SignedIn,
    /// This status and reason.
    Rejected(u16, &'static str),
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct Case {
    /// What the row is about.
    pub name: &'static str,
    /// The request.
    pub request: Request,
    /// `GET /protected` (required auth); `GET /` (optional auth) must agree: signed in exactly
    /// when this is [`Expect::SignedIn`], else signed out with the same reason.
    pub protected: Expect,
    /// `GET /org/admin`.
    pub admin: Expect,
    /// `GET /org/billing`.
    pub billing: Expect,
    /// Whether a header of this request holds bytes that are not UTF-8.
    pub non_utf8_header: bool,
}

fn case(name: &'static str, request: Request, protected: Expect) -> Case {
    let org = match &protected {
        Expect::SignedIn => Expect::Rejected(403, "missing-role"),
        other => other.clone(),
    };
    let billing = match &protected {
        Expect::SignedIn => Expect::Rejected(403, "missing-permission"),
        other => other.clone(),
    };
    let non_utf8_header = request
        .headers
        .iter()
        .any(|(_, value)| std::str::from_utf8(value).is_err());
    Case {
        name,
        request,
        protected,
        admin: org,
        billing,
        non_utf8_header,
    }
}

fn segment(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// Replaces the header of `token` (its signature no longer matches).
fn with_header(token: &str, header: Value) -> String {
    let rest = token.split_once('.').map_or("", |(_, rest)| rest);
    format!("{}.{rest}", segment(&header))
}

fn hs256_with_public_key(fx: &Fixture) -> String {
    let header = segment(&json!({ "alg": "HS256", "typ": "JWT" }));
    let payload = segment(&fx.claims());
    let input = format!("{header}.{payload}");
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, fx.fake.public_key_pem().as_bytes());
    let tag = ring::hmac::sign(&key, input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))
}

/// Every case, with tokens minted now.
pub fn cases(fx: &Fixture) -> Vec<Case> {
    use Expect::{Rejected, SignedIn};
    let now = now();
    let valid = fx.token(json!({}));
    let other_valid = fx.token(json!({ "iat": now - 1 }));
    let v2_admin = fx.token(json!({
        "o": { "id": "org_1", "slg": "acme", "rol": "admin", "per": "read,manage", "fpm": "3" },
        "fea": "o:billing",
    }));
    let v2_member = fx.token(json!({
        "o": { "id": "org_1", "slg": "acme", "rol": "member", "per": "read,manage", "fpm": "1" },
        "fea": "o:billing",
    }));
    let v1_admin = fx.token(json!({
        "v": null,
        "org_id": "org_1", "org_slug": "acme", "org_role": "org:admin",
        "org_permissions": ["org:billing:manage"],
    }));
    let v1_member = fx.token(json!({
        "v": null,
        "org_id": "org_1", "org_slug": "acme", "org_role": "org:member",
        "org_permissions": ["org:billing:read"],
    }));
    let tampered = {
        let mut parts: Vec<String> = valid.split('.').map(str::to_owned).collect();
        if let Some(sig) = parts.get_mut(2) {
            let flipped = if sig.starts_with('A') { "B" } else { "A" };
            sig.replace_range(0..1, flipped);
        }
        parts.join(".")
    };
    let unknown_kid = with_header(
        &valid,
        json!({ "alg": "RS256", "kid": "ins_unknown", "typ": "JWT" }),
    );
    let alg_none = format!(
        "{}.{}.",
        segment(&json!({ "alg": "none", "typ": "JWT" })),
        segment(&fx.claims())
    );
    let template = fx.token(json!({ "sid": null }));
    let r = Request::default;
    let mut rows = vec![
        case("valid header token", r().bearer(&valid), SignedIn),
        case(
            "valid cookie token",
            r().cookie(&format!("__session={valid}")),
            SignedIn,
        ),
        case(
            "header wins over cookie",
            r().bearer("not-a-jwt")
                .cookie(&format!("__session={valid}")),
            Rejected(401, "token-invalid"),
        ),
        case(
            "header wins over cookie (valid header)",
            r().bearer(&valid).cookie("__session=garbage"),
            SignedIn,
        ),
        case("no token", r(), Rejected(401, "session-token-missing")),
        case(
            "other cookies only",
            r().cookie("theme=dark; __client_uat=0"),
            Rejected(401, "session-token-missing"),
        ),
        case(
            "other scheme",
            r().header("Authorization", "Basic dXNlcjpwYXNz"),
            Rejected(401, "session-token-missing"),
        ),
        case(
            "expired",
            r().bearer(&fx.token(json!({ "iat": now - 120, "nbf": now - 120, "exp": now - 30 }))),
            Rejected(401, "token-expired"),
        ),
        case(
            "expired within skew",
            r().bearer(&fx.token(json!({ "exp": now - 2 }))),
            SignedIn,
        ),
        case(
            "not yet valid",
            r().bearer(&fx.token(json!({ "nbf": now + 30 }))),
            Rejected(401, "token-not-active-yet"),
        ),
        case(
            "iat in the future beyond skew",
            r().bearer(&fx.token(json!({ "iat": now + 30 }))),
            Rejected(401, "token-iat-in-the-future"),
        ),
        case(
            "iat in the future within skew",
            r().bearer(&fx.token(json!({ "iat": now + 3 }))),
            SignedIn,
        ),
        case(
            "wrong signature",
            r().bearer(&tampered),
            Rejected(401, "token-invalid-signature"),
        ),
        case(
            "unknown kid",
            r().bearer(&unknown_kid),
            Rejected(401, "jwk-kid-mismatch"),
        ),
        case(
            "alg none",
            r().bearer(&alg_none),
            Rejected(401, "token-invalid-algorithm"),
        ),
        case(
            "HS256 signed with the public key",
            r().bearer(&hs256_with_public_key(fx)),
            Rejected(401, "token-invalid-algorithm"),
        ),
        case(
            "wrong azp",
            r().bearer(&fx.token(json!({ "azp": "https://evil.example" }))),
            Rejected(403, "token-invalid-authorized-parties"),
        ),
        case(
            "missing azp with authorized parties set",
            r().bearer(&fx.token(json!({ "azp": null }))),
            Rejected(403, "token-invalid-authorized-parties"),
        ),
        case(
            "pending session",
            r().bearer(&fx.token(json!({ "sts": "pending" }))),
            Rejected(401, "session-pending"),
        ),
        case(
            "JWT template token (no sid)",
            r().bearer(&template),
            Rejected(401, "token-type-mismatch"),
        ),
        case(
            "malformed token",
            r().bearer("abc.def"),
            Rejected(401, "token-invalid"),
        ),
        case(
            "malformed base64",
            r().bearer("e30.!!!.e30"),
            Rejected(401, "token-invalid"),
        ),
        case(
            "token of 16 KB",
            r().bearer(&"a".repeat(16 * 1024)),
            Rejected(401, "token-invalid"),
        ),
        case(
            "non-UTF-8 header bytes",
            r().header("Authorization", b"Bearer \xff\xfe\xfd".to_vec()),
            Rejected(401, "token-invalid"),
        ),
        case(
            "non-UTF-8 cookie bytes, then a valid session cookie",
            r().header(
                "Cookie",
                [b"x=\xff\xfe; __session=".as_slice(), valid.as_bytes()].concat(),
            ),
            SignedIn,
        ),
        case(
            "duplicate cookies: the first one counts",
            r().cookie(&format!("__session={valid}; __session=garbage")),
            SignedIn,
        ),
        case(
            "duplicate cookies: a bad first one is not skipped",
            r().cookie(&format!("__session=garbage; __session={valid}")),
            Rejected(401, "token-invalid"),
        ),
        case(
            "duplicate Cookie headers",
            r().cookie(&format!("__session={valid}"))
                .cookie(&format!("__session={other_valid}")),
            SignedIn,
        ),
        case(
            "lowercase bearer, odd spacing",
            r().header("Authorization", format!("bearer    {valid}  ")),
            SignedIn,
        ),
        case(
            "BEARER with a tab",
            r().header("Authorization", format!("BEARER\t{valid}")),
            SignedIn,
        ),
        case(
            "token without scheme",
            r().header("Authorization", valid.clone()),
            SignedIn,
        ),
        case(
            "empty bearer",
            r().header("Authorization", "Bearer "),
            Rejected(401, "token-invalid"),
        ),
    ];
    let mut matching = r().bearer(&valid);
    matching.query = format!("_clerk_session_id={}", fx.session_id);
    rows.push(case("_clerk_session_id matching sid", matching, SignedIn));
    let mut mismatch = r().bearer(&valid);
    mismatch.query = "_clerk_session_id=sess_someone_else".to_owned();
    rows.push(case(
        "_clerk_session_id mismatch",
        mismatch,
        Rejected(401, "session-id-mismatch"),
    ));
    for (name, token, admin, billing) in [
        ("org admin with billing:manage (v2)", &v2_admin, true, true),
        (
            "org member with billing:read only (v2)",
            &v2_member,
            false,
            false,
        ),
        ("org admin with billing:manage (v1)", &v1_admin, true, true),
        (
            "org member without billing:manage (v1)",
            &v1_member,
            false,
            false,
        ),
    ] {
        rows.push(Case {
            name,
            non_utf8_header: false,
            request: r().bearer(token),
            protected: SignedIn,
            admin: if admin {
                SignedIn
            } else {
                Rejected(403, "missing-role")
            },
            billing: if billing {
                SignedIn
            } else {
                Rejected(403, "missing-permission")
            },
        });
    }
    rows
}

/// A raw HTTP/1.1 answer.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The status code.
    pub status: u16,
    /// The body, as text.
    pub body: String,
}

/// Sends one `GET` over a fresh connection, headers as raw bytes.
///
/// # Errors
/// An I/O error, or a response that is not HTTP/1.x.
pub async fn raw_get(
    addr: SocketAddr,
    path: &str,
    headers: &[(String, Vec<u8>)],
) -> std::io::Result<RawResponse> {
    let mut request =
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n").into_bytes();
    for (name, value) in headers {
        request.extend_from_slice(name.as_bytes());
        request.extend_from_slice(b": ");
        request.extend_from_slice(value);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"\r\n");
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    stream.write_all(&request).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw);
    let invalid =
        || std::io::Error::new(std::io::ErrorKind::InvalidData, "not an HTTP/1.x response");
    let status = text
        .strip_prefix("HTTP/1.")
        .and_then(|rest| rest.get(2..5))
        .and_then(|code| code.parse().ok())
        .ok_or_else(invalid)?;
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(invalid)?;
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Ok(RawResponse { status, body })
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// The outcome of [`run`].
#[derive(Debug, Default)]
pub struct Report {
    /// Cases run.
    pub cases: usize,
    /// Requests sent.
    pub requests: usize,
    /// One line per mismatch.
    pub failures: Vec<String>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} cases, {} requests, {} failures",
            self.cases,
            self.requests,
            self.failures.len()
        )?;
        for failure in &self.failures {
            writeln!(f, "  - {failure}")?;
        }
        Ok(())
    }
}

fn check(
    report: &mut Report,
    case: &str,
    route: &str,
    expect: &Expect,
    response: &RawResponse,
    user_id: &str,
) {
    let body: Value = serde_json::from_str(&response.body).unwrap_or(Value::Null);
    let mut fail = |what: String| {
        report.failures.push(format!(
            "{case} — GET {route}: {what}; got {} {}",
            response.status, response.body
        ));
    };
    if response.status >= 500 {
        fail("a server error".into());
        return;
    }
    match expect {
        Expect::SignedIn => {
            if response.status != 200 {
                fail("expected 200".into());
            } else if body["user_id"] != user_id {
                fail(format!("expected the handler to see {user_id}"));
            }
        }
        Expect::Rejected(status, reason) => {
            if response.status != *status {
                fail(format!("expected {status} {reason}"));
            } else if body["reason"] != *reason {
                fail(format!("expected reason {reason}"));
            } else if !body["message"].is_string() || !body["error"].is_string() {
                fail("expected a JSON body with error, reason and message".into());
            }
        }
    }
}

/// What a framework does before the adapter's code runs, where frameworks differ.
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct Framework {
    /// The framework drops a header whose value is not UTF-8 (Rocket 0.5 does, with a log
    /// warning), so the adapter never sees it: such a request is expected to be signed out with
    /// `session-token-missing`, as if the header were absent.
    pub drops_non_utf8_headers: bool,
}

impl Framework {
    /// A framework that hands every header to the adapter as bytes (axum, actix-web).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`drops_non_utf8_headers`](Self::drops_non_utf8_headers).
    pub fn drops_non_utf8_headers(mut self, drops: bool) -> Self {
        self.drops_non_utf8_headers = drops;
        self
    }
}

/// Sends every case to `GET /`, `/protected`, `/org/admin` and `/org/billing` of the app at
/// `addr` and checks the answers.
pub async fn run(fixture: &Fixture, addr: SocketAddr) -> Report {
    run_with(fixture, addr, Framework::new()).await
}

/// As [`run`], for a framework that behaves as `framework` says before the adapter runs.
pub async fn run_with(fixture: &Fixture, addr: SocketAddr, framework: Framework) -> Report {
    let mut report = Report::default();
    for mut case in cases(fixture) {
        if framework.drops_non_utf8_headers && case.non_utf8_header {
            let missing = Expect::Rejected(401, "session-token-missing");
            case.protected = missing.clone();
            case.admin = missing.clone();
            case.billing = missing;
        }
        report.cases += 1;
        let query = if case.request.query.is_empty() {
            String::new()
        } else {
            format!("?{}", case.request.query)
        };
        for (route, expect) in [
            ("/protected", &case.protected),
            ("/org/admin", &case.admin),
            ("/org/billing", &case.billing),
        ] {
            report.requests += 1;
            match raw_get(addr, &format!("{route}{query}"), &case.request.headers).await {
                Ok(response) => check(
                    &mut report,
                    case.name,
                    route,
                    expect,
                    &response,
                    fixture.user_id(),
                ),
                Err(e) => report
                    .failures
                    .push(format!("{} — GET {route}: {e}", case.name)),
            }
        }
        report.requests += 1;
        match raw_get(addr, &format!("/{query}"), &case.request.headers).await {
            Ok(response) => {
                let body: Value = serde_json::from_str(&response.body).unwrap_or(Value::Null);
                let ok = response.status == 200
                    && match &case.protected {
                        Expect::SignedIn => {
                            body["signed_in"] == true && body["user_id"] == fixture.user_id()
                        }
                        Expect::Rejected(_, reason) => {
                            body["signed_in"] == false && body["reason"] == *reason
                        }
                    };
                if !ok {
                    report.failures.push(format!(
                        "{} — GET / (optional auth): expected {:?}; got {} {}",
                        case.name, case.protected, response.status, response.body
                    ));
                }
            }
            Err(e) => report.failures.push(format!("{} — GET /: {e}", case.name)),
        }
    }
    report
}
