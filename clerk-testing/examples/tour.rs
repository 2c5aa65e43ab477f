//! A tour of the SDK against an embedded fake Clerk: every flow of the Node SDK's getting-started
//! page, in Rust. No Clerk account and no network needed.
//!
//! ```sh
//! cargo run -p clerk-testing --example tour
//! ```

#![allow(deprecated)] // the tour shows the seed's legacy flows on purpose

use clerk_core::resources::clients::ListClients;
use clerk_core::resources::emails::CreateEmail;
use clerk_core::resources::organizations::CreateOrganization;
use clerk_core::resources::sessions::{CreateSession, CreateSessionToken, ListSessions};
use clerk_core::resources::users::{CreateUser, ListUsers, UserFilter};
use clerk_core::verify::{AuthState, Authenticator, Check, RequestView};
use clerk_core::{Clerk, Environment, HttpOptions};
use clerk_http_reqwest::ReqwestTransport;
use clerk_testing::{FakeClerk, LegacyEndpoints};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = FakeClerk::start().await;
    println!("fake Clerk listening: CLERK_API_URL={}", fake.api_url());

    // 1. The default instance: only CLERK_SECRET_KEY (and here CLERK_API_URL) in the environment.
    //    A real program calls `Clerk::from_env(..)`; the tour passes the variables explicitly so it
    //    does not touch its own process environment.
    let clerk = Clerk::builder()
        .environment(Environment::from_pairs([
            ("CLERK_SECRET_KEY", fake.secret_key().to_owned()),
            ("CLERK_API_URL", fake.api_url()),
        ]))
        .transport(ReqwestTransport::new())
        .build()?;
    println!(
        "\n1. client from the environment: {} ({})",
        clerk.api_url(),
        clerk.api_version()
    );

    for (email, first, last) in [
        ("ada@example.com", "Ada", "Lovelace"),
        ("grace@example.com", "Grace", "Hopper"),
        ("alan@example.com", "Alan", "Turing"),
    ] {
        clerk
            .users()
            .create(
                &CreateUser::new()
                    .email_address(email)
                    .first_name(first)
                    .last_name(last),
            )
            .await?;
    }
    let users = clerk.users().list(&ListUsers::new().limit(10)).await?;
    let total = clerk.users().count(&UserFilter::new()).await?;
    println!(
        "   users().list() -> {} of {} users:",
        users.len(),
        total.total_count
    );
    for user in &users {
        println!(
            "     {} {} <{}>",
            user.id,
            user.first_name.as_deref().unwrap_or(""),
            user.primary_email_address().unwrap_or("")
        );
    }

    // 2. A sub-API handle used on its own, like `import { sessions }`.
    let sessions = clerk.sessions();
    let ada = &users[users.len() - 1];
    let first = sessions.create(&CreateSession::new(ada.id.clone())).await?;
    let latest = sessions.create(&CreateSession::new(ada.id.clone())).await?;
    let listed = sessions
        .list(&ListSessions::new().user_id(ada.id.clone()))
        .await?;
    println!("\n2. sessions().list(user_id) -> {} sessions", listed.len());
    let token = sessions
        .create_token(&latest.id, &CreateSessionToken::new())
        .await?;
    println!(
        "   sessions().create_token() -> a {}-byte RS256 session JWT",
        token.jwt.len()
    );

    // 3. Multi-session, manual: a particular session (the `_clerk_session_id` parameter and the
    //    client token from the `__session` cookie), then the last active session of a client.
    let client_token = fake
        .client_token(&first.client_id)
        .ok_or("the fake always has a client token")?;
    let verified = sessions.verify_session(&first.id, &client_token).await?;
    println!(
        "\n3. sessions().verify_session({}) -> status {}",
        verified.id, verified.status
    );
    let client = clerk.clients().verify_client(&client_token).await?;
    let last_active = client
        .last_active_session_id
        .clone()
        .ok_or("a client with a session has a last active one")?;
    let session = sessions.verify_session(&last_active, &client_token).await?;
    println!(
        "   clients().verify_client() -> client {} -> last active session {} of user {}",
        client.id, session.id, session.user_id
    );

    // 4. A custom instance: `Clerk({ secretKey })`, independent of the default one.
    let custom = Clerk::builder()
        .secret_key(fake.secret_key())
        .api_url(fake.api_url())
        .http_options(HttpOptions::new().user_agent_suffix("tour/1.0"))
        .transport(ReqwestTransport::new())
        .build()?;
    let clients = custom.clients().list(&ListClients::new()).await?;
    println!(
        "\n4. custom instance: clients().list() -> {} clients",
        clients.len()
    );
    let email_address_id = ada.email_addresses[0]
        .id
        .clone()
        .ok_or("a created email address has an id")?;
    let email = custom
        .emails()
        .create_email(&CreateEmail::new(
            "support",
            email_address_id,
            "Welcome",
            "Thanks for signing up!",
        ))
        .await?;
    println!(
        "   emails().create_email() -> {} to {}",
        email.status.as_deref().unwrap_or("?"),
        email.to_email_address.as_deref().unwrap_or("?")
    );

    // 5. Setters: a handle taken before the change follows it on its next request.
    let other = FakeClerk::builder()
        .secret_key("sk_test_second_instance")
        .start()
        .await;
    other.create_user(serde_json::json!({"email_address": ["elsewhere@example.com"]}));
    let users_handle = clerk.users();
    clerk.set_api_url(other.api_url())?;
    clerk.set_secret_key(other.secret_key())?;
    let moved = users_handle.count(&UserFilter::new()).await?;
    println!(
        "\n5. set_api_url + set_secret_key -> the same users() handle now counts {} user on {}",
        moved.total_count,
        clerk.api_url()
    );

    // 6. Today's API: the legacy endpoints answer with clear errors.
    fake.set_legacy_endpoints(LegacyEndpoints::Current);
    let gone = custom
        .sessions()
        .verify_session(&first.id, &client_token)
        .await
        .expect_err("today's API has no /sessions/{id}/verify");
    println!("\n6. today's API: verify_session -> {gone}");
    let gone = custom
        .emails()
        .create_email(&CreateEmail::new("support", "idn_x", "Hi", "Hi"))
        .await
        .expect_err("today's API has no /emails");
    println!("   create_email -> {gone}");

    // 7. Request authentication: verify the session token a frontend would send, networklessly
    //    after one JWKS fetch; the same check every framework adapter runs.
    let clerk = Clerk::builder()
        .secret_key(fake.secret_key())
        .api_url(fake.api_url())
        .transport(ReqwestTransport::new())
        .build()?;
    let authenticator = Authenticator::builder(clerk.clone())
        .environment(Environment::from_pairs::<_, String, String>([]))
        .build()?;
    let token = clerk
        .sessions()
        .create_token(&first.id, &CreateSessionToken::new())
        .await?;
    let header = format!("Bearer {}", token.jwt);
    match authenticator
        .authenticate_request(&RequestView::new().authorization(header.as_bytes()))
        .await
    {
        AuthState::SignedIn(auth) => println!(
            "\n7. authenticate_request(Bearer <session token>) -> signed in as {} (session {})",
            auth.user_id, auth.session_id
        ),
        other => println!("\n7. unexpected: {other:?}"),
    }
    let expired = fake.token(&first.id).expired().mint()?;
    let header = format!("Bearer {expired}");
    if let AuthState::SignedOut(out) = authenticator
        .authenticate_request(&RequestView::new().authorization(header.as_bytes()))
        .await
    {
        println!("   an expired token -> signed out: {}", out.error());
    }
    println!(
        "   JWKS fetched {} time(s) for both checks",
        authenticator.jwks_fetch_count()
    );

    // 8. Organizations, and a token carrying the active organization (v2 claims).
    let org = clerk
        .organizations()
        .create(&CreateOrganization::new("Analytical Engines").created_by(ada.id.clone()))
        .await?;
    let session = fake.create_session(&ada.id);
    let session_id = session["id"].as_str().unwrap_or_default();
    let org_token = fake.token(session_id).org(&org.id).mint()?;
    let auth = authenticator.verify_token(&org_token).await?;
    println!(
        "\n8. organizations().create() -> {} ({}); a token for it: role {:?}, has org:admin = {}",
        org.name,
        org.slug,
        auth.org_role,
        auth.has(Check::Role("org:admin"))
    );

    // 9. Every user, page after page.
    let mut all = clerk.users().list(&ListUsers::new().limit(2)).stream();
    let mut emails = Vec::new();
    while let Some(user) = all.next().await {
        emails.push(user?.primary_email_address().unwrap_or_default().to_owned());
    }
    println!("\n9. users().list(limit 2).stream() -> {emails:?}");

    println!("\ntour complete");
    Ok(())
}
