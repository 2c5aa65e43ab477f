//! Domains: the primary domain of the instance and its satellite domains (the spec's `Domains`
//! tag).

use serde::{Deserialize, Serialize};

use crate::resources::common::{DeletedObject, null_default};
use crate::{ApiRequest, PageRequest, Result, encode_segment};

/// A domain of the instance: `Domain` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Domain {
    /// Always `domain`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The domain id (`dmn_…`).
    pub id: String,
    /// The domain name, such as `example.com` (with a port for development instances).
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// Whether this is a satellite domain.
    #[serde(default, deserialize_with = "null_default")]
    pub is_satellite: bool,
    /// The URL of the Frontend API for this domain.
    #[serde(default, deserialize_with = "null_default")]
    pub frontend_api_url: String,
    /// The URL of the Account Portal; `None` for satellite domains.
    #[serde(default)]
    pub accounts_portal_url: Option<String>,
    /// The URL of the proxy in front of the Frontend API, if any.
    #[serde(default)]
    pub proxy_url: Option<String>,
    /// The development origin.
    #[serde(default, deserialize_with = "null_default")]
    pub development_origin: String,
    /// The CNAME records the domain needs.
    #[serde(default)]
    pub cname_targets: Option<Vec<CnameTarget>>,
}

/// A CNAME record a domain needs: `CNameTarget` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CnameTarget {
    /// The host name of the record.
    #[serde(default, deserialize_with = "null_default")]
    pub host: String,
    /// The value it must point to.
    #[serde(default, deserialize_with = "null_default")]
    pub value: String,
    /// Whether the domain counts as deployed only once this record is set.
    #[serde(default, deserialize_with = "null_default")]
    pub required: bool,
}

/// The body of [`Domains::add`] (`AddDomain`): a satellite domain.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct AddDomain {
    /// The domain name; it may carry a port for development instances (`localhost:3000`).
    pub name: String,
    /// Always `true`: an instance has one primary domain, so new domains are satellites.
    pub is_satellite: bool,
    /// The URL of a proxy that forwards to the Frontend API (production instances only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy_url: Option<String>,
}

impl AddDomain {
    /// A satellite domain named `name`.
    pub fn satellite(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            is_satellite: true,
            proxy_url: None,
        }
    }

    setters!(proxy_url: String);
}

/// The body of [`Domains::update`] (`UpdateDomain`). Fields left `None` are not changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateDomain {
    /// The new domain name: a port is allowed for development instances, a fully qualified
    /// domain name (no scheme) is needed for production.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The proxy URL (production instances only): `Some(None)` (sent as `null`) removes the
    /// proxy, switching the domain back to DNS setup.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy_url: Option<Option<String>>,
    /// Whether the domain belongs to a secondary app, so that its subdomain is significant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_secondary: Option<bool>,
}

impl UpdateDomain {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(name: String; is_secondary: bool);

    /// Puts the domain behind a proxy at `url`.
    pub fn proxy_url(mut self, url: impl Into<String>) -> Self {
        self.proxy_url = Some(Some(url.into()));
        self
    }

    /// Removes the proxy (sends `proxy_url: null`).
    pub fn remove_proxy_url(mut self) -> Self {
        self.proxy_url = Some(None);
        self
    }
}

sub_api!(Domains, domains);

fn domain_path(domain_id: &str) -> String {
    format!("/domains/{}", encode_segment(domain_id))
}

impl Domains {
    /// Lists the domains of the instance, primary and satellites (`GET /domains`,
    /// `ListDomains`). The endpoint answers every domain in one page, with its `total_count`.
    ///
    /// # Errors
    /// An API error, such as 401 for a wrong secret key.
    pub fn list(&self) -> PageRequest<Domain> {
        self.clerk
            .paginate(ApiRequest::get("/domains"))
            .single_page()
    }

    /// Adds a satellite domain (`POST /domains`, `AddDomain`).
    ///
    /// # Errors
    /// An API error: 400 or 422 for an invalid name, 402 when the plan does not include
    /// satellite domains.
    pub async fn add(&self, params: &AddDomain) -> Result<Domain> {
        self.clerk
            .send(ApiRequest::post("/domains").json(params))
            .await
    }

    /// Updates a domain, primary or satellite (`PATCH /domains/{domain_id}`, `UpdateDomain`).
    /// Renaming a production primary domain needs its DNS and email setup done first.
    ///
    /// # Errors
    /// An API error: 404 when no domain has this id, 400 or 422 for invalid input.
    pub async fn update(&self, domain_id: &str, params: &UpdateDomain) -> Result<Domain> {
        self.clerk
            .send(ApiRequest::patch(domain_path(domain_id)).json(params))
            .await
    }

    /// Deletes a satellite domain (`DELETE /domains/{domain_id}`, `DeleteDomain`); the primary
    /// domain cannot be deleted.
    ///
    /// # Errors
    /// An API error: 404 when no domain has this id, 403 for the primary domain.
    pub async fn delete(&self, domain_id: &str) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::delete(domain_path(domain_id)))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const DOMAIN: &str = r#"{"object":"domain","id":"dmn_1","name":"sat.example.com",
        "is_satellite":true,"frontend_api_url":"https://clerk.sat.example.com",
        "accounts_portal_url":null,"proxy_url":null,"development_origin":"",
        "cname_targets":[{"host":"clerk.sat.example.com","value":"frontend-api.clerk.services",
                          "required":true}]}"#;

    #[tokio::test]
    async fn list_reads_data_and_total_count() {
        let Fake { clerk, seen } = fake(200, &format!(r#"{{"data":[{DOMAIN}],"total_count":1}}"#));
        let page = clerk.domains().list().await.unwrap();
        assert_eq!(page.total_count, Some(1));
        let targets = page[0].cname_targets.as_ref().unwrap();
        assert!(targets[0].required);
        assert_eq!(seen.only().path, "/v1/domains");
    }

    #[tokio::test]
    async fn add_sends_a_satellite() {
        let Fake { clerk, seen } = fake(200, DOMAIN);
        let d = clerk
            .domains()
            .add(&AddDomain::satellite("sat.example.com"))
            .await
            .unwrap();
        assert!(d.is_satellite);
        assert_eq!(
            seen.only().body,
            Some(json!({"name": "sat.example.com", "is_satellite": true}))
        );
    }

    #[tokio::test]
    async fn update_can_remove_the_proxy() {
        let Fake { clerk, seen } = fake(200, DOMAIN);
        clerk
            .domains()
            .update("dmn_1", &UpdateDomain::new().remove_proxy_url())
            .await
            .unwrap();
        let req = seen.only();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("PATCH", "/v1/domains/dmn_1")
        );
        assert_eq!(req.body, Some(json!({"proxy_url": null})));
    }
}
