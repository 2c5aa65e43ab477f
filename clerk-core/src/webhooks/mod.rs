//! Webhooks: verify that a request comes from Clerk, then decode its event.
//!
//! ```
//! use clerk_core::http::HeaderMap;
//! use clerk_core::webhooks::{Event, WebhookError, WebhookSecret, verify_webhook};
//!
//! fn handle(headers: &HeaderMap, raw_body: &[u8], secret: &WebhookSecret) -> Result<String, WebhookError> {
//!     // Verify the raw bytes received, before anything parses them.
//!     let event = verify_webhook(headers, raw_body, secret)?;
//!     // `event.message_id` is the same on every retry of a delivery: use it to skip duplicates.
//!     Ok(match event.into_event()? {
//!         Event::UserCreated(user) => format!("welcome {}", user.id),
//!         Event::UserDeleted(deleted) => format!("forget {}", deleted.id.unwrap_or_default()),
//!         Event::OrganizationMembershipCreated(m) => format!("{} joined as {}", m.organization.name, m.role),
//!         Event::Unknown { event_type, .. } => format!("{event_type} is new to this crate"),
//!         other => format!("{} is not handled here", other.event_type()),
//!     })
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // In a server: `WebhookSecret::from_env()?` reads CLERK_WEBHOOK_SIGNING_SECRET.
//! let secret = WebhookSecret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
//! # // What Clerk would send.
//! # let body = br#"{"type":"user.deleted","object":"event","timestamp":1716883200000,
//! #   "instance_id":"ins_1","data":{"object":"user","id":"user_1","deleted":true}}"#;
//! # let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs() as i64;
//! # let mut headers = HeaderMap::new();
//! # headers.insert("svix-id", "msg_1".parse()?);
//! # headers.insert("svix-timestamp", now.to_string().parse()?);
//! # headers.insert("svix-signature", secret.sign("msg_1", now, body).parse()?);
//! assert_eq!(handle(&headers, body, &secret)?, "forget user_1");
//!
//! // A forged or altered request is refused.
//! let err = handle(&headers, br#"{"type":"user.deleted","data":{}}"#, &secret).unwrap_err();
//! assert_eq!(err, WebhookError::NoMatchingSignature);
//! # Ok(()) }
//! ```
//!
//! # How verification works
//! Clerk delivers webhooks through Svix, which signs them the
//! [Standard Webhooks](https://www.standardwebhooks.com/) way:
//! - three headers, `svix-id`, `svix-timestamp` (seconds since the Unix epoch) and
//!   `svix-signature` (the Standard Webhooks names `webhook-id`, `webhook-timestamp` and
//!   `webhook-signature` are accepted too);
//! - the signature is the base64 HMAC-SHA256 of `{id}.{timestamp}.{raw body}`, keyed with the
//!   base64-decoded part of the endpoint's `whsec_…` secret;
//! - the header holds space-separated `v1,<signature>` entries (several during a secret rotation):
//!   one match is enough, entries of other versions are ignored, and comparisons take constant
//!   time;
//! - the timestamp must be within 5 minutes of now, either way
//!   ([`WebhookVerifier::tolerance`] changes that).
//!
//! Headers come from an [`http::HeaderMap`] or, for frameworks on another `http` version, from a
//! lookup closure ([`WebhookHeaders::from_fn`]).
//!
//! # Events
//! [`verify_webhook`] returns the [`WebhookEvent`] envelope: its type, timestamp, instance and
//! request attributes, and its `data` as JSON. [`WebhookEvent::into_event`] decodes `data` into an
//! [`Event`], one variant per event type Clerk sends, holding a typed model; types this crate does
//! not know become [`Event::Unknown`], never an error.
//!
//! Each event carries the Backend API's model of its object from [`resources`](crate::resources):
//! [`User`](crate::resources::users::User),
//! [`Organization`](crate::resources::organizations::Organization),
//! [`OrganizationMembership`](crate::resources::organization_memberships::OrganizationMembership),
//! [`OrganizationInvitation`](crate::resources::organization_invitations::OrganizationInvitation),
//! [`OrganizationDomain`](crate::resources::organization_domains::OrganizationDomain),
//! [`Role`](crate::resources::organization_roles::Role),
//! [`Permission`](crate::resources::organization_permissions::Permission),
//! [`WaitlistEntry`](crate::resources::waitlist_entries::WaitlistEntry) and billing's
//! [`BillingSubscription`](crate::resources::billing::BillingSubscription),
//! [`SubscriptionItem`](crate::resources::billing::SubscriptionItem) and
//! [`PaymentAttempt`](crate::resources::billing::PaymentAttempt). Webhook payloads are not
//! described by Clerk's OpenAPI spec and leave out fields the API sends, which those models
//! tolerate: unknown fields are ignored and, apart from `id` and `object`, a missing or `null`
//! field takes its default. Only what no endpoint returns has a model here: [`SessionWithUser`],
//! [`EmailMessage`] and [`SmsMessage`]. Whatever the type, [`WebhookEvent::data`] keeps the data
//! as received.
//!
//! # Not to be confused with `Clerk::webhooks()`
//! This module checks the webhooks Clerk sends to you. [`Clerk::webhooks`](crate::Clerk::webhooks)
//! is a Backend API sub-API that manages the Svix app delivering them (create it, delete it,
//! open its dashboard).

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_lc_rs::{constant_time, hmac};
use base64::Engine as _;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};

use crate::config::Environment;

mod error;
mod event;
mod payloads;

pub use error::WebhookError;
pub use event::{EVENT_TYPES, Event, EventAttributes, HttpRequestAttributes, WebhookEvent};
pub use payloads::{EmailMessage, SessionWithUser, SmsMessage};

/// The environment variable holding the signing secret.
pub const ENV_WEBHOOK_SIGNING_SECRET: &str = "CLERK_WEBHOOK_SIGNING_SECRET";

/// How far the signing time may be from now, either way, by default: 5 minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

const SECRET_PREFIX: &str = "whsec_";

/// Standard base64 that accepts the secret and signatures with or without padding.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The signing secret of a webhook endpoint (`whsec_…`).
///
/// `Debug` shows `WebhookSecret([redacted])`: the key never appears in logs.
///
/// # Security Warning
/// Anyone with the secret can forge webhooks that pass verification. Keep it out of source
/// control and logs.
#[derive(Clone)]
pub struct WebhookSecret {
    key: hmac::Key,
}

impl WebhookSecret {
    /// Parses a signing secret: `whsec_` followed by base64, or the base64 part alone.
    /// Surrounding whitespace is ignored.
    ///
    /// # Errors
    /// [`WebhookError::InvalidSecret`] when it is empty or not base64.
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        let secret = secret.trim();
        let encoded = secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret);
        if encoded.is_empty() {
            return Err(WebhookError::InvalidSecret {
                reason: "it is empty",
            });
        }
        let bytes = BASE64
            .decode(encoded)
            .map_err(|_| WebhookError::InvalidSecret {
                reason: "the part after whsec_ is not base64",
            })?;
        if bytes.is_empty() {
            return Err(WebhookError::InvalidSecret {
                reason: "it decodes to no bytes",
            });
        }
        Ok(Self {
            key: hmac::Key::new(hmac::HMAC_SHA256, &bytes),
        })
    }

    /// Reads the secret from `CLERK_WEBHOOK_SIGNING_SECRET` in the process environment.
    ///
    /// # Errors
    /// [`WebhookError::MissingSecret`] when the variable is unset or empty;
    /// [`WebhookError::InvalidSecret`] when it is malformed.
    pub fn from_env() -> Result<Self, WebhookError> {
        Self::from_environment(&Environment::process())
    }

    /// Reads the secret from `CLERK_WEBHOOK_SIGNING_SECRET` in `environment`.
    ///
    /// # Errors
    /// As [`from_env`](Self::from_env).
    pub fn from_environment(environment: &Environment) -> Result<Self, WebhookError> {
        let value = environment
            .var(ENV_WEBHOOK_SIGNING_SECRET)
            .ok_or_else(WebhookError::missing_secret)?;
        Self::new(&value)
    }

    /// Signs a message the way Clerk does, returning a `svix-signature` header value
    /// (`v1,<base64>`). Useful to test your webhook handler.
    pub fn sign(&self, message_id: &str, timestamp: i64, payload: &[u8]) -> String {
        let tag = self.tag(message_id, timestamp, payload);
        format!("v1,{}", STANDARD.encode(tag.as_ref()))
    }

    fn tag(&self, message_id: &str, timestamp: i64, payload: &[u8]) -> hmac::Tag {
        let mut context = hmac::Context::with_key(&self.key);
        context.update(message_id.as_bytes());
        context.update(b".");
        context.update(timestamp.to_string().as_bytes());
        context.update(b".");
        context.update(payload);
        context.sign()
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret([redacted])")
    }
}

impl FromStr for WebhookSecret {
    type Err = WebhookError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

/// The three signature headers of a webhook request, borrowed from wherever the framework keeps
/// them.
///
/// Build it from an [`http::HeaderMap`] (`&headers` converts), or with
/// [`from_fn`](Self::from_fn) from any header lookup. Each header is read under its Svix name
/// (`svix-id`), else its Standard Webhooks name (`webhook-id`); an empty value counts as missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WebhookHeaders<'a> {
    id: Option<&'a str>,
    timestamp: Option<&'a str>,
    signature: Option<&'a str>,
}

/// (Svix name, Standard Webhooks name) of the id, timestamp and signature headers.
const HEADER_NAMES: [(&str, &str); 3] = [
    ("svix-id", "webhook-id"),
    ("svix-timestamp", "webhook-timestamp"),
    ("svix-signature", "webhook-signature"),
];

impl<'a> WebhookHeaders<'a> {
    /// The headers as `lookup` finds them. `lookup` gets a lowercase header name and returns its
    /// value, if present:
    ///
    /// ```
    /// # use clerk_core::webhooks::WebhookHeaders;
    /// # let request_headers = std::collections::HashMap::from([("svix-id", "msg_1")]);
    /// let headers = WebhookHeaders::from_fn(|name| request_headers.get(name).copied());
    /// ```
    pub fn from_fn(lookup: impl Fn(&str) -> Option<&'a str>) -> Self {
        let read = |(svix, standard): (&str, &str)| {
            let present = |name| lookup(name).filter(|v: &&str| !v.trim().is_empty());
            present(svix).or_else(|| present(standard))
        };
        let [id, timestamp, signature] = HEADER_NAMES;
        Self {
            id: read(id),
            timestamp: read(timestamp),
            signature: read(signature),
        }
    }

    /// The headers from values you already extracted.
    pub fn new(id: &'a str, timestamp: &'a str, signature: &'a str) -> Self {
        let present = |v: &'a str| Some(v).filter(|v| !v.trim().is_empty());
        Self {
            id: present(id),
            timestamp: present(timestamp),
            signature: present(signature),
        }
    }

    /// The message id (`svix-id`), if present.
    pub fn id(&self) -> Option<&'a str> {
        self.id
    }

    fn require(&self) -> Result<(&'a str, &'a str, &'a str), WebhookError> {
        match (self.id, self.timestamp, self.signature) {
            (Some(id), Some(timestamp), Some(signature)) => Ok((id, timestamp, signature)),
            (id, timestamp, signature) => {
                let headers = [id, timestamp, signature]
                    .iter()
                    .zip(HEADER_NAMES)
                    .filter(|(value, _)| value.is_none())
                    .map(|(_, (svix, _))| svix)
                    .collect();
                Err(WebhookError::MissingHeaders { headers })
            }
        }
    }
}

impl<'a> From<&'a http::HeaderMap> for WebhookHeaders<'a> {
    /// Reads the headers; a value that is not visible ASCII counts as missing.
    fn from(headers: &'a http::HeaderMap) -> Self {
        Self::from_fn(|name| headers.get(name).and_then(|v| v.to_str().ok()))
    }
}

type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Verifies webhooks with a fixed secret, a tolerance and a clock of your choice.
///
/// [`verify_webhook`] is this with the defaults.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use clerk_core::webhooks::{WebhookHeaders, WebhookSecret, WebhookVerifier};
///
/// let verifier = WebhookVerifier::new(WebhookSecret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?)
///     .tolerance(Duration::from_secs(60))
///     // Verify as if it were that moment: for tests and replays of recorded requests.
///     .at(UNIX_EPOCH + Duration::from_secs(1614265330));
/// let headers = WebhookHeaders::new(
///     "msg_p5jXN8AQM9LWM0D4loKWxJek",
///     "1614265330",
///     "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
/// );
/// verifier.verify_signature(headers, br#"{"test": 2432232314}"#)?;
/// # Ok::<(), clerk_core::webhooks::WebhookError>(())
/// ```
#[derive(Clone)]
pub struct WebhookVerifier {
    secret: WebhookSecret,
    tolerance: Duration,
    clock: Option<Clock>,
}

impl WebhookVerifier {
    /// A verifier for `secret`, with a [`DEFAULT_TOLERANCE`] of 5 minutes and the system clock.
    pub fn new(secret: WebhookSecret) -> Self {
        Self {
            secret,
            tolerance: DEFAULT_TOLERANCE,
            clock: None,
        }
    }

    /// A verifier for the secret in `CLERK_WEBHOOK_SIGNING_SECRET`.
    ///
    /// # Errors
    /// As [`WebhookSecret::from_env`].
    pub fn from_env() -> Result<Self, WebhookError> {
        WebhookSecret::from_env().map(Self::new)
    }

    /// A verifier for the secret in `CLERK_WEBHOOK_SIGNING_SECRET` in `environment`.
    ///
    /// # Errors
    /// As [`WebhookSecret::from_env`].
    pub fn from_environment(environment: &Environment) -> Result<Self, WebhookError> {
        WebhookSecret::from_environment(environment).map(Self::new)
    }

    /// How far the signing time may be from now, either way. Defaults to 5 minutes.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Where "now" comes from. Defaults to [`SystemTime::now`].
    pub fn clock(mut self, now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(now));
        self
    }

    /// Verifies as if the current time were `now` (for tests).
    pub fn at(self, now: SystemTime) -> Self {
        self.clock(move || now)
    }

    /// Verifies the request's signature and timestamp, then parses the body as a Clerk event.
    ///
    /// # Errors
    /// [`WebhookError::MissingHeaders`], [`InvalidTimestamp`](WebhookError::InvalidTimestamp),
    /// [`TimestampTooOld`](WebhookError::TimestampTooOld),
    /// [`TimestampTooNew`](WebhookError::TimestampTooNew) or
    /// [`NoMatchingSignature`](WebhookError::NoMatchingSignature) when the request is not
    /// authentic; [`InvalidPayload`](WebhookError::InvalidPayload) when it is, but is not an
    /// event.
    pub fn verify<'a>(
        &self,
        headers: impl Into<WebhookHeaders<'a>>,
        raw_body: &[u8],
    ) -> Result<WebhookEvent, WebhookError> {
        let headers = headers.into();
        self.verify_signature(headers, raw_body)?;
        WebhookEvent::parse(headers.id.unwrap_or_default(), raw_body)
    }

    /// Verifies the request's signature and timestamp only, leaving the body to you.
    ///
    /// # Errors
    /// As [`verify`](Self::verify), except `InvalidPayload`.
    pub fn verify_signature<'a>(
        &self,
        headers: impl Into<WebhookHeaders<'a>>,
        raw_body: &[u8],
    ) -> Result<(), WebhookError> {
        let now = self.clock.as_ref().map_or_else(SystemTime::now, |c| c());
        check(&self.secret, self.tolerance, now, &headers.into(), raw_body)
    }
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("secret", &self.secret)
            .field("tolerance", &self.tolerance)
            .field(
                "clock",
                &if self.clock.is_some() {
                    "custom"
                } else {
                    "system"
                },
            )
            .finish()
    }
}

/// Verifies a webhook request from Clerk and parses its event: the signature over `raw_body`
/// with `secret`, within 5 minutes of now.
///
/// Pass the body exactly as received: parsing and serialising it again changes the bytes and
/// breaks the signature. [`WebhookVerifier`] sets another tolerance or clock.
///
/// # Errors
/// See [`WebhookVerifier::verify`].
pub fn verify_webhook<'a>(
    headers: impl Into<WebhookHeaders<'a>>,
    raw_body: &[u8],
    secret: &WebhookSecret,
) -> Result<WebhookEvent, WebhookError> {
    let headers = headers.into();
    check(
        secret,
        DEFAULT_TOLERANCE,
        SystemTime::now(),
        &headers,
        raw_body,
    )?;
    WebhookEvent::parse(headers.id.unwrap_or_default(), raw_body)
}

fn check(
    secret: &WebhookSecret,
    tolerance: Duration,
    now: SystemTime,
    headers: &WebhookHeaders<'_>,
    raw_body: &[u8],
) -> Result<(), WebhookError> {
    let (id, timestamp, signatures) = headers.require()?;
    let timestamp: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| WebhookError::InvalidTimestamp)?;

    let now = unix_seconds(now);
    let limit = i64::try_from(tolerance.as_secs()).unwrap_or(i64::MAX);
    let age = now.saturating_sub(timestamp);
    if age > limit {
        return Err(WebhookError::TimestampTooOld {
            age: Duration::from_secs(age.unsigned_abs()),
            tolerance,
        });
    }
    let ahead = timestamp.saturating_sub(now);
    if ahead > limit {
        return Err(WebhookError::TimestampTooNew {
            ahead: Duration::from_secs(ahead.unsigned_abs()),
            tolerance,
        });
    }

    let expected = secret.tag(id, timestamp, raw_body);
    let matched = signatures
        .split_ascii_whitespace()
        .filter_map(|entry| entry.split_once(','))
        .filter(|(version, _)| *version == "v1")
        .filter_map(|(_, signature)| BASE64.decode(signature).ok())
        .any(|candidate| {
            constant_time::verify_slices_are_equal(&candidate, expected.as_ref()).is_ok()
        });
    if matched {
        Ok(())
    } else {
        Err(WebhookError::NoMatchingSignature)
    }
}

/// Seconds since the Unix epoch, negative before it.
fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}
