//! The JWKS cache of one [`Authenticator`](super::Authenticator): TTL, rate-limited refetch on an
//! unknown `kid`, and single-flight fetching.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use tokio::time::Instant;

use super::keys::{KeySet, PublicKey};
use super::reason::{Reason, VerifyError};
use crate::{ApiRequest, Clerk, ErrorKind};

/// A fetched key set and when it was fetched.
#[derive(Debug)]
struct Fetched {
    set: KeySet,
    at: Instant,
}

/// What the cache needs from its authenticator.
#[derive(Debug, Clone, Copy)]
pub(crate) struct JwksSettings {
    pub(crate) ttl: Duration,
    pub(crate) refetch_interval: Duration,
}

/// The remote key set, fetched from `{api_url}/{api_version}/jwks` with the secret key.
#[derive(Debug)]
pub(crate) struct JwksCache {
    settings: JwksSettings,
    current: RwLock<Option<Arc<Fetched>>>,
    /// Held by the one task fetching; others wait for its result instead of fetching too.
    fetching: tokio::sync::Mutex<()>,
    /// Completed fetch attempts, successful or not.
    attempts: AtomicU64,
    last_failure: Mutex<Option<VerifyError>>,
    last_kid_refetch: Mutex<Option<Instant>>,
    fetches: AtomicU64,
}

impl JwksCache {
    pub(crate) fn new(settings: JwksSettings) -> Self {
        Self {
            settings,
            current: RwLock::new(None),
            fetching: tokio::sync::Mutex::new(()),
            attempts: AtomicU64::new(0),
            last_failure: Mutex::new(None),
            last_kid_refetch: Mutex::new(None),
            fetches: AtomicU64::new(0),
        }
    }

    /// How many times the JWKS was requested from Clerk.
    pub(crate) fn fetch_count(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }

    fn snapshot(&self) -> Option<Arc<Fetched>> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn fresh(&self, fetched: &Fetched) -> bool {
        fetched.at.elapsed() < self.settings.ttl
    }

    /// The key for `kid`, fetching the JWKS when the cache is cold, stale, or lacks the kid (at
    /// most once per refetch interval). Calls `on_change` when a fetch changed the key set.
    pub(crate) async fn key(
        &self,
        clerk: &Clerk,
        kid: &str,
        on_change: impl FnOnce(),
    ) -> Result<PublicKey, VerifyError> {
        let seen = self.attempts.load(Ordering::SeqCst);
        if let Some(fetched) = self.snapshot() {
            if self.fresh(&fetched) {
                if let Some(key) = fetched.set.keys.get(kid) {
                    return Ok(key.clone());
                }
                if !self.kid_refetch_allowed() {
                    return Err(kid_mismatch(kid));
                }
            }
        }
        let _guard = self.fetching.lock().await;
        if self.attempts.load(Ordering::SeqCst) != seen {
            // Another task fetched while this one waited: use its result.
            return match self.snapshot() {
                Some(fetched) => match fetched.set.keys.get(kid) {
                    Some(key) => Ok(key.clone()),
                    None => Err(kid_mismatch(kid)),
                },
                None => Err(self
                    .last_failure
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .clone()
                    .unwrap_or_else(|| VerifyError::new(Reason::JwkRemoteFailedToLoad))),
            };
        }
        let previous = self.snapshot();
        let kid_refetch = previous.as_ref().is_some_and(|p| self.fresh(p));
        let result = self.fetch(clerk).await;
        self.attempts.fetch_add(1, Ordering::SeqCst);
        if kid_refetch {
            *self
                .last_kid_refetch
                .lock()
                .unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
        }
        match result {
            Ok(set) => {
                let changed = previous.as_ref().is_none_or(|p| !p.set.same_kids(&set));
                let key = set.keys.get(kid).cloned();
                *self.current.write().unwrap_or_else(|p| p.into_inner()) =
                    Some(Arc::new(Fetched {
                        set,
                        at: Instant::now(),
                    }));
                *self.last_failure.lock().unwrap_or_else(|p| p.into_inner()) = None;
                if changed && previous.is_some() {
                    on_change();
                }
                key.ok_or_else(|| kid_mismatch(kid))
            }
            Err(error) => {
                *self.last_failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(error.clone());
                // A stale key set still holds the keys it held: better than refusing everyone
                // while Clerk is unreachable.
                match previous.and_then(|p| p.set.keys.get(kid).cloned()) {
                    Some(key) => Ok(key),
                    None => Err(error),
                }
            }
        }
    }

    fn kid_refetch_allowed(&self) -> bool {
        self.last_kid_refetch
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_none_or(|at| at.elapsed() >= self.settings.refetch_interval)
    }

    async fn fetch(&self, clerk: &Clerk) -> Result<KeySet, VerifyError> {
        self.fetches.fetch_add(1, Ordering::Relaxed);
        let doc: serde_json::Value = clerk
            .send(ApiRequest::get("/jwks").retries(false))
            .await
            .map_err(|error| match error.kind() {
                ErrorKind::Config => VerifyError::with_detail(
                    Reason::JwkFailedToResolve,
                    "no secret key is configured to fetch the JWKS",
                ),
                ErrorKind::Decode => VerifyError::with_detail(
                    Reason::JwkRemoteInvalid,
                    "the JWKS answer is not JSON",
                ),
                ErrorKind::Api
                    if error.as_api().is_some_and(|api| {
                        api.has_code("clerk_key_invalid")
                            || api.status().as_u16() == 401
                            || api.status().as_u16() == 403
                    }) =>
                {
                    VerifyError::with_detail(
                        Reason::SecretKeyInvalid,
                        format!(
                            "GET /jwks answered {}",
                            error.status().map_or(0, |s| s.as_u16())
                        ),
                    )
                }
                _ => VerifyError::with_detail(
                    Reason::JwkRemoteFailedToLoad,
                    format!("GET /jwks failed: {error}"),
                ),
            })?;
        let body = serde_json::to_vec(&doc).unwrap_or_default();
        let set = KeySet::from_jwks_json(&body)?;
        if set.keys.is_empty() {
            return Err(VerifyError::with_detail(
                Reason::JwkRemoteFailedToLoad,
                "the JWKS holds no RSA key",
            ));
        }
        Ok(set)
    }
}

fn kid_mismatch(kid: &str) -> VerifyError {
    let kid: String = kid.chars().take(64).filter(|c| !c.is_control()).collect();
    VerifyError::with_detail(
        Reason::JwkKidMismatch,
        format!("no key with kid `{kid}` in the JWKS"),
    )
}
