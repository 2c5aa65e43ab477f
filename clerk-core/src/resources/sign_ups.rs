//! Sign-ups: a sign-up attempt in progress or finished (the spec's `Sign Ups` tag).

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;

use crate::{ApiRequest, Result, encode_segment};

crate::string_enum! {
    /// The state of a [`SignUp`].
    pub enum SignUpStatus {
        /// Fields or verifications are still missing.
        MissingRequirements = "missing_requirements",
        /// Finished: a user was created.
        Complete = "complete",
        /// Left unfinished.
        Abandoned = "abandoned",
    }
}

crate::string_enum! {
    /// What a [`SignUpVerification`] needs next.
    pub enum SignUpNextAction {
        /// A code or link must be sent first.
        NeedsPrepare = "needs_prepare",
        /// The code or link sent must be used.
        NeedsAttempt = "needs_attempt",
        /// Nothing.
        Nothing = "",
    }
}

/// The verification of one identifier of a sign-up: `SignUpVerification` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SignUpVerification {
    /// What is needed next.
    #[serde(default)]
    pub next_action: Option<SignUpNextAction>,
    /// The strategies that can verify it, such as `email_code`.
    #[serde(default, deserialize_with = "null_default")]
    pub supported_strategies: Vec<String>,
    /// The other fields Clerk sends (such as `status`, `strategy`, `attempts`, `expire_at`).
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// The verifications of a sign-up: `SignUpVerifications` in the spec.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SignUpVerifications {
    /// The email address verification.
    #[serde(default)]
    pub email_address: Option<SignUpVerification>,
    /// The phone number verification.
    #[serde(default)]
    pub phone_number: Option<SignUpVerification>,
    /// The Web3 wallet verification.
    #[serde(default)]
    pub web3_wallet: Option<SignUpVerification>,
    /// The external account verification, as JSON.
    #[serde(default)]
    pub external_account: Option<serde_json::Value>,
}

/// A sign-up attempt: `SignUp` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SignUp {
    /// Always `sign_up_attempt`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The sign-up id.
    pub id: String,
    /// Its state.
    #[serde(default, deserialize_with = "null_default")]
    pub status: SignUpStatus,
    /// The fields the instance requires.
    #[serde(default, deserialize_with = "null_default")]
    pub required_fields: Vec<String>,
    /// The fields the instance accepts but does not require.
    #[serde(default, deserialize_with = "null_default")]
    pub optional_fields: Vec<String>,
    /// The required fields not given yet.
    #[serde(default, deserialize_with = "null_default")]
    pub missing_fields: Vec<String>,
    /// The fields given but not verified yet.
    #[serde(default, deserialize_with = "null_default")]
    pub unverified_fields: Vec<String>,
    /// The verifications of its identifiers.
    #[serde(default, deserialize_with = "null_default")]
    pub verifications: SignUpVerifications,
    /// The username.
    #[serde(default)]
    pub username: Option<String>,
    /// The email address.
    #[serde(default)]
    pub email_address: Option<String>,
    /// The phone number.
    #[serde(default)]
    pub phone_number: Option<String>,
    /// The Web3 wallet.
    #[serde(default)]
    pub web3_wallet: Option<String>,
    /// Whether a password was given.
    #[serde(default, deserialize_with = "null_default")]
    pub password_enabled: bool,
    /// The first name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// The last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Metadata from the frontend, copied to the user.
    #[serde(default)]
    pub unsafe_metadata: serde_json::Value,
    /// Public metadata, copied to the user.
    #[serde(default)]
    pub public_metadata: serde_json::Value,
    /// Whether the sign-up is marked as a custom action.
    #[serde(default, deserialize_with = "null_default")]
    pub custom_action: bool,
    /// The id in your own systems, copied to the user.
    #[serde(default)]
    pub external_id: Option<String>,
    /// The session created when the sign-up completed.
    #[serde(default)]
    pub created_session_id: Option<String>,
    /// The user created when the sign-up completed.
    #[serde(default)]
    pub created_user_id: Option<String>,
    /// When the sign-up is abandoned if unfinished, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub abandon_at: i64,
    /// When the legal requirements were accepted, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub legal_accepted_at: Option<i64>,
    /// The locale, such as `en-US`.
    #[serde(default)]
    pub locale: Option<String>,
    /// The external account signed up with, as JSON.
    #[serde(default)]
    pub external_account: Option<serde_json::Value>,
}

/// The body of [`SignUps::update`] (`UpdateSignUp`): only the fields set change.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateSignUp {
    /// The id of the person signing up in your own systems, copied to the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Mark the sign-up as a custom action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_action: Option<bool>,
}

impl UpdateSignUp {
    /// No change.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(external_id: String; custom_action: bool);
}

sub_api!(SignUps, sign_ups);

impl SignUps {
    /// Fetches one sign-up (`GET /sign_ups/{id}`, `GetSignUp`).
    ///
    /// # Errors
    /// An API error: 404 when no sign-up has this id, 403 when it is not accessible.
    pub async fn get(&self, sign_up_id: &str) -> Result<SignUp> {
        self.clerk
            .send(ApiRequest::get(format!(
                "/sign_ups/{}",
                encode_segment(sign_up_id)
            )))
            .await
    }

    /// Updates a sign-up (`PATCH /sign_ups/{id}`, `UpdateSignUp`).
    ///
    /// # Errors
    /// An API error: 404 when no sign-up has this id, 403 when it is not accessible.
    pub async fn update(&self, sign_up_id: &str, params: &UpdateSignUp) -> Result<SignUp> {
        let path = format!("/sign_ups/{}", encode_segment(sign_up_id));
        self.clerk.send(ApiRequest::patch(path).json(params)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const SIGN_UP: &str = r#"{"object":"sign_up_attempt","id":"sua_1",
        "status":"missing_requirements","required_fields":["email_address"],
        "optional_fields":[],"missing_fields":[],"unverified_fields":["email_address"],
        "verifications":{"email_address":{"next_action":"needs_attempt",
            "supported_strategies":["email_code"],"status":"unverified","attempts":0},
            "phone_number":null,"web3_wallet":null,"external_account":null},
        "username":null,"email_address":"a@x.io","phone_number":null,"web3_wallet":null,
        "password_enabled":false,"first_name":null,"last_name":null,"custom_action":false,
        "external_id":null,"created_session_id":null,"created_user_id":null,
        "abandon_at":1700000000000,"legal_accepted_at":null,"future":1}"#;

    #[tokio::test]
    async fn get_and_update() {
        let Fake { clerk, seen } = fake(200, SIGN_UP);
        let sign_up = clerk.sign_ups().get("sua_1").await.unwrap();
        assert_eq!(sign_up.status, SignUpStatus::MissingRequirements);
        let email = sign_up.verifications.email_address.as_ref().unwrap();
        assert_eq!(email.next_action, Some(SignUpNextAction::NeedsAttempt));
        assert_eq!(email.other["status"], "unverified");
        assert_eq!(sign_up.verifications.phone_number, None);
        clerk
            .sign_ups()
            .update(
                "sua_1",
                &UpdateSignUp::new().external_id("ext").custom_action(true),
            )
            .await
            .unwrap();
        let seen = seen.all();
        assert_eq!(
            (seen[0].method.as_str(), seen[0].path.as_str()),
            ("GET", "/v1/sign_ups/sua_1")
        );
        assert_eq!(seen[1].method, "PATCH");
        assert_eq!(
            seen[1].body,
            Some(json!({"external_id": "ext", "custom_action": true}))
        );
    }
}
