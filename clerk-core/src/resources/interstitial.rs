//! The interstitial page: HTML that loads clerk.js to settle a request's authentication state
//! (the spec's `Miscellaneous` tag).

use serde::Serialize;

use crate::{ApiRequest, Result};

/// Query parameters of [`Interstitial::get`] (`GetPublicInterstitial`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct GetInterstitial {
    /// Deprecated by Clerk: use [`frontend_api`](Self::frontend_api).
    #[serde(rename = "frontendApi")]
    pub frontend_api_legacy: Option<String>,
    /// The Frontend API host of the instance.
    pub frontend_api: Option<String>,
    /// The publishable key of the instance.
    pub publishable_key: Option<String>,
    /// The proxy URL of the instance.
    pub proxy_url: Option<String>,
    /// The domain of the instance (satellite apps).
    pub domain: Option<String>,
    /// The sign-in URL of the instance.
    pub sign_in_url: Option<String>,
    /// Load clerk.js from the domain rather than the Frontend API host.
    pub use_domain_for_script: Option<bool>,
}

impl GetInterstitial {
    /// No parameter: give at least a publishable key or a Frontend API host.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        frontend_api: String,
        publishable_key: String,
        proxy_url: String,
        domain: String,
        sign_in_url: String;
        use_domain_for_script: bool,
    );
}

sub_api!(Interstitial, interstitial);

impl Interstitial {
    /// Fetches the interstitial page's HTML (`GET /public/interstitial`,
    /// `GetPublicInterstitial`). An empty answer gives an empty string.
    ///
    /// # Errors
    /// An API error: 400 when a required parameter is missing, 500 when Clerk detects a
    /// redirect loop.
    pub async fn get(&self, params: &GetInterstitial) -> Result<String> {
        let request = ApiRequest::get("/public/interstitial").query_params(params);
        // The answer is HTML, not JSON.
        self.clerk.send_text(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};

    #[tokio::test]
    async fn get_returns_the_html_and_sends_the_parameters() {
        let html = "<!DOCTYPE html><html><body>loading…</body></html>";
        let Fake { clerk, seen } = fake(200, html);
        let page = clerk
            .interstitial()
            .get(
                &GetInterstitial::new()
                    .publishable_key("pk_test_x")
                    .use_domain_for_script(true),
            )
            .await
            .unwrap();
        assert_eq!(page, html);
        let req = seen.all().remove(0);
        assert_eq!(req.path, "/v1/public/interstitial");
        assert_eq!(
            req.query,
            "publishable_key=pk_test_x&use_domain_for_script=true"
        );

        let Fake { clerk, .. } = fake(400, r#"{"errors":[{"code":"x","message":"m"}]}"#);
        let err = clerk
            .interstitial()
            .get(&GetInterstitial::new())
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    }
}
