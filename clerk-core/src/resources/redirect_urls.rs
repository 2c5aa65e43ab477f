//! Redirect URLs: the URLs Clerk may redirect to after OAuth flows in native and mobile apps
//! (the spec's `Redirect URLs` tag).

use serde::{Deserialize, Serialize};

use crate::resources::common::{DeletedObject, null_default};
use crate::{ApiRequest, PageRequest, Result, encode_segment};

/// An allowed redirect URL: `RedirectURL` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RedirectUrl {
    /// Always `redirect_url`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The redirect URL id (`ru_…`).
    pub id: String,
    /// The URL, such as `https://my-app.com/oauth-callback` or `my-app://oauth-callback`.
    #[serde(default, deserialize_with = "null_default")]
    pub url: String,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// Query parameters of [`RedirectUrls::list`] (`ListRedirectURLs`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListRedirectUrls {
    /// Whether the server paginates the results (with `limit` and `offset`).
    pub paginated: Option<bool>,
    /// Page size, 1 to 500. Defaults to 10 on the server when paginated.
    pub limit: Option<u32>,
    /// How many redirect URLs to skip.
    pub offset: Option<u32>,
}

impl ListRedirectUrls {
    /// No parameters: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(; paginated: bool);
    paging_setters!();
}

/// The body of [`RedirectUrls::create`] (`CreateRedirectURL`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateRedirectUrl {
    /// The full URL, with `https://` or a custom scheme.
    pub url: String,
}

impl CreateRedirectUrl {
    /// Allows `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self { url: url.into() }
    }
}

sub_api!(RedirectUrls, redirect_urls);

fn redirect_url_path(id: &str) -> String {
    format!("/redirect_urls/{}", encode_segment(id))
}

impl RedirectUrls {
    /// Lists the allowed redirect URLs (`GET /redirect_urls`, `ListRedirectURLs`).
    ///
    /// # Errors
    /// An API error, such as 401 for a wrong secret key.
    pub fn list(&self, params: &ListRedirectUrls) -> PageRequest<RedirectUrl> {
        self.clerk
            .paginate(ApiRequest::get("/redirect_urls").query_params(params))
    }

    /// Fetches one redirect URL (`GET /redirect_urls/{id}`, `GetRedirectURL`).
    ///
    /// # Errors
    /// An API error: 404 when no redirect URL has this id.
    pub async fn get(&self, id: &str) -> Result<RedirectUrl> {
        self.clerk
            .send(ApiRequest::get(redirect_url_path(id)))
            .await
    }

    /// Allows a redirect URL (`POST /redirect_urls`, `CreateRedirectURL`).
    ///
    /// # Errors
    /// An API error: 400 or 422 for an invalid URL.
    pub async fn create(&self, params: &CreateRedirectUrl) -> Result<RedirectUrl> {
        self.clerk
            .send(ApiRequest::post("/redirect_urls").json(params))
            .await
    }

    /// Removes a redirect URL (`DELETE /redirect_urls/{id}`, `DeleteRedirectURL`).
    ///
    /// # Errors
    /// An API error: 404 when no redirect URL has this id.
    pub async fn delete(&self, id: &str) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::delete(redirect_url_path(id)))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const URL: &str = r#"{"object":"redirect_url","id":"ru_1","url":"my-app://oauth-callback",
        "created_at":1,"updated_at":2}"#;

    #[tokio::test]
    async fn list_get_create_delete() {
        let Fake { clerk, seen } = fake(200, &format!("[{URL}]"));
        let page = clerk
            .redirect_urls()
            .list(&ListRedirectUrls::new().limit(20).offset(0))
            .await
            .unwrap();
        assert_eq!(page[0].url, "my-app://oauth-callback");
        assert_eq!(seen.only().query, "limit=20&offset=0");

        let Fake { clerk, seen } = fake(200, URL);
        clerk.redirect_urls().get("ru_1").await.unwrap();
        clerk
            .redirect_urls()
            .create(&CreateRedirectUrl::new("my-app://oauth-callback"))
            .await
            .unwrap();
        let reqs = seen.all();
        assert_eq!(reqs[0].path, "/v1/redirect_urls/ru_1");
        assert_eq!(reqs[1].method, "POST");
        assert_eq!(
            reqs[1].body,
            Some(json!({"url": "my-app://oauth-callback"}))
        );

        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"redirect_url","id":"ru_1","deleted":true}"#,
        );
        assert!(clerk.redirect_urls().delete("ru_1").await.unwrap().deleted);
        assert_eq!(seen.only().method, "DELETE");
    }
}
