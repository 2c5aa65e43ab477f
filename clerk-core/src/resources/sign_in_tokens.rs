//! Sign-in tokens: one-time tickets that sign a user in without credentials, for magic links and
//! support flows (the spec's `Sign-in Tokens` tag).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;

use crate::{ApiRequest, Result, encode_segment};

crate::string_enum! {
    /// The state of a [`SignInToken`].
    pub enum SignInTokenStatus {
        /// Not used yet.
        Pending = "pending",
        /// Used to sign in.
        Accepted = "accepted",
        /// Revoked before use.
        Revoked = "revoked",
    }
}

/// A sign-in token: `SignInToken` in the spec. `Debug` redacts the token and its URL.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SignInToken {
    /// Always `sign_in_token`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The sign-in token id.
    pub id: String,
    /// Its state.
    #[serde(default, deserialize_with = "null_default")]
    pub status: SignInTokenStatus,
    /// The user it signs in.
    #[serde(default, deserialize_with = "null_default")]
    pub user_id: String,
    /// The ticket itself, present when the token was just created.
    ///
    /// # Security Warning
    /// Whoever holds it can sign in as the user: keep it out of logs.
    #[serde(default)]
    pub token: Option<String>,
    /// A URL that signs the user in with the ticket, present when the token was just created.
    /// It carries the ticket: treat it as a secret too.
    #[serde(default)]
    pub url: Option<String>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

impl fmt::Debug for SignInToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInToken")
            .field("id", &self.id)
            .field("status", &self.status)
            .field("user_id", &self.user_id)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("url", &self.url.as_ref().map(|_| "[redacted]"))
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .finish_non_exhaustive()
    }
}

/// The body of [`SignInTokens::create`] (`CreateSignInToken`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateSignInToken {
    /// The user the token signs in.
    pub user_id: String,
    /// The organization to make active at sign-in (the user must be a member).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    /// The token's lifetime in seconds; 30 days on the server when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in_seconds: Option<u64>,
}

impl CreateSignInToken {
    /// A token that signs in `user_id`.
    pub fn new(user_id: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            ..Self::default()
        }
    }

    setters!(org_id: String; expires_in_seconds: u64);
}

sub_api!(SignInTokens, sign_in_tokens);

impl SignInTokens {
    /// Creates a sign-in token for a user (`POST /sign_in_tokens`, `CreateSignInToken`).
    ///
    /// # Errors
    /// An API error: 404 when the user does not exist, 422 when a parameter is invalid.
    pub async fn create(&self, params: &CreateSignInToken) -> Result<SignInToken> {
        self.clerk
            .send(ApiRequest::post("/sign_in_tokens").json(params))
            .await
    }

    /// Revokes a pending sign-in token (`POST /sign_in_tokens/{sign_in_token_id}/revoke`,
    /// `RevokeSignInToken`).
    ///
    /// # Errors
    /// An API error: 404 when no sign-in token has this id, 400 when it is not pending.
    pub async fn revoke(&self, sign_in_token_id: &str) -> Result<SignInToken> {
        let path = format!(
            "/sign_in_tokens/{}/revoke",
            encode_segment(sign_in_token_id)
        );
        self.clerk.send(ApiRequest::post(path)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const TOKEN: &str = r#"{"object":"sign_in_token","id":"sit_1","status":"pending",
        "user_id":"user_1","token":"secret-ticket","url":"https://x.test/?__clerk_ticket=secret-ticket",
        "created_at":1,"updated_at":2}"#;

    #[tokio::test]
    async fn create_and_revoke() {
        let Fake { clerk, seen } = fake(200, TOKEN);
        let params = CreateSignInToken::new("user_1")
            .org_id("org_1")
            .expires_in_seconds(60);
        let token = clerk.sign_in_tokens().create(&params).await.unwrap();
        assert_eq!(token.status, SignInTokenStatus::Pending);
        assert_eq!(token.token.as_deref(), Some("secret-ticket"));
        let shown = format!("{token:?}");
        assert!(!shown.contains("secret-ticket"), "{shown}");
        clerk.sign_in_tokens().revoke("sit/1").await.unwrap();
        let seen = seen.all();
        assert_eq!(seen[0].path, "/v1/sign_in_tokens");
        assert_eq!(
            seen[0].body,
            Some(json!({"user_id": "user_1", "org_id": "org_1", "expires_in_seconds": 60}))
        );
        assert_eq!(seen[1].method, "POST");
        assert_eq!(seen[1].path, "/v1/sign_in_tokens/sit%2F1/revoke");
        assert_eq!(seen[1].body, None);
    }

    #[test]
    fn revoked_tokens_without_ticket_decode() {
        let t: SignInToken = serde_json::from_str(
            r#"{"object":"sign_in_token","id":"sit_1","status":"burnt","user_id":"u",
                "created_at":1,"updated_at":2}"#,
        )
        .unwrap();
        assert_eq!(t.status, SignInTokenStatus::Unknown("burnt".into()));
        assert_eq!(t.token, None);
    }
}
