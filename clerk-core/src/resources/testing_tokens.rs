//! Testing tokens: let end-to-end test suites through Clerk's bot protection (the spec's
//! `Testing Tokens` tag).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;

use crate::{ApiRequest, Result};

/// A testing token: `TestingToken` in the spec. Pass it to the Frontend API as the
/// `__clerk_testing_token` query parameter. `Debug` redacts the token.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TestingToken {
    /// Always `testing_token`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The token.
    #[serde(default, deserialize_with = "null_default")]
    pub token: String,
    /// Its expiry, in seconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub expires_at: i64,
}

impl fmt::Debug for TestingToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestingToken")
            .field("token", &"[redacted]")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

sub_api!(TestingTokens, testing_tokens);

impl TestingTokens {
    /// Creates a testing token (`POST /testing_tokens`, `CreateTestingToken`). Only development
    /// instances issue them.
    ///
    /// # Errors
    /// An API error, such as 403 on a production instance.
    pub async fn create(&self) -> Result<TestingToken> {
        self.clerk.send(ApiRequest::post("/testing_tokens")).await
    }
}

#[cfg(test)]
mod tests {
    use crate::resources::users::testkit::{Fake, fake};

    #[tokio::test]
    async fn create_posts_without_a_body() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"testing_token","token":"1713877200-abc","expires_at":1713880800}"#,
        );
        let token = clerk.testing_tokens().create().await.unwrap();
        assert_eq!(token.expires_at, 1713880800);
        assert!(!format!("{token:?}").contains("abc"));
        let req = seen.only();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("POST", "/v1/testing_tokens")
        );
        assert_eq!(req.body, None);
    }
}
