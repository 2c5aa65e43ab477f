//! Agent tasks: let an AI agent act for a user through a one-time URL that creates a session
//! (the spec's `Agent Tasks` tag).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;

use crate::{ApiRequest, Result, encode_segment};

/// An agent task: `AgentTask` in the spec. `Debug` redacts its URL.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AgentTask {
    /// Always `agent_task`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The agent's id, stable per agent name within the instance.
    #[serde(default, deserialize_with = "null_default")]
    pub agent_id: String,
    /// The task's id, unique per task.
    #[serde(default, deserialize_with = "null_default")]
    pub agent_task_id: String,
    /// Deprecated by Clerk: use [`agent_task_id`](Self::agent_task_id).
    #[serde(default)]
    pub task_id: Option<String>,
    /// The URL that, when visited, creates a session for the user (present when the task was
    /// just created).
    ///
    /// # Security Warning
    /// Whoever opens it is signed in as the user: keep it out of logs.
    #[serde(default)]
    pub url: Option<String>,
}

impl fmt::Debug for AgentTask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AgentTask")
            .field("agent_id", &self.agent_id)
            .field("agent_task_id", &self.agent_task_id)
            .field("url", &self.url.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

/// The user an agent task acts for: by id or by one of their verified identifiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OnBehalfOf {
    /// The user with this id.
    UserId(String),
    /// The user with this verified identifier, such as an email address.
    Identifier(String),
}

/// The body of [`AgentTasks::create`] (`CreateAgentTask`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateAgentTask {
    /// The user the agent acts for.
    pub on_behalf_of: OnBehalfOf,
    /// The permissions granted; Clerk accepts only `*` (all).
    pub permissions: String,
    /// The agent's name (logged, and the source of its stable id).
    pub agent_name: String,
    /// What the agent is doing (logged).
    pub task_description: String,
    /// Where the user lands once the task is accepted: an absolute URL on one of the
    /// instance's domains (`https` in production).
    pub redirect_url: String,
    /// The longest the created session may last, in seconds; 30 minutes on the server when
    /// absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_max_duration_in_seconds: Option<u64>,
}

impl CreateAgentTask {
    /// A task of the agent `agent_name` for `on_behalf_of`, described by `task_description`,
    /// landing on `redirect_url`, with all permissions (`*`).
    pub fn new(
        on_behalf_of: OnBehalfOf,
        agent_name: impl Into<String>,
        task_description: impl Into<String>,
        redirect_url: impl Into<String>,
    ) -> Self {
        Self {
            on_behalf_of,
            permissions: "*".to_owned(),
            agent_name: agent_name.into(),
            task_description: task_description.into(),
            redirect_url: redirect_url.into(),
            session_max_duration_in_seconds: None,
        }
    }

    setters!(; session_max_duration_in_seconds: u64);
}

sub_api!(AgentTasks, agent_tasks);

impl AgentTasks {
    /// Creates an agent task for a user (`POST /agents/tasks`, `CreateAgentTask`).
    ///
    /// # Errors
    /// An API error: 404 when the user does not exist, 422 when a parameter is invalid.
    pub async fn create(&self, params: &CreateAgentTask) -> Result<AgentTask> {
        self.clerk
            .send(ApiRequest::post("/agents/tasks").json(params))
            .await
    }

    /// Revokes a pending agent task (`POST /agents/tasks/{agent_task_id}/revoke`,
    /// `RevokeAgentTask`).
    ///
    /// # Errors
    /// An API error: 404 when no agent task has this id, 400 when it is not pending.
    pub async fn revoke(&self, agent_task_id: &str) -> Result<AgentTask> {
        let path = format!("/agents/tasks/{}/revoke", encode_segment(agent_task_id));
        self.clerk.send(ApiRequest::post(path)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const TASK: &str = r#"{"object":"agent_task","agent_id":"agent_1","agent_task_id":"at_1",
        "task_id":"at_1","url":"https://x.test/accept?ticket=secret"}"#;

    #[tokio::test]
    async fn create_names_the_user_once() {
        let Fake { clerk, seen } = fake(200, TASK);
        let params = CreateAgentTask::new(
            OnBehalfOf::Identifier("ada@example.com".into()),
            "helper",
            "book a table",
            "https://app.example/done",
        )
        .session_max_duration_in_seconds(600);
        let task = clerk.agent_tasks().create(&params).await.unwrap();
        assert_eq!(task.agent_task_id, "at_1");
        assert!(!format!("{task:?}").contains("secret"));
        assert_eq!(
            seen.only().body,
            Some(
                json!({"on_behalf_of": {"identifier": "ada@example.com"}, "permissions": "*",
                "agent_name": "helper", "task_description": "book a table",
                "redirect_url": "https://app.example/done",
                "session_max_duration_in_seconds": 600})
            )
        );
    }

    #[tokio::test]
    async fn revoke_posts_to_the_task() {
        let Fake { clerk, seen } = fake(200, TASK);
        clerk.agent_tasks().revoke("at_1").await.unwrap();
        let req = seen.only();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("POST", "/v1/agents/tasks/at_1/revoke")
        );
        let body = serde_json::to_value(CreateAgentTask::new(
            OnBehalfOf::UserId("user_1".into()),
            "a",
            "b",
            "https://c",
        ))
        .unwrap();
        assert_eq!(body["on_behalf_of"], json!({"user_id": "user_1"}));
    }
}
