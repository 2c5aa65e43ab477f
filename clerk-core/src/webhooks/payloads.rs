//! The data of webhook events that only webhooks send: a session with its user, and the email
//! and SMS messages Clerk creates.
//!
//! Every other event carries a Backend API model from [`resources`](crate::resources).
//! Like those, these are tolerant: unknown fields are ignored and, apart from `id`, a missing or
//! `null` field takes its default.

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;
use crate::resources::sessions::Session;
use crate::resources::users::User;

/// The data of `session.*` events: the session and, when Clerk includes it, its user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SessionWithUser {
    /// The session.
    #[serde(flatten)]
    pub session: Session,
    /// The session's user.
    #[serde(default)]
    pub user: Option<User>,
}

/// An email Clerk created (`email.created`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EmailMessage {
    /// The email id.
    pub id: String,
    /// Always `email`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The template the email comes from, such as `verification_code`.
    #[serde(default)]
    pub slug: Option<String>,
    /// The sender name (the part before `@` of the from address).
    #[serde(default)]
    pub from_email_name: Option<String>,
    /// The recipient's address.
    #[serde(default)]
    pub to_email_address: Option<String>,
    /// The recipient's email address id.
    #[serde(default)]
    pub email_address_id: Option<String>,
    /// The recipient user, if known.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The subject.
    #[serde(default)]
    pub subject: Option<String>,
    /// The HTML body.
    #[serde(default)]
    pub body: Option<String>,
    /// The plain-text body.
    #[serde(default)]
    pub body_plain: Option<String>,
    /// The delivery status, such as `queued`.
    #[serde(default)]
    pub status: Option<String>,
    /// The template's variables (such as the code), for sending the email yourself.
    #[serde(default)]
    pub data: serde_json::Value,
    /// Whether Clerk delivers it (`false`: delivery is up to you).
    #[serde(default, deserialize_with = "null_default")]
    pub delivered_by_clerk: bool,
}

/// An SMS message Clerk created (`sms.created`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SmsMessage {
    /// The message id.
    pub id: String,
    /// Always `sms_message`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The template the message comes from, such as `verification_code`.
    #[serde(default)]
    pub slug: Option<String>,
    /// The sender number.
    #[serde(default)]
    pub from_phone_number: Option<String>,
    /// The recipient number.
    #[serde(default)]
    pub to_phone_number: Option<String>,
    /// The recipient's phone number id.
    #[serde(default)]
    pub phone_number_id: Option<String>,
    /// The recipient user, if known.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The text.
    #[serde(default)]
    pub message: Option<String>,
    /// The delivery status, such as `queued`.
    #[serde(default)]
    pub status: Option<String>,
    /// The template's variables (such as the code), for sending the message yourself.
    #[serde(default)]
    pub data: serde_json::Value,
    /// Whether Clerk delivers it (`false`: delivery is up to you).
    #[serde(default, deserialize_with = "null_default")]
    pub delivered_by_clerk: bool,
}
