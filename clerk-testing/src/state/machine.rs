//! Machine authentication: M2M tokens and API keys.
//!
//! Secrets are returned once (M2M `token` on create; API key `secret` on create and from
//! `GET /api_keys/{id}/secret`, as Clerk does) and are never part of any other answer.
//! `verify` answers 200 with the record whenever the secret is known, with `revoked` and
//! `expired` telling whether it may be accepted (as Clerk does); unknown secrets answer 404.

use serde_json::{Value, json};

use super::table::limit_offset;
use super::{ISSUER, Obj, Query, State, base62, check_known, opt_int, opt_str_array, opt_string};
use crate::error::FakeError;

/// The machine (`mch_…`) every M2M token of the fake is issued to: the fake has one machine,
/// the one whose secret key creates the tokens.
pub(crate) const FAKE_MACHINE_ID: &str = "mch_2fakeclerkmachine0000000000";

/// The default lifetime of an M2M token (the machine's default TTL).
const M2M_DEFAULT_TTL_SECS: i64 = 3600;

/// Fields stored on records but never shown.
const HIDDEN: &[&str] = &["token", "secret"];

fn number(body: &Obj, key: &str) -> Result<Option<i64>, FakeError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_f64() {
            Some(f) if f.fract() == 0.0 => Ok(Some(f as i64)),
            _ => Err(bad_request(key, "must be a whole number")),
        },
    }
}

fn bad_request(param: &str, why: &str) -> FakeError {
    FakeError::new(
        400,
        "form_param_value_invalid",
        &format!("{param} is invalid."),
        &format!("{param} is invalid: {why}"),
        json!({ "param_name": param }),
    )
}

fn as_400(e: FakeError) -> FakeError {
    if e.status == 422 {
        FakeError { status: 400, ..e }
    } else {
        e
    }
}

fn public_view(o: &Obj, expired: bool) -> Value {
    let mut out = o.clone();
    for k in HIDDEN {
        out.remove(*k);
    }
    out.insert("expired".into(), json!(expired));
    Value::Object(out)
}

fn is_expired(o: &Obj, now: i64) -> bool {
    o.get("expiration")
        .and_then(Value::as_i64)
        .is_some_and(|e| now >= e)
}

impl State {
    fn secret(&mut self, prefix: &str) -> String {
        let a = self.next_seq();
        let b = self.now_ms() as u64;
        format!(
            "{prefix}{}{}",
            base62(
                a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.rotate_left(31),
                11
            ),
            base62(
                a.wrapping_mul(0xC2B2_AE3D_27D4_EB4F) ^ 0x1656_67B1_9E37_79F9,
                21
            )
        )
    }

    // -----------------------------------------------------------------------------------------
    // M2M tokens

    /// `POST /m2m_tokens`: the stored token's answer (201), or for `token_format: jwt` the
    /// answer plus the claims the caller signs into `token`.
    pub(crate) fn create_m2m_token(
        &mut self,
        body: &Obj,
    ) -> Result<(Value, Option<Value>), FakeError> {
        check_known(
            body,
            &[
                "token_format",
                "seconds_until_expiration",
                "claims",
                "min_remaining_ttl_seconds",
            ],
        )
        .map_err(as_400)?;
        let format = opt_string(body, "token_format").map_err(as_400)?.flatten();
        let jwt = match format.as_deref() {
            None | Some("opaque") => false,
            Some("jwt") => true,
            Some(_) => return Err(bad_request("token_format", "must be opaque or jwt")),
        };
        let ttl = number(body, "seconds_until_expiration")?.unwrap_or(M2M_DEFAULT_TTL_SECS);
        if ttl <= 0 {
            return Err(bad_request("seconds_until_expiration", "must be positive"));
        }
        let claims = body.get("claims").cloned().unwrap_or(Value::Null);
        if !claims.is_null() && !claims.is_object() {
            return Err(bad_request("claims", "must be an object"));
        }
        let min_ttl = opt_int(body, "min_remaining_ttl_seconds")
            .map_err(as_400)?
            .flatten();
        if let Some(m) = min_ttl {
            if m < 0 || m >= ttl {
                return Err(bad_request(
                    "min_remaining_ttl_seconds",
                    "must be less than the token lifetime",
                ));
            }
        }
        let now_ms = self.now_ms();
        if let (Some(min), false) = (min_ttl, jwt) {
            let reusable = self.m2m_tokens.find(|t| {
                t.get("revoked") == Some(&json!(false))
                    && t.get("claims") == Some(&claims)
                    && t.get("expiration")
                        .and_then(Value::as_i64)
                        .is_some_and(|e| e - now_ms >= min * 1000)
            });
            if let Some((_, t)) = reusable {
                let mut v = public_view(t, false);
                v["token"] = t.get("token").cloned().unwrap_or(Value::Null);
                return Ok((v, None));
            }
        }
        let now = self.tick();
        let (seq_id, seq) = self.new_id("mt");
        let expiration = now + ttl * 1000;
        let mut rec = json!({
            "object": "machine_to_machine_token",
            "id": seq_id,
            "subject": FAKE_MACHINE_ID,
            "claims": claims,
            "scopes": [],
            "revoked": false,
            "revocation_reason": null,
            "expired": false,
            "expiration": expiration,
            "last_used_at": null,
            "created_at": now,
            "updated_at": now,
        });
        if jwt {
            let mut jwt_claims = json!({
                "iss": ISSUER,
                "sub": FAKE_MACHINE_ID,
                "iat": now / 1000,
                "nbf": now / 1000 - 5,
                "exp": expiration / 1000,
                "jti": seq_id,
            });
            if let (Value::Object(j), Value::Object(c)) = (&mut jwt_claims, &claims) {
                for (k, v) in c {
                    j.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            rec["token"] = json!("");
            return Ok((rec, Some(jwt_claims)));
        }
        let token = self.secret("mt_");
        rec["token"] = json!(token);
        if let Value::Object(o) = rec.clone() {
            self.m2m_tokens.insert(&seq_id, seq, o);
        }
        Ok((rec, None))
    }

    /// `GET /m2m_tokens`: `{m2m_tokens, total_count}`; revoked and expired tokens only when
    /// asked for.
    pub(crate) fn list_m2m_tokens(&self, q: &Query) -> Result<Value, FakeError> {
        let (limit, offset) = limit_offset(q, 100).map_err(as_400)?;
        let subject = q
            .first("subject")
            .filter(|s| !s.is_empty())
            .ok_or_else(|| FakeError {
                status: 400,
                ..FakeError::missing("subject")
            })?;
        let revoked = q.boolean("revoked").map_err(as_400)?.unwrap_or(false);
        let expired = q.boolean("expired").map_err(as_400)?.unwrap_or(false);
        let now = self.now_ms();
        let items: Vec<Value> = self
            .m2m_tokens
            .newest_first()
            .into_iter()
            .map(|r| &r.json)
            .filter(|t| t.get("subject").and_then(Value::as_str) == Some(subject))
            .filter(|t| revoked || t.get("revoked") != Some(&json!(true)))
            .filter(|t| expired || !is_expired(t, now))
            .map(|t| public_view(t, is_expired(t, now)))
            .collect();
        let total = items.len();
        let data: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
        Ok(json!({ "m2m_tokens": data, "total_count": total }))
    }

    /// `POST /m2m_tokens/verify`.
    pub(crate) fn verify_m2m_token(&mut self, body: &Obj) -> Result<Value, FakeError> {
        check_known(body, &["token"]).map_err(as_400)?;
        let token = opt_string(body, "token")
            .map_err(as_400)?
            .flatten()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| FakeError {
                status: 400,
                ..FakeError::missing("token")
            })?;
        let id = self
            .m2m_tokens
            .find(|t| t.get("token").and_then(Value::as_str) == Some(&token))
            .map(|(id, _)| id.to_string())
            .ok_or_else(|| unknown_secret("M2M token"))?;
        self.touch(&id, true)
    }

    fn touch(&mut self, id: &str, m2m: bool) -> Result<Value, FakeError> {
        let now = self.now_ms();
        let table = if m2m {
            &mut self.m2m_tokens
        } else {
            &mut self.api_keys
        };
        let t = table
            .get_mut(id)
            .ok_or_else(|| FakeError::not_found("token", id))?;
        t.insert("last_used_at".into(), json!(now));
        Ok(public_view(t, is_expired(t, now)))
    }

    /// `POST /m2m_tokens/{id}/revoke`.
    pub(crate) fn revoke_m2m_token(&mut self, id: &str, body: &Obj) -> Result<Value, FakeError> {
        check_known(body, &["revocation_reason"]).map_err(as_400)?;
        let reason = opt_string(body, "revocation_reason")
            .map_err(as_400)?
            .flatten();
        if !self.m2m_tokens.contains(id) {
            return Err(FakeError::not_found("M2M token", id));
        }
        let now = self.tick();
        let t = self
            .m2m_tokens
            .get_mut(id)
            .ok_or_else(|| FakeError::not_found("M2M token", id))?;
        t.insert("revoked".into(), json!(true));
        t.insert("revocation_reason".into(), json!(reason));
        t.insert("updated_at".into(), json!(now));
        let expired = is_expired(t, now);
        Ok(public_view(t, expired))
    }

    // -----------------------------------------------------------------------------------------
    // API keys

    fn check_subject(&self, subject: &str) -> Result<(), FakeError> {
        let known = if subject.starts_with("user_") {
            self.users.contains_key(subject)
        } else if subject.starts_with("org_") {
            self.orgs.contains(subject)
        } else {
            false
        };
        if !known {
            return Err(bad_request(
                "subject",
                "must be the id of an existing user (user_…) or organization (org_…)",
            ));
        }
        Ok(())
    }

    /// `POST /api_keys`: the answer includes the `secret`.
    pub(crate) fn create_api_key(&mut self, body: &Obj) -> Result<Value, FakeError> {
        check_known(
            body,
            &[
                "type",
                "name",
                "description",
                "subject",
                "claims",
                "scopes",
                "created_by",
                "seconds_until_expiration",
            ],
        )
        .map_err(as_400)?;
        let kind = opt_string(body, "type")
            .map_err(as_400)?
            .flatten()
            .unwrap_or_else(|| "api_key".into());
        if kind != "api_key" {
            return Err(bad_request("type", "must be api_key"));
        }
        let name = opt_string(body, "name")
            .map_err(as_400)?
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| FakeError {
                status: 400,
                ..FakeError::missing("name")
            })?;
        let subject = opt_string(body, "subject")
            .map_err(as_400)?
            .flatten()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| FakeError {
                status: 400,
                ..FakeError::missing("subject")
            })?;
        self.check_subject(&subject)?;
        let description = opt_string(body, "description").map_err(as_400)?.flatten();
        let claims = body.get("claims").cloned().unwrap_or(Value::Null);
        if !claims.is_null() && !claims.is_object() {
            return Err(bad_request("claims", "must be an object"));
        }
        let scopes = opt_str_array(body, "scopes").map_err(as_400)?;
        let created_by = opt_string(body, "created_by").map_err(as_400)?.flatten();
        let ttl = number(body, "seconds_until_expiration")?;
        if ttl.is_some_and(|t| t <= 0) {
            return Err(bad_request("seconds_until_expiration", "must be positive"));
        }
        let now_ms = self.now_ms();
        let clash = self
            .api_keys
            .find(|k| {
                k.get("subject").and_then(Value::as_str) == Some(&subject)
                    && k.get("name").and_then(Value::as_str) == Some(&name)
                    && k.get("revoked") != Some(&json!(true))
                    && !is_expired(k, now_ms)
            })
            .is_some();
        if clash {
            return Err(FakeError::new(
                409,
                "duplicate_record",
                "An API key with this name already exists.",
                &format!("{subject} already has a valid API key named {name}"),
                json!({ "param_name": "name" }),
            ));
        }
        let now = self.tick();
        let (id, seq) = self.new_id("ak");
        let secret = self.secret("ak_");
        let rec = json!({
            "object": "api_key",
            "id": id,
            "type": kind,
            "subject": subject,
            "name": name,
            "description": description,
            "claims": claims,
            "scopes": scopes,
            "secret": secret,
            "revoked": false,
            "revocation_reason": null,
            "expired": false,
            "expiration": ttl.map(|t| now + t * 1000),
            "created_by": created_by,
            "last_used_at": null,
            "created_at": now,
            "updated_at": now,
        });
        if let Value::Object(o) = rec.clone() {
            self.api_keys.insert(&id, seq, o);
        }
        Ok(rec)
    }

    fn api_key(&self, id: &str) -> Result<&Obj, FakeError> {
        self.api_keys
            .get(id)
            .ok_or_else(|| FakeError::not_found("API key", id))
    }

    /// `GET /api_keys/{id}`.
    pub(crate) fn get_api_key(&self, id: &str) -> Result<Value, FakeError> {
        let k = self.api_key(id)?;
        Ok(public_view(k, is_expired(k, self.now_ms())))
    }

    /// `GET /api_keys/{id}/secret`.
    pub(crate) fn api_key_secret(&self, id: &str) -> Result<Value, FakeError> {
        let k = self.api_key(id)?;
        Ok(json!({ "secret": k.get("secret") }))
    }

    /// `GET /api_keys`: `{data, total_count}`; revoked and expired keys only with
    /// `include_invalid=true`.
    pub(crate) fn list_api_keys(&self, q: &Query) -> Result<Value, FakeError> {
        let (limit, offset) = limit_offset(q, 100).map_err(as_400)?;
        let subject = q.first("subject").filter(|s| !s.is_empty());
        let kind = q.first("type").filter(|s| !s.is_empty());
        let invalid = q
            .boolean("include_invalid")
            .map_err(as_400)?
            .unwrap_or(false);
        let needle = q
            .first("query")
            .filter(|s| !s.is_empty())
            .map(str::to_lowercase);
        let now = self.now_ms();
        let items: Vec<Value> = self
            .api_keys
            .newest_first()
            .into_iter()
            .map(|r| &r.json)
            .filter(|k| subject.is_none_or(|s| k.get("subject").and_then(Value::as_str) == Some(s)))
            .filter(|k| kind.is_none_or(|t| k.get("type").and_then(Value::as_str) == Some(t)))
            .filter(|k| invalid || (k.get("revoked") != Some(&json!(true)) && !is_expired(k, now)))
            .filter(|k| {
                needle.as_deref().is_none_or(|n| {
                    k.get("name")
                        .and_then(Value::as_str)
                        .is_some_and(|v| v.to_lowercase().contains(n))
                })
            })
            .map(|k| public_view(k, is_expired(k, now)))
            .collect();
        let total = items.len();
        let data: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
        Ok(json!({ "data": data, "total_count": total }))
    }

    /// `PATCH /api_keys/{id}`.
    pub(crate) fn update_api_key(&mut self, id: &str, body: &Obj) -> Result<Value, FakeError> {
        self.api_key(id)?;
        check_known(
            body,
            &[
                "claims",
                "scopes",
                "description",
                "subject",
                "seconds_until_expiration",
            ],
        )
        .map_err(as_400)?;
        let claims = body.get("claims").cloned();
        if claims
            .as_ref()
            .is_some_and(|c| !c.is_null() && !c.is_object())
        {
            return Err(bad_request("claims", "must be an object"));
        }
        let scopes = match body.get("scopes") {
            None => None,
            Some(_) => Some(opt_str_array(body, "scopes").map_err(as_400)?),
        };
        let description = opt_string(body, "description").map_err(as_400)?;
        let subject = opt_string(body, "subject").map_err(as_400)?.flatten();
        if let Some(s) = &subject {
            self.check_subject(s)?;
        }
        let ttl = number(body, "seconds_until_expiration")?;
        if ttl.is_some_and(|t| t <= 0) {
            return Err(bad_request("seconds_until_expiration", "must be positive"));
        }
        let now = self.tick();
        let k = self
            .api_keys
            .get_mut(id)
            .ok_or_else(|| FakeError::not_found("API key", id))?;
        if let Some(c) = claims {
            k.insert("claims".into(), c);
        }
        if let Some(s) = scopes {
            k.insert("scopes".into(), json!(s));
        }
        if let Some(d) = description {
            k.insert("description".into(), json!(d));
        }
        if let Some(s) = subject {
            k.insert("subject".into(), json!(s));
        }
        if let Some(t) = ttl {
            k.insert("expiration".into(), json!(now + t * 1000));
        }
        k.insert("updated_at".into(), json!(now));
        self.get_api_key(id)
    }

    /// `DELETE /api_keys/{id}`.
    pub(crate) fn delete_api_key(&mut self, id: &str) -> Result<Value, FakeError> {
        self.api_keys
            .remove(id)
            .ok_or_else(|| FakeError::not_found("API key", id))?;
        Ok(json!({ "object": "api_key", "id": id, "deleted": true }))
    }

    /// `POST /api_keys/{id}/revoke`.
    pub(crate) fn revoke_api_key(&mut self, id: &str, body: &Obj) -> Result<Value, FakeError> {
        self.api_key(id)?;
        check_known(body, &["revocation_reason"]).map_err(as_400)?;
        let reason = opt_string(body, "revocation_reason")
            .map_err(as_400)?
            .flatten();
        let now = self.tick();
        if let Some(k) = self.api_keys.get_mut(id) {
            k.insert("revoked".into(), json!(true));
            k.insert("revocation_reason".into(), json!(reason));
            k.insert("updated_at".into(), json!(now));
        }
        self.get_api_key(id)
    }

    /// `POST /api_keys/verify`.
    pub(crate) fn verify_api_key(&mut self, body: &Obj) -> Result<Value, FakeError> {
        check_known(body, &["secret"]).map_err(as_400)?;
        let secret = opt_string(body, "secret")
            .map_err(as_400)?
            .flatten()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| FakeError {
                status: 400,
                ..FakeError::missing("secret")
            })?;
        let id = self
            .api_keys
            .find(|k| k.get("secret").and_then(Value::as_str) == Some(&secret))
            .map(|(id, _)| id.to_string())
            .ok_or_else(|| unknown_secret("API key"))?;
        self.touch(&id, false)
    }
}

fn unknown_secret(what: &str) -> FakeError {
    FakeError::new(
        404,
        "resource_not_found",
        "not found",
        &format!("No {what} matches the given secret"),
        json!({}),
    )
}
