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
            Ok(v) => v,
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

/// Serves one HTTP request: auth for `/v1/...`, then [`dispatch`].
fn handle(inner: &Inner, request: &Request) -> Result<(u16, Value), FakeError> {
    let method = request.method.as_str().to_ascii_uppercase();
    let path = request.url.path();
    if !path.starts_with("/v1/") {
        return Err(not_found_path(&method, path));
    }
    check_auth(inner, request)?;
    let query: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    dispatch(inner, &method, path, &query, &request.body)
}

/// The Backend API without the auth check: answers `method path` (`"/v1/..."`, not
/// percent-decoded) with `query` and a raw JSON `body` as `(status, json)`.
///
/// Used by the HTTP responder and by the seed loader, so that seeding is "API calls".
/// Unmodelled operations of the spec answer 501 naming the `operationId`; other paths 404.
pub(crate) fn dispatch(
    inner: &Inner,
    method: &str,
    path: &str,
    query: &[(String, String)],
    body: &[u8],
) -> Result<(u16, Value), FakeError> {
    let method = method.to_ascii_uppercase();
    let path = path.split('?').next().unwrap_or("");
    let Some(rest) = path.strip_prefix("/v1/") else {
        return Err(not_found_path(&method, path));
    };
    let decoded: Vec<String> = rest
        .trim_end_matches('/')
        .split('/')
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    let seg: Vec<&str> = decoded.iter().map(String::as_str).collect();
    let req = Req {
        method: &method,
        seg: &seg,
        query: Query(query.to_vec()),
        body,
    };
    for route in [
        route_keys as Route,
        route_users,
        route_identifications,
        route_sessions,
        route_organizations,
        route_roles,
        route_instance,
        route_machine,
    ] {
        if let Some(result) = route(inner, &req) {
            return result;
        }
    }
    match spec_operation(&method, &seg) {
        Some(op) => Err(FakeError::new(
            501,
            "not_implemented",
            &format!("clerk-testing does not model {op}"),
            &format!(
                "The fake Clerk Backend API does not implement operation {op} ({method} {path})"
            ),
            json!({ "operation_id": op }),
        )),
        None => Err(not_found_path(&method, path)),
    }
}

/// One request as the route groups see it.
struct Req<'a> {
    method: &'a str,
    seg: &'a [&'a str],
    query: Query,
    body: &'a [u8],
}

impl Req<'_> {
    fn obj(&self) -> Result<Obj, FakeError> {
        parse_body(self.body)
    }

    fn array(&self) -> Result<Vec<Value>, FakeError> {
        match serde_json::from_slice::<Value>(self.body) {
            Ok(Value::Array(items)) => Ok(items),
            Ok(_) => Err(FakeError::malformed("the body must be a JSON array")),
            Err(e) => Err(FakeError::malformed(&e.to_string())),
        }
    }
}

/// A route group: `None` when no route of the group matches.
type Route = fn(&Inner, &Req<'_>) -> Option<Result<(u16, Value), FakeError>>;

fn ok(v: Result<Value, FakeError>) -> Option<Result<(u16, Value), FakeError>> {
    Some(v.map(|v| (200, v)))
}

fn route_keys(inner: &Inner, r: &Req<'_>) -> Option<Result<(u16, Value), FakeError>> {
    match (r.method, r.seg) {
        ("GET", ["jwks"]) => ok(Ok(inner.key.jwks())),
        _ => None,
    }
}

fn route_users(inner: &Inner, r: &Req<'_>) -> Option<Result<(u16, Value), FakeError>> {
    let q = &r.query;
    let result = match (r.method, r.seg) {
        ("GET", ["users"]) => inner.lock().list_users(q),
        ("POST", ["users"]) => r.obj().and_then(|b| inner.lock().create_user(&b)),
        ("GET", ["users", "count"]) => inner.lock().count_users(q),
        ("GET", ["users", id]) => inner.lock().user_json(id),
        ("PATCH", ["users", id]) => r.obj().and_then(|b| {
            let mut st = inner.lock();
            st.user_json(id)?;
            st.update_user(id, &b)
        }),
        ("DELETE", ["users", id]) => inner.lock().delete_user(id),
        ("PATCH", ["users", id, "metadata"]) => r
            .obj()
            .and_then(|b| inner.lock().user_metadata(id, &b, false)),
        ("PUT", ["users", id, "metadata"]) => r
            .obj()
            .and_then(|b| inner.lock().user_metadata(id, &b, true)),
        ("POST", ["users", id, action @ ("ban" | "unban" | "lock" | "unlock")]) => {
            inner.lock().user_flag(id, action)
        }
        ("POST", ["users", id, "verify_password"]) => r.obj().and_then(|b| {
            let mut st = inner.lock();
            st.user_json(id)?;
            st.verify_password(id, &b)
        }),
        ("POST", ["users", action @ ("ban" | "unban")]) => r
            .obj()
            .and_then(|b| inner.lock().users_flag_bulk(&b, action)),
        ("POST", ["users", id, "remove_password"]) => {
            r.obj().and_then(|b| inner.lock().remove_password(id, &b))
        }
        ("PUT", ["users", id, kind @ ("email_address" | "phone_number")]) => r
            .obj()
            .and_then(|b| inner.lock().replace_identification(kind, id, &b)),
        ("GET", ["users", id, "organization_memberships"]) => {
            inner.lock().list_user_memberships(id, q)
        }
        ("GET", ["users", id, "organization_invitations"]) => {
            inner.lock().list_user_org_invitations(id, q)
        }
        _ => return None,
    };
    ok(result)
}

fn route_identifications(inner: &Inner, r: &Req<'_>) -> Option<Result<(u16, Value), FakeError>> {
    let result = match (r.method, r.seg) {
        ("POST", ["email_addresses"]) => r
            .obj()
            .and_then(|b| inner.lock().create_identification("email_address", &b)),
        ("GET", ["email_addresses", id]) => inner.lock().get_identification("email_address", id),
        ("PATCH", ["email_addresses", id]) => r
            .obj()
            .and_then(|b| inner.lock().update_identification("email_address", id, &b)),
        ("DELETE", ["email_addresses", id]) => {
            inner.lock().delete_identification("email_address", id)
        }
        ("POST", ["phone_numbers"]) => r
            .obj()
            .and_then(|b| inner.lock().create_identification("phone_number", &b)),
        ("GET", ["phone_numbers", id]) => inner.lock().get_identification("phone_number", id),
        ("PATCH", ["phone_numbers", id]) => r
            .obj()
            .and_then(|b| inner.lock().update_identification("phone_number", id, &b)),
        ("DELETE", ["phone_numbers", id]) => inner.lock().delete_identification("phone_number", id),
        _ => return None,
    };
    ok(result)
}

fn route_sessions(inner: &Inner, r: &Req<'_>) -> Option<Result<(u16, Value), FakeError>> {
    let q = &r.query;
    let legacy = inner.legacy();
    let result = match (r.method, r.seg) {
        ("GET", ["sessions"]) => inner.lock().list_sessions(q),
        ("POST", ["sessions"]) => r.obj().and_then(|b| inner.lock().create_session(&b)),
        ("GET", ["sessions", id]) => inner.lock().session_json(id),
        ("POST", ["sessions", id, "revoke"]) => inner.lock().revoke_session(id),
        ("POST", ["sessions", id, "verify"]) => match legacy {
            LegacyEndpoints::Seed => r.obj().and_then(|b| inner.lock().verify_session(id, &b)),
            LegacyEndpoints::Current => Err(gone("POST /v1/sessions/{session_id}/verify")),
        },
        ("POST", ["sessions", id, "tokens"]) => r.obj().and_then(|b| {
            let claims = inner.lock().token_claims(id, None, &b)?;
            Ok(token_response(&inner.key, &claims))
        }),
        ("POST", ["sessions", id, "tokens", template]) => r.obj().and_then(|b| {
            let claims = inner.lock().token_claims(id, Some(template), &b)?;
            Ok(token_response(&inner.key, &claims))
        }),
        ("GET", ["clients"]) => match legacy {
            LegacyEndpoints::Seed => inner.lock().list_clients(q),
            LegacyEndpoints::Current => Err(gone("GET /v1/clients")),
        },
        ("POST", ["clients", "verify"]) => r
            .obj()
            .map_err(|e| FakeError { status: 400, ..e })
            .and_then(|b| inner.lock().verify_client(&b)),
        ("GET", ["clients", id]) => inner.lock().client_json(id),
        ("POST", ["emails"]) => match legacy {
            LegacyEndpoints::Seed => r.obj().and_then(|b| inner.lock().create_email(&b)),
            LegacyEndpoints::Current => Err(FakeError::new(
                403,
                "operation_not_allowed",
                "This endpoint is not available for this instance",
                "POST /v1/emails was removed in January 2024; new instances get 403",
                json!({}),
            )),
        },
        _ => return None,
    };
    ok(result)
}

fn route_organizations(inner: &Inner, r: &Req<'_>) -> Option<Result<(u16, Value), FakeError>> {
    let q = &r.query;
    let result = match (r.method, r.seg) {
        ("GET", ["organizations"]) => inner.lock().list_orgs(q),
        ("POST", ["organizations"]) => r.obj().and_then(|b| inner.lock().create_org(&b)),
        ("GET", ["organizations", id]) => inner.lock().get_org(id, q),
        ("PATCH", ["organizations", id]) => r.obj().and_then(|b| inner.lock().update_org(id, &b)),
        ("DELETE", ["organizations", id]) => inner.lock().delete_org(id),
        ("PATCH", ["organizations", id, "metadata"]) => r
            .obj()
            .and_then(|b| inner.lock().org_metadata(id, &b, false)),
        ("PUT", ["organizations", id, "metadata"]) => r
            .obj()
            .and_then(|b| inner.lock().org_metadata(id, &b, true)),
        ("GET", ["organizations", id, "memberships"]) => inner.lock().list_org_memberships(id, q),
        ("POST", ["organizations", id, "memberships"]) => {
            r.obj().and_then(|b| inner.lock().create_membership(id, &b))
        }
        ("PATCH", ["organizations", id, "memberships", user]) => r
            .obj()
            .and_then(|b| inner.lock().update_membership(id, user, &b)),
        ("DELETE", ["organizations", id, "memberships", user]) => {
            inner.lock().delete_membership(id, user)
        }
        ("PATCH", ["organizations", id, "memberships", user, "metadata"]) => r
            .obj()
            .and_then(|b| inner.lock().membership_metadata(id, user, &b)),
        ("GET", ["organization_memberships"]) => inner.lock().list_all_memberships(q),
        ("GET", ["organizations", id, "invitations"]) => {
            inner.lock().list_org_invitations(id, q, false)
        }
        ("GET", ["organizations", id, "invitations", "pending"]) => {
            inner.lock().list_org_invitations(id, q, true)
        }
        ("POST", ["organizations", id, "invitations"]) => r
            .obj()
            .and_then(|b| inner.lock().create_org_invitation(id, &b)),
        ("POST", ["organizations", id, "invitations", "bulk"]) => r
            .array()
            .and_then(|items| inner.lock().create_org_invitations_bulk(id, &items)),
        ("GET", ["organizations", id, "invitations", inv]) => {
            inner.lock().get_org_invitation(id, inv)
        }
        ("POST", ["organizations", id, "invitations", inv, "revoke"]) => r
            .obj()
            .and_then(|b| inner.lock().revoke_org_invitation(id, inv, &b)),
        ("GET", ["organization_invitations"]) => inner.lock().list_all_org_invitations(q),
        _ => return None,
    };
    ok(result)
}

fn route_roles(inner: &Inner, r: &Req<'_>) -> Option<Result<(u16, Value), FakeError>> {
    let q = &r.query;
    let result = match (r.method, r.seg) {
        ("GET", ["organization_roles"]) => inner.lock().list_roles(q),
        ("POST", ["organization_roles"]) => r.obj().and_then(|b| inner.lock().create_role(&b)),
        ("GET", ["organization_roles", id]) => inner.lock().get_role(id),
        ("PATCH", ["organization_roles", id]) => {
            r.obj().and_then(|b| inner.lock().update_role(id, &b))
        }
        ("DELETE", ["organization_roles", id]) => inner.lock().delete_role(id),
        ("POST", ["organization_roles", id, "permissions", perm]) => {
            inner.lock().role_permission(id, perm, true)
        }
        ("DELETE", ["organization_roles", id, "permissions", perm]) => {
            inner.lock().role_permission(id, perm, false)
        }
        ("GET", ["organization_permissions"]) => inner.lock().list_permissions(q),
        ("POST", ["organization_permissions"]) => {
            r.obj().and_then(|b| inner.lock().create_permission(&b))
        }
        ("GET", ["organization_permissions", id]) => inner.lock().get_permission(id),
        ("PATCH", ["organization_permissions", id]) => {
            r.obj().and_then(|b| inner.lock().update_permission(id, &b))
        }
        ("DELETE", ["organization_permissions", id]) => inner.lock().delete_permission(id),
        _ => return None,
    };
    ok(result)
}

fn route_instance(inner: &Inner, r: &Req<'_>) -> Option<Result<(u16, Value), FakeError>> {
    let q = &r.query;
    let result = match (r.method, r.seg) {
        ("GET", ["jwt_templates"]) => inner.lock().list_jwt_templates(q),
        ("POST", ["jwt_templates"]) => r.obj().and_then(|b| inner.lock().create_jwt_template(&b)),
        ("GET", ["jwt_templates", id]) => inner.lock().get_jwt_template(id),
        ("PATCH", ["jwt_templates", id]) => r
            .obj()
            .and_then(|b| inner.lock().update_jwt_template(id, &b)),
        ("DELETE", ["jwt_templates", id]) => inner.lock().delete_jwt_template(id),

        ("GET", ["invitations"]) => inner.lock().list_invitations(q),
        ("POST", ["invitations"]) => r.obj().and_then(|b| inner.lock().create_invitation(&b)),
        ("POST", ["invitations", "bulk"]) => r
            .array()
            .and_then(|items| inner.lock().create_invitations_bulk(&items)),
        ("POST", ["invitations", id, "revoke"]) => inner.lock().revoke_invitation(id),

        ("GET", [list @ ("allowlist_identifiers" | "blocklist_identifiers")]) => {
            inner.lock().list_identifiers(list, q)
        }
        ("POST", [list @ ("allowlist_identifiers" | "blocklist_identifiers")]) => r
            .obj()
            .and_then(|b| inner.lock().create_list_identifier(list, &b)),
        (
            "DELETE",
            [
                list @ ("allowlist_identifiers" | "blocklist_identifiers"),
                id,
            ],
        ) => inner.lock().delete_list_identifier(list, id),

        ("GET", ["redirect_urls"]) => inner.lock().list_redirect_urls(q),
        ("POST", ["redirect_urls"]) => r.obj().and_then(|b| inner.lock().create_redirect_url(&b)),
        ("GET", ["redirect_urls", id]) => inner.lock().get_redirect_url(id),
        ("DELETE", ["redirect_urls", id]) => inner.lock().delete_redirect_url(id),

        ("GET", ["domains"]) => inner.lock().list_domains(),
        ("POST", ["domains"]) => r.obj().and_then(|b| inner.lock().create_domain(&b)),
        ("PATCH", ["domains", id]) => r.obj().and_then(|b| inner.lock().update_domain(id, &b)),
        ("DELETE", ["domains", id]) => inner.lock().delete_domain(id),

        ("POST", ["sign_in_tokens"]) => r.obj().and_then(|b| inner.lock().create_sign_in_token(&b)),
        ("POST", ["sign_in_tokens", id, "revoke"]) => inner.lock().revoke_sign_in_token(id),

        ("POST", ["actor_tokens"]) => r.obj().and_then(|b| inner.lock().create_actor_token(&b)),
        ("POST", ["actor_tokens", id, "revoke"]) => inner.lock().revoke_actor_token(id),
        ("POST", ["testing_tokens"]) => inner.lock().create_testing_token(),
        _ => return None,
    };
    ok(result)
}

fn route_machine(inner: &Inner, r: &Req<'_>) -> Option<Result<(u16, Value), FakeError>> {
    let q = &r.query;
    let result = match (r.method, r.seg) {
        ("POST", ["m2m_tokens"]) => {
            return Some(r.obj().and_then(|b| {
                let (value, jwt_claims) = inner.lock().create_m2m_token(&b)?;
                let value = match jwt_claims {
                    Some(claims) => {
                        let mut v = value;
                        v["token"] = Value::String(inner.key.sign(&claims));
                        v
                    }
                    None => value,
                };
                Ok((201, value))
            }));
        }
        ("GET", ["m2m_tokens"]) => inner.lock().list_m2m_tokens(q),
        ("POST", ["m2m_tokens", "verify"]) => {
            r.obj().and_then(|b| inner.lock().verify_m2m_token(&b))
        }
        ("POST", ["m2m_tokens", id, "revoke"]) => {
            r.obj().and_then(|b| inner.lock().revoke_m2m_token(id, &b))
        }

        ("POST", ["api_keys"]) => r.obj().and_then(|b| inner.lock().create_api_key(&b)),
        ("GET", ["api_keys"]) => inner.lock().list_api_keys(q),
        ("POST", ["api_keys", "verify"]) => r.obj().and_then(|b| inner.lock().verify_api_key(&b)),
        ("GET", ["api_keys", id]) => inner.lock().get_api_key(id),
        ("PATCH", ["api_keys", id]) => r.obj().and_then(|b| inner.lock().update_api_key(id, &b)),
        ("DELETE", ["api_keys", id]) => inner.lock().delete_api_key(id),
        ("GET", ["api_keys", id, "secret"]) => inner.lock().api_key_secret(id),
        ("POST", ["api_keys", id, "revoke"]) => {
            r.obj().and_then(|b| inner.lock().revoke_api_key(id, &b))
        }
        _ => return None,
    };
    ok(result)
}
