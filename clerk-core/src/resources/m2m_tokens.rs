//! Machine-to-machine tokens: short-lived credentials one machine presents to another (the spec's
//! `M2M Tokens` tag).
//!
//! A machine mints a token with its machine secret key ([`M2mTokens::create`]); the receiving
//! machine checks it with [`M2mTokens::verify`]. Only opaque tokens are stored by Clerk: JWT-format
//! tokens are stateless, so they are never listed nor revoked.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;

use crate::{ApiRequest, PageRequest, Result, encode_segment};

/// A machine-to-machine token: the `M2MToken` answers of the spec.
///
/// `Debug` never shows [`token`](Self::token).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct M2mToken {
    /// Always `machine_to_machine_token`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The token id (`mt_…`).
    pub id: String,
    /// The machine the token was issued to (`mch_…`).
    #[serde(default, deserialize_with = "null_default")]
    pub subject: String,
    /// Custom claims given when the token was created.
    #[serde(default)]
    pub claims: Option<serde_json::Value>,
    /// The machines (`mch_…`) this token grants access to.
    #[serde(default, deserialize_with = "null_default")]
    pub scopes: Vec<String>,
    /// The token itself: present only in the answer to [`M2mTokens::create`].
    #[serde(default)]
    pub token: Option<String>,
    /// Whether the token was revoked.
    #[serde(default, deserialize_with = "null_default")]
    pub revoked: bool,
    /// Why the token was revoked, if it was and a reason was given.
    #[serde(default)]
    pub revocation_reason: Option<String>,
    /// Whether the token is past its expiration.
    #[serde(default, deserialize_with = "null_default")]
    pub expired: bool,
    /// Expiry, in milliseconds since the Unix epoch; `None` for a token that never expires.
    #[serde(default)]
    pub expiration: Option<i64>,
    /// Last use, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub last_used_at: Option<i64>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

impl M2mToken {
    /// Whether the token may be accepted now: neither revoked nor expired, by Clerk's account.
    pub fn is_valid(&self) -> bool {
        !self.revoked && !self.expired
    }
}

impl fmt::Debug for M2mToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("M2mToken")
            .field("object", &self.object)
            .field("id", &self.id)
            .field("subject", &self.subject)
            .field("claims", &self.claims)
            .field("scopes", &self.scopes)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("revoked", &self.revoked)
            .field("revocation_reason", &self.revocation_reason)
            .field("expired", &self.expired)
            .field("expiration", &self.expiration)
            .field("last_used_at", &self.last_used_at)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}

crate::string_enum! {
    /// The format of a new M2M token.
    pub enum M2mTokenFormat {
        /// An opaque token, stored by Clerk and verified through the Backend API (the default).
        Opaque = "opaque",
        /// A JWT, stateless: it cannot be listed or revoked.
        Jwt = "jwt",
    }
}

/// The body of [`M2mTokens::create`] (`createM2MToken`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateM2mToken {
    /// The token format; `opaque` on the server when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_format: Option<M2mTokenFormat>,
    /// The token lifetime in seconds; the machine's default when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds_until_expiration: Option<u64>,
    /// Custom claims carried by the token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims: Option<serde_json::Value>,
    /// Reuse a live opaque token with the same claims and scopes if it has at least this many
    /// seconds left, instead of minting a new one. Must be less than the token lifetime.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_remaining_ttl_seconds: Option<u64>,
}

impl CreateM2mToken {
    /// An opaque token with the machine's default lifetime.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(;
        token_format: M2mTokenFormat,
        seconds_until_expiration: u64,
        claims: serde_json::Value,
        min_remaining_ttl_seconds: u64,
    );
}

/// Query parameters of [`M2mTokens::list`] (`getM2MTokens`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListM2mTokens {
    /// The machine (`mch_…`) whose tokens to list.
    pub subject: String,
    /// Include revoked tokens (`false` on the server when absent).
    pub revoked: Option<bool>,
    /// Include expired tokens (`false` on the server when absent).
    pub expired: Option<bool>,
    /// Page size, 1 to 100. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many tokens to skip.
    pub offset: Option<u32>,
}

impl ListM2mTokens {
    /// The tokens of machine `subject` (`mch_…`).
    pub fn new(subject: impl Into<String>) -> Self {
        Self {
            subject: subject.into(),
            ..Self::default()
        }
    }

    setters!(; revoked: bool, expired: bool);
    paging_setters!();
}

/// The body of [`M2mTokens::revoke`] (`revokeM2MToken`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RevokeM2mToken {
    /// Why the token is revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation_reason: Option<String>,
}

impl RevokeM2mToken {
    /// A revocation without a reason.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(revocation_reason: String);
}

/// The body of a verification; deliberately without `Debug`, since it holds the token.
#[derive(Serialize)]
struct VerifyBody<'a> {
    token: &'a str,
}

sub_api!(M2mTokens, m2m_tokens);

impl M2mTokens {
    /// Mints an M2M token (`POST /m2m_tokens`, `createM2MToken`).
    ///
    /// Clerk requires this call to be authenticated with a **machine secret key** (`ak_…`), not
    /// the instance's secret key: call it on a client built with the machine's secret key as its
    /// [`secret_key`](crate::ClerkBuilder::secret_key). The token is in [`M2mToken::token`].
    ///
    /// # Errors
    /// An API error: 401/403 when the client is not authenticated by a machine secret key,
    /// 400/422 for invalid input (such as `min_remaining_ttl_seconds` not below the lifetime).
    pub async fn create(&self, params: &CreateM2mToken) -> Result<M2mToken> {
        self.clerk
            .send(ApiRequest::post("/m2m_tokens").json(params))
            .await
    }

    /// Lists the opaque M2M tokens of a machine (`GET /m2m_tokens`, `getM2MTokens`). With a
    /// machine secret key only that machine's tokens are visible; with the instance's secret key
    /// any machine's.
    ///
    /// # Errors
    /// An API error: 400/422 for an invalid subject, 403/404 when the machine is not visible.
    pub fn list(&self, params: &ListM2mTokens) -> PageRequest<M2mToken> {
        self.clerk
            .paginate(ApiRequest::get("/m2m_tokens").query_params(params))
    }

    /// Revokes an opaque M2M token
    /// (`POST /m2m_tokens/{m2m_token_id}/revoke`, `revokeM2MToken`).
    ///
    /// # Errors
    /// An API error: 404 when no token has this id (or it belongs to another machine, with a
    /// machine secret key).
    pub async fn revoke(&self, m2m_token_id: &str, params: &RevokeM2mToken) -> Result<M2mToken> {
        let path = format!("/m2m_tokens/{}/revoke", encode_segment(m2m_token_id));
        self.clerk.send(ApiRequest::post(path).json(params)).await
    }

    /// Verifies an M2M token presented by a caller (`POST /m2m_tokens/verify`,
    /// `verifyM2MToken`), and returns it with its subject, scopes and claims.
    ///
    /// Check [`M2mToken::is_valid`] (or `revoked` and `expired`) on the answer: Clerk may return
    /// a token it knows even if it can no longer be accepted.
    ///
    /// # Errors
    /// An API error: 404 (or 401) when Clerk does not know the token, 403 when the machine of the
    /// configured machine secret key may not accept it.
    pub async fn verify(&self, token: &str) -> Result<M2mToken> {
        self.clerk
            .send(ApiRequest::post("/m2m_tokens/verify").json(&VerifyBody { token }))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const TOKEN: &str = r#"{
        "object": "machine_to_machine_token",
        "id": "mt_0123456789abcdef0123456789abcdef",
        "subject": "mch_2abcdefghijklmnopqrstuvwxyz",
        "claims": {"tier": "gold"},
        "scopes": ["mch_2zyxwvutsrqponmlkjihgfedcba"],
        "token": "mt_secret_value",
        "revoked": false, "revocation_reason": null, "expired": false,
        "expiration": 1700003600000, "last_used_at": null,
        "created_at": 1700000000000, "updated_at": 1700000000000,
        "brand_new_field": true
    }"#;

    #[tokio::test]
    async fn create_sends_its_options_and_keeps_the_token_out_of_debug() {
        let Fake { clerk, seen } = fake(201, TOKEN);
        let token = clerk
            .m2m_tokens()
            .create(
                &CreateM2mToken::new()
                    .seconds_until_expiration(3600)
                    .claims(json!({"tier": "gold"}))
                    .token_format(M2mTokenFormat::Opaque)
                    .min_remaining_ttl_seconds(60),
            )
            .await
            .unwrap();
        let req = seen.only();
        assert_eq!(req.method, "POST");
        assert_eq!(req.path, "/v1/m2m_tokens");
        assert_eq!(
            req.body,
            Some(
                json!({"token_format": "opaque", "seconds_until_expiration": 3600,
                        "claims": {"tier": "gold"}, "min_remaining_ttl_seconds": 60})
            )
        );
        assert_eq!(token.token.as_deref(), Some("mt_secret_value"));
        assert_eq!(token.claims.as_ref().unwrap()["tier"], "gold");
        assert_eq!(token.expiration, Some(1700003600000));
        assert!(token.is_valid());
        let shown = format!("{token:?}");
        assert!(!shown.contains("mt_secret_value"), "{shown}");
        assert!(shown.contains("[redacted]"));
    }

    #[tokio::test]
    async fn create_sends_an_empty_object_by_default() {
        let Fake { clerk, seen } = fake(201, TOKEN);
        clerk
            .m2m_tokens()
            .create(&CreateM2mToken::new())
            .await
            .unwrap();
        assert_eq!(seen.only().body, Some(json!({})));
    }

    #[tokio::test]
    async fn list_reads_the_m2m_tokens_shape() {
        let body = format!(r#"{{"m2m_tokens": [{TOKEN}], "total_count": 7}}"#);
        let Fake { clerk, seen } = fake(200, &body);
        let page = clerk
            .m2m_tokens()
            .list(
                &ListM2mTokens::new("mch_1")
                    .revoked(false)
                    .expired(true)
                    .limit(5),
            )
            .await
            .unwrap();
        assert_eq!(page.total_count, Some(7));
        assert_eq!(page.len(), 1);
        let req = seen.only();
        assert_eq!(req.path, "/v1/m2m_tokens");
        assert_eq!(
            req.query,
            "subject=mch_1&revoked=false&expired=true&limit=5"
        );
    }

    #[tokio::test]
    async fn verify_posts_the_token_and_decodes_a_revoked_one() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"machine_to_machine_token","id":"mt_1","subject":"mch_1","claims":null,
                "revoked":true,"revocation_reason":"leaked","expired":false,"expiration":null,
                "last_used_at":5,"created_at":1,"updated_at":2}"#,
        );
        let token = clerk.m2m_tokens().verify("mt_presented").await.unwrap();
        let req = seen.only();
        assert_eq!(req.path, "/v1/m2m_tokens/verify");
        assert_eq!(req.body, Some(json!({"token": "mt_presented"})));
        assert!(!token.is_valid());
        assert_eq!(token.revocation_reason.as_deref(), Some("leaked"));
        assert!(token.scopes.is_empty());
        assert_eq!(token.token, None);
        assert_eq!(token.expiration, None);
    }

    #[tokio::test]
    async fn revoke_encodes_the_id_and_sends_the_reason() {
        let Fake { clerk, seen } = fake(200, TOKEN);
        clerk
            .m2m_tokens()
            .revoke(
                "mt_1/x",
                &RevokeM2mToken::new().revocation_reason("rotated"),
            )
            .await
            .unwrap();
        let req = seen.only();
        assert_eq!(req.path, "/v1/m2m_tokens/mt_1%2Fx/revoke");
        assert_eq!(req.body, Some(json!({"revocation_reason": "rotated"})));
    }
}
