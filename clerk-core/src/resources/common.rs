//! Small models shared by several resource groups.

use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize};

use crate::request::Multipart;

/// Deserializes a field that Clerk may omit or send as `null` into the type's default (an empty
/// string, `false`, `0`, an empty list, …), so that a model decodes whatever the API version or
/// the webhook leaves out. Use with `#[serde(default, deserialize_with = "null_default")]`.
pub(crate) fn null_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// The answer to a delete: `DeletedObject` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeletedObject {
    /// The kind of object that was deleted, such as `user`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// Its id.
    #[serde(default)]
    pub id: Option<String>,
    /// Its slug, for objects that have one.
    #[serde(default)]
    pub slug: Option<String>,
    /// Its external id, for objects that have one.
    #[serde(default)]
    pub external_id: Option<String>,
    /// Always `true`.
    #[serde(default, deserialize_with = "null_default")]
    pub deleted: bool,
}

/// A count: `TotalCount` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TotalCount {
    /// Always `total_count`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The count.
    #[serde(default, deserialize_with = "null_default")]
    pub total_count: i64,
}

/// A logo to upload, for [`Organizations::upload_logo`](crate::resources::organizations::Organizations::upload_logo)
/// and [`OAuthApplications::upload_logo`](crate::resources::oauth_applications::OAuthApplications::upload_logo):
/// an image file sent as `multipart/form-data` and, optionally, the user credited with the
/// upload. `Debug` shows the file's size, not its bytes.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Logo {
    /// The file name sent with the image, such as `logo.png`.
    pub file_name: String,
    /// The media type, such as `image/png`.
    pub content_type: String,
    /// The image.
    pub data: Bytes,
    /// The user credited with the upload.
    pub uploader_user_id: Option<String>,
}

impl Logo {
    /// An image named `file_name` of media type `content_type`.
    pub fn new(
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        Self {
            file_name: file_name.into(),
            content_type: content_type.into(),
            data: data.into(),
            uploader_user_id: None,
        }
    }

    setters!(uploader_user_id: String);

    /// The form: `uploader_user_id` when set, then the image as `file`.
    pub(crate) fn into_form(self) -> Multipart {
        let form = match self.uploader_user_id {
            Some(user_id) => Multipart::new().text("uploader_user_id", user_id),
            None => Multipart::new(),
        };
        form.file("file", self.file_name, self.content_type, self.data)
    }
}

impl std::fmt::Debug for Logo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logo")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("data_len", &self.data.len())
            .field("uploader_user_id", &self.uploader_user_id)
            .finish()
    }
}

/// The sort order of a list, sent as `order_by`: a field name with a `+` (ascending) or `-`
/// (descending) prefix, such as `-created_at`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrderBy {
    field: String,
    descending: bool,
}

impl OrderBy {
    /// Ascending by `field`.
    pub fn asc(field: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            descending: false,
        }
    }

    /// Descending by `field`.
    pub fn desc(field: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            descending: true,
        }
    }

    /// The field.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// Whether the order is descending.
    pub fn is_descending(&self) -> bool {
        self.descending
    }
}

impl std::fmt::Display for OrderBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.descending { '-' } else { '+' };
        write!(f, "{sign}{}", self.field)
    }
}

impl Serialize for OrderBy {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
#[allow(unreachable_pub)]
mod tests {
    use super::*;

    crate::string_enum! {
        /// A test enum.
        pub enum Color {
            /// Red.
            Red = "red",
        }
    }

    #[test]
    fn order_by_is_a_signed_field_name() {
        assert_eq!(OrderBy::desc("created_at").to_string(), "-created_at");
        assert_eq!(OrderBy::asc("username").to_string(), "+username");
    }

    #[test]
    fn string_enums_keep_unknown_values() {
        let c: Vec<Color> = serde_json::from_str(r#"["red","ultraviolet"]"#).unwrap();
        assert_eq!(c, vec![Color::Red, Color::Unknown("ultraviolet".into())]);
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"["red","ultraviolet"]"#
        );
    }

    #[test]
    fn deleted_objects_tolerate_new_fields() {
        let d: DeletedObject =
            serde_json::from_str(r#"{"object":"user","id":"user_1","deleted":true,"new":1}"#)
                .unwrap();
        assert!(d.deleted);
        assert_eq!(d.id.as_deref(), Some("user_1"));
    }
}
