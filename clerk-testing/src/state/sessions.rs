//! Sessions, clients, session tokens and the legacy emails endpoint.

use serde_json::{Value, json};

use super::*;
use crate::error::FakeError;

impl State {
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

    pub(super) fn session_value(&self, s: &SessionRec) -> Value {
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

    pub(super) fn client_value(&self, c: &ClientRec) -> Value {
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

    pub(super) fn client_by_token(&self, token: &str) -> Option<&ClientRec> {
        if token.is_empty() {
            return None;
        }
        self.clients.values().find(|c| c.token == token)
    }

    pub(super) fn set_session_status(&mut self, sid: &str, status: &str, now: i64) {
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

    /// Sets a session's status directly (for the test controls), e.g. `pending` (a session
    /// with an outstanding task: its tokens carry `sts: "pending"`), `ended` or `active`.
    pub(crate) fn change_session_status(
        &mut self,
        id: &str,
        status: &str,
    ) -> Result<Value, FakeError> {
        self.session_json(id)?;
        if !SESSION_STATUSES.contains(&status) {
            return Err(FakeError::value_invalid("status", "unknown session status"));
        }
        let now = self.tick();
        self.set_session_status(id, status, now);
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

    pub(super) fn expires_in(body: &Obj) -> Result<Option<i64>, FakeError> {
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
