//! JWT templates: custom claims and lifetimes for the JWTs Clerk mints for third-party services
//! (the spec's `JWT Templates` tag). Mint one with
//! [`Sessions::create_token_from_template`](crate::resources::sessions::Sessions::create_token_from_template).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::resources::common::{DeletedObject, null_default};
use crate::{ApiRequest, PageRequest, Result, encode_segment};

/// A JWT template: `JWTTemplate` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JwtTemplate {
    /// Always `jwt_template`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The template id (`jtmp_…`).
    pub id: String,
    /// The template name, used to mint tokens from it.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// The claims, a JSON object whose string values may use shortcodes such as
    /// `{{user.id}}`.
    #[serde(default)]
    pub claims: serde_json::Value,
    /// The token lifetime, in seconds.
    #[serde(default, deserialize_with = "null_default")]
    pub lifetime: i64,
    /// The clock skew allowed when verifying the token, in seconds.
    #[serde(default, deserialize_with = "null_default")]
    pub allowed_clock_skew: i64,
    /// Whether the template signs with its own key instead of the instance's.
    #[serde(default, deserialize_with = "null_default")]
    pub custom_signing_key: bool,
    /// The signing algorithm, such as `RS256`.
    #[serde(default, deserialize_with = "null_default")]
    pub signing_algorithm: String,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// Query parameters of [`JwtTemplates::list`] (`ListJWTTemplates`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListJwtTemplates {
    /// Whether the server paginates the results (with `limit` and `offset`).
    pub paginated: Option<bool>,
    /// Page size, 1 to 500. Defaults to 10 on the server when paginated.
    pub limit: Option<u32>,
    /// How many templates to skip.
    pub offset: Option<u32>,
}

impl ListJwtTemplates {
    /// No parameters: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(; paginated: bool);
    paging_setters!();
}

/// The body of [`JwtTemplates::create`] (`CreateJWTTemplate`) and, as [`UpdateJwtTemplate`], of
/// [`JwtTemplates::update`] (`UpdateJWTTemplate`), which replaces the template.
///
/// Its `Debug` output hides the signing key.
#[derive(Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateJwtTemplate {
    /// The template name.
    pub name: String,
    /// The claims, a JSON object.
    pub claims: serde_json::Value,
    /// The token lifetime in seconds, 30 to 315 360 000.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifetime: Option<u32>,
    /// The clock skew allowed when verifying the token in seconds, 0 to 300.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_clock_skew: Option<u32>,
    /// Whether the template signs with its own key; then `signing_algorithm` and `signing_key`
    /// are required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_signing_key: Option<bool>,
    /// The signing algorithm of the custom key, such as `RS256`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signing_algorithm: Option<String>,
    /// The custom private signing key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signing_key: Option<String>,
}

/// The body of [`JwtTemplates::update`] (`UpdateJWTTemplate`): the same fields as a creation.
pub type UpdateJwtTemplate = CreateJwtTemplate;

impl fmt::Debug for CreateJwtTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateJwtTemplate")
            .field("name", &self.name)
            .field("claims", &self.claims)
            .field("lifetime", &self.lifetime)
            .field("allowed_clock_skew", &self.allowed_clock_skew)
            .field("custom_signing_key", &self.custom_signing_key)
            .field("signing_algorithm", &self.signing_algorithm)
            .field(
                "signing_key",
                &self.signing_key.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

impl CreateJwtTemplate {
    /// A template named `name` with `claims` (a JSON object).
    pub fn new(name: impl Into<String>, claims: serde_json::Value) -> Self {
        Self {
            name: name.into(),
            claims,
            ..Self::default()
        }
    }

    setters!(; lifetime: u32, allowed_clock_skew: u32);

    /// Signs with a custom key: sets `custom_signing_key`, the algorithm and the private key.
    pub fn custom_signing_key(
        mut self,
        algorithm: impl Into<String>,
        private_key: impl Into<String>,
    ) -> Self {
        self.custom_signing_key = Some(true);
        self.signing_algorithm = Some(algorithm.into());
        self.signing_key = Some(private_key.into());
        self
    }

    /// Signs with the instance's key (sends `custom_signing_key: false`).
    pub fn instance_signing_key(mut self) -> Self {
        self.custom_signing_key = Some(false);
        self.signing_algorithm = None;
        self.signing_key = None;
        self
    }
}

sub_api!(JwtTemplates, jwt_templates);

fn template_path(template_id: &str) -> String {
    format!("/jwt_templates/{}", encode_segment(template_id))
}

impl JwtTemplates {
    /// Lists the JWT templates (`GET /jwt_templates`, `ListJWTTemplates`).
    ///
    /// # Errors
    /// An API error, such as 401 for a wrong secret key.
    pub fn list(&self, params: &ListJwtTemplates) -> PageRequest<JwtTemplate> {
        self.clerk
            .paginate(ApiRequest::get("/jwt_templates").query_params(params))
    }

    /// Fetches one JWT template (`GET /jwt_templates/{template_id}`, `GetJWTTemplate`).
    ///
    /// # Errors
    /// An API error: 404 when no template has this id.
    pub async fn get(&self, template_id: &str) -> Result<JwtTemplate> {
        self.clerk
            .send(ApiRequest::get(template_path(template_id)))
            .await
    }

    /// Creates a JWT template (`POST /jwt_templates`, `CreateJWTTemplate`).
    ///
    /// # Errors
    /// An API error: 400 or 422 for invalid claims, a taken name or a bad signing key, 402 when
    /// the plan does not include custom signing keys.
    pub async fn create(&self, params: &CreateJwtTemplate) -> Result<JwtTemplate> {
        self.clerk
            .send(ApiRequest::post("/jwt_templates").json(params))
            .await
    }

    /// Replaces a JWT template (`PATCH /jwt_templates/{template_id}`, `UpdateJWTTemplate`).
    ///
    /// # Errors
    /// An API error: 404 when no template has this id, 400 or 422 for invalid input.
    pub async fn update(
        &self,
        template_id: &str,
        params: &UpdateJwtTemplate,
    ) -> Result<JwtTemplate> {
        self.clerk
            .send(ApiRequest::patch(template_path(template_id)).json(params))
            .await
    }

    /// Deletes a JWT template (`DELETE /jwt_templates/{template_id}`, `DeleteJWTTemplate`).
    ///
    /// # Errors
    /// An API error: 404 when no template has this id.
    pub async fn delete(&self, template_id: &str) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::delete(template_path(template_id)))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const TEMPLATE: &str = r#"{"object":"jwt_template","id":"jtmp_1","name":"supabase",
        "claims":{"aud":"authenticated","role":"{{user.public_metadata.role}}"},
        "lifetime":60,"allowed_clock_skew":5,"custom_signing_key":true,
        "signing_algorithm":"HS256","created_at":1,"updated_at":2}"#;

    #[tokio::test]
    async fn create_sends_the_custom_key_and_debug_hides_it() {
        let Fake { clerk, seen } = fake(200, TEMPLATE);
        let params = CreateJwtTemplate::new("supabase", json!({"aud": "authenticated"}))
            .lifetime(60)
            .custom_signing_key("HS256", "super-secret-key");
        let t = clerk.jwt_templates().create(&params).await.unwrap();
        assert_eq!(t.claims["role"], "{{user.public_metadata.role}}");
        let req = seen.only();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("POST", "/v1/jwt_templates")
        );
        assert_eq!(
            req.body,
            Some(
                json!({"name": "supabase", "claims": {"aud": "authenticated"}, "lifetime": 60,
                        "custom_signing_key": true, "signing_algorithm": "HS256",
                        "signing_key": "super-secret-key"})
            )
        );
        let debug = format!("{params:?}");
        assert!(!debug.contains("super-secret-key"), "{debug}");
        assert!(debug.contains("[redacted]"));
    }

    #[tokio::test]
    async fn list_get_update_delete() {
        let Fake { clerk, seen } = fake(200, &format!("[{TEMPLATE}]"));
        let page = clerk
            .jwt_templates()
            .list(&ListJwtTemplates::new().paginated(false))
            .await
            .unwrap();
        assert_eq!(page[0].lifetime, 60);
        assert_eq!(seen.only().query, "paginated=false");

        let Fake { clerk, seen } = fake(200, TEMPLATE);
        clerk.jwt_templates().get("jtmp_1").await.unwrap();
        let update = UpdateJwtTemplate::new("supabase", json!({})).instance_signing_key();
        clerk
            .jwt_templates()
            .update("jtmp_1", &update)
            .await
            .unwrap();
        let reqs = seen.all();
        assert_eq!(reqs[0].path, "/v1/jwt_templates/jtmp_1");
        assert_eq!(reqs[1].method, "PATCH");
        assert_eq!(
            reqs[1].body,
            Some(json!({"name": "supabase", "claims": {}, "custom_signing_key": false}))
        );

        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"jwt_template","id":"jtmp_1","deleted":true}"#,
        );
        assert!(
            clerk
                .jwt_templates()
                .delete("jtmp_1")
                .await
                .unwrap()
                .deleted
        );
        assert_eq!(seen.only().method, "DELETE");
    }
}
