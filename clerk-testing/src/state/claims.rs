//! The claims of session tokens and JWT-template tokens.
//!
//! # Session tokens (`POST /sessions/{id}/tokens`)
//! As Clerk mints them: `iss`, `sub` (user id), `sid`, `iat`, `nbf = iat - 10`,
//! `exp = iat + 60` (or `expires_in_seconds`), `fva` (`[minutes since the first factor was
//! verified, -1]`), `act` for a session created from an actor token, and no `azp` (a token
//! minted through the Backend API has no origin; the control API can add one).
//!
//! Version 2 (the default) adds `v: 2`, `sts` (`active` / `pending`) and, for the session's
//! active organization, `o` and `fea`:
//! - `o.id`, `o.slg` (slug), `o.rol` (the role key without its `org:` prefix);
//! - `o.per`: the comma-separated *names* of the custom permissions the role carries (the last
//!   segment of `org:<feature>:<name>`), distinct, in order of first appearance when the role's
//!   permission keys are sorted;
//! - `fea`: the comma-separated organization features of those permissions, each `o:<feature>`,
//!   in the same order;
//! - `o.fpm`: one decimal bitmask per feature of `fea`, comma-separated, where bit `i` (least
//!   significant first) is set when the role holds `org:<feature>:<per[i]>`.
//!
//! This is what `clerk-js`'s `jwtPayloadParser` reverses: permissions are rebuilt as
//! `org:<fea[f]>:<per[i]>` for every set bit. Like Clerk, system permissions (`org:sys_*`) are
//! left out of tokens; `per`, `fpm` and `fea` are omitted when the role has no custom permission.
//!
//! Version 1 has no `v` and no `sts`; an active organization gives `org_id`, `org_slug`,
//! `org_role` (with the `org:` prefix) and `org_permissions` (the custom permission keys).
//!
//! # Template tokens (`POST /sessions/{id}/tokens/{template}`)
//! The template's claims rendered with shortcodes (`{{user.id}}`, `{{user.primary_email_address}}`,
//! `{{user.public_metadata.plan || 'free'}}`, `{{org.slug}}`, `{{session.id}}`, ...), then
//! `iss`, `sub`, `iat`, `nbf`, `exp` (the template's `lifetime`) and a `jti`, which override
//! any template claim of the same name.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use super::{ISSUER, Obj, SessionRec, State, base62, primary_of};
use crate::error::FakeError;

/// The claim layout of a session token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum ClaimsVersion {
    /// Clerk's original layout (`org_id`, `org_role`, `org_slug`, `org_permissions`).
    V1,
    /// Today's layout (`v: 2`, `sts`, `o`, `fea`).
    #[default]
    V2,
}

/// What to put into a minted session token.
#[derive(Debug, Clone, Default)]
pub(crate) struct TokenOptions {
    /// The organization whose claims to include; `None` means the session's active one.
    pub(crate) org_id: Option<String>,
    /// The claim layout.
    pub(crate) version: ClaimsVersion,
    /// Render this JWT template (by name) instead of the session claims.
    pub(crate) template: Option<String>,
    /// The lifetime; default 60 s for session tokens, the template's `lifetime` otherwise.
    pub(crate) expires_in_seconds: Option<i64>,
}

/// The organization part of a session's claims.
struct OrgClaims {
    id: String,
    slug: String,
    role: String,
    permissions: Vec<String>,
}

/// Encodes custom permission keys as Clerk's v2 `(per, fea, fpm)` strings (see the module docs).
pub(crate) fn encode_permissions(keys: &[String]) -> Option<(String, String, String)> {
    let mut sorted: Vec<(&str, &str)> = keys
        .iter()
        .filter_map(|k| {
            let mut parts = k.splitn(3, ':');
            let (scope, feature, name) = (parts.next()?, parts.next()?, parts.next()?);
            (scope == "org" && !feature.starts_with("sys_")).then_some((feature, name))
        })
        .collect();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.is_empty() {
        return None;
    }
    let mut names: Vec<&str> = Vec::new();
    let mut features: Vec<&str> = Vec::new();
    for (f, n) in &sorted {
        if !names.contains(n) {
            names.push(n);
        }
        if !features.contains(f) {
            features.push(f);
        }
    }
    let masks: Vec<String> = features
        .iter()
        .map(|f| {
            let mut mask: u128 = 0;
            for (i, n) in names.iter().enumerate() {
                if i < 128 && sorted.contains(&(f, n)) {
                    mask |= 1u128 << i;
                }
            }
            mask.to_string()
        })
        .collect();
    Some((
        names.join(","),
        features
            .iter()
            .map(|f| format!("o:{f}"))
            .collect::<Vec<_>>()
            .join(","),
        masks.join(","),
    ))
}

impl State {
    /// The session, if it may receive tokens (active or pending, not past `expire_at`).
    pub(crate) fn token_session(&self, id: &str) -> Result<&SessionRec, FakeError> {
        let s = self
            .sessions
            .get(id)
            .ok_or_else(|| FakeError::not_found("session", id))?;
        let status = self.session_status(s);
        if status != "active" && status != "pending" {
            return Err(super::session_not_active(id, status));
        }
        Ok(s)
    }

    fn org_claims(
        &self,
        s: &SessionRec,
        org_id: Option<&str>,
    ) -> Result<Option<OrgClaims>, FakeError> {
        let Some(org_id) = org_id.or(s.active_org.as_deref()) else {
            return Ok(None);
        };
        let org = self
            .orgs
            .get(org_id)
            .ok_or_else(|| FakeError::not_found("organization", org_id))?;
        let m = self.membership_of(org_id, &s.user_id).ok_or_else(|| {
            FakeError::new(
                422,
                "not_a_member_in_organization",
                "The user is not a member of the organization.",
                &format!(
                    "User {} is not a member of organization {org_id}",
                    s.user_id
                ),
                json!({}),
            )
        })?;
        Ok(Some(OrgClaims {
            id: org_id.to_string(),
            slug: org
                .get("slug")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            role: m.role.clone(),
            permissions: self.role_permissions(&m.role),
        }))
    }

    /// The claim set Clerk would put into a token for this session (unsigned).
    pub(crate) fn session_claims_with(
        &self,
        session_id: &str,
        opts: &TokenOptions,
    ) -> Result<Value, FakeError> {
        let s = self.token_session(session_id)?;
        if let Some(name) = &opts.template {
            return self.template_claims(s, name, opts);
        }
        let now = self.now_ms();
        let iat = now.div_euclid(1000);
        let exp = iat + opts.expires_in_seconds.unwrap_or(60);
        let fva_min = (now - s.created_at).max(0) / 60_000;
        let mut c = Obj::new();
        c.insert("iss".into(), json!(ISSUER));
        c.insert("sub".into(), json!(s.user_id));
        c.insert("sid".into(), json!(s.id));
        c.insert("iat".into(), json!(iat));
        c.insert("nbf".into(), json!(iat - 10));
        c.insert("exp".into(), json!(exp));
        c.insert("fva".into(), json!([fva_min, -1]));
        if let Some(actor) = &s.actor {
            c.insert("act".into(), actor.clone());
        }
        let org = self.org_claims(s, opts.org_id.as_deref())?;
        match opts.version {
            ClaimsVersion::V2 => {
                c.insert("v".into(), json!(2));
                c.insert("sts".into(), json!(self.session_status(s)));
                if let Some(o) = org {
                    let mut oc = Obj::new();
                    oc.insert("id".into(), json!(o.id));
                    oc.insert("slg".into(), json!(o.slug));
                    oc.insert(
                        "rol".into(),
                        json!(o.role.strip_prefix("org:").unwrap_or(&o.role)),
                    );
                    if let Some((per, fea, fpm)) = encode_permissions(&o.permissions) {
                        oc.insert("per".into(), json!(per));
                        oc.insert("fpm".into(), json!(fpm));
                        c.insert("fea".into(), json!(fea));
                    }
                    c.insert("o".into(), Value::Object(oc));
                }
            }
            ClaimsVersion::V1 => {
                if let Some(o) = org {
                    let custom: Vec<&String> = o
                        .permissions
                        .iter()
                        .filter(|p| !p.starts_with("org:sys_"))
                        .collect();
                    c.insert("org_id".into(), json!(o.id));
                    c.insert("org_slug".into(), json!(o.slug));
                    c.insert("org_role".into(), json!(o.role));
                    c.insert("org_permissions".into(), json!(custom));
                }
            }
        }
        Ok(Value::Object(c))
    }

    /// The shortcode context of a session: `user`, `session` and (active) `org`.
    fn shortcode_context(&self, s: &SessionRec, org_id: Option<&str>) -> Value {
        let mut user = self
            .users
            .get(&s.user_id)
            .map(|u| u.json.clone())
            .unwrap_or_default();
        let email = primary_of(
            &user,
            "email_addresses",
            "primary_email_address_id",
            "email_address",
        );
        let phone = primary_of(
            &user,
            "phone_numbers",
            "primary_phone_number_id",
            "phone_number",
        );
        let first = user
            .get("first_name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let last = user
            .get("last_name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let full = format!("{first} {last}").trim().to_string();
        user.insert("primary_email_address".into(), json!(email));
        user.insert("primary_phone_number".into(), json!(phone));
        user.insert(
            "full_name".into(),
            if full.is_empty() {
                Value::Null
            } else {
                json!(full)
            },
        );
        user.insert("email_verified".into(), json!(email.is_some()));
        user.insert("phone_number_verified".into(), json!(phone.is_some()));
        let orgs: Obj = self
            .memberships
            .values()
            .filter(|m| m.user_id == s.user_id)
            .map(|m| (m.org_id.clone(), json!(m.role)))
            .collect();
        user.insert("organizations".into(), Value::Object(orgs));
        let org = org_id
            .or(s.active_org.as_deref())
            .and_then(|oid| {
                let o = self.orgs.get(oid)?;
                let m = self.membership_of(oid, &s.user_id)?;
                Some(json!({
                    "id": oid,
                    "name": o.get("name"),
                    "slug": o.get("slug"),
                    "image_url": o.get("image_url"),
                    "public_metadata": o.get("public_metadata"),
                    "role": m.role,
                    "membership_permissions": self.role_permissions(&m.role),
                }))
            })
            .unwrap_or(Value::Null);
        json!({
            "user": user,
            "session": { "id": s.id, "actor": s.actor, "status": self.session_status(s) },
            "org": org,
        })
    }

    fn template_claims(
        &self,
        s: &SessionRec,
        name: &str,
        opts: &TokenOptions,
    ) -> Result<Value, FakeError> {
        let tpl = self
            .jwt_templates
            .find(|t| t.get("name").and_then(Value::as_str) == Some(name))
            .map(|(_, t)| t.clone())
            .ok_or_else(|| {
                FakeError::new(
                    404,
                    "resource_not_found",
                    "not found",
                    &format!("No JWT template exists with name: {name}"),
                    json!({}),
                )
            })?;
        if let Some(org_id) = opts.org_id.as_deref() {
            // Same checks as for session claims: the organization must be one of the user's.
            self.org_claims(s, Some(org_id))?;
        }
        let ctx = self.shortcode_context(s, opts.org_id.as_deref());
        let rendered = render_shortcodes(tpl.get("claims").unwrap_or(&Value::Null), &ctx);
        let lifetime = tpl.get("lifetime").and_then(Value::as_i64).unwrap_or(60);
        let iat = self.now_ms().div_euclid(1000);
        let jti_seq = self.jti_seq.fetch_add(1, Ordering::Relaxed) + 1;
        let mut claims = match rendered {
            Value::Object(m) => m,
            _ => Obj::new(),
        };
        claims.insert("iss".into(), json!(ISSUER));
        claims.insert("sub".into(), json!(s.user_id));
        claims.insert("iat".into(), json!(iat));
        claims.insert("nbf".into(), json!(iat - 10));
        claims.insert(
            "exp".into(),
            json!(iat + opts.expires_in_seconds.unwrap_or(lifetime)),
        );
        claims.insert(
            "jti".into(),
            json!(base62(jti_seq.wrapping_mul(0x9E37_79B9_7F4A_7C15), 20)),
        );
        Ok(Value::Object(claims))
    }
}

/// Resolves one shortcode expression: `a.b.c`, alternatives with `||`, quoted literals.
fn lookup(expr: &str, ctx: &Value) -> Value {
    for alt in expr.split("||") {
        let alt = alt.trim();
        if alt.len() >= 2
            && ((alt.starts_with('\'') && alt.ends_with('\''))
                || (alt.starts_with('"') && alt.ends_with('"')))
        {
            return json!(alt[1..alt.len() - 1]);
        }
        if let Ok(n) = alt.parse::<i64>() {
            return json!(n);
        }
        if alt == "true" || alt == "false" {
            return json!(alt == "true");
        }
        let mut cur = Some(ctx);
        for part in alt.split('.') {
            cur = cur.and_then(|c| c.get(part));
        }
        match cur {
            Some(v) if !v.is_null() && v != &json!("") => return v.clone(),
            _ => continue,
        }
    }
    Value::Null
}

/// Replaces `{{...}}` shortcodes in template claims: a string that is one shortcode takes the
/// value's JSON type; shortcodes inside longer strings are interpolated.
pub(crate) fn render_shortcodes(v: &Value, ctx: &Value) -> Value {
    match v {
        Value::String(text) => {
            let trimmed = text.trim();
            if trimmed.starts_with("{{")
                && trimmed.ends_with("}}")
                && trimmed.matches("{{").count() == 1
            {
                return lookup(&trimmed[2..trimmed.len() - 2], ctx);
            }
            let mut out = String::new();
            let mut rest = text.as_str();
            while let Some(start) = rest.find("{{") {
                let Some(end) = rest[start..].find("}}") else {
                    break;
                };
                out.push_str(&rest[..start]);
                match lookup(&rest[start + 2..start + end], ctx) {
                    Value::String(s) => out.push_str(&s),
                    Value::Null => {}
                    other => out.push_str(&other.to_string()),
                }
                rest = &rest[start + end + 2..];
            }
            out.push_str(rest);
            Value::String(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| render_shortcodes(x, ctx)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), render_shortcodes(x, ctx)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_encode_like_clerk_js_decodes_them() {
        let keys: Vec<String> = [
            "org:sys_memberships:read",
            "org:reports:read",
            "org:billing:manage",
            "org:billing:read",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let (per, fea, fpm) = encode_permissions(&keys).unwrap();
        assert_eq!(per, "manage,read");
        assert_eq!(fea, "o:billing,o:reports");
        assert_eq!(fpm, "3,2");
        // Decode as clerk-js does.
        let names: Vec<&str> = per.split(',').collect();
        let mut rebuilt = Vec::new();
        for (f, mask) in fea.split(',').zip(fpm.split(',')) {
            let mask: u64 = mask.parse().unwrap();
            for (i, n) in names.iter().enumerate() {
                if mask & (1 << i) != 0 {
                    rebuilt.push(format!("org:{}:{n}", f.trim_start_matches("o:")));
                }
            }
        }
        rebuilt.sort();
        assert_eq!(
            rebuilt,
            ["org:billing:manage", "org:billing:read", "org:reports:read"]
        );
        assert!(encode_permissions(&["org:sys_profile:manage".into()]).is_none());
    }

    fn obj(v: Value) -> Obj {
        match v {
            Value::Object(o) => o,
            _ => Obj::new(),
        }
    }

    /// A user in an organization with a custom role, and a session with it active.
    fn fixture() -> (State, String, String) {
        let mut st = State::new(crate::clock::Clock::fixed(1_700_000_000_000));
        let uid = st.create_user(&obj(json!({"username": "c"}))).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let org = st
            .create_org(&obj(json!({"name": "Org", "slug": "org"})))
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        st.create_permission(&obj(json!({"name": "r", "key": "org:docs:read"})))
            .unwrap();
        st.create_role(&obj(json!({"name": "Reader", "key": "org:reader",
            "permissions": ["org:docs:read", "org:sys_memberships:read"]})))
            .unwrap();
        st.create_membership(&org, &obj(json!({"user_id": uid, "role": "org:reader"})))
            .unwrap();
        let sid = st
            .create_session(&obj(json!({"user_id": uid, "active_organization_id": org})))
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        (st, sid, org)
    }

    #[test]
    fn v1_claims_use_the_flat_org_layout() {
        let (st, sid, org) = fixture();
        let opts = TokenOptions {
            version: ClaimsVersion::V1,
            ..TokenOptions::default()
        };
        let c = st.session_claims_with(&sid, &opts).unwrap();
        assert_eq!(c["org_id"], org.as_str());
        assert_eq!(c["org_slug"], "org");
        assert_eq!(c["org_role"], "org:reader");
        assert_eq!(c["org_permissions"], json!(["org:docs:read"]));
        assert!(c.get("v").is_none());
        assert!(c.get("sts").is_none());
        assert!(c.get("o").is_none());
        assert_eq!(c["nbf"], c["iat"].as_i64().unwrap() - 10);
    }

    #[test]
    fn v2_claims_and_org_override() {
        let (mut st, sid, org) = fixture();
        let c = st
            .session_claims_with(&sid, &TokenOptions::default())
            .unwrap();
        assert_eq!(c["v"], 2);
        assert_eq!(
            c["o"],
            json!({"id": org, "slg": "org", "rol": "reader", "per": "read", "fpm": "1"})
        );
        assert_eq!(c["fea"], "o:docs");

        // An explicit organization must be one of the user's.
        let other = st.create_org(&obj(json!({"name": "Other"}))).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let opts = TokenOptions {
            org_id: Some(other),
            ..TokenOptions::default()
        };
        assert_eq!(
            st.session_claims_with(&sid, &opts).unwrap_err().code(),
            "not_a_member_in_organization"
        );
        let opts = TokenOptions {
            org_id: Some("org_nope".into()),
            ..TokenOptions::default()
        };
        assert_eq!(st.session_claims_with(&sid, &opts).unwrap_err().status, 404);

        // Templates by name, with their lifetime unless overridden.
        st.add_template(
            "t",
            json!({"who": "{{user.username}}", "org": "{{org.slug}}"}),
        );
        let opts = TokenOptions {
            template: Some("t".into()),
            expires_in_seconds: Some(90),
            ..TokenOptions::default()
        };
        let c = st.session_claims_with(&sid, &opts).unwrap();
        assert_eq!(c["who"], "c");
        assert_eq!(c["org"], "org");
        assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 90);
        let opts = TokenOptions {
            template: Some("missing".into()),
            ..TokenOptions::default()
        };
        assert_eq!(st.session_claims_with(&sid, &opts).unwrap_err().status, 404);

        // A revoked session gets no token.
        st.revoke_session(&sid).unwrap();
        assert_eq!(
            st.session_claims_with(&sid, &TokenOptions::default())
                .unwrap_err()
                .status,
            404
        );
    }

    #[test]
    fn actor_sessions_carry_act() {
        let (mut st, _, _) = fixture();
        let uid = st.create_user(&obj(json!({}))).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let t = st
            .create_actor_token(&obj(
                json!({"user_id": uid, "actor": {"sub": "user_admin", "iss": "support"},
                "session_max_duration_in_seconds": 600}),
            ))
            .unwrap();
        assert_eq!(t["status"], "pending");
        let token = t["token"].as_str().unwrap().to_string();
        let s = st.accept_actor_token(&token).unwrap();
        assert_eq!(s["actor"], json!({"sub": "user_admin", "iss": "support"}));
        assert_eq!(
            s["expire_at"].as_i64().unwrap() - s["created_at"].as_i64().unwrap(),
            600_000
        );
        let c = st
            .session_claims_with(s["id"].as_str().unwrap(), &TokenOptions::default())
            .unwrap();
        assert_eq!(c["act"], json!({"sub": "user_admin", "iss": "support"}));
        assert_eq!(c["sub"], uid.as_str());
        // Used once only; revoking a used token fails.
        assert_eq!(st.accept_actor_token(&token).unwrap_err().status, 422);
        let id = t["id"].as_str().unwrap();
        assert_eq!(st.revoke_actor_token(id).unwrap_err().status, 400);
    }

    #[test]
    fn pending_sessions_say_so() {
        let (mut st, sid, _) = fixture();
        st.change_session_status(&sid, "pending").unwrap();
        let c = st
            .session_claims_with(&sid, &TokenOptions::default())
            .unwrap();
        assert_eq!(c["sts"], "pending");
        st.change_session_status(&sid, "ended").unwrap();
        assert!(
            st.session_claims_with(&sid, &TokenOptions::default())
                .is_err()
        );
        assert_eq!(
            st.change_session_status(&sid, "nope").unwrap_err().status,
            422
        );
    }

    #[test]
    fn shortcodes_support_fallbacks_and_interpolation() {
        let ctx = json!({"user": {"id": "user_1", "public_metadata": {"plan": null}}});
        let tpl = json!({
            "uid": "{{user.id}}",
            "plan": "{{user.public_metadata.plan || 'free'}}",
            "greeting": "hi {{user.id}}!",
            "missing": "{{user.nope}}",
        });
        let out = render_shortcodes(&tpl, &ctx);
        assert_eq!(
            out,
            json!({"uid": "user_1", "plan": "free", "greeting": "hi user_1!", "missing": null})
        );
    }
}
