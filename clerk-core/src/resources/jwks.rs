//! The JSON Web Key Set of the instance: the public keys that verify its session tokens (the
//! spec's `JWKS` tag).
//!
//! The models are tolerant: a key of a type this crate does not know, or with fields missing,
//! still decodes, so that one odd key never hides the others. Private key material the spec
//! allows (`d`, `p`, `q`, `k`, …) is never kept.

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;
use crate::{ApiRequest, Result};

/// A JSON Web Key Set: `JWKS` in the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Jwks {
    /// The keys.
    #[serde(default, deserialize_with = "null_default")]
    pub keys: Vec<Jwk>,
}

impl Jwks {
    /// The key with this key id, if any.
    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|k| k.kid.as_deref() == Some(kid))
    }
}

/// One public JSON Web Key (RFC 7517): the `JWKS.*.PublicKey` schemas of the spec in one struct,
/// told apart by [`kty`](Self::kty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Jwk {
    /// The key id, matched against a token's `kid` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// The key type: `RSA`, `EC`, `OKP` or `oct`.
    #[serde(default, deserialize_with = "null_default")]
    pub kty: String,
    /// The algorithm the key is for, such as `RS256`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// What the key is for, such as `sig` (`use` in the JSON).
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    pub key_use: Option<String>,
    /// The RSA modulus, base64url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    /// The RSA public exponent, base64url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    /// The curve of an `EC` or `OKP` key, such as `P-256` or `Ed25519`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    /// The x coordinate (`EC`) or public key (`OKP`), base64url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    /// The y coordinate of an `EC` key, base64url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
    /// The X.509 certificate chain, base64 DER.
    #[serde(
        default,
        deserialize_with = "null_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub x5c: Vec<String>,
    /// The X.509 certificate SHA-1 thumbprint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x5t: Option<String>,
    /// The X.509 certificate SHA-256 thumbprint (`x5t#S256` in the JSON).
    #[serde(rename = "x5t#S256", default, skip_serializing_if = "Option::is_none")]
    pub x5t_s256: Option<String>,
    /// The X.509 certificate URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x5u: Option<String>,
}

impl Jwk {
    /// Whether this is an RSA key usable for RS256 signatures (type `RSA`, algorithm `RS256` or
    /// none, with a modulus and an exponent).
    pub fn is_rs256(&self) -> bool {
        self.kty == "RSA"
            && self.alg.as_deref().is_none_or(|alg| alg == "RS256")
            && self.n.is_some()
            && self.e.is_some()
    }
}

sub_api!(JwksApi, jwks);

impl JwksApi {
    /// Fetches the instance's JSON Web Key Set (`GET /jwks`, `GetJWKS`).
    ///
    /// # Errors
    /// An API error, such as 401 for a wrong secret key.
    pub async fn get(&self) -> Result<Jwks> {
        self.clerk.send(ApiRequest::get("/jwks")).await
    }
}

#[cfg(test)]
mod tests {
    use crate::resources::users::testkit::{Fake, fake};

    #[tokio::test]
    async fn get_decodes_every_kind_of_key_and_drops_private_parts() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"keys":[
                {"use":"sig","kty":"RSA","kid":"ins_1","alg":"RS256","n":"sXch","e":"AQAB"},
                {"kid":"ec","alg":"ES256","use":"sig","kty":"EC","crv":"P-256","x":"x","y":"y",
                 "x5t#S256":"thumb","d":"private!"},
                {"kid":"new","kty":"PQC","alg":"ML-DSA-65","pub":"..."},
                {"kty":"RSA","n":"m","e":"AQAB"}
            ]}"#,
        );
        let jwks = clerk.jwks().get().await.unwrap();
        let req = seen.only();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("GET", "/v1/jwks")
        );
        assert_eq!(jwks.keys.len(), 4);
        let rsa = jwks.find("ins_1").unwrap();
        assert!(rsa.is_rs256());
        assert_eq!(rsa.key_use.as_deref(), Some("sig"));
        let ec = jwks.find("ec").unwrap();
        assert!(!ec.is_rs256());
        assert_eq!(ec.x5t_s256.as_deref(), Some("thumb"));
        assert!(!format!("{jwks:?}").contains("private!"));
        assert_eq!(jwks.find("new").unwrap().kty, "PQC");
        assert!(jwks.keys[3].is_rs256());
        assert_eq!(jwks.keys[3].kid, None);
        let round = serde_json::to_value(rsa).unwrap();
        assert_eq!(
            round,
            serde_json::json!({"kid":"ins_1","kty":"RSA","alg":"RS256","use":"sig","n":"sXch","e":"AQAB"})
        );
    }
}
