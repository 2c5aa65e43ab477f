//! Organization roles: named sets of permissions given to organization members, such as
//! `org:admin` (the spec's `Organization Roles` tag).

use serde::{Deserialize, Serialize};

use crate::resources::common::{DeletedObject, OrderBy, null_default};
use crate::resources::organization_permissions::Permission;
use crate::{ApiRequest, PageRequest, Result, encode_segment};

/// An organization role: `Role` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Role {
    /// Always `role`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The role id.
    pub id: String,
    /// Its name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// Its key, such as `org:admin`.
    #[serde(default, deserialize_with = "null_default")]
    pub key: String,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether it may be the role of an organization's creator.
    #[serde(default, deserialize_with = "null_default")]
    pub is_creator_eligible: bool,
    /// The permissions it grants.
    #[serde(default, deserialize_with = "null_default")]
    pub permissions: Vec<Permission>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// Query parameters of [`OrganizationRoles::list`] (`ListOrganizationRoles`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListOrganizationRoles {
    /// Roles whose id (exact), name or key (partial) match.
    pub query: Option<String>,
    /// The order, by `created_at`, `name` or `key`. Defaults to `-created_at` on the server.
    pub order_by: Option<OrderBy>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many roles to skip.
    pub offset: Option<u32>,
}

impl ListOrganizationRoles {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(query: String, order_by: OrderBy; limit: u32, offset: u32);
}

/// The body of [`OrganizationRoles::create`] (`CreateOrganizationRole`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateOrganizationRole {
    /// The name.
    pub name: String,
    /// The key: `org:` then lowercase letters, digits and `_`, unique in the instance.
    pub key: String,
    /// A description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The ids of the permissions it grants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<String>>,
    /// Whether to add it to the initial role set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_in_initial_role_set: Option<bool>,
}

impl CreateOrganizationRole {
    /// A role named `name` with key `key`.
    pub fn new(name: impl Into<String>, key: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            key: key.into(),
            ..Self::default()
        }
    }

    /// Sets the ids of the permissions it grants.
    pub fn permissions<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ids: I) -> Self {
        self.permissions = Some(ids.into_iter().map(Into::into).collect());
        self
    }

    setters!(description: String, include_in_initial_role_set: bool);
}

/// The body of [`OrganizationRoles::update`] (`UpdateOrganizationRole`): only the fields set are
/// sent and changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateOrganizationRole {
    /// The new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The new key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The new description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The ids of the permissions it grants, replacing the current ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<String>>,
}

impl UpdateOrganizationRole {
    /// An empty update.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the permissions with these ids (an empty list removes them all).
    pub fn permissions<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ids: I) -> Self {
        self.permissions = Some(ids.into_iter().map(Into::into).collect());
        self
    }

    setters!(name: String, key: String, description: String);
}

sub_api!(OrganizationRoles, organization_roles);

fn role_path(role_id: &str, rest: &str) -> String {
    format!("/organization_roles/{}{rest}", encode_segment(role_id))
}

impl OrganizationRoles {
    /// Lists the organization roles of the instance, newest first by default
    /// (`GET /organization_roles`, `ListOrganizationRoles`).
    ///
    /// # Errors
    /// An API error (400/422) when a parameter is invalid.
    pub fn list(&self, params: &ListOrganizationRoles) -> PageRequest<Role> {
        self.clerk
            .paginate(ApiRequest::get("/organization_roles").query_params(params))
    }

    /// Creates a role (`POST /organization_roles`, `CreateOrganizationRole`).
    ///
    /// # Errors
    /// An API error: 422 when the key is invalid or taken or a permission is unknown, 402/403
    /// when the plan does not allow custom roles.
    pub async fn create(&self, params: &CreateOrganizationRole) -> Result<Role> {
        self.clerk
            .send(ApiRequest::post("/organization_roles").json(params))
            .await
    }

    /// Fetches one role (`GET /organization_roles/{organization_role_id}`,
    /// `GetOrganizationRole`).
    ///
    /// # Errors
    /// An API error with status 404 when no role has this id.
    pub async fn get(&self, role_id: &str) -> Result<Role> {
        self.clerk
            .send(ApiRequest::get(role_path(role_id, "")))
            .await
    }

    /// Updates a role (`PATCH /organization_roles/{organization_role_id}`,
    /// `UpdateOrganizationRole`).
    ///
    /// # Errors
    /// An API error: 404 when no role has this id, 422 when a value is invalid.
    pub async fn update(&self, role_id: &str, params: &UpdateOrganizationRole) -> Result<Role> {
        self.clerk
            .send(ApiRequest::patch(role_path(role_id, "")).json(params))
            .await
    }

    /// Deletes a role (`DELETE /organization_roles/{organization_role_id}`,
    /// `DeleteOrganizationRole`).
    ///
    /// # Errors
    /// An API error: 404 when no role has this id, 400/409 when members or role sets still use
    /// it.
    pub async fn delete(&self, role_id: &str) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::delete(role_path(role_id, "")))
            .await
    }

    /// Grants a permission to a role
    /// (`POST /organization_roles/{organization_role_id}/permissions/{permission_id}`,
    /// `AssignPermissionToOrganizationRole`).
    ///
    /// # Errors
    /// An API error: 404 when the role or permission does not exist, 409/422 when the role
    /// already has it.
    pub async fn assign_permission(&self, role_id: &str, permission_id: &str) -> Result<Role> {
        self.clerk
            .send(ApiRequest::post(role_path(
                role_id,
                &format!("/permissions/{}", encode_segment(permission_id)),
            )))
            .await
    }

    /// Takes a permission away from a role
    /// (`DELETE /organization_roles/{organization_role_id}/permissions/{permission_id}`,
    /// `RemovePermissionFromOrganizationRole`).
    ///
    /// # Errors
    /// An API error with status 404 when the role, the permission, or the grant does not exist.
    pub async fn remove_permission(&self, role_id: &str, permission_id: &str) -> Result<Role> {
        self.clerk
            .send(ApiRequest::delete(role_path(
                role_id,
                &format!("/permissions/{}", encode_segment(permission_id)),
            )))
            .await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::resources::users::testkit::{Fake, fake};

    const ROLE: &str = r#"{"object": "role", "id": "role_1", "name": "Billing",
        "key": "org:billing", "description": null, "is_creator_eligible": false,
        "permissions": [{"object": "permission", "id": "perm_1", "name": "Manage billing",
            "key": "org:billing:manage", "description": "", "type": "user",
            "created_at": 1, "updated_at": 2}],
        "created_at": 1, "updated_at": 2}"#;

    #[tokio::test]
    async fn every_role_operation_sends_its_request() {
        let Fake { clerk, seen } = fake(200, &format!(r#"{{"data": [{ROLE}], "total_count": 1}}"#));
        let page = clerk
            .organization_roles()
            .list(&ListOrganizationRoles::new().order_by(OrderBy::asc("key")))
            .await
            .unwrap();
        assert_eq!(page[0].permissions[0].key, "org:billing:manage");
        assert_eq!(seen.only().query, "order_by=%2Bkey");

        let Fake { clerk, seen } = fake(200, ROLE);
        let api = clerk.organization_roles();
        api.create(
            &CreateOrganizationRole::new("Billing", "org:billing")
                .permissions(["perm_1"])
                .include_in_initial_role_set(true),
        )
        .await
        .unwrap();
        api.get("role_1").await.unwrap();
        api.update(
            "role_1",
            &UpdateOrganizationRole::new().permissions(Vec::<String>::new()),
        )
        .await
        .unwrap();
        api.assign_permission("role_1", "perm_2").await.unwrap();
        api.remove_permission("role_1", "perm_2").await.unwrap();
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
                    "/v1/organization_roles".into(),
                    Some(json!({"name": "Billing", "key": "org:billing",
                                "permissions": ["perm_1"], "include_in_initial_role_set": true}))
                ),
                ("GET".into(), "/v1/organization_roles/role_1".into(), None),
                (
                    "PATCH".into(),
                    "/v1/organization_roles/role_1".into(),
                    Some(json!({"permissions": []}))
                ),
                (
                    "POST".into(),
                    "/v1/organization_roles/role_1/permissions/perm_2".into(),
                    None
                ),
                (
                    "DELETE".into(),
                    "/v1/organization_roles/role_1/permissions/perm_2".into(),
                    None
                ),
            ]
        );

        let Fake { clerk, seen } = fake(200, r#"{"object":"role","id":"role_1","deleted":true}"#);
        clerk.organization_roles().delete("role_1").await.unwrap();
        assert_eq!(seen.only().method, "DELETE");
    }
}
