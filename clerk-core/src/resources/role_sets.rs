//! Role sets: the collection of roles an organization offers its members, with a default role
//! and a creator role (the spec's `Role Sets` tag).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::resources::common::{DeletedObject, OrderBy, null_default};
use crate::{ApiRequest, PageRequest, Result, encode_segment};

crate::string_enum! {
    /// The type of a [`RoleSet`].
    pub enum RoleSetType {
        /// The role set new organizations get (one per instance).
        Initial = "initial",
        /// Any other role set.
        Custom = "custom",
    }
}

/// A role set: `RoleSet` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RoleSet {
    /// Always `role_set`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The role set id.
    pub id: String,
    /// Its name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// Its key, such as `role_set:default`.
    #[serde(default, deserialize_with = "null_default")]
    pub key: String,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// The roles it offers.
    #[serde(default, deserialize_with = "null_default")]
    pub roles: Vec<RoleSetItem>,
    /// The role new members get.
    #[serde(default)]
    pub default_role: Option<RoleSetItem>,
    /// The role an organization's creator gets.
    #[serde(default)]
    pub creator_role: Option<RoleSetItem>,
    /// Whether it is the initial role set.
    #[serde(default, deserialize_with = "null_default", rename = "type")]
    pub kind: RoleSetType,
    /// The migration under way, while one is enqueued or in progress.
    #[serde(default)]
    pub role_set_migration: Option<RoleSetMigration>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// A role within a [`RoleSet`]: `RoleSetItem` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RoleSetItem {
    /// Always `role_set_item`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The role id.
    pub id: String,
    /// The role's name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// The role's key, such as `org:admin`.
    #[serde(default, deserialize_with = "null_default")]
    pub key: String,
    /// The role's description.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether members have this role within the role set.
    #[serde(default)]
    pub has_members: Option<bool>,
    /// How many members have this role within the role set.
    #[serde(default)]
    pub members_count: Option<i64>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// A migration of members between role sets: `RoleSetMigration` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RoleSetMigration {
    /// Always `role_set_migration`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The migration id.
    pub id: String,
    /// The instance.
    #[serde(default, deserialize_with = "null_default")]
    pub instance_id: String,
    /// The role set members move from.
    #[serde(default, deserialize_with = "null_default")]
    pub source_role_set_id: String,
    /// The role set members move to.
    #[serde(default)]
    pub dest_role_set_id: Option<String>,
    /// The organization, when the migration concerns one.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// What started it, such as `role_set_deletion` or `role_removal`.
    #[serde(default, deserialize_with = "null_default")]
    pub trigger_type: String,
    /// Its state, such as `enqueued`, `in_progress` or `completed`.
    #[serde(default, deserialize_with = "null_default")]
    pub status: String,
    /// Members migrated so far.
    #[serde(default, deserialize_with = "null_default")]
    pub migrated_members: i64,
    /// Source role key to destination role key.
    #[serde(default)]
    pub mappings: Option<BTreeMap<String, String>>,
    /// Start, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub started_at: Option<i64>,
    /// End, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub completed_at: Option<i64>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// Query parameters of [`RoleSets::list`] (`ListRoleSets`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListRoleSets {
    /// Role sets whose id (exact), name or key (partial) match.
    pub query: Option<String>,
    /// The order, by `created_at`, `name` or `key`. Defaults to `-created_at` on the server.
    pub order_by: Option<OrderBy>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many role sets to skip.
    pub offset: Option<u32>,
}

impl ListRoleSets {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(query: String, order_by: OrderBy; limit: u32, offset: u32);
}

/// The body of [`RoleSets::create`] (`CreateRoleSet`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateRoleSet {
    /// The name.
    pub name: String,
    /// The key: `role_set:` then lowercase letters, digits and `_`; generated from the name when
    /// absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// A description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The key of the role new members get; one of `roles`.
    pub default_role_key: String,
    /// The key of the role organization creators get; one of `roles`.
    pub creator_role_key: String,
    /// Whether it becomes the initial role set.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<RoleSetType>,
    /// The keys of its roles, 1 to 10.
    pub roles: Vec<String>,
}

impl CreateRoleSet {
    /// A role set named `name` offering `roles`, giving new members `default_role_key` and
    /// creators `creator_role_key`.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(
        name: impl Into<String>,
        default_role_key: impl Into<String>,
        creator_role_key: impl Into<String>,
        roles: I,
    ) -> Self {
        Self {
            name: name.into(),
            default_role_key: default_role_key.into(),
            creator_role_key: creator_role_key.into(),
            roles: roles.into_iter().map(Into::into).collect(),
            ..Self::default()
        }
    }

    setters!(key: String, description: String, kind: RoleSetType);
}

/// The body of [`RoleSets::update`] (`UpdateRoleSet`): only the fields set are sent and changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateRoleSet {
    /// The new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The new key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The new description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// [`RoleSetType::Initial`] makes it the initial role set (the previous one becomes
    /// custom); no other value is accepted.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<RoleSetType>,
    /// The key of the role new members get; a role of the set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_role_key: Option<String>,
    /// The key of the role organization creators get; a role of the set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator_role_key: Option<String>,
}

impl UpdateRoleSet {
    /// An empty update.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        name: String,
        key: String,
        description: String,
        kind: RoleSetType,
        default_role_key: String,
        creator_role_key: String,
    );
}

/// The body of [`RoleSets::replace`] (`ReplaceRoleSet`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ReplaceRoleSet {
    /// The key of the role set that takes its place.
    pub dest_role_set_key: String,
    /// Source role key to destination role key, for members whose role is not in the
    /// destination.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub reassignment_mappings: BTreeMap<String, String>,
}

impl ReplaceRoleSet {
    /// Replace with the role set keyed `dest_role_set_key`.
    pub fn new(dest_role_set_key: impl Into<String>) -> Self {
        Self {
            dest_role_set_key: dest_role_set_key.into(),
            reassignment_mappings: BTreeMap::new(),
        }
    }

    /// Moves members with role `from` to role `to` of the destination.
    pub fn reassign(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.reassignment_mappings.insert(from.into(), to.into());
        self
    }
}

/// The body of [`RoleSets::add_roles`] (`AddRolesToRoleSet`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct AddRolesToRoleSet {
    /// The keys of the roles to add, 1 to 10.
    pub role_keys: Vec<String>,
    /// Make one of the added roles the default role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_role_key: Option<String>,
    /// Make one of the added roles the creator role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator_role_key: Option<String>,
}

impl AddRolesToRoleSet {
    /// Adds the roles keyed `role_keys`.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(role_keys: I) -> Self {
        Self {
            role_keys: role_keys.into_iter().map(Into::into).collect(),
            ..Self::default()
        }
    }

    setters!(default_role_key: String, creator_role_key: String);
}

/// The body of [`RoleSets::replace_role`] (`ReplaceRoleInRoleSet`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ReplaceRoleInRoleSet {
    /// The key of the role to remove.
    pub role_key: String,
    /// The key of the role its members move to.
    pub to_role_key: String,
}

impl ReplaceRoleInRoleSet {
    /// Removes `role_key`, moving its members to `to_role_key`.
    pub fn new(role_key: impl Into<String>, to_role_key: impl Into<String>) -> Self {
        Self {
            role_key: role_key.into(),
            to_role_key: to_role_key.into(),
        }
    }
}

sub_api!(RoleSets, role_sets);

fn role_set_path(key_or_id: &str, rest: &str) -> String {
    format!("/role_sets/{}{rest}", encode_segment(key_or_id))
}

impl RoleSets {
    /// Lists the role sets of the instance, newest first by default (`GET /role_sets`,
    /// `ListRoleSets`).
    ///
    /// # Errors
    /// An API error (400/422) when a parameter is invalid.
    pub fn list(&self, params: &ListRoleSets) -> PageRequest<RoleSet> {
        self.clerk
            .paginate(ApiRequest::get("/role_sets").query_params(params))
    }

    /// Creates a role set (`POST /role_sets`, `CreateRoleSet`).
    ///
    /// # Errors
    /// An API error: 422 when the key is taken, a role is unknown, or the default or creator role
    /// is not among `roles`; 402/403 when the plan does not allow role sets.
    pub async fn create(&self, params: &CreateRoleSet) -> Result<RoleSet> {
        self.clerk
            .send(ApiRequest::post("/role_sets").json(params))
            .await
    }

    /// Fetches one role set by key or id (`GET /role_sets/{role_set_key_or_id}`, `GetRoleSet`).
    ///
    /// # Errors
    /// An API error with status 404 when no role set has this key or id.
    pub async fn get(&self, role_set_key_or_id: &str) -> Result<RoleSet> {
        self.clerk
            .send(ApiRequest::get(role_set_path(role_set_key_or_id, "")))
            .await
    }

    /// Updates a role set (`PATCH /role_sets/{role_set_key_or_id}`, `UpdateRoleSet`).
    ///
    /// # Errors
    /// An API error: 404 when no role set has this key or id, 422 when a value is invalid.
    pub async fn update(
        &self,
        role_set_key_or_id: &str,
        params: &UpdateRoleSet,
    ) -> Result<RoleSet> {
        self.clerk
            .send(ApiRequest::patch(role_set_path(role_set_key_or_id, "")).json(params))
            .await
    }

    /// Replaces a role set by another everywhere it is used, migrating members' roles, then
    /// deletes it (`POST /role_sets/{role_set_key_or_id}/replace`, `ReplaceRoleSet`).
    ///
    /// # Errors
    /// An API error: 404 when either role set does not exist, 422 when members have roles with no
    /// mapping into the destination.
    pub async fn replace(
        &self,
        role_set_key_or_id: &str,
        params: &ReplaceRoleSet,
    ) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::post(role_set_path(role_set_key_or_id, "/replace")).json(params))
            .await
    }

    /// Adds roles to a role set (`POST /role_sets/{role_set_key_or_id}/roles`,
    /// `AddRolesToRoleSet`).
    ///
    /// # Errors
    /// An API error: 404 when no role set has this key or id, 422 when a role is unknown or
    /// already in the set or the set would exceed its limit.
    pub async fn add_roles(
        &self,
        role_set_key_or_id: &str,
        params: &AddRolesToRoleSet,
    ) -> Result<RoleSet> {
        self.clerk
            .send(ApiRequest::post(role_set_path(role_set_key_or_id, "/roles")).json(params))
            .await
    }

    /// Removes a role from a role set, moving its members to another role of the set
    /// (`POST /role_sets/{role_set_key_or_id}/roles/replace`, `ReplaceRoleInRoleSet`).
    ///
    /// # Errors
    /// An API error: 404 when no role set has this key or id, 422 when either role is not in
    /// the set.
    pub async fn replace_role(
        &self,
        role_set_key_or_id: &str,
        params: &ReplaceRoleInRoleSet,
    ) -> Result<RoleSet> {
        self.clerk
            .send(
                ApiRequest::post(role_set_path(role_set_key_or_id, "/roles/replace")).json(params),
            )
            .await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::resources::users::testkit::{Fake, fake};

    const ROLE_SET: &str = r#"{"object": "role_set", "id": "rs_1", "name": "Default",
        "key": "role_set:default", "description": null,
        "roles": [{"object": "role_set_item", "id": "role_1", "name": "Admin",
            "key": "org:admin", "description": null, "members_count": 3,
            "created_at": 1, "updated_at": 2}],
        "default_role": null,
        "creator_role": {"object": "role_set_item", "id": "role_1", "name": "Admin",
            "key": "org:admin", "description": null, "created_at": 1, "updated_at": 2},
        "type": "initial",
        "role_set_migration": {"object": "role_set_migration", "id": "rsm_1",
            "instance_id": "ins_1", "source_role_set_id": "rs_0", "dest_role_set_id": "rs_1",
            "trigger_type": "role_removal", "status": "in_progress", "migrated_members": 4,
            "mappings": {"org:old": "org:admin"}, "created_at": 1, "updated_at": 2},
        "created_at": 1, "updated_at": 2}"#;

    #[tokio::test]
    async fn list_decodes_role_sets() {
        let Fake { clerk, seen } = fake(
            200,
            &format!(r#"{{"data": [{ROLE_SET}], "total_count": 1}}"#),
        );
        let page = clerk
            .role_sets()
            .list(&ListRoleSets::new().query("default").offset(1))
            .await
            .unwrap();
        let set = &page[0];
        assert_eq!(set.kind, RoleSetType::Initial);
        assert_eq!(set.roles[0].members_count, Some(3));
        assert_eq!(set.creator_role.as_ref().unwrap().key, "org:admin");
        let migration = set.role_set_migration.as_ref().unwrap();
        assert_eq!(migration.mappings.as_ref().unwrap()["org:old"], "org:admin");
        assert_eq!(seen.only().query, "query=default&offset=1");
    }

    #[tokio::test]
    async fn every_role_set_operation_sends_its_request() {
        let Fake { clerk, seen } = fake(200, ROLE_SET);
        let api = clerk.role_sets();
        api.create(
            &CreateRoleSet::new(
                "Default",
                "org:member",
                "org:admin",
                ["org:admin", "org:member"],
            )
            .kind(RoleSetType::Custom),
        )
        .await
        .unwrap();
        api.get("role_set:default").await.unwrap();
        api.update("rs_1", &UpdateRoleSet::new().kind(RoleSetType::Initial))
            .await
            .unwrap();
        api.add_roles(
            "rs_1",
            &AddRolesToRoleSet::new(["org:billing"]).default_role_key("org:billing"),
        )
        .await
        .unwrap();
        api.replace_role(
            "rs_1",
            &ReplaceRoleInRoleSet::new("org:billing", "org:member"),
        )
        .await
        .unwrap();
        let got: Vec<_> = seen
            .all()
            .into_iter()
            .map(|s| (s.method, s.path, s.body))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "POST".into(),
                    "/v1/role_sets".into(),
                    Some(json!({"name": "Default", "default_role_key": "org:member",
                                "creator_role_key": "org:admin", "type": "custom",
                                "roles": ["org:admin", "org:member"]}))
                ),
                (
                    "GET".into(),
                    "/v1/role_sets/role_set%3Adefault".into(),
                    None
                ),
                (
                    "PATCH".into(),
                    "/v1/role_sets/rs_1".into(),
                    Some(json!({"type": "initial"}))
                ),
                (
                    "POST".into(),
                    "/v1/role_sets/rs_1/roles".into(),
                    Some(json!({"role_keys": ["org:billing"], "default_role_key": "org:billing"}))
                ),
                (
                    "POST".into(),
                    "/v1/role_sets/rs_1/roles/replace".into(),
                    Some(json!({"role_key": "org:billing", "to_role_key": "org:member"}))
                ),
            ]
        );

        let Fake { clerk, seen } = fake(200, r#"{"object":"role_set","id":"rs_1","deleted":true}"#);
        clerk
            .role_sets()
            .replace(
                "rs_1",
                &ReplaceRoleSet::new("role_set:other").reassign("org:billing", "org:member"),
            )
            .await
            .unwrap();
        let req = seen.only();
        assert_eq!(req.path, "/v1/role_sets/rs_1/replace");
        assert_eq!(
            req.body,
            Some(json!({"dest_role_set_key": "role_set:other",
                        "reassignment_mappings": {"org:billing": "org:member"}}))
        );
    }
}
