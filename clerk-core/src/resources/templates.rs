//! Email and SMS templates: the wording of the messages Clerk sends (the spec's
//! `Email & SMS Templates` tag).
//!
//! Clerk deprecated every operation of this group: templates are edited in the Clerk Dashboard.
//! The methods remain for instances that still script them.

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;
use crate::{ApiRequest, PageRequest, Result, encode_segment};

crate::string_enum! {
    /// The kind of a template.
    pub enum TemplateType {
        /// An email template.
        Email = "email",
        /// An SMS template.
        Sms = "sms",
    }
}

/// An email or SMS template: `Template` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Template {
    /// The template id.
    #[serde(default)]
    pub id: Option<String>,
    /// Always `template`.
    #[serde(default)]
    pub object: Option<String>,
    /// The instance the template belongs to; `None` for a system template.
    #[serde(default)]
    pub instance_id: Option<String>,
    /// Whether this is a system (default) or a user-overridden template.
    #[serde(default)]
    pub resource_type: Option<String>,
    /// Whether this is an email or an SMS template.
    #[serde(default)]
    pub template_type: Option<TemplateType>,
    /// The user-friendly name.
    #[serde(default)]
    pub name: Option<String>,
    /// The machine-friendly name, such as `verification_code`.
    #[serde(default)]
    pub slug: Option<String>,
    /// The position in the list of templates.
    #[serde(default)]
    pub position: Option<i64>,
    /// Whether the template can be reverted to its system default.
    #[serde(default, deserialize_with = "null_default")]
    pub can_revert: bool,
    /// Whether the template can be deleted.
    #[serde(default, deserialize_with = "null_default")]
    pub can_delete: bool,
    /// Whether the body can be edited.
    #[serde(default, deserialize_with = "null_default")]
    pub can_edit_body: bool,
    /// Whether the template can be turned on and off (notification SMS templates only).
    #[serde(default, deserialize_with = "null_default")]
    pub can_toggle: bool,
    /// The email subject.
    #[serde(default)]
    pub subject: Option<String>,
    /// The editor markup the body was generated from.
    #[serde(default)]
    pub markup: Option<String>,
    /// The body before variable interpolation.
    #[serde(default)]
    pub body: Option<String>,
    /// The variables the body may use.
    #[serde(default, deserialize_with = "null_default")]
    pub available_variables: Vec<String>,
    /// The variables the body must contain.
    #[serde(default, deserialize_with = "null_default")]
    pub required_variables: Vec<String>,
    /// The local part of the From address.
    #[serde(default)]
    pub from_email_name: Option<String>,
    /// The local part of the Reply-To address.
    #[serde(default)]
    pub reply_to_email_name: Option<String>,
    /// Whether Clerk delivers the messages made from this template.
    #[serde(default)]
    pub delivered_by_clerk: Option<bool>,
    /// Whether the template is enabled.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Whether Clerk flagged the template as suspicious.
    #[serde(default, deserialize_with = "null_default")]
    pub flagged_as_suspicious: bool,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub updated_at: Option<i64>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub created_at: Option<i64>,
}

/// Query parameters of [`Templates::list`] (`GetTemplateList`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListTemplates {
    /// Whether the server paginates the results (with `limit` and `offset`).
    pub paginated: Option<bool>,
    /// Page size, 1 to 500. Defaults to 10 on the server when paginated.
    pub limit: Option<u32>,
    /// How many templates to skip.
    pub offset: Option<u32>,
}

impl ListTemplates {
    /// No parameters: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(; paginated: bool);
    paging_setters!();
}

/// The body of [`Templates::upsert`] (`UpsertTemplate`). Fields left `None` are not changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpsertTemplate {
    /// The user-friendly name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The email subject (email templates only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The editor markup the body is generated from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markup: Option<String>,
    /// The body before variable interpolation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Whether Clerk delivers the messages made from this template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered_by_clerk: Option<bool>,
    /// The local part of the From address (email templates only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_email_name: Option<String>,
    /// The local part of the Reply-To address (email templates only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_to_email_name: Option<String>,
}

impl UpsertTemplate {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        name: String,
        subject: String,
        markup: String,
        body: String,
        from_email_name: String,
        reply_to_email_name: String;
        delivered_by_clerk: bool,
    );
}

/// The body of [`Templates::preview`] (`PreviewTemplate`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PreviewTemplate {
    /// The email subject (email templates only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The body before variable interpolation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The local part of the From address (email templates only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_email_name: Option<String>,
    /// The local part of the Reply-To address (email templates only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_to_email_name: Option<String>,
}

impl PreviewTemplate {
    /// A preview of the template as it is.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(subject: String, body: String, from_email_name: String, reply_to_email_name: String);
}

#[derive(Serialize)]
struct ToggleDelivery {
    delivered_by_clerk: bool,
}

sub_api!(Templates, templates);

fn template_path(template_type: &TemplateType, slug: &str, rest: &str) -> String {
    format!(
        "/templates/{}/{}{rest}",
        encode_segment(template_type.as_str()),
        encode_segment(slug)
    )
}

impl Templates {
    /// Lists the templates of a type, by position (`GET /templates/{template_type}`,
    /// `GetTemplateList`).
    ///
    /// # Errors
    /// An API error: 400 or 422 for an invalid type.
    #[deprecated(
        note = "Clerk deprecated the Email & SMS Templates endpoints; edit templates in the Clerk Dashboard"
    )]
    pub fn list(
        &self,
        template_type: TemplateType,
        params: &ListTemplates,
    ) -> PageRequest<Template> {
        let path = format!("/templates/{}", encode_segment(template_type.as_str()));
        self.clerk
            .paginate(ApiRequest::get(path).query_params(params))
    }

    /// Fetches one template (`GET /templates/{template_type}/{slug}`, `GetTemplate`).
    ///
    /// # Errors
    /// An API error: 404 when no template has this type and slug.
    #[deprecated(
        note = "Clerk deprecated the Email & SMS Templates endpoints; edit templates in the Clerk Dashboard"
    )]
    pub async fn get(&self, template_type: TemplateType, slug: &str) -> Result<Template> {
        self.clerk
            .send(ApiRequest::get(template_path(&template_type, slug, "")))
            .await
    }

    /// Updates a template, overriding the system default
    /// (`PUT /templates/{template_type}/{slug}`, `UpsertTemplate`).
    ///
    /// # Errors
    /// An API error: 404 when no template has this type and slug, 400 or 422 for an invalid
    /// body, 402 when the plan does not include template customisation.
    #[deprecated(
        note = "Clerk deprecated the Email & SMS Templates endpoints; edit templates in the Clerk Dashboard"
    )]
    pub async fn upsert(
        &self,
        template_type: TemplateType,
        slug: &str,
        params: &UpsertTemplate,
    ) -> Result<Template> {
        let path = template_path(&template_type, slug, "");
        self.clerk.send(ApiRequest::put(path).json(params)).await
    }

    /// Reverts a template to its system default
    /// (`POST /templates/{template_type}/{slug}/revert`, `RevertTemplate`).
    ///
    /// # Errors
    /// An API error: 404 when no template has this type and slug, 400 when it cannot be
    /// reverted.
    #[deprecated(
        note = "Clerk deprecated the Email & SMS Templates endpoints; edit templates in the Clerk Dashboard"
    )]
    pub async fn revert(&self, template_type: TemplateType, slug: &str) -> Result<Template> {
        let path = template_path(&template_type, slug, "/revert");
        self.clerk.send(ApiRequest::post(path)).await
    }

    /// Renders a template with a candidate subject and body
    /// (`POST /templates/{template_type}/{slug}/preview`, `PreviewTemplate`). The answer is a
    /// JSON object the spec leaves open.
    ///
    /// # Errors
    /// An API error: 404 when no template has this type and slug, 400 or 422 for an invalid
    /// body.
    #[deprecated(
        note = "Clerk deprecated the Email & SMS Templates endpoints; edit templates in the Clerk Dashboard"
    )]
    pub async fn preview(
        &self,
        template_type: TemplateType,
        slug: &str,
        params: &PreviewTemplate,
    ) -> Result<serde_json::Value> {
        let path = template_path(&template_type, slug, "/preview");
        self.clerk.send(ApiRequest::post(path).json(params)).await
    }

    /// Turns delivery by Clerk on or off for a template
    /// (`POST /templates/{template_type}/{slug}/toggle_delivery`, `ToggleTemplateDelivery`).
    /// When off, deliver the messages yourself from the `email.created` and `sms.created`
    /// webhooks.
    ///
    /// # Errors
    /// An API error: 404 when no template has this type and slug.
    #[deprecated(
        note = "Clerk deprecated the Email & SMS Templates endpoints; edit templates in the Clerk Dashboard"
    )]
    pub async fn toggle_delivery(
        &self,
        template_type: TemplateType,
        slug: &str,
        delivered_by_clerk: bool,
    ) -> Result<Template> {
        let path = template_path(&template_type, slug, "/toggle_delivery");
        let body = ToggleDelivery { delivered_by_clerk };
        self.clerk.send(ApiRequest::post(path).json(&body)).await
    }
}

#[cfg(test)]
#[allow(deprecated)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const TEMPLATE: &str = r#"{"object":"template","id":"tmpl_1","instance_id":null,
        "resource_type":"system","template_type":"email","name":"Verification code",
        "slug":"verification_code","position":1,"can_revert":false,"can_delete":false,
        "subject":"{{otp_code}} is your code","body":"<p>{{otp_code}}</p>",
        "available_variables":["otp_code"],"required_variables":["otp_code"],
        "delivered_by_clerk":true,"enabled":true,"updated_at":1,"created_at":1}"#;

    #[tokio::test]
    async fn paths_carry_the_type_and_the_encoded_slug() {
        let Fake { clerk, seen } = fake(200, TEMPLATE);
        let t = clerk
            .templates()
            .get(TemplateType::Email, "verification_code")
            .await
            .unwrap();
        assert_eq!(t.template_type, Some(TemplateType::Email));
        assert_eq!(t.required_variables, ["otp_code"]);
        clerk
            .templates()
            .upsert(
                TemplateType::Sms,
                "a/b",
                &UpsertTemplate::new().body("{{otp_code}}"),
            )
            .await
            .unwrap();
        clerk
            .templates()
            .revert(TemplateType::Sms, "x")
            .await
            .unwrap();
        clerk
            .templates()
            .toggle_delivery(TemplateType::Email, "x", false)
            .await
            .unwrap();
        let reqs = seen.all();
        assert_eq!(reqs[0].path, "/v1/templates/email/verification_code");
        assert_eq!(
            (reqs[1].method.as_str(), reqs[1].path.as_str()),
            ("PUT", "/v1/templates/sms/a%2Fb")
        );
        assert_eq!(reqs[1].body, Some(json!({"body": "{{otp_code}}"})));
        assert_eq!(reqs[2].path, "/v1/templates/sms/x/revert");
        assert_eq!(reqs[2].body, None);
        assert_eq!(reqs[3].path, "/v1/templates/email/x/toggle_delivery");
        assert_eq!(reqs[3].body, Some(json!({"delivered_by_clerk": false})));
    }

    #[tokio::test]
    async fn list_and_preview() {
        let Fake { clerk, seen } = fake(200, &format!("[{TEMPLATE}]"));
        let page = clerk
            .templates()
            .list(TemplateType::Email, &ListTemplates::new().limit(5))
            .await
            .unwrap();
        assert_eq!(page[0].slug.as_deref(), Some("verification_code"));
        let req = seen.only();
        assert_eq!(
            (req.path.as_str(), req.query.as_str()),
            ("/v1/templates/email", "limit=5")
        );

        let Fake { clerk, seen } = fake(200, r#"{"subject":"123456 is your code","body":"<p>"}"#);
        let preview = clerk
            .templates()
            .preview(
                TemplateType::Email,
                "verification_code",
                &PreviewTemplate::new().subject("s"),
            )
            .await
            .unwrap();
        assert_eq!(preview["subject"], "123456 is your code");
        assert_eq!(seen.only().body, Some(json!({"subject": "s"})));
    }
}
