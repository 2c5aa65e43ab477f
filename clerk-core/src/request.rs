//! A Backend API request as a value: method, path, query and JSON body.

use std::fmt;

use bytes::Bytes;
use http::Method;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::error::{ConfigError, Error};

/// Characters left as they are in a path segment: RFC 3986 unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes one path segment (an id, a template name), so that user input can never
/// change the path it is placed in.
pub fn encode_segment(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// One request to the Backend API, relative to `{api_url}/{api_version}`.
///
/// The sub-APIs build these; [`Clerk::send`](crate::Clerk::send) sends one directly, which reaches
/// any endpoint this crate has no method for yet:
///
/// ```no_run
/// # async fn run(clerk: clerk_core::Clerk) -> clerk_core::Result<()> {
/// use clerk_core::ApiRequest;
///
/// let count: serde_json::Value = clerk
///     .send(ApiRequest::get("/users/count").query("query", "alice"))
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ApiRequest {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<Bytes>,
    pub(crate) content_type: Option<String>,
    pub(crate) retries: bool,
    pub(crate) invalid: Option<String>,
}

impl ApiRequest {
    /// A request with this method and path (such as `/users`; a leading `/` is added if missing).
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        let mut path = path.into();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        Self {
            method,
            path,
            query: Vec::new(),
            body: None,
            content_type: None,
            retries: true,
            invalid: None,
        }
    }

    /// A `GET` request.
    pub fn get(path: impl Into<String>) -> Self {
        Self::new(Method::GET, path)
    }

    /// A `POST` request.
    pub fn post(path: impl Into<String>) -> Self {
        Self::new(Method::POST, path)
    }

    /// A `PATCH` request.
    pub fn patch(path: impl Into<String>) -> Self {
        Self::new(Method::PATCH, path)
    }

    /// A `PUT` request.
    pub fn put(path: impl Into<String>) -> Self {
        Self::new(Method::PUT, path)
    }

    /// A `DELETE` request.
    pub fn delete(path: impl Into<String>) -> Self {
        Self::new(Method::DELETE, path)
    }

    /// Appends one query parameter.
    pub fn query(mut self, key: impl Into<String>, value: impl fmt::Display) -> Self {
        self.query.push((key.into(), value.to_string()));
        self
    }

    /// Appends the fields of a serialisable params struct as query parameters: `None` fields are
    /// left out and sequences repeat their key.
    pub fn query_params<T: Serialize + ?Sized>(mut self, params: &T) -> Self {
        match crate::query::to_pairs(params) {
            Ok(pairs) => self.query.extend(pairs),
            Err(e) => self.invalid = Some(e.to_string()),
        }
        self
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(Bytes::from(bytes)),
            Err(e) => self.invalid = Some(format!("cannot encode the JSON body: {e}")),
        }
        self
    }

    /// Sets a `multipart/form-data` body, for file uploads (profile images, logos).
    pub fn multipart(mut self, form: Multipart) -> Self {
        let boundary = format!(
            "clerk-rs-{:016x}{:016x}",
            fastrand::u64(..),
            fastrand::u64(..)
        );
        self.body = Some(form.encode(&boundary));
        self.content_type = Some(format!("multipart/form-data; boundary={boundary}"));
        self
    }

    /// Turns the client's retries off (or back on) for this request only: for requests on a
    /// latency-sensitive path, such as fetching the JWKS while a user waits.
    pub fn retries(mut self, enabled: bool) -> Self {
        self.retries = enabled;
        self
    }

    /// Replaces every query parameter named `key` by one with `value`.
    pub fn set_query(mut self, key: &str, value: impl fmt::Display) -> Self {
        self.query.retain(|(k, _)| k != key);
        self.query.push((key.to_owned(), value.to_string()));
        self
    }

    /// The first value of query parameter `key`, if any.
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The body, if any.
    pub fn body(&self) -> Option<&Bytes> {
        self.body.as_ref()
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path, relative to the API version.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query string, encoded (empty when there are no parameters).
    pub fn query_string(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.query {
            s.append_pair(k, v);
        }
        s.finish()
    }

    pub(crate) fn check(&self) -> Result<(), Error> {
        match &self.invalid {
            Some(reason) => Err(Error::config(ConfigError::InvalidOption {
                option: "request parameters",
                reason: reason.clone(),
            })),
            None => Ok(()),
        }
    }
}

/// A `multipart/form-data` body: named fields and files.
///
/// ```
/// use clerk_core::{ApiRequest, request::Multipart};
///
/// let png = vec![0x89, b'P', b'N', b'G'];
/// let request = ApiRequest::post("/users/user_123/profile_image")
///     .multipart(Multipart::new().file("file", "avatar.png", "image/png", png));
/// assert!(request.body().is_some());
/// ```
#[derive(Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Clone)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: Bytes,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: None,
            content_type: None,
            data: Bytes::from(value.into()),
        });
        self
    }

    /// Adds a file field with its file name and media type (such as `image/png`).
    pub fn file(
        mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: Some(filename.into()),
            content_type: Some(content_type.into()),
            data: data.into(),
        });
        self
    }

    fn encode(&self, boundary: &str) -> Bytes {
        // Quotes, CR and LF would end the header value early: escape them as browsers do.
        fn quoted(value: &str) -> String {
            value
                .replace('"', "%22")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        }
        let mut out = Vec::new();
        for part in &self.parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!(
                "Content-Disposition: form-data; name=\"{}\"",
                quoted(&part.name)
            );
            if let Some(filename) = &part.filename {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(filename)));
            }
            out.extend_from_slice(disposition.as_bytes());
            out.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                let content_type: String =
                    content_type.chars().filter(|c| !c.is_control()).collect();
                out.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&part.data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Bytes::from(out)
    }
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(
                self.parts
                    .iter()
                    .map(|p| (&p.name, p.filename.as_deref(), p.data.len())),
            )
            .finish()
    }
}

impl fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cannot_escape_their_place_in_the_path() {
        assert_eq!(encode_segment("user_123"), "user_123");
        assert_eq!(encode_segment("../admin?x=1"), "..%2Fadmin%3Fx%3D1");
        assert_eq!(encode_segment("my template"), "my%20template");
    }

    #[test]
    fn multipart_bodies_carry_their_boundary_and_escape_names() {
        let r = ApiRequest::post("/x").multipart(Multipart::new().text("note", "hi").file(
            "file",
            "a\"b.png",
            "image/png",
            vec![1u8, 2],
        ));
        let content_type = r.content_type.clone().unwrap();
        let boundary = content_type.split("boundary=").nth(1).unwrap();
        let body = String::from_utf8_lossy(r.body().unwrap()).into_owned();
        assert!(body.starts_with(&format!("--{boundary}\r\n")));
        assert!(body.ends_with(&format!("--{boundary}--\r\n")));
        assert!(body.contains("name=\"note\"\r\n\r\nhi\r\n"));
        assert!(body.contains("filename=\"a%22b.png\"\r\nContent-Type: image/png\r\n"));
    }

    #[test]
    fn query_strings_repeat_keys_and_encode_values() {
        let r = ApiRequest::get("users")
            .query("email_address", "a+b@x.io")
            .query("email_address", "c@x.io")
            .query("limit", 0);
        assert_eq!(r.path(), "/users");
        assert_eq!(
            r.query_string(),
            "email_address=a%2Bb%40x.io&email_address=c%40x.io&limit=0"
        );
    }
}
