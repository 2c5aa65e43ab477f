//! The allow-list and the block-list: identifiers (email addresses, email domains, phone numbers,
//! Web3 wallets) that may sign up, or may not use the instance at all (the spec's
//! `Allow-list / Block-list` tag).

use serde::{Deserialize, Serialize};

use crate::resources::common::DeletedObject;
use crate::{ApiRequest, PageRequest, Result, encode_segment};

crate::string_enum! {
    /// The kind of an allow-list or block-list identifier.
    pub enum IdentifierType {
        /// An email address (or, on the block-list, an email domain).
        EmailAddress = "email_address",
        /// A phone number.
        PhoneNumber = "phone_number",
        /// A Web3 wallet address.
        Web3Wallet = "web3_wallet",
    }
}

/// An identifier allowed to sign up: `AllowlistIdentifier` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AllowlistIdentifier {
    /// Always `allowlist_identifier`.
    #[serde(default)]
    pub object: Option<String>,
    /// The identifier id (`alid_…`).
    #[serde(default)]
    pub id: Option<String>,
    /// The invitation sent when the identifier was added with `notify`, if any.
    #[serde(default)]
    pub invitation_id: Option<String>,
    /// The email address, phone number or Web3 wallet.
    #[serde(default)]
    pub identifier: Option<String>,
    /// The kind of identifier.
    #[serde(default)]
    pub identifier_type: Option<IdentifierType>,
    /// The instance it belongs to.
    #[serde(default)]
    pub instance_id: Option<String>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub updated_at: Option<i64>,
}

/// An identifier refused by the instance: `BlocklistIdentifier` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BlocklistIdentifier {
    /// Always `blocklist_identifier`.
    #[serde(default)]
    pub object: Option<String>,
    /// The identifier id (`blid_…`).
    #[serde(default)]
    pub id: Option<String>,
    /// The email address, email domain, phone number or Web3 wallet.
    #[serde(default)]
    pub identifier: Option<String>,
    /// The kind of identifier.
    #[serde(default)]
    pub identifier_type: Option<IdentifierType>,
    /// The instance it belongs to.
    #[serde(default)]
    pub instance_id: Option<String>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub updated_at: Option<i64>,
}

/// Query parameters of [`AllowlistIdentifiers::list`] (`ListAllowlistIdentifiers`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListAllowlistIdentifiers {
    /// Whether the server paginates the results (with `limit` and `offset`).
    pub paginated: Option<bool>,
    /// Page size, 1 to 500. Defaults to 10 on the server when paginated.
    pub limit: Option<u32>,
    /// How many identifiers to skip.
    pub offset: Option<u32>,
}

impl ListAllowlistIdentifiers {
    /// No parameters: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(; paginated: bool);
    paging_setters!();
}

/// The body of [`AllowlistIdentifiers::create`] (`CreateAllowlistIdentifier`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateAllowlistIdentifier {
    /// The email address, phone number or Web3 wallet to allow.
    pub identifier: String,
    /// Whether to invite the identifier to sign up (email addresses and phone numbers only).
    /// Defaults to `false` on the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify: Option<bool>,
}

impl CreateAllowlistIdentifier {
    /// Allows `identifier`.
    pub fn new(identifier: impl Into<String>) -> Self {
        Self {
            identifier: identifier.into(),
            notify: None,
        }
    }

    setters!(; notify: bool);
}

/// The body of [`BlocklistIdentifiers::create`] (`CreateBlocklistIdentifier`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateBlocklistIdentifier {
    /// The email address, email domain, phone number or Web3 wallet to block.
    pub identifier: String,
}

impl CreateBlocklistIdentifier {
    /// Blocks `identifier`.
    pub fn new(identifier: impl Into<String>) -> Self {
        Self {
            identifier: identifier.into(),
        }
    }
}

sub_api!(AllowlistIdentifiers, allowlist_identifiers);
sub_api!(BlocklistIdentifiers, blocklist_identifiers);

impl AllowlistIdentifiers {
    /// Lists the identifiers on the allow-list
    /// (`GET /allowlist_identifiers`, `ListAllowlistIdentifiers`).
    ///
    /// # Errors
    /// An API error: 402 when the plan does not include the allow-list.
    pub fn list(&self, params: &ListAllowlistIdentifiers) -> PageRequest<AllowlistIdentifier> {
        self.clerk
            .paginate(ApiRequest::get("/allowlist_identifiers").query_params(params))
    }

    /// Adds an identifier to the allow-list
    /// (`POST /allowlist_identifiers`, `CreateAllowlistIdentifier`).
    ///
    /// # Errors
    /// An API error: 400 or 422 for an invalid identifier, 402 when the plan does not include the
    /// allow-list.
    pub async fn create(&self, params: &CreateAllowlistIdentifier) -> Result<AllowlistIdentifier> {
        self.clerk
            .send(ApiRequest::post("/allowlist_identifiers").json(params))
            .await
    }

    /// Removes an identifier from the allow-list
    /// (`DELETE /allowlist_identifiers/{identifier_id}`, `DeleteAllowlistIdentifier`).
    ///
    /// # Errors
    /// An API error: 404 when no identifier has this id.
    pub async fn delete(&self, identifier_id: &str) -> Result<DeletedObject> {
        let path = format!("/allowlist_identifiers/{}", encode_segment(identifier_id));
        self.clerk.send(ApiRequest::delete(path)).await
    }
}

impl BlocklistIdentifiers {
    /// Lists the identifiers on the block-list
    /// (`GET /blocklist_identifiers`, `ListBlocklistIdentifiers`). The endpoint answers every
    /// identifier in one page, with its `total_count`.
    ///
    /// # Errors
    /// An API error: 402 when the plan does not include the block-list.
    pub fn list(&self) -> PageRequest<BlocklistIdentifier> {
        self.clerk
            .paginate(ApiRequest::get("/blocklist_identifiers"))
            .single_page()
    }

    /// Adds an identifier to the block-list
    /// (`POST /blocklist_identifiers`, `CreateBlocklistIdentifier`).
    ///
    /// # Errors
    /// An API error: 400 or 422 for an invalid identifier, 402 when the plan does not include the
    /// block-list.
    pub async fn create(&self, params: &CreateBlocklistIdentifier) -> Result<BlocklistIdentifier> {
        self.clerk
            .send(ApiRequest::post("/blocklist_identifiers").json(params))
            .await
    }

    /// Removes an identifier from the block-list
    /// (`DELETE /blocklist_identifiers/{identifier_id}`, `DeleteBlocklistIdentifier`).
    ///
    /// # Errors
    /// An API error: 404 when no identifier has this id.
    pub async fn delete(&self, identifier_id: &str) -> Result<DeletedObject> {
        let path = format!("/blocklist_identifiers/{}", encode_segment(identifier_id));
        self.clerk.send(ApiRequest::delete(path)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    #[tokio::test]
    async fn allowlist_list_create_delete() {
        let Fake { clerk, seen } = fake(
            200,
            r#"[{"object":"allowlist_identifier","id":"alid_1","identifier":"a@example.com",
                 "identifier_type":"email_address","instance_id":"ins_1",
                 "created_at":1,"updated_at":2}]"#,
        );
        let page = clerk
            .allowlist_identifiers()
            .list(&ListAllowlistIdentifiers::new().paginated(true).limit(5))
            .await
            .unwrap();
        assert_eq!(page[0].identifier_type, Some(IdentifierType::EmailAddress));
        assert_eq!(page.total_count, None);
        let req = seen.only();
        assert_eq!(req.path, "/v1/allowlist_identifiers");
        assert_eq!(req.query, "paginated=true&limit=5");

        let Fake { clerk, seen } = fake(200, r#"{"object":"allowlist_identifier","id":"alid_2"}"#);
        let created = clerk
            .allowlist_identifiers()
            .create(&CreateAllowlistIdentifier::new("+15555550100").notify(true))
            .await
            .unwrap();
        assert_eq!(created.id.as_deref(), Some("alid_2"));
        assert_eq!(created.identifier, None);
        assert_eq!(
            seen.only().body,
            Some(json!({"identifier": "+15555550100", "notify": true}))
        );

        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"allowlist_identifier","id":"alid_2","deleted":true}"#,
        );
        let deleted = clerk
            .allowlist_identifiers()
            .delete("alid/2")
            .await
            .unwrap();
        assert!(deleted.deleted);
        let req = seen.only();
        assert_eq!(req.method, "DELETE");
        assert_eq!(req.path, "/v1/allowlist_identifiers/alid%2F2");
    }

    #[tokio::test]
    async fn blocklist_list_reads_the_wrapped_shape() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"data":[{"object":"blocklist_identifier","id":"blid_1",
                 "identifier":"spam.example","identifier_type":"email_domain"}],
                "total_count":1}"#,
        );
        let page = clerk.blocklist_identifiers().list().await.unwrap();
        assert_eq!(page.total_count, Some(1));
        assert_eq!(
            page[0].identifier_type,
            Some(IdentifierType::Unknown("email_domain".into()))
        );
        let req = seen.only();
        assert_eq!(
            (req.path.as_str(), req.query.as_str()),
            ("/v1/blocklist_identifiers", "")
        );
    }
}
