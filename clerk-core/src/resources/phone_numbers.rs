//! Phone numbers of users (the spec's `PhoneNumber` schema).

use serde::{Deserialize, Serialize};

use crate::resources::email_addresses::{IdentificationLink, Verification};

/// A phone number of a user: `PhoneNumber` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PhoneNumber {
    /// The phone number id (`idn_…`). Optional in the spec.
    #[serde(default)]
    pub id: Option<String>,
    /// Always `phone_number`.
    pub object: String,
    /// The number, in E.164 format.
    pub phone_number: String,
    /// Whether the number is reserved for second-factor authentication only.
    #[serde(default)]
    pub reserved_for_second_factor: Option<bool>,
    /// Whether the number is the user's default second factor.
    #[serde(default)]
    pub default_second_factor: Option<bool>,
    /// Whether the number is reserved (unverified but locked to this user).
    pub reserved: bool,
    /// How the number was verified, if it was.
    #[serde(default)]
    pub verification: Option<Verification>,
    /// The external accounts this number comes from.
    #[serde(default)]
    pub linked_to: Vec<IdentificationLink>,
    /// Backup codes, present only right after they were generated.
    #[serde(default)]
    pub backup_codes: Option<Vec<String>>,
    /// Creation, in milliseconds since the Unix epoch.
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    pub updated_at: i64,
}

impl PhoneNumber {
    /// Whether the number has a verification whose status is `verified`.
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
    fn phone_numbers_decode_tolerantly() {
        let p: PhoneNumber = serde_json::from_str(
            r#"{"id":"idn_2","object":"phone_number","phone_number":"+15555550100",
                "reserved_for_second_factor":false,"default_second_factor":true,"reserved":false,
                "verification":{"object":"verification_otp","status":"verified","strategy":"phone_code",
                  "attempts":1,"expire_at":1700000000000,"channel":"sms"},
                "linked_to":[],"backup_codes":null,"created_at":1,"updated_at":2,"carrier":"new"}"#,
        )
        .unwrap();
        assert!(p.is_verified());
        assert_eq!(p.default_second_factor, Some(true));
        assert_eq!(
            p.verification.as_ref().unwrap().channel.as_deref(),
            Some("sms")
        );
        assert_eq!(p.backup_codes, None);

        let p: PhoneNumber = serde_json::from_str(
            r#"{"object":"phone_number","phone_number":"+1","reserved":true,"verification":null,
                "linked_to":[],"created_at":1,"updated_at":2}"#,
        )
        .unwrap();
        assert_eq!(p.id, None);
        assert!(!p.is_verified());
    }
}
