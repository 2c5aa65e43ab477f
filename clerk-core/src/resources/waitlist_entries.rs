//! Waitlist entries: the people waiting to be let into an application in waitlist mode (the
//! spec's `Waitlist Entries` tag).

use serde::{Deserialize, Serialize};

use crate::resources::common::{DeletedObject, OrderBy, null_default};
use crate::resources::invitations::Invitation;
use crate::{ApiRequest, PageRequest, Result, encode_segment};

crate::string_enum! {
    /// The state of a [`WaitlistEntry`].
    pub enum WaitlistEntryStatus {
        /// Waiting.
        Pending = "pending",
        /// Invited to sign up.
        Invited = "invited",
        /// Turned down.
        Rejected = "rejected",
        /// Signed up.
        Completed = "completed",
    }
}

/// A waitlist entry: `WaitlistEntry` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WaitlistEntry {
    /// Always `waitlist_entry`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The entry id (`wle_…`).
    pub id: String,
    /// The email address waiting.
    #[serde(default, deserialize_with = "null_default")]
    pub email_address: String,
    /// The entry's state.
    #[serde(default, deserialize_with = "null_default")]
    pub status: WaitlistEntryStatus,
    /// Whether a batch action is processing the entry, making it unavailable for others.
    #[serde(default, deserialize_with = "null_default")]
    pub is_locked: bool,
    /// The invitation sent to the entry, once invited.
    #[serde(default)]
    pub invitation: Option<Invitation>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// Query parameters of [`WaitlistEntries::list`] (`ListWaitlistEntries`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListWaitlistEntries {
    /// Only entries whose email address or id match.
    pub query: Option<String>,
    /// Only entries in this state.
    pub status: Option<WaitlistEntryStatus>,
    /// The order, by `created_at`, `email_address` or `invited_at`. Defaults to `-created_at` on
    /// the server.
    pub order_by: Option<OrderBy>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many entries to skip.
    pub offset: Option<u32>,
}

impl ListWaitlistEntries {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(query: String; status: WaitlistEntryStatus, order_by: OrderBy);
    paging_setters!();
}

/// The body of [`WaitlistEntries::create`] (`CreateWaitlistEntry`), and one item of
/// [`WaitlistEntries::create_bulk`] (`CreateBulkWaitlistEntries`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateWaitlistEntry {
    /// The email address to add.
    pub email_address: String,
    /// Whether to send a confirmation email. Defaults to `true` on the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify: Option<bool>,
}

impl CreateWaitlistEntry {
    /// An entry for `email_address`.
    pub fn new(email_address: impl Into<String>) -> Self {
        Self {
            email_address: email_address.into(),
            notify: None,
        }
    }

    setters!(; notify: bool);
}

/// The body of [`WaitlistEntries::invite`] (`InviteWaitlistEntry`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct InviteWaitlistEntry {
    /// Whether to invite even when the email address already has an invitation or belongs to
    /// another user. Defaults to `false` on the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_existing: Option<bool>,
}

impl InviteWaitlistEntry {
    /// An invitation with the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(; ignore_existing: bool);
}

sub_api!(WaitlistEntries, waitlist_entries);

fn entry_path(entry_id: &str, rest: &str) -> String {
    format!("/waitlist_entries/{}{rest}", encode_segment(entry_id))
}

impl WaitlistEntries {
    /// Lists waitlist entries, newest first by default
    /// (`GET /waitlist_entries`, `ListWaitlistEntries`).
    ///
    /// # Errors
    /// An API error: 422 for an invalid filter.
    pub fn list(&self, params: &ListWaitlistEntries) -> PageRequest<WaitlistEntry> {
        self.clerk
            .paginate(ApiRequest::get("/waitlist_entries").query_params(params))
    }

    /// Adds an email address to the waitlist, or returns its existing entry
    /// (`POST /waitlist_entries`, `CreateWaitlistEntry`).
    ///
    /// # Errors
    /// An API error: 400 or 422 for an invalid email address.
    pub async fn create(&self, params: &CreateWaitlistEntry) -> Result<WaitlistEntry> {
        self.clerk
            .send(ApiRequest::post("/waitlist_entries").json(params))
            .await
    }

    /// Adds up to 50 email addresses to the waitlist at once, returning existing entries for
    /// addresses already on it (`POST /waitlist_entries/bulk`, `CreateBulkWaitlistEntries`).
    ///
    /// # Errors
    /// An API error: 400 or 422 for an empty list, more than 50 entries, a repeated or invalid
    /// email address.
    pub async fn create_bulk(&self, entries: &[CreateWaitlistEntry]) -> Result<Vec<WaitlistEntry>> {
        self.clerk
            .send(ApiRequest::post("/waitlist_entries/bulk").json(entries))
            .await
    }

    /// Deletes a pending waitlist entry
    /// (`DELETE /waitlist_entries/{waitlist_entry_id}`, `DeleteWaitlistEntry`).
    ///
    /// # Errors
    /// An API error: 404 when no entry has this id, 400 when it is not pending.
    pub async fn delete(&self, entry_id: &str) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::delete(entry_path(entry_id, "")))
            .await
    }

    /// Invites the email address of a waitlist entry to sign up
    /// (`POST /waitlist_entries/{waitlist_entry_id}/invite`, `InviteWaitlistEntry`).
    ///
    /// # Errors
    /// An API error: 404 when no entry has this id, 400 or 422 when it cannot be invited.
    pub async fn invite(
        &self,
        entry_id: &str,
        params: &InviteWaitlistEntry,
    ) -> Result<WaitlistEntry> {
        self.clerk
            .send(ApiRequest::post(entry_path(entry_id, "/invite")).json(params))
            .await
    }

    /// Rejects a waitlist entry
    /// (`POST /waitlist_entries/{waitlist_entry_id}/reject`, `RejectWaitlistEntry`).
    ///
    /// # Errors
    /// An API error: 404 when no entry has this id, 400 when it cannot be rejected.
    pub async fn reject(&self, entry_id: &str) -> Result<WaitlistEntry> {
        self.clerk
            .send(ApiRequest::post(entry_path(entry_id, "/reject")))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const ENTRY: &str = r#"{"object":"waitlist_entry","id":"wle_1","email_address":"a@example.com",
        "status":"invited","is_locked":false,"created_at":1,"updated_at":2,
        "invitation":{"object":"invitation","id":"inv_1","email_address":"a@example.com",
            "public_metadata":{},"status":"pending","created_at":1,"updated_at":2}}"#;

    #[tokio::test]
    async fn list_filters_and_decodes_the_invitation() {
        let Fake { clerk, seen } = fake(200, &format!(r#"{{"data":[{ENTRY}],"total_count":1}}"#));
        let params = ListWaitlistEntries::new()
            .status(WaitlistEntryStatus::Invited)
            .order_by(OrderBy::asc("email_address"))
            .limit(10);
        let page = clerk.waitlist_entries().list(&params).await.unwrap();
        assert_eq!(page[0].status, WaitlistEntryStatus::Invited);
        assert_eq!(page[0].invitation.as_ref().unwrap().id, "inv_1");
        let req = seen.only();
        assert_eq!(req.path, "/v1/waitlist_entries");
        assert_eq!(
            req.query,
            "status=invited&order_by=%2Bemail_address&limit=10"
        );
    }

    #[tokio::test]
    async fn bulk_sends_an_array() {
        let Fake { clerk, seen } = fake(200, &format!("[{ENTRY}]"));
        let entries = [
            CreateWaitlistEntry::new("a@example.com"),
            CreateWaitlistEntry::new("b@example.com").notify(false),
        ];
        let created = clerk
            .waitlist_entries()
            .create_bulk(&entries)
            .await
            .unwrap();
        assert_eq!(created.len(), 1);
        let req = seen.only();
        assert_eq!(req.path, "/v1/waitlist_entries/bulk");
        assert_eq!(
            req.body,
            Some(json!([{"email_address": "a@example.com"},
                        {"email_address": "b@example.com", "notify": false}]))
        );
    }

    #[tokio::test]
    async fn create_invite_reject_delete() {
        let Fake { clerk, seen } = fake(200, ENTRY);
        let entries = clerk.waitlist_entries();
        entries
            .create(&CreateWaitlistEntry::new("a@example.com"))
            .await
            .unwrap();
        entries
            .invite("wle_1", &InviteWaitlistEntry::new().ignore_existing(true))
            .await
            .unwrap();
        entries.reject("wle_1").await.unwrap();
        let reqs = seen.all();
        assert_eq!(
            reqs[0].body,
            Some(json!({"email_address": "a@example.com"}))
        );
        assert_eq!(reqs[1].path, "/v1/waitlist_entries/wle_1/invite");
        assert_eq!(reqs[1].body, Some(json!({"ignore_existing": true})));
        assert_eq!(reqs[2].path, "/v1/waitlist_entries/wle_1/reject");
        assert_eq!(reqs[2].body, None);

        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"waitlist_entry","id":"wle_1","deleted":true}"#,
        );
        assert!(
            clerk
                .waitlist_entries()
                .delete("wle_1")
                .await
                .unwrap()
                .deleted
        );
        assert_eq!(seen.only().method, "DELETE");
    }
}
