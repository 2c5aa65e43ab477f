//! The one error type of webhook verification and decoding.

use std::fmt;
use std::time::Duration;

use super::ENV_WEBHOOK_SIGNING_SECRET;

/// Why a webhook was rejected, or could not be decoded.
///
/// `Display` says what to fix. It never contains the signing secret or a signature.
///
/// [`is_config`](Self::is_config) tells a server problem (answer `500`, fix the configuration)
/// from a bad request (answer `400`: Svix retries the delivery later, and an attacker learns
/// nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// One or more of the headers Clerk sends with every webhook are missing or empty.
    MissingHeaders {
        /// The missing headers, by their `svix-*` names (`svix-id`, `svix-timestamp`,
        /// `svix-signature`). The Standard Webhooks names `webhook-*` are accepted too.
        headers: Vec<&'static str>,
    },
    /// No signing secret was configured: the environment variable is unset or empty.
    MissingSecret {
        /// The variable that was read (`CLERK_WEBHOOK_SIGNING_SECRET`).
        variable: &'static str,
    },
    /// The signing secret is not a `whsec_…` secret.
    InvalidSecret {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The `svix-timestamp` header is not a whole number of seconds since the Unix epoch.
    InvalidTimestamp,
    /// The message was signed longer ago than the tolerance allows: a replayed message, or a
    /// clock that is wrong.
    TimestampTooOld {
        /// How long before now it was signed (whole seconds).
        age: Duration,
        /// The tolerance it exceeded.
        tolerance: Duration,
    },
    /// The message claims to be signed further in the future than the tolerance allows.
    TimestampTooNew {
        /// How far after now it claims to be signed (whole seconds).
        ahead: Duration,
        /// The tolerance it exceeded.
        tolerance: Duration,
    },
    /// No `v1` signature of the `svix-signature` header matches the body.
    NoMatchingSignature,
    /// The body is authentic but is not a Clerk event (not JSON, or no `type`).
    InvalidPayload {
        /// The JSON error.
        reason: String,
    },
    /// The event's `data` does not have the shape this crate expects for its type.
    /// [`WebhookEvent::data`](super::WebhookEvent::data) still holds it as JSON.
    InvalidEventData {
        /// The event type, such as `user.created`.
        event_type: String,
        /// The JSON error.
        reason: String,
    },
}

impl WebhookError {
    /// `true` when the server is misconfigured (no secret, or a malformed one) rather than the
    /// request being bad.
    pub fn is_config(&self) -> bool {
        matches!(
            self,
            Self::MissingSecret { .. } | Self::InvalidSecret { .. }
        )
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeaders { headers } => write!(
                f,
                "the webhook request lacks the {} header{}: Clerk sends svix-id, svix-timestamp and \
                 svix-signature with every webhook, so make sure nothing between Clerk and this \
                 handler drops them",
                headers.join(", "),
                if headers.len() == 1 { "" } else { "s" },
            ),
            Self::MissingSecret { variable } => write!(
                f,
                "no webhook signing secret: set {variable} to the signing secret of this endpoint \
                 (Clerk Dashboard, Webhooks, your endpoint, Signing Secret)"
            ),
            Self::InvalidSecret { reason } => write!(
                f,
                "the webhook signing secret is not valid ({reason}): copy the endpoint's signing \
                 secret, which looks like whsec_ followed by base64, from the Clerk Dashboard"
            ),
            Self::InvalidTimestamp => f.write_str(
                "the svix-timestamp header is not a number of seconds since the Unix epoch",
            ),
            Self::TimestampTooOld { age, tolerance } => write!(
                f,
                "the webhook was signed {} s ago, more than the {} s tolerance: the message is \
                 replayed or stale, or this server's clock is wrong",
                age.as_secs(),
                tolerance.as_secs()
            ),
            Self::TimestampTooNew { ahead, tolerance } => write!(
                f,
                "the webhook claims to be signed {} s in the future, more than the {} s \
                 tolerance: check this server's clock",
                ahead.as_secs(),
                tolerance.as_secs()
            ),
            Self::NoMatchingSignature => f.write_str(
                "no signature in the svix-signature header matches: check that the signing secret \
                 is the one of this endpoint, and that the body is verified as the raw bytes \
                 received (not parsed and serialised again)",
            ),
            Self::InvalidPayload { reason } => {
                write!(f, "the webhook body is not a Clerk event: {reason}")
            }
            Self::InvalidEventData { event_type, reason } => write!(
                f,
                "the data of the {event_type} event does not have the expected shape ({reason}); \
                 it is still available as JSON in WebhookEvent::data"
            ),
        }
    }
}

impl std::error::Error for WebhookError {}

impl WebhookError {
    pub(super) fn missing_secret() -> Self {
        Self::MissingSecret {
            variable: ENV_WEBHOOK_SIGNING_SECRET,
        }
    }
}
