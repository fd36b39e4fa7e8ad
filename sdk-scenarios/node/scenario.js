// Drive a Stripe mock server through Stripe's official Node SDK (stripe 11.x, API 2022-11-15).
//
// Environment:
//   STRIPE_MOCK_URL   base URL of the mock, e.g. http://127.0.0.1:12111
//   STRIPE_MOCK_MODE  `stateless` (answers from fixtures) or `stateful` (keeps objects)
//
// Prints the SDK version, then one line per step (`ok <step>`, `FAIL <step>: <reason>` or
// `skip <step>: <reason>`), and exits 1 if any step failed.
'use strict';

const crypto = require('crypto');
const Stripe = require('stripe');

const API_VERSION = '2022-11-15';
const EMAIL = 'jenny@example.com';

const URL_ = process.env.STRIPE_MOCK_URL || '';
const MODE = process.env.STRIPE_MOCK_MODE || '';
if (!URL_ || !['stateless', 'stateful'].includes(MODE)) {
  console.error('set STRIPE_MOCK_URL and STRIPE_MOCK_MODE=stateless|stateful');
  process.exit(2);
}
const STATEFUL = MODE === 'stateful';

const base = new URL(URL_);
const stripe = new Stripe('sk_test_123', {
  host: base.hostname,
  port: base.port || (base.protocol === 'https:' ? 443 : 80),
  protocol: base.protocol.replace(':', ''),
  // stripe-node 11 sends no Stripe-Version unless told (it pins one only from 12.0).
  apiVersion: API_VERSION,
  maxNetworkRetries: 2,
});

class Failed extends Error {}
class Skipped extends Error {}

function check(cond, reason) {
  if (!cond) throw new Failed(reason);
}

// Awaits `promise`, which must reject with an error of `type` (e.g. 'StripeCardError').
async function expectError(type, promise) {
  let got;
  try {
    got = await promise;
  } catch (e) {
    if (e.type === type) return e;
    throw new Failed(
      `expected ${type}, got ${e.type} (http ${e.statusCode}, code ${e.code}): ${e.message}`
    );
  }
  throw new Failed(`expected ${type}, got an answer: ${JSON.stringify(got)}`);
}

const state = {};
const failures = [];

// A reason on one line, cut to `limit` characters.
function oneLine(text, limit = 400) {
  const flat = String(text).split(/\s+/).join(' ').trim();
  return flat.length <= limit ? flat : `${flat.slice(0, limit)}...`;
}

function fail(name, reason) {
  failures.push(name);
  console.log(`FAIL ${name}: ${oneLine(reason)}`);
}

async function step(name, fn) {
  try {
    await fn();
    console.log(`ok ${name}`);
  } catch (e) {
    if (e instanceof Skipped) {
      console.log(`skip ${name}: ${e.message}`);
      return;
    }
    if (e instanceof Failed) {
      fail(name, e.message);
    } else if (e instanceof Stripe.errors.StripeError) {
      fail(name, `${e.type} (http ${e.statusCode}, code ${e.code}, param ${e.param}): ${e.message}`);
    } else {
      // a bug in the scenario or an answer the SDK cannot read
      fail(name, `${e && e.name}: ${e && e.message}`);
      console.error(e);
    }
  }
}

function customerId() {
  check(state.customer, 'no customer from create_customer');
  return state.customer.id;
}

async function main() {
  console.log(`node stripe ${Stripe.PACKAGE_VERSION}`);

  await step('create_customer', async () => {
    const c = await stripe.customers.create({email: EMAIL, metadata: {order: '6735'}});
    check(c.object === 'customer', `object is ${c.object}`);
    check(c.id.startsWith('cus_'), `id ${c.id} does not start with cus_`);
    check(c.email === EMAIL, `email ${c.email}, sent ${EMAIL}`);
    state.customer = c;
    // stripe-mock reflects only scalar parameters: metadata comes back empty there.
    if (STATEFUL) {
      check(c.metadata && c.metadata.order === '6735', `metadata ${JSON.stringify(c.metadata)}`);
    }
  });

  await step('retrieve_customer', async () => {
    const id = customerId();
    const c = await stripe.customers.retrieve(id);
    check(c.id === id, `retrieved id ${c.id}, asked for ${id}`);
    if (STATEFUL) {
      check(c.email === EMAIL, `email ${c.email}, created with ${EMAIL}`);
      check(c.metadata.order === '6735', `metadata ${JSON.stringify(c.metadata)}`);
    }
  });

  await step('update_customer', async () => {
    const id = customerId();
    const c = await stripe.customers.update(id, {description: 'scenario customer'});
    check(c.id === id, `updated id ${c.id}, asked for ${id}`);
    check(c.description === 'scenario customer', `description ${c.description}`);
    if (STATEFUL) {
      const again = await stripe.customers.retrieve(id);
      check(
        again.description === 'scenario customer',
        `description after retrieve ${again.description}`
      );
    }
  });

  await step('list_autopaging', async () => {
    const created = [customerId()];
    if (STATEFUL) {
      for (let i = 0; i < 4; i++) {
        created.push((await stripe.customers.create({email: `page${i}@example.com`})).id);
      }
    }
    const first = await stripe.customers.list({limit: 2});
    check(first.object === 'list', `object is ${first.object}`);
    check(first.data.length <= 2, `limit=2 answered ${first.data.length} items`);
    const seen = new Map();
    let n = 0;
    for await (const c of stripe.customers.list({limit: 2})) {
      check(++n <= 10000, 'auto-pagination did not stop after 10000 items');
      check(c.object === 'customer', `item object ${c.object}`);
      seen.set(c.id, (seen.get(c.id) || 0) + 1);
    }
    check(seen.size > 0, 'no customer listed');
    if (STATEFUL) {
      const dup = [...seen].filter(([, k]) => k > 1).map(([id]) => id);
      check(dup.length === 0, `listed more than once: ${dup}`);
      const missing = created.filter((id) => !seen.has(id));
      check(missing.length === 0, `created but not listed: ${missing} (listed ${seen.size})`);
    }
  });

  await step('search_customers', async () => {
    const query = `email:'${EMAIL}'`;
    const res = await stripe.customers.search({query});
    check(res.object === 'search_result', `object is ${res.object}`);
    check(Array.isArray(res.data), `data is ${typeof res.data}`);
    for (const c of res.data) check(c.object === 'customer', `item object ${c.object}`);
    if (STATEFUL) {
      const ids = await stripe.customers.search({query}).autoPagingToArray({limit: 10000});
      const id = customerId();
      check(ids.some((c) => c.id === id), `created ${id} not found among ${ids.map((c) => c.id)}`);
      for (const c of res.data) {
        check(c.email === EMAIL, `search matched ${c.id} with email ${c.email}`);
      }
    }
  });

  await step('expand_customer', async () => {
    const id = customerId();
    const pi = await stripe.paymentIntents.create({amount: 2000, currency: 'usd', customer: id});
    check(pi.id.startsWith('pi_'), `id ${pi.id}`);
    const got = await stripe.paymentIntents.retrieve(pi.id, {expand: ['customer']});
    check(got.id === pi.id, `retrieved id ${got.id}, asked for ${pi.id}`);
    check(
      got.customer !== null && typeof got.customer === 'object' && got.customer.object === 'customer',
      `customer not expanded: ${JSON.stringify(got.customer)}`
    );
    if (STATEFUL) {
      check(got.customer.id === id, `expanded customer ${got.customer.id}, expected ${id}`);
      check(
        got.amount === 2000 && got.currency === 'usd',
        `amount ${got.amount} currency ${got.currency}`
      );
    }
  });

  await step('idempotent_retry', async () => {
    const idempotencyKey = `scenario-node-${crypto.randomUUID()}`;
    const a = await stripe.customers.create({email: 'idem@example.com'}, {idempotencyKey});
    const b = await stripe.customers.create({email: 'idem@example.com'}, {idempotencyKey});
    check(a.id.startsWith('cus_') && b.id.startsWith('cus_'), `ids ${a.id} ${b.id}`);
    if (STATEFUL) {
      check(a.id === b.id, `same key gave two customers: ${a.id}, ${b.id}`);
      const replayed = b.lastResponse.headers['idempotent-replayed'];
      check(replayed === 'true', `second answer's Idempotent-Replayed header is ${replayed}`);
    }
  });

  await step('confirm_true', async () => {
    // Node sends the boolean as `confirm=true`.
    const pi = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      confirm: true,
      payment_method: 'pm_card_visa',
    });
    check(pi.id.startsWith('pi_'), `id ${pi.id}`);
    if (STATEFUL) {
      check(pi.status === 'succeeded', `status ${pi.status}`);
      check(pi.amount_received === 2000, `amount_received ${pi.amount_received}`);
    }
  });

  if (STATEFUL) {
    await step('decline', async () => {
      const pi = await stripe.paymentIntents.create({amount: 2000, currency: 'usd'});
      const e = await expectError(
        'StripeCardError',
        stripe.paymentIntents.confirm(pi.id, {payment_method: 'pm_card_chargeDeclined'})
      );
      check(e instanceof Stripe.errors.StripeCardError, 'not a Stripe.errors.StripeCardError');
      check(e.code === 'card_declined', `code ${e.code}`);
      check(e.statusCode === 402, `http status ${e.statusCode}`);
    });
  } else {
    await step('invalid_param', async () => {
      const e = await expectError(
        'StripeInvalidRequestError',
        stripe.customers.create({email: EMAIL, foo: 'bar'})
      );
      check(e.statusCode === 400, `http status ${e.statusCode}`);
      // stripe-mock names neither `param` nor the parameter in its validation errors, so the
      // stateless mode promises only that a `param`, when given, is the right one.
      check(e.param === undefined || e.param === 'foo', `param ${e.param}, message ${e.message}`);
    });
  }

  await step('subscription_invoice', async () => {
    if (!STATEFUL) throw new Skipped('stateful only');
    const product = await stripe.products.create({name: 'Scenario plan'});
    const price = await stripe.prices.create({
      product: product.id,
      unit_amount: 1000,
      currency: 'usd',
      recurring: {interval: 'month'},
    });
    check(price.recurring && price.recurring.interval === 'month', `recurring ${JSON.stringify(price.recurring)}`);
    const cus = await stripe.customers.create({
      email: 'subscriber@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: {default_payment_method: 'pm_card_visa'},
    });
    const sub = await stripe.subscriptions.create({customer: cus.id, items: [{price: price.id}]});
    check(sub.status === 'active', `status ${sub.status}`);
    check(
      sub.items.data.length > 0 && sub.items.data[0].price.id === price.id,
      `items ${JSON.stringify(sub.items)}`
    );
    check(sub.latest_invoice, 'no latest_invoice');
    const inv = await stripe.invoices.retrieve(sub.latest_invoice);
    check(inv.subscription === sub.id, `invoice's subscription ${inv.subscription}, expected ${sub.id}`);
    check(inv.status === 'paid', `invoice status ${inv.status}`);
    check(inv.customer === cus.id, `invoice's customer ${inv.customer}, expected ${cus.id}`);
    check(inv.amount_paid === 1000, `amount_paid ${inv.amount_paid}`);
  });

  await step('missing_object', async () => {
    if (!STATEFUL) throw new Skipped('stateless answers any id');
    const e = await expectError(
      'StripeInvalidRequestError',
      stripe.customers.retrieve('cus_doesnotexist')
    );
    check(e.code === 'resource_missing', `code ${e.code}`);
    check(e.statusCode === 404, `http status ${e.statusCode}`);
    check(e.param === 'id', `param ${e.param}`);
  });

  console.log(failures.length ? `${failures.length} failed` : 'all steps passed');
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
