//! Organizations, memberships, roles, permissions and organization invitations.
//!
//! Roles: every fake instance starts with Clerk's two default roles, `org:admin` ("Admin", every
//! system permission, the creator role) and `org:member` ("Member", `org:sys_memberships:read`),
//! plus Clerk's system permissions (`org:sys_*`). Custom permissions (`org:<feature>:<perm>`)
//! and roles are managed through `/organization_permissions` and `/organization_roles`.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::table::{Order, cmp_json, data_page, deleted, limit_offset, parse_order};
use super::{
    DAY_MS, Obj, Query, State, check_known, deep_merge, include_exclude, list_field, opt_bool,
    opt_int, opt_object, opt_string, primary_of,
};
use crate::error::FakeError;

/// Clerk's system permissions, with their names.
pub(crate) const SYSTEM_PERMISSIONS: &[(&str, &str)] = &[
    ("org:sys_profile:manage", "Manage organization"),
    ("org:sys_profile:delete", "Delete organization"),
    ("org:sys_memberships:read", "Read members"),
    ("org:sys_memberships:manage", "Manage members"),
    ("org:sys_domains:read", "Read domains"),
    ("org:sys_domains:manage", "Manage domains"),
    ("org:sys_billing:read", "Read billing"),
    ("org:sys_billing:manage", "Manage billing"),
];

/// The default role of an organization's creator.
pub(crate) const ADMIN_ROLE: &str = "org:admin";
/// The default role of other members.
pub(crate) const MEMBER_ROLE: &str = "org:member";

const ORG_CREATE_KEYS: &[&str] = &[
    "name",
    "created_by",
    "private_metadata",
    "public_metadata",
    "slug",
    "max_allowed_memberships",
    "created_at",
    "role_set_key",
];

const ORG_UPDATE_KEYS: &[&str] = &[
    "name",
    "slug",
    "max_allowed_memberships",
    "admin_delete_enabled",
    "created_at",
    "role_set_key",
    "public_metadata",
    "private_metadata",
];

const INVITATION_STATUSES: &[&str] = &["pending", "accepted", "revoked", "expired"];

fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-').to_string();
    if trimmed.is_empty() {
        "org".into()
    } else {
        trimmed
    }
}

fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn valid_email(e: &str) -> bool {
    let at = e.find('@');
    at.is_some_and(|p| p > 0 && p + 1 < e.len()) && !e.contains(char::is_whitespace)
}

fn str_of<'a>(o: &'a Obj, k: &str) -> Option<&'a str> {
    o.get(k).and_then(Value::as_str)
}

fn role_display(key: &str) -> String {
    let base = key.strip_prefix("org:").unwrap_or(key);
    let mut chars = base.chars();
    match chars.next() {
        Some(c) => c
            .to_uppercase()
            .chain(chars)
            .collect::<String>()
            .replace('_', " "),
        None => String::new(),
    }
}

impl State {
    // -----------------------------------------------------------------------------------------
    // Roles and permissions

    /// Creates Clerk's system permissions and default roles (called by `State::new`).
    pub(super) fn seed_roles(&mut self, now: i64) {
        for (key, name) in SYSTEM_PERMISSIONS {
            let (id, seq) = self.new_id("perm");
            self.permissions
                .insert(&id, seq, permission_obj(&id, name, key, "", "system", now));
        }
        let all: Vec<String> = SYSTEM_PERMISSIONS
            .iter()
            .map(|(k, _)| k.to_string())
            .collect();
        self.insert_role(
            ADMIN_ROLE,
            "Admin",
            "Role with elevated permissions",
            true,
            all,
            now,
        );
        self.insert_role(
            MEMBER_ROLE,
            "Member",
            "Role with non-elevated permissions",
            false,
            vec!["org:sys_memberships:read".to_string()],
            now,
        );
    }

    fn insert_role(
        &mut self,
        key: &str,
        name: &str,
        description: &str,
        creator: bool,
        permissions: Vec<String>,
        now: i64,
    ) -> String {
        let (id, seq) = self.new_id("role");
        let role = json!({
            "object": "role",
            "id": id,
            "name": name,
            "key": key,
            "description": description,
            "is_creator_eligible": creator,
            "permissions": permissions,
            "created_at": now,
            "updated_at": now,
        });
        if let Value::Object(o) = role {
            self.roles.insert(&id, seq, o);
        }
        id
    }

    fn role_by_key(&self, key: &str) -> Option<&Obj> {
        self.roles
            .find(|r| str_of(r, "key") == Some(key))
            .map(|(_, r)| r)
    }

    fn permission_by_key(&self, key: &str) -> Option<&Obj> {
        self.permissions
            .find(|p| str_of(p, "key") == Some(key))
            .map(|(_, p)| p)
    }

    /// The permission keys a role carries (empty for an unknown role).
    pub(crate) fn role_permissions(&self, role_key: &str) -> Vec<String> {
        self.role_by_key(role_key)
            .and_then(|r| r.get("permissions"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }

    fn role_name(&self, role_key: &str) -> String {
        self.role_by_key(role_key)
            .and_then(|r| str_of(r, "name"))
            .map(str::to_string)
            .unwrap_or_else(|| role_display(role_key))
    }

    fn role_value(&self, r: &Obj) -> Value {
        let mut out = r.clone();
        let perms: Vec<Value> = r
            .get("permissions")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .filter_map(|k| self.permission_by_key(k))
                    .map(|p| Value::Object(p.clone()))
                    .collect()
            })
            .unwrap_or_default();
        out.insert("permissions".into(), Value::Array(perms));
        Value::Object(out)
    }

    fn check_role_exists(&self, role: &str) -> Result<(), FakeError> {
        if self.role_by_key(role).is_none() {
            return Err(FakeError::new(
                422,
                "form_param_value_invalid",
                "role is invalid.",
                &format!("There is no role with key {role} in this instance"),
                json!({ "param_name": "role" }),
            ));
        }
        Ok(())
    }

    /// `GET /organization_roles`.
    pub(crate) fn list_roles(&self, q: &Query) -> Result<Value, FakeError> {
        let (limit, offset) = limit_offset(q, 500)?;
        let order = parse_order(q, &["created_at", "name", "key"], "-created_at")?;
        let needle = q.first("query").map(str::to_lowercase);
        let mut rows: Vec<&Obj> = self
            .roles
            .oldest_first()
            .into_iter()
            .map(|r| &r.json)
            .filter(|r| {
                needle.as_deref().is_none_or(|n| {
                    ["name", "key", "id"]
                        .iter()
                        .any(|k| str_of(r, k).is_some_and(|v| v.to_lowercase().contains(n)))
                })
            })
            .collect();
        sort_objs(&mut rows, order);
        let items = rows.into_iter().map(|r| self.role_value(r)).collect();
        Ok(data_page(items, limit, offset))
    }

    fn role(&self, id: &str) -> Result<&Obj, FakeError> {
        self.roles
            .get(id)
            .ok_or_else(|| FakeError::not_found("organization role", id))
    }

    /// `GET /organization_roles/{id}`.
    pub(crate) fn get_role(&self, id: &str) -> Result<Value, FakeError> {
        Ok(self.role_value(self.role(id)?))
    }

    fn check_permission_keys(&self, keys: &[String]) -> Result<(), FakeError> {
        for k in keys {
            if self.permission_by_key(k).is_none() {
                return Err(FakeError::new(
                    422,
                    "form_param_value_invalid",
                    "permissions is invalid.",
                    &format!("There is no permission with key {k} in this instance"),
                    json!({ "param_name": "permissions" }),
                ));
            }
        }
        Ok(())
    }

    /// `POST /organization_roles`.
    pub(crate) fn create_role(&mut self, body: &Obj) -> Result<Value, FakeError> {
        check_known(
            body,
            &[
                "name",
                "key",
                "description",
                "permissions",
                "include_in_initial_role_set",
            ],
        )?;
        let name = required_string(body, "name")?;
        let key = required_string(body, "key")?;
        if !key.starts_with("org:") || key.len() <= 4 {
            return Err(FakeError::invalid("key", "must start with org:"));
        }
        if self.role_by_key(&key).is_some() {
            return Err(exists("key", "role key"));
        }
        let description = opt_string(body, "description")?
            .flatten()
            .unwrap_or_default();
        let perms = super::opt_str_array(body, "permissions")?;
        self.check_permission_keys(&perms)?;
        opt_bool(body, "include_in_initial_role_set")?;
        let now = self.tick();
        let id = self.insert_role(&key, &name, &description, false, perms, now);
        self.get_role(&id)
    }

    /// `PATCH /organization_roles/{id}`.
    pub(crate) fn update_role(&mut self, id: &str, body: &Obj) -> Result<Value, FakeError> {
        let old_key = str_of(self.role(id)?, "key")
            .unwrap_or_default()
            .to_string();
        check_known(body, &["name", "key", "description", "permissions"])?;
        let name = opt_string(body, "name")?.flatten();
        let key = opt_string(body, "key")?.flatten();
        if let Some(k) = &key {
            if !k.starts_with("org:") || k.len() <= 4 {
                return Err(FakeError::invalid("key", "must start with org:"));
            }
            if *k != old_key && self.role_by_key(k).is_some() {
                return Err(exists("key", "role key"));
            }
        }
        let description = opt_string(body, "description")?.flatten();
        let perms = match body.get("permissions") {
            None | Some(Value::Null) => None,
            Some(_) => Some(super::opt_str_array(body, "permissions")?),
        };
        if let Some(p) = &perms {
            self.check_permission_keys(p)?;
        }
        let now = self.tick();
        if let Some(k) = &key {
            if *k != old_key {
                for m in self.memberships.values_mut() {
                    if m.role == old_key {
                        m.role = k.clone();
                    }
                }
            }
        }
        let Some(r) = self.roles.get_mut(id) else {
            return Err(FakeError::not_found("organization role", id));
        };
        if let Some(v) = name {
            r.insert("name".into(), json!(v));
        }
        if let Some(v) = key {
            r.insert("key".into(), json!(v));
        }
        if let Some(v) = description {
            r.insert("description".into(), json!(v));
        }
        if let Some(p) = perms {
            r.insert("permissions".into(), json!(p));
        }
        r.insert("updated_at".into(), json!(now));
        self.get_role(id)
    }

    /// `DELETE /organization_roles/{id}`.
    pub(crate) fn delete_role(&mut self, id: &str) -> Result<Value, FakeError> {
        let key = str_of(self.role(id)?, "key")
            .unwrap_or_default()
            .to_string();
        if key == ADMIN_ROLE || self.memberships.values().any(|m| m.role == key) {
            return Err(FakeError::new(
                422,
                "organization_role_in_use",
                "This role cannot be deleted.",
                &format!("The role {key} is the creator role or is assigned to members"),
                json!({}),
            ));
        }
        self.roles.remove(id);
        Ok(deleted("role", id))
    }

    /// `POST|DELETE /organization_roles/{id}/permissions/{permission_id}`.
    pub(crate) fn role_permission(
        &mut self,
        id: &str,
        perm_id: &str,
        assign: bool,
    ) -> Result<Value, FakeError> {
        self.role(id)?;
        let key = self
            .permissions
            .get(perm_id)
            .and_then(|p| str_of(p, "key"))
            .map(str::to_string)
            .ok_or_else(|| FakeError::not_found("permission", perm_id))?;
        let mut perms = self.role_permissions_by_id(id);
        let has = perms.contains(&key);
        if assign && has {
            return Err(FakeError::new(
                409,
                "duplicate_record",
                "The permission is already assigned to this role.",
                &format!("Permission {key} is already assigned to role {id}"),
                json!({}),
            ));
        }
        if !assign && !has {
            return Err(FakeError::new(
                422,
                "form_param_value_invalid",
                "The permission is not assigned to this role.",
                &format!("Permission {key} is not assigned to role {id}"),
                json!({}),
            ));
        }
        if assign {
            perms.push(key);
        } else {
            perms.retain(|k| *k != key);
        }
        let now = self.tick();
        if let Some(r) = self.roles.get_mut(id) {
            r.insert("permissions".into(), json!(perms));
            r.insert("updated_at".into(), json!(now));
        }
        self.get_role(id)
    }

    fn role_permissions_by_id(&self, id: &str) -> Vec<String> {
        self.roles
            .get(id)
            .and_then(|r| r.get("permissions"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `GET /organization_permissions`.
    pub(crate) fn list_permissions(&self, q: &Query) -> Result<Value, FakeError> {
        let (limit, offset) = limit_offset(q, 500)?;
        let order = parse_order(q, &["created_at", "name", "key"], "-created_at")?;
        let needle = q.first("query").map(str::to_lowercase);
        let mut rows: Vec<&Obj> = self
            .permissions
            .oldest_first()
            .into_iter()
            .map(|r| &r.json)
            .filter(|r| {
                needle.as_deref().is_none_or(|n| {
                    ["name", "key", "id"]
                        .iter()
                        .any(|k| str_of(r, k).is_some_and(|v| v.to_lowercase().contains(n)))
                })
            })
            .collect();
        sort_objs(&mut rows, order);
        let items = rows.into_iter().map(|r| Value::Object(r.clone())).collect();
        Ok(data_page(items, limit, offset))
    }

    /// `GET /organization_permissions/{id}`.
    pub(crate) fn get_permission(&self, id: &str) -> Result<Value, FakeError> {
        self.permissions
            .get(id)
            .map(|p| Value::Object(p.clone()))
            .ok_or_else(|| FakeError::not_found("permission", id))
    }

    /// `POST /organization_permissions`.
    pub(crate) fn create_permission(&mut self, body: &Obj) -> Result<Value, FakeError> {
        check_known(body, &["name", "key", "description"])?;
        let name = required_string(body, "name")?;
        let key = required_string(body, "key")?;
        check_permission_key(&key)?;
        if self.permission_by_key(&key).is_some() {
            return Err(exists("key", "permission key"));
        }
        let description = opt_string(body, "description")?
            .flatten()
            .unwrap_or_default();
        let now = self.tick();
        let (id, seq) = self.new_id("perm");
        self.permissions.insert(
            &id,
            seq,
            permission_obj(&id, &name, &key, &description, "user", now),
        );
        self.get_permission(&id)
    }

    /// `PATCH /organization_permissions/{id}`.
    pub(crate) fn update_permission(&mut self, id: &str, body: &Obj) -> Result<Value, FakeError> {
        let p = self
            .permissions
            .get(id)
            .ok_or_else(|| FakeError::not_found("permission", id))?;
        let old_key = str_of(p, "key").unwrap_or_default().to_string();
        if str_of(p, "type") == Some("system") {
            return Err(FakeError::new(
                403,
                "operation_not_allowed",
                "System permissions cannot be changed.",
                &format!("Permission {old_key} is a system permission"),
                json!({}),
            ));
        }
        check_known(body, &["name", "key", "description"])?;
        let name = opt_string(body, "name")?.flatten();
        let key = opt_string(body, "key")?.flatten();
        if let Some(k) = &key {
            check_permission_key(k)?;
            if *k != old_key && self.permission_by_key(k).is_some() {
                return Err(exists("key", "permission key"));
            }
        }
        let description = opt_string(body, "description")?.flatten();
        let now = self.tick();
        if let Some(k) = &key {
            for id in self.roles.ids_where(|_| true) {
                if let Some(r) = self.roles.get_mut(&id) {
                    if let Some(Value::Array(a)) = r.get_mut("permissions") {
                        for v in a.iter_mut() {
                            if v.as_str() == Some(&old_key) {
                                *v = json!(k);
                            }
                        }
                    }
                }
            }
        }
        if let Some(p) = self.permissions.get_mut(id) {
            if let Some(v) = name {
                p.insert("name".into(), json!(v));
            }
            if let Some(v) = key {
                p.insert("key".into(), json!(v));
            }
            if let Some(v) = description {
                p.insert("description".into(), json!(v));
            }
            p.insert("updated_at".into(), json!(now));
        }
        self.get_permission(id)
    }

    /// `DELETE /organization_permissions/{id}`.
    pub(crate) fn delete_permission(&mut self, id: &str) -> Result<Value, FakeError> {
        let p = self
            .permissions
            .get(id)
            .ok_or_else(|| FakeError::not_found("permission", id))?;
        let key = str_of(p, "key").unwrap_or_default().to_string();
        if str_of(p, "type") == Some("system") {
            return Err(FakeError::new(
                403,
                "operation_not_allowed",
                "System permissions cannot be deleted.",
                &format!("Permission {key} is a system permission"),
                json!({}),
            ));
        }
        self.permissions.remove(id);
        for rid in self.roles.ids_where(|_| true) {
            if let Some(Value::Array(a)) = self
                .roles
                .get_mut(&rid)
                .and_then(|r| r.get_mut("permissions"))
            {
                a.retain(|v| v.as_str() != Some(&key));
            }
        }
        Ok(deleted("permission", id))
    }

    // -----------------------------------------------------------------------------------------
    // Organizations

    fn org(&self, id: &str) -> Result<&Obj, FakeError> {
        self.orgs
            .get(id)
            .or_else(|| {
                // Clerk accepts the slug in place of the id.
                self.orgs
                    .find(|o| str_of(o, "slug") == Some(id))
                    .map(|(_, o)| o)
            })
            .ok_or_else(|| FakeError::not_found("organization", id))
    }

    fn org_id(&self, id_or_slug: &str) -> Result<String, FakeError> {
        Ok(str_of(self.org(id_or_slug)?, "id")
            .unwrap_or_default()
            .to_string())
    }

    fn members_count(&self, org_id: &str) -> usize {
        self.memberships
            .values()
            .filter(|m| m.org_id == org_id)
            .count()
    }

    fn pending_invitations_count(&self, org_id: &str) -> usize {
        let now = self.now_ms();
        self.org_invitations
            .oldest_first()
            .iter()
            .filter(|r| str_of(&r.json, "organization_id") == Some(org_id))
            .filter(|r| invitation_status(&r.json, now) == "pending")
            .count()
    }

    fn missing_elevated(&self, org_id: &str) -> bool {
        !self
            .memberships
            .values()
            .any(|m| m.org_id == org_id && m.role == ADMIN_ROLE)
    }

    /// The `Organization` JSON; `counts` adds `members_count` and `pending_invitations_count`.
    pub(crate) fn org_value(&self, o: &Obj, counts: bool, missing_elevated: bool) -> Value {
        let mut out = o.clone();
        let id = str_of(o, "id").unwrap_or_default();
        if counts {
            out.insert("members_count".into(), json!(self.members_count(id)));
            out.insert(
                "pending_invitations_count".into(),
                json!(self.pending_invitations_count(id)),
            );
        }
        if missing_elevated {
            out.insert(
                "missing_member_with_elevated_permissions".into(),
                json!(self.missing_elevated(id)),
            );
        }
        Value::Object(out)
    }

    fn slug_taken(&self, slug: &str, except: Option<&str>) -> bool {
        self.orgs
            .find(|o| str_of(o, "slug") == Some(slug) && str_of(o, "id") != except)
            .is_some()
    }

    /// `POST /organizations`.
    pub(crate) fn create_org(&mut self, body: &Obj) -> Result<Value, FakeError> {
        check_known(body, ORG_CREATE_KEYS)?;
        let name = required_string(body, "name")?;
        let created_by = opt_string(body, "created_by")?
            .flatten()
            .filter(|s| !s.is_empty());
        if let Some(u) = &created_by {
            if !self.users.contains_key(u) {
                return Err(FakeError::new(
                    422,
                    "form_param_value_invalid",
                    "created_by is invalid.",
                    &format!("No user was found with id {u}"),
                    json!({ "param_name": "created_by" }),
                ));
            }
        }
        let slug = match opt_string(body, "slug")?
            .flatten()
            .filter(|s| !s.is_empty())
        {
            Some(s) => {
                if !valid_slug(&s) {
                    return Err(FakeError::invalid(
                        "slug",
                        "may contain only lowercase letters, digits, - and _",
                    ));
                }
                if self.slug_taken(&s, None) {
                    return Err(slug_taken());
                }
                s
            }
            None => {
                let base = slugify(&name);
                let mut slug = base.clone();
                let mut n = 1;
                while self.slug_taken(&slug, None) {
                    n += 1;
                    slug = format!("{base}-{n}");
                }
                slug
            }
        };
        let public = opt_object_or_null(body, "public_metadata")?;
        let private = opt_object_or_null(body, "private_metadata")?;
        let max = opt_int(body, "max_allowed_memberships")?
            .flatten()
            .unwrap_or(0);
        if max < 0 {
            return Err(FakeError::value_invalid(
                "max_allowed_memberships",
                "must be >= 0",
            ));
        }
        opt_string(body, "created_at")?;
        let role_set_key = opt_string(body, "role_set_key")?.flatten();
        let now = self.tick();
        let (id, seq) = self.new_id("org");
        let org = json!({
            "object": "organization",
            "id": id,
            "name": name,
            "slug": slug,
            "image_url": "https://img.clerk.com/fake-default-org-logo",
            "has_image": false,
            "max_allowed_memberships": max,
            "admin_delete_enabled": true,
            "public_metadata": public,
            "private_metadata": private,
            "created_at": now,
            "updated_at": now,
            "role_set_key": role_set_key,
        });
        let Value::Object(mut org) = org else {
            return Err(FakeError::malformed("internal"));
        };
        if let Some(u) = &created_by {
            org.insert("created_by".into(), json!(u));
        }
        self.orgs.insert(&id, seq, org);
        if let Some(u) = created_by {
            self.insert_membership(&id, &u, ADMIN_ROLE, Obj::new(), Obj::new(), now);
        }
        self.get_org(&id, &Query::default())
    }

    /// `GET /organizations/{id_or_slug}`.
    pub(crate) fn get_org(&self, id: &str, q: &Query) -> Result<Value, FakeError> {
        let o = self.org(id)?;
        let counts = q.boolean("include_members_count")?.unwrap_or(false);
        let elevated = q
            .boolean("include_missing_member_with_elevated_permissions")?
            .unwrap_or(false);
        Ok(self.org_value(o, counts, elevated))
    }

    /// `GET /organizations`.
    pub(crate) fn list_orgs(&self, q: &Query) -> Result<Value, FakeError> {
        let (limit, offset) = limit_offset(q, 500)?;
        let order = parse_order(q, &["created_at", "name", "members_count"], "-created_at")?;
        let counts = q.boolean("include_members_count")?.unwrap_or(false);
        let elevated = q
            .boolean("include_missing_member_with_elevated_permissions")?
            .unwrap_or(false);
        let needle = q
            .first("query")
            .filter(|s| !s.is_empty())
            .map(str::to_lowercase);
        let user_ids = q.all("user_id");
        let org_ids = q.all("organization_id");
        let mut rows: Vec<(Option<Value>, &Obj)> = self
            .orgs
            .oldest_first()
            .into_iter()
            .map(|r| &r.json)
            .filter(|o| {
                needle.as_deref().is_none_or(|n| {
                    ["name", "slug", "id"]
                        .iter()
                        .any(|k| str_of(o, k).is_some_and(|v| v.to_lowercase().contains(n)))
                })
            })
            .filter(|o| {
                let id = str_of(o, "id");
                include_exclude(&org_ids, id)
                    && (user_ids.is_empty()
                        || self.memberships.values().any(|m| {
                            Some(m.org_id.as_str()) == id && user_ids.contains(&m.user_id.as_str())
                        }))
            })
            .map(|o| {
                let key = match order.field {
                    "members_count" => Some(json!(
                        self.members_count(str_of(o, "id").unwrap_or_default())
                    )),
                    f => o.get(f).cloned(),
                };
                (key, o)
            })
            .collect();
        rows.sort_by(|a, b| {
            let ord = cmp_json(a.0.as_ref(), b.0.as_ref());
            if order.desc { ord.reverse() } else { ord }
        });
        let items = rows
            .into_iter()
            .map(|(_, o)| self.org_value(o, counts, elevated))
            .collect();
        Ok(data_page(items, limit, offset))
    }

    /// `PATCH /organizations/{id}`.
    pub(crate) fn update_org(&mut self, id: &str, body: &Obj) -> Result<Value, FakeError> {
        let id = self.org_id(id)?;
        check_known(body, ORG_UPDATE_KEYS)?;
        let name = opt_string(body, "name")?.flatten();
        if name.as_deref() == Some("") {
            return Err(FakeError::missing("name"));
        }
        let slug = opt_string(body, "slug")?
            .flatten()
            .filter(|s| !s.is_empty());
        if let Some(s) = &slug {
            if !valid_slug(s) {
                return Err(FakeError::invalid(
                    "slug",
                    "may contain only lowercase letters, digits, - and _",
                ));
            }
            if self.slug_taken(s, Some(&id)) {
                return Err(slug_taken());
            }
        }
        let max = opt_int(body, "max_allowed_memberships")?.flatten();
        if max.is_some_and(|m| m < 0) {
            return Err(FakeError::value_invalid(
                "max_allowed_memberships",
                "must be >= 0",
            ));
        }
        let admin_delete = opt_bool(body, "admin_delete_enabled")?;
        opt_string(body, "created_at")?;
        let role_set_key = opt_string(body, "role_set_key")?;
        let public = opt_object(body, "public_metadata")?;
        let private = opt_object(body, "private_metadata")?;
        let now = self.tick();
        let Some(o) = self.orgs.get_mut(&id) else {
            return Err(FakeError::not_found("organization", &id));
        };
        if let Some(v) = name {
            o.insert("name".into(), json!(v));
        }
        if let Some(v) = slug {
            o.insert("slug".into(), json!(v));
        }
        if let Some(v) = max {
            o.insert("max_allowed_memberships".into(), json!(v));
        }
        if let Some(v) = admin_delete {
            o.insert("admin_delete_enabled".into(), json!(v));
        }
        if let Some(v) = role_set_key {
            o.insert("role_set_key".into(), json!(v));
        }
        if let Some(v) = public {
            o.insert("public_metadata".into(), Value::Object(v));
        }
        if let Some(v) = private {
            o.insert("private_metadata".into(), Value::Object(v));
        }
        o.insert("updated_at".into(), json!(now));
        self.get_org(&id, &Query::default())
    }

    /// `PATCH` (merge) or `PUT` (replace) `/organizations/{id}/metadata`.
    pub(crate) fn org_metadata(
        &mut self,
        id: &str,
        body: &Obj,
        replace: bool,
    ) -> Result<Value, FakeError> {
        let id = self.org_id(id)?;
        check_known(body, &["public_metadata", "private_metadata"])?;
        let mut updates = Vec::new();
        for k in ["public_metadata", "private_metadata"] {
            if let Some(o) = opt_object(body, k)? {
                updates.push((k, o));
            }
        }
        let now = self.tick();
        if let Some(o) = self.orgs.get_mut(&id) {
            apply_metadata(o, updates, replace);
            o.insert("updated_at".into(), json!(now));
        }
        self.get_org(&id, &Query::default())
    }

    /// `DELETE /organizations/{id}`.
    pub(crate) fn delete_org(&mut self, id: &str) -> Result<Value, FakeError> {
        let id = self.org_id(id)?;
        let org = self.orgs.remove(&id).unwrap_or_default();
        self.memberships.retain(|_, m| m.org_id != id);
        for inv in self
            .org_invitations
            .ids_where(|i| str_of(i, "organization_id") == Some(&id))
        {
            self.org_invitations.remove(&inv);
        }
        for s in self.sessions.values_mut() {
            if s.active_org.as_deref() == Some(id.as_str()) {
                s.active_org = None;
            }
        }
        let mut out = deleted("organization", &id);
        if let (Value::Object(m), Some(slug)) = (&mut out, org.get("slug")) {
            m.insert("slug".into(), slug.clone());
        }
        Ok(out)
    }

    // -----------------------------------------------------------------------------------------
    // Memberships

    fn insert_membership(
        &mut self,
        org_id: &str,
        user_id: &str,
        role: &str,
        public: Obj,
        private: Obj,
        now: i64,
    ) -> String {
        let (id, seq) = self.new_id("orgmem");
        self.memberships.insert(
            id.clone(),
            super::MembershipRec {
                id: id.clone(),
                seq,
                org_id: org_id.to_string(),
                user_id: user_id.to_string(),
                role: role.to_string(),
                public_metadata: public,
                private_metadata: private,
                created_at: now,
                updated_at: now,
            },
        );
        id
    }

    pub(crate) fn membership_of(
        &self,
        org_id: &str,
        user_id: &str,
    ) -> Option<&super::MembershipRec> {
        self.memberships
            .values()
            .find(|m| m.org_id == org_id && m.user_id == user_id)
    }

    fn membership_value(&self, m: &super::MembershipRec) -> Value {
        let org = self
            .orgs
            .get(&m.org_id)
            .map(|o| self.org_value(o, true, false))
            .unwrap_or(Value::Null);
        let user = self.users.get(&m.user_id).map(|u| &u.json);
        let s = |k: &str| user.and_then(|u| u.get(k)).cloned().unwrap_or(Value::Null);
        let identifier = user
            .and_then(|u| {
                primary_of(
                    u,
                    "email_addresses",
                    "primary_email_address_id",
                    "email_address",
                )
                .or_else(|| {
                    primary_of(
                        u,
                        "phone_numbers",
                        "primary_phone_number_id",
                        "phone_number",
                    )
                })
                .or_else(|| str_of(u, "username").map(str::to_string))
            })
            .map(Value::String)
            .unwrap_or(Value::Null);
        let image = user
            .and_then(|u| str_of(u, "image_url"))
            .unwrap_or("https://img.clerk.com/fake-default-avatar");
        json!({
            "object": "organization_membership",
            "id": m.id,
            "role": m.role,
            "role_name": self.role_name(&m.role),
            "permissions": self.role_permissions(&m.role),
            "public_metadata": m.public_metadata,
            "private_metadata": m.private_metadata,
            "organization": org,
            "public_user_data": {
                "user_id": m.user_id,
                "first_name": s("first_name"),
                "last_name": s("last_name"),
                "profile_image_url": image,
                "image_url": image,
                "has_image": user.and_then(|u| u.get("has_image")).cloned().unwrap_or(json!(false)),
                "identifier": identifier,
                "username": s("username"),
                "banned": user.and_then(|u| u.get("banned")).cloned().unwrap_or(json!(false)),
            },
            "created_at": m.created_at,
            "updated_at": m.updated_at,
        })
    }

    /// `POST /organizations/{id}/memberships`.
    pub(crate) fn create_membership(&mut self, org: &str, body: &Obj) -> Result<Value, FakeError> {
        let org_id = self.org_id(org)?;
        check_known(
            body,
            &["user_id", "role", "public_metadata", "private_metadata"],
        )?;
        let user_id = required_string(body, "user_id")?;
        let role = required_string(body, "role")?;
        let public = opt_object_or_null(body, "public_metadata")?;
        let private = opt_object_or_null(body, "private_metadata")?;
        if !self.users.contains_key(&user_id) {
            return Err(FakeError::not_found("user", &user_id));
        }
        self.check_role_exists(&role)?;
        if self.membership_of(&org_id, &user_id).is_some() {
            return Err(FakeError::new(
                422,
                "already_a_member_in_organization",
                "Already a member of the organization.",
                &format!("User {user_id} is already a member of organization {org_id}"),
                json!({}),
            ));
        }
        self.check_quota(&org_id)?;
        let now = self.tick();
        let id = self.insert_membership(&org_id, &user_id, &role, public, private, now);
        self.accept_org_invitations_for(&org_id, &user_id, now);
        let m = self
            .memberships
            .get(&id)
            .ok_or_else(|| FakeError::not_found("membership", &id))?;
        Ok(self.membership_value(m))
    }

    fn check_quota(&self, org_id: &str) -> Result<(), FakeError> {
        let max = self
            .orgs
            .get(org_id)
            .and_then(|o| o.get("max_allowed_memberships"))
            .and_then(Value::as_i64)
            .unwrap_or(0);
        if max > 0 && self.members_count(org_id) as i64 >= max {
            return Err(FakeError::new(
                403,
                "organization_membership_quota_exceeded",
                "Membership quota exceeded",
                &format!("Organization {org_id} has reached its maximum of {max} memberships"),
                json!({}),
            ));
        }
        Ok(())
    }

    fn membership_id(&self, org_id: &str, user_id: &str) -> Result<String, FakeError> {
        self.membership_of(org_id, user_id)
            .map(|m| m.id.clone())
            .ok_or_else(|| {
                FakeError::new(
                    404,
                    "resource_not_found",
                    "not found",
                    &format!("User {user_id} is not a member of organization {org_id}"),
                    json!({}),
                )
            })
    }

    /// `PATCH /organizations/{id}/memberships/{user_id}`.
    pub(crate) fn update_membership(
        &mut self,
        org: &str,
        user_id: &str,
        body: &Obj,
    ) -> Result<Value, FakeError> {
        let org_id = self.org_id(org)?;
        let mid = self.membership_id(&org_id, user_id)?;
        check_known(body, &["role"])?;
        let role = required_string(body, "role")?;
        self.check_role_exists(&role)?;
        let now = self.tick();
        if let Some(m) = self.memberships.get_mut(&mid) {
            m.role = role;
            m.updated_at = now;
        }
        let m = self
            .memberships
            .get(&mid)
            .ok_or_else(|| FakeError::not_found("membership", &mid))?;
        Ok(self.membership_value(m))
    }

    /// `PATCH /organizations/{id}/memberships/{user_id}/metadata` (deep merge).
    pub(crate) fn membership_metadata(
        &mut self,
        org: &str,
        user_id: &str,
        body: &Obj,
    ) -> Result<Value, FakeError> {
        let org_id = self.org_id(org)?;
        let mid = self.membership_id(&org_id, user_id)?;
        check_known(body, &["public_metadata", "private_metadata"])?;
        let public = opt_object(body, "public_metadata")?;
        let private = opt_object(body, "private_metadata")?;
        let now = self.tick();
        if let Some(m) = self.memberships.get_mut(&mid) {
            if let Some(p) = public {
                deep_merge(&mut m.public_metadata, p);
            }
            if let Some(p) = private {
                deep_merge(&mut m.private_metadata, p);
            }
            m.updated_at = now;
        }
        let m = self
            .memberships
            .get(&mid)
            .ok_or_else(|| FakeError::not_found("membership", &mid))?;
        Ok(self.membership_value(m))
    }

    /// `DELETE /organizations/{id}/memberships/{user_id}`: answers the removed membership.
    pub(crate) fn delete_membership(
        &mut self,
        org: &str,
        user_id: &str,
    ) -> Result<Value, FakeError> {
        let org_id = self.org_id(org)?;
        let mid = self.membership_id(&org_id, user_id)?;
        let value = match self.memberships.get(&mid) {
            Some(m) => self.membership_value(m),
            None => return Err(FakeError::not_found("membership", &mid)),
        };
        self.memberships.remove(&mid);
        for s in self.sessions.values_mut() {
            if s.user_id == user_id && s.active_org.as_deref() == Some(org_id.as_str()) {
                s.active_org = None;
            }
        }
        Ok(value)
    }

    /// Removes every membership of a deleted user.
    pub(super) fn forget_user_memberships(&mut self, user_id: &str) {
        self.memberships.retain(|_, m| m.user_id != user_id);
    }

    fn list_membership_values(
        &self,
        q: &Query,
        keep: impl Fn(&super::MembershipRec) -> bool,
    ) -> Result<Value, FakeError> {
        let (limit, offset) = limit_offset(q, 500)?;
        let order = parse_order(
            q,
            &[
                "created_at",
                "first_name",
                "last_name",
                "email_address",
                "phone_number",
                "username",
            ],
            "-created_at",
        )?;
        let created_before = q.int("created_at_before")?;
        let created_after = q.int("created_at_after")?;
        let active_before = q.int("last_active_at_before")?;
        let active_after = q.int("last_active_at_after")?;
        let roles = q.all("role");
        let user_ids = q.all("user_id");
        let emails: Vec<String> = q
            .all("email_address")
            .iter()
            .map(|e| e.to_lowercase())
            .collect();
        let phones = q.all("phone_number");
        let usernames: Vec<String> = q.all("username").iter().map(|e| e.to_lowercase()).collect();
        let web3 = q.all("web3_wallet");
        let lc = |k: &str| q.first(k).filter(|v| !v.is_empty()).map(str::to_lowercase);
        let (query, email_q, phone_q, username_q, name_q) = (
            lc("query"),
            lc("email_address_query"),
            lc("phone_number_query"),
            lc("username_query"),
            lc("name_query"),
        );
        let mut rows: Vec<(Option<Value>, &super::MembershipRec)> = Vec::new();
        let mut ms: Vec<&super::MembershipRec> =
            self.memberships.values().filter(|m| keep(m)).collect();
        ms.sort_by_key(|m| m.seq);
        for m in ms {
            let Some(u) = self.users.get(&m.user_id).map(|u| &u.json) else {
                continue;
            };
            let s = |k: &str| str_of(u, k).map(str::to_lowercase);
            let user_emails = list_field(u, "email_addresses", "email_address");
            let user_phones = list_field(u, "phone_numbers", "phone_number");
            let user_wallets = list_field(u, "web3_wallets", "web3_wallet");
            let first = s("first_name").unwrap_or_default();
            let last = s("last_name").unwrap_or_default();
            let full = format!("{first} {last}");
            let username = s("username").unwrap_or_default();
            let ok = include_exclude(&roles, Some(&m.role))
                && include_exclude(&user_ids, Some(&m.user_id))
                && (emails.is_empty() || emails.iter().any(|e| user_emails.contains(e)))
                && (phones.is_empty()
                    || phones
                        .iter()
                        .any(|p| user_phones.contains(&p.to_lowercase())))
                && (usernames.is_empty() || usernames.contains(&username))
                && (web3.is_empty()
                    || web3
                        .iter()
                        .any(|w| user_wallets.contains(&w.to_lowercase())))
                && email_q
                    .as_deref()
                    .is_none_or(|n| user_emails.iter().any(|e| e.contains(n)))
                && phone_q
                    .as_deref()
                    .is_none_or(|n| user_phones.iter().any(|p| p.contains(n)))
                && username_q.as_deref().is_none_or(|n| username.contains(n))
                && name_q.as_deref().is_none_or(|n| full.contains(n))
                && query.as_deref().is_none_or(|n| {
                    user_emails.iter().any(|e| e.contains(n))
                        || user_phones.iter().any(|p| p.contains(n))
                        || username.contains(n)
                        || full.contains(n)
                        || m.user_id.to_lowercase().contains(n)
                })
                && created_before.is_none_or(|b| m.created_at < b)
                && created_after.is_none_or(|b| m.created_at > b)
                && active_before.is_none_or(|b| {
                    u.get("last_active_at")
                        .and_then(Value::as_i64)
                        .is_some_and(|v| v < b)
                })
                && active_after.is_none_or(|b| {
                    u.get("last_active_at")
                        .and_then(Value::as_i64)
                        .is_some_and(|v| v > b)
                });
            if !ok {
                continue;
            }
            let key = match order.field {
                "created_at" => Some(json!(m.created_at)),
                "email_address" => primary_of(
                    u,
                    "email_addresses",
                    "primary_email_address_id",
                    "email_address",
                )
                .map(Value::String),
                "phone_number" => primary_of(
                    u,
                    "phone_numbers",
                    "primary_phone_number_id",
                    "phone_number",
                )
                .map(Value::String),
                f => u.get(f).cloned().filter(|v| !v.is_null()),
            };
            rows.push((key, m));
        }
        rows.sort_by(|a, b| {
            let ord = cmp_json(a.0.as_ref(), b.0.as_ref()).then(a.1.seq.cmp(&b.1.seq));
            if order.desc { ord.reverse() } else { ord }
        });
        let items = rows
            .into_iter()
            .map(|(_, m)| self.membership_value(m))
            .collect();
        Ok(data_page(items, limit, offset))
    }

    /// `GET /organizations/{id}/memberships`.
    pub(crate) fn list_org_memberships(&self, org: &str, q: &Query) -> Result<Value, FakeError> {
        let org_id = self.org_id(org)?;
        self.list_membership_values(q, |m| m.org_id == org_id)
    }

    /// `GET /organization_memberships` (every organization of the instance).
    pub(crate) fn list_all_memberships(&self, q: &Query) -> Result<Value, FakeError> {
        self.list_membership_values(q, |_| true)
    }

    /// `GET /users/{id}/organization_memberships`.
    pub(crate) fn list_user_memberships(
        &self,
        user_id: &str,
        q: &Query,
    ) -> Result<Value, FakeError> {
        self.user_json(user_id)?;
        self.list_membership_values(q, |m| m.user_id == user_id)
    }

    /// Users that are members of any of `org_ids`.
    pub(super) fn members_of(&self, org_ids: &[&str]) -> HashSet<String> {
        self.memberships
            .values()
            .filter(|m| org_ids.contains(&m.org_id.as_str()))
            .map(|m| m.user_id.clone())
            .collect()
    }

    // -----------------------------------------------------------------------------------------
    // Organization invitations

    fn org_invitation_value(&self, inv: &Obj, with_org: bool) -> Value {
        let mut out = inv.clone();
        let now = self.now_ms();
        out.insert("status".into(), json!(invitation_status(inv, now)));
        if let Some(role) = str_of(inv, "role") {
            out.insert("role_name".into(), json!(self.role_name(role)));
        }
        let inviter = str_of(inv, "inviter_id")
            .and_then(|id| self.users.get(id))
            .map(|u| {
                let u = &u.json;
                json!({
                    "user_id": u.get("id"),
                    "first_name": u.get("first_name"),
                    "last_name": u.get("last_name"),
                    "image_url": u.get("image_url"),
                    "has_image": u.get("has_image"),
                    "identifier": primary_of(u, "email_addresses", "primary_email_address_id", "email_address")
                        .or_else(|| str_of(u, "username").map(str::to_string))
                        .unwrap_or_default(),
                })
            })
            .unwrap_or(Value::Null);
        out.insert("public_inviter_data".into(), inviter);
        if with_org {
            let org = str_of(inv, "organization_id")
                .and_then(|id| self.orgs.get(id))
                .map(|o| {
                    json!({
                        "id": o.get("id"),
                        "name": o.get("name"),
                        "slug": o.get("slug"),
                        "image_url": o.get("image_url"),
                        "has_image": o.get("has_image"),
                    })
                })
                .unwrap_or(Value::Null);
            out.insert("public_organization_data".into(), org);
        }
        Value::Object(out)
    }

    fn create_org_invitation_one(&mut self, org_id: &str, body: &Obj) -> Result<String, FakeError> {
        check_known(
            body,
            &[
                "email_address",
                "inviter_user_id",
                "role",
                "public_metadata",
                "private_metadata",
                "redirect_url",
                "expires_in_days",
                "notify",
            ],
        )?;
        let email = required_string(body, "email_address")?;
        if !valid_email(&email) {
            return Err(FakeError::invalid(
                "email_address",
                "must be a valid email address",
            ));
        }
        let role = required_string(body, "role")?;
        self.check_role_exists(&role)?;
        let inviter = opt_string(body, "inviter_user_id")?
            .flatten()
            .filter(|s| !s.is_empty());
        if let Some(i) = &inviter {
            if !self.users.contains_key(i) {
                return Err(FakeError::not_found("user", i));
            }
        }
        let public = opt_object_or_null(body, "public_metadata")?;
        let private = opt_object_or_null(body, "private_metadata")?;
        let redirect = opt_string(body, "redirect_url")?.flatten();
        let days = opt_int(body, "expires_in_days")?.flatten().unwrap_or(30);
        if !(1..=365).contains(&days) {
            return Err(FakeError::value_invalid(
                "expires_in_days",
                "must be between 1 and 365",
            ));
        }
        opt_bool(body, "notify")?;
        let lower = email.to_lowercase();
        let already_member = self.memberships.values().any(|m| {
            m.org_id == org_id
                && self.users.get(&m.user_id).is_some_and(|u| {
                    list_field(&u.json, "email_addresses", "email_address").contains(&lower)
                })
        });
        if already_member {
            return Err(FakeError::new(
                422,
                "already_a_member_in_organization",
                "Already a member of the organization.",
                &format!("{email} is already a member of organization {org_id}"),
                json!({ "param_name": "email_address" }),
            ));
        }
        let now_ms = self.now_ms();
        let duplicate = self
            .org_invitations
            .find(|i| {
                str_of(i, "organization_id") == Some(org_id)
                    && str_of(i, "email_address").map(str::to_lowercase).as_deref() == Some(&lower)
                    && invitation_status(i, now_ms) == "pending"
            })
            .is_some();
        if duplicate {
            return Err(FakeError::new(
                422,
                "duplicate_record",
                "There is already a pending invitation for this email address.",
                &format!("{email} already has a pending invitation to organization {org_id}"),
                json!({ "param_name": "email_address" }),
            ));
        }
        let now = self.tick();
        let (id, seq) = self.new_id("orginv");
        let url = redirect.map(|r| format!("{r}?__clerk_ticket=fake_ticket_{id}"));
        let inv = json!({
            "object": "organization_invitation",
            "id": id,
            "email_address": email,
            "role": role,
            "role_name": "",
            "organization_id": org_id,
            "inviter_id": inviter,
            "status": "pending",
            "public_metadata": public,
            "private_metadata": private,
            "url": url,
            "expires_at": now + days * DAY_MS,
            "created_at": now,
            "updated_at": now,
        });
        if let Value::Object(o) = inv {
            self.org_invitations.insert(&id, seq, o);
        }
        Ok(id)
    }

    /// `POST /organizations/{id}/invitations`.
    pub(crate) fn create_org_invitation(
        &mut self,
        org: &str,
        body: &Obj,
    ) -> Result<Value, FakeError> {
        let org_id = self.org_id(org)?;
        let id = self.create_org_invitation_one(&org_id, body)?;
        self.get_org_invitation(&org_id, &id)
    }

    /// `POST /organizations/{id}/invitations/bulk`: all or nothing.
    pub(crate) fn create_org_invitations_bulk(
        &mut self,
        org: &str,
        items: &[Value],
    ) -> Result<Value, FakeError> {
        let org_id = self.org_id(org)?;
        if items.is_empty() {
            return Err(FakeError::missing("email_address"));
        }
        let snapshot = (self.org_invitations.clone(), self.seq, self.last_ts);
        let mut ids = Vec::new();
        for item in items {
            let Value::Object(body) = item else {
                return Err(FakeError::malformed("every item must be a JSON object"));
            };
            match self.create_org_invitation_one(&org_id, body) {
                Ok(id) => ids.push(id),
                Err(e) => {
                    (self.org_invitations, self.seq, self.last_ts) = snapshot;
                    return Err(e);
                }
            }
        }
        let items: Vec<Value> = ids
            .iter()
            .filter_map(|id| self.org_invitations.get(id))
            .map(|i| self.org_invitation_value(i, false))
            .collect();
        let n = items.len();
        Ok(data_page(items, n.max(1), 0))
    }

    /// `GET /organizations/{id}/invitations/{invitation_id}`.
    pub(crate) fn get_org_invitation(&self, org: &str, id: &str) -> Result<Value, FakeError> {
        let org_id = self.org_id(org)?;
        self.org_invitations
            .get(id)
            .filter(|i| str_of(i, "organization_id") == Some(&org_id))
            .map(|i| self.org_invitation_value(i, false))
            .ok_or_else(|| FakeError::not_found("organization invitation", id))
    }

    /// `POST /organizations/{id}/invitations/{invitation_id}/revoke`.
    pub(crate) fn revoke_org_invitation(
        &mut self,
        org: &str,
        id: &str,
        body: &Obj,
    ) -> Result<Value, FakeError> {
        let org_id = self.org_id(org)?;
        check_known(body, &["requesting_user_id"])?;
        opt_string(body, "requesting_user_id")?;
        let inv = self
            .org_invitations
            .get(id)
            .filter(|i| str_of(i, "organization_id") == Some(&org_id))
            .ok_or_else(|| FakeError::not_found("organization invitation", id))?;
        let status = invitation_status(inv, self.now_ms());
        if status != "pending" {
            return Err(not_pending("organization invitation", id, status));
        }
        let now = self.tick();
        if let Some(i) = self.org_invitations.get_mut(id) {
            i.insert("status".into(), json!("revoked"));
            i.insert("updated_at".into(), json!(now));
        }
        self.get_org_invitation(&org_id, id)
    }

    /// Accepts a pending organization invitation for `user_id` (what happens when the invitee
    /// signs in through the invitation link): creates the membership with the invited role.
    pub(crate) fn accept_org_invitation(
        &mut self,
        id: &str,
        user_id: &str,
    ) -> Result<Value, FakeError> {
        let inv = self
            .org_invitations
            .get(id)
            .ok_or_else(|| FakeError::not_found("organization invitation", id))?;
        let status = invitation_status(inv, self.now_ms());
        if status != "pending" {
            return Err(not_pending("organization invitation", id, status));
        }
        let org_id = str_of(inv, "organization_id")
            .unwrap_or_default()
            .to_string();
        let role = str_of(inv, "role").unwrap_or(MEMBER_ROLE).to_string();
        let mut body = Obj::new();
        body.insert("user_id".into(), json!(user_id));
        body.insert("role".into(), json!(role));
        let now = self.now_ms();
        if let Some(i) = self.org_invitations.get_mut(id) {
            i.insert("status".into(), json!("accepted"));
            i.insert("updated_at".into(), json!(now));
        }
        match self.create_membership(&org_id, &body) {
            Ok(m) => Ok(m),
            Err(e) => {
                if let Some(i) = self.org_invitations.get_mut(id) {
                    i.insert("status".into(), json!("pending"));
                }
                Err(e)
            }
        }
    }

    /// Marks the pending invitations of `org_id` addressed to one of the user's emails accepted.
    fn accept_org_invitations_for(&mut self, org_id: &str, user_id: &str, now: i64) {
        let emails = self
            .users
            .get(user_id)
            .map(|u| list_field(&u.json, "email_addresses", "email_address"))
            .unwrap_or_default();
        let now_ms = self.now_ms();
        let ids = self.org_invitations.ids_where(|i| {
            str_of(i, "organization_id") == Some(org_id)
                && invitation_status(i, now_ms) == "pending"
                && str_of(i, "email_address").is_some_and(|e| emails.contains(&e.to_lowercase()))
        });
        for id in ids {
            if let Some(i) = self.org_invitations.get_mut(&id) {
                i.insert("status".into(), json!("accepted"));
                i.insert("updated_at".into(), json!(now));
            }
        }
    }

    fn list_org_invitation_values(
        &self,
        q: &Query,
        with_org: bool,
        keep: impl Fn(&Obj) -> bool,
    ) -> Result<Value, FakeError> {
        let (limit, offset) = limit_offset(q, 500)?;
        let order = parse_order(q, &["created_at", "email_address"], "-created_at")?;
        let status = q.first("status");
        if let Some(s) = status {
            if !INVITATION_STATUSES.contains(&s) {
                return Err(FakeError::value_invalid(
                    "status",
                    "unknown invitation status",
                ));
            }
        }
        let email = q.first("email_address").map(str::to_lowercase);
        let needle = q
            .first("query")
            .filter(|v| !v.is_empty())
            .map(str::to_lowercase);
        let now = self.now_ms();
        let mut rows: Vec<&Obj> = self
            .org_invitations
            .oldest_first()
            .into_iter()
            .map(|r| &r.json)
            .filter(|i| keep(i))
            .filter(|i| status.is_none_or(|s| invitation_status(i, now) == s))
            .filter(|i| {
                let e = str_of(i, "email_address")
                    .map(str::to_lowercase)
                    .unwrap_or_default();
                email.as_deref().is_none_or(|w| e == w)
                    && needle.as_deref().is_none_or(|n| e.contains(n))
            })
            .collect();
        sort_objs(&mut rows, order);
        let items = rows
            .into_iter()
            .map(|i| self.org_invitation_value(i, with_org))
            .collect();
        Ok(data_page(items, limit, offset))
    }

    /// `GET /organizations/{id}/invitations` (and the deprecated `/pending`).
    pub(crate) fn list_org_invitations(
        &self,
        org: &str,
        q: &Query,
        pending_only: bool,
    ) -> Result<Value, FakeError> {
        let org_id = self.org_id(org)?;
        let now = self.now_ms();
        self.list_org_invitation_values(q, false, |i| {
            str_of(i, "organization_id") == Some(&org_id)
                && (!pending_only || invitation_status(i, now) == "pending")
        })
    }

    /// `GET /organization_invitations` (every organization).
    pub(crate) fn list_all_org_invitations(&self, q: &Query) -> Result<Value, FakeError> {
        self.list_org_invitation_values(q, true, |_| true)
    }

    /// `GET /users/{id}/organization_invitations`: invitations to the user's email addresses.
    pub(crate) fn list_user_org_invitations(
        &self,
        user_id: &str,
        q: &Query,
    ) -> Result<Value, FakeError> {
        let emails = self
            .users
            .get(user_id)
            .map(|u| list_field(&u.json, "email_addresses", "email_address"))
            .ok_or_else(|| FakeError::not_found("user", user_id))?;
        self.list_org_invitation_values(q, true, |i| {
            str_of(i, "email_address").is_some_and(|e| emails.contains(&e.to_lowercase()))
        })
    }
}

fn permission_obj(id: &str, name: &str, key: &str, description: &str, kind: &str, now: i64) -> Obj {
    let v = json!({
        "object": "permission",
        "id": id,
        "name": name,
        "key": key,
        "description": description,
        "type": kind,
        "created_at": now,
        "updated_at": now,
    });
    match v {
        Value::Object(o) => o,
        _ => Obj::new(),
    }
}

fn check_permission_key(key: &str) -> Result<(), FakeError> {
    let parts: Vec<&str> = key.split(':').collect();
    let ok = parts.len() == 3
        && parts.first() == Some(&"org")
        && parts.iter().skip(1).all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
        && !parts.get(1).is_some_and(|f| f.starts_with("sys_"));
    if !ok {
        return Err(FakeError::invalid(
            "key",
            "must look like org:<feature>:<permission> (and not use the reserved sys_ prefix)",
        ));
    }
    Ok(())
}

fn required_string(body: &Obj, key: &str) -> Result<String, FakeError> {
    opt_string(body, key)?
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| FakeError::missing(key))
}

fn opt_object_or_null(body: &Obj, key: &str) -> Result<Obj, FakeError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(Obj::new()),
        _ => Ok(opt_object(body, key)?.unwrap_or_default()),
    }
}

fn exists(param: &str, what: &str) -> FakeError {
    FakeError::new(
        422,
        "form_identifier_exists",
        &format!("That {what} is taken. Please try another."),
        &format!("That {what} is taken. Please try another."),
        json!({ "param_name": param }),
    )
}

fn slug_taken() -> FakeError {
    FakeError::new(
        422,
        "form_identifier_exists",
        "This slug is taken. Please try another.",
        "This organization slug is already in use. Please try another.",
        json!({ "param_name": "slug" }),
    )
}

fn not_pending(what: &str, id: &str, status: &str) -> FakeError {
    FakeError::new(
        400,
        "invitation_not_pending",
        "The invitation is not pending.",
        &format!("The {what} {id} is {status}; only pending invitations can change"),
        json!({ "status": status }),
    )
}

/// `pending` until `expires_at` passes, then `expired`; otherwise the stored status.
pub(crate) fn invitation_status(inv: &Obj, now: i64) -> &'static str {
    match str_of(inv, "status") {
        Some("accepted") => "accepted",
        Some("revoked") => "revoked",
        _ => {
            let exp = inv.get("expires_at").and_then(Value::as_i64);
            if exp.is_some_and(|e| now >= e) {
                "expired"
            } else {
                "pending"
            }
        }
    }
}

fn apply_metadata(o: &mut Obj, updates: Vec<(&str, Obj)>, replace: bool) {
    for (k, patch) in updates {
        if replace {
            let mut fresh = Obj::new();
            deep_merge(&mut fresh, patch);
            o.insert(k.into(), Value::Object(fresh));
        } else {
            let entry = o.entry(k).or_insert_with(|| Value::Object(Obj::new()));
            if !entry.is_object() {
                *entry = Value::Object(Obj::new());
            }
            if let Value::Object(m) = entry {
                deep_merge(m, patch);
            }
        }
    }
}

fn sort_objs(rows: &mut [&Obj], order: Order<'_>) {
    rows.sort_by(|a, b| {
        let ord = cmp_json(a.get(order.field), b.get(order.field));
        if order.desc { ord.reverse() } else { ord }
    });
}
