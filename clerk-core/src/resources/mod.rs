//! The Backend API, one module per resource group: its models, its params and its sub-API.
//!
//! Every module follows one pattern, so that the whole API reads the same:
//! - models are plain serde structs mirroring `clerk-bapi.yml`; unknown fields are ignored,
//!   nullable fields are `Option`, timestamps are `i64` milliseconds, metadata is
//!   `serde_json::Value`, and string enums keep unknown values (see [`string_enum!`](crate::string_enum));
//! - models are tolerant, because webhook payloads and older or newer API versions leave fields
//!   out: apart from an object's `id`, a field that is missing or `null` decodes as its default
//!   (`None`, an empty string or list, `false`, `0`, an enum's empty `Unknown`);
//! - one model per concept: the webhook events of [`webhooks`](crate::webhooks) carry these same
//!   models, and a model used by several groups lives in one module (such as
//!   [`PublicUserData`](organization_memberships::PublicUserData),
//!   [`EnrollmentMode`](organization_domains::EnrollmentMode) or [`Logo`](common::Logo));
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

/// Generates chainable setters for the `Option` fields of a params struct: `name(value)` sets
/// `Some(value.into())`. Fields after a `;` take their exact type (numbers, booleans and enums,
/// so that literals need no suffix).
macro_rules! setters {
    ($($name:ident: $ty:ty),* $(,)? $(; $($exact:ident: $exact_ty:ty),* $(,)?)?) => {
        $(
            #[doc = concat!("Sets `", stringify!($name), "`.")]
            pub fn $name(mut self, value: impl Into<$ty>) -> Self {
                self.$name = Some(value.into());
                self
            }
        )*
        $($(
            #[doc = concat!("Sets `", stringify!($exact), "`.")]
            pub fn $exact(mut self, value: $exact_ty) -> Self {
                self.$exact = Some(value);
                self
            }
        )*)?
    };
}

/// Generates setters for `Vec<String>` fields sent as repeated keys: `name(value)` adds one value.
macro_rules! push_setters {
    ($($name:ident),* $(,)?) => {
        $(
            #[doc = concat!("Adds one value to `", stringify!($name),
                "` (sent as a repeated key); call again for more.")]
            pub fn $name(mut self, value: impl Into<String>) -> Self {
                self.$name.push(value.into());
                self
            }
        )*
    };
}

/// Generates the `limit` and `offset` setters of a list's query parameters.
macro_rules! paging_setters {
    () => {
        /// Sets the page size (1 to 500).
        pub fn limit(mut self, limit: u32) -> Self {
            self.limit = Some(limit);
            self
        }

        /// Sets how many items to skip.
        pub fn offset(mut self, offset: u32) -> Self {
            self.offset = Some(offset);
            self
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use serde_json::{Value, json};

    /// Decodes `T` from `{"id": "x_1"}`, then from its own JSON with every field but `id` set to
    /// `null`: what webhooks and other API versions may send.
    fn tolerant<T: Serialize + DeserializeOwned>() -> Result<(), String> {
        let minimal: T = serde_json::from_value(json!({"id": "x_1"})).map_err(|e| e.to_string())?;
        let mut value = serde_json::to_value(&minimal).map_err(|e| e.to_string())?;
        if let Some(map) = value.as_object_mut() {
            map.iter_mut()
                .filter(|(key, _)| *key != "id")
                .for_each(|(_, v)| *v = Value::Null);
        }
        serde_json::from_value::<T>(value)
            .map(drop)
            .map_err(|e| format!("with nulls: {e}"))
    }

    macro_rules! assert_tolerant {
        ($($model:ty),* $(,)?) => {
            $(
                if let Err(e) = tolerant::<$model>() {
                    panic!("{}: {e}", stringify!($model));
                }
            )*
        };
    }

    #[test]
    fn every_model_decodes_with_only_its_id_and_with_nulls() {
        assert_tolerant!(
            actor_tokens::ActorToken,
            admin_portal::AdminPortalLinkToken,
            agent_tasks::AgentTask,
            allowlist_blocklist::AllowlistIdentifier,
            allowlist_blocklist::BlocklistIdentifier,
            api_keys::ApiKey,
            api_keys::ApiKeySecret,
            beta_features::InstanceAuthConfig,
            billing::Money,
            billing::BillingPlan,
            billing::BillingFeature,
            billing::PlanUnitPrice,
            billing::PlanUnitPriceTier,
            billing::BillingPrice,
            billing::SubscriptionItem,
            billing::SubscriptionCredit,
            billing::Credits,
            billing::ProrationCredit,
            billing::PayerCredit,
            billing::Totals,
            billing::Discounts,
            billing::ProrationDiscount,
            billing::PerUnitTotal,
            billing::PerUnitTotalTier,
            billing::Seats,
            billing::NextPayment,
            billing::BillingPayer,
            billing::PaymentMethod,
            billing::PaymentAttempt,
            billing::PaymentFailure,
            billing::BillingStatement,
            billing::StatementGroup,
            billing::DiscountRedemption,
            billing::PriceTransition,
            billing::PriceTransitionDetails,
            billing::BillingSubscription,
            billing::CreditBalance,
            billing::CreditLedgerEntry,
            clients::Client,
            common::DeletedObject,
            common::TotalCount,
            directories::Directory,
            directories::GroupRoleMapping,
            domains::Domain,
            domains::CnameTarget,
            email_addresses::Verification,
            email_addresses::IdentificationLink,
            email_addresses::EmailAddress,
            emails::Email,
            enterprise_connections::LoginHint,
            enterprise_connections::AttributeMapping,
            enterprise_connections::CustomAttribute,
            enterprise_connections::EnterpriseConnection,
            enterprise_connections::EnterpriseSamlConnection,
            enterprise_connections::EnterpriseOAuthConfig,
            enterprise_connections::EnterpriseConnectionTestRun,
            enterprise_connections::TestRunUserInfo,
            enterprise_connections::TestRunLog,
            enterprise_connections::TestRunSaml,
            enterprise_connections::TestRunOAuth,
            enterprise_connections::EnterpriseConnectionTestRunUrl,
            instance_settings::Instance,
            instance_settings::InstanceRestrictions,
            instance_settings::InstanceProtect,
            instance_settings::InstanceCommunication,
            instance_settings::OAuthApplicationSettings,
            instance_settings::OrganizationSettings,
            invitations::Invitation,
            jwks::Jwks,
            jwks::Jwk,
            jwt_templates::JwtTemplate,
            m2m_tokens::M2mToken,
            machines::Machine,
            machines::MachineSecretKey,
            machines::MachineScope,
            machines::DeletedMachineScope,
            oauth_access_tokens::OAuthAccessToken,
            oauth_access_tokens::InactiveAccessToken,
            oauth_applications::OAuthApplication,
            organization_domains::OrganizationDomain,
            organization_invitations::OrganizationInvitation,
            organization_memberships::OrganizationMembership,
            organization_memberships::PublicUserData,
            organization_permissions::Permission,
            organization_roles::Role,
            organizations::Organization,
            organizations::PublicOrganizationData,
            phone_numbers::PhoneNumber,
            proxy_checks::ProxyCheck,
            redirect_urls::RedirectUrl,
            role_sets::RoleSet,
            role_sets::RoleSetItem,
            role_sets::RoleSetMigration,
            saml_connections::SamlConnection,
            sessions::Session,
            sessions::SessionActivity,
            sessions::SessionTask,
            sessions::Cookies,
            sign_in_tokens::SignInToken,
            sign_ups::SignUpVerification,
            sign_ups::SignUpVerifications,
            sign_ups::SignUp,
            templates::Template,
            testing_tokens::TestingToken,
            users::User,
            users::Web3Wallet,
            users::Passkey,
            users::ExternalAccount,
            users::SamlAccount,
            users::SamlAccountConnection,
            users::EnterpriseAccount,
            users::EnterpriseAccountConnection,
            users::ScimUserMetadata,
            users::PasswordVerification,
            users::TotpVerification,
            users::FactorsRemoved,
            users::TrustedDevice,
            users::ProviderAccessToken,
            waitlist_entries::WaitlistEntry,
            webhooks_svix::SvixUrl,
            crate::webhooks::EmailMessage,
            crate::webhooks::SmsMessage,
            crate::webhooks::SessionWithUser,
        );
    }

    #[test]
    fn a_session_token_needs_its_jwt() {
        // The one field kept required besides ids: it tells a refreshed token from cookies.
        let refresh: sessions::SessionRefresh =
            serde_json::from_value(json!({"object": "cookies", "cookies": ["a=b"]})).unwrap();
        assert!(matches!(refresh, sessions::SessionRefresh::Cookies(_)));
        assert!(tolerant::<sessions::Token>().is_err());
    }
}
