//! Parameters that name stored objects the flows need: the customer, a price.

use serde_json::Value;

use crate::form::{Params, text};
use crate::json::int_of;
use crate::store::{Change, Refusal};

/// The `customer` parameter, which names a stored customer, or the refusal.
pub(super) fn customer_param(change: &Change<'_>, params: &Params) -> Result<String, Refusal> {
    let customer = text(params, "customer").unwrap_or_default();
    match change.account.kind_of(customer) {
        Some("customer") => Ok(customer.to_string()),
        _ => Err(Refusal::no_such("customer", customer, "customer")),
    }
}

/// A stored price's amount for one unit and its currency, or the refusal for `param`.
pub(super) fn price(
    change: &Change<'_>,
    id: Option<&str>,
    param: &str,
) -> Result<(Value, i64), Refusal> {
    let Some(id) = id else {
        return Err(Refusal::invalid(
            "The mock's stateful mode needs the id of a stored price here.",
            Some(param),
            Some("parameter_missing"),
        ));
    };
    let price = change
        .account
        .get_of("price", id)
        .ok_or_else(|| Refusal::no_such("price", id, param))?;
    let unit = int_of(&price, "unit_amount");
    Ok((price, unit))
}
