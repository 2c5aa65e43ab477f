//! Email addresses of users, and the verification and link models shared by every
//! identification (the spec's `EmailAddress`, `verification_*` and `IdentificationLink` schemas).

use serde::{Deserialize, Serialize};

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

/// How an identification was verified: one struct for every `verification_*` schema of the spec
/// (`verification_otp`, `verification_admin`, `verification_oauth`, `verification_saml`,
/// `verification_ticket`, `verification_email_link`, `verification_web3`, `verification_passkey`,
/// …), told apart by [`object`](Self::object) and [`strategy`](Self::strategy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Verification {
    /// The kind of verification, such as `verification_otp` or `verification_oauth`.
    #[serde(default)]
    pub object: Option<String>,
    /// Its state.
    pub status: VerificationStatus,
    /// How it was (or is being) verified, such as `email_code`, `admin` or `oauth_google`.
    pub strategy: String,
    /// Attempts made so far, if counted.
    #[serde(default)]
    pub attempts: Option<i64>,
    /// When the verification expires, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub expire_at: Option<i64>,
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
    #[serde(rename = "type")]
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
    pub object: String,
    /// The address itself.
    pub email_address: String,
    /// Whether the address is reserved (unverified but locked to this user).
    pub reserved: bool,
    /// How the address was verified, if it was.
    #[serde(default)]
    pub verification: Option<Verification>,
    /// The external accounts this address comes from.
    #[serde(default)]
    pub linked_to: Vec<IdentificationLink>,
    /// Whether the address's domain matches an active enterprise connection.
    #[serde(default)]
    pub matches_sso_connection: Option<bool>,
    /// Creation, in milliseconds since the Unix epoch.
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
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
}
