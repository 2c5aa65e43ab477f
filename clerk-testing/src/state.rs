//! The fake's in-memory state and the behaviour of every modelled operation.

use std::cmp::Ordering;
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
mod table;

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

    // -----------------------------------------------------------------------------------------
    // Users

    pub(crate) fn user_json(&self, id: &str) -> Result<Value, FakeError> {
        self.users
            .get(id)
            .map(|u| Value::Object(u.json.clone()))
            .ok_or_else(|| FakeError::not_found("user", id))
    }

    fn user_mut(&mut self, id: &str) -> Result<&mut UserRec, FakeError> {
        self.users
            .get_mut(id)
            .ok_or_else(|| FakeError::not_found("user", id))
    }

    /// The identifier-index keys of a user: `e:`/`p:`/`w:` + each email, phone, wallet and
    /// `u:` + the username, lower-cased.
    fn identifier_keys(u: &Obj) -> Vec<String> {
        let mut keys = Vec::new();
        for (prefix, list, field) in [
            ("e:", "email_addresses", "email_address"),
            ("p:", "phone_numbers", "phone_number"),
            ("w:", "web3_wallets", "web3_wallet"),
        ] {
            keys.extend(
                list_field(u, list, field)
                    .into_iter()
                    .map(|v| format!("{prefix}{v}")),
            );
        }
        if let Some(name) = lower(u.get("username")) {
            keys.push(format!("u:{name}"));
        }
        keys
    }

    fn index_user(&mut self, id: &str) {
        let keys = self
            .users
            .get(id)
            .map(|u| Self::identifier_keys(&u.json))
            .unwrap_or_default();
        for k in keys {
            self.identifiers.insert(k, id.to_string());
        }
    }

    fn unindex_user(&mut self, id: &str) {
        let keys = self
            .users
            .get(id)
            .map(|u| Self::identifier_keys(&u.json))
            .unwrap_or_default();
        for k in keys {
            if self.identifiers.get(&k).is_some_and(|owner| owner == id) {
                self.identifiers.remove(&k);
            }
        }
    }

    /// The user owning an identifier (`kind` is `e`, `p`, `w` or `u`).
    fn identifier_owner(&self, kind: char, value: &str) -> Option<&str> {
        self.identifiers
            .get(&format!("{kind}:{}", value.to_lowercase()))
            .map(String::as_str)
    }

    fn identifier_taken(
        &self,
        list: &str,
        _field: &str,
        value: &str,
        except: Option<&str>,
    ) -> bool {
        let kind = match list {
            "email_addresses" => 'e',
            "phone_numbers" => 'p',
            _ => 'w',
        };
        self.identifier_owner(kind, value)
            .is_some_and(|owner| Some(owner) != except)
    }

    fn username_taken(&self, username: &str, except: Option<&str>) -> bool {
        self.identifier_owner('u', username)
            .is_some_and(|owner| Some(owner) != except)
    }

    fn exists_error(param: &str, what: &str) -> FakeError {
        FakeError::new(
            422,
            "form_identifier_exists",
            &format!("That {what} is taken. Please try another."),
            &format!("That {what} is taken. Please try another."),
            json!({ "param_name": param }),
        )
    }

    fn check_password(password: &str, skip_checks: bool) -> Result<(), FakeError> {
        if !skip_checks && password.chars().count() < 8 {
            return Err(FakeError::new(
                422,
                "form_password_length_too_short",
                "Passwords must be 8 characters or more.",
                "Passwords must be 8 characters or more.",
                json!({ "param_name": "password" }),
            ));
        }
        Ok(())
    }

    fn identification(&mut self, kind: &str, value: &str, reserved: bool, now: i64) -> Value {
        let (id, _) = self.new_id("idn");
        let verification = if reserved {
            Value::Null
        } else {
            json!({
                "object": "verification_admin",
                "status": "verified",
                "strategy": "admin",
                "attempts": null,
                "expire_at": null,
            })
        };
        if kind == "email_address" {
            json!({
                "id": id,
                "object": "email_address",
                "email_address": value,
                "reserved": reserved,
                "verification": verification,
                "linked_to": [],
                "matches_sso_connection": false,
                "created_at": now,
                "updated_at": now,
            })
        } else {
            json!({
                "id": id,
                "object": "phone_number",
                "phone_number": value,
                "reserved_for_second_factor": false,
                "default_second_factor": false,
                "reserved": reserved,
                "verification": verification,
                "linked_to": [],
                "backup_codes": null,
                "created_at": now,
                "updated_at": now,
            })
        }
    }

    fn statuses(body: &Obj, key: &str, n: usize) -> Result<Vec<bool>, FakeError> {
        let statuses = opt_str_array(body, key)?;
        if statuses.is_empty() {
            return Ok(vec![false; n]);
        }
        if statuses.len() != n {
            return Err(FakeError::value_invalid(
                key,
                "must have one item per identifier",
            ));
        }
        statuses
            .iter()
            .map(|s| match s.as_str() {
                "verified" => Ok(false),
                "reserved" => Ok(true),
                _ => Err(FakeError::value_invalid(
                    key,
                    "items must be verified or reserved",
                )),
            })
            .collect()
    }

    /// `POST /users`.
    pub(crate) fn create_user(&mut self, body: &Obj) -> Result<Value, FakeError> {
        check_known(body, USER_CREATE_KEYS)?;
        let emails = opt_str_array(body, "email_address")?;
        let phones = opt_str_array(body, "phone_number")?;
        let email_reserved =
            Self::statuses(body, "email_address_identification_status", emails.len())?;
        let phone_reserved =
            Self::statuses(body, "phone_number_identification_status", phones.len())?;
        let wallets = opt_str_array(body, "web3_wallet")?;
        for (i, w) in wallets.iter().enumerate() {
            let hex = w.strip_prefix("0x").unwrap_or("");
            if hex.len() != 40 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(FakeError::invalid(
                    "web3_wallet",
                    "must be a 0x-prefixed 40-hex-digit address",
                ));
            }
            if self.identifier_taken("web3_wallets", "web3_wallet", w, None)
                || wallets[..i].iter().any(|o| o.eq_ignore_ascii_case(w))
            {
                return Err(Self::exists_error("web3_wallet", "web3 wallet"));
            }
        }
        opt_str_array(body, "backup_codes")?;
        for (i, e) in emails.iter().enumerate() {
            let at = e.find('@');
            if !at.is_some_and(|p| p > 0 && p + 1 < e.len()) {
                return Err(FakeError::invalid(
                    "email_address",
                    "must be a valid email address",
                ));
            }
            if self.identifier_taken("email_addresses", "email_address", e, None)
                || emails[..i].iter().any(|o| o.eq_ignore_ascii_case(e))
            {
                return Err(Self::exists_error("email_address", "email address"));
            }
        }
        for (i, p) in phones.iter().enumerate() {
            if p.is_empty() {
                return Err(FakeError::invalid("phone_number", "must be a phone number"));
            }
            if self.identifier_taken("phone_numbers", "phone_number", p, None)
                || phones[..i].contains(p)
            {
                return Err(Self::exists_error("phone_number", "phone number"));
            }
        }
        let username = opt_string(body, "username")?
            .flatten()
            .filter(|u| !u.is_empty());
        if let Some(u) = &username {
            if self.username_taken(u, None) {
                return Err(Self::exists_error("username", "username"));
            }
        }
        let skip_checks = opt_bool(body, "skip_password_checks")?.unwrap_or(false);
        let password = opt_string(body, "password")?.flatten();
        if let Some(p) = &password {
            Self::check_password(p, skip_checks)?;
        }
        let digest = opt_string(body, "password_digest")?.flatten();
        let public = opt_object(body, "public_metadata")?.unwrap_or_default();
        let private = opt_object(body, "private_metadata")?.unwrap_or_default();
        let unsafe_md = opt_object(body, "unsafe_metadata")?.unwrap_or_default();
        let string = |k: &str| -> Result<Value, FakeError> {
            Ok(opt_string(body, k)?
                .flatten()
                .map(Value::String)
                .unwrap_or(Value::Null))
        };
        let external_id = string("external_id")?;
        let first_name = string("first_name")?;
        let last_name = string("last_name")?;
        let locale = string("locale")?;
        string("legal_accepted_at")?;
        string("created_at")?;
        string("totp_secret")?;
        let banned = opt_bool(body, "banned")?.unwrap_or(false);
        let locked = opt_bool(body, "locked")?.unwrap_or(false);
        let delete_self = opt_bool(body, "delete_self_enabled")?.unwrap_or(true);
        let create_org = opt_bool(body, "create_organization_enabled")?.unwrap_or(true);
        let bypass = opt_bool(body, "bypass_client_trust")?.unwrap_or(false);
        let org_limit = opt_int(body, "create_organizations_limit")?.flatten();
        for k in [
            "skip_password_requirement",
            "skip_legal_checks",
            "skip_user_requirement",
        ] {
            opt_bool(body, k)?;
        }

        let now = self.tick();
        let (id, seq) = self.new_id("user");
        let email_objs: Vec<Value> = emails
            .iter()
            .zip(email_reserved)
            .map(|(e, r)| self.identification("email_address", e, r, now))
            .collect();
        let phone_objs: Vec<Value> = phones
            .iter()
            .zip(phone_reserved)
            .map(|(p, r)| self.identification("phone_number", p, r, now))
            .collect();
        let wallet_objs: Vec<Value> = wallets
            .iter()
            .map(|w| {
                let (wid, _) = self.new_id("idn");
                json!({
                    "id": wid,
                    "object": "web3_wallet",
                    "web3_wallet": w,
                    "verification": {
                        "object": "verification_admin",
                        "status": "verified",
                        "strategy": "admin",
                        "attempts": null,
                        "expire_at": null,
                    },
                    "created_at": now,
                    "updated_at": now,
                })
            })
            .collect();
        let first_id = |objs: &[Value]| {
            objs.first()
                .and_then(|o| o.get("id"))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let has_password = password.is_some() || digest.is_some();
        let user = json!({
            "id": id,
            "object": "user",
            "external_id": external_id,
            "primary_email_address_id": first_id(&email_objs),
            "primary_phone_number_id": first_id(&phone_objs),
            "primary_web3_wallet_id": first_id(&wallet_objs),
            "username": username,
            "first_name": first_name,
            "last_name": last_name,
            "locale": locale,
            "image_url": "https://img.clerk.com/fake-default-avatar",
            "has_image": false,
            "public_metadata": public,
            "private_metadata": private,
            "unsafe_metadata": unsafe_md,
            "email_addresses": email_objs,
            "phone_numbers": phone_objs,
            "web3_wallets": wallet_objs,
            "passkeys": [],
            "password_enabled": has_password,
            "two_factor_enabled": false,
            "totp_enabled": false,
            "backup_code_enabled": false,
            "mfa_enabled_at": null,
            "mfa_disabled_at": null,
            "password_last_updated_at": if has_password { json!(now) } else { Value::Null },
            "external_accounts": [],
            "saml_accounts": [],
            "enterprise_accounts": [],
            "last_sign_in_at": null,
            "banned": banned,
            "locked": locked,
            "lockout_expires_in_seconds": null,
            "verification_attempts_remaining": 100,
            "updated_at": now,
            "created_at": now,
            "delete_self_enabled": delete_self,
            "create_organization_enabled": create_org,
            "create_organizations_limit": org_limit,
            "last_active_at": null,
            "legal_accepted_at": null,
            "bypass_client_trust": bypass,
        });
        let Value::Object(json) = user else {
            return Err(FakeError::malformed("internal"));
        };
        self.user_seq.insert(id.clone(), seq);
        self.users.insert(
            id.clone(),
            UserRec {
                seq,
                json,
                password,
            },
        );
        self.index_user(&id);
        for e in &emails {
            self.accept_invitations_for_email(e, now);
        }
        self.user_json(&id)
    }

    /// `PATCH /users/{id}`.
    pub(crate) fn update_user(&mut self, id: &str, body: &Obj) -> Result<Value, FakeError> {
        self.user_mut(id)?;
        check_known(body, USER_UPDATE_KEYS)?;
        let username = opt_string(body, "username")?;
        if let Some(Some(u)) = &username {
            if !u.is_empty() && self.username_taken(u, Some(id)) {
                return Err(Self::exists_error("username", "username"));
            }
        }
        let skip_checks = opt_bool(body, "skip_password_checks")?.unwrap_or(false);
        let password = opt_string(body, "password")?.flatten();
        if let Some(p) = &password {
            Self::check_password(p, skip_checks)?;
        }
        let sign_out = opt_bool(body, "sign_out_of_other_sessions")?.unwrap_or(false);
        let mut strings = Vec::new();
        for k in ["external_id", "first_name", "last_name", "locale"] {
            if let Some(v) = opt_string(body, k)? {
                strings.push((k, v.map(Value::String).unwrap_or(Value::Null)));
            }
        }
        let mut primaries = Vec::new();
        for (key, list) in [
            ("primary_email_address_id", "email_addresses"),
            ("primary_phone_number_id", "phone_numbers"),
            ("primary_web3_wallet_id", "web3_wallets"),
        ] {
            if let Some(Some(pid)) = opt_string(body, key)? {
                let user = &self.user_mut(id)?.json;
                let owned = user.get(list).and_then(Value::as_array).is_some_and(|a| {
                    a.iter()
                        .any(|e| e.get("id").and_then(Value::as_str) == Some(&pid))
                });
                if !owned {
                    return Err(FakeError::value_invalid(
                        key,
                        "must be an identification of this user",
                    ));
                }
                primaries.push((key, pid));
            }
        }
        let mut bools = Vec::new();
        for k in [
            "delete_self_enabled",
            "create_organization_enabled",
            "bypass_client_trust",
        ] {
            if let Some(b) = opt_bool(body, k)? {
                bools.push((k, b));
            }
        }
        let org_limit = opt_int(body, "create_organizations_limit")?;
        for k in [
            "profile_image_id",
            "password_digest",
            "totp_secret",
            "legal_accepted_at",
            "created_at",
        ] {
            opt_string(body, k)?;
        }
        opt_str_array(body, "backup_codes")?;
        for k in ["notify_primary_email_address_changed", "skip_legal_checks"] {
            opt_bool(body, k)?;
        }

        let now = self.tick();
        self.unindex_user(id);
        let rec = self.user_mut(id)?;
        for (k, v) in strings {
            rec.json.insert(k.into(), v);
        }
        if let Some(u) = username {
            let u = u
                .filter(|u| !u.is_empty())
                .map(Value::String)
                .unwrap_or(Value::Null);
            rec.json.insert("username".into(), u);
        }
        for (k, pid) in primaries {
            rec.json.insert(k.into(), Value::String(pid));
        }
        for (k, b) in bools {
            rec.json.insert(k.into(), Value::Bool(b));
        }
        if let Some(l) = org_limit {
            rec.json
                .insert("create_organizations_limit".into(), json!(l));
        }
        if let Some(p) = password {
            rec.password = Some(p);
            rec.json
                .insert("password_enabled".into(), Value::Bool(true));
            rec.json
                .insert("password_last_updated_at".into(), json!(now));
        }
        rec.json.insert("updated_at".into(), json!(now));
        self.index_user(id);
        if sign_out {
            self.end_user_sessions(id, "revoked", now);
        }
        self.user_json(id)
    }

    fn end_user_sessions(&mut self, user_id: &str, status: &str, now: i64) {
        let ids: Vec<String> = self
            .sessions
            .values()
            .filter(|s| s.user_id == user_id && s.status == "active")
            .map(|s| s.id.clone())
            .collect();
        for sid in ids {
            self.set_session_status(&sid, status, now);
        }
    }

    /// `DELETE /users/{id}`.
    pub(crate) fn delete_user(&mut self, id: &str) -> Result<Value, FakeError> {
        self.user_mut(id)?;
        self.unindex_user(id);
        self.users.remove(id);
        let now = self.tick();
        self.end_user_sessions(id, "removed", now);
        self.forget_user_memberships(id);
        Ok(json!({ "object": "user", "id": id, "deleted": true }))
    }

    /// `PATCH` (merge) or `PUT` (replace) `/users/{id}/metadata`.
    pub(crate) fn user_metadata(
        &mut self,
        id: &str,
        body: &Obj,
        replace: bool,
    ) -> Result<Value, FakeError> {
        self.user_mut(id)?;
        check_known(body, METADATA_KEYS)?;
        let mut updates = Vec::new();
        for k in METADATA_KEYS {
            if let Some(o) = opt_object(body, k)? {
                updates.push((*k, o));
            }
        }
        let now = self.tick();
        let rec = self.user_mut(id)?;
        for (k, patch) in updates {
            if replace {
                let mut fresh = Obj::new();
                deep_merge(&mut fresh, patch);
                rec.json.insert(k.into(), Value::Object(fresh));
            } else {
                let entry = rec
                    .json
                    .entry(k)
                    .or_insert_with(|| Value::Object(Obj::new()));
                if !entry.is_object() {
                    *entry = Value::Object(Obj::new());
                }
                if let Value::Object(m) = entry {
                    deep_merge(m, patch);
                }
            }
        }
        rec.json.insert("updated_at".into(), json!(now));
        self.user_json(id)
    }

    /// `POST /users/{id}/ban|unban|lock|unlock`.
    pub(crate) fn user_flag(&mut self, id: &str, action: &str) -> Result<Value, FakeError> {
        self.user_mut(id)?;
        let now = self.tick();
        let rec = self.user_mut(id)?;
        match action {
            "ban" => {
                rec.json.insert("banned".into(), Value::Bool(true));
            }
            "unban" => {
                rec.json.insert("banned".into(), Value::Bool(false));
            }
            "lock" => {
                rec.json.insert("locked".into(), Value::Bool(true));
                rec.json
                    .insert("lockout_expires_in_seconds".into(), Value::Null);
            }
            _ => {
                rec.json.insert("locked".into(), Value::Bool(false));
                rec.json
                    .insert("lockout_expires_in_seconds".into(), Value::Null);
                rec.json
                    .insert("verification_attempts_remaining".into(), json!(100));
            }
        }
        rec.json.insert("updated_at".into(), json!(now));
        if action == "ban" {
            self.end_user_sessions(id, "revoked", now);
        }
        self.user_json(id)
    }

    /// `POST /users/ban` / `POST /users/unban`: up to 50 users at once (all must exist).
    pub(crate) fn users_flag_bulk(&mut self, body: &Obj, action: &str) -> Result<Value, FakeError> {
        check_known(body, &["user_ids"])?;
        let ids = opt_str_array(body, "user_ids")?;
        if ids.is_empty() {
            return Err(FakeError::missing("user_ids"));
        }
        if ids.len() > 50 {
            return Err(FakeError::new(
                400,
                "form_param_value_invalid",
                "user_ids is invalid.",
                "user_ids may hold at most 50 ids",
                json!({ "param_name": "user_ids" }),
            ));
        }
        if let Some(missing) = ids.iter().find(|id| !self.users.contains_key(id.as_str())) {
            return Err(FakeError::new(
                400,
                "form_param_value_invalid",
                "user_ids is invalid.",
                &format!("No user was found with id {missing}"),
                json!({ "param_name": "user_ids" }),
            ));
        }
        ids.iter()
            .map(|id| self.user_flag(id, action))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array)
    }

    /// `POST /users/{id}/remove_password`.
    pub(crate) fn remove_password(&mut self, id: &str, body: &Obj) -> Result<Value, FakeError> {
        self.user_mut(id)?;
        check_known(body, &["sign_out_of_other_sessions"])?;
        let sign_out = opt_bool(body, "sign_out_of_other_sessions")?.unwrap_or(false);
        let now = self.tick();
        let rec = self.user_mut(id)?;
        rec.password = None;
        rec.json
            .insert("password_enabled".into(), Value::Bool(false));
        rec.json
            .insert("password_last_updated_at".into(), Value::Null);
        rec.json.insert("updated_at".into(), json!(now));
        if sign_out {
            self.end_user_sessions(id, "revoked", now);
        }
        self.user_json(id)
    }

    /// `POST /users/{id}/verify_password`.
    pub(crate) fn verify_password(&mut self, id: &str, body: &Obj) -> Result<Value, FakeError> {
        let rec = self.user_mut(id)?;
        check_known(body, &["password"])?;
        let given = opt_string(body, "password")?
            .flatten()
            .ok_or_else(|| FakeError::missing("password"))?;
        match &rec.password {
            None => Err(FakeError::new(
                400,
                "no_password_set",
                "This user has no password set.",
                "This user has no password set.",
                json!({}),
            )),
            Some(p) if *p == given => Ok(json!({ "verified": true })),
            Some(_) => Err(FakeError::new(
                422,
                "incorrect_password",
                "Password is incorrect. Try again, or use another method.",
                "Password is incorrect. Try again, or use another method.",
                json!({ "param_name": "password" }),
            )),
        }
    }

    fn filtered_users(&self, q: &Query) -> Result<Vec<&UserRec>, FakeError> {
        let mut filter = UserFilter::parse(q)?;
        const NOT_FILTERS: &[&str] =
            &["limit", "offset", "order_by", "starting_after", "paginated"];
        if q.0.iter().all(|(k, _)| NOT_FILTERS.contains(&k.as_str())) {
            return Ok(self.users.values().collect());
        }
        let orgs = q.all("organization_id");
        let included: Vec<&str> = orgs
            .iter()
            .filter(|o| !o.starts_with('-'))
            .map(|o| o.strip_prefix('+').unwrap_or(o))
            .collect();
        let excluded: Vec<&str> = orgs.iter().filter_map(|o| o.strip_prefix('-')).collect();
        if !included.is_empty() {
            filter.org_members = Some(self.members_of(&included));
        }
        if !excluded.is_empty() {
            filter.org_excluded = self.members_of(&excluded);
        }
        Ok(self
            .users
            .values()
            .filter(|u| filter.matches(&u.json))
            .collect())
    }

    /// `GET /users`.
    pub(crate) fn list_users(&self, q: &Query) -> Result<Value, FakeError> {
        let (limit, offset) = q.limit_offset()?;
        let order = q.first("order_by").unwrap_or("-created_at");
        let (desc, field) = match order.as_bytes().first() {
            Some(b'-') => (true, &order[1..]),
            Some(b'+') => (false, &order[1..]),
            _ => (false, order),
        };
        if !ORDER_FIELDS.contains(&field) {
            return Err(FakeError::value_invalid("order_by", "unsupported ordering"));
        }
        let cursor = q.first("starting_after").filter(|c| !c.is_empty());
        let users = self.filtered_users(q)?;
        // Keys computed once per user, not per comparison.
        let mut keyed: Vec<(Option<SortKey>, &UserRec)> = users
            .into_iter()
            .map(|u| (sort_key(&u.json, field), u))
            .collect();
        keyed.sort_by(|(ka, a), (kb, b)| {
            // NULLS LAST ascending, NULLS FIRST descending (Postgres' defaults).
            let primary = match (ka, kb) {
                (Some(x), Some(y)) => x.cmp(y),
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (None, None) => Ordering::Equal,
            };
            let ord = primary.then(a.seq.cmp(&b.seq));
            if desc { ord.reverse() } else { ord }
        });
        let mut users: Vec<&UserRec> = keyed.into_iter().map(|(_, u)| u).collect();
        if let Some(c) = cursor {
            if field != "created_at" {
                return Err(FakeError::value_invalid(
                    "starting_after",
                    "cursor pagination requires ordering by created_at",
                ));
            }
            if offset != 0 {
                return Err(FakeError::value_invalid(
                    "starting_after",
                    "cannot be combined with a non-zero offset",
                ));
            }
            let Some(&cseq) = self.user_seq.get(c) else {
                return Err(FakeError::value_invalid(
                    "starting_after",
                    "unknown user id",
                ));
            };
            users.retain(|u| if desc { u.seq < cseq } else { u.seq > cseq });
        }
        Ok(Value::Array(
            users
                .into_iter()
                .skip(offset)
                .take(limit)
                .map(|u| Value::Object(u.json.clone()))
                .collect(),
        ))
    }

    /// `GET /users/count`.
    pub(crate) fn count_users(&self, q: &Query) -> Result<Value, FakeError> {
        let n = self.filtered_users(q)?.len();
        Ok(json!({ "object": "total_count", "total_count": n }))
    }

    // -----------------------------------------------------------------------------------------
    // Sessions and clients

    /// The status as Clerk reports it now: an active or pending session whose `expire_at`
    /// has passed (by the fake's clock) is `expired`, one past `abandon_at` is `abandoned`.
    pub(crate) fn session_status<'s>(&self, s: &'s SessionRec) -> &'s str {
        if s.status == "active" || s.status == "pending" {
            let now = self.now_ms();
            if now >= s.abandon_at {
                return "abandoned";
            }
            if now >= s.expire_at {
                return "expired";
            }
        }
        &s.status
    }

    fn session_value(&self, s: &SessionRec) -> Value {
        json!({
            "object": "session",
            "id": s.id,
            "user_id": s.user_id,
            "client_id": s.client_id,
            "actor": s.actor,
            "status": self.session_status(s),
            "last_active_organization_id": s.active_org,
            "last_active_at": s.last_active_at,
            "expire_at": s.expire_at,
            "abandon_at": s.abandon_at,
            "updated_at": s.updated_at,
            "created_at": s.created_at,
        })
    }

    pub(crate) fn session_json(&self, id: &str) -> Result<Value, FakeError> {
        self.sessions
            .get(id)
            .map(|s| self.session_value(s))
            .ok_or_else(|| FakeError::not_found("session", id))
    }

    fn client_value(&self, c: &ClientRec) -> Value {
        let sessions: Vec<Value> = c
            .session_ids
            .iter()
            .filter_map(|sid| self.sessions.get(sid))
            .map(|s| self.session_value(s))
            .collect();
        json!({
            "object": "client",
            "id": c.id,
            "session_ids": c.session_ids,
            "sessions": sessions,
            "sign_in_id": null,
            "sign_up_id": null,
            "last_active_session_id": c.last_active_session_id,
            "last_authentication_strategy": null,
            "updated_at": c.updated_at,
            "created_at": c.created_at,
        })
    }

    pub(crate) fn client_json(&self, id: &str) -> Result<Value, FakeError> {
        self.clients
            .get(id)
            .map(|c| self.client_value(c))
            .ok_or_else(|| FakeError::not_found("client", id))
    }

    pub(crate) fn client_token(&self, id: &str) -> Option<String> {
        self.clients.get(id).map(|c| c.token.clone())
    }

    fn client_by_token(&self, token: &str) -> Option<&ClientRec> {
        if token.is_empty() {
            return None;
        }
        self.clients.values().find(|c| c.token == token)
    }

    fn set_session_status(&mut self, sid: &str, status: &str, now: i64) {
        let Some(s) = self.sessions.get_mut(sid) else {
            return;
        };
        s.status = status.to_string();
        s.updated_at = now;
        let client_id = s.client_id.clone();
        let active: Vec<(u64, String)> = self
            .sessions
            .values()
            .filter(|s| s.client_id == client_id && s.status == "active")
            .map(|s| (s.seq, s.id.clone()))
            .collect();
        if let Some(c) = self.clients.get_mut(&client_id) {
            if c.last_active_session_id.as_deref() == Some(sid) {
                c.last_active_session_id = active.into_iter().max().map(|(_, id)| id);
            }
            c.updated_at = now;
        }
    }

    /// `POST /sessions`: a new active session on a new client.
    pub(crate) fn create_session(&mut self, body: &Obj) -> Result<Value, FakeError> {
        let user_id = opt_string(body, "user_id")?
            .flatten()
            .filter(|u| !u.is_empty())
            .ok_or_else(|| FakeError::missing("user_id"))?;
        check_known(body, &["user_id", "active_organization_id"])?;
        let active_org = opt_string(body, "active_organization_id")?
            .flatten()
            .filter(|o| !o.is_empty());
        if !self.users.contains_key(&user_id) {
            return Err(FakeError::not_found("user", &user_id));
        }
        if let Some(org) = &active_org {
            if !self.orgs.contains(org) {
                return Err(FakeError::not_found("organization", org));
            }
            if self.membership_of(org, &user_id).is_none() {
                return Err(FakeError::new(
                    422,
                    "not_a_member_in_organization",
                    "The user is not a member of the organization.",
                    &format!("User {user_id} is not a member of organization {org}"),
                    json!({ "param_name": "active_organization_id" }),
                ));
            }
        }
        let now = self.tick();
        let (client_id, client_seq) = self.new_id("client");
        let (session_id, seq) = self.new_id("sess");
        let token_seq = self.next_seq();
        let token = format!(
            "fake_client_token_{}{}",
            base62(
                token_seq.wrapping_mul(0xD6E8_FEB8_6659_FD93) ^ 0xA5A5_5A5A_0F0F_F0F0,
                11
            ),
            base62(
                client_seq
                    .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                    .rotate_left(17),
                11
            )
        );
        self.sessions.insert(
            session_id.clone(),
            SessionRec {
                id: session_id.clone(),
                seq,
                user_id: user_id.clone(),
                client_id: client_id.clone(),
                status: "active".into(),
                active_org,
                actor: None,
                created_at: now,
                updated_at: now,
                last_active_at: now,
                expire_at: now + 7 * DAY_MS,
                abandon_at: now + 30 * DAY_MS,
            },
        );
        self.clients.insert(
            client_id.clone(),
            ClientRec {
                id: client_id,
                seq: client_seq,
                token,
                session_ids: vec![session_id.clone()],
                last_active_session_id: Some(session_id.clone()),
                created_at: now,
                updated_at: now,
            },
        );
        if let Some(u) = self.users.get_mut(&user_id) {
            u.json.insert("last_sign_in_at".into(), json!(now));
            u.json.insert("last_active_at".into(), json!(now));
        }
        self.session_json(&session_id)
    }

    /// `GET /sessions`.
    pub(crate) fn list_sessions(&self, q: &Query) -> Result<Value, FakeError> {
        let (limit, offset) = q.limit_offset()?;
        let paginated = q.boolean("paginated")?.unwrap_or(false);
        let status = q.first("status");
        if let Some(s) = status {
            if !SESSION_STATUSES.contains(&s) {
                return Err(FakeError::value_invalid("status", "unknown session status"));
            }
        }
        let client_id = q.first("client_id");
        let user_id = q.first("user_id");
        let mut list: Vec<&SessionRec> = self
            .sessions
            .values()
            .filter(|s| client_id.is_none_or(|c| s.client_id == c))
            .filter(|s| user_id.is_none_or(|u| s.user_id == u))
            .filter(|s| status.is_none_or(|st| self.session_status(s) == st))
            .collect();
        list.sort_by_key(|s| std::cmp::Reverse(s.seq));
        let total = list.len();
        let data: Vec<Value> = list
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|s| self.session_value(s))
            .collect();
        Ok(page(data, total, paginated))
    }

    /// `POST /sessions/{id}/revoke`.
    pub(crate) fn revoke_session(&mut self, id: &str) -> Result<Value, FakeError> {
        self.session_json(id)?;
        let now = self.tick();
        self.set_session_status(id, "revoked", now);
        self.session_json(id)
    }

    /// Legacy `POST /sessions/{id}/verify` with a client token.
    pub(crate) fn verify_session(&mut self, id: &str, body: &Obj) -> Result<Value, FakeError> {
        let token = opt_string(body, "token")?
            .flatten()
            .ok_or_else(|| FakeError::missing("token"))?;
        let session = self
            .sessions
            .get(id)
            .ok_or_else(|| FakeError::not_found("session", id))?;
        let owned = self
            .client_by_token(&token)
            .is_some_and(|c| c.id == session.client_id);
        if !owned {
            return Err(FakeError::new(
                404,
                "resource_not_found",
                "not found",
                &format!("No session {id} was found for the given client token"),
                json!({}),
            ));
        }
        let status = self.session_status(session);
        if status != "active" {
            return Err(session_not_active(id, status));
        }
        let now = self.tick();
        if let Some(s) = self.sessions.get_mut(id) {
            s.last_active_at = now;
            s.updated_at = now;
        }
        self.session_json(id)
    }

    /// `POST /clients/verify`.
    pub(crate) fn verify_client(&self, body: &Obj) -> Result<Value, FakeError> {
        check_known(body, &["token"]).map_err(|e| FakeError { status: 400, ..e })?;
        let token = opt_string(body, "token")
            .map_err(|e| FakeError { status: 400, ..e })?
            .flatten()
            .ok_or_else(|| FakeError {
                status: 400,
                ..FakeError::missing("token")
            })?;
        let client = self.client_by_token(&token).ok_or_else(|| {
            FakeError::new(
                404,
                "resource_not_found",
                "not found",
                "No client was found for the given token",
                json!({}),
            )
        })?;
        Ok(self.client_value(client))
    }

    /// `GET /clients` (deprecated).
    pub(crate) fn list_clients(&self, q: &Query) -> Result<Value, FakeError> {
        let (limit, offset) = q.limit_offset()?;
        let paginated = q.boolean("paginated")?.unwrap_or(false);
        let mut list: Vec<&ClientRec> = self.clients.values().collect();
        list.sort_by_key(|s| std::cmp::Reverse(s.seq));
        let total = list.len();
        let data = list
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|c| self.client_value(c))
            .collect();
        Ok(page(data, total, paginated))
    }

    // -----------------------------------------------------------------------------------------
    // Tokens

    /// Adds (or replaces the claims of) a JWT template by name, with Clerk's defaults.
    pub(crate) fn add_template(&mut self, name: &str, claims: Value) {
        let mut body = Obj::new();
        body.insert("name".into(), json!(name));
        body.insert("claims".into(), claims.clone());
        let existing = self
            .jwt_templates
            .find(|t| t.get("name").and_then(Value::as_str) == Some(name))
            .map(|(id, _)| id.to_string());
        let result = match existing {
            Some(id) => self.update_jwt_template(&id, &body),
            None => self.create_jwt_template(&body),
        };
        if result.is_err() {
            // Reserved claims or a non-object: store as given, as the Rust helper promises.
            let now = self.tick();
            let (id, seq) = self.new_id("jtmp");
            if let Value::Object(o) = jwt_template_json(&id, name, claims, 60, 5, now) {
                self.jwt_templates.insert(&id, seq, o);
            }
        }
    }

    fn expires_in(body: &Obj) -> Result<Option<i64>, FakeError> {
        check_known(body, &["expires_in_seconds"])?;
        match opt_int(body, "expires_in_seconds")?.flatten() {
            Some(n) if !(30..=315_360_000).contains(&n) => Err(FakeError::value_invalid(
                "expires_in_seconds",
                "must be between 30 and 315360000",
            )),
            other => Ok(other),
        }
    }

    /// The claims of a session token with extra claims merged over them (v2, active org).
    pub(crate) fn session_claims(
        &self,
        id: &str,
        expires_in: Option<i64>,
        extra: &Value,
    ) -> Result<Value, FakeError> {
        let opts = TokenOptions {
            expires_in_seconds: expires_in,
            ..TokenOptions::default()
        };
        let mut claims = self.session_claims_with(id, &opts)?;
        if let (Value::Object(c), Value::Object(e)) = (&mut claims, extra) {
            for (k, v) in e {
                c.insert(k.clone(), v.clone());
            }
        }
        Ok(claims)
    }

    /// `POST /sessions/{id}/tokens[/{template}]`: the claims to sign.
    pub(crate) fn token_claims(
        &mut self,
        id: &str,
        template: Option<&str>,
        body: &Obj,
    ) -> Result<Value, FakeError> {
        let opts = TokenOptions {
            expires_in_seconds: Self::expires_in(body)?,
            template: template.map(str::to_string),
            ..TokenOptions::default()
        };
        self.session_claims_with(id, &opts)
    }

    // -----------------------------------------------------------------------------------------
    // Legacy emails

    /// Legacy `POST /emails`.
    pub(crate) fn create_email(&mut self, body: &Obj) -> Result<Value, FakeError> {
        let mut fields = Vec::new();
        for k in ["from_email_name", "subject", "body", "email_address_id"] {
            let v = opt_string(body, k)?
                .flatten()
                .filter(|v| !v.is_empty())
                .ok_or_else(|| FakeError::missing(k))?;
            fields.push(v);
        }
        let [from, subject, text, email_id] =
            <[String; 4]>::try_from(fields).map_err(|_| FakeError::malformed("internal"))?;
        let to = self
            .users
            .values()
            .flat_map(|u| u.json.get("email_addresses").and_then(Value::as_array))
            .flatten()
            .find(|e| e.get("id").and_then(Value::as_str) == Some(&email_id))
            .and_then(|e| e.get("email_address").cloned())
            .ok_or_else(|| FakeError::not_found("email address", &email_id))?;
        let (id, _) = self.new_id("ema");
        let email = json!({
            "object": "email",
            "id": id,
            "from_email_name": from,
            "email_address_id": email_id,
            "to_email_address": to,
            "subject": subject,
            "body": text,
            "status": "queued",
            "slug": null,
            "data": null,
            "delivered_by_clerk": true,
        });
        self.emails.push(email.clone());
        Ok(email)
    }

    pub(crate) fn sent_emails(&self) -> Vec<Value> {
        self.emails.clone()
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
