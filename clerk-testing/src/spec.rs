//! A small JSON-against-OpenAPI validator for Clerk's Backend API spec (`clerk-bapi.yml`).
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
        let op = self
            .find_operation(method, path)
            .ok_or_else(|| SpecError::UnknownOperation {
                method: method.to_string(),
                path: path.to_string(),
            })?;
        let responses = self
            .operation_value(op)
            .and_then(|o| o.get("responses"))
            .and_then(Value::as_object);
        let Some(responses) = responses else {
            return Ok(Err(Violation {
                path: "$".into(),
                message: "operation declares no responses".into(),
            }));
        };
        let code = status.to_string();
        let class = format!("{}XX", status / 100);
        let response = responses
            .get(&code)
            .or_else(|| responses.get(&class))
            .or_else(|| responses.get(&class.to_ascii_lowercase()))
            .or_else(|| responses.get("default"));
        let Some(response) = response else {
            return Ok(Err(Violation {
                path: "$".into(),
                message: format!(
                    "status {status} is not declared for {} {}",
                    op.operation_id.as_deref().unwrap_or(&op.method),
                    op.path_template
                ),
            }));
        };
        let response = self.resolve(response);
        Ok(Ok(json_schema_of(response).map(|s| self.resolve(s))))
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
        match self.response_schema(method, path, status)? {
            Err(v) => Ok(vec![v]),
            Ok(None) => Ok(Vec::new()),
            Ok(Some(schema)) => Ok(self.validate(schema, body)),
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
        let op = self
            .find_operation(method, path)
            .ok_or_else(|| SpecError::UnknownOperation {
                method: method.to_string(),
                path: path.to_string(),
            })?;
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
            (Some(schema), Some(body)) => Ok(self.validate(schema, body)),
            (Some(_), None) if required => Ok(vec![Violation {
                path: "$".into(),
                message: "request body is required".into(),
            }]),
            (Some(_), None) => Ok(Vec::new()),
            (None, None) => Ok(Vec::new()),
            (None, Some(_)) if request_body.is_some() => Ok(Vec::new()),
            (None, Some(_)) => Ok(vec![Violation {
                path: "$".into(),
                message: "operation declares no request body".into(),
            }]),
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
