//! Email addresses of users (the spec's `Email Addresses` tag), and the verification and link
//! models shared by every identification (the spec's `EmailAddress`, `verification_*` and
//! `IdentificationLink` schemas).

use serde::{Deserialize, Serialize};

use crate::resources::common::{DeletedObject, null_default};
use crate::{ApiRequest, Result, encode_segment};

crate::string_enum! {
    /// The state of a [`Verification`].
    pub enum VerificationStatus {
        /// Not verified yet.
        Unverified = "unverified",
        /// Verified.
        Verified = "verified",
        /// The verification failed.
        Failed = "failed",
        /// The verification expired before it completed.
        Expired = "expired",
        /// An OAuth or SAML verification that can be transferred to a sign-up.
        Transferable = "transferable",
    }
}

crate::string_enum! {
    /// The status an email address or phone number is created with
    /// (`email_address_identification_status` and the like).
    pub enum IdentificationStatus {
        /// Created verified (Clerk's default).
        Verified = "verified",
        /// Created reserved: unverified but usable for sign-in, and locked so no other user can
        /// claim it.
        Reserved = "reserved",
        /// Created unverified.
        Unverified = "unverified",
    }
}

/// A verification: one struct for every `verification_*` schema of the spec
/// (`verification_otp`, `verification_admin`, `verification_oauth`, `verification_saml`,
/// `verification_ticket`, `verification_email_link`, `verification_web3`, `verification_passkey`,
/// …), told apart by [`object`](Self::object) and [`strategy`](Self::strategy); for the one-time
/// codes of `prepare_verification` and `attempt_verification` (`_VerificationResponse`, with an
/// [`id`](Self::id)); and for organization domains (`OrganizationDomainVerification`, with
/// [`verified_at`](Self::verified_at)).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Verification {
    /// The kind of verification, such as `verification_otp` or `verification_oauth`.
    #[serde(default)]
    pub object: Option<String>,
    /// The verification id of a one-time code, to pass to `attempt_verification`.
    #[serde(default)]
    pub id: Option<String>,
    /// Its state.
    #[serde(default, deserialize_with = "null_default")]
    pub status: VerificationStatus,
    /// How it was (or is being) verified, such as `email_code`, `admin` or `oauth_google`.
    #[serde(default, deserialize_with = "null_default")]
    pub strategy: String,
    /// Attempts made so far, if counted.
    #[serde(default)]
    pub attempts: Option<i64>,
    /// When the verification expires, in milliseconds since the Unix epoch (`expires_at` in
    /// some webhook payloads).
    #[serde(default, alias = "expires_at")]
    pub expire_at: Option<i64>,
    /// When an organization domain's ownership was verified, in milliseconds since the Unix
    /// epoch.
    #[serde(default)]
    pub verified_at: Option<i64>,
    /// The delivery channel of a code (phone codes only), such as `sms`.
    #[serde(default)]
    pub channel: Option<String>,
    /// The client the verification completed on, if known.
    #[serde(default)]
    pub verified_at_client: Option<String>,
    /// Where to send the user to complete an OAuth or SAML verification.
    #[serde(default)]
    pub external_verification_redirect_url: Option<String>,
    /// Why an OAuth or SAML verification failed: a Clerk error object (`code`, `message`,
    /// `long_message`, `meta`).
    #[serde(default)]
    pub error: Option<serde_json::Value>,
    /// The nonce of a Web3 or passkey verification.
    #[serde(default)]
    pub nonce: Option<String>,
    /// The message signed in a Web3 or passkey verification.
    #[serde(default)]
    pub message: Option<String>,
}

/// A link from an identification to the account that provides it: `IdentificationLink` in the
/// spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IdentificationLink {
    /// The kind of link, such as `oauth_google` (`type` in the JSON).
    #[serde(default, deserialize_with = "null_default", rename = "type")]
    pub kind: String,
    /// The id of the linked account.
    pub id: String,
}

/// An email address of a user: `EmailAddress` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EmailAddress {
    /// The email address id (`idn_…`). Optional in the spec.
    #[serde(default)]
    pub id: Option<String>,
    /// Always `email_address`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The address itself.
    #[serde(default, deserialize_with = "null_default")]
    pub email_address: String,
    /// Whether the address is reserved (unverified but locked to this user).
    #[serde(default, deserialize_with = "null_default")]
    pub reserved: bool,
    /// How the address was verified, if it was.
    #[serde(default)]
    pub verification: Option<Verification>,
    /// The external accounts this address comes from.
    #[serde(default, deserialize_with = "null_default")]
    pub linked_to: Vec<IdentificationLink>,
    /// Whether the address's domain matches an active enterprise connection.
    #[serde(default)]
    pub matches_sso_connection: Option<bool>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

impl Verification {
    /// Whether the status is `verified`.
    pub fn is_verified(&self) -> bool {
        self.status == VerificationStatus::Verified
    }
}

impl EmailAddress {
    /// Whether the address has a verification whose status is `verified`.
    pub fn is_verified(&self) -> bool {
        self.verification
            .as_ref()
            .is_some_and(Verification::is_verified)
    }
}

/// The body of [`EmailAddresses::create`] (`CreateEmailAddress`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateEmailAddress {
    /// The user the address is added to.
    pub user_id: String,
    /// The address (RFC 5322).
    pub email_address: String,
    /// Create it verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// Make it the user's primary address (by default only a user's first address is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
    /// When it becomes the primary address, notify the previous primary address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_primary_email_address_changed: Option<bool>,
}

impl CreateEmailAddress {
    /// Adds `email_address` to the user `user_id`.
    pub fn new(user_id: impl Into<String>, email_address: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            email_address: email_address.into(),
            ..Self::default()
        }
    }

    setters!(; verified: bool, primary: bool, notify_primary_email_address_changed: bool);
}

/// The body of [`EmailAddresses::update`] (`UpdateEmailAddress`): only the fields set change.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateEmailAddress {
    /// Mark it verified (or not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// Make it the user's primary address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
    /// When it becomes the primary address, notify the previous primary address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_primary_email_address_changed: Option<bool>,
}

impl UpdateEmailAddress {
    /// No change.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(; verified: bool, primary: bool, notify_primary_email_address_changed: bool);
}

/// The body of [`EmailAddresses::replace_for_user`] (`ReplaceUserEmailAddress`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ReplaceUserEmailAddress {
    /// The new, single primary address (RFC 5322).
    pub email_address: String,
    /// Its status; `verified` on the server when absent. `unverified` can lock the user out
    /// when they have no other verified or reserved identifier: prefer `reserved`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identification_status: Option<IdentificationStatus>,
    /// Notify the previous primary address of the change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_primary_email_address_changed: Option<bool>,
}

impl ReplaceUserEmailAddress {
    /// Replaces every address of the user by `email_address`.
    pub fn new(email_address: impl Into<String>) -> Self {
        Self {
            email_address: email_address.into(),
            ..Self::default()
        }
    }

    setters!(;
        identification_status: IdentificationStatus,
        notify_primary_email_address_changed: bool,
    );
}

/// The body of `attempt_verification` for email addresses and phone numbers.
#[derive(Serialize)]
pub(crate) struct AttemptBody<'a> {
    pub(crate) verification_id: &'a str,
    pub(crate) code: &'a str,
}

sub_api!(EmailAddresses, email_addresses);

fn email_address_path(email_address_id: &str, rest: &str) -> String {
    format!(
        "/email_addresses/{}{rest}",
        encode_segment(email_address_id)
    )
}

impl EmailAddresses {
    /// Adds an email address to a user (`POST /email_addresses`, `CreateEmailAddress`).
    ///
    /// # Errors
    /// An API error: 404 when the user does not exist, 409/422 when the address is taken or
    /// invalid.
    pub async fn create(&self, params: &CreateEmailAddress) -> Result<EmailAddress> {
        self.clerk
            .send(ApiRequest::post("/email_addresses").json(params))
            .await
    }

    /// Fetches one email address (`GET /email_addresses/{email_address_id}`,
    /// `GetEmailAddress`).
    ///
    /// # Errors
    /// An API error with status 404 when no email address has this id.
    pub async fn get(&self, email_address_id: &str) -> Result<EmailAddress> {
        self.clerk
            .send(ApiRequest::get(email_address_path(email_address_id, "")))
            .await
    }

    /// Updates an email address (`PATCH /email_addresses/{email_address_id}`,
    /// `UpdateEmailAddress`).
    ///
    /// # Errors
    /// An API error: 404 when no email address has this id, 409 on a conflict.
    pub async fn update(
        &self,
        email_address_id: &str,
        params: &UpdateEmailAddress,
    ) -> Result<EmailAddress> {
        self.clerk
            .send(ApiRequest::patch(email_address_path(email_address_id, "")).json(params))
            .await
    }

    /// Deletes an email address (`DELETE /email_addresses/{email_address_id}`,
    /// `DeleteEmailAddress`).
    ///
    /// # Errors
    /// An API error: 404 when no email address has this id, 409 when it cannot be removed.
    pub async fn delete(&self, email_address_id: &str) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::delete(email_address_path(email_address_id, "")))
            .await
    }

    /// Sends a one-time code to an email address, for a backend-driven verification
    /// (`POST /email_addresses/{email_address_id}/prepare_verification`,
    /// `PrepareEmailAddressVerification`). Pass the answer's id to
    /// [`attempt_verification`](Self::attempt_verification).
    ///
    /// # Errors
    /// An API error with status 404 when no email address has this id.
    pub async fn prepare_verification(&self, email_address_id: &str) -> Result<Verification> {
        self.clerk
            .send(ApiRequest::post(email_address_path(
                email_address_id,
                "/prepare_verification",
            )))
            .await
    }

    /// Checks a code sent by [`prepare_verification`](Self::prepare_verification); a wrong or
    /// expired code shows in the answer's status, not as an error, and a right one marks the
    /// address verified (`POST /email_addresses/{email_address_id}/attempt_verification`,
    /// `AttemptEmailAddressVerification`).
    ///
    /// # Errors
    /// An API error: 404 when the address or verification does not exist, 400 when the
    /// verification was already completed.
    pub async fn attempt_verification(
        &self,
        email_address_id: &str,
        verification_id: &str,
        code: &str,
    ) -> Result<Verification> {
        let body = AttemptBody {
            verification_id,
            code,
        };
        self.clerk
            .send(
                ApiRequest::post(email_address_path(
                    email_address_id,
                    "/attempt_verification",
                ))
                .json(&body),
            )
            .await
    }

    /// Replaces all of a user's email addresses by one primary address
    /// (`PUT /users/{user_id}/email_address`, `ReplaceUserEmailAddress`).
    ///
    /// # Errors
    /// An API error: 404 when no user has this id, 422 when the address is invalid or an
    /// existing one is linked to a connected account.
    pub async fn replace_for_user(
        &self,
        user_id: &str,
        params: &ReplaceUserEmailAddress,
    ) -> Result<EmailAddress> {
        let path = format!("/users/{}/email_address", encode_segment(user_id));
        self.clerk.send(ApiRequest::put(path).json(params)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_decode_with_and_without_id() {
        let e: EmailAddress = serde_json::from_str(
            r#"{"id":"idn_1","object":"email_address","email_address":"a@x.io","reserved":false,
                "verification":{"object":"verification_otp","status":"verified","strategy":"email_code",
                  "attempts":1,"expire_at":1700000000000,"future":"x"},
                "linked_to":[{"type":"oauth_google","id":"idt_1"}],"matches_sso_connection":false,
                "created_at":1,"updated_at":2,"brand_new_field":{"a":1}}"#,
        )
        .unwrap();
        assert_eq!(e.id.as_deref(), Some("idn_1"));
        assert!(e.is_verified());
        assert_eq!(e.linked_to[0].kind, "oauth_google");
        let v = e.verification.as_ref().unwrap();
        assert_eq!(v.object.as_deref(), Some("verification_otp"));
        assert_eq!(v.attempts, Some(1));

        let e: EmailAddress = serde_json::from_str(
            r#"{"object":"email_address","email_address":"b@x.io","reserved":true,
                "verification":null,"linked_to":[],"created_at":1,"updated_at":2}"#,
        )
        .unwrap();
        assert_eq!(e.id, None);
        assert!(!e.is_verified());
    }

    #[test]
    fn unknown_verification_statuses_are_kept() {
        let v: Verification = serde_json::from_str(
            r#"{"status":"quantum","strategy":"from_oauth_google","attempts":null,"expire_at":null,
                "error":{"code":"x","message":"m","long_message":"l"}}"#,
        )
        .unwrap();
        assert_eq!(v.status, VerificationStatus::Unknown("quantum".into()));
        assert_eq!(v.error.unwrap()["code"], "x");
        let json = serde_json::to_value(IdentificationStatus::Reserved).unwrap();
        assert_eq!(json, "reserved");
    }

    const EMAIL: &str = r#"{"id":"idn_1","object":"email_address","email_address":"a@x.io",
        "reserved":false,"verification":null,"linked_to":[],"created_at":1,"updated_at":2}"#;

    #[tokio::test]
    async fn the_sub_api_maps_each_operation() {
        use crate::resources::users::testkit::{Fake, fake};
        use serde_json::json;

        let Fake { clerk, seen } = fake(200, EMAIL);
        let api = clerk.email_addresses();
        api.create(&CreateEmailAddress::new("user_1", "a@x.io").verified(true))
            .await
            .unwrap();
        api.get("idn_1").await.unwrap();
        api.update(
            "idn_1",
            &UpdateEmailAddress::new()
                .primary(true)
                .notify_primary_email_address_changed(true),
        )
        .await
        .unwrap();
        api.replace_for_user(
            "user/1",
            &ReplaceUserEmailAddress::new("b@x.io")
                .identification_status(IdentificationStatus::Reserved),
        )
        .await
        .unwrap();
        let got: Vec<(String, String, Option<serde_json::Value>)> = seen
            .all()
            .into_iter()
            .map(|s| (s.method, s.path, s.body))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "POST".into(),
                    "/v1/email_addresses".into(),
                    Some(json!({"user_id": "user_1", "email_address": "a@x.io", "verified": true}))
                ),
                ("GET".into(), "/v1/email_addresses/idn_1".into(), None),
                (
                    "PATCH".into(),
                    "/v1/email_addresses/idn_1".into(),
                    Some(json!({"primary": true, "notify_primary_email_address_changed": true}))
                ),
                (
                    "PUT".into(),
                    "/v1/users/user%2F1/email_address".into(),
                    Some(json!({"email_address": "b@x.io", "identification_status": "reserved"}))
                ),
            ]
        );

        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"verification","id":"ver_1","status":"verified","strategy":"email_code",
                "attempts":1,"expire_at":1700000000000,"channel":null}"#,
        );
        let api = clerk.email_addresses();
        let prepared = api.prepare_verification("idn_1").await.unwrap();
        assert_eq!(prepared.id.as_deref(), Some("ver_1"));
        let attempt = api
            .attempt_verification("idn_1", "ver_1", "424242")
            .await
            .unwrap();
        assert!(attempt.is_verified());
        let reqs = seen.all();
        assert_eq!(
            reqs[0].path,
            "/v1/email_addresses/idn_1/prepare_verification"
        );
        assert_eq!(reqs[0].body, None);
        assert_eq!(
            reqs[1].path,
            "/v1/email_addresses/idn_1/attempt_verification"
        );
        assert_eq!(
            reqs[1].body,
            Some(json!({"verification_id": "ver_1", "code": "424242"}))
        );

        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"email_address","id":"idn_1","deleted":true}"#,
        );
        assert!(
            clerk
                .email_addresses()
                .delete("idn_1")
                .await
                .unwrap()
                .deleted
        );
        assert_eq!(seen.only().method, "DELETE");
    }

    #[test]
    fn verifications_decode_from_an_empty_object() {
        let v: Verification = serde_json::from_str("{}").unwrap();
        assert!(!v.is_verified());
        assert_eq!(v.status, VerificationStatus::default());
    }
}
