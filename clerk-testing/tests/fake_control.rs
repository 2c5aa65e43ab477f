//! The fake's test controls: the HTTP control API under `/__fake/` (as a client in another
//! language would use it) and the same controls in Rust.

mod fake_support;

use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use clerk_testing::{Clock, FakeClerk, Fault};
use fake_support::{Resp, raw};
use serde_json::{Value, json};

/// A client of one fake: `/v1/...` and `/__fake/...` with the secret key.
struct Client {
    base: String,
    auth: String,
}

impl Client {
    fn new(fake: &FakeClerk) -> Client {
        Client {
            base: fake.api_url(),
            auth: format!("Bearer {}", fake.secret_key()),
        }
    }

    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Resp {
        let text = body.map(|b| b.to_string());
        raw(
            &self.base,
            method,
            path,
            &[("Authorization", &self.auth)],
            text.as_deref(),
        )
        .await
    }

    async fn ok(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let resp = self.call(method, path, body).await;
        assert_eq!(resp.status, 200, "{method} {path}: {}", resp.text);
        resp.json()
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.ok("POST", path, Some(body)).await
    }

    async fn get(&self, path: &str) -> Value {
        self.ok("GET", path, None).await
    }

    async fn user(&self, email: &str) -> String {
        let u = self
            .post("/v1/users", json!({"email_address": [email]}))
            .await;
        u["id"].as_str().unwrap().to_string()
    }

    async fn session(&self, user_id: &str) -> String {
        let s = self.post("/v1/sessions", json!({"user_id": user_id})).await;
        s["id"].as_str().unwrap().to_string()
    }

    async fn mint(&self, body: Value) -> (String, Value) {
        let t = self.post("/__fake/tokens", body).await;
        (t["jwt"].as_str().unwrap().to_string(), t["claims"].clone())
    }

    async fn jwks(&self) -> Value {
        self.get("/v1/jwks").await
    }
}

fn decode(part: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// Whether `jwt`'s RS256 signature verifies with a key of `jwks` (the one its `kid` names).
fn verifies(jwt: &str, jwks: &Value) -> bool {
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3);
    let header = decode(parts[0]);
    let Some(jwk) = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == header["kid"])
    else {
        return false;
    };
    let n = URL_SAFE_NO_PAD.decode(jwk["n"].as_str().unwrap()).unwrap();
    let e = URL_SAFE_NO_PAD.decode(jwk["e"].as_str().unwrap()).unwrap();
    ring::signature::RsaPublicKeyComponents { n, e }
        .verify(
            &ring::signature::RSA_PKCS1_2048_8192_SHA256,
            format!("{}.{}", parts[0], parts[1]).as_bytes(),
            &URL_SAFE_NO_PAD.decode(parts[2]).unwrap(),
        )
        .is_ok()
}

fn kid_of(jwt: &str) -> String {
    decode(jwt.split('.').next().unwrap())["kid"]
        .as_str()
        .unwrap()
        .to_string()
}

fn assert_error(resp: &Resp, status: u16, code: &str) {
    assert_eq!(resp.status, status, "{}", resp.text);
    let body = resp.json();
    assert_eq!(body["errors"][0]["code"], code, "{body}");
    assert!(body["errors"][0]["long_message"].is_string(), "{body}");
    assert!(body["clerk_trace_id"].is_string(), "{body}");
}

// ----------------------------------------------------------------------------------------------
// Auth and bad input

#[tokio::test]
async fn the_control_api_needs_the_secret_key() {
    let fake = FakeClerk::builder().secret_key("sk_test_ctl").start().await;
    let base = fake.api_url();
    for (method, path) in [
        ("GET", "/__fake/keys"),
        ("POST", "/__fake/reset"),
        ("POST", "/__fake/tokens"),
        ("POST", "/__fake/actor_tokens/accept"),
        ("POST", "/__fake/sessions/sess_1/status"),
        ("GET", "/__fake/nope"),
    ] {
        let none = raw(&base, method, path, &[], None).await;
        assert_error(&none, 401, "authentication_invalid");
        let wrong = raw(
            &base,
            method,
            path,
            &[("Authorization", "Bearer sk_test_other")],
            None,
        )
        .await;
        assert_error(&wrong, 401, "authentication_invalid");
    }
    let ok = raw(
        &base,
        "GET",
        "/__fake/keys",
        &[("Authorization", "Bearer sk_test_ctl")],
        None,
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
}

#[tokio::test]
async fn bad_input_answers_4xx_json_never_500() {
    let fake = FakeClerk::start().await;
    let c = Client::new(&fake);
    let auth = [("Authorization", c.auth.as_str())];
    for path in [
        "/__fake/tokens",
        "/__fake/faults",
        "/__fake/clock",
        "/__fake/seed",
        "/__fake/keys/rotate",
        "/__fake/sign_in_tokens/accept",
        "/__fake/actor_tokens/accept",
        "/__fake/organization_invitations/orginv_1/accept",
        "/__fake/sessions/sess_1/status",
    ] {
        let resp = raw(&c.base, "POST", path, &auth, Some("{not json")).await;
        assert_error(&resp, 400, "malformed_request");
        let resp = raw(&c.base, "POST", path, &auth, Some("[1, 2]")).await;
        assert_error(&resp, 400, "malformed_request");
    }
    let cases = [
        ("/__fake/tokens", json!({})),
        ("/__fake/tokens", json!({"session_id": "sess_missing"})),
        ("/__fake/tokens", json!({"session_id": "s", "version": 3})),
        ("/__fake/tokens", json!({"session_id": "s", "surprise": 1})),
        ("/__fake/faults", json!({"status": 500})),
        ("/__fake/faults", json!({"path": "/v1/users", "status": 42})),
        ("/__fake/clock", json!({})),
        ("/__fake/clock", json!({"advance_secs": -5})),
        ("/__fake/clock", json!({"advance_secs": 1, "resume": true})),
        ("/__fake/seed", json!({"widgets": []})),
        ("/__fake/keys/rotate", json!({"keep_old": "yes"})),
    ];
    for (path, body) in cases {
        let resp = c.call("POST", path, Some(body.clone())).await;
        assert!(
            (400..500).contains(&resp.status),
            "{path} {body}: {} {}",
            resp.status,
            resp.text
        );
        assert!(resp.json()["errors"][0]["code"].is_string());
    }
    let nope = c.call("GET", "/__fake/nothing_here", None).await;
    assert_error(&nope, 404, "resource_not_found");
    let unknown_kid = c.call("DELETE", "/__fake/keys/kid_nope", None).await;
    assert_error(&unknown_kid, 404, "resource_not_found");
}

// ----------------------------------------------------------------------------------------------
// Tokens

#[tokio::test]
async fn mint_a_session_token_with_each_option() {
    let fake = FakeClerk::builder()
        .clock(Clock::fixed(1_700_000_000_000))
        .start()
        .await;
    let c = Client::new(&fake);
    let now = 1_700_000_000;
    let user = c.user("ada@example.com").await;
    let session = c.session(&user).await;
    let jwks = c.jwks().await;

    // Defaults: Clerk's claims, times from the fake's clock.
    let (jwt, claims) = c.mint(json!({"session_id": session})).await;
    assert!(verifies(&jwt, &jwks));
    assert_eq!(decode(jwt.split('.').nth(1).unwrap()), claims);
    assert_eq!(claims["sub"], user.as_str());
    assert_eq!(claims["sid"], session.as_str());
    assert_eq!(claims["iss"], fake.issuer());
    assert_eq!(claims["iat"], now);
    assert_eq!(claims["nbf"], now - 10);
    assert_eq!(claims["exp"], now + 60);
    assert_eq!(claims["v"], 2);
    assert!(claims.get("azp").is_none());

    // A foreign azp, absolute times, extra and removed claims.
    let (_, claims) = c
        .mint(json!({
            "session_id": session, "azp": "https://foreign.example",
            "iat": now + 100, "nbf": now + 90, "exp": now + 1000,
            "claims": {"role": "admin", "sid": null}
        }))
        .await;
    assert_eq!(claims["azp"], "https://foreign.example");
    assert_eq!(
        (&claims["iat"], &claims["nbf"], &claims["exp"]),
        (&json!(now + 100), &json!(now + 90), &json!(now + 1000))
    );
    assert_eq!(claims["role"], "admin");
    assert!(claims.get("sid").is_none());

    // Offsets from the clock: a past exp, a future nbf.
    let (_, claims) = c
        .mint(json!({"session_id": session, "exp_offset_secs": -30, "nbf_offset_secs": 300, "iat_offset_secs": 5}))
        .await;
    assert_eq!(claims["exp"], now - 30);
    assert_eq!(claims["nbf"], now + 300);
    assert_eq!(claims["iat"], now + 5);

    // `expired` and a lifetime.
    let (_, claims) = c
        .mint(json!({"session_id": session, "expired": true}))
        .await;
    assert!(claims["exp"].as_i64().unwrap() < now - 60, "{claims}");
    assert!(claims["iat"].as_i64().unwrap() < claims["exp"].as_i64().unwrap());
    let (_, claims) = c
        .mint(json!({"session_id": session, "expires_in_seconds": 600}))
        .await;
    assert_eq!(claims["exp"], now + 600);

    // For a user: a new session is created.
    let (_, claims) = c.mint(json!({"user_id": user})).await;
    assert_eq!(claims["sub"], user.as_str());
    assert_ne!(claims["sid"], session.as_str());
    let sessions = c.get(&format!("/v1/sessions?user_id={user}")).await;
    let count = sessions
        .as_array()
        .or_else(|| sessions["data"].as_array())
        .unwrap()
        .len();
    assert_eq!(count, 2);

    // Unknown user or session: the API's 404.
    let resp = c
        .call(
            "POST",
            "/__fake/tokens",
            Some(json!({"user_id": "user_nope"})),
        )
        .await;
    assert_eq!(resp.status, 404, "{}", resp.text);
}

#[tokio::test]
async fn mint_with_org_claims_v1_and_v2() {
    let fake = FakeClerk::start().await;
    let c = Client::new(&fake);
    let user = c.user("grace@example.com").await;
    let org = c
        .post(
            "/v1/organizations",
            json!({"name": "Navy", "slug": "navy", "created_by": user}),
        )
        .await;
    let org_id = org["id"].as_str().unwrap();
    let session = c.session(&user).await;

    let (_, v2) = c
        .mint(json!({"session_id": session, "org_id": org_id}))
        .await;
    assert_eq!(v2["v"], 2);
    assert_eq!(v2["o"]["id"], org_id);
    assert_eq!(v2["o"]["slg"], "navy");
    assert_eq!(v2["o"]["rol"], "admin");

    let (_, v1) = c
        .mint(json!({"session_id": session, "org_id": org_id, "version": 1}))
        .await;
    assert_eq!(v1["org_id"], org_id);
    assert_eq!(v1["org_slug"], "navy");
    assert_eq!(v1["org_role"], "org:admin");
    assert!(v1.get("o").is_none());
}

#[tokio::test]
async fn mint_from_a_template_and_with_a_chosen_key() {
    let fake = FakeClerk::start().await;
    let c = Client::new(&fake);
    let user = c.user("lin@example.com").await;
    let session = c.session(&user).await;
    fake.add_jwt_template("hasura", json!({"email": "{{user.primary_email_address}}"}));
    let (jwt, claims) = c
        .mint(json!({"session_id": session, "template": "hasura", "claims": {"extra": 1}}))
        .await;
    assert_eq!(claims["email"], "lin@example.com");
    assert_eq!(claims["extra"], 1);
    assert!(verifies(&jwt, &c.jwks().await));

    // Signed with a key the JWKS does not serve: it does not verify.
    let keys = c.get("/__fake/keys").await;
    assert_eq!(keys["kids"].as_array().unwrap().len(), 1);
    let (jwt, _) = c
        .mint(json!({"session_id": session, "kid": "ins_fake_clerk_test_key_3"}))
        .await;
    assert_eq!(kid_of(&jwt), "ins_fake_clerk_test_key_3");
    assert!(!verifies(&jwt, &c.jwks().await));
    let resp = c
        .call(
            "POST",
            "/__fake/tokens",
            Some(json!({"session_id": session, "kid": "kid_nope"})),
        )
        .await;
    assert_error(&resp, 404, "resource_not_found");
}

// ----------------------------------------------------------------------------------------------
// Keys

#[tokio::test]
async fn rotate_keys_keeping_or_dropping_the_old_one() {
    let fake = FakeClerk::start().await;
    let c = Client::new(&fake);
    let user = c.user("key@example.com").await;
    let session = c.session(&user).await;
    let (old, _) = c.mint(json!({"session_id": session})).await;
    let first = kid_of(&old);

    let keys = c
        .post("/__fake/keys/rotate", json!({"keep_old": true}))
        .await;
    let second = keys["current"].as_str().unwrap().to_string();
    assert_ne!(second, first);
    assert_eq!(keys["kids"], json!([second, first]));
    let jwks = c.jwks().await;
    assert_eq!(jwks, keys["jwks"]);
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
    let (new, _) = c.mint(json!({"session_id": session})).await;
    assert_eq!(kid_of(&new), second);
    assert!(verifies(&old, &jwks) && verifies(&new, &jwks));
    // The real token endpoint signs with the new key too.
    let t = c
        .post(&format!("/v1/sessions/{session}/tokens"), json!({}))
        .await;
    assert_eq!(kid_of(t["jwt"].as_str().unwrap()), second);

    // Drop the old key: its tokens stop verifying.
    let keys = c.ok("DELETE", &format!("/__fake/keys/{first}"), None).await;
    assert_eq!(keys["kids"], json!([second]));
    let jwks = c.jwks().await;
    assert!(!verifies(&old, &jwks) && verifies(&new, &jwks));
    let last = c
        .call("DELETE", &format!("/__fake/keys/{second}"), None)
        .await;
    assert_error(&last, 409, "last_signing_key");

    // Rotate without keeping: only the new key is served.
    let keys = c
        .post("/__fake/keys/rotate", json!({"keep_old": false}))
        .await;
    let third = keys["current"].as_str().unwrap();
    assert_eq!(keys["kids"], json!([third]));
    assert!(!verifies(&new, &c.jwks().await));
    assert_eq!(c.get("/__fake/keys").await["current"], third);
}

#[tokio::test]
async fn rotate_keys_in_rust() {
    let fake = FakeClerk::start().await;
    let first = fake.kid();
    let old = fake.sign_jwt(&json!({"sub": "user_1"}));
    let second = fake.rotate_keys(true);
    assert_eq!(fake.kids(), [second, first]);
    assert_eq!(fake.kid(), second);
    assert!(verifies(&old, &fake.jwks_json()));
    assert_ne!(fake.public_key_pem(), "");
    fake.drop_key(first).unwrap();
    assert!(!verifies(&old, &fake.jwks_json()));
    let resigned = fake
        .sign_jwt_with(first, &json!({"sub": "user_1"}))
        .unwrap();
    assert_eq!(kid_of(&resigned), first);
    assert!(!verifies(&resigned, &fake.jwks_json()));
    assert_eq!(fake.drop_key(second).unwrap_err().status, 409);
    let third = fake.rotate_keys(false);
    assert_eq!(fake.kids(), [third]);
}

// ----------------------------------------------------------------------------------------------
// Faults

#[tokio::test]
async fn faults_with_retry_after_and_times() {
    let fake = FakeClerk::start().await;
    let c = Client::new(&fake);
    let injected = c
        .post(
            "/__fake/faults",
            json!({"method": "GET", "path": "/v1/users*", "status": 429, "retry_after_secs": 7, "times": 2}),
        )
        .await;
    assert_eq!(injected["faults"].as_array().unwrap().len(), 1);

    for _ in 0..2 {
        let resp = c.call("GET", "/v1/users?limit=1", None).await;
        assert_error(&resp, 429, "too_many_requests");
        assert_eq!(resp.header("retry-after"), Some("7"));
    }
    // Other methods and later requests reach Clerk.
    let created = c
        .call("POST", "/v1/users", Some(json!({"first_name": "A"})))
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let resp = c.call("GET", "/v1/users", None).await;
    assert_eq!(resp.status, 200, "{}", resp.text);
    assert!(
        c.get("/__fake/faults").await["faults"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Exact paths, custom bodies, chaining, and clearing.
    c.post(
        "/__fake/faults",
        json!({"path": "/v1/users/count", "status": 503, "times": 1}),
    )
    .await;
    c.post(
        "/__fake/faults",
        json!({"path": "/v1/users/count", "status": 500, "body": {"custom": true}}),
    )
    .await;
    let first = c.call("GET", "/v1/users/count", None).await;
    assert_error(&first, 503, "internal_clerk_error");
    let second = c.call("GET", "/v1/users/count", None).await;
    assert_eq!(
        (second.status, second.json()),
        (500, json!({"custom": true}))
    );
    let other = c.call("GET", "/v1/users", None).await;
    assert_eq!(other.status, 200);
    let cleared = c.ok("DELETE", "/__fake/faults", None).await;
    assert_eq!(cleared["removed"], 1);
    assert_eq!(c.call("GET", "/v1/users/count", None).await.status, 200);

    // Faults never capture the control API, even with a catch-all path.
    c.post("/__fake/faults", json!({"path": "/*", "status": 500}))
        .await;
    assert_eq!(c.call("GET", "/v1/jwks", None).await.status, 500);
    assert_eq!(c.call("DELETE", "/__fake/faults", None).await.status, 200);
    assert_eq!(c.call("GET", "/v1/jwks", None).await.status, 200);
}

#[tokio::test]
async fn faults_can_delay_answers() {
    let fake = FakeClerk::start().await;
    let c = Client::new(&fake);
    // A delayed error, and Clerk's real answer delayed.
    c.post(
        "/__fake/faults",
        json!({"path": "/v1/users", "status": 502, "delay_ms": 150, "times": 1}),
    )
    .await;
    c.post(
        "/__fake/faults",
        json!({"path": "/v1/jwks", "delay_ms": 150, "times": 1}),
    )
    .await;
    let started = Instant::now();
    let resp = c.call("GET", "/v1/users", None).await;
    assert_eq!(resp.status, 502);
    assert!(started.elapsed() >= Duration::from_millis(150));
    let started = Instant::now();
    let jwks = c.call("GET", "/v1/jwks", None).await;
    assert_eq!(jwks.status, 200);
    assert!(jwks.json()["keys"].is_array());
    assert!(started.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn faults_in_rust_win_over_clerk() {
    let fake = FakeClerk::start().await;
    let c = Client::new(&fake);
    fake.inject_fault(
        Fault::new("/v1/users*", 429)
            .method("GET")
            .retry_after(1)
            .times(1),
    );
    fake.inject_fault(Fault::new("/v1/users/count", 500).times(1));
    let resp = c.call("GET", "/v1/users/count", None).await;
    assert_eq!(resp.status, 429);
    assert_eq!(resp.header("Retry-After"), Some("1"));
    assert_eq!(c.call("GET", "/v1/users/count", None).await.status, 500);
    assert_eq!(c.call("GET", "/v1/users/count", None).await.status, 200);

    fake.inject_fault(Fault::new("/v1/jwks", 503));
    assert_eq!(c.call("GET", "/v1/jwks", None).await.status, 503);
    assert_eq!(c.call("GET", "/v1/jwks", None).await.status, 503);
    fake.clear_faults();
    assert_eq!(c.call("GET", "/v1/jwks", None).await.status, 200);

    let log = fake.request_log();
    let statuses: Vec<u16> = log.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 500, 200, 503, 503, 200]);
    assert!(log[0].fault && !log[2].fault);
    assert_eq!(log[0].path, "/v1/users/count");
}

// ----------------------------------------------------------------------------------------------
// Clock

#[tokio::test]
async fn advancing_the_clock_expires_a_minted_token() {
    let fake = FakeClerk::start().await;
    let c = Client::new(&fake);
    let frozen = c
        .post(
            "/__fake/clock",
            json!({"set_unix_ms": 1_800_000_000_500i64}),
        )
        .await;
    assert_eq!(frozen["now_secs"], 1_800_000_000);
    assert_eq!(frozen["frozen"], true);
    let user = c.user("time@example.com").await;
    let session = c.session(&user).await;
    let (_, claims) = c.mint(json!({"session_id": session})).await;
    assert_eq!(claims["iat"], 1_800_000_000);
    let exp = claims["exp"].as_i64().unwrap();
    assert_eq!(exp, 1_800_000_060);

    let later = c.post("/__fake/clock", json!({"advance_secs": 61})).await;
    assert!(later["now_secs"].as_i64().unwrap() > exp);
    assert_eq!(c.get("/__fake/clock").await["now_ms"], 1_800_000_061_500i64);
    // Tokens minted now are relative to the new time.
    let (_, claims) = c.mint(json!({"session_id": session})).await;
    assert_eq!(claims["iat"], 1_800_000_061);
    assert_eq!(fake.clock().now_secs(), 1_800_000_061);

    let running = c.post("/__fake/clock", json!({"resume": true})).await;
    assert_eq!(running["frozen"], false);
    c.post("/__fake/clock", json!({"advance_ms": 1500})).await;
}

// ----------------------------------------------------------------------------------------------
// Seed, reset and the journal

#[tokio::test]
async fn seed_over_http_names_the_rejected_entry() {
    let fake = FakeClerk::start().await;
    let c = Client::new(&fake);
    let ids = c
        .post(
            "/__fake/seed",
            json!({
                "users": [
                    {"email_address": ["ada@example.com"], "first_name": "Ada"},
                    {"email_address": ["bob@example.com"], "external_id": "ext_bob"}
                ],
                "organizations": [{
                    "name": "Engines", "slug": "engines", "created_by": "ada@example.com",
                    "members": [{"external_id": "ext_bob", "role": "org:member"}]
                }],
                "sessions": [{"email": "bob@example.com"}]
            }),
        )
        .await;
    assert_eq!(ids["users"].as_array().unwrap().len(), 2);
    let org = ids["organizations"][0].as_str().unwrap();
    let members = c.get(&format!("/v1/organizations/{org}/memberships")).await;
    assert_eq!(members["total_count"], 2, "{members}");
    let bob = ids["users"][1].as_str().unwrap();
    let session = ids["sessions"][0].as_str().unwrap();
    let (_, claims) = c.mint(json!({"session_id": session, "org_id": org})).await;
    assert_eq!(claims["sub"], bob);
    assert_eq!(claims["o"]["rol"], "member");

    let dup = c
        .call(
            "POST",
            "/__fake/seed",
            Some(json!({"users": [{"email_address": ["new@example.com"]}, {"email_address": ["ada@example.com"]}]})),
        )
        .await;
    assert_error(&dup, 422, "form_identifier_exists");
    let error = &dup.json()["errors"][0];
    assert_eq!(error["meta"]["seed_entry"], "users[1]");
    assert!(error["long_message"].as_str().unwrap().contains("users[1]"));

    let no_user = c
        .call(
            "POST",
            "/__fake/seed",
            Some(json!({"sessions": [{"email": "nobody@example.com"}]})),
        )
        .await;
    assert_error(&no_user, 404, "resource_not_found");
    assert_eq!(
        no_user.json()["errors"][0]["meta"]["seed_entry"],
        "sessions[0]"
    );
}

#[tokio::test]
async fn reset_restores_state_faults_keys_clock_and_seed() {
    let fake = FakeClerk::builder()
        .seed_json(json!({"users": [{"email_address": ["seed@example.com"]}]}))
        .start()
        .await;
    let c = Client::new(&fake);
    assert_eq!(c.get("/v1/users/count").await["total_count"], 1);
    c.user("extra@example.com").await;
    c.post(
        "/__fake/faults",
        json!({"path": "/v1/clients*", "status": 500}),
    )
    .await;
    c.post("/__fake/keys/rotate", json!({"keep_old": false}))
        .await;
    c.post("/__fake/clock", json!({"set_unix_ms": 0})).await;
    assert_eq!(c.get("/v1/users/count").await["total_count"], 2);

    assert_eq!(c.post("/__fake/reset", json!({})).await["reset"], true);
    assert_eq!(c.get("/v1/users/count").await["total_count"], 1);
    let users = c.get("/v1/users").await;
    assert_eq!(
        users[0]["email_addresses"][0]["email_address"],
        "seed@example.com"
    );
    assert!(
        c.get("/__fake/faults").await["faults"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        c.get("/__fake/keys").await["current"],
        "ins_fake_clerk_test_key_1"
    );
    assert_eq!(c.get("/__fake/clock").await["frozen"], false);
    let journal = c.get("/__fake/requests").await;
    assert_eq!(journal["total_count"], 2, "{journal}");

    // The Rust reset keeps keys and faults but empties the state (seed applied again).
    c.user("again@example.com").await;
    fake.reset();
    assert_eq!(c.get("/v1/users/count").await["total_count"], 1);
    fake.inject_fault(Fault::new("/v1/users/count", 418));
    fake.reset_all().await;
    assert_eq!(c.get("/v1/users/count").await["total_count"], 1);
}

#[tokio::test]
async fn the_journal_summarises_api_requests() {
    let fake = FakeClerk::start().await;
    let c = Client::new(&fake);
    c.user("j@example.com").await;
    let _ = c.call("GET", "/v1/users/user_nope?x=1", None).await;
    let _ = raw(&c.base, "GET", "/v1/users", &[], None).await;
    let journal = c.get("/__fake/requests").await;
    let requests = journal["requests"].as_array().unwrap();
    let summary: Vec<(String, String, u64)> = requests
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap().to_string(),
                r["path"].as_str().unwrap().to_string(),
                r["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("POST".into(), "/v1/users".into(), 200),
            ("GET".into(), "/v1/users/user_nope".into(), 404),
            ("GET".into(), "/v1/users".into(), 401),
        ]
    );
    assert_eq!(requests[1]["query"], "x=1");
    assert_eq!(
        c.ok("DELETE", "/__fake/requests", None).await["cleared"],
        true
    );
    assert_eq!(c.get("/__fake/requests").await["total_count"], 0);
}

// ----------------------------------------------------------------------------------------------
// Tokens in Rust

#[tokio::test]
async fn the_token_builder_sets_every_claim() {
    let fake = FakeClerk::builder()
        .clock(Clock::fixed(1_750_000_000_000))
        .start()
        .await;
    let now = 1_750_000_000;
    let user = fake.create_user(json!({"email_address": ["rust@example.com"]}));
    let user_id = user["id"].as_str().unwrap();

    let t = fake
        .token_for_user(user_id)
        .azp("https://foreign.example")
        .issued_at_in(Duration::from_secs(30))
        .not_before_in(Duration::from_secs(20))
        .expires_in(Duration::from_secs(600))
        .claim("k", json!("v"))
        .without_claim("fva")
        .mint_with_claims()
        .unwrap();
    assert!(verifies(&t.jwt, &fake.jwks_json()));
    assert_eq!(t.claims["sub"], user_id);
    assert_eq!(t.claims["sid"], t.session_id.as_str());
    assert_eq!(t.claims["azp"], "https://foreign.example");
    assert_eq!(t.claims["iat"], now + 30);
    assert_eq!(t.claims["nbf"], now + 20);
    assert_eq!(t.claims["exp"], now + 600);
    assert_eq!(t.claims["k"], "v");
    assert!(t.claims.get("fva").is_none());

    let expired = fake
        .token(&t.session_id)
        .expired()
        .mint_with_claims()
        .unwrap();
    assert!(expired.claims["exp"].as_i64().unwrap() < now);
    let abs = fake
        .token(&t.session_id)
        .issued_at(10)
        .not_before(5)
        .exp(20)
        .lifetime(Duration::from_secs(3600))
        .mint_with_claims()
        .unwrap();
    assert_eq!(
        (abs.claims["iat"].clone(), abs.claims["exp"].clone()),
        (json!(10), json!(20))
    );
    let offsets = fake
        .token(&t.session_id)
        .iat_offset(-5)
        .nbf_offset(-15)
        .exp_offset(-1)
        .claims_v1()
        .claims_v2()
        .mint_with_claims()
        .unwrap();
    assert_eq!(offsets.claims["exp"], now - 1);
    assert_eq!(offsets.claims["nbf"], now - 15);

    let other_key = fake
        .token(&t.session_id)
        .kid("ins_fake_clerk_test_key_2")
        .mint()
        .unwrap();
    assert_eq!(kid_of(&other_key), "ins_fake_clerk_test_key_2");
    assert!(!verifies(&other_key, &fake.jwks_json()));

    assert_eq!(fake.token("sess_nope").mint().unwrap_err().status, 404);
    assert_eq!(
        fake.token_for_user("user_nope").mint().unwrap_err().status,
        404
    );

    // Advancing the clock moves the next token's times.
    fake.clock().advance(Duration::from_secs(3600));
    let later = fake.token(&t.session_id).mint_with_claims().unwrap();
    assert_eq!(later.claims["iat"], now + 3600);
}

#[tokio::test]
async fn org_claims_through_the_builder() {
    let fake = FakeClerk::start().await;
    let seeded = fake
        .seed(&json!({
            "users": [{"email_address": ["o@example.com"]}],
            "organizations": [{"name": "Org", "slug": "org", "members": [{"email": "o@example.com", "role": "org:admin"}]}]
        }))
        .unwrap();
    let user = seeded["users"][0].as_str().unwrap();
    let org = seeded["organizations"][0].as_str().unwrap();
    let v2 = fake
        .token_for_user(user)
        .org(org)
        .mint_with_claims()
        .unwrap();
    assert_eq!(v2.claims["o"]["id"], org);
    let v1 = fake
        .token_for_user(user)
        .org(org)
        .claims_v1()
        .mint_with_claims()
        .unwrap();
    assert_eq!(v1.claims["org_id"], org);
    assert_eq!(v1.claims["org_role"], "org:admin");
}

// ----------------------------------------------------------------------------------------------
// What users do through the Frontend API

/// The claims of a JWT, unverified.
fn claims_of(jwt: &str) -> Value {
    decode(jwt.split('.').nth(1).unwrap())
}

#[tokio::test]
async fn an_accepted_actor_token_gives_a_session_whose_tokens_carry_act() {
    let fake = FakeClerk::start().await;
    let c = Client::new(&fake);
    let user = c.user("ada@example.com").await;
    let actor = json!({"sub": "user_support", "iss": "https://support.example"});
    let ticket = c
        .post(
            "/v1/actor_tokens",
            json!({"user_id": user, "actor": actor, "session_max_duration_in_seconds": 600}),
        )
        .await;
    let token = ticket["token"].as_str().unwrap();

    let session = c
        .post("/__fake/actor_tokens/accept", json!({"token": token}))
        .await;
    assert_eq!(session["object"], "session");
    assert_eq!(session["user_id"], user.as_str());
    assert_eq!(session["status"], "active");
    assert_eq!(session["actor"], actor);
    assert!(
        session["expire_at"].as_i64().unwrap() - session["created_at"].as_i64().unwrap() <= 600_000,
        "{session}"
    );
    let sid = session["id"].as_str().unwrap();

    // Minted through the control API and through Clerk's token endpoint: both carry `act`.
    let (jwt, claims) = c.mint(json!({"session_id": sid})).await;
    assert!(verifies(&jwt, &c.jwks().await));
    assert_eq!(claims["act"], actor);
    assert_eq!(claims["sub"], user.as_str());
    let t = c
        .post(&format!("/v1/sessions/{sid}/tokens"), json!({}))
        .await;
    assert_eq!(claims_of(t["jwt"].as_str().unwrap())["act"], actor);
    // An ordinary session of the same user does not.
    let (_, plain) = c.mint(json!({"user_id": user})).await;
    assert!(plain.get("act").is_none(), "{plain}");

    // A ticket works once, and cannot be revoked after use.
    let again = c
        .call(
            "POST",
            "/__fake/actor_tokens/accept",
            Some(json!({"token": token})),
        )
        .await;
    assert_error(&again, 422, "actor_token_not_pending");
    let id = ticket["id"].as_str().unwrap();
    let revoke = c
        .call("POST", &format!("/v1/actor_tokens/{id}/revoke"), None)
        .await;
    assert_error(&revoke, 400, "actor_token_not_pending");

    let unknown = c
        .call(
            "POST",
            "/__fake/actor_tokens/accept",
            Some(json!({"token": "nope"})),
        )
        .await;
    assert_error(&unknown, 404, "resource_not_found");
    for (body, code) in [
        (json!({}), "form_param_missing"),
        (json!({"token": ""}), "form_param_missing"),
        (json!({"token": 1}), "form_param_format_invalid"),
        (json!({"token": token, "x": 1}), "form_param_unknown"),
    ] {
        let resp = c
            .call("POST", "/__fake/actor_tokens/accept", Some(body))
            .await;
        assert_error(&resp, 422, code);
    }
}

#[tokio::test]
async fn an_accepted_sign_in_token_gives_an_active_session() {
    let fake = FakeClerk::builder()
        .clock(Clock::fixed(1_700_000_000_000))
        .start()
        .await;
    let c = Client::new(&fake);
    let user = c.user("lin@example.com").await;
    let ticket = c
        .post(
            "/v1/sign_in_tokens",
            json!({"user_id": user, "expires_in_seconds": 60}),
        )
        .await;
    let token = ticket["token"].as_str().unwrap();
    let session = c
        .post("/__fake/sign_in_tokens/accept", json!({"token": token}))
        .await;
    assert_eq!(session["user_id"], user.as_str());
    assert_eq!(session["status"], "active");
    assert!(session["actor"].is_null());
    let sid = session["id"].as_str().unwrap();
    let (_, claims) = c.mint(json!({"session_id": sid})).await;
    assert_eq!(claims["sid"], sid);
    assert!(claims.get("act").is_none());
    let listed = c.get(&format!("/v1/sessions?user_id={user}")).await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");

    // Used: neither accepted again nor revoked.
    let again = c
        .call(
            "POST",
            "/__fake/sign_in_tokens/accept",
            Some(json!({"token": token})),
        )
        .await;
    assert_error(&again, 422, "sign_in_token_not_pending");
    let id = ticket["id"].as_str().unwrap();
    let revoke = c
        .call("POST", &format!("/v1/sign_in_tokens/{id}/revoke"), None)
        .await;
    assert_error(&revoke, 400, "sign_in_token_not_pending");

    // Expired by the fake's clock.
    let late = c
        .post(
            "/v1/sign_in_tokens",
            json!({"user_id": user, "expires_in_seconds": 60}),
        )
        .await;
    // (61: under a frozen clock each write steps the fake's timestamps by 1 ms.)
    c.post("/__fake/clock", json!({"advance_secs": 61})).await;
    let expired = c
        .call(
            "POST",
            "/__fake/sign_in_tokens/accept",
            Some(json!({"token": late["token"]})),
        )
        .await;
    assert_error(&expired, 422, "sign_in_token_not_pending");
    let unknown = c
        .call(
            "POST",
            "/__fake/sign_in_tokens/accept",
            Some(json!({"token": "nope"})),
        )
        .await;
    assert_error(&unknown, 404, "resource_not_found");
    let missing = c
        .call("POST", "/__fake/sign_in_tokens/accept", Some(json!({})))
        .await;
    assert_error(&missing, 422, "form_param_missing");
}

#[tokio::test]
async fn an_accepted_organization_invitation_makes_a_member() {
    let fake = FakeClerk::start().await;
    let c = Client::new(&fake);
    let admin = c.user("admin@example.com").await;
    let invitee = c.user("invitee@example.com").await;
    let org = c
        .post(
            "/v1/organizations",
            json!({"name": "Engines", "slug": "engines", "created_by": admin}),
        )
        .await;
    let org_id = org["id"].as_str().unwrap();
    let invitation = c
        .post(
            &format!("/v1/organizations/{org_id}/invitations"),
            json!({"email_address": "invitee@example.com", "role": "org:member", "inviter_user_id": admin}),
        )
        .await;
    assert_eq!(invitation["status"], "pending");
    let inv_id = invitation["id"].as_str().unwrap();

    let membership = c
        .post(
            &format!("/__fake/organization_invitations/{inv_id}/accept"),
            json!({"user_id": invitee}),
        )
        .await;
    assert_eq!(membership["object"], "organization_membership");
    assert_eq!(membership["role"], "org:member");
    assert_eq!(membership["organization"]["id"], org_id);
    assert_eq!(membership["public_user_data"]["user_id"], invitee.as_str());
    let members = c
        .get(&format!("/v1/organizations/{org_id}/memberships"))
        .await;
    assert_eq!(members["total_count"], 2, "{members}");
    let invitation = c
        .get(&format!("/v1/organizations/{org_id}/invitations/{inv_id}"))
        .await;
    assert_eq!(invitation["status"], "accepted");
    let pending = c
        .get(&format!("/v1/organizations/{org_id}/invitations/pending"))
        .await;
    assert_eq!(pending["total_count"], 0, "{pending}");
    // The new member's tokens carry the organization.
    let (_, claims) = c.mint(json!({"user_id": invitee, "org_id": org_id})).await;
    assert_eq!(claims["o"]["rol"], "member");

    let again = c
        .call(
            "POST",
            &format!("/__fake/organization_invitations/{inv_id}/accept"),
            Some(json!({"user_id": invitee})),
        )
        .await;
    assert_error(&again, 400, "invitation_not_pending");

    // A failed accept leaves the invitation pending.
    let second = c
        .post(
            &format!("/v1/organizations/{org_id}/invitations"),
            json!({"email_address": "later@example.com", "role": "org:admin"}),
        )
        .await;
    let second_id = second["id"].as_str().unwrap();
    let path = format!("/__fake/organization_invitations/{second_id}/accept");
    let already = c
        .call("POST", &path, Some(json!({"user_id": invitee})))
        .await;
    assert_error(&already, 422, "already_a_member_in_organization");
    let no_user = c
        .call("POST", &path, Some(json!({"user_id": "user_nope"})))
        .await;
    assert_error(&no_user, 404, "resource_not_found");
    let missing = c.call("POST", &path, Some(json!({}))).await;
    assert_error(&missing, 422, "form_param_missing");
    let second = c
        .get(&format!(
            "/v1/organizations/{org_id}/invitations/{second_id}"
        ))
        .await;
    assert_eq!(second["status"], "pending");
    let unknown = c
        .call(
            "POST",
            "/__fake/organization_invitations/orginv_nope/accept",
            Some(json!({"user_id": invitee})),
        )
        .await;
    assert_error(&unknown, 404, "resource_not_found");
}

#[tokio::test]
async fn a_pending_session_gets_tokens_with_sts_pending() {
    let fake = FakeClerk::start().await;
    let c = Client::new(&fake);
    let user = c.user("task@example.com").await;
    let session = c.session(&user).await;
    let path = format!("/__fake/sessions/{session}/status");

    let changed = c.post(&path, json!({"status": "pending"})).await;
    assert_eq!(changed["id"], session.as_str());
    assert_eq!(changed["status"], "pending");
    assert_eq!(
        c.get(&format!("/v1/sessions/{session}")).await["status"],
        "pending"
    );
    let (_, claims) = c.mint(json!({"session_id": session})).await;
    assert_eq!(claims["sts"], "pending");
    let t = c
        .post(&format!("/v1/sessions/{session}/tokens"), json!({}))
        .await;
    assert_eq!(claims_of(t["jwt"].as_str().unwrap())["sts"], "pending");
    let listed = c
        .get(&format!("/v1/sessions?user_id={user}&status=pending"))
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");

    // Back to active; then ended, which gets no tokens.
    c.post(&path, json!({"status": "active"})).await;
    let (_, claims) = c.mint(json!({"session_id": session})).await;
    assert_eq!(claims["sts"], "active");
    assert_eq!(
        c.post(&path, json!({"status": "ended"})).await["status"],
        "ended"
    );
    let ended = c
        .call(
            "POST",
            "/__fake/tokens",
            Some(json!({"session_id": session})),
        )
        .await;
    assert_error(&ended, 404, "resource_not_found");

    let bad = c
        .call("POST", &path, Some(json!({"status": "asleep"})))
        .await;
    assert_error(&bad, 422, "form_param_value_invalid");
    let missing = c.call("POST", &path, Some(json!({}))).await;
    assert_error(&missing, 422, "form_param_missing");
    let unknown = c
        .call(
            "POST",
            "/__fake/sessions/sess_nope/status",
            Some(json!({"status": "pending"})),
        )
        .await;
    assert_error(&unknown, 404, "resource_not_found");
}

#[tokio::test]
async fn frontend_actions_in_rust() {
    let fake = FakeClerk::start().await;
    let c = Client::new(&fake);
    let admin = fake.create_user(json!({"email_address": ["boss@example.com"]}));
    let admin = admin["id"].as_str().unwrap();
    let user = fake.create_user(json!({"email_address": ["rust@example.com"]}));
    let user = user["id"].as_str().unwrap();

    // Actor token → an impersonation session whose minted tokens carry `act`.
    let ticket = c
        .post(
            "/v1/actor_tokens",
            json!({"user_id": user, "actor": {"sub": admin}}),
        )
        .await;
    let session = fake
        .accept_actor_token(ticket["token"].as_str().unwrap())
        .unwrap();
    let sid = session["id"].as_str().unwrap();
    assert_eq!(fake.session(sid).unwrap()["actor"]["sub"], admin);
    let token = fake.token(sid).mint_with_claims().unwrap();
    assert_eq!(token.claims["act"], json!({"sub": admin}));
    assert!(verifies(&token.jwt, &fake.jwks_json()));
    let again = fake
        .accept_actor_token(ticket["token"].as_str().unwrap())
        .unwrap_err();
    assert_eq!(
        (again.status, again.code()),
        (422, "actor_token_not_pending")
    );
    assert_eq!(fake.accept_actor_token("nope").unwrap_err().status, 404);

    // Sign-in token → a new active session.
    let ticket = c.post("/v1/sign_in_tokens", json!({"user_id": user})).await;
    let session = fake
        .accept_sign_in_token(ticket["token"].as_str().unwrap())
        .unwrap();
    assert_eq!(session["user_id"], user);
    assert_eq!(session["status"], "active");
    let signed_in = session["id"].as_str().unwrap();
    assert!(
        fake.token(signed_in)
            .mint_with_claims()
            .unwrap()
            .claims
            .get("act")
            .is_none()
    );
    let again = fake
        .accept_sign_in_token(ticket["token"].as_str().unwrap())
        .unwrap_err();
    assert_eq!(again.code(), "sign_in_token_not_pending");

    // Pending session → `sts: pending`.
    let pending = fake.set_session_status(signed_in, "pending").unwrap();
    assert_eq!(pending["status"], "pending");
    let token = fake.token(signed_in).mint_with_claims().unwrap();
    assert_eq!(token.claims["sts"], "pending");
    assert_eq!(
        fake.set_session_status(signed_in, "asleep")
            .unwrap_err()
            .status,
        422
    );
    assert_eq!(
        fake.set_session_status("sess_nope", "active")
            .unwrap_err()
            .status,
        404
    );
    fake.set_session_status(signed_in, "revoked").unwrap();
    assert_eq!(fake.token(signed_in).mint().unwrap_err().status, 404);

    // Organization invitation → a membership; the invitation is accepted.
    let org = c
        .post(
            "/v1/organizations",
            json!({"name": "Rust", "created_by": admin}),
        )
        .await;
    let org_id = org["id"].as_str().unwrap();
    let invitation = c
        .post(
            &format!("/v1/organizations/{org_id}/invitations"),
            json!({"email_address": "rust@example.com", "role": "org:admin"}),
        )
        .await;
    let inv_id = invitation["id"].as_str().unwrap();
    let membership = fake.accept_organization_invitation(inv_id, user).unwrap();
    assert_eq!(membership["role"], "org:admin");
    let memberships = c
        .get(&format!("/v1/users/{user}/organization_memberships"))
        .await;
    assert_eq!(memberships["total_count"], 1, "{memberships}");
    assert_eq!(memberships["data"][0]["organization"]["id"], org_id);
    let invitation = c
        .get(&format!("/v1/organizations/{org_id}/invitations/{inv_id}"))
        .await;
    assert_eq!(invitation["status"], "accepted");
    let again = fake
        .accept_organization_invitation(inv_id, user)
        .unwrap_err();
    assert_eq!(
        (again.status, again.code()),
        (400, "invitation_not_pending")
    );
    assert_eq!(
        fake.accept_organization_invitation("orginv_nope", user)
            .unwrap_err()
            .status,
        404
    );
    let token = fake
        .token_for_user(user)
        .org(org_id)
        .mint_with_claims()
        .unwrap();
    assert_eq!(token.claims["o"]["rol"], "admin");
}
