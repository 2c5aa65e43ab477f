//! The Backend API, one module per resource group: its models, its params and its sub-API.
//!
//! Every module follows one pattern, so that the whole API reads the same:
//! - models are plain serde structs mirroring `clerk-bapi.yml`; unknown fields are ignored,
//!   nullable fields are `Option`, timestamps are `i64` milliseconds, metadata is
//!   `serde_json::Value`, and string enums keep unknown values (see [`string_enum!`](crate::string_enum));
//! - params are `#[derive(Default)]` structs with public fields and chainable setters, serialised
//!   as the query (`None` left out, sequences as repeated keys) or the JSON body (snake_case keys,
//!   `None` left out, metadata never renamed);
//! - the sub-API is a cheap handle holding a [`Clerk`](crate::Clerk) clone, whose methods map
//!   one-to-one to operations of the spec and name the operation id in their docs.

/// Declares a sub-API handle `$name` (a [`Clerk`](crate::Clerk) clone) and its accessor
/// `Clerk::$accessor()`.
macro_rules! sub_api {
    ($name:ident, $accessor:ident) => {
        #[doc = concat!("The `", stringify!($accessor), "` sub-API, from [`Clerk::", stringify!($accessor), "`](crate::Clerk::", stringify!($accessor), ").")]
        ///
        /// A cheap handle: it shares its client's configuration and follows its setters.
        #[derive(Debug, Clone)]
        pub struct $name {
            clerk: $crate::Clerk,
        }

        impl $crate::Clerk {
            #[doc = concat!("The `", stringify!($accessor), "` sub-API.")]
            pub fn $accessor(&self) -> $name {
                $name {
                    clerk: self.clone(),
                }
            }
        }
    };
}

pub mod actor_tokens;
pub mod admin_portal;
pub mod agent_tasks;
pub mod allowlist_blocklist;
pub mod api_keys;
pub mod beta_features;
pub mod billing;
pub mod clients;
pub mod common;
pub mod directories;
pub mod domains;
pub mod email_addresses;
pub mod emails;
pub mod enterprise_connections;
pub mod instance_settings;
pub mod interstitial;
pub mod invitations;
pub mod jwks;
pub mod jwt_templates;
pub mod m2m_tokens;
pub mod machines;
pub mod oauth_access_tokens;
pub mod oauth_applications;
pub mod organization_domains;
pub mod organization_invitations;
pub mod organization_memberships;
pub mod organization_permissions;
pub mod organization_roles;
pub mod organizations;
pub mod phone_numbers;
pub mod proxy_checks;
pub mod redirect_urls;
pub mod role_sets;
pub mod saml_connections;
pub mod sessions;
pub mod sign_in_tokens;
pub mod sign_ups;
pub mod templates;
pub mod testing_tokens;
pub mod users;
pub mod waitlist_entries;
pub mod webhooks_svix;

/// Declares a string enum that keeps values it does not know in an `Unknown(String)` variant, so
/// that a value Clerk adds later does not break decoding.
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the crate does not know.
            Unknown(String),
        }

        impl $name {
            /// The value as Clerk spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::Unknown(other) => other,
                }
            }
        }

        /// An empty [`Unknown`](Self::Unknown): what a missing or `null` value decodes to.
        impl ::std::default::Default for $name {
            fn default() -> Self {
                Self::Unknown(::std::string::String::new())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok(Self::from(&*s))
            }
        }
    };
}
