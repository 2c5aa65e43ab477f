//! Splitting and decoding a compact JWS, before any trust is placed in it.

use std::borrow::Cow;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

use super::reason::{Reason, VerifyError};

/// Tokens longer than this are refused before any decoding (Clerk's are well under 4 KiB).
pub(crate) const MAX_TOKEN_LEN: usize = 8 * 1024;

/// The JOSE header fields we look at.
#[derive(Deserialize)]
pub(crate) struct Header<'a> {
    #[serde(borrow)]
    pub(crate) alg: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) kid: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) typ: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) cat: Option<Cow<'a, str>>,
}

/// A token split into its parts, decoded but not verified.
pub(crate) struct Decoded {
    /// `header.payload`, the signed bytes.
    pub(crate) signing_input_len: usize,
    pub(crate) header: Vec<u8>,
    pub(crate) payload: String,
    pub(crate) signature: Vec<u8>,
}

fn invalid(detail: &str) -> VerifyError {
    VerifyError::with_detail(Reason::TokenInvalid, detail)
}

/// Splits `token` into three base64url parts and decodes them.
pub(crate) fn decode(token: &str) -> Result<Decoded, VerifyError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(invalid("the token is longer than 8 KiB"));
    }
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid(
            "the token is not a JWT (three dot-separated parts)",
        ));
    };
    let decode = |part: &str, what: &str| {
        URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|_| invalid(&format!("the JWT {what} is not base64url")))
    };
    let payload_part_len = payload.len();
    let header_bytes = decode(header, "header")?;
    let payload_bytes = decode(payload, "payload")?;
    let signature = decode(signature, "signature")?;
    let payload = String::from_utf8(payload_bytes)
        .map_err(|_| invalid("the JWT payload is not UTF-8 JSON"))?;
    Ok(Decoded {
        signing_input_len: header.len() + 1 + payload_part_len,
        header: header_bytes,
        payload,
        signature,
    })
}

impl Decoded {
    /// The header, parsed.
    pub(crate) fn header(&self) -> Result<Header<'_>, VerifyError> {
        serde_json::from_slice(&self.header).map_err(|_| invalid("the JWT header is not JSON"))
    }
}
