//! Cases for machine authentication (M2M tokens, API keys, OAuth access tokens, machines, OAuth
//! applications) and for directories (`/directories` and `/scim_directories`).

use clerk_core::resources::api_keys::{CreateApiKey, ListApiKeys, RevokeApiKey, UpdateApiKey};
use clerk_core::resources::common::Logo;
use clerk_core::resources::directories::{
    CreateDirectory, ListDirectories, NewGroupRoleMapping, UpdateDirectory,
};
use clerk_core::resources::m2m_tokens::{CreateM2mToken, ListM2mTokens, RevokeM2mToken};
use clerk_core::resources::machines::{CreateMachine, ListMachines, UpdateMachine};
use clerk_core::resources::oauth_applications::{
    CreateOAuthApplication, ListOAuthApplications, UpdateOAuthApplication,
};

use crate::prelude::{Case, case};

/// A machine id shaped like Clerk's (`mch_` and 27 word characters).
const MACHINE: &str = "mch_2abcdefghijklmnopqrstuvwxyz";
/// A user id shaped like Clerk's.
const USER: &str = "user_2abcdefghijklmnopqrstuvwxyz";
/// An M2M token id shaped like Clerk's (`mt_` and 32 hex digits).
const M2M_TOKEN: &str = "mt_0123456789abcdef0123456789abcdef";
/// Another machine id.
const OTHER_MACHINE: &str = "mch_2zyxwvutsrqponmlkjihgfedcba";
/// An API key id shaped like Clerk's (`ak_` and 32 hex digits).
const API_KEY: &str = "ak_0123456789abcdef0123456789abcdef";

pub(crate) fn cases() -> Vec<Case> {
    vec![
        // M2M Tokens
        case!("createM2MToken", |c| c
            .m2m_tokens()
            .create(&CreateM2mToken::new().seconds_until_expiration(3600))),
        case!("getM2MTokens", |c| c
            .m2m_tokens()
            .list(&ListM2mTokens::new(MACHINE).limit(10))),
        case!("revokeM2MToken", |c| c.m2m_tokens().revoke(
            M2M_TOKEN,
            &RevokeM2mToken::new().revocation_reason("rotated")
        )),
        case!("verifyM2MToken", |c| c
            .m2m_tokens()
            .verify("mt_opaque_token")),
        // API Keys
        case!("createApiKey", |c| c
            .api_keys()
            .create(&CreateApiKey::new("CI key", USER).scopes(["read"]))),
        case!("getApiKeys", |c| c
            .api_keys()
            .list(&ListApiKeys::new(USER).include_invalid(false))),
        case!("getApiKey", |c| c.api_keys().get(API_KEY)),
        case!("updateApiKey", |c| c
            .api_keys()
            .update(API_KEY, &UpdateApiKey::new().description("rotated"))),
        case!("deleteApiKey", |c| c.api_keys().delete(API_KEY)),
        case!("getApiKeySecret", |c| c.api_keys().get_secret(API_KEY)),
        case!("revokeApiKey", |c| c
            .api_keys()
            .revoke(API_KEY, &RevokeApiKey::new())),
        case!("verifyApiKey", |c| c.api_keys().verify("ak_live_secret")),
        // OAuth Access Tokens
        case!("verifyOAuthAccessToken", |c| c
            .oauth_access_tokens()
            .verify("oat_access_token")),
        // Machines
        case!("ListMachines", |c| c
            .machines()
            .list(&ListMachines::new().limit(10))),
        case!("CreateMachine", |c| c.machines().create(
            &CreateMachine::new("billing-worker").scoped_machines([OTHER_MACHINE])
        )),
        case!("GetMachine", |c| c.machines().get(MACHINE)),
        case!("UpdateMachine", |c| c
            .machines()
            .update(MACHINE, &UpdateMachine::new().default_token_ttl(600))),
        case!("DeleteMachine", |c| c.machines().delete(MACHINE)),
        case!("GetMachineSecretKey", |c| c
            .machines()
            .get_secret_key(MACHINE)),
        case!("RotateMachineSecretKey", |c| c
            .machines()
            .rotate_secret_key(MACHINE, 300)),
        case!("CreateMachineScope", |c| c
            .machines()
            .create_scope(MACHINE, OTHER_MACHINE)),
        case!("DeleteMachineScope", |c| c
            .machines()
            .delete_scope(MACHINE, OTHER_MACHINE)),
        // OAuth Applications
        case!("ListOAuthApplications", |c| c
            .oauth_applications()
            .list(&ListOAuthApplications::new().name_query("Acme"))),
        case!("CreateOAuthApplication", |c| c.oauth_applications().create(
            &CreateOAuthApplication::new("Acme").redirect_uris(["https://acme.test/callback"])
        )),
        case!("GetOAuthApplication", |c| c
            .oauth_applications()
            .get("oa_1")),
        case!("UpdateOAuthApplication", |c| c
            .oauth_applications()
            .update("oa_1", &UpdateOAuthApplication::new().name("Acme 2"))),
        case!("DeleteOAuthApplication", |c| c
            .oauth_applications()
            .delete("oa_1")),
        case!("UploadOAuthApplicationLogo", |c| c
            .oauth_applications()
            .upload_logo(
                "oa_1",
                Logo::new("logo.png", "image/png", b"\x89PNG".to_vec())
            )),
        case!("RotateOAuthApplicationSecret", |c| c
            .oauth_applications()
            .rotate_secret("oa_1")),
        case!("RevokeOAuthApplicationToken", |c| c
            .oauth_applications()
            .revoke_token("oa_1", "oat_access_token")),
        // Directories
        case!("ListDirectories", |c| c
            .directories()
            .list(&ListDirectories::new().limit(10))),
        case!("CreateDirectory", |c| c
            .directories()
            .create(&CreateDirectory::new("ec_1", "okta").name("Okta"))),
        case!("GetDirectory", |c| c.directories().get("dir_1")),
        case!("UpdateDirectory", |c| c
            .directories()
            .update("dir_1", &UpdateDirectory::new().enabled(true))),
        case!("DeleteDirectory", |c| c.directories().delete("dir_1")),
        case!("RotateDirectoryAPIKey", |c| c
            .directories()
            .rotate_api_key("dir_1")),
        case!("ListDirectoryGroupRoleMappings", |c| c
            .directories()
            .list_group_role_mappings("dir_1")),
        case!("CreateDirectoryGroupRoleMapping", |c| c
            .directories()
            .create_group_role_mapping(
                "dir_1",
                &NewGroupRoleMapping::directory("grp_1", "role_1").precedence(1)
            )),
        case!("ReplaceDirectoryGroupRoleMappings", |c| c
            .directories()
            .replace_group_role_mappings(
                "dir_1",
                &[NewGroupRoleMapping::directory("grp_1", "role_1")]
            )),
        case!("DeleteDirectoryGroupRoleMapping", |c| c
            .directories()
            .delete_group_role_mapping("dir_1", "grm_1")),
        // SCIM Directories
        case!("ListSCIMDirectories", |c| c
            .scim_directories()
            .list(&ListDirectories::new())),
        case!("CreateSCIMDirectory", |c| c
            .scim_directories()
            .create(&CreateDirectory::new("ec_1", "okta"))),
        case!("GetSCIMDirectory", |c| c.scim_directories().get("dir_1")),
        case!("UpdateSCIMDirectory", |c| c
            .scim_directories()
            .update("dir_1", &UpdateDirectory::new().name("Okta"))),
        case!("DeleteSCIMDirectory", |c| c
            .scim_directories()
            .delete("dir_1")),
        case!("RotateSCIMDirectoryAPIKey", |c| c
            .scim_directories()
            .rotate_api_key("dir_1")),
        case!("ListSCIMGroupRoleMappings", |c| c
            .scim_directories()
            .list_group_role_mappings("dir_1")),
        case!("CreateSCIMGroupRoleMapping", |c| c
            .scim_directories()
            .create_group_role_mapping(
                "dir_1",
                &NewGroupRoleMapping::scim("grp_1", "role_1")
            )),
        case!("ReplaceSCIMGroupRoleMappings", |c| c
            .scim_directories()
            .replace_group_role_mappings(
                "dir_1",
                &[NewGroupRoleMapping::scim("grp_1", "role_1")]
            )),
        case!("DeleteSCIMGroupRoleMapping", |c| c
            .scim_directories()
            .delete_group_role_mapping("dir_1", "grm_1")),
    ]
}
