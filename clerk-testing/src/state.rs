//! The fake's in-memory state and the behaviour of every modelled operation.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value, json};

use crate::clock::Clock;
use crate::error::FakeError;
use crate::keys::SigningKey;

mod claims;
mod identifications;
mod instance;
mod machine;
mod orgs;
mod sessions;
mod table;
mod users;

use instance::jwt_template_json;

pub(crate) use claims::{ClaimsVersion, TokenOptions};
use table::Table;

/// The `iss` of every token the fake mints.
pub(crate) const ISSUER: &str = "https://clerk.fake.local";

/// The id of the fake's Clerk instance.
pub(crate) const INSTANCE_ID: &str = "ins_2fakeclerkinstance000000000";

const DAY_MS: i64 = 86_400_000;
const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

pub(crate) type Obj = Map<String, Value>;

#[derive(Debug)]
struct UserRec {
    seq: u64,
    json: Obj,
    password: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct SessionRec {
    id: String,
    seq: u64,
    user_id: String,
    client_id: String,
    status: String,
    /// The active organization (`last_active_organization_id`).
    active_org: Option<String>,
    /// The actor of an impersonation session (`act` claim).
    actor: Option<Value>,
    created_at: i64,
    updated_at: i64,
    last_active_at: i64,
    expire_at: i64,
    abandon_at: i64,
}

#[derive(Debug)]
struct ClientRec {
    id: String,
    seq: u64,
    token: String,
    session_ids: Vec<String>,
    last_active_session_id: Option<String>,
    created_at: i64,
    updated_at: i64,
}

/// A user's membership in an organization.
#[derive(Debug, Clone)]
pub(crate) struct MembershipRec {
    id: String,
    seq: u64,
    org_id: String,
    user_id: String,
    role: String,
    public_metadata: Obj,
    private_metadata: Obj,
    created_at: i64,
    updated_at: i64,
}

/// All of the fake's data.
#[derive(Debug, Default)]
pub(crate) struct State {
    seq: u64,
    last_ts: i64,
    users: BTreeMap<String, UserRec>,
    /// Lower-cased identifiers (see [`State::identifier_keys`]) to the owning user id.
    identifiers: HashMap<String, String>,
    /// Creation order of every user id ever created (survives deletion, for cursors).
    user_seq: HashMap<String, u64>,
    sessions: BTreeMap<String, SessionRec>,
    clients: BTreeMap<String, ClientRec>,
    emails: Vec<Value>,
    orgs: Table,
    memberships: BTreeMap<String, MembershipRec>,
    roles: Table,
    permissions: Table,
    org_invitations: Table,
    jwt_templates: Table,
    invitations: Table,
    allowlist: Table,
    blocklist: Table,
    redirect_urls: Table,
    domains: Table,
    sign_in_tokens: Table,
    m2m_tokens: Table,
    api_keys: Table,
    actor_tokens: Table,
    /// Sequence of template-token `jti`s (minting needs only `&self`).
    jti_seq: std::sync::atomic::AtomicU64,
    /// The fake's time; shared with [`FakeClerk::clock`](crate::FakeClerk::clock).
    pub(crate) clock: Clock,
}

fn base62(mut n: u64, len: usize) -> String {
    let mut out = Vec::with_capacity(len);
    for _ in 0..len {
        out.push(BASE62[(n % 62) as usize]);
        n /= 62;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A parsed query string (repeated keys kept in order).
#[derive(Debug, Default)]
pub(crate) struct Query(pub(crate) Vec<(String, String)>);

impl Query {
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name || k.strip_suffix("[]") == Some(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub(crate) fn first(&self, name: &str) -> Option<&str> {
        self.all(name).into_iter().next()
    }

    fn int(&self, name: &str) -> Result<Option<i64>, FakeError> {
        match self.first(name) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<i64>()
                .map(Some)
                .map_err(|_| FakeError::invalid(name, "must be an integer")),
        }
    }

    fn boolean(&self, name: &str) -> Result<Option<bool>, FakeError> {
        match self.first(name) {
            None => Ok(None),
            Some("true") | Some("1") => Ok(Some(true)),
            Some("false") | Some("0") => Ok(Some(false)),
            Some(_) => Err(FakeError::invalid(name, "must be true or false")),
        }
    }

    /// `(limit, offset)` with Clerk's bounds: limit 1..=500 (default 10), offset >= 0.
    pub(crate) fn limit_offset(&self) -> Result<(usize, usize), FakeError> {
        let limit = self.int("limit")?.unwrap_or(10);
        if !(1..=500).contains(&limit) {
            return Err(FakeError::value_invalid(
                "limit",
                "must be between 1 and 500",
            ));
        }
        let offset = self.int("offset")?.unwrap_or(0);
        if offset < 0 {
            return Err(FakeError::value_invalid(
                "offset",
                "must be greater than or equal to 0",
            ));
        }
        Ok((limit as usize, offset as usize))
    }
}

// ---------------------------------------------------------------------------------------------
// Body helpers

pub(crate) fn check_known(body: &Obj, allowed: &[&str]) -> Result<(), FakeError> {
    match body.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(FakeError::unknown_param(k)),
        None => Ok(()),
    }
}

/// Absent → `None`; `null` → `Some(None)`; a string → `Some(Some(s))`.
fn opt_string(body: &Obj, key: &str) -> Result<Option<Option<String>>, FakeError> {
    match body.get(key) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(s)) => Ok(Some(Some(s.clone()))),
        Some(_) => Err(FakeError::invalid(key, "must be a string")),
    }
}

fn opt_bool(body: &Obj, key: &str) -> Result<Option<bool>, FakeError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(FakeError::invalid(key, "must be a boolean")),
    }
}

fn opt_int(body: &Obj, key: &str) -> Result<Option<Option<i64>>, FakeError> {
    match body.get(key) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(v) => v
            .as_i64()
            .map(|n| Some(Some(n)))
            .ok_or_else(|| FakeError::invalid(key, "must be an integer")),
    }
}

fn opt_str_array(body: &Obj, key: &str) -> Result<Vec<String>, FakeError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| FakeError::invalid(key, "must be an array of strings"))
            })
            .collect(),
        Some(_) => Err(FakeError::invalid(key, "must be an array of strings")),
    }
}

fn opt_object(body: &Obj, key: &str) -> Result<Option<Obj>, FakeError> {
    match body.get(key) {
        None => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o.clone())),
        Some(_) => Err(FakeError::invalid(key, "must be an object")),
    }
}

/// Deep merge: objects merge recursively, `null` removes a key, anything else replaces.
fn deep_merge(target: &mut Obj, patch: Obj) {
    for (k, v) in patch {
        match v {
            Value::Null => {
                target.remove(&k);
            }
            Value::Object(p) => {
                let entry = target.entry(k).or_insert_with(|| Value::Object(Obj::new()));
                if !entry.is_object() {
                    *entry = Value::Object(Obj::new());
                }
                if let Value::Object(m) = entry {
                    deep_merge(m, p);
                }
            }
            other => {
                target.insert(k, other);
            }
        }
    }
}

fn lower(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_lowercase)
}

const USER_CREATE_KEYS: &[&str] = &[
    "external_id",
    "first_name",
    "last_name",
    "locale",
    "email_address",
    "email_address_identification_status",
    "phone_number",
    "phone_number_identification_status",
    "web3_wallet",
    "username",
    "password",
    "password_digest",
    "password_hasher",
    "skip_password_checks",
    "skip_password_requirement",
    "totp_secret",
    "backup_codes",
    "public_metadata",
    "private_metadata",
    "unsafe_metadata",
    "delete_self_enabled",
    "legal_accepted_at",
    "skip_legal_checks",
    "skip_user_requirement",
    "create_organization_enabled",
    "create_organizations_limit",
    "created_at",
    "bypass_client_trust",
    "banned",
    "locked",
];

const USER_UPDATE_KEYS: &[&str] = &[
    "external_id",
    "first_name",
    "last_name",
    "locale",
    "primary_email_address_id",
    "notify_primary_email_address_changed",
    "primary_phone_number_id",
    "primary_web3_wallet_id",
    "username",
    "profile_image_id",
    "password",
    "password_digest",
    "password_hasher",
    "skip_password_checks",
    "sign_out_of_other_sessions",
    "totp_secret",
    "backup_codes",
    "delete_self_enabled",
    "create_organization_enabled",
    "legal_accepted_at",
    "skip_legal_checks",
    "create_organizations_limit",
    "created_at",
    "bypass_client_trust",
];

const METADATA_KEYS: &[&str] = &["public_metadata", "private_metadata", "unsafe_metadata"];

const SESSION_STATUSES: &[&str] = &[
    "abandoned",
    "active",
    "ended",
    "expired",
    "removed",
    "replaced",
    "revoked",
    "pending",
];

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey {
    Int(i64),
    Str(String),
}

/// Parsed user-list filters (shared by `GET /users` and `GET /users/count`).
struct UserFilter<'q> {
    q: &'q Query,
    created_before: Option<i64>,
    created_after: Option<i64>,
    active_before: Option<i64>,
    active_after: Option<i64>,
    active_since: Option<i64>,
    sign_in_before: Option<i64>,
    sign_in_after: Option<i64>,
    banned: Option<bool>,
    /// `organization_id` filter: members of the included organizations (None = no inclusion
    /// filter) and members of the excluded ones (`-org_…`).
    org_members: Option<std::collections::HashSet<String>>,
    org_excluded: std::collections::HashSet<String>,
}

fn include_exclude(values: &[&str], actual: Option<&str>) -> bool {
    if values.is_empty() {
        return true;
    }
    let mut includes = Vec::new();
    let mut excludes = Vec::new();
    for v in values {
        if let Some(x) = v.strip_prefix('-') {
            excludes.push(x);
        } else {
            includes.push(v.strip_prefix('+').unwrap_or(v));
        }
    }
    if actual.is_some_and(|a| excludes.contains(&a)) {
        return false;
    }
    includes.is_empty() || actual.is_some_and(|a| includes.contains(&a))
}

fn contains_ci(hay: Option<&str>, needle: &str) -> bool {
    hay.is_some_and(|h| h.to_lowercase().contains(needle))
}

impl<'q> UserFilter<'q> {
    fn parse(q: &'q Query) -> Result<Self, FakeError> {
        Ok(UserFilter {
            q,
            created_before: q.int("created_at_before")?,
            created_after: q.int("created_at_after")?,
            active_before: q.int("last_active_at_before")?,
            active_after: q.int("last_active_at_after")?,
            active_since: q.int("last_active_at_since")?,
            sign_in_before: q.int("last_sign_in_at_before")?,
            sign_in_after: q.int("last_sign_in_at_after")?,
            banned: q.boolean("banned")?,
            org_members: None,
            org_excluded: std::collections::HashSet::new(),
        })
    }

    fn matches(&self, u: &Obj) -> bool {
        let q = self.q;
        let s = |k: &str| u.get(k).and_then(Value::as_str);
        let i = |k: &str| u.get(k).and_then(Value::as_i64);
        let emails: Vec<String> = list_field(u, "email_addresses", "email_address");
        let phones: Vec<String> = list_field(u, "phone_numbers", "phone_number");

        let wanted = q.all("email_address");
        if !wanted.is_empty()
            && !wanted
                .iter()
                .any(|w| emails.iter().any(|e| e == &w.to_lowercase()))
        {
            return false;
        }
        let wanted = q.all("phone_number");
        if !wanted.is_empty() && !wanted.iter().any(|w| phones.iter().any(|p| p == w)) {
            return false;
        }
        let wanted = q.all("username");
        if !wanted.is_empty()
            && !wanted
                .iter()
                .any(|w| lower(u.get("username")).as_deref() == Some(&w.to_lowercase()))
        {
            return false;
        }
        if !include_exclude(&q.all("external_id"), s("external_id")) {
            return false;
        }
        if !include_exclude(&q.all("user_id"), s("id")) {
            return false;
        }
        let wanted = q.all("web3_wallet");
        if !wanted.is_empty() {
            let wallets = list_field(u, "web3_wallets", "web3_wallet");
            if !wanted.iter().any(|w| wallets.contains(&w.to_lowercase())) {
                return false;
            }
        }
        // The fake keeps no external accounts.
        if !q.all("provider_user_id").is_empty() {
            return false;
        }
        let id = s("id").unwrap_or_default();
        if self.org_members.as_ref().is_some_and(|m| !m.contains(id))
            || self.org_excluded.contains(id)
        {
            return false;
        }
        let full_name = format!(
            "{} {}",
            s("first_name").unwrap_or(""),
            s("last_name").unwrap_or("")
        );
        if let Some(query) = q.first("query").filter(|v| !v.is_empty()) {
            let n = query.to_lowercase();
            let hit = emails.iter().any(|e| e.contains(&n))
                || phones.iter().any(|p| p.contains(&n))
                || contains_ci(s("username"), &n)
                || contains_ci(s("id"), &n)
                || contains_ci(s("first_name"), &n)
                || contains_ci(s("last_name"), &n)
                || full_name.to_lowercase().contains(&n);
            if !hit {
                return false;
            }
        }
        if let Some(v) = q.first("email_address_query").filter(|v| !v.is_empty()) {
            let n = v.to_lowercase();
            if !emails.iter().any(|e| e.contains(&n)) {
                return false;
            }
        }
        if let Some(v) = q.first("phone_number_query").filter(|v| !v.is_empty()) {
            let n = v.to_lowercase();
            if !phones.iter().any(|p| p.to_lowercase().contains(&n)) {
                return false;
            }
        }
        if let Some(v) = q.first("username_query").filter(|v| !v.is_empty()) {
            if !contains_ci(s("username"), &v.to_lowercase()) {
                return false;
            }
        }
        if let Some(v) = q.first("name_query").filter(|v| !v.is_empty()) {
            let n = v.to_lowercase();
            if !(contains_ci(s("first_name"), &n)
                || contains_ci(s("last_name"), &n)
                || full_name.to_lowercase().contains(&n))
            {
                return false;
            }
        }
        if let Some(b) = self.banned {
            if u.get("banned").and_then(Value::as_bool) != Some(b) {
                return false;
            }
        }
        let before =
            |bound: Option<i64>, v: Option<i64>| bound.is_none_or(|b| v.is_some_and(|v| v < b));
        let after =
            |bound: Option<i64>, v: Option<i64>| bound.is_none_or(|b| v.is_some_and(|v| v > b));
        let since =
            |bound: Option<i64>, v: Option<i64>| bound.is_none_or(|b| v.is_some_and(|v| v >= b));
        before(self.created_before, i("created_at"))
            && after(self.created_after, i("created_at"))
            && before(self.active_before, i("last_active_at"))
            && after(self.active_after, i("last_active_at"))
            && since(self.active_since, i("last_active_at"))
            && before(self.sign_in_before, i("last_sign_in_at"))
            && after(self.sign_in_after, i("last_sign_in_at"))
    }
}

fn list_field(u: &Obj, list: &str, field: &str) -> Vec<String> {
    u.get(list)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|e| lower(e.get(field))).collect())
        .unwrap_or_default()
}

fn primary_of(u: &Obj, list: &str, primary: &str, field: &str) -> Option<String> {
    let pid = u.get(primary)?.as_str()?;
    u.get(list)?
        .as_array()?
        .iter()
        .find(|e| e.get("id").and_then(Value::as_str) == Some(pid))
        .and_then(|e| lower(e.get(field)))
}

fn sort_key(u: &Obj, field: &str) -> Option<SortKey> {
    let int = |k: &str| u.get(k).and_then(Value::as_i64).map(SortKey::Int);
    let string = |k: &str| lower(u.get(k)).map(SortKey::Str);
    match field {
        "created_at" | "updated_at" | "last_active_at" | "last_sign_in_at" => int(field),
        "first_name" | "last_name" | "username" => string(field),
        "email_address" => primary_of(
            u,
            "email_addresses",
            "primary_email_address_id",
            "email_address",
        )
        .map(SortKey::Str),
        "phone_number" => primary_of(
            u,
            "phone_numbers",
            "primary_phone_number_id",
            "phone_number",
        )
        .map(SortKey::Str),
        "web3wallet" => {
            primary_of(u, "web3_wallets", "primary_web3_wallet_id", "web3_wallet").map(SortKey::Str)
        }
        _ => None,
    }
}

const ORDER_FIELDS: &[&str] = &[
    "created_at",
    "updated_at",
    "email_address",
    "web3wallet",
    "first_name",
    "last_name",
    "phone_number",
    "username",
    "last_active_at",
    "last_sign_in_at",
];

impl State {
    pub(crate) fn new(clock: Clock) -> State {
        let mut state = State {
            clock,
            ..State::default()
        };
        let now = state.now_ms();
        state.seed_roles(now);
        state.seed_domains();
        state
    }

    /// The fake's current time in Unix milliseconds.
    pub(crate) fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    fn tick(&mut self) -> i64 {
        let now = self.now_ms().max(self.last_ts + 1);
        self.last_ts = now;
        now
    }

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// A Clerk-looking id (`user_2…`), unique per fake and deterministic.
    fn new_id(&mut self, prefix: &str) -> (String, u64) {
        let seq = self.next_seq();
        let a = seq.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5DEE_CE66_D1CE_4E5B;
        let b = seq.wrapping_mul(0xC2B2_AE3D_27D4_EB4F).rotate_left(29);
        (format!("{prefix}_2{}{}", base62(a, 11), base62(b, 15)), seq)
    }
}

fn session_not_active(id: &str, status: &str) -> FakeError {
    FakeError::new(
        404,
        "resource_not_found",
        "not found",
        &format!("Session {id} is {status}, not active"),
        json!({ "status": status }),
    )
}

fn page(data: Vec<Value>, total: usize, paginated: bool) -> Value {
    if paginated {
        json!({ "data": data, "total_count": total })
    } else {
        Value::Array(data)
    }
}

/// Signs token claims (kept here so the router needs only the state and the key).
pub(crate) fn token_response(key: &SigningKey, claims: &Value) -> Value {
    json!({ "object": "token", "jwt": key.sign(claims) })
}
