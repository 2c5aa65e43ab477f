//! Clerk-shaped error responses.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};

static TRACE_SEQ: AtomicU64 = AtomicU64::new(1);

/// An error answer of the fake: an HTTP status and a Clerk `ClerkErrors` JSON body
/// (`{"errors":[{message,long_message,code,meta}],"meta":{},"clerk_trace_id":..}`).
///
/// The seeding helpers of [`FakeClerk`](crate::FakeClerk) return it too, so a test sees
/// exactly what the HTTP API would have answered.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeError {
    /// The HTTP status, e.g. 404.
    pub status: u16,
    /// The `ClerkErrors` body.
    pub body: Value,
}

impl FakeError {
    /// Builds an error with one `ClerkError` entry.
    pub fn new(
        status: u16,
        code: &str,
        message: &str,
        long_message: &str,
        meta: Value,
    ) -> FakeError {
        let n = TRACE_SEQ.fetch_add(1, Ordering::Relaxed);
        FakeError {
            status,
            body: json!({
                "errors": [{
                    "message": message,
                    "long_message": long_message,
                    "code": code,
                    "meta": meta,
                }],
                "meta": {},
                "clerk_trace_id": format!("fake{:028x}", n.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            }),
        }
    }

    /// The `code` of the first error entry.
    pub fn code(&self) -> &str {
        self.body
            .pointer("/errors/0/code")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    pub(crate) fn not_found(what: &str, id: &str) -> FakeError {
        FakeError::new(
            404,
            "resource_not_found",
            "not found",
            &format!("No {what} was found with id {id}"),
            json!({}),
        )
    }

    pub(crate) fn missing(param: &str) -> FakeError {
        FakeError::new(
            422,
            "form_param_missing",
            &format!("{param} must be included."),
            &format!("{param} must be included."),
            json!({ "param_name": param }),
        )
    }

    pub(crate) fn invalid(param: &str, why: &str) -> FakeError {
        FakeError::new(
            422,
            "form_param_format_invalid",
            &format!("{param} is invalid."),
            &format!("{param} is invalid: {why}"),
            json!({ "param_name": param }),
        )
    }

    pub(crate) fn value_invalid(param: &str, why: &str) -> FakeError {
        FakeError::new(
            422,
            "form_param_value_invalid",
            &format!("{param} has an invalid value."),
            &format!("{param} has an invalid value: {why}"),
            json!({ "param_name": param }),
        )
    }

    pub(crate) fn unknown_param(param: &str) -> FakeError {
        FakeError::new(
            422,
            "form_param_unknown",
            &format!("{param} is not a valid parameter for this request."),
            &format!("{param} is not a valid parameter for this request."),
            json!({ "param_name": param }),
        )
    }

    pub(crate) fn malformed(why: &str) -> FakeError {
        FakeError::new(
            400,
            "malformed_request",
            "Request body is malformed",
            &format!("The request body could not be parsed: {why}"),
            json!({}),
        )
    }
}

impl fmt::Display for FakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let long = self
            .body
            .pointer("/errors/0/long_message")
            .and_then(Value::as_str)
            .unwrap_or("");
        write!(f, "{} {}: {}", self.status, self.code(), long)
    }
}

impl std::error::Error for FakeError {}
