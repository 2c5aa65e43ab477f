//! The fake's fixed RSA-2048 signing keys, their rotation and RS256 JWT minting.
//!
//! Four fixed test keys are embedded (generated once with `openssl genpkey`; ring loads PKCS#8
//! but cannot generate RSA keys). They are parsed once per process, so starting a fake costs no
//! RSA work. A [`KeyRing`] is one fake's view of them: an ordered set of kept keys (newest
//! first; the newest signs, the JWKS serves them all) and where the next rotation goes.
//!
//! The key material is public test material: never trust it anywhere.

use std::sync::{Mutex, MutexGuard, OnceLock};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair, RsaPublicKeyComponents};
use serde_json::{Value, json};

use crate::error::FakeError;

/// One embedded key: its `kid`, PKCS#8 DER and SPKI PEM.
struct Embedded {
    kid: &'static str,
    pkcs8_der: &'static [u8],
    public_pem: &'static str,
}

/// The embedded keys in rotation order; the first is the default signing key.
const EMBEDDED: [Embedded; 4] = [
    Embedded {
        kid: "ins_fake_clerk_test_key_1",
        pkcs8_der: include_bytes!("keys/fake_rsa_2048.pk8.der"),
        public_pem: include_str!("keys/fake_rsa_2048.pub.pem"),
    },
    Embedded {
        kid: "ins_fake_clerk_test_key_2",
        pkcs8_der: include_bytes!("keys/fake_rsa_2048_2.pk8.der"),
        public_pem: include_str!("keys/fake_rsa_2048_2.pub.pem"),
    },
    Embedded {
        kid: "ins_fake_clerk_test_key_3",
        pkcs8_der: include_bytes!("keys/fake_rsa_2048_3.pk8.der"),
        public_pem: include_str!("keys/fake_rsa_2048_3.pub.pem"),
    },
    Embedded {
        kid: "ins_fake_clerk_test_key_4",
        pkcs8_der: include_bytes!("keys/fake_rsa_2048_4.pk8.der"),
        public_pem: include_str!("keys/fake_rsa_2048_4.pub.pem"),
    },
];

/// A parsed embedded key and its JWK.
struct Loaded {
    kid: &'static str,
    public_pem: &'static str,
    key_pair: RsaKeyPair,
    jwk: Value,
}

/// The embedded keys, parsed once per process.
fn loaded() -> &'static [Loaded] {
    static LOADED: OnceLock<Vec<Loaded>> = OnceLock::new();
    LOADED.get_or_init(|| {
        EMBEDDED
            .iter()
            .map(|e| {
                // The embedded keys are checked by this module's tests; failing here is a build
                // defect, not an input error.
                let key_pair = RsaKeyPair::from_pkcs8(e.pkcs8_der)
                    .expect("embedded fake RSA key is valid PKCS#8");
                let components: RsaPublicKeyComponents<Vec<u8>> = key_pair.public().into();
                let jwk = json!({
                    "use": "sig",
                    "kty": "RSA",
                    "kid": e.kid,
                    "alg": "RS256",
                    "n": URL_SAFE_NO_PAD.encode(&components.n),
                    "e": URL_SAFE_NO_PAD.encode(&components.e),
                });
                Loaded {
                    kid: e.kid,
                    public_pem: e.public_pem,
                    key_pair,
                    jwk,
                }
            })
            .collect()
    })
}

fn rng() -> &'static SystemRandom {
    static RNG: OnceLock<SystemRandom> = OnceLock::new();
    RNG.get_or_init(SystemRandom::new)
}

/// Signs `claims` as an RS256 JWT with header `{"alg":"RS256","kid":..,"typ":"JWT"}`.
fn sign_with(key: &Loaded, claims: &Value) -> String {
    let header = json!({"alg": "RS256", "kid": key.kid, "typ": "JWT"});
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut sig = vec![0u8; key.key_pair.public().modulus_len()];
    // Signing with a valid key and a correctly sized buffer cannot fail.
    if key
        .key_pair
        .sign(&RSA_PKCS1_SHA256, rng(), signing_input.as_bytes(), &mut sig)
        .is_err()
    {
        sig.clear();
    }
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(sig))
}

fn unknown_kid(kid: &str) -> FakeError {
    FakeError::new(
        404,
        "resource_not_found",
        "not found",
        &format!(
            "No signing key has kid {kid}; the fake's keys are {}",
            EMBEDDED.map(|e| e.kid).join(", ")
        ),
        json!({ "kid": kid }),
    )
}

/// Which embedded keys a fake keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ring {
    /// Indexes into the embedded keys, newest (the signing key) first; never empty.
    kept: Vec<usize>,
    /// The index the last rotation moved to (rotation goes round the embedded keys).
    last: usize,
}

impl Default for Ring {
    fn default() -> Self {
        Ring {
            kept: vec![0],
            last: 0,
        }
    }
}

/// One fake's signing keys: an ordered set of the embedded keys, the newest of which signs.
///
/// Rotation moves to the next embedded key in a fixed order, wrapping after the last one, so
/// the kids a test sees are deterministic.
pub(crate) struct KeyRing {
    ring: Mutex<Ring>,
}

/// The name the router and state use for the fake's key (a ring of keys since rotation).
pub(crate) type SigningKey = KeyRing;

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("kids", &self.kids())
            .finish_non_exhaustive()
    }
}

impl KeyRing {
    /// The default ring: only the first embedded key.
    pub(crate) fn fixed() -> KeyRing {
        // Parse the keys now (once per process) rather than in the first request.
        let _ = loaded();
        KeyRing {
            ring: Mutex::new(Ring::default()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Ring> {
        self.ring.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn current(&self) -> &'static Loaded {
        let idx = self.lock().kept.first().copied().unwrap_or(0);
        let keys = loaded();
        &keys[idx.min(keys.len() - 1)]
    }

    /// The JWKS document: every kept key, the signing key first.
    pub(crate) fn jwks(&self) -> Value {
        let keys = loaded();
        let jwks: Vec<Value> = self
            .lock()
            .kept
            .iter()
            .filter_map(|&i| keys.get(i).map(|k| k.jwk.clone()))
            .collect();
        json!({ "keys": jwks })
    }

    /// Signs `claims` with the current signing key.
    pub(crate) fn sign(&self, claims: &Value) -> String {
        sign_with(self.current(), claims)
    }

    /// Signs `claims` with the embedded key `kid`, kept or not.
    pub(crate) fn sign_with_kid(&self, kid: &str, claims: &Value) -> Result<String, FakeError> {
        let key = loaded()
            .iter()
            .find(|k| k.kid == kid)
            .ok_or_else(|| unknown_kid(kid))?;
        Ok(sign_with(key, claims))
    }

    /// The `kid` of the current signing key.
    pub(crate) fn kid(&self) -> &'static str {
        self.current().kid
    }

    /// The SPKI PEM of the current signing key.
    pub(crate) fn public_key_pem(&self) -> &'static str {
        self.current().public_pem
    }

    /// The kept kids, the signing key first.
    pub(crate) fn kids(&self) -> Vec<&'static str> {
        let keys = loaded();
        self.lock()
            .kept
            .iter()
            .filter_map(|&i| keys.get(i).map(|k| k.kid))
            .collect()
    }

    /// Makes the next embedded key the signing key; the previous ones stay in the JWKS only if
    /// `keep_old`. Returns the new signing key's kid.
    pub(crate) fn rotate(&self, keep_old: bool) -> &'static str {
        let mut ring = self.lock();
        let next = (ring.last + 1) % EMBEDDED.len();
        ring.last = next;
        if keep_old {
            ring.kept.retain(|&i| i != next);
            ring.kept.insert(0, next);
        } else {
            ring.kept = vec![next];
        }
        EMBEDDED[next].kid
    }

    /// Removes `kid` from the JWKS. Dropping the signing key makes the newest remaining key
    /// sign; the last key cannot be dropped (rotate without keeping instead).
    pub(crate) fn drop_key(&self, kid: &str) -> Result<(), FakeError> {
        let idx = EMBEDDED
            .iter()
            .position(|e| e.kid == kid)
            .ok_or_else(|| unknown_kid(kid))?;
        let mut ring = self.lock();
        if !ring.kept.contains(&idx) {
            return Err(FakeError::new(
                404,
                "resource_not_found",
                "not found",
                &format!("The key {kid} is not in the JWKS"),
                json!({ "kid": kid }),
            ));
        }
        if ring.kept.len() == 1 {
            return Err(FakeError::new(
                409,
                "last_signing_key",
                "cannot drop the last key",
                &format!(
                    "{kid} is the only key in the JWKS; rotate with keep_old=false to replace it"
                ),
                json!({ "kid": kid }),
            ));
        }
        ring.kept.retain(|&i| i != idx);
        Ok(())
    }

    /// Back to the default: only the first embedded key.
    pub(crate) fn reset(&self) {
        *self.lock() = Ring::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::signature::RSA_PKCS1_2048_8192_SHA256;

    const KID: &str = EMBEDDED[0].kid;

    fn verify(jwt: &str, jwks: &Value) -> bool {
        let mut parts = jwt.split('.');
        let (Some(h), Some(c), Some(s)) = (parts.next(), parts.next(), parts.next()) else {
            return false;
        };
        let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(h).unwrap()).unwrap();
        let Some(jwk) = jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["kid"] == header["kid"])
        else {
            return false;
        };
        let n = URL_SAFE_NO_PAD.decode(jwk["n"].as_str().unwrap()).unwrap();
        let e = URL_SAFE_NO_PAD.decode(jwk["e"].as_str().unwrap()).unwrap();
        let sig = URL_SAFE_NO_PAD.decode(s).unwrap();
        RsaPublicKeyComponents { n, e }
            .verify(
                &RSA_PKCS1_2048_8192_SHA256,
                format!("{h}.{c}").as_bytes(),
                &sig,
            )
            .is_ok()
    }

    #[test]
    fn every_embedded_key_loads_and_its_pem_matches_its_jwk() {
        for key in loaded() {
            assert_eq!(key.key_pair.public().modulus_len(), 256, "{}", key.kid);
            let b64: String = key
                .public_pem
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .collect();
            let spki = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap();
            let n = URL_SAFE_NO_PAD
                .decode(key.jwk["n"].as_str().unwrap())
                .unwrap();
            // The SPKI DER holds the modulus.
            let needle = &n[n.len() - 32..];
            assert!(
                spki.windows(needle.len()).any(|w| w == needle),
                "{}",
                key.kid
            );
            let jwt = sign_with(key, &json!({"sub": "x"}));
            assert!(verify(&jwt, &json!({"keys": [key.jwk.clone()]})));
        }
    }

    #[test]
    fn rotation_keeps_or_drops_old_keys() {
        let ring = KeyRing::fixed();
        assert_eq!(ring.kids(), [KID]);
        let t1 = ring.sign(&json!({"n": 1}));

        let k2 = ring.rotate(true);
        assert_eq!(ring.kids(), [k2, KID]);
        assert_eq!(ring.kid(), k2);
        let t2 = ring.sign(&json!({"n": 2}));
        assert!(verify(&t1, &ring.jwks()) && verify(&t2, &ring.jwks()));

        let k3 = ring.rotate(false);
        assert_eq!(ring.kids(), [k3]);
        assert!(!verify(&t1, &ring.jwks()) && !verify(&t2, &ring.jwks()));

        ring.rotate(true);
        assert!(ring.drop_key(k3).is_ok());
        assert_eq!(ring.drop_key(k3).unwrap_err().status, 404);
        assert_eq!(ring.drop_key(ring.kid()).unwrap_err().status, 409);
        assert_eq!(ring.drop_key("nope").unwrap_err().status, 404);

        // A dropped key still signs on request, but the JWKS no longer verifies it.
        let old = ring.sign_with_kid(KID, &json!({})).unwrap();
        assert!(!verify(&old, &ring.jwks()));
        assert!(ring.sign_with_kid("nope", &json!({})).is_err());

        // Rotation wraps around the embedded keys.
        ring.rotate(false);
        assert_eq!(ring.kid(), KID);
        ring.reset();
        assert_eq!(ring.kids(), [KID]);
    }
}
