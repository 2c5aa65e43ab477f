//! The signed-in [`Auth`] object, parsed from v1 or v2 session token claims, and [`Auth::has`].

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::reason::{Reason, VerifyError};

/// The claims of a session token as they appear in the JWT; only what verification and [`Auth`]
/// need is decoded eagerly, the rest stays in the raw payload.
#[derive(Deserialize)]
pub(crate) struct RawClaims<'a> {
    #[serde(borrow)]
    pub(crate) sub: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) sid: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) azp: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) iss: Option<Cow<'a, str>>,
    pub(crate) aud: Option<Audience>,
    pub(crate) exp: Option<i64>,
    pub(crate) nbf: Option<i64>,
    pub(crate) iat: Option<i64>,
    pub(crate) v: Option<u32>,
    #[serde(borrow)]
    pub(crate) sts: Option<Cow<'a, str>>,
    pub(crate) act: Option<Actor>,
    pub(crate) fva: Option<Vec<i64>>,
    pub(crate) org_id: Option<String>,
    pub(crate) org_role: Option<String>,
    pub(crate) org_slug: Option<String>,
    pub(crate) org_permissions: Option<Vec<String>>,
    pub(crate) o: Option<OrgClaimV2>,
    #[serde(borrow)]
    pub(crate) fea: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) pla: Option<Cow<'a, str>>,
}

/// `aud`: one string or a list.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Audience {
    pub(crate) fn contains_any(&self, expected: &[String]) -> bool {
        match self {
            Audience::One(a) => expected.iter().any(|e| e == a),
            Audience::Many(list) => list.iter().any(|a| expected.iter().any(|e| e == a)),
        }
    }
}

/// The v2 organization claim `o`.
#[derive(Deserialize)]
pub(crate) struct OrgClaimV2 {
    id: Option<String>,
    slg: Option<String>,
    rol: Option<String>,
    per: Option<String>,
    fpm: Option<String>,
}

/// The actor of an impersonation session (the `act` claim).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Actor {
    /// The id of the user (or other subject) acting as the signed-in user.
    pub sub: String,
    /// The kind of actor, when Clerk says.
    #[serde(rename = "type", default)]
    pub actor_type: Option<String>,
}

/// A signed-in session: who, which session, which organization, and what they may do.
///
/// Built from a verified session token. `v: 2` tokens carry the organization compactly (`o`,
/// `fea`, `fpm`); `v1` tokens spell it out (`org_id`, `org_role`, `org_slug`,
/// `org_permissions`). Both end up in the same fields, with roles and permissions spelled
/// `org:<role>` and `org:<feature>:<permission>` as in Clerk's dashboard.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Auth {
    /// The signed-in user (`sub`).
    pub user_id: String,
    /// The session (`sid`).
    pub session_id: String,
    /// The session status (`sts`), when present: `active` (pending sessions are signed out by
    /// default).
    pub session_status: Option<String>,
    /// The active organization, if any.
    pub org_id: Option<String>,
    /// The user's role in it, as `org:<role>`.
    pub org_role: Option<String>,
    /// Its slug.
    pub org_slug: Option<String>,
    /// The user's permissions in it, as `org:<feature>:<permission>`.
    pub org_permissions: Vec<String>,
    /// The features of the user's plans, as `o:<feature>` / `u:<feature>` (v2 `fea`).
    pub features: Vec<String>,
    /// The user's plans, as `o:<plan>` / `u:<plan>` (v2 `pla`).
    pub plans: Vec<String>,
    /// Who is acting as the user, in an impersonation session.
    pub actor: Option<Actor>,
    /// Minutes since the first and second factor were verified (`fva`; −1 means never).
    pub factor_verification_age: Option<[i64; 2]>,
    /// The origin the token was issued for (`azp`).
    pub authorized_party: Option<String>,
    /// The issuer (`iss`).
    pub issuer: Option<String>,
    /// The claims version: 1, or 2 for `v: 2` tokens.
    pub claims_version: u32,
    /// When the token expires (`exp`, Unix seconds).
    pub expires_at: i64,
    /// When the token becomes valid (`nbf`, Unix seconds).
    pub not_before: Option<i64>,
    /// When the token was issued (`iat`, Unix seconds).
    pub issued_at: Option<i64>,
    payload: Box<str>,
    token: Box<str>,
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auth")
            .field("user_id", &self.user_id)
            .field("session_id", &self.session_id)
            .field("session_status", &self.session_status)
            .field("org_id", &self.org_id)
            .field("org_role", &self.org_role)
            .field("org_slug", &self.org_slug)
            .field("org_permissions", &self.org_permissions)
            .field("features", &self.features)
            .field("plans", &self.plans)
            .field("actor", &self.actor)
            .field("claims_version", &self.claims_version)
            .field("expires_at", &self.expires_at)
            .field("token", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// A check for [`Auth::has`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Check<'a> {
    /// An organization role: `org:admin` or `admin`.
    Role(&'a str),
    /// An organization permission: `org:billing:manage` or `billing:manage`.
    Permission(&'a str),
    /// A feature of the user's or organization's plan: `reports`, `o:reports`, `u:reports`.
    Feature(&'a str),
    /// A plan: `pro`, `o:pro`, `u:pro`.
    Plan(&'a str),
}

fn with_org_prefix(value: &str) -> Cow<'_, str> {
    if value.starts_with("org:") {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(format!("org:{value}"))
    }
}

/// Splits `o:name` / `u:name` / `ou:name` into (org?, user?, name); a bare name is both.
fn scoped(entry: &str) -> (bool, bool, &str) {
    match entry.split_once(':') {
        Some((scope, name)) => (scope.contains('o'), scope.contains('u'), name),
        None => (true, true, entry),
    }
}

/// Whether `entries` (`fea` or `pla` entries) hold `wanted`, which may carry a scope.
fn scoped_contains(entries: &[String], wanted: &str) -> bool {
    let (want_org, want_user, name) = match wanted.split_once(':') {
        Some(("o" | "org" | "organization", name)) => (true, false, name),
        Some(("u" | "user", name)) => (false, true, name),
        _ => (true, true, wanted),
    };
    entries.iter().any(|entry| {
        let (org, user, have) = scoped(entry);
        have == name && ((want_org && org) || (want_user && user))
    })
}

impl Auth {
    /// Whether the session satisfies `check`. Role and permission checks need an active
    /// organization.
    ///
    /// ```
    /// # fn run(auth: &clerk_core::verify::Auth) {
    /// use clerk_core::verify::Check;
    /// if auth.has(Check::Permission("org:billing:manage")) { /* … */ }
    /// # }
    /// ```
    pub fn has(&self, check: Check<'_>) -> bool {
        match check {
            Check::Role(role) => {
                self.org_id.is_some()
                    && self.org_role.as_deref() == Some(with_org_prefix(role).as_ref())
            }
            Check::Permission(permission) => {
                let wanted = with_org_prefix(permission);
                self.org_id.is_some() && self.org_permissions.iter().any(|p| *p == *wanted)
            }
            Check::Feature(feature) => scoped_contains(&self.features, feature),
            Check::Plan(plan) => scoped_contains(&self.plans, plan),
        }
    }

    /// Shorthand for `has(Check::Role(role))`.
    pub fn has_role(&self, role: &str) -> bool {
        self.has(Check::Role(role))
    }

    /// Shorthand for `has(Check::Permission(permission))`.
    pub fn has_permission(&self, permission: &str) -> bool {
        self.has(Check::Permission(permission))
    }

    /// Every claim of the token, custom ones included, decoded from its payload.
    pub fn claims(&self) -> serde_json::Map<String, serde_json::Value> {
        serde_json::from_str(&self.payload).unwrap_or_default()
    }

    /// One claim decoded as `T`; `None` when absent or of another type.
    pub fn claim<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        self.claims()
            .remove(name)
            .and_then(|value| serde_json::from_value(value).ok())
    }

    /// The session token itself, to forward to another service (the equivalent of
    /// `getToken()` without arguments). Treat it as a secret.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Builds the object from a verified token's claims.
    pub(crate) fn from_claims(
        raw: RawClaims<'_>,
        payload: &str,
        token: &str,
    ) -> Result<Auth, VerifyError> {
        let user_id = raw
            .sub
            .ok_or_else(|| {
                VerifyError::with_detail(Reason::TokenInvalid, "the token has no `sub`")
            })?
            .into_owned();
        let session_id = raw
            .sid
            .ok_or_else(|| {
                VerifyError::with_detail(
                    Reason::TokenTypeMismatch,
                    "the token has no `sid`: it is not a session token (JWT template tokens are not accepted as session tokens)",
                )
            })?
            .into_owned();
        let exp = raw.exp.ok_or_else(|| {
            VerifyError::with_detail(Reason::TokenInvalid, "the token has no `exp`")
        })?;
        let factor_verification_age = match raw.fva.as_deref() {
            Some([first, second]) => Some([*first, *second]),
            _ => None,
        };
        let split = |list: Option<Cow<'_, str>>| -> Vec<String> {
            list.map(|l| {
                l.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
        };
        let features = split(raw.fea);
        let plans = split(raw.pla);
        let version = raw.v.unwrap_or(1);
        let (org_id, org_role, org_slug, org_permissions) = if version >= 2 {
            match raw.o {
                Some(o) => {
                    let permissions = org_permissions_v2(&o, &features);
                    (
                        o.id,
                        o.rol.map(|r| with_org_prefix(&r).into_owned()),
                        o.slg,
                        permissions,
                    )
                }
                None => (None, None, None, Vec::new()),
            }
        } else {
            (
                raw.org_id,
                raw.org_role,
                raw.org_slug,
                raw.org_permissions.unwrap_or_default(),
            )
        };
        Ok(Auth {
            user_id,
            session_id,
            session_status: raw.sts.map(Cow::into_owned),
            org_id,
            org_role,
            org_slug,
            org_permissions,
            features,
            plans,
            actor: raw.act,
            factor_verification_age,
            authorized_party: raw.azp.map(Cow::into_owned),
            issuer: raw.iss.map(Cow::into_owned),
            claims_version: version,
            expires_at: exp,
            not_before: raw.nbf,
            issued_at: raw.iat,
            payload: payload.into(),
            token: token.into(),
        })
    }

    /// A signed-in object for a session verified by the Backend API (legacy flow), where no JWT
    /// claims exist.
    pub(crate) fn from_session(user_id: String, session_id: String, expires_at: i64) -> Auth {
        Auth {
            user_id,
            session_id,
            session_status: Some("active".into()),
            org_id: None,
            org_role: None,
            org_slug: None,
            org_permissions: Vec::new(),
            features: Vec::new(),
            plans: Vec::new(),
            actor: None,
            factor_verification_age: None,
            authorized_party: None,
            issuer: None,
            claims_version: 0,
            expires_at,
            not_before: None,
            issued_at: None,
            payload: "{}".into(),
            token: "".into(),
        }
    }
}

/// Rebuilds `org:<feature>:<permission>` from v2 claims: `o.per` lists permission names, `fea`
/// lists features (the organization ones, `o:`-scoped, in order), and `o.fpm` holds one decimal
/// bitmask per organization feature whose bit *i* (least significant first) grants `per[i]`.
fn org_permissions_v2(o: &OrgClaimV2, features: &[String]) -> Vec<String> {
    let (Some(per), Some(fpm)) = (o.per.as_deref(), o.fpm.as_deref()) else {
        return Vec::new();
    };
    let permissions: Vec<&str> = per.split(',').filter(|p| !p.is_empty()).collect();
    let org_features = features.iter().filter_map(|entry| {
        let (org, _, name) = scoped(entry);
        org.then_some(name)
    });
    let mut out = Vec::new();
    for (feature, mask) in org_features.zip(fpm.split(',')) {
        let Ok(mask) = mask.trim().parse::<u64>() else {
            continue;
        };
        for (bit, permission) in permissions.iter().enumerate().take(64) {
            if mask & (1 << bit) != 0 {
                out.push(format!("org:{feature}:{permission}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(payload: &str) -> Auth {
        let raw: RawClaims<'_> = serde_json::from_str(payload).unwrap();
        Auth::from_claims(raw, payload, "t").unwrap()
    }

    #[test]
    fn v2_claims_rebuild_roles_and_permissions() {
        let a = auth(
            r#"{"sub":"user_1","sid":"sess_1","exp":10,"v":2,
                "o":{"id":"org_1","slg":"acme","rol":"admin","per":"read,manage","fpm":"3,1"},
                "fea":"o:billing,u:beta,o:reports","pla":"o:pro"}"#,
        );
        assert_eq!(a.org_id.as_deref(), Some("org_1"));
        assert_eq!(a.org_role.as_deref(), Some("org:admin"));
        assert_eq!(
            a.org_permissions,
            ["org:billing:read", "org:billing:manage", "org:reports:read"]
        );
        assert!(a.has(Check::Role("admin")) && a.has(Check::Role("org:admin")));
        assert!(a.has_permission("org:billing:manage"));
        assert!(!a.has_permission("org:reports:manage"));
        assert!(a.has(Check::Feature("beta")) && a.has(Check::Feature("u:beta")));
        assert!(!a.has(Check::Feature("o:beta")));
        assert!(a.has(Check::Plan("org:pro")) && !a.has(Check::Plan("u:pro")));
    }

    #[test]
    fn v1_claims_are_read_as_they_are() {
        let a = auth(
            r#"{"sub":"user_1","sid":"sess_1","exp":10,"org_id":"org_1","org_role":"org:member",
                "org_slug":"acme","org_permissions":["org:billing:manage"],"custom":{"x":1}}"#,
        );
        assert!(a.has_role("member") && a.has_permission("billing:manage"));
        assert_eq!(a.claim::<serde_json::Value>("custom").unwrap()["x"], 1);
        assert_eq!(a.claims_version, 1);
    }

    #[test]
    fn roles_need_an_active_organization() {
        let a = auth(r#"{"sub":"user_1","sid":"sess_1","exp":10,"org_role":"org:admin"}"#);
        assert!(!a.has_role("admin"));
    }

    #[test]
    fn debug_hides_the_token() {
        let a = auth(r#"{"sub":"user_1","sid":"sess_1","exp":10}"#);
        assert!(!format!("{a:?}").contains("\"t\""));
    }
}
