//! Users: the people who sign in to your application (the spec's `Users` tag).

use std::fmt;

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::request::Multipart;
use crate::resources::billing::{
    AdjustCreditBalance, BillingSubscription, CreditBalance, CreditLedgerEntry,
};
use crate::resources::common::{DeletedObject, OrderBy, TotalCount, null_default};
use crate::resources::email_addresses::{EmailAddress, IdentificationStatus, Verification};
use crate::resources::invitations::InvitationStatus;
use crate::resources::organization_invitations::OrganizationInvitation;
use crate::resources::organization_memberships::OrganizationMembership;
use crate::resources::phone_numbers::PhoneNumber;
use crate::{ApiRequest, PageRequest, Result, encode_segment};

/// A user: `User` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct User {
    /// The user id (`user_…`).
    pub id: String,
    /// Always `user`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The id of the user in your own systems.
    #[serde(default)]
    pub external_id: Option<String>,
    /// The id of the primary email address (see [`primary_email_address`](Self::primary_email_address)).
    #[serde(default)]
    pub primary_email_address_id: Option<String>,
    /// The id of the primary phone number.
    #[serde(default)]
    pub primary_phone_number_id: Option<String>,
    /// The id of the primary Web3 wallet.
    #[serde(default)]
    pub primary_web3_wallet_id: Option<String>,
    /// The username.
    #[serde(default)]
    pub username: Option<String>,
    /// The first name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// The last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// The locale, such as `en-US`.
    #[serde(default)]
    pub locale: Option<String>,
    /// Deprecated by Clerk: use [`image_url`](Self::image_url).
    #[serde(default)]
    pub profile_image_url: Option<String>,
    /// The profile image URL.
    #[serde(default)]
    pub image_url: Option<String>,
    /// Whether the user uploaded a profile image.
    #[serde(default, deserialize_with = "null_default")]
    pub has_image: bool,
    /// Metadata readable by the frontend and the backend, writable by the backend.
    #[serde(default)]
    pub public_metadata: serde_json::Value,
    /// Metadata visible to the backend only.
    #[serde(default)]
    pub private_metadata: serde_json::Value,
    /// Metadata readable and writable by the frontend (not to be trusted).
    #[serde(default)]
    pub unsafe_metadata: serde_json::Value,
    /// The user's email addresses.
    #[serde(default, deserialize_with = "null_default")]
    pub email_addresses: Vec<EmailAddress>,
    /// The user's phone numbers.
    #[serde(default, deserialize_with = "null_default")]
    pub phone_numbers: Vec<PhoneNumber>,
    /// The user's Web3 wallets.
    #[serde(default, deserialize_with = "null_default")]
    pub web3_wallets: Vec<Web3Wallet>,
    /// The user's passkeys.
    #[serde(default, deserialize_with = "null_default")]
    pub passkeys: Vec<Passkey>,
    /// Whether the user has a password.
    #[serde(default, deserialize_with = "null_default")]
    pub password_enabled: bool,
    /// Whether the user has a second factor.
    #[serde(default, deserialize_with = "null_default")]
    pub two_factor_enabled: bool,
    /// Whether the user has a TOTP authenticator.
    #[serde(default, deserialize_with = "null_default")]
    pub totp_enabled: bool,
    /// Whether the user has backup codes.
    #[serde(default, deserialize_with = "null_default")]
    pub backup_code_enabled: bool,
    /// When MFA was last enabled, in milliseconds since the Unix epoch (kept when disabled).
    #[serde(default)]
    pub mfa_enabled_at: Option<i64>,
    /// When MFA was last disabled, in milliseconds since the Unix epoch (kept when re-enabled).
    #[serde(default)]
    pub mfa_disabled_at: Option<i64>,
    /// When the password was last changed, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub password_last_updated_at: Option<i64>,
    /// The user's OAuth accounts.
    #[serde(default, deserialize_with = "null_default")]
    pub external_accounts: Vec<ExternalAccount>,
    /// The user's SAML accounts.
    #[serde(default, deserialize_with = "null_default")]
    pub saml_accounts: Vec<SamlAccount>,
    /// The user's enterprise (SAML or OIDC) accounts.
    #[serde(default, deserialize_with = "null_default")]
    pub enterprise_accounts: Vec<EnterpriseAccount>,
    /// The user's organization memberships, when Clerk includes them.
    #[serde(default, deserialize_with = "null_default")]
    pub organization_memberships: Vec<OrganizationMembership>,
    /// Last sign-in, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub last_sign_in_at: Option<i64>,
    /// Whether the user is banned.
    #[serde(default, deserialize_with = "null_default")]
    pub banned: bool,
    /// Whether the user is locked out of signing in.
    #[serde(default, deserialize_with = "null_default")]
    pub locked: bool,
    /// Whether the user was deprovisioned and may not sign in.
    #[serde(default, deserialize_with = "null_default")]
    pub deprovisioned: bool,
    /// Seconds until a lockout ends; `None` for a locked user means it never ends.
    #[serde(default)]
    pub lockout_expires_in_seconds: Option<i64>,
    /// Verification attempts left before a lockout; `None` when lockout is off.
    #[serde(default)]
    pub verification_attempts_remaining: Option<i64>,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Whether the user may delete themselves through the Frontend API.
    #[serde(default, deserialize_with = "null_default")]
    pub delete_self_enabled: bool,
    /// Whether the user may create organizations through the Frontend API.
    #[serde(default, deserialize_with = "null_default")]
    pub create_organization_enabled: bool,
    /// How many organizations the user may create (`0`: unlimited).
    #[serde(default)]
    pub create_organizations_limit: Option<i64>,
    /// Latest session activity, with day precision, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub last_active_at: Option<i64>,
    /// When the user accepted the legal requirements, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub legal_accepted_at: Option<i64>,
    /// Whether the user bypasses Device Trust checks at sign-in.
    #[serde(default, deserialize_with = "null_default")]
    pub bypass_client_trust: bool,
    /// The directory the user is provisioned from (webhook events only).
    #[serde(default)]
    pub scim: Option<ScimUserMetadata>,
}

impl User {
    /// The primary email address, as a string.
    pub fn primary_email_address(&self) -> Option<&str> {
        let id = self.primary_email_address_id.as_deref()?;
        self.email_addresses
            .iter()
            .find(|e| e.id.as_deref() == Some(id))
            .map(|e| e.email_address.as_str())
    }

    /// The primary phone number, as a string.
    pub fn primary_phone_number(&self) -> Option<&str> {
        let id = self.primary_phone_number_id.as_deref()?;
        self.phone_numbers
            .iter()
            .find(|p| p.id.as_deref() == Some(id))
            .map(|p| p.phone_number.as_str())
    }

    /// The primary Web3 wallet address.
    pub fn primary_web3_wallet(&self) -> Option<&str> {
        let id = self.primary_web3_wallet_id.as_deref()?;
        self.web3_wallets
            .iter()
            .find(|w| w.id.as_deref() == Some(id))
            .map(|w| w.web3_wallet.as_str())
    }
}

/// A Web3 wallet of a user: `Web3Wallet` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Web3Wallet {
    /// The wallet id (`idn_…`).
    #[serde(default)]
    pub id: Option<String>,
    /// Always `web3_wallet`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The wallet address.
    #[serde(default, deserialize_with = "null_default")]
    pub web3_wallet: String,
    /// How the wallet was verified, if it was.
    #[serde(default)]
    pub verification: Option<Verification>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// A passkey of a user: `Passkey` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Passkey {
    /// The passkey id.
    #[serde(default)]
    pub id: Option<String>,
    /// Always `passkey`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The name the user gave it.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// Last use, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub last_used_at: i64,
    /// Its verification.
    #[serde(default)]
    pub verification: Option<Verification>,
}

/// An OAuth account of a user: `ExternalAccountWithVerification` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ExternalAccount {
    /// `external_account` (older accounts: `google_account`, `facebook_account`).
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The account id.
    pub id: String,
    /// The provider, such as `oauth_google`.
    #[serde(default, deserialize_with = "null_default")]
    pub provider: String,
    /// The id of the identification this account provides.
    #[serde(default, deserialize_with = "null_default")]
    pub identification_id: String,
    /// The user's id at the provider.
    #[serde(default, deserialize_with = "null_default")]
    pub provider_user_id: String,
    /// The scopes granted, space-separated.
    #[serde(default, deserialize_with = "null_default")]
    pub approved_scopes: String,
    /// The email address at the provider.
    #[serde(default, deserialize_with = "null_default")]
    pub email_address: String,
    /// Whether the provider said the email address was verified (`None`: unknown).
    #[serde(default)]
    pub email_address_verified: Option<bool>,
    /// The first name at the provider.
    #[serde(default, deserialize_with = "null_default")]
    pub first_name: String,
    /// The last name at the provider.
    #[serde(default, deserialize_with = "null_default")]
    pub last_name: String,
    /// Deprecated by Clerk: use [`image_url`](Self::image_url).
    #[serde(default)]
    pub avatar_url: Option<String>,
    /// The profile image URL at the provider.
    #[serde(default)]
    pub image_url: Option<String>,
    /// The username at the provider.
    #[serde(default)]
    pub username: Option<String>,
    /// The phone number at the provider.
    #[serde(default)]
    pub phone_number: Option<String>,
    /// Public metadata of the account.
    #[serde(default)]
    pub public_metadata: serde_json::Value,
    /// A label for the account.
    #[serde(default)]
    pub label: Option<String>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
    /// The OAuth verification.
    #[serde(default)]
    pub verification: Option<Verification>,
}

/// A SAML account of a user: `SAMLAccount` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SamlAccount {
    /// The account id.
    pub id: String,
    /// Always `saml_account`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The provider, such as `saml_okta`.
    #[serde(default, deserialize_with = "null_default")]
    pub provider: String,
    /// Whether the account is active.
    #[serde(default, deserialize_with = "null_default")]
    pub active: bool,
    /// The email address the account signs in with.
    #[serde(default, deserialize_with = "null_default")]
    pub email_address: String,
    /// The first name from the identity provider.
    #[serde(default)]
    pub first_name: Option<String>,
    /// The last name from the identity provider.
    #[serde(default)]
    pub last_name: Option<String>,
    /// The user's id at the identity provider.
    #[serde(default)]
    pub provider_user_id: Option<String>,
    /// Last authentication, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub last_authenticated_at: Option<i64>,
    /// Public metadata of the account.
    #[serde(default)]
    pub public_metadata: serde_json::Value,
    /// Its verification.
    #[serde(default)]
    pub verification: Option<Verification>,
    /// The SAML connection it belongs to.
    #[serde(default)]
    pub saml_connection: Option<SamlAccountConnection>,
}

/// The SAML connection of a [`SamlAccount`]: `SAMLAccountConnection` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SamlAccountConnection {
    /// The connection id.
    pub id: String,
    /// Its name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// Deprecated by Clerk: use [`domains`](Self::domains).
    #[serde(default)]
    pub domain: Option<String>,
    /// The email domains it serves.
    #[serde(default, deserialize_with = "null_default")]
    pub domains: Vec<String>,
    /// Whether it is active.
    #[serde(default, deserialize_with = "null_default")]
    pub active: bool,
    /// The identity provider, such as `saml_okta`.
    #[serde(default, deserialize_with = "null_default")]
    pub provider: String,
    /// Whether user attributes are synced at each sign-in.
    #[serde(default, deserialize_with = "null_default")]
    pub sync_user_attributes: bool,
    /// Whether subdomains of its domains are accepted.
    #[serde(default)]
    pub allow_subdomains: Option<bool>,
    /// Whether IdP-initiated flows are allowed.
    #[serde(default)]
    pub allow_idp_initiated: Option<bool>,
    /// Whether users of this connection may not add other identifications.
    #[serde(default)]
    pub disable_additional_identifications: Option<bool>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// An enterprise (SAML or OIDC) account of a user: `EnterpriseAccount` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EnterpriseAccount {
    /// The account id.
    pub id: String,
    /// Always `enterprise_account`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The protocol signed in with: `oauth` or `saml`.
    #[serde(default)]
    pub protocol: Option<String>,
    /// The provider.
    #[serde(default, deserialize_with = "null_default")]
    pub provider: String,
    /// Whether the account is active.
    #[serde(default, deserialize_with = "null_default")]
    pub active: bool,
    /// The email address the account signs in with.
    #[serde(default, deserialize_with = "null_default")]
    pub email_address: String,
    /// The first name from the identity provider.
    #[serde(default)]
    pub first_name: Option<String>,
    /// The last name from the identity provider.
    #[serde(default)]
    pub last_name: Option<String>,
    /// The user's id at the identity provider.
    #[serde(default)]
    pub provider_user_id: Option<String>,
    /// The enterprise connection id.
    #[serde(default)]
    pub enterprise_connection_id: Option<String>,
    /// Public metadata of the account.
    #[serde(default)]
    pub public_metadata: serde_json::Value,
    /// Its verification.
    #[serde(default)]
    pub verification: Option<Verification>,
    /// The enterprise connection it belongs to.
    #[serde(default)]
    pub enterprise_connection: Option<EnterpriseAccountConnection>,
    /// Last authentication, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub last_authenticated_at: Option<i64>,
}

/// The connection of an [`EnterpriseAccount`]: `EnterpriseAccountConnection` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EnterpriseAccountConnection {
    /// The connection id.
    pub id: String,
    /// The protocol: `oauth` or `saml`.
    #[serde(default, deserialize_with = "null_default")]
    pub protocol: String,
    /// The identity provider.
    #[serde(default, deserialize_with = "null_default")]
    pub provider: String,
    /// Its name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// The public URL of its logo.
    #[serde(default)]
    pub logo_public_url: Option<String>,
    /// Deprecated by Clerk: use [`domains`](Self::domains).
    #[serde(default)]
    pub domain: Option<String>,
    /// The email domains it serves.
    #[serde(default, deserialize_with = "null_default")]
    pub domains: Vec<String>,
    /// Whether it is active.
    #[serde(default, deserialize_with = "null_default")]
    pub active: bool,
    /// Whether user attributes are synced at each sign-in.
    #[serde(default, deserialize_with = "null_default")]
    pub sync_user_attributes: bool,
    /// Whether subdomains of its domains are accepted.
    #[serde(default, deserialize_with = "null_default")]
    pub allow_subdomains: bool,
    /// Whether IdP-initiated flows are allowed.
    #[serde(default, deserialize_with = "null_default")]
    pub allow_idp_initiated: bool,
    /// Whether users of this connection may not add other identifications.
    #[serde(default, deserialize_with = "null_default")]
    pub disable_additional_identifications: bool,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// The directory a user is provisioned from: `SCIMUserMetadata` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScimUserMetadata {
    /// The directory id.
    #[serde(default, deserialize_with = "null_default")]
    pub directory_id: String,
    /// Whether the directory is enabled (omitted by Clerk when false).
    #[serde(default, deserialize_with = "null_default")]
    pub directory_enabled: bool,
    /// The user's id in the directory.
    #[serde(default)]
    pub external_id: Option<String>,
}

/// The answer to [`Users::verify_password`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PasswordVerification {
    /// Whether the password matched.
    #[serde(default, deserialize_with = "null_default")]
    pub verified: bool,
}

/// The answer to [`Users::verify_totp`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TotpVerification {
    /// Whether the code was valid.
    #[serde(default, deserialize_with = "null_default")]
    pub verified: bool,
    /// Which kind of code it was.
    #[serde(default)]
    pub code_type: Option<TotpCodeType>,
}

crate::string_enum! {
    /// The kind of code [`Users::verify_totp`] accepted.
    pub enum TotpCodeType {
        /// A code from an authenticator app.
        Totp = "totp",
        /// A backup code (now consumed).
        BackupCode = "backup_code",
    }
}

/// The answer to [`Users::disable_mfa`], [`Users::delete_backup_codes`] and
/// [`Users::delete_totp`]: the id of the user whose factors were removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FactorsRemoved {
    /// The user's id.
    #[serde(default)]
    pub user_id: Option<String>,
}

crate::string_enum! {
    /// The platform of a [`TrustedDevice`].
    pub enum TrustedDevicePlatform {
        /// iOS.
        Ios = "ios",
        /// Android.
        Android = "android",
    }
}

crate::string_enum! {
    /// The state of a [`TrustedDevice`].
    pub enum TrustedDeviceStatus {
        /// Trusted.
        Active = "active",
        /// No longer trusted.
        Revoked = "revoked",
    }
}

/// A device a user enrolled as trusted (Device Trust): `TrustedDevice` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TrustedDevice {
    /// Always `trusted_device`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The trusted device id.
    pub id: String,
    /// The platform.
    #[serde(default, deserialize_with = "null_default")]
    pub platform: TrustedDevicePlatform,
    /// The identifier of the app that enrolled the device.
    #[serde(default, deserialize_with = "null_default")]
    pub app_identifier: String,
    /// The name of the device, if known.
    #[serde(default)]
    pub name: Option<String>,
    /// The signature algorithm of the device key, such as `ES256`.
    #[serde(default, deserialize_with = "null_default")]
    pub algorithm: String,
    /// Whether the device is still trusted.
    #[serde(default, deserialize_with = "null_default")]
    pub status: TrustedDeviceStatus,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
    /// Last use, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub last_used_at: Option<i64>,
    /// When the device was revoked, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub revoked_at: Option<i64>,
}

/// An OAuth access token Clerk holds for a user at a provider such as Google (`OAuthAccessToken`
/// in the spec; not to be confused with the tokens Clerk issues itself, in
/// [`oauth_access_tokens`](crate::resources::oauth_access_tokens)),
/// from [`Users::list_oauth_access_tokens`]. `Debug` redacts the token, ID token and token
/// secret.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProviderAccessToken {
    /// Always `oauth_access_token`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The external account the token belongs to.
    #[serde(default, deserialize_with = "null_default")]
    pub external_account_id: String,
    /// The user's id at the provider.
    #[serde(default, deserialize_with = "null_default")]
    pub provider_user_id: String,
    /// The access token.
    ///
    /// # Security Warning
    /// This grants access to the user's account at the provider: keep it out of logs.
    #[serde(default, deserialize_with = "null_default")]
    pub token: String,
    /// Its expiry, in seconds since the Unix epoch, when the provider gave one.
    #[serde(default)]
    pub expires_at: Option<i64>,
    /// The provider, such as `oauth_google`.
    #[serde(default, deserialize_with = "null_default")]
    pub provider: String,
    /// Public metadata of the external account.
    #[serde(default)]
    pub public_metadata: serde_json::Value,
    /// A label for the account.
    #[serde(default)]
    pub label: Option<String>,
    /// The scopes granted (OAuth 2.0 only).
    #[serde(default, deserialize_with = "null_default")]
    pub scopes: Vec<String>,
    /// The OpenID Connect ID token, when the provider issued one.
    #[serde(default)]
    pub id_token: Option<String>,
    /// The token secret (OAuth 1.0 only).
    #[serde(default)]
    pub token_secret: Option<String>,
}

impl fmt::Debug for ProviderAccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderAccessToken")
            .field("external_account_id", &self.external_account_id)
            .field("provider_user_id", &self.provider_user_id)
            .field("token", &"[redacted]")
            .field("expires_at", &self.expires_at)
            .field("provider", &self.provider)
            .field("label", &self.label)
            .field("scopes", &self.scopes)
            .field("id_token", &self.id_token.as_ref().map(|_| "[redacted]"))
            .field(
                "token_secret",
                &self.token_secret.as_ref().map(|_| "[redacted]"),
            )
            .finish_non_exhaustive()
    }
}

/// Generates the filter setters of [`UserFilter`] on a type with a `filter_mut` method.
macro_rules! filter_setters {
    () => {
        filter_setters!(@push email_address, phone_number, external_id, username, web3_wallet,
            user_id, organization_id, provider_user_id);
        filter_setters!(@set query: String, email_address_query: String,
            phone_number_query: String, username_query: String, name_query: String,
            banned: bool, last_active_at_before: i64, last_active_at_after: i64,
            last_active_at_since: i64, created_at_before: i64, created_at_after: i64,
            last_sign_in_at_before: i64, last_sign_in_at_after: i64, provider: String);
    };
    (@push $($name:ident),*) => {
        $(
            #[doc = concat!("Adds one value to the `", stringify!($name),
                "` filter (sent as a repeated key); call again for more.")]
            pub fn $name(mut self, value: impl Into<String>) -> Self {
                self.filter_mut().$name.push(value.into());
                self
            }
        )*
    };
    (@set $($name:ident: $ty:ty),*) => {
        $(
            #[doc = concat!("Sets the `", stringify!($name), "` filter.")]
            pub fn $name(mut self, value: impl Into<$ty>) -> Self {
                self.filter_mut().$name = Some(value.into());
                self
            }
        )*
    };
}

/// The filters shared by [`Users::list`] (`GetUserList`) and [`Users::count`] (`GetUsersCount`),
/// sent as query parameters. Lists are sent as repeated keys; filters of different kinds are
/// combined with AND, values of one list with OR.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UserFilter {
    /// Users with any of these email addresses.
    pub email_address: Vec<String>,
    /// Users with any of these phone numbers.
    pub phone_number: Vec<String>,
    /// Users with any of these external ids.
    pub external_id: Vec<String>,
    /// Users with any of these usernames.
    pub username: Vec<String>,
    /// Users with any of these Web3 wallet addresses.
    pub web3_wallet: Vec<String>,
    /// Users with any of these ids.
    pub user_id: Vec<String>,
    /// Users who are members of these organizations; prefix an id with `+` or `-` to include or
    /// exclude its members (up to 100 ids).
    pub organization_id: Vec<String>,
    /// A free-text search over ids, emails, phone numbers, usernames, Web3 wallets and names.
    pub query: Option<String>,
    /// A partial match on email addresses.
    pub email_address_query: Option<String>,
    /// A partial match on phone numbers.
    pub phone_number_query: Option<String>,
    /// A partial match on usernames.
    pub username_query: Option<String>,
    /// A partial match on first and last names.
    pub name_query: Option<String>,
    /// Only banned (`true`) or not banned (`false`) users.
    pub banned: Option<bool>,
    /// Users whose last session activity is before this time (milliseconds since the epoch).
    pub last_active_at_before: Option<i64>,
    /// Users whose last session activity is after this time (milliseconds since the epoch).
    pub last_active_at_after: Option<i64>,
    /// Deprecated by Clerk in favour of `last_active_at_after`: activity since this time.
    pub last_active_at_since: Option<i64>,
    /// Users created before this time (milliseconds since the epoch).
    pub created_at_before: Option<i64>,
    /// Users created after this time (milliseconds since the epoch).
    pub created_at_after: Option<i64>,
    /// Users whose last sign-in is before this time (milliseconds since the epoch).
    pub last_sign_in_at_before: Option<i64>,
    /// Users whose last sign-in is after this time (milliseconds since the epoch).
    pub last_sign_in_at_after: Option<i64>,
    /// Users with an OAuth account of this provider, such as `oauth_google` (with
    /// `provider_user_id`).
    pub provider: Option<String>,
    /// Users with any of these ids at `provider`.
    pub provider_user_id: Vec<String>,
}

impl UserFilter {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }

    fn filter_mut(&mut self) -> &mut UserFilter {
        self
    }

    filter_setters!();
}

/// The query parameters of [`Users::count`] (`GetUsersCount`): the [`UserFilter`] filters.
pub type CountUsers = UserFilter;

/// Query parameters of [`Users::list`] (`GetUserList`): the [`UserFilter`] filters plus paging
/// and order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListUsers {
    /// The filters.
    #[serde(flatten)]
    pub filter: UserFilter,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many users to skip.
    pub offset: Option<u32>,
    /// Cursor paging: users after this user id (only with `created_at` orders).
    pub starting_after: Option<String>,
    /// The order, such as `OrderBy::desc("created_at")` (the server's default).
    pub order_by: Option<OrderBy>,
}

impl ListUsers {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    fn filter_mut(&mut self) -> &mut UserFilter {
        &mut self.filter
    }

    /// Replaces all filters.
    pub fn filter(mut self, filter: UserFilter) -> Self {
        self.filter = filter;
        self
    }

    setters!(starting_after: String; order_by: OrderBy);
    paging_setters!();

    filter_setters!();
}

/// Keys whose values `Debug` hides in the user bodies.
const SECRET_FIELDS: [&str; 4] = ["password", "password_digest", "totp_secret", "backup_codes"];

/// `Debug` of a body as its JSON, with secret fields redacted.
fn debug_redacted<T: Serialize>(name: &str, body: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut value = serde_json::to_value(body).unwrap_or(serde_json::Value::Null);
    if let Some(map) = value.as_object_mut() {
        for key in SECRET_FIELDS {
            if let Some(v) = map.get_mut(key) {
                *v = serde_json::Value::from("[redacted]");
            }
        }
    }
    f.debug_tuple(name).field(&value).finish()
}

/// The body of [`Users::create`] (`CreateUser`). `None` and empty lists are left out. `Debug`
/// redacts passwords, digests, TOTP secrets and backup codes.
#[derive(Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreateUser {
    /// The id of the user in your own systems; unique in the instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The first name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// The last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// The locale, such as `en-US`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Email addresses; the first becomes the primary one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub email_address: Vec<String>,
    /// The status of each email address, by position (default: all `verified`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub email_address_identification_status: Vec<IdentificationStatus>,
    /// Phone numbers; the first becomes the primary one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phone_number: Vec<String>,
    /// The status of each phone number, by position (default: all `verified`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phone_number_identification_status: Vec<IdentificationStatus>,
    /// Web3 wallets; the first becomes the primary one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub web3_wallet: Vec<String>,
    /// The username; unique in the instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// A plaintext password (at least 8 characters, not a known breached one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// A password digest, for migrations (see `password_hasher`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_digest: Option<String>,
    /// The algorithm of `password_digest`, such as `bcrypt` or `argon2id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_hasher: Option<String>,
    /// Skip the password policy checks (migrations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_password_checks: Option<bool>,
    /// Create the user without a password even when the instance uses passwords.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_password_requirement: Option<bool>,
    /// A TOTP secret to enable TOTP with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub totp_secret: Option<String>,
    /// Backup codes to enable.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub backup_codes: Vec<String>,
    /// Public metadata (a JSON object, sent as given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_metadata: Option<serde_json::Value>,
    /// Private metadata (a JSON object, sent as given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_metadata: Option<serde_json::Value>,
    /// Unsafe metadata (a JSON object, sent as given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsafe_metadata: Option<serde_json::Value>,
    /// Whether the user may delete themselves through the Frontend API.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_self_enabled: Option<bool>,
    /// When the user accepted the legal requirements, in RFC 3339 (`2012-10-20T07:15:20.902Z`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_accepted_at: Option<String>,
    /// Skip the legal acceptance checks (migrations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_legal_checks: Option<bool>,
    /// Do not enforce the instance's required identification types.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_user_requirement: Option<bool>,
    /// Whether the user may create organizations through the Frontend API.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_organization_enabled: Option<bool>,
    /// How many organizations the user may create (`0`: unlimited).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_organizations_limit: Option<i64>,
    /// When the user signed up, in RFC 3339 (migrations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Whether the user bypasses Device Trust checks at sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bypass_client_trust: Option<bool>,
    /// Create the user banned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banned: Option<bool>,
    /// Create the user locked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked: Option<bool>,
}

impl fmt::Debug for CreateUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_redacted("CreateUser", self, f)
    }
}

impl CreateUser {
    /// An empty body: set at least the identifications your instance requires.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an email address (the first one added becomes primary).
    pub fn email_address(mut self, email: impl Into<String>) -> Self {
        self.email_address.push(email.into());
        self
    }

    /// Adds the status of the next email address, by position.
    pub fn email_address_identification_status(mut self, status: IdentificationStatus) -> Self {
        self.email_address_identification_status.push(status);
        self
    }

    /// Adds a phone number (the first one added becomes primary).
    pub fn phone_number(mut self, phone: impl Into<String>) -> Self {
        self.phone_number.push(phone.into());
        self
    }

    /// Adds the status of the next phone number, by position.
    pub fn phone_number_identification_status(mut self, status: IdentificationStatus) -> Self {
        self.phone_number_identification_status.push(status);
        self
    }

    /// Adds a Web3 wallet (the first one added becomes primary).
    pub fn web3_wallet(mut self, wallet: impl Into<String>) -> Self {
        self.web3_wallet.push(wallet.into());
        self
    }

    /// Sets the backup codes.
    pub fn backup_codes<I: IntoIterator<Item = S>, S: Into<String>>(mut self, codes: I) -> Self {
        self.backup_codes = codes.into_iter().map(Into::into).collect();
        self
    }

    setters!(
        external_id: String,
        first_name: String,
        last_name: String,
        locale: String,
        username: String,
        password: String,
        password_digest: String,
        password_hasher: String,
        skip_password_checks: bool,
        skip_password_requirement: bool,
        totp_secret: String,
        public_metadata: serde_json::Value,
        private_metadata: serde_json::Value,
        unsafe_metadata: serde_json::Value,
        delete_self_enabled: bool,
        legal_accepted_at: String,
        skip_legal_checks: bool,
        skip_user_requirement: bool,
        create_organization_enabled: bool,
        create_organizations_limit: i64,
        created_at: String,
        bypass_client_trust: bool,
        banned: bool,
        locked: bool,
    );
}

/// The body of [`Users::update`] (`UpdateUser`): only the fields set are sent and changed.
/// Metadata is changed with [`Users::update_metadata`] and [`Users::replace_metadata`]. `Debug`
/// redacts passwords, digests, TOTP secrets and backup codes.
#[derive(Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateUser {
    /// The id of the user in your own systems; unique in the instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The first name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// The last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// The locale, such as `en-US`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The email address to make primary (verified, and the user's own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_email_address_id: Option<String>,
    /// Notify the user that their primary email address changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_primary_email_address_changed: Option<bool>,
    /// The phone number to make primary (verified, and the user's own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_phone_number_id: Option<String>,
    /// The Web3 wallet to make primary (verified, and the user's own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_web3_wallet_id: Option<String>,
    /// The username; unique in the instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The id of an uploaded image to use as profile image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_image_id: Option<String>,
    /// A new plaintext password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// A new password digest (see `password_hasher`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_digest: Option<String>,
    /// The algorithm of `password_digest`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_hasher: Option<String>,
    /// Skip the password policy checks for `password`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_password_checks: Option<bool>,
    /// Sign the user out of their other sessions once `password` is changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_out_of_other_sessions: Option<bool>,
    /// A TOTP secret to enable TOTP with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub totp_secret: Option<String>,
    /// Backup codes to enable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup_codes: Option<Vec<String>>,
    /// Whether the user may delete themselves through the Frontend API.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_self_enabled: Option<bool>,
    /// Whether the user may create organizations through the Frontend API.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_organization_enabled: Option<bool>,
    /// When the user accepted the legal requirements, in RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_accepted_at: Option<String>,
    /// Skip the legal acceptance checks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_legal_checks: Option<bool>,
    /// How many organizations the user may create (`0`: unlimited).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_organizations_limit: Option<i64>,
    /// When the user signed up, in RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Whether the user bypasses Device Trust checks at sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bypass_client_trust: Option<bool>,
}

impl fmt::Debug for UpdateUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_redacted("UpdateUser", self, f)
    }
}

impl UpdateUser {
    /// An empty update.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the backup codes.
    pub fn backup_codes<I: IntoIterator<Item = S>, S: Into<String>>(mut self, codes: I) -> Self {
        self.backup_codes = Some(codes.into_iter().map(Into::into).collect());
        self
    }

    setters!(
        external_id: String,
        first_name: String,
        last_name: String,
        locale: String,
        primary_email_address_id: String,
        notify_primary_email_address_changed: bool,
        primary_phone_number_id: String,
        primary_web3_wallet_id: String,
        username: String,
        profile_image_id: String,
        password: String,
        password_digest: String,
        password_hasher: String,
        skip_password_checks: bool,
        sign_out_of_other_sessions: bool,
        totp_secret: String,
        delete_self_enabled: bool,
        create_organization_enabled: bool,
        legal_accepted_at: String,
        skip_legal_checks: bool,
        create_organizations_limit: i64,
        created_at: String,
        bypass_client_trust: bool,
    );
}

/// The body of [`Users::update_metadata`] (merge) and [`Users::replace_metadata`] (replace).
/// Each value is a JSON object sent exactly as given: keys are never renamed. A metadata kind
/// left `None` is not sent and stays unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UserMetadata {
    /// Metadata readable by the frontend and the backend.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_metadata: Option<serde_json::Value>,
    /// Metadata visible to the backend only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_metadata: Option<serde_json::Value>,
    /// Metadata readable and writable by the frontend.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsafe_metadata: Option<serde_json::Value>,
}

impl UserMetadata {
    /// No change.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        public_metadata: serde_json::Value,
        private_metadata: serde_json::Value,
        unsafe_metadata: serde_json::Value,
    );
}

#[derive(Serialize)]
struct PasswordBody<'a> {
    password: &'a str,
}

/// A profile image for [`Users::set_profile_image`] (`SetUserProfileImage`), sent as a
/// `multipart/form-data` file. `Debug` shows the image's size, not its bytes.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct ProfileImage {
    /// The file name sent with the image, such as `avatar.png`.
    pub file_name: String,
    /// The media type, such as `image/png`.
    pub content_type: String,
    /// The image.
    pub data: Bytes,
}

impl ProfileImage {
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
        }
    }
}

impl fmt::Debug for ProfileImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileImage")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("data_len", &self.data.len())
            .finish()
    }
}

/// Query parameters of [`Users::list_oauth_access_tokens`] (`GetOAuthAccessToken`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListOAuthAccessTokens {
    /// Whether the server paginates the answer (with `limit` and `offset`).
    pub paginated: Option<bool>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many tokens to skip.
    pub offset: Option<u32>,
}

impl ListOAuthAccessTokens {
    /// The server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(paginated: bool);
    paging_setters!();
}

/// Query parameters of [`Users::list_organization_memberships`]
/// (`UsersGetOrganizationMemberships`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListUserOrganizationMemberships {
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many memberships to skip.
    pub offset: Option<u32>,
}

impl ListUserOrganizationMemberships {
    /// The server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    paging_setters!();
}

/// Query parameters of [`Users::list_organization_invitations`]
/// (`UsersGetOrganizationInvitations`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListUserOrganizationInvitations {
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many invitations to skip.
    pub offset: Option<u32>,
    /// Only invitations in this state.
    pub status: Option<InvitationStatus>,
}

impl ListUserOrganizationInvitations {
    /// The server's defaults: every state.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(status: InvitationStatus);
    paging_setters!();
}

/// The body of [`Users::remove_password`] (`RemoveUserPassword`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RemovePassword {
    /// Revoke the user's active sessions too. Defaults to `false` on the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_out_of_other_sessions: Option<bool>,
}

impl RemovePassword {
    /// Keep the user's sessions.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(sign_out_of_other_sessions: bool);
}

/// The body of [`Users::set_password_compromised`] (`SetUserPasswordCompromised`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SetPasswordCompromised {
    /// Revoke all of the user's sessions too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoke_all_sessions: Option<bool>,
}

impl SetPasswordCompromised {
    /// Keep the user's sessions.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(revoke_all_sessions: bool);
}

#[derive(Serialize)]
struct UserIdsBody {
    user_ids: Vec<String>,
}

#[derive(Serialize)]
struct CodeBody<'a> {
    code: &'a str,
}

sub_api!(Users, users);

fn user_path(user_id: &str, rest: &str) -> String {
    format!("/users/{}{rest}", encode_segment(user_id))
}

impl Users {
    /// Lists users matching the filters, newest first by default (`GET /users`, `GetUserList`).
    ///
    /// # Errors
    /// An API error (400/422) when a parameter is invalid.
    pub fn list(&self, params: &ListUsers) -> PageRequest<User> {
        self.clerk
            .paginate(ApiRequest::get("/users").query_params(params))
    }

    /// Counts users matching the filters (`GET /users/count`, `GetUsersCount`).
    ///
    /// # Errors
    /// An API error (422) when a parameter is invalid.
    pub async fn count(&self, params: &CountUsers) -> Result<TotalCount> {
        self.clerk
            .send(ApiRequest::get("/users/count").query_params(params))
            .await
    }

    /// Fetches one user (`GET /users/{user_id}`, `GetUser`).
    ///
    /// # Errors
    /// An API error with status 404 when no user has this id.
    pub async fn get(&self, user_id: &str) -> Result<User> {
        self.clerk
            .send(ApiRequest::get(user_path(user_id, "")))
            .await
    }

    /// Creates a user (`POST /users`, `CreateUser`).
    ///
    /// # Errors
    /// An API error: 422 when an identification is taken or invalid or a requirement of the
    /// instance is not met, 402/403 when the plan or instance does not allow it.
    pub async fn create(&self, params: &CreateUser) -> Result<User> {
        self.clerk
            .send(ApiRequest::post("/users").json(params))
            .await
    }

    /// Updates a user's fields; only the fields set change (`PATCH /users/{user_id}`,
    /// `UpdateUser`).
    ///
    /// # Errors
    /// An API error: 404 when no user has this id, 409/422 for taken or invalid values.
    pub async fn update(&self, user_id: &str, params: &UpdateUser) -> Result<User> {
        self.clerk
            .send(ApiRequest::patch(user_path(user_id, "")).json(params))
            .await
    }

    /// Deletes a user (`DELETE /users/{user_id}`, `DeleteUser`).
    ///
    /// # Errors
    /// An API error with status 404 when no user has this id.
    pub async fn delete(&self, user_id: &str) -> Result<DeletedObject> {
        self.clerk
            .send(ApiRequest::delete(user_path(user_id, "")))
            .await
    }

    /// Merges metadata into a user's: top-level keys are merged, and a key set to JSON `null` is
    /// removed (`PATCH /users/{user_id}/metadata`, `UpdateUserMetadata`).
    ///
    /// # Errors
    /// An API error: 404 when no user has this id, 422 when a value is not a JSON object or is
    /// too large.
    pub async fn update_metadata(&self, user_id: &str, metadata: &UserMetadata) -> Result<User> {
        self.clerk
            .send(ApiRequest::patch(user_path(user_id, "/metadata")).json(metadata))
            .await
    }

    /// Replaces each metadata kind given entirely; kinds left `None` stay unchanged
    /// (`PUT /users/{user_id}/metadata`, `ReplaceUserMetadata`).
    ///
    /// # Errors
    /// An API error: 404 when no user has this id, 422 when a value is not a JSON object or is
    /// too large.
    pub async fn replace_metadata(&self, user_id: &str, metadata: &UserMetadata) -> Result<User> {
        self.clerk
            .send(ApiRequest::put(user_path(user_id, "/metadata")).json(metadata))
            .await
    }

    /// Bans a user: they are signed out and cannot sign in (`POST /users/{user_id}/ban`,
    /// `BanUser`).
    ///
    /// # Errors
    /// An API error: 404 when no user has this id, 402 when the plan does not include bans.
    pub async fn ban(&self, user_id: &str) -> Result<User> {
        self.clerk
            .send(ApiRequest::post(user_path(user_id, "/ban")))
            .await
    }

    /// Lifts a ban (`POST /users/{user_id}/unban`, `UnbanUser`).
    ///
    /// # Errors
    /// An API error: 404 when no user has this id, 402 when the plan does not include bans.
    pub async fn unban(&self, user_id: &str) -> Result<User> {
        self.clerk
            .send(ApiRequest::post(user_path(user_id, "/unban")))
            .await
    }

    /// Locks a user out of signing in until unlocked or the lockout expires
    /// (`POST /users/{user_id}/lock`, `LockUser`).
    ///
    /// # Errors
    /// An API error: 404 when no user has this id, 403 when lockout is not enabled.
    pub async fn lock(&self, user_id: &str) -> Result<User> {
        self.clerk
            .send(ApiRequest::post(user_path(user_id, "/lock")))
            .await
    }

    /// Unlocks a locked user (`POST /users/{user_id}/unlock`, `UnlockUser`).
    ///
    /// # Errors
    /// An API error: 404 when no user has this id, 403 when lockout is not enabled.
    pub async fn unlock(&self, user_id: &str) -> Result<User> {
        self.clerk
            .send(ApiRequest::post(user_path(user_id, "/unlock")))
            .await
    }

    /// Checks a user's password (`POST /users/{user_id}/verify_password`, `VerifyPassword`).
    ///
    /// # Errors
    /// An API error: 422 when the password is wrong, 400 when the user has no password, 404 when
    /// no user has this id.
    pub async fn verify_password(
        &self,
        user_id: &str,
        password: &str,
    ) -> Result<PasswordVerification> {
        self.clerk
            .send(
                ApiRequest::post(user_path(user_id, "/verify_password"))
                    .json(&PasswordBody { password }),
            )
            .await
    }

    /// Bans up to 50 users at once: they are signed out and cannot sign in
    /// (`POST /users/ban`, `UsersBan`). Returns the banned users.
    ///
    /// # Errors
    /// An API error: 400 when the list is empty, longer than 50 or names unknown users, 402 when
    /// the plan does not include bans.
    pub async fn ban_many<I, S>(&self, user_ids: I) -> Result<Vec<User>>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let body = UserIdsBody {
            user_ids: user_ids.into_iter().map(Into::into).collect(),
        };
        self.clerk
            .send(ApiRequest::post("/users/ban").json(&body))
            .await
    }

    /// Lifts the ban of up to 50 users at once (`POST /users/unban`, `UsersUnban`). Returns the
    /// unbanned users.
    ///
    /// # Errors
    /// An API error: 400 when the list is empty, longer than 50 or names unknown users, 402 when
    /// the plan does not include bans.
    pub async fn unban_many<I, S>(&self, user_ids: I) -> Result<Vec<User>>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let body = UserIdsBody {
            user_ids: user_ids.into_iter().map(Into::into).collect(),
        };
        self.clerk
            .send(ApiRequest::post("/users/unban").json(&body))
            .await
    }

    /// Uploads a user's profile image, as `multipart/form-data`
    /// (`POST /users/{user_id}/profile_image`, `SetUserProfileImage`).
    ///
    /// # Errors
    /// An API error: 400 when the file is not an accepted image, 404 when no user has this id.
    pub async fn set_profile_image(&self, user_id: &str, image: ProfileImage) -> Result<User> {
        let form = Multipart::new().file("file", image.file_name, image.content_type, image.data);
        self.clerk
            .send(ApiRequest::post(user_path(user_id, "/profile_image")).multipart(form))
            .await
    }

    /// Deletes a user's profile image (`DELETE /users/{user_id}/profile_image`,
    /// `DeleteUserProfileImage`).
    ///
    /// # Errors
    /// An API error with status 404 when no user has this id.
    pub async fn delete_profile_image(&self, user_id: &str) -> Result<User> {
        self.clerk
            .send(ApiRequest::delete(user_path(user_id, "/profile_image")))
            .await
    }

    /// Lists the OAuth access tokens Clerk holds for a user at a provider, such as
    /// `oauth_google`; an expired OAuth 2.0 token is refreshed first when Clerk has a refresh
    /// token (`GET /users/{user_id}/oauth_access_tokens/{provider}`, `GetOAuthAccessToken`).
    ///
    /// # Errors
    /// An API error: 404 when no user has this id, 422 when the provider is not enabled, 400
    /// when the token cannot be refreshed.
    pub fn list_oauth_access_tokens(
        &self,
        user_id: &str,
        provider: &str,
        params: &ListOAuthAccessTokens,
    ) -> PageRequest<ProviderAccessToken> {
        let path = user_path(
            user_id,
            &format!("/oauth_access_tokens/{}", encode_segment(provider)),
        );
        self.clerk
            .paginate(ApiRequest::get(path).query_params(params))
    }

    /// Lists a user's organization memberships
    /// (`GET /users/{user_id}/organization_memberships`, `UsersGetOrganizationMemberships`).
    ///
    /// # Errors
    /// An API error: 403 when organizations are not enabled, 404 when no user has this id.
    pub fn list_organization_memberships(
        &self,
        user_id: &str,
        params: &ListUserOrganizationMemberships,
    ) -> PageRequest<OrganizationMembership> {
        self.clerk.paginate(
            ApiRequest::get(user_path(user_id, "/organization_memberships")).query_params(params),
        )
    }

    /// Lists the organization invitations sent to a user, with each organization's public data
    /// (`GET /users/{user_id}/organization_invitations`, `UsersGetOrganizationInvitations`).
    ///
    /// # Errors
    /// An API error: 403 when organizations are not enabled, 404 when no user has this id, 400
    /// when a parameter is invalid.
    pub fn list_organization_invitations(
        &self,
        user_id: &str,
        params: &ListUserOrganizationInvitations,
    ) -> PageRequest<OrganizationInvitation> {
        self.clerk.paginate(
            ApiRequest::get(user_path(user_id, "/organization_invitations")).query_params(params),
        )
    }

    /// Fetches a user's billing subscription
    /// (`GET /users/{user_id}/billing/subscription`, `GetUserBillingSubscription`).
    ///
    /// # Errors
    /// An API error: 404 when no user has this id or it has no subscription, 403 when billing
    /// is not enabled.
    pub async fn billing_subscription(&self, user_id: &str) -> Result<BillingSubscription> {
        self.clerk
            .send(ApiRequest::get(user_path(user_id, "/billing/subscription")))
            .await
    }

    /// Fetches a user's credit balance (`GET /users/{user_id}/billing/credits`,
    /// `GetUserBillingCreditBalance`).
    ///
    /// # Errors
    /// An API error: 404 when no user has this id, 403 when billing is not enabled.
    pub async fn billing_credit_balance(&self, user_id: &str) -> Result<CreditBalance> {
        self.clerk
            .send(ApiRequest::get(user_path(user_id, "/billing/credits")))
            .await
    }

    /// Adds credits to, or removes credits from, a user's balance, once per idempotency key
    /// (`POST /users/{user_id}/billing/credits`, `AdjustUserBillingCreditBalance`).
    ///
    /// # Errors
    /// An API error: 404 when no user has this id, 422 when the amount is not positive or a
    /// decrease exceeds the balance, 409 on an idempotency conflict, 403 when billing is not
    /// enabled.
    pub async fn adjust_billing_credit_balance(
        &self,
        user_id: &str,
        params: &AdjustCreditBalance,
    ) -> Result<CreditLedgerEntry> {
        self.clerk
            .send(ApiRequest::post(user_path(user_id, "/billing/credits")).json(params))
            .await
    }

    /// Removes a user's password, without asking for the current one
    /// (`POST /users/{user_id}/remove_password`, `RemoveUserPassword`). A user without a
    /// password is returned unchanged.
    ///
    /// # Errors
    /// An API error with status 404 when no user has this id.
    pub async fn remove_password(&self, user_id: &str, params: &RemovePassword) -> Result<User> {
        self.clerk
            .send(ApiRequest::post(user_path(user_id, "/remove_password")).json(params))
            .await
    }

    /// Checks a TOTP code or a backup code of a user; a valid backup code is consumed
    /// (`POST /users/{user_id}/verify_totp`, `VerifyTOTP`).
    ///
    /// # Errors
    /// An API error: 422 when the code is wrong, 400 when the user has no TOTP, 404 when no user
    /// has this id.
    pub async fn verify_totp(&self, user_id: &str, code: &str) -> Result<TotpVerification> {
        self.clerk
            .send(ApiRequest::post(user_path(user_id, "/verify_totp")).json(&CodeBody { code }))
            .await
    }

    /// Disables every MFA method of a user at once: SMS codes, TOTP, backup codes
    /// (`DELETE /users/{user_id}/mfa`, `DisableMFA`).
    ///
    /// # Errors
    /// An API error with status 404 when no user has this id.
    pub async fn disable_mfa(&self, user_id: &str) -> Result<FactorsRemoved> {
        self.clerk
            .send(ApiRequest::delete(user_path(user_id, "/mfa")))
            .await
    }

    /// Deletes all of a user's backup codes (`DELETE /users/{user_id}/backup_code`,
    /// `DeleteBackupCode`).
    ///
    /// # Errors
    /// An API error with status 404 when no user has this id.
    pub async fn delete_backup_codes(&self, user_id: &str) -> Result<FactorsRemoved> {
        self.clerk
            .send(ApiRequest::delete(user_path(user_id, "/backup_code")))
            .await
    }

    /// Deletes all of a user's TOTP authenticators (`DELETE /users/{user_id}/totp`,
    /// `DeleteTOTP`).
    ///
    /// # Errors
    /// An API error with status 404 when no user has this id.
    pub async fn delete_totp(&self, user_id: &str) -> Result<FactorsRemoved> {
        self.clerk
            .send(ApiRequest::delete(user_path(user_id, "/totp")))
            .await
    }

    /// Deletes a passkey of a user, and tells them by email
    /// (`DELETE /users/{user_id}/passkeys/{passkey_identification_id}`, `UserPasskeyDelete`).
    ///
    /// # Errors
    /// An API error with status 404 when the user or the passkey does not exist.
    pub async fn delete_passkey(&self, user_id: &str, passkey_id: &str) -> Result<DeletedObject> {
        let path = user_path(
            user_id,
            &format!("/passkeys/{}", encode_segment(passkey_id)),
        );
        self.clerk.send(ApiRequest::delete(path)).await
    }

    /// Deletes a Web3 wallet of a user
    /// (`DELETE /users/{user_id}/web3_wallets/{web3_wallet_identification_id}`,
    /// `UserWeb3WalletDelete`).
    ///
    /// # Errors
    /// An API error: 404 when the user or the wallet does not exist, 400 when it cannot be
    /// removed.
    pub async fn delete_web3_wallet(
        &self,
        user_id: &str,
        web3_wallet_id: &str,
    ) -> Result<DeletedObject> {
        let path = user_path(
            user_id,
            &format!("/web3_wallets/{}", encode_segment(web3_wallet_id)),
        );
        self.clerk.send(ApiRequest::delete(path)).await
    }

    /// Deletes an external (OAuth) account of a user
    /// (`DELETE /users/{user_id}/external_accounts/{external_account_id}`,
    /// `DeleteExternalAccount`).
    ///
    /// # Errors
    /// An API error: 404 when the user or the account does not exist, 400/403 when it cannot be
    /// removed.
    pub async fn delete_external_account(
        &self,
        user_id: &str,
        external_account_id: &str,
    ) -> Result<DeletedObject> {
        let path = user_path(
            user_id,
            &format!("/external_accounts/{}", encode_segment(external_account_id)),
        );
        self.clerk.send(ApiRequest::delete(path)).await
    }

    /// Lists the active trusted devices a user enrolled
    /// (`GET /users/{user_id}/trusted_devices`, `ListUserTrustedDevices`), all in one page.
    ///
    /// # Errors
    /// An API error: 404 when no user has this id, 403 when Device Trust is not available.
    pub fn list_trusted_devices(&self, user_id: &str) -> PageRequest<TrustedDevice> {
        self.clerk
            .paginate(ApiRequest::get(user_path(user_id, "/trusted_devices")))
            .single_page()
    }

    /// Revokes a trusted device of a user
    /// (`DELETE /users/{user_id}/trusted_devices/{trusted_device_id}`,
    /// `RevokeUserTrustedDevice`).
    ///
    /// # Errors
    /// An API error: 404 when the user or the device does not exist, 403 when Device Trust is
    /// not available.
    pub async fn revoke_trusted_device(
        &self,
        user_id: &str,
        trusted_device_id: &str,
    ) -> Result<TrustedDevice> {
        let path = user_path(
            user_id,
            &format!("/trusted_devices/{}", encode_segment(trusted_device_id)),
        );
        self.clerk.send(ApiRequest::delete(path)).await
    }

    /// Marks a user's password as compromised: they must reset it at their next sign-in
    /// (`POST /users/{user_id}/password/set_compromised`, `SetUserPasswordCompromised`).
    ///
    /// # Errors
    /// An API error: 404 when no user has this id, 400/422 when the user has no password.
    pub async fn set_password_compromised(
        &self,
        user_id: &str,
        params: &SetPasswordCompromised,
    ) -> Result<User> {
        self.clerk
            .send(ApiRequest::post(user_path(user_id, "/password/set_compromised")).json(params))
            .await
    }

    /// Clears the compromised mark of a user's password
    /// (`POST /users/{user_id}/password/unset_compromised`, `UnsetUserPasswordCompromised`).
    ///
    /// # Errors
    /// An API error: 404 when no user has this id, 400/422 when the password is not marked.
    pub async fn unset_password_compromised(&self, user_id: &str) -> Result<User> {
        self.clerk
            .send(ApiRequest::post(user_path(
                user_id,
                "/password/unset_compromised",
            )))
            .await
    }
}

/// A fake transport recording requests, for the unit tests of the resource modules.
#[cfg(test)]
pub(crate) mod testkit {
    use std::sync::{Arc, Mutex};

    use bytes::Bytes;

    use crate::Clerk;
    use crate::config::Environment;

    /// One request as the transport saw it.
    #[derive(Debug, Clone, PartialEq)]
    pub(crate) struct Seen {
        pub(crate) method: String,
        pub(crate) path: String,
        pub(crate) query: String,
        pub(crate) body: Option<serde_json::Value>,
        pub(crate) raw_body: String,
    }

    /// The requests seen so far.
    #[derive(Debug, Clone, Default)]
    pub(crate) struct Log(Arc<Mutex<Vec<Seen>>>);

    impl Log {
        pub(crate) fn all(&self) -> Vec<Seen> {
            self.0.lock().unwrap().clone()
        }

        /// The one request sent; panics if there were more or none.
        pub(crate) fn only(&self) -> Seen {
            let all = self.all();
            assert_eq!(all.len(), 1, "expected exactly one request: {all:#?}");
            all.into_iter().next().unwrap()
        }
    }

    pub(crate) struct Fake {
        pub(crate) clerk: Clerk,
        pub(crate) seen: Log,
    }

    /// A client whose transport answers every request with `status` and `body`.
    pub(crate) fn fake(status: u16, body: &str) -> Fake {
        let seen = Log::default();
        let log = seen.clone();
        let body = Bytes::from(body.to_owned());
        let transport = crate::transport::from_fn(move |req: http::Request<Bytes>| {
            let log = log.clone();
            let body = body.clone();
            async move {
                let raw = req.body();
                let json = (!raw.is_empty())
                    .then(|| serde_json::from_slice(raw).expect("the request body is JSON"));
                log.0.lock().unwrap().push(Seen {
                    method: req.method().to_string(),
                    path: req.uri().path().to_owned(),
                    query: req.uri().query().unwrap_or("").to_owned(),
                    body: json,
                    raw_body: String::from_utf8_lossy(raw).into_owned(),
                });
                let mut response = http::Response::new(body);
                *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
                Ok(response)
            }
        });
        let clerk = Clerk::builder()
            .secret_key("sk_test_x")
            .api_url("http://clerk.test")
            .environment(Environment::from_pairs(Vec::<(String, String)>::new()))
            .retry_policy(crate::RetryPolicy::disabled())
            .transport(transport)
            .build()
            .unwrap();
        Fake { clerk, seen }
    }
}

#[cfg(test)]
mod tests {
    use super::testkit::{Fake, fake};
    use super::*;
    use crate::resources::email_addresses::VerificationStatus;
    use serde_json::json;

    const USER: &str = r#"{
        "id": "user_2abc", "object": "user", "external_id": "ext-42",
        "primary_email_address_id": "idn_email2", "primary_phone_number_id": "idn_phone1",
        "primary_web3_wallet_id": null, "username": "ada", "first_name": "Ada",
        "last_name": "Lovelace", "locale": "en-GB",
        "profile_image_url": "https://img.clerk.com/old", "image_url": "https://img.clerk.com/x",
        "has_image": true,
        "public_metadata": {"role": "admin", "camelCaseKey": 1},
        "private_metadata": null,
        "unsafe_metadata": {},
        "email_addresses": [
            {"id": "idn_email1", "object": "email_address", "email_address": "old@example.com",
             "reserved": false, "verification": null, "linked_to": [],
             "created_at": 1700000000000, "updated_at": 1700000000000},
            {"id": "idn_email2", "object": "email_address", "email_address": "ada@example.com",
             "reserved": false,
             "verification": {"object": "verification_from_oauth", "status": "verified",
                "strategy": "from_oauth_google", "attempts": null, "expire_at": null,
                "verified_at_client": "client_1"},
             "linked_to": [{"type": "oauth_google", "id": "idn_google"}],
             "matches_sso_connection": false,
             "created_at": 1700000000000, "updated_at": 1700000000001}
        ],
        "phone_numbers": [
            {"id": "idn_phone1", "object": "phone_number", "phone_number": "+15555550100",
             "reserved_for_second_factor": false, "default_second_factor": false,
             "reserved": false,
             "verification": {"object": "verification_otp", "status": "verified",
                "strategy": "phone_code", "attempts": 1, "expire_at": 1700000600000},
             "linked_to": [], "backup_codes": null,
             "created_at": 1700000000000, "updated_at": 1700000000000}
        ],
        "web3_wallets": [
            {"id": "idn_w1", "object": "web3_wallet", "web3_wallet": "0x0123",
             "verification": {"object": "verification_web3", "status": "verified",
                "strategy": "web3_metamask_signature", "attempts": 1, "expire_at": 1,
                "nonce": "n1", "message": null},
             "created_at": 1, "updated_at": 2}
        ],
        "passkeys": [
            {"id": "pk_1", "object": "passkey", "name": "Laptop", "last_used_at": 1700000000000,
             "verification": {"object": "verification_passkey", "status": "verified",
                "strategy": "passkey", "nonce": "nonce", "attempts": null, "expire_at": null}}
        ],
        "password_enabled": true, "two_factor_enabled": true, "totp_enabled": false,
        "backup_code_enabled": false, "mfa_enabled_at": 1700000000000, "mfa_disabled_at": null,
        "password_last_updated_at": 1700000000000,
        "external_accounts": [
            {"object": "external_account", "id": "eac_1", "provider": "oauth_google",
             "identification_id": "idn_google", "provider_user_id": "1234",
             "approved_scopes": "email profile", "email_address": "ada@example.com",
             "email_address_verified": true, "first_name": "Ada", "last_name": "Lovelace",
             "image_url": null, "username": null, "phone_number": null,
             "public_metadata": {}, "label": null,
             "created_at": 1, "updated_at": 2,
             "verification": {"object": "verification_oauth", "status": "verified",
                "strategy": "oauth_google", "attempts": null, "expire_at": 1700000000000},
             "provider_extra": "allowed by additionalProperties"}
        ],
        "saml_accounts": [
            {"id": "samlacc_1", "object": "saml_account", "provider": "saml_okta",
             "active": true, "email_address": "ada@corp.example", "first_name": "Ada",
             "last_name": null, "provider_user_id": "okta|1", "last_authenticated_at": 5,
             "public_metadata": {}, "verification": null,
             "saml_connection": {"id": "samlc_1", "name": "Okta", "domains": ["corp.example"],
                "active": true, "provider": "saml_okta", "sync_user_attributes": true,
                "allow_subdomains": false, "allow_idp_initiated": false,
                "disable_additional_identifications": false,
                "created_at": 1, "updated_at": 2}}
        ],
        "enterprise_accounts": [
            {"id": "entacc_1", "object": "enterprise_account", "protocol": "saml",
             "provider": "saml_okta", "active": true, "email_address": "ada@corp.example",
             "first_name": null, "last_name": null, "provider_user_id": null,
             "enterprise_connection_id": "entconn_1", "public_metadata": {},
             "verification": {"object": "verification_saml", "status": "transferable",
                "strategy": "saml", "attempts": null, "expire_at": null},
             "enterprise_connection": {"id": "entconn_1", "protocol": "saml",
                "provider": "saml_okta", "name": "Okta", "logo_public_url": null,
                "domains": ["corp.example"], "active": true, "sync_user_attributes": true,
                "allow_subdomains": false, "allow_idp_initiated": false,
                "disable_additional_identifications": false,
                "created_at": 1, "updated_at": 2},
             "last_authenticated_at": null}
        ],
        "last_sign_in_at": 1700690400000, "banned": false, "locked": false,
        "lockout_expires_in_seconds": null, "verification_attempts_remaining": 5,
        "updated_at": 1700690400001, "created_at": 1700000000000,
        "delete_self_enabled": true, "create_organization_enabled": true,
        "create_organizations_limit": null, "last_active_at": 1700690400000,
        "mfa_enabled_at_v2": "unknown field", "legal_accepted_at": null,
        "bypass_client_trust": false
    }"#;

    /// The smallest user the spec allows (required fields only).
    const MINIMAL_USER: &str = r#"{
        "id": "user_min", "object": "user", "username": null, "first_name": null,
        "last_name": null, "has_image": false, "primary_email_address_id": null,
        "primary_phone_number_id": null, "primary_web3_wallet_id": null,
        "password_enabled": false, "two_factor_enabled": false, "totp_enabled": false,
        "backup_code_enabled": false, "email_addresses": [], "phone_numbers": [],
        "web3_wallets": [], "passkeys": [], "external_accounts": [], "saml_accounts": [],
        "enterprise_accounts": [], "public_metadata": {}, "external_id": null,
        "last_sign_in_at": null, "banned": false, "locked": false,
        "lockout_expires_in_seconds": null, "verification_attempts_remaining": null,
        "created_at": 1, "updated_at": 2, "delete_self_enabled": false,
        "create_organization_enabled": false, "last_active_at": null,
        "mfa_enabled_at": null, "mfa_disabled_at": null, "legal_accepted_at": null
    }"#;

    #[tokio::test]
    async fn get_decodes_a_full_user() {
        let Fake { clerk, seen } = fake(200, USER);
        let user = clerk.users().get("user_2abc").await.unwrap();
        let req = seen.only();
        assert_eq!(req.method, "GET");
        assert_eq!(req.path, "/v1/users/user_2abc");
        assert_eq!(req.query, "");

        assert_eq!(user.primary_email_address(), Some("ada@example.com"));
        assert_eq!(user.primary_phone_number(), Some("+15555550100"));
        assert_eq!(user.primary_web3_wallet(), None);
        assert_eq!(user.public_metadata["camelCaseKey"], 1);
        assert!(user.private_metadata.is_null());
        assert!(user.email_addresses[1].is_verified());
        assert_eq!(user.email_addresses[1].linked_to[0].id, "idn_google");
        assert_eq!(user.web3_wallets[0].web3_wallet, "0x0123");
        assert_eq!(user.passkeys[0].name, "Laptop");
        let ext = &user.external_accounts[0];
        assert_eq!(ext.provider, "oauth_google");
        assert_eq!(ext.email_address_verified, Some(true));
        assert_eq!(
            ext.verification.as_ref().unwrap().status,
            VerificationStatus::Verified
        );
        let saml = &user.saml_accounts[0];
        assert_eq!(
            saml.saml_connection.as_ref().unwrap().domains,
            ["corp.example"]
        );
        let ent = &user.enterprise_accounts[0];
        assert_eq!(ent.protocol.as_deref(), Some("saml"));
        assert_eq!(
            ent.verification.as_ref().unwrap().status,
            VerificationStatus::Transferable
        );
        assert_eq!(ent.enterprise_connection.as_ref().unwrap().name, "Okta");
        assert_eq!(user.verification_attempts_remaining, Some(5));
        assert_eq!(user.mfa_enabled_at, Some(1700000000000));
        assert_eq!(user.last_active_at, Some(1700690400000));
        assert!(user.organization_memberships.is_empty());
        assert_eq!(user.scim, None);
    }

    #[tokio::test]
    async fn minimal_users_and_unknown_enum_values_decode() {
        let body = MINIMAL_USER.replace(
            r#""email_addresses": []"#,
            r#""email_addresses": [{"id":"idn_1","object":"email_address",
                "email_address":"x@y.z","reserved":false,"linked_to":[],
                "verification":{"status":"teleported","strategy":"email_code",
                "attempts":0,"expire_at":null},"created_at":1,"updated_at":1}],
                "scim": {"directory_id": "dir_1", "external_id": null}"#,
        );
        let Fake { clerk, .. } = fake(200, &format!("[{body}]"));
        let users = clerk.users().list(&ListUsers::new()).await.unwrap();
        let user = &users[0];
        assert_eq!(user.id, "user_min");
        assert_eq!(user.primary_email_address(), None);
        assert_eq!(user.image_url, None);
        assert!(user.private_metadata.is_null());
        assert_eq!(
            user.email_addresses[0]
                .verification
                .as_ref()
                .unwrap()
                .status,
            VerificationStatus::Unknown("teleported".into())
        );
        assert!(!user.email_addresses[0].is_verified());
        assert_eq!(user.scim.as_ref().unwrap().directory_id, "dir_1");
    }

    #[tokio::test]
    async fn list_sends_every_filter_with_repeated_keys() {
        let Fake { clerk, seen } = fake(200, "[]");
        let params = ListUsers::new()
            .email_address("a+1@x.io")
            .email_address("b@x.io")
            .phone_number("+15555550100")
            .external_id("ext_1")
            .username("ada")
            .web3_wallet("0x1")
            .user_id("user_1")
            .user_id("user_2")
            .organization_id("+org_1")
            .organization_id("-org_2")
            .query("ada")
            .email_address_query("example")
            .phone_number_query("555")
            .username_query("ad")
            .name_query("love")
            .banned(false)
            .last_active_at_before(1)
            .last_active_at_after(2)
            .last_active_at_since(3)
            .created_at_before(4)
            .created_at_after(5)
            .last_sign_in_at_before(6)
            .last_sign_in_at_after(7)
            .provider("oauth_google")
            .provider_user_id("g1")
            .limit(20)
            .offset(0)
            .starting_after("user_0")
            .order_by(OrderBy::desc("created_at"));
        let users = clerk.users().list(&params).await.unwrap();
        assert!(users.is_empty());
        let req = seen.only();
        assert_eq!(req.method, "GET");
        assert_eq!(req.path, "/v1/users");
        assert_eq!(
            req.query,
            "email_address=a%2B1%40x.io&email_address=b%40x.io\
             &phone_number=%2B15555550100&external_id=ext_1&username=ada&web3_wallet=0x1\
             &user_id=user_1&user_id=user_2&organization_id=%2Borg_1&organization_id=-org_2\
             &query=ada&email_address_query=example&phone_number_query=555&username_query=ad\
             &name_query=love&banned=false&last_active_at_before=1&last_active_at_after=2\
             &last_active_at_since=3&created_at_before=4&created_at_after=5\
             &last_sign_in_at_before=6&last_sign_in_at_after=7&provider=oauth_google\
             &provider_user_id=g1&limit=20&offset=0&starting_after=user_0&order_by=-created_at"
        );
        assert_eq!(req.body, None);
    }

    #[tokio::test]
    async fn an_empty_list_sends_no_query() {
        let Fake { clerk, seen } = fake(200, "[]");
        clerk.users().list(&ListUsers::new()).await.unwrap();
        assert_eq!(seen.only().query, "");
    }

    #[tokio::test]
    async fn count_sends_filters_only() {
        let Fake { clerk, seen } = fake(200, r#"{"object":"total_count","total_count":42}"#);
        let count = clerk
            .users()
            .count(
                &CountUsers::new()
                    .query("ada")
                    .organization_id("org_1")
                    .banned(true),
            )
            .await
            .unwrap();
        assert_eq!(count.total_count, 42);
        let req = seen.only();
        assert_eq!(req.path, "/v1/users/count");
        assert_eq!(req.query, "organization_id=org_1&query=ada&banned=true");
    }

    #[tokio::test]
    async fn create_sends_the_spec_body_and_keeps_metadata_keys() {
        let Fake { clerk, seen } = fake(200, MINIMAL_USER);
        let params = CreateUser::new()
            .email_address("ada@example.com")
            .email_address("reserved@example.com")
            .email_address_identification_status(IdentificationStatus::Verified)
            .email_address_identification_status(IdentificationStatus::Reserved)
            .phone_number("+15555550100")
            .username("ada")
            .password("correct horse battery staple")
            .first_name("Ada")
            .skip_password_checks(false)
            .created_at("2012-10-20T07:15:20.902Z")
            .create_organizations_limit(0)
            .public_metadata(json!({"camelCase": {"Nested Key": [1, null]}, "snake_case": true}))
            .private_metadata(json!({"stripeCustomerId": "cus_1"}));
        let user = clerk.users().create(&params).await.unwrap();
        assert_eq!(user.id, "user_min");
        let req = seen.only();
        assert_eq!(req.method, "POST");
        assert_eq!(req.path, "/v1/users");
        assert_eq!(
            req.body,
            Some(json!({
                "first_name": "Ada",
                "email_address": ["ada@example.com", "reserved@example.com"],
                "email_address_identification_status": ["verified", "reserved"],
                "phone_number": ["+15555550100"],
                "username": "ada",
                "password": "correct horse battery staple",
                "skip_password_checks": false,
                "public_metadata": {"camelCase": {"Nested Key": [1, null]}, "snake_case": true},
                "private_metadata": {"stripeCustomerId": "cus_1"},
                "create_organizations_limit": 0,
                "created_at": "2012-10-20T07:15:20.902Z"
            }))
        );
        assert!(req.raw_body.contains(r#""stripeCustomerId":"cus_1""#));
        let debug = format!("{params:?}");
        assert!(!debug.contains("battery"), "{debug}");
        assert!(debug.contains("ada@example.com"));
    }

    #[tokio::test]
    async fn update_patches_with_an_encoded_id() {
        let Fake { clerk, seen } = fake(200, MINIMAL_USER);
        let params = UpdateUser::new()
            .first_name("")
            .primary_email_address_id("idn_2")
            .notify_primary_email_address_changed(true)
            .backup_codes(["a", "b"])
            .bypass_client_trust(true);
        clerk.users().update("user/1?x", &params).await.unwrap();
        let req = seen.only();
        assert_eq!(req.method, "PATCH");
        assert_eq!(req.path, "/v1/users/user%2F1%3Fx");
        assert_eq!(req.query, "");
        assert_eq!(
            req.body,
            Some(json!({
                "first_name": "",
                "primary_email_address_id": "idn_2",
                "notify_primary_email_address_changed": true,
                "backup_codes": ["a", "b"],
                "bypass_client_trust": true
            }))
        );
        assert!(!format!("{params:?}").contains("\"a\""));
    }

    #[tokio::test]
    async fn metadata_is_merged_with_patch_and_replaced_with_put() {
        let Fake { clerk, seen } = fake(200, MINIMAL_USER);
        let metadata = UserMetadata::new()
            .public_metadata(json!({"planTier": "pro", "remove_me": null}))
            .unsafe_metadata(json!({}));
        clerk
            .users()
            .update_metadata("user_1", &metadata)
            .await
            .unwrap();
        clerk
            .users()
            .replace_metadata(
                "user_1",
                &UserMetadata::new().private_metadata(json!({"A": 1})),
            )
            .await
            .unwrap();
        let reqs = seen.all();
        assert_eq!(reqs.len(), 2);
        assert_eq!(reqs[0].method, "PATCH");
        assert_eq!(reqs[0].path, "/v1/users/user_1/metadata");
        assert_eq!(
            reqs[0].body,
            Some(
                json!({"public_metadata": {"planTier": "pro", "remove_me": null},
                        "unsafe_metadata": {}})
            )
        );
        assert_eq!(reqs[1].method, "PUT");
        assert_eq!(reqs[1].path, "/v1/users/user_1/metadata");
        assert_eq!(reqs[1].body, Some(json!({"private_metadata": {"A": 1}})));
    }

    #[tokio::test]
    async fn delete_ban_unban_lock_unlock() {
        let Fake { clerk, seen } = fake(200, r#"{"object":"user","id":"user_1","deleted":true}"#);
        let deleted = clerk.users().delete("user_1").await.unwrap();
        assert!(deleted.deleted);
        assert_eq!(
            seen.only(),
            super::testkit::Seen {
                method: "DELETE".into(),
                path: "/v1/users/user_1".into(),
                query: String::new(),
                body: None,
                raw_body: String::new(),
            }
        );

        let Fake { clerk, seen } = fake(200, MINIMAL_USER);
        let users = clerk.users();
        users.ban("user_1").await.unwrap();
        users.unban("user_1").await.unwrap();
        users.lock("user_1").await.unwrap();
        users.unlock("user_1").await.unwrap();
        let got: Vec<(String, String, Option<serde_json::Value>)> = seen
            .all()
            .into_iter()
            .map(|s| (s.method, s.path, s.body))
            .collect();
        let want: Vec<(String, String, Option<serde_json::Value>)> =
            ["ban", "unban", "lock", "unlock"]
                .iter()
                .map(|a| ("POST".into(), format!("/v1/users/user_1/{a}"), None))
                .collect();
        assert_eq!(got, want);
    }

    #[tokio::test]
    async fn verify_password_posts_the_password() {
        let Fake { clerk, seen } = fake(200, r#"{"verified":true}"#);
        let v = clerk
            .users()
            .verify_password("user_1", "hunter2")
            .await
            .unwrap();
        assert!(v.verified);
        let req = seen.only();
        assert_eq!(req.method, "POST");
        assert_eq!(req.path, "/v1/users/user_1/verify_password");
        assert_eq!(req.body, Some(json!({"password": "hunter2"})));

        let Fake { clerk, .. } = fake(422, "");
        let err = clerk
            .users()
            .verify_password("user_1", "wrong")
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(422));
    }

    #[tokio::test]
    async fn bulk_ban_and_unban_send_the_ids() {
        let Fake { clerk, seen } = fake(200, &format!("[{MINIMAL_USER}]"));
        let banned = clerk.users().ban_many(["user_1", "user_2"]).await.unwrap();
        assert_eq!(banned[0].id, "user_min");
        clerk
            .users()
            .unban_many(vec![String::from("user_1")])
            .await
            .unwrap();
        let reqs = seen.all();
        assert_eq!(reqs[0].path, "/v1/users/ban");
        assert_eq!(
            reqs[0].body,
            Some(json!({"user_ids": ["user_1", "user_2"]}))
        );
        assert_eq!(reqs[1].path, "/v1/users/unban");
        assert_eq!(reqs[1].body, Some(json!({"user_ids": ["user_1"]})));
    }

    #[tokio::test]
    async fn profile_images_are_uploaded_as_multipart() {
        let seen = std::sync::Arc::new(std::sync::Mutex::new(None));
        let log = seen.clone();
        let transport = crate::transport::from_fn(move |req: http::Request<bytes::Bytes>| {
            let log = log.clone();
            async move {
                let content_type = req.headers()[http::header::CONTENT_TYPE]
                    .to_str()
                    .unwrap()
                    .to_owned();
                *log.lock().unwrap() = Some((
                    req.method().to_string(),
                    req.uri().path().to_owned(),
                    content_type,
                    req.body().clone(),
                ));
                Ok(http::Response::new(bytes::Bytes::from(MINIMAL_USER)))
            }
        });
        let clerk = crate::Clerk::builder()
            .secret_key("sk_test_x")
            .api_url("http://clerk.test")
            .environment(crate::config::Environment::from_pairs(Vec::<(
                String,
                String,
            )>::new(
            )))
            .transport(transport)
            .build()
            .unwrap();
        let image = ProfileImage::new("me.png", "image/png", vec![0x89, b'P', b'N', b'G']);
        assert!(format!("{image:?}").contains("data_len: 4"));
        clerk
            .users()
            .set_profile_image("user_1", image)
            .await
            .unwrap();
        let (method, path, content_type, body) = seen.lock().unwrap().take().unwrap();
        assert_eq!(method, "POST");
        assert_eq!(path, "/v1/users/user_1/profile_image");
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let body = String::from_utf8_lossy(&body).into_owned();
        assert!(body.starts_with(&format!("--{boundary}\r\n")));
        assert!(body.contains(
            "name=\"file\"; filename=\"me.png\"\r\nContent-Type: image/png\r\n\r\n\u{FFFD}PNG\r\n"
        ));
    }

    #[tokio::test]
    async fn factor_and_identification_removals_use_delete() {
        let Fake { clerk, seen } = fake(200, r#"{"user_id":"user_1"}"#);
        let users = clerk.users();
        assert_eq!(
            users
                .disable_mfa("user_1")
                .await
                .unwrap()
                .user_id
                .as_deref(),
            Some("user_1")
        );
        users.delete_backup_codes("user_1").await.unwrap();
        users.delete_totp("user_1").await.unwrap();
        let Fake {
            clerk,
            seen: deleted,
        } = fake(200, r#"{"object":"passkey","id":"idn_1","deleted":true}"#);
        let users = clerk.users();
        users.delete_passkey("user_1", "idn_1").await.unwrap();
        users.delete_web3_wallet("user_1", "idn/2").await.unwrap();
        users
            .delete_external_account("user_1", "eac_3")
            .await
            .unwrap();
        users.delete_profile_image("user_1").await.ok();
        let paths: Vec<(String, String)> = seen
            .all()
            .into_iter()
            .chain(deleted.all())
            .map(|s| (s.method, s.path))
            .collect();
        let want = [
            "/v1/users/user_1/mfa",
            "/v1/users/user_1/backup_code",
            "/v1/users/user_1/totp",
            "/v1/users/user_1/passkeys/idn_1",
            "/v1/users/user_1/web3_wallets/idn%2F2",
            "/v1/users/user_1/external_accounts/eac_3",
            "/v1/users/user_1/profile_image",
        ];
        assert_eq!(
            paths,
            want.iter()
                .map(|p| ("DELETE".to_owned(), (*p).to_owned()))
                .collect::<Vec<_>>()
        );
    }

    #[tokio::test]
    async fn totp_and_password_operations() {
        let Fake { clerk, seen } = fake(200, r#"{"verified":true,"code_type":"backup_code"}"#);
        let v = clerk.users().verify_totp("user_1", "123456").await.unwrap();
        assert!(v.verified);
        assert_eq!(v.code_type, Some(TotpCodeType::BackupCode));
        assert_eq!(seen.only().body, Some(json!({"code": "123456"})));

        let Fake { clerk, seen } = fake(200, MINIMAL_USER);
        let users = clerk.users();
        users
            .remove_password("user_1", &RemovePassword::new())
            .await
            .unwrap();
        users
            .set_password_compromised(
                "user_1",
                &SetPasswordCompromised::new().revoke_all_sessions(true),
            )
            .await
            .unwrap();
        users.unset_password_compromised("user_1").await.unwrap();
        let reqs: Vec<(String, String, Option<serde_json::Value>)> = seen
            .all()
            .into_iter()
            .map(|s| (s.method, s.path, s.body))
            .collect();
        assert_eq!(
            reqs,
            [
                (
                    "POST".into(),
                    "/v1/users/user_1/remove_password".into(),
                    Some(json!({}))
                ),
                (
                    "POST".into(),
                    "/v1/users/user_1/password/set_compromised".into(),
                    Some(json!({"revoke_all_sessions": true}))
                ),
                (
                    "POST".into(),
                    "/v1/users/user_1/password/unset_compromised".into(),
                    None
                ),
            ]
        );
    }

    #[tokio::test]
    async fn oauth_access_tokens_are_listed_and_hidden_in_debug() {
        let Fake { clerk, seen } = fake(
            200,
            r#"[{"object":"oauth_access_token","external_account_id":"eac_1",
                "provider_user_id":"g1","token":"ya29.secret","expires_at":null,
                "provider":"oauth_google","public_metadata":{},"label":null,
                "scopes":["email"],"id_token":"eyJ.secret"}]"#,
        );
        let tokens = clerk
            .users()
            .list_oauth_access_tokens(
                "user_1",
                "oauth_google",
                &ListOAuthAccessTokens::new().paginated(true).limit(5),
            )
            .await
            .unwrap();
        assert_eq!(tokens[0].token, "ya29.secret");
        let shown = format!("{tokens:?}");
        assert!(!shown.contains("ya29") && !shown.contains("eyJ"), "{shown}");
        let req = seen.only();
        assert_eq!(
            req.path,
            "/v1/users/user_1/oauth_access_tokens/oauth_google"
        );
        assert_eq!(req.query, "paginated=true&limit=5");
    }

    #[tokio::test]
    async fn trusted_devices_are_listed_and_revoked() {
        const DEVICE: &str = r#"{"object":"trusted_device","id":"td_1","platform":"ios",
            "app_identifier":"com.example.app","name":null,"algorithm":"ES256",
            "status":"active","created_at":1,"updated_at":2,"last_used_at":null}"#;
        let Fake { clerk, seen } = fake(200, &format!(r#"{{"data":[{DEVICE}],"total_count":1}}"#));
        let devices = clerk.users().list_trusted_devices("user_1").await.unwrap();
        assert_eq!(devices.total_count, Some(1));
        assert_eq!(devices[0].platform, TrustedDevicePlatform::Ios);
        assert_eq!(seen.only().path, "/v1/users/user_1/trusted_devices");

        let Fake { clerk, seen } = fake(200, &DEVICE.replace("active", "revoked"));
        let device = clerk
            .users()
            .revoke_trusted_device("user_1", "td_1")
            .await
            .unwrap();
        assert_eq!(device.status, TrustedDeviceStatus::Revoked);
        let req = seen.only();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("DELETE", "/v1/users/user_1/trusted_devices/td_1")
        );
    }

    #[tokio::test]
    async fn organization_memberships_and_invitations_of_a_user() {
        let Fake { clerk, seen } = fake(200, r#"{"data":[],"total_count":0}"#);
        let users = clerk.users();
        let memberships = users
            .list_organization_memberships(
                "user_1",
                &ListUserOrganizationMemberships::new().limit(20).offset(40),
            )
            .await
            .unwrap();
        assert!(memberships.is_empty());
        users
            .list_organization_invitations(
                "user_1",
                &ListUserOrganizationInvitations::new().status(InvitationStatus::Pending),
            )
            .await
            .unwrap();
        let reqs = seen.all();
        assert_eq!(reqs[0].path, "/v1/users/user_1/organization_memberships");
        assert_eq!(reqs[0].query, "limit=20&offset=40");
        assert_eq!(reqs[1].path, "/v1/users/user_1/organization_invitations");
        assert_eq!(reqs[1].query, "status=pending");
    }

    #[tokio::test]
    async fn billing_paths_of_a_user() {
        use crate::resources::billing::CreditAdjustmentAction;

        let Fake { clerk, seen } = fake(500, "");
        let users = clerk.users();
        users.billing_subscription("user_1").await.unwrap_err();
        users.billing_credit_balance("user_1").await.unwrap_err();
        users
            .adjust_billing_credit_balance(
                "user_1",
                &AdjustCreditBalance::new(500, CreditAdjustmentAction::Increase, "idem_1"),
            )
            .await
            .unwrap_err();
        let got: Vec<(String, String, Option<serde_json::Value>)> = seen
            .all()
            .into_iter()
            .map(|s| (s.method, s.path, s.body))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "GET".into(),
                    "/v1/users/user_1/billing/subscription".into(),
                    None
                ),
                (
                    "GET".into(),
                    "/v1/users/user_1/billing/credits".into(),
                    None
                ),
                (
                    "POST".into(),
                    "/v1/users/user_1/billing/credits".into(),
                    Some(json!({"amount": 500, "action": "increase", "idempotency_key": "idem_1"}))
                ),
            ]
        );
    }
}
