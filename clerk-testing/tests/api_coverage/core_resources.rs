//! Cases for the resources of the first slice: users, sessions, clients, emails.

use clerk_core::resources::clients::ListClients;
use clerk_core::resources::emails::CreateEmail;
use clerk_core::resources::sessions::{CreateSession, CreateSessionToken, ListSessions};
use clerk_core::resources::users::{
    CountUsers, CreateUser, ListUsers, UpdateUser, UserMetadata,
};

use crate::prelude::{Case, case};

pub(crate) fn cases() -> Vec<Case> {
    vec![
        case!("GetUserList", |c| c.users().list(&ListUsers::new().limit(10))),
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
        case!("BanUser", |c| c.users().ban("user_1")),
        case!("UnbanUser", |c| c.users().unban("user_1")),
        case!("LockUser", |c| c.users().lock("user_1")),
        case!("UnlockUser", |c| c.users().unlock("user_1")),
        case!("VerifyPassword", |c| c
            .users()
            .verify_password("user_1", "correct horse")),
        case!("GetSessionList", |c| c
            .sessions()
            .list(&ListSessions::new().user_id("user_1"))),
        case!("GetSession", |c| c.sessions().get("sess_1")),
        case!("createSession", |c| c
            .sessions()
            .create(&CreateSession::new("user_1"))),
        case!("RevokeSession", |c| c.sessions().revoke("sess_1")),
        case!("CreateSessionToken", |c| c
            .sessions()
            .create_token("sess_1", &CreateSessionToken::new())),
        case!("CreateSessionTokenFromTemplate", |c| c
            .sessions()
            .create_token_from_template("sess_1", "tmpl", &CreateSessionToken::new())),
        case!("GetClient", |c| c.clients().get("client_1")),
        case!("VerifyClient", |c| c.clients().verify_client("token")),
        case!("GetClientList", |c| c.clients().list(&ListClients::new())),
        case!("CreateEmail", |c| c.emails().create_email(&CreateEmail::new(
            "support",
            "idn_1",
            "Hi",
            "Hello"
        ))),
    ]
}
