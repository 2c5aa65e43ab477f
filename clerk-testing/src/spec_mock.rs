//! Spec-mock mode: every operation of `clerk-bapi.yml` answered from the spec, like Prism's mock.
//!
//! Turned on with [`FakeClerkBuilder::spec_mock`](crate::FakeClerkBuilder::spec_mock). Each
//! `/v1/...` request is validated against the spec ([`Spec::validate_request`]) and answered with
//! a response synthesised from the operation's schema ([`Spec::example_response`]); there is no
//! state. What happened to each request is kept for the test in [`FakeClerk::spec_mock_log`].

use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Value, json};
use wiremock::matchers::path_regex;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::error::FakeError;
use crate::fake::FakeClerk;
use crate::spec::{Spec, SpecError};

/// What the spec-mock fake made of one request (see [`FakeClerk::spec_mock_log`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SpecMockEntry {
    /// The upper-case HTTP method.
    pub method: String,
    /// The path as sent (percent-encoded, with `/v1`), without the query string.
    pub path: String,
    /// The `operationId` the request reached, if its path matched one.
    pub operation_id: Option<String>,
    /// The status answered: the operation's first 2xx, 400 for violations, 401, or 404.
    pub status: u16,
    /// Why the spec rejects the request (empty when it conforms), as `path: message` lines,
    /// plus `authorization: <code>` when the secret key was missing or wrong.
    pub violations: Vec<String>,
}

/// The spec-mock responder's shared state: the spec, the accepted key and the log.
pub(crate) struct SpecMock {
    spec: &'static Spec,
    secret_key: String,
    log: Mutex<Vec<SpecMockEntry>>,
}

impl SpecMock {
    /// Loads the spec ([`Spec::shared`]) for a fake that accepts `secret_key`; a spec that
    /// cannot be read is `NotFound`, one that cannot be parsed `InvalidData`.
    pub(crate) fn new(secret_key: &str) -> std::io::Result<Arc<SpecMock>> {
        let spec = Spec::shared().map_err(|e| {
            let kind = match e {
                SpecError::NotFound { .. } => std::io::ErrorKind::NotFound,
                _ => std::io::ErrorKind::InvalidData,
            };
            std::io::Error::new(kind, e)
        })?;
        Ok(Arc::new(SpecMock {
            spec,
            secret_key: secret_key.to_string(),
            log: Mutex::new(Vec::new()),
        }))
    }

    /// Mounts the responder on every `/v1/...` path, above the stateful responder (whose
    /// priority is `u8::MAX`) and below test mocks of default priority.
    pub(crate) async fn mount(self: &Arc<Self>, server: &MockServer) {
        Mock::given(path_regex("^/v1/"))
            .respond_with(SpecMockResponder(Arc::clone(self)))
            .with_priority(u8::MAX - 1)
            .named("clerk-testing: spec mock of the Clerk Backend API")
            .mount(server)
            .await;
    }

    fn log(&self) -> MutexGuard<'_, Vec<SpecMockEntry>> {
        self.log
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Validates and answers one request: the status, the body (`Value::Null` meaning none) and
    /// the log entry.
    fn answer(&self, request: &Request) -> (u16, Value, SpecMockEntry) {
        let method = request.method.as_str().to_ascii_uppercase();
        let path = request.url.path().to_string();
        let query: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let content_type = request
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        let check = self
            .spec
            .validate_request(&method, &path, &query, content_type, &request.body);
        let operation_id = check.operation_id().map(str::to_string);
        let mut violations: Vec<String> =
            check.violations.iter().map(ToString::to_string).collect();

        let (status, body) = if let Err(e) = self.check_auth(request) {
            violations.push(format!("authorization: {}", e.code()));
            (e.status, e.body)
        } else if let Some(op) = check.operation {
            if violations.is_empty() {
                self.spec.example_response(op)
            } else {
                let id = operation_id.as_deref().unwrap_or(&op.path_template);
                let e = FakeError::new(
                    400,
                    "spec_violation",
                    &format!("The request does not conform to the spec of {id}"),
                    &format!("{method} {path} ({id}): {}", violations.join("; ")),
                    json!({ "operation_id": operation_id }),
                );
                (e.status, e.body)
            }
        } else {
            let e = FakeError::new(
                404,
                "resource_not_found",
                "not found",
                &format!("No operation of the Clerk Backend API spec matches {method} {path}"),
                json!({}),
            );
            (e.status, e.body)
        };
        let entry = SpecMockEntry {
            method,
            path,
            operation_id,
            status,
            violations,
        };
        (status, body, entry)
    }

    fn check_auth(&self, request: &Request) -> Result<(), FakeError> {
        let token = request
            .headers
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim());
        match token {
            Some(key) if key == self.secret_key => Ok(()),
            Some(_) => Err(FakeError::new(
                401,
                "clerk_key_invalid",
                "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.",
                "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.",
                json!({}),
            )),
            None => Err(FakeError::new(
                401,
                "authorization_invalid",
                "Unauthorized request",
                "You are not authorized to perform this request",
                json!({}),
            )),
        }
    }
}

struct SpecMockResponder(Arc<SpecMock>);

impl Respond for SpecMockResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let (status, body, entry) = self.0.answer(request);
        self.0.log().push(entry);
        let response = ResponseTemplate::new(status);
        if body.is_null() {
            response
        } else {
            response.set_body_raw(body.to_string().into_bytes(), "application/json")
        }
    }
}

impl FakeClerk {
    /// What the spec-mock fake made of each request so far, oldest first: the operation
    /// reached, the status answered and the spec violations (empty when not in spec-mock mode;
    /// see [`FakeClerkBuilder::spec_mock`](crate::FakeClerkBuilder::spec_mock)).
    pub fn spec_mock_log(&self) -> Vec<SpecMockEntry> {
        self.spec_mock
            .as_ref()
            .map(|mock| mock.log().clone())
            .unwrap_or_default()
    }
}
