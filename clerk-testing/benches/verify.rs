#![allow(missing_docs)] // criterion_group! generates undocumented items
//! `verify_token` on a cached key, next to raw `jsonwebtoken` verification of the same token.
//!
//! ```text
//! cargo bench -p clerk-testing --bench verify
//! ```
//!
//! - `clerk_core/verify_token (cached key, first sight)`: the full check of a token never seen
//!   before (decode, key lookup, RS256 signature, claims), with the verified-token cache off;
//! - `clerk_core/verify_token (repeated token)`: the same token again with the cache on: only the
//!   time checks run;
//! - `jsonwebtoken/decode (cached DecodingKey)`: jsonwebtoken 11 (aws-lc-rs) verifying the same
//!   token with exp/nbf/iss validation, key parsed once.

use std::time::Duration;

use clerk_core::verify::Authenticator;
use clerk_core::{Clerk, Environment};
use clerk_testing::FakeClerk;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let fake = runtime.block_on(FakeClerk::start());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("time")
        .as_secs() as i64;
    let claims = json!({
        "iss": fake.issuer(), "sub": "user_2abc", "sid": "sess_2abc",
        "azp": "https://app.example.com", "iat": now, "nbf": now - 10, "exp": now + 3600,
        "v": 2, "sts": "active", "fva": [0, -1],
        "o": { "id": "org_1", "slg": "acme", "rol": "admin", "per": "read,manage", "fpm": "3" },
        "fea": "o:billing",
    });
    let token = fake.sign_jwt(&claims);
    let build = |capacity| {
        let clerk = Clerk::builder()
            .environment(Environment::from_pairs::<_, String, String>([]))
            .secret_key(fake.secret_key())
            .api_url(fake.api_url())
            .transport(clerk_http_reqwest::ReqwestTransport::new())
            .build()
            .expect("client");
        Authenticator::builder(clerk)
            .environment(Environment::from_pairs::<_, String, String>([]))
            .authorized_parties(["https://app.example.com"])
            .token_cache_capacity(capacity)
            .build()
            .expect("authenticator")
    };
    let uncached = build(0);
    let cached = build(10_000);
    // Warm the JWKS caches.
    runtime.block_on(async {
        uncached.verify_token(&token).await.expect("valid");
        cached.verify_token(&token).await.expect("valid");
    });

    let mut group = c.benchmark_group("verify");
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("clerk_core/verify_token (cached key, first sight)", |b| {
        b.iter(|| {
            futures_lite_block_on(uncached.verify_token(&token)).expect("valid");
        })
    });
    group.bench_function("clerk_core/verify_token (repeated token)", |b| {
        b.iter(|| {
            futures_lite_block_on(cached.verify_token(&token)).expect("valid");
        })
    });

    let pem = fake.public_key_pem();
    let key = jsonwebtoken::DecodingKey::from_rsa_pem(pem.as_bytes()).expect("pem");
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.set_issuer(&[fake.issuer()]);
    validation.validate_nbf = true;
    validation.validate_aud = false;
    group.bench_function("jsonwebtoken/decode (cached DecodingKey)", |b| {
        b.iter(|| {
            jsonwebtoken::decode::<serde_json::Value>(&token, &key, &validation).expect("valid");
        })
    });
    group.finish();
}

/// Polls a future that completes without waiting (every key is cached) on this thread, so the
/// benchmark measures verification and not a runtime's scheduling.
fn futures_lite_block_on<F: std::future::Future>(future: F) -> F::Output {
    use std::task::{Context, Poll, Waker};
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
