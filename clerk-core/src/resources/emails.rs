//! Emails sent through Clerk (the seed's `emails.createEmail`).
//!
//! `POST /emails` was removed from Clerk's Backend API in January 2024: instances created since
//! then get `403 Forbidden`, and the endpoint is absent from every published OpenAPI spec. The
//! method stays for code ported from the seed SDK and for instances that still have it.

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;
use crate::{ApiRequest, Result};

/// An email Clerk queued for delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Email {
    /// Always `email`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The email id.
    #[serde(default)]
    pub id: Option<String>,
    /// The sender name (the part before `@` of the from address).
    #[serde(default)]
    pub from_email_name: Option<String>,
    /// The recipient's email address id.
    #[serde(default)]
    pub email_address_id: Option<String>,
    /// The recipient's address.
    #[serde(default)]
    pub to_email_address: Option<String>,
    /// The subject.
    #[serde(default)]
    pub subject: Option<String>,
    /// The body.
    #[serde(default)]
    pub body: Option<String>,
    /// The delivery status, such as `queued`.
    #[serde(default)]
    pub status: Option<String>,
}

/// The body of [`Emails::create_email`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateEmail {
    /// The sender name: the part before `@` of the from address.
    pub from_email_name: String,
    /// The subject.
    pub subject: String,
    /// The body (HTML or plain text).
    pub body: String,
    /// The id of the recipient's email address (`idn_…`).
    pub email_address_id: String,
}

impl CreateEmail {
    /// An email from `from_email_name` to the email address `email_address_id`.
    pub fn new(
        from_email_name: impl Into<String>,
        email_address_id: impl Into<String>,
        subject: impl Into<String>,
        body: impl Into<String>,
    ) -> Self {
        Self {
            from_email_name: from_email_name.into(),
            subject: subject.into(),
            body: body.into(),
            email_address_id: email_address_id.into(),
        }
    }
}

sub_api!(Emails, emails);

impl Emails {
    /// Sends an email to one of your users' email addresses (`POST /emails`).
    ///
    /// # Errors
    /// Instances created since January 2024 answer `403 Forbidden`: the endpoint is gone. Send
    /// email through your own provider, with the address from `clerk.users().get(..)`.
    #[deprecated(
        note = "POST /emails was removed from the Backend API in January 2024 (new instances get 403); send email through your own provider"
    )]
    pub async fn create_email(&self, email: &CreateEmail) -> Result<Email> {
        self.clerk
            .send(ApiRequest::post("/emails").json(email))
            .await
    }
}
