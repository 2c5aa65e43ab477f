//! Clients: a device or browser a user signs in from, holding its sessions
//! (the spec's `Clients` tag).

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;

use crate::resources::sessions::Session;
use crate::{ApiRequest, PageRequest, Result, encode_segment};

/// A client: `Client` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Client {
    /// Always `client`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The client id (`client_…`).
    pub id: String,
    /// The ids of the client's sessions.
    #[serde(default, deserialize_with = "null_default")]
    pub session_ids: Vec<String>,
    /// The client's sessions.
    #[serde(default, deserialize_with = "null_default")]
    pub sessions: Vec<Session>,
    /// The sign-in in progress on this client, if any.
    #[serde(default)]
    pub sign_in_id: Option<String>,
    /// The sign-up in progress on this client, if any.
    #[serde(default)]
    pub sign_up_id: Option<String>,
    /// The session last active on this client.
    #[serde(default)]
    pub last_active_session_id: Option<String>,
    /// The authentication strategy last used on this client.
    #[serde(default)]
    pub last_authentication_strategy: Option<String>,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
}

/// Query parameters of [`Clients::list`] (`GetClientList`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListClients {
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many clients to skip.
    pub offset: Option<u32>,
}

impl ListClients {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    paging_setters!();
}

#[derive(Serialize)]
struct TokenBody<'a> {
    token: &'a str,
}

sub_api!(Clients, clients);

impl Clients {
    /// Lists clients, newest first (`GET /clients`, `GetClientList`).
    ///
    /// # Errors
    /// Today's API answers `410 Gone`: listing every client of an instance is no longer offered.
    /// Look clients up by id with [`get`](Self::get), or list a user's sessions with
    /// `clerk.sessions().list(..)` and read their `client_id`.
    #[deprecated(
        note = "GET /clients is deprecated and answers 410 Gone on today's API; use clients().get(id) or sessions().list(..)"
    )]
    pub fn list(&self, params: &ListClients) -> PageRequest<Client> {
        self.clerk
            .paginate(ApiRequest::get("/clients").query_params(params))
    }

    /// Fetches one client (`GET /clients/{client_id}`, `GetClient`).
    ///
    /// # Errors
    /// An API error with status 404 when no client has this id.
    pub async fn get(&self, client_id: &str) -> Result<Client> {
        self.clerk
            .send(ApiRequest::get(format!(
                "/clients/{}",
                encode_segment(client_id)
            )))
            .await
    }

    /// Verifies a client token, such as the one the legacy `__session` cookie holds, and returns
    /// its client (`POST /clients/verify`, `VerifyClient`). The client's
    /// [`last_active_session_id`](Client::last_active_session_id) names the session to use when a
    /// request did not say which one.
    ///
    /// # Errors
    /// An API error (400/404) when the token is not a valid client token.
    pub async fn verify_client(&self, token: &str) -> Result<Client> {
        self.clerk
            .send(ApiRequest::post("/clients/verify").json(&TokenBody { token }))
            .await
    }
}
