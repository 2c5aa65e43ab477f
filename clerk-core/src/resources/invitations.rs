//! Invitations to sign up to the application (the spec's `Invitations` tag). Invitations to join
//! an organization are in
//! [`organization_invitations`](crate::resources::organization_invitations).

use serde::{Deserialize, Serialize};

use crate::resources::common::{OrderBy, null_default};
use crate::{ApiRequest, PageRequest, Result, encode_segment};

crate::string_enum! {
    /// The state of an [`Invitation`] or an
    /// [`OrganizationInvitation`](crate::resources::organization_invitations::OrganizationInvitation).
    pub enum InvitationStatus {
        /// Sent and not yet used.
        Pending = "pending",
        /// Used to sign up (or to join).
        Accepted = "accepted",
        /// Revoked before use.
        Revoked = "revoked",
        /// Past its expiry.
        Expired = "expired",
    }
}

crate::string_enum! {
    /// The email template of an invitation.
    pub enum InvitationTemplate {
        /// The usual invitation email (the server's default).
        Invitation = "invitation",
        /// The email inviting someone off the waitlist.
        WaitlistInvitation = "waitlist_invitation",
    }
}

/// An invitation to sign up: `Invitation` in the spec (also the answer to a revoke,
/// `Invitation.Revoked`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Invitation {
    /// Always `invitation`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The invitation id (`inv_…`).
    pub id: String,
    /// The invited email address.
    #[serde(default, deserialize_with = "null_default")]
    pub email_address: String,
    /// Metadata copied to the user's public metadata when they sign up.
    #[serde(default)]
    pub public_metadata: serde_json::Value,
    /// Whether it was revoked.
    #[serde(default)]
    pub revoked: Option<bool>,
    /// Its state.
    #[serde(default, deserialize_with = "null_default")]
    pub status: InvitationStatus,
    /// The invitation link, when Clerk includes it.
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

/// Query parameters of [`Invitations::list`] (`ListInvitations`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListInvitations {
    /// Only invitations in this state.
    pub status: Option<InvitationStatus>,
    /// Invitations whose email address or id match.
    pub query: Option<String>,
    /// The order, by `created_at`, `email_address` or `expires_at`. Defaults to `-created_at` on
    /// the server.
    pub order_by: Option<OrderBy>,
    /// Ask for a `{data, total_count}` answer, which gives the page its
    /// [`total_count`](crate::Page::total_count).
    pub paginated: Option<bool>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many invitations to skip.
    pub offset: Option<u32>,
}

impl ListInvitations {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        status: InvitationStatus,
        query: String,
        order_by: OrderBy,
        paginated: bool;
        limit: u32,
        offset: u32,
    );
}

/// The body of [`Invitations::create`] (`CreateInvitation`), and one item of
/// [`Invitations::create_bulk`] (`CreateBulkInvitations`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateInvitation {
    /// The email address to invite.
    pub email_address: String,
    /// Metadata copied to the user's public metadata when they sign up (a JSON object, sent as
    /// given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_metadata: Option<serde_json::Value>,
    /// Where the invitation link leads, for a custom flow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// Whether to send the invitation email. Defaults to `true` on the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify: Option<bool>,
    /// Create it even if the address has a pending invitation or belongs to a user. Defaults to
    /// `false` on the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_existing: Option<bool>,
    /// Days until it expires, 1 to 365. Defaults to 30 on the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in_days: Option<u32>,
    /// The email template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_slug: Option<InvitationTemplate>,
}

impl CreateInvitation {
    /// An invitation for `email_address`.
    pub fn new(email_address: impl Into<String>) -> Self {
        Self {
            email_address: email_address.into(),
            ..Self::default()
        }
    }

    setters!(
        public_metadata: serde_json::Value,
        redirect_url: String,
        notify: bool,
        ignore_existing: bool,
        template_slug: InvitationTemplate;
        expires_in_days: u32,
    );
}

sub_api!(Invitations, invitations);

impl Invitations {
    /// Lists invitations, newest first by default (`GET /invitations`, `ListInvitations`).
    ///
    /// # Errors
    /// An API error (400/422) when a parameter is invalid.
    pub fn list(&self, params: &ListInvitations) -> PageRequest<Invitation> {
        self.clerk
            .paginate(ApiRequest::get("/invitations").query_params(params))
    }

    /// Creates an invitation and, unless `notify` is `false`, emails it
    /// (`POST /invitations`, `CreateInvitation`).
    ///
    /// # Errors
    /// An API error: 422 when the address is invalid or already invited or taken (see
    /// `ignore_existing`), 400 when the redirect URL is not allowed.
    pub async fn create(&self, params: &CreateInvitation) -> Result<Invitation> {
        self.clerk
            .send(ApiRequest::post("/invitations").json(params))
            .await
    }

    /// Creates up to 10 invitations at once (`POST /invitations/bulk`, `CreateBulkInvitations`).
    ///
    /// # Errors
    /// An API error (400/422) when an item is invalid; none is created then.
    pub async fn create_bulk(&self, invitations: &[CreateInvitation]) -> Result<Vec<Invitation>> {
        self.clerk
            .send(ApiRequest::post("/invitations/bulk").json(invitations))
            .await
    }

    /// Revokes a pending invitation, so that its link no longer works
    /// (`POST /invitations/{invitation_id}/revoke`, `RevokeInvitation`).
    ///
    /// # Errors
    /// An API error: 404 when no invitation has this id, 400 when it is not pending.
    pub async fn revoke(&self, invitation_id: &str) -> Result<Invitation> {
        self.clerk
            .send(ApiRequest::post(format!(
                "/invitations/{}/revoke",
                encode_segment(invitation_id)
            )))
            .await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::resources::users::testkit::{Fake, fake};

    const INVITATION: &str = r#"{"object": "invitation", "id": "inv_1",
        "email_address": "ada@example.com", "public_metadata": {"Team": "a"},
        "revoked": false, "status": "pending", "url": "https://accounts.x/inv",
        "expires_at": 1700000000000, "created_at": 1, "updated_at": 2}"#;

    #[tokio::test]
    async fn list_sends_filters_and_reads_both_shapes() {
        let Fake { clerk, seen } = fake(200, &format!("[{INVITATION}]"));
        let params = ListInvitations::new()
            .status(InvitationStatus::Pending)
            .query("ada")
            .order_by(OrderBy::asc("expires_at"))
            .limit(5)
            .offset(0);
        let page = clerk.invitations().list(&params).await.unwrap();
        assert_eq!(page[0].status, InvitationStatus::Pending);
        assert_eq!(page[0].public_metadata["Team"], "a");
        assert_eq!(page.total_count, None);
        let req = seen.only();
        assert_eq!(req.path, "/v1/invitations");
        assert_eq!(
            req.query,
            "status=pending&query=ada&order_by=%2Bexpires_at&limit=5&offset=0"
        );

        let Fake { clerk, seen } = fake(200, r#"{"data": [], "total_count": 7}"#);
        let page = clerk
            .invitations()
            .list(&ListInvitations::new().paginated(true))
            .await
            .unwrap();
        assert_eq!(page.total_count, Some(7));
        assert_eq!(seen.only().query, "paginated=true");
    }

    #[tokio::test]
    async fn create_bulk_and_revoke() {
        let Fake { clerk, seen } = fake(200, INVITATION);
        let invitation = clerk
            .invitations()
            .create(
                &CreateInvitation::new("ada@example.com")
                    .public_metadata(json!({"camelCase": 1}))
                    .notify(false)
                    .expires_in_days(7)
                    .template_slug(InvitationTemplate::WaitlistInvitation),
            )
            .await
            .unwrap();
        assert_eq!(invitation.id, "inv_1");
        let req = seen.only();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("POST", "/v1/invitations")
        );
        assert_eq!(
            req.body,
            Some(
                json!({"email_address": "ada@example.com", "public_metadata": {"camelCase": 1},
                        "notify": false, "expires_in_days": 7,
                        "template_slug": "waitlist_invitation"})
            )
        );

        let Fake { clerk, seen } = fake(200, &format!("[{INVITATION}]"));
        let created = clerk
            .invitations()
            .create_bulk(&[
                CreateInvitation::new("a@x.io"),
                CreateInvitation::new("b@x.io").ignore_existing(true),
            ])
            .await
            .unwrap();
        assert_eq!(created.len(), 1);
        assert_eq!(
            seen.only().body,
            Some(json!([{"email_address": "a@x.io"},
                        {"email_address": "b@x.io", "ignore_existing": true}]))
        );

        let revoked = INVITATION
            .replace(r#""revoked": false"#, r#""revoked": true"#)
            .replace(r#""status": "pending""#, r#""status": "revoked""#);
        let Fake { clerk, seen } = fake(200, &revoked);
        let invitation = clerk.invitations().revoke("inv_1").await.unwrap();
        assert_eq!(invitation.status, InvitationStatus::Revoked);
        assert_eq!(invitation.revoked, Some(true));
        let req = seen.only();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("POST", "/v1/invitations/inv_1/revoke")
        );
        assert_eq!(req.body, None);
    }
}
