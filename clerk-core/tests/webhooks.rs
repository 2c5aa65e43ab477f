//! Webhook verification against signatures computed independently (the published Standard
//! Webhooks test vector, and `ring`'s HMAC), and typed decoding of every event family.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use clerk_core::Environment;
use clerk_core::http::HeaderMap;
use clerk_core::resources::billing::{
    BillingSubscriptionStatus, ChargeType, PaymentAttemptStatus, PlanPeriod, SubscriptionItemStatus,
};
use clerk_core::resources::email_addresses::VerificationStatus;
use clerk_core::resources::invitations::InvitationStatus;
use clerk_core::resources::organization_domains::EnrollmentMode;
use clerk_core::resources::waitlist_entries::WaitlistEntryStatus;
use clerk_core::webhooks::{
    EVENT_TYPES, Event, WebhookError, WebhookEvent, WebhookHeaders, WebhookSecret, WebhookVerifier,
    verify_webhook,
};
use serde_json::{Value, json};

/// The secret of the published Svix / Standard Webhooks test vector.
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// Another valid secret.
const OTHER_SECRET: &str = "whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ=";
/// "Now" in these tests, in seconds since the Unix epoch.
const NOW: i64 = 1_700_000_000;
const MESSAGE_ID: &str = "msg_2pLqRsTuVwXyZaBcDe";

fn secret() -> WebhookSecret {
    WebhookSecret::new(SECRET).unwrap()
}

fn at(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds.unsigned_abs())
}

fn verifier() -> WebhookVerifier {
    WebhookVerifier::new(secret()).at(at(NOW))
}

/// Signs like Svix, with `ring` instead of the crate's `aws-lc-rs`.
fn ring_sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &key);
    let mut message = format!("{id}.{timestamp}.").into_bytes();
    message.extend_from_slice(body);
    let tag = ring::hmac::sign(&key, &message);
    format!("v1,{}", STANDARD.encode(tag.as_ref()))
}

fn headers(id: &str, timestamp: &str, signature: &str) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in [
        ("svix-id", id),
        ("svix-timestamp", timestamp),
        ("svix-signature", signature),
    ] {
        map.insert(name, value.parse().unwrap());
    }
    map
}

/// The headers Clerk would send with `body`, signed at `timestamp` with `secret`.
fn signed_at(secret: &str, timestamp: i64, body: &[u8]) -> HeaderMap {
    headers(
        MESSAGE_ID,
        &timestamp.to_string(),
        &ring_sign(secret, MESSAGE_ID, timestamp, body),
    )
}

fn signed(body: &[u8]) -> HeaderMap {
    signed_at(SECRET, NOW, body)
}

/// Sends an event of `event_type` through signing, verification and typed decoding.
fn deliver(event_type: &str, data: Value) -> Event {
    let body = json!({
        "type": event_type,
        "object": "event",
        "timestamp": NOW * 1000,
        "instance_id": "ins_1",
        "event_attributes": {"http_request": {"client_ip": "192.0.2.1", "user_agent": "Mozilla/5.0"}},
        "data": data,
    })
    .to_string();
    let event = verifier()
        .verify(&signed(body.as_bytes()), body.as_bytes())
        .unwrap();
    assert_eq!(event.event_type, event_type);
    let typed = event.into_event().unwrap();
    assert_eq!(typed.event_type(), event_type);
    typed
}

// ---- the published test vector ----

#[test]
fn the_published_standard_webhooks_vector_verifies() {
    let map = headers(
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "1614265330",
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    );
    let body = br#"{"test": 2432232314}"#;
    let verifier = WebhookVerifier::new(secret()).at(at(1_614_265_330));

    verifier.verify_signature(&map, body).unwrap();
    // The signature is accepted; the body is just not a Clerk event.
    assert!(matches!(
        verifier.verify(&map, body),
        Err(WebhookError::InvalidPayload { .. })
    ));
    // Our signer and ring's agree with the vector.
    assert_eq!(
        secret().sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, body),
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    );
    assert_eq!(
        ring_sign(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, body),
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    );
}

#[test]
fn the_standard_webhooks_header_names_are_accepted() {
    let mut map = HeaderMap::new();
    map.insert(
        "webhook-id",
        "msg_p5jXN8AQM9LWM0D4loKWxJek".parse().unwrap(),
    );
    map.insert("webhook-timestamp", "1614265330".parse().unwrap());
    map.insert(
        "webhook-signature",
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
            .parse()
            .unwrap(),
    );
    WebhookVerifier::new(secret())
        .at(at(1_614_265_330))
        .verify_signature(&map, br#"{"test": 2432232314}"#)
        .unwrap();
}

// ---- verification ----

#[test]
fn a_valid_request_verifies_and_keeps_the_envelope() {
    let body = br#"{"type":"user.deleted","object":"event","timestamp":1700000000123,"instance_id":"ins_1",
        "event_attributes":{"http_request":{"client_ip":"192.0.2.1","user_agent":"curl/8"}},
        "data":{"object":"user","id":"user_1","deleted":true}}"#;
    let event = verifier().verify(&signed(body), body).unwrap();

    assert_eq!(event.message_id, MESSAGE_ID);
    assert_eq!(event.event_type, "user.deleted");
    assert_eq!(event.object, "event");
    assert_eq!(event.timestamp, Some(1_700_000_000_123));
    assert_eq!(event.instance_id.as_deref(), Some("ins_1"));
    let request = event
        .event_attributes
        .as_ref()
        .and_then(|a| a.http_request.as_ref())
        .unwrap();
    assert_eq!(request.client_ip.as_deref(), Some("192.0.2.1"));
    assert_eq!(request.user_agent.as_deref(), Some("curl/8"));
    assert_eq!(event.data["id"], "user_1");
}

#[test]
fn verify_webhook_uses_the_system_clock() {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let body = br#"{"type":"session.created","data":{}}"#;
    let event = verify_webhook(&signed_at(SECRET, now, body), body, &secret()).unwrap();
    assert_eq!(event.event_type, "session.created");
    // An hour-old signature fails the default 5-minute tolerance.
    let err = verify_webhook(&signed_at(SECRET, now - 3600, body), body, &secret()).unwrap_err();
    assert!(matches!(err, WebhookError::TimestampTooOld { .. }), "{err}");
}

#[test]
fn a_wrong_secret_is_refused() {
    let body = br#"{"type":"user.created","data":{}}"#;
    let err = verifier()
        .verify(&signed_at(OTHER_SECRET, NOW, body), body)
        .unwrap_err();
    assert_eq!(err, WebhookError::NoMatchingSignature);
}

#[test]
fn a_tampered_body_is_refused() {
    let body = br#"{"type":"user.created","data":{"id":"user_1"}}"#;
    let tampered = br#"{"type":"user.created","data":{"id":"user_2"}}"#;
    let err = verifier().verify(&signed(body), tampered).unwrap_err();
    assert_eq!(err, WebhookError::NoMatchingSignature);
    // Whitespace counts too: the raw bytes are what is signed.
    let reformatted = br#"{"type": "user.created", "data": {"id": "user_1"}}"#;
    let err = verifier().verify(&signed(body), reformatted).unwrap_err();
    assert_eq!(err, WebhookError::NoMatchingSignature);
}

#[test]
fn a_tampered_id_or_timestamp_is_refused() {
    let body = br#"{"type":"user.created","data":{}}"#;
    let signature = ring_sign(SECRET, MESSAGE_ID, NOW, body);
    let err = verifier()
        .verify(&headers("msg_other", &NOW.to_string(), &signature), body)
        .unwrap_err();
    assert_eq!(err, WebhookError::NoMatchingSignature);
    let err = verifier()
        .verify(
            &headers(MESSAGE_ID, &(NOW - 1).to_string(), &signature),
            body,
        )
        .unwrap_err();
    assert_eq!(err, WebhookError::NoMatchingSignature);
}

#[test]
fn a_stale_timestamp_is_refused() {
    let body = br#"{"type":"user.created","data":{}}"#;
    let err = verifier()
        .verify(&signed_at(SECRET, NOW - 301, body), body)
        .unwrap_err();
    assert_eq!(
        err,
        WebhookError::TimestampTooOld {
            age: Duration::from_secs(301),
            tolerance: Duration::from_secs(300),
        }
    );
    // Exactly at the limit is still fine.
    verifier()
        .verify_signature(&signed_at(SECRET, NOW - 300, body), body)
        .unwrap();
}

#[test]
fn a_future_timestamp_is_refused() {
    let body = br#"{"type":"user.created","data":{}}"#;
    let err = verifier()
        .verify(&signed_at(SECRET, NOW + 301, body), body)
        .unwrap_err();
    assert_eq!(
        err,
        WebhookError::TimestampTooNew {
            ahead: Duration::from_secs(301),
            tolerance: Duration::from_secs(300),
        }
    );
    verifier()
        .verify_signature(&signed_at(SECRET, NOW + 300, body), body)
        .unwrap();
}

#[test]
fn the_tolerance_is_configurable() {
    let body = br#"{"type":"user.created","data":{}}"#;
    let old = signed_at(SECRET, NOW - 600, body);
    assert!(verifier().verify_signature(&old, body).is_err());
    verifier()
        .tolerance(Duration::from_secs(600))
        .verify_signature(&old, body)
        .unwrap();
    let strict = verifier().tolerance(Duration::from_secs(10));
    assert!(matches!(
        strict.verify_signature(&signed_at(SECRET, NOW - 11, body), body),
        Err(WebhookError::TimestampTooOld { .. })
    ));
}

#[test]
fn the_clock_is_injectable() {
    let body = br#"{"type":"user.created","data":{}}"#;
    let map = signed_at(SECRET, NOW, body);
    let later = WebhookVerifier::new(secret()).clock(|| at(NOW + 3600));
    assert!(matches!(
        later.verify_signature(&map, body),
        Err(WebhookError::TimestampTooOld { .. })
    ));
}

#[test]
fn one_valid_signature_among_several_is_enough() {
    let body = br#"{"type":"user.created","data":{}}"#;
    let valid = ring_sign(SECRET, MESSAGE_ID, NOW, body);
    let rotated_out = ring_sign(OTHER_SECRET, MESSAGE_ID, NOW, body);
    let header = format!("v1,not-base64!! v1,{} {valid} v1a,AAAA", &rotated_out[3..]);
    verifier()
        .verify_signature(&headers(MESSAGE_ID, &NOW.to_string(), &header), body)
        .unwrap();
    // Order does not matter.
    let header = format!("{valid} {rotated_out}");
    verifier()
        .verify_signature(&headers(MESSAGE_ID, &NOW.to_string(), &header), body)
        .unwrap();
}

#[test]
fn signatures_of_other_versions_are_ignored() {
    let body = br#"{"type":"user.created","data":{}}"#;
    let valid = ring_sign(SECRET, MESSAGE_ID, NOW, body);
    let as_v2 = format!("v2,{}", &valid[3..]);
    let unversioned = valid[3..].to_owned();
    for header in [
        as_v2.clone(),
        unversioned,
        format!("{as_v2} v1,AAAA"),
        "v1,".to_owned(),
    ] {
        let err = verifier()
            .verify_signature(&headers(MESSAGE_ID, &NOW.to_string(), &header), body)
            .unwrap_err();
        assert_eq!(err, WebhookError::NoMatchingSignature, "{header}");
    }
}

#[test]
fn each_missing_header_is_named() {
    let body = br#"{"type":"user.created","data":{}}"#;
    for name in ["svix-id", "svix-timestamp", "svix-signature"] {
        let mut map = signed(body);
        map.remove(name);
        let err = verifier().verify(&map, body).unwrap_err();
        assert_eq!(
            err,
            WebhookError::MissingHeaders {
                headers: vec![name]
            }
        );
        assert!(err.to_string().contains(name), "{err}");
    }
    // An empty value is missing too.
    let mut map = signed(body);
    map.insert("svix-signature", "".parse().unwrap());
    assert_eq!(
        verifier().verify(&map, body).unwrap_err(),
        WebhookError::MissingHeaders {
            headers: vec!["svix-signature"]
        }
    );
    let err = verifier().verify(&HeaderMap::new(), body).unwrap_err();
    assert_eq!(
        err,
        WebhookError::MissingHeaders {
            headers: vec!["svix-id", "svix-timestamp", "svix-signature"]
        }
    );
    assert!(!err.is_config());
}

#[test]
fn a_non_numeric_timestamp_is_refused() {
    let body = br#"{"type":"user.created","data":{}}"#;
    let signature = ring_sign(SECRET, MESSAGE_ID, NOW, body);
    for timestamp in ["soon", "1700000000.5", "0x6553f100", "2023-11-14T22:13:20Z"] {
        let err = verifier()
            .verify(&headers(MESSAGE_ID, timestamp, &signature), body)
            .unwrap_err();
        assert_eq!(err, WebhookError::InvalidTimestamp, "{timestamp}");
    }
}

#[test]
fn headers_can_come_from_any_lookup() {
    let body = br#"{"type":"user.created","data":{}}"#;
    let signature = ring_sign(SECRET, MESSAGE_ID, NOW, body);
    let timestamp = NOW.to_string();
    // As a framework on another `http` version would expose them.
    let pairs = [
        ("svix-id", MESSAGE_ID),
        ("svix-timestamp", timestamp.as_str()),
        ("svix-signature", signature.as_str()),
    ];
    let lookup = |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let event = verifier()
        .verify(WebhookHeaders::from_fn(lookup), body)
        .unwrap();
    assert_eq!(event.message_id, MESSAGE_ID);

    let event = verifier()
        .verify(
            WebhookHeaders::new(MESSAGE_ID, &timestamp, &signature),
            body,
        )
        .unwrap();
    assert_eq!(event.event_type, "user.created");
}

// ---- secrets ----

#[test]
fn secrets_are_accepted_with_or_without_the_prefix() {
    let body = br#"{"type":"user.created","data":{}}"#;
    let map = signed(body);
    for form in [
        SECRET,
        "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "  whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n",
    ] {
        let secret: WebhookSecret = form.parse().unwrap();
        WebhookVerifier::new(secret)
            .at(at(NOW))
            .verify_signature(&map, body)
            .unwrap();
    }
    // Padding is optional.
    let padded = WebhookSecret::new(OTHER_SECRET).unwrap();
    let unpadded = WebhookSecret::new(OTHER_SECRET.trim_end_matches('=')).unwrap();
    assert_eq!(
        padded.sign("msg_1", NOW, body),
        unpadded.sign("msg_1", NOW, body)
    );
}

#[test]
fn malformed_secrets_are_refused() {
    for bad in [
        "",
        "   ",
        "whsec_",
        "whsec_not base64!",
        "whsec_@@@@",
        "sk_test_abc",
    ] {
        let err = WebhookSecret::new(bad).unwrap_err();
        assert!(
            matches!(err, WebhookError::InvalidSecret { .. }),
            "{bad:?}: {err}"
        );
        assert!(err.is_config());
        assert!(err.to_string().contains("whsec_"), "{err}");
    }
}

#[test]
fn the_secret_comes_from_clerk_webhook_signing_secret() {
    let env = Environment::from_pairs([("CLERK_WEBHOOK_SIGNING_SECRET", SECRET)]);
    let body = br#"{"type":"user.created","data":{}}"#;
    WebhookVerifier::from_environment(&env)
        .unwrap()
        .at(at(NOW))
        .verify_signature(&signed(body), body)
        .unwrap();

    for env in [
        Environment::from_pairs(Vec::<(String, String)>::new()),
        Environment::from_pairs([("CLERK_WEBHOOK_SIGNING_SECRET", " ")]),
    ] {
        let err = WebhookSecret::from_environment(&env).unwrap_err();
        assert_eq!(
            err,
            WebhookError::MissingSecret {
                variable: "CLERK_WEBHOOK_SIGNING_SECRET"
            }
        );
        assert!(err.is_config());
        assert!(
            err.to_string().contains("CLERK_WEBHOOK_SIGNING_SECRET"),
            "{err}"
        );
    }

    let env = Environment::from_pairs([("CLERK_WEBHOOK_SIGNING_SECRET", "whsec_%%%")]);
    assert!(matches!(
        WebhookSecret::from_environment(&env),
        Err(WebhookError::InvalidSecret { .. })
    ));
}

#[test]
fn debug_and_errors_never_show_the_secret_or_a_signature() {
    let secret = secret();
    assert_eq!(format!("{secret:?}"), "WebhookSecret([redacted])");
    let verifier = WebhookVerifier::new(secret.clone()).at(at(NOW));
    let shown = format!("{verifier:?}");
    assert!(shown.contains("[redacted]"), "{shown}");
    assert!(!shown.contains("MfKQ9r8G"), "{shown}");

    let body = br#"{"type":"user.created","data":{}}"#;
    let signature = ring_sign(SECRET, MESSAGE_ID, NOW, body);
    let errors = [
        verifier.verify(&signed(b"other"), body).unwrap_err(),
        verifier
            .verify(&signed_at(SECRET, NOW - 999, body), body)
            .unwrap_err(),
        verifier
            .verify(&signed_at(SECRET, NOW + 999, body), body)
            .unwrap_err(),
        verifier
            .verify(&headers(MESSAGE_ID, "x", &signature), body)
            .unwrap_err(),
        verifier.verify(&HeaderMap::new(), body).unwrap_err(),
        WebhookSecret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS!").unwrap_err(),
    ];
    for err in errors {
        for shown in [err.to_string(), format!("{err:?}")] {
            assert!(!shown.contains("MfKQ9r8G"), "{shown}");
            assert!(!shown.contains(&signature[3..13]), "{shown}");
        }
    }
}

// ---- payloads ----

#[test]
fn a_body_that_is_not_an_event_is_an_invalid_payload() {
    for body in [&b"not json"[..], b"[]", br#"{"data":{}}"#, b"\xff\xfe"] {
        let err = verifier().verify(&signed(body), body).unwrap_err();
        assert!(
            matches!(err, WebhookError::InvalidPayload { .. }),
            "{body:?}: {err}"
        );
    }
}

#[test]
fn unknown_event_types_are_kept() {
    let event = deliver("user.signed_up_on_mars", json!({"planet": "mars"}));
    assert_eq!(
        event,
        Event::Unknown {
            event_type: "user.signed_up_on_mars".into(),
            data: json!({"planet": "mars"}),
        }
    );
}

#[test]
fn data_of_the_wrong_shape_is_an_error_that_keeps_the_json() {
    let body = br#"{"type":"organization.created","data":{"name":"Acme"}}"#;
    let event: WebhookEvent = verifier().verify(&signed(body), body).unwrap();
    let err = event.event().unwrap_err();
    assert!(
        matches!(&err, WebhookError::InvalidEventData { event_type, .. } if event_type == "organization.created"),
        "{err}"
    );
    assert!(err.to_string().contains("organization.created"), "{err}");
    assert_eq!(event.data["name"], "Acme");
}

fn user_json(id: &str) -> Value {
    json!({
        "id": id, "object": "user", "username": null, "first_name": "Ada", "last_name": "Lovelace",
        "image_url": "https://img.clerk.com/a", "has_image": false,
        "primary_email_address_id": "idn_1", "primary_phone_number_id": null,
        "primary_web3_wallet_id": null, "password_enabled": true, "two_factor_enabled": false,
        "totp_enabled": false, "backup_code_enabled": false,
        "email_addresses": [{
            "id": "idn_1", "object": "email_address", "email_address": "ada@example.org",
            "reserved": false, "linked_to": [],
            "verification": {"status": "verified", "strategy": "email_code", "attempts": 1, "expire_at": null},
            "created_at": 1_654_012_591_514_i64, "updated_at": 1_654_012_591_835_i64
        }],
        "phone_numbers": [], "web3_wallets": [], "passkeys": [], "external_accounts": [],
        "saml_accounts": [], "enterprise_accounts": [],
        "public_metadata": {"plan": "pro"}, "private_metadata": {}, "unsafe_metadata": {},
        "external_id": "ext_1", "last_sign_in_at": null, "banned": false, "locked": false,
        "lockout_expires_in_seconds": null, "verification_attempts_remaining": 100,
        "created_at": 1_654_012_591_514_i64, "updated_at": 1_654_012_591_835_i64,
        "last_active_at": null, "delete_self_enabled": true, "create_organization_enabled": true,
        "create_organizations_limit": null, "legal_accepted_at": null, "locale": "en-US",
        "a_field_from_the_future": true
    })
}

fn organization_json() -> Value {
    json!({
        "object": "organization", "id": "org_1", "name": "Acme", "slug": "acme",
        "image_url": "https://img.clerk.com/o", "has_image": false, "max_allowed_memberships": 5,
        "admin_delete_enabled": true, "public_metadata": {}, "private_metadata": {"tier": "gold"},
        "created_by": "user_1", "created_at": 1, "updated_at": 2
    })
}

fn money(amount: i64) -> Value {
    json!({"amount": amount, "amount_formatted": format!("{}.00", amount / 100), "currency": "USD", "currency_symbol": "$"})
}

fn payer_json() -> Value {
    json!({
        "object": "commerce_payer", "id": "cpayer_1", "instance_id": "ins_1", "user_id": "user_1",
        "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org",
        "image_url": "https://img.clerk.com/a", "created_at": 1, "updated_at": 2
    })
}

fn subscription_item_json(status: &str) -> Value {
    json!({
        "object": "commerce_subscription_item", "id": "csubi_1", "instance_id": "ins_1",
        "status": status, "plan_id": "cplan_1",
        "plan": {
            "id": "cplan_1", "instance_id": "ins_1", "product_id": "prod_1", "name": "Pro",
            "slug": "pro", "is_default": false, "is_recurring": true, "amount": 1000,
            "period": "month", "interval": 1, "has_base_fee": true, "currency": "USD",
            "annual_monthly_amount": 800, "publicly_visible": true
        },
        "plan_period": "month", "period_start": 10, "period_end": 20, "canceled_at": null,
        "lifetime_paid": 3000, "next_payment_amount": 1000, "next_payment_date": 20,
        "amount": money(1000), "payer": payer_json(), "created_at": 1, "updated_at": 2
    })
}

#[test]
fn user_events_decode_to_users() {
    let Event::UserCreated(user) = deliver("user.created", user_json("user_1")) else {
        panic!("not a user.created")
    };
    assert_eq!(user.id, "user_1");
    assert_eq!(user.primary_email_address(), Some("ada@example.org"));
    assert_eq!(user.public_metadata["plan"], "pro");

    assert!(
        matches!(deliver("user.updated", user_json("user_1")), Event::UserUpdated(u) if u.id == "user_1")
    );

    let Event::UserDeleted(deleted) = deliver(
        "user.deleted",
        json!({"object": "user", "id": "user_1", "deleted": true, "external_id": "ext_1"}),
    ) else {
        panic!("not a user.deleted")
    };
    assert!(deleted.deleted);
    assert_eq!(deleted.id.as_deref(), Some("user_1"));
    assert_eq!(deleted.external_id.as_deref(), Some("ext_1"));
}

/// A `user.created` delivery shaped like the sample in Clerk's webhook docs: a user with one
/// email address and only the fields that sample has. Webhooks leave out much of what the Backend
/// API's `User` carries (`has_image`, `totp_enabled`, `banned`, `locked`,
/// `delete_self_enabled`, …; `reserved` and the timestamps of email addresses) and send `null`
/// for empty lists.
const DOCUMENTED_USER_CREATED: &str = r#"{
  "data": {
    "birthday": "",
    "created_at": 1654012591514,
    "email_addresses": [
      {
        "email_address": "example@example.org",
        "id": "idn_29w83yL7CwVlJXylYLxcslromF1",
        "linked_to": [],
        "object": "email_address",
        "verification": {
          "status": "verified",
          "strategy": "ticket"
        }
      }
    ],
    "external_accounts": [],
    "external_id": "567772",
    "first_name": "Example",
    "gender": "",
    "id": "user_29w83sxmDNGwOuEthce5gg56FcC",
    "image_url": "https://img.clerk.com/xxxxxx",
    "last_name": "Example",
    "last_sign_in_at": 1654012591514,
    "object": "user",
    "organization_memberships": null,
    "password_enabled": true,
    "phone_numbers": [],
    "primary_email_address_id": "idn_29w83yL7CwVlJXylYLxcslromF1",
    "primary_phone_number_id": null,
    "primary_web3_wallet_id": null,
    "private_metadata": {},
    "profile_image_url": "https://www.gravatar.com/avatar?d=mp",
    "public_metadata": {},
    "two_factor_enabled": false,
    "unsafe_metadata": {},
    "updated_at": 1654012591835,
    "username": null,
    "web3_wallets": []
  },
  "event_attributes": {
    "http_request": {
      "client_ip": "0.0.0.0",
      "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36"
    }
  },
  "instance_id": "ins_2mnTL1Mst3iQOKHkHbrBgyZ9vCl",
  "object": "event",
  "timestamp": 1654012591835,
  "type": "user.created"
}"#;

#[test]
fn the_documented_user_created_sample_decodes() {
    let body = DOCUMENTED_USER_CREATED.as_bytes();
    let event = verifier().verify(&signed(body), body).unwrap();
    assert_eq!(event.timestamp, Some(1_654_012_591_835));
    let Event::UserCreated(user) = event.into_event().unwrap() else {
        panic!("not a user.created")
    };

    assert_eq!(user.id, "user_29w83sxmDNGwOuEthce5gg56FcC");
    assert_eq!(user.external_id.as_deref(), Some("567772"));
    assert_eq!(user.first_name.as_deref(), Some("Example"));
    assert_eq!(user.primary_email_address(), Some("example@example.org"));
    assert!(user.password_enabled);
    assert_eq!(user.last_sign_in_at, Some(1_654_012_591_514));
    assert_eq!(user.created_at, 1_654_012_591_514);
    // What the sample leaves out, or sends as null, takes its default.
    assert!(!user.has_image && !user.totp_enabled && !user.backup_code_enabled);
    assert!(!user.banned && !user.locked);
    assert!(!user.delete_self_enabled && !user.create_organization_enabled);
    assert!(user.organization_memberships.is_empty());
    assert!(user.passkeys.is_empty() && user.saml_accounts.is_empty());
    let email = &user.email_addresses[0];
    assert!(!email.reserved);
    assert_eq!((email.created_at, email.updated_at), (0, 0));
    assert_eq!(
        email.verification.as_ref().map(|v| v.status.as_str()),
        Some("verified")
    );
}

#[test]
fn models_decode_with_only_their_id_and_object() {
    // Every event's model; nested objects and lists may be missing or null too.
    for (event_type, object) in [
        ("user.updated", "user"),
        ("session.created", "session"),
        ("organization.updated", "organization"),
        ("organizationMembership.created", "organization_membership"),
        ("organizationInvitation.created", "organization_invitation"),
        ("organizationDomain.updated", "organization_domain"),
        ("role.updated", "role"),
        ("permission.updated", "permission"),
        ("waitlistEntry.updated", "waitlist_entry"),
        ("subscription.updated", "commerce_subscription"),
        ("subscriptionItem.updated", "commerce_subscription_item"),
        ("paymentAttempt.updated", "commerce_payment_attempt"),
    ] {
        let minimal = json!({"object": object, "id": "x_1"});
        Event::from_parts(event_type, minimal).unwrap_or_else(|e| panic!("{event_type}: {e}"));
        let nulls = json!({
            "object": object, "id": "x_1", "name": null, "status": null, "created_at": null,
            "email_addresses": null, "organization": null, "permissions": null, "payer": null,
            "subscription_items": null, "amount": null, "plan_period": null, "verification": null,
        });
        Event::from_parts(event_type, nulls).unwrap_or_else(|e| panic!("{event_type}: {e}"));
    }
}

#[test]
fn session_events_decode_to_sessions_with_their_user() {
    let mut data = json!({
        "object": "session", "id": "sess_1", "user_id": "user_1", "client_id": "client_1",
        "actor": null, "status": "ended", "last_active_organization_id": null,
        "last_active_at": 1, "expire_at": 2, "abandon_at": 3, "created_at": 1, "updated_at": 2,
        "user": user_json("user_1")
    });
    let Event::SessionEnded(ended) = deliver("session.ended", data.clone()) else {
        panic!("not a session.ended")
    };
    assert_eq!(ended.session.id, "sess_1");
    assert_eq!(ended.session.status.as_str(), "ended");
    assert_eq!(ended.user.map(|u| u.id).as_deref(), Some("user_1"));

    data["user"] = Value::Null;
    data["status"] = json!("active");
    let Event::SessionCreated(created) = deliver("session.created", data.clone()) else {
        panic!("not a session.created")
    };
    assert!(created.user.is_none());
    assert!(matches!(
        deliver("session.removed", data.clone()),
        Event::SessionRemoved(_)
    ));
    assert!(matches!(
        deliver("session.revoked", data),
        Event::SessionRevoked(_)
    ));
}

#[test]
fn email_and_sms_events_decode() {
    let Event::EmailCreated(email) = deliver(
        "email.created",
        json!({
            "object": "email", "id": "ema_1", "slug": "verification_code",
            "from_email_name": "notifications", "to_email_address": "ada@example.org",
            "email_address_id": "idn_1", "user_id": null,
            "subject": "123456 is your verification code", "body": "<p>123456</p>",
            "body_plain": "123456", "status": "queued",
            "data": {"otp_code": "123456", "app": {"name": "Acme"}}, "delivered_by_clerk": false
        }),
    ) else {
        panic!("not an email.created")
    };
    assert_eq!(email.slug.as_deref(), Some("verification_code"));
    assert_eq!(email.data["otp_code"], "123456");
    assert!(!email.delivered_by_clerk);

    let Event::SmsCreated(sms) = deliver(
        "sms.created",
        json!({
            "object": "sms_message", "id": "sms_1", "slug": "verification_code",
            "from_phone_number": "+15555550100", "to_phone_number": "+15555550123",
            "phone_number_id": "idn_2", "message": "123456 is your code", "status": "queued",
            "data": null, "delivered_by_clerk": true
        }),
    ) else {
        panic!("not an sms.created")
    };
    assert_eq!(sms.to_phone_number.as_deref(), Some("+15555550123"));
    assert!(sms.delivered_by_clerk);
}

#[test]
fn organization_events_decode() {
    let Event::OrganizationCreated(org) = deliver("organization.created", organization_json())
    else {
        panic!("not an organization.created")
    };
    assert_eq!((org.id.as_str(), org.name.as_str()), ("org_1", "Acme"));
    assert_eq!(org.slug, "acme");
    assert_eq!(org.private_metadata["tier"], "gold");
    assert!(matches!(
        deliver("organization.updated", organization_json()),
        Event::OrganizationUpdated(_)
    ));
    let Event::OrganizationDeleted(deleted) = deliver(
        "organization.deleted",
        json!({"object": "organization", "id": "org_1", "deleted": true}),
    ) else {
        panic!("not an organization.deleted")
    };
    assert_eq!(deleted.object, "organization");
}

#[test]
fn membership_events_decode() {
    let data = json!({
        "object": "organization_membership", "id": "orgmem_1", "role": "org:admin",
        "role_name": "Admin", "permissions": ["org:sys_memberships:manage"],
        "public_metadata": {}, "private_metadata": {}, "organization": organization_json(),
        "public_user_data": {
            "user_id": "user_1", "first_name": "Ada", "last_name": null,
            "profile_image_url": "https://img.clerk.com/a", "image_url": "https://img.clerk.com/a",
            "has_image": false, "identifier": "ada@example.org"
        },
        "created_at": 1, "updated_at": 2
    });
    let Event::OrganizationMembershipCreated(m) =
        deliver("organizationMembership.created", data.clone())
    else {
        panic!("not an organizationMembership.created")
    };
    assert_eq!(m.organization.id, "org_1");
    assert_eq!(m.public_user_data.as_ref().unwrap().user_id, "user_1");
    assert_eq!(m.role, "org:admin");
    assert_eq!(m.permissions, ["org:sys_memberships:manage"]);
    assert!(matches!(
        deliver("organizationMembership.updated", data.clone()),
        Event::OrganizationMembershipUpdated(_)
    ));
    // Deleting a membership sends the whole membership, not a deleted object.
    let Event::OrganizationMembershipDeleted(m) = deliver("organizationMembership.deleted", data)
    else {
        panic!("not an organizationMembership.deleted")
    };
    assert_eq!(
        m.public_user_data.and_then(|u| u.identifier).as_deref(),
        Some("ada@example.org")
    );
}

#[test]
fn invitation_events_decode() {
    let mut data = json!({
        "object": "organization_invitation", "id": "orginv_1", "email_address": "ada@example.org",
        "role": "org:member", "role_name": "Member", "organization_id": "org_1",
        "inviter_id": "user_0", "public_inviter_data": null, "status": "pending",
        "public_metadata": {}, "private_metadata": null, "url": null,
        "expires_at": 1_700_000_000_000_i64, "created_at": 1, "updated_at": 2
    });
    let Event::OrganizationInvitationCreated(inv) =
        deliver("organizationInvitation.created", data.clone())
    else {
        panic!("not an organizationInvitation.created")
    };
    assert_eq!(inv.status, Some(InvitationStatus::Pending));
    assert_eq!(inv.user_id, None);

    data["status"] = json!("accepted");
    data["user_id"] = json!("user_1");
    let Event::OrganizationInvitationAccepted(inv) =
        deliver("organizationInvitation.accepted", data.clone())
    else {
        panic!("not an organizationInvitation.accepted")
    };
    assert_eq!(inv.status, Some(InvitationStatus::Accepted));
    assert_eq!(inv.user_id.as_deref(), Some("user_1"));

    data["status"] = json!("revoked");
    assert!(matches!(
        deliver("organizationInvitation.revoked", data),
        Event::OrganizationInvitationRevoked(_)
    ));
}

#[test]
fn domain_events_decode() {
    let data = json!({
        "object": "organization_domain", "id": "orgdmn_1", "organization_id": "org_1",
        "name": "example.org", "enrollment_mode": "automatic_invitation",
        "affiliation_email_address": "ada@example.org",
        "verification": {"status": "verified", "strategy": "email_code", "attempts": 1, "expires_at": 5},
        "total_pending_invitations": 2, "total_pending_suggestions": 0,
        "created_at": 1, "updated_at": 2
    });
    let Event::OrganizationDomainCreated(domain) =
        deliver("organizationDomain.created", data.clone())
    else {
        panic!("not an organizationDomain.created")
    };
    assert_eq!(domain.enrollment_mode, EnrollmentMode::AutomaticInvitation);
    let verification = domain.verification.unwrap();
    assert_eq!(verification.status, VerificationStatus::Verified);
    assert_eq!(verification.expire_at, Some(5));
    assert_eq!(domain.total_pending_invitations, 2);
    assert!(matches!(
        deliver("organizationDomain.updated", data),
        Event::OrganizationDomainUpdated(_)
    ));
    assert!(matches!(
        deliver(
            "organizationDomain.deleted",
            json!({"object": "organization_domain", "id": "orgdmn_1", "deleted": true})
        ),
        Event::OrganizationDomainDeleted(d) if d.deleted
    ));
}

#[test]
fn role_and_permission_events_decode() {
    let permission = json!({
        "object": "permission", "id": "perm_1", "key": "org:invoices:read", "name": "Read invoices",
        "description": "See invoices", "type": "user", "created_at": 1, "updated_at": 2
    });
    let role = json!({
        "object": "role", "id": "role_1", "key": "org:billing", "name": "Billing",
        "description": null, "is_creator_eligible": false, "permissions": [permission.clone()],
        "created_at": 1, "updated_at": 2
    });
    let Event::RoleCreated(r) = deliver("role.created", role.clone()) else {
        panic!("not a role.created")
    };
    assert_eq!(r.key, "org:billing");
    assert_eq!(r.permissions[0].key, "org:invoices:read");
    assert!(matches!(
        deliver("role.updated", role.clone()),
        Event::RoleUpdated(_)
    ));
    assert!(matches!(
        deliver("role.deleted", role),
        Event::RoleDeleted(_)
    ));

    let Event::PermissionCreated(p) = deliver("permission.created", permission.clone()) else {
        panic!("not a permission.created")
    };
    assert_eq!(p.kind, "user");
    assert!(matches!(
        deliver("permission.updated", permission),
        Event::PermissionUpdated(_)
    ));
    // A deleted-object shape decodes too: only `id` is required.
    let Event::PermissionDeleted(p) = deliver(
        "permission.deleted",
        json!({"object": "permission", "id": "perm_1", "deleted": true}),
    ) else {
        panic!("not a permission.deleted")
    };
    assert_eq!(p.id, "perm_1");
}

#[test]
fn waitlist_events_decode() {
    let data = json!({
        "object": "waitlist_entry", "id": "wle_1", "email_address": "ada@example.org",
        "status": "invited", "is_locked": false,
        "invitation": {"object": "invitation", "id": "inv_1", "status": "pending"},
        "created_at": 1, "updated_at": 2
    });
    let Event::WaitlistEntryUpdated(entry) = deliver("waitlistEntry.updated", data.clone()) else {
        panic!("not a waitlistEntry.updated")
    };
    assert_eq!(entry.status, WaitlistEntryStatus::Invited);
    assert_eq!(entry.invitation.unwrap().id, "inv_1");
    assert!(matches!(
        deliver("waitlistEntry.created", data),
        Event::WaitlistEntryCreated(_)
    ));
}

#[test]
fn billing_events_decode() {
    let subscription = json!({
        "object": "commerce_subscription", "id": "csub_1", "status": "past_due",
        "payer_id": "cpayer_1", "payer": payer_json(), "items": [subscription_item_json("past_due")],
        "latest_payment_id": "cpay_1", "payment_source_id": "cps_1", "active_at": 1,
        "past_due_at": 30, "created_at": 1, "updated_at": 2
    });
    let Event::SubscriptionPastDue(sub) = deliver("subscription.pastDue", subscription.clone())
    else {
        panic!("not a subscription.pastDue")
    };
    assert_eq!(sub.status, BillingSubscriptionStatus::PastDue);
    assert_eq!(sub.payer.unwrap().user_id.as_deref(), Some("user_1"));
    let item = &sub.subscription_items[0];
    assert_eq!(item.plan.as_ref().unwrap().slug, "pro");
    assert_eq!(item.plan_period, PlanPeriod::Month);
    // Webhooks give `lifetime_paid` as a bare number of cents.
    assert_eq!(item.lifetime_paid.as_ref().unwrap().amount, 3000);
    for (event_type, expect) in [
        ("subscription.created", "subscription.created"),
        ("subscription.updated", "subscription.updated"),
        ("subscription.active", "subscription.active"),
    ] {
        assert_eq!(
            deliver(event_type, subscription.clone()).event_type(),
            expect
        );
    }

    let Event::SubscriptionItemCanceled(item) = deliver(
        "subscriptionItem.canceled",
        subscription_item_json("canceled"),
    ) else {
        panic!("not a subscriptionItem.canceled")
    };
    assert_eq!(item.status, SubscriptionItemStatus::Canceled);
    assert_eq!(item.amount.unwrap().amount_formatted, "10.00");

    let Event::PaymentAttemptUpdated(attempt) = deliver(
        "paymentAttempt.updated",
        json!({
            "object": "commerce_payment_attempt", "id": "cpa_1", "instance_id": "ins_1",
            "payment_id": "cpay_1", "statement_id": "cstmt_1", "gateway_external_id": "pi_1",
            "status": "failed", "charge_type": "recurring",
            "payee": {"id": "cpayee_1", "gateway_type": "stripe", "gateway_external_id": "acct_1", "gateway_status": "active"},
            "payer": payer_json(),
            "totals": {"subtotal": money(1000), "tax_total": money(0), "grand_total": money(1000)},
            "payment_source": {"id": "cps_1", "gateway": "stripe", "payment_method": "card", "status": "active", "last4": "4242"},
            "subscription_items": [subscription_item_json("past_due")],
            "failed_reason": {"code": "card_declined", "decline_code": "insufficient_funds"},
            "billing_date": 20, "failed_at": 21, "created_at": 1, "updated_at": 2
        }),
    ) else {
        panic!("not a paymentAttempt.updated")
    };
    assert_eq!(attempt.status, PaymentAttemptStatus::Failed);
    assert_eq!(attempt.charge_type, ChargeType::Recurring);
    assert_eq!(attempt.totals.unwrap().grand_total.amount, 1000);
    assert_eq!(
        attempt.failed_reason.unwrap().decline_code.as_deref(),
        Some("insufficient_funds")
    );
    assert_eq!(attempt.subscription_items.len(), 1);
}

#[test]
fn billing_models_accept_the_backend_api_shapes_too() {
    // `subscription_items` and a money object for `lifetime_paid`, as the Backend API returns.
    let mut item = subscription_item_json("active");
    item["lifetime_paid"] = money(3000);
    let event = Event::from_parts(
        "subscription.updated",
        json!({"object": "commerce_subscription", "id": "csub_1", "status": "active", "subscription_items": [item]}),
    )
    .unwrap();
    let Event::SubscriptionUpdated(sub) = event else {
        panic!("not a subscription.updated")
    };
    assert_eq!(
        sub.subscription_items[0]
            .lifetime_paid
            .as_ref()
            .unwrap()
            .amount,
        3000
    );
}

#[test]
fn every_known_event_type_has_its_variant() {
    let sample = |event_type: &str| -> Value {
        let family = event_type.split('.').next().unwrap();
        match (family, event_type) {
            (_, "user.deleted" | "organization.deleted" | "organizationDomain.deleted") => {
                json!({"object": "x", "id": "x_1", "deleted": true})
            }
            ("user", _) => user_json("user_1"),
            ("session", _) => json!({
                "object": "session", "id": "sess_1", "user_id": "user_1", "client_id": "client_1",
                "status": "active", "last_active_at": 1, "expire_at": 2, "abandon_at": 3,
                "created_at": 1, "updated_at": 2
            }),
            ("organizationMembership", _) => {
                json!({"object": "organization_membership", "id": "orgmem_1", "organization": organization_json()})
            }
            _ => json!({"object": "x", "id": "x_1"}),
        }
    };
    assert_eq!(EVENT_TYPES.len(), 45);
    for event_type in EVENT_TYPES {
        let event = Event::from_parts(event_type, sample(event_type))
            .unwrap_or_else(|e| panic!("{event_type}: {e}"));
        assert!(!matches!(event, Event::Unknown { .. }), "{event_type}");
        assert_eq!(event.event_type(), *event_type);
    }
}

#[test]
fn verifiers_and_events_can_be_shared_across_threads() {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<WebhookSecret>();
    shareable::<WebhookVerifier>();
    shareable::<WebhookError>();
    shareable::<WebhookEvent>();
    shareable::<Event>();
}
