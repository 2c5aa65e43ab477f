//! Cases for billing: plans, prices, subscription items and statements.

use clerk_core::resources::billing::{
    CancelSubscriptionItem, CreatePrice, CreatePriceTransition, ListBillingPage, ListPlans,
    ListPrices, ListSubscriptionItems, PayerType,
};

use crate::prelude::{Case, case};

pub(crate) fn cases() -> Vec<Case> {
    vec![
        case!("GetCommercePlanList", |c| c
            .billing()
            .list_plans(&ListPlans::new().payer_type(PayerType::User))),
        case!("GetBillingPriceList", |c| c
            .billing()
            .list_prices(&ListPrices::new().plan_id("cplan_1"))),
        case!("CreateBillingPrice", |c| c.billing().create_price(
            &CreatePrice::new("cplan_1", 1000).currency("USD")
        )),
        case!("GetCommerceSubscriptionItemList", |c| c
            .billing()
            .list_subscription_items(
                &ListSubscriptionItems::new().paginated(true).limit(10)
            )),
        case!("CancelCommerceSubscriptionItem", |c| c
            .billing()
            .cancel_subscription_item(
                "csubi_1",
                &CancelSubscriptionItem::new().end_now(false)
            )),
        case!("ExtendBillingSubscriptionItemFreeTrial", |c| c
            .billing()
            .extend_subscription_item_free_trial(
                "csubi_1",
                "2026-06-01T00:00:00Z"
            )),
        case!("CreateBillingPriceTransition", |c| c
            .billing()
            .create_price_transition(
                "csubi_1",
                &CreatePriceTransition::new("cprice_0", "cprice_1")
            )),
        case!("ApplyBillingSubscriptionItemDiscount", |c| c
            .billing()
            .apply_subscription_item_discount("csubi_1", "disc_1")),
        case!("RemoveBillingSubscriptionItemDiscount", |c| c
            .billing()
            .remove_subscription_item_discount("csubi_1", "disc_1")),
        case!("GetBillingStatementList", |c| c
            .billing()
            .list_statements(&ListBillingPage::new())),
        case!("GetBillingStatement", |c| c
            .billing()
            .get_statement("cst_1")),
        case!("GetBillingStatementPaymentAttempts", |c| c
            .billing()
            .list_statement_payment_attempts(
                "cst_1",
                &ListBillingPage::new().limit(10)
            )),
    ]
}
