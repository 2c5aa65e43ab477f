//! Minting session tokens with chosen claims and times: [`TokenBuilder`] in Rust,
//! `POST /__fake/tokens` over HTTP.

use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::control::{check_known, opt_i64, opt_str};
use crate::error::FakeError;
use crate::fake::Inner;
use crate::state::{ClaimsVersion, TokenOptions};

/// When a time claim falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    /// Absolute Unix seconds.
    At(i64),
    /// Seconds from the fake clock's now (negative: in the past).
    In(i64),
}

impl When {
    fn resolve(self, now: i64) -> i64 {
        match self {
            When::At(t) => t,
            When::In(d) => now.saturating_add(d),
        }
    }
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Subject {
    Session(String),
    /// A new session is created for the user at minting.
    User(String),
}

/// What to mint; shared by [`TokenBuilder`] and `POST /__fake/tokens`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TokenSpec {
    subject: Subject,
    org_id: Option<String>,
    v1: bool,
    template: Option<String>,
    expires_in_seconds: Option<i64>,
    azp: Option<String>,
    iat: Option<When>,
    nbf: Option<When>,
    exp: Option<When>,
    expired: bool,
    claims: Map<String, Value>,
    kid: Option<String>,
}

impl TokenSpec {
    fn new(subject: Subject) -> TokenSpec {
        TokenSpec {
            subject,
            org_id: None,
            v1: false,
            template: None,
            expires_in_seconds: None,
            azp: None,
            iat: None,
            nbf: None,
            exp: None,
            expired: false,
            claims: Map::new(),
            kid: None,
        }
    }

    /// Parses the body of `POST /__fake/tokens`.
    pub(crate) fn from_json(body: &Map<String, Value>) -> Result<TokenSpec, FakeError> {
        check_known(
            body,
            &[
                "session_id",
                "user_id",
                "org_id",
                "version",
                "template",
                "expires_in_seconds",
                "azp",
                "iat",
                "nbf",
                "exp",
                "iat_offset_secs",
                "nbf_offset_secs",
                "exp_offset_secs",
                "expired",
                "claims",
                "kid",
            ],
        )?;
        let subject = match (opt_str(body, "session_id")?, opt_str(body, "user_id")?) {
            (Some(s), None) => Subject::Session(s.to_string()),
            (None, Some(u)) => Subject::User(u.to_string()),
            (None, None) => return Err(FakeError::missing("session_id")),
            (Some(_), Some(_)) => {
                return Err(FakeError::value_invalid(
                    "user_id",
                    "give session_id or user_id, not both",
                ));
            }
        };
        let mut spec = TokenSpec::new(subject);
        spec.org_id = opt_str(body, "org_id")?.map(str::to_string);
        spec.v1 = match opt_i64(body, "version")? {
            None | Some(2) => false,
            Some(1) => true,
            Some(_) => return Err(FakeError::value_invalid("version", "must be 1 or 2")),
        };
        spec.template = opt_str(body, "template")?.map(str::to_string);
        spec.expires_in_seconds = opt_i64(body, "expires_in_seconds")?;
        spec.azp = opt_str(body, "azp")?.map(str::to_string);
        spec.kid = opt_str(body, "kid")?.map(str::to_string);
        for (abs, offset) in [
            ("iat", "iat_offset_secs"),
            ("nbf", "nbf_offset_secs"),
            ("exp", "exp_offset_secs"),
        ] {
            let when = match (opt_i64(body, abs)?, opt_i64(body, offset)?) {
                (Some(_), Some(_)) => {
                    return Err(FakeError::value_invalid(
                        offset,
                        &format!("give {abs} or {offset}, not both"),
                    ));
                }
                (Some(t), None) => Some(When::At(t)),
                (None, Some(d)) => Some(When::In(d)),
                (None, None) => None,
            };
            match abs {
                "iat" => spec.iat = when,
                "nbf" => spec.nbf = when,
                _ => spec.exp = when,
            }
        }
        spec.expired = match body.get("expired") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(FakeError::invalid("expired", "must be true or false")),
        };
        spec.claims = match body.get("claims") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(_) => return Err(FakeError::invalid("claims", "must be a JSON object")),
        };
        Ok(spec)
    }
}

/// A minted token and the claims it carries.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MintedToken {
    /// The RS256 JWT.
    pub jwt: String,
    /// Its claims.
    pub claims: Value,
    /// The session it belongs to (new when minted with [`FakeClerk::token_for_user`]).
    ///
    /// [`FakeClerk::token_for_user`]: crate::FakeClerk::token_for_user
    pub session_id: String,
}

/// Mints the token `spec` describes: Clerk's claims for the session, then the overrides.
pub(crate) fn mint(inner: &Inner, spec: &TokenSpec) -> Result<MintedToken, FakeError> {
    let mut state = inner.lock();
    let session_id = match &spec.subject {
        Subject::Session(id) => id.clone(),
        Subject::User(user_id) => {
            let mut body = Map::new();
            body.insert("user_id".into(), json!(user_id));
            let session = state.create_session(&body)?;
            session["id"].as_str().unwrap_or_default().to_string()
        }
    };
    let options = TokenOptions {
        org_id: spec.org_id.clone(),
        version: if spec.v1 {
            ClaimsVersion::V1
        } else {
            ClaimsVersion::V2
        },
        template: spec.template.clone(),
        expires_in_seconds: spec.expires_in_seconds,
    };
    let mut claims = state.session_claims_with(&session_id, &options)?;
    drop(state);

    let now = inner.clock().now_secs();
    let Value::Object(map) = &mut claims else {
        return Err(FakeError::new(
            500,
            "internal_clerk_error",
            "the fake built no claim set",
            "The fake's session claims are not a JSON object",
            json!({}),
        ));
    };
    if spec.expired {
        // A coherent 60-second token that expired two minutes ago (beyond any usual skew).
        map.insert("iat".into(), json!(now - 180));
        map.insert("nbf".into(), json!(now - 190));
        map.insert("exp".into(), json!(now - 120));
    }
    for (name, when) in [("iat", spec.iat), ("nbf", spec.nbf), ("exp", spec.exp)] {
        if let Some(w) = when {
            map.insert(name.into(), json!(w.resolve(now)));
        }
    }
    if let Some(azp) = &spec.azp {
        map.insert("azp".into(), json!(azp));
    }
    for (k, v) in &spec.claims {
        if v.is_null() {
            map.remove(k);
        } else {
            map.insert(k.clone(), v.clone());
        }
    }
    let jwt = match &spec.kid {
        Some(kid) => inner.key.sign_with_kid(kid, &claims)?,
        None => inner.key.sign(&claims),
    };
    Ok(MintedToken {
        jwt,
        claims,
        session_id,
    })
}

/// Mints a session token with chosen claims and times; from
/// [`FakeClerk::token`](crate::FakeClerk::token) or
/// [`FakeClerk::token_for_user`](crate::FakeClerk::token_for_user).
///
/// The claims start as Clerk would issue them for the session now (by the fake's clock):
/// `iat` = now, `nbf` = `iat` − 10 s, `exp` = `iat` + 60 s, `v: 2` organization claims for the
/// session's active organization. Each setter then overrides one thing; times are Unix seconds
/// or offsets from the fake's clock.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), clerk_testing::FakeError> {
/// use std::time::Duration;
/// use serde_json::json;
///
/// let fake = clerk_testing::FakeClerk::start().await;
/// let user = fake.create_user(json!({"email_address": ["ada@example.com"]}));
/// let user_id = user["id"].as_str().unwrap();
///
/// let token = fake
///     .token_for_user(user_id)
///     .azp("https://foreign.example")
///     .not_before_in(Duration::from_secs(300))
///     .claim("role", json!("admin"))
///     .mint_with_claims()?;
/// assert_eq!(token.claims["azp"], "https://foreign.example");
/// assert_eq!(token.claims["role"], "admin");
/// let now = fake.clock().now_secs();
/// assert_eq!(token.claims["nbf"], now + 300);
///
/// let expired = fake.token(&token.session_id).expired().mint()?;
/// # let _ = expired;
/// # Ok(())
/// # }
/// ```
#[must_use = "a token builder does nothing until .mint()"]
pub struct TokenBuilder<'a> {
    inner: &'a Inner,
    spec: TokenSpec,
}

impl std::fmt::Debug for TokenBuilder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenBuilder")
            .field("spec", &self.spec)
            .finish_non_exhaustive()
    }
}

impl<'a> TokenBuilder<'a> {
    pub(crate) fn for_session(inner: &'a Inner, session_id: &str) -> TokenBuilder<'a> {
        TokenBuilder {
            inner,
            spec: TokenSpec::new(Subject::Session(session_id.to_string())),
        }
    }

    pub(crate) fn for_user(inner: &'a Inner, user_id: &str) -> TokenBuilder<'a> {
        TokenBuilder {
            inner,
            spec: TokenSpec::new(Subject::User(user_id.to_string())),
        }
    }

    /// The organization whose claims the token carries (default: the session's active one).
    pub fn org(mut self, org_id: &str) -> Self {
        self.spec.org_id = Some(org_id.to_string());
        self
    }

    /// Version 1 claims: `org_id`, `org_role`, `org_slug`, `org_permissions`.
    pub fn claims_v1(mut self) -> Self {
        self.spec.v1 = true;
        self
    }

    /// Version 2 claims (the default): `v: 2`, `o: {id, slg, rol, per, fpm}`, `fea`.
    pub fn claims_v2(mut self) -> Self {
        self.spec.v1 = false;
        self
    }

    /// Renders a JWT template (added with
    /// [`FakeClerk::add_jwt_template`](crate::FakeClerk::add_jwt_template) or the API) instead
    /// of the session claims.
    pub fn template(mut self, name: &str) -> Self {
        self.spec.template = Some(name.to_string());
        self
    }

    /// The token's lifetime from `iat`, like the API's `expires_in_seconds` (default 60 s).
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.spec.expires_in_seconds = Some(secs(lifetime));
        self
    }

    /// The authorized party (`azp`), e.g. a foreign origin.
    pub fn azp(mut self, azp: &str) -> Self {
        self.spec.azp = Some(azp.to_string());
        self
    }

    /// A token that expired two minutes ago: `iat` = now − 180 s, `nbf` = now − 190 s,
    /// `exp` = now − 120 s (setters of single times still win).
    pub fn expired(mut self) -> Self {
        self.spec.expired = true;
        self
    }

    /// `iat` at these Unix seconds.
    pub fn issued_at(mut self, unix_secs: i64) -> Self {
        self.spec.iat = Some(When::At(unix_secs));
        self
    }

    /// `iat` this far in the future.
    pub fn issued_at_in(mut self, after: Duration) -> Self {
        self.spec.iat = Some(When::In(secs(after)));
        self
    }

    /// `iat` = now + `offset_secs` (negative: in the past).
    pub fn iat_offset(mut self, offset_secs: i64) -> Self {
        self.spec.iat = Some(When::In(offset_secs));
        self
    }

    /// `nbf` at these Unix seconds.
    pub fn not_before(mut self, unix_secs: i64) -> Self {
        self.spec.nbf = Some(When::At(unix_secs));
        self
    }

    /// `nbf` this far in the future (a token not valid yet).
    pub fn not_before_in(mut self, after: Duration) -> Self {
        self.spec.nbf = Some(When::In(secs(after)));
        self
    }

    /// `nbf` = now + `offset_secs` (negative: in the past).
    pub fn nbf_offset(mut self, offset_secs: i64) -> Self {
        self.spec.nbf = Some(When::In(offset_secs));
        self
    }

    /// `exp` at these Unix seconds.
    pub fn exp(mut self, unix_secs: i64) -> Self {
        self.spec.exp = Some(When::At(unix_secs));
        self
    }

    /// `exp` this far in the future.
    pub fn expires_in(mut self, after: Duration) -> Self {
        self.spec.exp = Some(When::In(secs(after)));
        self
    }

    /// `exp` = now + `offset_secs` (negative: already expired).
    pub fn exp_offset(mut self, offset_secs: i64) -> Self {
        self.spec.exp = Some(When::In(offset_secs));
        self
    }

    /// Sets a claim (after all the others, so it can replace any of them); `null` removes it.
    pub fn claim(mut self, name: &str, value: Value) -> Self {
        self.spec.claims.insert(name.to_string(), value);
        self
    }

    /// Removes a claim, e.g. `sid` or `exp`.
    pub fn without_claim(self, name: &str) -> Self {
        self.claim(name, Value::Null)
    }

    /// Signs with this key (any of the fake's keys, even one rotated out of the JWKS).
    pub fn kid(mut self, kid: &str) -> Self {
        self.spec.kid = Some(kid.to_string());
        self
    }

    /// Mints the token; the error is the API's (unknown or inactive session, unknown user,
    /// template or kid).
    pub fn mint(self) -> Result<String, FakeError> {
        self.mint_with_claims().map(|t| t.jwt)
    }

    /// Mints the token and returns its claims and session too.
    pub fn mint_with_claims(self) -> Result<MintedToken, FakeError> {
        mint(self.inner, &self.spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(v: Value) -> Result<TokenSpec, FakeError> {
        match v {
            Value::Object(m) => TokenSpec::from_json(&m),
            _ => unreachable!(),
        }
    }

    #[test]
    fn token_json_is_parsed_and_validated() {
        let spec = parse(json!({
            "session_id": "sess_1", "version": 1, "azp": "https://a.example",
            "iat": 100, "nbf_offset_secs": 30, "exp_offset_secs": -5,
            "claims": {"k": "v"}, "kid": "k2", "org_id": "org_1"
        }))
        .unwrap();
        assert!(spec.v1);
        assert_eq!(spec.iat, Some(When::At(100)));
        assert_eq!(spec.nbf, Some(When::In(30)));
        assert_eq!(spec.exp.map(|w| w.resolve(1000)), Some(995));
        assert_eq!(spec.claims["k"], "v");

        for bad in [
            json!({}),
            json!({"session_id": "s", "user_id": "u"}),
            json!({"session_id": "s", "version": 3}),
            json!({"session_id": "s", "exp": 1, "exp_offset_secs": 1}),
            json!({"session_id": "s", "claims": []}),
            json!({"session_id": "s", "iat": "soon"}),
            json!({"session_id": "s", "bogus": true}),
        ] {
            assert_eq!(parse(bad.clone()).unwrap_err().status, 422, "{bad}");
        }
    }
}
