//! A generic table of JSON records kept in creation order, and list helpers shared by the
//! resource groups.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Obj, Query};
use crate::error::FakeError;

/// One stored record: its creation sequence number (for stable ordering) and its JSON.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub(crate) seq: u64,
    pub(crate) json: Obj,
}

/// Records of one resource keyed by id.
#[derive(Debug, Default, Clone)]
pub(crate) struct Table {
    rows: BTreeMap<String, Row>,
}

impl Table {
    pub(crate) fn insert(&mut self, id: &str, seq: u64, json: Obj) {
        self.rows.insert(id.to_string(), Row { seq, json });
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Obj> {
        self.rows.get(id).map(|r| &r.json)
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Obj> {
        self.rows.get_mut(id).map(|r| &mut r.json)
    }

    pub(crate) fn remove(&mut self, id: &str) -> Option<Obj> {
        self.rows.remove(id).map(|r| r.json)
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.rows.contains_key(id)
    }

    /// Every row, newest first.
    pub(crate) fn newest_first(&self) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self.rows.values().collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r.seq));
        rows
    }

    /// Every row, oldest first.
    pub(crate) fn oldest_first(&self) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self.rows.values().collect();
        rows.sort_by_key(|r| r.seq);
        rows
    }

    /// The first row (oldest first) matching `pred`.
    pub(crate) fn find(&self, pred: impl Fn(&Obj) -> bool) -> Option<(&str, &Obj)> {
        self.oldest_first()
            .into_iter()
            .find(|r| pred(&r.json))
            .and_then(|r| {
                let id = r.json.get("id").and_then(Value::as_str)?;
                Some((id, &r.json))
            })
    }

    pub(crate) fn ids_where(&self, pred: impl Fn(&Obj) -> bool) -> Vec<String> {
        self.oldest_first()
            .into_iter()
            .filter(|r| pred(&r.json))
            .filter_map(|r| r.json.get("id").and_then(Value::as_str).map(str::to_string))
            .collect()
    }
}

/// A parsed `order_by` such as `-created_at`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Order<'a> {
    pub(crate) desc: bool,
    pub(crate) field: &'a str,
}

/// Parses `order_by` (`+field`, `-field` or `field`) against the allowed fields.
pub(crate) fn parse_order<'a>(
    q: &'a Query,
    allowed: &[&str],
    default: &'a str,
) -> Result<Order<'a>, FakeError> {
    let order = q
        .first("order_by")
        .filter(|o| !o.is_empty())
        .unwrap_or(default);
    let (desc, field) = match order.as_bytes().first() {
        Some(b'-') => (true, &order[1..]),
        Some(b'+') => (false, &order[1..]),
        _ => (false, order),
    };
    if !allowed.contains(&field) {
        return Err(FakeError::value_invalid(
            "order_by",
            &format!("must be one of {}", allowed.join(", ")),
        ));
    }
    Ok(Order { desc, field })
}

/// A comparable key of a JSON value: numbers before strings, `null` sorts last ascending.
pub(crate) fn cmp_json(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    fn rank(v: Option<&Value>) -> u8 {
        match v {
            Some(Value::Number(_)) | Some(Value::Bool(_)) => 0,
            Some(Value::String(_)) => 1,
            _ => 2,
        }
    }
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x.to_lowercase().cmp(&y.to_lowercase()),
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// `limit`/`offset` with explicit bounds.
pub(crate) fn limit_offset(q: &Query, max: i64) -> Result<(usize, usize), FakeError> {
    let limit = q.int("limit")?.unwrap_or(10);
    if !(1..=max).contains(&limit) {
        return Err(FakeError::value_invalid(
            "limit",
            &format!("must be between 1 and {max}"),
        ));
    }
    let offset = q.int("offset")?.unwrap_or(0);
    if offset < 0 {
        return Err(FakeError::value_invalid(
            "offset",
            "must be greater than or equal to 0",
        ));
    }
    Ok((limit as usize, offset as usize))
}

/// Applies offset/limit and wraps as `{data, total_count}`.
pub(crate) fn data_page(items: Vec<Value>, limit: usize, offset: usize) -> Value {
    let total = items.len();
    let data: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    json!({ "data": data, "total_count": total })
}

/// Applies offset/limit and answers a bare array, or `{data, total_count}` with
/// `paginated=true`.
pub(crate) fn array_or_page(
    q: &Query,
    items: Vec<Value>,
    limit: usize,
    offset: usize,
) -> Result<Value, FakeError> {
    if q.boolean("paginated")?.unwrap_or(false) {
        return Ok(data_page(items, limit, offset));
    }
    Ok(Value::Array(
        items.into_iter().skip(offset).take(limit).collect(),
    ))
}

/// A `DeletedObject`.
pub(crate) fn deleted(object: &str, id: &str) -> Value {
    json!({ "object": object, "id": id, "deleted": true })
}
