//! Routes a wiremock request to the stateful handlers.

use percent_encoding::percent_decode_str;
use serde_json::{Value, json};
use wiremock::{Request, Respond, ResponseTemplate};

use crate::error::FakeError;
use crate::fake::{Inner, LegacyEndpoints};
use crate::spec_ops::SPEC_OPERATIONS;
use crate::state::{Obj, Query, token_response};

/// The catch-all responder mounted on the mock server.
pub(crate) struct ClerkResponder(pub(crate) std::sync::Arc<Inner>);

impl Respond for ClerkResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let (status, body) = match handle(&self.0, request) {
            Ok(v) => (200, v),
            Err(e) => (e.status, e.body),
        };
        ResponseTemplate::new(status)
            .set_body_raw(body.to_string().into_bytes(), "application/json")
    }
}

fn parse_body(raw: &[u8]) -> Result<Obj, FakeError> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Ok(Obj::new());
    }
    match serde_json::from_slice::<Value>(raw) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(FakeError::malformed("the body must be a JSON object")),
        Err(e) => Err(FakeError::malformed(&e.to_string())),
    }
}

fn bearer(request: &Request) -> Option<&str> {
    let value = request.headers.get("authorization")?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

fn check_auth(inner: &Inner, request: &Request) -> Result<(), FakeError> {
    match bearer(request) {
        None => Err(FakeError::new(
            401,
            "authorization_invalid",
            "Unauthorized request",
            "You are not authorized to perform this request",
            json!({}),
        )),
        Some(key) if key == inner.secret_key => Ok(()),
        Some(key) if !key.starts_with("sk_") => Err(FakeError::new(
            401,
            "authentication_invalid",
            "Invalid authentication",
            "Unable to authenticate the request, you need to supply an active API key",
            json!({}),
        )),
        Some(_) => Err(FakeError::new(
            401,
            "clerk_key_invalid",
            "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.",
            "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.",
            json!({}),
        )),
    }
}

fn gone(what: &str) -> FakeError {
    FakeError::new(
        410,
        "deprecated_endpoint",
        "This endpoint is deprecated and no longer available",
        &format!("{what} has been removed from the Clerk Backend API"),
        json!({}),
    )
}

fn not_found_path(method: &str, path: &str) -> FakeError {
    FakeError::new(
        404,
        "resource_not_found",
        "not found",
        &format!("No endpoint matches {method} {path}"),
        json!({}),
    )
}

/// The spec operation matching `segments`, preferring literal segments.
fn spec_operation(method: &str, segments: &[&str]) -> Option<&'static str> {
    SPEC_OPERATIONS
        .iter()
        .filter(|(m, _, _)| *m == method)
        .filter_map(|(_, tpl, id)| {
            let parts: Vec<&str> = tpl.trim_matches('/').split('/').collect();
            if parts.len() != segments.len() {
                return None;
            }
            let mut score = 0;
            for (p, s) in parts.iter().zip(segments) {
                if p.starts_with('{') {
                    if s.is_empty() {
                        return None;
                    }
                } else if p == s {
                    score += 1;
                } else {
                    return None;
                }
            }
            Some((score, *id))
        })
        .max_by_key(|(score, _)| *score)
        .map(|(_, id)| id)
}

fn handle(inner: &Inner, request: &Request) -> Result<Value, FakeError> {
    let method = request.method.as_str().to_ascii_uppercase();
    let raw_path = request.url.path();
    let Some(rest) = raw_path.strip_prefix("/v1/") else {
        return Err(not_found_path(&method, raw_path));
    };
    check_auth(inner, request)?;
    let decoded: Vec<String> = rest
        .trim_end_matches('/')
        .split('/')
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    let seg: Vec<&str> = decoded.iter().map(String::as_str).collect();
    let query = Query(
        request
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
    );
    let legacy = inner.legacy();
    let body = || parse_body(&request.body);
    let mut st = inner.lock();

    match (method.as_str(), seg.as_slice()) {
        ("GET", ["jwks"]) => Ok(inner.key.jwks()),

        ("GET", ["users"]) => st.list_users(&query),
        ("POST", ["users"]) => st.create_user(&body()?),
        ("GET", ["users", "count"]) => st.count_users(&query),
        ("GET", ["users", id]) => st.user_json(id),
        ("PATCH", ["users", id]) => {
            let b = body()?;
            st.user_json(id)?;
            st.update_user(id, &b)
        }
        ("DELETE", ["users", id]) => st.delete_user(id),
        ("PATCH", ["users", id, "metadata"]) => {
            let b = body()?;
            st.user_metadata(id, &b, false)
        }
        ("PUT", ["users", id, "metadata"]) => {
            let b = body()?;
            st.user_metadata(id, &b, true)
        }
        ("POST", ["users", id, action @ ("ban" | "unban" | "lock" | "unlock")]) => {
            st.user_flag(id, action)
        }
        ("POST", ["users", id, "verify_password"]) => {
            let b = body()?;
            st.user_json(id)?;
            st.verify_password(id, &b)
        }

        ("GET", ["sessions"]) => st.list_sessions(&query),
        ("POST", ["sessions"]) => st.create_session(&body()?),
        ("GET", ["sessions", id]) => st.session_json(id),
        ("POST", ["sessions", id, "revoke"]) => st.revoke_session(id),
        ("POST", ["sessions", id, "verify"]) => match legacy {
            LegacyEndpoints::Seed => {
                let b = body()?;
                st.verify_session(id, &b)
            }
            LegacyEndpoints::Current => Err(gone("POST /v1/sessions/{session_id}/verify")),
        },
        ("POST", ["sessions", id, "tokens"]) => {
            let b = body()?;
            let claims = st.token_claims(id, None, &b)?;
            drop(st);
            Ok(token_response(&inner.key, &claims))
        }
        ("POST", ["sessions", id, "tokens", template]) => {
            let b = body()?;
            let claims = st.token_claims(id, Some(template), &b)?;
            drop(st);
            Ok(token_response(&inner.key, &claims))
        }

        ("GET", ["clients"]) => match legacy {
            LegacyEndpoints::Seed => st.list_clients(&query),
            LegacyEndpoints::Current => Err(gone("GET /v1/clients")),
        },
        ("POST", ["clients", "verify"]) => {
            let b = body().map_err(|e| FakeError { status: 400, ..e })?;
            st.verify_client(&b)
        }
        ("GET", ["clients", id]) => st.client_json(id),

        ("POST", ["emails"]) => match legacy {
            LegacyEndpoints::Seed => st.create_email(&body()?),
            LegacyEndpoints::Current => Err(FakeError::new(
                403,
                "operation_not_allowed",
                "This endpoint is not available for this instance",
                "POST /v1/emails was removed in January 2024; new instances get 403",
                json!({}),
            )),
        },

        _ => match spec_operation(&method, &seg) {
            Some(op) => Err(FakeError::new(
                501,
                "not_implemented",
                &format!("clerk-testing does not model {op}"),
                &format!(
                    "The fake Clerk Backend API does not implement operation {op} ({method} {raw_path})"
                ),
                json!({ "operation_id": op }),
            )),
            None => Err(not_found_path(&method, raw_path)),
        },
    }
}
