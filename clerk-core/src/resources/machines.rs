//! Machines: services that authenticate to each other with M2M tokens (the spec's `Machines`
//! tag). A machine may call the machines in its scope; see [`M2mTokens`](crate::resources::m2m_tokens::M2mTokens).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::resources::common::{DeletedObject, OrderBy, null_default};
use crate::{ApiRequest, PageRequest, Result, encode_segment};

/// A machine: `Machine` in the spec (and `Machine.Created`, which adds the secret key, and
/// `MachineWithoutScopedMachines`, the shape of the machines in
/// [`scoped_machines`](Self::scoped_machines), whose own list is empty).
///
/// `Debug` never shows [`secret_key`](Self::secret_key).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Machine {
    /// Always `machine`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The machine id (`mch_…`).
    pub id: String,
    /// The machine's name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// The instance the machine belongs to.
    #[serde(default, deserialize_with = "null_default")]
    pub instance_id: String,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
    /// The default lifetime, in seconds, of the M2M tokens this machine creates.
    #[serde(default)]
    pub default_token_ttl: Option<i64>,
    /// The machines this machine may call.
    #[serde(default, deserialize_with = "null_default")]
    pub scoped_machines: Vec<Machine>,
    /// The machine secret key (`ak_…`): present only in the answer to [`Machines::create`].
    #[serde(default)]
    pub secret_key: Option<String>,
}

impl fmt::Debug for Machine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Machine")
            .field("object", &self.object)
            .field("id", &self.id)
            .field("name", &self.name)
            .field("instance_id", &self.instance_id)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .field("default_token_ttl", &self.default_token_ttl)
            .field("scoped_machines", &self.scoped_machines)
            .field(
                "secret_key",
                &self.secret_key.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

/// A machine's secret key, from [`Machines::get_secret_key`] and
/// [`Machines::rotate_secret_key`]. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MachineSecretKey {
    /// Always `machine_secret_key`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The secret key (`ak_…`).
    #[serde(default, deserialize_with = "null_default")]
    pub secret: String,
}

impl fmt::Debug for MachineSecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MachineSecretKey")
            .field("object", &self.object)
            .field("secret", &"[redacted]")
            .finish()
    }
}

/// Access from one machine to another: `MachineScope` in the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MachineScope {
    /// Always `machine_scope`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The machine that may call.
    #[serde(default, deserialize_with = "null_default")]
    pub from_machine_id: String,
    /// The machine it may call.
    #[serde(default, deserialize_with = "null_default")]
    pub to_machine_id: String,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
}

/// The answer to [`Machines::delete_scope`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeletedMachineScope {
    /// Always `machine_scope`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The machine that could call.
    #[serde(default, deserialize_with = "null_default")]
    pub from_machine_id: String,
    /// The machine it could call.
    #[serde(default, deserialize_with = "null_default")]
    pub to_machine_id: String,
    /// Always `true`.
    #[serde(default, deserialize_with = "null_default")]
    pub deleted: bool,
}

/// Query parameters of [`Machines::list`] (`ListMachines`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListMachines {
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many machines to skip.
    pub offset: Option<u32>,
    /// Machines whose id is this query or whose name contains it.
    pub query: Option<String>,
    /// The order, by `name` or `created_at`; `-created_at` on the server when absent.
    pub order_by: Option<OrderBy>,
}

impl ListMachines {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(query: String; order_by: OrderBy);
    paging_setters!();
}

/// The body of [`Machines::create`] (`CreateMachine`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateMachine {
    /// The machine's name (1 to 255 characters).
    pub name: String,
    /// The machines (`mch_…`) this machine may call, at most 150.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scoped_machines: Option<Vec<String>>,
    /// The default lifetime, in seconds, of its M2M tokens; 3600 on the server when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_token_ttl: Option<u32>,
}

impl CreateMachine {
    /// A machine named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// Sets the machines this machine may call.
    pub fn scoped_machines<I, S>(mut self, machine_ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scoped_machines = Some(machine_ids.into_iter().map(Into::into).collect());
        self
    }

    setters!(; default_token_ttl: u32);
}

/// The body of [`Machines::update`] (`UpdateMachine`): only the fields set are changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateMachine {
    /// A new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new default token lifetime in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_token_ttl: Option<u32>,
}

impl UpdateMachine {
    /// No change yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(name: String; default_token_ttl: u32);
}

#[derive(Serialize)]
struct RotateBody {
    previous_token_ttl: u32,
}

#[derive(Serialize)]
struct ScopeBody<'a> {
    to_machine_id: &'a str,
}

sub_api!(Machines, machines);

fn machine_path(machine_id: &str, rest: &str) -> String {
    format!("/machines/{}{rest}", encode_segment(machine_id))
}

impl Machines {
    /// Lists the instance's machines, newest first by default (`GET /machines`, `ListMachines`).
    ///
    /// # Errors
    /// An API error (400/422) for invalid parameters.
    pub fn list(&self, params: &ListMachines) -> PageRequest<Machine> {
        self.clerk
            .paginate(ApiRequest::get("/machines").query_params(params))
    }

    /// Creates a machine (`POST /machines`, `CreateMachine`). Its secret key is in
    /// [`Machine::secret_key`] of the answer.
    ///
    /// # Errors
    /// An API error (400/422) for invalid input, such as an unknown scoped machine.
    pub async fn create(&self, params: &CreateMachine) -> Result<Machine> {
        self.clerk
            .send(ApiRequest::post("/machines").json(params))
            .await
    }

    /// Fetches one machine (`GET /machines/{machine_id}`, `GetMachine`).
    ///
    /// # Errors
    /// An API error with status 404 when no machine has this id.
    pub async fn get(&self, machine_id: &str) -> Result<Machine> {
        self.clerk
            .send(ApiRequest::get(machine_path(machine_id, "")))
            .await
    }

    /// Updates a machine (`PATCH /machines/{machine_id}`, `UpdateMachine`).
    ///
    /// # Errors
    /// An API error: 404 when no machine has this id, 400/422 for invalid input.
    pub async fn update(&self, machine_id: &str, params: &UpdateMachine) -> Result<Machine> {
        self.clerk
            .send(ApiRequest::patch(machine_path(machine_id, "")).json(params))
            .await
    }

    /// Deletes a machine (`DELETE /machines/{machine_id}`, `DeleteMachine`).
    ///
    /// # Errors
    /// An API error with status 404 when no machine has this id.
    pub async fn delete(&self, machine_id: &str) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::delete(machine_path(machine_id, "")))
            .await
    }

    /// Reads a machine's secret key
    /// (`GET /machines/{machine_id}/secret_key`, `GetMachineSecretKey`).
    ///
    /// # Errors
    /// An API error with status 404 when no machine has this id.
    pub async fn get_secret_key(&self, machine_id: &str) -> Result<MachineSecretKey> {
        self.clerk
            .send(ApiRequest::get(machine_path(machine_id, "/secret_key")))
            .await
    }

    /// Replaces a machine's secret key; tokens minted with the old key stay valid for
    /// `previous_token_ttl` seconds (0 to 28 800)
    /// (`POST /machines/{machine_id}/secret_key/rotate`, `RotateMachineSecretKey`).
    ///
    /// # Errors
    /// An API error: 404 when no machine has this id, 400/422 for an out-of-range TTL.
    pub async fn rotate_secret_key(
        &self,
        machine_id: &str,
        previous_token_ttl: u32,
    ) -> Result<MachineSecretKey> {
        let body = RotateBody { previous_token_ttl };
        self.clerk
            .send(ApiRequest::post(machine_path(machine_id, "/secret_key/rotate")).json(&body))
            .await
    }

    /// Lets machine `machine_id` call machine `to_machine_id`
    /// (`POST /machines/{machine_id}/scopes`, `CreateMachineScope`).
    ///
    /// # Errors
    /// An API error: 404 when either machine does not exist, 400/422 when the scope exists or
    /// the machine has too many.
    pub async fn create_scope(
        &self,
        machine_id: &str,
        to_machine_id: &str,
    ) -> Result<MachineScope> {
        self.clerk
            .send(
                ApiRequest::post(machine_path(machine_id, "/scopes"))
                    .json(&ScopeBody { to_machine_id }),
            )
            .await
    }

    /// Stops machine `machine_id` from calling machine `other_machine_id`
    /// (`DELETE /machines/{machine_id}/scopes/{other_machine_id}`, `DeleteMachineScope`).
    ///
    /// # Errors
    /// An API error with status 404 when no such scope exists.
    pub async fn delete_scope(
        &self,
        machine_id: &str,
        other_machine_id: &str,
    ) -> Result<DeletedMachineScope> {
        let path = machine_path(
            machine_id,
            &format!("/scopes/{}", encode_segment(other_machine_id)),
        );
        self.clerk.send(ApiRequest::delete(path)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const CREATED: &str = r#"{
        "object": "machine", "id": "mch_1", "name": "billing-worker", "instance_id": "ins_1",
        "created_at": 1700000000000, "updated_at": 1700000000000, "default_token_ttl": 3600,
        "scoped_machines": [{"object": "machine", "id": "mch_2", "name": "ledger",
            "instance_id": "ins_1", "created_at": 1, "updated_at": 2}],
        "secret_key": "ak_SECRETSECRET"
    }"#;

    #[tokio::test]
    async fn create_sends_scopes_and_redacts_the_secret_key() {
        let Fake { clerk, seen } = fake(200, CREATED);
        let m = clerk
            .machines()
            .create(
                &CreateMachine::new("billing-worker")
                    .scoped_machines(["mch_2"])
                    .default_token_ttl(3600),
            )
            .await
            .unwrap();
        let req = seen.only();
        assert_eq!(req.path, "/v1/machines");
        assert_eq!(
            req.body,
            Some(
                json!({"name": "billing-worker", "scoped_machines": ["mch_2"],
                        "default_token_ttl": 3600})
            )
        );
        assert_eq!(m.scoped_machines[0].name, "ledger");
        assert_eq!(m.scoped_machines[0].default_token_ttl, None);
        assert_eq!(m.secret_key.as_deref(), Some("ak_SECRETSECRET"));
        assert!(!format!("{m:?}").contains("SECRET"));
    }

    #[tokio::test]
    async fn list_sends_order_and_query() {
        let body = format!(r#"{{"data": [{CREATED}], "total_count": 1}}"#);
        let Fake { clerk, seen } = fake(200, &body);
        let page = clerk
            .machines()
            .list(
                &ListMachines::new()
                    .query("billing")
                    .order_by(OrderBy::asc("name"))
                    .limit(20),
            )
            .await
            .unwrap();
        assert_eq!(page.total_count, Some(1));
        assert_eq!(seen.only().query, "limit=20&query=billing&order_by=%2Bname");
    }

    #[tokio::test]
    async fn secret_keys_rotate_and_stay_out_of_debug() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"machine_secret_key","secret":"ak_NEWSECRET"}"#,
        );
        let key = clerk
            .machines()
            .rotate_secret_key("mch_1", 600)
            .await
            .unwrap();
        assert_eq!(key.secret, "ak_NEWSECRET");
        assert!(!format!("{key:?}").contains("NEWSECRET"));
        let req = seen.only();
        assert_eq!(req.path, "/v1/machines/mch_1/secret_key/rotate");
        assert_eq!(req.body, Some(json!({"previous_token_ttl": 600})));
    }

    #[tokio::test]
    async fn scopes_are_created_and_deleted() {
        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"machine_scope","from_machine_id":"mch_1","to_machine_id":"mch_2","created_at":1}"#,
        );
        let scope = clerk
            .machines()
            .create_scope("mch_1", "mch_2")
            .await
            .unwrap();
        assert_eq!(scope.to_machine_id, "mch_2");
        let req = seen.only();
        assert_eq!(req.path, "/v1/machines/mch_1/scopes");
        assert_eq!(req.body, Some(json!({"to_machine_id": "mch_2"})));

        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"machine_scope","from_machine_id":"mch_1","to_machine_id":"mch_2","deleted":true}"#,
        );
        let deleted = clerk
            .machines()
            .delete_scope("mch_1", "mch 2")
            .await
            .unwrap();
        assert!(deleted.deleted);
        let req = seen.only();
        assert_eq!(req.method, "DELETE");
        assert_eq!(req.path, "/v1/machines/mch_1/scopes/mch%202");
    }
}
