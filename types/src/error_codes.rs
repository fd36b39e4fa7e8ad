//! The common values of an API error's `code` and `decline_code`, from the lists Stripe documents
//! (<https://docs.stripe.com/error-codes>, <https://docs.stripe.com/declines/codes>), as enums
//! that keep any other value as Stripe sent it.
//!
//! The spec describes both fields as plain strings, so these lists are written here; a code
//! Stripe adds later is `Unknown("…")` until it is added.

use std::fmt;

#[cfg(feature = "deserialize")]
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use crate::json::{Failed, FromJson, JsonReader};

/// An enum of documented wire values with an `Unknown` variant for the others: `as_str`,
/// `Display`, `From<&str>`, and its JSON and serde codecs as the string it is.
macro_rules! documented_values {
    (
        $(#[$doc:meta])*
        $name:ident { $($(#[$variant_doc:meta])* $variant:ident = $wire:literal,)* }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$variant_doc])* $variant,)*
            /// A value this crate does not list, as Stripe sent it.
            Unknown(String),
        }

        impl $name {
            /// The value as Stripe writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromJson for $name {
            fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
                json.string().map(|text| Self::from(&*text))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "deserialize")]
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(|text| Self::from(text.as_str()))
            }
        }
    };
}

documented_values! {
    /// An API error's `code`: what went wrong, for errors a program can handle
    /// (`card_declined`, `resource_missing`, `rate_limit`).
    ErrorCode {
        /// `amount_too_large`
        AmountTooLarge = "amount_too_large",
        /// `amount_too_small`
        AmountTooSmall = "amount_too_small",
        /// `api_key_expired`
        ApiKeyExpired = "api_key_expired",
        /// `authentication_required`
        AuthenticationRequired = "authentication_required",
        /// `balance_insufficient`
        BalanceInsufficient = "balance_insufficient",
        /// `bank_account_declined`
        BankAccountDeclined = "bank_account_declined",
        /// `bank_account_unusable`
        BankAccountUnusable = "bank_account_unusable",
        /// `card_decline_rate_limit_exceeded`
        CardDeclineRateLimitExceeded = "card_decline_rate_limit_exceeded",
        /// `card_declined`: `decline_code` says why.
        CardDeclined = "card_declined",
        /// `charge_already_captured`
        ChargeAlreadyCaptured = "charge_already_captured",
        /// `charge_already_refunded`
        ChargeAlreadyRefunded = "charge_already_refunded",
        /// `charge_disputed`
        ChargeDisputed = "charge_disputed",
        /// `charge_exceeds_source_limit`
        ChargeExceedsSourceLimit = "charge_exceeds_source_limit",
        /// `charge_expired_for_capture`
        ChargeExpiredForCapture = "charge_expired_for_capture",
        /// `charge_invalid_parameter`
        ChargeInvalidParameter = "charge_invalid_parameter",
        /// `charge_not_refundable`
        ChargeNotRefundable = "charge_not_refundable",
        /// `country_unsupported`
        CountryUnsupported = "country_unsupported",
        /// `coupon_expired`
        CouponExpired = "coupon_expired",
        /// `customer_max_subscriptions`
        CustomerMaxSubscriptions = "customer_max_subscriptions",
        /// `email_invalid`
        EmailInvalid = "email_invalid",
        /// `expired_card`
        ExpiredCard = "expired_card",
        /// `idempotency_key_in_use`: a request with the same key is still in progress.
        IdempotencyKeyInUse = "idempotency_key_in_use",
        /// `incorrect_address`
        IncorrectAddress = "incorrect_address",
        /// `incorrect_cvc`
        IncorrectCvc = "incorrect_cvc",
        /// `incorrect_number`
        IncorrectNumber = "incorrect_number",
        /// `incorrect_zip`
        IncorrectZip = "incorrect_zip",
        /// `insufficient_funds`
        InsufficientFunds = "insufficient_funds",
        /// `invalid_card_type`
        InvalidCardType = "invalid_card_type",
        /// `invalid_charge_amount`
        InvalidChargeAmount = "invalid_charge_amount",
        /// `invalid_cvc`
        InvalidCvc = "invalid_cvc",
        /// `invalid_expiry_month`
        InvalidExpiryMonth = "invalid_expiry_month",
        /// `invalid_expiry_year`
        InvalidExpiryYear = "invalid_expiry_year",
        /// `invalid_number`
        InvalidNumber = "invalid_number",
        /// `invoice_not_editable`
        InvoiceNotEditable = "invoice_not_editable",
        /// `invoice_upcoming_none`
        InvoiceUpcomingNone = "invoice_upcoming_none",
        /// `livemode_mismatch`: a test-mode key used with a live-mode object, or the reverse.
        LivemodeMismatch = "livemode_mismatch",
        /// `lock_timeout`: the object is busy with another request; retried by the client.
        LockTimeout = "lock_timeout",
        /// `missing`: the source given is not attached to the customer given.
        Missing = "missing",
        /// `parameter_invalid_empty`
        ParameterInvalidEmpty = "parameter_invalid_empty",
        /// `parameter_invalid_integer`
        ParameterInvalidInteger = "parameter_invalid_integer",
        /// `parameter_invalid_string_blank`
        ParameterInvalidStringBlank = "parameter_invalid_string_blank",
        /// `parameter_invalid_string_empty`
        ParameterInvalidStringEmpty = "parameter_invalid_string_empty",
        /// `parameter_missing`: `param` names it.
        ParameterMissing = "parameter_missing",
        /// `parameter_unknown`: `param` names it.
        ParameterUnknown = "parameter_unknown",
        /// `parameters_exclusive`
        ParametersExclusive = "parameters_exclusive",
        /// `payment_intent_action_required`
        PaymentIntentActionRequired = "payment_intent_action_required",
        /// `payment_intent_authentication_failure`
        PaymentIntentAuthenticationFailure = "payment_intent_authentication_failure",
        /// `payment_intent_incompatible_payment_method`
        PaymentIntentIncompatiblePaymentMethod = "payment_intent_incompatible_payment_method",
        /// `payment_intent_invalid_parameter`
        PaymentIntentInvalidParameter = "payment_intent_invalid_parameter",
        /// `payment_intent_payment_attempt_failed`
        PaymentIntentPaymentAttemptFailed = "payment_intent_payment_attempt_failed",
        /// `payment_intent_unexpected_state`
        PaymentIntentUnexpectedState = "payment_intent_unexpected_state",
        /// `payment_method_unactivated`
        PaymentMethodUnactivated = "payment_method_unactivated",
        /// `payment_method_unexpected_state`
        PaymentMethodUnexpectedState = "payment_method_unexpected_state",
        /// `postal_code_invalid`
        PostalCodeInvalid = "postal_code_invalid",
        /// `processing_error`
        ProcessingError = "processing_error",
        /// `rate_limit`: too many requests at once; not retried by the client.
        RateLimit = "rate_limit",
        /// `resource_already_exists`
        ResourceAlreadyExists = "resource_already_exists",
        /// `resource_missing`: no object has the id of `param`.
        ResourceMissing = "resource_missing",
        /// `routing_number_invalid`
        RoutingNumberInvalid = "routing_number_invalid",
        /// `secret_key_required`
        SecretKeyRequired = "secret_key_required",
        /// `setup_attempt_failed`
        SetupAttemptFailed = "setup_attempt_failed",
        /// `setup_intent_authentication_failure`
        SetupIntentAuthenticationFailure = "setup_intent_authentication_failure",
        /// `setup_intent_unexpected_state`
        SetupIntentUnexpectedState = "setup_intent_unexpected_state",
        /// `tax_id_invalid`
        TaxIdInvalid = "tax_id_invalid",
        /// `testmode_charges_only`
        TestmodeChargesOnly = "testmode_charges_only",
        /// `tls_version_unsupported`
        TlsVersionUnsupported = "tls_version_unsupported",
        /// `token_already_used`
        TokenAlreadyUsed = "token_already_used",
        /// `transfers_not_allowed`
        TransfersNotAllowed = "transfers_not_allowed",
        /// `url_invalid`
        UrlInvalid = "url_invalid",
    }
}

documented_values! {
    /// A card decline's `decline_code`: the issuer's reason, as Stripe reports it
    /// (`insufficient_funds`, `lost_card`).
    DeclineCode {
        /// `approve_with_id`
        ApproveWithId = "approve_with_id",
        /// `authentication_required`
        AuthenticationRequired = "authentication_required",
        /// `call_issuer`
        CallIssuer = "call_issuer",
        /// `card_not_supported`
        CardNotSupported = "card_not_supported",
        /// `card_velocity_exceeded`
        CardVelocityExceeded = "card_velocity_exceeded",
        /// `currency_not_supported`
        CurrencyNotSupported = "currency_not_supported",
        /// `do_not_honor`
        DoNotHonor = "do_not_honor",
        /// `do_not_try_again`
        DoNotTryAgain = "do_not_try_again",
        /// `duplicate_transaction`
        DuplicateTransaction = "duplicate_transaction",
        /// `expired_card`
        ExpiredCard = "expired_card",
        /// `fraudulent`
        Fraudulent = "fraudulent",
        /// `generic_decline`
        GenericDecline = "generic_decline",
        /// `incorrect_cvc`
        IncorrectCvc = "incorrect_cvc",
        /// `incorrect_number`
        IncorrectNumber = "incorrect_number",
        /// `incorrect_pin`
        IncorrectPin = "incorrect_pin",
        /// `incorrect_zip`
        IncorrectZip = "incorrect_zip",
        /// `insufficient_funds`
        InsufficientFunds = "insufficient_funds",
        /// `invalid_account`
        InvalidAccount = "invalid_account",
        /// `invalid_amount`
        InvalidAmount = "invalid_amount",
        /// `invalid_cvc`
        InvalidCvc = "invalid_cvc",
        /// `invalid_expiry_month`
        InvalidExpiryMonth = "invalid_expiry_month",
        /// `invalid_expiry_year`
        InvalidExpiryYear = "invalid_expiry_year",
        /// `invalid_number`
        InvalidNumber = "invalid_number",
        /// `invalid_pin`
        InvalidPin = "invalid_pin",
        /// `issuer_not_available`
        IssuerNotAvailable = "issuer_not_available",
        /// `lost_card`
        LostCard = "lost_card",
        /// `merchant_blacklist`
        MerchantBlacklist = "merchant_blacklist",
        /// `new_account_information_available`
        NewAccountInformationAvailable = "new_account_information_available",
        /// `no_action_taken`
        NoActionTaken = "no_action_taken",
        /// `not_permitted`
        NotPermitted = "not_permitted",
        /// `offline_pin_required`
        OfflinePinRequired = "offline_pin_required",
        /// `online_or_offline_pin_required`
        OnlineOrOfflinePinRequired = "online_or_offline_pin_required",
        /// `pickup_card`
        PickupCard = "pickup_card",
        /// `pin_try_exceeded`
        PinTryExceeded = "pin_try_exceeded",
        /// `processing_error`
        ProcessingError = "processing_error",
        /// `reenter_transaction`
        ReenterTransaction = "reenter_transaction",
        /// `restricted_card`
        RestrictedCard = "restricted_card",
        /// `revocation_of_all_authorizations`
        RevocationOfAllAuthorizations = "revocation_of_all_authorizations",
        /// `revocation_of_authorization`
        RevocationOfAuthorization = "revocation_of_authorization",
        /// `security_violation`
        SecurityViolation = "security_violation",
        /// `service_not_allowed`
        ServiceNotAllowed = "service_not_allowed",
        /// `stolen_card`
        StolenCard = "stolen_card",
        /// `stop_payment_order`
        StopPaymentOrder = "stop_payment_order",
        /// `testmode_decline`
        TestmodeDecline = "testmode_decline",
        /// `transaction_not_allowed`
        TransactionNotAllowed = "transaction_not_allowed",
        /// `try_again_later`
        TryAgainLater = "try_again_later",
        /// `withdrawal_count_limit_exceeded`
        WithdrawalCountLimitExceeded = "withdrawal_count_limit_exceeded",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_documented_value_is_its_variant_and_any_other_is_kept() {
        assert_eq!(ErrorCode::from("card_declined"), ErrorCode::CardDeclined);
        assert_eq!(ErrorCode::CardDeclined.as_str(), "card_declined");
        let newer = ErrorCode::from("a_code_from_next_year");
        assert_eq!(newer, ErrorCode::Unknown("a_code_from_next_year".into()));
        assert_eq!(newer.to_string(), "a_code_from_next_year");
        assert_eq!(
            DeclineCode::from("insufficient_funds"),
            DeclineCode::InsufficientFunds
        );
        let read: DeclineCode = crate::decode::json(br#""lost_card""#).unwrap();
        assert_eq!(read, DeclineCode::LostCard);
        assert_eq!(serde_json::to_string(&read).unwrap(), r#""lost_card""#);
    }
}
