//! The behaviour table of `clerk-testing`, run against the example app, in both transports.

#[path = "../examples/app.rs"]
#[allow(dead_code, unreachable_pub)]
mod example;

use std::net::SocketAddr;

use clerk_axum::ClerkLayer;
use clerk_axum::verify::Authenticator;
use clerk_testing::behaviour::{Fixture, run};

async fn serve(fixture: &Fixture, transport: impl clerk_core::Transport) -> SocketAddr {
    let authenticator = fixture.authenticator(transport);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_behaviour_table_passes_over_hyper() {
    let fixture = Fixture::start().await;
    let addr = serve(&fixture, clerk_http_hyper::HyperTransport::new()).await;
    let report = run(&fixture, addr).await;
    assert!(report.failures.is_empty(), "{report}");
}

mod webhooks {
    use axum::Router;
    use axum::routing;
    use clerk_axum::ClerkWebhook;
    use clerk_core::webhooks::{Event, WebhookSecret, WebhookVerifier};

    async fn serve() -> (std::net::SocketAddr, WebhookSecret) {
        let secret = WebhookSecret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let app = Router::new()
            .route(
                "/webhooks",
                routing::post(|ClerkWebhook(event): ClerkWebhook| async move {
                    match event.event() {
                        Ok(Event::UserDeleted(deleted)) => {
                            format!("deleted {}", deleted.id.unwrap_or_default())
                        }
                        _ => event.event_type,
                    }
                }),
            )
            .with_state(WebhookVerifier::new(secret.clone()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        (addr, secret)
    }

    async fn post(
        addr: std::net::SocketAddr,
        headers: &[(&str, String)],
        body: &str,
    ) -> (u16, String) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut request = format!(
            "POST /webhooks HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (k, v) in headers {
            request.push_str(&format!("{k}: {v}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut out = String::new();
        stream.read_to_string(&mut out).await.unwrap();
        let status = out[9..12].parse().unwrap();
        (
            status,
            out.split("\r\n\r\n").nth(1).unwrap_or_default().to_owned(),
        )
    }

    #[tokio::test]
    async fn a_signed_webhook_is_extracted_and_a_bad_one_is_a_400() {
        let (addr, secret) = serve().await;
        let body = r#"{"type":"user.deleted","object":"event","data":{"id":"user_1","object":"user","deleted":true},"timestamp":1,"instance_id":"ins_1"}"#;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let signature = secret.sign("msg_1", now, body.as_bytes());
        let headers = vec![
            ("svix-id", "msg_1".to_owned()),
            ("svix-timestamp", now.to_string()),
            ("svix-signature", signature),
        ];
        let (status, text) = post(addr, &headers, body).await;
        assert_eq!((status, text.as_str()), (200, "deleted user_1"));

        let tampered = body.replace("user_1", "user_2");
        let (status, text) = post(addr, &headers, &tampered).await;
        assert_eq!(status, 400, "{text}");
        assert!(text.contains("invalid_webhook"));

        let (status, text) = post(addr, &headers[..2], body).await;
        assert_eq!(status, 400, "{text}");
        assert!(text.contains("svix-signature"), "{text}");
    }
}

/// The same table through `clerk_axum::authenticate` with the authenticator in the app state.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_behaviour_table_passes_with_the_middleware_fn_and_from_ref_state() {
    use axum::extract::FromRef;

    #[derive(Clone)]
    struct AppState {
        clerk: Authenticator,
    }
    impl FromRef<AppState> for Authenticator {
        fn from_ref(state: &AppState) -> Authenticator {
            state.clerk.clone()
        }
    }

    let fixture = Fixture::start().await;
    let state = AppState {
        clerk: fixture.authenticator(clerk_http_reqwest::ReqwestTransport::new()),
    };
    let app = example::routes()
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            clerk_axum::authenticate,
        ))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let report = run(&fixture, addr).await;
    assert!(report.failures.is_empty(), "{report}");
}
