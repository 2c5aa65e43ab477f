//! The fake's fixed RSA-2048 signing key and RS256 JWT minting.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair, RsaPublicKeyComponents};
use serde_json::{Value, json};

/// PKCS#8 DER of the fixed test key. It is public test material: never trust it.
const PKCS8_DER: &[u8] = include_bytes!("keys/fake_rsa_2048.pk8.der");
/// SPKI PEM of the fixed test key.
pub(crate) const PUBLIC_KEY_PEM: &str = include_str!("keys/fake_rsa_2048.pub.pem");
/// The `kid` of the fixed test key.
pub(crate) const KID: &str = "ins_fake_clerk_test_key_1";

pub(crate) struct SigningKey {
    key_pair: RsaKeyPair,
    rng: SystemRandom,
    jwk: Value,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &KID)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    pub(crate) fn fixed() -> SigningKey {
        // The embedded key is checked by the crate's tests; failing here is a build defect.
        let key_pair =
            RsaKeyPair::from_pkcs8(PKCS8_DER).expect("embedded fake RSA key is valid PKCS#8");
        let components: RsaPublicKeyComponents<Vec<u8>> = key_pair.public().into();
        let jwk = json!({
            "use": "sig",
            "kty": "RSA",
            "kid": KID,
            "alg": "RS256",
            "n": URL_SAFE_NO_PAD.encode(&components.n),
            "e": URL_SAFE_NO_PAD.encode(&components.e),
        });
        SigningKey {
            key_pair,
            rng: SystemRandom::new(),
            jwk,
        }
    }

    pub(crate) fn jwks(&self) -> Value {
        json!({ "keys": [self.jwk.clone()] })
    }

    /// Signs `claims` as an RS256 JWT with header `{"alg":"RS256","kid":..,"typ":"JWT"}`.
    pub(crate) fn sign(&self, claims: &Value) -> String {
        let header = json!({"alg": "RS256", "kid": KID, "typ": "JWT"});
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut sig = vec![0u8; self.key_pair.public().modulus_len()];
        // Signing with a valid key and a correctly sized buffer cannot fail.
        if self
            .key_pair
            .sign(
                &RSA_PKCS1_SHA256,
                &self.rng,
                signing_input.as_bytes(),
                &mut sig,
            )
            .is_err()
        {
            sig.clear();
        }
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(sig))
    }
}
