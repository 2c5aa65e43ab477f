//! The framework-neutral view of a request, and where its token comes from.

/// What request authentication reads from a request: the `Authorization` header, the `Cookie`
/// headers and the query string, as raw bytes (headers may hold anything; nothing here assumes
/// UTF-8).
///
/// Adapters fill it from their framework's request without copying:
///
/// ```
/// use clerk_core::verify::RequestView;
///
/// let view = RequestView::new()
///     .authorization(b"Bearer eyJhbGciOi...")
///     .cookie(b"theme=dark; __session=eyJ...")
///     .query("_clerk_session_id=sess_123");
/// # let _ = view;
/// ```
#[derive(Debug, Clone, Default)]
pub struct RequestView<'a> {
    pub(crate) authorization: Option<&'a [u8]>,
    pub(crate) cookies: Vec<&'a [u8]>,
    pub(crate) query: Option<&'a str>,
}

impl<'a> RequestView<'a> {
    /// An empty view: no header, no cookie, no query.
    pub fn new() -> Self {
        Self::default()
    }

    /// The `Authorization` header's value (the first one, if the request has several).
    pub fn authorization(mut self, value: &'a [u8]) -> Self {
        if self.authorization.is_none() {
            self.authorization = Some(value);
        }
        self
    }

    /// One `Cookie` header's value; call it once per `Cookie` header (HTTP/2 may split them).
    pub fn cookie(mut self, value: &'a [u8]) -> Self {
        self.cookies.push(value);
        self
    }

    /// The query string, without the `?`.
    pub fn query(mut self, query: &'a str) -> Self {
        self.query = Some(query);
        self
    }
}

/// Where the token was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenSource {
    /// `Authorization: Bearer <token>` (or a bare token with no scheme).
    Header,
    /// The `__session` cookie.
    Cookie,
}

/// The token of the `Authorization` header: `Bearer <token>` (scheme in any case, any spaces),
/// or a value with no space at all taken whole, as Clerk's SDKs do. Other schemes (`Basic …`)
/// carry no session token. `Err(())` when the header is not visible ASCII.
pub(crate) fn header_token(value: &[u8]) -> Result<Option<&str>, ()> {
    let value = std::str::from_utf8(value).map_err(|_| ())?;
    if !value
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
    {
        return Err(());
    }
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    match value.split_once([' ', '\t']) {
        None => Ok(Some(value)),
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => {
            let token = rest.trim();
            Ok((!token.is_empty()).then_some(token))
        }
        Some(_) => Ok(None),
    }
}

/// The value of the first cookie named `name` across the `Cookie` headers. Cookies that are not
/// UTF-8 are skipped; surrounding double quotes are removed.
pub(crate) fn cookie_value<'a>(headers: &[&'a [u8]], name: &str) -> Option<&'a str> {
    headers.iter().find_map(|header| {
        header.split(|&b| b == b';').find_map(|pair| {
            let pair = std::str::from_utf8(pair).ok()?.trim();
            let (key, value) = pair.split_once('=')?;
            if key.trim() != name {
                return None;
            }
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            (!value.is_empty()).then_some(value)
        })
    })
}

/// The first value of query parameter `name`, percent-decoded.
pub(crate) fn query_value(query: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens_are_read_in_any_case_and_spacing() {
        assert_eq!(header_token(b"Bearer abc"), Ok(Some("abc")));
        assert_eq!(header_token(b"bEaReR    abc  "), Ok(Some("abc")));
        assert_eq!(header_token(b"  abc"), Ok(Some("abc")));
        assert_eq!(header_token(b"Bearer"), Ok(Some("Bearer")));
        assert_eq!(header_token(b"Bearer   "), Ok(Some("Bearer")));
        assert_eq!(header_token(b"Basic dXNlcg=="), Ok(None));
        assert_eq!(header_token(b""), Ok(None));
        assert_eq!(header_token(b"Bearer \xff"), Err(()));
        assert_eq!(header_token(b"Bearer a\x00b"), Err(()));
    }

    #[test]
    fn the_first_session_cookie_wins() {
        let headers: [&[u8]; 2] = [b"a=1; __session=first", b"__session=second"];
        assert_eq!(cookie_value(&headers, "__session"), Some("first"));
        let headers: [&[u8]; 1] = [b"__session_x=1;__session=\"q\""];
        assert_eq!(cookie_value(&headers, "__session"), Some("q"));
        let headers: [&[u8]; 1] = [b"\xff\xfe; __session=ok"];
        assert_eq!(cookie_value(&headers, "__session"), Some("ok"));
        assert_eq!(cookie_value(&[], "__session"), None);
    }

    #[test]
    fn query_values_are_decoded() {
        assert_eq!(
            query_value("a=1&_clerk_session_id=sess%5F1", "_clerk_session_id").as_deref(),
            Some("sess_1")
        );
        assert_eq!(query_value("", "x"), None);
    }
}
