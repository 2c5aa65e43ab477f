//! Phone numbers of users (the spec's `Phone Numbers` tag and `PhoneNumber` schema).

use serde::{Deserialize, Serialize};

use crate::resources::common::{DeletedObject, null_default};
use crate::resources::email_addresses::{
    AttemptBody, IdentificationLink, IdentificationStatus, Verification,
};
use crate::{ApiRequest, Result, encode_segment};

/// A phone number of a user: `PhoneNumber` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PhoneNumber {
    /// The phone number id (`idn_…`). Optional in the spec.
    #[serde(default)]
    pub id: Option<String>,
    /// Always `phone_number`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The number, in E.164 format.
    #[serde(default, deserialize_with = "null_default")]
    pub phone_number: String,
    /// Whether the number is reserved for second-factor authentication only.
    #[serde(default)]
    pub reserved_for_second_factor: Option<bool>,
    /// Whether the number is the user's default second factor.
    #[serde(default)]
    pub default_second_factor: Option<bool>,
    /// Whether the number is reserved (unverified but locked to this user).
    #[serde(default, deserialize_with = "null_default")]
    pub reserved: bool,
    /// How the number was verified, if it was.
    #[serde(default)]
    pub verification: Option<Verification>,
    /// The external accounts this number comes from.
    #[serde(default, deserialize_with = "null_default")]
    pub linked_to: Vec<IdentificationLink>,
    /// Backup codes, present only right after they were generated.
    #[serde(default)]
    pub backup_codes: Option<Vec<String>>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
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

/// The body of [`PhoneNumbers::create`] (`CreatePhoneNumber`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreatePhoneNumber {
    /// The user the number is added to.
    pub user_id: String,
    /// The number, in E.164 format.
    pub phone_number: String,
    /// Create it verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// Make it the user's primary number (by default only a user's first number is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
    /// Reserve it for multi-factor authentication (it must be verified too).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserved_for_second_factor: Option<bool>,
}

impl CreatePhoneNumber {
    /// Adds `phone_number` to the user `user_id`.
    pub fn new(user_id: impl Into<String>, phone_number: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            phone_number: phone_number.into(),
            ..Self::default()
        }
    }

    setters!(; verified: bool, primary: bool, reserved_for_second_factor: bool);
}

/// The body of [`PhoneNumbers::update`] (`UpdatePhoneNumber`): only the fields set change.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdatePhoneNumber {
    /// Mark it verified (or not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// Make it the user's primary number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
    /// Reserve it for multi-factor authentication (it must be verified too).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserved_for_second_factor: Option<bool>,
}

impl UpdatePhoneNumber {
    /// No change.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(; verified: bool, primary: bool, reserved_for_second_factor: bool);
}

/// The body of [`PhoneNumbers::replace_for_user`] (`ReplaceUserPhoneNumber`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ReplaceUserPhoneNumber {
    /// The new, single primary number (E.164); never reserved for second factor.
    pub phone_number: String,
    /// Its status; `verified` on the server when absent. `unverified` can lock the user out
    /// when they have no other verified or reserved identifier: prefer `reserved`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identification_status: Option<IdentificationStatus>,
}

impl ReplaceUserPhoneNumber {
    /// Replaces every number of the user by `phone_number`.
    pub fn new(phone_number: impl Into<String>) -> Self {
        Self {
            phone_number: phone_number.into(),
            identification_status: None,
        }
    }

    setters!(; identification_status: IdentificationStatus);
}

sub_api!(PhoneNumbers, phone_numbers);

fn phone_number_path(phone_number_id: &str, rest: &str) -> String {
    format!("/phone_numbers/{}{rest}", encode_segment(phone_number_id))
}

impl PhoneNumbers {
    /// Adds a phone number to a user (`POST /phone_numbers`, `CreatePhoneNumber`).
    ///
    /// # Errors
    /// An API error: 404 when the user does not exist, 422 when the number is taken or invalid.
    pub async fn create(&self, params: &CreatePhoneNumber) -> Result<PhoneNumber> {
        self.clerk
            .send(ApiRequest::post("/phone_numbers").json(params))
            .await
    }

    /// Fetches one phone number (`GET /phone_numbers/{phone_number_id}`, `GetPhoneNumber`).
    ///
    /// # Errors
    /// An API error with status 404 when no phone number has this id.
    pub async fn get(&self, phone_number_id: &str) -> Result<PhoneNumber> {
        self.clerk
            .send(ApiRequest::get(phone_number_path(phone_number_id, "")))
            .await
    }

    /// Updates a phone number (`PATCH /phone_numbers/{phone_number_id}`, `UpdatePhoneNumber`).
    ///
    /// # Errors
    /// An API error with status 404 when no phone number has this id.
    pub async fn update(
        &self,
        phone_number_id: &str,
        params: &UpdatePhoneNumber,
    ) -> Result<PhoneNumber> {
        self.clerk
            .send(ApiRequest::patch(phone_number_path(phone_number_id, "")).json(params))
            .await
    }

    /// Deletes a phone number (`DELETE /phone_numbers/{phone_number_id}`, `DeletePhoneNumber`).
    ///
    /// # Errors
    /// An API error with status 404 when no phone number has this id.
    pub async fn delete(&self, phone_number_id: &str) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::delete(phone_number_path(phone_number_id, "")))
            .await
    }

    /// Sends a one-time code to a phone number, for a backend-driven verification
    /// (`POST /phone_numbers/{phone_number_id}/prepare_verification`,
    /// `PreparePhoneNumberVerification`). Pass the answer's id to
    /// [`attempt_verification`](Self::attempt_verification).
    ///
    /// # Errors
    /// An API error: 404 when no phone number has this id, 429 when codes are sent too often.
    pub async fn prepare_verification(&self, phone_number_id: &str) -> Result<Verification> {
        self.clerk
            .send(ApiRequest::post(phone_number_path(
                phone_number_id,
                "/prepare_verification",
            )))
            .await
    }

    /// Checks a code sent by [`prepare_verification`](Self::prepare_verification); a wrong or
    /// expired code shows in the answer's status, not as an error, and a right one marks the
    /// number verified (`POST /phone_numbers/{phone_number_id}/attempt_verification`,
    /// `AttemptPhoneNumberVerification`).
    ///
    /// # Errors
    /// An API error: 404 when the number or verification does not exist, 400 when the
    /// verification was already completed.
    pub async fn attempt_verification(
        &self,
        phone_number_id: &str,
        verification_id: &str,
        code: &str,
    ) -> Result<Verification> {
        let body = AttemptBody {
            verification_id,
            code,
        };
        self.clerk
            .send(
                ApiRequest::post(phone_number_path(phone_number_id, "/attempt_verification"))
                    .json(&body),
            )
            .await
    }

    /// Replaces all of a user's phone numbers by one primary number; replacing a number reserved
    /// for second factor disables the user's MFA (`PUT /users/{user_id}/phone_number`,
    /// `ReplaceUserPhoneNumber`).
    ///
    /// # Errors
    /// An API error: 404 when no user has this id, 422 when the number is invalid.
    pub async fn replace_for_user(
        &self,
        user_id: &str,
        params: &ReplaceUserPhoneNumber,
    ) -> Result<PhoneNumber> {
        let path = format!("/users/{}/phone_number", encode_segment(user_id));
        self.clerk.send(ApiRequest::put(path).json(params)).await
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

    #[tokio::test]
    async fn the_sub_api_maps_each_operation() {
        use crate::resources::users::testkit::{Fake, fake};
        use serde_json::json;

        let Fake { clerk, seen } = fake(
            200,
            r#"{"id":"idn_2","object":"phone_number","phone_number":"+15555550100",
                "reserved":false,"verification":null,"linked_to":[],"created_at":1,"updated_at":2}"#,
        );
        let api = clerk.phone_numbers();
        api.create(
            &CreatePhoneNumber::new("user_1", "+15555550100")
                .primary(true)
                .reserved_for_second_factor(false),
        )
        .await
        .unwrap();
        api.get("idn_2").await.unwrap();
        api.update("idn_2", &UpdatePhoneNumber::new().verified(false))
            .await
            .unwrap();
        api.replace_for_user("user_1", &ReplaceUserPhoneNumber::new("+15555550101"))
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
                    "/v1/phone_numbers".into(),
                    Some(json!({"user_id": "user_1", "phone_number": "+15555550100",
                        "primary": true, "reserved_for_second_factor": false}))
                ),
                ("GET".into(), "/v1/phone_numbers/idn_2".into(), None),
                (
                    "PATCH".into(),
                    "/v1/phone_numbers/idn_2".into(),
                    Some(json!({"verified": false}))
                ),
                (
                    "PUT".into(),
                    "/v1/users/user_1/phone_number".into(),
                    Some(json!({"phone_number": "+15555550101"}))
                ),
            ]
        );

        let Fake { clerk, seen } = fake(
            200,
            r#"{"id":"ver_2","status":"failed","strategy":"phone_code","attempts":3,
                "expire_at":null,"channel":"sms"}"#,
        );
        let api = clerk.phone_numbers();
        api.prepare_verification("idn_2").await.unwrap();
        let attempt = api
            .attempt_verification("idn_2", "ver_2", "000000")
            .await
            .unwrap();
        assert!(!attempt.is_verified());
        assert_eq!(attempt.channel.as_deref(), Some("sms"));
        let reqs = seen.all();
        assert_eq!(reqs[0].path, "/v1/phone_numbers/idn_2/prepare_verification");
        assert_eq!(reqs[1].path, "/v1/phone_numbers/idn_2/attempt_verification");
        assert_eq!(
            reqs[1].body,
            Some(json!({"verification_id": "ver_2", "code": "000000"}))
        );

        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"phone_number","id":"idn_2","deleted":true}"#,
        );
        clerk.phone_numbers().delete("idn_2").await.unwrap();
        let req = seen.only();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("DELETE", "/v1/phone_numbers/idn_2")
        );
    }
}
