'use strict';
// Shared set-up for the end-to-end tests: the SDK client pointed at Verigate, fresh numbers, the sandbox
// inbox and its record of received bodies, and an assertion for Sinch error bodies. Everything Sinch-side goes
// through the official SDK; the only hand-made HTTP is to the sandbox's own endpoints, which are not a Sinch API.

const assert = require('node:assert/strict');
const { randomInt } = require('node:crypto');
const { SinchClient, RequestFailedError } = require('@sinch/sdk-core');

function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} must be set (run the tests through run.sh, or export it yourself)`);
  }
  return value;
}

const BASE_URL = env('VERIGATE_URL').replace(/\/+$/, '');
const APP_KEY = env('E2E_APP_KEY');
const APP_SECRET = env('E2E_APP_SECRET');

/**
 * A Verification client exactly as an app would build it: only the host and the credentials change. Request plugins
 * (the SDK runs them after it signed the request) add headers such as an Idempotency-Key.
 */
function verificationClient(applicationKey = APP_KEY, applicationSecret = APP_SECRET, requestPlugins = []) {
  return new SinchClient({ applicationKey, applicationSecret, verificationHostname: BASE_URL, requestPlugins })
    .verification;
}

// Sandbox magic suffixes (docs/sandbox.md): a fresh number must never end in one of them.
const MAGIC_SUFFIXES = ['0403', '0410', '0429', '0500', '0503', '0504'];
const used = new Set();

/**
 * A fresh, valid Swedish mobile number (+46 70 9xx xx xx) never handed out before in this run: the gateway has
 * a per-number cooldown, so every start gets its own number.
 */
function freshNumber() {
  for (;;) {
    const number = `+46709${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    if (!used.has(number) && !MAGIC_SUFFIXES.some((s) => number.endsWith(s))) {
      used.add(number);
      return number;
    }
  }
}

/** A fresh reference, unique per run and per call. */
function freshReference(label) {
  return `e2e-${label}-${Date.now().toString(36)}-${randomInt(0, 1e9).toString(36)}`;
}

/** Reads what the phone received for the verification (the newest inbox entry with that id), polling briefly. */
async function delivered(number, verificationId, { timeoutMs = 5000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${BASE_URL}/sandbox/inbox/${number}`, { signal: AbortSignal.timeout(5000) });
    assert.equal(res.status, 200, `GET /sandbox/inbox/${number} answered ${res.status}`);
    const messages = await res.json();
    assert.ok(Array.isArray(messages), 'the inbox is a JSON array');
    const message = messages.find((m) => m.verificationId === verificationId);
    if (message) {
      return message;
    }
    if (Date.now() > deadline) {
      assert.fail(`nothing delivered to ${number} for verification ${verificationId}: ${JSON.stringify(messages)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The start and report bodies that reached the sandbox for the number (what Sinch would have received), newest
 * first; [] when nothing did.
 */
async function received(number) {
  const res = await fetch(`${BASE_URL}/sandbox/received/${number}`, { signal: AbortSignal.timeout(5000) });
  assert.equal(res.status, 200, `GET /sandbox/received/${number} answered ${res.status}`);
  return res.json();
}

/**
 * Asserts that the SDK call rejects the way the SDK surfaces a Sinch error: a RequestFailedError carrying the HTTP
 * status, whose data is the Sinch error body {errorCode, message, reference}. Returns the parsed body.
 */
async function rejectsWithSinchError(promise, httpStatus, errorCodes) {
  const codes = [].concat(errorCodes);
  let body;
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof RequestFailedError, `expected a RequestFailedError, got ${err && err.stack}`);
    assert.equal(err.statusCode, httpStatus, `HTTP status (error: ${err.message}, body: ${err.data})`);
    assert.equal(typeof err.data, 'string', 'the SDK keeps the error body as JSON text in err.data');
    body = JSON.parse(err.data);
    assert.ok(codes.includes(body.errorCode), `errorCode ${body.errorCode} is one of ${codes} (body: ${err.data})`);
    assert.equal(typeof body.errorCode, 'number', 'errorCode is a JSON number');
    assert.equal(typeof body.message, 'string');
    assert.ok(body.message.length > 0, 'the error has a message');
    assert.match(body.reference, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      'the error reference is a UUID');
    return true;
  });
  return body;
}

/** The _links of a start response: status (GET) and report (PUT), both at Verigate's /verifications/id/{id}. */
function assertLinks(started) {
  assert.ok(Array.isArray(started._links), '_links is an array');
  const expected = `${BASE_URL}/verification/v1/verifications/id/${started.id}`;
  const byRel = Object.fromEntries(started._links.map((l) => [l.rel, l]));
  assert.deepEqual(byRel.status, { rel: 'status', href: expected, method: 'GET' });
  assert.deepEqual(byRel.report, { rel: 'report', href: expected, method: 'PUT' });
}

/** The fields every status answer carries for a number verification made by this run. */
function assertStatus(status, { id, method, number, statusValue, reference }) {
  assert.equal(status.id, id);
  assert.equal(status.method, method);
  assert.equal(status.status, statusValue);
  assert.deepEqual(status.identity, { type: 'number', endpoint: number });
  assert.equal(status.countryId, 'SE');
  // Sinch sends verificationTimestamp without a zone; the SDK revives it into a Date (assuming UTC).
  assert.ok(status.verificationTimestamp instanceof Date, 'verificationTimestamp revived as a Date');
  assert.ok(!Number.isNaN(status.verificationTimestamp.getTime()), 'verificationTimestamp is a valid date');
  assert.ok(Math.abs(Date.now() - status.verificationTimestamp.getTime()) < 10 * 60_000,
    `verificationTimestamp ${status.verificationTimestamp.toISOString()} is recent (UTC)`);
  assert.ok(status.price && status.price.verificationPrice, 'price.verificationPrice is present');
  assert.equal(typeof status.price.verificationPrice.currencyId, 'string');
  assert.equal(typeof status.price.verificationPrice.amount, 'number');
  if (reference !== undefined) {
    assert.equal(status.reference, reference, 'the reference reads back as the app sent it');
  }
}

module.exports = {
  BASE_URL,
  APP_KEY,
  APP_SECRET,
  verificationClient,
  freshNumber,
  freshReference,
  delivered,
  received,
  rejectsWithSinchError,
  assertLinks,
  assertStatus,
};
