//! The data of webhook events that have no Backend API model in this crate (yet).
//!
//! They mirror the spec's schemas where the webhook sends the same object (`Organization`,
//! `OrganizationMembership`, `Role`, …) and Clerk's webhook payloads where it does not (email,
//! SMS, billing). All are tolerant: unknown fields are ignored and every field but `id` may be
//! missing or `null`, which gives its default.

use serde::{Deserialize, Deserializer, Serialize};

use crate::resources::sessions::Session;
use crate::resources::users::User;

/// Deserializes `null` as the type's default, for fields that are never `Option`.
fn null_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

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

/// An organization: `Organization` in the spec.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Organization {
    /// The organization id (`org_…`).
    pub id: String,
    /// Always `organization`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// The slug, unless slugs are turned off.
    #[serde(default)]
    pub slug: Option<String>,
    /// The logo URL.
    #[serde(default)]
    pub image_url: Option<String>,
    /// Whether a logo was uploaded.
    #[serde(default, deserialize_with = "null_default")]
    pub has_image: bool,
    /// The number of members, when Clerk includes it.
    #[serde(default)]
    pub members_count: Option<i64>,
    /// The number of pending invitations, when Clerk includes it.
    #[serde(default)]
    pub pending_invitations_count: Option<i64>,
    /// The membership limit (`0`: unlimited).
    #[serde(default, deserialize_with = "null_default")]
    pub max_allowed_memberships: i64,
    /// Whether admins may delete the organization.
    #[serde(default, deserialize_with = "null_default")]
    pub admin_delete_enabled: bool,
    /// Metadata readable by the frontend and the backend.
    #[serde(default)]
    pub public_metadata: serde_json::Value,
    /// Metadata visible to the backend only.
    #[serde(default)]
    pub private_metadata: serde_json::Value,
    /// The user who created it.
    #[serde(default)]
    pub created_by: Option<String>,
    /// The key of its role set.
    #[serde(default)]
    pub role_set_key: Option<String>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// The public data of a member: `OrganizationMembershipPublicUserData` in the spec.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    /// The profile image URL.
    #[serde(default)]
    pub image_url: Option<String>,
    /// Whether the user uploaded a profile image.
    #[serde(default, deserialize_with = "null_default")]
    pub has_image: bool,
    /// The identifier shown for the user (usually the primary email address).
    #[serde(default)]
    pub identifier: Option<String>,
    /// The username.
    #[serde(default)]
    pub username: Option<String>,
}

/// A user's membership in an organization: `OrganizationMembership` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganizationMembership {
    /// The membership id (`orgmem_…`).
    pub id: String,
    /// Always `organization_membership`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The role key, such as `org:admin`.
    #[serde(default, deserialize_with = "null_default")]
    pub role: String,
    /// The role's display name.
    #[serde(default)]
    pub role_name: Option<String>,
    /// The permission keys the role grants.
    #[serde(default, deserialize_with = "null_default")]
    pub permissions: Vec<String>,
    /// Metadata readable by the frontend and the backend.
    #[serde(default)]
    pub public_metadata: serde_json::Value,
    /// Metadata visible to the backend only.
    #[serde(default)]
    pub private_metadata: serde_json::Value,
    /// The organization.
    #[serde(default, deserialize_with = "null_default")]
    pub organization: Organization,
    /// The member.
    #[serde(default, deserialize_with = "null_default")]
    pub public_user_data: PublicUserData,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

crate::string_enum! {
    /// The state of an [`OrganizationInvitation`].
    pub enum OrganizationInvitationStatus {
        /// Sent, not answered yet.
        Pending = "pending",
        /// Accepted: the invitee is a member.
        Accepted = "accepted",
        /// Revoked by an admin.
        Revoked = "revoked",
        /// Past its expiry.
        Expired = "expired",
    }
}

/// An invitation to join an organization: `OrganizationInvitation` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganizationInvitation {
    /// The invitation id (`orginv_…`).
    pub id: String,
    /// Always `organization_invitation`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The invitee's address.
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
    /// The user who accepted it (`organizationInvitation.accepted` only).
    #[serde(default)]
    pub user_id: Option<String>,
    /// Its state.
    #[serde(default)]
    pub status: Option<OrganizationInvitationStatus>,
    /// Metadata readable by the frontend and the backend, copied to the membership.
    #[serde(default)]
    pub public_metadata: serde_json::Value,
    /// Metadata visible to the backend only, copied to the membership.
    #[serde(default)]
    pub private_metadata: serde_json::Value,
    /// The link the invitee follows.
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

crate::string_enum! {
    /// How users with an address at an [`OrganizationDomain`] join its organization.
    pub enum DomainEnrollmentMode {
        /// Only by invitation from an admin.
        ManualInvitation = "manual_invitation",
        /// They get an invitation automatically.
        AutomaticInvitation = "automatic_invitation",
        /// They get a suggestion to request to join.
        AutomaticSuggestion = "automatic_suggestion",
        /// Through the organization's enterprise SSO connection.
        EnterpriseSso = "enterprise_sso",
    }
}

/// The verification of an organization domain: `OrganizationDomainVerification` in the spec.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DomainVerification {
    /// `unverified`, `verified`, `failed` or `expired`.
    #[serde(default, deserialize_with = "null_default")]
    pub status: String,
    /// How it is verified, such as `email_code`.
    #[serde(default)]
    pub strategy: Option<String>,
    /// Attempts made.
    #[serde(default)]
    pub attempts: Option<i64>,
    /// Expiry, in milliseconds since the Unix epoch.
    #[serde(default, alias = "expires_at")]
    pub expire_at: Option<i64>,
    /// When ownership was verified, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub verified_at: Option<i64>,
}

/// A domain of an organization: `OrganizationDomain` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganizationDomain {
    /// The domain id (`orgdmn_…`).
    pub id: String,
    /// Always `organization_domain`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The organization.
    #[serde(default, deserialize_with = "null_default")]
    pub organization_id: String,
    /// The domain name, such as `example.com`.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// How users with an address at the domain join.
    #[serde(default)]
    pub enrollment_mode: Option<DomainEnrollmentMode>,
    /// The address used to verify the affiliation, if any.
    #[serde(default)]
    pub affiliation_email_address: Option<String>,
    /// The verification of the affiliation between the domain and the organization.
    #[serde(default)]
    pub affiliation_verification: Option<DomainVerification>,
    /// The verification of DNS ownership.
    #[serde(default)]
    pub ownership_verification: Option<DomainVerification>,
    /// Deprecated by Clerk: the same as
    /// [`affiliation_verification`](Self::affiliation_verification).
    #[serde(default)]
    pub verification: Option<DomainVerification>,
    /// Pending invitations for the domain.
    #[serde(default, deserialize_with = "null_default")]
    pub total_pending_invitations: i64,
    /// Pending suggestions for the domain.
    #[serde(default, deserialize_with = "null_default")]
    pub total_pending_suggestions: i64,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// An organization permission: `Permission` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Permission {
    /// The permission id (`perm_…`).
    pub id: String,
    /// Always `permission`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The key, such as `org:invoices:read`.
    #[serde(default, deserialize_with = "null_default")]
    pub key: String,
    /// The display name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// `system` or `user` (`type` in the JSON).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// An organization role: `Role` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Role {
    /// The role id (`role_…`).
    pub id: String,
    /// Always `role`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The key, such as `org:admin`.
    #[serde(default, deserialize_with = "null_default")]
    pub key: String,
    /// The display name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether the role can be given to an organization's creator.
    #[serde(default, deserialize_with = "null_default")]
    pub is_creator_eligible: bool,
    /// The permissions the role grants.
    #[serde(default, deserialize_with = "null_default")]
    pub permissions: Vec<Permission>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

crate::string_enum! {
    /// The state of a [`WaitlistEntry`].
    pub enum WaitlistEntryStatus {
        /// Waiting.
        Pending = "pending",
        /// Invited to sign up.
        Invited = "invited",
        /// Rejected.
        Rejected = "rejected",
        /// Signed up.
        Completed = "completed",
    }
}

/// A waitlist entry: `WaitlistEntry` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WaitlistEntry {
    /// The entry id (`wle_…`).
    pub id: String,
    /// Always `waitlist_entry`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The address that joined.
    #[serde(default, deserialize_with = "null_default")]
    pub email_address: String,
    /// Its state.
    #[serde(default)]
    pub status: Option<WaitlistEntryStatus>,
    /// Whether a batch action is processing the entry.
    #[serde(default, deserialize_with = "null_default")]
    pub is_locked: bool,
    /// The invitation sent, if any (`Invitation` in the spec, as JSON).
    #[serde(default)]
    pub invitation: Option<serde_json::Value>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// An amount of money in billing events.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Money {
    /// The amount in the currency's smallest unit (cents).
    #[serde(default, deserialize_with = "null_default")]
    pub amount: i64,
    /// The amount formatted for display, such as `10.00`.
    #[serde(default, deserialize_with = "null_default")]
    pub amount_formatted: String,
    /// The ISO currency code, such as `USD`.
    #[serde(default, deserialize_with = "null_default")]
    pub currency: String,
    /// The currency symbol, such as `$`.
    #[serde(default, deserialize_with = "null_default")]
    pub currency_symbol: String,
}

/// Totals of a payment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Totals {
    /// Before tax.
    #[serde(default)]
    pub subtotal: Option<Money>,
    /// The tax.
    #[serde(default)]
    pub tax_total: Option<Money>,
    /// What is charged.
    #[serde(default)]
    pub grand_total: Option<Money>,
}

/// Who pays for a subscription: a user or an organization (`CommercePayerResponse` in the spec).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Payer {
    /// The payer id.
    pub id: String,
    /// Always `commerce_payer`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The instance.
    #[serde(default)]
    pub instance_id: Option<String>,
    /// The paying user, for user payers.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The paying organization, for organization payers.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// The organization's name, for organization payers.
    #[serde(default)]
    pub organization_name: Option<String>,
    /// The first name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// The last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// The billing email address.
    #[serde(default)]
    pub email: Option<String>,
    /// The image URL.
    #[serde(default)]
    pub image_url: Option<String>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub updated_at: Option<i64>,
}

crate::string_enum! {
    /// The state of a [`Subscription`] or [`SubscriptionItem`].
    pub enum SubscriptionStatus {
        /// Paid and in effect.
        Active = "active",
        /// A payment failed; features stay during the grace period.
        PastDue = "past_due",
        /// Canceled; in effect until the end of the period.
        Canceled = "canceled",
        /// Over.
        Ended = "ended",
        /// Past its end without renewal.
        Expired = "expired",
        /// Abandoned before it started.
        Abandoned = "abandoned",
        /// Waiting for its first payment.
        Incomplete = "incomplete",
        /// Starts at the next period.
        Upcoming = "upcoming",
    }
}

crate::string_enum! {
    /// The billing period of a [`SubscriptionItem`].
    pub enum PlanPeriod {
        /// Billed monthly.
        Month = "month",
        /// Billed yearly.
        Annual = "annual",
    }
}

/// The plan of a subscription item (main fields; the amounts differ between webhook and API
/// shapes and stay in the raw [`WebhookEvent::data`](super::WebhookEvent::data)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Plan {
    /// The plan id.
    pub id: String,
    /// The name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// The slug, such as `pro`.
    #[serde(default, deserialize_with = "null_default")]
    pub slug: String,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The product the plan belongs to.
    #[serde(default)]
    pub product_id: Option<String>,
    /// Whether it is the default (free) plan.
    #[serde(default, deserialize_with = "null_default")]
    pub is_default: bool,
    /// Whether it renews.
    #[serde(default, deserialize_with = "null_default")]
    pub is_recurring: bool,
    /// Whether it has a base fee.
    #[serde(default, deserialize_with = "null_default")]
    pub has_base_fee: bool,
    /// Whether it is shown in the pricing table.
    #[serde(default, deserialize_with = "null_default")]
    pub publicly_visible: bool,
    /// `user` or `org`.
    #[serde(default)]
    pub for_payer_type: Option<String>,
    /// The ISO currency code.
    #[serde(default)]
    pub currency: Option<String>,
}

/// A payer's subscription to one plan (`subscriptionItem.*`, and inside subscriptions and
/// payment attempts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SubscriptionItem {
    /// The subscription item id.
    pub id: String,
    /// Always `commerce_subscription_item`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The instance.
    #[serde(default)]
    pub instance_id: Option<String>,
    /// Its state.
    #[serde(default)]
    pub status: Option<SubscriptionStatus>,
    /// The plan id.
    #[serde(default)]
    pub plan_id: Option<String>,
    /// The plan.
    #[serde(default)]
    pub plan: Option<Plan>,
    /// The billing period.
    #[serde(default)]
    pub plan_period: Option<PlanPeriod>,
    /// The payer id.
    #[serde(default)]
    pub payer_id: Option<String>,
    /// The payer.
    #[serde(default)]
    pub payer: Option<Payer>,
    /// Whether the item is in a free trial.
    #[serde(default, deserialize_with = "null_default")]
    pub is_free_trial: bool,
    /// The amount per period.
    #[serde(default)]
    pub amount: Option<Money>,
    /// Paid over the item's lifetime: a number of cents in webhooks, an amount object in the
    /// Backend API.
    #[serde(default)]
    pub lifetime_paid: serde_json::Value,
    /// Start of the current period, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub period_start: Option<i64>,
    /// End of the current period, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub period_end: Option<i64>,
    /// When it was canceled, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub canceled_at: Option<i64>,
    /// When it became past due, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub past_due_at: Option<i64>,
    /// When it ended, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub ended_at: Option<i64>,
    /// The day the item was prorated from (`YYYY-MM-DD`), in some events.
    #[serde(default)]
    pub proration_date: Option<String>,
    /// Credit left from a previous plan, in some events.
    #[serde(default)]
    pub credit: Option<serde_json::Value>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// A payer's subscription, the container of its items (`subscription.*`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Subscription {
    /// The subscription id.
    pub id: String,
    /// Always `commerce_subscription`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The instance.
    #[serde(default)]
    pub instance_id: Option<String>,
    /// Its state.
    #[serde(default)]
    pub status: Option<SubscriptionStatus>,
    /// The payer id.
    #[serde(default)]
    pub payer_id: Option<String>,
    /// The payer.
    #[serde(default)]
    pub payer: Option<Payer>,
    /// The items, one per plan (`items` in webhooks, `subscription_items` in the Backend API).
    #[serde(
        default,
        alias = "subscription_items",
        deserialize_with = "null_default"
    )]
    pub items: Vec<SubscriptionItem>,
    /// The latest payment.
    #[serde(default)]
    pub latest_payment_id: Option<String>,
    /// The payment method.
    #[serde(default)]
    pub payment_source_id: Option<String>,
    /// When it became active, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub active_at: Option<i64>,
    /// When it became past due, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub past_due_at: Option<i64>,
    /// When it was canceled, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub canceled_at: Option<i64>,
    /// When it ended, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub ended_at: Option<i64>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

crate::string_enum! {
    /// The state of a [`PaymentAttempt`].
    pub enum PaymentAttemptStatus {
        /// In progress.
        Pending = "pending",
        /// Paid.
        Paid = "paid",
        /// Failed.
        Failed = "failed",
    }
}

crate::string_enum! {
    /// What a [`PaymentAttempt`] pays for.
    pub enum ChargeType {
        /// A checkout: a new subscription or a plan change.
        Checkout = "checkout",
        /// A renewal.
        Recurring = "recurring",
    }
}

/// Why a payment failed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentFailure {
    /// The failure code, such as `card_declined`.
    #[serde(default)]
    pub code: Option<String>,
    /// The card issuer's decline code.
    #[serde(default)]
    pub decline_code: Option<String>,
}

/// An attempt to charge a payer (`paymentAttempt.*`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentAttempt {
    /// The payment attempt id.
    pub id: String,
    /// The kind of object, such as `commerce_payment_attempt`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The instance.
    #[serde(default)]
    pub instance_id: Option<String>,
    /// The payment this attempt belongs to.
    #[serde(default)]
    pub payment_id: Option<String>,
    /// The statement it appears on.
    #[serde(default)]
    pub statement_id: Option<String>,
    /// The payment gateway's id for it.
    #[serde(default)]
    pub gateway_external_id: Option<String>,
    /// Its state.
    #[serde(default)]
    pub status: Option<PaymentAttemptStatus>,
    /// What it pays for.
    #[serde(default)]
    pub charge_type: Option<ChargeType>,
    /// The payer id.
    #[serde(default)]
    pub payer_id: Option<String>,
    /// The payer.
    #[serde(default)]
    pub payer: Option<Payer>,
    /// Who is paid (the instance's payment account), as JSON.
    #[serde(default)]
    pub payee: Option<serde_json::Value>,
    /// The amount, when given as one figure.
    #[serde(default)]
    pub amount: Option<Money>,
    /// Subtotal, tax and total.
    #[serde(default)]
    pub totals: Option<Totals>,
    /// The payment method, as JSON.
    #[serde(default)]
    pub payment_source: Option<serde_json::Value>,
    /// The subscription items paid for.
    #[serde(default, deserialize_with = "null_default")]
    pub subscription_items: Vec<SubscriptionItem>,
    /// Why it failed, for failed attempts.
    #[serde(default)]
    pub failed_reason: Option<PaymentFailure>,
    /// The billing date, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub billing_date: Option<i64>,
    /// When it was paid, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub paid_at: Option<i64>,
    /// When it failed, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub failed_at: Option<i64>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}
