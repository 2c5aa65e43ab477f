//! Serialises a params struct into query pairs the way Clerk expects them: `None` fields are
//! left out, sequences become repeated keys (`email_address=a&email_address=b`), booleans are
//! `true`/`false`, and falsy values (`0`, `false`, `""`) are kept.

use std::fmt;

use serde::ser::{self, Impossible, Serialize};

/// Why a value could not be turned into query pairs (a programming error in a params type).
#[derive(Debug)]
pub(crate) struct QueryError(String);

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot encode query parameters: {}", self.0)
    }
}

impl std::error::Error for QueryError {}

impl ser::Error for QueryError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        QueryError(msg.to_string())
    }
}

/// Serialises `value` (a struct or a map) into query pairs.
pub(crate) fn to_pairs<T: Serialize + ?Sized>(
    value: &T,
) -> Result<Vec<(String, String)>, QueryError> {
    let mut pairs = Vec::new();
    value.serialize(Top { pairs: &mut pairs })?;
    Ok(pairs)
}

struct Top<'a> {
    pairs: &'a mut Vec<(String, String)>,
}

struct Fields<'a> {
    pairs: &'a mut Vec<(String, String)>,
    key: Option<String>,
}

impl Fields<'_> {
    fn push_field<T: Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), QueryError> {
        let mut values = Vec::new();
        value.serialize(Values {
            out: &mut values,
            nested: false,
        })?;
        self.pairs
            .extend(values.into_iter().map(|v| (key.to_owned(), v)));
        Ok(())
    }
}

fn unsupported<T>(what: &str) -> Result<T, QueryError> {
    Err(QueryError(format!(
        "{what} is not supported at the top level"
    )))
}

impl<'a> ser::Serializer for Top<'a> {
    type Ok = ();
    type Error = QueryError;
    type SerializeSeq = Impossible<(), QueryError>;
    type SerializeTuple = Impossible<(), QueryError>;
    type SerializeTupleStruct = Impossible<(), QueryError>;
    type SerializeTupleVariant = Impossible<(), QueryError>;
    type SerializeMap = Fields<'a>;
    type SerializeStruct = Fields<'a>;
    type SerializeStructVariant = Impossible<(), QueryError>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields<'a>, QueryError> {
        Ok(Fields {
            pairs: self.pairs,
            key: None,
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Fields<'a>, QueryError> {
        Ok(Fields {
            pairs: self.pairs,
            key: None,
        })
    }
    fn serialize_unit(self) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_none(self) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), QueryError> {
        v.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), QueryError> {
        v.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result<(), QueryError> {
        unsupported("a bool")
    }
    fn serialize_i8(self, _: i8) -> Result<(), QueryError> {
        unsupported("a number")
    }
    fn serialize_i16(self, _: i16) -> Result<(), QueryError> {
        unsupported("a number")
    }
    fn serialize_i32(self, _: i32) -> Result<(), QueryError> {
        unsupported("a number")
    }
    fn serialize_i64(self, _: i64) -> Result<(), QueryError> {
        unsupported("a number")
    }
    fn serialize_u8(self, _: u8) -> Result<(), QueryError> {
        unsupported("a number")
    }
    fn serialize_u16(self, _: u16) -> Result<(), QueryError> {
        unsupported("a number")
    }
    fn serialize_u32(self, _: u32) -> Result<(), QueryError> {
        unsupported("a number")
    }
    fn serialize_u64(self, _: u64) -> Result<(), QueryError> {
        unsupported("a number")
    }
    fn serialize_f32(self, _: f32) -> Result<(), QueryError> {
        unsupported("a number")
    }
    fn serialize_f64(self, _: f64) -> Result<(), QueryError> {
        unsupported("a number")
    }
    fn serialize_char(self, _: char) -> Result<(), QueryError> {
        unsupported("a char")
    }
    fn serialize_str(self, _: &str) -> Result<(), QueryError> {
        unsupported("a string")
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), QueryError> {
        unsupported("bytes")
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), QueryError> {
        unsupported("an enum")
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), QueryError> {
        unsupported("an enum")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, QueryError> {
        unsupported("a sequence")
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, QueryError> {
        unsupported("a tuple")
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, QueryError> {
        unsupported("a tuple")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, QueryError> {
        unsupported("an enum")
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, QueryError> {
        unsupported("an enum")
    }
}

impl ser::SerializeStruct for Fields<'_> {
    type Ok = ();
    type Error = QueryError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        self.push_field(key, value)
    }
    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

impl ser::SerializeMap for Fields<'_> {
    type Ok = ();
    type Error = QueryError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), QueryError> {
        let mut out = Vec::new();
        key.serialize(Values {
            out: &mut out,
            nested: true,
        })?;
        self.key = out.pop();
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| QueryError("map value without a key".into()))?;
        self.push_field(&key, value)
    }
    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

/// Serialises one field value into zero or more strings.
struct Values<'a> {
    out: &'a mut Vec<String>,
    /// Inside a sequence: another sequence is not allowed.
    nested: bool,
}

impl Values<'_> {
    fn push(self, v: impl ToString) -> Result<(), QueryError> {
        self.out.push(v.to_string());
        Ok(())
    }
}

fn nested_err<T>() -> Result<T, QueryError> {
    Err(QueryError(
        "nested structures cannot be sent as query parameters".into(),
    ))
}

impl<'a> ser::Serializer for Values<'a> {
    type Ok = ();
    type Error = QueryError;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Impossible<(), QueryError>;
    type SerializeTupleVariant = Impossible<(), QueryError>;
    type SerializeMap = Impossible<(), QueryError>;
    type SerializeStruct = Impossible<(), QueryError>;
    type SerializeStructVariant = Impossible<(), QueryError>;

    fn serialize_bool(self, v: bool) -> Result<(), QueryError> {
        self.push(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), QueryError> {
        self.push(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), QueryError> {
        self.push(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), QueryError> {
        self.push(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), QueryError> {
        self.push(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), QueryError> {
        self.push(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), QueryError> {
        self.push(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), QueryError> {
        self.push(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), QueryError> {
        self.push(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), QueryError> {
        self.push(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), QueryError> {
        self.push(v)
    }
    fn serialize_char(self, v: char) -> Result<(), QueryError> {
        self.push(v)
    }
    fn serialize_str(self, v: &str) -> Result<(), QueryError> {
        self.push(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), QueryError> {
        nested_err()
    }
    fn serialize_none(self) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), QueryError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), QueryError> {
        self.push(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), QueryError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        v: &T,
    ) -> Result<(), QueryError> {
        v.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'a>, QueryError> {
        if self.nested {
            return nested_err();
        }
        Ok(Seq { out: self.out })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, QueryError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, QueryError> {
        nested_err()
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, QueryError> {
        nested_err()
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, QueryError> {
        nested_err()
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, QueryError> {
        nested_err()
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, QueryError> {
        nested_err()
    }
}

struct Seq<'a> {
    out: &'a mut Vec<String>,
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = QueryError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), QueryError> {
        v.serialize(Values {
            out: self.out,
            nested: true,
        })
    }
    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Seq<'_> {
    type Ok = ();
    type Error = QueryError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), QueryError> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Order {
        Asc,
    }

    #[derive(Serialize)]
    struct Params {
        email_address: Vec<String>,
        limit: Option<u32>,
        offset: Option<u32>,
        banned: Option<bool>,
        query: Option<String>,
        missing: Option<String>,
        order: Option<Order>,
    }

    #[test]
    fn sequences_repeat_the_key_and_falsy_values_are_kept() {
        let p = Params {
            email_address: vec!["a@x.io".into(), "b@x.io".into()],
            limit: Some(10),
            offset: Some(0),
            banned: Some(false),
            query: Some(String::new()),
            missing: None,
            order: Some(Order::Asc),
        };
        let pairs = to_pairs(&p).unwrap();
        let want: Vec<(String, String)> = [
            ("email_address", "a@x.io"),
            ("email_address", "b@x.io"),
            ("limit", "10"),
            ("offset", "0"),
            ("banned", "false"),
            ("query", ""),
            ("order", "asc"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(pairs, want);
    }

    #[test]
    fn nested_structures_are_rejected() {
        #[derive(Serialize)]
        struct Bad {
            inner: Vec<Vec<u8>>,
        }
        assert!(
            to_pairs(&Bad {
                inner: vec![vec![1]]
            })
            .is_err()
        );
    }
}
