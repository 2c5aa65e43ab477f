//! Machine authentication: M2M tokens, API keys and OAuth access tokens, accepted per route.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;

use super::reason::{Reason, VerifyError};
use super::{AuthState, Authenticator, SignedOut, TokenSource, jwt};
use crate::{Error, ErrorKind};

/// A kind of token a route may accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenKind {
    /// A Clerk session token (a JWT).
    SessionToken,
    /// An M2M token: opaque `mt_…` (verified by Clerk) or a JWT whose `sub` is a machine
    /// (`mch_…`, verified networklessly).
    M2mToken,
    /// An API key (`ak_…`), verified by Clerk.
    ApiKey,
    /// An OAuth access token (`oat_…`), verified by Clerk.
    OAuthToken,
}

impl TokenKind {
    /// The name Clerk's SDKs use (`session_token`, `m2m_token`, `api_key`, `oauth_token`).
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::SessionToken => "session_token",
            TokenKind::M2mToken => "m2m_token",
            TokenKind::ApiKey => "api_key",
            TokenKind::OAuthToken => "oauth_token",
        }
    }
}

/// The token kinds a route accepts (Clerk's `acceptsToken`). Machine tokens are read from the
/// `Authorization` header only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcceptsToken {
    pub(crate) session: bool,
    pub(crate) m2m: bool,
    pub(crate) api_key: bool,
    pub(crate) oauth: bool,
}

impl AcceptsToken {
    /// Session tokens only (the default).
    pub const SESSION: AcceptsToken = AcceptsToken {
        session: true,
        m2m: false,
        api_key: false,
        oauth: false,
    };
    /// Every kind.
    pub const ANY: AcceptsToken = AcceptsToken {
        session: true,
        m2m: true,
        api_key: true,
        oauth: true,
    };
    /// No kind; add some with [`with`](Self::with).
    pub const NONE: AcceptsToken = AcceptsToken {
        session: false,
        m2m: false,
        api_key: false,
        oauth: false,
    };

    /// Also accepts `kind`.
    pub const fn with(mut self, kind: TokenKind) -> Self {
        match kind {
            TokenKind::SessionToken => self.session = true,
            TokenKind::M2mToken => self.m2m = true,
            TokenKind::ApiKey => self.api_key = true,
            TokenKind::OAuthToken => self.oauth = true,
        }
        self
    }

    /// Only `kind`.
    pub const fn only(kind: TokenKind) -> Self {
        Self::NONE.with(kind)
    }

    /// Whether `kind` is accepted.
    pub fn accepts(&self, kind: TokenKind) -> bool {
        match kind {
            TokenKind::SessionToken => self.session,
            TokenKind::M2mToken => self.m2m,
            TokenKind::ApiKey => self.api_key,
            TokenKind::OAuthToken => self.oauth,
        }
    }
}

/// A verified machine token.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MachineAuth {
    /// Which kind of token it was.
    pub kind: TokenKind,
    /// The token's id (`mt_…`, `ak_…`, `oat_…`, or an M2M JWT's `jti`).
    pub id: Option<String>,
    /// Who it acts for: a machine (`mch_…`), a user (`user_…`) or an organization (`org_…`).
    pub subject: String,
    /// Its scopes.
    pub scopes: Vec<String>,
    /// Its custom claims.
    pub claims: Option<Value>,
    /// The API key's name.
    pub name: Option<String>,
    /// The OAuth application's client id.
    pub client_id: Option<String>,
    /// When it expires (Unix milliseconds), if it does.
    pub expiration: Option<i64>,
}

impl MachineAuth {
    /// The user it acts for, when the subject is a user.
    pub fn user_id(&self) -> Option<&str> {
        self.subject
            .starts_with("user_")
            .then_some(self.subject.as_str())
    }

    /// The organization it acts for, when the subject is an organization.
    pub fn org_id(&self) -> Option<&str> {
        self.subject
            .starts_with("org_")
            .then_some(self.subject.as_str())
    }

    /// The machine it acts for, when the subject is a machine.
    pub fn machine_id(&self) -> Option<&str> {
        self.subject
            .starts_with("mch_")
            .then_some(self.subject.as_str())
    }
}

/// The kind of an opaque machine token, by its prefix.
pub(crate) fn kind_of(token: &str) -> Option<TokenKind> {
    if token.starts_with("mt_") {
        Some(TokenKind::M2mToken)
    } else if token.starts_with("ak_") {
        Some(TokenKind::ApiKey)
    } else if token.starts_with("oat_") {
        Some(TokenKind::OAuthToken)
    } else {
        None
    }
}

/// A signed-out reason for a Backend API call that failed while verifying a token.
pub(crate) fn network_failure(error: &Error) -> VerifyError {
    match error.kind() {
        ErrorKind::Api
            if error
                .status()
                .is_some_and(|s| s.is_client_error() && s.as_u16() != 429) =>
        {
            VerifyError::with_detail(
                Reason::TokenRevokedOrUnknown,
                format!(
                    "Clerk answered {} while verifying the token",
                    error.status().map_or(0, |s| s.as_u16())
                ),
            )
        }
        _ => VerifyError::with_detail(
            Reason::UnexpectedError,
            format!("verifying the token with Clerk failed: {error}"),
        ),
    }
}

/// The claims of an M2M JWT we read.
#[derive(Deserialize)]
struct M2mClaims {
    sub: Option<String>,
    jti: Option<String>,
    exp: Option<i64>,
    nbf: Option<i64>,
    iat: Option<i64>,
    scopes: Option<Value>,
}

/// The `sub` of a JWT, read without verifying anything (to route it to the right check).
fn unverified_subject(token: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Sub {
        sub: Option<String>,
    }
    let decoded = jwt::decode(token).ok()?;
    serde_json::from_str::<Sub>(&decoded.payload).ok()?.sub
}

impl Authenticator {
    pub(crate) async fn authenticate_machine(
        &self,
        token: &str,
        kind: TokenKind,
        accepts: super::AcceptsToken,
    ) -> AuthState {
        let source = Some(TokenSource::Header);
        if !accepts.accepts(kind) {
            return AuthState::SignedOut(SignedOut::new(
                VerifyError::with_detail(
                    Reason::TokenTypeMismatch,
                    format!("this route does not accept {} tokens", kind.as_str()),
                ),
                source,
            ));
        }
        match self.verify_machine_token(token, kind).await {
            Ok(auth) => AuthState::Machine(Arc::new(auth)),
            Err(error) => AuthState::SignedOut(SignedOut::new(error, source)),
        }
    }

    /// Verifies an opaque machine token (`mt_…`, `ak_…`, `oat_…`) with Clerk's Backend API.
    ///
    /// # Errors
    /// [`Reason::TokenRevokedOrUnknown`] when Clerk does not know it, or it is revoked;
    /// [`Reason::TokenExpired`] when it expired; [`Reason::UnexpectedError`] when Clerk could not
    /// be reached.
    pub async fn verify_machine_token(
        &self,
        token: &str,
        kind: TokenKind,
    ) -> Result<MachineAuth, VerifyError> {
        let clerk = &self.inner.clerk;
        let failure = |e: Error| network_failure(&e);
        let (valid, revoked, auth) = match kind {
            TokenKind::M2mToken => {
                let t = clerk.m2m_tokens().verify(token).await.map_err(failure)?;
                (
                    t.is_valid(),
                    t.revoked,
                    MachineAuth {
                        kind,
                        id: Some(t.id),
                        subject: t.subject,
                        scopes: t.scopes,
                        claims: t.claims,
                        name: None,
                        client_id: None,
                        expiration: t.expiration,
                    },
                )
            }
            TokenKind::ApiKey => {
                let k = clerk.api_keys().verify(token).await.map_err(failure)?;
                (
                    k.is_valid(),
                    k.revoked,
                    MachineAuth {
                        kind,
                        id: Some(k.id),
                        subject: k.subject,
                        scopes: k.scopes,
                        claims: k.claims,
                        name: Some(k.name),
                        client_id: None,
                        expiration: k.expiration,
                    },
                )
            }
            TokenKind::OAuthToken => {
                let verification = clerk
                    .oauth_access_tokens()
                    .verify(token)
                    .await
                    .map_err(failure)?;
                let Some(t) = verification.into_token() else {
                    return Err(VerifyError::with_detail(
                        Reason::TokenExpired,
                        "the OAuth access token is not active",
                    ));
                };
                (
                    t.is_valid(),
                    t.revoked,
                    MachineAuth {
                        kind,
                        id: Some(t.id),
                        subject: t.subject,
                        scopes: t.scopes,
                        claims: None,
                        name: None,
                        client_id: Some(t.client_id),
                        expiration: t.expiration,
                    },
                )
            }
            TokenKind::SessionToken => {
                return Err(VerifyError::with_detail(
                    Reason::TokenTypeMismatch,
                    "session tokens are verified with verify_token",
                ));
            }
        };
        // Clerk answers 200 for a revoked or expired token: the flags decide.
        match (valid, revoked) {
            (true, _) => Ok(auth),
            (false, true) => Err(VerifyError::with_detail(
                Reason::TokenRevokedOrUnknown,
                "the token was revoked",
            )),
            (false, false) => Err(VerifyError::with_detail(
                Reason::TokenExpired,
                "the token expired",
            )),
        }
    }

    /// Verifies an M2M token issued as a JWT (its `sub` is a machine, `mch_…`) networklessly,
    /// with the same keys and time checks as session tokens.
    ///
    /// # Errors
    /// As [`verify_token`](Self::verify_token); [`Reason::TokenTypeMismatch`] when the subject is
    /// not a machine.
    pub async fn verify_m2m_jwt(&self, token: &str) -> Result<MachineAuth, VerifyError> {
        let decoded = jwt::decode(token)?;
        let header = decoded.header()?;
        if header.alg.as_deref() != Some("RS256") {
            return Err(VerifyError::new(Reason::TokenInvalidAlgorithm));
        }
        let key = self.key_for(header.kid.as_deref()).await?;
        let signed = &token.as_bytes()[..decoded.signing_input_len];
        if !key.verify(signed, &decoded.signature) {
            return Err(VerifyError::new(Reason::TokenInvalidSignature));
        }
        let claims: M2mClaims = serde_json::from_str(&decoded.payload)
            .map_err(|_| VerifyError::with_detail(Reason::TokenInvalid, "bad M2M claims"))?;
        let exp = claims
            .exp
            .ok_or_else(|| VerifyError::with_detail(Reason::TokenInvalid, "no `exp`"))?;
        self.check_times(exp, claims.nbf, claims.iat, self.now())?;
        let subject = claims
            .sub
            .filter(|s| s.starts_with("mch_"))
            .ok_or_else(|| {
                VerifyError::with_detail(Reason::TokenTypeMismatch, "the subject is not a machine")
            })?;
        let scopes = match claims.scopes {
            Some(Value::String(s)) => s
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            Some(Value::Array(list)) => list
                .into_iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        Ok(MachineAuth {
            kind: TokenKind::M2mToken,
            id: claims.jti,
            subject,
            scopes,
            claims: serde_json::from_str(&decoded.payload).ok(),
            name: None,
            client_id: None,
            expiration: Some(exp.saturating_mul(1000)),
        })
    }

    /// Routes a header JWT whose subject is a machine to [`verify_m2m_jwt`](Self::verify_m2m_jwt)
    /// when the route accepts M2M tokens.
    pub(crate) fn is_m2m_jwt(token: &str) -> bool {
        unverified_subject(token).is_some_and(|s| s.starts_with("mch_"))
    }
}
