"""Drive a Stripe mock server through Stripe's official Python SDK (stripe 5.x, API 2022-11-15).

Environment:
  STRIPE_MOCK_URL   base URL of the mock, e.g. http://127.0.0.1:12111
  STRIPE_MOCK_MODE  `stateless` (answers from fixtures) or `stateful` (keeps objects)

Prints the SDK version, then one line per step (`ok <step>`, `FAIL <step>: <reason>` or
`skip <step>: <reason>`), and exits 1 if any step failed.
"""

import os
import sys
import traceback
import uuid

import stripe
from stripe.version import VERSION

API_VERSION = "2022-11-15"
EMAIL = "jenny@example.com"

URL = os.environ.get("STRIPE_MOCK_URL", "").rstrip("/")
MODE = os.environ.get("STRIPE_MOCK_MODE", "")
if not URL or MODE not in ("stateless", "stateful"):
    sys.exit("set STRIPE_MOCK_URL and STRIPE_MOCK_MODE=stateless|stateful")
STATEFUL = MODE == "stateful"

stripe.api_key = "sk_test_123"
stripe.api_base = URL
stripe.max_network_retries = 2
# stripe-python 5.x sends no Stripe-Version unless told (it pins one only from 6.0).
stripe.api_version = API_VERSION


class Failed(Exception):
    """A step's assertion that did not hold."""


class Skipped(Exception):
    """A step that the mode does not promise."""


def check(cond, reason):
    if not cond:
        raise Failed(reason)


def expect_error(cls, call):
    """Runs `call`, which must raise `cls`; returns the error."""
    try:
        got = call()
    except cls as e:
        return e
    except stripe.error.StripeError as e:
        raise Failed(
            "expected %s, got %s (http %s, code %s): %s"
            % (cls.__name__, type(e).__name__, e.http_status, e.code, e.user_message)
        )
    raise Failed("expected %s, got an answer: %r" % (cls.__name__, got))


state = {}
failures = []


def one_line(text, limit=400):
    """A reason on one line, cut to `limit` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "..."


def fail(name, reason):
    failures.append(name)
    print("FAIL %s: %s" % (name, one_line(reason)))


def step(name):
    def run(fn):
        try:
            fn()
            print("ok %s" % name)
        except Skipped as e:
            print("skip %s: %s" % (name, e))
        except Failed as e:
            fail(name, e)
        except stripe.error.StripeError as e:
            fail(name, "%s (http %s, code %s, param %s): %s" % (
                type(e).__name__, e.http_status, e.code, getattr(e, "param", None),
                e.user_message))
        except Exception as e:  # a bug in the scenario or an answer the SDK cannot read
            fail(name, "%s: %s" % (type(e).__name__, e))
            traceback.print_exc(file=sys.stderr)
        sys.stdout.flush()
        return fn

    return run


def customer_id():
    check("customer" in state, "no customer from create_customer")
    return state["customer"].id


print("python stripe %s" % VERSION)


@step("create_customer")
def _():
    c = stripe.Customer.create(email=EMAIL, metadata={"order": "6735"})
    check(c.object == "customer", "object is %r" % c.get("object"))
    check(c.id.startswith("cus_"), "id %r does not start with cus_" % c.id)
    check(c.email == EMAIL, "email %r, sent %r" % (c.email, EMAIL))
    state["customer"] = c
    # stripe-mock reflects only scalar parameters: metadata comes back empty there.
    if STATEFUL:
        check(c.metadata.get("order") == "6735", "metadata %r" % dict(c.metadata))


@step("retrieve_customer")
def _():
    cid = customer_id()
    c = stripe.Customer.retrieve(cid)
    check(c.id == cid, "retrieved id %r, asked for %r" % (c.id, cid))
    if STATEFUL:
        check(c.email == EMAIL, "email %r, created with %r" % (c.email, EMAIL))
        check(c.metadata.get("order") == "6735", "metadata %r" % dict(c.metadata))


@step("update_customer")
def _():
    cid = customer_id()
    c = stripe.Customer.modify(cid, description="scenario customer")
    check(c.id == cid, "updated id %r, asked for %r" % (c.id, cid))
    check(c.description == "scenario customer", "description %r" % c.description)
    if STATEFUL:
        again = stripe.Customer.retrieve(cid)
        check(again.description == "scenario customer",
              "description after retrieve %r" % again.description)


@step("list_autopaging")
def _():
    created = [customer_id()]
    if STATEFUL:
        for i in range(4):
            created.append(stripe.Customer.create(email="page%d@example.com" % i).id)
    seen = {}
    pages = stripe.Customer.list(limit=2)
    check(pages.object == "list", "object is %r" % pages.get("object"))
    check(len(pages.data) <= 2, "limit=2 answered %d items" % len(pages.data))
    for n, c in enumerate(pages.auto_paging_iter()):
        check(n < 10000, "auto-pagination did not stop after 10000 items")
        check(c.object == "customer", "item object %r" % c.get("object"))
        seen[c.id] = seen.get(c.id, 0) + 1
    check(seen, "no customer listed")
    if STATEFUL:
        dup = sorted(i for i, k in seen.items() if k > 1)
        check(not dup, "listed more than once: %s" % dup)
        missing = [i for i in created if i not in seen]
        check(not missing, "created but not listed: %s (listed %d)" % (missing, len(seen)))


@step("search_customers")
def _():
    query = "email:'%s'" % EMAIL
    res = stripe.Customer.search(query=query)
    check(res.object == "search_result", "object is %r" % res.get("object"))
    check(isinstance(res.data, list), "data is %r" % type(res.data))
    for c in res.data:
        check(c.object == "customer", "item object %r" % c.get("object"))
    if STATEFUL:
        ids = [c.id for c in res.auto_paging_iter()]
        check(customer_id() in ids, "created %s not found among %s" % (customer_id(), ids))
        for c in res.data:
            check(c.email == EMAIL, "search matched %s with email %r" % (c.id, c.email))


@step("expand_customer")
def _():
    cid = customer_id()
    pi = stripe.PaymentIntent.create(amount=2000, currency="usd", customer=cid)
    check(pi.id.startswith("pi_"), "id %r" % pi.id)
    got = stripe.PaymentIntent.retrieve(pi.id, expand=["customer"])
    check(got.id == pi.id, "retrieved id %r, asked for %r" % (got.id, pi.id))
    check(isinstance(got.customer, stripe.Customer),
          "customer not expanded: %r" % (got.customer,))
    if STATEFUL:
        check(got.customer.id == cid, "expanded customer %r, expected %r" % (got.customer.id, cid))
        check(got.amount == 2000 and got.currency == "usd",
              "amount %r currency %r" % (got.amount, got.currency))


@step("idempotent_retry")
def _():
    key = "scenario-py-%s" % uuid.uuid4()
    a = stripe.Customer.create(email="idem@example.com", idempotency_key=key)
    b = stripe.Customer.create(email="idem@example.com", idempotency_key=key)
    check(a.id.startswith("cus_") and b.id.startswith("cus_"), "ids %r %r" % (a.id, b.id))
    if STATEFUL:
        check(a.id == b.id, "same key gave two customers: %s, %s" % (a.id, b.id))
        replayed = b.last_response.headers.get("Idempotent-Replayed")
        check(replayed == "true", "second answer's Idempotent-Replayed header is %r" % replayed)


@step("confirm_true")
def _():
    # Python sends the boolean as `confirm=True`.
    pi = stripe.PaymentIntent.create(
        amount=2000, currency="usd", confirm=True, payment_method="pm_card_visa")
    check(pi.id.startswith("pi_"), "id %r" % pi.id)
    if STATEFUL:
        check(pi.status == "succeeded", "status %r" % pi.status)
        check(pi.amount_received == 2000, "amount_received %r" % pi.amount_received)


if STATEFUL:
    @step("decline")
    def _():
        pi = stripe.PaymentIntent.create(amount=2000, currency="usd")
        e = expect_error(stripe.error.CardError, lambda: stripe.PaymentIntent.confirm(
            pi.id, payment_method="pm_card_chargeDeclined"))
        check(e.code == "card_declined", "code %r" % e.code)
        check(e.http_status == 402, "http status %r" % e.http_status)
else:
    @step("invalid_param")
    def _():
        e = expect_error(stripe.error.InvalidRequestError,
                         lambda: stripe.Customer.create(email=EMAIL, foo="bar"))
        check(e.http_status == 400, "http status %r" % e.http_status)
        # stripe-mock names neither `param` nor the parameter in its validation errors, so
        # the stateless mode promises only that a `param`, when given, is the right one.
        check(e.param in (None, "foo"), "param %r, message %r" % (e.param, e.user_message))


@step("subscription_invoice")
def _():
    if not STATEFUL:
        raise Skipped("stateful only")
    product = stripe.Product.create(name="Scenario plan")
    price = stripe.Price.create(
        product=product.id, unit_amount=1000, currency="usd", recurring={"interval": "month"})
    check(price.recurring and price.recurring.interval == "month", "recurring %r" % price.recurring)
    cus = stripe.Customer.create(
        email="subscriber@example.com",
        payment_method="pm_card_visa",
        invoice_settings={"default_payment_method": "pm_card_visa"},
    )
    sub = stripe.Subscription.create(customer=cus.id, items=[{"price": price.id}])
    check(sub.status == "active", "status %r" % sub.status)
    check(sub["items"].data and sub["items"].data[0].price.id == price.id,
          "items %r" % sub["items"])
    check(sub.latest_invoice, "no latest_invoice")
    inv = stripe.Invoice.retrieve(sub.latest_invoice)
    check(inv.subscription == sub.id, "invoice's subscription %r, expected %r" % (inv.subscription, sub.id))
    check(inv.status == "paid", "invoice status %r" % inv.status)
    check(inv.customer == cus.id, "invoice's customer %r, expected %r" % (inv.customer, cus.id))
    check(inv.amount_paid == 1000, "amount_paid %r" % inv.amount_paid)


@step("missing_object")
def _():
    if not STATEFUL:
        raise Skipped("stateless answers any id")
    e = expect_error(stripe.error.InvalidRequestError,
                     lambda: stripe.Customer.retrieve("cus_doesnotexist"))
    check(e.code == "resource_missing", "code %r" % e.code)
    check(e.http_status == 404, "http status %r" % e.http_status)
    check(e.param == "id", "param %r" % e.param)


print("%d failed" % len(failures) if failures else "all steps passed")
sys.exit(1 if failures else 0)
