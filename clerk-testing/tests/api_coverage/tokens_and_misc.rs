//! Cases for sign-in tokens, actor tokens, sign-ups, testing tokens, agent tasks, the
//! interstitial page, the JWKS and proxy checks.

use clerk_core::resources::actor_tokens::CreateActorToken;
use clerk_core::resources::agent_tasks::{CreateAgentTask, OnBehalfOf};
use clerk_core::resources::interstitial::GetInterstitial;
use clerk_core::resources::proxy_checks::VerifyDomainProxy;
use clerk_core::resources::sign_in_tokens::CreateSignInToken;
use clerk_core::resources::sign_ups::UpdateSignUp;

use crate::prelude::{Case, case};

pub(crate) fn cases() -> Vec<Case> {
    vec![
        case!("CreateSignInToken", |c| c.sign_in_tokens().create(
            &CreateSignInToken::new("user_1").expires_in_seconds(600)
        )),
        case!("RevokeSignInToken", |c| c.sign_in_tokens().revoke("sit_1")),
        case!("CreateActorToken", |c| c.actor_tokens().create(
            &CreateActorToken::new("user_1", "user_admin").expires_in_seconds(600)
        )),
        case!("RevokeActorToken", |c| c.actor_tokens().revoke("act_1")),
        case!("GetSignUp", |c| c.sign_ups().get("sua_1")),
        case!("UpdateSignUp", |c| c
            .sign_ups()
            .update("sua_1", &UpdateSignUp::new().external_id("ext_1"))),
        case!("CreateTestingToken", |c| c.testing_tokens().create()),
        case!("CreateAgentTask", |c| c.agent_tasks().create(
            &CreateAgentTask::new(
                OnBehalfOf::UserId("user_1".into()),
                "booking-agent",
                "Book a table",
                "https://app.example/done"
            )
        )),
        case!("RevokeAgentTask", |c| c.agent_tasks().revoke("agt_1")),
        case!("GetPublicInterstitial", |c| c.interstitial().get(
            &GetInterstitial::new().publishable_key("pk_test_Y2xlcmsuZXhhbXBsZS5jb20k")
        )),
        case!("GetJWKS", |c| c.jwks().get()),
        case!("VerifyDomainProxy", |c| c.proxy_checks().verify(
            &VerifyDomainProxy::new("dmn_1", "https://example.com/__clerk")
        )),
    ]
}
