//! Stripe's test payment methods and what a confirmation with one comes to: `pm_card_visa` (and
//! any other `pm_card_…`, or a payment method created through the API) succeeds;
//! `pm_card_chargeDeclined…` declines with the documented code; `pm_card_threeDSecure2Required`
//! and `pm_card_authenticationRequired` need 3-D Secure.

use serde_json::{Value, json};

use crate::error::Refused;
use crate::json::{set, str_of};
use crate::store::{Change, Refusal};

/// How a confirmation with a payment method ends.
pub(super) enum CardOutcome {
    Succeeds,
    Declines {
        code: &'static str,
        decline_code: Option<&'static str>,
        message: &'static str,
    },
    NeedsAuthentication,
}

/// Stripe's declining test payment methods: id, error code, decline code, message.
const DECLINES: [(&str, &str, Option<&str>, &str); 9] = [
    (
        "pm_card_chargeDeclined",
        "card_declined",
        Some("generic_decline"),
        "Your card was declined.",
    ),
    (
        "pm_card_visa_chargeDeclined",
        "card_declined",
        Some("generic_decline"),
        "Your card was declined.",
    ),
    (
        "pm_card_chargeDeclinedInsufficientFunds",
        "card_declined",
        Some("insufficient_funds"),
        "Your card has insufficient funds.",
    ),
    (
        "pm_card_chargeDeclinedLostCard",
        "card_declined",
        Some("lost_card"),
        "Your card was declined.",
    ),
    (
        "pm_card_chargeDeclinedStolenCard",
        "card_declined",
        Some("stolen_card"),
        "Your card was declined.",
    ),
    (
        "pm_card_chargeDeclinedFraudulent",
        "card_declined",
        Some("fraudulent"),
        "Your card was declined.",
    ),
    (
        "pm_card_chargeDeclinedExpiredCard",
        "expired_card",
        None,
        "Your card has expired.",
    ),
    (
        "pm_card_chargeDeclinedIncorrectCvc",
        "incorrect_cvc",
        None,
        "Your card's security code is incorrect.",
    ),
    (
        "pm_card_chargeDeclinedProcessingError",
        "processing_error",
        None,
        "An error occurred while processing your card. Try again in a little bit.",
    ),
];

/// Stripe's test payment methods that need 3-D Secure.
const AUTHENTICATION: [&str; 4] = [
    "pm_card_threeDSecure2Required",
    "pm_card_threeDSecureRequired",
    "pm_card_authenticationRequired",
    "pm_card_authenticationRequiredOnSetup",
];

/// The payment method a confirmation uses and how it ends. A test payment method
/// (`pm_card_visa`) becomes a new stored card, as at Stripe; another id must be a stored one.
pub(super) fn payment_method(
    change: &mut Change<'_>,
    id: &str,
) -> Result<(String, CardOutcome), Refusal> {
    let outcome = if let Some((_, code, decline_code, message)) =
        DECLINES.iter().find(|(pm, ..)| *pm == id)
    {
        CardOutcome::Declines {
            code,
            decline_code: *decline_code,
            message,
        }
    } else if AUTHENTICATION.contains(&id) {
        CardOutcome::NeedsAuthentication
    } else if crate::test_tokens::is_test_payment_method(id) {
        CardOutcome::Succeeds
    } else if change.account.kind_of(id) == Some("payment_method") {
        return Ok((id.to_string(), CardOutcome::Succeeds));
    } else {
        return Err(Refusal::no_such("PaymentMethod", id, "payment_method"));
    };
    let card = test_card(change, None);
    Ok((str_of(&card, "id").to_string(), outcome))
}

/// A new stored card, as Stripe makes one of a test payment method (`pm_card_visa`), attached
/// to `customer` if given.
pub(crate) fn test_card(change: &mut Change<'_>, customer: Option<&str>) -> Value {
    let customer = customer.map_or(Value::Null, |c| Value::String(c.to_string()));
    change.create("payment_method", "/v1/payment_methods", |pm| {
        set(pm, "customer", customer);
        set(pm, "type", json!("card"));
    })
}

/// A card error as Stripe answers and records it (`last_payment_error`, `last_setup_error`): the
/// error object of a 402.
pub(super) fn card_error(code: &str, decline_code: Option<&str>, message: &str) -> Value {
    let doc_url = format!(
        "https://stripe.com/docs/error-codes/{}",
        code.replace('_', "-")
    );
    let mut error = Refused::new(402, "card_error", message)
        .code(code)
        .with("doc_url", json!(doc_url));
    if let Some(decline_code) = decline_code {
        error = error.with("decline_code", json!(decline_code));
    }
    error.error
}

/// The `next_action` of an intent that needs 3-D Secure.
pub(super) fn authentication_action(intent: &Value) -> Value {
    json!({
        "type": "use_stripe_sdk",
        "use_stripe_sdk": {
            "type": "three_d_secure_redirect",
            "stripe_js": format!("https://hooks.stripe.com/3d_secure_2/hosted?intent={}", str_of(intent, "id")),
        },
    })
}
