//! API keys: long-lived secrets you issue to your users, organizations or machines so that they
//! can call your own API (the spec's `API Keys` tag).
//!
//! Your API checks a presented key with [`ApiKeys::verify`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::resources::common::{DeletedObject, null_default};
use crate::{ApiRequest, PageRequest, Result, encode_segment};

/// An API key: the `APIKey` answers of the spec.
///
/// `Debug` never shows [`secret`](Self::secret).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiKey {
    /// Always `api_key`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The key id (`ak_…`).
    pub id: String,
    /// The key type, `api_key` unless you chose another.
    #[serde(default, deserialize_with = "null_default", rename = "type")]
    pub key_type: String,
    /// Who the key acts for: a user (`user_…`), an organization (`org_…`) or a machine (`mch_…`).
    #[serde(default, deserialize_with = "null_default")]
    pub subject: String,
    /// The key's name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// A description.
    #[serde(default)]
    pub description: Option<String>,
    /// Custom claims given when the key was created.
    #[serde(default)]
    pub claims: Option<serde_json::Value>,
    /// The scopes granted to the key.
    #[serde(default, deserialize_with = "null_default")]
    pub scopes: Vec<String>,
    /// The secret itself: present only in the answer to [`ApiKeys::create`].
    #[serde(default)]
    pub secret: Option<String>,
    /// Whether the key was revoked.
    #[serde(default, deserialize_with = "null_default")]
    pub revoked: bool,
    /// Why the key was revoked, if it was and a reason was given.
    #[serde(default)]
    pub revocation_reason: Option<String>,
    /// Whether the key is past its expiration.
    #[serde(default, deserialize_with = "null_default")]
    pub expired: bool,
    /// Expiry, in milliseconds since the Unix epoch; `None` for a key that never expires.
    #[serde(default)]
    pub expiration: Option<i64>,
    /// The user (`user_…`) who created the key, if known.
    #[serde(default)]
    pub created_by: Option<String>,
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

impl ApiKey {
    /// Whether the key may be accepted now: neither revoked nor expired, by Clerk's account.
    pub fn is_valid(&self) -> bool {
        !self.revoked && !self.expired
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKey")
            .field("object", &self.object)
            .field("id", &self.id)
            .field("key_type", &self.key_type)
            .field("subject", &self.subject)
            .field("name", &self.name)
            .field("description", &self.description)
            .field("claims", &self.claims)
            .field("scopes", &self.scopes)
            .field("secret", &self.secret.as_ref().map(|_| "[redacted]"))
            .field("revoked", &self.revoked)
            .field("revocation_reason", &self.revocation_reason)
            .field("expired", &self.expired)
            .field("expiration", &self.expiration)
            .field("created_by", &self.created_by)
            .field("last_used_at", &self.last_used_at)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}

/// The secret of an API key, from [`ApiKeys::get_secret`]. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiKeySecret {
    /// The secret.
    #[serde(default, deserialize_with = "null_default")]
    pub secret: String,
}

impl fmt::Debug for ApiKeySecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKeySecret([redacted])")
    }
}

/// The body of [`ApiKeys::create`] (`createApiKey`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateApiKey {
    /// The key type (3 to 25 characters); `api_key` on the server when absent.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub key_type: Option<String>,
    /// The key's name (at least 3 characters, no leading or trailing spaces).
    pub name: String,
    /// A description (at most 255 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Who the key acts for: `user_…`, `org_…`, `mch_…` or `scim_…`.
    pub subject: String,
    /// Custom claims.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims: Option<serde_json::Value>,
    /// The scopes granted to the key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// The user (`user_…`) creating the key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// The key lifetime in seconds; no expiry when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds_until_expiration: Option<u64>,
}

impl CreateApiKey {
    /// A key named `name` acting for `subject` (`user_…`, `org_…`, `mch_…`, `scim_…`).
    pub fn new(name: impl Into<String>, subject: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            subject: subject.into(),
            ..Self::default()
        }
    }

    setters!(
        key_type: String,
        description: String,
        created_by: String;
        claims: serde_json::Value,
        seconds_until_expiration: u64,
    );

    /// Sets the scopes.
    pub fn scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }
}

/// Query parameters of [`ApiKeys::list`] (`getApiKeys`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListApiKeys {
    /// Who the keys act for (`user_…`, `org_…`, `mch_…`, `scim_…`).
    pub subject: String,
    /// Only keys of this type; `api_key` on the server when absent.
    #[serde(rename = "type")]
    pub key_type: Option<String>,
    /// Include revoked and expired keys (`false` on the server when absent).
    pub include_invalid: Option<bool>,
    /// Page size, 1 to 100. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many keys to skip.
    pub offset: Option<u32>,
    /// A search over the keys' names.
    pub query: Option<String>,
}

impl ListApiKeys {
    /// The keys acting for `subject`.
    pub fn new(subject: impl Into<String>) -> Self {
        Self {
            subject: subject.into(),
            ..Self::default()
        }
    }

    setters!(key_type: String, query: String; include_invalid: bool);
    paging_setters!();
}

/// The body of [`ApiKeys::update`] (`updateApiKey`): only the fields set are changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateApiKey {
    /// New custom claims.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims: Option<serde_json::Value>,
    /// New scopes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// A new description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A new subject.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// A new lifetime in seconds, from now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds_until_expiration: Option<u64>,
}

impl UpdateApiKey {
    /// No change yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        description: String,
        subject: String;
        claims: serde_json::Value,
        seconds_until_expiration: u64,
    );

    /// Sets new scopes.
    pub fn scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }
}

/// The body of [`ApiKeys::revoke`] (`revokeApiKey`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RevokeApiKey {
    /// Why the key is revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation_reason: Option<String>,
}

impl RevokeApiKey {
    /// A revocation without a reason.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(revocation_reason: String);
}

/// The body of a verification; deliberately without `Debug`, since it holds the secret.
#[derive(Serialize)]
struct VerifyBody<'a> {
    secret: &'a str,
}

sub_api!(ApiKeys, api_keys);

fn api_key_path(api_key_id: &str, rest: &str) -> String {
    format!("/api_keys/{}{rest}", encode_segment(api_key_id))
}

impl ApiKeys {
    /// Creates an API key (`POST /api_keys`, `createApiKey`). The secret is in
    /// [`ApiKey::secret`] of the answer; [`get_secret`](Self::get_secret) reads it again later.
    ///
    /// # Errors
    /// An API error (400/422) for invalid input, such as a bad subject or name.
    pub async fn create(&self, params: &CreateApiKey) -> Result<ApiKey> {
        self.clerk
            .send(ApiRequest::post("/api_keys").json(params))
            .await
    }

    /// Lists the API keys of a subject (`GET /api_keys`, `getApiKeys`).
    ///
    /// # Errors
    /// An API error (400/422) for an invalid subject.
    pub fn list(&self, params: &ListApiKeys) -> PageRequest<ApiKey> {
        self.clerk
            .paginate(ApiRequest::get("/api_keys").query_params(params))
    }

    /// Fetches one API key, without its secret (`GET /api_keys/{apiKeyID}`, `getApiKey`).
    ///
    /// # Errors
    /// An API error with status 404 when no key has this id.
    pub async fn get(&self, api_key_id: &str) -> Result<ApiKey> {
        self.clerk
            .send(ApiRequest::get(api_key_path(api_key_id, "")))
            .await
    }

    /// Updates an API key (`PATCH /api_keys/{apiKeyID}`, `updateApiKey`).
    ///
    /// # Errors
    /// An API error: 404 when no key has this id, 400/422 for invalid input.
    pub async fn update(&self, api_key_id: &str, params: &UpdateApiKey) -> Result<ApiKey> {
        self.clerk
            .send(ApiRequest::patch(api_key_path(api_key_id, "")).json(params))
            .await
    }

    /// Deletes an API key (`DELETE /api_keys/{apiKeyID}`, `deleteApiKey`).
    ///
    /// # Errors
    /// An API error with status 404 when no key has this id.
    pub async fn delete(&self, api_key_id: &str) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::delete(api_key_path(api_key_id, "")))
            .await
    }

    /// Reads the secret of an API key (`GET /api_keys/{apiKeyID}/secret`, `getApiKeySecret`).
    ///
    /// # Errors
    /// An API error with status 404 when no key has this id.
    pub async fn get_secret(&self, api_key_id: &str) -> Result<ApiKeySecret> {
        self.clerk
            .send(ApiRequest::get(api_key_path(api_key_id, "/secret")))
            .await
    }

    /// Revokes an API key (`POST /api_keys/{apiKeyID}/revoke`, `revokeApiKey`).
    ///
    /// # Errors
    /// An API error with status 404 when no key has this id.
    pub async fn revoke(&self, api_key_id: &str, params: &RevokeApiKey) -> Result<ApiKey> {
        self.clerk
            .send(ApiRequest::post(api_key_path(api_key_id, "/revoke")).json(params))
            .await
    }

    /// Verifies an API key secret presented by a caller (`POST /api_keys/verify`,
    /// `verifyApiKey`), and returns the key with its subject, scopes and claims.
    ///
    /// Check [`ApiKey::is_valid`] (or `revoked` and `expired`) on the answer.
    ///
    /// # Errors
    /// An API error: 404 (or 401) when Clerk does not know the secret.
    pub async fn verify(&self, secret: &str) -> Result<ApiKey> {
        self.clerk
            .send(ApiRequest::post("/api_keys/verify").json(&VerifyBody { secret }))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const KEY: &str = r#"{
        "object": "api_key", "id": "ak_0123456789abcdef0123456789abcdef", "type": "api_key",
        "subject": "user_2abcdefghijklmnopqrstuvwxyz", "name": "CI key", "description": null,
        "claims": {"env": "ci"}, "scopes": ["read", "write"], "secret": "ak_live_SECRET",
        "revoked": false, "revocation_reason": null, "expired": false, "expiration": null,
        "created_by": "user_2abcdefghijklmnopqrstuvwxyz", "last_used_at": 1700000000000,
        "created_at": 1690000000000, "updated_at": 1690000000000, "future": {}
    }"#;

    #[tokio::test]
    async fn create_sends_type_and_hides_the_secret_in_debug() {
        let Fake { clerk, seen } = fake(200, KEY);
        let key = clerk
            .api_keys()
            .create(
                &CreateApiKey::new("CI key", "user_1")
                    .key_type("api_key")
                    .scopes(["read", "write"])
                    .seconds_until_expiration(86400),
            )
            .await
            .unwrap();
        let req = seen.only();
        assert_eq!(req.path, "/v1/api_keys");
        assert_eq!(
            req.body,
            Some(
                json!({"type": "api_key", "name": "CI key", "subject": "user_1",
                        "scopes": ["read", "write"], "seconds_until_expiration": 86400})
            )
        );
        assert_eq!(key.key_type, "api_key");
        assert_eq!(key.secret.as_deref(), Some("ak_live_SECRET"));
        assert_eq!(key.scopes, ["read", "write"]);
        assert!(!format!("{key:?}").contains("SECRET"));
    }

    #[tokio::test]
    async fn verify_posts_the_secret() {
        let Fake { clerk, seen } = fake(200, KEY);
        let key = clerk.api_keys().verify("ak_presented").await.unwrap();
        let req = seen.only();
        assert_eq!(req.method, "POST");
        assert_eq!(req.path, "/v1/api_keys/verify");
        assert_eq!(req.body, Some(json!({"secret": "ak_presented"})));
        assert!(key.is_valid());
        assert_eq!(key.claims.as_ref().unwrap()["env"], "ci");
    }

    #[tokio::test]
    async fn list_reads_data_pages_and_sends_filters() {
        let body = format!(r#"{{"data": [{KEY}], "total_count": 1}}"#);
        let Fake { clerk, seen } = fake(200, &body);
        let page = clerk
            .api_keys()
            .list(&ListApiKeys::new("org_1").include_invalid(true).query("CI"))
            .await
            .unwrap();
        assert_eq!(page.total_count, Some(1));
        assert_eq!(
            seen.only().query,
            "subject=org_1&include_invalid=true&query=CI"
        );
    }

    #[tokio::test]
    async fn secrets_are_redacted_and_paths_encoded() {
        let Fake { clerk, seen } = fake(200, r#"{"secret":"ak_live_SECRET"}"#);
        let secret = clerk.api_keys().get_secret("ak_1/..").await.unwrap();
        assert_eq!(secret.secret, "ak_live_SECRET");
        assert_eq!(format!("{secret:?}"), "ApiKeySecret([redacted])");
        assert_eq!(seen.only().path, "/v1/api_keys/ak_1%2F../secret");
    }

    #[tokio::test]
    async fn update_revoke_and_delete() {
        let Fake { clerk, seen } = fake(200, KEY);
        clerk
            .api_keys()
            .update("ak_1", &UpdateApiKey::new().description("d"))
            .await
            .unwrap();
        clerk
            .api_keys()
            .revoke("ak_1", &RevokeApiKey::new())
            .await
            .unwrap();
        let reqs = seen.all();
        assert_eq!(reqs[0].method, "PATCH");
        assert_eq!(reqs[0].body, Some(json!({"description": "d"})));
        assert_eq!(reqs[1].path, "/v1/api_keys/ak_1/revoke");
        assert_eq!(reqs[1].body, Some(json!({})));

        let Fake { clerk, seen } = fake(200, r#"{"id":"ak_1","object":"api_key","deleted":true}"#);
        let deleted = clerk.api_keys().delete("ak_1").await.unwrap();
        assert!(deleted.deleted);
        assert_eq!(seen.only().method, "DELETE");
    }
}
