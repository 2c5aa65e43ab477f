//! The Svix app behind the instance's webhooks: creating it, deleting it and opening its
//! dashboard (the spec's `Webhooks` tag). Verifying the webhooks Clerk sends is
//! [`crate::webhooks`]'s job.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;
use crate::{ApiRequest, Result};

/// A link to the Svix dashboard of the instance: `SvixURL` in the spec.
///
/// The link logs whoever holds it into the dashboard, so its `Debug` output hides it.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SvixUrl {
    /// The dashboard URL.
    #[serde(default, deserialize_with = "null_default")]
    pub svix_url: String,
}

impl fmt::Debug for SvixUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SvixUrl")
            .field("svix_url", &"[redacted]")
            .finish()
    }
}

sub_api!(Webhooks, webhooks);

impl Webhooks {
    /// Creates a Svix app for the instance and returns a link to its dashboard
    /// (`POST /webhooks/svix`, `CreateSvixApp`).
    ///
    /// # Errors
    /// An API error: 400 when the instance already has a Svix app.
    pub async fn create_svix_app(&self) -> Result<SvixUrl> {
        self.clerk.send(ApiRequest::post("/webhooks/svix")).await
    }

    /// Deletes the instance's Svix app (`DELETE /webhooks/svix`, `DeleteSvixApp`).
    ///
    /// # Errors
    /// An API error: 400 when the instance has no Svix app.
    pub async fn delete_svix_app(&self) -> Result<()> {
        self.clerk
            .send_empty(ApiRequest::delete("/webhooks/svix"))
            .await
    }

    /// Creates a fresh link to the Svix dashboard of the instance
    /// (`POST /webhooks/svix_url`, `GenerateSvixAuthURL`).
    ///
    /// # Errors
    /// An API error: 400 when the instance has no Svix app.
    pub async fn generate_svix_auth_url(&self) -> Result<SvixUrl> {
        self.clerk
            .send(ApiRequest::post("/webhooks/svix_url"))
            .await
    }
}

#[cfg(test)]
mod tests {
    use crate::resources::users::testkit::{Fake, fake};

    #[tokio::test]
    async fn create_and_generate_return_the_url_and_hide_it_in_debug() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"svix_url":"https://app.svix.com/login#key=secret"}"#,
        );
        let app = clerk.webhooks().create_svix_app().await.unwrap();
        assert_eq!(app.svix_url, "https://app.svix.com/login#key=secret");
        assert!(!format!("{app:?}").contains("secret"));
        clerk.webhooks().generate_svix_auth_url().await.unwrap();
        let reqs = seen.all();
        assert_eq!(
            (reqs[0].method.as_str(), reqs[0].path.as_str()),
            ("POST", "/v1/webhooks/svix")
        );
        assert_eq!(reqs[0].body, None);
        assert_eq!(reqs[1].path, "/v1/webhooks/svix_url");
    }

    #[tokio::test]
    async fn delete_accepts_no_content() {
        let Fake { clerk, seen } = fake(204, "");
        clerk.webhooks().delete_svix_app().await.unwrap();
        let req = seen.only();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("DELETE", "/v1/webhooks/svix")
        );
    }
}
