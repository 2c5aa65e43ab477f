//! Directories: user provisioning from an identity provider's directory over SCIM, tied to an
//! enterprise connection (the spec's `Directories` and `SCIM Directories` tags).
//!
//! Clerk serves the same resource under two paths: `/directories` ([`Directories`], the current
//! name) and `/scim_directories` ([`ScimDirectories`], the older one). Both take and return the
//! same shapes, so they share this module's models and params; only the `object` names differ
//! (`directory` / `scim_directory`, `directory_group_role_mapping` / `scim_group_role_mapping`).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::resources::common::{DeletedObject, null_default};
use crate::resources::enterprise_connections::CustomAttribute;
use crate::resources::organization_roles::Role;
use crate::{ApiRequest, Page, PageRequest, Result, encode_segment};

/// A directory: `Directory` (or `SCIMDirectory`) in the spec.
///
/// `Debug` never shows [`api_key`](Self::api_key).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Directory {
    /// `directory` or `scim_directory`, after the path it was read from.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The directory id.
    pub id: String,
    /// The directory's name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// The enterprise connection the directory provisions users for.
    #[serde(default)]
    pub enterprise_connection_id: Option<String>,
    /// The SCIM base URL to give the identity provider.
    #[serde(default, deserialize_with = "null_default")]
    pub endpoint_url: String,
    /// The identity provider, such as `okta`.
    #[serde(default, deserialize_with = "null_default")]
    pub provider: String,
    /// Whether provisioning is on.
    #[serde(default, deserialize_with = "null_default")]
    pub enabled: bool,
    /// Whether directory groups map to organization roles.
    #[serde(default, deserialize_with = "null_default")]
    pub group_role_mapping_enabled: bool,
    /// How directory attributes map to user fields (user field → directory attribute path).
    #[serde(default, deserialize_with = "null_default")]
    pub attribute_mapping: BTreeMap<String, String>,
    /// Custom attributes carried over from the directory.
    #[serde(default, deserialize_with = "null_default")]
    pub custom_attributes: Vec<CustomAttribute>,
    /// The bearer token the identity provider sends to the SCIM endpoint, when Clerk shows it
    /// (after creation and rotation).
    #[serde(default)]
    pub api_key: Option<String>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

impl fmt::Debug for Directory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Directory")
            .field("object", &self.object)
            .field("id", &self.id)
            .field("name", &self.name)
            .field("enterprise_connection_id", &self.enterprise_connection_id)
            .field("endpoint_url", &self.endpoint_url)
            .field("provider", &self.provider)
            .field("enabled", &self.enabled)
            .field(
                "group_role_mapping_enabled",
                &self.group_role_mapping_enabled,
            )
            .field("attribute_mapping", &self.attribute_mapping)
            .field("custom_attributes", &self.custom_attributes)
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}

/// A mapping from a directory group to an organization role: `DirectoryGroupRoleMapping` (or
/// `SCIMGroupRoleMapping`) in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupRoleMapping {
    /// `directory_group_role_mapping` or `scim_group_role_mapping`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The mapping id.
    pub id: String,
    /// The directory.
    #[serde(default, deserialize_with = "null_default")]
    pub directory_id: String,
    /// The directory, under its older name (the same id).
    #[serde(default)]
    pub scim_directory_id: Option<String>,
    /// The directory group.
    #[serde(default, deserialize_with = "null_default")]
    pub directory_group_id: String,
    /// The directory group, under its older name (the same id).
    #[serde(default)]
    pub scim_group_id: Option<String>,
    /// The group's display name.
    #[serde(default)]
    pub directory_group_display_name: Option<String>,
    /// The group's display name, under its older name.
    #[serde(default)]
    pub scim_group_display_name: Option<String>,
    /// The role members of the group get.
    #[serde(default)]
    pub role: Option<Role>,
    /// Which mapping wins when a user is in several groups (lower first).
    #[serde(default, deserialize_with = "null_default")]
    pub precedence: i64,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// Query parameters of [`Directories::list`] and [`ScimDirectories::list`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListDirectories {
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many directories to skip.
    pub offset: Option<u32>,
}

impl ListDirectories {
    /// The server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    paging_setters!();
}

/// A group-to-role mapping to create: an item of `group_role_mappings` in
/// [`CreateDirectory`], the body of `create_group_role_mapping`, and an item of
/// `replace_group_role_mappings`.
///
/// `/scim_directories` requires the group id as `scim_group_id` ([`scim`](Self::scim));
/// `/directories` accepts either name ([`directory`](Self::directory) uses the current one).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct NewGroupRoleMapping {
    /// The directory group, under its current name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directory_group_id: Option<String>,
    /// The directory group, under its older name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scim_group_id: Option<String>,
    /// The group's display name, under its current name (ignored by bulk replacement).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directory_group_display_name: Option<String>,
    /// The group's display name, under its older name (ignored by bulk replacement).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scim_group_display_name: Option<String>,
    /// The organization role members of the group get.
    pub role_id: String,
    /// Which mapping wins when a user is in several groups (1 or more; lower first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precedence: Option<u32>,
}

impl NewGroupRoleMapping {
    /// Maps group `directory_group_id` to role `role_id`, with the field names of
    /// `/directories`.
    pub fn directory(directory_group_id: impl Into<String>, role_id: impl Into<String>) -> Self {
        Self {
            directory_group_id: Some(directory_group_id.into()),
            role_id: role_id.into(),
            ..Self::default()
        }
    }

    /// Maps group `scim_group_id` to role `role_id`, with the field names of
    /// `/scim_directories` (also accepted by `/directories`).
    pub fn scim(scim_group_id: impl Into<String>, role_id: impl Into<String>) -> Self {
        Self {
            scim_group_id: Some(scim_group_id.into()),
            role_id: role_id.into(),
            ..Self::default()
        }
    }

    /// Sets the group's display name, under the same naming as the group id.
    pub fn display_name(mut self, name: impl Into<String>) -> Self {
        if self.directory_group_id.is_some() {
            self.directory_group_display_name = Some(name.into());
        } else {
            self.scim_group_display_name = Some(name.into());
        }
        self
    }

    setters!(; precedence: u32);
}

/// The body of [`Directories::create`] and [`ScimDirectories::create`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateDirectory {
    /// The enterprise connection to provision users for.
    pub enterprise_connection_id: String,
    /// The identity provider, such as `okta`.
    pub provider: String,
    /// The directory's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Initial group-to-role mappings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_role_mappings: Option<Vec<NewGroupRoleMapping>>,
}

impl CreateDirectory {
    /// A directory for `enterprise_connection_id`, fed by `provider`.
    pub fn new(enterprise_connection_id: impl Into<String>, provider: impl Into<String>) -> Self {
        Self {
            enterprise_connection_id: enterprise_connection_id.into(),
            provider: provider.into(),
            ..Self::default()
        }
    }

    setters!(name: String; group_role_mappings: Vec<NewGroupRoleMapping>);
}

/// The body of [`Directories::update`] and [`ScimDirectories::update`]: only the fields set are
/// changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateDirectory {
    /// A new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Turns provisioning on or off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// A new identity provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Attribute mapping changes: user field → directory attribute path, `None` to remove one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_mapping: Option<BTreeMap<String, Option<String>>>,
    /// Turns group-to-role mapping on or off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_role_mapping_enabled: Option<bool>,
}

impl UpdateDirectory {
    /// No change yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(name: String, provider: String; enabled: bool, group_role_mapping_enabled: bool);

    /// Maps user field `field` to directory attribute `path` (`None` removes the mapping).
    pub fn map_attribute(mut self, field: impl Into<String>, path: Option<String>) -> Self {
        self.attribute_mapping
            .get_or_insert_with(BTreeMap::new)
            .insert(field.into(), path);
        self
    }
}

#[derive(Serialize)]
struct ReplaceBody<'a> {
    mappings: &'a [NewGroupRoleMapping],
}

/// The methods both handles share, over their base path.
macro_rules! directory_methods {
    ($handle:ident, $base:literal, $tag:literal, $id:literal, $op:literal, $ops:literal) => {
        impl $handle {
            fn path(&self, directory_id: &str, rest: &str) -> String {
                format!(concat!($base, "/{}{}"), encode_segment(directory_id), rest)
            }

            #[doc = concat!("Lists directories (`GET ", $base, "`, `List", $ops, "`).")]
            ///
            /// # Errors
            /// An API error (400/422) for invalid parameters.
            pub fn list(&self, params: &ListDirectories) -> PageRequest<Directory> {
                self.clerk
                    .paginate(ApiRequest::get($base).query_params(params))
            }

            #[doc = concat!("Creates a directory (`POST ", $base, "`, `Create", $op, "`).")]
            ///
            /// # Errors
            /// An API error: 404 when the enterprise connection does not exist, 400/422 for
            /// invalid input.
            pub async fn create(&self, params: &CreateDirectory) -> Result<Directory> {
                self.clerk.send(ApiRequest::post($base).json(params)).await
            }

            #[doc = concat!("Fetches one directory (`GET ", $base, "/{", $id, "}`, `Get", $op, "`).")]
            ///
            /// # Errors
            /// An API error with status 404 when no directory has this id.
            pub async fn get(&self, directory_id: &str) -> Result<Directory> {
                self.clerk
                    .send(ApiRequest::get(self.path(directory_id, "")))
                    .await
            }

            #[doc = concat!("Updates a directory (`PATCH ", $base, "/{", $id, "}`, `Update", $op, "`).")]
            ///
            /// # Errors
            /// An API error: 404 when no directory has this id, 400/422 for invalid input.
            pub async fn update(
                &self,
                directory_id: &str,
                params: &UpdateDirectory,
            ) -> Result<Directory> {
                self.clerk
                    .send(ApiRequest::patch(self.path(directory_id, "")).json(params))
                    .await
            }

            #[doc = concat!("Deletes a directory (`DELETE ", $base, "/{", $id, "}`, `Delete", $op, "`).")]
            ///
            /// # Errors
            /// An API error with status 404 when no directory has this id.
            pub async fn delete(&self, directory_id: &str) -> Result<DeletedObject> {
                self.clerk
                    .send(ApiRequest::delete(self.path(directory_id, "")))
                    .await
            }

            #[doc = concat!("Replaces the bearer token of a directory's SCIM endpoint; the new one is in [`Directory::api_key`] of the answer (`POST ", $base, "/{", $id, "}/rotate_api_key`, `Rotate", $op, "APIKey`).")]
            ///
            /// # Errors
            /// An API error with status 404 when no directory has this id.
            pub async fn rotate_api_key(&self, directory_id: &str) -> Result<Directory> {
                self.clerk
                    .send(ApiRequest::post(self.path(directory_id, "/rotate_api_key")))
                    .await
            }

            #[doc = concat!("Lists a directory's group-to-role mappings, all in one page (`GET ", $base, "/{", $id, "}/group_role_mappings`, `List", $tag, "GroupRoleMappings`).")]
            ///
            /// # Errors
            /// An API error with status 404 when no directory has this id.
            pub fn list_group_role_mappings(
                &self,
                directory_id: &str,
            ) -> PageRequest<GroupRoleMapping> {
                self.clerk
                    .paginate(ApiRequest::get(self.path(directory_id, "/group_role_mappings")))
                    .single_page()
            }

            #[doc = concat!("Maps a directory group to an organization role (`POST ", $base, "/{", $id, "}/group_role_mappings`, `Create", $tag, "GroupRoleMapping`).")]
            ///
            /// # Errors
            /// An API error: 404 when no directory has this id or the role does not exist,
            /// 400/422 for invalid input.
            pub async fn create_group_role_mapping(
                &self,
                directory_id: &str,
                mapping: &NewGroupRoleMapping,
            ) -> Result<GroupRoleMapping> {
                self.clerk
                    .send(
                        ApiRequest::post(self.path(directory_id, "/group_role_mappings"))
                            .json(mapping),
                    )
                    .await
            }

            #[doc = concat!("Replaces every group-to-role mapping of a directory at once (`PUT ", $base, "/{", $id, "}/group_role_mappings`, `Replace", $tag, "GroupRoleMappings`).")]
            ///
            /// # Errors
            /// An API error: 404 when no directory has this id, 400/422 for invalid input.
            pub async fn replace_group_role_mappings(
                &self,
                directory_id: &str,
                mappings: &[NewGroupRoleMapping],
            ) -> Result<Page<GroupRoleMapping>> {
                self.clerk
                    .send(
                        ApiRequest::put(self.path(directory_id, "/group_role_mappings"))
                            .json(&ReplaceBody { mappings }),
                    )
                    .await
            }

            #[doc = concat!("Deletes a group-to-role mapping (`DELETE ", $base, "/{", $id, "}/group_role_mappings/{mapping_id}`, `Delete", $tag, "GroupRoleMapping`).")]
            ///
            /// # Errors
            /// An API error with status 404 when no such mapping exists.
            pub async fn delete_group_role_mapping(
                &self,
                directory_id: &str,
                mapping_id: &str,
            ) -> Result<DeletedObject> {
                let rest = format!("/group_role_mappings/{}", encode_segment(mapping_id));
                self.clerk
                    .send(ApiRequest::delete(self.path(directory_id, &rest)))
                    .await
            }
        }
    };
}

sub_api!(Directories, directories);
directory_methods!(
    Directories,
    "/directories",
    "Directory",
    "directory_id",
    "Directory",
    "Directories"
);

sub_api!(ScimDirectories, scim_directories);
directory_methods!(
    ScimDirectories,
    "/scim_directories",
    "SCIM",
    "scim_directory_id",
    "SCIMDirectory",
    "SCIMDirectories"
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const DIRECTORY: &str = r#"{
        "object": "directory", "id": "dir_1", "name": "Okta", "enterprise_connection_id": "ec_1",
        "endpoint_url": "https://api.clerk.com/scim/v2/dir_1", "provider": "okta",
        "enabled": true, "group_role_mapping_enabled": false,
        "attribute_mapping": {"first_name": "name.givenName"},
        "custom_attributes": [{"name": "Cost center", "key": "cost_center", "multi_valued": false}],
        "api_key": "scim_SECRETSECRET", "created_at": 1, "updated_at": 2
    }"#;

    const MAPPING: &str = r#"{
        "object": "directory_group_role_mapping", "id": "grm_1", "directory_id": "dir_1",
        "scim_directory_id": "dir_1", "directory_group_id": "grp_1", "scim_group_id": "grp_1",
        "directory_group_display_name": "Admins", "scim_group_display_name": "Admins",
        "role": {"object": "role", "id": "role_1", "name": "Admin", "key": "org:admin",
            "description": null, "is_creator_eligible": true, "permissions": [],
            "created_at": 1, "updated_at": 2},
        "precedence": 1, "created_at": 1, "updated_at": 2
    }"#;

    #[tokio::test]
    async fn both_paths_create_the_same_shape_and_hide_the_api_key() {
        for (scim, path) in [(false, "/v1/directories"), (true, "/v1/scim_directories")] {
            let Fake { clerk, seen } = fake(200, DIRECTORY);
            let params = CreateDirectory::new("ec_1", "okta")
                .name("Okta")
                .group_role_mappings(vec![NewGroupRoleMapping::scim("grp_1", "role_1")]);
            let dir = if scim {
                clerk.scim_directories().create(&params).await.unwrap()
            } else {
                clerk.directories().create(&params).await.unwrap()
            };
            let req = seen.only();
            assert_eq!(req.path, path);
            assert_eq!(
                req.body,
                Some(
                    json!({"enterprise_connection_id": "ec_1", "provider": "okta",
                            "name": "Okta",
                            "group_role_mappings": [{"scim_group_id": "grp_1", "role_id": "role_1"}]})
                )
            );
            assert_eq!(dir.attribute_mapping["first_name"], "name.givenName");
            assert_eq!(dir.custom_attributes[0].key, "cost_center");
            assert_eq!(dir.api_key.as_deref(), Some("scim_SECRETSECRET"));
            assert!(!format!("{dir:?}").contains("SECRET"));
        }
    }

    #[tokio::test]
    async fn update_sends_attribute_removals_as_null() {
        let Fake { clerk, seen } = fake(200, DIRECTORY);
        clerk
            .directories()
            .update(
                "dir_1",
                &UpdateDirectory::new()
                    .enabled(false)
                    .map_attribute("first_name", None)
                    .map_attribute("last_name", Some("name.familyName".into())),
            )
            .await
            .unwrap();
        let req = seen.only();
        assert_eq!(req.method, "PATCH");
        assert_eq!(
            req.body,
            Some(json!({"enabled": false,
                        "attribute_mapping": {"first_name": null, "last_name": "name.familyName"}}))
        );
    }

    #[tokio::test]
    async fn group_role_mappings() {
        let Fake { clerk, seen } = fake(200, MAPPING);
        let m = clerk
            .scim_directories()
            .create_group_role_mapping(
                "dir_1",
                &NewGroupRoleMapping::scim("grp_1", "role_1")
                    .display_name("Admins")
                    .precedence(1),
            )
            .await
            .unwrap();
        assert_eq!(m.role.as_ref().unwrap().key, "org:admin");
        let req = seen.only();
        assert_eq!(req.path, "/v1/scim_directories/dir_1/group_role_mappings");
        assert_eq!(
            req.body,
            Some(
                json!({"scim_group_id": "grp_1", "scim_group_display_name": "Admins",
                        "role_id": "role_1", "precedence": 1})
            )
        );

        let body = format!(r#"{{"data": [{MAPPING}], "total_count": 1}}"#);
        let Fake { clerk, seen } = fake(200, &body);
        let page = clerk
            .directories()
            .replace_group_role_mappings(
                "dir_1",
                &[NewGroupRoleMapping::directory("grp_1", "role_1")],
            )
            .await
            .unwrap();
        assert_eq!(page.total_count, Some(1));
        let req = seen.only();
        assert_eq!(req.method, "PUT");
        assert_eq!(
            req.body,
            Some(json!({"mappings": [{"directory_group_id": "grp_1", "role_id": "role_1"}]}))
        );

        let Fake { clerk, seen } = fake(
            200,
            r#"{"object":"directory_group_role_mapping","id":"grm_1","deleted":true}"#,
        );
        let deleted = clerk
            .directories()
            .delete_group_role_mapping("dir_1", "grm/1")
            .await
            .unwrap();
        assert!(deleted.deleted);
        assert_eq!(
            seen.only().path,
            "/v1/directories/dir_1/group_role_mappings/grm%2F1"
        );
    }
}
