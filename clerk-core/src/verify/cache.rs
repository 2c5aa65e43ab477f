//! The verified-token cache: a bounded map from exact token bytes to the [`Auth`] they proved.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, RwLock};

use super::claims::Auth;

/// Hashes a token by its length and last 16 bytes: the tail of an RS256 signature, random for
/// every token. Collisions only cost a comparison, and only verified tokens are ever stored, so
/// nobody can fill a bucket on purpose.
#[derive(Clone, Copy, Default)]
pub(crate) struct TailHash;

pub(crate) struct TailHasher(u64);

impl BuildHasher for TailHash {
    type Hasher = TailHasher;
    fn build_hasher(&self) -> TailHasher {
        TailHasher(0x243f_6a88_85a3_08d3)
    }
}

impl Hasher for TailHasher {
    fn write(&mut self, bytes: &[u8]) {
        let tail = &bytes[bytes.len().saturating_sub(16)..];
        let mut h = self.0 ^ (bytes.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        for chunk in tail.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            h = (h ^ u64::from_le_bytes(word))
                .wrapping_mul(0xff51_afd7_ed55_8ccd)
                .rotate_left(31);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 29)
    }
}

/// Verified tokens, at most `capacity` of them.
#[derive(Debug)]
pub(crate) struct TokenCache {
    capacity: usize,
    map: RwLock<HashMap<Box<str>, Arc<Auth>, TailHash>>,
}

impl std::fmt::Debug for TailHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TailHash")
    }
}

impl TokenCache {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            map: RwLock::new(HashMap::with_hasher(TailHash)),
        }
    }

    pub(crate) fn get(&self, token: &str) -> Option<Arc<Auth>> {
        if self.capacity == 0 {
            return None;
        }
        let map = self.map.read().unwrap_or_else(|p| p.into_inner());
        map.get(token).cloned()
    }

    /// Stores a verified token. When full, expired entries go first; if none has expired, the
    /// cache starts over (a bound, not an LRU: re-verifying costs one RSA check per token).
    pub(crate) fn insert(&self, token: &str, auth: Arc<Auth>, now: i64) {
        if self.capacity == 0 {
            return;
        }
        let mut map = self.map.write().unwrap_or_else(|p| p.into_inner());
        if map.len() >= self.capacity {
            map.retain(|_, a| a.expires_at > now);
            if map.len() >= self.capacity {
                map.clear();
            }
        }
        map.insert(token.into(), auth);
    }

    pub(crate) fn clear(&self) {
        self.map.write().unwrap_or_else(|p| p.into_inner()).clear();
    }

    pub(crate) fn len(&self) -> usize {
        self.map.read().unwrap_or_else(|p| p.into_inner()).len()
    }
}
