//! One page of a list endpoint.

use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize};

/// One page of results from a list endpoint.
///
/// Clerk's list endpoints answer in one of three shapes: a bare JSON array (`GET /users`,
/// `GET /sessions`, …), `{"data": [...], "total_count": n}` (organizations, memberships, …) or
/// `{"m2m_tokens": [...], "total_count": n}`. `Page` reads all three, so every list method returns
/// the same type. `total_count` is the number of items across all pages when the endpoint reports
/// it; for bare arrays it is `None` (for users, ask `clerk.users().count(..)`).
///
/// A page dereferences to a slice and iterates like a `Vec`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page.
    pub data: Vec<T>,
    /// The number of items across all pages, when the endpoint reports it.
    pub total_count: Option<u64>,
}

impl<T> Page<T> {
    /// A page of `data` with an optional total.
    pub fn new(data: Vec<T>, total_count: Option<u64>) -> Self {
        Self { data, total_count }
    }

    /// The items, consuming the page.
    pub fn into_vec(self) -> Vec<T> {
        self.data
    }
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Self::new(Vec::new(), None)
    }
}

impl<T> Deref for Page<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.data
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.iter()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape<T> {
            Bare(Vec<T>),
            Wrapped {
                #[serde(alias = "m2m_tokens")]
                data: Vec<T>,
                #[serde(default)]
                total_count: Option<u64>,
            },
        }
        Ok(match Shape::deserialize(deserializer)? {
            Shape::Bare(data) => Page::new(data, None),
            Shape::Wrapped { data, total_count } => Page::new(data, total_count),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_shape_of_the_api_decodes() {
        let bare: Page<u32> = serde_json::from_str("[1,2]").unwrap();
        assert_eq!(bare, Page::new(vec![1, 2], None));
        let wrapped: Page<u32> = serde_json::from_str(r#"{"data":[3],"total_count":9}"#).unwrap();
        assert_eq!(wrapped, Page::new(vec![3], Some(9)));
        let m2m: Page<u32> = serde_json::from_str(r#"{"m2m_tokens":[4],"total_count":1}"#).unwrap();
        assert_eq!(m2m.total_count, Some(1));
        assert_eq!(m2m.len(), 1);
        assert!(serde_json::from_str::<Page<u32>>(r#"{"items":[]}"#).is_err());
    }
}
