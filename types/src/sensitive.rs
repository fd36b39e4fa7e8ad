//! The table of fields that hold cardholder data, bank credentials, secrets, government ids or
//! personal data: what no `Debug` output, log line, tracing field or error message may show.
//!
//! It is the one list of them. The generator reads it to write a redacting `Debug` for every
//! type with such a field (response and request types, nested ones too); the client reads it for
//! the parameters of raw requests and for error bodies; the mock reads it for its request log.
//! A field is named by its name on the wire and, where the name alone is ambiguous (`number` is
//! a card number in a card, not in an invoice), by its parent: the property that holds the
//! object, or the component schema (`issuing.card`) or `object` tag of the object itself.
//!
//! A reviewer adds a row here and regenerates; nothing else lists sensitive fields.

/// Why a field is sensitive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Sensitivity {
    /// A card number, CVC or PIN (PCI DSS forbids logging them).
    CardholderData,
    /// A bank account number or IBAN.
    BankCredential,
    /// A secret that grants access: a client secret, a key's or endpoint's secret, a single-use
    /// URL that signs someone in.
    Secret,
    /// A national id number, a tax id, an identity document's number.
    GovernmentId,
    /// Other personal data that identifies a person, such as a date of birth.
    PersonalData,
}

impl Sensitivity {
    /// A short description, as the table's rows say it.
    pub fn as_str(self) -> &'static str {
        match self {
            Sensitivity::CardholderData => "cardholder data",
            Sensitivity::BankCredential => "bank credential",
            Sensitivity::Secret => "secret",
            Sensitivity::GovernmentId => "government id",
            Sensitivity::PersonalData => "personal data",
        }
    }
}

/// One row of [`SENSITIVE_FIELDS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SensitiveField {
    /// The field's name on the wire.
    pub name: &'static str,
    /// The parents it is sensitive in; empty when the name is sensitive wherever it appears.
    pub parents: &'static [&'static str],
    /// Why.
    pub sensitivity: Sensitivity,
    /// Where Stripe has it, for the reader of the table.
    pub note: &'static str,
}

const fn anywhere(
    name: &'static str,
    sensitivity: Sensitivity,
    note: &'static str,
) -> SensitiveField {
    SensitiveField {
        name,
        parents: &[],
        sensitivity,
        note,
    }
}

const fn within(
    name: &'static str,
    parents: &'static [&'static str],
    sensitivity: Sensitivity,
    note: &'static str,
) -> SensitiveField {
    SensitiveField {
        name,
        parents,
        sensitivity,
        note,
    }
}

use Sensitivity::{BankCredential, CardholderData, GovernmentId, PersonalData, Secret};

/// Every sensitive field of the Stripe API.
pub const SENSITIVE_FIELDS: &[SensitiveField] = &[
    within(
        "number",
        &["card", "card_present", "interac_present", "issuing.card"],
        CardholderData,
        "the card number of card parameters, of a test reader's presented card and of an Issuing card",
    ),
    anywhere(
        "cvc",
        CardholderData,
        "card parameters, a token's CVC update, an Issuing card",
    ),
    anywhere(
        "encrypted_number",
        CardholderData,
        "the encrypted PIN of an Issuing card",
    ),
    anywhere(
        "account_number",
        BankCredential,
        "bank account parameters, payment method data, Treasury addresses, funding instructions",
    ),
    anywhere("iban", BankCredential, "SEPA Debit payment method data"),
    anywhere("clabe", BankCredential, "SPEI funding instructions"),
    anywhere(
        "client_secret",
        Secret,
        "PaymentIntents, SetupIntents, Sources, Checkout and Financial Connections sessions, \
         Identity verification sessions, and the requests that take one",
    ),
    anywhere(
        "secret",
        Secret,
        "an ephemeral key, a Terminal connection token, a webhook endpoint (`whsec_…`)",
    ),
    anywhere("payload", Secret, "the value of an Apps secret"),
    within(
        "url",
        &[
            "account_link",
            "login_link",
            "identity.verification_session",
            "mandate_au_becs_debit",
            "mandate_sepa_debit",
        ],
        Secret,
        "single-use links that sign someone in or show their bank details",
    ),
    anywhere(
        "id_number",
        GovernmentId,
        "persons, individuals, Identity reports",
    ),
    anywhere(
        "id_number_secondary",
        GovernmentId,
        "persons and individuals",
    ),
    anywhere("ssn_last_4", GovernmentId, "persons and individuals"),
    anywhere(
        "tax_id",
        GovernmentId,
        "a company's tax id, a Boleto payer's CPF or CNPJ",
    ),
    within(
        "number",
        &["gelato_document_report"],
        GovernmentId,
        "the number of an identity document in an Identity report",
    ),
    anywhere(
        "dob",
        PersonalData,
        "persons, individuals, Issuing cardholders, Identity reports, Klarna",
    ),
];

/// Whether the field `name` of an object under `parent` is sensitive, and why. `parent` is the
/// property holding the object, or its component schema or `object` tag; `None` at the top
/// level of a request.
pub fn classify(name: &str, parent: Option<&str>) -> Option<Sensitivity> {
    SENSITIVE_FIELDS
        .iter()
        .find(|row| {
            row.name == name
                && (row.parents.is_empty()
                    || parent.is_some_and(|parent| row.parents.contains(&parent)))
        })
        .map(|row| row.sensitivity)
}

/// Whether a field named `name` is sensitive in some place: how a field is judged where its
/// place is unknown (JSON of an object type the crate does not know, free-form JSON).
pub fn is_sensitive_name(name: &str) -> bool {
    SENSITIVE_FIELDS.iter().any(|row| row.name == name)
}

/// Whether a parameter at this path of names (`["card", "number"]` for `card[number]`) is, or is
/// inside, a sensitive field: what it holds is never shown. Array indexes may stand in the path
/// (`["items", "0", "price"]`); they are skipped as parents.
pub fn is_sensitive_path<'a>(path: impl IntoIterator<Item = &'a str>) -> bool {
    let mut parent: Option<&str> = None;
    for name in path {
        if is_index(name) {
            continue;
        }
        if classify(name, parent).is_some() {
            return true;
        }
        parent = Some(name);
    }
    false
}

fn is_index(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_alone_is_enough_where_the_table_says_anywhere() {
        assert_eq!(classify("client_secret", None), Some(Secret));
        assert_eq!(classify("cvc", Some("card")), Some(CardholderData));
        assert_eq!(
            classify("account_number", Some("us_bank_account")),
            Some(BankCredential)
        );
        assert_eq!(classify("email", None), None);
    }

    #[test]
    fn an_ambiguous_name_needs_its_parent() {
        assert_eq!(classify("number", Some("card")), Some(CardholderData));
        assert_eq!(
            classify("number", Some("issuing.card")),
            Some(CardholderData)
        );
        assert_eq!(
            classify("number", Some("gelato_document_report")),
            Some(GovernmentId)
        );
        assert_eq!(classify("number", Some("invoice")), None);
        assert_eq!(classify("number", None), None);
        assert_eq!(classify("url", Some("account_link")), Some(Secret));
        assert_eq!(classify("url", Some("file_link")), None);
        assert!(is_sensitive_name("number") && is_sensitive_name("url"));
        assert!(!is_sensitive_name("email"));
    }

    #[test]
    fn a_path_is_sensitive_from_its_sensitive_field_down() {
        assert!(is_sensitive_path(["card", "number"]));
        assert!(is_sensitive_path(["individual", "dob", "day"]));
        assert!(is_sensitive_path([
            "external_accounts",
            "0",
            "account_number"
        ]));
        assert!(is_sensitive_path(["cards", "3", "cvc"]));
        assert!(!is_sensitive_path(["number"]));
        assert!(!is_sensitive_path(["items", "0", "price"]));
        assert!(!is_sensitive_path(["metadata", "number"]));
        assert!(!is_sensitive_path([]));
    }
}
