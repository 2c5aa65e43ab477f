//! Organization permissions: what organization roles allow, such as `org:billing:manage` (the
//! spec's `Organization Permissions` tag).

use serde::{Deserialize, Serialize};

use crate::resources::common::{DeletedObject, OrderBy, null_default};
use crate::{ApiRequest, PageRequest, Result, encode_segment};

/// An organization permission: `Permission` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Permission {
    /// Always `permission`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The permission id.
    pub id: String,
    /// Its name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// Its key, `org:<feature>:<action>`.
    #[serde(default, deserialize_with = "null_default")]
    pub key: String,
    /// Its description.
    #[serde(default, deserialize_with = "null_default")]
    pub description: String,
    /// `system` for Clerk's `org:sys_…` permissions, `user` for yours.
    #[serde(rename = "type", deserialize_with = "null_default", default)]
    pub kind: String,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// Query parameters of [`OrganizationPermissions::list`] (`ListOrganizationPermissions`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListOrganizationPermissions {
    /// Permissions whose id (exact), name or key (partial) match.
    pub query: Option<String>,
    /// The order, by `created_at`, `name` or `key`.
    pub order_by: Option<OrderBy>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many permissions to skip.
    pub offset: Option<u32>,
}

impl ListOrganizationPermissions {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(query: String, order_by: OrderBy; limit: u32, offset: u32);
}

/// The body of [`OrganizationPermissions::create`] (`CreateOrganizationPermission`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateOrganizationPermission {
    /// The name.
    pub name: String,
    /// The key, `org:<feature>:<action>` in lowercase letters, digits and `_`, such as
    /// `org:billing:manage`.
    pub key: String,
    /// A description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl CreateOrganizationPermission {
    /// A permission named `name` with key `key`.
    pub fn new(name: impl Into<String>, key: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            key: key.into(),
            description: None,
        }
    }

    setters!(description: String);
}

/// The body of [`OrganizationPermissions::update`] (`UpdateOrganizationPermission`): only the
/// fields set are sent and changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateOrganizationPermission {
    /// The new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The new key (not starting with `org:sys_`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The new description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl UpdateOrganizationPermission {
    /// An empty update.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(name: String, key: String, description: String);
}

sub_api!(OrganizationPermissions, organization_permissions);

fn permission_path(permission_id: &str) -> String {
    format!(
        "/organization_permissions/{}",
        encode_segment(permission_id)
    )
}

impl OrganizationPermissions {
    /// Lists the organization permissions of the instance
    /// (`GET /organization_permissions`, `ListOrganizationPermissions`).
    ///
    /// # Errors
    /// An API error (400/422) when a parameter is invalid.
    pub fn list(&self, params: &ListOrganizationPermissions) -> PageRequest<Permission> {
        self.clerk
            .paginate(ApiRequest::get("/organization_permissions").query_params(params))
    }

    /// Creates a permission (`POST /organization_permissions`, `CreateOrganizationPermission`).
    ///
    /// # Errors
    /// An API error: 422 when the key is invalid or taken, 402/403 when the plan does not allow
    /// custom permissions.
    pub async fn create(&self, params: &CreateOrganizationPermission) -> Result<Permission> {
        self.clerk
            .send(ApiRequest::post("/organization_permissions").json(params))
            .await
    }

    /// Fetches one permission (`GET /organization_permissions/{permission_id}`,
    /// `GetOrganizationPermission`).
    ///
    /// # Errors
    /// An API error with status 404 when no permission has this id.
    pub async fn get(&self, permission_id: &str) -> Result<Permission> {
        self.clerk
            .send(ApiRequest::get(permission_path(permission_id)))
            .await
    }

    /// Updates a permission (`PATCH /organization_permissions/{permission_id}`,
    /// `UpdateOrganizationPermission`).
    ///
    /// # Errors
    /// An API error: 404 when no permission has this id, 422 when a value is invalid, 403 for a
    /// system permission.
    pub async fn update(
        &self,
        permission_id: &str,
        params: &UpdateOrganizationPermission,
    ) -> Result<Permission> {
        self.clerk
            .send(ApiRequest::patch(permission_path(permission_id)).json(params))
            .await
    }

    /// Deletes a permission (`DELETE /organization_permissions/{permission_id}`,
    /// `DeleteOrganizationPermission`).
    ///
    /// # Errors
    /// An API error: 404 when no permission has this id, 403 for a system permission.
    pub async fn delete(&self, permission_id: &str) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::delete(permission_path(permission_id)))
            .await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::resources::users::testkit::{Fake, fake};

    const PERMISSION: &str = r#"{"object": "permission", "id": "perm_1",
        "name": "Manage billing", "key": "org:billing:manage", "description": "",
        "type": "user", "created_at": 1, "updated_at": 2}"#;

    #[tokio::test]
    async fn list_create_get_update_delete() {
        let Fake { clerk, seen } = fake(
            200,
            &format!(r#"{{"data": [{PERMISSION}], "total_count": 1}}"#),
        );
        let page = clerk
            .organization_permissions()
            .list(&ListOrganizationPermissions::new().query("billing").limit(1))
            .await
            .unwrap();
        assert_eq!(page[0].kind, "user");
        let req = seen.only();
        assert_eq!(req.path, "/v1/organization_permissions");
        assert_eq!(req.query, "query=billing&limit=1");

        let Fake { clerk, seen } = fake(200, PERMISSION);
        let api = clerk.organization_permissions();
        api.create(
            &CreateOrganizationPermission::new("Manage billing", "org:billing:manage")
                .description("Billing"),
        )
        .await
        .unwrap();
        api.get("perm_1").await.unwrap();
        api.update(
            "perm_1",
            &UpdateOrganizationPermission::new().name("Billing"),
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
                    "/v1/organization_permissions".into(),
                    Some(
                        json!({"name": "Manage billing", "key": "org:billing:manage",
                                "description": "Billing"})
                    )
                ),
                (
                    "GET".into(),
                    "/v1/organization_permissions/perm_1".into(),
                    None
                ),
                (
                    "PATCH".into(),
                    "/v1/organization_permissions/perm_1".into(),
                    Some(json!({"name": "Billing"}))
                ),
            ]
        );

        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"permission","id":"perm_1","deleted":true}"#,
        );
        clerk
            .organization_permissions()
            .delete("perm_1")
            .await
            .unwrap();
        assert_eq!(seen.only().path, "/v1/organization_permissions/perm_1");
    }
}
