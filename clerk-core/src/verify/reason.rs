//! Why a request is signed out: [`Reason`], and the error [`verify_token`](super::Authenticator::verify_token) returns.

use std::fmt;

/// Why a token was rejected or a request is signed out.
///
/// The names map to the strings of Clerk's `TokenVerificationErrorReason` and `AuthErrorReason`
/// ([`as_str`](Self::as_str)), so logs and JSON bodies read the same as Clerk's other SDKs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// No token in the `Authorization` header nor in the `__session` cookie.
    SessionTokenMissing,
    /// The token is not a well-formed JWT (three base64url parts of JSON), or a claim has the
    /// wrong type.
    TokenInvalid,
    /// The token's `alg` is not `RS256` (`none` and HMAC are never accepted).
    TokenInvalidAlgorithm,
    /// The signature does not match the key.
    TokenInvalidSignature,
    /// `exp` is in the past (beyond the clock skew).
    TokenExpired,
    /// `nbf` is in the future (beyond the clock skew).
    TokenNotActiveYet,
    /// `iat` is in the future (beyond the clock skew).
    TokenIatInTheFuture,
    /// `azp` is missing or not one of the authorized parties.
    TokenInvalidAuthorizedParties,
    /// `iss` is not the expected issuer.
    TokenInvalidIssuer,
    /// A check failed that has no reason of its own (such as the audience).
    TokenVerificationFailed,
    /// The token is of another kind than the route accepts (a JWT template or M2M token used as
    /// a session token, a machine token on a session-only route, …).
    TokenTypeMismatch,
    /// The session is pending (`sts: pending`): it has tasks to complete before it counts as
    /// signed in.
    SessionPending,
    /// The `_clerk_session_id` query parameter names another session than the token's `sid`.
    SessionIdMismatch,
    /// The secret key was refused by Clerk while fetching the JWKS.
    SecretKeyInvalid,
    /// The configured `jwt_key` is not a usable RSA public key in PEM.
    JwkLocalMissing,
    /// The JWKS could not be fetched (network error, or Clerk answered an error).
    JwkRemoteFailedToLoad,
    /// The JWKS was fetched but is not a valid key set.
    JwkRemoteInvalid,
    /// The JWKS holds no usable key for this token.
    JwkRemoteMissing,
    /// Neither a `jwt_key` nor a secret key is configured, so no key can be found.
    JwkFailedToResolve,
    /// The token's `kid` is not in the JWKS, even after refetching it.
    JwkKidMismatch,
    /// A network-verified token (legacy session, client, or machine token) was refused by Clerk.
    TokenRevokedOrUnknown,
    /// Verifying the token needed Clerk's Backend API, which could not be reached.
    UnexpectedError,
}

impl Reason {
    /// The reason as Clerk's SDKs spell it (such as `token-expired`).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::SessionTokenMissing => "session-token-missing",
            Reason::TokenInvalid => "token-invalid",
            Reason::TokenInvalidAlgorithm => "token-invalid-algorithm",
            Reason::TokenInvalidSignature => "token-invalid-signature",
            Reason::TokenExpired => "token-expired",
            Reason::TokenNotActiveYet => "token-not-active-yet",
            Reason::TokenIatInTheFuture => "token-iat-in-the-future",
            Reason::TokenInvalidAuthorizedParties => "token-invalid-authorized-parties",
            Reason::TokenInvalidIssuer => "token-invalid-issuer",
            Reason::TokenVerificationFailed => "token-verification-failed",
            Reason::TokenTypeMismatch => "token-type-mismatch",
            Reason::SessionPending => "session-pending",
            Reason::SessionIdMismatch => "session-id-mismatch",
            Reason::SecretKeyInvalid => "secret-key-invalid",
            Reason::JwkLocalMissing => "jwk-local-missing",
            Reason::JwkRemoteFailedToLoad => "jwk-remote-failed-to-load",
            Reason::JwkRemoteInvalid => "jwk-remote-invalid",
            Reason::JwkRemoteMissing => "jwk-remote-missing",
            Reason::JwkFailedToResolve => "jwk-failed-to-resolve",
            Reason::JwkKidMismatch => "jwk-kid-mismatch",
            Reason::TokenRevokedOrUnknown => "token-revoked-or-unknown",
            Reason::UnexpectedError => "unexpected-error",
        }
    }

    /// What to do about it, in one sentence.
    pub fn hint(self) -> &'static str {
        match self {
            Reason::SessionTokenMissing => {
                "Send the session token as `Authorization: Bearer <token>` or in the `__session` cookie."
            }
            Reason::TokenInvalid => "Send a session token issued by Clerk (a JWT), unmodified.",
            Reason::TokenInvalidAlgorithm => {
                "Clerk session tokens are signed with RS256; other algorithms are refused."
            }
            Reason::TokenInvalidSignature => {
                "The token was not signed by this Clerk instance: check that CLERK_SECRET_KEY or CLERK_JWT_KEY belong to the instance that issued it."
            }
            Reason::TokenExpired => {
                "Session tokens live 60 seconds: fetch a fresh one with getToken() before each request, and check that the server's clock is synchronised."
            }
            Reason::TokenNotActiveYet | Reason::TokenIatInTheFuture => {
                "The token claims to be from the future: synchronise the server's clock (NTP), or raise the clock skew."
            }
            Reason::TokenInvalidAuthorizedParties => {
                "The token's `azp` (the origin that requested it) is not an authorized party: add that origin to authorized_parties (CLERK_AUTHORIZED_PARTIES)."
            }
            Reason::TokenInvalidIssuer => {
                "The token was issued by another Clerk instance than the configured issuer."
            }
            Reason::TokenVerificationFailed => {
                "A claim check failed (such as the audience): check the verification options."
            }
            Reason::TokenTypeMismatch => {
                "This route does not accept this kind of token (JWT template, M2M, API key or OAuth tokens are not session tokens)."
            }
            Reason::SessionPending => {
                "The session has pending tasks (such as choosing an organization); finish them in the frontend first."
            }
            Reason::SessionIdMismatch => {
                "The `_clerk_session_id` query parameter does not match the token's session; send the token of that session."
            }
            Reason::SecretKeyInvalid => {
                "Clerk refused the secret key while fetching the JWKS: set CLERK_SECRET_KEY to the instance's current secret key."
            }
            Reason::JwkLocalMissing => {
                "CLERK_JWT_KEY is not an RSA public key in PEM (copy it from the Clerk dashboard, API keys page)."
            }
            Reason::JwkRemoteFailedToLoad => {
                "The JWKS could not be fetched from Clerk; check CLERK_API_URL and the network, or set CLERK_JWT_KEY to verify without the network."
            }
            Reason::JwkRemoteInvalid => "Clerk's JWKS answer could not be read.",
            Reason::JwkRemoteMissing => "Clerk's JWKS holds no RSA key usable for this token.",
            Reason::JwkFailedToResolve => {
                "No key to verify tokens with: set CLERK_SECRET_KEY (keys fetched from Clerk) or CLERK_JWT_KEY (networkless)."
            }
            Reason::JwkKidMismatch => {
                "The token's key id is not in the instance's JWKS: the token comes from another instance, or its key was removed; sign in again."
            }
            Reason::TokenRevokedOrUnknown => {
                "Clerk does not know this token or it was revoked; sign in again or issue a new token."
            }
            Reason::UnexpectedError => {
                "Clerk's Backend API could not be reached to verify the token; try again."
            }
        }
    }

    /// Whether this failure means "you are not allowed" (403) rather than "you are not signed
    /// in" (401): a token from an origin that is not an authorized party.
    pub fn is_forbidden(self) -> bool {
        matches!(self, Reason::TokenInvalidAuthorizedParties)
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A token that did not verify: the [`Reason`] and a message that says what to fix.
///
/// The message never contains the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyError {
    reason: Reason,
    detail: Option<String>,
}

impl VerifyError {
    /// An error with this reason.
    pub fn new(reason: Reason) -> Self {
        Self {
            reason,
            detail: None,
        }
    }

    /// An error with this reason and a detail of what was seen.
    pub fn with_detail(reason: Reason, detail: impl Into<String>) -> Self {
        Self {
            reason,
            detail: Some(detail.into()),
        }
    }

    /// Why.
    pub fn reason(&self) -> Reason {
        self.reason
    }

    /// What was seen, when there is more to say than the reason (such as `exp 1700000000 is
    /// before now 1700000100`).
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    /// The full message: detail, then what to do.
    pub fn message(&self) -> String {
        match &self.detail {
            Some(detail) => format!("{detail}. {}", self.reason.hint()),
            None => self.reason.hint().to_owned(),
        }
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.reason, self.message())
    }
}

impl std::error::Error for VerifyError {}

impl From<Reason> for VerifyError {
    fn from(reason: Reason) -> Self {
        Self::new(reason)
    }
}
