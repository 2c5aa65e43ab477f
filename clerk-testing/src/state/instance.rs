//! Instance-level resources: JWT templates (the rest is added below as it is modelled).

use serde_json::{Value, json};

use super::{Obj, State, check_known, opt_bool, opt_int, opt_string};
use crate::error::FakeError;

/// Claims a JWT template may not set: Clerk fills them in.
const RESERVED_CLAIMS: &[&str] = &["azp", "exp", "iat", "iss", "jti", "nbf", "sub"];

/// A `JWTTemplate` JSON object.
pub(super) fn jwt_template_json(
    id: &str,
    name: &str,
    claims: Value,
    lifetime: i64,
    skew: i64,
    now: i64,
) -> Value {
    json!({
        "object": "jwt_template",
        "id": id,
        "name": name,
        "claims": claims,
        "lifetime": lifetime,
        "allowed_clock_skew": skew,
        "custom_signing_key": false,
        "signing_algorithm": "RS256",
        "created_at": now,
        "updated_at": now,
    })
}

const TEMPLATE_KEYS: &[&str] = &[
    "name",
    "claims",
    "lifetime",
    "allowed_clock_skew",
    "custom_signing_key",
    "signing_algorithm",
    "signing_key",
];

struct TemplateInput {
    name: String,
    claims: Value,
    lifetime: i64,
    skew: i64,
}

impl State {
    fn template_input(&self, body: &Obj, except: Option<&str>) -> Result<TemplateInput, FakeError> {
        check_known(body, TEMPLATE_KEYS)?;
        let name = opt_string(body, "name")?
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| FakeError::missing("name"))?;
        let claims = match body.get("claims") {
            Some(Value::Object(o)) => o.clone(),
            None | Some(Value::Null) => return Err(FakeError::missing("claims")),
            Some(_) => return Err(FakeError::invalid("claims", "must be an object")),
        };
        if let Some(k) = claims
            .keys()
            .find(|k| RESERVED_CLAIMS.contains(&k.as_str()))
        {
            return Err(FakeError::new(
                422,
                "jwt_template_reserved_claim",
                &format!("{k} is a reserved claim."),
                &format!(
                    "The claim {k} is reserved and is set by Clerk; remove it from the template"
                ),
                json!({ "param_name": "claims" }),
            ));
        }
        let lifetime = opt_int(body, "lifetime")?.flatten().unwrap_or(60);
        if !(30..=315_360_000).contains(&lifetime) {
            return Err(FakeError::value_invalid(
                "lifetime",
                "must be between 30 and 315360000",
            ));
        }
        let skew = opt_int(body, "allowed_clock_skew")?.flatten().unwrap_or(5);
        if !(0..=300).contains(&skew) {
            return Err(FakeError::value_invalid(
                "allowed_clock_skew",
                "must be between 0 and 300",
            ));
        }
        if opt_bool(body, "custom_signing_key")?.unwrap_or(false) {
            return Err(FakeError::value_invalid(
                "custom_signing_key",
                "the fake signs every template token with the instance key",
            ));
        }
        if let Some(alg) = opt_string(body, "signing_algorithm")?.flatten() {
            if alg != "RS256" {
                return Err(FakeError::value_invalid(
                    "signing_algorithm",
                    "the fake supports RS256",
                ));
            }
        }
        opt_string(body, "signing_key")?;
        let taken = self
            .jwt_templates
            .find(|t| {
                t.get("name").and_then(Value::as_str) == Some(&name)
                    && t.get("id").and_then(Value::as_str) != except
            })
            .is_some();
        if taken {
            return Err(FakeError::new(
                422,
                "form_identifier_exists",
                "That name is taken. Please try another.",
                &format!("A JWT template named {name} already exists"),
                json!({ "param_name": "name" }),
            ));
        }
        Ok(TemplateInput {
            name,
            claims: Value::Object(claims),
            lifetime,
            skew,
        })
    }

    /// `POST /jwt_templates`.
    pub(crate) fn create_jwt_template(&mut self, body: &Obj) -> Result<Value, FakeError> {
        let t = self.template_input(body, None)?;
        let now = self.tick();
        let (id, seq) = self.new_id("jtmp");
        if let Value::Object(o) = jwt_template_json(&id, &t.name, t.claims, t.lifetime, t.skew, now)
        {
            self.jwt_templates.insert(&id, seq, o);
        }
        self.get_jwt_template(&id)
    }

    /// `GET /jwt_templates/{id}`.
    pub(crate) fn get_jwt_template(&self, id: &str) -> Result<Value, FakeError> {
        self.jwt_templates
            .get(id)
            .map(|t| Value::Object(t.clone()))
            .ok_or_else(|| FakeError::not_found("JWT template", id))
    }

    /// `PATCH /jwt_templates/{id}` (a full update: `name` and `claims` are required).
    pub(crate) fn update_jwt_template(&mut self, id: &str, body: &Obj) -> Result<Value, FakeError> {
        self.get_jwt_template(id)?;
        let t = self.template_input(body, Some(id))?;
        let now = self.tick();
        if let Some(o) = self.jwt_templates.get_mut(id) {
            o.insert("name".into(), json!(t.name));
            o.insert("claims".into(), t.claims);
            o.insert("lifetime".into(), json!(t.lifetime));
            o.insert("allowed_clock_skew".into(), json!(t.skew));
            o.insert("updated_at".into(), json!(now));
        }
        self.get_jwt_template(id)
    }

    /// `DELETE /jwt_templates/{id}`.
    pub(crate) fn delete_jwt_template(&mut self, id: &str) -> Result<Value, FakeError> {
        self.jwt_templates
            .remove(id)
            .ok_or_else(|| FakeError::not_found("JWT template", id))?;
        Ok(super::table::deleted("jwt_template", id))
    }

    /// `GET /jwt_templates`.
    pub(crate) fn list_jwt_templates(&self, q: &super::Query) -> Result<Value, FakeError> {
        let (limit, offset) = super::table::limit_offset(q, 500)?;
        let items = self
            .jwt_templates
            .newest_first()
            .into_iter()
            .map(|r| Value::Object(r.json.clone()))
            .collect();
        super::table::array_or_page(q, items, limit, offset)
    }
}

// ---------------------------------------------------------------------------------------------
// Invitations, allow/block lists, redirect URLs, domains, sign-in tokens

use super::table::{array_or_page, data_page, deleted, limit_offset, parse_order};
use super::{DAY_MS, Query, base62};

const INVITATION_KEYS: &[&str] = &[
    "email_address",
    "public_metadata",
    "redirect_url",
    "notify",
    "ignore_existing",
    "expires_in_days",
    "template_slug",
];

/// The host of the fake's Frontend API and Account Portal.
const FRONTEND_HOST: &str = "clerk.fake.local";

fn valid_email(e: &str) -> bool {
    let at = e.find('@');
    at.is_some_and(|p| p > 0 && p + 1 < e.len()) && !e.contains(char::is_whitespace)
}

fn valid_url(u: &str) -> bool {
    match u.split_once("://") {
        Some((scheme, rest)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                && !rest.is_empty()
                && !u.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn identifier_type(identifier: &str) -> Option<&'static str> {
    if identifier.starts_with("0x")
        && identifier.len() == 42
        && identifier[2..].chars().all(|c| c.is_ascii_hexdigit())
    {
        Some("web3_wallet")
    } else if identifier.starts_with('+')
        && identifier.len() > 4
        && identifier[1..].chars().all(|c| c.is_ascii_digit())
    {
        Some("phone_number")
    } else if identifier.contains('@') && !identifier.contains(char::is_whitespace) {
        Some("email_address")
    } else {
        None
    }
}

fn duplicate(what: &str, value: &str, param: &str) -> FakeError {
    FakeError::new(
        422,
        "duplicate_record",
        &format!("There is already a {what} for {value}."),
        &format!("A {what} with the value {value} already exists"),
        json!({ "param_name": param }),
    )
}

fn str_field<'a>(o: &'a Obj, k: &str) -> Option<&'a str> {
    o.get(k).and_then(Value::as_str)
}

/// The status of an instance invitation now: a pending one past `expires_at` is `expired`.
fn instance_invitation_status(inv: &Obj, now: i64) -> &'static str {
    super::orgs::invitation_status(inv, now)
}

impl State {
    fn invitation_value(&self, inv: &Obj) -> Value {
        let mut out = inv.clone();
        let status = instance_invitation_status(inv, self.now_ms());
        out.insert("status".into(), json!(status));
        out.insert("revoked".into(), json!(status == "revoked"));
        Value::Object(out)
    }

    fn create_invitation_one(&mut self, body: &Obj) -> Result<String, FakeError> {
        check_known(body, INVITATION_KEYS)?;
        let email = opt_string(body, "email_address")?
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| FakeError::missing("email_address"))?;
        if !valid_email(&email) {
            return Err(FakeError::invalid(
                "email_address",
                "must be a valid email address",
            ));
        }
        let public = match body.get("public_metadata") {
            None | Some(Value::Null) => Obj::new(),
            Some(Value::Object(o)) => o.clone(),
            Some(_) => return Err(FakeError::invalid("public_metadata", "must be an object")),
        };
        let redirect = opt_string(body, "redirect_url")?.flatten();
        if let Some(r) = &redirect {
            if !valid_url(r) {
                return Err(FakeError::invalid("redirect_url", "must be a URL"));
            }
        }
        opt_bool(body, "notify")?;
        let ignore_existing = opt_bool(body, "ignore_existing")?.unwrap_or(false);
        let days = opt_int(body, "expires_in_days")?.flatten().unwrap_or(30);
        if !(1..=365).contains(&days) {
            return Err(FakeError::value_invalid(
                "expires_in_days",
                "must be between 1 and 365",
            ));
        }
        if let Some(t) = opt_string(body, "template_slug")?.flatten() {
            if t != "invitation" && t != "waitlist_invitation" {
                return Err(FakeError::value_invalid(
                    "template_slug",
                    "must be invitation or waitlist_invitation",
                ));
            }
        }
        if !ignore_existing {
            if self.identifier_owner('e', &email).is_some() {
                return Err(FakeError::new(
                    422,
                    "form_identifier_exists",
                    "That email address is taken. Please try another.",
                    &format!("A user with the email address {email} already exists"),
                    json!({ "param_name": "email_address" }),
                ));
            }
            let now = self.now_ms();
            let lower = email.to_lowercase();
            let pending = self
                .invitations
                .find(|i| {
                    str_field(i, "email_address")
                        .map(str::to_lowercase)
                        .as_deref()
                        == Some(&lower)
                        && instance_invitation_status(i, now) == "pending"
                })
                .is_some();
            if pending {
                return Err(duplicate("pending invitation", &email, "email_address"));
            }
        }
        let now = self.tick();
        let (id, seq) = self.new_id("inv");
        let ticket = base62(seq.wrapping_mul(0xA076_1D64_78BD_642F), 24);
        let url = match &redirect {
            Some(r) => format!(
                "{r}{}__clerk_ticket={ticket}",
                if r.contains('?') { '&' } else { '?' }
            ),
            None => format!("https://accounts.{FRONTEND_HOST}/sign-up?__clerk_ticket={ticket}"),
        };
        let inv = json!({
            "object": "invitation",
            "id": id,
            "email_address": email,
            "public_metadata": public,
            "revoked": false,
            "status": "pending",
            "url": url,
            "expires_at": now + days * DAY_MS,
            "created_at": now,
            "updated_at": now,
        });
        if let Value::Object(o) = inv {
            self.invitations.insert(&id, seq, o);
        }
        Ok(id)
    }

    /// `POST /invitations`.
    pub(crate) fn create_invitation(&mut self, body: &Obj) -> Result<Value, FakeError> {
        let id = self.create_invitation_one(body)?;
        self.invitation_json(&id)
    }

    fn invitation_json(&self, id: &str) -> Result<Value, FakeError> {
        self.invitations
            .get(id)
            .map(|i| self.invitation_value(i))
            .ok_or_else(|| FakeError::not_found("invitation", id))
    }

    /// `POST /invitations/bulk`: all or nothing.
    pub(crate) fn create_invitations_bulk(&mut self, items: &[Value]) -> Result<Value, FakeError> {
        if items.is_empty() {
            return Err(FakeError::missing("email_address"));
        }
        let snapshot = (self.invitations.clone(), self.seq, self.last_ts);
        let mut ids = Vec::new();
        for item in items {
            let result = match item {
                Value::Object(body) => self.create_invitation_one(body),
                _ => Err(FakeError::malformed("every item must be a JSON object")),
            };
            match result {
                Ok(id) => ids.push(id),
                Err(e) => {
                    (self.invitations, self.seq, self.last_ts) = snapshot;
                    return Err(e);
                }
            }
        }
        ids.iter()
            .map(|id| self.invitation_json(id))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array)
    }

    /// `POST /invitations/{id}/revoke`.
    pub(crate) fn revoke_invitation(&mut self, id: &str) -> Result<Value, FakeError> {
        let inv = self
            .invitations
            .get(id)
            .ok_or_else(|| FakeError::not_found("invitation", id))?;
        let status = instance_invitation_status(inv, self.now_ms());
        if status != "pending" {
            return Err(FakeError::new(
                400,
                "invitation_not_pending",
                "The invitation is not pending.",
                &format!("Invitation {id} is {status}; only pending invitations can be revoked"),
                json!({ "status": status }),
            ));
        }
        let now = self.tick();
        if let Some(i) = self.invitations.get_mut(id) {
            i.insert("status".into(), json!("revoked"));
            i.insert("updated_at".into(), json!(now));
        }
        self.invitation_json(id)
    }

    /// Marks pending instance invitations to `email` accepted (a user signed up with it).
    pub(crate) fn accept_invitations_for_email(&mut self, email: &str, now: i64) {
        let lower = email.to_lowercase();
        let now_ms = self.now_ms();
        let ids = self.invitations.ids_where(|i| {
            str_field(i, "email_address")
                .map(str::to_lowercase)
                .as_deref()
                == Some(&lower)
                && instance_invitation_status(i, now_ms) == "pending"
        });
        for id in ids {
            if let Some(i) = self.invitations.get_mut(&id) {
                i.insert("status".into(), json!("accepted"));
                i.insert("updated_at".into(), json!(now));
            }
        }
    }

    /// `GET /invitations`.
    pub(crate) fn list_invitations(&self, q: &Query) -> Result<Value, FakeError> {
        let (limit, offset) = limit_offset(q, 500)?;
        let order = parse_order(
            q,
            &["created_at", "email_address", "expires_at"],
            "-created_at",
        )?;
        let status = q.first("status");
        if let Some(s) = status {
            if !["pending", "accepted", "revoked", "expired"].contains(&s) {
                return Err(FakeError::value_invalid(
                    "status",
                    "unknown invitation status",
                ));
            }
        }
        let needle = q
            .first("query")
            .filter(|v| !v.is_empty())
            .map(str::to_lowercase);
        let now = self.now_ms();
        let mut rows: Vec<&Obj> = self
            .invitations
            .oldest_first()
            .into_iter()
            .map(|r| &r.json)
            .filter(|i| status.is_none_or(|s| instance_invitation_status(i, now) == s))
            .filter(|i| {
                needle.as_deref().is_none_or(|n| {
                    str_field(i, "email_address").is_some_and(|e| e.to_lowercase().contains(n))
                })
            })
            .collect();
        rows.sort_by(|a, b| {
            let ord = super::table::cmp_json(a.get(order.field), b.get(order.field));
            if order.desc { ord.reverse() } else { ord }
        });
        let items = rows.into_iter().map(|i| self.invitation_value(i)).collect();
        array_or_page(q, items, limit, offset)
    }

    fn list_table(&self, list: &str) -> &super::Table {
        if list == "allowlist_identifiers" {
            &self.allowlist
        } else {
            &self.blocklist
        }
    }

    /// `GET /allowlist_identifiers` (a bare array) or `GET /blocklist_identifiers`
    /// (`{data, total_count}`).
    pub(crate) fn list_identifiers(&self, list: &str, q: &Query) -> Result<Value, FakeError> {
        let items: Vec<Value> = self
            .list_table(list)
            .newest_first()
            .into_iter()
            .map(|r| Value::Object(r.json.clone()))
            .collect();
        if list == "allowlist_identifiers" {
            let (limit, offset) = limit_offset(q, 500)?;
            array_or_page(q, items, limit, offset)
        } else {
            let n = items.len();
            Ok(data_page(items, n.max(1), 0))
        }
    }

    /// `POST /allowlist_identifiers` / `POST /blocklist_identifiers`.
    pub(crate) fn create_list_identifier(
        &mut self,
        list: &str,
        body: &Obj,
    ) -> Result<Value, FakeError> {
        let allow = list == "allowlist_identifiers";
        if allow {
            check_known(body, &["identifier", "notify"])?;
            opt_bool(body, "notify")?;
        } else {
            check_known(body, &["identifier"])?;
        }
        let identifier = opt_string(body, "identifier")?
            .flatten()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| FakeError::missing("identifier"))?;
        let kind = identifier_type(&identifier).ok_or_else(|| {
            FakeError::invalid(
                "identifier",
                "must be an email address, a domain wildcard (*@example.com), a phone number or a web3 wallet",
            )
        })?;
        let lower = identifier.to_lowercase();
        let exists = self
            .list_table(list)
            .find(|r| str_field(r, "identifier").map(str::to_lowercase).as_deref() == Some(&lower))
            .is_some();
        if exists {
            let what = if allow {
                "allowlist identifier"
            } else {
                "blocklist identifier"
            };
            return Err(duplicate(what, &identifier, "identifier"));
        }
        let now = self.tick();
        let (id, seq) = self.new_id(if allow { "alid" } else { "blid" });
        let mut rec = json!({
            "object": if allow { "allowlist_identifier" } else { "blocklist_identifier" },
            "id": id,
            "identifier": identifier,
            "identifier_type": kind,
            "instance_id": super::INSTANCE_ID,
            "created_at": now,
            "updated_at": now,
        });
        let _ = &mut rec;
        if let Value::Object(o) = rec {
            if allow {
                self.allowlist.insert(&id, seq, o.clone());
            } else {
                self.blocklist.insert(&id, seq, o.clone());
            }
            return Ok(Value::Object(o));
        }
        Err(FakeError::malformed("internal"))
    }

    /// `DELETE /allowlist_identifiers/{id}` / `DELETE /blocklist_identifiers/{id}`.
    pub(crate) fn delete_list_identifier(
        &mut self,
        list: &str,
        id: &str,
    ) -> Result<Value, FakeError> {
        let (table, object) = if list == "allowlist_identifiers" {
            (&mut self.allowlist, "allowlist_identifier")
        } else {
            (&mut self.blocklist, "blocklist_identifier")
        };
        table
            .remove(id)
            .ok_or_else(|| FakeError::not_found(object, id))?;
        Ok(deleted(object, id))
    }

    /// `GET /redirect_urls`.
    pub(crate) fn list_redirect_urls(&self, q: &Query) -> Result<Value, FakeError> {
        let (limit, offset) = limit_offset(q, 500)?;
        let items = self
            .redirect_urls
            .newest_first()
            .into_iter()
            .map(|r| Value::Object(r.json.clone()))
            .collect();
        array_or_page(q, items, limit, offset)
    }

    /// `POST /redirect_urls`.
    pub(crate) fn create_redirect_url(&mut self, body: &Obj) -> Result<Value, FakeError> {
        check_known(body, &["url"])?;
        let url = opt_string(body, "url")?
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| FakeError::missing("url"))?;
        if !valid_url(&url) {
            return Err(FakeError::invalid(
                "url",
                "must be an absolute URL or a native app scheme",
            ));
        }
        if self
            .redirect_urls
            .find(|r| str_field(r, "url") == Some(&url))
            .is_some()
        {
            return Err(duplicate("redirect URL", &url, "url"));
        }
        let now = self.tick();
        let (id, seq) = self.new_id("ru");
        let rec = json!({
            "object": "redirect_url",
            "id": id,
            "url": url,
            "created_at": now,
            "updated_at": now,
        });
        if let Value::Object(o) = rec {
            self.redirect_urls.insert(&id, seq, o);
        }
        self.get_redirect_url(&id)
    }

    /// `GET /redirect_urls/{id}`.
    pub(crate) fn get_redirect_url(&self, id: &str) -> Result<Value, FakeError> {
        self.redirect_urls
            .get(id)
            .map(|r| Value::Object(r.clone()))
            .ok_or_else(|| FakeError::not_found("redirect URL", id))
    }

    /// `DELETE /redirect_urls/{id}`.
    pub(crate) fn delete_redirect_url(&mut self, id: &str) -> Result<Value, FakeError> {
        self.redirect_urls
            .remove(id)
            .ok_or_else(|| FakeError::not_found("redirect URL", id))?;
        Ok(deleted("redirect_url", id))
    }

    /// Creates the instance's primary domain (called by `State::new`).
    pub(super) fn seed_domains(&mut self) {
        let (id, seq) = self.new_id("dmn");
        if let Value::Object(o) = domain_json(&id, "fake.local", false, None) {
            self.domains.insert(&id, seq, o);
        }
    }

    /// `GET /domains`.
    pub(crate) fn list_domains(&self) -> Result<Value, FakeError> {
        let items: Vec<Value> = self
            .domains
            .oldest_first()
            .into_iter()
            .map(|r| Value::Object(r.json.clone()))
            .collect();
        let n = items.len();
        Ok(data_page(items, n.max(1), 0))
    }

    /// `POST /domains`: adds a satellite domain.
    pub(crate) fn create_domain(&mut self, body: &Obj) -> Result<Value, FakeError> {
        check_known(body, &["name", "is_satellite", "proxy_url"])?;
        let name = opt_string(body, "name")?
            .flatten()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| FakeError::missing("name"))?;
        if !valid_domain(&name) {
            return Err(FakeError::invalid("name", "must be a domain name"));
        }
        match opt_bool(body, "is_satellite")? {
            None => return Err(FakeError::missing("is_satellite")),
            Some(false) => {
                return Err(FakeError::value_invalid(
                    "is_satellite",
                    "only satellite domains can be added",
                ));
            }
            Some(true) => {}
        }
        let proxy = opt_string(body, "proxy_url")?.flatten();
        if let Some(p) = &proxy {
            if !valid_url(p) {
                return Err(FakeError::invalid("proxy_url", "must be a URL"));
            }
        }
        if self
            .domains
            .find(|d| str_field(d, "name") == Some(&name))
            .is_some()
        {
            return Err(FakeError::new(
                422,
                "form_identifier_exists",
                "That domain is taken. Please try another.",
                &format!("The domain {name} is already in use"),
                json!({ "param_name": "name" }),
            ));
        }
        self.tick();
        let (id, seq) = self.new_id("dmn");
        let d = domain_json(&id, &name, true, proxy.as_deref());
        if let Value::Object(o) = d.clone() {
            self.domains.insert(&id, seq, o);
        }
        Ok(d)
    }

    /// `PATCH /domains/{id}`.
    pub(crate) fn update_domain(&mut self, id: &str, body: &Obj) -> Result<Value, FakeError> {
        let current = self
            .domains
            .get(id)
            .cloned()
            .ok_or_else(|| FakeError::not_found("domain", id))?;
        check_known(body, &["name", "proxy_url", "is_secondary"])?;
        let name = opt_string(body, "name")?
            .flatten()
            .map(|s| s.trim().to_lowercase());
        if let Some(n) = &name {
            if !valid_domain(n) {
                return Err(FakeError::invalid("name", "must be a domain name"));
            }
            if self
                .domains
                .find(|d| str_field(d, "name") == Some(n) && str_field(d, "id") != Some(id))
                .is_some()
            {
                return Err(FakeError::new(
                    422,
                    "form_identifier_exists",
                    "That domain is taken. Please try another.",
                    &format!("The domain {n} is already in use"),
                    json!({ "param_name": "name" }),
                ));
            }
        }
        let proxy = opt_string(body, "proxy_url")?;
        if let Some(Some(p)) = &proxy {
            if !valid_url(p) {
                return Err(FakeError::invalid("proxy_url", "must be a URL"));
            }
        }
        opt_bool(body, "is_secondary")?;
        self.tick();
        let satellite = current
            .get("is_satellite")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let name =
            name.unwrap_or_else(|| str_field(&current, "name").unwrap_or_default().to_string());
        let proxy = match proxy {
            Some(p) => p,
            None => str_field(&current, "proxy_url").map(str::to_string),
        };
        let d = domain_json(id, &name, satellite, proxy.as_deref());
        if let (Some(slot), Value::Object(o)) = (self.domains.get_mut(id), d.clone()) {
            *slot = o;
        }
        Ok(d)
    }

    /// `DELETE /domains/{id}`: satellite domains only.
    pub(crate) fn delete_domain(&mut self, id: &str) -> Result<Value, FakeError> {
        let d = self
            .domains
            .get(id)
            .ok_or_else(|| FakeError::not_found("domain", id))?;
        if d.get("is_satellite").and_then(Value::as_bool) != Some(true) {
            return Err(FakeError::new(
                403,
                "operation_not_allowed",
                "The primary domain cannot be deleted.",
                &format!("Domain {id} is the instance's primary domain"),
                json!({}),
            ));
        }
        self.domains.remove(id);
        Ok(deleted("domain", id))
    }

    /// `POST /sign_in_tokens`.
    pub(crate) fn create_sign_in_token(&mut self, body: &Obj) -> Result<Value, FakeError> {
        check_known(body, &["user_id", "org_id", "expires_in_seconds"])?;
        let user_id = opt_string(body, "user_id")?
            .flatten()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| FakeError::missing("user_id"))?;
        if !self.users.contains_key(&user_id) {
            return Err(FakeError::not_found("user", &user_id));
        }
        let org_id = opt_string(body, "org_id")?
            .flatten()
            .filter(|s| !s.is_empty());
        if let Some(o) = &org_id {
            if !self.orgs.contains(o) {
                return Err(FakeError::not_found("organization", o));
            }
        }
        let expires_in = opt_int(body, "expires_in_seconds")?
            .flatten()
            .unwrap_or(2_592_000);
        if !(1..=315_360_000).contains(&expires_in) {
            return Err(FakeError::value_invalid(
                "expires_in_seconds",
                "must be between 1 and 315360000",
            ));
        }
        let now = self.tick();
        let (id, seq) = self.new_id("sit");
        let token = format!(
            "fake_sign_in_{}{}",
            base62(seq.wrapping_mul(0xD6E8_FEB8_6659_FD93), 16),
            base62(seq.rotate_left(23) ^ 0x5851_F42D_4C95_7F2D, 16)
        );
        let rec = json!({
            "object": "sign_in_token",
            "id": id,
            "status": "pending",
            "user_id": user_id,
            "token": token,
            "url": format!("https://accounts.{FRONTEND_HOST}/sign-in#__clerk_ticket={token}"),
            "created_at": now,
            "updated_at": now,
            "expires_at": now + expires_in * 1000,
        });
        let Value::Object(o) = rec else {
            return Err(FakeError::malformed("internal"));
        };
        self.sign_in_tokens.insert(&id, seq, o);
        self.sign_in_token_json(&id, true)
    }

    fn sign_in_token_json(&self, id: &str, with_token: bool) -> Result<Value, FakeError> {
        let mut o = self
            .sign_in_tokens
            .get(id)
            .cloned()
            .ok_or_else(|| FakeError::not_found("sign in token", id))?;
        o.remove("expires_at");
        if !with_token {
            o.remove("token");
        }
        Ok(Value::Object(o))
    }

    /// `POST /sign_in_tokens/{id}/revoke`: pending tokens only.
    pub(crate) fn revoke_sign_in_token(&mut self, id: &str) -> Result<Value, FakeError> {
        let t = self
            .sign_in_tokens
            .get(id)
            .ok_or_else(|| FakeError::not_found("sign in token", id))?;
        let status = str_field(t, "status").unwrap_or("pending").to_string();
        if status != "pending" {
            return Err(FakeError::new(
                400,
                "sign_in_token_not_pending",
                "The sign in token cannot be revoked.",
                &format!("Sign in token {id} is {status}; only pending tokens can be revoked"),
                json!({ "status": status }),
            ));
        }
        let now = self.tick();
        if let Some(t) = self.sign_in_tokens.get_mut(id) {
            t.insert("status".into(), json!("revoked"));
            t.insert("updated_at".into(), json!(now));
        }
        self.sign_in_token_json(id, false)
    }

    /// Accepts a pending, unexpired sign-in token by its secret (what signing in with the
    /// ticket does): creates an active session for its user and answers the `Session`.
    pub(crate) fn accept_sign_in_token(&mut self, token: &str) -> Result<Value, FakeError> {
        let now = self.now_ms();
        let found = self
            .sign_in_tokens
            .find(|t| str_field(t, "token") == Some(token))
            .map(|(id, t)| {
                (
                    id.to_string(),
                    str_field(t, "status").unwrap_or("").to_string(),
                    str_field(t, "user_id").unwrap_or("").to_string(),
                    t.get("expires_at")
                        .and_then(Value::as_i64)
                        .unwrap_or(i64::MAX),
                )
            });
        let Some((id, status, user_id, expires_at)) = found else {
            return Err(FakeError::not_found("sign in token", "(by token)"));
        };
        if status != "pending" || now >= expires_at {
            return Err(FakeError::new(
                422,
                "sign_in_token_not_pending",
                "The sign in token cannot be used.",
                &format!("Sign in token {id} is {status} or expired"),
                json!({}),
            ));
        }
        let mut body = Obj::new();
        body.insert("user_id".into(), json!(user_id));
        let session = self.create_session(&body)?;
        let now = self.tick();
        if let Some(t) = self.sign_in_tokens.get_mut(&id) {
            t.insert("status".into(), json!("accepted"));
            t.insert("updated_at".into(), json!(now));
        }
        Ok(session)
    }
}

fn valid_domain(name: &str) -> bool {
    name.contains('.')
        && !name.starts_with('.')
        && !name.ends_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

fn domain_json(id: &str, name: &str, satellite: bool, proxy: Option<&str>) -> Value {
    json!({
        "object": "domain",
        "id": id,
        "name": name,
        "is_satellite": satellite,
        "frontend_api_url": format!("https://clerk.{name}"),
        "accounts_portal_url": if satellite { Value::Null } else { json!(format!("https://accounts.{name}")) },
        "proxy_url": proxy,
        "development_origin": "",
        "cname_targets": if satellite {
            json!([{ "host": format!("clerk.{name}"), "value": "frontend-api.clerk.services", "required": true }])
        } else {
            json!([])
        },
    })
}

// ---------------------------------------------------------------------------------------------
// Actor tokens (impersonation) and testing tokens

impl State {
    /// `POST /actor_tokens`.
    pub(crate) fn create_actor_token(&mut self, body: &Obj) -> Result<Value, FakeError> {
        check_known(
            body,
            &[
                "user_id",
                "actor",
                "expires_in_seconds",
                "session_max_duration_in_seconds",
            ],
        )?;
        let user_id = opt_string(body, "user_id")?
            .flatten()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| FakeError::missing("user_id"))?;
        let actor = match body.get("actor") {
            Some(Value::Object(a)) => a.clone(),
            None | Some(Value::Null) => return Err(FakeError::missing("actor")),
            Some(_) => return Err(FakeError::invalid("actor", "must be an object")),
        };
        if actor
            .get("sub")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            return Err(FakeError::missing("actor.sub"));
        }
        let expires_in = opt_int(body, "expires_in_seconds")?
            .flatten()
            .unwrap_or(3600);
        let session_max = opt_int(body, "session_max_duration_in_seconds")?
            .flatten()
            .unwrap_or(1800);
        if expires_in <= 0 {
            return Err(FakeError::value_invalid(
                "expires_in_seconds",
                "must be positive",
            ));
        }
        if session_max <= 0 {
            return Err(FakeError::value_invalid(
                "session_max_duration_in_seconds",
                "must be positive",
            ));
        }
        if !self.users.contains_key(&user_id) {
            return Err(FakeError::new(
                422,
                "form_param_value_invalid",
                "user_id is invalid.",
                &format!("No user was found with id {user_id}"),
                json!({ "param_name": "user_id" }),
            ));
        }
        let now = self.tick();
        let (id, seq) = self.new_id("act");
        let token = format!(
            "fake_actor_{}{}",
            base62(seq.wrapping_mul(0xD1B5_4A32_D192_ED03), 16),
            base62(seq.rotate_left(17) ^ 0x2545_F491_4F6C_DD1D, 16)
        );
        let rec = json!({
            "object": "actor_token",
            "id": id,
            "status": "pending",
            "user_id": user_id,
            "actor": actor,
            "token": token,
            "url": format!("https://accounts.{FRONTEND_HOST}/sign-in#__clerk_ticket={token}"),
            "created_at": now,
            "updated_at": now,
            "expires_at": now + expires_in * 1000,
            "session_max_duration_ms": session_max * 1000,
        });
        let Value::Object(o) = rec else {
            return Err(FakeError::malformed("internal"));
        };
        self.actor_tokens.insert(&id, seq, o);
        self.actor_token_json(&id, true)
    }

    fn actor_token_json(&self, id: &str, with_token: bool) -> Result<Value, FakeError> {
        let mut o = self
            .actor_tokens
            .get(id)
            .cloned()
            .ok_or_else(|| FakeError::not_found("actor token", id))?;
        o.remove("expires_at");
        o.remove("session_max_duration_ms");
        if !with_token {
            o.remove("token");
            o.remove("url");
        }
        Ok(Value::Object(o))
    }

    /// `POST /actor_tokens/{id}/revoke`: pending tokens only.
    pub(crate) fn revoke_actor_token(&mut self, id: &str) -> Result<Value, FakeError> {
        let t = self
            .actor_tokens
            .get(id)
            .ok_or_else(|| FakeError::not_found("actor token", id))?;
        let status = str_field(t, "status").unwrap_or("pending").to_string();
        if status != "pending" {
            return Err(FakeError::new(
                400,
                "actor_token_not_pending",
                "The actor token cannot be revoked.",
                &format!("Actor token {id} is {status}; only pending tokens can be revoked"),
                json!({ "status": status }),
            ));
        }
        let now = self.tick();
        if let Some(t) = self.actor_tokens.get_mut(id) {
            t.insert("status".into(), json!("revoked"));
            t.insert("updated_at".into(), json!(now));
        }
        self.actor_token_json(id, false)
    }

    /// Uses a pending, unexpired actor token (what signing in with its ticket does): creates an
    /// impersonation session (`actor` set, so its tokens carry `act`) lasting at most the
    /// token's `session_max_duration_in_seconds`, and answers the `Session`.
    pub(crate) fn accept_actor_token(&mut self, token: &str) -> Result<Value, FakeError> {
        let now = self.now_ms();
        let found = self
            .actor_tokens
            .find(|t| str_field(t, "token") == Some(token))
            .map(|(id, t)| (id.to_string(), t.clone()));
        let Some((id, t)) = found else {
            return Err(FakeError::not_found("actor token", "(by token)"));
        };
        let expires_at = t.get("expires_at").and_then(Value::as_i64).unwrap_or(0);
        if str_field(&t, "status") != Some("pending") || now >= expires_at {
            return Err(FakeError::new(
                422,
                "actor_token_not_pending",
                "The actor token cannot be used.",
                &format!("Actor token {id} was used, revoked or has expired"),
                json!({}),
            ));
        }
        let mut body = Obj::new();
        body.insert(
            "user_id".into(),
            t.get("user_id").cloned().unwrap_or(Value::Null),
        );
        let session = self.create_session(&body)?;
        let sid = session
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let max = t
            .get("session_max_duration_ms")
            .and_then(Value::as_i64)
            .unwrap_or(1_800_000);
        let now = self.tick();
        if let Some(s) = self.sessions.get_mut(&sid) {
            s.actor = t.get("actor").cloned();
            s.expire_at = s.expire_at.min(s.created_at + max);
        }
        if let Some(t) = self.actor_tokens.get_mut(&id) {
            t.insert("status".into(), json!("accepted"));
            t.insert("updated_at".into(), json!(now));
        }
        self.session_json(&sid)
    }

    /// `POST /testing_tokens`: a token for the Frontend API's bot protection, valid one hour.
    pub(crate) fn create_testing_token(&mut self) -> Result<Value, FakeError> {
        let now = self.now_ms() / 1000;
        let seq = self.next_seq();
        let expires_at = now + 3600;
        Ok(json!({
            "object": "testing_token",
            "token": format!("{now}-{}", base62(seq.wrapping_mul(0x9E37_79B9_7F4A_7C15), 27)),
            "expires_at": expires_at,
        }))
    }
}
