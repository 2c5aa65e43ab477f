//! Proxy checks: verify that a domain's Frontend API proxy works before switching to it (the
//! spec's `Proxy Checks` tag).

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;

use crate::{ApiRequest, Result};

/// The result of a proxy check: `ProxyCheck` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProxyCheck {
    /// Always `proxy_check`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The proxy check id.
    pub id: String,
    /// The domain checked.
    #[serde(default, deserialize_with = "null_default")]
    pub domain_id: String,
    /// When the check last ran, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub last_run_at: Option<i64>,
    /// The proxy URL checked.
    #[serde(default, deserialize_with = "null_default")]
    pub proxy_url: String,
    /// Whether the proxy reached the Frontend API.
    #[serde(default, deserialize_with = "null_default")]
    pub successful: bool,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// The body of [`ProxyChecks::verify`] (`VerifyDomainProxy`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct VerifyDomainProxy {
    /// The domain whose proxy to check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_id: Option<String>,
    /// The full proxy URL, such as `https://example.com/__clerk`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy_url: Option<String>,
}

impl VerifyDomainProxy {
    /// A check that `proxy_url` forwards to the Frontend API for the domain `domain_id`.
    pub fn new(domain_id: impl Into<String>, proxy_url: impl Into<String>) -> Self {
        Self {
            domain_id: Some(domain_id.into()),
            proxy_url: Some(proxy_url.into()),
        }
    }
}

sub_api!(ProxyChecks, proxy_checks);

impl ProxyChecks {
    /// Checks that a proxy URL forwards to Clerk's Frontend API for a domain
    /// (`POST /proxy_checks`, `VerifyDomainProxy`).
    ///
    /// # Errors
    /// An API error: 422 when the proxy does not answer as Clerk's Frontend API or a parameter
    /// is invalid, 400 for a malformed request.
    pub async fn verify(&self, params: &VerifyDomainProxy) -> Result<ProxyCheck> {
        self.clerk
            .send(ApiRequest::post("/proxy_checks").json(params))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    #[tokio::test]
    async fn verify_posts_the_domain_and_url() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"proxy_check","id":"pxc_1","domain_id":"dmn_1","last_run_at":null,
                "proxy_url":"https://example.com/__clerk","successful":true,
                "created_at":1,"updated_at":2}"#,
        );
        let check = clerk
            .proxy_checks()
            .verify(&VerifyDomainProxy::new(
                "dmn_1",
                "https://example.com/__clerk",
            ))
            .await
            .unwrap();
        assert!(check.successful);
        let req = seen.only();
        assert_eq!(req.path, "/v1/proxy_checks");
        assert_eq!(
            req.body,
            Some(json!({"domain_id": "dmn_1", "proxy_url": "https://example.com/__clerk"}))
        );
    }
}
