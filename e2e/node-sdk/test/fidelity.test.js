'use strict';
// Sinch fidelity through the official SDK (docs/sinch-compatibility.md): what Verigate forwards of a body it does
// not interpret, read where Sinch would read it (the sandbox's record of what it received), and each refusal only
// Verigate makes, with its own code, reaching nothing.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { randomUUID } = require('node:crypto');
const { Verification } = require('@sinch/sdk-core');
const {
  verificationClient,
  freshNumber,
  freshReference,
  delivered,
  received,
  rejectsWithSinchError,
} = require('./helpers');

const TIMEOUT = { timeout: 30_000 };
const sinch = verificationClient();
const { startVerificationHelper } = Verification;

/** The one start body the sandbox received for the number. */
async function receivedStart(number) {
  const all = await received(number);
  assert.equal(all.length, 1, `one body reached the sandbox for ${number}: ${JSON.stringify(all)}`);
  assert.equal(all[0].request, 'start');
  return all[0].body;
}

/** A request plugin (runs after the SDK signed the request) that sets one header. */
function header(name, value) {
  return {
    getName: () => `Header ${name}`,
    load: () => ({ transform: (data) => { data.headers.set(name, value); return data; } }),
  };
}

/**
 * A request plugin that replays: it keeps the first request's x-timestamp and signature and puts them on every later
 * request, as an attacker who captured one signed request would.
 */
function replaying() {
  let captured;
  return {
    getName: () => 'Replay',
    load: () => ({
      transform: (data) => {
        if (!captured) {
          captured = { timestamp: data.headers.get('x-timestamp'), authorization: data.headers.get('authorization') };
        } else {
          data.headers.set('x-timestamp', captured.timestamp);
          data.headers.set('authorization', captured.authorization);
        }
        return data;
      },
    }),
  };
}

describe('fields Verigate does not interpret reach Sinch unchanged', () => {
  it('sms: unknown top-level fields, identity keys and smsOptions keys; known ones in canonical form', TIMEOUT,
    async () => {
      const number = freshNumber();
      await sinch.verifications.startSms({
        startVerificationWithSmsRequestBody: {
          identity: { type: 'number', endpoint: number, verified: false },
          custom: 'user=42',
          metadata: { os: 'android', tags: [1, { a: null }] },
          smsOptions: { codeType: 'numeric', template: 'Your code: {{CODE}}', futureOption: { x: 1 } },
        },
      });
      const upstream = await receivedStart(number);
      assert.deepEqual(upstream.metadata, { os: 'android', tags: [1, { a: null }] });
      assert.equal(upstream.identity.verified, false);
      assert.deepEqual(upstream.smsOptions,
        { codeType: 'Numeric', template: 'Your code: {{CODE}}', futureOption: { x: 1 } },
        'the code type in Sinch\'s spelling, the rest as sent');
      assert.equal(upstream.method, 'sms');
      assert.equal(upstream.custom, 'user=42');
    });

  it('flashcall: the legacy cli option and another method\'s options', TIMEOUT, async () => {
    const number = freshNumber();
    const request = startVerificationHelper.buildFlashCallRequest(number, undefined, 15);
    request.startVerificationWithFlashCallRequestBody.flashCallOptions.cli = '+46700000001';
    request.startVerificationWithFlashCallRequestBody.smsOptions = { codeType: 'Hex' };
    await sinch.verifications.startFlashCall(request);
    const upstream = await receivedStart(number);
    assert.equal(upstream.flashCallOptions.cli, '+46700000001');
    assert.equal(upstream.flashCallOptions.dialTimeout, 15);
    assert.deepEqual(upstream.smsOptions, { codeType: 'Hex' }, 'Sinch\'s to ignore, not Verigate\'s to drop');
  });

  it('a report\'s unknown keys', TIMEOUT, async () => {
    const number = freshNumber();
    const started = await sinch.verifications.startSms(startVerificationHelper.buildSmsRequest(number));
    const { code } = await delivered(number, started.id);
    const report = await sinch.verifications.reportSmsById({
      id: started.id,
      reportSmsVerificationByIdRequestBody: { sms: { code, cli: 'InfoSMS' } },
    });
    assert.equal(report.status, 'SUCCESSFUL');
    const [last] = await received(number);
    assert.equal(last.request, 'report');
    assert.deepEqual(last.body, { method: 'sms', sms: { code, cli: 'InfoSMS' } });
  });

  it('only the reference is rewritten (namespaced per app)', TIMEOUT, async () => {
    const number = freshNumber();
    const reference = freshReference('fidelity');
    await sinch.verifications.startSms(startVerificationHelper.buildSmsRequest(number, reference));
    const upstream = await receivedStart(number);
    assert.ok(upstream.reference.endsWith(`:${reference}`), `${upstream.reference} carries the app's reference`);
    assert.deepEqual({ ...upstream, reference }, { identity: { type: 'number', endpoint: number }, method: 'sms', reference });
  });

  it('a body nested deeper than 8 levels is 400 / 40001 naming the field, and reaches nothing', TIMEOUT, async () => {
    const number = freshNumber();
    let deep = 1;
    for (let i = 0; i < 8; i++) {
      deep = { a: deep };
    }
    const body = await rejectsWithSinchError(sinch.verifications.startSms({
      startVerificationWithSmsRequestBody: { identity: { type: 'number', endpoint: number }, metadata: deep },
    }), 400, 40001);
    assert.match(body.message, /'metadata\.a\.a\.a\.a\.a\.a\.a'/);
    assert.deepEqual(await received(number), []);
  });
});

describe('refusals only Verigate makes have codes Sinch does not use, and reach nothing', () => {
  it('a replayed signed request is 401 / 40190', TIMEOUT, async () => {
    const replayer = verificationClient(undefined, undefined, [replaying()]);
    const number = freshNumber();
    const reference = freshReference('replayed');
    const request = () => startVerificationHelper.buildSmsRequest(number, reference);
    await replayer.verifications.startSms(request());
    const body = await rejectsWithSinchError(replayer.verifications.startSms(request()), 401, 40190);
    assert.match(body.message, /already received/);
    assert.equal((await received(number)).length, 1, 'only the first reached the sandbox');
  });

  it('an Idempotency-Key reused with another body is 422 / 42290', TIMEOUT, async () => {
    const keyed = verificationClient(undefined, undefined, [header('Idempotency-Key', randomUUID())]);
    const first = freshNumber();
    const second = freshNumber();
    await keyed.verifications.startSms(startVerificationHelper.buildSmsRequest(first));
    const body = await rejectsWithSinchError(
      keyed.verifications.startSms(startVerificationHelper.buildSmsRequest(second)), 422, 42290);
    assert.match(body.message, /Idempotency-Key/);
    assert.equal((await received(first)).length, 1);
    assert.deepEqual(await received(second), []);
  });

  it('an Idempotency-Key still in flight is 409 / 40990', TIMEOUT, async () => {
    const keyed = verificationClient(undefined, undefined, [header('Idempotency-Key', randomUUID())]);
    const slow = `${freshNumber().slice(0, -4)}0504`; // the sandbox answers it after its slow delay
    const request = () => startVerificationHelper.buildSmsRequest(slow);
    const answers = await Promise.allSettled([
      keyed.verifications.startSms(request()),
      new Promise((r) => setTimeout(r, 200)).then(() => keyed.verifications.startSms(request())),
    ]);
    assert.equal(answers[0].status, 'fulfilled', `the first start is answered: ${answers[0].reason}`);
    await rejectsWithSinchError(Promise.reject(answers[1].reason), 409, 40990);
    assert.equal((await received(slow)).length, 1, 'one start reached the sandbox');
  });

  it('a body over the size limit is 413 / 41390', TIMEOUT, async () => {
    const number = freshNumber();
    await rejectsWithSinchError(sinch.verifications.startSms({
      startVerificationWithSmsRequestBody: {
        identity: { type: 'number', endpoint: number }, metadata: { blob: 'x'.repeat(70_000) },
      },
    }), 413, 41390);
    assert.deepEqual(await received(number), []);
  });

  it('Sinch refusing the gateway\'s own credentials is 503 / 50390, not a 401 that blames the app', {
    ...TIMEOUT,
    skip: !(process.env.E2E_STALE_APP_KEY && process.env.E2E_STALE_APP_SECRET) && 'E2E_STALE_APP_KEY/SECRET not set',
  }, async () => {
    const stale = verificationClient(process.env.E2E_STALE_APP_KEY, process.env.E2E_STALE_APP_SECRET);
    const number = freshNumber();
    const body = await rejectsWithSinchError(
      stale.verifications.startSms(startVerificationHelper.buildSmsRequest(number)), 503, 50390);
    assert.match(body.message, /gateway's credentials/);
    assert.deepEqual(await received(number), [], 'the sandbox refused it at its door');
    await sinch.verifications.startSms(startVerificationHelper.buildSmsRequest(number));
    assert.equal((await received(number)).length, 1, 'the refused start held no cooldown on the number');
  });

  it('a lookup by number with an unknown method is 400 / 40001, as the sandbox answers it', TIMEOUT, async () => {
    const body = await rejectsWithSinchError(
      sinch.verificationStatus.getByIdentity({ endpoint: freshNumber(), method: 'pigeon' }), 400, 40001);
    assert.match(body.message, /must be one of sms, flashcall, callout, whatsapp/);
  });
});
