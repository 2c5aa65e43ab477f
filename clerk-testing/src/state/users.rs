//! Users: create, update, delete, metadata, ban/lock, passwords, list filters and counts.

use std::cmp::Ordering;

use serde_json::{Value, json};

use super::*;
use crate::error::FakeError;

impl State {
    // -----------------------------------------------------------------------------------------
    // Users

    pub(crate) fn user_json(&self, id: &str) -> Result<Value, FakeError> {
        self.users
            .get(id)
            .map(|u| Value::Object(u.json.clone()))
            .ok_or_else(|| FakeError::not_found("user", id))
    }

    pub(super) fn user_mut(&mut self, id: &str) -> Result<&mut UserRec, FakeError> {
        self.users
            .get_mut(id)
            .ok_or_else(|| FakeError::not_found("user", id))
    }

    /// The identifier-index keys of a user: `e:`/`p:`/`w:` + each email, phone, wallet and
    /// `u:` + the username, lower-cased.
    pub(super) fn identifier_keys(u: &Obj) -> Vec<String> {
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

    pub(super) fn index_user(&mut self, id: &str) {
        let keys = self
            .users
            .get(id)
            .map(|u| Self::identifier_keys(&u.json))
            .unwrap_or_default();
        for k in keys {
            self.identifiers.insert(k, id.to_string());
        }
    }

    pub(super) fn unindex_user(&mut self, id: &str) {
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
    pub(super) fn identifier_owner(&self, kind: char, value: &str) -> Option<&str> {
        self.identifiers
            .get(&format!("{kind}:{}", value.to_lowercase()))
            .map(String::as_str)
    }

    pub(super) fn identifier_taken(
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

    pub(super) fn username_taken(&self, username: &str, except: Option<&str>) -> bool {
        self.identifier_owner('u', username)
            .is_some_and(|owner| Some(owner) != except)
    }

    pub(super) fn exists_error(param: &str, what: &str) -> FakeError {
        FakeError::new(
            422,
            "form_identifier_exists",
            &format!("That {what} is taken. Please try another."),
            &format!("That {what} is taken. Please try another."),
            json!({ "param_name": param }),
        )
    }

    pub(super) fn check_password(password: &str, skip_checks: bool) -> Result<(), FakeError> {
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

    pub(super) fn identification(
        &mut self,
        kind: &str,
        value: &str,
        reserved: bool,
        now: i64,
    ) -> Value {
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

    pub(super) fn statuses(body: &Obj, key: &str, n: usize) -> Result<Vec<bool>, FakeError> {
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

    pub(super) fn end_user_sessions(&mut self, user_id: &str, status: &str, now: i64) {
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

    pub(super) fn filtered_users(&self, q: &Query) -> Result<Vec<&UserRec>, FakeError> {
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
}
