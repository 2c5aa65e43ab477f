//! Admin Portal link tokens: single-use links that let a customer's IT contact configure their
//! own enterprise connection (the spec's `Admin Portal Link Tokens` tag).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::resources::common::null_default;

use crate::{ApiRequest, Result, encode_segment};

/// An Admin Portal link token, as created or revoked.
///
/// The spec describes it inline in both answers. Its `Debug` output hides the token.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AdminPortalLinkToken {
    /// Always `admin_portal_link_token`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The token id (`aplt_…`).
    pub id: String,
    /// The Admin Portal link this token was issued for (`apl_…`).
    #[serde(default, deserialize_with = "null_default")]
    pub admin_portal_link_id: String,
    /// The instance (`ins_…`).
    #[serde(default, deserialize_with = "null_default")]
    pub instance_id: String,
    /// The organization the link is scoped to, if any.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// Your reference to the IT contact, if given.
    #[serde(default)]
    pub it_contact_id: Option<String>,
    /// The scopes given at creation.
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    /// The single-use token; only in the answer to a creation. It travels in URLs: treat it as a
    /// secret.
    #[serde(default)]
    pub token: Option<String>,
    /// Whether the token was revoked.
    #[serde(default, deserialize_with = "null_default")]
    pub revoked: bool,
    /// Why it was revoked.
    #[serde(default)]
    pub revocation_reason: Option<String>,
    /// Whether the token expired.
    #[serde(default, deserialize_with = "null_default")]
    pub expired: bool,
    /// Expiry, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "optional_millis")]
    pub expiration: Option<i64>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "millis")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "millis")]
    pub updated_at: i64,
}

impl fmt::Debug for AdminPortalLinkToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AdminPortalLinkToken")
            .field("object", &self.object)
            .field("id", &self.id)
            .field("admin_portal_link_id", &self.admin_portal_link_id)
            .field("instance_id", &self.instance_id)
            .field("organization_id", &self.organization_id)
            .field("it_contact_id", &self.it_contact_id)
            .field("scopes", &self.scopes)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("revoked", &self.revoked)
            .field("revocation_reason", &self.revocation_reason)
            .field("expired", &self.expired)
            .field("expiration", &self.expiration)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}

/// The spec types these timestamps as `number`: accept a float as well as an integer, and
/// `null` as `0`.
fn millis<'de, D: Deserializer<'de>>(deserializer: D) -> std::result::Result<i64, D::Error> {
    optional_millis(deserializer).map(Option::unwrap_or_default)
}

fn optional_millis<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Option<i64>, D::Error> {
    // Saturating cast: a JSON number out of range cannot panic here.
    Option::<f64>::deserialize(deserializer).map(|ms| ms.map(|ms| ms as i64))
}

/// The body of [`AdminPortalLinkTokens::create`] (`createAdminPortalLinkToken`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateAdminPortalLinkToken {
    /// The organization the link is scoped to (`org_…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// Your opaque reference to the IT contact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub it_contact_id: Option<String>,
    /// Scopes, such as `admin_portal:read`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// The token lifetime in seconds, 1 to 86 400. Defaults to 3600 on the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds_until_expiration: Option<u32>,
}

impl CreateAdminPortalLinkToken {
    /// A token with the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(organization_id: String, it_contact_id: String; seconds_until_expiration: u32);

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

/// The body of [`AdminPortalLinkTokens::revoke`] (`revokeAdminPortalLinkToken`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RevokeAdminPortalLinkToken {
    /// Why the token is revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation_reason: Option<String>,
}

impl RevokeAdminPortalLinkToken {
    /// A revocation without a reason.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(revocation_reason: String);
}

sub_api!(AdminPortalLinkTokens, admin_portal_link_tokens);

impl AdminPortalLinkTokens {
    /// Creates an Admin Portal link token (`POST /admin_portal_link_tokens`,
    /// `createAdminPortalLinkToken`); the answer holds the token, once.
    ///
    /// # Errors
    /// An API error: 400 for invalid input, 403 when the instance may not use the Admin Portal,
    /// 409 on a conflict.
    pub async fn create(
        &self,
        params: &CreateAdminPortalLinkToken,
    ) -> Result<AdminPortalLinkToken> {
        self.clerk
            .send(ApiRequest::post("/admin_portal_link_tokens").json(params))
            .await
    }

    /// Revokes an Admin Portal link token
    /// (`POST /admin_portal_link_tokens/{adminPortalLinkTokenID}/revoke`,
    /// `revokeAdminPortalLinkToken`).
    ///
    /// # Errors
    /// An API error: 400 for a malformed id, 404 when no token has this id.
    pub async fn revoke(
        &self,
        token_id: &str,
        params: &RevokeAdminPortalLinkToken,
    ) -> Result<AdminPortalLinkToken> {
        let path = format!(
            "/admin_portal_link_tokens/{}/revoke",
            encode_segment(token_id)
        );
        self.clerk.send(ApiRequest::post(path).json(params)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const TOKEN: &str = r#"{"object":"admin_portal_link_token",
        "id":"aplt_3beecc9c60adb5f9b850e91a83beecc9",
        "admin_portal_link_id":"apl_3beecc9c60adb5f9b850e91a8d2",
        "instance_id":"ins_2xhFjEI5X2qWRvtV13BzSj8H6Dk","organization_id":null,
        "it_contact_id":"usr_abc123","scopes":["admin_portal:read"],
        "token":"aplt_TOPSECRET","revoked":false,"revocation_reason":null,"expired":false,
        "expiration":1716883200000.0,"created_at":1716883200000,"updated_at":1716883200000}"#;

    #[tokio::test]
    async fn create_decodes_numbers_and_hides_the_token() {
        let Fake { clerk, seen } = fake(201, TOKEN);
        let token = clerk
            .admin_portal_link_tokens()
            .create(
                &CreateAdminPortalLinkToken::new()
                    .it_contact_id("usr_abc123")
                    .scopes(["admin_portal:read"])
                    .seconds_until_expiration(600),
            )
            .await
            .unwrap();
        assert_eq!(token.expiration, Some(1_716_883_200_000));
        assert_eq!(token.created_at, 1_716_883_200_000);
        assert_eq!(token.token.as_deref(), Some("aplt_TOPSECRET"));
        assert!(!format!("{token:?}").contains("TOPSECRET"));
        assert_eq!(
            seen.only().body,
            Some(
                json!({"it_contact_id": "usr_abc123", "scopes": ["admin_portal:read"],
                        "seconds_until_expiration": 600})
            )
        );
    }

    #[tokio::test]
    async fn revoke_always_sends_a_body() {
        let Fake { clerk, seen } = fake(200, &TOKEN.replace(r#""token":"aplt_TOPSECRET","#, ""));
        let token = clerk
            .admin_portal_link_tokens()
            .revoke(
                "aplt_3beecc9c60adb5f9b850e91a83beecc9",
                &RevokeAdminPortalLinkToken::new(),
            )
            .await
            .unwrap();
        assert_eq!(token.token, None);
        let req = seen.only();
        assert_eq!(
            req.path,
            "/v1/admin_portal_link_tokens/aplt_3beecc9c60adb5f9b850e91a83beecc9/revoke"
        );
        assert_eq!(req.body, Some(json!({})));
    }
}
