//! The retry policy, applied once by the client above the transport.

use std::time::Duration;

use http::{Method, StatusCode};

/// When and how the client retries a failed request.
///
/// - A connection that could not be established is always retried: the request was never sent.
/// - Timeouts, broken connections, 429 and 500/502/503/504 are retried only for idempotent methods
///   (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`), unless [`retry_non_idempotent`](Self::retry_non_idempotent)
///   is set.
/// - A `Retry-After` header is honoured; one longer than [`max_retry_after`](Self::max_retry_after)
///   ends the retries and returns the error, with [`ApiError::retry_after`](crate::ApiError::retry_after) set.
/// - Otherwise the wait grows exponentially from [`initial_backoff`](Self::initial_backoff), capped at
///   [`max_backoff`](Self::max_backoff), with random jitter (half fixed, half random).
/// - Retries stop after [`max_retries`](Self::max_retries) or once the next wait would go past
///   [`max_elapsed`](Self::max_elapsed) since the first attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt. Defaults to 2 (3 attempts in all); 0 turns retries off.
    pub max_retries: u32,
    /// The first backoff. Defaults to 250 ms.
    pub initial_backoff: Duration,
    /// The largest backoff between two attempts. Defaults to 8 s.
    pub max_backoff: Duration,
    /// The longest `Retry-After` the client will wait for. Defaults to 60 s.
    pub max_retry_after: Duration,
    /// The time budget for all attempts and waits. Defaults to 60 s.
    pub max_elapsed: Duration,
    /// Also retry `POST` and `PATCH` on timeouts, broken connections, 429 and 5xx (they may then
    /// run twice on the server). Defaults to `false`.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            max_elapsed: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

/// What happened to one attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Outcome {
    /// The connection could not be established.
    ConnectFailed,
    /// The request may have reached the server but failed (timeout, broken connection).
    FailedAfterSend,
    /// A failure that retrying will not fix.
    Fatal,
    /// The server answered with this status (and maybe a `Retry-After`).
    Status(StatusCode, Option<Duration>),
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn disabled() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Sets [`max_retries`](Self::max_retries).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// Sets [`initial_backoff`](Self::initial_backoff).
    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// Sets [`max_backoff`](Self::max_backoff).
    pub fn max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// Sets [`max_retry_after`](Self::max_retry_after).
    pub fn max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// Sets [`max_elapsed`](Self::max_elapsed).
    pub fn max_elapsed(mut self, d: Duration) -> Self {
        self.max_elapsed = d;
        self
    }

    /// Sets [`retry_non_idempotent`](Self::retry_non_idempotent).
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// How long to wait before attempt number `retry + 1` (retry 0 is the first retry), or `None`
    /// to give up.
    pub(crate) fn delay(
        &self,
        method: &Method,
        outcome: Outcome,
        retry: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        if retry >= self.max_retries {
            return None;
        }
        let may_repeat = self.retry_non_idempotent || is_idempotent(method);
        let retry_after = match outcome {
            Outcome::ConnectFailed => None,
            Outcome::FailedAfterSend if may_repeat => None,
            Outcome::Status(status, retry_after) if may_repeat && is_retryable(status) => {
                retry_after
            }
            _ => return None,
        };
        let wait = match retry_after {
            Some(wait) if wait > self.max_retry_after => return None,
            Some(wait) => wait,
            None => self.backoff(retry),
        };
        (elapsed + wait <= self.max_elapsed).then_some(wait)
    }

    fn backoff(&self, retry: u32) -> Duration {
        let exp = self
            .initial_backoff
            .saturating_mul(1u32.checked_shl(retry.min(16)).unwrap_or(u32::MAX))
            .min(self.max_backoff);
        let half = exp / 2;
        let jitter_nanos = fastrand::u64(0..=half.as_nanos().min(u128::from(u64::MAX)) as u64);
        half + Duration::from_nanos(jitter_nanos)
    }
}

fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

fn is_retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Duration = Duration::ZERO;

    #[test]
    fn connect_failures_are_retried_for_every_method() {
        let p = RetryPolicy::default();
        assert!(
            p.delay(&Method::POST, Outcome::ConnectFailed, 0, NOW)
                .is_some()
        );
        assert!(
            p.delay(&Method::POST, Outcome::ConnectFailed, 2, NOW)
                .is_none()
        );
    }

    #[test]
    fn statuses_are_retried_only_for_idempotent_methods_unless_opted_in() {
        let p = RetryPolicy::default();
        let busy = Outcome::Status(StatusCode::SERVICE_UNAVAILABLE, None);
        assert!(p.delay(&Method::GET, busy, 0, NOW).is_some());
        assert!(p.delay(&Method::POST, busy, 0, NOW).is_none());
        assert!(
            p.delay(&Method::PATCH, Outcome::FailedAfterSend, 0, NOW)
                .is_none()
        );
        let p = p.retry_non_idempotent(true);
        assert!(p.delay(&Method::POST, busy, 0, NOW).is_some());
        for code in [400, 401, 404, 409, 422, 501] {
            let s = Outcome::Status(StatusCode::from_u16(code).unwrap(), None);
            assert!(p.delay(&Method::GET, s, 0, NOW).is_none(), "{code}");
        }
        assert!(p.delay(&Method::GET, Outcome::Fatal, 0, NOW).is_none());
    }

    #[test]
    fn retry_after_is_honoured_within_bounds() {
        let p = RetryPolicy::default();
        let wait = |secs| {
            Outcome::Status(
                StatusCode::TOO_MANY_REQUESTS,
                Some(Duration::from_secs(secs)),
            )
        };
        assert_eq!(
            p.delay(&Method::GET, wait(3), 0, NOW),
            Some(Duration::from_secs(3))
        );
        assert_eq!(p.delay(&Method::GET, wait(61), 0, NOW), None);
        assert_eq!(
            p.delay(&Method::GET, wait(3), 0, Duration::from_secs(58)),
            None
        );
    }

    #[test]
    fn backoff_grows_exponentially_with_bounded_jitter() {
        let p = RetryPolicy::default().max_retries(10);
        for retry in 0..10 {
            let d = p
                .delay(&Method::GET, Outcome::ConnectFailed, retry, NOW)
                .unwrap();
            let full = (Duration::from_millis(250) * 2u32.pow(retry)).min(Duration::from_secs(8));
            assert!(
                d >= full / 2 && d <= full,
                "retry {retry}: {d:?} vs {full:?}"
            );
        }
    }

    #[test]
    fn disabled_never_retries() {
        let p = RetryPolicy::disabled();
        assert!(
            p.delay(&Method::GET, Outcome::ConnectFailed, 0, NOW)
                .is_none()
        );
    }
}
