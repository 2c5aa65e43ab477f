//! OAuth applications: third-party clients that sign users in with Clerk acting as an OAuth 2.0
//! / OpenID Connect provider (the spec's `OAuth Applications` tag). The access tokens they receive
//! are checked with [`OAuthAccessTokens`](crate::resources::oauth_access_tokens::OAuthAccessTokens).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::resources::common::{DeletedObject, Logo, OrderBy, null_default};
use crate::{ApiRequest, PageRequest, Result, encode_segment};

/// An OAuth application: `OAuthApplication` in the spec (and `OAuthApplicationWithSecret`, which
/// adds the client secret).
///
/// `Debug` never shows [`client_secret`](Self::client_secret).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OAuthApplication {
    /// Always `oauth_application`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The application id (`oa_…`).
    pub id: String,
    /// The instance the application belongs to.
    #[serde(default, deserialize_with = "null_default")]
    pub instance_id: String,
    /// The application's name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// The OAuth client id.
    #[serde(default, deserialize_with = "null_default")]
    pub client_id: String,
    /// The client secret: present only in the answers to [`OAuthApplications::create`] and
    /// [`OAuthApplications::rotate_secret`].
    #[serde(default)]
    pub client_secret: Option<String>,
    /// The application's home page.
    #[serde(default)]
    pub client_uri: Option<String>,
    /// The application's logo.
    #[serde(default)]
    pub client_image_url: Option<String>,
    /// Whether the application registered itself (dynamic client registration).
    #[serde(default, deserialize_with = "null_default")]
    pub dynamically_registered: bool,
    /// Whether users are asked to consent before the application gets their data.
    #[serde(default, deserialize_with = "null_default")]
    pub consent_screen_enabled: bool,
    /// Whether the application must use PKCE.
    #[serde(default, deserialize_with = "null_default")]
    pub pkce_required: bool,
    /// Whether the application is a public client (no client secret, PKCE only).
    #[serde(default, deserialize_with = "null_default")]
    pub public: bool,
    /// The scopes the application may request, space-separated (such as `profile email`).
    #[serde(default, deserialize_with = "null_default")]
    pub scopes: String,
    /// The redirect URIs the application may use.
    #[serde(default, deserialize_with = "null_default")]
    pub redirect_uris: Vec<String>,
    /// Deprecated by Clerk: the first of [`redirect_uris`](Self::redirect_uris).
    #[serde(default)]
    pub callback_url: Option<String>,
    /// The authorization endpoint.
    #[serde(default, deserialize_with = "null_default")]
    pub authorize_url: String,
    /// The token endpoint.
    #[serde(default, deserialize_with = "null_default")]
    pub token_fetch_url: String,
    /// The user info endpoint.
    #[serde(default, deserialize_with = "null_default")]
    pub user_info_url: String,
    /// The OpenID Connect discovery document.
    #[serde(default, deserialize_with = "null_default")]
    pub discovery_url: String,
    /// The token introspection endpoint.
    #[serde(default, deserialize_with = "null_default")]
    pub token_introspection_url: String,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

impl fmt::Debug for OAuthApplication {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthApplication")
            .field("object", &self.object)
            .field("id", &self.id)
            .field("instance_id", &self.instance_id)
            .field("name", &self.name)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "[redacted]"),
            )
            .field("client_uri", &self.client_uri)
            .field("client_image_url", &self.client_image_url)
            .field("dynamically_registered", &self.dynamically_registered)
            .field("consent_screen_enabled", &self.consent_screen_enabled)
            .field("pkce_required", &self.pkce_required)
            .field("public", &self.public)
            .field("scopes", &self.scopes)
            .field("redirect_uris", &self.redirect_uris)
            .field("callback_url", &self.callback_url)
            .field("authorize_url", &self.authorize_url)
            .field("token_fetch_url", &self.token_fetch_url)
            .field("user_info_url", &self.user_info_url)
            .field("discovery_url", &self.discovery_url)
            .field("token_introspection_url", &self.token_introspection_url)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}

/// Query parameters of [`OAuthApplications::list`] (`ListOAuthApplications`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListOAuthApplications {
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many applications to skip.
    pub offset: Option<u32>,
    /// The order; `+created_at` on the server when absent.
    pub order_by: Option<OrderBy>,
    /// Only applications whose name contains this.
    pub name_query: Option<String>,
}

impl ListOAuthApplications {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(name_query: String; order_by: OrderBy);
    paging_setters!();
}

/// The settings of an OAuth application shared by [`CreateOAuthApplication`] and
/// [`UpdateOAuthApplication`].
macro_rules! oauth_application_setters {
    () => {
        /// Sets the redirect URIs.
        pub fn redirect_uris<I, S>(mut self, uris: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.redirect_uris = Some(uris.into_iter().map(Into::into).collect());
            self
        }

        /// Sets the single callback URL.
        #[deprecated(note = "Clerk deprecated `callback_url`: use `redirect_uris`")]
        pub fn callback_url(mut self, url: impl Into<String>) -> Self {
            self.callback_url = Some(url.into());
            self
        }

        /// Sets the scopes, space-separated (such as `profile email`).
        pub fn scopes(mut self, scopes: impl Into<String>) -> Self {
            self.scopes = Some(scopes.into());
            self
        }

        /// Turns the consent screen on or off.
        pub fn consent_screen_enabled(mut self, enabled: bool) -> Self {
            self.consent_screen_enabled = Some(enabled);
            self
        }

        /// Requires (or not) PKCE.
        pub fn pkce_required(mut self, required: bool) -> Self {
            self.pkce_required = Some(required);
            self
        }

        /// Makes the application a public client (or not).
        pub fn public(mut self, public: bool) -> Self {
            self.public = Some(public);
            self
        }
    };
}

/// The body of [`OAuthApplications::create`] (`CreateOAuthApplication`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateOAuthApplication {
    /// The application's name.
    pub name: String,
    /// The redirect URIs the application may use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_uris: Option<Vec<String>>,
    /// Deprecated by Clerk: a single redirect URI; use [`redirect_uris`](Self::redirect_uris).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    /// The scopes, space-separated; `profile email` on the server when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<String>,
    /// Whether users must consent; `true` on the server when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_screen_enabled: Option<bool>,
    /// Whether PKCE is required; `false` on the server when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pkce_required: Option<bool>,
    /// Whether the application is a public client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public: Option<bool>,
}

impl CreateOAuthApplication {
    /// An application named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    oauth_application_setters!();
}

/// The body of [`OAuthApplications::update`] (`UpdateOAuthApplication`): only the fields set are
/// changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateOAuthApplication {
    /// A new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New redirect URIs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_uris: Option<Vec<String>>,
    /// Deprecated by Clerk: a single redirect URI; use [`redirect_uris`](Self::redirect_uris).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    /// New scopes, space-separated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<String>,
    /// Turns the consent screen on or off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_screen_enabled: Option<bool>,
    /// Requires PKCE or not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pkce_required: Option<bool>,
    /// Makes the application a public client or not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public: Option<bool>,
}

impl UpdateOAuthApplication {
    /// No change yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(name: String);

    oauth_application_setters!();
}

/// The body of a token revocation; deliberately without `Debug`, since it holds the token.
#[derive(Serialize)]
struct RevokeTokenBody<'a> {
    token: &'a str,
}

sub_api!(OAuthApplications, oauth_applications);

fn application_path(oauth_application_id: &str, rest: &str) -> String {
    format!(
        "/oauth_applications/{}{rest}",
        encode_segment(oauth_application_id)
    )
}

impl OAuthApplications {
    /// Lists the instance's OAuth applications
    /// (`GET /oauth_applications`, `ListOAuthApplications`).
    ///
    /// # Errors
    /// An API error (400/422) for invalid parameters.
    pub fn list(&self, params: &ListOAuthApplications) -> PageRequest<OAuthApplication> {
        self.clerk
            .paginate(ApiRequest::get("/oauth_applications").query_params(params))
    }

    /// Creates an OAuth application (`POST /oauth_applications`, `CreateOAuthApplication`).
    /// Its client secret is in [`OAuthApplication::client_secret`] of the answer.
    ///
    /// # Errors
    /// An API error (400/422) for invalid input, such as a malformed redirect URI.
    pub async fn create(&self, params: &CreateOAuthApplication) -> Result<OAuthApplication> {
        self.clerk
            .send(ApiRequest::post("/oauth_applications").json(params))
            .await
    }

    /// Fetches one OAuth application
    /// (`GET /oauth_applications/{oauth_application_id}`, `GetOAuthApplication`).
    ///
    /// # Errors
    /// An API error with status 404 when no application has this id.
    pub async fn get(&self, oauth_application_id: &str) -> Result<OAuthApplication> {
        self.clerk
            .send(ApiRequest::get(application_path(oauth_application_id, "")))
            .await
    }

    /// Updates an OAuth application
    /// (`PATCH /oauth_applications/{oauth_application_id}`, `UpdateOAuthApplication`).
    ///
    /// # Errors
    /// An API error: 404 when no application has this id, 400/422 for invalid input.
    pub async fn update(
        &self,
        oauth_application_id: &str,
        params: &UpdateOAuthApplication,
    ) -> Result<OAuthApplication> {
        self.clerk
            .send(ApiRequest::patch(application_path(oauth_application_id, "")).json(params))
            .await
    }

    /// Deletes an OAuth application; its tokens stop working
    /// (`DELETE /oauth_applications/{oauth_application_id}`, `DeleteOAuthApplication`).
    ///
    /// # Errors
    /// An API error with status 404 when no application has this id.
    pub async fn delete(&self, oauth_application_id: &str) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::delete(application_path(
                oauth_application_id,
                "",
            )))
            .await
    }

    /// Uploads an OAuth application's logo, as `multipart/form-data`
    /// (`PUT /oauth_applications/{oauth_application_id}/logo`, `UploadOAuthApplicationLogo`).
    ///
    /// # Errors
    /// An API error: 400 when the file is not an accepted image, 404 when no application has
    /// this id.
    pub async fn upload_logo(
        &self,
        oauth_application_id: &str,
        logo: Logo,
    ) -> Result<OAuthApplication> {
        self.clerk
            .send(
                ApiRequest::put(application_path(oauth_application_id, "/logo"))
                    .multipart(logo.into_form()),
            )
            .await
    }

    /// Replaces an OAuth application's client secret; the new one is in
    /// [`OAuthApplication::client_secret`] of the answer
    /// (`POST /oauth_applications/{oauth_application_id}/rotate_secret`,
    /// `RotateOAuthApplicationSecret`).
    ///
    /// # Errors
    /// An API error with status 404 when no application has this id.
    pub async fn rotate_secret(&self, oauth_application_id: &str) -> Result<OAuthApplication> {
        self.clerk
            .send(ApiRequest::post(application_path(
                oauth_application_id,
                "/rotate_secret",
            )))
            .await
    }

    /// Revokes an access or refresh token issued to an OAuth application
    /// (`POST /oauth_applications/{oauth_application_id}/revoke_token`,
    /// `RevokeOAuthApplicationToken`).
    ///
    /// # Errors
    /// An API error: 404 when no application has this id, 400/422 for a malformed token.
    pub async fn revoke_token(&self, oauth_application_id: &str, token: &str) -> Result<()> {
        self.clerk
            .send_empty(
                ApiRequest::post(application_path(oauth_application_id, "/revoke_token"))
                    .json(&RevokeTokenBody { token }),
            )
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const APP: &str = r#"{
        "object": "oauth_application", "id": "oa_1", "instance_id": "ins_1", "name": "Acme",
        "client_id": "client_abc", "client_secret": "SECRETSECRET", "client_uri": null,
        "client_image_url": null, "dynamically_registered": false,
        "consent_screen_enabled": true, "pkce_required": false, "public": false,
        "scopes": "profile email", "redirect_uris": ["https://acme.test/cb"],
        "callback_url": "https://acme.test/cb",
        "authorize_url": "https://clerk.acme.test/oauth/authorize",
        "token_fetch_url": "https://clerk.acme.test/oauth/token",
        "user_info_url": "https://clerk.acme.test/oauth/userinfo",
        "discovery_url": "https://clerk.acme.test/.well-known/openid-configuration",
        "token_introspection_url": "https://clerk.acme.test/oauth/token_info",
        "created_at": 1700000000000, "updated_at": 1700000000000
    }"#;

    #[tokio::test]
    async fn create_sends_settings_and_hides_the_client_secret() {
        let Fake { clerk, seen } = fake(200, APP);
        let app = clerk
            .oauth_applications()
            .create(
                &CreateOAuthApplication::new("Acme")
                    .redirect_uris(["https://acme.test/cb"])
                    .scopes("profile email")
                    .pkce_required(true),
            )
            .await
            .unwrap();
        let req = seen.only();
        assert_eq!(req.path, "/v1/oauth_applications");
        assert_eq!(
            req.body,
            Some(
                json!({"name": "Acme", "redirect_uris": ["https://acme.test/cb"],
                        "scopes": "profile email", "pkce_required": true})
            )
        );
        assert_eq!(app.client_secret.as_deref(), Some("SECRETSECRET"));
        assert!(!format!("{app:?}").contains("SECRETSECRET"));
        assert_eq!(app.redirect_uris, ["https://acme.test/cb"]);
    }

    #[tokio::test]
    async fn list_and_update() {
        let body = format!(r#"{{"data": [{APP}], "total_count": 3}}"#);
        let Fake { clerk, seen } = fake(200, &body);
        let page = clerk
            .oauth_applications()
            .list(
                &ListOAuthApplications::new()
                    .name_query("Ac")
                    .order_by(OrderBy::desc("created_at")),
            )
            .await
            .unwrap();
        assert_eq!(page.total_count, Some(3));
        assert_eq!(seen.only().query, "order_by=-created_at&name_query=Ac");

        let Fake { clerk, seen } = fake(200, APP);
        clerk
            .oauth_applications()
            .update(
                "oa_1",
                &UpdateOAuthApplication::new().name("Acme 2").public(true),
            )
            .await
            .unwrap();
        let req = seen.only();
        assert_eq!(req.method, "PATCH");
        assert_eq!(req.body, Some(json!({"name": "Acme 2", "public": true})));
    }

    #[tokio::test]
    async fn upload_logo_is_a_multipart_put() {
        use bytes::Bytes;
        use std::sync::{Arc, Mutex};
        type Captured = Arc<Mutex<Option<(String, String, String, Bytes)>>>;
        let captured: Captured = Arc::default();
        let log = captured.clone();
        let transport = crate::transport::from_fn(move |req: http::Request<Bytes>| {
            let log = log.clone();
            async move {
                let content_type = req
                    .headers()
                    .get(http::header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                *log.lock().unwrap() = Some((
                    req.method().to_string(),
                    req.uri().path().to_owned(),
                    content_type,
                    req.body().clone(),
                ));
                Ok(http::Response::new(Bytes::from(APP)))
            }
        });
        let clerk = crate::Clerk::builder()
            .secret_key("sk_test_x")
            .api_url("http://clerk.test")
            .environment(crate::Environment::from_pairs(
                Vec::<(String, String)>::new(),
            ))
            .transport(transport)
            .build()
            .unwrap();
        let logo = Logo::new("logo.png", "image/png", vec![1u8, 2, 3]).uploader_user_id("user_1");
        assert!(format!("{logo:?}").contains("data_len: 3"));
        let app = clerk
            .oauth_applications()
            .upload_logo("oa_1", logo)
            .await
            .unwrap();
        assert_eq!(app.id, "oa_1");
        let (method, path, content_type, body) = captured.lock().unwrap().clone().unwrap();
        assert_eq!(method, "PUT");
        assert_eq!(path, "/v1/oauth_applications/oa_1/logo");
        assert!(content_type.starts_with("multipart/form-data; boundary="));
        let body = String::from_utf8_lossy(&body);
        assert!(body.contains("name=\"uploader_user_id\"\r\n\r\nuser_1\r\n"));
        assert!(
            body.contains("name=\"file\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n")
        );
    }

    #[tokio::test]
    async fn revoke_token_expects_no_body() {
        let Fake { clerk, seen } = fake(204, "");
        clerk
            .oauth_applications()
            .revoke_token("oa_1", "tok")
            .await
            .unwrap();
        let req = seen.only();
        assert_eq!(req.path, "/v1/oauth_applications/oa_1/revoke_token");
        assert_eq!(req.body, Some(json!({"token": "tok"})));
    }
}
