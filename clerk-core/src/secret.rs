//! Secrets that never show up in `Debug`, `Display` or logs.

use std::fmt;

/// A Clerk secret key (`sk_test_…` or `sk_live_…`).
///
/// `Debug` shows only the key's environment prefix (`sk_test_`), never the secret part. Read the
/// full value with [`expose_secret`](Self::expose_secret).
///
/// # Security Warning
/// The key grants full access to your Clerk instance. Only the client reads it, to build the
/// `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(String);

impl SecretKey {
    /// Wraps a secret key.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The full secret. Do not log it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// The non-secret prefix of the key (`sk_test_`, `sk_live_`), if it has one.
    pub fn prefix(&self) -> Option<&str> {
        ["sk_test_", "sk_live_"]
            .into_iter()
            .find(|p| self.0.starts_with(p))
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey({}[redacted])", self.prefix().unwrap_or(""))
    }
}

impl From<String> for SecretKey {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for SecretKey {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_secret_but_keeps_the_environment() {
        let key = SecretKey::new("sk_live_abcdefSECRET");
        let shown = format!("{key:?}");
        assert_eq!(shown, "SecretKey(sk_live_[redacted])");
        assert!(!shown.contains("SECRET"));
        assert_eq!(
            format!("{:?}", SecretKey::new("whatever")),
            "SecretKey([redacted])"
        );
    }
}
