//! Every operation of `clerk-bapi.yml` (method, path template relative to `/v1`, operationId).
//!
//! Kept equal to the spec by the test below, which prints the table to paste when Clerk publishes
//! a new spec version; used to answer unmodelled operations with 501 naming the operation.

/// `(method, path template, operationId)` for every operation in the spec.
pub(crate) const SPEC_OPERATIONS: &[(&str, &str, &str)] = &[
    ("GET", "/public/interstitial", "GetPublicInterstitial"),
    ("GET", "/jwks", "GetJWKS"),
    ("GET", "/clients", "GetClientList"),
    ("POST", "/clients/verify", "VerifyClient"),
    ("GET", "/clients/{client_id}", "GetClient"),
    ("POST", "/email_addresses", "CreateEmailAddress"),
    (
        "GET",
        "/email_addresses/{email_address_id}",
        "GetEmailAddress",
    ),
    (
        "PATCH",
        "/email_addresses/{email_address_id}",
        "UpdateEmailAddress",
    ),
    (
        "DELETE",
        "/email_addresses/{email_address_id}",
        "DeleteEmailAddress",
    ),
    (
        "POST",
        "/email_addresses/{email_address_id}/prepare_verification",
        "PrepareEmailAddressVerification",
    ),
    (
        "POST",
        "/email_addresses/{email_address_id}/attempt_verification",
        "AttemptEmailAddressVerification",
    ),
    (
        "PUT",
        "/users/{user_id}/email_address",
        "ReplaceUserEmailAddress",
    ),
    ("POST", "/phone_numbers", "CreatePhoneNumber"),
    ("GET", "/phone_numbers/{phone_number_id}", "GetPhoneNumber"),
    (
        "PATCH",
        "/phone_numbers/{phone_number_id}",
        "UpdatePhoneNumber",
    ),
    (
        "DELETE",
        "/phone_numbers/{phone_number_id}",
        "DeletePhoneNumber",
    ),
    (
        "POST",
        "/phone_numbers/{phone_number_id}/prepare_verification",
        "PreparePhoneNumberVerification",
    ),
    (
        "POST",
        "/phone_numbers/{phone_number_id}/attempt_verification",
        "AttemptPhoneNumberVerification",
    ),
    (
        "PUT",
        "/users/{user_id}/phone_number",
        "ReplaceUserPhoneNumber",
    ),
    ("GET", "/sessions", "GetSessionList"),
    ("POST", "/sessions", "createSession"),
    ("GET", "/sessions/{session_id}", "GetSession"),
    ("POST", "/sessions/{session_id}/refresh", "RefreshSession"),
    ("POST", "/sessions/{session_id}/revoke", "RevokeSession"),
    (
        "POST",
        "/sessions/{session_id}/tokens",
        "CreateSessionToken",
    ),
    (
        "POST",
        "/sessions/{session_id}/tokens/{template_name}",
        "CreateSessionTokenFromTemplate",
    ),
    ("GET", "/templates/{template_type}", "GetTemplateList"),
    ("GET", "/templates/{template_type}/{slug}", "GetTemplate"),
    ("PUT", "/templates/{template_type}/{slug}", "UpsertTemplate"),
    (
        "POST",
        "/templates/{template_type}/{slug}/revert",
        "RevertTemplate",
    ),
    (
        "POST",
        "/templates/{template_type}/{slug}/preview",
        "PreviewTemplate",
    ),
    (
        "POST",
        "/templates/{template_type}/{slug}/toggle_delivery",
        "ToggleTemplateDelivery",
    ),
    ("GET", "/users", "GetUserList"),
    ("POST", "/users", "CreateUser"),
    ("GET", "/users/count", "GetUsersCount"),
    ("GET", "/users/{user_id}", "GetUser"),
    ("PATCH", "/users/{user_id}", "UpdateUser"),
    ("DELETE", "/users/{user_id}", "DeleteUser"),
    ("POST", "/users/{user_id}/ban", "BanUser"),
    ("POST", "/users/{user_id}/unban", "UnbanUser"),
    ("POST", "/users/ban", "UsersBan"),
    ("POST", "/users/unban", "UsersUnban"),
    ("POST", "/users/{user_id}/lock", "LockUser"),
    ("POST", "/users/{user_id}/unlock", "UnlockUser"),
    (
        "POST",
        "/users/{user_id}/profile_image",
        "SetUserProfileImage",
    ),
    (
        "DELETE",
        "/users/{user_id}/profile_image",
        "DeleteUserProfileImage",
    ),
    ("PUT", "/users/{user_id}/metadata", "ReplaceUserMetadata"),
    ("PATCH", "/users/{user_id}/metadata", "UpdateUserMetadata"),
    (
        "GET",
        "/users/{user_id}/billing/subscription",
        "GetUserBillingSubscription",
    ),
    (
        "GET",
        "/users/{user_id}/billing/credits",
        "GetUserBillingCreditBalance",
    ),
    (
        "POST",
        "/users/{user_id}/billing/credits",
        "AdjustUserBillingCreditBalance",
    ),
    (
        "GET",
        "/users/{user_id}/oauth_access_tokens/{provider}",
        "GetOAuthAccessToken",
    ),
    (
        "GET",
        "/users/{user_id}/organization_memberships",
        "UsersGetOrganizationMemberships",
    ),
    (
        "GET",
        "/users/{user_id}/organization_invitations",
        "UsersGetOrganizationInvitations",
    ),
    (
        "POST",
        "/users/{user_id}/remove_password",
        "RemoveUserPassword",
    ),
    ("POST", "/users/{user_id}/verify_password", "VerifyPassword"),
    ("POST", "/users/{user_id}/verify_totp", "VerifyTOTP"),
    ("DELETE", "/users/{user_id}/mfa", "DisableMFA"),
    ("DELETE", "/users/{user_id}/backup_code", "DeleteBackupCode"),
    (
        "DELETE",
        "/users/{user_id}/passkeys/{passkey_identification_id}",
        "UserPasskeyDelete",
    ),
    (
        "GET",
        "/users/{user_id}/trusted_devices",
        "ListUserTrustedDevices",
    ),
    (
        "DELETE",
        "/users/{user_id}/trusted_devices/{trusted_device_id}",
        "RevokeUserTrustedDevice",
    ),
    (
        "DELETE",
        "/users/{user_id}/web3_wallets/{web3_wallet_identification_id}",
        "UserWeb3WalletDelete",
    ),
    ("DELETE", "/users/{user_id}/totp", "DeleteTOTP"),
    (
        "DELETE",
        "/users/{user_id}/external_accounts/{external_account_id}",
        "DeleteExternalAccount",
    ),
    (
        "POST",
        "/users/{user_id}/password/set_compromised",
        "SetUserPasswordCompromised",
    ),
    (
        "POST",
        "/users/{user_id}/password/unset_compromised",
        "UnsetUserPasswordCompromised",
    ),
    ("GET", "/invitations", "ListInvitations"),
    ("POST", "/invitations", "CreateInvitation"),
    ("POST", "/invitations/bulk", "CreateBulkInvitations"),
    (
        "POST",
        "/invitations/{invitation_id}/revoke",
        "RevokeInvitation",
    ),
    (
        "GET",
        "/organization_invitations",
        "ListInstanceOrganizationInvitations",
    ),
    ("GET", "/allowlist_identifiers", "ListAllowlistIdentifiers"),
    (
        "POST",
        "/allowlist_identifiers",
        "CreateAllowlistIdentifier",
    ),
    (
        "DELETE",
        "/allowlist_identifiers/{identifier_id}",
        "DeleteAllowlistIdentifier",
    ),
    ("GET", "/blocklist_identifiers", "ListBlocklistIdentifiers"),
    (
        "POST",
        "/blocklist_identifiers",
        "CreateBlocklistIdentifier",
    ),
    (
        "DELETE",
        "/blocklist_identifiers/{identifier_id}",
        "DeleteBlocklistIdentifier",
    ),
    (
        "PATCH",
        "/beta_features/instance_settings",
        "UpdateInstanceAuthConfig",
    ),
    (
        "PUT",
        "/beta_features/domain",
        "UpdateProductionInstanceDomain",
    ),
    ("POST", "/actor_tokens", "CreateActorToken"),
    (
        "POST",
        "/actor_tokens/{actor_token_id}/revoke",
        "RevokeActorToken",
    ),
    ("GET", "/domains", "ListDomains"),
    ("POST", "/domains", "AddDomain"),
    ("PATCH", "/domains/{domain_id}", "UpdateDomain"),
    ("DELETE", "/domains/{domain_id}", "DeleteDomain"),
    ("GET", "/instance", "GetInstance"),
    ("PATCH", "/instance", "UpdateInstance"),
    (
        "PATCH",
        "/instance/restrictions",
        "UpdateInstanceRestrictions",
    ),
    ("GET", "/instance/protect", "GetInstanceProtect"),
    ("PATCH", "/instance/protect", "UpdateInstanceProtect"),
    ("GET", "/instance/communication", "GetInstanceCommunication"),
    (
        "PATCH",
        "/instance/communication",
        "UpdateInstanceCommunication",
    ),
    (
        "GET",
        "/instance/oauth_application_settings",
        "GetInstanceOAuthApplicationSettings",
    ),
    (
        "PATCH",
        "/instance/oauth_application_settings",
        "UpdateInstanceOAuthApplicationSettings",
    ),
    (
        "POST",
        "/instance/change_domain",
        "ChangeProductionInstanceDomain",
    ),
    (
        "GET",
        "/instance/organization_settings",
        "GetInstanceOrganizationSettings",
    ),
    (
        "PATCH",
        "/instance/organization_settings",
        "UpdateInstanceOrganizationSettings",
    ),
    ("POST", "/webhooks/svix", "CreateSvixApp"),
    ("DELETE", "/webhooks/svix", "DeleteSvixApp"),
    ("POST", "/webhooks/svix_url", "GenerateSvixAuthURL"),
    ("GET", "/jwt_templates", "ListJWTTemplates"),
    ("POST", "/jwt_templates", "CreateJWTTemplate"),
    ("GET", "/jwt_templates/{template_id}", "GetJWTTemplate"),
    ("PATCH", "/jwt_templates/{template_id}", "UpdateJWTTemplate"),
    (
        "DELETE",
        "/jwt_templates/{template_id}",
        "DeleteJWTTemplate",
    ),
    ("GET", "/machines", "ListMachines"),
    ("POST", "/machines", "CreateMachine"),
    ("GET", "/machines/{machine_id}", "GetMachine"),
    ("PATCH", "/machines/{machine_id}", "UpdateMachine"),
    ("DELETE", "/machines/{machine_id}", "DeleteMachine"),
    (
        "GET",
        "/machines/{machine_id}/secret_key",
        "GetMachineSecretKey",
    ),
    (
        "POST",
        "/machines/{machine_id}/secret_key/rotate",
        "RotateMachineSecretKey",
    ),
    (
        "POST",
        "/machines/{machine_id}/scopes",
        "CreateMachineScope",
    ),
    (
        "DELETE",
        "/machines/{machine_id}/scopes/{other_machine_id}",
        "DeleteMachineScope",
    ),
    ("GET", "/organizations", "ListOrganizations"),
    ("POST", "/organizations", "CreateOrganization"),
    ("GET", "/organizations/{organization_id}", "GetOrganization"),
    (
        "PATCH",
        "/organizations/{organization_id}",
        "UpdateOrganization",
    ),
    (
        "DELETE",
        "/organizations/{organization_id}",
        "DeleteOrganization",
    ),
    (
        "PUT",
        "/organizations/{organization_id}/metadata",
        "ReplaceOrganizationMetadata",
    ),
    (
        "PATCH",
        "/organizations/{organization_id}/metadata",
        "MergeOrganizationMetadata",
    ),
    (
        "PUT",
        "/organizations/{organization_id}/logo",
        "UploadOrganizationLogo",
    ),
    (
        "DELETE",
        "/organizations/{organization_id}/logo",
        "DeleteOrganizationLogo",
    ),
    (
        "GET",
        "/organizations/{organization_id}/billing/subscription",
        "GetOrganizationBillingSubscription",
    ),
    (
        "GET",
        "/organizations/{organization_id}/billing/credits",
        "GetOrganizationBillingCreditBalance",
    ),
    (
        "POST",
        "/organizations/{organization_id}/billing/credits",
        "AdjustOrganizationBillingCreditBalance",
    ),
    (
        "GET",
        "/organizations/{organization_id}/invitations",
        "ListOrganizationInvitations",
    ),
    (
        "POST",
        "/organizations/{organization_id}/invitations",
        "CreateOrganizationInvitation",
    ),
    (
        "POST",
        "/organizations/{organization_id}/invitations/bulk",
        "CreateOrganizationInvitationBulk",
    ),
    (
        "GET",
        "/organizations/{organization_id}/invitations/pending",
        "ListPendingOrganizationInvitations",
    ),
    (
        "GET",
        "/organizations/{organization_id}/invitations/{invitation_id}",
        "GetOrganizationInvitation",
    ),
    (
        "POST",
        "/organizations/{organization_id}/invitations/{invitation_id}/revoke",
        "RevokeOrganizationInvitation",
    ),
    ("GET", "/organization_roles", "ListOrganizationRoles"),
    ("POST", "/organization_roles", "CreateOrganizationRole"),
    (
        "GET",
        "/organization_roles/{organization_role_id}",
        "GetOrganizationRole",
    ),
    (
        "PATCH",
        "/organization_roles/{organization_role_id}",
        "UpdateOrganizationRole",
    ),
    (
        "DELETE",
        "/organization_roles/{organization_role_id}",
        "DeleteOrganizationRole",
    ),
    (
        "POST",
        "/organization_roles/{organization_role_id}/permissions/{permission_id}",
        "AssignPermissionToOrganizationRole",
    ),
    (
        "DELETE",
        "/organization_roles/{organization_role_id}/permissions/{permission_id}",
        "RemovePermissionFromOrganizationRole",
    ),
    (
        "GET",
        "/organizations/{organization_id}/memberships",
        "ListOrganizationMemberships",
    ),
    (
        "POST",
        "/organizations/{organization_id}/memberships",
        "CreateOrganizationMembership",
    ),
    (
        "PATCH",
        "/organizations/{organization_id}/memberships/{user_id}",
        "UpdateOrganizationMembership",
    ),
    (
        "DELETE",
        "/organizations/{organization_id}/memberships/{user_id}",
        "DeleteOrganizationMembership",
    ),
    (
        "PATCH",
        "/organizations/{organization_id}/memberships/{user_id}/metadata",
        "UpdateOrganizationMembershipMetadata",
    ),
    (
        "GET",
        "/organizations/{organization_id}/domains",
        "ListOrganizationDomains",
    ),
    (
        "POST",
        "/organizations/{organization_id}/domains",
        "CreateOrganizationDomain",
    ),
    (
        "PATCH",
        "/organizations/{organization_id}/domains/{domain_id}",
        "UpdateOrganizationDomain",
    ),
    (
        "DELETE",
        "/organizations/{organization_id}/domains/{domain_id}",
        "DeleteOrganizationDomain",
    ),
    (
        "POST",
        "/organizations/{organization_id}/domains/{domain_id}/verify_ownership",
        "VerifyOrganizationDomainOwnership",
    ),
    ("GET", "/organization_domains", "ListAllOrganizationDomains"),
    ("POST", "/proxy_checks", "VerifyDomainProxy"),
    ("GET", "/redirect_urls", "ListRedirectURLs"),
    ("POST", "/redirect_urls", "CreateRedirectURL"),
    ("GET", "/redirect_urls/{id}", "GetRedirectURL"),
    ("DELETE", "/redirect_urls/{id}", "DeleteRedirectURL"),
    ("POST", "/sign_in_tokens", "CreateSignInToken"),
    (
        "POST",
        "/sign_in_tokens/{sign_in_token_id}/revoke",
        "RevokeSignInToken",
    ),
    ("GET", "/sign_ups/{id}", "GetSignUp"),
    ("PATCH", "/sign_ups/{id}", "UpdateSignUp"),
    ("GET", "/oauth_applications", "ListOAuthApplications"),
    ("POST", "/oauth_applications", "CreateOAuthApplication"),
    (
        "GET",
        "/oauth_applications/{oauth_application_id}",
        "GetOAuthApplication",
    ),
    (
        "PATCH",
        "/oauth_applications/{oauth_application_id}",
        "UpdateOAuthApplication",
    ),
    (
        "DELETE",
        "/oauth_applications/{oauth_application_id}",
        "DeleteOAuthApplication",
    ),
    (
        "PUT",
        "/oauth_applications/{oauth_application_id}/logo",
        "UploadOAuthApplicationLogo",
    ),
    (
        "POST",
        "/oauth_applications/{oauth_application_id}/rotate_secret",
        "RotateOAuthApplicationSecret",
    ),
    (
        "POST",
        "/oauth_applications/{oauth_application_id}/revoke_token",
        "RevokeOAuthApplicationToken",
    ),
    ("GET", "/saml_connections", "ListSAMLConnections"),
    ("POST", "/saml_connections", "CreateSAMLConnection"),
    (
        "GET",
        "/saml_connections/{saml_connection_id}",
        "GetSAMLConnection",
    ),
    (
        "PATCH",
        "/saml_connections/{saml_connection_id}",
        "UpdateSAMLConnection",
    ),
    (
        "DELETE",
        "/saml_connections/{saml_connection_id}",
        "DeleteSAMLConnection",
    ),
    (
        "GET",
        "/enterprise_connections",
        "ListEnterpriseConnections",
    ),
    (
        "POST",
        "/enterprise_connections",
        "CreateEnterpriseConnection",
    ),
    (
        "GET",
        "/enterprise_connections/{enterprise_connection_id}",
        "GetEnterpriseConnection",
    ),
    (
        "PATCH",
        "/enterprise_connections/{enterprise_connection_id}",
        "UpdateEnterpriseConnection",
    ),
    (
        "DELETE",
        "/enterprise_connections/{enterprise_connection_id}",
        "DeleteEnterpriseConnection",
    ),
    (
        "GET",
        "/enterprise_connections/{enterprise_connection_id}/test_runs",
        "ListEnterpriseConnectionTestRuns",
    ),
    (
        "POST",
        "/enterprise_connections/{enterprise_connection_id}/test_runs",
        "CreateEnterpriseConnectionTestRun",
    ),
    ("POST", "/testing_tokens", "CreateTestingToken"),
    ("POST", "/agents/tasks", "CreateAgentTask"),
    (
        "POST",
        "/agents/tasks/{agent_task_id}/revoke",
        "RevokeAgentTask",
    ),
    (
        "GET",
        "/organization_memberships",
        "InstanceGetOrganizationMemberships",
    ),
    ("GET", "/waitlist_entries", "ListWaitlistEntries"),
    ("POST", "/waitlist_entries", "CreateWaitlistEntry"),
    (
        "POST",
        "/waitlist_entries/bulk",
        "CreateBulkWaitlistEntries",
    ),
    (
        "DELETE",
        "/waitlist_entries/{waitlist_entry_id}",
        "DeleteWaitlistEntry",
    ),
    (
        "POST",
        "/waitlist_entries/{waitlist_entry_id}/invite",
        "InviteWaitlistEntry",
    ),
    (
        "POST",
        "/waitlist_entries/{waitlist_entry_id}/reject",
        "RejectWaitlistEntry",
    ),
    ("GET", "/billing/plans", "GetCommercePlanList"),
    ("GET", "/billing/prices", "GetBillingPriceList"),
    ("POST", "/billing/prices", "CreateBillingPrice"),
    (
        "GET",
        "/billing/subscription_items",
        "GetCommerceSubscriptionItemList",
    ),
    (
        "DELETE",
        "/billing/subscription_items/{subscription_item_id}",
        "CancelCommerceSubscriptionItem",
    ),
    (
        "POST",
        "/billing/subscription_items/{subscription_item_id}/extend_free_trial",
        "ExtendBillingSubscriptionItemFreeTrial",
    ),
    (
        "POST",
        "/billing/subscription_items/{subscription_item_id}/price_transition",
        "CreateBillingPriceTransition",
    ),
    (
        "POST",
        "/billing/subscription_items/{subscription_item_id}/discounts",
        "ApplyBillingSubscriptionItemDiscount",
    ),
    (
        "DELETE",
        "/billing/subscription_items/{subscription_item_id}/discounts/{discount_id}",
        "RemoveBillingSubscriptionItemDiscount",
    ),
    ("GET", "/billing/statements", "GetBillingStatementList"),
    (
        "GET",
        "/billing/statements/{statementID}",
        "GetBillingStatement",
    ),
    (
        "GET",
        "/billing/statements/{statementID}/payment_attempts",
        "GetBillingStatementPaymentAttempts",
    ),
    (
        "GET",
        "/organization_permissions",
        "ListOrganizationPermissions",
    ),
    (
        "POST",
        "/organization_permissions",
        "CreateOrganizationPermission",
    ),
    (
        "GET",
        "/organization_permissions/{permission_id}",
        "GetOrganizationPermission",
    ),
    (
        "PATCH",
        "/organization_permissions/{permission_id}",
        "UpdateOrganizationPermission",
    ),
    (
        "DELETE",
        "/organization_permissions/{permission_id}",
        "DeleteOrganizationPermission",
    ),
    ("GET", "/role_sets", "ListRoleSets"),
    ("POST", "/role_sets", "CreateRoleSet"),
    ("GET", "/role_sets/{role_set_key_or_id}", "GetRoleSet"),
    ("PATCH", "/role_sets/{role_set_key_or_id}", "UpdateRoleSet"),
    (
        "POST",
        "/role_sets/{role_set_key_or_id}/replace",
        "ReplaceRoleSet",
    ),
    (
        "POST",
        "/role_sets/{role_set_key_or_id}/roles",
        "AddRolesToRoleSet",
    ),
    (
        "POST",
        "/role_sets/{role_set_key_or_id}/roles/replace",
        "ReplaceRoleInRoleSet",
    ),
    ("GET", "/scim_directories", "ListSCIMDirectories"),
    ("POST", "/scim_directories", "CreateSCIMDirectory"),
    (
        "GET",
        "/scim_directories/{scim_directory_id}",
        "GetSCIMDirectory",
    ),
    (
        "PATCH",
        "/scim_directories/{scim_directory_id}",
        "UpdateSCIMDirectory",
    ),
    (
        "DELETE",
        "/scim_directories/{scim_directory_id}",
        "DeleteSCIMDirectory",
    ),
    (
        "POST",
        "/scim_directories/{scim_directory_id}/rotate_api_key",
        "RotateSCIMDirectoryAPIKey",
    ),
    (
        "GET",
        "/scim_directories/{scim_directory_id}/group_role_mappings",
        "ListSCIMGroupRoleMappings",
    ),
    (
        "POST",
        "/scim_directories/{scim_directory_id}/group_role_mappings",
        "CreateSCIMGroupRoleMapping",
    ),
    (
        "PUT",
        "/scim_directories/{scim_directory_id}/group_role_mappings",
        "ReplaceSCIMGroupRoleMappings",
    ),
    (
        "DELETE",
        "/scim_directories/{scim_directory_id}/group_role_mappings/{mapping_id}",
        "DeleteSCIMGroupRoleMapping",
    ),
    ("GET", "/directories", "ListDirectories"),
    ("POST", "/directories", "CreateDirectory"),
    ("GET", "/directories/{directory_id}", "GetDirectory"),
    ("PATCH", "/directories/{directory_id}", "UpdateDirectory"),
    ("DELETE", "/directories/{directory_id}", "DeleteDirectory"),
    (
        "POST",
        "/directories/{directory_id}/rotate_api_key",
        "RotateDirectoryAPIKey",
    ),
    (
        "GET",
        "/directories/{directory_id}/group_role_mappings",
        "ListDirectoryGroupRoleMappings",
    ),
    (
        "POST",
        "/directories/{directory_id}/group_role_mappings",
        "CreateDirectoryGroupRoleMapping",
    ),
    (
        "PUT",
        "/directories/{directory_id}/group_role_mappings",
        "ReplaceDirectoryGroupRoleMappings",
    ),
    (
        "DELETE",
        "/directories/{directory_id}/group_role_mappings/{mapping_id}",
        "DeleteDirectoryGroupRoleMapping",
    ),
    (
        "POST",
        "/admin_portal_link_tokens",
        "createAdminPortalLinkToken",
    ),
    (
        "POST",
        "/admin_portal_link_tokens/{adminPortalLinkTokenID}/revoke",
        "revokeAdminPortalLinkToken",
    ),
    ("GET", "/api_keys", "getApiKeys"),
    ("POST", "/api_keys", "createApiKey"),
    ("GET", "/api_keys/{apiKeyID}", "getApiKey"),
    ("PATCH", "/api_keys/{apiKeyID}", "updateApiKey"),
    ("DELETE", "/api_keys/{apiKeyID}", "deleteApiKey"),
    ("GET", "/api_keys/{apiKeyID}/secret", "getApiKeySecret"),
    ("POST", "/api_keys/{apiKeyID}/revoke", "revokeApiKey"),
    ("POST", "/api_keys/verify", "verifyApiKey"),
    ("GET", "/m2m_tokens", "getM2MTokens"),
    ("POST", "/m2m_tokens", "createM2MToken"),
    (
        "POST",
        "/m2m_tokens/{m2m_token_id}/revoke",
        "revokeM2MToken",
    ),
    ("POST", "/m2m_tokens/verify", "verifyM2MToken"),
    (
        "POST",
        "/oauth_applications/access_tokens/verify",
        "verifyOAuthAccessToken",
    ),
];

#[cfg(test)]
mod tests {
    use super::SPEC_OPERATIONS;
    use crate::spec::Spec;

    #[test]
    fn the_table_lists_exactly_the_operations_of_the_spec() {
        let spec = Spec::shared().expect("the spec (set CLERK_BAPI_SPEC)");
        let mut from_spec: Vec<(String, String, String)> = spec
            .operations()
            .iter()
            .map(|op| {
                (
                    op.method.clone(),
                    op.path_template.clone(),
                    op.operation_id.clone().unwrap_or_default(),
                )
            })
            .collect();
        let mut in_table: Vec<(String, String, String)> = SPEC_OPERATIONS
            .iter()
            .map(|(m, p, id)| (m.to_string(), p.to_string(), id.to_string()))
            .collect();
        from_spec.sort();
        in_table.sort();
        if from_spec != in_table {
            let table: String = from_spec
                .iter()
                .map(|(m, p, id)| format!("    ({m:?}, {p:?}, {id:?}),\n"))
                .collect();
            panic!(
                "SPEC_OPERATIONS is stale: replace its entries with these {} lines:\n{table}",
                from_spec.len()
            );
        }
        assert_eq!(in_table.len(), 249);
    }
}
