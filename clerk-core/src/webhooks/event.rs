//! The event envelope and its typed view.

use serde::{Deserialize, Serialize};

use super::WebhookError;
use super::payloads::{EmailMessage, SessionWithUser, SmsMessage};
use crate::resources::billing::{BillingSubscription, PaymentAttempt, SubscriptionItem};
use crate::resources::common::DeletedObject;
use crate::resources::organization_domains::OrganizationDomain;
use crate::resources::organization_invitations::OrganizationInvitation;
use crate::resources::organization_memberships::OrganizationMembership;
use crate::resources::organization_permissions::Permission;
use crate::resources::organization_roles::Role;
use crate::resources::organizations::Organization;
use crate::resources::users::User;
use crate::resources::waitlist_entries::WaitlistEntry;

/// A verified webhook event: the envelope Clerk sends, with `data` kept as JSON.
///
/// [`event`](Self::event) and [`into_event`](Self::into_event) decode `data` into a typed
/// [`Event`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WebhookEvent {
    /// The message id from the `svix-id` header. Svix retries a failed delivery with the same id:
    /// use it to process each event once.
    pub message_id: String,
    /// The event type as Clerk spells it, such as `user.created` (`type` in the JSON).
    pub event_type: String,
    /// Always `event`.
    pub object: String,
    /// The object the event is about, as JSON.
    pub data: serde_json::Value,
    /// When the event happened, in milliseconds since the Unix epoch.
    pub timestamp: Option<i64>,
    /// The Clerk instance the event comes from (`ins_…`).
    pub instance_id: Option<String>,
    /// Details of the request that caused the event, when there was one.
    pub event_attributes: Option<EventAttributes>,
}

/// Details of the request behind an event (`event_attributes`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventAttributes {
    /// The HTTP request that caused the event.
    #[serde(default)]
    pub http_request: Option<HttpRequestAttributes>,
}

/// The HTTP request behind an event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HttpRequestAttributes {
    /// The client's IP address.
    #[serde(default)]
    pub client_ip: Option<String>,
    /// The client's `User-Agent`.
    #[serde(default)]
    pub user_agent: Option<String>,
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "type")]
    event_type: String,
    #[serde(default)]
    object: Option<String>,
    #[serde(default)]
    data: serde_json::Value,
    #[serde(default)]
    timestamp: Option<i64>,
    #[serde(default)]
    instance_id: Option<String>,
    #[serde(default)]
    event_attributes: Option<EventAttributes>,
}

impl WebhookEvent {
    /// Parses a body whose signature was verified.
    pub(super) fn parse(message_id: &str, raw_body: &[u8]) -> Result<Self, WebhookError> {
        let envelope: Envelope =
            serde_json::from_slice(raw_body).map_err(|e| WebhookError::InvalidPayload {
                reason: e.to_string(),
            })?;
        Ok(Self {
            message_id: message_id.to_owned(),
            event_type: envelope.event_type,
            object: envelope.object.unwrap_or_else(|| "event".to_owned()),
            data: envelope.data,
            timestamp: envelope.timestamp,
            instance_id: envelope.instance_id,
            event_attributes: envelope.event_attributes,
        })
    }

    /// The typed event, decoded from a copy of [`data`](Self::data).
    ///
    /// # Errors
    /// [`WebhookError::InvalidEventData`] when `data` does not fit the model of a known event
    /// type. Unknown types are not an error: they give [`Event::Unknown`].
    pub fn event(&self) -> Result<Event, WebhookError> {
        Event::from_parts(&self.event_type, self.data.clone())
    }

    /// The typed event, consuming the envelope.
    ///
    /// # Errors
    /// As [`event`](Self::event).
    pub fn into_event(self) -> Result<Event, WebhookError> {
        Event::from_parts(&self.event_type, self.data)
    }
}

/// Declares [`Event`], its decoding and [`EVENT_TYPES`] from one table of
/// `Variant(Model) = "event.type"` lines.
macro_rules! events {
    ($( $(#[$doc:meta])* $variant:ident($model:ty) = $name:literal, )*) => {
        /// A Clerk webhook event with its typed data: one variant per event type.
        ///
        /// Clerk adds event types over time; they decode as [`Event::Unknown`], and new variants
        /// may be added to this enum in minor releases.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            $( $(#[$doc])* #[doc = concat!("\n\n`", $name, "`")] $variant($model), )*
            /// An event type this version of the crate does not know, kept as received.
            Unknown {
                /// The event type, such as `user.signed_up_on_mars`.
                event_type: String,
                /// Its data.
                data: serde_json::Value,
            },
        }

        impl Event {
            /// Decodes the `data` of an event of type `event_type`.
            ///
            /// # Errors
            /// [`WebhookError::InvalidEventData`] when `data` does not fit the model of a
            /// known type; an unknown type gives [`Event::Unknown`], never an error.
            pub fn from_parts(event_type: &str, data: serde_json::Value) -> Result<Self, WebhookError> {
                let decoded = match event_type {
                    $( $name => serde_json::from_value(data).map(Self::$variant), )*
                    _ => {
                        return Ok(Self::Unknown {
                            event_type: event_type.to_owned(),
                            data,
                        })
                    }
                };
                decoded.map_err(|e| WebhookError::InvalidEventData {
                    event_type: event_type.to_owned(),
                    reason: e.to_string(),
                })
            }

            /// The event type as Clerk spells it, such as `user.created`.
            pub fn event_type(&self) -> &str {
                match self {
                    $( Self::$variant(_) => $name, )*
                    Self::Unknown { event_type, .. } => event_type,
                }
            }
        }

        /// Every event type [`Event`] has a variant for, as Clerk spells them.
        pub const EVENT_TYPES: &[&str] = &[$( $name, )*];
    };
}

events! {
    /// A user was created (signed up, or through the Dashboard or Backend API).
    UserCreated(User) = "user.created",
    /// A user was updated.
    UserUpdated(User) = "user.updated",
    /// A user was deleted; the data has its `id` and `external_id`.
    UserDeleted(DeletedObject) = "user.deleted",

    /// A session was created (a user signed in).
    SessionCreated(SessionWithUser) = "session.created",
    /// A session ended (the user signed out).
    SessionEnded(SessionWithUser) = "session.ended",
    /// A session was removed.
    SessionRemoved(SessionWithUser) = "session.removed",
    /// A session was revoked (by the Backend API or the Dashboard).
    SessionRevoked(SessionWithUser) = "session.revoked",

    /// Clerk created an email (it is about to send it, or hands it to you to send).
    EmailCreated(EmailMessage) = "email.created",
    /// Clerk created an SMS message.
    SmsCreated(SmsMessage) = "sms.created",

    /// An organization was created.
    OrganizationCreated(Organization) = "organization.created",
    /// An organization was updated.
    OrganizationUpdated(Organization) = "organization.updated",
    /// An organization was deleted.
    OrganizationDeleted(DeletedObject) = "organization.deleted",

    /// A domain was added to an organization.
    OrganizationDomainCreated(OrganizationDomain) = "organizationDomain.created",
    /// An organization domain was updated.
    OrganizationDomainUpdated(OrganizationDomain) = "organizationDomain.updated",
    /// An organization domain was deleted.
    OrganizationDomainDeleted(DeletedObject) = "organizationDomain.deleted",

    /// A user joined an organization.
    OrganizationMembershipCreated(OrganizationMembership) = "organizationMembership.created",
    /// A membership changed (its role, for example).
    OrganizationMembershipUpdated(OrganizationMembership) = "organizationMembership.updated",
    /// A user left or was removed from an organization; the data is the whole membership.
    OrganizationMembershipDeleted(OrganizationMembership) = "organizationMembership.deleted",

    /// An organization invitation was created.
    OrganizationInvitationCreated(OrganizationInvitation) = "organizationInvitation.created",
    /// An organization invitation was accepted; its `user_id` is the new member.
    OrganizationInvitationAccepted(OrganizationInvitation) = "organizationInvitation.accepted",
    /// An organization invitation was revoked.
    OrganizationInvitationRevoked(OrganizationInvitation) = "organizationInvitation.revoked",

    /// An organization role was created.
    RoleCreated(Role) = "role.created",
    /// An organization role was updated.
    RoleUpdated(Role) = "role.updated",
    /// An organization role was deleted.
    RoleDeleted(Role) = "role.deleted",

    /// An organization permission was created.
    PermissionCreated(Permission) = "permission.created",
    /// An organization permission was updated.
    PermissionUpdated(Permission) = "permission.updated",
    /// An organization permission was deleted.
    PermissionDeleted(Permission) = "permission.deleted",

    /// Someone joined the waitlist.
    WaitlistEntryCreated(WaitlistEntry) = "waitlistEntry.created",
    /// A waitlist entry changed (invited, rejected, …).
    WaitlistEntryUpdated(WaitlistEntry) = "waitlistEntry.updated",

    /// A billing payment attempt started.
    PaymentAttemptCreated(PaymentAttempt) = "paymentAttempt.created",
    /// A billing payment attempt changed (paid, failed).
    PaymentAttemptUpdated(PaymentAttempt) = "paymentAttempt.updated",

    /// A billing subscription was created.
    SubscriptionCreated(BillingSubscription) = "subscription.created",
    /// A billing subscription was updated.
    SubscriptionUpdated(BillingSubscription) = "subscription.updated",
    /// A billing subscription became active.
    SubscriptionActive(BillingSubscription) = "subscription.active",
    /// A billing subscription became past due.
    SubscriptionPastDue(BillingSubscription) = "subscription.pastDue",

    /// A subscription item was created.
    SubscriptionItemCreated(SubscriptionItem) = "subscriptionItem.created",
    /// A subscription item was updated.
    SubscriptionItemUpdated(SubscriptionItem) = "subscriptionItem.updated",
    /// A subscription item became active.
    SubscriptionItemActive(SubscriptionItem) = "subscriptionItem.active",
    /// A subscription item was canceled (it stays active until its period ends).
    SubscriptionItemCanceled(SubscriptionItem) = "subscriptionItem.canceled",
    /// A subscription item was scheduled to start at the next period.
    SubscriptionItemUpcoming(SubscriptionItem) = "subscriptionItem.upcoming",
    /// A subscription item ended.
    SubscriptionItemEnded(SubscriptionItem) = "subscriptionItem.ended",
    /// A subscription item was abandoned before it started.
    SubscriptionItemAbandoned(SubscriptionItem) = "subscriptionItem.abandoned",
    /// A subscription item is incomplete (its payment has not gone through).
    SubscriptionItemIncomplete(SubscriptionItem) = "subscriptionItem.incomplete",
    /// A subscription item became past due.
    SubscriptionItemPastDue(SubscriptionItem) = "subscriptionItem.pastDue",
    /// The free trial of a subscription item is about to end.
    SubscriptionItemFreeTrialEnding(SubscriptionItem) = "subscriptionItem.freeTrialEnding",
}
