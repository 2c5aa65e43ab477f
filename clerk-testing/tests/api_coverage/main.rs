//! Every operation of `clerk-bapi.yml` has a client method, and every method's request conforms
//! to the spec.
//!
//! Each resource group lists its cases in its own module: an operation id and a call of the
//! client method that should perform it. The runner sends every call to a fake Clerk in
//! spec-mock mode (requests validated against the spec, answers synthesised from the spec's
//! response schemas), checks that the request reached exactly the named operation with no
//! violation, and that the method decoded the answer. A final test walks the spec and fails
//! naming every operation with no case, outside the short [`EXCLUDED`] list.

#![allow(deprecated)] // deprecated operations are covered too

mod prelude;

mod billing;
mod core_resources;
mod instance;
mod machines;
mod organizations;
mod tokens_and_misc;
// Resource groups add their module here and to `all_cases` below.

use prelude::Case;

/// Operations deliberately left without a client method, with the reason.
pub(crate) const EXCLUDED: &[(&str, &str)] = &[];

/// Every case of every group.
pub(crate) fn all_cases() -> Vec<Case> {
    [
        core_resources::cases(),
        instance::cases(),
        machines::cases(),
        billing::cases(),
        organizations::cases(),
        tokens_and_misc::cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

// ---------------------------------------------------------------------------------------------
// The runner

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use clerk_core::{Clerk, Environment, RetryPolicy};
use clerk_testing::FakeClerk;
use clerk_testing::spec::{Operation, Spec};

fn spec() -> &'static Spec {
    Spec::shared().unwrap_or_else(|e| panic!("{e}"))
}

/// A spec-mock fake and a client over reqwest pointed at it, retries off.
async fn spec_mock() -> (FakeClerk, Clerk) {
    let fake = FakeClerk::builder()
        .spec_mock(true)
        .record_requests(false)
        .start()
        .await;
    let clerk = Clerk::builder()
        .environment(Environment::from_pairs::<_, String, String>([]))
        .secret_key(fake.secret_key())
        .api_url(fake.api_url())
        .retry_policy(RetryPolicy::disabled())
        .transport(clerk_http_reqwest::ReqwestTransport::new())
        .build()
        .expect("a valid client");
    (fake, clerk)
}

/// Runs the cases one after the other and returns one report per failing case: the call must
/// succeed, after sending exactly one request, which reached the case's operation and which the
/// spec accepts.
async fn run(fake: &FakeClerk, clerk: &Clerk, cases: &[Case]) -> Vec<String> {
    let mut failures = Vec::new();
    for case in cases {
        let before = fake.spec_mock_log().len();
        // A guard against a hung case only; the fake answers at once.
        let result =
            tokio::time::timeout(Duration::from_secs(60), (case.call)(clerk.clone())).await;
        let log = fake.spec_mock_log();
        let sent = log.get(before..).unwrap_or_default();
        let mut problems = Vec::new();
        match sent {
            [] => problems.push("sent no request".to_string()),
            [entry] => {
                if entry.operation_id.as_deref() != Some(case.operation_id) {
                    problems.push(format!(
                        "reached {} instead ({} {})",
                        entry
                            .operation_id
                            .as_deref()
                            .unwrap_or("no operation of the spec"),
                        entry.method,
                        entry.path
                    ));
                }
                if entry.operation_id.is_some() {
                    problems.extend(entry.violations.iter().map(|v| format!("violation: {v}")));
                }
            }
            many => problems.push(format!(
                "sent {} requests: {}",
                many.len(),
                many.iter()
                    .map(|e| format!("{} {}", e.method, e.path))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
        match result {
            Err(_) => problems.push("timed out".to_string()),
            // A rejected request fails the call too; its violations say why.
            Ok(Err(e)) if problems.is_empty() => problems.push(format!("call failed: {e}")),
            Ok(_) => {}
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}:\n    {}",
                case.operation_id,
                problems.join("\n    ")
            ));
        }
    }
    failures
}

#[tokio::test]
async fn every_case_sends_a_request_the_spec_accepts_and_decodes_the_answer() {
    let (fake, clerk) = spec_mock().await;
    let cases = all_cases();
    let failures = run(&fake, &clerk, &cases).await;
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The operation's first tag, to group the report.
fn tag(op: &Operation) -> String {
    spec()
        .document()
        .pointer(&format!(
            "/paths/{}/{}/tags/0",
            op.path_template.replace('~', "~0").replace('/', "~1"),
            op.method.to_ascii_lowercase()
        ))
        .and_then(serde_json::Value::as_str)
        .unwrap_or("untagged")
        .to_string()
}

#[test]
fn every_operation_of_the_spec_has_a_client_method() {
    let cases = all_cases();
    let with_case: HashSet<&str> = cases.iter().map(|c| c.operation_id).collect();
    let excluded: HashSet<&str> = EXCLUDED.iter().map(|(id, _)| *id).collect();
    let (mut total, mut covered, mut nondep, mut nondep_covered) = (0, 0, 0, 0);
    let mut missing: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for op in spec().operations() {
        total += 1;
        nondep += usize::from(!op.deprecated);
        let id = op.operation_id.as_deref().unwrap_or("");
        if with_case.contains(id) {
            covered += 1;
            nondep_covered += usize::from(!op.deprecated);
        } else if !excluded.contains(id) {
            missing.entry(tag(op)).or_default().push(format!(
                "{id} ({} {}{})",
                op.method,
                op.path_template,
                if op.deprecated { ", deprecated" } else { "" }
            ));
        }
    }
    let pct = if nondep == 0 {
        100.0
    } else {
        nondep_covered as f64 * 100.0 / nondep as f64
    };
    println!(
        "coverage: {covered}/{total} operations ({nondep_covered}/{nondep} non-deprecated, {pct:.1}%)"
    );
    let count: usize = missing.values().map(Vec::len).sum();
    let report: Vec<String> = missing
        .iter()
        .map(|(tag, ops)| format!("  {tag}:\n    {}", ops.join("\n    ")))
        .collect();
    assert!(
        missing.is_empty(),
        "{count} operation(s) without a case, not EXCLUDED:\n{}",
        report.join("\n")
    );
}

#[test]
fn cases_name_real_operations_once() {
    let spec = spec();
    let known: HashSet<&str> = spec
        .operations()
        .iter()
        .filter_map(|op| op.operation_id.as_deref())
        .collect();
    let cases = all_cases();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for case in &cases {
        if !known.contains(case.operation_id) {
            problems.push(format!(
                "case {}: no such operationId in the spec",
                case.operation_id
            ));
        }
        if !seen.insert(case.operation_id) {
            problems.push(format!("case {}: listed more than once", case.operation_id));
        }
    }
    let mut excluded = HashSet::new();
    for (id, reason) in EXCLUDED {
        if !known.contains(id) {
            problems.push(format!("EXCLUDED {id}: no such operationId in the spec"));
        }
        if seen.contains(id) {
            problems.push(format!(
                "EXCLUDED {id}: has a case; remove it from EXCLUDED"
            ));
        }
        if !excluded.insert(*id) {
            problems.push(format!("EXCLUDED {id}: listed more than once"));
        }
        if reason.trim().is_empty() {
            problems.push(format!("EXCLUDED {id}: give the reason"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The runner itself: wrong cases are reported, each with its reason.
#[tokio::test]
async fn the_runner_reports_every_kind_of_wrong_case() {
    use clerk_core::ApiRequest;
    use clerk_core::resources::users::{CountUsers, ListUsers};
    use prelude::case;
    use serde_json::{Value, json};

    let (fake, clerk) = spec_mock().await;
    let good = vec![case!("GetUsersCount", |c| c
        .users()
        .count(&CountUsers::new()))];
    assert_eq!(run(&fake, &clerk, &good).await, Vec::<String>::new());

    let wrong = vec![
        case!("GetUser", |c| c.users().count(&CountUsers::new())),
        case!("GetUserList", |c| c
            .users()
            .list(&ListUsers::new().limit(0))),
        case!("GetUserList", |c| c.send::<Value>(
            ApiRequest::get("/users").set_query("limti", 10)
        )),
        case!("BanUser", |c| c.send::<Value>(
            ApiRequest::post("/users/user_1/ban").json(&json!({}))
        )),
        case!("GetUsersCount", |c| c
            .send::<Vec<String>>(ApiRequest::get("/users/count"))),
        case!("GetUser", |c| c
            .send::<Value>(ApiRequest::get("/no/such/path"))),
        case!("GetUser", |_c| std::future::ready(Ok::<
            (),
            clerk_core::Error,
        >(()))),
        case!("GetUser", |c| async move {
            c.users().get("user_1").await?;
            c.users().get("user_2").await
        }),
    ];
    let failures = run(&fake, &clerk, &wrong).await;
    let expected = [
        "GetUser:\n    reached GetUsersCount instead (GET /v1/users/count)",
        "GetUserList:\n    violation: query.limit: 0 is less than the minimum 1",
        "GetUserList:\n    violation: query.limti: GetUserList declares no query parameter `limti`",
        "BanUser:\n    violation: body: a body was sent, but the operation takes no request body",
        "GetUsersCount:\n    call failed: ",
        "GetUser:\n    reached no operation of the spec instead (GET /v1/no/such/path)",
        "GetUser:\n    sent no request",
        "GetUser:\n    sent 2 requests: GET /v1/users/user_1, GET /v1/users/user_2",
    ];
    assert_eq!(failures.len(), expected.len(), "{failures:#?}");
    for (failure, expected) in failures.iter().zip(expected) {
        assert!(
            failure.starts_with(expected),
            "{failure:?} should start with {expected:?}"
        );
    }
}

/// The spec-mock fake checks the secret key and answers Clerk's error JSON.
#[tokio::test]
async fn the_spec_mock_answers_clerk_errors() {
    use clerk_core::ApiRequest;
    use serde_json::Value;

    let (fake, clerk) = spec_mock().await;
    let api_error = |e: clerk_core::Error| e.as_api().cloned().expect("an API error");

    let wrong_key = Clerk::builder()
        .environment(Environment::from_pairs::<_, String, String>([]))
        .secret_key("sk_test_not_the_fake_s_key")
        .api_url(fake.api_url())
        .retry_policy(RetryPolicy::disabled())
        .transport(clerk_http_reqwest::ReqwestTransport::new())
        .build()
        .expect("a valid client");
    let e = api_error(wrong_key.users().get("user_1").await.unwrap_err());
    assert_eq!(e.status(), 401);
    assert!(e.has_code("clerk_key_invalid"), "{e}");

    let bad = ApiRequest::get("/users").set_query("limit", "ten");
    let e = api_error(clerk.send::<Value>(bad).await.unwrap_err());
    assert_eq!(e.status(), 400);
    let error = &e.errors()[0];
    assert_eq!(error.code, "spec_violation");
    assert_eq!(error.meta.as_ref().unwrap()["operation_id"], "GetUserList");
    assert!(
        error
            .long_message
            .contains("query.limit: expected an integer, got \"ten\""),
        "{error:?}"
    );
    assert!(e.trace_id().is_some());

    let e = api_error(
        clerk
            .send::<Value>(ApiRequest::get("/nope"))
            .await
            .unwrap_err(),
    );
    assert_eq!(e.status(), 404);

    // A 204 has an empty body, which decodes as `null`.
    let deleted = clerk
        .send::<Value>(ApiRequest::delete("/webhooks/svix"))
        .await;
    assert_eq!(deleted.unwrap(), Value::Null);

    let log = fake.spec_mock_log();
    let summary: Vec<(u16, Option<&str>)> = log
        .iter()
        .map(|e| (e.status, e.operation_id.as_deref()))
        .collect();
    assert_eq!(
        summary,
        [
            (401, Some("GetUser")),
            (400, Some("GetUserList")),
            (404, None),
            (204, Some("DeleteSvixApp")),
        ]
    );
    assert_eq!(log[0].violations, ["authorization: clerk_key_invalid"]);
    assert_eq!(log[1].violations.len(), 1, "{:?}", log[1].violations);
    assert_eq!(log[3].violations, Vec::<String>::new());
}
