//! `/email_addresses` and `/phone_numbers`: identifications of users, kept inside the user
//! records (`email_addresses`, `phone_numbers`) so the `User` JSON always shows them.

use serde_json::{Value, json};

use super::{Obj, State, check_known, opt_bool, opt_string};
use crate::error::FakeError;

fn list_key(kind: &str) -> &'static str {
    if kind == "email_address" {
        "email_addresses"
    } else {
        "phone_numbers"
    }
}

fn primary_key(kind: &str) -> &'static str {
    if kind == "email_address" {
        "primary_email_address_id"
    } else {
        "primary_phone_number_id"
    }
}

impl State {
    /// The user holding an identification, and its index in the user's list.
    fn identification_owner(&self, kind: &str, id: &str) -> Option<(String, usize)> {
        let list = list_key(kind);
        self.users.iter().find_map(|(uid, u)| {
            u.json
                .get(list)
                .and_then(Value::as_array)?
                .iter()
                .position(|e| e.get("id").and_then(Value::as_str) == Some(id))
                .map(|i| (uid.clone(), i))
        })
    }

    /// `GET /email_addresses/{id}` / `GET /phone_numbers/{id}`.
    pub(crate) fn get_identification(&self, kind: &str, id: &str) -> Result<Value, FakeError> {
        let (uid, i) = self
            .identification_owner(kind, id)
            .ok_or_else(|| FakeError::not_found(kind, id))?;
        self.users
            .get(&uid)
            .and_then(|u| u.json.get(list_key(kind)))
            .and_then(|l| l.get(i))
            .cloned()
            .ok_or_else(|| FakeError::not_found(kind, id))
    }

    /// `POST /email_addresses` / `POST /phone_numbers`.
    pub(crate) fn create_identification(
        &mut self,
        kind: &str,
        body: &Obj,
    ) -> Result<Value, FakeError> {
        let extra = if kind == "email_address" {
            "notify_primary_email_address_changed"
        } else {
            "reserved_for_second_factor"
        };
        check_known(body, &["user_id", kind, "verified", "primary", extra])?;
        let user_id = opt_string(body, "user_id")?
            .flatten()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| FakeError::missing("user_id"))?;
        let value = opt_string(body, kind)?
            .flatten()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| FakeError::missing(kind))?;
        let verified = opt_bool(body, "verified")?.unwrap_or(false);
        let primary = opt_bool(body, "primary")?.unwrap_or(false);
        let second_factor = opt_bool(body, extra)?.unwrap_or(false);
        if !self.users.contains_key(&user_id) {
            return Err(FakeError::not_found("user", &user_id));
        }
        let valid = if kind == "email_address" {
            value
                .find('@')
                .is_some_and(|p| p > 0 && p + 1 < value.len())
        } else {
            value.starts_with('+') && value.len() > 4
        };
        if !valid {
            return Err(FakeError::invalid(
                kind,
                &format!("must be a valid {}", kind.replace('_', " ")),
            ));
        }
        let taken_kind = if kind == "email_address" { 'e' } else { 'p' };
        if self.identifier_owner(taken_kind, &value).is_some() {
            let what = kind.replace('_', " ");
            return Err(FakeError::new(
                422,
                "form_identifier_exists",
                &format!("That {what} is taken. Please try another."),
                &format!("That {what} is taken. Please try another."),
                json!({ "param_name": kind }),
            ));
        }
        let now = self.tick();
        let mut ident = self.identification(kind, &value, false, now);
        if !verified {
            ident["verification"] = Value::Null;
        }
        if kind == "phone_number" && second_factor {
            ident["reserved_for_second_factor"] = json!(true);
        }
        let id = ident.get("id").cloned().unwrap_or(Value::Null);
        self.unindex_user(&user_id);
        if let Some(u) = self.users.get_mut(&user_id) {
            if let Some(Value::Array(list)) = u.json.get_mut(list_key(kind)) {
                list.push(ident.clone());
            }
            let no_primary = u.json.get(primary_key(kind)).is_none_or(Value::is_null);
            if primary || (no_primary && verified) {
                u.json.insert(primary_key(kind).into(), id);
            }
            u.json.insert("updated_at".into(), json!(now));
        }
        self.index_user(&user_id);
        Ok(ident)
    }

    /// `PATCH /email_addresses/{id}` / `PATCH /phone_numbers/{id}`.
    pub(crate) fn update_identification(
        &mut self,
        kind: &str,
        id: &str,
        body: &Obj,
    ) -> Result<Value, FakeError> {
        let (uid, i) = self
            .identification_owner(kind, id)
            .ok_or_else(|| FakeError::not_found(kind, id))?;
        let extra = if kind == "email_address" {
            "notify_primary_email_address_changed"
        } else {
            "reserved_for_second_factor"
        };
        check_known(body, &["verified", "primary", extra])?;
        let verified = opt_bool(body, "verified")?;
        let primary = opt_bool(body, "primary")?;
        let second_factor = opt_bool(body, extra)?;
        let now = self.tick();
        let admin = json!({
            "object": "verification_admin",
            "status": "verified",
            "strategy": "admin",
            "attempts": null,
            "expire_at": null,
        });
        let Some(u) = self.users.get_mut(&uid) else {
            return Err(FakeError::not_found(kind, id));
        };
        if let Some(ident) = u
            .json
            .get_mut(list_key(kind))
            .and_then(Value::as_array_mut)
            .and_then(|l| l.get_mut(i))
        {
            match verified {
                Some(true) => ident["verification"] = admin,
                Some(false) => ident["verification"] = Value::Null,
                None => {}
            }
            if kind == "phone_number" {
                if let Some(b) = second_factor {
                    ident["reserved_for_second_factor"] = json!(b);
                }
            }
            ident["updated_at"] = json!(now);
        }
        if primary == Some(true) {
            u.json.insert(primary_key(kind).into(), json!(id));
        }
        u.json.insert("updated_at".into(), json!(now));
        self.get_identification(kind, id)
    }

    /// `DELETE /email_addresses/{id}` / `DELETE /phone_numbers/{id}`.
    pub(crate) fn delete_identification(
        &mut self,
        kind: &str,
        id: &str,
    ) -> Result<Value, FakeError> {
        let (uid, i) = self
            .identification_owner(kind, id)
            .ok_or_else(|| FakeError::not_found(kind, id))?;
        let now = self.tick();
        self.unindex_user(&uid);
        if let Some(u) = self.users.get_mut(&uid) {
            let mut next_primary = Value::Null;
            if let Some(list) = u.json.get_mut(list_key(kind)).and_then(Value::as_array_mut) {
                if i < list.len() {
                    list.remove(i);
                }
                if let Some(first) = list.first() {
                    next_primary = first.get("id").cloned().unwrap_or(Value::Null);
                }
            }
            if u.json.get(primary_key(kind)).and_then(Value::as_str) == Some(id) {
                u.json.insert(primary_key(kind).into(), next_primary);
            }
            u.json.insert("updated_at".into(), json!(now));
        }
        self.index_user(&uid);
        Ok(json!({ "object": kind, "id": id, "deleted": true }))
    }
}

impl State {
    /// `PUT /users/{id}/email_address` / `PUT /users/{id}/phone_number`: replaces every
    /// address (or number) of the user by one new primary identification.
    pub(crate) fn replace_identification(
        &mut self,
        kind: &str,
        user_id: &str,
        body: &Obj,
    ) -> Result<Value, FakeError> {
        self.user_json(user_id)?;
        let mut allowed = vec![kind, "identification_status"];
        if kind == "email_address" {
            allowed.push("notify_primary_email_address_changed");
        }
        check_known(body, &allowed)?;
        let value = opt_string(body, kind)?
            .flatten()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| FakeError::missing(kind))?;
        let status = opt_string(body, "identification_status")?
            .flatten()
            .unwrap_or_else(|| "verified".into());
        if !["verified", "reserved", "unverified"].contains(&status.as_str()) {
            return Err(FakeError::value_invalid(
                "identification_status",
                "must be verified, reserved or unverified",
            ));
        }
        let kind_char = if kind == "email_address" { 'e' } else { 'p' };
        if self
            .identifier_owner(kind_char, &value)
            .is_some_and(|owner| owner != user_id)
        {
            let what = kind.replace('_', " ");
            return Err(FakeError::new(
                422,
                "form_identifier_exists",
                &format!("That {what} is taken. Please try another."),
                &format!("That {what} is taken. Please try another."),
                json!({ "param_name": kind }),
            ));
        }
        // Validate the format through the regular create path on a scratch copy.
        let mut create = Obj::new();
        create.insert("user_id".into(), json!(user_id));
        create.insert(kind.into(), json!(value));
        create.insert("verified".into(), json!(status == "verified"));
        create.insert("primary".into(), json!(true));
        self.unindex_user(user_id);
        let old = self.users.get_mut(user_id).map(|u| {
            let list = u.json.insert(list_key(kind).into(), json!([]));
            let primary = u.json.insert(primary_key(kind).into(), Value::Null);
            (list, primary)
        });
        self.index_user(user_id);
        match self.create_identification(kind, &create) {
            Ok(mut ident) => {
                if status == "reserved" {
                    ident["reserved"] = json!(true);
                    if let Some(u) = self.users.get_mut(user_id) {
                        if let Some(Value::Array(l)) = u.json.get_mut(list_key(kind)) {
                            if let Some(first) = l.first_mut() {
                                first["reserved"] = json!(true);
                            }
                        }
                    }
                }
                Ok(ident)
            }
            Err(e) => {
                self.unindex_user(user_id);
                if let (Some(u), Some((list, primary))) = (self.users.get_mut(user_id), old) {
                    if let Some(l) = list {
                        u.json.insert(list_key(kind).into(), l);
                    }
                    if let Some(p) = primary {
                        u.json.insert(primary_key(kind).into(), p);
                    }
                }
                self.index_user(user_id);
                Err(e)
            }
        }
    }
}
