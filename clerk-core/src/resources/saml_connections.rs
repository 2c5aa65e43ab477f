//! SAML connections: single sign-on with a SAML identity provider (the spec's `SAML Connections`
//! tag).
//!
//! Clerk deprecated every operation of this group in favour of enterprise connections, which
//! cover SAML and OIDC: use [`Clerk::enterprise_connections`](crate::Clerk::enterprise_connections).

use serde::{Deserialize, Serialize};

use crate::resources::common::{DeletedObject, OrderBy, null_default};
use crate::resources::enterprise_connections::{AttributeMapping, LoginHint};
use crate::{ApiRequest, PageRequest, Result, encode_segment};

crate::string_enum! {
    /// The identity provider of a SAML connection.
    pub enum SamlProvider {
        /// Any SAML identity provider.
        Custom = "saml_custom",
        /// Okta.
        Okta = "saml_okta",
        /// Google Workspace.
        Google = "saml_google",
        /// Microsoft Entra ID.
        Microsoft = "saml_microsoft",
    }
}

/// A SAML connection: `SAMLConnection` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SamlConnection {
    /// Always `saml_connection`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The connection id (`samlc_…`).
    pub id: String,
    /// The display name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// Deprecated by Clerk: the single domain of older connections; see `domains`.
    #[serde(default)]
    pub domain: Option<String>,
    /// The email domains that sign in through this connection.
    #[serde(default, deserialize_with = "null_default")]
    pub domains: Vec<String>,
    /// The identity provider's entity id.
    #[serde(default)]
    pub idp_entity_id: Option<String>,
    /// The identity provider's single sign-on URL.
    #[serde(default)]
    pub idp_sso_url: Option<String>,
    /// The identity provider's X.509 certificate.
    #[serde(default)]
    pub idp_certificate: Option<String>,
    /// Start of the certificate's validity (`NotBefore`), in milliseconds since the Unix epoch.
    #[serde(default)]
    pub idp_certificate_issued_at: Option<i64>,
    /// End of the certificate's validity (`NotAfter`), in milliseconds since the Unix epoch.
    #[serde(default)]
    pub idp_certificate_expires_at: Option<i64>,
    /// The URL of the identity provider's metadata.
    #[serde(default)]
    pub idp_metadata_url: Option<String>,
    /// The identity provider's metadata XML.
    #[serde(default)]
    pub idp_metadata: Option<String>,
    /// The Assertion Consumer Service URL to configure at the identity provider.
    #[serde(default, deserialize_with = "null_default")]
    pub acs_url: String,
    /// The service provider (Clerk) entity id.
    #[serde(default, deserialize_with = "null_default")]
    pub sp_entity_id: String,
    /// The URL of the service provider (Clerk) metadata.
    #[serde(default, deserialize_with = "null_default")]
    pub sp_metadata_url: String,
    /// The organization users of this connection join, if any.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// Which identity provider attributes fill the user's fields.
    #[serde(default)]
    pub attribute_mapping: Option<AttributeMapping>,
    /// Whether the connection is active.
    #[serde(default, deserialize_with = "null_default")]
    pub active: bool,
    /// The identity provider.
    #[serde(default, deserialize_with = "null_default")]
    pub provider: SamlProvider,
    /// How many users signed in through this connection.
    #[serde(default, deserialize_with = "null_default")]
    pub user_count: i64,
    /// Whether the user's attributes are updated at each sign-in.
    #[serde(default, deserialize_with = "null_default")]
    pub sync_user_attributes: bool,
    /// Whether subdomains of the domains match too.
    #[serde(default, deserialize_with = "null_default")]
    pub allow_subdomains: bool,
    /// Whether identity-provider-initiated sign-ins are allowed.
    #[serde(default, deserialize_with = "null_default")]
    pub allow_idp_initiated: bool,
    /// Whether users of this connection may not add other identifications.
    #[serde(default, deserialize_with = "null_default")]
    pub disable_additional_identifications: bool,
    /// Whether accounts may be linked through organization membership.
    #[serde(default, deserialize_with = "null_default")]
    pub allow_organization_account_linking: bool,
    /// Whether the identity provider must re-authenticate the user (`ForceAuthn`).
    #[serde(default, deserialize_with = "null_default")]
    pub force_authn: bool,
    /// The `login_hint` sent to the identity provider.
    #[serde(default)]
    pub login_hint: Option<LoginHint>,
    /// Whether the connection can be used to sign in.
    #[serde(default)]
    pub authenticatable: Option<bool>,
    /// Whether just-in-time provisioning of users is disabled.
    #[serde(default)]
    pub disable_jit_provisioning: Option<bool>,
    /// The enterprise connection this SAML connection belongs to.
    #[serde(default)]
    pub enterprise_connection_id: Option<String>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// Query parameters of [`SamlConnections::list`] (`ListSAMLConnections`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListSamlConnections {
    /// Only connections whose name contains this text (case-insensitive).
    pub query: Option<String>,
    /// Only connections of these organizations (repeated key).
    pub organization_id: Vec<String>,
    /// The sort order, such as `-created_at`.
    pub order_by: Option<OrderBy>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many connections to skip.
    pub offset: Option<u32>,
}

impl ListSamlConnections {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(query: String; order_by: OrderBy);
    paging_setters!();

    /// Adds an organization to filter on (repeatable).
    pub fn organization_id(mut self, organization_id: impl Into<String>) -> Self {
        self.organization_id.push(organization_id.into());
        self
    }
}

/// The body of [`SamlConnections::create`] (`CreateSAMLConnection`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateSamlConnection {
    /// The display name.
    pub name: String,
    /// The identity provider.
    pub provider: SamlProvider,
    /// The email domains that sign in through this connection.
    pub domains: Vec<String>,
    /// The organization users of this connection join.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// The identity provider's metadata XML (wins over the individual settings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_metadata: Option<String>,
    /// The URL of the identity provider's metadata (wins over the individual settings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_metadata_url: Option<String>,
    /// The identity provider's entity id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_entity_id: Option<String>,
    /// The identity provider's single sign-on URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_sso_url: Option<String>,
    /// The identity provider's X.509 certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_certificate: Option<String>,
    /// Which attributes fill the user's fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_mapping: Option<AttributeMapping>,
    /// Whether the identity provider must re-authenticate the user (`ForceAuthn`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_authn: Option<bool>,
    /// The `login_hint` sent to the identity provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_hint: Option<LoginHint>,
}

impl CreateSamlConnection {
    /// A connection named `name` to `provider`, for the email `domains`.
    pub fn new<I, S>(name: impl Into<String>, provider: SamlProvider, domains: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            name: name.into(),
            provider,
            domains: domains.into_iter().map(Into::into).collect(),
            organization_id: None,
            idp_metadata: None,
            idp_metadata_url: None,
            idp_entity_id: None,
            idp_sso_url: None,
            idp_certificate: None,
            attribute_mapping: None,
            force_authn: None,
            login_hint: None,
        }
    }

    setters!(
        organization_id: String,
        idp_metadata: String,
        idp_metadata_url: String,
        idp_entity_id: String,
        idp_sso_url: String,
        idp_certificate: String;
        attribute_mapping: AttributeMapping,
        force_authn: bool,
        login_hint: LoginHint,
    );
}

/// The body of [`SamlConnections::update`] (`UpdateSAMLConnection`). Fields left `None` are not
/// changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateSamlConnection {
    /// The display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The email domains, replacing the current ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domains: Option<Vec<String>>,
    /// The organization users of this connection join.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// The identity provider's metadata XML (wins over the individual settings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_metadata: Option<String>,
    /// The URL of the identity provider's metadata (wins over the individual settings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_metadata_url: Option<String>,
    /// The identity provider's entity id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_entity_id: Option<String>,
    /// The identity provider's single sign-on URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_sso_url: Option<String>,
    /// The identity provider's X.509 certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_certificate: Option<String>,
    /// Which attributes fill the user's fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_mapping: Option<AttributeMapping>,
    /// Whether the connection is active.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Whether the user's attributes are updated at each sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync_user_attributes: Option<bool>,
    /// Whether subdomains of the domains match too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_subdomains: Option<bool>,
    /// Whether identity-provider-initiated sign-ins are allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_idp_initiated: Option<bool>,
    /// Whether users of this connection may not add other identifications.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_additional_identifications: Option<bool>,
    /// Whether accounts may be linked through organization membership.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_organization_account_linking: Option<bool>,
    /// When activating: whether verified organization domains of the same domains are removed
    /// (`true`) or make the request fail (`false`, the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_verified_domains_deletion: Option<bool>,
    /// Whether the identity provider must re-authenticate the user (`ForceAuthn`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_authn: Option<bool>,
    /// The `login_hint` sent to the identity provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_hint: Option<LoginHint>,
}

impl UpdateSamlConnection {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        name: String,
        organization_id: String,
        idp_metadata: String,
        idp_metadata_url: String,
        idp_entity_id: String,
        idp_sso_url: String,
        idp_certificate: String;
        attribute_mapping: AttributeMapping,
        active: bool,
        sync_user_attributes: bool,
        allow_subdomains: bool,
        allow_idp_initiated: bool,
        disable_additional_identifications: bool,
        allow_organization_account_linking: bool,
        consent_verified_domains_deletion: bool,
        force_authn: bool,
        login_hint: LoginHint,
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
}

sub_api!(SamlConnections, saml_connections);

fn connection_path(connection_id: &str) -> String {
    format!("/saml_connections/{}", encode_segment(connection_id))
}

impl SamlConnections {
    /// Lists the SAML connections, newest first (`GET /saml_connections`, `ListSAMLConnections`).
    ///
    /// # Errors
    /// An API error: 402 when the plan does not include SAML, 422 for an invalid filter.
    #[deprecated(
        note = "Clerk deprecated SAML connections: use `clerk.enterprise_connections().list(..)`"
    )]
    pub fn list(&self, params: &ListSamlConnections) -> PageRequest<SamlConnection> {
        self.clerk
            .paginate(ApiRequest::get("/saml_connections").query_params(params))
    }

    /// Fetches one SAML connection
    /// (`GET /saml_connections/{saml_connection_id}`, `GetSAMLConnection`).
    ///
    /// # Errors
    /// An API error: 404 when no connection has this id.
    #[deprecated(
        note = "Clerk deprecated SAML connections: use `clerk.enterprise_connections().get(..)`"
    )]
    pub async fn get(&self, connection_id: &str) -> Result<SamlConnection> {
        self.clerk
            .send(ApiRequest::get(connection_path(connection_id)))
            .await
    }

    /// Creates a SAML connection (`POST /saml_connections`, `CreateSAMLConnection`).
    ///
    /// # Errors
    /// An API error: 402 when the plan does not include SAML, 400 or 422 for invalid input.
    #[deprecated(
        note = "Clerk deprecated SAML connections: use `clerk.enterprise_connections().create(..)`"
    )]
    pub async fn create(&self, params: &CreateSamlConnection) -> Result<SamlConnection> {
        self.clerk
            .send(ApiRequest::post("/saml_connections").json(params))
            .await
    }

    /// Updates a SAML connection
    /// (`PATCH /saml_connections/{saml_connection_id}`, `UpdateSAMLConnection`).
    ///
    /// # Errors
    /// An API error: 404 when no connection has this id, 400 or 422 for invalid input.
    #[deprecated(
        note = "Clerk deprecated SAML connections: use `clerk.enterprise_connections().update(..)`"
    )]
    pub async fn update(
        &self,
        connection_id: &str,
        params: &UpdateSamlConnection,
    ) -> Result<SamlConnection> {
        self.clerk
            .send(ApiRequest::patch(connection_path(connection_id)).json(params))
            .await
    }

    /// Deletes a SAML connection
    /// (`DELETE /saml_connections/{saml_connection_id}`, `DeleteSAMLConnection`).
    ///
    /// # Errors
    /// An API error: 404 when no connection has this id.
    #[deprecated(
        note = "Clerk deprecated SAML connections: use `clerk.enterprise_connections().delete(..)`"
    )]
    pub async fn delete(&self, connection_id: &str) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::delete(connection_path(connection_id)))
            .await
    }
}

#[cfg(test)]
#[allow(deprecated)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const CONNECTION: &str = r#"{"object":"saml_connection","id":"samlc_1","name":"Acme",
        "domains":["acme.com"],"idp_entity_id":null,"idp_sso_url":null,"idp_certificate":null,
        "idp_certificate_issued_at":null,"idp_certificate_expires_at":null,
        "acs_url":"https://clerk.acme.com/v1/saml/acs/samlc_1",
        "sp_entity_id":"https://clerk.acme.com/saml/samlc_1",
        "sp_metadata_url":"https://clerk.acme.com/v1/saml/metadata/samlc_1",
        "organization_id":null,
        "attribute_mapping":{"user_id":"","email_address":"mail","first_name":"","last_name":""},
        "active":false,"provider":"saml_custom","user_count":0,"sync_user_attributes":true,
        "allow_subdomains":false,"allow_idp_initiated":false,
        "disable_additional_identifications":false,"allow_organization_account_linking":false,
        "force_authn":false,"login_hint":{"mode":"off"},"authenticatable":false,
        "disable_jit_provisioning":false,"created_at":1,"updated_at":2}"#;

    #[tokio::test]
    async fn create_and_decode() {
        let Fake { clerk, seen } = fake(200, CONNECTION);
        let c = clerk
            .saml_connections()
            .create(&CreateSamlConnection::new(
                "Acme",
                SamlProvider::Custom,
                ["acme.com"],
            ))
            .await
            .unwrap();
        assert_eq!(c.provider, SamlProvider::Custom);
        assert_eq!(
            c.attribute_mapping.unwrap().email_address.as_deref(),
            Some("mail")
        );
        assert_eq!(c.login_hint.unwrap().mode.as_str(), "off");
        assert_eq!(
            seen.only().body,
            Some(json!({"name": "Acme", "provider": "saml_custom", "domains": ["acme.com"]}))
        );
    }

    #[tokio::test]
    async fn list_repeats_organization_ids() {
        let Fake { clerk, seen } = fake(
            200,
            &format!(r#"{{"data":[{CONNECTION}],"total_count":1}}"#),
        );
        let params = ListSamlConnections::new()
            .organization_id("org_1")
            .organization_id("-org_2")
            .order_by(OrderBy::desc("created_at"));
        let page = clerk.saml_connections().list(&params).await.unwrap();
        assert_eq!(page.total_count, Some(1));
        assert_eq!(
            seen.only().query,
            "organization_id=org_1&organization_id=-org_2&order_by=-created_at"
        );
    }

    #[tokio::test]
    async fn get_update_delete() {
        let Fake { clerk, seen } = fake(200, CONNECTION);
        clerk.saml_connections().get("samlc_1").await.unwrap();
        clerk
            .saml_connections()
            .update("samlc_1", &UpdateSamlConnection::new().active(true))
            .await
            .unwrap();
        let reqs = seen.all();
        assert_eq!(reqs[0].path, "/v1/saml_connections/samlc_1");
        assert_eq!(reqs[1].method, "PATCH");
        assert_eq!(reqs[1].body, Some(json!({"active": true})));
        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"saml_connection","id":"samlc_1","deleted":true}"#,
        );
        assert!(
            clerk
                .saml_connections()
                .delete("samlc_1")
                .await
                .unwrap()
                .deleted
        );
        assert_eq!(seen.only().method, "DELETE");
    }
}
