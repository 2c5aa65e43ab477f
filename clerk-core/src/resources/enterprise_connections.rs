//! Enterprise connections: SAML and OIDC single sign-on with a company's identity provider (the
//! spec's `Enterprise Connections` tag). They replace the deprecated SAML connections.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::resources::common::{DeletedObject, null_default};
use crate::{ApiRequest, PageRequest, Result, encode_segment};

crate::string_enum! {
    /// The identity provider of an enterprise connection.
    pub enum EnterpriseConnectionProvider {
        /// Any SAML identity provider.
        SamlCustom = "saml_custom",
        /// Okta, over SAML.
        SamlOkta = "saml_okta",
        /// Google Workspace, over SAML.
        SamlGoogle = "saml_google",
        /// Microsoft Entra ID, over SAML.
        SamlMicrosoft = "saml_microsoft",
        /// Any OIDC identity provider.
        OidcCustom = "oidc_custom",
        /// GitHub Enterprise, over OIDC.
        OidcGithubEnterprise = "oidc_github_enterprise",
        /// GitLab, over OIDC.
        OidcGitlab = "oidc_gitlab",
    }
}

crate::string_enum! {
    /// What Clerk sends as `login_hint` to the identity provider.
    pub enum LoginHintMode {
        /// The user's email address.
        EmailAddress = "email_address",
        /// A key of the user's public metadata, named by [`LoginHint::source`].
        CustomAttribute = "custom_attribute",
        /// Nothing.
        Off = "off",
    }
}

/// The `login_hint` sent to the identity provider at sign-in: `SAMLConnectionLoginHint` in the
/// spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LoginHint {
    /// What is sent.
    #[serde(default, deserialize_with = "null_default")]
    pub mode: LoginHintMode,
    /// The public metadata key whose value is sent, with [`LoginHintMode::CustomAttribute`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl LoginHint {
    /// A login hint of this mode, without a source.
    pub fn new(mode: LoginHintMode) -> Self {
        Self { mode, source: None }
    }

    /// The value of the public metadata key `key`.
    pub fn custom_attribute(key: impl Into<String>) -> Self {
        Self {
            mode: LoginHintMode::CustomAttribute,
            source: Some(key.into()),
        }
    }
}

/// Which identity provider attributes fill the user's fields: `SAMLConnectionAttributeMapping`
/// in the spec.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AttributeMapping {
    /// The attribute holding the user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The attribute holding the email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    /// The attribute holding the first name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// The attribute holding the last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

impl AttributeMapping {
    /// A mapping that sets nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(user_id: String, email_address: String, first_name: String, last_name: String);
}

/// A custom attribute copied from the identity provider (SSO claims or SCIM resources) into the
/// user's metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CustomAttribute {
    /// The display name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// The metadata key the value is stored under.
    #[serde(default, deserialize_with = "null_default")]
    pub key: String,
    /// The path of the value in the SSO claims.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso_path: Option<String>,
    /// The GJSON path of the value in SCIM user resources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scim_path: Option<String>,
    /// The new name of `scim_path` (same value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory_path: Option<String>,
    /// Whether the attribute holds several values (stored as an array).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_valued: Option<bool>,
}

impl CustomAttribute {
    /// An attribute displayed as `name`, stored under `key`.
    pub fn new(name: impl Into<String>, key: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            key: key.into(),
            ..Self::default()
        }
    }

    setters!(sso_path: String, scim_path: String, directory_path: String; multi_valued: bool);
}

/// An enterprise connection: `EnterpriseConnection` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EnterpriseConnection {
    /// Always `enterprise_connection`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The connection id.
    pub id: String,
    /// The display name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// The identity provider.
    #[serde(default, deserialize_with = "null_default")]
    pub provider: EnterpriseConnectionProvider,
    /// The provider's logo.
    #[serde(default)]
    pub logo_public_url: Option<String>,
    /// Whether the connection is active.
    #[serde(default, deserialize_with = "null_default")]
    pub active: bool,
    /// The email domains that sign in through this connection.
    #[serde(default, deserialize_with = "null_default")]
    pub domains: Vec<String>,
    /// The organization users of this connection join, if any.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// Whether the user's attributes are updated at each sign-in.
    #[serde(default, deserialize_with = "null_default")]
    pub sync_user_attributes: bool,
    /// Whether users of this connection may not add other identifications.
    #[serde(default, deserialize_with = "null_default")]
    pub disable_additional_identifications: bool,
    /// Whether accounts may be linked through organization membership.
    #[serde(default, deserialize_with = "null_default")]
    pub allow_organization_account_linking: bool,
    /// Whether the connection can be used to sign in.
    #[serde(default)]
    pub authenticatable: Option<bool>,
    /// Whether just-in-time provisioning of users is disabled.
    #[serde(default)]
    pub disable_jit_provisioning: Option<bool>,
    /// Custom attributes copied into the user's metadata.
    #[serde(default, deserialize_with = "null_default")]
    pub custom_attributes: Vec<CustomAttribute>,
    /// The SAML side, for SAML connections.
    #[serde(default)]
    pub saml_connection: Option<EnterpriseSamlConnection>,
    /// The OAuth side, for OIDC (and EASIE) connections.
    #[serde(default)]
    pub oauth_config: Option<EnterpriseOAuthConfig>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// The SAML side of an [`EnterpriseConnection`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EnterpriseSamlConnection {
    /// The SAML connection id.
    #[serde(default)]
    pub id: Option<String>,
    /// Its display name.
    #[serde(default)]
    pub name: Option<String>,
    /// The identity provider's entity id.
    #[serde(default)]
    pub idp_entity_id: Option<String>,
    /// The identity provider's single sign-on URL.
    #[serde(default)]
    pub idp_sso_url: Option<String>,
    /// The URL of the identity provider's metadata.
    #[serde(default)]
    pub idp_metadata_url: Option<String>,
    /// The Assertion Consumer Service URL to configure at the identity provider.
    #[serde(default)]
    pub acs_url: Option<String>,
    /// The service provider (Clerk) entity id.
    #[serde(default)]
    pub sp_entity_id: Option<String>,
    /// The URL of the service provider (Clerk) metadata.
    #[serde(default)]
    pub sp_metadata_url: Option<String>,
    /// Whether the SAML connection is active.
    #[serde(default, deserialize_with = "null_default")]
    pub active: bool,
    /// Whether identity-provider-initiated sign-ins are allowed.
    #[serde(default, deserialize_with = "null_default")]
    pub allow_idp_initiated: bool,
    /// Whether subdomains of the domains match too.
    #[serde(default, deserialize_with = "null_default")]
    pub allow_subdomains: bool,
    /// Whether the identity provider must re-authenticate the user (`ForceAuthn`).
    #[serde(default, deserialize_with = "null_default")]
    pub force_authn: bool,
    /// The `login_hint` sent to the identity provider.
    #[serde(default)]
    pub login_hint: Option<LoginHint>,
}

/// The OAuth side of an [`EnterpriseConnection`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EnterpriseOAuthConfig {
    /// The OAuth config id.
    #[serde(default)]
    pub id: Option<String>,
    /// The display name of the provider.
    #[serde(default)]
    pub name: Option<String>,
    /// The provider key, such as `oidc_custom`.
    #[serde(default)]
    pub provider_key: Option<String>,
    /// The OAuth client id.
    #[serde(default)]
    pub client_id: Option<String>,
    /// The OIDC discovery URL.
    #[serde(default)]
    pub discovery_url: Option<String>,
    /// The authorization endpoint.
    #[serde(default)]
    pub auth_url: Option<String>,
    /// The token endpoint.
    #[serde(default)]
    pub token_url: Option<String>,
    /// The userinfo endpoint.
    #[serde(default)]
    pub user_info_url: Option<String>,
    /// Whether PKCE is required.
    #[serde(default, deserialize_with = "null_default")]
    pub requires_pkce: bool,
    /// The provider's logo.
    #[serde(default)]
    pub logo_public_url: Option<String>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub updated_at: Option<i64>,
}

crate::string_enum! {
    /// The state of an [`EnterpriseConnectionTestRun`].
    pub enum TestRunStatus {
        /// Started, not finished.
        Pending = "pending",
        /// The identity provider answered and the user was recognised.
        Success = "success",
        /// The flow failed; see the logs.
        Failed = "failed",
    }
}

crate::string_enum! {
    /// The protocol an [`EnterpriseConnectionTestRun`] used.
    pub enum TestRunConnectionType {
        /// SAML.
        Saml = "saml",
        /// OAuth / OIDC.
        Oauth = "oauth",
    }
}

/// A debug run of an enterprise connection's sign-in flow: `EnterpriseConnectionTestRun` in the
/// spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EnterpriseConnectionTestRun {
    /// The test run id.
    pub id: String,
    /// Its state.
    #[serde(default, deserialize_with = "null_default")]
    pub status: TestRunStatus,
    /// The protocol used.
    #[serde(default, deserialize_with = "null_default")]
    pub connection_type: TestRunConnectionType,
    /// The user information read from the identity provider's answer.
    #[serde(default)]
    pub parsed_user_info: Option<TestRunUserInfo>,
    /// The log of the run.
    #[serde(default, deserialize_with = "null_default")]
    pub logs: Vec<TestRunLog>,
    /// The SAML messages, for SAML connections.
    #[serde(default)]
    pub saml: Option<TestRunSaml>,
    /// The OAuth tokens and user info, for OIDC connections.
    #[serde(default)]
    pub oauth: Option<TestRunOAuth>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
}

/// The user information of an [`EnterpriseConnectionTestRun`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TestRunUserInfo {
    /// The email address.
    #[serde(default)]
    pub email_address: Option<String>,
    /// The first name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// The last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// The user id at the identity provider.
    #[serde(default)]
    pub user_id: Option<String>,
}

/// One log entry of an [`EnterpriseConnectionTestRun`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TestRunLog {
    /// The level, such as `error`.
    #[serde(default, deserialize_with = "null_default")]
    pub level: String,
    /// A machine-readable code.
    #[serde(default)]
    pub code: Option<String>,
    /// A short message.
    #[serde(default)]
    pub short_message: Option<String>,
    /// The message.
    #[serde(default, deserialize_with = "null_default")]
    pub message: String,
}

/// The SAML messages of an [`EnterpriseConnectionTestRun`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TestRunSaml {
    /// The SAML request sent.
    #[serde(default)]
    pub saml_request: Option<String>,
    /// The SAML response received.
    #[serde(default)]
    pub saml_response: Option<String>,
    /// The relay state.
    #[serde(default)]
    pub relay_state: Option<String>,
}

/// The OAuth data of an [`EnterpriseConnectionTestRun`]. Its `Debug` output hides the tokens.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TestRunOAuth {
    /// The ID token received.
    #[serde(default)]
    pub id_token: Option<String>,
    /// The access token received.
    #[serde(default)]
    pub access_token: Option<String>,
    /// The userinfo answer.
    #[serde(default)]
    pub user_info: Option<String>,
}

impl fmt::Debug for TestRunOAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestRunOAuth")
            .field("id_token", &self.id_token.as_ref().map(|_| "[redacted]"))
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| "[redacted]"),
            )
            .field("user_info", &self.user_info)
            .finish()
    }
}

/// The answer to [`EnterpriseConnections::create_test_run`]:
/// `EnterpriseConnectionTestRunResponse` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EnterpriseConnectionTestRunUrl {
    /// A short-lived URL that starts the test flow.
    #[serde(default, deserialize_with = "null_default")]
    pub url: String,
}

/// Query parameters of [`EnterpriseConnections::list`] (`ListEnterpriseConnections`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListEnterpriseConnections {
    /// Only connections of this organization.
    pub organization_id: Option<String>,
    /// Only active (`true`) or inactive (`false`) connections.
    pub active: Option<bool>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many connections to skip.
    pub offset: Option<u32>,
}

impl ListEnterpriseConnections {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(organization_id: String; active: bool);
    paging_setters!();
}

/// Query parameters of [`EnterpriseConnections::list_test_runs`]
/// (`ListEnterpriseConnectionTestRuns`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListTestRuns {
    /// Only runs in one of these states.
    pub status: Vec<TestRunStatus>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many runs to skip.
    pub offset: Option<u32>,
}

impl ListTestRuns {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a state to filter on (repeatable).
    pub fn status(mut self, status: TestRunStatus) -> Self {
        self.status.push(status);
        self
    }

    paging_setters!();
}

/// The OIDC settings of a created or updated enterprise connection. Its `Debug` output hides the
/// client secret.
#[derive(Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct OidcParams {
    /// The OIDC discovery URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovery_url: Option<String>,
    /// The OAuth client id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The OAuth client secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// The authorization endpoint, when there is no discovery.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_url: Option<String>,
    /// The token endpoint, when there is no discovery.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    /// The userinfo endpoint, when there is no discovery.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_info_url: Option<String>,
    /// Whether PKCE is required (must be `true` for public clients without a secret).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requires_pkce: Option<bool>,
}

impl fmt::Debug for OidcParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcParams")
            .field("discovery_url", &self.discovery_url)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "[redacted]"),
            )
            .field("auth_url", &self.auth_url)
            .field("token_url", &self.token_url)
            .field("user_info_url", &self.user_info_url)
            .field("requires_pkce", &self.requires_pkce)
            .finish()
    }
}

impl OidcParams {
    /// OIDC settings that set nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        discovery_url: String,
        client_id: String,
        client_secret: String,
        auth_url: String,
        token_url: String,
        user_info_url: String;
        requires_pkce: bool,
    );
}

/// The SAML settings of a created or updated enterprise connection. The identity provider is
/// described either by its metadata (`idp_metadata` or `idp_metadata_url`, which win) or by its
/// entity id, SSO URL and certificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SamlParams {
    /// The display name of the SAML connection (updates only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The identity provider's metadata XML.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_metadata: Option<String>,
    /// The URL of the identity provider's metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_metadata_url: Option<String>,
    /// The identity provider's entity id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_entity_id: Option<String>,
    /// The identity provider's single sign-on URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_sso_url: Option<String>,
    /// The identity provider's X.509 certificate (PEM).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_certificate: Option<String>,
    /// Which attributes fill the user's fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_mapping: Option<AttributeMapping>,
    /// Whether identity-provider-initiated sign-ins are allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_idp_initiated: Option<bool>,
    /// Whether subdomains of the domains match too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_subdomains: Option<bool>,
    /// Whether the identity provider must re-authenticate the user (`ForceAuthn`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_authn: Option<bool>,
    /// The `login_hint` sent to the identity provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_hint: Option<LoginHint>,
}

impl SamlParams {
    /// SAML settings that set nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        name: String,
        idp_metadata: String,
        idp_metadata_url: String,
        idp_entity_id: String,
        idp_sso_url: String,
        idp_certificate: String;
        attribute_mapping: AttributeMapping,
        allow_idp_initiated: bool,
        allow_subdomains: bool,
        force_authn: bool,
        login_hint: LoginHint,
    );
}

/// The body of [`EnterpriseConnections::create`] (`CreateEnterpriseConnection`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateEnterpriseConnection {
    /// The display name.
    pub name: String,
    /// The identity provider.
    pub provider: EnterpriseConnectionProvider,
    /// The email domains that sign in through this connection (at least one).
    pub domains: Vec<String>,
    /// Whether the connection is active; an active SAML connection needs its identity provider
    /// described in `saml`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// The organization users of this connection join.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// Whether accounts may be linked through organization membership.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_organization_account_linking: Option<bool>,
    /// Custom attributes copied into the user's metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_attributes: Option<Vec<CustomAttribute>>,
    /// The SAML settings, for SAML providers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml: Option<SamlParams>,
    /// The OIDC settings, for OIDC providers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oidc: Option<OidcParams>,
}

impl CreateEnterpriseConnection {
    /// A connection named `name` to `provider`, for the email `domains`.
    pub fn new<I, S>(
        name: impl Into<String>,
        provider: EnterpriseConnectionProvider,
        domains: I,
    ) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            name: name.into(),
            provider,
            domains: domains.into_iter().map(Into::into).collect(),
            active: None,
            organization_id: None,
            allow_organization_account_linking: None,
            custom_attributes: None,
            saml: None,
            oidc: None,
        }
    }

    setters!(
        organization_id: String;
        active: bool,
        allow_organization_account_linking: bool,
        saml: SamlParams,
        oidc: OidcParams,
    );

    /// Sets the custom attributes.
    pub fn custom_attributes(
        mut self,
        attributes: impl IntoIterator<Item = CustomAttribute>,
    ) -> Self {
        self.custom_attributes = Some(attributes.into_iter().collect());
        self
    }
}

/// The body of [`EnterpriseConnections::update`] (`UpdateEnterpriseConnection`). Fields left
/// `None` are not changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateEnterpriseConnection {
    /// The display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The email domains, replacing the current ones (an empty list changes nothing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domains: Option<Vec<String>>,
    /// Whether the connection is active. Activating it removes verified organization domains
    /// of the same domains.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// The organization to link; a linked organization cannot be unlinked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// Whether the user's attributes are updated at each sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync_user_attributes: Option<bool>,
    /// Whether users of this connection may not add other identifications.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_additional_identifications: Option<bool>,
    /// Whether accounts may be linked through organization membership.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_organization_account_linking: Option<bool>,
    /// Custom attributes copied into the user's metadata, replacing the current ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_attributes: Option<Vec<CustomAttribute>>,
    /// The SAML settings, for SAML providers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml: Option<SamlParams>,
    /// The OIDC settings, for OIDC providers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oidc: Option<OidcParams>,
}

impl UpdateEnterpriseConnection {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        name: String,
        organization_id: String;
        active: bool,
        sync_user_attributes: bool,
        disable_additional_identifications: bool,
        allow_organization_account_linking: bool,
        saml: SamlParams,
        oidc: OidcParams,
    );

    /// Replaces the email domains.
    pub fn domains<I, S>(mut self, domains: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.domains = Some(domains.into_iter().map(Into::into).collect());
        self
    }

    /// Replaces the custom attributes.
    pub fn custom_attributes(
        mut self,
        attributes: impl IntoIterator<Item = CustomAttribute>,
    ) -> Self {
        self.custom_attributes = Some(attributes.into_iter().collect());
        self
    }
}

sub_api!(EnterpriseConnections, enterprise_connections);

fn connection_path(connection_id: &str, rest: &str) -> String {
    format!(
        "/enterprise_connections/{}{rest}",
        encode_segment(connection_id)
    )
}

impl EnterpriseConnections {
    /// Lists the enterprise connections
    /// (`GET /enterprise_connections`, `ListEnterpriseConnections`).
    ///
    /// # Errors
    /// An API error: 422 for an invalid filter.
    pub fn list(&self, params: &ListEnterpriseConnections) -> PageRequest<EnterpriseConnection> {
        self.clerk
            .paginate(ApiRequest::get("/enterprise_connections").query_params(params))
    }

    /// Fetches one enterprise connection (`GET /enterprise_connections/{enterprise_connection_id}`,
    /// `GetEnterpriseConnection`).
    ///
    /// # Errors
    /// An API error: 404 when no connection has this id.
    pub async fn get(&self, connection_id: &str) -> Result<EnterpriseConnection> {
        self.clerk
            .send(ApiRequest::get(connection_path(connection_id, "")))
            .await
    }

    /// Creates an enterprise connection
    /// (`POST /enterprise_connections`, `CreateEnterpriseConnection`).
    ///
    /// # Errors
    /// An API error: 400 or 422 for invalid input, 402 when the plan does not include
    /// enterprise connections, 403 or 409 for a domain already in use.
    pub async fn create(
        &self,
        params: &CreateEnterpriseConnection,
    ) -> Result<EnterpriseConnection> {
        self.clerk
            .send(ApiRequest::post("/enterprise_connections").json(params))
            .await
    }

    /// Updates an enterprise connection
    /// (`PATCH /enterprise_connections/{enterprise_connection_id}`, `UpdateEnterpriseConnection`).
    ///
    /// # Errors
    /// An API error: 404 when no connection has this id, 400 or 422 for invalid input.
    pub async fn update(
        &self,
        connection_id: &str,
        params: &UpdateEnterpriseConnection,
    ) -> Result<EnterpriseConnection> {
        self.clerk
            .send(ApiRequest::patch(connection_path(connection_id, "")).json(params))
            .await
    }

    /// Deletes an enterprise connection
    /// (`DELETE /enterprise_connections/{enterprise_connection_id}`, `DeleteEnterpriseConnection`).
    ///
    /// # Errors
    /// An API error: 404 when no connection has this id.
    pub async fn delete(&self, connection_id: &str) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::delete(connection_path(connection_id, "")))
            .await
    }

    /// Lists the debug test runs of a connection
    /// (`GET /enterprise_connections/{enterprise_connection_id}/test_runs`,
    /// `ListEnterpriseConnectionTestRuns`).
    ///
    /// # Errors
    /// An API error: 404 when no connection has this id.
    pub fn list_test_runs(
        &self,
        connection_id: &str,
        params: &ListTestRuns,
    ) -> PageRequest<EnterpriseConnectionTestRun> {
        self.clerk.paginate(
            ApiRequest::get(connection_path(connection_id, "/test_runs")).query_params(params),
        )
    }

    /// Starts a debug test run: returns a short-lived URL that begins the identity provider's
    /// flow (`POST /enterprise_connections/{enterprise_connection_id}/test_runs`,
    /// `CreateEnterpriseConnectionTestRun`).
    ///
    /// # Errors
    /// An API error: 404 when no connection has this id, 422 when it cannot be tested.
    pub async fn create_test_run(
        &self,
        connection_id: &str,
    ) -> Result<EnterpriseConnectionTestRunUrl> {
        self.clerk
            .send(ApiRequest::post(connection_path(
                connection_id,
                "/test_runs",
            )))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const CONNECTION: &str = r#"{"object":"enterprise_connection","id":"ec_1","name":"Acme",
        "provider":"saml_okta","logo_public_url":null,"active":true,"domains":["acme.com"],
        "organization_id":"org_1","sync_user_attributes":true,
        "authenticatable":true,"disable_jit_provisioning":false,
        "custom_attributes":[{"name":"Department","key":"department","sso_path":"dept"}],
        "saml_connection":{"id":"samlc_1","name":"Acme","acs_url":"https://clerk.acme.com/acs",
            "active":true,"allow_idp_initiated":false,"allow_subdomains":false,
            "force_authn":true,"login_hint":{"mode":"email_address"}},
        "oauth_config":null,"created_at":1,"updated_at":2}"#;

    #[tokio::test]
    async fn create_sends_nested_saml_settings() {
        let Fake { clerk, seen } = fake(201, CONNECTION);
        let params = CreateEnterpriseConnection::new(
            "Acme",
            EnterpriseConnectionProvider::SamlOkta,
            ["acme.com"],
        )
        .organization_id("org_1")
        .custom_attributes([CustomAttribute::new("Department", "department").sso_path("dept")])
        .saml(
            SamlParams::new()
                .idp_metadata_url("https://idp.example/metadata")
                .attribute_mapping(AttributeMapping::new().email_address("mail"))
                .login_hint(LoginHint::custom_attribute("employee_id")),
        );
        let c = clerk
            .enterprise_connections()
            .create(&params)
            .await
            .unwrap();
        assert_eq!(c.provider, EnterpriseConnectionProvider::SamlOkta);
        let saml = c.saml_connection.unwrap();
        assert_eq!(saml.login_hint.unwrap().mode, LoginHintMode::EmailAddress);
        assert_eq!(c.custom_attributes[0].sso_path.as_deref(), Some("dept"));
        let req = seen.only();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("POST", "/v1/enterprise_connections")
        );
        assert_eq!(
            req.body,
            Some(json!({
                "name": "Acme", "provider": "saml_okta", "domains": ["acme.com"],
                "organization_id": "org_1",
                "custom_attributes": [{"name": "Department", "key": "department", "sso_path": "dept"}],
                "saml": {"idp_metadata_url": "https://idp.example/metadata",
                         "attribute_mapping": {"email_address": "mail"},
                         "login_hint": {"mode": "custom_attribute", "source": "employee_id"}}
            }))
        );
    }

    #[tokio::test]
    async fn oidc_secrets_stay_out_of_debug() {
        let oidc = OidcParams::new().client_id("cid").client_secret("hunter2");
        let debug = format!("{:?}", UpdateEnterpriseConnection::new().oidc(oidc));
        assert!(!debug.contains("hunter2"), "{debug}");
        let run: EnterpriseConnectionTestRun = serde_json::from_str(
            r#"{"id":"ectr_1","status":"failed","connection_type":"oauth",
                "logs":[{"level":"error","message":"bad issuer"}],
                "oauth":{"id_token":"eyJ.secret","access_token":"at_secret"},"created_at":1}"#,
        )
        .unwrap();
        let debug = format!("{run:?}");
        assert!(!debug.contains("secret"), "{debug}");
        assert_eq!(run.logs[0].message, "bad issuer");
    }

    #[tokio::test]
    async fn test_runs_filter_by_repeated_status() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"data":[{"id":"ectr_1","status":"success","connection_type":"saml",
                "parsed_user_info":{"email_address":"a@acme.com"},"created_at":1}],
                "total_count":1}"#,
        );
        let page = clerk
            .enterprise_connections()
            .list_test_runs(
                "ec_1",
                &ListTestRuns::new()
                    .status(TestRunStatus::Success)
                    .status(TestRunStatus::Failed),
            )
            .await
            .unwrap();
        assert_eq!(page[0].status, TestRunStatus::Success);
        let req = seen.only();
        assert_eq!(req.path, "/v1/enterprise_connections/ec_1/test_runs");
        assert_eq!(req.query, "status=success&status=failed");

        let Fake { clerk, seen } = fake(200, r#"{"url":"https://clerk.acme.com/test?t=1"}"#);
        let url = clerk
            .enterprise_connections()
            .create_test_run("ec_1")
            .await
            .unwrap();
        assert!(url.url.starts_with("https://"));
        let req = seen.only();
        assert_eq!((req.method.as_str(), req.body.as_ref()), ("POST", None));
    }

    #[tokio::test]
    async fn list_get_update_delete() {
        let Fake { clerk, seen } = fake(
            200,
            &format!(r#"{{"data":[{CONNECTION}],"total_count":1}}"#),
        );
        let page = clerk
            .enterprise_connections()
            .list(&ListEnterpriseConnections::new().active(true).limit(5))
            .await
            .unwrap();
        assert_eq!(page.total_count, Some(1));
        assert_eq!(seen.only().query, "active=true&limit=5");

        let Fake { clerk, seen } = fake(200, CONNECTION);
        clerk.enterprise_connections().get("ec_1").await.unwrap();
        clerk
            .enterprise_connections()
            .update("ec_1", &UpdateEnterpriseConnection::new().active(false))
            .await
            .unwrap();
        let reqs = seen.all();
        assert_eq!(reqs[0].path, "/v1/enterprise_connections/ec_1");
        assert_eq!(reqs[1].method, "PATCH");
        assert_eq!(reqs[1].body, Some(json!({"active": false})));

        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"enterprise_connection","id":"ec_1","deleted":true}"#,
        );
        assert!(
            clerk
                .enterprise_connections()
                .delete("ec_1")
                .await
                .unwrap()
                .deleted
        );
        assert_eq!(seen.only().method, "DELETE");
    }
}
