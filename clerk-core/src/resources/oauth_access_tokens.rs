//! OAuth access tokens issued by Clerk acting as an OAuth identity provider (the spec's
//! `OAuth Access Tokens` tag): your API checks a presented token with
//! [`OAuthAccessTokens::verify`].

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;

use crate::{ApiRequest, Result};

/// An OAuth access token Clerk issued: `clerk_idp_oauth_access_token` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OAuthAccessToken {
    /// Always `clerk_idp_oauth_access_token`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The token id (`oat_…`).
    pub id: String,
    /// The OAuth application's client id the token was issued to.
    #[serde(default, deserialize_with = "null_default")]
    pub client_id: String,
    /// The user (`user_…`) who granted the token.
    #[serde(default, deserialize_with = "null_default")]
    pub subject: String,
    /// The granted scopes.
    #[serde(default, deserialize_with = "null_default")]
    pub scopes: Vec<String>,
    /// Whether the token was revoked.
    #[serde(default, deserialize_with = "null_default")]
    pub revoked: bool,
    /// Why the token was revoked, if it was and a reason was given.
    #[serde(default)]
    pub revocation_reason: Option<String>,
    /// Whether the token is past its expiration.
    #[serde(default, deserialize_with = "null_default")]
    pub expired: bool,
    /// Expiry, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub expiration: Option<i64>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

impl OAuthAccessToken {
    /// Whether the token may be accepted now: neither revoked nor expired, by Clerk's account.
    pub fn is_valid(&self) -> bool {
        !self.revoked && !self.expired
    }
}

/// An inactive JWT access token: `{"active": false}` in the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InactiveAccessToken {
    /// Always `false`.
    #[serde(default, deserialize_with = "null_default")]
    pub active: bool,
}

/// The answer to [`OAuthAccessTokens::verify`]: the token, or word that a JWT access token is no
/// longer active.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum OAuthAccessTokenVerification {
    /// The token Clerk knows (check [`OAuthAccessToken::is_valid`]).
    Token(OAuthAccessToken),
    /// A JWT access token that is not active (expired).
    Inactive(InactiveAccessToken),
}

impl OAuthAccessTokenVerification {
    /// The token, if Clerk answered with one and it is neither revoked nor expired.
    pub fn valid_token(&self) -> Option<&OAuthAccessToken> {
        match self {
            Self::Token(token) if token.is_valid() => Some(token),
            _ => None,
        }
    }

    /// The token, if Clerk answered with one (valid or not), consuming the answer.
    pub fn into_token(self) -> Option<OAuthAccessToken> {
        match self {
            Self::Token(token) => Some(token),
            Self::Inactive(_) => None,
        }
    }
}

/// The body of a verification; deliberately without `Debug`, since it holds the token.
#[derive(Serialize)]
struct VerifyBody<'a> {
    access_token: &'a str,
}

sub_api!(OAuthAccessTokens, oauth_access_tokens);

impl OAuthAccessTokens {
    /// Verifies an OAuth access token presented by a caller
    /// (`POST /oauth_applications/access_tokens/verify`, `verifyOAuthAccessToken`).
    ///
    /// # Errors
    /// An API error: 404 (or 401) when Clerk does not know the token, 400/422 when it is
    /// malformed.
    pub async fn verify(&self, access_token: &str) -> Result<OAuthAccessTokenVerification> {
        self.clerk
            .send(
                ApiRequest::post("/oauth_applications/access_tokens/verify")
                    .json(&VerifyBody { access_token }),
            )
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    #[tokio::test]
    async fn verify_posts_the_access_token_and_decodes_the_token() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"clerk_idp_oauth_access_token","id":"oat_0123456789abcdef0123456789abcdef",
                "client_id":"client_abc","subject":"user_2abcdefghijklmnopqrstuvwxyz",
                "scopes":["profile","email"],"revoked":false,"revocation_reason":null,
                "expired":false,"expiration":1700003600000,"created_at":1700000000000,
                "updated_at":1700000000000}"#,
        );
        let answer = clerk
            .oauth_access_tokens()
            .verify("oat_presented")
            .await
            .unwrap();
        let req = seen.only();
        assert_eq!(req.path, "/v1/oauth_applications/access_tokens/verify");
        assert_eq!(req.body, Some(json!({"access_token": "oat_presented"})));
        let token = answer.valid_token().unwrap();
        assert_eq!(token.scopes, ["profile", "email"]);
        assert_eq!(token.client_id, "client_abc");
        assert!(answer.into_token().is_some());
    }

    #[tokio::test]
    async fn inactive_jwts_decode() {
        let Fake { clerk, .. } = fake(200, r#"{"active":false}"#);
        let answer = clerk.oauth_access_tokens().verify("eyJ.a.b").await.unwrap();
        assert_eq!(
            answer,
            OAuthAccessTokenVerification::Inactive(InactiveAccessToken { active: false })
        );
        assert!(answer.valid_token().is_none());
    }
}
