//! Organizations, memberships, roles and permissions, organization invitations, and the
//! organization claims of session tokens, over real HTTP.

mod fake_support;

use std::time::Duration;

use clerk_testing::{Clock, FakeClerk};
use fake_support::{Api, Resp, verify_jwt};
use serde_json::{Value, json};

const T0: i64 = 1_750_000_000_000;

async fn setup() -> (FakeClerk, Api) {
    let fake = FakeClerk::builder().clock(Clock::fixed(T0)).start().await;
    let api = Api::new(&fake);
    (fake, api)
}

fn err(resp: &Resp, status: u16, code: &str) {
    assert_eq!(resp.status, status, "{}", resp.text);
    let body = resp.json();
    assert_eq!(body["errors"][0]["code"], code, "{body}");
    assert!(body["clerk_trace_id"].is_string(), "{body}");
}

fn ok(resp: Resp) -> Value {
    assert_eq!(resp.status, 200, "{}", resp.text);
    resp.json()
}

async fn user(api: &Api, email: &str) -> String {
    let u = ok(api
        .post(
            "/v1/users",
            json!({"email_address": [email], "first_name": email.split('@').next()}),
        )
        .await);
    u["id"].as_str().unwrap().to_string()
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn organizations_crud_slugs_and_metadata() {
    let (_fake, api) = setup().await;
    let owner = user(&api, "owner@example.com").await;

    let acme = ok(api
        .post(
            "/v1/organizations",
            json!({"name": "Acme Inc.", "created_by": owner, "public_metadata": {"plan": "pro", "nested": {"a": 1}}}),
        )
        .await);
    assert_eq!(acme["object"], "organization");
    assert_eq!(acme["slug"], "acme-inc", "slug derived from the name");
    assert_eq!(acme["created_by"], owner.as_str());
    assert_eq!(acme["max_allowed_memberships"], 0);
    assert_eq!(acme["admin_delete_enabled"], true);
    let acme_id = id(&acme);

    // Slug uniqueness: explicit duplicate is 422; a derived slug gets a suffix.
    err(
        &api.post(
            "/v1/organizations",
            json!({"name": "Other", "slug": "acme-inc"}),
        )
        .await,
        422,
        "form_identifier_exists",
    );
    let second = ok(api
        .post("/v1/organizations", json!({"name": "Acme Inc"}))
        .await);
    assert_eq!(second["slug"], "acme-inc-2");
    err(
        &api.post("/v1/organizations", json!({"slug": "x"})).await,
        422,
        "form_param_missing",
    );
    err(
        &api.post(
            "/v1/organizations",
            json!({"name": "Bad", "slug": "Not Valid"}),
        )
        .await,
        422,
        "form_param_format_invalid",
    );
    err(
        &api.post(
            "/v1/organizations",
            json!({"name": "N", "created_by": "user_nope"}),
        )
        .await,
        422,
        "form_param_value_invalid",
    );
    err(
        &api.patch(
            &format!("/v1/organizations/{}", id(&second)),
            json!({"slug": "acme-inc"}),
        )
        .await,
        422,
        "form_identifier_exists",
    );

    // Get by id or slug; members_count only when asked for.
    let got = ok(api.get("/v1/organizations/acme-inc").await);
    assert_eq!(got["id"], acme_id.as_str());
    assert!(got.get("members_count").is_none());
    let counted = ok(api
        .get(&format!(
            "/v1/organizations/{acme_id}?include_members_count=true"
        ))
        .await);
    assert_eq!(
        counted["members_count"], 1,
        "the creator is an admin member"
    );
    err(
        &api.get("/v1/organizations/org_nope").await,
        404,
        "resource_not_found",
    );

    // Update.
    let updated = ok(api
        .patch(
            &format!("/v1/organizations/{acme_id}"),
            json!({"name": "Acme", "max_allowed_memberships": 3, "admin_delete_enabled": false}),
        )
        .await);
    assert_eq!(updated["name"], "Acme");
    assert_eq!(updated["max_allowed_memberships"], 3);
    assert_eq!(updated["admin_delete_enabled"], false);
    err(
        &api.patch(&format!("/v1/organizations/{acme_id}"), json!({"bogus": 1}))
            .await,
        422,
        "form_param_unknown",
    );

    // Metadata: PATCH merges deeply (null removes), PUT replaces.
    let merged = ok(api
        .patch(
            &format!("/v1/organizations/{acme_id}/metadata"),
            json!({"public_metadata": {"nested": {"b": 2}, "plan": null}, "private_metadata": {"secret": true}}),
        )
        .await);
    assert_eq!(
        merged["public_metadata"],
        json!({"nested": {"a": 1, "b": 2}})
    );
    assert_eq!(merged["private_metadata"], json!({"secret": true}));
    let replaced = ok(api
        .put(
            &format!("/v1/organizations/{acme_id}/metadata"),
            json!({"public_metadata": {"only": 1}}),
        )
        .await);
    assert_eq!(replaced["public_metadata"], json!({"only": 1}));
    assert_eq!(replaced["private_metadata"], json!({"secret": true}));

    // List: ordering, query, user filter, counts.
    let list = ok(api.get("/v1/organizations").await);
    assert_eq!(list["total_count"], 2);
    assert_eq!(list["data"][0]["id"], id(&second).as_str(), "newest first");
    let by_name = ok(api
        .get("/v1/organizations?order_by=name&include_members_count=true")
        .await);
    assert_eq!(by_name["data"][0]["name"], "Acme");
    assert_eq!(by_name["data"][0]["members_count"], 1);
    assert_eq!(by_name["data"][1]["members_count"], 0);
    let mine = ok(api.get(&format!("/v1/organizations?user_id={owner}")).await);
    assert_eq!(mine["total_count"], 1);
    assert_eq!(mine["data"][0]["id"], acme_id.as_str());
    let q = ok(api.get("/v1/organizations?query=INC-2").await);
    assert_eq!(q["total_count"], 1);
    let excluded = ok(api
        .get(&format!("/v1/organizations?organization_id=-{acme_id}"))
        .await);
    assert_eq!(excluded["total_count"], 1);
    let by_members = ok(api.get("/v1/organizations?order_by=-members_count").await);
    assert_eq!(by_members["data"][0]["id"], acme_id.as_str());
    err(
        &api.get("/v1/organizations?order_by=bogus").await,
        422,
        "form_param_value_invalid",
    );
    let paged = ok(api.get("/v1/organizations?limit=1&offset=1").await);
    assert_eq!(paged["data"].as_array().unwrap().len(), 1);
    assert_eq!(paged["total_count"], 2);

    // Delete.
    let gone = ok(api.delete(&format!("/v1/organizations/{acme_id}")).await);
    assert_eq!(
        gone,
        json!({"object": "organization", "id": acme_id, "slug": "acme-inc", "deleted": true})
    );
    err(
        &api.delete(&format!("/v1/organizations/{acme_id}")).await,
        404,
        "resource_not_found",
    );
    let memberships = ok(api
        .get(&format!("/v1/users/{owner}/organization_memberships"))
        .await);
    assert_eq!(
        memberships["total_count"], 0,
        "memberships go with the organization"
    );
}

#[tokio::test]
async fn memberships_roles_and_permissions() {
    let (_fake, api) = setup().await;
    let ada = user(&api, "ada@example.com").await;
    let bob = user(&api, "bob@example.com").await;
    let cy = user(&api, "cy@example.com").await;
    let org = id(&ok(api
        .post(
            "/v1/organizations",
            json!({"name": "Org", "max_allowed_memberships": 2}),
        )
        .await));
    let base = format!("/v1/organizations/{org}/memberships");

    let m = ok(api
        .post(&base, json!({"user_id": ada, "role": "org:admin"}))
        .await);
    assert_eq!(m["object"], "organization_membership");
    assert_eq!(m["role"], "org:admin");
    assert_eq!(m["role_name"], "Admin");
    let perms: Vec<&str> = m["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(perms.contains(&"org:sys_memberships:manage"), "{perms:?}");
    assert!(perms.contains(&"org:sys_profile:delete"));
    assert_eq!(m["organization"]["id"], org.as_str());
    assert_eq!(m["organization"]["members_count"], 1);
    assert_eq!(m["public_user_data"]["user_id"], ada.as_str());
    assert_eq!(m["public_user_data"]["identifier"], "ada@example.com");

    let m = ok(api
        .post(&base, json!({"user_id": bob, "role": "org:member"}))
        .await);
    assert_eq!(m["permissions"], json!(["org:sys_memberships:read"]));
    assert_eq!(m["role_name"], "Member");

    err(
        &api.post(&base, json!({"user_id": bob, "role": "org:member"}))
            .await,
        422,
        "already_a_member_in_organization",
    );
    err(
        &api.post(&base, json!({"user_id": cy, "role": "org:member"}))
            .await,
        403,
        "organization_membership_quota_exceeded",
    );
    err(
        &api.post(&base, json!({"user_id": cy})).await,
        422,
        "form_param_missing",
    );
    err(
        &api.post(&base, json!({"user_id": "user_nope", "role": "org:member"}))
            .await,
        404,
        "resource_not_found",
    );
    err(
        &api.post(
            "/v1/organizations/org_nope/memberships",
            json!({"user_id": cy, "role": "org:member"}),
        )
        .await,
        404,
        "resource_not_found",
    );
    api.patch(
        &format!("/v1/organizations/{org}"),
        json!({"max_allowed_memberships": 0}),
    )
    .await;
    err(
        &api.post(&base, json!({"user_id": cy, "role": "org:nope"}))
            .await,
        422,
        "form_param_value_invalid",
    );

    // Custom permission and role.
    let perm = ok(api
        .post(
            "/v1/organization_permissions",
            json!({"name": "Read reports", "key": "org:reports:read", "description": "r"}),
        )
        .await);
    assert_eq!(perm["type"], "user");
    err(
        &api.post(
            "/v1/organization_permissions",
            json!({"name": "x", "key": "reports:read"}),
        )
        .await,
        422,
        "form_param_format_invalid",
    );
    err(
        &api.post(
            "/v1/organization_permissions",
            json!({"name": "x", "key": "org:reports:read"}),
        )
        .await,
        422,
        "form_identifier_exists",
    );
    let role = ok(api
        .post(
            "/v1/organization_roles",
            json!({"name": "Analyst", "key": "org:analyst", "permissions": ["org:reports:read", "org:sys_memberships:read"]}),
        )
        .await);
    assert_eq!(role["object"], "role");
    assert_eq!(role["permissions"].as_array().unwrap().len(), 2);
    assert_eq!(role["permissions"][0]["key"], "org:reports:read");
    let m = ok(api
        .post(&base, json!({"user_id": cy, "role": "org:analyst"}))
        .await);
    assert_eq!(m["role_name"], "Analyst");
    assert_eq!(
        m["permissions"],
        json!(["org:reports:read", "org:sys_memberships:read"])
    );

    // Assign / remove a permission on the role; memberships follow.
    let perm2 = ok(api
        .post(
            "/v1/organization_permissions",
            json!({"name": "Write reports", "key": "org:reports:write"}),
        )
        .await);
    let role_id = id(&role);
    let r = ok(api
        .post_empty(&format!(
            "/v1/organization_roles/{role_id}/permissions/{}",
            id(&perm2)
        ))
        .await);
    assert_eq!(r["permissions"].as_array().unwrap().len(), 3);
    err(
        &api.post_empty(&format!(
            "/v1/organization_roles/{role_id}/permissions/{}",
            id(&perm2)
        ))
        .await,
        409,
        "duplicate_record",
    );
    let listed = ok(api.get(&format!("{base}?role=org:analyst")).await);
    assert_eq!(listed["total_count"], 1);
    assert!(
        listed["data"][0]["permissions"]
            .as_array()
            .unwrap()
            .contains(&json!("org:reports:write"))
    );
    ok(api
        .delete(&format!(
            "/v1/organization_roles/{role_id}/permissions/{}",
            id(&perm2)
        ))
        .await);
    err(
        &api.delete(&format!("/v1/organization_roles/{role_id}"))
            .await,
        422,
        "organization_role_in_use",
    );
    let roles = ok(api.get("/v1/organization_roles?order_by=key").await);
    let keys: Vec<&str> = roles["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["org:admin", "org:analyst", "org:member"]);
    let system = ok(api
        .get("/v1/organization_permissions?query=sys_&limit=100")
        .await);
    assert_eq!(system["total_count"], 8);
    err(
        &api.delete(&format!(
            "/v1/organization_permissions/{}",
            system["data"][0]["id"].as_str().unwrap()
        ))
        .await,
        403,
        "operation_not_allowed",
    );

    // Update role and metadata; list filters; delete.
    let m = ok(api
        .patch(&format!("{base}/{bob}"), json!({"role": "org:admin"}))
        .await);
    assert_eq!(m["role"], "org:admin");
    err(
        &api.patch(&format!("{base}/user_nope"), json!({"role": "org:admin"}))
            .await,
        404,
        "resource_not_found",
    );
    let m = ok(api
        .patch(
            &format!("{base}/{bob}/metadata"),
            json!({"public_metadata": {"a": {"b": 1}}, "private_metadata": {"p": 1}}),
        )
        .await);
    let m2 = ok(api
        .patch(
            &format!("{base}/{bob}/metadata"),
            json!({"public_metadata": {"a": {"c": 2}}}),
        )
        .await);
    assert_eq!(m["private_metadata"], json!({"p": 1}));
    assert_eq!(m2["public_metadata"], json!({"a": {"b": 1, "c": 2}}));

    let all = ok(api.get(&base).await);
    assert_eq!(all["total_count"], 3);
    assert_eq!(
        all["data"][0]["public_user_data"]["user_id"],
        cy.as_str(),
        "newest first"
    );
    let admins = ok(api
        .get(&format!("{base}?role=org:admin&order_by=email_address"))
        .await);
    assert_eq!(admins["total_count"], 2);
    assert_eq!(
        admins["data"][0]["public_user_data"]["identifier"],
        "ada@example.com"
    );
    let q = ok(api.get(&format!("{base}?query=bob")).await);
    assert_eq!(q["total_count"], 1);
    let e = ok(api
        .get(&format!("{base}?email_address=CY@example.com"))
        .await);
    assert_eq!(e["total_count"], 1);
    let u = ok(api
        .get(&format!("{base}?user_id={ada}&user_id={bob}"))
        .await);
    assert_eq!(u["total_count"], 2);
    let instance = ok(api.get("/v1/organization_memberships").await);
    assert_eq!(instance["total_count"], 3);
    let users = ok(api
        .get(&format!(
            "/v1/users?organization_id={org}&order_by=created_at"
        ))
        .await);
    assert_eq!(users.as_array().unwrap().len(), 3);
    let count = ok(api
        .get(&format!("/v1/users/count?organization_id=-{org}"))
        .await);
    assert_eq!(count["total_count"], 0);

    let removed = ok(api.delete(&format!("{base}/{cy}")).await);
    assert_eq!(removed["public_user_data"]["user_id"], cy.as_str());
    err(
        &api.delete(&format!("{base}/{cy}")).await,
        404,
        "resource_not_found",
    );
    let mine = ok(api
        .get(&format!("/v1/users/{ada}/organization_memberships"))
        .await);
    assert_eq!(mine["total_count"], 1);
    assert_eq!(mine["data"][0]["organization"]["id"], org.as_str());

    // Deleting a user removes their memberships.
    ok(api.delete(&format!("/v1/users/{bob}")).await);
    assert_eq!(ok(api.get(&base).await)["total_count"], 1);
}

#[tokio::test]
async fn organization_invitations_move_through_their_statuses() {
    let (fake, api) = setup().await;
    let admin = user(&api, "admin@example.com").await;
    let org = id(&ok(api
        .post(
            "/v1/organizations",
            json!({"name": "Inviting", "created_by": admin}),
        )
        .await));
    let base = format!("/v1/organizations/{org}/invitations");

    let inv = ok(api
        .post(
            &base,
            json!({"email_address": "new@example.com", "role": "org:member", "inviter_user_id": admin,
                   "redirect_url": "https://app.example.com/accept", "public_metadata": {"k": 1}}),
        )
        .await);
    assert_eq!(inv["object"], "organization_invitation");
    assert_eq!(inv["status"], "pending");
    assert_eq!(inv["role_name"], "Member");
    assert_eq!(inv["public_inviter_data"]["user_id"], admin.as_str());
    assert_eq!(
        inv["expires_at"].as_i64().unwrap() - inv["created_at"].as_i64().unwrap(),
        30 * 86_400_000,
        "30 days by default"
    );
    let inv_id = id(&inv);

    err(
        &api.post(
            &base,
            json!({"email_address": "new@example.com", "role": "org:member"}),
        )
        .await,
        422,
        "duplicate_record",
    );
    err(
        &api.post(
            &base,
            json!({"email_address": "admin@example.com", "role": "org:member"}),
        )
        .await,
        422,
        "already_a_member_in_organization",
    );
    err(
        &api.post(
            &base,
            json!({"email_address": "nope", "role": "org:member"}),
        )
        .await,
        422,
        "form_param_format_invalid",
    );
    err(
        &api.post(&base, json!({"email_address": "x@example.com"}))
            .await,
        422,
        "form_param_missing",
    );

    // Bulk is all or nothing.
    err(
        &api.call(
            "POST",
            &format!("{base}/bulk"),
            Some(json!([{"email_address": "b1@example.com", "role": "org:member"}, {"email_address": "bad", "role": "org:member"}])),
        )
        .await,
        422,
        "form_param_format_invalid",
    );
    let bulk = ok(api
        .call(
            "POST",
            &format!("{base}/bulk"),
            Some(json!([{"email_address": "b1@example.com", "role": "org:member"}, {"email_address": "b2@example.com", "role": "org:admin"}])),
        )
        .await);
    assert_eq!(bulk["total_count"], 2);

    let got = ok(api.get(&format!("{base}/{inv_id}")).await);
    assert_eq!(got["email_address"], "new@example.com");
    assert_eq!(ok(api.get(&base).await)["total_count"], 3);
    assert_eq!(
        ok(api.get(&format!("{base}/pending")).await)["total_count"],
        3
    );

    // Revoke: pending -> revoked, then not again.
    let b1 = bulk["data"][0]["id"].as_str().unwrap();
    let revoked = ok(api.post_empty(&format!("{base}/{b1}/revoke")).await);
    assert_eq!(revoked["status"], "revoked");
    err(
        &api.post_empty(&format!("{base}/{b1}/revoke")).await,
        400,
        "invitation_not_pending",
    );
    assert_eq!(
        ok(api.get(&format!("{base}?status=revoked")).await)["total_count"],
        1
    );

    // Accept: the invitee becomes a member (here by adding the membership).
    let invitee = user(&api, "new@example.com").await;
    let user_invs = ok(api
        .get(&format!("/v1/users/{invitee}/organization_invitations"))
        .await);
    assert_eq!(user_invs["total_count"], 1);
    assert_eq!(
        user_invs["data"][0]["public_organization_data"]["slug"],
        "inviting"
    );
    ok(api
        .post(
            &format!("/v1/organizations/{org}/memberships"),
            json!({"user_id": invitee, "role": "org:member"}),
        )
        .await);
    assert_eq!(
        ok(api.get(&format!("{base}/{inv_id}")).await)["status"],
        "accepted"
    );
    err(
        &api.post_empty(&format!("{base}/{inv_id}/revoke")).await,
        400,
        "invitation_not_pending",
    );

    // Expiry through the clock.
    fake.clock().advance(Duration::from_secs(31 * 86_400));
    let b2 = bulk["data"][1]["id"].as_str().unwrap();
    assert_eq!(
        ok(api.get(&format!("{base}/{b2}")).await)["status"],
        "expired"
    );
    assert_eq!(
        ok(api.get(&format!("{base}/pending")).await)["total_count"],
        0
    );
    let all = ok(api.get("/v1/organization_invitations?status=expired").await);
    assert_eq!(all["total_count"], 1);
    assert_eq!(
        all["data"][0]["public_organization_data"]["id"],
        org.as_str()
    );
    err(
        &api.get("/v1/organization_invitations?status=bogus").await,
        422,
        "form_param_value_invalid",
    );
}

#[tokio::test]
async fn session_tokens_carry_v2_organization_claims() {
    let (fake, api) = setup().await;
    let uid = user(&api, "tok@example.com").await;
    let org = ok(api
        .post(
            "/v1/organizations",
            json!({"name": "Claims Co", "slug": "claims"}),
        )
        .await);
    let org_id = id(&org);
    for (key, name) in [
        ("org:billing:read", "Billing read"),
        ("org:billing:manage", "Billing manage"),
        ("org:reports:read", "Reports read"),
    ] {
        ok(api
            .post(
                "/v1/organization_permissions",
                json!({"name": name, "key": key}),
            )
            .await);
    }
    ok(api
        .post(
            "/v1/organization_roles",
            json!({"name": "Finance", "key": "org:finance",
                   "permissions": ["org:billing:read", "org:billing:manage", "org:reports:read", "org:sys_memberships:read"]}),
        )
        .await);
    ok(api
        .post(
            &format!("/v1/organizations/{org_id}/memberships"),
            json!({"user_id": uid, "role": "org:finance"}),
        )
        .await);

    // A session without an active organization: no org claims.
    let plain = ok(api.post("/v1/sessions", json!({"user_id": uid})).await);
    let jwt = ok(api
        .post_empty(&format!("/v1/sessions/{}/tokens", id(&plain)))
        .await);
    let (header, claims) = verify_jwt(jwt["jwt"].as_str().unwrap(), &fake.jwks_json());
    assert_eq!(header["alg"], "RS256");
    let iat = T0 / 1000;
    assert_eq!(claims["iat"], iat);
    assert_eq!(claims["nbf"], iat - 10);
    assert_eq!(claims["exp"], iat + 60);
    assert_eq!(claims["v"], 2);
    assert_eq!(claims["sts"], "active");
    assert_eq!(claims["sub"], uid.as_str());
    assert_eq!(claims["sid"], plain["id"]);
    assert_eq!(claims["fva"], json!([0, -1]));
    assert!(claims.get("azp").is_none());
    assert!(claims.get("o").is_none());
    assert!(claims.get("fea").is_none());

    // With the organization active.
    let s = ok(api
        .post(
            "/v1/sessions",
            json!({"user_id": uid, "active_organization_id": org_id}),
        )
        .await);
    assert_eq!(s["last_active_organization_id"], org_id.as_str());
    let jwt = ok(api
        .post(
            &format!("/v1/sessions/{}/tokens", id(&s)),
            json!({"expires_in_seconds": 300}),
        )
        .await);
    let (_, claims) = verify_jwt(jwt["jwt"].as_str().unwrap(), &fake.jwks_json());
    assert_eq!(claims["exp"], iat + 300);
    assert_eq!(
        claims["o"],
        json!({"id": org_id, "slg": "claims", "rol": "finance", "per": "manage,read", "fpm": "3,2"})
    );
    assert_eq!(claims["fea"], "o:billing,o:reports");

    // Decode like clerk-js: org:<feature>:<per[i]> for every set bit of fpm.
    let per: Vec<&str> = claims["o"]["per"].as_str().unwrap().split(',').collect();
    let mut rebuilt = Vec::new();
    for (feature, mask) in claims["fea"]
        .as_str()
        .unwrap()
        .split(',')
        .zip(claims["o"]["fpm"].as_str().unwrap().split(','))
    {
        let mask: u32 = mask.parse().unwrap();
        for (i, p) in per.iter().enumerate() {
            if mask & (1 << i) != 0 {
                rebuilt.push(format!("org:{}:{p}", feature.trim_start_matches("o:")));
            }
        }
    }
    rebuilt.sort();
    assert_eq!(
        rebuilt,
        ["org:billing:manage", "org:billing:read", "org:reports:read"]
    );

    // Active organization must be one of the user's.
    let other = id(&ok(api
        .post("/v1/organizations", json!({"name": "Other"}))
        .await));
    err(
        &api.post(
            "/v1/sessions",
            json!({"user_id": uid, "active_organization_id": other}),
        )
        .await,
        422,
        "not_a_member_in_organization",
    );

    // Admins carry no custom permissions: only id, slug and role.
    let admin = user(&api, "boss@example.com").await;
    ok(api
        .post(
            &format!("/v1/organizations/{org_id}/memberships"),
            json!({"user_id": admin, "role": "org:admin"}),
        )
        .await);
    let s = ok(api
        .post(
            "/v1/sessions",
            json!({"user_id": admin, "active_organization_id": org_id}),
        )
        .await);
    let jwt = ok(api
        .post_empty(&format!("/v1/sessions/{}/tokens", id(&s)))
        .await);
    let (_, claims) = verify_jwt(jwt["jwt"].as_str().unwrap(), &fake.jwks_json());
    assert_eq!(
        claims["o"],
        json!({"id": org_id, "slg": "claims", "rol": "admin"})
    );

    // Leaving the organization clears it from the session.
    ok(api
        .delete(&format!("/v1/organizations/{org_id}/memberships/{admin}"))
        .await);
    assert_eq!(
        ok(api.get(&format!("/v1/sessions/{}", id(&s))).await)["last_active_organization_id"],
        Value::Null
    );
}

#[tokio::test]
async fn template_tokens_render_organization_shortcodes() {
    let (fake, api) = setup().await;
    let uid = user(&api, "tpl@example.com").await;
    let org = id(&ok(api
        .post(
            "/v1/organizations",
            json!({"name": "Tpl", "created_by": uid, "public_metadata": {"tier": "gold"}}),
        )
        .await));
    ok(api
        .post(
            "/v1/jwt_templates",
            json!({"name": "org", "lifetime": 120, "claims": {
                "org": "{{org.slug}}", "role": "{{org.role}}", "tier": "{{org.public_metadata.tier}}",
                "orgs": "{{user.organizations}}", "email": "{{user.primary_email_address}}",
                "plan": "{{user.public_metadata.plan || 'free'}}", "label": "user {{user.id}} in {{org.id}}"
            }}),
        )
        .await);
    let s = ok(api
        .post(
            "/v1/sessions",
            json!({"user_id": uid, "active_organization_id": org}),
        )
        .await);
    let jwt = ok(api
        .post_empty(&format!("/v1/sessions/{}/tokens/org", id(&s)))
        .await);
    let (_, claims) = verify_jwt(jwt["jwt"].as_str().unwrap(), &fake.jwks_json());
    assert_eq!(claims["org"], "tpl");
    assert_eq!(claims["role"], "org:admin");
    assert_eq!(claims["tier"], "gold");
    assert_eq!(claims["orgs"], json!({ org.clone(): "org:admin" }));
    assert_eq!(claims["email"], "tpl@example.com");
    assert_eq!(claims["plan"], "free");
    assert_eq!(claims["label"], format!("user {uid} in {org}"));
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        120
    );
    assert_eq!(claims["sub"], uid.as_str());
    assert!(claims["jti"].is_string());
}
