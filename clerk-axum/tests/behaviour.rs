//! The behaviour table of `clerk-testing`, run against the example app, in both transports.

#[path = "../examples/app.rs"]
#[allow(dead_code, unreachable_pub)]
mod example;

use std::net::SocketAddr;

use clerk_axum::ClerkLayer;
use clerk_axum::verify::Authenticator;
use clerk_testing::behaviour::{Fixture, run};

async fn serve(fixture: &Fixture, transport: impl clerk_core::Transport) -> SocketAddr {
    let clerk = clerk_core::Clerk::builder()
        .environment(clerk_core::Environment::from_pairs::<_, String, String>([]))
        .secret_key(fixture.fake().secret_key())
        .api_url(fixture.fake().api_url())
        .transport(transport)
        .build()
        .expect("client");
    let authenticator = Authenticator::builder(clerk)
        .environment(clerk_core::Environment::from_pairs::<_, String, String>([]))
        .authorized_parties(fixture.authorized_parties())
        .build()
        .expect("authenticator");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = example::app(ClerkLayer::new(authenticator));
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_behaviour_table_passes_over_reqwest() {
    let fixture = Fixture::start().await;
    let addr = serve(&fixture, clerk_http_reqwest::ReqwestTransport::new()).await;
    let report = run(&fixture, addr).await;
    println!("{report}");
    assert!(report.failures.is_empty(), "{report}");
    assert!(report.cases >= 30);
}
