//! Organization invitations: invitations to join an organization with a role (the spec's
//! `Organization Invitations` tag).

use serde::{Deserialize, Serialize};

use crate::resources::common::{OrderBy, null_default};
use crate::resources::invitations::InvitationStatus;
use crate::resources::organization_memberships::PublicUserData;
use crate::resources::organizations::{PublicOrganizationData, organization_path};
use crate::{ApiRequest, Page, PageRequest, Result, encode_segment};

/// An invitation to join an organization: `OrganizationInvitation` in the spec (and
/// `OrganizationInvitationWithPublicOrganizationData`, which adds
/// [`public_organization_data`](Self::public_organization_data)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganizationInvitation {
    /// Always `organization_invitation`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The invitation id (`orginv_…`).
    pub id: String,
    /// The invited email address.
    #[serde(default, deserialize_with = "null_default")]
    pub email_address: String,
    /// The role key the invitee gets, such as `org:member`.
    #[serde(default, deserialize_with = "null_default")]
    pub role: String,
    /// The role's display name.
    #[serde(default)]
    pub role_name: Option<String>,
    /// The organization.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// The user who sent it.
    #[serde(default)]
    pub inviter_id: Option<String>,
    /// The user who accepted it (in `organizationInvitation.accepted` webhook payloads).
    #[serde(default)]
    pub user_id: Option<String>,
    /// What the invitee may see of the inviter.
    #[serde(default)]
    pub public_inviter_data: Option<PublicUserData>,
    /// What the invitee may see of the organization (instance-wide lists only).
    #[serde(default)]
    pub public_organization_data: Option<PublicOrganizationData>,
    /// Its state.
    #[serde(default)]
    pub status: Option<InvitationStatus>,
    /// Metadata copied to the membership's public metadata when accepted.
    #[serde(default)]
    pub public_metadata: serde_json::Value,
    /// Metadata copied to the membership's private metadata when accepted.
    #[serde(default)]
    pub private_metadata: serde_json::Value,
    /// The invitation link.
    #[serde(default)]
    pub url: Option<String>,
    /// Expiry, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub expires_at: Option<i64>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// Query parameters of [`OrganizationInvitations::list`] (`ListOrganizationInvitations`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListOrganizationInvitations {
    /// Only invitations in this state.
    pub status: Option<InvitationStatus>,
    /// Only invitations to this email address.
    pub email_address: Option<String>,
    /// The order, by `created_at` or `email_address`. Defaults to `-created_at` on the server.
    pub order_by: Option<OrderBy>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many invitations to skip.
    pub offset: Option<u32>,
}

impl ListOrganizationInvitations {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        status: InvitationStatus,
        email_address: String,
        order_by: OrderBy;
        limit: u32,
        offset: u32,
    );
}

/// Query parameters of [`OrganizationInvitations::list_for_instance`]
/// (`ListInstanceOrganizationInvitations`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListInstanceOrganizationInvitations {
    /// The order, by `created_at` or `email_address`. Defaults to `-created_at` on the server.
    pub order_by: Option<OrderBy>,
    /// Only invitations in this state.
    pub status: Option<InvitationStatus>,
    /// Invitations whose email address matches.
    pub query: Option<String>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many invitations to skip.
    pub offset: Option<u32>,
}

impl ListInstanceOrganizationInvitations {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        order_by: OrderBy,
        status: InvitationStatus,
        query: String;
        limit: u32,
        offset: u32,
    );
}

/// Query parameters of the deprecated [`OrganizationInvitations::list_pending`]
/// (`ListPendingOrganizationInvitations`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListPendingOrganizationInvitations {
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many invitations to skip.
    pub offset: Option<u32>,
}

impl ListPendingOrganizationInvitations {
    /// The server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(; limit: u32, offset: u32);
}

/// The body of [`OrganizationInvitations::create`] (`CreateOrganizationInvitation`), and one item
/// of [`OrganizationInvitations::create_bulk`] (`CreateOrganizationInvitationBulk`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateOrganizationInvitation {
    /// The email address to invite.
    pub email_address: String,
    /// The role key the invitee gets, such as `org:member`.
    pub role: String,
    /// The inviting user; must be an admin of the organization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inviter_user_id: Option<String>,
    /// Metadata copied to the membership's public metadata (a JSON object, sent as given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_metadata: Option<serde_json::Value>,
    /// Metadata copied to the membership's private metadata (a JSON object, sent as given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_metadata: Option<serde_json::Value>,
    /// Where the invitee lands after accepting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// Days until it expires, 1 to 365. Defaults to 30 on the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in_days: Option<u32>,
    /// Whether to send the invitation email. Defaults to `true` on the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify: Option<bool>,
}

impl CreateOrganizationInvitation {
    /// Invites `email_address` with `role`.
    pub fn new(email_address: impl Into<String>, role: impl Into<String>) -> Self {
        Self {
            email_address: email_address.into(),
            role: role.into(),
            ..Self::default()
        }
    }

    setters!(
        inviter_user_id: String,
        public_metadata: serde_json::Value,
        private_metadata: serde_json::Value,
        redirect_url: String,
        notify: bool;
        expires_in_days: u32,
    );
}

/// The body of [`OrganizationInvitations::revoke`] (`RevokeOrganizationInvitation`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RevokeOrganizationInvitation {
    /// The revoking user; must be an admin of the organization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requesting_user_id: Option<String>,
}

impl RevokeOrganizationInvitation {
    /// A revoke by no particular user.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(requesting_user_id: String);
}

sub_api!(OrganizationInvitations, organization_invitations);

fn invitation_path(organization_id: &str, invitation_id: &str, rest: &str) -> String {
    organization_path(
        organization_id,
        &format!("/invitations/{}{rest}", encode_segment(invitation_id)),
    )
}

impl OrganizationInvitations {
    /// Lists the invitations of an organization, newest first by default
    /// (`GET /organizations/{organization_id}/invitations`, `ListOrganizationInvitations`).
    ///
    /// # Errors
    /// An API error: 404 when no organization has this id, 422 when a parameter is invalid.
    pub fn list(
        &self,
        organization_id: &str,
        params: &ListOrganizationInvitations,
    ) -> PageRequest<OrganizationInvitation> {
        self.clerk.paginate(
            ApiRequest::get(organization_path(organization_id, "/invitations"))
                .query_params(params),
        )
    }

    /// Lists the organization invitations of the whole instance, each with its organization's
    /// public data (`GET /organization_invitations`, `ListInstanceOrganizationInvitations`).
    ///
    /// # Errors
    /// An API error (400/422) when a parameter is invalid.
    pub fn list_for_instance(
        &self,
        params: &ListInstanceOrganizationInvitations,
    ) -> PageRequest<OrganizationInvitation> {
        self.clerk
            .paginate(ApiRequest::get("/organization_invitations").query_params(params))
    }

    /// Lists the pending invitations of an organization
    /// (`GET /organizations/{organization_id}/invitations/pending`,
    /// `ListPendingOrganizationInvitations`).
    ///
    /// # Errors
    /// An API error: 404 when no organization has this id.
    #[deprecated(
        note = "deprecated by Clerk: use `list` with `ListOrganizationInvitations::new().status(InvitationStatus::Pending)`"
    )]
    pub fn list_pending(
        &self,
        organization_id: &str,
        params: &ListPendingOrganizationInvitations,
    ) -> PageRequest<OrganizationInvitation> {
        self.clerk.paginate(
            ApiRequest::get(organization_path(organization_id, "/invitations/pending"))
                .query_params(params),
        )
    }

    /// Creates an invitation and, unless `notify` is `false`, emails it
    /// (`POST /organizations/{organization_id}/invitations`, `CreateOrganizationInvitation`).
    ///
    /// # Errors
    /// An API error: 404 when no organization has this id, 422 when the address or role is
    /// invalid or the address is already invited, 403 when the organization is full.
    pub async fn create(
        &self,
        organization_id: &str,
        params: &CreateOrganizationInvitation,
    ) -> Result<OrganizationInvitation> {
        self.clerk
            .send(ApiRequest::post(organization_path(organization_id, "/invitations")).json(params))
            .await
    }

    /// Creates up to 10 invitations at once
    /// (`POST /organizations/{organization_id}/invitations/bulk`,
    /// `CreateOrganizationInvitationBulk`).
    ///
    /// # Errors
    /// As [`create`](Self::create); none is created when one item fails.
    pub async fn create_bulk(
        &self,
        organization_id: &str,
        invitations: &[CreateOrganizationInvitation],
    ) -> Result<Page<OrganizationInvitation>> {
        self.clerk
            .send(
                ApiRequest::post(organization_path(organization_id, "/invitations/bulk"))
                    .json(invitations),
            )
            .await
    }

    /// Fetches one invitation
    /// (`GET /organizations/{organization_id}/invitations/{invitation_id}`,
    /// `GetOrganizationInvitation`).
    ///
    /// # Errors
    /// An API error with status 404 when the organization has no such invitation.
    pub async fn get(
        &self,
        organization_id: &str,
        invitation_id: &str,
    ) -> Result<OrganizationInvitation> {
        self.clerk
            .send(ApiRequest::get(invitation_path(
                organization_id,
                invitation_id,
                "",
            )))
            .await
    }

    /// Revokes a pending invitation
    /// (`POST /organizations/{organization_id}/invitations/{invitation_id}/revoke`,
    /// `RevokeOrganizationInvitation`).
    ///
    /// # Errors
    /// An API error: 404 when the organization has no such invitation, 400 when it is not
    /// pending, 403 when the requesting user is not an admin.
    pub async fn revoke(
        &self,
        organization_id: &str,
        invitation_id: &str,
        params: &RevokeOrganizationInvitation,
    ) -> Result<OrganizationInvitation> {
        self.clerk
            .send(
                ApiRequest::post(invitation_path(organization_id, invitation_id, "/revoke"))
                    .json(params),
            )
            .await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::resources::users::testkit::{Fake, fake};

    const INVITATION: &str = r#"{"object": "organization_invitation", "id": "orginv_1",
        "email_address": "ada@example.com", "role": "org:member", "role_name": "Member",
        "organization_id": "org_1", "inviter_id": "user_1",
        "public_inviter_data": {"user_id": "user_1", "first_name": "Grace", "last_name": null,
            "image_url": "https://img/u", "has_image": false, "identifier": "grace@x.io"},
        "status": "pending", "public_metadata": {}, "private_metadata": {"k": 1},
        "url": null, "expires_at": null, "created_at": 1, "updated_at": 2}"#;

    #[tokio::test]
    async fn lists_of_an_organization_and_of_the_instance() {
        let Fake { clerk, seen } = fake(
            200,
            &format!(r#"{{"data": [{INVITATION}], "total_count": 1}}"#),
        );
        let api = clerk.organization_invitations();
        let page = api
            .list(
                "org_1",
                &ListOrganizationInvitations::new()
                    .status(InvitationStatus::Accepted)
                    .email_address("ada@example.com")
                    .limit(3),
            )
            .await
            .unwrap();
        let inv = &page[0];
        assert_eq!(inv.status, Some(InvitationStatus::Pending));
        assert_eq!(
            inv.public_inviter_data
                .as_ref()
                .unwrap()
                .identifier
                .as_deref(),
            Some("grace@x.io")
        );
        api.list_for_instance(
            &ListInstanceOrganizationInvitations::new()
                .query("ada")
                .order_by(OrderBy::desc("email_address")),
        )
        .await
        .unwrap();
        #[allow(deprecated)]
        api.list_pending(
            "org_1",
            &ListPendingOrganizationInvitations::new().offset(10),
        )
        .await
        .unwrap();
        let got: Vec<_> = seen.all().into_iter().map(|s| (s.path, s.query)).collect();
        assert_eq!(
            got,
            vec![
                (
                    "/v1/organizations/org_1/invitations".into(),
                    "status=accepted&email_address=ada%40example.com&limit=3".into()
                ),
                (
                    "/v1/organization_invitations".into(),
                    "order_by=-email_address&query=ada".into()
                ),
                (
                    "/v1/organizations/org_1/invitations/pending".into(),
                    "offset=10".into()
                ),
            ]
        );
    }

    #[tokio::test]
    async fn instance_lists_carry_the_public_organization_data() {
        let with_org = INVITATION.replace(
            r#""status": "pending""#,
            r#""status": "pending", "public_organization_data": {"id": "org_1",
                "name": "Acme", "slug": "acme", "has_image": false}"#,
        );
        let Fake { clerk, .. } = fake(
            200,
            &format!(r#"{{"data": [{with_org}], "total_count": 1}}"#),
        );
        let page = clerk
            .organization_invitations()
            .list_for_instance(&ListInstanceOrganizationInvitations::new())
            .await
            .unwrap();
        let org = page[0].public_organization_data.as_ref().unwrap();
        assert_eq!(
            (org.name.as_str(), org.image_url.as_deref()),
            ("Acme", None)
        );
    }

    #[tokio::test]
    async fn create_bulk_get_and_revoke() {
        let Fake { clerk, seen } = fake(200, INVITATION);
        let api = clerk.organization_invitations();
        api.create(
            "org_1",
            &CreateOrganizationInvitation::new("ada@example.com", "org:member")
                .inviter_user_id("user_1")
                .expires_in_days(3)
                .private_metadata(json!({"Seat": 2})),
        )
        .await
        .unwrap();
        api.get("org_1", "orginv_1").await.unwrap();
        api.revoke("org_1", "orginv_1", &RevokeOrganizationInvitation::new())
            .await
            .unwrap();
        api.revoke(
            "org_1",
            "orginv_1",
            &RevokeOrganizationInvitation::new().requesting_user_id("user_1"),
        )
        .await
        .unwrap();
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
                    "/v1/organizations/org_1/invitations".into(),
                    Some(
                        json!({"email_address": "ada@example.com", "role": "org:member",
                                "inviter_user_id": "user_1", "expires_in_days": 3,
                                "private_metadata": {"Seat": 2}})
                    )
                ),
                (
                    "GET".into(),
                    "/v1/organizations/org_1/invitations/orginv_1".into(),
                    None
                ),
                (
                    "POST".into(),
                    "/v1/organizations/org_1/invitations/orginv_1/revoke".into(),
                    Some(json!({}))
                ),
                (
                    "POST".into(),
                    "/v1/organizations/org_1/invitations/orginv_1/revoke".into(),
                    Some(json!({"requesting_user_id": "user_1"}))
                ),
            ]
        );

        let Fake { clerk, seen } = fake(
            200,
            &format!(r#"{{"data": [{INVITATION}], "total_count": 1}}"#),
        );
        let created = clerk
            .organization_invitations()
            .create_bulk(
                "org_1",
                &[CreateOrganizationInvitation::new("a@x.io", "org:admin")],
            )
            .await
            .unwrap();
        assert_eq!(created.total_count, Some(1));
        let req = seen.only();
        assert_eq!(req.path, "/v1/organizations/org_1/invitations/bulk");
        assert_eq!(
            req.body,
            Some(json!([{"email_address": "a@x.io", "role": "org:admin"}]))
        );
    }
}
