//! Sessions: a signed-in user on one client, and the session tokens minted for it
//! (the spec's `Sessions` tag).

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;

use crate::{ApiRequest, PageRequest, Result, encode_segment};

crate::string_enum! {
    /// The state of a [`Session`].
    pub enum SessionStatus {
        /// Signed in.
        Active = "active",
        /// Revoked by the Backend API or the user.
        Revoked = "revoked",
        /// Ended by signing out.
        Ended = "ended",
        /// Past its lifetime.
        Expired = "expired",
        /// Removed by the user.
        Removed = "removed",
        /// Inactive for longer than the instance allows.
        Abandoned = "abandoned",
        /// Replaced by another session on the same client.
        Replaced = "replaced",
        /// Signed in but with tasks left (such as choosing an organization).
        Pending = "pending",
    }
}

/// A session: `Session` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Session {
    /// Always `session`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The session id (`sess_…`).
    pub id: String,
    /// The signed-in user.
    #[serde(default, deserialize_with = "null_default")]
    pub user_id: String,
    /// The client the session lives on.
    #[serde(default, deserialize_with = "null_default")]
    pub client_id: String,
    /// The actor of an impersonation session (`{"sub": "user_…", …}`), if any.
    #[serde(default)]
    pub actor: Option<serde_json::Value>,
    /// The session's state.
    #[serde(default, deserialize_with = "null_default")]
    pub status: SessionStatus,
    /// The organization last active in this session.
    #[serde(default)]
    pub last_active_organization_id: Option<String>,
    /// Last activity, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub last_active_at: i64,
    /// Details of the latest activity (device, browser, location), when known.
    #[serde(default)]
    pub latest_activity: Option<SessionActivity>,
    /// Expiry, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub expire_at: i64,
    /// When the session is abandoned if inactive, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub abandon_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Tasks left before a pending session becomes active.
    #[serde(default)]
    pub tasks: Option<Vec<SessionTask>>,
}

/// The latest activity of a session: `SessionActivityResponse` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SessionActivity {
    /// Always `session_activity`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The activity id.
    pub id: String,
    /// The device type, such as `Macintosh`.
    #[serde(default)]
    pub device_type: Option<String>,
    /// Whether the device is mobile.
    #[serde(default, deserialize_with = "null_default")]
    pub is_mobile: bool,
    /// The browser name.
    #[serde(default)]
    pub browser_name: Option<String>,
    /// The browser version.
    #[serde(default)]
    pub browser_version: Option<String>,
    /// The IP address.
    #[serde(default)]
    pub ip_address: Option<String>,
    /// The city, from the IP address.
    #[serde(default)]
    pub city: Option<String>,
    /// The country, from the IP address.
    #[serde(default)]
    pub country: Option<String>,
}

/// A task a pending session must complete: `SessionTask` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SessionTask {
    /// The task, such as `choose-organization`.
    #[serde(default, deserialize_with = "null_default")]
    pub key: String,
}

/// A session token: `Token` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Token {
    /// Always `token`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The encoded JWT (required: it tells a token from the [`Cookies`] of a refresh).
    pub jwt: String,
}

/// Cookie directives answering a refresh with format `cookie`: `Cookies` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Cookies {
    /// Always `cookies`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// `Set-Cookie` directives.
    #[serde(default, deserialize_with = "null_default")]
    pub cookies: Vec<String>,
}

/// The answer to [`Sessions::refresh`]: `SessionRefresh` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum SessionRefresh {
    /// A fresh session token (format `token`, the default).
    Token(Token),
    /// Cookie directives (format `cookie`).
    Cookies(Cookies),
}

/// Query parameters of [`Sessions::list`] (`GetSessionList`). Give a `client_id` or a `user_id`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListSessions {
    /// Only sessions of this client.
    pub client_id: Option<String>,
    /// Only sessions of this user.
    pub user_id: Option<String>,
    /// Only sessions in this state.
    pub status: Option<SessionStatus>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many sessions to skip.
    pub offset: Option<u32>,
}

impl ListSessions {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(client_id: String, user_id: String; status: SessionStatus);
    paging_setters!();
}

/// The body of [`Sessions::create`] (`createSession`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateSession {
    /// The user to sign in.
    pub user_id: String,
    /// The organization to make active in the new session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_organization_id: Option<String>,
}

impl CreateSession {
    /// A session for `user_id`.
    pub fn new(user_id: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            active_organization_id: None,
        }
    }

    setters!(active_organization_id: String);
}

/// The body of [`Sessions::create_token`] and [`Sessions::create_token_from_template`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateSessionToken {
    /// The token lifetime in seconds (30 to 315 360 000), overriding the default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in_seconds: Option<u32>,
}

impl CreateSessionToken {
    /// The default lifetime.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(; expires_in_seconds: u32);
}

crate::string_enum! {
    /// The answer format of [`Sessions::refresh`].
    pub enum RefreshFormat {
        /// A [`Token`].
        Token = "token",
        /// [`Cookies`].
        Cookie = "cookie",
    }
}

/// The body of [`Sessions::refresh`] (`RefreshSession`).
#[derive(Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RefreshSession {
    /// The expired session JWT from the `__session` cookie; it must belong to the session.
    pub expired_token: String,
    /// The refresh token from the `__refresh` cookie.
    pub refresh_token: String,
    /// The origin of the request.
    pub request_origin: String,
    /// The headers of the request, as a JSON object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_headers: Option<serde_json::Value>,
    /// The answer format; `token` on the server when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<RefreshFormat>,
    /// The IP address of the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_originating_ip: Option<String>,
}

impl std::fmt::Debug for RefreshSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshSession")
            .field("expired_token", &"[redacted]")
            .field("refresh_token", &"[redacted]")
            .field("request_origin", &self.request_origin)
            .field("request_headers", &self.request_headers.is_some())
            .field("format", &self.format)
            .field("request_originating_ip", &self.request_originating_ip)
            .finish()
    }
}

impl RefreshSession {
    /// A refresh of the expired `expired_token` with `refresh_token`, for a request from
    /// `request_origin`.
    pub fn new(
        expired_token: impl Into<String>,
        refresh_token: impl Into<String>,
        request_origin: impl Into<String>,
    ) -> Self {
        Self {
            expired_token: expired_token.into(),
            refresh_token: refresh_token.into(),
            request_origin: request_origin.into(),
            ..Self::default()
        }
    }

    setters!(
        request_originating_ip: String;
        request_headers: serde_json::Value,
        format: RefreshFormat,
    );
}

#[derive(Serialize)]
struct TokenBody<'a> {
    token: &'a str,
}

sub_api!(Sessions, sessions);

fn session_path(session_id: &str, rest: &str) -> String {
    format!("/sessions/{}{rest}", encode_segment(session_id))
}

impl Sessions {
    /// Lists sessions of a client or a user, newest first (`GET /sessions`, `GetSessionList`).
    ///
    /// # Errors
    /// An API error (400/422) when neither `client_id` nor `user_id` is given or a value is
    /// invalid.
    pub fn list(&self, params: &ListSessions) -> PageRequest<Session> {
        self.clerk
            .paginate(ApiRequest::get("/sessions").query_params(params))
    }

    /// Fetches one session (`GET /sessions/{session_id}`, `GetSession`).
    ///
    /// # Errors
    /// An API error with status 404 when no session has this id.
    pub async fn get(&self, session_id: &str) -> Result<Session> {
        self.clerk
            .send(ApiRequest::get(session_path(session_id, "")))
            .await
    }

    /// Creates a session for a user, without a sign-in (`POST /sessions`, `createSession`).
    /// Clerk offers this to development and testing flows.
    ///
    /// # Errors
    /// An API error: 404 when the user does not exist, 400/422 for invalid input or an instance
    /// that does not allow it.
    pub async fn create(&self, params: &CreateSession) -> Result<Session> {
        self.clerk
            .send(ApiRequest::post("/sessions").json(params))
            .await
    }

    /// Revokes a session: the user is signed out of it at once
    /// (`POST /sessions/{session_id}/revoke`, `RevokeSession`).
    ///
    /// # Errors
    /// An API error with status 404 when no session has this id.
    pub async fn revoke(&self, session_id: &str) -> Result<Session> {
        self.clerk
            .send(ApiRequest::post(session_path(session_id, "/revoke")))
            .await
    }

    /// Mints a session token for an active session
    /// (`POST /sessions/{session_id}/tokens`, `CreateSessionToken`).
    ///
    /// # Errors
    /// An API error: 404 when no session has this id, 401 when it is not active.
    pub async fn create_token(
        &self,
        session_id: &str,
        params: &CreateSessionToken,
    ) -> Result<Token> {
        self.clerk
            .send(ApiRequest::post(session_path(session_id, "/tokens")).json(params))
            .await
    }

    /// Mints a JWT from a JWT template for an active session
    /// (`POST /sessions/{session_id}/tokens/{template_name}`, `CreateSessionTokenFromTemplate`).
    ///
    /// # Errors
    /// An API error: 404 when no session has this id or no template has this name, 401 when the
    /// session is not active.
    pub async fn create_token_from_template(
        &self,
        session_id: &str,
        template_name: &str,
        params: &CreateSessionToken,
    ) -> Result<Token> {
        let path = session_path(
            session_id,
            &format!("/tokens/{}", encode_segment(template_name)),
        );
        self.clerk.send(ApiRequest::post(path).json(params)).await
    }

    /// Refreshes a session whose token expired, with the refresh token of Clerk's handshake flow
    /// (`POST /sessions/{session_id}/refresh`, `RefreshSession`).
    ///
    /// # Errors
    /// An API error (400/401) when the tokens do not match the session or the session is no
    /// longer active.
    pub async fn refresh(
        &self,
        session_id: &str,
        params: &RefreshSession,
    ) -> Result<SessionRefresh> {
        self.clerk
            .send(ApiRequest::post(session_path(session_id, "/refresh")).json(params))
            .await
    }

    /// Verifies a session token against a session (`POST /sessions/{session_id}/verify`), the
    /// seed SDK's multi-session flow.
    ///
    /// # Errors
    /// Clerk removed this endpoint on 2025-04-10: today's API answers `410 Gone`. Verify session
    /// tokens networklessly instead, with clerk-core's token verification.
    #[deprecated(
        note = "POST /sessions/{id}/verify was removed from the Backend API on 2025-04-10 (410 Gone); verify session tokens networklessly instead"
    )]
    pub async fn verify_session(&self, session_id: &str, token: &str) -> Result<Session> {
        self.clerk
            .send(ApiRequest::post(session_path(session_id, "/verify")).json(&TokenBody { token }))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const SESSION: &str = r#"{
        "object": "session", "id": "sess_1", "user_id": "user_1", "client_id": "client_1",
        "actor": {"sub": "user_admin", "iss": "https://dashboard.clerk.com"},
        "status": "active", "last_active_organization_id": null,
        "last_active_at": 1700690400000,
        "latest_activity": {"object": "session_activity", "id": "sess_activity_1",
            "device_type": "Macintosh", "is_mobile": false, "browser_name": "Chrome",
            "browser_version": "120.0.0.0", "ip_address": "203.0.113.7", "city": "Paris",
            "country": "FR", "isp": "new field"},
        "expire_at": 1701295200000, "abandon_at": 1703282400000,
        "updated_at": 1700690400000, "created_at": 1700690400000,
        "tasks": [{"key": "choose-organization"}],
        "some_new_field": [1, 2, 3]
    }"#;

    #[tokio::test]
    async fn list_sends_filters_and_decodes_sessions() {
        let body = format!("[{SESSION}]");
        let Fake { clerk, seen } = fake(200, &body);
        let params = ListSessions::new()
            .user_id("user_1")
            .status(SessionStatus::Active)
            .limit(10)
            .offset(0);
        let sessions = clerk.sessions().list(&params).await.unwrap();
        let req = seen.only();
        assert_eq!(req.method, "GET");
        assert_eq!(req.path, "/v1/sessions");
        assert_eq!(req.query, "user_id=user_1&status=active&limit=10&offset=0");
        assert_eq!(req.body, None);
        assert_eq!(sessions.len(), 1);
        let s = &sessions[0];
        assert_eq!(s.status, SessionStatus::Active);
        assert_eq!(s.actor.as_ref().unwrap()["sub"], "user_admin");
        let activity = s.latest_activity.as_ref().unwrap();
        assert_eq!(activity.city.as_deref(), Some("Paris"));
        assert!(!activity.is_mobile);
        assert_eq!(s.tasks.as_ref().unwrap()[0].key, "choose-organization");
        assert_eq!(s.expire_at, 1701295200000);
    }

    #[tokio::test]
    async fn unknown_statuses_and_missing_optionals_decode() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"session","id":"sess_2","user_id":"u","client_id":"c","status":"hibernating",
                "last_active_at":1,"expire_at":2,"abandon_at":3,"updated_at":4,"created_at":5}"#,
        );
        let s = clerk.sessions().get("sess_2").await.unwrap();
        assert_eq!(seen.only().path, "/v1/sessions/sess_2");
        assert_eq!(s.status, SessionStatus::Unknown("hibernating".into()));
        assert_eq!(s.status.as_str(), "hibernating");
        assert_eq!(s.actor, None);
        assert_eq!(s.latest_activity, None);
        assert_eq!(s.tasks, None);
    }

    #[tokio::test]
    async fn ids_and_template_names_are_path_encoded() {
        let Fake { clerk, seen } = fake(200, r#"{"object":"token","jwt":"eyJ.x.y"}"#);
        let token = clerk
            .sessions()
            .create_token_from_template(
                "sess_1/../x",
                "my template?",
                &CreateSessionToken::new().expires_in_seconds(60),
            )
            .await
            .unwrap();
        assert_eq!(token.jwt, "eyJ.x.y");
        let req = seen.only();
        assert_eq!(req.method, "POST");
        assert_eq!(
            req.path,
            "/v1/sessions/sess_1%2F..%2Fx/tokens/my%20template%3F"
        );
        assert_eq!(req.body, Some(json!({"expires_in_seconds": 60})));
    }

    #[tokio::test]
    async fn create_token_sends_an_empty_object_by_default() {
        let Fake { clerk, seen } = fake(200, r#"{"object":"token","jwt":"a.b.c"}"#);
        let t = clerk
            .sessions()
            .create_token("sess_1", &CreateSessionToken::new())
            .await
            .unwrap();
        assert_eq!(t.object, "token");
        let req = seen.only();
        assert_eq!(req.path, "/v1/sessions/sess_1/tokens");
        assert_eq!(req.body, Some(json!({})));
    }

    #[tokio::test]
    async fn create_and_revoke() {
        let Fake { clerk, seen } = fake(200, SESSION);
        clerk
            .sessions()
            .create(&CreateSession::new("user_1").active_organization_id("org_1"))
            .await
            .unwrap();
        clerk.sessions().revoke("sess_1").await.unwrap();
        let reqs = seen.all();
        assert_eq!(reqs[0].method, "POST");
        assert_eq!(reqs[0].path, "/v1/sessions");
        assert_eq!(
            reqs[0].body,
            Some(json!({"user_id": "user_1", "active_organization_id": "org_1"}))
        );
        assert_eq!(reqs[1].method, "POST");
        assert_eq!(reqs[1].path, "/v1/sessions/sess_1/revoke");
        assert_eq!(reqs[1].body, None);
    }

    #[tokio::test]
    async fn refresh_decodes_tokens_and_cookies() {
        let Fake { clerk, seen } = fake(200, r#"{"object":"token","jwt":"a.b.c"}"#);
        let r = clerk
            .sessions()
            .refresh(
                "sess_1",
                &RefreshSession::new("old", "rt", "https://app.example"),
            )
            .await
            .unwrap();
        assert!(matches!(r, SessionRefresh::Token(ref t) if t.jwt == "a.b.c"));
        let req = seen.only();
        assert_eq!(req.path, "/v1/sessions/sess_1/refresh");
        assert_eq!(
            req.body,
            Some(json!({"expired_token": "old", "refresh_token": "rt",
                        "request_origin": "https://app.example"}))
        );

        let Fake { clerk, seen } = fake(200, r#"{"object":"cookies","cookies":["__session=x"]}"#);
        let params = RefreshSession::new("old", "rt", "https://app.example")
            .format(RefreshFormat::Cookie)
            .request_originating_ip("203.0.113.7");
        let r = clerk.sessions().refresh("sess_1", &params).await.unwrap();
        assert!(matches!(r, SessionRefresh::Cookies(ref c) if c.cookies == ["__session=x"]));
        assert_eq!(seen.only().body.unwrap()["format"], "cookie");
        assert!(!format!("{params:?}").contains("rt\""));
    }

    #[tokio::test]
    #[allow(deprecated)]
    async fn verify_session_posts_the_token() {
        let Fake { clerk, seen } = fake(200, SESSION);
        let s = clerk
            .sessions()
            .verify_session("sess_1", "client.token")
            .await
            .unwrap();
        assert_eq!(s.id, "sess_1");
        let req = seen.only();
        assert_eq!(req.method, "POST");
        assert_eq!(req.path, "/v1/sessions/sess_1/verify");
        assert_eq!(req.body, Some(json!({"token": "client.token"})));
    }

    #[tokio::test]
    async fn gone_answers_are_errors() {
        let Fake { clerk, .. } = fake(
            410,
            r#"{"errors":[{"code":"gone","message":"gone","long_message":"gone"}]}"#,
        );
        #[allow(deprecated)]
        let err = clerk.sessions().verify_session("s", "t").await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(410));
    }
}
