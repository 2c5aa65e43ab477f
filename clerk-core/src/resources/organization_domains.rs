//! Organization domains: email domains through which users join or are invited to an
//! organization (the spec's `Organization Domains` tag).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::resources::common::{DeletedObject, OrderBy, null_default};
use crate::resources::email_addresses::Verification;
use crate::resources::organizations::{PublicOrganizationData, organization_path};
use crate::{ApiRequest, PageRequest, Result, encode_segment};

crate::string_enum! {
    /// How users with an email address of an [`OrganizationDomain`] join its organization.
    pub enum EnrollmentMode {
        /// Only by an invitation an admin sends.
        ManualInvitation = "manual_invitation",
        /// They are invited automatically.
        AutomaticInvitation = "automatic_invitation",
        /// Joining is suggested to them; an admin approves.
        AutomaticSuggestion = "automatic_suggestion",
        /// They join through the organization's enterprise SSO connection.
        EnterpriseSso = "enterprise_sso",
    }
}

/// An enrollment-mode filter of a domain list: a mode to include, or (`-` prefix) to exclude.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnrollmentModeFilter {
    mode: EnrollmentMode,
    exclude: bool,
}

impl EnrollmentModeFilter {
    /// Domains with this mode.
    pub fn include(mode: EnrollmentMode) -> Self {
        Self {
            mode,
            exclude: false,
        }
    }

    /// Domains without this mode.
    pub fn exclude(mode: EnrollmentMode) -> Self {
        Self {
            mode,
            exclude: true,
        }
    }

    /// The mode.
    pub fn mode(&self) -> &EnrollmentMode {
        &self.mode
    }

    /// Whether domains with the mode are excluded.
    pub fn is_exclude(&self) -> bool {
        self.exclude
    }
}

impl From<EnrollmentMode> for EnrollmentModeFilter {
    fn from(mode: EnrollmentMode) -> Self {
        Self::include(mode)
    }
}

impl fmt::Display for EnrollmentModeFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.exclude { "-" } else { "" };
        write!(f, "{sign}{}", self.mode)
    }
}

impl Serialize for EnrollmentModeFilter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A domain of an organization: `OrganizationDomain` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganizationDomain {
    /// Always `organization_domain`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The domain id.
    pub id: String,
    /// The organization.
    #[serde(default, deserialize_with = "null_default")]
    pub organization_id: String,
    /// The domain name, such as `example.com`.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// How users of this domain join.
    #[serde(default, deserialize_with = "null_default")]
    pub enrollment_mode: EnrollmentMode,
    /// The email address that proved affiliation, if any.
    #[serde(default)]
    pub affiliation_email_address: Option<String>,
    /// The verification of the affiliation between the domain and the organization.
    #[serde(default)]
    pub affiliation_verification: Option<Verification>,
    /// The verification of DNS ownership; `None` until attempted.
    #[serde(default)]
    pub ownership_verification: Option<Verification>,
    /// Deprecated by Clerk: use [`affiliation_verification`](Self::affiliation_verification).
    #[serde(default)]
    pub verification: Option<Verification>,
    /// The organization's public data, when Clerk includes it.
    #[serde(default)]
    pub public_organization_data: Option<PublicOrganizationData>,
    /// Pending invitations through this domain.
    #[serde(default, deserialize_with = "null_default")]
    pub total_pending_invitations: i64,
    /// Pending suggestions through this domain.
    #[serde(default, deserialize_with = "null_default")]
    pub total_pending_suggestions: i64,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// Query parameters of [`OrganizationDomains::list`] (`ListOrganizationDomains`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListOrganizationDomains {
    /// Only verified (`true`) or unverified (`false`) domains.
    pub verified: Option<bool>,
    /// Only domains with (or, excluding, without) this enrollment mode.
    pub enrollment_mode: Option<EnrollmentModeFilter>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many domains to skip.
    pub offset: Option<u32>,
}

impl ListOrganizationDomains {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(verified: bool, enrollment_mode: EnrollmentModeFilter; limit: u32, offset: u32);
}

/// Query parameters of [`OrganizationDomains::list_for_instance`] (`ListAllOrganizationDomains`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListInstanceOrganizationDomains {
    /// Only domains of this organization.
    pub organization_id: Option<String>,
    /// Only verified (`true`) or unverified (`false`) domains.
    pub verified: Option<bool>,
    /// Enrollment-mode filters, combined with AND.
    pub enrollment_mode: Vec<EnrollmentModeFilter>,
    /// An organization id (exact, when it starts with `org_`) or part of a domain name; not
    /// empty.
    pub query: Option<String>,
    /// Only these exact domain names.
    pub domains: Vec<String>,
    /// The order, by `name` or `created_at`. Defaults to `-created_at` on the server.
    pub order_by: Option<OrderBy>,
    /// How many domains to skip.
    pub offset: Option<u32>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
}

impl ListInstanceOrganizationDomains {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an enrollment-mode filter; an [`EnrollmentMode`] includes that mode.
    pub fn enrollment_mode(mut self, filter: impl Into<EnrollmentModeFilter>) -> Self {
        self.enrollment_mode.push(filter.into());
        self
    }

    setters!(
        organization_id: String,
        verified: bool,
        query: String,
        order_by: OrderBy;
        offset: u32,
        limit: u32,
    );
    push_setters!(domains);
}

/// The body of [`OrganizationDomains::create`] (`CreateOrganizationDomain`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateOrganizationDomain {
    /// The domain name, such as `example.com`.
    pub name: String,
    /// How users of this domain join.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enrollment_mode: Option<EnrollmentMode>,
    /// Whether the domain is verified. Defaults to `true` on the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
}

impl CreateOrganizationDomain {
    /// The domain `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    setters!(enrollment_mode: EnrollmentMode, verified: bool);
}

/// The body of [`OrganizationDomains::update`] (`UpdateOrganizationDomain`): only the fields set
/// are sent and changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateOrganizationDomain {
    /// How users of this domain join.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enrollment_mode: Option<EnrollmentMode>,
    /// Whether the domain is verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
}

impl UpdateOrganizationDomain {
    /// An empty update.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(enrollment_mode: EnrollmentMode, verified: bool);
}

sub_api!(OrganizationDomains, organization_domains);

fn domain_path(organization_id: &str, domain_id: &str, rest: &str) -> String {
    organization_path(
        organization_id,
        &format!("/domains/{}{rest}", encode_segment(domain_id)),
    )
}

impl OrganizationDomains {
    /// Lists the domains of an organization
    /// (`GET /organizations/{organization_id}/domains`, `ListOrganizationDomains`).
    ///
    /// # Errors
    /// An API error: 404 when no organization has this id, 422 when a parameter is invalid.
    pub fn list(
        &self,
        organization_id: &str,
        params: &ListOrganizationDomains,
    ) -> PageRequest<OrganizationDomain> {
        self.clerk.paginate(
            ApiRequest::get(organization_path(organization_id, "/domains")).query_params(params),
        )
    }

    /// Lists the domains of every organization of the instance
    /// (`GET /organization_domains`, `ListAllOrganizationDomains`).
    ///
    /// # Errors
    /// An API error (400/422) when a parameter is invalid, such as an empty `query`.
    pub fn list_for_instance(
        &self,
        params: &ListInstanceOrganizationDomains,
    ) -> PageRequest<OrganizationDomain> {
        self.clerk
            .paginate(ApiRequest::get("/organization_domains").query_params(params))
    }

    /// Adds a domain to an organization
    /// (`POST /organizations/{organization_id}/domains`, `CreateOrganizationDomain`).
    ///
    /// # Errors
    /// An API error: 404 when no organization has this id, 422 when the name is invalid or
    /// taken.
    pub async fn create(
        &self,
        organization_id: &str,
        params: &CreateOrganizationDomain,
    ) -> Result<OrganizationDomain> {
        self.clerk
            .send(ApiRequest::post(organization_path(organization_id, "/domains")).json(params))
            .await
    }

    /// Updates a domain's enrollment mode or verification
    /// (`PATCH /organizations/{organization_id}/domains/{domain_id}`,
    /// `UpdateOrganizationDomain`).
    ///
    /// # Errors
    /// An API error: 404 when the organization has no such domain, 422 when a value is invalid.
    pub async fn update(
        &self,
        organization_id: &str,
        domain_id: &str,
        params: &UpdateOrganizationDomain,
    ) -> Result<OrganizationDomain> {
        self.clerk
            .send(ApiRequest::patch(domain_path(organization_id, domain_id, "")).json(params))
            .await
    }

    /// Removes a domain from an organization
    /// (`DELETE /organizations/{organization_id}/domains/{domain_id}`,
    /// `DeleteOrganizationDomain`).
    ///
    /// # Errors
    /// An API error with status 404 when the organization has no such domain.
    pub async fn delete(&self, organization_id: &str, domain_id: &str) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::delete(domain_path(
                organization_id,
                domain_id,
                "",
            )))
            .await
    }

    /// Marks a domain's DNS ownership as verified
    /// (`POST /organizations/{organization_id}/domains/{domain_id}/verify_ownership`,
    /// `VerifyOrganizationDomainOwnership`).
    ///
    /// # Errors
    /// An API error with status 404 when the organization has no such domain.
    pub async fn verify_ownership(
        &self,
        organization_id: &str,
        domain_id: &str,
    ) -> Result<OrganizationDomain> {
        self.clerk
            .send(ApiRequest::post(domain_path(
                organization_id,
                domain_id,
                "/verify_ownership",
            )))
            .await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::resources::email_addresses::VerificationStatus;
    use crate::resources::users::testkit::{Fake, fake};

    const DOMAIN: &str = r#"{"object": "organization_domain", "id": "orgdmn_1",
        "organization_id": "org_1", "name": "example.com", "enrollment_mode": "automatic_invitation",
        "affiliation_email_address": null,
        "affiliation_verification": {"status": "verified", "strategy": "email_code",
            "attempts": 1, "expire_at": null, "verified_at": null},
        "ownership_verification": null,
        "verification": {"status": "verified", "strategy": "email_code",
            "attempts": 1, "expire_at": null, "verified_at": null},
        "total_pending_invitations": 2, "total_pending_suggestions": 0,
        "created_at": 1, "updated_at": 2}"#;

    #[tokio::test]
    async fn lists_send_enrollment_filters_with_signs() {
        let Fake { clerk, seen } =
            fake(200, &format!(r#"{{"data": [{DOMAIN}], "total_count": 1}}"#));
        let api = clerk.organization_domains();
        let page = api
            .list(
                "org_1",
                &ListOrganizationDomains::new()
                    .verified(true)
                    .enrollment_mode(EnrollmentModeFilter::exclude(EnrollmentMode::EnterpriseSso)),
            )
            .await
            .unwrap();
        let d = &page[0];
        assert_eq!(d.enrollment_mode, EnrollmentMode::AutomaticInvitation);
        assert_eq!(
            d.affiliation_verification.as_ref().unwrap().status,
            VerificationStatus::Verified
        );
        assert_eq!(d.ownership_verification, None);
        api.list_for_instance(
            &ListInstanceOrganizationDomains::new()
                .organization_id("org_1")
                .enrollment_mode(EnrollmentMode::ManualInvitation)
                .enrollment_mode(EnrollmentModeFilter::exclude(
                    EnrollmentMode::AutomaticSuggestion,
                ))
                .domains("a.io")
                .domains("b.io")
                .limit(2),
        )
        .await
        .unwrap();
        let got: Vec<_> = seen.all().into_iter().map(|s| (s.path, s.query)).collect();
        assert_eq!(
            got,
            vec![
                (
                    "/v1/organizations/org_1/domains".into(),
                    "verified=true&enrollment_mode=-enterprise_sso".into()
                ),
                (
                    "/v1/organization_domains".into(),
                    "organization_id=org_1&enrollment_mode=manual_invitation\
                     &enrollment_mode=-automatic_suggestion&domains=a.io&domains=b.io&limit=2"
                        .into()
                ),
            ]
        );
    }

    #[tokio::test]
    async fn create_update_verify_delete() {
        let Fake { clerk, seen } = fake(200, DOMAIN);
        let api = clerk.organization_domains();
        api.create(
            "org_1",
            &CreateOrganizationDomain::new("example.com")
                .enrollment_mode(EnrollmentMode::AutomaticInvitation)
                .verified(false),
        )
        .await
        .unwrap();
        api.update(
            "org_1",
            "orgdmn_1",
            &UpdateOrganizationDomain::new().enrollment_mode(EnrollmentMode::ManualInvitation),
        )
        .await
        .unwrap();
        api.verify_ownership("org_1", "orgdmn_1").await.unwrap();
        let got: Vec<_> = seen
            .all()
            .into_iter()
            .map(|s| (s.method, s.path, s.body))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "POST".into(),
                    "/v1/organizations/org_1/domains".into(),
                    Some(json!({"name": "example.com",
                                "enrollment_mode": "automatic_invitation", "verified": false}))
                ),
                (
                    "PATCH".into(),
                    "/v1/organizations/org_1/domains/orgdmn_1".into(),
                    Some(json!({"enrollment_mode": "manual_invitation"}))
                ),
                (
                    "POST".into(),
                    "/v1/organizations/org_1/domains/orgdmn_1/verify_ownership".into(),
                    None
                ),
            ]
        );

        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"organization_domain","id":"orgdmn_1","deleted":true}"#,
        );
        let deleted = clerk
            .organization_domains()
            .delete("org_1", "orgdmn_1")
            .await
            .unwrap();
        assert!(deleted.deleted);
        assert_eq!(seen.only().method, "DELETE");
    }
}
