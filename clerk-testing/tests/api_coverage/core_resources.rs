//! Cases for users, their email addresses and phone numbers, sessions and clients.
//!
//! The seed's `emails().create_email` has no case: `POST /emails` is gone from the Backend API
//! and from the spec (clerk-testing's `sdk.rs` exercises it against the stateful fake).

use clerk_core::resources::billing::{AdjustCreditBalance, CreditAdjustmentAction};
use clerk_core::resources::clients::ListClients;
use clerk_core::resources::email_addresses::{
    CreateEmailAddress, ReplaceUserEmailAddress, UpdateEmailAddress,
};
use clerk_core::resources::phone_numbers::{
    CreatePhoneNumber, ReplaceUserPhoneNumber, UpdatePhoneNumber,
};
use clerk_core::resources::sessions::{
    CreateSession, CreateSessionToken, ListSessions, RefreshSession,
};
use clerk_core::resources::users::{
    CountUsers, CreateUser, ListOAuthAccessTokens, ListUserOrganizationInvitations,
    ListUserOrganizationMemberships, ListUsers, ProfileImage, RemovePassword,
    SetPasswordCompromised, UpdateUser, UserMetadata,
};

use crate::prelude::{Case, case};

pub(crate) fn cases() -> Vec<Case> {
    vec![
        case!("GetUserList", |c| c
            .users()
            .list(&ListUsers::new().limit(10))),
        case!("GetUsersCount", |c| c.users().count(&CountUsers::new())),
        case!("GetUser", |c| c.users().get("user_1")),
        case!("CreateUser", |c| c
            .users()
            .create(&CreateUser::new().email_address("a@example.com"))),
        case!("UpdateUser", |c| c
            .users()
            .update("user_1", &UpdateUser::new())),
        case!("DeleteUser", |c| c.users().delete("user_1")),
        case!("UpdateUserMetadata", |c| c
            .users()
            .update_metadata("user_1", &UserMetadata::new())),
        case!("ReplaceUserMetadata", |c| c.users().replace_metadata(
            "user_1",
            &UserMetadata::new().public_metadata(serde_json::json!({"plan": "pro"}))
        )),
        case!("BanUser", |c| c.users().ban("user_1")),
        case!("UnbanUser", |c| c.users().unban("user_1")),
        case!("UsersBan", |c| c.users().ban_many(["user_1", "user_2"])),
        case!("UsersUnban", |c| c.users().unban_many(["user_1"])),
        case!("LockUser", |c| c.users().lock("user_1")),
        case!("UnlockUser", |c| c.users().unlock("user_1")),
        case!("VerifyPassword", |c| c
            .users()
            .verify_password("user_1", "correct horse")),
        case!("SetUserProfileImage", |c| c.users().set_profile_image(
            "user_1",
            ProfileImage::new("avatar.png", "image/png", vec![0x89, b'P', b'N', b'G'])
        )),
        case!("DeleteUserProfileImage", |c| c
            .users()
            .delete_profile_image("user_1")),
        case!("GetOAuthAccessToken", |c| c
            .users()
            .list_oauth_access_tokens(
                "user_1",
                "oauth_google",
                &ListOAuthAccessTokens::new().paginated(true).limit(10)
            )),
        case!("UsersGetOrganizationMemberships", |c| c
            .users()
            .list_organization_memberships(
                "user_1",
                &ListUserOrganizationMemberships::new().limit(10)
            )),
        case!("UsersGetOrganizationInvitations", |c| c
            .users()
            .list_organization_invitations(
                "user_1",
                &ListUserOrganizationInvitations::new()
                    .status(clerk_core::resources::invitations::InvitationStatus::Pending)
            )),
        case!("GetUserBillingSubscription", |c| c
            .users()
            .billing_subscription("user_1")),
        case!("GetUserBillingCreditBalance", |c| c
            .users()
            .billing_credit_balance("user_1")),
        case!("AdjustUserBillingCreditBalance", |c| c
            .users()
            .adjust_billing_credit_balance(
                "user_1",
                &AdjustCreditBalance::new(500, CreditAdjustmentAction::Increase, "idem_1")
            )),
        case!("RemoveUserPassword", |c| c.users().remove_password(
            "user_1",
            &RemovePassword::new().sign_out_of_other_sessions(true)
        )),
        case!("VerifyTOTP", |c| c.users().verify_totp("user_1", "123456")),
        case!("DisableMFA", |c| c.users().disable_mfa("user_1")),
        case!("DeleteBackupCode", |c| c
            .users()
            .delete_backup_codes("user_1")),
        case!("DeleteTOTP", |c| c.users().delete_totp("user_1")),
        case!("UserPasskeyDelete", |c| c
            .users()
            .delete_passkey("user_1", "idn_passkey_1")),
        case!("UserWeb3WalletDelete", |c| c
            .users()
            .delete_web3_wallet("user_1", "idn_wallet_1")),
        case!("DeleteExternalAccount", |c| c
            .users()
            .delete_external_account("user_1", "eac_1")),
        case!("ListUserTrustedDevices", |c| c
            .users()
            .list_trusted_devices("user_1")),
        case!("RevokeUserTrustedDevice", |c| c
            .users()
            .revoke_trusted_device("user_1", "td_1")),
        case!("SetUserPasswordCompromised", |c| c
            .users()
            .set_password_compromised(
                "user_1",
                &SetPasswordCompromised::new().revoke_all_sessions(true)
            )),
        case!("UnsetUserPasswordCompromised", |c| c
            .users()
            .unset_password_compromised("user_1")),
        case!("CreateEmailAddress", |c| c.email_addresses().create(
            &CreateEmailAddress::new("user_1", "ada@example.com")
                .verified(true)
                .primary(false)
        )),
        case!("GetEmailAddress", |c| c.email_addresses().get("idn_1")),
        case!("UpdateEmailAddress", |c| c
            .email_addresses()
            .update("idn_1", &UpdateEmailAddress::new().primary(true))),
        case!("DeleteEmailAddress", |c| c
            .email_addresses()
            .delete("idn_1")),
        case!("PrepareEmailAddressVerification", |c| c
            .email_addresses()
            .prepare_verification("idn_1")),
        case!("AttemptEmailAddressVerification", |c| c
            .email_addresses()
            .attempt_verification("idn_1", "ver_1", "424242")),
        case!("ReplaceUserEmailAddress", |c| c
            .email_addresses()
            .replace_for_user(
                "user_1",
                &ReplaceUserEmailAddress::new("ada@example.com")
            )),
        case!("CreatePhoneNumber", |c| c.phone_numbers().create(
            &CreatePhoneNumber::new("user_1", "+15555550100").verified(true)
        )),
        case!("GetPhoneNumber", |c| c.phone_numbers().get("idn_2")),
        case!("UpdatePhoneNumber", |c| c.phone_numbers().update(
            "idn_2",
            &UpdatePhoneNumber::new().reserved_for_second_factor(true)
        )),
        case!("DeletePhoneNumber", |c| c.phone_numbers().delete("idn_2")),
        case!("PreparePhoneNumberVerification", |c| c
            .phone_numbers()
            .prepare_verification("idn_2")),
        case!("AttemptPhoneNumberVerification", |c| c
            .phone_numbers()
            .attempt_verification("idn_2", "ver_2", "424242")),
        case!("ReplaceUserPhoneNumber", |c| c
            .phone_numbers()
            .replace_for_user(
                "user_1",
                &ReplaceUserPhoneNumber::new("+15555550100")
            )),
        case!("GetSessionList", |c| c
            .sessions()
            .list(&ListSessions::new().user_id("user_1"))),
        case!("GetSession", |c| c.sessions().get("sess_1")),
        case!("createSession", |c| c
            .sessions()
            .create(&CreateSession::new("user_1"))),
        case!("RevokeSession", |c| c.sessions().revoke("sess_1")),
        case!("RefreshSession", |c| c.sessions().refresh(
            "sess_1",
            &RefreshSession::new("expired.jwt.token", "refresh_token", "https://app.example")
        )),
        case!("CreateSessionToken", |c| c
            .sessions()
            .create_token("sess_1", &CreateSessionToken::new())),
        case!("CreateSessionTokenFromTemplate", |c| c
            .sessions()
            .create_token_from_template(
                "sess_1",
                "tmpl",
                &CreateSessionToken::new()
            )),
        case!("GetClient", |c| c.clients().get("client_1")),
        case!("VerifyClient", |c| c.clients().verify_client("token")),
        case!("GetClientList", |c| c.clients().list(&ListClients::new())),
    ]
}
