//! Stripe's test payment methods and tokens: ids that exist in test mode without being created
//! (`pm_card_visa`, `tok_visa`, `btok_us`), the one place that knows their prefixes.

/// The test payment methods' prefix (`pm_card_visa`, `pm_card_chargeDeclined`).
const PAYMENT_METHOD: &str = "pm_card_";

/// Token prefixes and the kind of payment source each makes.
const TOKENS: [(&str, &str); 3] = [
    ("btok_", "bank_account"),
    ("tok_", "card"),
    ("src_", "source"),
];

/// Whether `id` is one of Stripe's test payment methods.
pub(crate) fn is_test_payment_method(id: &str) -> bool {
    id.starts_with(PAYMENT_METHOD)
}

/// Whether `id` names a test payment method or a card or bank account token: no stored object,
/// yet no missing one.
pub(crate) fn exists_without_creation(id: &str) -> bool {
    is_test_payment_method(id) || matches!(source_kind(id), Some("card" | "bank_account"))
}

/// The kind of payment source a token adds (`card` for `tok_visa`, `bank_account` for
/// `btok_us`, `source` for `src_…`).
pub(crate) fn source_kind(token: &str) -> Option<&'static str> {
    TOKENS
        .iter()
        .find(|(prefix, _)| token.starts_with(prefix))
        .map(|(_, kind)| *kind)
}
