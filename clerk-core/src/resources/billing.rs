//! Billing: plans, prices, subscription items, discounts and statements of Clerk Billing (the
//! spec's `Billing` tag).
//!
//! The spec describes some objects in two slightly different shapes depending on the endpoint
//! (`CommercePlan` and `CommercePlan-2`, `CommerceSubscriptionItem` and
//! `CommerceSubscriptionItem-2`, …); each is one model here, holding the fields of both, with the
//! fields only one shape has as `Option` or empty.

use serde::{Deserialize, Serialize};

use crate::resources::common::null_default;
use crate::{ApiRequest, PageRequest, Result, encode_segment};

/// An amount of money: `CommerceMoneyResponse` in the spec.
///
/// Some webhook payloads give an amount as a bare number of cents (`"lifetime_paid": 3000`); it
/// decodes with only [`amount`](Self::amount) set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "MoneyRepr")]
#[non_exhaustive]
pub struct Money {
    /// The amount in the currency's smallest unit (cents for USD).
    #[serde(default, deserialize_with = "null_default")]
    pub amount: i64,
    /// The amount formatted for display, such as `10.00`.
    #[serde(default, deserialize_with = "null_default")]
    pub amount_formatted: String,
    /// The ISO 4217 currency code, such as `USD`.
    #[serde(default, deserialize_with = "null_default")]
    pub currency: String,
    /// The currency symbol, such as `$`.
    #[serde(default, deserialize_with = "null_default")]
    pub currency_symbol: String,
}

/// What [`Money`] decodes from: an amount object, or a bare number of cents.
#[derive(Deserialize)]
#[serde(untagged)]
enum MoneyRepr {
    Cents(i64),
    Object {
        #[serde(default, deserialize_with = "null_default")]
        amount: i64,
        #[serde(default, deserialize_with = "null_default")]
        amount_formatted: String,
        #[serde(default, deserialize_with = "null_default")]
        currency: String,
        #[serde(default, deserialize_with = "null_default")]
        currency_symbol: String,
    },
}

impl From<MoneyRepr> for Money {
    fn from(repr: MoneyRepr) -> Self {
        match repr {
            MoneyRepr::Cents(amount) => Self {
                amount,
                ..Self::default()
            },
            MoneyRepr::Object {
                amount,
                amount_formatted,
                currency,
                currency_symbol,
            } => Self {
                amount,
                amount_formatted,
                currency,
                currency_symbol,
            },
        }
    }
}

crate::string_enum! {
    /// Who pays for a plan.
    pub enum PayerType {
        /// A user.
        User = "user",
        /// An organization.
        Org = "org",
    }
}

crate::string_enum! {
    /// The billing period of a subscription item.
    pub enum PlanPeriod {
        /// Billed monthly.
        Month = "month",
        /// Billed yearly.
        Annual = "annual",
    }
}

crate::string_enum! {
    /// The billing periods a price supports.
    pub enum BillingPeriods {
        /// Monthly only.
        Month = "month",
        /// Yearly only.
        Annual = "annual",
        /// Monthly and yearly.
        Both = "both",
    }
}

/// A plan: `CommercePlan` (and `CommercePlan-2`) in the spec.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BillingPlan {
    /// Always `commerce_plan`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The plan id.
    pub id: String,
    /// The plan's name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// A description.
    #[serde(default)]
    pub description: Option<String>,
    /// The monthly fee.
    #[serde(default)]
    pub fee: Option<Money>,
    /// The monthly fee when billed yearly.
    #[serde(default)]
    pub annual_monthly_fee: Option<Money>,
    /// The yearly fee.
    #[serde(default)]
    pub annual_fee: Option<Money>,
    /// Deprecated by Clerk: the product the plan belongs to.
    #[serde(default)]
    pub product_id: Option<String>,
    /// Whether this is the default plan.
    #[serde(default, deserialize_with = "null_default")]
    pub is_default: bool,
    /// Whether the plan bills repeatedly.
    #[serde(default, deserialize_with = "null_default")]
    pub is_recurring: bool,
    /// Whether the plan shows in the pricing table.
    #[serde(default, deserialize_with = "null_default")]
    pub publicly_visible: bool,
    /// Whether the plan has a base fee.
    #[serde(default, deserialize_with = "null_default")]
    pub has_base_fee: bool,
    /// Who pays for the plan: `user` or `org`.
    #[serde(default, deserialize_with = "null_default")]
    pub for_payer_type: String,
    /// The plan's slug.
    #[serde(default, deserialize_with = "null_default")]
    pub slug: String,
    /// The plan's image.
    #[serde(default)]
    pub avatar_url: Option<String>,
    /// The features the plan grants.
    #[serde(default, deserialize_with = "null_default")]
    pub features: Vec<BillingFeature>,
    /// Whether the plan starts with a free trial.
    #[serde(default, deserialize_with = "null_default")]
    pub free_trial_enabled: bool,
    /// The length of the free trial, in days.
    #[serde(default)]
    pub free_trial_days: Option<i64>,
    /// Per-unit prices (such as seats).
    #[serde(default, deserialize_with = "null_default")]
    pub unit_prices: Vec<PlanUnitPrice>,
    /// The monthly amount in the smallest currency unit (some endpoints only).
    #[serde(default)]
    pub amount: Option<i64>,
    /// The monthly amount, formatted (some endpoints only).
    #[serde(default)]
    pub amount_formatted: Option<String>,
    /// The monthly amount when billed yearly (some endpoints only).
    #[serde(default)]
    pub annual_monthly_amount: Option<i64>,
    /// The monthly amount when billed yearly, formatted (some endpoints only).
    #[serde(default)]
    pub annual_monthly_amount_formatted: Option<String>,
    /// The yearly amount (some endpoints only).
    #[serde(default)]
    pub annual_amount: Option<i64>,
    /// The yearly amount, formatted (some endpoints only).
    #[serde(default)]
    pub annual_amount_formatted: Option<String>,
    /// The currency symbol (some endpoints only).
    #[serde(default)]
    pub currency_symbol: Option<String>,
    /// The currency (some endpoints only).
    #[serde(default)]
    pub currency: Option<String>,
    /// Who may pay for the plan (some endpoints only).
    #[serde(default, deserialize_with = "null_default")]
    pub payer_type: Vec<String>,
    /// The billing period (some endpoints only).
    #[serde(default)]
    pub period: Option<String>,
    /// The number of periods per charge (some endpoints only).
    #[serde(default)]
    pub interval: Option<i64>,
}

/// A feature granted by a plan: `FeatureResponse` in the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BillingFeature {
    /// Always `feature`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The feature id.
    pub id: String,
    /// The feature's name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// A description.
    #[serde(default)]
    pub description: Option<String>,
    /// The feature's slug (the key `has({ feature })` checks).
    #[serde(default, deserialize_with = "null_default")]
    pub slug: String,
    /// The feature's image.
    #[serde(default)]
    pub avatar_url: Option<String>,
}

/// A per-unit price of a plan: `CommercePlanUnitPrice` in the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlanUnitPrice {
    /// The unit, such as `seats`.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// How many units one block holds.
    #[serde(default, deserialize_with = "null_default")]
    pub block_size: i64,
    /// The price tiers.
    #[serde(default, deserialize_with = "null_default")]
    pub tiers: Vec<PlanUnitPriceTier>,
}

/// A tier of a [`PlanUnitPrice`]: `CommercePlanUnitPriceTier` in the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlanUnitPriceTier {
    /// The first block of the tier.
    #[serde(default, deserialize_with = "null_default")]
    pub starts_at_block: i64,
    /// The last block of the tier; `None` for the open-ended last tier.
    #[serde(default)]
    pub ends_after_block: Option<i64>,
    /// The fee per block in this tier.
    #[serde(default, deserialize_with = "null_default")]
    pub fee_per_block: Money,
}

/// A price of a plan: `BillingPriceResponse` in the spec.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BillingPrice {
    /// Always `commerce_price`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The price id.
    pub id: String,
    /// The plan the price belongs to.
    #[serde(default, deserialize_with = "null_default")]
    pub plan_id: String,
    /// The instance.
    #[serde(default, deserialize_with = "null_default")]
    pub instance_id: String,
    /// The currency, such as `USD`.
    #[serde(default, deserialize_with = "null_default")]
    pub currency: String,
    /// The currency symbol.
    #[serde(default, deserialize_with = "null_default")]
    pub currency_symbol: String,
    /// The monthly amount in the smallest currency unit.
    #[serde(default, deserialize_with = "null_default")]
    pub amount: i64,
    /// The monthly amount when billed yearly.
    #[serde(default, deserialize_with = "null_default")]
    pub annual_monthly_amount: i64,
    /// The monthly fee.
    #[serde(default)]
    pub fee: Option<Money>,
    /// The monthly fee when billed yearly.
    #[serde(default)]
    pub annual_monthly_fee: Option<Money>,
    /// Whether this is the plan's default price.
    #[serde(default, deserialize_with = "null_default")]
    pub is_default: bool,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// The billing periods the price supports.
    #[serde(default, deserialize_with = "null_default")]
    pub supported_billing_periods: BillingPeriods,
}

crate::string_enum! {
    /// The state of a [`SubscriptionItem`].
    pub enum SubscriptionItemStatus {
        /// Paid and running.
        Active = "active",
        /// Canceled; runs until the end of the period.
        Canceled = "canceled",
        /// Past its end.
        Expired = "expired",
        /// Ended.
        Ended = "ended",
        /// A payment failed.
        PastDue = "past_due",
        /// Starts at the next period.
        Upcoming = "upcoming",
        /// Not completed at checkout.
        Incomplete = "incomplete",
        /// Abandoned at checkout.
        Abandoned = "abandoned",
        /// In a free trial (a filter of [`ListSubscriptionItems`]).
        FreeTrial = "free_trial",
    }
}

/// A subscription to one plan: `CommerceSubscriptionItem` (and `CommerceSubscriptionItem-2`) in
/// the spec.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SubscriptionItem {
    /// Always `commerce_subscription_item`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The subscription item id.
    pub id: String,
    /// The instance.
    #[serde(default, deserialize_with = "null_default")]
    pub instance_id: String,
    /// The item's state.
    #[serde(default, deserialize_with = "null_default")]
    pub status: SubscriptionItemStatus,
    /// The plan subscribed to.
    #[serde(default)]
    pub plan_id: Option<String>,
    /// The price subscribed at.
    #[serde(default)]
    pub price_id: Option<String>,
    /// The plan subscribed to, when included.
    #[serde(default)]
    pub plan: Option<BillingPlan>,
    /// The billing period.
    #[serde(default, deserialize_with = "null_default")]
    pub plan_period: PlanPeriod,
    /// Credit from a proration.
    #[serde(default)]
    pub credit: Option<SubscriptionCredit>,
    /// Credits applied.
    #[serde(default)]
    pub credits: Option<Credits>,
    /// The payment method, when included.
    #[serde(default)]
    pub payment_method: Option<PaymentMethod>,
    /// The payment source id (some endpoints only).
    #[serde(default)]
    pub payment_source_id: Option<String>,
    /// The payment source (some endpoints only).
    #[serde(default)]
    pub payment_source: Option<PaymentMethod>,
    /// The total paid so far.
    #[serde(default)]
    pub lifetime_paid: Option<Money>,
    /// The amount per period (some endpoints only).
    #[serde(default)]
    pub amount: Option<Money>,
    /// The next invoice (some endpoints only).
    #[serde(default)]
    pub next_invoice: Option<NextPayment>,
    /// The next payment.
    #[serde(default)]
    pub next_payment: Option<NextPayment>,
    /// The payer.
    #[serde(default, deserialize_with = "null_default")]
    pub payer_id: String,
    /// The payer, when included.
    #[serde(default)]
    pub payer: Option<BillingPayer>,
    /// Whether the item is in a free trial.
    #[serde(default, deserialize_with = "null_default")]
    pub is_free_trial: bool,
    /// Start of the current period, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub period_start: Option<i64>,
    /// End of the current period, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub period_end: Option<i64>,
    /// The proration date, as Clerk formats it.
    #[serde(default)]
    pub proration_date: Option<String>,
    /// Cancellation, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub canceled_at: Option<i64>,
    /// When a payment failed, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub past_due_at: Option<i64>,
    /// End, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub ended_at: Option<i64>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub updated_at: Option<i64>,
    /// Seats, for per-seat plans.
    #[serde(default)]
    pub seats: Option<Seats>,
    /// Totals of the current period.
    #[serde(default)]
    pub totals: Option<Totals>,
}

/// Credit from a proration: `CommerceSubscriptionCreditResponse` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SubscriptionCredit {
    /// The credited amount.
    #[serde(default)]
    pub amount: Option<Money>,
    /// The share of the cycle left, in percent.
    #[serde(default)]
    pub cycle_remaining_percent: Option<f64>,
}

/// Credits applied to a charge: `CommerceCreditsResponse` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Credits {
    /// Credit from prorating the previous plan.
    #[serde(default)]
    pub proration: Option<ProrationCredit>,
    /// Credit from the payer's balance.
    #[serde(default)]
    pub payer: Option<PayerCredit>,
    /// The total credited.
    #[serde(default, deserialize_with = "null_default")]
    pub total: Money,
}

/// Credit from prorating a plan: `CommerceProrationCreditDetailResponse` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProrationCredit {
    /// The credited amount.
    #[serde(default, deserialize_with = "null_default")]
    pub amount: Money,
    /// Days left in the cycle.
    #[serde(default, deserialize_with = "null_default")]
    pub cycle_days_remaining: i64,
    /// Days in the cycle.
    #[serde(default, deserialize_with = "null_default")]
    pub cycle_days_total: i64,
    /// The share of the cycle left, in percent.
    #[serde(default, deserialize_with = "null_default")]
    pub cycle_remaining_percent: f64,
}

/// Credit from the payer's balance: `CommercePayerCreditResponse` in the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PayerCredit {
    /// The balance left after this charge.
    #[serde(default, deserialize_with = "null_default")]
    pub remaining_balance: Money,
    /// The amount applied to this charge.
    #[serde(default, deserialize_with = "null_default")]
    pub applied_amount: Money,
}

/// The totals of a charge: `CommerceTotalsResponse` (and `-2`) in the spec.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Totals {
    /// Before tax, credits and discounts.
    #[serde(default, deserialize_with = "null_default")]
    pub subtotal: Money,
    /// The base fee.
    #[serde(default, deserialize_with = "null_default")]
    pub base_fee: Money,
    /// Tax.
    #[serde(default, deserialize_with = "null_default")]
    pub tax_total: Money,
    /// The amount charged.
    #[serde(default, deserialize_with = "null_default")]
    pub grand_total: Money,
    /// Per-unit charges (such as seats).
    #[serde(default, deserialize_with = "null_default")]
    pub per_unit_totals: Vec<PerUnitTotal>,
    /// Credits applied.
    #[serde(default)]
    pub credits: Option<Credits>,
    /// Discounts applied.
    #[serde(default)]
    pub discounts: Option<Discounts>,
}

/// Discounts applied to a charge: `CommerceDiscountsResponse` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Discounts {
    /// The discount from prorating.
    #[serde(default)]
    pub proration: Option<ProrationDiscount>,
    /// The total discount.
    #[serde(default, deserialize_with = "null_default")]
    pub total: Money,
}

/// A discount from prorating: `CommerceProrationDiscountResponse` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProrationDiscount {
    /// The discounted amount.
    #[serde(default, deserialize_with = "null_default")]
    pub amount: Money,
    /// Days of the cycle passed.
    #[serde(default, deserialize_with = "null_default")]
    pub cycle_days_passed: i64,
    /// Days in the cycle.
    #[serde(default, deserialize_with = "null_default")]
    pub cycle_days_total: i64,
    /// The share of the cycle passed, in percent.
    #[serde(default, deserialize_with = "null_default")]
    pub cycle_passed_percent: f64,
}

/// A per-unit charge: `CommercePerUnitTotal` in the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PerUnitTotal {
    /// The unit, such as `seats`.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// How many units one block holds.
    #[serde(default, deserialize_with = "null_default")]
    pub block_size: i64,
    /// The charge per tier.
    #[serde(default, deserialize_with = "null_default")]
    pub tiers: Vec<PerUnitTotalTier>,
}

/// A tier of a [`PerUnitTotal`]: `CommercePerUnitTotalTier` in the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PerUnitTotalTier {
    /// The blocks charged in this tier.
    #[serde(default)]
    pub quantity: Option<i64>,
    /// The fee per block.
    #[serde(default, deserialize_with = "null_default")]
    pub fee_per_block: Money,
    /// The tier's total.
    #[serde(default, deserialize_with = "null_default")]
    pub total: Money,
}

/// The seats of a per-seat subscription: `CommerceSubscriptionItemSeatsResponse` in the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Seats {
    /// The number of seats.
    #[serde(default)]
    pub quantity: Option<i64>,
    /// The charge per tier.
    #[serde(default, deserialize_with = "null_default")]
    pub tiers: Vec<PerUnitTotalTier>,
}

/// The next payment of a subscription item: `CommerceSubscriptionItemNextPaymentResponse` in the
/// spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NextPayment {
    /// The amount.
    #[serde(default)]
    pub amount: Option<Money>,
    /// The date, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub date: Option<i64>,
    /// Per-unit charges.
    #[serde(default, deserialize_with = "null_default")]
    pub per_unit_totals: Vec<PerUnitTotal>,
    /// The totals.
    #[serde(default)]
    pub totals: Option<Totals>,
}

/// A payer (a user or an organization): `CommercePayerResponse` (and `-2`) in the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BillingPayer {
    /// Always `commerce_payer`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The payer id.
    pub id: String,
    /// The instance.
    #[serde(default, deserialize_with = "null_default")]
    pub instance_id: String,
    /// The paying user, if the payer is a user.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The user's first name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// The user's last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// The billing email address.
    #[serde(default)]
    pub email: Option<String>,
    /// The paying organization, if the payer is an organization.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// The organization's name.
    #[serde(default)]
    pub organization_name: Option<String>,
    /// The payer's image.
    #[serde(default)]
    pub image_url: Option<String>,
    /// The payer's credit balance.
    #[serde(default)]
    pub credits_balance: Option<Money>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub updated_at: Option<i64>,
}

crate::string_enum! {
    /// Whether a payment method can still be charged.
    pub enum PaymentMethodStatus {
        /// Usable.
        Active = "active",
        /// Disconnected from the gateway.
        Disconnected = "disconnected",
    }
}

/// A payment method: `CommercePaymentMethodResponse` in the spec, and its older shape
/// `CommercePaymentSourceResponse` (a "payment source", object `commerce_source`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentMethod {
    /// Always `commerce_payment_method`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The payment method id.
    pub id: String,
    /// The payer.
    #[serde(default, deserialize_with = "null_default")]
    pub payer_id: String,
    /// `card`, `link` or `payer-credits` (`payment_method` in the older shape: `card`,
    /// `apple_pay` or `google_pay`).
    #[serde(default, alias = "payment_method", deserialize_with = "null_default")]
    pub payment_type: String,
    /// Whether this is the payer's default.
    #[serde(default)]
    pub is_default: Option<bool>,
    /// The payment gateway, such as `stripe`.
    #[serde(default, deserialize_with = "null_default")]
    pub gateway: String,
    /// The id at the gateway.
    #[serde(default, deserialize_with = "null_default")]
    pub gateway_external_id: String,
    /// The account id at the gateway.
    #[serde(default)]
    pub gateway_external_account_id: Option<String>,
    /// The last four digits of a card.
    #[serde(default)]
    pub last4: Option<String>,
    /// Whether it can still be charged.
    #[serde(default, deserialize_with = "null_default")]
    pub status: PaymentMethodStatus,
    /// The wallet, such as `apple_pay`.
    #[serde(default)]
    pub wallet_type: Option<String>,
    /// The card brand.
    #[serde(default)]
    pub card_type: Option<String>,
    /// The card's expiry year.
    #[serde(default)]
    pub expiry_year: Option<i64>,
    /// The card's expiry month.
    #[serde(default)]
    pub expiry_month: Option<i64>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub updated_at: Option<i64>,
    /// Whether the payer may remove it.
    #[serde(default)]
    pub is_removable: Option<bool>,
}

crate::string_enum! {
    /// The state of a [`PaymentAttempt`].
    pub enum PaymentAttemptStatus {
        /// Not settled yet.
        Pending = "pending",
        /// Paid.
        Paid = "paid",
        /// Failed.
        Failed = "failed",
    }
}

/// A payment attempt: `BillingPaymentAttempt` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentAttempt {
    /// `commerce_payment` (`commerce_payment_attempt` in webhook payloads).
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The attempt id.
    pub id: String,
    /// The payment it belongs to.
    #[serde(default, deserialize_with = "null_default")]
    pub payment_id: String,
    /// The instance.
    #[serde(default, deserialize_with = "null_default")]
    pub instance_id: String,
    /// What the attempt pays for.
    #[serde(default, deserialize_with = "null_default")]
    pub charge_type: ChargeType,
    /// The payee.
    #[serde(default, deserialize_with = "null_default")]
    pub payee_id: String,
    /// The payee (kept as JSON).
    #[serde(default)]
    pub payee: serde_json::Value,
    /// The payer.
    #[serde(default, deserialize_with = "null_default")]
    pub payer_id: String,
    /// The payer.
    #[serde(default, deserialize_with = "null_default")]
    pub payer: BillingPayer,
    /// The subscription item charged, if any.
    #[serde(default)]
    pub subscription_item_id: Option<String>,
    /// The subscription item charged (kept as JSON: the spec leaves its shape open).
    #[serde(default)]
    pub subscription_item: Option<serde_json::Value>,
    /// The subscription items paid for (webhook payloads).
    #[serde(default, deserialize_with = "null_default")]
    pub subscription_items: Vec<SubscriptionItem>,
    /// The amount.
    #[serde(default, deserialize_with = "null_default")]
    pub amount: Money,
    /// The totals.
    #[serde(default)]
    pub totals: Option<Totals>,
    /// The payment method charged.
    #[serde(default, deserialize_with = "null_default")]
    pub payment_method_id: String,
    /// The payment method charged.
    #[serde(default, deserialize_with = "null_default")]
    pub payment_method: PaymentMethod,
    /// The payment method charged, in its older shape (webhook payloads).
    #[serde(default)]
    pub payment_source: Option<PaymentMethod>,
    /// The statement the attempt appears on.
    #[serde(default, deserialize_with = "null_default")]
    pub statement_id: String,
    /// The id at the gateway.
    #[serde(default)]
    pub gateway_external_id: Option<String>,
    /// A link to the payment at the gateway.
    #[serde(default)]
    pub gateway_external_url: Option<String>,
    /// The attempt's state.
    #[serde(default, deserialize_with = "null_default")]
    pub status: PaymentAttemptStatus,
    /// Payment, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub paid_at: Option<i64>,
    /// Failure, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub failed_at: Option<i64>,
    /// Why the attempt failed, for failed attempts (webhook payloads).
    #[serde(default)]
    pub failed_reason: Option<PaymentFailure>,
    /// The billing date, in milliseconds since the Unix epoch (webhook payloads).
    #[serde(default)]
    pub billing_date: Option<i64>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

crate::string_enum! {
    /// What a [`PaymentAttempt`] pays for.
    pub enum ChargeType {
        /// A checkout: a new subscription or a plan change.
        Checkout = "checkout",
        /// A renewal.
        Recurring = "recurring",
    }
}

/// Why a [`PaymentAttempt`] failed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentFailure {
    /// The failure code, such as `card_declined`.
    #[serde(default)]
    pub code: Option<String>,
    /// The card issuer's decline code, such as `insufficient_funds`.
    #[serde(default)]
    pub decline_code: Option<String>,
}

crate::string_enum! {
    /// The state of a [`BillingStatement`].
    pub enum StatementStatus {
        /// Still collecting charges.
        Open = "open",
        /// Closed.
        Closed = "closed",
    }
}

/// A billing statement: `BillingStatement` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BillingStatement {
    /// Always `commerce_statement`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The statement id.
    pub id: String,
    /// The instance.
    #[serde(default, deserialize_with = "null_default")]
    pub instance_id: String,
    /// The statement date, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub timestamp: i64,
    /// The payer.
    #[serde(default, deserialize_with = "null_default")]
    pub payer: BillingPayer,
    /// The statement's state.
    #[serde(default, deserialize_with = "null_default")]
    pub status: StatementStatus,
    /// The totals.
    #[serde(default, deserialize_with = "null_default")]
    pub totals: Totals,
    /// The payment attempts, grouped by date.
    #[serde(default, deserialize_with = "null_default")]
    pub groups: Vec<StatementGroup>,
}

/// A group of payment attempts of one date on a [`BillingStatement`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StatementGroup {
    /// Always `commerce_statement_group`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The group date, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub timestamp: i64,
    /// The payment attempts.
    #[serde(default, deserialize_with = "null_default")]
    pub items: Vec<PaymentAttempt>,
}

crate::string_enum! {
    /// Where a discount came from.
    pub enum DiscountSource {
        /// A promotion.
        Promotion = "promotion",
        /// Applied through the Backend API or the Dashboard.
        Manual = "manual",
        /// A promo code.
        PromoCode = "promo_code",
    }
}

crate::string_enum! {
    /// How a discount reduces the price.
    pub enum DiscountEffect {
        /// A percentage off.
        Percentage = "percentage",
        /// A fixed amount off.
        FixedAmount = "fixed_amount",
    }
}

crate::string_enum! {
    /// The state of a [`DiscountRedemption`].
    pub enum DiscountRedemptionStatus {
        /// Applies to coming charges.
        Active = "active",
        /// All its cycles are used.
        Exhausted = "exhausted",
        /// Removed.
        Removed = "removed",
    }
}

/// A discount applied to a subscription item: `CommerceDiscountRedemptionResponse` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DiscountRedemption {
    /// Always `commerce_discount_redemption`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The redemption id.
    pub id: String,
    /// The subscription item discounted.
    #[serde(default, deserialize_with = "null_default")]
    pub subscription_item_id: String,
    /// The discount.
    #[serde(default, deserialize_with = "null_default")]
    pub discount_id: String,
    /// The discount's name.
    #[serde(default)]
    pub name: Option<String>,
    /// Where the discount came from.
    #[serde(default, deserialize_with = "null_default")]
    pub source: DiscountSource,
    /// The promo code used, if any.
    #[serde(default)]
    pub promo_code: Option<String>,
    /// How the discount reduces the price.
    #[serde(default)]
    pub effect: Option<DiscountEffect>,
    /// The percentage off.
    #[serde(default)]
    pub percent_off: Option<f64>,
    /// The fixed amount off.
    #[serde(default)]
    pub amount_off: Option<Money>,
    /// The amount discounted so far.
    #[serde(default)]
    pub amount: Option<Money>,
    /// Billing cycles left; `None` for a discount without a limit.
    #[serde(default)]
    pub cycles_remaining: Option<i64>,
    /// Billing cycles discounted so far.
    #[serde(default, deserialize_with = "null_default")]
    pub cycles_applied: i64,
    /// The redemption's state.
    #[serde(default)]
    pub status: Option<DiscountRedemptionStatus>,
    /// Redemption, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub redeemed_at: i64,
    /// Who redeemed it.
    #[serde(default)]
    pub redeemed_by: Option<String>,
}

crate::string_enum! {
    /// When a price transition takes effect.
    pub enum EffectiveMode {
        /// At once.
        Immediate = "immediate",
        /// At the end of the current period.
        EndOfPeriod = "end_of_period",
    }
}

/// The answer to [`Billing::create_price_transition`]: `CommercePriceTransitionResponse` in the
/// spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PriceTransition {
    /// Always `commerce_price_transition`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The new subscription item.
    #[serde(default, deserialize_with = "null_default")]
    pub subscription_item: SubscriptionItem,
    /// What changed.
    #[serde(default, deserialize_with = "null_default")]
    pub transition: PriceTransitionDetails,
}

/// What a price transition changed: `CommercePriceTransitionDetails` in the spec.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PriceTransitionDetails {
    /// The plan before.
    #[serde(default, deserialize_with = "null_default")]
    pub previous_plan: BillingPlan,
    /// The price before.
    #[serde(default, deserialize_with = "null_default")]
    pub previous_price: BillingPrice,
    /// When the transition takes effect, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub effective_at: i64,
    /// When the transition takes effect.
    #[serde(default, deserialize_with = "null_default")]
    pub effective_mode: EffectiveMode,
    /// The next billing date, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub next_billing_date: Option<i64>,
    /// Whether the payer was charged at once.
    #[serde(default, deserialize_with = "null_default")]
    pub charged_immediately: bool,
    /// The immediate charge, if any.
    #[serde(default)]
    pub immediate_charge: Option<Money>,
    /// The state of the previous subscription item: `canceled`, `ended` or `abandoned`.
    #[serde(default, deserialize_with = "null_default")]
    pub previous_subscription_item_status: String,
    /// The previous subscription item.
    #[serde(default, deserialize_with = "null_default")]
    pub previous_subscription_item_id: String,
}

crate::string_enum! {
    /// The state of a [`BillingSubscription`].
    pub enum BillingSubscriptionStatus {
        /// Paid and running.
        Active = "active",
        /// A payment failed.
        PastDue = "past_due",
        /// Canceled.
        Canceled = "canceled",
        /// Ended.
        Ended = "ended",
        /// Abandoned at checkout.
        Abandoned = "abandoned",
        /// Not completed at checkout.
        Incomplete = "incomplete",
    }
}

/// The billing subscription of a payer (an organization or a user): `CommerceSubscription` in
/// the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BillingSubscription {
    /// Always `commerce_subscription`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The subscription id.
    pub id: String,
    /// The instance.
    #[serde(default, deserialize_with = "null_default")]
    pub instance_id: String,
    /// Its state.
    #[serde(default, deserialize_with = "null_default")]
    pub status: BillingSubscriptionStatus,
    /// The payer.
    #[serde(default, deserialize_with = "null_default")]
    pub payer_id: String,
    /// The payer, when included (webhook payloads).
    #[serde(default)]
    pub payer: Option<BillingPayer>,
    /// Its items, one per plan subscribed to (`items` in webhook payloads).
    #[serde(default, alias = "items", deserialize_with = "null_default")]
    pub subscription_items: Vec<SubscriptionItem>,
    /// The next scheduled payment.
    #[serde(default)]
    pub next_payment: Option<NextPayment>,
    /// Whether the payer may still start a free trial.
    #[serde(default)]
    pub eligible_for_free_trial: Option<bool>,
    /// When it became active, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub active_at: Option<i64>,
    /// When it became past due, in milliseconds since the Unix epoch.
    #[serde(default)]
    pub past_due_at: Option<i64>,
    /// When it was canceled, in milliseconds since the Unix epoch (webhook payloads).
    #[serde(default)]
    pub canceled_at: Option<i64>,
    /// When it ended, in milliseconds since the Unix epoch (webhook payloads).
    #[serde(default)]
    pub ended_at: Option<i64>,
    /// The latest payment (webhook payloads).
    #[serde(default)]
    pub latest_payment_id: Option<String>,
    /// The payment method (webhook payloads).
    #[serde(default)]
    pub payment_source_id: Option<String>,
    /// Creation, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Last update, in milliseconds since the Unix epoch.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
}

/// The credit balance of a payer: `CommerceCreditBalanceResponse` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreditBalance {
    /// Always `commerce_credit_balance`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The balance; `None` when the payer never had credits.
    #[serde(default)]
    pub balance: Option<Money>,
}

/// One change of a credit balance: `CommerceCreditLedgerResponse` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreditLedgerEntry {
    /// Always `commerce_credit_ledger`.
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The ledger entry id.
    pub id: String,
    /// The payer whose balance changed.
    #[serde(default, deserialize_with = "null_default")]
    pub payer_id: String,
    /// The change: positive for increases, negative for decreases.
    #[serde(default, deserialize_with = "null_default")]
    pub amount: Money,
    /// What made the change, such as `grant`.
    #[serde(default, deserialize_with = "null_default")]
    pub source_type: String,
    /// The id of what made the change.
    #[serde(default, deserialize_with = "null_default")]
    pub source_id: String,
    /// The note attached.
    #[serde(default)]
    pub note: Option<String>,
    /// Creation, as an RFC 3339 date-time.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: String,
}

crate::string_enum! {
    /// The direction of an [`AdjustCreditBalance`].
    pub enum CreditAdjustmentAction {
        /// Add credits.
        Increase = "increase",
        /// Remove credits.
        Decrease = "decrease",
    }
}

/// The body of
/// [`Organizations::adjust_billing_credit_balance`](crate::resources::organizations::Organizations::adjust_billing_credit_balance)
/// and [`Users::adjust_billing_credit_balance`](crate::resources::users::Users::adjust_billing_credit_balance)
/// (`AdjustOrganizationBillingCreditBalance`, `AdjustUserBillingCreditBalance`):
/// `AdjustCreditBalanceRequest` in the spec.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct AdjustCreditBalance {
    /// The amount in cents, greater than zero.
    pub amount: i64,
    /// Whether to add or remove it.
    pub action: CreditAdjustmentAction,
    /// The currency code. Defaults to `USD` on the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// A key unique to this adjustment: repeating a request with it returns the first ledger
    /// entry instead of adjusting again.
    pub idempotency_key: String,
    /// A note for the ledger entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl AdjustCreditBalance {
    /// Adjusts by `amount` cents in the direction of `action`, once per `idempotency_key`.
    pub fn new(
        amount: i64,
        action: CreditAdjustmentAction,
        idempotency_key: impl Into<String>,
    ) -> Self {
        Self {
            amount,
            action,
            currency: None,
            idempotency_key: idempotency_key.into(),
            note: None,
        }
    }

    setters!(currency: String, note: String);
}

/// Query parameters of [`Billing::list_plans`] (`GetCommercePlanList`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListPlans {
    /// Asks for a `{data, total_count}` answer.
    pub paginated: Option<bool>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many plans to skip.
    pub offset: Option<u32>,
    /// Only plans for this kind of payer.
    pub payer_type: Option<PayerType>,
}

impl ListPlans {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(; paginated: bool);
    paging_setters!();

    setters!(; payer_type: PayerType);
}

/// Query parameters of [`Billing::list_prices`] (`GetBillingPriceList`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListPrices {
    /// Asks for a `{data, total_count}` answer.
    pub paginated: Option<bool>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many prices to skip.
    pub offset: Option<u32>,
    /// Only prices of this plan.
    pub plan_id: Option<String>,
}

impl ListPrices {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(; paginated: bool);
    paging_setters!();

    setters!(plan_id: String);
}

/// The body of [`Billing::create_price`] (`CreateBillingPrice`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreatePrice {
    /// The plan the price belongs to.
    pub plan_id: String,
    /// The currency; `USD` on the server when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The monthly amount in the smallest currency unit (always sent; `null` when `None`).
    pub amount: Option<i64>,
    /// The monthly amount when billed yearly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annual_monthly_amount: Option<i64>,
    /// The billing periods the price supports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supported_billing_periods: Option<BillingPeriods>,
}

impl CreatePrice {
    /// A price of `amount` (smallest currency unit, per month) for plan `plan_id`.
    pub fn new(plan_id: impl Into<String>, amount: i64) -> Self {
        Self {
            plan_id: plan_id.into(),
            amount: Some(amount),
            ..Self::default()
        }
    }

    setters!(
        currency: String;
        annual_monthly_amount: i64,
        supported_billing_periods: BillingPeriods,
    );
}

/// Query parameters of [`Billing::list_subscription_items`]
/// (`GetCommerceSubscriptionItemList`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListSubscriptionItems {
    /// Asks for a `{data, total_count}` answer.
    pub paginated: Option<bool>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many items to skip.
    pub offset: Option<u32>,
    /// Only items in this state: `active`, `ended`, `past_due`, `upcoming` or `free_trial`.
    pub status: Option<SubscriptionItemStatus>,
    /// Only items of this kind of payer.
    pub payer_type: Option<PayerType>,
    /// Only items of this plan.
    pub plan_id: Option<String>,
    /// Include items of free plans (`false` on the server when absent).
    pub include_free: Option<bool>,
    /// A search over the payers.
    pub query: Option<String>,
}

impl ListSubscriptionItems {
    /// No filter: the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(; paginated: bool);
    paging_setters!();

    setters!(
        plan_id: String,
        query: String;
        status: SubscriptionItemStatus,
        payer_type: PayerType,
        include_free: bool,
    );
}

/// Query parameters of [`Billing::cancel_subscription_item`]
/// (`CancelCommerceSubscriptionItem`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CancelSubscriptionItem {
    /// End the item at once instead of at the end of the period.
    pub end_now: Option<bool>,
}

impl CancelSubscriptionItem {
    /// Cancels at the end of the period.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(; end_now: bool);
}

/// The body of [`Billing::create_price_transition`] (`CreateBillingPriceTransition`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CreatePriceTransition {
    /// The current price.
    pub from_price_id: String,
    /// The new price.
    pub to_price_id: String,
}

impl CreatePriceTransition {
    /// A move from price `from_price_id` to price `to_price_id`.
    pub fn new(from_price_id: impl Into<String>, to_price_id: impl Into<String>) -> Self {
        Self {
            from_price_id: from_price_id.into(),
            to_price_id: to_price_id.into(),
        }
    }
}

/// Query parameters of [`Billing::list_statements`] (`GetBillingStatementList`) and
/// [`Billing::list_statement_payment_attempts`] (`GetBillingStatementPaymentAttempts`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListBillingPage {
    /// Asks for a `{data, total_count}` answer.
    pub paginated: Option<bool>,
    /// Page size, 1 to 500. Defaults to 10 on the server.
    pub limit: Option<u32>,
    /// How many items to skip.
    pub offset: Option<u32>,
}

impl ListBillingPage {
    /// The server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(; paginated: bool);
    paging_setters!();
}

#[derive(Serialize)]
struct ExtendFreeTrialBody<'a> {
    extend_to: &'a str,
}

#[derive(Serialize)]
struct ApplyDiscountBody<'a> {
    discount_id: &'a str,
}

sub_api!(Billing, billing);

fn item_path(subscription_item_id: &str, rest: &str) -> String {
    format!(
        "/billing/subscription_items/{}{rest}",
        encode_segment(subscription_item_id)
    )
}

fn statement_path(statement_id: &str, rest: &str) -> String {
    format!("/billing/statements/{}{rest}", encode_segment(statement_id))
}

impl Billing {
    /// Lists the instance's plans (`GET /billing/plans`, `GetCommercePlanList`).
    ///
    /// # Errors
    /// An API error (400/422) for invalid parameters.
    pub fn list_plans(&self, params: &ListPlans) -> PageRequest<BillingPlan> {
        self.clerk
            .paginate(ApiRequest::get("/billing/plans").query_params(params))
    }

    /// Lists prices (`GET /billing/prices`, `GetBillingPriceList`).
    ///
    /// # Errors
    /// An API error (400/422) for invalid parameters.
    pub fn list_prices(&self, params: &ListPrices) -> PageRequest<BillingPrice> {
        self.clerk
            .paginate(ApiRequest::get("/billing/prices").query_params(params))
    }

    /// Adds a price to a plan (`POST /billing/prices`, `CreateBillingPrice`).
    ///
    /// # Errors
    /// An API error: 404 when the plan does not exist, 400/422 for invalid input.
    pub async fn create_price(&self, params: &CreatePrice) -> Result<BillingPrice> {
        self.clerk
            .send(ApiRequest::post("/billing/prices").json(params))
            .await
    }

    /// Lists subscription items (`GET /billing/subscription_items`,
    /// `GetCommerceSubscriptionItemList`).
    ///
    /// # Errors
    /// An API error (400/422) for invalid parameters.
    pub fn list_subscription_items(
        &self,
        params: &ListSubscriptionItems,
    ) -> PageRequest<SubscriptionItem> {
        self.clerk
            .paginate(ApiRequest::get("/billing/subscription_items").query_params(params))
    }

    /// Cancels a subscription item, at the end of its period unless `end_now`
    /// (`DELETE /billing/subscription_items/{subscription_item_id}`,
    /// `CancelCommerceSubscriptionItem`).
    ///
    /// # Errors
    /// An API error: 404 when no item has this id, 400/422 when it cannot be canceled.
    pub async fn cancel_subscription_item(
        &self,
        subscription_item_id: &str,
        params: &CancelSubscriptionItem,
    ) -> Result<SubscriptionItem> {
        self.clerk
            .send(ApiRequest::delete(item_path(subscription_item_id, "")).query_params(params))
            .await
    }

    /// Extends the free trial of a subscription item to `extend_to`, an RFC 3339 date-time such
    /// as `2026-06-01T00:00:00Z`
    /// (`POST /billing/subscription_items/{subscription_item_id}/extend_free_trial`,
    /// `ExtendBillingSubscriptionItemFreeTrial`).
    ///
    /// # Errors
    /// An API error: 404 when no item has this id, 400/422 when it is not in a trial or the date
    /// is invalid.
    pub async fn extend_subscription_item_free_trial(
        &self,
        subscription_item_id: &str,
        extend_to: &str,
    ) -> Result<SubscriptionItem> {
        self.clerk
            .send(
                ApiRequest::post(item_path(subscription_item_id, "/extend_free_trial"))
                    .json(&ExtendFreeTrialBody { extend_to }),
            )
            .await
    }

    /// Moves a subscription item from one price to another
    /// (`POST /billing/subscription_items/{subscription_item_id}/price_transition`,
    /// `CreateBillingPriceTransition`).
    ///
    /// # Errors
    /// An API error: 404 when the item or a price does not exist, 400/422 when the move is not
    /// allowed.
    pub async fn create_price_transition(
        &self,
        subscription_item_id: &str,
        params: &CreatePriceTransition,
    ) -> Result<PriceTransition> {
        self.clerk
            .send(
                ApiRequest::post(item_path(subscription_item_id, "/price_transition")).json(params),
            )
            .await
    }

    /// Applies a discount to a subscription item
    /// (`POST /billing/subscription_items/{subscription_item_id}/discounts`,
    /// `ApplyBillingSubscriptionItemDiscount`).
    ///
    /// # Errors
    /// An API error: 404 when the item or the discount does not exist, 400/422 when it cannot
    /// apply.
    pub async fn apply_subscription_item_discount(
        &self,
        subscription_item_id: &str,
        discount_id: &str,
    ) -> Result<DiscountRedemption> {
        self.clerk
            .send(
                ApiRequest::post(item_path(subscription_item_id, "/discounts"))
                    .json(&ApplyDiscountBody { discount_id }),
            )
            .await
    }

    /// Removes a discount from a subscription item
    /// (`DELETE /billing/subscription_items/{subscription_item_id}/discounts/{discount_id}`,
    /// `RemoveBillingSubscriptionItemDiscount`).
    ///
    /// # Errors
    /// An API error with status 404 when the item has no such discount.
    pub async fn remove_subscription_item_discount(
        &self,
        subscription_item_id: &str,
        discount_id: &str,
    ) -> Result<DiscountRedemption> {
        let rest = format!("/discounts/{}", encode_segment(discount_id));
        self.clerk
            .send(ApiRequest::delete(item_path(subscription_item_id, &rest)))
            .await
    }

    /// Lists billing statements (`GET /billing/statements`, `GetBillingStatementList`).
    ///
    /// # Errors
    /// An API error (400/422) for invalid parameters.
    pub fn list_statements(&self, params: &ListBillingPage) -> PageRequest<BillingStatement> {
        self.clerk
            .paginate(ApiRequest::get("/billing/statements").query_params(params))
    }

    /// Fetches one billing statement
    /// (`GET /billing/statements/{statementID}`, `GetBillingStatement`).
    ///
    /// # Errors
    /// An API error with status 404 when no statement has this id.
    pub async fn get_statement(&self, statement_id: &str) -> Result<BillingStatement> {
        self.clerk
            .send(ApiRequest::get(statement_path(statement_id, "")))
            .await
    }

    /// Lists the payment attempts of a billing statement
    /// (`GET /billing/statements/{statementID}/payment_attempts`,
    /// `GetBillingStatementPaymentAttempts`).
    ///
    /// # Errors
    /// An API error with status 404 when no statement has this id.
    pub fn list_statement_payment_attempts(
        &self,
        statement_id: &str,
        params: &ListBillingPage,
    ) -> PageRequest<PaymentAttempt> {
        self.clerk.paginate(
            ApiRequest::get(statement_path(statement_id, "/payment_attempts")).query_params(params),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::{Fake, fake};
    use serde_json::json;

    const USD10: &str = r#"{"amount": 1000, "amount_formatted": "10.00", "currency": "USD", "currency_symbol": "$"}"#;

    fn plan() -> String {
        format!(
            r#"{{"object": "commerce_plan", "id": "cplan_1", "name": "Pro", "fee": {USD10},
                "annual_monthly_fee": null, "annual_fee": null, "description": null,
                "product_id": "prod_1", "is_default": false, "is_recurring": true,
                "publicly_visible": true, "has_base_fee": true, "for_payer_type": "org",
                "slug": "pro", "avatar_url": null,
                "features": [{{"object": "feature", "id": "feat_1", "name": "SSO",
                    "description": "Single sign-on", "slug": "sso", "avatar_url": null}}],
                "free_trial_enabled": true, "free_trial_days": 14,
                "unit_prices": [{{"name": "seats", "block_size": 1,
                    "tiers": [{{"starts_at_block": 1, "ends_after_block": null,
                        "fee_per_block": {USD10}}}]}}]}}"#
        )
    }

    fn payer() -> &'static str {
        r#"{"object": "commerce_payer", "id": "cpayer_1", "instance_id": "ins_1",
            "organization_id": "org_1", "organization_name": "Acme", "user_id": null}"#
    }

    fn item() -> String {
        format!(
            r#"{{"object": "commerce_subscription_item", "id": "csubi_1", "instance_id": "ins_1",
                "status": "active", "plan_id": "cplan_1", "plan": {plan}, "plan_period": "month",
                "payer_id": "cpayer_1", "payer": {payer}, "is_free_trial": false,
                "period_start": 1, "period_end": 2, "canceled_at": null, "past_due_at": null,
                "ended_at": null, "created_at": 1, "updated_at": 1,
                "totals": {{"subtotal": {USD10}, "base_fee": {USD10}, "tax_total": {USD10},
                    "grand_total": {USD10}, "credits": null,
                    "discounts": {{"proration": null, "total": {USD10}}}}},
                "seats": {{"quantity": 5}}, "brand_new": 1}}"#,
            plan = plan(),
            payer = payer()
        )
    }

    #[tokio::test]
    async fn plans_decode_with_features_and_unit_prices() {
        let body = format!(r#"{{"data": [{}], "total_count": 1}}"#, plan());
        let Fake { clerk, seen } = fake(200, &body);
        let page = clerk
            .billing()
            .list_plans(&ListPlans::new().payer_type(PayerType::Org).limit(5))
            .await
            .unwrap();
        let p = &page[0];
        assert_eq!(p.fee.as_ref().unwrap().amount, 1000);
        assert_eq!(p.features[0].slug, "sso");
        assert_eq!(p.unit_prices[0].tiers[0].fee_per_block.currency, "USD");
        assert_eq!(p.free_trial_days, Some(14));
        let req = seen.only();
        assert_eq!(req.path, "/v1/billing/plans");
        assert_eq!(req.query, "limit=5&payer_type=org");
    }

    #[tokio::test]
    async fn subscription_items_list_and_cancel() {
        let body = format!(r#"{{"data": [{}], "total_count": 1}}"#, item());
        let Fake { clerk, seen } = fake(200, &body);
        let page = clerk
            .billing()
            .list_subscription_items(
                &ListSubscriptionItems::new()
                    .status(SubscriptionItemStatus::FreeTrial)
                    .include_free(true),
            )
            .await
            .unwrap();
        let i = &page[0];
        assert_eq!(i.status, SubscriptionItemStatus::Active);
        assert_eq!(i.plan_period, PlanPeriod::Month);
        assert_eq!(i.seats.as_ref().unwrap().quantity, Some(5));
        assert_eq!(
            i.payer.as_ref().unwrap().organization_name.as_deref(),
            Some("Acme")
        );
        assert_eq!(seen.only().query, "status=free_trial&include_free=true");

        let Fake { clerk, seen } = fake(200, &item());
        clerk
            .billing()
            .cancel_subscription_item("csubi_1", &CancelSubscriptionItem::new().end_now(true))
            .await
            .unwrap();
        let req = seen.only();
        assert_eq!(req.method, "DELETE");
        assert_eq!(req.path, "/v1/billing/subscription_items/csubi_1");
        assert_eq!(req.query, "end_now=true");
    }

    #[tokio::test]
    async fn create_price_always_sends_the_amount() {
        let Fake { clerk, seen } = fake(
            200,
            &format!(
                r#"{{"object": "commerce_price", "id": "cprice_1", "plan_id": "cplan_1",
                    "instance_id": "ins_1", "currency": "USD", "currency_symbol": "$",
                    "amount": 1000, "annual_monthly_amount": 800, "fee": {USD10},
                    "annual_monthly_fee": null, "is_default": false, "created_at": 1,
                    "supported_billing_periods": "both"}}"#
            ),
        );
        let price = clerk
            .billing()
            .create_price(
                &CreatePrice::new("cplan_1", 1000).supported_billing_periods(BillingPeriods::Both),
            )
            .await
            .unwrap();
        assert_eq!(price.supported_billing_periods, BillingPeriods::Both);
        assert_eq!(
            seen.only().body,
            Some(json!({"plan_id": "cplan_1", "amount": 1000,
                        "supported_billing_periods": "both"}))
        );
    }

    #[tokio::test]
    async fn trials_transitions_and_discounts() {
        let Fake { clerk, seen } = fake(200, &item());
        clerk
            .billing()
            .extend_subscription_item_free_trial("csubi_1", "2026-06-01T00:00:00Z")
            .await
            .unwrap();
        let req = seen.only();
        assert_eq!(
            req.path,
            "/v1/billing/subscription_items/csubi_1/extend_free_trial"
        );
        assert_eq!(req.body, Some(json!({"extend_to": "2026-06-01T00:00:00Z"})));

        let transition = format!(
            r#"{{"object": "commerce_price_transition", "subscription_item": {item},
                "transition": {{"previous_plan": {plan},
                    "previous_price": {{"object": "commerce_price", "id": "cprice_0",
                        "plan_id": "cplan_0", "instance_id": "ins_1", "currency": "USD",
                        "currency_symbol": "$", "amount": 0, "annual_monthly_amount": 0,
                        "fee": null, "annual_monthly_fee": null, "is_default": true,
                        "created_at": 1, "supported_billing_periods": "month"}},
                    "effective_at": 5, "effective_mode": "immediate",
                    "charged_immediately": true, "immediate_charge": {USD10},
                    "previous_subscription_item_status": "canceled",
                    "previous_subscription_item_id": "csubi_0"}}}}"#,
            item = item(),
            plan = plan()
        );
        let Fake { clerk, seen } = fake(200, &transition);
        let t = clerk
            .billing()
            .create_price_transition(
                "csubi_1",
                &CreatePriceTransition::new("cprice_0", "cprice_1"),
            )
            .await
            .unwrap();
        assert_eq!(t.transition.effective_mode, EffectiveMode::Immediate);
        assert_eq!(
            seen.only().body,
            Some(json!({"from_price_id": "cprice_0", "to_price_id": "cprice_1"}))
        );

        let redemption = r#"{"object": "commerce_discount_redemption", "id": "cdr_1",
            "subscription_item_id": "csubi_1", "discount_id": "disc_1", "source": "manual",
            "effect": "percentage", "percent_off": 12.5, "cycles_remaining": null,
            "cycles_applied": 0, "status": "active", "redeemed_at": 1, "redeemed_by": null}"#;
        let Fake { clerk, seen } = fake(200, redemption);
        let r = clerk
            .billing()
            .apply_subscription_item_discount("csubi_1", "disc_1")
            .await
            .unwrap();
        assert_eq!(r.percent_off, Some(12.5));
        assert_eq!(r.source, DiscountSource::Manual);
        assert_eq!(seen.only().body, Some(json!({"discount_id": "disc_1"})));
        let Fake { clerk, seen } = fake(200, redemption);
        clerk
            .billing()
            .remove_subscription_item_discount("csubi_1", "disc_1")
            .await
            .unwrap();
        assert_eq!(
            seen.only().path,
            "/v1/billing/subscription_items/csubi_1/discounts/disc_1"
        );
    }

    #[tokio::test]
    async fn statements_and_payment_attempts() {
        let attempt = format!(
            r#"{{"object": "commerce_payment", "id": "cpa_1", "payment_id": "cp_1",
                "instance_id": "ins_1", "charge_type": "recurring", "payee_id": "cpayee_1",
                "payee": {{}}, "payer_id": "cpayer_1", "payer": {payer}, "amount": {USD10},
                "payment_method_id": "cpm_1",
                "payment_method": {{"object": "commerce_payment_method", "id": "cpm_1",
                    "payer_id": "cpayer_1", "payment_type": "card", "gateway": "stripe",
                    "gateway_external_id": "pm_1", "gateway_external_account_id": null,
                    "last4": "4242", "status": "active", "card_type": "visa"}},
                "statement_id": "cst_1", "gateway_external_id": null,
                "gateway_external_url": null, "status": "paid", "paid_at": 3,
                "failed_at": null, "created_at": 1, "updated_at": 3}}"#,
            payer = payer()
        );
        let statement = format!(
            r#"{{"object": "commerce_statement", "id": "cst_1", "instance_id": "ins_1",
                "timestamp": 1, "payer": {payer}, "status": "closed",
                "totals": {{"grand_total": {USD10}, "subtotal": {USD10}, "base_fee": {USD10},
                    "tax_total": {USD10}}},
                "groups": [{{"object": "commerce_statement_group", "timestamp": 1,
                    "items": [{attempt}]}}]}}"#,
            payer = payer()
        );
        let Fake { clerk, seen } = fake(200, &statement);
        let s = clerk.billing().get_statement("cst_1").await.unwrap();
        assert_eq!(s.status, StatementStatus::Closed);
        let a = &s.groups[0].items[0];
        assert_eq!(a.status, PaymentAttemptStatus::Paid);
        assert_eq!(a.payment_method.last4.as_deref(), Some("4242"));
        assert_eq!(seen.only().path, "/v1/billing/statements/cst_1");

        let body = format!(r#"{{"data": [{attempt}], "total_count": 1}}"#);
        let Fake { clerk, seen } = fake(200, &body);
        let page = clerk
            .billing()
            .list_statement_payment_attempts("cst_1", &ListBillingPage::new().paginated(true))
            .await
            .unwrap();
        assert_eq!(page.total_count, Some(1));
        let req = seen.only();
        assert_eq!(req.path, "/v1/billing/statements/cst_1/payment_attempts");
        assert_eq!(req.query, "paginated=true");

        let body = format!(r#"{{"data": [{statement}], "total_count": 1}}"#);
        let Fake { clerk, .. } = fake(200, &body);
        let page = clerk
            .billing()
            .list_statements(&ListBillingPage::new())
            .await
            .unwrap();
        assert_eq!(page[0].id, "cst_1");
    }
}
