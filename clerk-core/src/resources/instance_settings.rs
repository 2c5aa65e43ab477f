//! Instance settings: the instance itself, its restrictions, Protect, SMS communication, OAuth
//! application and organization settings (the spec's `Instance Settings` tag).

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;
use crate::resources::organization_domains::EnrollmentMode;

use crate::{ApiRequest, Result};

/// The current instance: `Instance` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Instance {
    /// Always `instance`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The instance id (`ins_…`).
    pub id: String,
    /// The environment, such as `development` or `production`.
    #[serde(default, deserialize_with = "null_default")]
    pub environment_type: String,
    /// The origins allowed for browser-like stacks (extensions, Electron, Capacitor).
    #[serde(default)]
    pub allowed_origins: Option<Vec<String>>,
    /// The Clerk workspace that owns the instance's application; `None` when it has no owner.
    #[serde(default)]
    pub workspace_id: Option<String>,
}

/// The sign-up and sign-in restrictions of the instance: `InstanceRestrictions` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InstanceRestrictions {
    /// Always `instance_restrictions`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// Whether only identifiers on the allow-list may sign up.
    #[serde(default, deserialize_with = "null_default")]
    pub allowlist: bool,
    /// Whether identifiers on the block-list are refused.
    #[serde(default, deserialize_with = "null_default")]
    pub blocklist: bool,
    /// Whether the allow-list and block-list are ignored at sign-in.
    #[serde(default, deserialize_with = "null_default")]
    pub allowlist_blocklist_disabled_on_sign_in: bool,
    /// Whether email addresses with a `+` subaddress are refused.
    #[serde(default, deserialize_with = "null_default")]
    pub block_email_subaddresses: bool,
    /// Whether disposable email domains are refused.
    #[serde(default, deserialize_with = "null_default")]
    pub block_disposable_email_domains: bool,
}

/// The Protect (bot and abuse protection) settings of the instance: `InstanceProtect` in the
/// spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InstanceProtect {
    /// Always `instance_protect`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// Whether Protect rules are enabled.
    #[serde(default, deserialize_with = "null_default")]
    pub rules_enabled: bool,
    /// Whether Specter is enabled.
    #[serde(default, deserialize_with = "null_default")]
    pub specter_enabled: bool,
    /// Whether the instance opted out of the Protect prerequisite checks.
    #[serde(default, deserialize_with = "null_default")]
    pub checks_bypassed: bool,
}

/// The SMS communication settings of the instance: `InstanceCommunication` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InstanceCommunication {
    /// Always `instance_communication`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// ISO 3166-1 alpha-2 codes of the countries SMS messages are not delivered to.
    #[serde(default, deserialize_with = "null_default")]
    pub blocked_country_codes: Vec<String>,
}

/// The OAuth application settings of the instance: `OAuthApplicationSettings` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OAuthApplicationSettings {
    /// Always `oauth_application_settings`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// Whether dynamic OAuth client registration (RFC 7591) is enabled.
    #[serde(default, deserialize_with = "null_default")]
    pub dynamic_oauth_client_registration: bool,
    /// The default scopes; `None` means Clerk's defaults.
    #[serde(default)]
    pub default_scopes: Option<Vec<String>>,
    /// Whether OAuth access tokens are JWTs (else opaque).
    #[serde(default, deserialize_with = "null_default")]
    pub oauth_jwt_access_tokens: bool,
    /// Whether Client ID Metadata Documents are advertised in the authorization server metadata.
    #[serde(default, deserialize_with = "null_default")]
    pub client_id_metadata_documents_advertised: bool,
    /// Whether new unknown Client ID Metadata Document clients are refused.
    #[serde(default, deserialize_with = "null_default")]
    pub client_id_metadata_documents_only_allow_pre_registered_clients: bool,
    /// Whether recorded, implicitly allowed Client ID Metadata Document clients are refused.
    #[serde(default, deserialize_with = "null_default")]
    pub client_id_metadata_documents_block_implicitly_allowed_clients: bool,
}

/// The organization settings of the instance: `OrganizationSettings` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganizationSettings {
    /// Always `organization_settings`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// Whether organizations are enabled.
    #[serde(default, deserialize_with = "null_default")]
    pub enabled: bool,
    /// The most members an organization may have (`0`: unlimited).
    #[serde(default, deserialize_with = "null_default")]
    pub max_allowed_memberships: i64,
    /// The most roles an instance may define.
    #[serde(default, deserialize_with = "null_default")]
    pub max_allowed_roles: i64,
    /// The most role sets an instance may define.
    #[serde(default)]
    pub max_role_sets_allowed: Option<i64>,
    /// The most domains an organization may have.
    #[serde(default, deserialize_with = "null_default")]
    pub max_allowed_domains: i64,
    /// Deprecated by Clerk: permissions are unlimited now.
    #[serde(default)]
    pub max_allowed_permissions: Option<i64>,
    /// The role key given to the creator of an organization.
    #[serde(default, deserialize_with = "null_default")]
    pub creator_role: String,
    /// Whether admins may delete an organization through the Frontend API, by default.
    #[serde(default, deserialize_with = "null_default")]
    pub admin_delete_enabled: bool,
    /// Whether organization domains are enabled.
    #[serde(default, deserialize_with = "null_default")]
    pub domains_enabled: bool,
    /// Whether organization slugs are disabled.
    #[serde(default, deserialize_with = "null_default")]
    pub slug_disabled: bool,
    /// The enrollment modes enabled for organization domains.
    #[serde(default, deserialize_with = "null_default")]
    pub domains_enrollment_modes: Vec<EnrollmentMode>,
    /// The role key used for invitations and suggestions made through a domain.
    #[serde(default, deserialize_with = "null_default")]
    pub domains_default_role: String,
    /// The role set key used for new organizations.
    #[serde(default)]
    pub initial_role_set_key: Option<String>,
}

crate::string_enum! {
    /// The sign-in strategy Clerk's components prefer when the instance requires a password.
    pub enum PreferredSignInStrategy {
        /// A password.
        Password = "password",
        /// A one-time code.
        Otp = "otp",
        /// No preference: sending it clears the override.
        Unset = "",
    }
}

/// The body of [`InstanceSettings::update`] (`UpdateInstance`). Fields left `None` are not
/// changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateInstance {
    /// Whether test email addresses and phone numbers may be used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test_mode: Option<bool>,
    /// Whether passwords are checked against Have I Been Pwned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hibp: Option<bool>,
    /// The support email address shown to users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support_email: Option<String>,
    /// The ClerkJS version the instance serves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clerk_js_version: Option<String>,
    /// The development origin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub development_origin: Option<String>,
    /// The origins allowed for browser-like stacks, such as `chrome-extension://…` or
    /// `capacitor://localhost`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_origins: Option<Vec<String>>,
    /// Deprecated by Clerk: use [`url_based_session_syncing`](Self::url_based_session_syncing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cookieless_dev: Option<bool>,
    /// Whether development mode syncs sessions through URLs (without third-party cookies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url_based_session_syncing: Option<bool>,
    /// The preferred sign-in strategy when a password is required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_sign_in_strategy_when_password_required: Option<PreferredSignInStrategy>,
}

impl UpdateInstance {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        support_email: String,
        clerk_js_version: String,
        development_origin: String;
        test_mode: bool,
        hibp: bool,
        cookieless_dev: bool,
        url_based_session_syncing: bool,
        preferred_sign_in_strategy_when_password_required: PreferredSignInStrategy,
    );

    /// Replaces the allowed origins.
    pub fn allowed_origins<I, S>(mut self, origins: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.allowed_origins = Some(origins.into_iter().map(Into::into).collect());
        self
    }
}

/// The body of [`InstanceSettings::update_restrictions`] (`UpdateInstanceRestrictions`).
/// Fields left `None` are not changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateInstanceRestrictions {
    /// Whether only identifiers on the allow-list may sign up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowlist: Option<bool>,
    /// Whether identifiers on the block-list are refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocklist: Option<bool>,
    /// Whether the allow-list and block-list are ignored at sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowlist_blocklist_disabled_on_sign_in: Option<bool>,
    /// Whether email addresses with a `+` subaddress are refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_email_subaddresses: Option<bool>,
    /// Whether disposable email domains are refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_disposable_email_domains: Option<bool>,
}

impl UpdateInstanceRestrictions {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(;
        allowlist: bool,
        blocklist: bool,
        allowlist_blocklist_disabled_on_sign_in: bool,
        block_email_subaddresses: bool,
        block_disposable_email_domains: bool,
    );
}

/// The body of [`InstanceSettings::update_protect`] (`UpdateInstanceProtect`). Fields left
/// `None` are not changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateInstanceProtect {
    /// Whether Protect rules are enabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules_enabled: Option<bool>,
    /// Whether Specter is enabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specter_enabled: Option<bool>,
}

impl UpdateInstanceProtect {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(; rules_enabled: bool, specter_enabled: bool);
}

/// The body of [`InstanceSettings::update_communication`] (`UpdateInstanceCommunication`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateInstanceCommunication {
    /// The full SMS country block-list (uppercase ISO 3166-1 alpha-2 codes, unique, at most
    /// 250): it replaces the current one. `None` changes nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_country_codes: Option<Vec<String>>,
}

impl UpdateInstanceCommunication {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the SMS country block-list, such as `["RU", "NG"]`.
    pub fn blocked_country_codes<I, S>(mut self, codes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.blocked_country_codes = Some(codes.into_iter().map(Into::into).collect());
        self
    }
}

/// The body of [`InstanceSettings::update_oauth_application_settings`]
/// (`UpdateInstanceOAuthApplicationSettings`). Fields left `None` are not changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateOAuthApplicationSettings {
    /// Whether dynamic OAuth client registration (RFC 7591) is enabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dynamic_oauth_client_registration: Option<bool>,
    /// Whether OAuth access tokens are JWTs (else opaque).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth_jwt_access_tokens: Option<bool>,
    /// The default scopes: `Some(None)` (sent as `null`) resets them to Clerk's defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_scopes: Option<Option<Vec<String>>>,
    /// Whether Client ID Metadata Documents are advertised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id_metadata_documents_advertised: Option<bool>,
    /// Whether new unknown Client ID Metadata Document clients are refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id_metadata_documents_only_allow_pre_registered_clients: Option<bool>,
    /// Whether recorded, implicitly allowed Client ID Metadata Document clients are refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id_metadata_documents_block_implicitly_allowed_clients: Option<bool>,
}

impl UpdateOAuthApplicationSettings {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(;
        dynamic_oauth_client_registration: bool,
        oauth_jwt_access_tokens: bool,
        client_id_metadata_documents_advertised: bool,
        client_id_metadata_documents_only_allow_pre_registered_clients: bool,
        client_id_metadata_documents_block_implicitly_allowed_clients: bool,
    );

    /// Replaces the default scopes.
    pub fn default_scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.default_scopes = Some(Some(scopes.into_iter().map(Into::into).collect()));
        self
    }

    /// Resets the default scopes to Clerk's defaults (sends `null`).
    pub fn reset_default_scopes(mut self) -> Self {
        self.default_scopes = Some(None);
        self
    }
}

/// The body of [`InstanceSettings::update_organization_settings`]
/// (`UpdateInstanceOrganizationSettings`). Fields left `None` are not changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateOrganizationSettings {
    /// Whether organizations are enabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// The most members an organization may have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_allowed_memberships: Option<i64>,
    /// Whether admins may delete an organization through the Frontend API, by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_delete_enabled: Option<bool>,
    /// Whether organization domains are enabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domains_enabled: Option<bool>,
    /// Whether organization slugs are disabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug_disabled: Option<bool>,
    /// The enrollment modes enabled for organization domains (`automatic_invitation`,
    /// `automatic_suggestion`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domains_enrollment_modes: Option<Vec<EnrollmentMode>>,
    /// The id of the role given to the creator of an organization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator_role_id: Option<String>,
    /// The id of the role used for invitations and suggestions made through a domain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domains_default_role_id: Option<String>,
}

impl UpdateOrganizationSettings {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        creator_role_id: String,
        domains_default_role_id: String;
        enabled: bool,
        max_allowed_memberships: i64,
        admin_delete_enabled: bool,
        domains_enabled: bool,
        slug_disabled: bool,
    );

    /// Replaces the enrollment modes of organization domains.
    pub fn domains_enrollment_modes(
        mut self,
        modes: impl IntoIterator<Item = EnrollmentMode>,
    ) -> Self {
        self.domains_enrollment_modes = Some(modes.into_iter().collect());
        self
    }
}

sub_api!(InstanceSettings, instance);

impl InstanceSettings {
    /// Fetches the current instance (`GET /instance`, `GetInstance`).
    ///
    /// # Errors
    /// An API error, such as 401 for a wrong secret key.
    pub async fn get(&self) -> Result<Instance> {
        self.clerk.send(ApiRequest::get("/instance")).await
    }

    /// Updates the settings of the instance (`PATCH /instance`, `UpdateInstance`).
    ///
    /// # Errors
    /// An API error: 422 for an invalid value.
    pub async fn update(&self, params: &UpdateInstance) -> Result<()> {
        self.clerk
            .send_empty(ApiRequest::patch("/instance").json(params))
            .await
    }

    /// Updates the restrictions of the instance
    /// (`PATCH /instance/restrictions`, `UpdateInstanceRestrictions`).
    ///
    /// # Errors
    /// An API error: 402 when the plan does not include a restriction, 422 for invalid input.
    pub async fn update_restrictions(
        &self,
        params: &UpdateInstanceRestrictions,
    ) -> Result<InstanceRestrictions> {
        self.clerk
            .send(ApiRequest::patch("/instance/restrictions").json(params))
            .await
    }

    /// Fetches the Protect settings (`GET /instance/protect`, `GetInstanceProtect`).
    ///
    /// # Errors
    /// An API error, such as 401 for a wrong secret key.
    pub async fn get_protect(&self) -> Result<InstanceProtect> {
        self.clerk.send(ApiRequest::get("/instance/protect")).await
    }

    /// Updates the Protect settings (`PATCH /instance/protect`, `UpdateInstanceProtect`).
    ///
    /// # Errors
    /// An API error: 422 for invalid input.
    pub async fn update_protect(&self, params: &UpdateInstanceProtect) -> Result<InstanceProtect> {
        self.clerk
            .send(ApiRequest::patch("/instance/protect").json(params))
            .await
    }

    /// Fetches the SMS communication settings
    /// (`GET /instance/communication`, `GetInstanceCommunication`).
    ///
    /// # Errors
    /// An API error, such as 401 for a wrong secret key.
    pub async fn get_communication(&self) -> Result<InstanceCommunication> {
        self.clerk
            .send(ApiRequest::get("/instance/communication"))
            .await
    }

    /// Replaces the SMS country block-list
    /// (`PATCH /instance/communication`, `UpdateInstanceCommunication`).
    ///
    /// # Errors
    /// An API error: 422 for a malformed or repeated country code.
    pub async fn update_communication(
        &self,
        params: &UpdateInstanceCommunication,
    ) -> Result<InstanceCommunication> {
        self.clerk
            .send(ApiRequest::patch("/instance/communication").json(params))
            .await
    }

    /// Fetches the OAuth application settings
    /// (`GET /instance/oauth_application_settings`, `GetInstanceOAuthApplicationSettings`).
    ///
    /// # Errors
    /// An API error, such as 401 for a wrong secret key.
    pub async fn get_oauth_application_settings(&self) -> Result<OAuthApplicationSettings> {
        self.clerk
            .send(ApiRequest::get("/instance/oauth_application_settings"))
            .await
    }

    /// Updates the OAuth application settings (`PATCH /instance/oauth_application_settings`,
    /// `UpdateInstanceOAuthApplicationSettings`).
    ///
    /// # Errors
    /// An API error: 422 for invalid input.
    pub async fn update_oauth_application_settings(
        &self,
        params: &UpdateOAuthApplicationSettings,
    ) -> Result<OAuthApplicationSettings> {
        self.clerk
            .send(ApiRequest::patch("/instance/oauth_application_settings").json(params))
            .await
    }

    /// Fetches the organization settings
    /// (`GET /instance/organization_settings`, `GetInstanceOrganizationSettings`).
    ///
    /// # Errors
    /// An API error, such as 401 for a wrong secret key.
    pub async fn get_organization_settings(&self) -> Result<OrganizationSettings> {
        self.clerk
            .send(ApiRequest::get("/instance/organization_settings"))
            .await
    }

    /// Updates the organization settings
    /// (`PATCH /instance/organization_settings`, `UpdateInstanceOrganizationSettings`).
    ///
    /// # Errors
    /// An API error: 402 when the plan does not include a setting, 404 for an unknown role, 422
    /// for invalid input.
    pub async fn update_organization_settings(
        &self,
        params: &UpdateOrganizationSettings,
    ) -> Result<OrganizationSettings> {
        self.clerk
            .send(ApiRequest::patch("/instance/organization_settings").json(params))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    #[tokio::test]
    async fn get_decodes_the_instance() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"instance","id":"ins_1","environment_type":"production",
                "allowed_origins":null,"workspace_id":"org_w","new_field":true}"#,
        );
        let instance = clerk.instance().get().await.unwrap();
        let req = seen.only();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("GET", "/v1/instance")
        );
        assert_eq!(instance.environment_type, "production");
        assert_eq!(instance.allowed_origins, None);
        assert_eq!(instance.workspace_id.as_deref(), Some("org_w"));
    }

    #[tokio::test]
    async fn update_sends_only_what_is_set_and_accepts_no_content() {
        let Fake { clerk, seen } = fake(204, "");
        let params = UpdateInstance::new()
            .test_mode(false)
            .allowed_origins(["chrome-extension://abc"])
            .preferred_sign_in_strategy_when_password_required(PreferredSignInStrategy::Unset);
        clerk.instance().update(&params).await.unwrap();
        let req = seen.only();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("PATCH", "/v1/instance")
        );
        assert_eq!(
            req.body,
            Some(
                json!({"test_mode": false, "allowed_origins": ["chrome-extension://abc"],
                        "preferred_sign_in_strategy_when_password_required": ""})
            )
        );
    }

    #[tokio::test]
    async fn default_scopes_can_be_reset_with_null() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"oauth_application_settings","dynamic_oauth_client_registration":true,
                "default_scopes":null,"oauth_jwt_access_tokens":false,
                "client_id_metadata_documents_advertised":false,
                "client_id_metadata_documents_only_allow_pre_registered_clients":false,
                "client_id_metadata_documents_block_implicitly_allowed_clients":false}"#,
        );
        let settings = clerk
            .instance()
            .update_oauth_application_settings(
                &UpdateOAuthApplicationSettings::new().reset_default_scopes(),
            )
            .await
            .unwrap();
        assert_eq!(settings.default_scopes, None);
        assert_eq!(seen.only().body, Some(json!({"default_scopes": null})));
    }

    #[tokio::test]
    async fn organization_settings_keep_unknown_enrollment_modes() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"organization_settings","enabled":true,"max_allowed_memberships":5,
                "max_allowed_roles":10,"max_allowed_domains":3,"creator_role":"org:admin",
                "admin_delete_enabled":true,"domains_enabled":true,
                "domains_enrollment_modes":["automatic_invitation","by_carrier_pigeon"],
                "domains_default_role":"org:member"}"#,
        );
        let params = UpdateOrganizationSettings::new()
            .domains_enrollment_modes([EnrollmentMode::AutomaticSuggestion])
            .creator_role_id("role_1");
        let s = clerk
            .instance()
            .update_organization_settings(&params)
            .await
            .unwrap();
        assert_eq!(
            s.domains_enrollment_modes,
            [
                EnrollmentMode::AutomaticInvitation,
                EnrollmentMode::Unknown("by_carrier_pigeon".into())
            ]
        );
        assert!(!s.slug_disabled);
        let req = seen.only();
        assert_eq!(req.path, "/v1/instance/organization_settings");
        assert_eq!(
            req.body,
            Some(json!({"domains_enrollment_modes": ["automatic_suggestion"],
                        "creator_role_id": "role_1"}))
        );
    }
}
