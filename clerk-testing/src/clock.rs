//! The fake's clock: the system time, shifted or frozen by tests.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Marks a clock that follows the system time (plus its offset).
const RUNNING: i64 = i64::MIN;

/// The time the fake Clerk lives in, in Unix milliseconds.
///
/// It follows the system clock by default. A test can move it forward
/// ([`advance`](Self::advance)), so that tokens and sessions expire without waiting, or freeze it
/// at a chosen instant ([`set`](Self::set)) for fully deterministic timestamps. Clones share the
/// same time.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    inner: Arc<ClockInner>,
}

#[derive(Debug)]
struct ClockInner {
    /// Added to the system time while running.
    offset_ms: AtomicI64,
    /// The frozen time, or [`RUNNING`].
    fixed_ms: AtomicI64,
}

impl Default for ClockInner {
    fn default() -> Self {
        Self {
            offset_ms: AtomicI64::new(0),
            fixed_ms: AtomicI64::new(RUNNING),
        }
    }
}

fn system_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl Clock {
    /// A clock that follows the system time.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock frozen at `unix_ms`.
    pub fn fixed(unix_ms: i64) -> Self {
        let clock = Self::default();
        clock.set(unix_ms);
        clock
    }

    /// The current time in Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        match self.inner.fixed_ms.load(Ordering::SeqCst) {
            RUNNING => system_ms().saturating_add(self.inner.offset_ms.load(Ordering::SeqCst)),
            fixed => fixed,
        }
    }

    /// The current time in Unix seconds.
    pub fn now_secs(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Moves the clock forward by `by` (frozen or running).
    pub fn advance(&self, by: Duration) {
        let by = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        let fixed = self.inner.fixed_ms.load(Ordering::SeqCst);
        if fixed == RUNNING {
            self.inner.offset_ms.fetch_add(by, Ordering::SeqCst);
        } else {
            self.inner
                .fixed_ms
                .store(fixed.saturating_add(by), Ordering::SeqCst);
        }
    }

    /// Freezes the clock at `unix_ms`.
    pub fn set(&self, unix_ms: i64) {
        let unix_ms = if unix_ms == RUNNING {
            RUNNING + 1
        } else {
            unix_ms
        };
        self.inner.fixed_ms.store(unix_ms, Ordering::SeqCst);
    }

    /// Lets the clock run again from the system time, keeping any offset added by `advance`.
    pub fn resume(&self) {
        self.inner.fixed_ms.store(RUNNING, Ordering::SeqCst);
    }

    /// Whether the clock is frozen (by [`fixed`](Self::fixed) or [`set`](Self::set)).
    pub fn is_frozen(&self) -> bool {
        self.inner.fixed_ms.load(Ordering::SeqCst) != RUNNING
    }

    /// Back to the system time: running, with no offset.
    pub fn reset(&self) {
        self.inner.fixed_ms.store(RUNNING, Ordering::SeqCst);
        self.inner.offset_ms.store(0, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_moves_only_when_told() {
        let clock = Clock::fixed(1_000_000);
        assert_eq!(clock.now_ms(), 1_000_000);
        clock.advance(Duration::from_secs(61));
        assert_eq!(clock.now_ms(), 1_061_000);
        assert_eq!(clock.clone().now_secs(), 1_061);
    }

    #[test]
    fn a_running_clock_keeps_its_offset() {
        let clock = Clock::system();
        let before = system_ms();
        clock.advance(Duration::from_secs(3600));
        assert!(clock.now_ms() >= before + 3_600_000);
        clock.set(5);
        assert_eq!(clock.now_ms(), 5);
        assert!(clock.is_frozen());
        clock.resume();
        assert!(!clock.is_frozen());
        assert!(clock.now_ms() >= before + 3_600_000);
        clock.reset();
        let now = clock.now_ms();
        assert!(now >= before && now < before + 3_600_000);
    }
}
