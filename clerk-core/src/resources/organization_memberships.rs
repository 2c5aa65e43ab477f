//! Organization memberships: a user's role in an organization (the spec's
//! `Organization Memberships` tag).

use serde::{Deserialize, Serialize};

use crate::resources::common::{OrderBy, null_default};
use crate::resources::organizations::{Organization, OrganizationMetadata, organization_path};
use crate::{ApiRequest, PageRequest, Result, encode_segment};

/// A user's membership in an organization: `OrganizationMembership` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganizationMembership {
    /// Always `organization_membership`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The membership id (`orgmem_…`).
    pub id: String,
    /// The member's role key, such as `org:admin`.
    #[serde(default, deserialize_with = "null_default")]
    pub role: String,
    /// The role's display name.
    #[serde(default)]
    pub role_name: Option<String>,
    /// The permission keys the role grants, such as `org:sys_memberships:manage`.
    #[serde(default, deserialize_with = "null_default")]
    pub permissions: Vec<String>,
    /// Metadata readable by the frontend and the backend, writable by the backend.
    #[serde(default)]
    pub public_metadata: serde_json::Value,
    /// Metadata visible to the backend only.
    #[serde(default)]
    pub private_metadata: serde_json::Value,
    /// The organization.
    #[serde(default, deserialize_with = "null_default")]
    pub organization: Organization,
    /// What the organization's members may see of the user.
    #[serde(default)]
    pub public_user_data: Option<PublicUserData>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// What other people may see of a user: the public data of an organization member
/// (`OrganizationMembershipPublicUserData` in the spec) or of the sender of an organization
/// invitation (`OrganizationInvitationPublicUserData`, which lacks the username, ban and
/// deprovisioning fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PublicUserData {
    /// The user id.
    #[serde(default, deserialize_with = "null_default")]
    pub user_id: String,
    /// The first name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// The last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// The username.
    #[serde(default)]
    pub username: Option<String>,
    /// The primary identifier (email address, phone number or username).
    #[serde(default)]
    pub identifier: Option<String>,
    /// Deprecated by Clerk: use [`image_url`](Self::image_url).
    #[serde(default)]
    pub profile_image_url: Option<String>,
    /// The profile image URL.
    #[serde(default)]
    pub image_url: Option<String>,
    /// Whether the user uploaded a profile image.
    #[serde(default, deserialize_with = "null_default")]
    pub has_image: bool,
    /// Whether the user is banned.
    #[serde(default)]
    pub banned: Option<bool>,
    /// Whether the user was deprovisioned.
    #[serde(default)]
    pub deprovisioned: Option<bool>,
}

/// Query parameters of [`OrganizationMemberships::list`] (`ListOrganizationMemberships`).
/// Filters of different kinds are combined with AND, values of one list with OR.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListOrganizationMemberships {
    /// The order, by `phone_number`, `email_address`, `created_at`, `first_name`, `last_name` or
    /// `username`.
    pub order_by: Option<OrderBy>,
    /// Members with these user ids; prefix an id with `+` or `-` to include or exclude (up to
    /// 100).
    pub user_id: Vec<String>,
    /// Members with any of these email addresses.
    pub email_address: Vec<String>,
    /// Members with any of these phone numbers.
    pub phone_number: Vec<String>,
    /// Members with any of these usernames.
    pub username: Vec<String>,
    /// Members with any of these Web3 wallet addresses.
    pub web3_wallet: Vec<String>,
    /// Members with any of these roles.
    pub role: Vec<String>,
    /// A free-text search over ids, emails, phone numbers, usernames, Web3 wallets and names.
    pub query: Option<String>,
    /// A partial match on email addresses.
    pub email_address_query: Option<String>,
    /// A partial match on phone numbers.
    pub phone_number_query: Option<String>,
    /// A partial match on usernames.
    pub username_query: Option<String>,
    /// A partial match on first and last names.
    pub name_query: Option<String>,
    /// Members whose last session activity is before this time (milliseconds since the epoch).
    pub last_active_at_before: Option<i64>,
    /// Members whose last session activity is after this time (milliseconds since the epoch).
    pub last_active_at_after: Option<i64>,
    /// Members created before this time (milliseconds since the epoch).
    pub created_at_before: Option<i64>,
    /// Members created after this time (milliseconds since the epoch).
    pub created_at_after: Option<i64>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many memberships to skip.
    pub offset: Option<u32>,
}

impl ListOrganizationMemberships {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        order_by: OrderBy,
        query: String,
        email_address_query: String,
        phone_number_query: String,
        username_query: String,
        name_query: String;
        last_active_at_before: i64,
        last_active_at_after: i64,
        created_at_before: i64,
        created_at_after: i64,
        limit: u32,
        offset: u32,
    );
    push_setters!(
        user_id,
        email_address,
        phone_number,
        username,
        web3_wallet,
        role
    );
}

/// Query parameters of [`OrganizationMemberships::list_for_instance`]
/// (`InstanceGetOrganizationMemberships`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListInstanceOrganizationMemberships {
    /// The order, by `phone_number`, `email_address`, `created_at`, `first_name`, `last_name` or
    /// `username`.
    pub order_by: Option<OrderBy>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many memberships to skip.
    pub offset: Option<u32>,
}

impl ListInstanceOrganizationMemberships {
    /// The server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(order_by: OrderBy; limit: u32, offset: u32);
}

/// The body of [`OrganizationMemberships::create`] (`CreateOrganizationMembership`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateOrganizationMembership {
    /// The user to add; they must not be a member already.
    pub user_id: String,
    /// Their role key, such as `org:member`.
    pub role: String,
    /// Public metadata (a JSON object, sent as given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_metadata: Option<serde_json::Value>,
    /// Private metadata (a JSON object, sent as given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_metadata: Option<serde_json::Value>,
}

impl CreateOrganizationMembership {
    /// Adds `user_id` with `role`.
    pub fn new(user_id: impl Into<String>, role: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            role: role.into(),
            ..Self::default()
        }
    }

    setters!(
        public_metadata: serde_json::Value,
        private_metadata: serde_json::Value,
    );
}

/// The body of [`OrganizationMemberships::update`] (`UpdateOrganizationMembership`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateOrganizationMembership {
    /// The new role key.
    pub role: String,
}

impl UpdateOrganizationMembership {
    /// Gives the member `role`.
    pub fn new(role: impl Into<String>) -> Self {
        Self { role: role.into() }
    }
}

/// The body of [`OrganizationMemberships::update_metadata`]: the same shape as an
/// organization's.
pub type OrganizationMembershipMetadata = OrganizationMetadata;

sub_api!(OrganizationMemberships, organization_memberships);

fn membership_path(organization_id: &str, user_id: &str, rest: &str) -> String {
    organization_path(
        organization_id,
        &format!("/memberships/{}{rest}", encode_segment(user_id)),
    )
}

impl OrganizationMemberships {
    /// Lists the members of an organization
    /// (`GET /organizations/{organization_id}/memberships`, `ListOrganizationMemberships`).
    ///
    /// # Errors
    /// An API error: 404 when no organization has this id, 422 when a parameter is invalid.
    pub fn list(
        &self,
        organization_id: &str,
        params: &ListOrganizationMemberships,
    ) -> PageRequest<OrganizationMembership> {
        self.clerk.paginate(
            ApiRequest::get(organization_path(organization_id, "/memberships"))
                .query_params(params),
        )
    }

    /// Lists the memberships of every organization of the instance
    /// (`GET /organization_memberships`, `InstanceGetOrganizationMemberships`).
    ///
    /// # Errors
    /// An API error (400/422) when a parameter is invalid.
    pub fn list_for_instance(
        &self,
        params: &ListInstanceOrganizationMemberships,
    ) -> PageRequest<OrganizationMembership> {
        self.clerk
            .paginate(ApiRequest::get("/organization_memberships").query_params(params))
    }

    /// Adds a user to an organization
    /// (`POST /organizations/{organization_id}/memberships`, `CreateOrganizationMembership`).
    ///
    /// # Errors
    /// An API error: 404 when the organization or user does not exist, 422 when the user is a
    /// member already or the role is unknown, 403 when the organization is full.
    pub async fn create(
        &self,
        organization_id: &str,
        params: &CreateOrganizationMembership,
    ) -> Result<OrganizationMembership> {
        self.clerk
            .send(ApiRequest::post(organization_path(organization_id, "/memberships")).json(params))
            .await
    }

    /// Changes a member's role
    /// (`PATCH /organizations/{organization_id}/memberships/{user_id}`,
    /// `UpdateOrganizationMembership`).
    ///
    /// # Errors
    /// An API error: 404 when the membership does not exist, 422 when the role is unknown.
    pub async fn update(
        &self,
        organization_id: &str,
        user_id: &str,
        params: &UpdateOrganizationMembership,
    ) -> Result<OrganizationMembership> {
        self.clerk
            .send(ApiRequest::patch(membership_path(organization_id, user_id, "")).json(params))
            .await
    }

    /// Removes a member from an organization; answers with the removed membership
    /// (`DELETE /organizations/{organization_id}/memberships/{user_id}`,
    /// `DeleteOrganizationMembership`).
    ///
    /// # Errors
    /// An API error with status 404 when the membership does not exist.
    pub async fn delete(
        &self,
        organization_id: &str,
        user_id: &str,
    ) -> Result<OrganizationMembership> {
        self.clerk
            .send(ApiRequest::delete(membership_path(
                organization_id,
                user_id,
                "",
            )))
            .await
    }

    /// Merges metadata into a membership's: top-level keys are merged, and a key set to JSON
    /// `null` is removed
    /// (`PATCH /organizations/{organization_id}/memberships/{user_id}/metadata`,
    /// `UpdateOrganizationMembershipMetadata`).
    ///
    /// # Errors
    /// An API error: 404 when the membership does not exist, 422 when a value is not a JSON
    /// object.
    pub async fn update_metadata(
        &self,
        organization_id: &str,
        user_id: &str,
        metadata: &OrganizationMembershipMetadata,
    ) -> Result<OrganizationMembership> {
        self.clerk
            .send(
                ApiRequest::patch(membership_path(organization_id, user_id, "/metadata"))
                    .json(metadata),
            )
            .await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::resources::organizations::tests::ORGANIZATION;
    use crate::resources::users::testkit::{Fake, fake};

    fn membership() -> String {
        format!(
            r#"{{"object": "organization_membership", "id": "orgmem_1", "role": "org:admin",
                "role_name": "Admin", "permissions": ["org:sys_memberships:manage"],
                "public_metadata": {{}}, "private_metadata": {{"seat": 4}},
                "organization": {ORGANIZATION},
                "public_user_data": {{"user_id": "user_1", "first_name": "Ada",
                    "last_name": null, "profile_image_url": null,
                    "image_url": "https://img/u", "has_image": false,
                    "identifier": "ada@example.com", "username": null}},
                "created_at": 1, "updated_at": 2}}"#
        )
    }

    #[tokio::test]
    async fn list_filters_and_decodes_memberships() {
        let Fake { clerk, seen } = fake(
            200,
            &format!(r#"{{"data": [{}], "total_count": 1}}"#, membership()),
        );
        let params = ListOrganizationMemberships::new()
            .role("org:admin")
            .role("org:billing")
            .user_id("-user_2")
            .email_address_query("example")
            .created_at_after(5)
            .order_by(OrderBy::asc("email_address"))
            .limit(50);
        let page = clerk
            .organization_memberships()
            .list("org_1", &params)
            .await
            .unwrap();
        let m = &page[0];
        assert_eq!(m.role, "org:admin");
        assert_eq!(m.organization.id, "org_1");
        assert_eq!(m.private_metadata["seat"], 4);
        let user = m.public_user_data.as_ref().unwrap();
        assert_eq!(user.identifier.as_deref(), Some("ada@example.com"));
        let req = seen.only();
        assert_eq!(req.path, "/v1/organizations/org_1/memberships");
        assert_eq!(
            req.query,
            "order_by=%2Bemail_address&user_id=-user_2&role=org%3Aadmin&role=org%3Abilling\
             &email_address_query=example&created_at_after=5&limit=50"
        );

        let Fake { clerk, seen } = fake(200, r#"{"data": [], "total_count": 0}"#);
        let page = clerk
            .organization_memberships()
            .list_for_instance(&ListInstanceOrganizationMemberships::new().limit(1))
            .await
            .unwrap();
        assert!(page.is_empty());
        let req = seen.only();
        assert_eq!(
            (req.path.as_str(), req.query.as_str()),
            ("/v1/organization_memberships", "limit=1")
        );
    }

    #[tokio::test]
    async fn create_update_delete_and_metadata() {
        let Fake { clerk, seen } = fake(200, &membership());
        let api = clerk.organization_memberships();
        api.create(
            "org_1",
            &CreateOrganizationMembership::new("user_1", "org:member")
                .public_metadata(json!({"T": 1})),
        )
        .await
        .unwrap();
        api.update(
            "org_1",
            "user_1",
            &UpdateOrganizationMembership::new("org:admin"),
        )
        .await
        .unwrap();
        api.delete("org_1", "user 1").await.unwrap();
        api.update_metadata(
            "org_1",
            "user_1",
            &OrganizationMembershipMetadata::new().private_metadata(json!({"x": null})),
        )
        .await
        .unwrap();
        let got: Vec<_> = seen
            .all()
            .into_iter()
            .map(|s| (s.method, s.path, s.query, s.body))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "POST".into(),
                    "/v1/organizations/org_1/memberships".into(),
                    String::new(),
                    Some(json!({"user_id": "user_1", "role": "org:member",
                                "public_metadata": {"T": 1}}))
                ),
                (
                    "PATCH".into(),
                    "/v1/organizations/org_1/memberships/user_1".into(),
                    String::new(),
                    Some(json!({"role": "org:admin"}))
                ),
                (
                    "DELETE".into(),
                    "/v1/organizations/org_1/memberships/user%201".into(),
                    String::new(),
                    None
                ),
                (
                    "PATCH".into(),
                    "/v1/organizations/org_1/memberships/user_1/metadata".into(),
                    String::new(),
                    Some(json!({"private_metadata": {"x": null}}))
                ),
            ]
        );
    }
}
