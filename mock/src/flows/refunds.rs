//! Refunds of a PaymentIntent's or a Charge's money: all that is left unless `amount` says less;
//! the Charge's `amount_refunded` and `refunded` follow.

use serde_json::{Value, json};

use super::step::Step;
use crate::form::{Params, int_param, text};
use crate::json::{id_of, int_of, set, str_of};
use crate::store::{Change, Refusal};

/// A Refund of a PaymentIntent's or a Charge's money: all that is left unless `amount` says
/// less; the Charge's `amount_refunded` and `refunded` follow.
pub(super) fn refund(
    change: &mut Change<'_>,
    step: Step<'_>,
    refund: &mut Value,
    params: &Params,
) -> Result<bool, Refusal> {
    if !matches!(step, Step::Create) {
        return Ok(false);
    }
    let charge_id = match (text(params, "charge"), text(params, "payment_intent")) {
        (Some(charge), _) => charge.to_string(),
        (None, Some(intent_id)) => {
            let intent = change
                .account
                .get_of("payment_intent", intent_id)
                .ok_or_else(|| Refusal::no_such("payment_intent", intent_id, "payment_intent"))?;
            match (str_of(&intent, "status"), id_of(&intent, "latest_charge")) {
                ("succeeded", Some(charge)) => charge,
                _ => {
                    return Err(Refusal::invalid(
                        &format!(
                            "This PaymentIntent ({intent_id}) does not have a successful charge to refund."
                        ),
                        Some("payment_intent"),
                        None,
                    ));
                }
            }
        }
        (None, None) => {
            return Err(Refusal::invalid(
                "One of the following params should be provided for this request: payment_intent or charge.",
                None,
                Some("parameter_missing"),
            ));
        }
    };
    let charge = change
        .account
        .get_of("charge", &charge_id)
        .ok_or_else(|| Refusal::no_such("charge", &charge_id, "charge"))?;
    // What a partial capture released counts as refunded already.
    if str_of(&charge, "status") == "failed" {
        return Err(Refusal::invalid(
            &format!("Charge {charge_id} failed: there is nothing to refund."),
            Some("charge"),
            Some("charge_not_refundable"),
        ));
    }
    let whole = int_of(&charge, "amount");
    let already = int_of(&charge, "amount_refunded");
    let left = whole.saturating_sub(already);
    if left <= 0 {
        return Err(Refusal::invalid(
            &format!("Charge {charge_id} has already been refunded."),
            None,
            Some("charge_already_refunded"),
        ));
    }
    let amount = int_param(params, "amount").unwrap_or(left);
    if amount <= 0 || amount > left {
        return Err(Refusal::invalid(
            &format!(
                "Refund amount ({amount}) is greater than unrefunded amount on charge ({left})"
            ),
            Some("amount"),
            None,
        ));
    }
    set(refund, "amount", json!(amount));
    set(refund, "charge", json!(charge_id));
    set(refund, "payment_intent", charge["payment_intent"].clone());
    set(refund, "currency", charge["currency"].clone());
    set(refund, "status", json!("succeeded"));
    change.update(&charge_id, Some("charge.refunded"), |charge| {
        set(
            charge,
            "amount_refunded",
            json!(already.saturating_add(amount)),
        );
        set(
            charge,
            "refunded",
            json!(already.saturating_add(amount) >= whole),
        );
    });
    Ok(true)
}
