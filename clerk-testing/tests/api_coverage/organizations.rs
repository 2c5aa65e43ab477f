//! Cases for organizations, their memberships, invitations, domains, roles, permissions and role
//! sets, and instance invitations.

use clerk_core::resources::billing::{AdjustCreditBalance, CreditAdjustmentAction};
use clerk_core::resources::common::Logo;
use clerk_core::resources::invitations::{CreateInvitation, InvitationStatus, ListInvitations};
use clerk_core::resources::organization_domains::{
    CreateOrganizationDomain, EnrollmentMode, ListInstanceOrganizationDomains,
    ListOrganizationDomains, UpdateOrganizationDomain,
};
use clerk_core::resources::organization_invitations::{
    CreateOrganizationInvitation, ListInstanceOrganizationInvitations, ListOrganizationInvitations,
    ListPendingOrganizationInvitations, RevokeOrganizationInvitation,
};
use clerk_core::resources::organization_memberships::{
    CreateOrganizationMembership, ListInstanceOrganizationMemberships, ListOrganizationMemberships,
    OrganizationMembershipMetadata, UpdateOrganizationMembership,
};
use clerk_core::resources::organization_permissions::{
    CreateOrganizationPermission, ListOrganizationPermissions, UpdateOrganizationPermission,
};
use clerk_core::resources::organization_roles::{
    CreateOrganizationRole, ListOrganizationRoles, UpdateOrganizationRole,
};
use clerk_core::resources::organizations::{
    CreateOrganization, GetOrganization, ListOrganizations, OrganizationMetadata,
    UpdateOrganization,
};
use clerk_core::resources::role_sets::{
    AddRolesToRoleSet, CreateRoleSet, ListRoleSets, ReplaceRoleInRoleSet, ReplaceRoleSet,
    UpdateRoleSet,
};
use serde_json::json;

use crate::prelude::{Case, case};

pub(crate) fn cases() -> Vec<Case> {
    vec![
        // Organizations
        case!("ListOrganizations", |c| c.organizations().list(
            &ListOrganizations::new()
                .include_members_count(true)
                .user_id("user_1")
                .limit(10)
        )),
        case!("CreateOrganization", |c| c.organizations().create(
            &CreateOrganization::new("Acme")
                .created_by("user_1")
                .public_metadata(json!({"plan": "pro"}))
        )),
        case!("GetOrganization", |c| c.organizations().get_with(
            "org_1",
            &GetOrganization::new().include_members_count(true)
        )),
        case!("UpdateOrganization", |c| c
            .organizations()
            .update("org_1", &UpdateOrganization::new().name("Acme 2"))),
        case!("DeleteOrganization", |c| c.organizations().delete("org_1")),
        case!("MergeOrganizationMetadata", |c| c
            .organizations()
            .update_metadata(
                "org_1",
                &OrganizationMetadata::new().public_metadata(json!({"a": 1}))
            )),
        case!("ReplaceOrganizationMetadata", |c| c
            .organizations()
            .replace_metadata(
                "org_1",
                &OrganizationMetadata::new().private_metadata(json!({}))
            )),
        case!("UploadOrganizationLogo", |c| c.organizations().upload_logo(
            "org_1",
            Logo::new("logo.png", "image/png", vec![0x89, b'P', b'N', b'G'])
                .uploader_user_id("user_1")
        )),
        case!("DeleteOrganizationLogo", |c| c
            .organizations()
            .delete_logo("org_1")),
        case!("GetOrganizationBillingSubscription", |c| c
            .organizations()
            .billing_subscription("org_1")),
        case!("GetOrganizationBillingCreditBalance", |c| c
            .organizations()
            .billing_credit_balance("org_1")),
        case!("AdjustOrganizationBillingCreditBalance", |c| c
            .organizations()
            .adjust_billing_credit_balance(
                "org_1",
                &AdjustCreditBalance::new(500, CreditAdjustmentAction::Increase, "grant-1")
                    .currency("USD")
            )),
        // Organization memberships
        case!("ListOrganizationMemberships", |c| c
            .organization_memberships()
            .list(
                "org_1",
                &ListOrganizationMemberships::new().role("org:admin")
            )),
        case!("InstanceGetOrganizationMemberships", |c| c
            .organization_memberships()
            .list_for_instance(
                &ListInstanceOrganizationMemberships::new().limit(5)
            )),
        case!("CreateOrganizationMembership", |c| c
            .organization_memberships()
            .create(
                "org_1",
                &CreateOrganizationMembership::new("user_1", "org:member")
            )),
        case!("UpdateOrganizationMembership", |c| c
            .organization_memberships()
            .update(
                "org_1",
                "user_1",
                &UpdateOrganizationMembership::new("org:admin")
            )),
        case!("DeleteOrganizationMembership", |c| c
            .organization_memberships()
            .delete("org_1", "user_1")),
        case!("UpdateOrganizationMembershipMetadata", |c| c
            .organization_memberships()
            .update_metadata(
                "org_1",
                "user_1",
                &OrganizationMembershipMetadata::new().public_metadata(json!({"seat": 1}))
            )),
        // Organization invitations
        case!("ListOrganizationInvitations", |c| c
            .organization_invitations()
            .list(
                "org_1",
                &ListOrganizationInvitations::new().status(InvitationStatus::Pending)
            )),
        case!("ListInstanceOrganizationInvitations", |c| c
            .organization_invitations()
            .list_for_instance(
                &ListInstanceOrganizationInvitations::new().query("ada")
            )),
        case!("ListPendingOrganizationInvitations", |c| c
            .organization_invitations()
            .list_pending(
                "org_1",
                &ListPendingOrganizationInvitations::new().limit(10)
            )),
        case!("CreateOrganizationInvitation", |c| c
            .organization_invitations()
            .create(
                "org_1",
                &CreateOrganizationInvitation::new("ada@example.com", "org:member")
                    .inviter_user_id("user_1")
            )),
        case!("CreateOrganizationInvitationBulk", |c| c
            .organization_invitations()
            .create_bulk(
                "org_1",
                &[
                    CreateOrganizationInvitation::new("ada@example.com", "org:member"),
                    CreateOrganizationInvitation::new("grace@example.com", "org:admin"),
                ]
            )),
        case!("GetOrganizationInvitation", |c| c
            .organization_invitations()
            .get("org_1", "orginv_1")),
        case!("RevokeOrganizationInvitation", |c| c
            .organization_invitations()
            .revoke(
                "org_1",
                "orginv_1",
                &RevokeOrganizationInvitation::new().requesting_user_id("user_1")
            )),
        // Organization domains
        case!("ListOrganizationDomains", |c| c
            .organization_domains()
            .list("org_1", &ListOrganizationDomains::new().verified(true))),
        case!("ListAllOrganizationDomains", |c| c
            .organization_domains()
            .list_for_instance(
                &ListInstanceOrganizationDomains::new()
                    .enrollment_mode(EnrollmentMode::AutomaticInvitation)
                    .domains("example.com")
            )),
        case!("CreateOrganizationDomain", |c| c
            .organization_domains()
            .create(
                "org_1",
                &CreateOrganizationDomain::new("example.com")
                    .enrollment_mode(EnrollmentMode::ManualInvitation)
            )),
        case!("UpdateOrganizationDomain", |c| c
            .organization_domains()
            .update(
                "org_1",
                "orgdmn_1",
                &UpdateOrganizationDomain::new().verified(true)
            )),
        case!("DeleteOrganizationDomain", |c| c
            .organization_domains()
            .delete("org_1", "orgdmn_1")),
        case!("VerifyOrganizationDomainOwnership", |c| c
            .organization_domains()
            .verify_ownership("org_1", "orgdmn_1")),
        // Organization roles
        case!("ListOrganizationRoles", |c| c
            .organization_roles()
            .list(&ListOrganizationRoles::new().query("admin"))),
        case!("CreateOrganizationRole", |c| c.organization_roles().create(
            &CreateOrganizationRole::new("Billing", "org:billing").permissions(["perm_1"])
        )),
        case!("GetOrganizationRole", |c| c
            .organization_roles()
            .get("role_1")),
        case!("UpdateOrganizationRole", |c| c.organization_roles().update(
            "role_1",
            &UpdateOrganizationRole::new().name("Billing admins")
        )),
        case!("DeleteOrganizationRole", |c| c
            .organization_roles()
            .delete("role_1")),
        case!("AssignPermissionToOrganizationRole", |c| c
            .organization_roles()
            .assign_permission("role_1", "perm_1")),
        case!("RemovePermissionFromOrganizationRole", |c| c
            .organization_roles()
            .remove_permission("role_1", "perm_1")),
        // Organization permissions
        case!("ListOrganizationPermissions", |c| c
            .organization_permissions()
            .list(&ListOrganizationPermissions::new().limit(20))),
        case!("CreateOrganizationPermission", |c| c
            .organization_permissions()
            .create(&CreateOrganizationPermission::new(
                "Manage billing",
                "org:billing:manage"
            ))),
        case!("GetOrganizationPermission", |c| c
            .organization_permissions()
            .get("perm_1")),
        case!("UpdateOrganizationPermission", |c| c
            .organization_permissions()
            .update(
                "perm_1",
                &UpdateOrganizationPermission::new().description("Billing")
            )),
        case!("DeleteOrganizationPermission", |c| c
            .organization_permissions()
            .delete("perm_1")),
        // Role sets
        case!("ListRoleSets", |c| c.role_sets().list(&ListRoleSets::new())),
        case!("CreateRoleSet", |c| c.role_sets().create(
            &CreateRoleSet::new(
                "Default",
                "org:member",
                "org:admin",
                ["org:admin", "org:member"]
            )
        )),
        case!("GetRoleSet", |c| c.role_sets().get("role_set:default")),
        case!("UpdateRoleSet", |c| c
            .role_sets()
            .update("rs_1", &UpdateRoleSet::new().name("Main"))),
        case!("ReplaceRoleSet", |c| c.role_sets().replace(
            "rs_1",
            &ReplaceRoleSet::new("role_set:other").reassign("org:billing", "org:member")
        )),
        case!("AddRolesToRoleSet", |c| c
            .role_sets()
            .add_roles("rs_1", &AddRolesToRoleSet::new(["org:billing"]))),
        case!("ReplaceRoleInRoleSet", |c| c.role_sets().replace_role(
            "rs_1",
            &ReplaceRoleInRoleSet::new("org:billing", "org:member")
        )),
        // Instance invitations
        case!("CreateInvitation", |c| c.invitations().create(
            &CreateInvitation::new("ada@example.com").notify(false)
        )),
        case!("ListInvitations", |c| c.invitations().list(
            &ListInvitations::new().status(InvitationStatus::Pending)
        )),
        case!("CreateBulkInvitations", |c| c.invitations().create_bulk(&[
            CreateInvitation::new("ada@example.com"),
            CreateInvitation::new("grace@example.com").expires_in_days(7),
        ])),
        case!("RevokeInvitation", |c| c.invitations().revoke("inv_1")),
    ]
}
