//! A small OpenAPI toolkit for Clerk's Backend API spec (`clerk-bapi.yml`):
//!
//! - JSON bodies against schemas: [`Spec::validate_response`], [`Spec::validate_request_body`],
//!   [`Spec::validate`];
//! - whole requests as a client sends them (path, path and query parameters, JSON or multipart
//!   body): [`Spec::validate_request`];
//! - responses synthesised from the schemas, like Prism's mock: [`Spec::example_response`] and
//!   [`Spec::example_value`] (the fake's spec-mock mode,
//!   [`FakeClerkBuilder::spec_mock`](crate::FakeClerkBuilder::spec_mock), is built on them).
//!
//! It knows the OpenAPI 3.0 schema subset the spec uses: `$ref`, `type`, `nullable`,
//! `required`, `properties`, `additionalProperties` (`false`, `true` or a schema), `items`,
//! `enum`, `oneOf` / `anyOf` / `allOf` (with `discriminator.mapping`), `minItems` / `maxItems`,
//! `minimum` / `maximum` and `minLength` / `maxLength`, and the integer/number distinction.
//! `format` and `pattern` are ignored.
//!
//! The spec file is found through the `CLERK_BAPI_SPEC` environment variable, defaulting to
//! `shared/openapi/clerk-bapi.yml` next to the workspace (see [`default_spec_path`]).
//!
//! ```no_run
//! use clerk_testing::spec::Spec;
//!
//! let spec = Spec::shared().expect("spec");
//! let body = serde_json::json!({"object": "total_count", "total_count": 3});
//! let violations = spec.validate_response("GET", "/v1/users/count", 200, &body).unwrap();
//! assert!(violations.is_empty(), "{violations:?}");
//! ```

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Map, Value};

/// The environment variable naming the spec file.
pub const SPEC_ENV_VAR: &str = "CLERK_BAPI_SPEC";

/// The spec path used when [`SPEC_ENV_VAR`] is not set:
/// `<clerk-testing>/../../shared/openapi/clerk-bapi.yml`.
pub fn default_spec_path() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/openapi/clerk-bapi.yml"
    ))
}

/// The spec path to load: `$CLERK_BAPI_SPEC` if set and non-empty, else [`default_spec_path`].
pub fn spec_path() -> PathBuf {
    match std::env::var_os(SPEC_ENV_VAR) {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => default_spec_path(),
    }
}

/// Why the spec could not be loaded or an operation could not be found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecError {
    /// The spec file could not be read.
    NotFound {
        /// The path that was tried.
        path: PathBuf,
        /// The I/O error, as text.
        reason: String,
    },
    /// The file is not valid YAML / not an OpenAPI document.
    Parse(String),
    /// No operation of the spec matches this method and path.
    UnknownOperation {
        /// The HTTP method.
        method: String,
        /// The concrete path.
        path: String,
    },
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::NotFound { path, reason } => write!(
                f,
                "cannot read the Clerk Backend API spec at {} ({reason}); set {SPEC_ENV_VAR} to the path of clerk-bapi.yml",
                path.display()
            ),
            SpecError::Parse(msg) => write!(f, "cannot parse the Clerk Backend API spec: {msg}"),
            SpecError::UnknownOperation { method, path } => {
                write!(f, "no operation in the spec matches {method} {path}")
            }
        }
    }
}

impl std::error::Error for SpecError {}

/// One schema violation: where in the JSON value, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// A JSON path such as `$.email_addresses[0].verification`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// One operation of the spec.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template relative to the server's `/v1`, e.g. `/users/{user_id}`.
    pub path_template: String,
    /// The `operationId`, if any.
    pub operation_id: Option<String>,
    /// Whether the operation is marked `deprecated`.
    pub deprecated: bool,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    Param,
}

impl Operation {
    /// The number of literal segments if `segments` (a concrete path) matches this template.
    fn match_score(&self, segments: &[&str]) -> Option<usize> {
        if segments.len() != self.segments.len() {
            return None;
        }
        let mut score = 0;
        for (seg, tpl) in segments.iter().zip(&self.segments) {
            match tpl {
                Segment::Literal(l) if l == seg => score += 1,
                Segment::Literal(_) => return None,
                Segment::Param => {
                    if seg.is_empty() {
                        return None;
                    }
                }
            }
        }
        Some(score)
    }
}

/// A loaded OpenAPI document with its operations indexed.
#[derive(Debug, Clone)]
pub struct Spec {
    root: Value,
    operations: Vec<Operation>,
}

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "patch", "head", "options"];

impl Spec {
    /// Loads the spec from [`spec_path`] (`$CLERK_BAPI_SPEC` or the default path).
    pub fn load() -> Result<Spec, SpecError> {
        Spec::from_path(spec_path())
    }

    /// Loads and caches the spec once per process (see [`Spec::load`]).
    pub fn shared() -> Result<&'static Spec, SpecError> {
        static SHARED: OnceLock<Result<Spec, SpecError>> = OnceLock::new();
        SHARED
            .get_or_init(Spec::load)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Loads the spec from a file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Spec, SpecError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| SpecError::NotFound {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        Spec::from_yaml_str(&text)
    }

    /// Parses a spec from YAML (or JSON) text.
    pub fn from_yaml_str(text: &str) -> Result<Spec, SpecError> {
        let root: Value =
            serde_yaml::from_str(text).map_err(|e| SpecError::Parse(e.to_string()))?;
        let paths = root
            .get("paths")
            .and_then(Value::as_object)
            .ok_or_else(|| SpecError::Parse("no `paths` object".into()))?;
        let mut operations = Vec::new();
        for (template, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for m in METHODS {
                let Some(op) = item.get(m) else { continue };
                let segments = template
                    .trim_matches('/')
                    .split('/')
                    .map(|s| {
                        if s.starts_with('{') && s.ends_with('}') {
                            Segment::Param
                        } else {
                            Segment::Literal(s.to_string())
                        }
                    })
                    .collect();
                operations.push(Operation {
                    method: m.to_ascii_uppercase(),
                    path_template: template.clone(),
                    operation_id: op
                        .get("operationId")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    deprecated: op.get("deprecated").and_then(Value::as_bool) == Some(true),
                    segments,
                });
            }
        }
        Ok(Spec { root, operations })
    }

    /// Every operation of the spec.
    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }

    /// The parsed document as JSON.
    pub fn document(&self) -> &Value {
        &self.root
    }

    /// Finds the operation for a method and a concrete path. The path may carry the `/v1`
    /// prefix and a query string; literal segments win over templated ones
    /// (`/users/count` is `GetUsersCount`, not `GetUser`).
    pub fn find_operation(&self, method: &str, path: &str) -> Option<&Operation> {
        let path = path.split('?').next().unwrap_or("");
        let path = path.strip_prefix("/v1").unwrap_or(path);
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let method = method.to_ascii_uppercase();
        self.operations
            .iter()
            .filter(|op| op.method == method)
            .filter_map(|op| op.match_score(&segments).map(|s| (s, op)))
            .max_by_key(|(s, _)| *s)
            .map(|(_, op)| op)
    }

    fn operation_value(&self, op: &Operation) -> Option<&Value> {
        self.root
            .get("paths")?
            .get(&op.path_template)?
            .get(op.method.to_ascii_lowercase())
    }

    /// The JSON schema of the response body for `status`, if the spec declares one.
    /// `Ok(None)` means the status is declared without a JSON body schema.
    /// A status that the operation does not declare (and no `default`) is an error violation.
    pub fn response_schema(
        &self,
        method: &str,
        path: &str,
        status: u16,
    ) -> Result<Result<Option<&Value>, Violation>, SpecError> {
        let op = self.operation_for(method, path)?;
        Ok(self.operation_response_schema(op, status))
    }

    /// [`response_schema`](Self::response_schema) for an operation already found.
    fn operation_response_schema(
        &self,
        op: &Operation,
        status: u16,
    ) -> Result<Option<&Value>, Violation> {
        let responses = self
            .operation_value(op)
            .and_then(|o| o.get("responses"))
            .and_then(Value::as_object);
        let Some(responses) = responses else {
            return Err(Violation {
                path: "$".into(),
                message: "operation declares no responses".into(),
            });
        };
        let code = status.to_string();
        let class = format!("{}XX", status / 100);
        let response = responses
            .get(&code)
            .or_else(|| responses.get(&class))
            .or_else(|| responses.get(&class.to_ascii_lowercase()))
            .or_else(|| responses.get("default"));
        let Some(response) = response else {
            return Err(Violation {
                path: "$".into(),
                message: format!(
                    "status {status} is not declared for {} {}",
                    op.operation_id.as_deref().unwrap_or(&op.method),
                    op.path_template
                ),
            });
        };
        let response = self.resolve(response);
        Ok(json_schema_of(response).map(|s| self.resolve(s)))
    }

    /// The operation for a method and concrete path, or [`SpecError::UnknownOperation`].
    fn operation_for(&self, method: &str, path: &str) -> Result<&Operation, SpecError> {
        self.find_operation(method, path)
            .ok_or_else(|| SpecError::UnknownOperation {
                method: method.to_string(),
                path: path.to_string(),
            })
    }

    /// Validates a response body against the schema the operation declares for `status`.
    /// An undeclared status is reported as a violation; a declared status without a JSON
    /// schema accepts any body.
    pub fn validate_response(
        &self,
        method: &str,
        path: &str,
        status: u16,
        body: &Value,
    ) -> Result<Vec<Violation>, SpecError> {
        let op = self.operation_for(method, path)?;
        Ok(self.validate_operation_response(op, status, body))
    }

    /// [`validate_response`](Self::validate_response) for an operation already found (for
    /// example one of [`operations`](Self::operations)).
    pub fn validate_operation_response(
        &self,
        op: &Operation,
        status: u16,
        body: &Value,
    ) -> Vec<Violation> {
        match self.operation_response_schema(op, status) {
            Err(v) => vec![v],
            Ok(None) => Vec::new(),
            Ok(Some(schema)) => self.validate(schema, body),
        }
    }

    /// Validates a request body against the operation's `requestBody` JSON schema.
    /// An operation without a JSON request body accepts only an absent body (`None`).
    pub fn validate_request_body(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Vec<Violation>, SpecError> {
        let op = self.operation_for(method, path)?;
        Ok(self.request_body_violations(op, body))
    }

    /// [`validate_request_body`](Self::validate_request_body) for an operation already found.
    fn request_body_violations(&self, op: &Operation, body: Option<&Value>) -> Vec<Violation> {
        let request_body = self
            .operation_value(op)
            .and_then(|o| o.get("requestBody"))
            .map(|rb| self.resolve(rb));
        let schema = request_body
            .and_then(json_schema_of)
            .map(|s| self.resolve(s));
        let required = request_body
            .and_then(|rb| rb.get("required"))
            .and_then(Value::as_bool)
            == Some(true);
        match (schema, body) {
            (Some(schema), Some(body)) => self.validate(schema, body),
            (Some(_), None) if required => vec![Violation {
                path: "$".into(),
                message: "request body is required".into(),
            }],
            (Some(_), None) => Vec::new(),
            (None, None) => Vec::new(),
            (None, Some(_)) if request_body.is_some() => Vec::new(),
            (None, Some(_)) => vec![Violation {
                path: "$".into(),
                message: "operation declares no request body".into(),
            }],
        }
    }

    /// Validates a value against a schema of this document (`$ref`s resolve against it).
    pub fn validate(&self, schema: &Value, value: &Value) -> Vec<Violation> {
        let mut out = Vec::new();
        self.check(schema, value, "$", &mut out);
        out
    }

    /// Validates a value against `#/components/schemas/{name}`.
    pub fn validate_component(&self, name: &str, value: &Value) -> Vec<Violation> {
        let schema = self
            .root
            .pointer(&format!("/components/schemas/{}", escape_pointer(name)));
        match schema {
            Some(s) => self.validate(s, value),
            None => vec![Violation {
                path: "$".into(),
                message: format!("no schema named {name}"),
            }],
        }
    }

    /// Follows `$ref` chains (local references only).
    fn resolve<'a>(&'a self, mut v: &'a Value) -> &'a Value {
        for _ in 0..32 {
            match v.get("$ref").and_then(Value::as_str) {
                Some(r) => match r.strip_prefix('#').and_then(|p| self.root.pointer(p)) {
                    Some(t) => v = t,
                    None => return v,
                },
                None => return v,
            }
        }
        v
    }

    fn check(&self, schema: &Value, value: &Value, path: &str, out: &mut Vec<Violation>) {
        let schema = self.resolve(schema);
        let Some(s) = schema.as_object() else {
            return; // `true`/`{}`-like: anything goes
        };
        let push = |out: &mut Vec<Violation>, msg: String| {
            out.push(Violation {
                path: path.to_string(),
                message: msg,
            })
        };
        if value.is_null() {
            if s.get("nullable").and_then(Value::as_bool) == Some(true) {
                return;
            }
            if s.contains_key("type") {
                push(out, "null is not allowed (not nullable)".into());
                return;
            }
        }
        if let Some(t) = s.get("type").and_then(Value::as_str) {
            let ok = match t {
                "object" => value.is_object(),
                "array" => value.is_array(),
                "string" => value.is_string(),
                "boolean" => value.is_boolean(),
                "integer" => value.is_i64() || value.is_u64(),
                "number" => value.is_number(),
                _ => true,
            };
            if !ok {
                push(out, format!("expected {t}, got {}", kind(value)));
                return;
            }
        }
        if let Some(e) = s.get("enum").and_then(Value::as_array) {
            if !e.contains(value) {
                push(
                    out,
                    format!("{value} is not one of {}", Value::Array(e.clone())),
                );
            }
        }
        if let Some(n) = value.as_f64() {
            if let Some(min) = s.get("minimum").and_then(Value::as_f64) {
                if n < min {
                    push(out, format!("{n} is less than the minimum {min}"));
                }
            }
            if let Some(max) = s.get("maximum").and_then(Value::as_f64) {
                if n > max {
                    push(out, format!("{n} is greater than the maximum {max}"));
                }
            }
        }
        if let Some(text) = value.as_str() {
            let len = text.chars().count() as u64;
            if let Some(min) = s.get("minLength").and_then(Value::as_u64) {
                if len < min {
                    push(out, format!("string shorter than minLength {min}"));
                }
            }
            if let Some(max) = s.get("maxLength").and_then(Value::as_u64) {
                if len > max {
                    push(out, format!("string longer than maxLength {max}"));
                }
            }
        }
        if let Some(obj) = value.as_object() {
            self.check_object(s, obj, path, out);
        }
        if let Some(arr) = value.as_array() {
            if let Some(min) = s.get("minItems").and_then(Value::as_u64) {
                if (arr.len() as u64) < min {
                    push(out, format!("fewer than minItems {min} items"));
                }
            }
            if let Some(max) = s.get("maxItems").and_then(Value::as_u64) {
                if (arr.len() as u64) > max {
                    push(out, format!("more than maxItems {max} items"));
                }
            }
            if let Some(items) = s.get("items") {
                for (i, item) in arr.iter().enumerate() {
                    self.check(items, item, &format!("{path}[{i}]"), out);
                }
            }
        }
        if let Some(all) = s.get("allOf").and_then(Value::as_array) {
            for sub in all {
                self.check(sub, value, path, out);
            }
        }
        if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
            let results: Vec<Vec<Violation>> = any
                .iter()
                .map(|sub| self.validate_at(sub, value, path))
                .collect();
            if !results.iter().any(Vec::is_empty) {
                push(
                    out,
                    format!("matches none of the {} anyOf alternatives", any.len()),
                );
                out.extend(closest(results));
            }
        }
        if let Some(one) = s.get("oneOf").and_then(Value::as_array) {
            // With a discriminator mapping, validate against the mapped schema only.
            let mapped = s
                .get("discriminator")
                .and_then(|d| {
                    let prop = d.get("propertyName")?.as_str()?;
                    let tag = value.get(prop)?.as_str()?;
                    d.get("mapping")?.get(tag)?.as_str()
                })
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|p| self.root.pointer(p));
            if let Some(target) = mapped {
                self.check(target, value, path, out);
            } else {
                let results: Vec<Vec<Violation>> = one
                    .iter()
                    .map(|sub| self.validate_at(sub, value, path))
                    .collect();
                let matched = results.iter().filter(|r| r.is_empty()).count();
                if matched != 1 {
                    push(
                        out,
                        format!(
                            "matches {matched} of the {} oneOf alternatives (exactly 1 required)",
                            one.len()
                        ),
                    );
                    if matched == 0 {
                        out.extend(closest(results));
                    }
                }
            }
        }
    }

    fn validate_at(&self, schema: &Value, value: &Value, path: &str) -> Vec<Violation> {
        let mut out = Vec::new();
        self.check(schema, value, path, &mut out);
        out
    }

    fn check_object(
        &self,
        s: &Map<String, Value>,
        obj: &Map<String, Value>,
        path: &str,
        out: &mut Vec<Violation>,
    ) {
        let props = s.get("properties").and_then(Value::as_object);
        if let Some(req) = s.get("required").and_then(Value::as_array) {
            for key in req.iter().filter_map(Value::as_str) {
                if !obj.contains_key(key) {
                    out.push(Violation {
                        path: path.to_string(),
                        message: format!("missing required property `{key}`"),
                    });
                }
            }
        }
        for (key, v) in obj {
            let child = format!("{path}.{key}");
            if let Some(ps) = props.and_then(|p| p.get(key)) {
                self.check(ps, v, &child, out);
                continue;
            }
            match s.get("additionalProperties") {
                Some(Value::Bool(false)) => out.push(Violation {
                    path: child,
                    message: "property not allowed by the schema (additionalProperties: false)"
                        .into(),
                }),
                Some(extra @ Value::Object(_)) => self.check(extra, v, &child, out),
                _ => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Request validation

/// The verdict of [`Spec::validate_request`]: the operation a request reached, and everything
/// the spec would reject about it.
#[derive(Debug, Clone)]
pub struct RequestCheck<'a> {
    /// The operation matching the method and path; `None` when no path template matches (that
    /// is also reported in [`violations`](Self::violations)).
    pub operation: Option<&'a Operation>,
    /// What the spec rejects: unknown path, path or query parameters of the wrong type, missing
    /// required or undeclared query parameters, a missing, unexpected or invalid body. Paths
    /// start with `path.` (path parameters), `query.` (query parameters), `$` (JSON body),
    /// `form.` (multipart fields) or are `body` (the body as a whole).
    pub violations: Vec<Violation>,
}

impl RequestCheck<'_> {
    /// Whether the request reached an operation and the spec accepts it as sent.
    pub fn is_valid(&self) -> bool {
        self.operation.is_some() && self.violations.is_empty()
    }

    /// The `operationId` of the matched operation, if any.
    pub fn operation_id(&self) -> Option<&str> {
        self.operation.and_then(|op| op.operation_id.as_deref())
    }
}

fn violation(path: impl Into<String>, message: impl Into<String>) -> Violation {
    Violation {
        path: path.into(),
        message: message.into(),
    }
}

/// Re-roots the `$…` paths of value violations under `label` (`$[1]` → `query.ids[1]`).
fn relabel(violations: Vec<Violation>, label: &str) -> impl Iterator<Item = Violation> + '_ {
    violations.into_iter().map(move |v| Violation {
        path: format!("{label}{}", v.path.strip_prefix('$').unwrap_or(&v.path)),
        message: v.message,
    })
}

impl Spec {
    /// Checks a request as a client would send it against the operation it reaches.
    ///
    /// - `path` is the request path as sent (percent-encoded), with or without the `/v1`
    ///   prefix; a query string in it is checked with `query`. Literal segments win over
    ///   `{param}` segments, and a parameter segment must not be empty. A path that matches no
    ///   template is a violation (and [`RequestCheck::operation`] is `None`).
    /// - Path parameters are checked against their schemas (types, enums).
    /// - `query` holds the decoded query pairs in order. Every query parameter the operation
    ///   declares is type-checked (integers, numbers, `true`/`false` booleans, string enums,
    ///   `minimum`/`maximum`, arrays as repeated keys or comma-separated when `explode: false`);
    ///   a required one must be present; a key the operation does not declare is a violation
    ///   (that catches misspelled parameters).
    /// - `body` (empty means none) with its `content_type`: a JSON body is validated against the
    ///   `requestBody` schema (as [`validate_request_body`](Self::validate_request_body) does); a
    ///   `multipart/form-data` body must carry the schema's required form fields and no field it
    ///   does not declare; the content type must be one the operation declares. A missing
    ///   required body, or a body sent to an operation that takes none, is a violation.
    ///
    /// `format` and `pattern` are not checked.
    ///
    /// ```no_run
    /// use clerk_testing::spec::Spec;
    ///
    /// let spec = Spec::shared().expect("spec");
    /// let query = vec![("limit".to_string(), "ten".to_string())];
    /// let check = spec.validate_request("GET", "/v1/users", &query, None, b"");
    /// assert_eq!(check.operation_id(), Some("GetUserList"));
    /// assert_eq!(check.violations[0].path, "query.limit");
    /// ```
    pub fn validate_request(
        &self,
        method: &str,
        path: &str,
        query: &[(String, String)],
        content_type: Option<&str>,
        body: &[u8],
    ) -> RequestCheck<'_> {
        let (path, query_in_path) = match path.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path, None),
        };
        let Some(op) = self.find_operation(method, path) else {
            return RequestCheck {
                operation: None,
                violations: vec![violation(
                    "path",
                    format!(
                        "no operation of the spec matches {} {path}",
                        method.to_ascii_uppercase()
                    ),
                )],
            };
        };
        let mut query: Vec<(String, String)> = query.to_vec();
        if let Some(q) = query_in_path {
            query.extend(form_urlencoded::parse(q.as_bytes()).into_owned());
        }
        let params = self.parameters(op);
        let mut out = Vec::new();
        self.check_path_params(op, path, &params, &mut out);
        self.check_query(op, &params, &query, &mut out);
        self.check_body(op, content_type, body, &mut out);
        RequestCheck {
            operation: Some(op),
            violations: out,
        }
    }

    /// The operation's parameters (path-item level, overridden by operation level), resolved.
    fn parameters(&self, op: &Operation) -> Vec<&Value> {
        let item = self
            .root
            .get("paths")
            .and_then(|p| p.get(&op.path_template));
        let shared = item
            .and_then(|i| i.get("parameters"))
            .and_then(Value::as_array);
        let own = self
            .operation_value(op)
            .and_then(|o| o.get("parameters"))
            .and_then(Value::as_array);
        let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
        let own: Vec<&Value> = own.into_iter().flatten().map(|p| self.resolve(p)).collect();
        let mut all: Vec<&Value> = shared
            .into_iter()
            .flatten()
            .map(|p| self.resolve(p))
            .filter(|p| !own.iter().any(|o| key(o) == key(p)))
            .collect();
        all.extend(own);
        all
    }

    fn check_path_params(
        &self,
        op: &Operation,
        path: &str,
        params: &[&Value],
        out: &mut Vec<Violation>,
    ) {
        let path = path.strip_prefix("/v1").unwrap_or(path);
        let template = op.path_template.trim_matches('/').split('/');
        for (tpl, raw) in template.zip(path.trim_matches('/').split('/')) {
            let Some(name) = tpl.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
                continue;
            };
            let declared = params.iter().find(|p| {
                p.get("in").and_then(Value::as_str) == Some("path")
                    && p.get("name").and_then(Value::as_str) == Some(name)
            });
            let Some(schema) = declared.and_then(|p| p.get("schema")) else {
                continue;
            };
            let value = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
            let label = format!("path.{name}");
            match self.coerce(schema, &value) {
                Ok(v) => out.extend(relabel(self.validate(schema, &v), &label)),
                Err(message) => out.push(violation(label, message)),
            }
        }
    }

    fn check_query(
        &self,
        op: &Operation,
        params: &[&Value],
        query: &[(String, String)],
        out: &mut Vec<Violation>,
    ) {
        let declared: Vec<(&str, &Value)> = params
            .iter()
            .filter(|p| p.get("in").and_then(Value::as_str) == Some("query"))
            .filter_map(|p| Some((p.get("name")?.as_str()?, *p)))
            .collect();
        for (name, param) in &declared {
            let values: Vec<&str> = query
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
                .collect();
            let label = format!("query.{name}");
            if values.is_empty() {
                if param.get("required").and_then(Value::as_bool) == Some(true) {
                    out.push(violation(label, "required query parameter is missing"));
                }
                continue;
            }
            let Some(schema) = param.get("schema").map(|s| self.resolve(s)) else {
                continue;
            };
            if schema.get("type").and_then(Value::as_str) == Some("array") {
                self.check_query_array(param, schema, &values, &label, out);
                continue;
            }
            if values.len() > 1 {
                out.push(violation(
                    &label,
                    format!("given {} times, but it takes one value", values.len()),
                ));
            }
            for value in values {
                match self.coerce(schema, value) {
                    Ok(v) => out.extend(relabel(self.validate(schema, &v), &label)),
                    Err(message) => out.push(violation(&label, message)),
                }
            }
        }
        let mut unknown: Vec<&str> = Vec::new();
        for (key, _) in query {
            if !declared.iter().any(|(name, _)| name == key) && !unknown.contains(&key.as_str()) {
                unknown.push(key);
            }
        }
        for key in unknown {
            let accepted: Vec<&str> = declared.iter().map(|(n, _)| *n).collect();
            out.push(violation(
                format!("query.{key}"),
                format!(
                    "{} declares no query parameter `{key}` (it takes: {})",
                    op.operation_id.as_deref().unwrap_or(&op.path_template),
                    if accepted.is_empty() {
                        "none".to_string()
                    } else {
                        accepted.join(", ")
                    }
                ),
            ));
        }
    }

    fn check_query_array(
        &self,
        param: &Value,
        schema: &Value,
        values: &[&str],
        label: &str,
        out: &mut Vec<Violation>,
    ) {
        // `style: form` (the default for query parameters) explodes by default: `ids=a&ids=b`.
        let explode = param
            .get("explode")
            .and_then(Value::as_bool)
            .unwrap_or_else(|| {
                matches!(
                    param.get("style").and_then(Value::as_str),
                    None | Some("form")
                )
            });
        let items: Vec<&str> = if explode {
            values.to_vec()
        } else {
            if values.len() > 1 {
                out.push(violation(
                    label,
                    format!(
                        "given {} times, but it takes one comma-separated value (explode: false)",
                        values.len()
                    ),
                ));
            }
            values.iter().flat_map(|v| v.split(',')).collect()
        };
        let item_schema = schema.get("items").unwrap_or(&Value::Null);
        let mut array = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match self.coerce(item_schema, item) {
                Ok(v) => array.push(v),
                Err(message) => out.push(violation(format!("{label}[{i}]"), message)),
            }
        }
        if array.len() == items.len() {
            out.extend(relabel(self.validate(schema, &Value::Array(array)), label));
        }
    }

    /// Reads a path or query value as the JSON value its schema's type calls for.
    fn coerce(&self, schema: &Value, raw: &str) -> Result<Value, String> {
        let schema = self.resolve(schema);
        let ty = schema.get("type").and_then(Value::as_str);
        let nullable = schema.get("nullable").and_then(Value::as_bool) == Some(true);
        if raw.is_empty() && nullable && ty != Some("string") {
            return Ok(Value::Null);
        }
        match ty {
            Some("integer") => raw
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| format!("expected an integer, got {raw:?}")),
            Some("number") => match raw.parse::<i64>() {
                Ok(i) => Ok(Value::from(i)),
                Err(_) => raw
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .ok_or_else(|| format!("expected a number, got {raw:?}")),
            },
            Some("boolean") => match raw {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(format!("expected `true` or `false`, got {raw:?}")),
            },
            _ => Ok(Value::String(raw.to_string())),
        }
    }

    fn check_body(
        &self,
        op: &Operation,
        content_type: Option<&str>,
        body: &[u8],
        out: &mut Vec<Violation>,
    ) {
        let request_body = self
            .operation_value(op)
            .and_then(|o| o.get("requestBody"))
            .map(|rb| self.resolve(rb));
        let present = !body.iter().all(u8::is_ascii_whitespace);
        let Some(request_body) = request_body else {
            if present {
                out.push(violation(
                    "body",
                    "a body was sent, but the operation takes no request body",
                ));
            }
            return;
        };
        if !present {
            if request_body.get("required").and_then(Value::as_bool) == Some(true) {
                out.push(violation("body", "request body is required"));
            }
            return;
        }
        let Some(content_type) = content_type else {
            out.push(violation("body", "a body was sent without a Content-Type"));
            return;
        };
        let media = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let declared = request_body.get("content").and_then(Value::as_object);
        let entry = declared.and_then(|c| c.iter().find(|(k, _)| k.eq_ignore_ascii_case(&media)));
        let Some((_, media_type)) = entry else {
            let accepted: Vec<&str> = declared
                .into_iter()
                .flat_map(|c| c.keys().map(String::as_str))
                .collect();
            out.push(violation(
                "body",
                format!(
                    "Content-Type {media} is not one the operation accepts ({})",
                    accepted.join(", ")
                ),
            ));
            return;
        };
        let schema = media_type.get("schema").map(|s| self.resolve(s));
        if media == "multipart/form-data" {
            self.check_multipart(schema, content_type, body, out);
        } else if media.contains("json") {
            match serde_json::from_slice::<Value>(body) {
                Ok(value) => out.extend(self.request_body_violations(op, Some(&value))),
                Err(e) => out.push(violation("body", format!("not valid JSON: {e}"))),
            }
        }
    }

    fn check_multipart(
        &self,
        schema: Option<&Value>,
        content_type: &str,
        body: &[u8],
        out: &mut Vec<Violation>,
    ) {
        let names = match multipart_field_names(content_type, body) {
            Ok(names) => names,
            Err(message) => {
                out.push(violation("body", message));
                return;
            }
        };
        let Some(schema) = schema else { return };
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for field in required.iter().filter_map(Value::as_str) {
                if !names.iter().any(|n| n == field) {
                    out.push(violation(
                        format!("form.{field}"),
                        "required form field is missing",
                    ));
                }
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        let open = !matches!(
            schema.get("additionalProperties"),
            None | Some(Value::Bool(false))
        );
        if let (Some(properties), false) = (properties, open) {
            for name in &names {
                if !properties.contains_key(name) {
                    out.push(violation(
                        format!("form.{name}"),
                        "form field not declared by the schema",
                    ));
                }
            }
        }
    }
}

/// The field names of a `multipart/form-data` body, in order.
fn multipart_field_names(content_type: &str, body: &[u8]) -> Result<Vec<String>, String> {
    let boundary = content_type
        .split(';')
        .skip(1)
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"'))
        .filter(|b| !b.is_empty())
        .ok_or("multipart/form-data without a boundary parameter")?;
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut names = Vec::new();
    let mut rest = match find(body, delimiter) {
        Some(i) => &body[i + delimiter.len()..],
        None => return Err("multipart body without its boundary".into()),
    };
    loop {
        if rest.starts_with(b"--") {
            return Ok(names);
        }
        let part_end = find(rest, delimiter).ok_or("multipart body without a closing boundary")?;
        let part = &rest[..part_end];
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let head_end = find(part, b"\r\n\r\n").ok_or("multipart part without a blank line")?;
        let head = String::from_utf8_lossy(&part[..head_end]);
        let name = head
            .split("\r\n")
            .filter_map(|line| line.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-disposition"))
            .and_then(|(_, v)| {
                v.split(';')
                    .filter_map(|p| p.split_once('='))
                    .find(|(k, _)| k.trim().eq_ignore_ascii_case("name"))
                    .map(|(_, v)| v.trim().trim_matches('"').to_string())
            })
            .ok_or("multipart part without a Content-Disposition name")?;
        names.push(name);
        rest = &rest[part_end + delimiter.len()..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------------------------
// Response synthesis

/// Below this depth of nested objects and arrays, synthesised values are minimal.
const FULL_DEPTH: usize = 8;
/// Past this depth synthesis gives up (only reachable through required, non-nullable cycles).
const MAX_DEPTH: usize = 48;

impl Spec {
    /// A response the operation could answer: the status of its first 2xx response and a body
    /// synthesised from that response's schema (see [`example_value`](Self::example_value)).
    /// A response without a JSON body (204, 202, …) gives `Value::Null`, meaning an empty body.
    ///
    /// ```no_run
    /// use clerk_testing::spec::Spec;
    ///
    /// let spec = Spec::shared().expect("spec");
    /// let op = spec.find_operation("GET", "/v1/users/count").expect("an operation");
    /// let (status, body) = spec.example_response(op);
    /// assert_eq!(status, 200);
    /// assert!(spec.validate_operation_response(op, status, &body).is_empty());
    /// ```
    pub fn example_response(&self, op: &Operation) -> (u16, Value) {
        let responses = self
            .operation_value(op)
            .and_then(|o| o.get("responses"))
            .and_then(Value::as_object);
        let first_2xx = responses
            .into_iter()
            .flatten()
            .filter_map(|(code, response)| {
                let status = if code.eq_ignore_ascii_case("2XX") {
                    200
                } else {
                    code.parse::<u16>()
                        .ok()
                        .filter(|s| (200..300).contains(s))?
                };
                Some((status, response))
            });
        let Some((status, response)) = first_2xx.min_by_key(|(status, _)| *status) else {
            return (200, Value::Null);
        };
        match json_schema_of(self.resolve(response)) {
            Some(schema) => (status, self.example_value(schema)),
            None => (status, Value::Null),
        }
    }

    /// A value synthesised from a schema of this document, valid against it:
    ///
    /// - the schema's `example` when it is present and valid;
    /// - objects with all their properties (so that every field of a model is exercised);
    /// - strings: the first `enum` value, a plausible value for `format` `date-time`, `date`,
    ///   `email`, `uri`/`url` and `uuid`, `<object>_1`-style ids, else the property name;
    /// - integers and numbers `1` (or `minimum`), booleans `true`, arrays of one item;
    /// - nullable values are not null; `oneOf`/`anyOf` take the first alternative that
    ///   validates; `allOf` parts are merged; `$ref`s are followed;
    /// - recursion (a `$ref` inside itself) and deep nesting are cut with the minimal valid
    ///   value: `null` when nullable, only the required properties, empty arrays.
    pub fn example_value(&self, schema: &Value) -> Value {
        Synth {
            spec: self,
            refs: Vec::new(),
        }
        .value(schema, "", 0, false)
    }
}

struct Synth<'a> {
    spec: &'a Spec,
    refs: Vec<&'a str>,
}

impl<'a> Synth<'a> {
    fn value(&mut self, schema: &'a Value, hint: &str, depth: usize, minimal: bool) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let recursive = self.refs.contains(&r);
            self.refs.push(r);
            let target = self.spec.resolve(schema);
            let v = if std::ptr::eq(target, schema) {
                Value::Null // unresolvable reference
            } else {
                self.value(target, hint, depth, minimal || recursive)
            };
            self.refs.pop();
            return v;
        }
        let minimal = minimal || depth > FULL_DEPTH;
        let Some(s) = schema.as_object() else {
            return Value::Null;
        };
        if let Some(example) = s.get("example") {
            if !minimal && self.spec.validate(schema, example).is_empty() {
                return example.clone();
            }
        }
        if minimal && s.get("nullable").and_then(Value::as_bool) == Some(true) {
            return Value::Null;
        }
        // The schema's own value, then its `allOf` parts merged in, then the first `oneOf` /
        // `anyOf` alternative that makes the whole valid (alternatives may only add `required`).
        let mut value = self.own_value(s, hint, depth, minimal);
        for part in s
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let part = self.value(part, hint, depth, minimal);
            value = Some(merge(value, part, true));
        }
        for key in ["oneOf", "anyOf"] {
            let Some(alternatives) = s.get(key).and_then(Value::as_array) else {
                continue;
            };
            let mut fallback = None;
            for alt in alternatives {
                let alt = self.value(alt, hint, depth, minimal);
                let candidate = merge(value.clone(), alt, false);
                if self.spec.validate(schema, &candidate).is_empty() {
                    return candidate;
                }
                fallback.get_or_insert(candidate);
            }
            value = fallback.or(value);
        }
        value.unwrap_or_else(|| Value::Object(Map::new()))
    }

    /// The value of a schema's own keywords (`enum`, `type`, `properties`), ignoring
    /// composition; `None` when it has none.
    fn own_value(
        &mut self,
        s: &'a Map<String, Value>,
        hint: &str,
        depth: usize,
        minimal: bool,
    ) -> Option<Value> {
        if let Some(first) = s
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            return Some(first.clone());
        }
        Some(match s.get("type").and_then(Value::as_str) {
            Some("object") => Value::Object(self.object(s, depth, minimal)),
            Some("array") => {
                let min = s.get("minItems").and_then(Value::as_u64).unwrap_or(0);
                let max = s
                    .get("maxItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(u64::MAX);
                let count = if minimal { min } else { min.max(1).min(max) };
                let item_hint = hint.strip_suffix('s').unwrap_or(hint);
                let items = s.get("items").unwrap_or(&Value::Null);
                Value::Array(
                    (0..count)
                        .map(|_| self.value(items, item_hint, depth + 1, minimal))
                        .collect(),
                )
            }
            Some("string") => Value::String(example_string(s, hint)),
            Some("integer") | Some("number") => example_number(s),
            Some("boolean") => Value::Bool(true),
            _ if s.contains_key("properties") || s.contains_key("required") => {
                Value::Object(self.object(s, depth, minimal))
            }
            _ => return None,
        })
    }

    fn object(
        &mut self,
        s: &'a Map<String, Value>,
        depth: usize,
        minimal: bool,
    ) -> Map<String, Value> {
        let mut out = Map::new();
        let properties = s.get("properties").and_then(Value::as_object);
        let required: Vec<&str> = s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        // Ids read better with the object's kind: `{"object": "user", "id": "user_1"}`.
        let kind = properties
            .and_then(|p| p.get("object"))
            .map(|o| self.spec.resolve(o))
            .and_then(|o| o.get("enum"))
            .and_then(Value::as_array)
            .and_then(|e| e.first())
            .and_then(Value::as_str);
        // A required property the spec forgets to describe (it happens) gets `null`.
        for name in &required {
            if !properties.is_some_and(|p| p.contains_key(*name)) {
                out.insert((*name).to_string(), Value::Null);
            }
        }
        let Some(properties) = properties else {
            return out;
        };
        for (name, schema) in properties {
            if minimal && !required.contains(&name.as_str()) {
                continue;
            }
            let hint = match (name.as_str(), kind) {
                ("id", Some(kind)) => format!("{kind}_id"),
                _ => name.clone(),
            };
            out.insert(name.clone(), self.value(schema, &hint, depth + 1, minimal));
        }
        out
    }
}

/// Merges two synthesised objects: keys `base` lacks or holds as `null` come from `extra`, and
/// with `prefer_extra` (later, more specific `allOf` parts) `extra`'s non-null values win.
/// Otherwise a non-object `extra` wins.
fn merge(base: Option<Value>, extra: Value, prefer_extra: bool) -> Value {
    match (base, extra) {
        (Some(Value::Object(mut base)), Value::Object(extra)) => {
            for (k, v) in extra {
                let replace = match base.get(&k) {
                    None | Some(Value::Null) => true,
                    Some(_) => prefer_extra && !v.is_null(),
                };
                if replace {
                    base.insert(k, v);
                }
            }
            Value::Object(base)
        }
        (Some(base), Value::Object(extra)) if extra.is_empty() => base,
        (_, extra) => extra,
    }
}

fn example_string(s: &Map<String, Value>, hint: &str) -> String {
    let format = s.get("format").and_then(Value::as_str).unwrap_or("");
    let mut text = match format {
        "date-time" => "2026-01-02T03:04:05Z".to_string(),
        "date" => "2026-01-02".to_string(),
        "email" => "user@example.com".to_string(),
        "uri" | "url" => "https://example.com/".to_string(),
        "uuid" => "00000000-0000-4000-8000-000000000001".to_string(),
        "binary" | "byte" => String::new(),
        _ if hint == "id" => "id_1".to_string(),
        _ if hint.ends_with("_id") => format!("{}_1", hint.trim_end_matches("_id")),
        _ if hint.contains("email") => "user@example.com".to_string(),
        _ if hint.ends_with("url") => "https://example.com/".to_string(),
        _ if hint.is_empty() => "string".to_string(),
        _ => hint.to_string(),
    };
    if let Some(max) = s.get("maxLength").and_then(Value::as_u64) {
        text = text
            .chars()
            .take(usize::try_from(max).unwrap_or(usize::MAX))
            .collect();
    }
    if let Some(min) = s.get("minLength").and_then(Value::as_u64) {
        while (text.chars().count() as u64) < min {
            text.push('x');
        }
    }
    text
}

fn example_number(s: &Map<String, Value>) -> Value {
    let mut n: i64 = 1;
    if let Some(min) = s.get("minimum").and_then(Value::as_f64) {
        n = n.max(min.ceil() as i64);
    }
    if let Some(max) = s.get("maximum").and_then(Value::as_f64) {
        n = n.min(max.floor() as i64);
    }
    Value::from(n)
}

fn json_schema_of(response_or_body: &Value) -> Option<&Value> {
    let content = response_or_body.get("content")?.as_object()?;
    let media = content.get("application/json").or_else(|| {
        content
            .iter()
            .find(|(k, _)| k.contains("json"))
            .map(|(_, v)| v)
    })?;
    media.get("schema")
}

fn closest(results: Vec<Vec<Violation>>) -> Vec<Violation> {
    results
        .into_iter()
        .min_by_key(Vec::len)
        .unwrap_or_default()
        .into_iter()
        .map(|v| Violation {
            path: v.path,
            message: format!("(closest alternative) {}", v.message),
        })
        .collect()
}

fn escape_pointer(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A small spec with one operation per kind of check.
    const MINI: &str = r##"
openapi: 3.0.3
info: {title: mini, version: "1"}
paths:
  /users:
    get:
      operationId: ListUsers
      parameters:
        - $ref: '#/components/parameters/Limit'
        - {in: query, name: order_by, schema: {type: string, enum: [created_at, -created_at]}}
        - {in: query, name: user_id, schema: {type: array, items: {type: string}}}
        - {in: query, name: banned, schema: {type: boolean}}
        - {in: query, name: score, schema: {type: number, nullable: true}}
        - in: query
          name: modes
          style: form
          explode: false
          schema: {type: array, items: {type: string, enum: [a, b]}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/User'}}
    post:
      operationId: CreateUser
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [email]
              properties:
                email: {type: string}
      responses:
        '200': {$ref: '#/components/responses/User'}
  /users/count:
    get:
      operationId: CountUsers
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [total_count]
                properties: {total_count: {type: integer, minimum: 0}}
  /users/{user_id}:
    get:
      operationId: GetUser
      parameters: [{in: path, name: user_id, required: true, schema: {type: string}}]
      responses:
        '200': {$ref: '#/components/responses/User'}
  /users/{user_id}/ban:
    post:
      operationId: BanUser
      parameters: [{in: path, name: user_id, required: true, schema: {type: string}}]
      responses:
        '204': {description: banned}
  /users/{user_id}/profile_image:
    post:
      operationId: SetProfileImage
      parameters: [{in: path, name: user_id, required: true, schema: {type: string}}]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
                uploader_user_id: {type: string}
      responses:
        '200': {$ref: '#/components/responses/User'}
  /channels/{channel}:
    get:
      operationId: GetChannel
      parameters: [{in: path, name: channel, required: true, schema: {type: string, enum: [email, sms]}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Shape'}
  /tokens:
    get:
      operationId: ListTokens
      parameters: [{in: query, name: subject, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: '#/components/schemas/Token'}}
components:
  parameters:
    Limit: {in: query, name: limit, schema: {type: integer, minimum: 1, maximum: 500}}
  responses:
    User:
      description: a user
      content:
        application/json:
          schema: {$ref: '#/components/schemas/User'}
  schemas:
    User:
      type: object
      additionalProperties: false
      required: [object, id, created_at]
      properties:
        object: {type: string, enum: [user]}
        id: {type: string}
        created_at: {type: integer, format: int64}
        email: {type: string, format: email, nullable: true}
        parent:
          nullable: true
          allOf: [{$ref: '#/components/schemas/User'}]
        children: {type: array, items: {$ref: '#/components/schemas/User'}}
        code: {type: string, minLength: 6, maxLength: 6}
        greeting: {type: string, example: hello}
        bad_example: {type: integer, example: "not an integer"}
        metadata: {type: object, additionalProperties: true}
    Shape:
      oneOf:
        - {$ref: '#/components/schemas/Circle'}
        - {$ref: '#/components/schemas/Square'}
    Circle:
      type: object
      required: [kind, radius]
      properties: {kind: {type: string, enum: [circle]}, radius: {type: number, minimum: 2}}
    Square:
      type: object
      required: [kind, side]
      properties: {kind: {type: string, enum: [square]}, side: {type: integer}}
    Token:
      allOf:
        - {type: object, required: [id], properties: {id: {type: string}}}
        - {type: object, required: [scopes], properties: {scopes: {type: array, minItems: 2, items: {type: string}}}}
"##;

    fn mini() -> Spec {
        Spec::from_yaml_str(MINI).unwrap()
    }

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// `path: message` of each violation of a GET without a body.
    fn get(spec: &Spec, path: &str, query: &[(&str, &str)]) -> (Option<String>, Vec<String>) {
        let check = spec.validate_request("GET", path, &q(query), None, b"");
        (
            check.operation_id().map(str::to_string),
            check.violations.iter().map(|v| v.to_string()).collect(),
        )
    }

    fn paths(check: &RequestCheck<'_>) -> Vec<String> {
        check.violations.iter().map(|v| v.path.clone()).collect()
    }

    #[test]
    fn paths_match_templates_literals_first() {
        let spec = mini();
        assert_eq!(
            get(&spec, "/v1/users/count", &[]).0.as_deref(),
            Some("CountUsers")
        );
        assert_eq!(
            get(&spec, "/users/user_1", &[]).0.as_deref(),
            Some("GetUser")
        );
        assert_eq!(
            get(&spec, "/v1/users/user_1/", &[]).0.as_deref(),
            Some("GetUser")
        );
        let check = spec.validate_request("GET", "/v1/users/user_1", &[], None, b"");
        assert!(check.is_valid(), "{:?}", check.violations);

        for unknown in ["/v1/users/user_1/nope", "/v1/groups", "/v1/users//ban"] {
            let check = spec.validate_request("POST", unknown, &[], None, b"");
            assert!(check.operation.is_none(), "{unknown}");
            assert_eq!(paths(&check), ["path"], "{unknown}");
            assert!(!check.is_valid());
        }
    }

    #[test]
    fn path_parameters_are_type_checked() {
        let spec = mini();
        assert!(get(&spec, "/v1/channels/sms", &[]).1.is_empty());
        let (op, v) = get(&spec, "/v1/channels/fax", &[]);
        assert_eq!(op.as_deref(), Some("GetChannel"));
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(v[0].starts_with("path.channel: "), "{v:?}");
    }

    #[test]
    fn query_parameters_are_type_checked() {
        let spec = mini();
        let ok = get(
            &spec,
            "/v1/users",
            &[
                ("limit", "10"),
                ("order_by", "-created_at"),
                ("user_id", "user_1"),
                ("user_id", "user_2"),
                ("banned", "false"),
                ("score", "1.5"),
                ("modes", "a,b"),
            ],
        );
        assert_eq!(ok, (Some("ListUsers".to_string()), vec![]));
        assert!(
            get(&spec, "/v1/users", &[("score", "")]).1.is_empty(),
            "nullable"
        );

        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("limit", "ten")], "query.limit: expected an integer"),
            (
                &[("limit", "0")],
                "query.limit: 0 is less than the minimum 1",
            ),
            (
                &[("limit", "501")],
                "query.limit: 501 is greater than the maximum 500",
            ),
            (
                &[("limit", "1"), ("limit", "2")],
                "query.limit: given 2 times",
            ),
            (
                &[("banned", "yes")],
                "query.banned: expected `true` or `false`",
            ),
            (
                &[("banned", "1")],
                "query.banned: expected `true` or `false`",
            ),
            (&[("score", "high")], "query.score: expected a number"),
            (
                &[("order_by", "name")],
                "query.order_by: \"name\" is not one of",
            ),
            (&[("modes", "a,c")], "query.modes[1]: \"c\" is not one of"),
            (
                &[("modes", "a"), ("modes", "b")],
                "query.modes: given 2 times",
            ),
        ];
        for (query, expected) in cases {
            let (_, v) = get(&spec, "/v1/users", query);
            assert_eq!(v.len(), 1, "{query:?}: {v:?}");
            assert!(v[0].starts_with(expected), "{query:?}: {v:?}");
        }
    }

    #[test]
    fn undeclared_and_missing_query_parameters_are_violations() {
        let spec = mini();
        let (_, v) = get(
            &spec,
            "/v1/users",
            &[("limti", "1"), ("limit", "2"), ("limti", "2")],
        );
        assert_eq!(v.len(), 1, "one violation per unknown key: {v:?}");
        assert!(v[0].starts_with("query.limti: ListUsers declares no query parameter `limti`"));
        assert!(v[0].contains("limit, order_by"), "{v:?}");

        let (_, v) = get(&spec, "/v1/users/count", &[("limit", "1")]);
        assert!(v[0].ends_with("(it takes: none)"), "{v:?}");

        let (_, v) = get(&spec, "/v1/tokens", &[]);
        assert_eq!(v, ["query.subject: required query parameter is missing"]);
        assert!(
            get(&spec, "/v1/tokens", &[("subject", "user_1")])
                .1
                .is_empty()
        );

        // A query string left in the path is checked too.
        let (_, v) = get(&spec, "/v1/tokens?subject=user_1&x=1", &[]);
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(v[0].starts_with("query.x: "), "{v:?}");
    }

    #[test]
    fn json_bodies_are_validated() {
        let spec = mini();
        let json = Some("application/json");
        let post = |ct, body: &[u8]| spec.validate_request("POST", "/v1/users", &[], ct, body);

        let ok = post(json, br#"{"email":"a@b.c"}"#);
        assert!(ok.is_valid(), "{:?}", ok.violations);
        assert!(
            post(
                Some("application/json; charset=utf-8"),
                b"{\"email\":\"x\"}"
            )
            .is_valid()
        );

        assert_eq!(paths(&post(json, br#"{}"#)), ["$"]);
        assert_eq!(
            paths(&post(json, br#"{"email":"a","name":"b"}"#)),
            ["$.name"]
        );
        assert_eq!(paths(&post(json, br#"{"email":1}"#)), ["$.email"]);
        let not_json = post(json, b"{email");
        assert_eq!(paths(&not_json), ["body"]);
        assert!(not_json.violations[0].message.starts_with("not valid JSON"));

        let missing = post(None, b"");
        assert_eq!(missing.violations[0].message, "request body is required");
        let no_type = post(None, br#"{"email":"a"}"#);
        assert!(
            no_type.violations[0]
                .message
                .contains("without a Content-Type")
        );
        let wrong_type = post(Some("text/plain"), br#"{"email":"a"}"#);
        assert!(
            wrong_type.violations[0]
                .message
                .contains("text/plain is not one the operation accepts (application/json)"),
            "{:?}",
            wrong_type.violations
        );
    }

    #[test]
    fn a_body_where_none_is_taken_is_a_violation() {
        let spec = mini();
        let ban = |body: &[u8]| {
            spec.validate_request(
                "POST",
                "/v1/users/user_1/ban",
                &[],
                Some("application/json"),
                body,
            )
        };
        assert!(ban(b"").is_valid());
        assert!(ban(b"  \n").is_valid(), "whitespace is no body");
        let v = ban(b"{}");
        assert_eq!(v.operation_id(), Some("BanUser"));
        assert_eq!(paths(&v), ["body"]);
        assert!(v.violations[0].message.contains("takes no request body"));
    }

    fn multipart(boundary: &str, parts: &[(&str, Option<&str>, &str)]) -> Vec<u8> {
        let mut out = String::from("preamble\r\n");
        for (name, filename, data) in parts {
            out.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\""
            ));
            if let Some(f) = filename {
                out.push_str(&format!("; filename=\"{f}\"\r\nContent-Type: image/png"));
            }
            out.push_str(&format!("\r\n\r\n{data}\r\n"));
        }
        out.push_str(&format!("--{boundary}--\r\n"));
        out.into_bytes()
    }

    #[test]
    fn multipart_bodies_need_their_fields() {
        let spec = mini();
        let path = "/v1/users/user_1/profile_image";
        let ct = "multipart/form-data; boundary=\"b0undary\"";
        let send = |ct: &str, body: &[u8]| spec.validate_request("POST", path, &[], Some(ct), body);

        let body = multipart(
            "b0undary",
            &[
                ("uploader_user_id", None, "user_2"),
                ("file", Some("a.png"), "\u{89}PNG"),
            ],
        );
        let ok = send(ct, &body);
        assert!(ok.is_valid(), "{:?}", ok.violations);
        assert_eq!(ok.operation_id(), Some("SetProfileImage"));

        let no_file = send(
            ct,
            &multipart("b0undary", &[("uploader_user_id", None, "u")]),
        );
        assert_eq!(no_file.violations.len(), 1);
        assert_eq!(
            no_file.violations[0].to_string(),
            "form.file: required form field is missing"
        );

        let extra = send(
            ct,
            &multipart("b0undary", &[("file", Some("a"), "x"), ("image", None, "")]),
        );
        assert_eq!(paths(&extra), ["form.image"]);

        let json = send("application/json", br#"{"file":"x"}"#);
        assert!(json.violations[0].message.contains("multipart/form-data"));

        let no_boundary = send("multipart/form-data", &body);
        assert!(
            no_boundary.violations[0]
                .message
                .contains("without a boundary")
        );
        let truncated = send(ct, &body[..body.len() - 14]);
        assert!(
            truncated.violations[0].message.contains("closing boundary"),
            "{:?}",
            truncated.violations
        );
        let missing = spec.validate_request("POST", path, &[], None, b"");
        assert_eq!(missing.violations[0].message, "request body is required");
    }

    #[test]
    fn synthesised_values_are_valid_and_full() {
        let spec = mini();
        let user = spec.example_value(&json!({"$ref": "#/components/schemas/User"}));
        assert!(spec.validate_component("User", &user).is_empty(), "{user}");
        assert_eq!(user["object"], "user");
        assert_eq!(user["id"], "user_1");
        assert_eq!(user["created_at"], 1);
        assert_eq!(user["email"], "user@example.com", "nullable is not null");
        assert_eq!(user["code"].as_str().map(str::len), Some(6));
        assert_eq!(user["greeting"], "hello", "a valid example is used");
        assert_eq!(user["bad_example"], 1, "an invalid example is not");
        assert_eq!(user["metadata"], json!({}));
        // Recursion is cut: the nested users are minimal.
        assert_eq!(
            user["parent"],
            json!({"object": "user", "id": "user_1", "created_at": 1})
        );
        assert_eq!(user["children"][0]["object"], "user");
        assert!(user["children"][0].get("email").is_none());

        let shape = spec.example_value(&json!({"$ref": "#/components/schemas/Shape"}));
        assert_eq!(shape, json!({"kind": "circle", "radius": 2}));

        let op = spec.find_operation("GET", "/tokens").unwrap();
        let (status, tokens) = spec.example_response(op);
        assert_eq!(status, 200);
        assert_eq!(
            tokens,
            json!({"data": [{"id": "id_1", "scopes": ["scope", "scope"]}]})
        );

        let ban = spec.find_operation("POST", "/users/u/ban").unwrap();
        assert_eq!(spec.example_response(ban), (204, Value::Null));
    }

    #[test]
    fn every_operation_of_the_spec_has_a_valid_synthesised_response() {
        let spec = Spec::shared().unwrap_or_else(|e| panic!("{e}"));
        let mut failures = Vec::new();
        for op in spec.operations() {
            let (status, body) = spec.example_response(op);
            let violations = spec.validate_operation_response(op, status, &body);
            if !violations.is_empty() {
                let first: Vec<String> = violations.iter().take(3).map(|v| v.to_string()).collect();
                failures.push(format!(
                    "{} {} {status}: {} violations, first: {first:?}",
                    op.method,
                    op.operation_id.as_deref().unwrap_or(&op.path_template),
                    violations.len(),
                ));
            }
        }
        assert!(spec.operations().len() > 200);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
