//! Seed data: users, organizations with their members, sessions and more, preloaded through the
//! fake's own API (so a seed entry is validated exactly like the request it stands for).
//!
//! ```json
//! {
//!   "users": [{"email_address": ["ada@example.com"], "first_name": "Ada"}],
//!   "organizations": [{
//!     "name": "Analytical Engines", "slug": "engines", "created_by": "ada@example.com",
//!     "members": [{"email": "ada@example.com", "role": "org:admin"}]
//!   }],
//!   "sessions": [{"email": "ada@example.com"}]
//! }
//! ```
//!
//! Each list holds request bodies of one create operation, applied in this order:
//!
//! | key | operation |
//! | --- | --- |
//! | `users` | `POST /v1/users` |
//! | `organizations` | `POST /v1/organizations`, then `members` through `POST /v1/organizations/{id}/memberships` |
//! | `sessions` | `POST /v1/sessions` |
//! | `jwt_templates` | `POST /v1/jwt_templates` |
//! | `allowlist_identifiers` | `POST /v1/allowlist_identifiers` |
//! | `blocklist_identifiers` | `POST /v1/blocklist_identifiers` |
//!
//! Users are generated their ids by the fake, so other entries name a user by `user_id`, by
//! `email` (any of the user's email addresses) or by `external_id`; an organization's
//! `created_by` and a session's `user_id` may be an email address too.

use std::fmt;

use serde_json::{Map, Value, json};

use crate::error::FakeError;
use crate::fake::Inner;
use crate::router::dispatch;

/// A seed entry the fake rejected: which entry (e.g. `users[2]`) and the API's answer to it.
#[derive(Debug, Clone, PartialEq)]
pub struct SeedError {
    entry: String,
    error: FakeError,
}

impl SeedError {
    fn new(entry: impl Into<String>, error: FakeError) -> SeedError {
        SeedError {
            entry: entry.into(),
            error,
        }
    }

    /// The rejected entry, e.g. `users[2]` or `organizations[0].members[1]`.
    pub fn entry(&self) -> &str {
        &self.entry
    }

    /// What the API answered to it.
    pub fn error(&self) -> &FakeError {
        &self.error
    }

    /// The API's error with the entry prefixed to its `long_message` and added to its `meta`.
    pub(crate) fn into_fake_error(self) -> FakeError {
        let mut body = self.error.body;
        if let Some(first) = body.pointer_mut("/errors/0") {
            let long = first["long_message"].as_str().unwrap_or("").to_string();
            first["long_message"] = json!(format!("seed {}: {long}", self.entry));
            if let Some(meta) = first.get_mut("meta").and_then(Value::as_object_mut) {
                meta.insert("seed_entry".into(), json!(self.entry));
            } else {
                first["meta"] = json!({ "seed_entry": self.entry });
            }
        }
        FakeError {
            status: self.error.status,
            body,
        }
    }
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "seed entry {}: {}", self.entry, self.error)
    }
}

impl std::error::Error for SeedError {}

/// The seed keys in the order they are applied, with the path each entry is posted to.
const SIMPLE: [(&str, &str); 3] = [
    ("jwt_templates", "/v1/jwt_templates"),
    ("allowlist_identifiers", "/v1/allowlist_identifiers"),
    ("blocklist_identifiers", "/v1/blocklist_identifiers"),
];

const KEYS: [&str; 6] = [
    "users",
    "organizations",
    "sessions",
    "jwt_templates",
    "allowlist_identifiers",
    "blocklist_identifiers",
];

fn post(inner: &Inner, path: &str, body: &Value) -> Result<Value, FakeError> {
    dispatch(inner, "POST", path, &[], body.to_string().as_bytes()).map(|(_, v)| v)
}

fn id_of(v: &Value) -> Value {
    v.get("id").cloned().unwrap_or(Value::Null)
}

fn entries<'a>(seed: &'a Map<String, Value>, key: &str) -> Result<&'a [Value], SeedError> {
    match seed.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(SeedError::new(
            key,
            FakeError::invalid(key, "must be an array"),
        )),
    }
}

fn object<'a>(entry: &str, v: &'a Value) -> Result<&'a Map<String, Value>, SeedError> {
    v.as_object().ok_or_else(|| {
        SeedError::new(
            entry,
            FakeError::malformed("each seed entry must be a JSON object"),
        )
    })
}

/// Finds a user id by `user_id`, `email` or `external_id` (an `@` in `user_id` means an email).
fn resolve_user(inner: &Inner, entry: &str, r: &Map<String, Value>) -> Result<String, SeedError> {
    let text = |k: &str| r.get(k).and_then(Value::as_str);
    let (filter, value) = match (text("user_id"), text("email"), text("external_id")) {
        (Some(id), None, None) if !id.contains('@') => return Ok(id.to_string()),
        (Some(email), None, None) | (None, Some(email), None) => ("email_address", email),
        (None, None, Some(ext)) => ("external_id", ext),
        _ => {
            return Err(SeedError::new(
                entry,
                FakeError::invalid(
                    "user_id",
                    "name the user by exactly one of user_id, email or external_id",
                ),
            ));
        }
    };
    let query = [(filter.to_string(), value.to_string())];
    let (_, found) =
        dispatch(inner, "GET", "/v1/users", &query, b"").map_err(|e| SeedError::new(entry, e))?;
    let list = found
        .get("data")
        .and_then(Value::as_array)
        .or_else(|| found.as_array());
    match list.and_then(|l| l.first()).and_then(|u| u["id"].as_str()) {
        Some(id) => Ok(id.to_string()),
        None => Err(SeedError::new(
            entry,
            FakeError::not_found("user", &format!("{filter}={value}")),
        )),
    }
}

/// Applies `seed` through the API; returns the created ids per key.
pub(crate) fn apply(inner: &Inner, seed: &Value) -> Result<Value, SeedError> {
    let seed = seed.as_object().ok_or_else(|| {
        SeedError::new(
            "(root)",
            FakeError::malformed("the seed must be a JSON object"),
        )
    })?;
    if let Some(k) = seed.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(SeedError::new(k.as_str(), FakeError::unknown_param(k)));
    }
    let mut created = Map::new();

    let mut users = Vec::new();
    for (i, u) in entries(seed, "users")?.iter().enumerate() {
        let entry = format!("users[{i}]");
        object(&entry, u)?;
        let user = post(inner, "/v1/users", u).map_err(|e| SeedError::new(&entry, e))?;
        users.push(id_of(&user));
    }
    created.insert("users".into(), Value::Array(users));

    let mut orgs = Vec::new();
    for (i, o) in entries(seed, "organizations")?.iter().enumerate() {
        let entry = format!("organizations[{i}]");
        let mut body = object(&entry, o)?.clone();
        let members = body.remove("members");
        let by_email = body
            .get("created_by")
            .and_then(Value::as_str)
            .filter(|by| by.contains('@'))
            .map(str::to_string);
        if let Some(by) = by_email {
            let mut r = Map::new();
            r.insert("email".into(), json!(by));
            let id = resolve_user(inner, &entry, &r)?;
            body.insert("created_by".into(), json!(id));
        }
        let org = post(inner, "/v1/organizations", &Value::Object(body))
            .map_err(|e| SeedError::new(&entry, e))?;
        let org_id = org["id"].as_str().unwrap_or_default().to_string();
        let members = match members {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(m)) => m,
            Some(_) => {
                return Err(SeedError::new(
                    format!("{entry}.members"),
                    FakeError::invalid("members", "must be an array"),
                ));
            }
        };
        for (j, m) in members.iter().enumerate() {
            let entry = format!("{entry}.members[{j}]");
            let m = object(&entry, m)?;
            let user_id = resolve_user(inner, &entry, m)?;
            let role = m.get("role").cloned().unwrap_or(json!("org:member"));
            let mut body = json!({ "user_id": user_id, "role": role });
            if let Some(meta) = m.get("public_metadata") {
                body["public_metadata"] = meta.clone();
            }
            if let Some(meta) = m.get("private_metadata") {
                body["private_metadata"] = meta.clone();
            }
            post(
                inner,
                &format!("/v1/organizations/{org_id}/memberships"),
                &body,
            )
            .map_err(|e| SeedError::new(&entry, e))?;
        }
        orgs.push(json!(org_id));
    }
    created.insert("organizations".into(), Value::Array(orgs));

    let mut sessions = Vec::new();
    for (i, s) in entries(seed, "sessions")?.iter().enumerate() {
        let entry = format!("sessions[{i}]");
        let mut body = object(&entry, s)?.clone();
        let mut r = Map::new();
        for k in ["user_id", "email", "external_id"] {
            if let Some(v) = body.remove(k) {
                r.insert(k.into(), v);
            }
        }
        let user_id = resolve_user(inner, &entry, &r)?;
        body.insert("user_id".into(), json!(user_id));
        let session = post(inner, "/v1/sessions", &Value::Object(body))
            .map_err(|e| SeedError::new(&entry, e))?;
        sessions.push(id_of(&session));
    }
    created.insert("sessions".into(), Value::Array(sessions));

    for (key, path) in SIMPLE {
        let mut ids = Vec::new();
        for (i, v) in entries(seed, key)?.iter().enumerate() {
            let entry = format!("{key}[{i}]");
            object(&entry, v)?;
            let made = post(inner, path, v).map_err(|e| SeedError::new(&entry, e))?;
            ids.push(id_of(&made));
        }
        created.insert(key.into(), Value::Array(ids));
    }
    Ok(Value::Object(created))
}

/// Reads a seed file: `NotFound` etc. as the OS says, `InvalidData` if it is not JSON.
pub(crate) fn read_file(path: &std::path::Path) -> std::io::Result<Value> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| std::io::Error::new(e.kind(), format!("seed file {}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("seed file {}: not JSON: {e}", path.display()),
        )
    })
}
