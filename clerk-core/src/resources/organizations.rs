//! Organizations: groups of users sharing resources, roles and billing (the spec's
//! `Organizations` tag).
//!
//! Members, invitations, domains, roles and permissions of organizations have their own
//! sub-APIs: [`Clerk::organization_memberships`](crate::Clerk::organization_memberships),
//! [`Clerk::organization_invitations`](crate::Clerk::organization_invitations),
//! [`Clerk::organization_domains`](crate::Clerk::organization_domains),
//! [`Clerk::organization_roles`](crate::Clerk::organization_roles),
//! [`Clerk::organization_permissions`](crate::Clerk::organization_permissions) and
//! [`Clerk::role_sets`](crate::Clerk::role_sets).

use serde::{Deserialize, Serialize};

use crate::resources::billing::{
    AdjustCreditBalance, BillingSubscription, CreditBalance, CreditLedgerEntry,
};
use crate::resources::common::{DeletedObject, Logo, OrderBy, null_default};
use crate::{ApiRequest, PageRequest, Result, encode_segment};

/// An organization: `Organization` in the spec (and `OrganizationWithLogo`, the answer to a logo
/// upload).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Organization {
    /// Always `organization`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The organization id (`org_…`).
    pub id: String,
    /// Its name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// Its slug, unique in the instance.
    #[serde(default, deserialize_with = "null_default")]
    pub slug: String,
    /// Whether it has a logo.
    #[serde(default, deserialize_with = "null_default")]
    pub has_image: bool,
    /// The URL of its logo (or of a generated placeholder).
    #[serde(default)]
    pub image_url: Option<String>,
    /// Deprecated by Clerk: use [`image_url`](Self::image_url). Only in logo uploads.
    #[serde(default)]
    pub logo_url: Option<String>,
    /// The most members it may have (`0`: unlimited).
    #[serde(default, deserialize_with = "null_default")]
    pub max_allowed_memberships: i64,
    /// Whether an admin may delete it through the Frontend API.
    #[serde(default, deserialize_with = "null_default")]
    pub admin_delete_enabled: bool,
    /// The number of members, when asked for (`include_members_count`).
    #[serde(default)]
    pub members_count: Option<i64>,
    /// The number of pending invitations, when Clerk includes it.
    #[serde(default)]
    pub pending_invitations_count: Option<i64>,
    /// Whether a member with elevated permissions is missing, when asked for
    /// (`include_missing_member_with_elevated_permissions`).
    #[serde(default)]
    pub missing_member_with_elevated_permissions: Option<bool>,
    /// Metadata readable by the frontend and the backend, writable by the backend.
    #[serde(default)]
    pub public_metadata: serde_json::Value,
    /// Metadata visible to the backend only.
    #[serde(default)]
    pub private_metadata: serde_json::Value,
    /// The id of the user who created it.
    #[serde(default)]
    pub created_by: Option<String>,
    /// The key of the role set assigned to it.
    #[serde(default)]
    pub role_set_key: Option<String>,
    /// Last activity, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub last_active_at: Option<i64>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// What invitations and domains show of their organization:
/// `OrganizationInvitationPublicOrganizationData` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PublicOrganizationData {
    /// The organization id.
    pub id: String,
    /// Its name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// Its slug.
    #[serde(default, deserialize_with = "null_default")]
    pub slug: String,
    /// Whether it has a logo.
    #[serde(default, deserialize_with = "null_default")]
    pub has_image: bool,
    /// The URL of its logo.
    #[serde(default)]
    pub image_url: Option<String>,
}

/// Query parameters of [`Organizations::list`] (`ListOrganizations`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListOrganizations {
    /// Include each organization's `members_count`.
    pub include_members_count: Option<bool>,
    /// Include `missing_member_with_elevated_permissions`.
    pub include_missing_member_with_elevated_permissions: Option<bool>,
    /// Organizations whose id (exact), name or slug (partial) match.
    pub query: Option<String>,
    /// Organizations with any of these members; prefix an id with `+` or `-` to include or
    /// exclude.
    pub user_id: Vec<String>,
    /// Organizations with these ids; prefix an id with `+` or `-` to include or exclude (up to
    /// 100).
    pub organization_id: Vec<String>,
    /// The order, by `name`, `created_at` or `members_count`. Defaults to `-created_at` on the
    /// server.
    pub order_by: Option<OrderBy>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many organizations to skip.
    pub offset: Option<u32>,
}

impl ListOrganizations {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        include_members_count: bool,
        include_missing_member_with_elevated_permissions: bool,
        query: String,
        order_by: OrderBy;
        limit: u32,
        offset: u32,
    );
    push_setters!(user_id, organization_id);
}

/// Query parameters of [`Organizations::get_with`] (`GetOrganization`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct GetOrganization {
    /// Include `members_count`.
    pub include_members_count: Option<bool>,
    /// Include `missing_member_with_elevated_permissions`.
    pub include_missing_member_with_elevated_permissions: Option<bool>,
}

impl GetOrganization {
    /// The organization alone.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        include_members_count: bool,
        include_missing_member_with_elevated_permissions: bool,
    );
}

/// The body of [`Organizations::create`] (`CreateOrganization`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateOrganization {
    /// The name (no URLs or HTML, at most 256 characters).
    pub name: String,
    /// The user who becomes its administrator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// Private metadata (a JSON object, sent as given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_metadata: Option<serde_json::Value>,
    /// Public metadata (a JSON object, sent as given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_metadata: Option<serde_json::Value>,
    /// The slug: lowercase letters, digits and `-`, unique in the instance (only when slugs are
    /// enabled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// The most members it may have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_allowed_memberships: Option<i64>,
    /// When it was created, in RFC 3339 (`2012-10-20T07:15:20.902Z`), for migrations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// The key of the role set to assign.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_set_key: Option<String>,
}

impl CreateOrganization {
    /// An organization named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    setters!(
        created_by: String,
        private_metadata: serde_json::Value,
        public_metadata: serde_json::Value,
        slug: String,
        created_at: String,
        role_set_key: String;
        max_allowed_memberships: i64,
    );
}

/// The body of [`Organizations::update`] (`UpdateOrganization`): only the fields set are sent and
/// changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateOrganization {
    /// The new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The new slug, unique in the instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// The most members it may have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_allowed_memberships: Option<i64>,
    /// Whether an admin may delete it through the Frontend API.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_delete_enabled: Option<bool>,
    /// When it was created, in RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// The key of the role set to assign.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_set_key: Option<String>,
}

impl UpdateOrganization {
    /// An empty update.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        name: String,
        slug: String,
        admin_delete_enabled: bool,
        created_at: String,
        role_set_key: String;
        max_allowed_memberships: i64,
    );
}

/// The body of [`Organizations::update_metadata`] (merge) and
/// [`Organizations::replace_metadata`] (replace), and of
/// [`OrganizationMemberships::update_metadata`](crate::resources::organization_memberships::OrganizationMemberships::update_metadata).
/// Each value is a JSON object sent exactly as given: keys are never renamed. A kind left `None`
/// is not sent and stays unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct OrganizationMetadata {
    /// Metadata readable by the frontend and the backend.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_metadata: Option<serde_json::Value>,
    /// Metadata visible to the backend only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_metadata: Option<serde_json::Value>,
}

impl OrganizationMetadata {
    /// No change.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        public_metadata: serde_json::Value,
        private_metadata: serde_json::Value,
    );
}

sub_api!(Organizations, organizations);

/// `/organizations/{organization_id}{rest}`, with the id encoded.
pub(crate) fn organization_path(organization_id: &str, rest: &str) -> String {
    format!("/organizations/{}{rest}", encode_segment(organization_id))
}

impl Organizations {
    /// Lists the organizations of the instance, newest first by default (`GET /organizations`,
    /// `ListOrganizations`).
    ///
    /// # Errors
    /// An API error (400/422) when a parameter is invalid, 403 when organizations are disabled.
    pub fn list(&self, params: &ListOrganizations) -> PageRequest<Organization> {
        self.clerk
            .paginate(ApiRequest::get("/organizations").query_params(params))
    }

    /// Creates an organization; with `created_by`, that user becomes its admin
    /// (`POST /organizations`, `CreateOrganization`).
    ///
    /// # Errors
    /// An API error: 422 when a value is invalid or the slug is taken, 403 when the instance or
    /// the creator may not create organizations.
    pub async fn create(&self, params: &CreateOrganization) -> Result<Organization> {
        self.clerk
            .send(ApiRequest::post("/organizations").json(params))
            .await
    }

    /// Fetches one organization by id or slug (`GET /organizations/{organization_id}`,
    /// `GetOrganization`).
    ///
    /// # Errors
    /// An API error with status 404 when no organization has this id or slug.
    pub async fn get(&self, organization_id_or_slug: &str) -> Result<Organization> {
        self.get_with(organization_id_or_slug, &GetOrganization::new())
            .await
    }

    /// Fetches one organization by id or slug, with optional counts
    /// (`GET /organizations/{organization_id}`, `GetOrganization`).
    ///
    /// # Errors
    /// An API error with status 404 when no organization has this id or slug.
    pub async fn get_with(
        &self,
        organization_id_or_slug: &str,
        params: &GetOrganization,
    ) -> Result<Organization> {
        self.clerk
            .send(
                ApiRequest::get(organization_path(organization_id_or_slug, ""))
                    .query_params(params),
            )
            .await
    }

    /// Updates an organization's fields; only the fields set change
    /// (`PATCH /organizations/{organization_id}`, `UpdateOrganization`).
    ///
    /// # Errors
    /// An API error: 404 when no organization has this id, 422 for invalid or taken values.
    pub async fn update(
        &self,
        organization_id: &str,
        params: &UpdateOrganization,
    ) -> Result<Organization> {
        self.clerk
            .send(ApiRequest::patch(organization_path(organization_id, "")).json(params))
            .await
    }

    /// Deletes an organization with its memberships and invitations
    /// (`DELETE /organizations/{organization_id}`, `DeleteOrganization`).
    ///
    /// # Errors
    /// An API error with status 404 when no organization has this id.
    pub async fn delete(&self, organization_id: &str) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::delete(organization_path(organization_id, "")))
            .await
    }

    /// Merges metadata into an organization's: top-level keys are merged, and a key set to JSON
    /// `null` is removed (`PATCH /organizations/{organization_id}/metadata`,
    /// `MergeOrganizationMetadata`).
    ///
    /// # Errors
    /// An API error: 404 when no organization has this id, 422 when a value is not a JSON object
    /// or is too large.
    pub async fn update_metadata(
        &self,
        organization_id: &str,
        metadata: &OrganizationMetadata,
    ) -> Result<Organization> {
        self.clerk
            .send(ApiRequest::patch(organization_path(organization_id, "/metadata")).json(metadata))
            .await
    }

    /// Replaces each metadata kind given entirely; kinds left `None` stay unchanged
    /// (`PUT /organizations/{organization_id}/metadata`, `ReplaceOrganizationMetadata`).
    ///
    /// # Errors
    /// An API error: 404 when no organization has this id, 422 when a value is not a JSON object
    /// or is too large.
    pub async fn replace_metadata(
        &self,
        organization_id: &str,
        metadata: &OrganizationMetadata,
    ) -> Result<Organization> {
        self.clerk
            .send(ApiRequest::put(organization_path(organization_id, "/metadata")).json(metadata))
            .await
    }

    /// Uploads an organization's logo as `multipart/form-data`
    /// (`PUT /organizations/{organization_id}/logo`, `UploadOrganizationLogo`).
    ///
    /// ```no_run
    /// # async fn run(clerk: clerk_core::Clerk, png: Vec<u8>) -> clerk_core::Result<()> {
    /// use clerk_core::resources::common::Logo;
    ///
    /// let logo = Logo::new("logo.png", "image/png", png).uploader_user_id("user_1");
    /// let org = clerk.organizations().upload_logo("org_1", logo).await?;
    /// assert!(org.has_image);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// An API error: 404 when no organization has this id, 400/413 when the file is not an
    /// accepted image or is too large.
    pub async fn upload_logo(&self, organization_id: &str, logo: Logo) -> Result<Organization> {
        self.clerk
            .send(
                ApiRequest::put(organization_path(organization_id, "/logo"))
                    .multipart(logo.into_form()),
            )
            .await
    }

    /// Removes an organization's logo (`DELETE /organizations/{organization_id}/logo`,
    /// `DeleteOrganizationLogo`).
    ///
    /// # Errors
    /// An API error with status 404 when no organization has this id or it has no logo.
    pub async fn delete_logo(&self, organization_id: &str) -> Result<Organization> {
        self.clerk
            .send(ApiRequest::delete(organization_path(
                organization_id,
                "/logo",
            )))
            .await
    }

    /// Fetches an organization's billing subscription
    /// (`GET /organizations/{organization_id}/billing/subscription`,
    /// `GetOrganizationBillingSubscription`).
    ///
    /// # Errors
    /// An API error: 404 when no organization has this id or it has no subscription, 403 when
    /// billing is not enabled.
    pub async fn billing_subscription(&self, organization_id: &str) -> Result<BillingSubscription> {
        self.clerk
            .send(ApiRequest::get(organization_path(
                organization_id,
                "/billing/subscription",
            )))
            .await
    }

    /// Fetches an organization's credit balance
    /// (`GET /organizations/{organization_id}/billing/credits`,
    /// `GetOrganizationBillingCreditBalance`).
    ///
    /// # Errors
    /// An API error: 404 when no organization has this id, 403 when billing is not enabled.
    pub async fn billing_credit_balance(&self, organization_id: &str) -> Result<CreditBalance> {
        self.clerk
            .send(ApiRequest::get(organization_path(
                organization_id,
                "/billing/credits",
            )))
            .await
    }

    /// Adds credits to, or removes credits from, an organization's balance, once per
    /// idempotency key (`POST /organizations/{organization_id}/billing/credits`,
    /// `AdjustOrganizationBillingCreditBalance`).
    ///
    /// # Errors
    /// An API error: 404 when no organization has this id, 422 when the amount is not positive
    /// or a decrease exceeds the balance, 403 when billing is not enabled.
    pub async fn adjust_billing_credit_balance(
        &self,
        organization_id: &str,
        params: &AdjustCreditBalance,
    ) -> Result<CreditLedgerEntry> {
        self.clerk
            .send(
                ApiRequest::post(organization_path(organization_id, "/billing/credits"))
                    .json(params),
            )
            .await
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::{Arc, Mutex};

    use serde_json::json;

    use super::*;
    use crate::Clerk;
    use crate::config::Environment;
    use crate::resources::billing::{BillingSubscriptionStatus, CreditAdjustmentAction};
    use crate::resources::users::testkit::{Fake, fake};

    pub(crate) const ORGANIZATION: &str = r#"{
        "object": "organization", "id": "org_1", "name": "Acme", "slug": "acme",
        "has_image": true, "image_url": "https://img.clerk.com/x", "max_allowed_memberships": 0,
        "admin_delete_enabled": true, "members_count": 3, "pending_invitations_count": 1,
        "public_metadata": {"planTier": "pro"}, "private_metadata": {"stripeId": "cus_1"},
        "created_by": "user_1", "role_set_key": null, "last_active_at": 1700000000000,
        "created_at": 1700000000000, "updated_at": 1700000000001, "new_field": [1]
    }"#;

    const MINIMAL_ORGANIZATION: &str = r#"{
        "object": "organization", "id": "org_2", "name": "Min", "slug": "min",
        "has_image": false, "max_allowed_memberships": 5, "admin_delete_enabled": false,
        "public_metadata": {}, "created_at": 1, "updated_at": 2
    }"#;

    #[tokio::test]
    async fn list_sends_filters_and_decodes_a_data_page() {
        let Fake { clerk, seen } = fake(
            200,
            &format!(r#"{{"data": [{ORGANIZATION}, {MINIMAL_ORGANIZATION}], "total_count": 2}}"#),
        );
        let params = ListOrganizations::new()
            .include_members_count(true)
            .query("ac")
            .user_id("+user_1")
            .user_id("-user_2")
            .organization_id("org_1")
            .order_by(OrderBy::desc("members_count"))
            .limit(20)
            .offset(40);
        let page = clerk.organizations().list(&params).await.unwrap();
        assert_eq!(page.total_count, Some(2));
        let org = &page[0];
        assert_eq!(org.members_count, Some(3));
        assert_eq!(org.public_metadata["planTier"], "pro");
        assert_eq!(org.created_by.as_deref(), Some("user_1"));
        let min = &page[1];
        assert_eq!(min.max_allowed_memberships, 5);
        assert!(min.private_metadata.is_null());
        assert_eq!(min.image_url, None);
        let req = seen.only();
        assert_eq!(req.method, "GET");
        assert_eq!(req.path, "/v1/organizations");
        assert_eq!(
            req.query,
            "include_members_count=true&query=ac&user_id=%2Buser_1&user_id=-user_2\
             &organization_id=org_1&order_by=-members_count&limit=20&offset=40"
        );
    }

    #[tokio::test]
    async fn create_get_update_delete() {
        let Fake { clerk, seen } = fake(200, ORGANIZATION);
        let orgs = clerk.organizations();
        orgs.create(
            &CreateOrganization::new("Acme")
                .created_by("user_1")
                .slug("acme")
                .public_metadata(json!({"camelCase": true}))
                .max_allowed_memberships(0),
        )
        .await
        .unwrap();
        orgs.get("acme").await.unwrap();
        orgs.get_with("org_1", &GetOrganization::new().include_members_count(true))
            .await
            .unwrap();
        orgs.update(
            "org/1",
            &UpdateOrganization::new()
                .name("Acme 2")
                .admin_delete_enabled(false),
        )
        .await
        .unwrap();
        let reqs = seen.all();
        assert_eq!(reqs[0].method, "POST");
        assert_eq!(reqs[0].path, "/v1/organizations");
        assert_eq!(
            reqs[0].body,
            Some(
                json!({"name": "Acme", "created_by": "user_1", "slug": "acme",
                        "public_metadata": {"camelCase": true}, "max_allowed_memberships": 0})
            )
        );
        assert_eq!(reqs[1].path, "/v1/organizations/acme");
        assert_eq!(reqs[1].query, "");
        assert_eq!(reqs[2].query, "include_members_count=true");
        assert_eq!(reqs[3].method, "PATCH");
        assert_eq!(reqs[3].path, "/v1/organizations/org%2F1");
        assert_eq!(
            reqs[3].body,
            Some(json!({"name": "Acme 2", "admin_delete_enabled": false}))
        );

        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"organization","id":"org_1","deleted":true}"#,
        );
        assert!(clerk.organizations().delete("org_1").await.unwrap().deleted);
        let req = seen.only();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("DELETE", "/v1/organizations/org_1")
        );
    }

    #[tokio::test]
    async fn metadata_is_merged_with_patch_and_replaced_with_put() {
        let Fake { clerk, seen } = fake(200, MINIMAL_ORGANIZATION);
        let orgs = clerk.organizations();
        let merge = OrganizationMetadata::new().public_metadata(json!({"A": 1, "gone": null}));
        orgs.update_metadata("org_1", &merge).await.unwrap();
        let replace = OrganizationMetadata::new().private_metadata(json!({}));
        orgs.replace_metadata("org_1", &replace).await.unwrap();
        orgs.delete_logo("org_1").await.unwrap();
        let reqs = seen.all();
        assert_eq!(reqs[0].method, "PATCH");
        assert_eq!(reqs[0].path, "/v1/organizations/org_1/metadata");
        assert_eq!(
            reqs[0].body,
            Some(json!({"public_metadata": {"A": 1, "gone": null}}))
        );
        assert_eq!(reqs[1].method, "PUT");
        assert_eq!(reqs[1].body, Some(json!({"private_metadata": {}})));
        assert_eq!(reqs[2].method, "DELETE");
        assert_eq!(reqs[2].path, "/v1/organizations/org_1/logo");
    }

    #[tokio::test]
    async fn upload_logo_sends_a_multipart_form() {
        use bytes::Bytes;
        type Captured = Arc<Mutex<Vec<(String, String, String, Bytes)>>>;
        let captured: Captured = Arc::default();
        let log = captured.clone();
        let transport = crate::transport::from_fn(move |req: http::Request<Bytes>| {
            let log = log.clone();
            async move {
                let content_type = req
                    .headers()
                    .get(http::header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                log.lock().unwrap().push((
                    req.method().to_string(),
                    req.uri().path().to_owned(),
                    content_type,
                    req.body().clone(),
                ));
                let body = MINIMAL_ORGANIZATION.replace(
                    r#""has_image": false"#,
                    r#""has_image": true, "image_url": "https://img/x", "logo_url": "https://img/x""#,
                );
                Ok(http::Response::new(Bytes::from(body)))
            }
        });
        let clerk = Clerk::builder()
            .secret_key("sk_test_x")
            .api_url("http://clerk.test")
            .environment(Environment::from_pairs(Vec::<(String, String)>::new()))
            .transport(transport)
            .build()
            .unwrap();
        let logo = Logo::new("logo.png", "image/png", vec![0x89, b'P', b'N', b'G'])
            .uploader_user_id("user_1");
        assert!(format!("{logo:?}").contains("data_len: 4"));
        let org = clerk
            .organizations()
            .upload_logo("org_1", logo)
            .await
            .unwrap();
        assert!(org.has_image);
        assert_eq!(org.logo_url.as_deref(), Some("https://img/x"));
        let all = captured.lock().unwrap().clone();
        let (method, path, content_type, body) = &all[0];
        assert_eq!(method, "PUT");
        assert_eq!(path, "/v1/organizations/org_1/logo");
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let body = String::from_utf8_lossy(body);
        assert!(body.starts_with(&format!("--{boundary}\r\n")));
        assert!(body.contains("name=\"uploader_user_id\"\r\n\r\nuser_1\r\n"));
        assert!(body.contains(
            "name=\"file\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n\u{fffd}PNG\r\n"
        ));
    }

    #[tokio::test]
    async fn billing_subscription_and_credits() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"object": "commerce_subscription", "id": "csub_1", "instance_id": "ins_1",
                "status": "past_due", "payer_id": "cpayer_1", "subscription_items": [],
                "next_payment": {"date": 1700000000000, "amount": {"amount": 4999,
                    "amount_formatted": "49.99", "currency": "USD", "currency_symbol": "$"}},
                "active_at": 1, "past_due_at": 2, "created_at": 1, "updated_at": 2}"#,
        );
        let sub = clerk
            .organizations()
            .billing_subscription("org_1")
            .await
            .unwrap();
        assert_eq!(sub.status, BillingSubscriptionStatus::PastDue);
        let next = sub.next_payment.unwrap();
        assert_eq!(next.amount.unwrap().amount, 4999);
        assert_eq!(
            seen.only().path,
            "/v1/organizations/org_1/billing/subscription"
        );

        let Fake { clerk, seen } = fake(
            200,
            r#"{"object": "commerce_credit_balance", "balance": null}"#,
        );
        let balance = clerk
            .organizations()
            .billing_credit_balance("org_1")
            .await
            .unwrap();
        assert_eq!(balance.balance, None);
        assert_eq!(seen.only().path, "/v1/organizations/org_1/billing/credits");

        let Fake { clerk, seen } = fake(
            200,
            r#"{"object": "commerce_credit_ledger", "id": "ccl_1", "payer_id": "cpayer_1",
                "amount": {"amount": -500, "amount_formatted": "-5.00", "currency": "USD",
                    "currency_symbol": "$"},
                "source_type": "grant", "source_id": "grant_1", "note": null,
                "created_at": "2025-01-01T00:00:00Z"}"#,
        );
        let entry = clerk
            .organizations()
            .adjust_billing_credit_balance(
                "org_1",
                &AdjustCreditBalance::new(500, CreditAdjustmentAction::Decrease, "adj-1")
                    .note("refund"),
            )
            .await
            .unwrap();
        assert_eq!(entry.amount.amount, -500);
        let req = seen.only();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("POST", "/v1/organizations/org_1/billing/credits")
        );
        assert_eq!(
            req.body,
            Some(
                json!({"amount": 500, "action": "decrease", "idempotency_key": "adj-1",
                        "note": "refund"})
            )
        );
    }
}
