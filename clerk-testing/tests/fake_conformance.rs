//! Every response of every modelled operation validates against `clerk-bapi.yml`.

mod fake_support;

use clerk_testing::FakeClerk;
use clerk_testing::spec::Spec;
use fake_support::Api;
use serde_json::{Value, json};

fn spec() -> &'static Spec {
    Spec::shared().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn validator_catches_violations() {
    let spec = spec();
    assert_eq!(
        spec.find_operation("GET", "/v1/users/count")
            .unwrap()
            .operation_id
            .as_deref(),
        Some("GetUsersCount")
    );
    assert_eq!(
        spec.find_operation("GET", "/v1/users/user_123?x=1")
            .unwrap()
            .operation_id
            .as_deref(),
        Some("GetUser")
    );
    assert_eq!(
        spec.find_operation("POST", "/v1/sessions/s/tokens/t")
            .unwrap()
            .operation_id
            .as_deref(),
        Some("CreateSessionTokenFromTemplate")
    );
    assert!(spec.find_operation("POST", "/v1/emails").is_none());

    let ok = json!({"object": "total_count", "total_count": 3});
    assert!(
        spec.validate_response("GET", "/v1/users/count", 200, &ok)
            .unwrap()
            .is_empty()
    );
    let bad = json!({"object": "count", "total_count": 1.5, "extra": true});
    let v = spec
        .validate_response("GET", "/v1/users/count", 200, &bad)
        .unwrap();
    assert_eq!(v.len(), 3, "{v:?}");
    assert!(v.iter().any(|x| x.path == "$.extra"));
    let missing = spec
        .validate_response("GET", "/v1/users/count", 200, &json!({}))
        .unwrap();
    assert_eq!(missing.len(), 2);
    let undeclared = spec
        .validate_response("GET", "/v1/users/count", 418, &ok)
        .unwrap();
    assert_eq!(undeclared.len(), 1);

    // Nullable, nested $ref and oneOf with a discriminator.
    let email = json!({
        "object": "email_address", "email_address": "a@b.c", "reserved": false,
        "verification": {"object": "verification_admin", "status": "verified", "strategy": "admin", "attempts": null, "expire_at": null},
        "linked_to": [], "created_at": 1, "updated_at": 1
    });
    assert!(spec.validate_component("EmailAddress", &email).is_empty());
    let mut bad_email = email.clone();
    bad_email["verification"]["strategy"] = json!("sms");
    let v = spec.validate_component("EmailAddress", &bad_email);
    assert!(
        v.iter().any(|x| x.path == "$.verification.strategy"),
        "{v:?}"
    );
    let mut null_email = email.clone();
    null_email["verification"] = Value::Null;
    assert!(
        spec.validate_component("EmailAddress", &null_email)
            .is_empty()
    );
    null_email["email_address"] = Value::Null;
    assert_eq!(
        spec.validate_component("EmailAddress", &null_email).len(),
        1
    );

    // Request bodies.
    assert!(
        spec.validate_request_body(
            "POST",
            "/v1/users",
            Some(&json!({"email_address": ["a@b.c"]}))
        )
        .unwrap()
        .is_empty()
    );
    let v = spec
        .validate_request_body(
            "POST",
            "/v1/users",
            Some(&json!({"email_address": "a@b.c", "nope": 1})),
        )
        .unwrap();
    assert_eq!(v.len(), 2, "{v:?}");
    assert_eq!(
        spec.validate_request_body("POST", "/v1/users", None)
            .unwrap()
            .len(),
        1,
        "CreateUser requires a body"
    );
    assert!(
        spec.validate_request_body("GET", "/v1/users", None)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn missing_spec_names_the_env_var() {
    let err = Spec::from_path("/definitely/not/here.yml").unwrap_err();
    assert!(err.to_string().contains("CLERK_BAPI_SPEC"), "{err}");
}

#[tokio::test]
async fn every_response_conforms_to_the_spec() {
    let spec = spec();
    let fake = FakeClerk::start().await;
    let api = Api::new(&fake);

    // Users.
    let u1 = api
        .post(
            "/v1/users",
            json!({"email_address": ["one@example.com"], "phone_number": ["+15550100"], "username": "one",
                   "password": "password-one", "first_name": "One", "public_metadata": {"k": 1},
                   "email_address_identification_status": ["reserved"]}),
        )
        .await
        .json();
    let uid = u1["id"].as_str().unwrap().to_string();
    let u2 = api
        .post(
            "/v1/users",
            json!({"email_address": ["two@example.com"], "last_name": "Two"}),
        )
        .await
        .json();
    let uid2 = u2["id"].as_str().unwrap().to_string();
    api.post("/v1/users", json!({})).await;
    api.post("/v1/users", json!({"email_address": ["one@example.com"]}))
        .await; // 422
    api.post("/v1/users", json!({"email_address": "x"})).await; // 422
    api.call("POST", "/v1/users", None).await; // empty body: a user with nothing
    api.get("/v1/users").await;
    api.get("/v1/users?limit=1&offset=1&order_by=-username")
        .await;
    api.get("/v1/users?email_address=one@example.com&query=one")
        .await;
    api.get(&format!(
        "/v1/users?starting_after={uid}&order_by=%2Bcreated_at"
    ))
    .await;
    api.get("/v1/users?limit=0").await; // 422
    api.get("/v1/users/count").await;
    api.get("/v1/users/count?banned=true").await;
    api.get("/v1/users/count?created_at_after=x").await; // 422
    api.get(&format!("/v1/users/{uid}")).await;
    api.get("/v1/users/user_nope").await; // 404
    api.patch(
        &format!("/v1/users/{uid}"),
        json!({"last_name": "Uno", "username": "uno"}),
    )
    .await;
    api.patch(&format!("/v1/users/{uid}"), json!({"unsafe_metadata": {}}))
        .await; // 422
    api.patch("/v1/users/user_nope", json!({})).await; // 404
    api.patch(
        &format!("/v1/users/{uid}/metadata"),
        json!({"public_metadata": {"a": {"b": 1}}}),
    )
    .await;
    api.put(
        &format!("/v1/users/{uid}/metadata"),
        json!({"private_metadata": {"p": true}}),
    )
    .await;
    api.patch(
        &format!("/v1/users/{uid}/metadata"),
        json!({"public_metadata": 1}),
    )
    .await; // 422
    api.put("/v1/users/user_nope/metadata", json!({})).await; // 404
    for action in ["ban", "unban", "lock", "unlock"] {
        api.post_empty(&format!("/v1/users/{uid}/{action}")).await;
    }
    api.post(
        &format!("/v1/users/{uid}/verify_password"),
        json!({"password": "password-one"}),
    )
    .await;
    api.post(
        &format!("/v1/users/{uid}/verify_password"),
        json!({"password": "wrong"}),
    )
    .await;

    // Sessions, tokens, clients.
    let s = api
        .post("/v1/sessions", json!({"user_id": uid}))
        .await
        .json();
    let sid = s["id"].as_str().unwrap().to_string();
    let cid = s["client_id"].as_str().unwrap().to_string();
    api.post("/v1/sessions", json!({})).await; // 422
    api.post("/v1/sessions", json!({"user_id": "user_nope"}))
        .await; // 404
    api.get("/v1/sessions").await;
    api.get(&format!("/v1/sessions?user_id={uid}&status=active&limit=5"))
        .await;
    api.get("/v1/sessions?limit=999").await; // 422
    api.get(&format!("/v1/sessions/{sid}")).await;
    api.get("/v1/sessions/sess_nope").await; // 404
    api.post_empty(&format!("/v1/sessions/{sid}/tokens")).await;
    api.post(
        &format!("/v1/sessions/{sid}/tokens"),
        json!({"expires_in_seconds": 120}),
    )
    .await;
    api.post_empty("/v1/sessions/sess_nope/tokens").await; // 404
    fake.add_jwt_template("tpl", json!({"uid": "{{user.id}}"}));
    api.post_empty(&format!("/v1/sessions/{sid}/tokens/tpl"))
        .await;
    api.post_empty(&format!("/v1/sessions/{sid}/tokens/none"))
        .await; // 404
    api.get("/v1/jwks").await;
    api.get(&format!("/v1/clients/{cid}")).await;
    api.get("/v1/clients/client_nope").await; // 404
    let token = fake.client_token(&cid).unwrap();
    api.post("/v1/clients/verify", json!({"token": token}))
        .await;
    api.post("/v1/clients/verify", json!({"token": "nope"}))
        .await; // 404
    api.post("/v1/clients/verify", json!({})).await; // 400
    api.get("/v1/clients").await; // deprecated list, bare array in Seed mode
    api.get("/v1/clients?limit=1").await;
    api.post_empty(&format!("/v1/sessions/{sid}/revoke")).await;
    api.post_empty("/v1/sessions/sess_nope/revoke").await; // 404
    api.get(&format!("/v1/clients/{cid}")).await; // client with a revoked session
    api.post_empty(&format!("/v1/sessions/{sid}/tokens")).await; // 404: not active
    fake.set_legacy_endpoints(clerk_testing::LegacyEndpoints::Current);
    api.get("/v1/clients").await; // 410
    api.delete(&format!("/v1/users/{uid}")).await;
    api.delete(&format!("/v1/users/{uid}")).await; // 404
    api.get("/v1/sessions?paginated=true").await; // not in the spec: skipped below

    drive_identifications(&api, &uid2).await;
    drive_organizations(&api).await;
    drive_instance(&api).await;
    drive_machine(&api).await;

    // Unauthenticated calls answer the spec's 401.
    let anon = Api {
        key: "sk_test_wrong".into(),
        ..api.clone()
    };
    anon.get("/v1/users").await;
    anon.get(&format!("/v1/sessions/{sid}")).await;
    let exchanges = api.exchanges(); // `anon` shares the log

    let mut validated = 0;
    let mut operations = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for ex in &exchanges {
        if ex.path.contains("paginated=true") {
            continue; // the spec documents only the bare array (reference/openapi.md §4)
        }
        let op = spec
            .find_operation(&ex.method, &ex.path)
            .unwrap_or_else(|| panic!("no spec operation for {} {}", ex.method, ex.path));
        operations.insert(op.operation_id.clone().unwrap_or_default());
        let body: Value = serde_json::from_str(&ex.body).unwrap_or_else(|e| {
            panic!(
                "{} {} answered non-JSON ({e}): {}",
                ex.method, ex.path, ex.body
            )
        });
        if ex.status >= 400 {
            assert!(
                body["clerk_trace_id"].is_string(),
                "{} {}: {body}",
                ex.method,
                ex.path
            );
        }
        let violations = spec
            .validate_response(&ex.method, &ex.path, ex.status, &body)
            .unwrap();
        for v in violations {
            failures.push(format!("{} {} -> {}: {v}", ex.method, ex.path, ex.status));
        }
        validated += 1;
    }
    let modelled = modelled_operations(spec).await;
    let undriven: Vec<&String> = modelled.difference(&operations).collect();
    println!(
        "conformance: {} operations modelled, {} driven, {validated} responses validated, {} violations",
        modelled.len(),
        operations.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} violations:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        undriven.is_empty(),
        "modelled but never driven: {undriven:?}"
    );
    assert!(validated >= 240, "validated only {validated}");
    assert!(modelled.len() >= 100, "{modelled:?}");
}

/// Every operation of the spec the fake models: the ones that do not answer 501 when called
/// (with placeholder ids and an empty body) on a fresh fake.
async fn modelled_operations(spec: &Spec) -> std::collections::BTreeSet<String> {
    let fake = FakeClerk::start().await;
    let api = Api::new(&fake);
    let mut modelled = std::collections::BTreeSet::new();
    for op in spec.operations() {
        let path: String = op
            .path_template
            .split('/')
            .map(|s| {
                if s.starts_with('{') {
                    "x_placeholder"
                } else {
                    s
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let body = matches!(op.method.as_str(), "POST" | "PUT" | "PATCH").then(|| json!({}));
        let resp = api.call(&op.method, &format!("/v1{path}"), body).await;
        if resp.status != 501 {
            modelled.insert(op.operation_id.clone().unwrap_or_default());
        } else {
            assert_eq!(
                resp.json()["errors"][0]["meta"]["operation_id"],
                op.operation_id.clone().unwrap_or_default()
            );
        }
    }
    modelled
}

fn id_of(resp: fake_support::Resp) -> String {
    assert_eq!(resp.status, 200, "{}", resp.text);
    resp.json()["id"].as_str().unwrap().to_string()
}

async fn drive_identifications(api: &Api, uid: &str) {
    let email = api
        .post(
            "/v1/email_addresses",
            json!({"user_id": uid, "email_address": "extra@example.com", "verified": true}),
        )
        .await;
    let eid = id_of(email);
    api.post(
        "/v1/email_addresses",
        json!({"user_id": uid, "email_address": "extra@example.com"}),
    )
    .await; // 422
    api.post(
        "/v1/email_addresses",
        json!({"user_id": "user_nope", "email_address": "x@example.com"}),
    )
    .await; // 404
    api.get(&format!("/v1/email_addresses/{eid}")).await;
    api.get("/v1/email_addresses/idn_nope").await; // 404
    api.patch(
        &format!("/v1/email_addresses/{eid}"),
        json!({"primary": true}),
    )
    .await;
    api.patch("/v1/email_addresses/idn_nope", json!({})).await; // 404
    api.delete(&format!("/v1/email_addresses/{eid}")).await;
    api.delete(&format!("/v1/email_addresses/{eid}")).await; // 404
    let phone = api
        .post(
            "/v1/phone_numbers",
            json!({"user_id": uid, "phone_number": "+15550199", "primary": true}),
        )
        .await;
    let pid = id_of(phone);
    api.post(
        "/v1/phone_numbers",
        json!({"user_id": uid, "phone_number": "555"}),
    )
    .await; // 422
    api.get(&format!("/v1/phone_numbers/{pid}")).await;
    api.patch(
        &format!("/v1/phone_numbers/{pid}"),
        json!({"verified": true, "reserved_for_second_factor": true}),
    )
    .await;
    api.delete(&format!("/v1/phone_numbers/{pid}")).await;
    api.get(&format!("/v1/phone_numbers/{pid}")).await; // 404
    api.put(
        &format!("/v1/users/{uid}/email_address"),
        json!({"email_address": "replaced@example.com"}),
    )
    .await;
    api.put(&format!("/v1/users/{uid}/email_address"), json!({}))
        .await; // 422
    api.put(
        "/v1/users/user_nope/email_address",
        json!({"email_address": "a@b.co"}),
    )
    .await; // 404
    api.put(
        &format!("/v1/users/{uid}/phone_number"),
        json!({"phone_number": "+15550177", "identification_status": "reserved"}),
    )
    .await;
    api.post(
        &format!("/v1/users/{uid}/remove_password"),
        json!({"sign_out_of_other_sessions": true}),
    )
    .await;
    api.post_empty("/v1/users/user_nope/remove_password").await; // 404
    api.post("/v1/users/ban", json!({"user_ids": [uid]})).await;
    api.post("/v1/users/ban", json!({"user_ids": ["user_nope"]}))
        .await; // 400
    api.post("/v1/users/unban", json!({"user_ids": [uid]}))
        .await;
    api.get(&format!("/v1/users/{uid}")).await;
    api.get("/v1/users?web3_wallet=0x0000000000000000000000000000000000000000&order_by=web3wallet")
        .await;
}

async fn drive_organizations(api: &Api) {
    let owner = id_of(
        api.post(
            "/v1/users",
            json!({"email_address": ["owner@example.com"], "first_name": "O"}),
        )
        .await,
    );
    let member = id_of(api.post("/v1/users", json!({"username": "member"})).await);
    let org = id_of(
        api.post(
            "/v1/organizations",
            json!({"name": "Conformance", "created_by": owner, "public_metadata": {"a": 1}, "private_metadata": {"b": 2}}),
        )
        .await,
    );
    api.post(
        "/v1/organizations",
        json!({"name": "Dup", "slug": "conformance"}),
    )
    .await; // 422
    api.post("/v1/organizations", json!({})).await; // 422
    api.get("/v1/organizations").await;
    api.get(&format!(
        "/v1/organizations?include_members_count=true&include_missing_member_with_elevated_permissions=true&user_id={owner}&query=conf&order_by=-name"
    ))
    .await;
    api.get("/v1/organizations?order_by=nope").await; // 422
    api.get(&format!("/v1/organizations/{org}")).await;
    api.get("/v1/organizations/conformance?include_members_count=true")
        .await;
    api.get("/v1/organizations/org_nope").await; // 404
    api.patch(
        &format!("/v1/organizations/{org}"),
        json!({"name": "Conformance 2", "max_allowed_memberships": 10}),
    )
    .await;
    api.patch(
        &format!("/v1/organizations/{org}"),
        json!({"slug": "Bad Slug"}),
    )
    .await; // 422
    api.patch("/v1/organizations/org_nope", json!({})).await; // 404
    api.patch(
        &format!("/v1/organizations/{org}/metadata"),
        json!({"public_metadata": {"c": 3}}),
    )
    .await;
    api.put(
        &format!("/v1/organizations/{org}/metadata"),
        json!({"private_metadata": {}}),
    )
    .await;
    api.put("/v1/organizations/org_nope/metadata", json!({}))
        .await; // 404
    api.patch(
        &format!("/v1/organizations/{org}/metadata"),
        json!({"public_metadata": 1}),
    )
    .await; // 422

    // Permissions and roles.
    let perm = id_of(
        api.post(
            "/v1/organization_permissions",
            json!({"name": "Read reports", "key": "org:reports:read", "description": "Reads"}),
        )
        .await,
    );
    api.post(
        "/v1/organization_permissions",
        json!({"name": "x", "key": "bad"}),
    )
    .await; // 422
    api.get("/v1/organization_permissions").await;
    api.get("/v1/organization_permissions?query=reports&order_by=key")
        .await;
    api.get(&format!("/v1/organization_permissions/{perm}"))
        .await;
    api.get("/v1/organization_permissions/perm_nope").await; // 404
    api.patch(
        &format!("/v1/organization_permissions/{perm}"),
        json!({"description": "Reads reports"}),
    )
    .await;
    let role = id_of(
        api.post(
            "/v1/organization_roles",
            json!({"name": "Analyst", "key": "org:analyst", "description": "Analyses", "permissions": ["org:reports:read"]}),
        )
        .await,
    );
    api.post(
        "/v1/organization_roles",
        json!({"name": "x", "key": "org:analyst"}),
    )
    .await; // 422
    api.get("/v1/organization_roles").await;
    api.get("/v1/organization_roles?order_by=name&query=an")
        .await;
    api.get(&format!("/v1/organization_roles/{role}")).await;
    api.get("/v1/organization_roles/role_nope").await; // 404
    api.patch(
        &format!("/v1/organization_roles/{role}"),
        json!({"name": "Analyst 2"}),
    )
    .await;
    api.patch("/v1/organization_roles/role_nope", json!({}))
        .await; // 404
    api.delete(&format!("/v1/organization_roles/{role}/permissions/{perm}"))
        .await;
    api.delete(&format!("/v1/organization_roles/{role}/permissions/{perm}"))
        .await; // 422
    api.post_empty(&format!("/v1/organization_roles/{role}/permissions/{perm}"))
        .await;
    api.post_empty(&format!("/v1/organization_roles/{role}/permissions/{perm}"))
        .await; // 409

    // Memberships.
    let base = format!("/v1/organizations/{org}/memberships");
    api.post(
        &base,
        json!({"user_id": member, "role": "org:analyst", "public_metadata": {"m": 1}}),
    )
    .await;
    api.post(&base, json!({"user_id": member, "role": "org:member"}))
        .await; // 422
    api.post(&base, json!({"user_id": "user_nope", "role": "org:member"}))
        .await; // 404
    api.get(&base).await;
    api.get(&format!(
        "{base}?role=org:admin&order_by=email_address&query=o&limit=5"
    ))
    .await;
    api.get(&format!("{base}?order_by=nope")).await; // 422
    api.patch(&format!("{base}/{member}"), json!({"role": "org:member"}))
        .await;
    api.patch(&format!("{base}/user_nope"), json!({"role": "org:member"}))
        .await; // 404
    api.patch(&format!("{base}/{member}"), json!({"role": "org:nope"}))
        .await; // 422
    api.patch(
        &format!("{base}/{member}/metadata"),
        json!({"private_metadata": {"p": 1}}),
    )
    .await;
    api.patch(&format!("{base}/user_nope/metadata"), json!({}))
        .await; // 404
    api.get("/v1/organization_memberships").await;
    api.get("/v1/organization_memberships?order_by=-created_at&limit=1")
        .await;
    api.get(&format!("/v1/users/{member}/organization_memberships"))
        .await;
    api.get(&format!("/v1/users?organization_id={org}")).await;
    api.get(&format!("/v1/users/count?organization_id={org}"))
        .await;

    // Session with an active organization, tokens.
    let s = api
        .post(
            "/v1/sessions",
            json!({"user_id": member, "active_organization_id": org}),
        )
        .await
        .json();
    let sid = s["id"].as_str().unwrap().to_string();
    api.post_empty(&format!("/v1/sessions/{sid}/tokens")).await;
    api.post(
        "/v1/sessions",
        json!({"user_id": owner, "active_organization_id": "org_nope"}),
    )
    .await; // 404

    // Invitations.
    let inv_base = format!("/v1/organizations/{org}/invitations");
    let inv = id_of(
        api.post(
            &inv_base,
            json!({"email_address": "invitee@example.com", "role": "org:member", "inviter_user_id": owner, "redirect_url": "https://app.example.com/accept"}),
        )
        .await,
    );
    api.post(
        &inv_base,
        json!({"email_address": "other@example.com", "role": "org:admin"}),
    )
    .await;
    api.post(
        &inv_base,
        json!({"email_address": "invitee@example.com", "role": "org:member"}),
    )
    .await; // 422
    api.post(
        "/v1/organizations/org_nope/invitations",
        json!({"email_address": "a@b.co", "role": "org:member"}),
    )
    .await; // 404
    api.call(
        "POST",
        &format!("{inv_base}/bulk"),
        Some(json!([{"email_address": "bulk1@example.com", "role": "org:member"}])),
    )
    .await;
    api.call(
        "POST",
        &format!("{inv_base}/bulk"),
        Some(json!([{"email_address": "bad", "role": "org:member"}])),
    )
    .await; // 422
    api.get(&inv_base).await;
    api.get(&format!("{inv_base}?status=pending&order_by=email_address"))
        .await;
    api.get(&format!("{inv_base}?status=nope")).await; // 422
    api.get(&format!("{inv_base}/pending")).await;
    api.get(&format!("{inv_base}/{inv}")).await;
    api.get(&format!("{inv_base}/orginv_nope")).await; // 404
    api.post(
        &format!("{inv_base}/{inv}/revoke"),
        json!({"requesting_user_id": owner}),
    )
    .await;
    api.post_empty(&format!("{inv_base}/{inv}/revoke")).await; // 400
    api.get("/v1/organization_invitations").await;
    api.get("/v1/organization_invitations?status=revoked&query=invitee")
        .await;
    api.get("/v1/organization_invitations?status=nope").await; // 422
    api.get(&format!("/v1/users/{owner}/organization_invitations"))
        .await;
    api.get("/v1/users/user_nope/organization_invitations")
        .await; // 404

    // Clean-up paths.
    api.delete(&format!("/v1/organization_roles/{role}")).await; // 422: in use
    api.delete(&format!("{base}/{member}")).await;
    api.delete(&format!("{base}/{member}")).await; // 404
    api.delete(&format!("/v1/organization_roles/{role}")).await;
    api.delete("/v1/organization_roles/role_nope").await; // 404
    api.delete(&format!("/v1/organization_permissions/{perm}"))
        .await;
    api.delete("/v1/organization_permissions/perm_nope").await; // 404
    api.delete(&format!("/v1/organizations/{org}")).await;
    api.delete(&format!("/v1/organizations/{org}")).await; // 404
}

async fn drive_instance(api: &Api) {
    let uid = id_of(api.post("/v1/users", json!({"username": "instance"})).await);
    let sid = api
        .post("/v1/sessions", json!({"user_id": uid}))
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_string();

    // JWT templates.
    let tpl = id_of(
        api.post(
            "/v1/jwt_templates",
            json!({"name": "conf", "claims": {"u": "{{user.id}}"}}),
        )
        .await,
    );
    api.post("/v1/jwt_templates", json!({"name": "conf", "claims": {}}))
        .await; // 422
    api.get("/v1/jwt_templates").await;
    api.get(&format!("/v1/jwt_templates/{tpl}")).await;
    api.get("/v1/jwt_templates/jtmp_nope").await; // 404
    api.patch(
        &format!("/v1/jwt_templates/{tpl}"),
        json!({"name": "conf2", "claims": {"x": 1}, "lifetime": 120}),
    )
    .await;
    api.patch(
        &format!("/v1/jwt_templates/{tpl}"),
        json!({"name": "conf2", "claims": {"iss": 1}}),
    )
    .await; // 422
    api.post_empty(&format!("/v1/sessions/{sid}/tokens/conf2"))
        .await;
    api.delete(&format!("/v1/jwt_templates/{tpl}")).await;
    api.delete(&format!("/v1/jwt_templates/{tpl}")).await; // 404

    // Invitations.
    let inv = id_of(
        api.post(
            "/v1/invitations",
            json!({"email_address": "guest@example.com", "public_metadata": {"k": 1}}),
        )
        .await,
    );
    api.post(
        "/v1/invitations",
        json!({"email_address": "guest@example.com"}),
    )
    .await; // 422
    api.post("/v1/invitations", json!({})).await; // 422
    api.call(
        "POST",
        "/v1/invitations/bulk",
        Some(json!([{"email_address": "g1@example.com"}, {"email_address": "g2@example.com", "expires_in_days": 3}])),
    )
    .await;
    api.call(
        "POST",
        "/v1/invitations/bulk",
        Some(json!([{"email_address": "nope"}])),
    )
    .await; // 422
    api.get("/v1/invitations").await;
    api.get("/v1/invitations?status=pending&query=g&order_by=email_address&limit=2")
        .await;
    api.post_empty(&format!("/v1/invitations/{inv}/revoke"))
        .await;
    api.post_empty(&format!("/v1/invitations/{inv}/revoke"))
        .await; // 400
    api.post_empty("/v1/invitations/inv_nope/revoke").await; // 404

    // Allow and block lists.
    for list in ["allowlist_identifiers", "blocklist_identifiers"] {
        let id = id_of(
            api.post(
                &format!("/v1/{list}"),
                json!({"identifier": "someone@example.com"}),
            )
            .await,
        );
        api.post(
            &format!("/v1/{list}"),
            json!({"identifier": "someone@example.com"}),
        )
        .await; // 422
        api.post(&format!("/v1/{list}"), json!({"identifier": "+15550123"}))
            .await;
        api.get(&format!("/v1/{list}")).await;
        api.delete(&format!("/v1/{list}/{id}")).await;
        api.delete(&format!("/v1/{list}/{id}")).await; // 404
    }

    // Redirect URLs.
    let ru = id_of(
        api.post(
            "/v1/redirect_urls",
            json!({"url": "https://app.example.com/cb"}),
        )
        .await,
    );
    api.post("/v1/redirect_urls", json!({"url": "nope"})).await; // 422
    api.get("/v1/redirect_urls").await;
    api.get(&format!("/v1/redirect_urls/{ru}")).await;
    api.get("/v1/redirect_urls/ru_nope").await; // 404
    api.delete(&format!("/v1/redirect_urls/{ru}")).await;
    api.delete(&format!("/v1/redirect_urls/{ru}")).await; // 404

    // Domains.
    let domains = api.get("/v1/domains").await.json();
    let primary = domains["data"][0]["id"].as_str().unwrap().to_string();
    let dmn = id_of(
        api.post("/v1/domains", json!({"name": "sat.example.com", "is_satellite": true, "proxy_url": "https://sat.example.com/__clerk"}))
            .await,
    );
    api.post(
        "/v1/domains",
        json!({"name": "sat.example.com", "is_satellite": true}),
    )
    .await; // 422
    api.patch(
        &format!("/v1/domains/{dmn}"),
        json!({"name": "sat2.example.com", "proxy_url": null}),
    )
    .await;
    api.patch(&format!("/v1/domains/{dmn}"), json!({"name": "bad domain"}))
        .await; // 422
    api.delete(&format!("/v1/domains/{primary}")).await; // 403
    api.delete(&format!("/v1/domains/{dmn}")).await;
    api.delete(&format!("/v1/domains/{dmn}")).await; // 404

    // Sign-in tokens.
    let sit = id_of(
        api.post(
            "/v1/sign_in_tokens",
            json!({"user_id": uid, "expires_in_seconds": 60}),
        )
        .await,
    );
    api.post("/v1/sign_in_tokens", json!({"user_id": "user_nope"}))
        .await; // 404
    api.post("/v1/sign_in_tokens", json!({})).await; // 422
    api.post_empty(&format!("/v1/sign_in_tokens/{sit}/revoke"))
        .await;
    api.post_empty(&format!("/v1/sign_in_tokens/{sit}/revoke"))
        .await; // 400
    api.post_empty("/v1/sign_in_tokens/sit_nope/revoke").await; // 404

    // Actor and testing tokens.
    let act = id_of(
        api.post(
            "/v1/actor_tokens",
            json!({"user_id": uid, "actor": {"sub": "user_support"}, "expires_in_seconds": 600}),
        )
        .await,
    );
    api.post("/v1/actor_tokens", json!({"user_id": uid})).await; // 422
    api.post(
        "/v1/actor_tokens",
        json!({"user_id": "user_nope", "actor": {"sub": "x"}}),
    )
    .await; // 422
    api.post_empty(&format!("/v1/actor_tokens/{act}/revoke"))
        .await;
    api.post_empty(&format!("/v1/actor_tokens/{act}/revoke"))
        .await; // 400
    api.post_empty("/v1/actor_tokens/act_nope/revoke").await; // 404
    api.post_empty("/v1/testing_tokens").await;
}

async fn drive_machine(api: &Api) {
    let uid = id_of(api.post("/v1/users", json!({"username": "machine"})).await);
    let m2m = api
        .post(
            "/v1/m2m_tokens",
            json!({"seconds_until_expiration": 120, "claims": {"k": 1}}),
        )
        .await
        .json();
    let token = m2m["token"].as_str().unwrap().to_string();
    let mid = m2m["id"].as_str().unwrap().to_string();
    let subject = m2m["subject"].as_str().unwrap().to_string();
    api.post("/v1/m2m_tokens", json!({"token_format": "jwt"}))
        .await;
    api.post("/v1/m2m_tokens", json!({"token_format": "nope"}))
        .await; // 400
    api.get(&format!("/v1/m2m_tokens?subject={subject}")).await;
    api.get(&format!(
        "/v1/m2m_tokens?subject={subject}&revoked=true&expired=true&limit=5"
    ))
    .await;
    api.get("/v1/m2m_tokens").await; // 400
    api.post("/v1/m2m_tokens/verify", json!({"token": token}))
        .await;
    api.post("/v1/m2m_tokens/verify", json!({"token": "mt_nope"}))
        .await; // 404
    api.post(
        &format!("/v1/m2m_tokens/{mid}/revoke"),
        json!({"revocation_reason": "done"}),
    )
    .await;
    api.post_empty("/v1/m2m_tokens/mt_nope/revoke").await; // 404

    let key = api
        .post("/v1/api_keys", json!({"name": "conf", "subject": uid, "scopes": ["a"], "claims": {"c": 1}, "description": "d"}))
        .await
        .json();
    let kid = key["id"].as_str().unwrap().to_string();
    let secret = key["secret"].as_str().unwrap().to_string();
    api.post("/v1/api_keys", json!({"name": "conf", "subject": uid}))
        .await; // 409
    api.post("/v1/api_keys", json!({"name": "x"})).await; // 400
    api.get("/v1/api_keys").await;
    api.get(&format!(
        "/v1/api_keys?subject={uid}&include_invalid=true&query=con"
    ))
    .await;
    api.get(&format!("/v1/api_keys/{kid}")).await;
    api.get("/v1/api_keys/ak_nope").await; // 404
    api.get(&format!("/v1/api_keys/{kid}/secret")).await;
    api.get("/v1/api_keys/ak_nope/secret").await; // 404
    api.patch(
        &format!("/v1/api_keys/{kid}"),
        json!({"scopes": ["a", "b"], "seconds_until_expiration": 600}),
    )
    .await;
    api.patch("/v1/api_keys/ak_nope", json!({})).await; // 404
    api.post("/v1/api_keys/verify", json!({"secret": secret}))
        .await;
    api.post("/v1/api_keys/verify", json!({"secret": "ak_nope"}))
        .await; // 404
    api.post(
        &format!("/v1/api_keys/{kid}/revoke"),
        json!({"revocation_reason": "r"}),
    )
    .await;
    api.post_empty("/v1/api_keys/ak_nope/revoke").await; // 404
    api.delete(&format!("/v1/api_keys/{kid}")).await;
    api.delete(&format!("/v1/api_keys/{kid}")).await; // 404
}
