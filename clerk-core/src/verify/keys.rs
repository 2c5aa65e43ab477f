//! RSA public keys: from a JWKS (`n`, `e`) or a PEM, parsed once and kept ready to verify.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use aws_lc_rs::signature::{self, ParsedPublicKey};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::Deserialize;

use super::reason::{Reason, VerifyError};

/// One RSA public key, parsed once, for RS256 (PKCS#1 v1.5, SHA-256).
#[derive(Clone)]
pub(crate) struct PublicKey {
    key: Arc<ParsedPublicKey>,
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PublicKey(RS256)")
    }
}

impl PublicKey {
    fn from_der(der: &[u8]) -> Option<PublicKey> {
        ParsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, der)
            .ok()
            .map(|key| PublicKey { key: Arc::new(key) })
    }

    /// A key from the base64url modulus and exponent of a JWK.
    pub(crate) fn from_components(n: &str, e: &str) -> Option<PublicKey> {
        let n = URL_SAFE_NO_PAD.decode(n.trim_end_matches('=')).ok()?;
        let e = URL_SAFE_NO_PAD.decode(e.trim_end_matches('=')).ok()?;
        Self::from_der(&rsa_public_key_der(&n, &e))
    }

    /// A key from a PEM `PUBLIC KEY` (SubjectPublicKeyInfo) or `RSA PUBLIC KEY` (PKCS#1).
    /// Literal `\n` sequences (as pasted into environment variables) count as newlines.
    pub(crate) fn from_pem(pem: &str) -> Result<PublicKey, VerifyError> {
        let pem = pem.replace("\\n", "\n");
        let body: String = pem
            .lines()
            .map(str::trim)
            .filter(|line| !line.starts_with("-----") && !line.is_empty())
            .collect();
        let missing = |detail: &str| VerifyError::with_detail(Reason::JwkLocalMissing, detail);
        if !pem.contains("-----BEGIN") {
            return Err(missing("CLERK_JWT_KEY is not PEM (no -----BEGIN line)"));
        }
        let der = STANDARD
            .decode(body.as_bytes())
            .map_err(|_| missing("CLERK_JWT_KEY's PEM body is not base64"))?;
        let der = if pem.contains("BEGIN PUBLIC KEY") {
            spki_to_pkcs1(&der).ok_or_else(|| missing("CLERK_JWT_KEY is not an RSA public key"))?
        } else {
            der
        };
        Self::from_der(&der).ok_or_else(|| missing("CLERK_JWT_KEY is not a usable RSA public key"))
    }

    /// Checks an RS256 signature over `message`.
    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        self.key.verify_sig(message, signature).is_ok()
    }
}

/// DER length octets.
fn der_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else if len <= 0xff {
        out.extend_from_slice(&[0x81, len as u8]);
    } else {
        out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]);
    }
}

fn der_uint(out: &mut Vec<u8>, bytes: &[u8]) {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let bytes = &bytes[start..];
    let pad = bytes.first().is_none_or(|&b| b & 0x80 != 0);
    out.push(0x02);
    der_len(out, bytes.len() + usize::from(pad));
    if pad {
        out.push(0);
    }
    out.extend_from_slice(bytes);
}

/// PKCS#1 `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }`.
fn rsa_public_key_der(n: &[u8], e: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(n.len() + e.len() + 16);
    der_uint(&mut body, n);
    der_uint(&mut body, e);
    let mut out = Vec::with_capacity(body.len() + 4);
    out.push(0x30);
    der_len(&mut out, body.len());
    out.extend_from_slice(&body);
    out
}

/// Reads one DER TLV at the start of `input`: (tag, contents, rest).
fn der_read(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 2 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The PKCS#1 key inside an RSA SubjectPublicKeyInfo.
fn spki_to_pkcs1(spki: &[u8]) -> Option<Vec<u8>> {
    const RSA_OID: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    let (0x30, spki, _) = der_read(spki)? else {
        return None;
    };
    let (0x30, algorithm, rest) = der_read(spki)? else {
        return None;
    };
    let (0x06, oid, _) = der_read(algorithm)? else {
        return None;
    };
    if oid != RSA_OID {
        return None;
    }
    let (0x03, bits, _) = der_read(rest)? else {
        return None;
    };
    let (&0, key) = bits.split_first()? else {
        return None;
    };
    Some(key.to_vec())
}

/// The keys of a JWKS that can verify RS256 session tokens, by `kid`.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeySet {
    pub(crate) keys: HashMap<String, PublicKey>,
}

#[derive(Deserialize)]
struct JwksDoc {
    keys: Vec<JwkDoc>,
}

#[derive(Deserialize)]
struct JwkDoc {
    kid: Option<String>,
    kty: Option<String>,
    alg: Option<String>,
    n: Option<String>,
    e: Option<String>,
}

impl KeySet {
    /// The usable keys of a JWKS document. RSA keys for RS256 (or with no `alg`) are kept;
    /// others are skipped.
    pub(crate) fn from_jwks_json(body: &[u8]) -> Result<KeySet, VerifyError> {
        let doc: JwksDoc = serde_json::from_slice(body).map_err(|_| {
            VerifyError::with_detail(Reason::JwkRemoteInvalid, "the JWKS is not a JSON key set")
        })?;
        let keys = doc
            .keys
            .into_iter()
            .filter(|k| k.kty.as_deref() == Some("RSA"))
            .filter(|k| k.alg.as_deref().is_none_or(|a| a == "RS256"))
            .filter_map(|k| {
                let key = PublicKey::from_components(k.n.as_deref()?, k.e.as_deref()?)?;
                Some((k.kid?, key))
            })
            .collect();
        Ok(KeySet { keys })
    }

    /// Whether both sets hold the same key ids.
    pub(crate) fn same_kids(&self, other: &KeySet) -> bool {
        self.keys.len() == other.keys.len() && self.keys.keys().all(|k| other.keys.contains_key(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_minimal_and_positive() {
        let mut out = Vec::new();
        der_uint(&mut out, &[0x00, 0x80, 0x01]);
        assert_eq!(out, [0x02, 0x03, 0x00, 0x80, 0x01]);
        let mut out = Vec::new();
        der_uint(&mut out, &[0x01, 0x00, 0x01]);
        assert_eq!(out, [0x02, 0x03, 0x01, 0x00, 0x01]);
    }

    #[test]
    fn malformed_keys_are_refused_without_panicking() {
        assert!(PublicKey::from_components("!!", "AQAB").is_none());
        assert!(PublicKey::from_components("AAAA", "AQAB").is_none());
        assert_eq!(
            PublicKey::from_pem("not a pem").unwrap_err().reason(),
            Reason::JwkLocalMissing
        );
        assert!(
            PublicKey::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")
                .is_err()
        );
        assert!(spki_to_pkcs1(&[0x30, 0x82, 0xff]).is_none());
        assert!(KeySet::from_jwks_json(b"{").is_err());
        let set =
            KeySet::from_jwks_json(br#"{"keys":[{"kid":"a","kty":"EC"},{"kty":"RSA"}]}"#).unwrap();
        assert!(set.keys.is_empty());
    }
}
