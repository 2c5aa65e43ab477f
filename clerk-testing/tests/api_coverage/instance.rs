//! Cases for the instance-level groups: instance settings, allow-list and block-list, domains,
//! redirect URLs, JWT templates, email and SMS templates, SAML and enterprise connections,
//! waitlist entries, beta features, the Svix app and Admin Portal link tokens.

use clerk_core::resources::admin_portal::{CreateAdminPortalLinkToken, RevokeAdminPortalLinkToken};
use clerk_core::resources::allowlist_blocklist::{
    CreateAllowlistIdentifier, CreateBlocklistIdentifier, ListAllowlistIdentifiers,
};
use clerk_core::resources::beta_features::{ChangeProductionDomain, UpdateInstanceAuthConfig};
use clerk_core::resources::domains::{AddDomain, UpdateDomain};
use clerk_core::resources::enterprise_connections::{
    CreateEnterpriseConnection, EnterpriseConnectionProvider, ListEnterpriseConnections,
    ListTestRuns, SamlParams, TestRunStatus, UpdateEnterpriseConnection,
};
use clerk_core::resources::instance_settings::{
    UpdateInstance, UpdateInstanceCommunication, UpdateInstanceProtect, UpdateInstanceRestrictions,
    UpdateOAuthApplicationSettings, UpdateOrganizationSettings,
};
use clerk_core::resources::jwt_templates::{
    CreateJwtTemplate, ListJwtTemplates, UpdateJwtTemplate,
};
use clerk_core::resources::redirect_urls::{CreateRedirectUrl, ListRedirectUrls};
use clerk_core::resources::saml_connections::{
    CreateSamlConnection, ListSamlConnections, SamlProvider, UpdateSamlConnection,
};
use clerk_core::resources::templates::{
    ListTemplates, PreviewTemplate, TemplateType, UpsertTemplate,
};
use clerk_core::resources::waitlist_entries::{
    CreateWaitlistEntry, InviteWaitlistEntry, ListWaitlistEntries, WaitlistEntryStatus,
};
use serde_json::json;

use crate::prelude::{Case, case};

const TOKEN_ID: &str = "aplt_3beecc9c60adb5f9b850e91a83beecc9";

pub(crate) fn cases() -> Vec<Case> {
    vec![
        // Instance Settings
        case!("GetInstance", |c| c.instance().get()),
        case!("UpdateInstance", |c| c
            .instance()
            .update(&UpdateInstance::new().test_mode(true).hibp(true))),
        case!("UpdateInstanceRestrictions", |c| c
            .instance()
            .update_restrictions(
                &UpdateInstanceRestrictions::new().allowlist(true)
            )),
        case!("GetInstanceProtect", |c| c.instance().get_protect()),
        case!("UpdateInstanceProtect", |c| c.instance().update_protect(
            &UpdateInstanceProtect::new().rules_enabled(true)
        )),
        case!("GetInstanceCommunication", |c| c
            .instance()
            .get_communication()),
        case!("UpdateInstanceCommunication", |c| c
            .instance()
            .update_communication(
                &UpdateInstanceCommunication::new().blocked_country_codes(["RU"])
            )),
        case!("GetInstanceOAuthApplicationSettings", |c| c
            .instance()
            .get_oauth_application_settings()),
        case!("UpdateInstanceOAuthApplicationSettings", |c| c
            .instance()
            .update_oauth_application_settings(
                &UpdateOAuthApplicationSettings::new().reset_default_scopes()
            )),
        case!("GetInstanceOrganizationSettings", |c| c
            .instance()
            .get_organization_settings()),
        case!("UpdateInstanceOrganizationSettings", |c| c
            .instance()
            .update_organization_settings(
                &UpdateOrganizationSettings::new().enabled(true)
            )),
        // Allow-list / Block-list
        case!("ListAllowlistIdentifiers", |c| c
            .allowlist_identifiers()
            .list(
                &ListAllowlistIdentifiers::new().paginated(true).limit(10)
            )),
        case!("CreateAllowlistIdentifier", |c| c
            .allowlist_identifiers()
            .create(
                &CreateAllowlistIdentifier::new("a@example.com").notify(false)
            )),
        case!("DeleteAllowlistIdentifier", |c| c
            .allowlist_identifiers()
            .delete("alid_1")),
        case!("ListBlocklistIdentifiers", |c| c
            .blocklist_identifiers()
            .list()),
        case!("CreateBlocklistIdentifier", |c| c
            .blocklist_identifiers()
            .create(&CreateBlocklistIdentifier::new("spam.example"))),
        case!("DeleteBlocklistIdentifier", |c| c
            .blocklist_identifiers()
            .delete("blid_1")),
        // Domains
        case!("ListDomains", |c| c.domains().list()),
        case!("AddDomain", |c| c
            .domains()
            .add(&AddDomain::satellite("sat.example.com"))),
        case!("UpdateDomain", |c| c
            .domains()
            .update("dmn_1", &UpdateDomain::new().remove_proxy_url())),
        case!("DeleteDomain", |c| c.domains().delete("dmn_1")),
        // Redirect URLs
        case!("ListRedirectURLs", |c| c
            .redirect_urls()
            .list(&ListRedirectUrls::new().limit(10))),
        case!("CreateRedirectURL", |c| c
            .redirect_urls()
            .create(&CreateRedirectUrl::new("my-app://oauth-callback"))),
        case!("GetRedirectURL", |c| c.redirect_urls().get("ru_1")),
        case!("DeleteRedirectURL", |c| c.redirect_urls().delete("ru_1")),
        // JWT Templates
        case!("ListJWTTemplates", |c| c
            .jwt_templates()
            .list(&ListJwtTemplates::new())),
        case!("CreateJWTTemplate", |c| c.jwt_templates().create(
            &CreateJwtTemplate::new("supabase", json!({"aud": "authenticated"})).lifetime(60)
        )),
        case!("GetJWTTemplate", |c| c.jwt_templates().get("jtmp_1")),
        case!("UpdateJWTTemplate", |c| c.jwt_templates().update(
            "jtmp_1",
            &UpdateJwtTemplate::new("supabase", json!({"role": "authenticated"}))
        )),
        case!("DeleteJWTTemplate", |c| c.jwt_templates().delete("jtmp_1")),
        // Email & SMS Templates (deprecated)
        case!("GetTemplateList", |c| c
            .templates()
            .list(TemplateType::Email, &ListTemplates::new())),
        case!("GetTemplate", |c| c
            .templates()
            .get(TemplateType::Sms, "verification_code")),
        case!("UpsertTemplate", |c| c.templates().upsert(
            TemplateType::Email,
            "verification_code",
            &UpsertTemplate::new().subject("Your code")
        )),
        case!("RevertTemplate", |c| c
            .templates()
            .revert(TemplateType::Email, "verification_code")),
        case!("PreviewTemplate", |c| c.templates().preview(
            TemplateType::Email,
            "verification_code",
            &PreviewTemplate::new().body("{{otp_code}}")
        )),
        case!("ToggleTemplateDelivery", |c| c.templates().toggle_delivery(
            TemplateType::Sms,
            "verification_code",
            false
        )),
        // SAML Connections (deprecated)
        case!("ListSAMLConnections", |c| c
            .saml_connections()
            .list(&ListSamlConnections::new().organization_id("org_1"))),
        case!("CreateSAMLConnection", |c| c.saml_connections().create(
            &CreateSamlConnection::new("Acme", SamlProvider::Okta, ["acme.com"])
        )),
        case!("GetSAMLConnection", |c| c.saml_connections().get("samlc_1")),
        case!("UpdateSAMLConnection", |c| c
            .saml_connections()
            .update("samlc_1", &UpdateSamlConnection::new().active(true))),
        case!("DeleteSAMLConnection", |c| c
            .saml_connections()
            .delete("samlc_1")),
        // Enterprise Connections
        case!("ListEnterpriseConnections", |c| c
            .enterprise_connections()
            .list(&ListEnterpriseConnections::new().active(true))),
        case!("CreateEnterpriseConnection", |c| c
            .enterprise_connections()
            .create(
                &CreateEnterpriseConnection::new(
                    "Acme",
                    EnterpriseConnectionProvider::SamlCustom,
                    ["acme.com"]
                )
                .saml(SamlParams::new().idp_metadata_url("https://idp.example/metadata"))
            )),
        case!("GetEnterpriseConnection", |c| c
            .enterprise_connections()
            .get("ec_1")),
        case!("UpdateEnterpriseConnection", |c| c
            .enterprise_connections()
            .update(
                "ec_1",
                &UpdateEnterpriseConnection::new().name("Acme SSO")
            )),
        case!("DeleteEnterpriseConnection", |c| c
            .enterprise_connections()
            .delete("ec_1")),
        case!("ListEnterpriseConnectionTestRuns", |c| c
            .enterprise_connections()
            .list_test_runs(
                "ec_1",
                &ListTestRuns::new().status(TestRunStatus::Failed)
            )),
        case!("CreateEnterpriseConnectionTestRun", |c| c
            .enterprise_connections()
            .create_test_run("ec_1")),
        // Waitlist Entries
        case!("ListWaitlistEntries", |c| c.waitlist_entries().list(
            &ListWaitlistEntries::new().status(WaitlistEntryStatus::Pending)
        )),
        case!("CreateWaitlistEntry", |c| c
            .waitlist_entries()
            .create(&CreateWaitlistEntry::new("a@example.com"))),
        case!("CreateBulkWaitlistEntries", |c| c
            .waitlist_entries()
            .create_bulk(&[
                CreateWaitlistEntry::new("a@example.com"),
                CreateWaitlistEntry::new("b@example.com").notify(false),
            ])),
        case!("DeleteWaitlistEntry", |c| c
            .waitlist_entries()
            .delete("wle_1")),
        case!("InviteWaitlistEntry", |c| c
            .waitlist_entries()
            .invite("wle_1", &InviteWaitlistEntry::new())),
        case!("RejectWaitlistEntry", |c| c
            .waitlist_entries()
            .reject("wle_1")),
        // Beta Features
        case!("UpdateInstanceAuthConfig", |c| c
            .beta_features()
            .update_instance_settings(
                &UpdateInstanceAuthConfig::new().test_mode(true)
            )),
        case!("ChangeProductionInstanceDomain", |c| c
            .beta_features()
            .change_production_domain(&ChangeProductionDomain::new(
                "https://www.example.com"
            ))),
        case!("UpdateProductionInstanceDomain", |c| c
            .beta_features()
            .update_production_domain(&ChangeProductionDomain::new(
                "https://www.example.com"
            ))),
        // Webhooks (the Svix app)
        case!("CreateSvixApp", |c| c.webhooks().create_svix_app()),
        case!("DeleteSvixApp", |c| c.webhooks().delete_svix_app()),
        case!("GenerateSvixAuthURL", |c| c
            .webhooks()
            .generate_svix_auth_url()),
        // Admin Portal Link Tokens
        case!("createAdminPortalLinkToken", |c| c
            .admin_portal_link_tokens()
            .create(
                &CreateAdminPortalLinkToken::new().scopes(["admin_portal:read"])
            )),
        case!("revokeAdminPortalLinkToken", |c| c
            .admin_portal_link_tokens()
            .revoke(TOKEN_ID, &RevokeAdminPortalLinkToken::new())),
    ]
}
