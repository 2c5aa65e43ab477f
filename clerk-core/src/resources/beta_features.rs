//! Beta features: instance settings still in beta and moving a production instance to another
//! domain (the spec's `Beta Features` tag).

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;
use crate::{ApiRequest, Result};

/// The authentication settings of the instance: the inline `InstanceSettings` answer of
/// `UpdateInstanceAuthConfig` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InstanceAuthConfig {
    /// Always `instance_settings`.
    #[serde(default)]
    pub object: Option<String>,
    /// The instance id (`ins_…`).
    #[serde(default)]
    pub id: Option<String>,
    /// Whether only identifiers on the allow-list may sign up.
    #[serde(default, deserialize_with = "null_default")]
    pub restricted_to_allowlist: bool,
    /// The local part of the address authentication emails are sent from.
    #[serde(default)]
    pub from_email_address: Option<String>,
    /// Deprecated by Clerk: whether Progressive Sign Up is on.
    #[serde(default, deserialize_with = "null_default")]
    pub progressive_sign_up: bool,
    /// Deprecated by Clerk: whether production authentication emails go through Clerk's legacy
    /// managed delivery.
    #[serde(default, deserialize_with = "null_default")]
    pub enhanced_email_deliverability: bool,
}

/// The body of [`BetaFeatures::update_instance_settings`] (`UpdateInstanceAuthConfig`). Fields
/// left `None` are not changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateInstanceAuthConfig {
    /// Whether only identifiers on the allow-list may sign up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restricted_to_allowlist: Option<bool>,
    /// The local part (alphanumeric) of the address authentication emails are sent from: `foo`
    /// for `foo@example.com`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_email_address: Option<String>,
    /// Deprecated by Clerk: whether Progressive Sign Up is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progressive_sign_up: Option<bool>,
    /// Whether test email addresses and phone numbers may be used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test_mode: Option<bool>,
}

impl UpdateInstanceAuthConfig {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        from_email_address: String;
        restricted_to_allowlist: bool,
        progressive_sign_up: bool,
        test_mode: bool,
    );
}

/// The body of [`BetaFeatures::change_production_domain`] (`ChangeProductionInstanceDomain`) and
/// of the deprecated [`BetaFeatures::update_production_domain`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ChangeProductionDomain {
    /// The new home URL, such as `https://www.example.com`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_url: Option<String>,
    /// Whether the domain belongs to a secondary app, so that its subdomain is significant
    /// (several apps on one root domain).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_secondary: Option<bool>,
}

impl ChangeProductionDomain {
    /// A move to `home_url`.
    pub fn new(home_url: impl Into<String>) -> Self {
        Self {
            home_url: Some(home_url.into()),
            is_secondary: None,
        }
    }

    setters!(; is_secondary: bool);
}

sub_api!(BetaFeatures, beta_features);

impl BetaFeatures {
    /// Updates the authentication settings of the instance
    /// (`PATCH /beta_features/instance_settings`, `UpdateInstanceAuthConfig`).
    ///
    /// # Errors
    /// An API error: 402 when the plan does not include a setting, 422 for invalid input.
    pub async fn update_instance_settings(
        &self,
        params: &UpdateInstanceAuthConfig,
    ) -> Result<InstanceAuthConfig> {
        self.clerk
            .send(ApiRequest::patch("/beta_features/instance_settings").json(params))
            .await
    }

    /// Moves a production instance to another domain (`POST /instance/change_domain`,
    /// `ChangeProductionInstanceDomain`). Clerk accepts the change (202) and deploys it.
    ///
    /// This signs every user out. The DNS records, SSL certificates, social connections'
    /// redirect URLs and the keys in your code must follow; expect a short downtime.
    ///
    /// # Errors
    /// An API error: 400 or 422 for an invalid URL or a development instance.
    pub async fn change_production_domain(&self, params: &ChangeProductionDomain) -> Result<()> {
        self.clerk
            .send_empty(ApiRequest::post("/instance/change_domain").json(params))
            .await
    }

    /// Moves a production instance to another domain, through the older endpoint
    /// (`PUT /beta_features/domain`, `UpdateProductionInstanceDomain`).
    ///
    /// # Errors
    /// An API error: 400 or 422 for an invalid URL or a development instance.
    #[deprecated(
        note = "Clerk deprecated PUT /beta_features/domain: use `clerk.beta_features().change_production_domain(..)` (POST /instance/change_domain)"
    )]
    pub async fn update_production_domain(&self, params: &ChangeProductionDomain) -> Result<()> {
        self.clerk
            .send_empty(ApiRequest::put("/beta_features/domain").json(params))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    #[tokio::test]
    async fn update_instance_settings_round_trip() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"instance_settings","id":"ins_1","restricted_to_allowlist":true,
                "from_email_address":"auth","progressive_sign_up":false}"#,
        );
        let s = clerk
            .beta_features()
            .update_instance_settings(
                &UpdateInstanceAuthConfig::new()
                    .restricted_to_allowlist(true)
                    .from_email_address("auth"),
            )
            .await
            .unwrap();
        assert!(s.restricted_to_allowlist);
        assert!(!s.enhanced_email_deliverability);
        let req = seen.only();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("PATCH", "/v1/beta_features/instance_settings")
        );
        assert_eq!(
            req.body,
            Some(json!({"restricted_to_allowlist": true, "from_email_address": "auth"}))
        );
    }

    #[tokio::test]
    #[allow(deprecated)]
    async fn domain_changes_accept_202_without_a_body() {
        let Fake { clerk, seen } = fake(202, "");
        let params = ChangeProductionDomain::new("https://www.example.com").is_secondary(false);
        clerk
            .beta_features()
            .change_production_domain(&params)
            .await
            .unwrap();
        clerk
            .beta_features()
            .update_production_domain(&params)
            .await
            .unwrap();
        let reqs = seen.all();
        assert_eq!(
            (reqs[0].method.as_str(), reqs[0].path.as_str()),
            ("POST", "/v1/instance/change_domain")
        );
        assert_eq!(
            reqs[0].body,
            Some(json!({"home_url": "https://www.example.com", "is_secondary": false}))
        );
        assert_eq!(
            (reqs[1].method.as_str(), reqs[1].path.as_str()),
            ("PUT", "/v1/beta_features/domain")
        );
    }
}
