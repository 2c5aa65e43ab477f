//! Actor tokens: let one user (the actor) sign in as another, for impersonation (the spec's
//! `Actor Tokens` tag).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;

use crate::{ApiRequest, Result, encode_segment};

crate::string_enum! {
    /// The state of an [`ActorToken`].
    pub enum ActorTokenStatus {
        /// Not used yet.
        Pending = "pending",
        /// Used to sign in.
        Accepted = "accepted",
        /// Revoked before use.
        Revoked = "revoked",
    }
}

/// An actor token: `ActorToken` in the spec. `Debug` redacts the token and its URL.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ActorToken {
    /// Always `actor_token`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The actor token id.
    pub id: String,
    /// Its state.
    #[serde(default, deserialize_with = "null_default")]
    pub status: ActorTokenStatus,
    /// The user being impersonated.
    #[serde(default, deserialize_with = "null_default")]
    pub user_id: String,
    /// The actor payload, with at least `sub`: the id of the impersonating user.
    #[serde(default)]
    pub actor: serde_json::Value,
    /// The ticket itself, present when the token was just created.
    ///
    /// # Security Warning
    /// Whoever holds it can sign in as the user: keep it out of logs.
    #[serde(default)]
    pub token: Option<String>,
    /// A URL that signs in with the ticket, present when the token was just created. It carries
    /// the ticket: treat it as a secret too.
    #[serde(default)]
    pub url: Option<String>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

impl fmt::Debug for ActorToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActorToken")
            .field("id", &self.id)
            .field("status", &self.status)
            .field("user_id", &self.user_id)
            .field("actor", &self.actor)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("url", &self.url.as_ref().map(|_| "[redacted]"))
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .finish_non_exhaustive()
    }
}

/// The body of [`ActorTokens::create`] (`CreateActorToken`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateActorToken {
    /// The user to impersonate.
    pub user_id: String,
    /// The actor payload: a JSON object with at least `sub`, the id of the impersonating user.
    /// It is copied into the session token's `act` claim.
    pub actor: serde_json::Value,
    /// The token's lifetime in seconds; one hour on the server when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in_seconds: Option<u64>,
    /// The longest the session created with the token may last, in seconds; 30 minutes on the
    /// server when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_max_duration_in_seconds: Option<u64>,
}

impl CreateActorToken {
    /// A token letting the user `actor_user_id` impersonate `user_id`; the actor payload is
    /// `{"sub": actor_user_id}`.
    pub fn new(user_id: impl Into<String>, actor_user_id: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            actor: serde_json::json!({ "sub": actor_user_id.into() }),
            expires_in_seconds: None,
            session_max_duration_in_seconds: None,
        }
    }

    /// Replaces the whole actor payload (a JSON object with at least `sub`).
    pub fn actor(mut self, actor: serde_json::Value) -> Self {
        self.actor = actor;
        self
    }

    setters!(; expires_in_seconds: u64, session_max_duration_in_seconds: u64);
}

sub_api!(ActorTokens, actor_tokens);

impl ActorTokens {
    /// Creates an actor token to impersonate a user (`POST /actor_tokens`, `CreateActorToken`).
    ///
    /// # Errors
    /// An API error: 422 when the actor has no `sub` or a parameter is invalid, 402 when the
    /// plan does not include impersonation.
    pub async fn create(&self, params: &CreateActorToken) -> Result<ActorToken> {
        self.clerk
            .send(ApiRequest::post("/actor_tokens").json(params))
            .await
    }

    /// Revokes a pending actor token (`POST /actor_tokens/{actor_token_id}/revoke`,
    /// `RevokeActorToken`).
    ///
    /// # Errors
    /// An API error: 404 when no actor token has this id, 400 when it is not pending.
    pub async fn revoke(&self, actor_token_id: &str) -> Result<ActorToken> {
        let path = format!("/actor_tokens/{}/revoke", encode_segment(actor_token_id));
        self.clerk.send(ApiRequest::post(path)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    #[tokio::test]
    async fn create_sends_the_actor_and_hides_the_ticket() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"actor_token","id":"act_1","status":"pending","user_id":"user_1",
                "actor":{"sub":"user_admin"},"token":"tkt","url":"https://x.test/?t=tkt",
                "created_at":1,"updated_at":2}"#,
        );
        let params = CreateActorToken::new("user_1", "user_admin")
            .expires_in_seconds(600)
            .session_max_duration_in_seconds(300);
        let token = clerk.actor_tokens().create(&params).await.unwrap();
        assert_eq!(token.actor["sub"], "user_admin");
        assert!(!format!("{token:?}").contains("tkt"));
        let req = seen.only();
        assert_eq!(req.path, "/v1/actor_tokens");
        assert_eq!(
            req.body,
            Some(json!({"user_id": "user_1", "actor": {"sub": "user_admin"},
                "expires_in_seconds": 600, "session_max_duration_in_seconds": 300}))
        );
    }

    #[tokio::test]
    async fn revoke_posts_to_the_encoded_id() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"actor_token","id":"act_1","status":"revoked","user_id":"user_1",
                "actor":{"sub":"user_admin"},"created_at":1,"updated_at":2}"#,
        );
        let token = clerk.actor_tokens().revoke("act_1").await.unwrap();
        assert_eq!(token.status, ActorTokenStatus::Revoked);
        assert_eq!(seen.only().path, "/v1/actor_tokens/act_1/revoke");
    }
}
