//! Test controls on the fake: injected faults, the request journal, and the HTTP control API
//! under `/__fake/` that exposes them (and token minting, keys, the clock, seeding, reset and
//! the Frontend API actions the fake has no Frontend API for) to clients in any language.
//!
//! Faults are one wiremock mock of the highest priority whose matcher consults the fake's fault
//! list, so that the HTTP control API can add and remove them while the server runs (a wiremock
//! responder cannot mount mocks). wiremock matches and responds to one request at a time, so a
//! fault's `times` is counted exactly.

use std::collections::VecDeque;
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};
use wiremock::{Match, Request, Respond, ResponseTemplate};

use crate::error::FakeError;
use crate::fake::Inner;
use crate::keys::KeyRing;
use crate::router::ClerkResponder;
use crate::seed;
use crate::token::{TokenSpec, mint};

/// Every path of the control API starts with this; no Clerk path does.
pub(crate) const CONTROL_PREFIX: &str = "/__fake/";

/// How many requests the journal keeps; the oldest are dropped first.
pub(crate) const JOURNAL_CAPACITY: usize = 10_000;

// ----------------------------------------------------------------------------------------------
// Faults

/// A fault to inject: an answer (or a delay) for matching requests that wins over Clerk's.
///
/// ```
/// use std::time::Duration;
/// use clerk_testing::Fault;
///
/// // The next two `GET /v1/users...` requests answer 429 with `Retry-After: 1`.
/// let rate_limited = Fault::new("/v1/users*", 429).method("GET").retry_after(1).times(2);
/// // Every request to one user answers 503 after 200 ms.
/// let outage = Fault::new("/v1/users/user_1", 503).delay(Duration::from_millis(200));
/// // Clerk's real answer, 2 s late.
/// let slow = Fault::slow("/v1/sessions*", Duration::from_secs(2));
/// # let _ = (rate_limited, outage, slow);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    method: Option<String>,
    path: String,
    prefix: bool,
    status: Option<u16>,
    retry_after_secs: Option<u64>,
    body: Option<Value>,
    delay: Option<Duration>,
    times: Option<u32>,
}

impl Fault {
    /// Answers `status` to requests for `path`: an exact path such as `/v1/users/user_1`, or a
    /// prefix when it ends in `*` (`/v1/users*`). The body is Clerk's error JSON for 4xx/5xx
    /// (`too_many_requests` for 429) unless [`body`](Self::body) sets one. A status outside
    /// 100..=999 answers 500.
    pub fn new(path: impl Into<String>, status: u16) -> Fault {
        let mut fault = Fault::slow(path, Duration::ZERO);
        fault.status = Some(status);
        fault.delay = None;
        fault
    }

    /// Lets Clerk answer requests for `path` (exact, or a prefix ending in `*`) as usual, but
    /// `delay` late.
    pub fn slow(path: impl Into<String>, delay: Duration) -> Fault {
        let path = path.into();
        let (path, prefix) = match path.strip_suffix('*') {
            Some(p) => (p.to_string(), true),
            None => (path, false),
        };
        Fault {
            method: None,
            path,
            prefix,
            status: None,
            retry_after_secs: None,
            body: None,
            delay: Some(delay),
            times: None,
        }
    }

    /// Only requests with this method (any method by default).
    pub fn method(mut self, method: &str) -> Self {
        self.method = Some(method.to_ascii_uppercase());
        self
    }

    /// Adds a `Retry-After: secs` header.
    pub fn retry_after(mut self, secs: u64) -> Self {
        self.retry_after_secs = Some(secs);
        self
    }

    /// The JSON body to answer instead of Clerk's error JSON.
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Answers only after `delay` (other requests are served meanwhile).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Applies to the next `n` matching requests only, then disappears (default: until the
    /// faults are cleared). Faults apply in the order they were injected, so `times` chains:
    /// a 429 ×2 then a 500 ×1 answer 429, 429, 500, then Clerk.
    pub fn times(mut self, n: u32) -> Self {
        self.times = Some(n);
        self
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        let path_ok = if self.prefix {
            path.starts_with(&self.path)
        } else {
            path == self.path
        };
        path_ok && self.method.as_deref().is_none_or(|m| m == method)
    }

    fn response(&self, inner: &Arc<Inner>, request: &Request) -> ResponseTemplate {
        let mut template = match self.status {
            None => ClerkResponder(Arc::clone(inner)).respond(request),
            Some(status) => {
                let status = http::StatusCode::from_u16(status)
                    .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
                let body = match &self.body {
                    Some(b) => Some(b.clone()),
                    None if status.as_u16() >= 400 => Some(fault_error(status.as_u16()).body),
                    None if status.as_u16() == 204 || status.as_u16() == 304 => None,
                    None => Some(json!({})),
                };
                let t = ResponseTemplate::new(status);
                match body {
                    Some(b) => t.set_body_raw(b.to_string().into_bytes(), "application/json"),
                    None => t,
                }
            }
        };
        if let Some(secs) = self.retry_after_secs {
            template = template.insert_header("Retry-After", secs.to_string().as_str());
        }
        if let Some(delay) = self.delay.filter(|d| !d.is_zero()) {
            template = template.set_delay(delay);
        }
        template
    }

    /// `{"method","path","status","retry_after_secs","body","delay_ms","times"}`.
    fn to_json(&self, remaining: Option<u32>) -> Value {
        let path = if self.prefix {
            format!("{}*", self.path)
        } else {
            self.path.clone()
        };
        json!({
            "method": self.method,
            "path": path,
            "status": self.status,
            "retry_after_secs": self.retry_after_secs,
            "body": self.body,
            "delay_ms": self.delay.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            "times_left": remaining,
        })
    }

    /// Parses the body of `POST /__fake/faults`.
    fn from_json(body: &Map<String, Value>) -> Result<Fault, FakeError> {
        check_known(
            body,
            &[
                "method",
                "path",
                "status",
                "retry_after_secs",
                "body",
                "delay_ms",
                "times",
            ],
        )?;
        let path = opt_str(body, "path")?.ok_or_else(|| FakeError::missing("path"))?;
        if !path.starts_with('/') {
            return Err(FakeError::invalid("path", "must start with /"));
        }
        let status = opt_u64(body, "status")?;
        let delay = opt_u64(body, "delay_ms")?.map(Duration::from_millis);
        let mut fault = match (status, delay) {
            (Some(s), _) if !(200..=599).contains(&s) => {
                return Err(FakeError::value_invalid(
                    "status",
                    "must be between 200 and 599",
                ));
            }
            (Some(s), _) => Fault::new(path, u16::try_from(s).unwrap_or(500)),
            (None, Some(d)) => Fault::slow(path, d),
            (None, None) => return Err(FakeError::missing("status")),
        };
        if let Some(d) = delay {
            fault = fault.delay(d);
        }
        if let Some(m) = opt_str(body, "method")? {
            fault = fault.method(m);
        }
        if let Some(s) = opt_u64(body, "retry_after_secs")? {
            fault = fault.retry_after(s);
        }
        if let Some(b) = body.get("body").filter(|b| !b.is_null()) {
            fault = fault.body(b.clone());
        }
        if let Some(n) = opt_u64(body, "times")? {
            let n = u32::try_from(n)
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| FakeError::value_invalid("times", "must be a positive integer"))?;
            fault = fault.times(n);
        }
        Ok(fault)
    }
}

/// Clerk's error JSON for an injected status.
fn fault_error(status: u16) -> FakeError {
    let (code, message) = match status {
        429 => ("too_many_requests", "Too many requests"),
        500..=599 => ("internal_clerk_error", "Oops, an unexpected error occurred"),
        _ => ("injected_fault", "Injected fault"),
    };
    FakeError::new(
        status,
        code,
        message,
        &format!("{message} (a fault injected into the fake Clerk)"),
        json!({}),
    )
}

struct ActiveFault {
    id: u64,
    fault: Fault,
    remaining: Option<u32>,
}

/// A request as the journal remembers it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestSummary {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path as sent (percent-encoded), e.g. `/v1/users/user_1`.
    pub path: String,
    /// The query string without `?`, if any.
    pub query: Option<String>,
    /// The status answered.
    pub status: u16,
    /// Whether an injected fault answered it.
    pub fault: bool,
    /// When it arrived, in the fake clock's Unix milliseconds.
    pub at_ms: i64,
}

impl RequestSummary {
    fn to_json(&self) -> Value {
        json!({
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "status": self.status,
            "fault": self.fault,
            "at_ms": self.at_ms,
        })
    }
}

/// The faults and the journal of one fake.
#[derive(Default)]
pub(crate) struct Controls {
    faults: Mutex<Vec<ActiveFault>>,
    next_fault: AtomicU64,
    journal: Mutex<VecDeque<RequestSummary>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Controls {
    /// Adds a fault after the existing ones; returns its id.
    pub(crate) fn inject(&self, fault: Fault) -> u64 {
        let id = self.next_fault.fetch_add(1, Ordering::Relaxed) + 1;
        let remaining = fault.times;
        lock(&self.faults).push(ActiveFault {
            id,
            fault,
            remaining,
        });
        id
    }

    /// Removes every fault; returns how many there were.
    pub(crate) fn clear_faults(&self) -> usize {
        std::mem::take(&mut *lock(&self.faults)).len()
    }

    /// The active faults as JSON.
    fn faults_json(&self) -> Vec<Value> {
        lock(&self.faults)
            .iter()
            .map(|f| {
                let mut v = f.fault.to_json(f.remaining);
                v["id"] = json!(f.id);
                v
            })
            .collect()
    }

    fn any_fault_matches(&self, method: &str, path: &str) -> bool {
        lock(&self.faults)
            .iter()
            .any(|f| f.fault.matches(method, path))
    }

    /// The first matching fault, counting one use of it.
    fn take_fault(&self, method: &str, path: &str) -> Option<Fault> {
        let mut faults = lock(&self.faults);
        let pos = faults.iter().position(|f| f.fault.matches(method, path))?;
        let active = faults.get_mut(pos)?;
        let fault = active.fault.clone();
        if let Some(n) = active.remaining.as_mut() {
            *n = n.saturating_sub(1);
            if *n == 0 {
                faults.remove(pos);
            }
        }
        Some(fault)
    }

    pub(crate) fn record(&self, summary: RequestSummary) {
        let mut journal = lock(&self.journal);
        if journal.len() >= JOURNAL_CAPACITY {
            journal.pop_front();
        }
        journal.push_back(summary);
    }

    pub(crate) fn journal(&self) -> Vec<RequestSummary> {
        lock(&self.journal).iter().cloned().collect()
    }

    pub(crate) fn clear_journal(&self) {
        lock(&self.journal).clear();
    }
}

impl fmt::Debug for Controls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Controls")
            .field("faults", &lock(&self.faults).len())
            .field("journal", &lock(&self.journal).len())
            .finish()
    }
}

fn method_of(request: &Request) -> String {
    request.method.as_str().to_ascii_uppercase()
}

fn is_control(path: &str) -> bool {
    path.starts_with(CONTROL_PREFIX) || path == "/__fake"
}

/// Matches requests an injected fault applies to.
pub(crate) struct FaultMatcher(pub(crate) Arc<Inner>);

impl Match for FaultMatcher {
    fn matches(&self, request: &Request) -> bool {
        let path = request.url.path();
        !is_control(path) && self.0.controls.any_fault_matches(&method_of(request), path)
    }
}

/// Answers with the first matching fault (or, if it vanished meanwhile, as Clerk).
pub(crate) struct FaultResponder(pub(crate) Arc<Inner>);

impl Respond for FaultResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let started = Instant::now();
        let method = method_of(request);
        let fault = self.0.controls.take_fault(&method, request.url.path());
        let template = match &fault {
            Some(f) => f.response(&self.0, request),
            None => ClerkResponder(Arc::clone(&self.0)).respond(request),
        };
        let delay = fault.as_ref().and_then(|f| f.delay).unwrap_or_default();
        observe(
            &self.0,
            request,
            status_of(&template),
            fault.is_some(),
            started.elapsed() + delay,
        );
        template
    }
}

/// Clerk's responder, with the journal and the request log.
pub(crate) struct ObservedClerk(pub(crate) Arc<Inner>);

impl Respond for ObservedClerk {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let started = Instant::now();
        let template = ClerkResponder(Arc::clone(&self.0)).respond(request);
        observe(
            &self.0,
            request,
            status_of(&template),
            false,
            started.elapsed(),
        );
        template
    }
}

/// Records a served API request in the journal and logs it if the fake logs requests.
fn observe(inner: &Inner, request: &Request, status: u16, fault: bool, took: Duration) {
    let summary = RequestSummary {
        method: method_of(request),
        path: request.url.path().to_string(),
        query: request.url.query().map(str::to_string),
        status,
        fault,
        at_ms: inner.clock().now_ms(),
    };
    if inner.log_requests {
        log_line(&summary.method, &summary.path, status, took);
    }
    inner.controls.record(summary);
}

/// One line on stderr per request: method, path (never the query or headers), status, time.
fn log_line(method: &str, path: &str, status: u16, took: Duration) {
    use std::io::Write as _;
    // A closed stderr must not take the server down (`eprintln!` would panic).
    let _ = writeln!(
        std::io::stderr().lock(),
        "{method} {path} {status} {:.1}ms",
        took.as_secs_f64() * 1000.0
    );
}

/// The status of a wiremock `ResponseTemplate`, which has no getter for it: read from its
/// `Debug` output (`ResponseTemplate { mime: .., status_code: 200, .. }`), stopping right after
/// the status so that the body is never formatted. Pinned by a test against the wiremock in use.
fn status_of(template: &ResponseTemplate) -> u16 {
    struct Sniff {
        seen: String,
        status: Option<u16>,
    }
    impl fmt::Write for Sniff {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.seen.push_str(s);
            if let Some(at) = self.seen.find("status_code: ") {
                let digits: String = self.seen[at + 13..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                if digits.len() == 3 {
                    self.status = digits.parse().ok();
                    return Err(fmt::Error);
                }
            }
            if self.seen.len() > 512 {
                return Err(fmt::Error);
            }
            Ok(())
        }
    }
    let mut sniff = Sniff {
        seen: String::new(),
        status: None,
    };
    let _ = write!(sniff, "{template:?}");
    sniff.status.unwrap_or(0)
}

// ----------------------------------------------------------------------------------------------
// The HTTP control API

/// Matches `/__fake/...`.
pub(crate) struct ControlMatcher;

impl Match for ControlMatcher {
    fn matches(&self, request: &Request) -> bool {
        is_control(request.url.path())
    }
}

/// Serves `/__fake/...`.
pub(crate) struct ControlResponder(pub(crate) Arc<Inner>);

impl Respond for ControlResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let started = Instant::now();
        let (status, body) = match control(&self.0, request) {
            Ok(v) => (200, v),
            Err(e) => (e.status, e.body),
        };
        if self.0.log_requests {
            log_line(
                &method_of(request),
                request.url.path(),
                status,
                started.elapsed(),
            );
        }
        ResponseTemplate::new(status)
            .set_body_raw(body.to_string().into_bytes(), "application/json")
    }
}

fn unauthorized() -> FakeError {
    FakeError::new(
        401,
        "authentication_invalid",
        "Unauthorized request",
        "The fake's control API needs `Authorization: Bearer <the fake's secret key>`",
        json!({}),
    )
}

fn authorized(inner: &Inner, request: &Request) -> bool {
    let Some(value) = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    match value.trim().split_once(' ') {
        Some((scheme, token)) => {
            scheme.eq_ignore_ascii_case("bearer")
                && constant_time_eq(token.trim().as_bytes(), inner.secret_key.as_bytes())
        }
        None => false,
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn parse_object(raw: &[u8]) -> Result<Map<String, Value>, FakeError> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(raw) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(FakeError::malformed("the body must be a JSON object")),
        Err(e) => Err(FakeError::malformed(&e.to_string())),
    }
}

pub(crate) fn check_known(body: &Map<String, Value>, allowed: &[&str]) -> Result<(), FakeError> {
    match body.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(FakeError::unknown_param(k)),
        None => Ok(()),
    }
}

pub(crate) fn opt_str<'a>(
    body: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a str>, FakeError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(FakeError::invalid(key, "must be a string")),
    }
}

pub(crate) fn opt_i64(body: &Map<String, Value>, key: &str) -> Result<Option<i64>, FakeError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .map(Some)
            .ok_or_else(|| FakeError::invalid(key, "must be an integer")),
    }
}

fn opt_u64(body: &Map<String, Value>, key: &str) -> Result<Option<u64>, FakeError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or_else(|| FakeError::invalid(key, "must be a non-negative integer")),
    }
}

fn opt_bool(body: &Map<String, Value>, key: &str) -> Result<Option<bool>, FakeError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(FakeError::invalid(key, "must be true or false")),
    }
}

fn no_route(method: &str, path: &str) -> FakeError {
    FakeError::new(
        404,
        "resource_not_found",
        "not found",
        &format!(
            "The fake's control API has no {method} {path}; see the clerk-testing docs for /__fake/"
        ),
        json!({}),
    )
}

fn keys_json(keys: &KeyRing) -> Value {
    json!({
        "current": keys.kid(),
        "kids": keys.kids(),
        "jwks": keys.jwks(),
    })
}

fn clock_json(inner: &Inner) -> Value {
    let clock = inner.clock();
    json!({
        "now_ms": clock.now_ms(),
        "now_secs": clock.now_secs(),
        "frozen": clock.is_frozen(),
    })
}

/// A path segment, percent-decoded.
fn decode_segment(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

/// The `token` of a `{"token": ".."}` body (a ticket's secret travels in the body, never in the
/// path, so that the request log does not show it).
fn token_of(body: &Map<String, Value>) -> Result<String, FakeError> {
    check_known(body, &["token"])?;
    opt_str(body, "token")?
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .ok_or_else(|| FakeError::missing("token"))
}

fn control(inner: &Inner, request: &Request) -> Result<Value, FakeError> {
    if !authorized(inner, request) {
        return Err(unauthorized());
    }
    let method = method_of(request);
    let path = request.url.path();
    let rest = path
        .strip_prefix(CONTROL_PREFIX)
        .unwrap_or_default()
        .trim_end_matches('/');
    let segments: Vec<&str> = rest.split('/').collect();
    let body = || parse_object(&request.body);

    match (method.as_str(), segments.as_slice()) {
        ("POST", ["tokens"]) => {
            let spec = TokenSpec::from_json(&body()?)?;
            let minted = mint(inner, &spec)?;
            Ok(json!({ "jwt": minted.jwt, "claims": minted.claims }))
        }

        ("GET", ["keys"]) => Ok(keys_json(&inner.key)),
        ("POST", ["keys", "rotate"]) => {
            let b = body()?;
            check_known(&b, &["keep_old"])?;
            let keep_old = opt_bool(&b, "keep_old")?.unwrap_or(true);
            inner.key.rotate(keep_old);
            Ok(keys_json(&inner.key))
        }
        ("DELETE", ["keys", kid]) => {
            inner.key.drop_key(&decode_segment(kid))?;
            Ok(keys_json(&inner.key))
        }

        ("GET", ["clock"]) => Ok(clock_json(inner)),
        ("POST", ["clock"]) => {
            let b = body()?;
            check_known(&b, &["advance_secs", "advance_ms", "set_unix_ms", "resume"])?;
            let advance_secs = opt_u64(&b, "advance_secs")?;
            let advance_ms = opt_u64(&b, "advance_ms")?;
            let set = opt_i64(&b, "set_unix_ms")?;
            let resume = opt_bool(&b, "resume")?.unwrap_or(false);
            let actions = usize::from(advance_secs.is_some())
                + usize::from(advance_ms.is_some())
                + usize::from(set.is_some())
                + usize::from(resume);
            if actions != 1 {
                return Err(FakeError::value_invalid(
                    "advance_secs",
                    "give exactly one of advance_secs, advance_ms, set_unix_ms or resume: true",
                ));
            }
            let clock = inner.clock();
            if let Some(s) = advance_secs {
                clock.advance(Duration::from_secs(s));
            }
            if let Some(ms) = advance_ms {
                clock.advance(Duration::from_millis(ms));
            }
            if let Some(ms) = set {
                clock.set(ms);
            }
            if resume {
                clock.resume();
            }
            Ok(clock_json(inner))
        }

        ("GET", ["faults"]) => Ok(json!({ "faults": inner.controls.faults_json() })),
        ("POST", ["faults"]) => {
            let fault = Fault::from_json(&body()?)?;
            let id = inner.controls.inject(fault);
            Ok(json!({ "id": id, "faults": inner.controls.faults_json() }))
        }
        ("DELETE", ["faults"]) => Ok(json!({ "removed": inner.controls.clear_faults() })),

        ("POST", ["reset"]) => {
            inner.reset_everything().map_err(|e| e.into_fake_error())?;
            Ok(json!({ "reset": true }))
        }
        ("POST", ["seed"]) => {
            let b = body()?;
            seed::apply(inner, &Value::Object(b)).map_err(|e| e.into_fake_error())
        }

        // What a user does through Clerk's Frontend API, which the fake does not have.
        ("POST", ["organization_invitations", id, "accept"]) => {
            let b = body()?;
            check_known(&b, &["user_id"])?;
            let user_id = opt_str(&b, "user_id")?.ok_or_else(|| FakeError::missing("user_id"))?;
            inner
                .lock()
                .accept_org_invitation(&decode_segment(id), user_id)
        }
        ("POST", ["sign_in_tokens", "accept"]) => {
            let token = token_of(&body()?)?;
            inner.lock().accept_sign_in_token(&token)
        }
        ("POST", ["actor_tokens", "accept"]) => {
            let token = token_of(&body()?)?;
            inner.lock().accept_actor_token(&token)
        }
        ("POST", ["sessions", id, "status"]) => {
            let b = body()?;
            check_known(&b, &["status"])?;
            let status = opt_str(&b, "status")?.ok_or_else(|| FakeError::missing("status"))?;
            inner
                .lock()
                .change_session_status(&decode_segment(id), status)
        }

        ("GET", ["requests"]) => {
            let requests: Vec<Value> = inner
                .controls
                .journal()
                .iter()
                .map(RequestSummary::to_json)
                .collect();
            Ok(json!({ "total_count": requests.len(), "requests": requests }))
        }
        ("DELETE", ["requests"]) => {
            inner.controls.clear_journal();
            Ok(json!({ "cleared": true }))
        }

        _ => Err(no_route(&method, path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_of_reads_the_status_without_the_body() {
        for status in [200, 204, 401, 429, 503] {
            let t = ResponseTemplate::new(status).set_body_raw(vec![b'x'; 100_000], "text/plain");
            assert_eq!(status_of(&t), status);
        }
    }

    #[test]
    fn faults_match_exact_or_prefix_paths_and_methods() {
        let f = Fault::new("/v1/users*", 429).method("get");
        assert!(f.matches("GET", "/v1/users"));
        assert!(f.matches("GET", "/v1/users/user_1"));
        assert!(!f.matches("POST", "/v1/users"));
        let exact = Fault::new("/v1/users", 500);
        assert!(exact.matches("DELETE", "/v1/users"));
        assert!(!exact.matches("GET", "/v1/users/user_1"));
    }

    #[test]
    fn times_counts_down_in_injection_order() {
        let c = Controls::default();
        c.inject(Fault::new("/v1/x", 429).times(2));
        c.inject(Fault::new("/v1/x", 500).times(1));
        let seen: Vec<Option<u16>> = (0..4)
            .map(|_| c.take_fault("GET", "/v1/x").and_then(|f| f.status))
            .collect();
        assert_eq!(seen, [Some(429), Some(429), Some(500), None]);
        assert!(!c.any_fault_matches("GET", "/v1/x"));
    }

    #[test]
    fn fault_json_is_validated() {
        let parse = |v: Value| match v {
            Value::Object(m) => Fault::from_json(&m),
            _ => unreachable!(),
        };
        assert!(parse(json!({"path": "/v1/users", "status": 429, "times": 1})).is_ok());
        assert!(parse(json!({"path": "/v1/users", "delay_ms": 10})).is_ok());
        for bad in [
            json!({"status": 429}),
            json!({"path": "v1/users", "status": 429}),
            json!({"path": "/v1/users"}),
            json!({"path": "/v1/users", "status": 99}),
            json!({"path": "/v1/users", "status": "429"}),
            json!({"path": "/v1/users", "status": 429, "times": 0}),
            json!({"path": "/v1/users", "status": 429, "bogus": 1}),
        ] {
            let e = parse(bad.clone()).unwrap_err();
            assert_eq!(e.status, 422, "{bad}");
        }
    }
}
