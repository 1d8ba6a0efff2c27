'use strict';
// The official Sinch Node SDK (@sinch/sdk-core → @sinch/verification) against Verigate, exactly as an app uses it:
// only verificationHostname and the application key/secret differ from a Sinch set-up. Requests are
// Application-signed by the SDK (its only auth scheme for Verification).

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { randomUUID } = require('node:crypto');
const { Verification } = require('@sinch/sdk-core');
const {
  verificationClient,
  freshNumber,
  freshReference,
  delivered,
  rejectsWithSinchError,
  assertLinks,
  assertStatus,
} = require('./helpers');

const TIMEOUT = { timeout: 30_000 };
const sinch = verificationClient();
const { startVerificationHelper, reportVerificationByIdHelper, reportVerificationByIdentityHelper } = Verification;

/** A code that differs from the right one in every position (digits stay digits, letters stay letters). */
function wrongCode(code) {
  return [...code].map((c) => (/\d/.test(c) ? String((Number(c) + 1) % 10) : c === 'A' ? 'B' : 'A')).join('');
}

describe('sms', () => {
  it('start → inbox → report by id → status by id, by identity and by reference', TIMEOUT, async () => {
    const number = freshNumber();
    const reference = freshReference('sms');
    const started = await sinch.verifications.startSms({
      startVerificationWithSmsRequestBody: {
        identity: { type: 'number', endpoint: number },
        reference,
        custom: 'user=42',
        smsOptions: { expiry: '00:05:00', codeType: 'Numeric' },
      },
    });
    assert.match(started.id, /\S/, 'start answers an id');
    assert.equal(started.method, 'sms');
    assert.ok(started.sms.template.includes('{{CODE}}'), `template ${started.sms.template} has {{CODE}}`);
    assert.equal(typeof started.sms.interceptionTimeout, 'number');
    assertLinks(started);

    const sms = await delivered(number, started.id);
    assert.equal(sms.method, 'sms');
    assert.match(sms.code, /^\d{4,10}$/, 'a Numeric code');
    assert.equal(sms.text, started.sms.template.replace('{{CODE}}', sms.code));

    const pending = await sinch.verificationStatus.getById({ id: started.id });
    assertStatus(pending, { id: started.id, method: 'sms', number, statusValue: 'PENDING', reference });

    const report = await sinch.verifications.reportSmsById({
      id: started.id,
      reportSmsVerificationByIdRequestBody: { sms: { code: sms.code } },
    });
    assert.equal(report.id, started.id);
    assert.equal(report.method, 'sms');
    assert.equal(report.status, 'SUCCESSFUL');

    const byId = await sinch.verificationStatus.getById({ id: started.id });
    assertStatus(byId, { id: started.id, method: 'sms', number, statusValue: 'SUCCESSFUL', reference });
    assert.equal(byId.source, 'manual');
    assert.equal(byId.reason, undefined, 'no reason on SUCCESSFUL');

    const byIdentity = await sinch.verificationStatus.getByIdentity({ endpoint: number, method: 'sms' });
    assertStatus(byIdentity, { id: started.id, method: 'sms', number, statusValue: 'SUCCESSFUL', reference });

    const byReference = await sinch.verificationStatus.getByReference({ reference });
    assertStatus(byReference, { id: started.id, method: 'sms', number, statusValue: 'SUCCESSFUL', reference });
  });

  it('start (SDK request helper) → report by identity → status by identity', TIMEOUT, async () => {
    const number = freshNumber();
    const reference = freshReference('sms-identity');
    const started = await sinch.verifications.startSms(startVerificationHelper.buildSmsRequest(number, reference));
    assert.equal(started.method, 'sms');
    const { code } = await delivered(number, started.id);

    const report = await sinch.verifications.reportSmsByIdentity(
      reportVerificationByIdentityHelper.buildSmsRequest(number, code));
    assert.equal(report.id, started.id, 'the report by identity lands on the number\'s latest verification');
    assert.equal(report.method, 'sms');
    assert.equal(report.status, 'SUCCESSFUL');

    const byIdentity = await sinch.verificationStatus.getByIdentity({ endpoint: number, method: 'sms' });
    assertStatus(byIdentity, { id: started.id, method: 'sms', number, statusValue: 'SUCCESSFUL', reference });
    const byReference = await sinch.verificationStatus.getByReference({ reference });
    assert.equal(byReference.id, started.id);
  });

  it('a wrong code is FAIL / Invalid code', TIMEOUT, async () => {
    const number = freshNumber();
    const started = await sinch.verifications.startSms(startVerificationHelper.buildSmsRequest(number));
    const { code } = await delivered(number, started.id);

    const report = await sinch.verifications.reportSmsById(
      reportVerificationByIdHelper.buildSmsRequest(started.id, wrongCode(code)));
    assert.equal(report.id, started.id);
    assert.equal(report.method, 'sms');
    assert.equal(report.status, 'FAIL');
    assert.equal(report.reason, 'Invalid code');

    // Whether a wrong code ends the verification is not documented by Sinch; the sandbox keeps it PENDING by
    // default (verigate.sandbox.wrong-code-terminal). Either way it is not SUCCESSFUL.
    const status = await sinch.verificationStatus.getById({ id: started.id });
    assert.ok(['PENDING', 'FAIL'].includes(status.status), `status ${status.status} after a wrong code`);
  });

  it('Accept-Language from smsOptions.locale selects the SMS language', TIMEOUT, async () => {
    const number = freshNumber();
    const started = await sinch.verifications.startSms(
      startVerificationHelper.buildSmsRequest(number, undefined, { locale: 'sv-SE' }));
    assert.equal(started.sms.template, 'Din verifieringskod är {{CODE}}.');
    const sms = await delivered(number, started.id);
    assert.equal(sms.text, `Din verifieringskod är ${sms.code}.`);
  });

  it('codeType Alpha gives a letters-only code', TIMEOUT, async () => {
    const number = freshNumber();
    const started = await sinch.verifications.startSms(
      startVerificationHelper.buildSmsRequest(number, undefined, { codeType: 'Alpha' }));
    assert.equal(started.sms.codeType, 'Alpha');
    const { code } = await delivered(number, started.id);
    assert.match(code, /^[A-Za-z]+$/);
    const report = await sinch.verifications.reportSmsById(
      reportVerificationByIdHelper.buildSmsRequest(started.id, code));
    assert.equal(report.status, 'SUCCESSFUL');
  });
});

describe('references', () => {
  // The Node SDK puts the reference into the path verbatim (no percent-encoding), so every character Verigate
  // accepts in a reference at start must come back through GET /verifications/reference/{reference}.
  for (const ch of ['-', '.', '_', '~', '!', '$', '&', "'", '(', ')', '*', '+', ',', '=', ':', '@']) {
    it(`a reference with ${JSON.stringify(ch)} reads back by reference`, TIMEOUT, async () => {
      const reference = freshReference(`c${ch}c`);
      const started = await sinch.verifications.startSms(startVerificationHelper.buildSmsRequest(freshNumber(), reference));
      const status = await sinch.verificationStatus.getByReference({ reference });
      assert.equal(status.id, started.id);
      assert.equal(status.reference, reference);
    });
  }

  it('a reference with ";" is refused (JAX-RS would read it as a matrix parameter on lookup)', TIMEOUT, async () => {
    await rejectsWithSinchError(sinch.verifications.startSms(
      startVerificationHelper.buildSmsRequest(freshNumber(), freshReference('semi;colon'))), 400, 40001);
  });

  it('a reference outside the allowed characters is 400 / 40001', TIMEOUT, async () => {
    await rejectsWithSinchError(sinch.verifications.startSms(
      startVerificationHelper.buildSmsRequest(freshNumber(), 'has space')), 400, 40001);
    await rejectsWithSinchError(sinch.verifications.startSms(
      startVerificationHelper.buildSmsRequest(freshNumber(), 'x'.repeat(129))), 400, 40001);
  });
});

describe('request bodies', () => {
  it('non-ASCII text in the signed body (custom) is accepted; 4096 characters pass, 4097 are 400 / 40001',
    TIMEOUT, async () => {
      // The signature covers MD5 over the UTF-8 bytes of the body: multi-byte characters must not break it.
      const started = await sinch.verifications.startSms({
        startVerificationWithSmsRequestBody: {
          identity: { type: 'number', endpoint: freshNumber() },
          custom: 'användare=Östen ✓ 😀',
        },
      });
      assert.equal(started.method, 'sms');
      await sinch.verifications.startSms({
        startVerificationWithSmsRequestBody: { identity: { type: 'number', endpoint: freshNumber() }, custom: 'é'.repeat(4096) },
      });
      await rejectsWithSinchError(sinch.verifications.startSms({
        startVerificationWithSmsRequestBody: { identity: { type: 'number', endpoint: freshNumber() }, custom: 'x'.repeat(4097) },
      }), 400, 40001);
    });
});

describe('flashcall', () => {
  it('start → missed call CLI → report by id → status by id and by identity', TIMEOUT, async () => {
    const number = freshNumber();
    const reference = freshReference('flashcall');
    const started = await sinch.verifications.startFlashCall(
      startVerificationHelper.buildFlashCallRequest(number, reference, 10, 30));
    assert.equal(started.method, 'flashcall');
    assert.equal(typeof started.flashCall.cliFilter, 'string');
    assert.equal(typeof started.flashCall.interceptionTimeout, 'number');
    assertLinks(started);

    const call = await delivered(number, started.id);
    assert.equal(call.method, 'flashcall');
    assert.match(call.cli, /^\+?\d+$/, 'the missed call has a caller id');
    assert.match(call.cli, new RegExp(started.flashCall.cliFilter), 'the CLI matches cliFilter');

    const report = await sinch.verifications.reportFlashCallById(
      reportVerificationByIdHelper.buildFlashCallRequest(started.id, call.cli));
    assert.equal(report.id, started.id);
    assert.equal(report.method, 'flashcall');
    assert.equal(report.status, 'SUCCESSFUL');

    const byId = await sinch.verificationStatus.getById({ id: started.id });
    assertStatus(byId, { id: started.id, method: 'flashcall', number, statusValue: 'SUCCESSFUL', reference });
    const byIdentity = await sinch.verificationStatus.getByIdentity({ endpoint: number, method: 'flashcall' });
    assertStatus(byIdentity, { id: started.id, method: 'flashcall', number, statusValue: 'SUCCESSFUL', reference });
    const byReference = await sinch.verificationStatus.getByReference({ reference });
    assert.equal(byReference.id, started.id);
  });

  it('report by identity; a wrong CLI is FAIL / Invalid CLI', TIMEOUT, async () => {
    const number = freshNumber();
    const started = await sinch.verifications.startFlashCall(startVerificationHelper.buildFlashCallRequest(number));
    const { cli } = await delivered(number, started.id);

    const wrong = await sinch.verifications.reportFlashCallByIdentity(
      reportVerificationByIdentityHelper.buildFlashCallRequest(number, `+${wrongCode(cli.replace(/^\+/, ''))}`));
    assert.equal(wrong.method, 'flashcall');
    assert.equal(wrong.status, 'FAIL');
    assert.equal(wrong.reason, 'Invalid CLI');

    const status = await sinch.verificationStatus.getByIdentity({ endpoint: number, method: 'flashcall' });
    assert.equal(status.id, started.id);
    if (status.status === 'PENDING') { // the sandbox default: a wrong CLI is not terminal
      const right = await sinch.verifications.reportFlashCallByIdentity(
        reportVerificationByIdentityHelper.buildFlashCallRequest(number, cli));
      assert.equal(right.status, 'SUCCESSFUL');
    } else {
      assert.equal(status.status, 'FAIL');
    }
  });
});

describe('callout (phone call)', () => {
  it('start → spoken code → report by id → status by id and by identity', TIMEOUT, async () => {
    const number = freshNumber();
    const reference = freshReference('callout');
    const started = await sinch.verifications.startPhoneCall(
      startVerificationHelper.buildPhoneCallRequest(number, reference, 'en-US'));
    assert.equal(started.method, 'callout');
    assertLinks(started);

    const call = await delivered(number, started.id);
    assert.equal(call.method, 'callout');
    assert.match(call.code, /^\w+$/);

    const report = await sinch.verifications.reportPhoneCallById(
      reportVerificationByIdHelper.buildPhoneCallRequest(started.id, call.code));
    assert.equal(report.id, started.id);
    assert.equal(report.method, 'callout');
    assert.equal(report.status, 'SUCCESSFUL');

    const byId = await sinch.verificationStatus.getById({ id: started.id });
    assertStatus(byId, { id: started.id, method: 'callout', number, statusValue: 'SUCCESSFUL', reference });
    // The SDK's "phonecall" method name becomes "callout" in the path.
    const byIdentity = await sinch.verificationStatus.getByIdentity({ endpoint: number, method: 'phonecall' });
    assertStatus(byIdentity, { id: started.id, method: 'callout', number, statusValue: 'SUCCESSFUL', reference });
    const byReference = await sinch.verificationStatus.getByReference({ reference });
    assert.equal(byReference.id, started.id);
  });

  it('report by identity', TIMEOUT, async () => {
    const number = freshNumber();
    const started = await sinch.verifications.startPhoneCall(startVerificationHelper.buildPhoneCallRequest(number));
    const { code } = await delivered(number, started.id);
    const report = await sinch.verifications.reportPhoneCallByIdentity(
      reportVerificationByIdentityHelper.buildPhoneCallRequest(number, code));
    assert.equal(report.id, started.id);
    assert.equal(report.status, 'SUCCESSFUL');
  });

  it('the deprecated startCallout/reportCalloutById (calloutOptions, callout) still work', TIMEOUT, async () => {
    const number = freshNumber();
    const started = await sinch.verifications.startCallout({
      startVerificationWithCalloutRequestBody: {
        identity: { type: 'number', endpoint: number },
        calloutOptions: { speech: { locale: 'sv-SE' } },
      },
    });
    assert.equal(started.method, 'callout');
    const { code } = await delivered(number, started.id);
    const report = await sinch.verifications.reportCalloutById({
      id: started.id,
      reportCalloutVerificationByIdRequestBody: { callout: { code } },
    });
    assert.equal(report.status, 'SUCCESSFUL');
  });
});

describe('whatsapp', () => {
  it('start → message → report by id → status by id and by identity', TIMEOUT, async () => {
    const number = freshNumber();
    const reference = freshReference('whatsapp');
    const started = await sinch.verifications.startWhatsApp(
      startVerificationHelper.buildWhatsAppRequest(number, reference, { codeType: 'Numeric' }));
    assert.equal(started.method, 'whatsapp');
    assert.equal(started.whatsapp.codeType, 'Numeric');
    assertLinks(started);

    const message = await delivered(number, started.id);
    assert.equal(message.method, 'whatsapp');
    assert.match(message.code, /^\d+$/);

    const report = await sinch.verifications.reportWhatsAppById(
      reportVerificationByIdHelper.buildWhatsAppRequest(started.id, message.code));
    assert.equal(report.id, started.id);
    assert.equal(report.method, 'whatsapp');
    assert.equal(report.status, 'SUCCESSFUL');

    const byId = await sinch.verificationStatus.getById({ id: started.id });
    assertStatus(byId, { id: started.id, method: 'whatsapp', number, statusValue: 'SUCCESSFUL', reference });
    const byIdentity = await sinch.verificationStatus.getByIdentity({ endpoint: number, method: 'whatsapp' });
    assertStatus(byIdentity, { id: started.id, method: 'whatsapp', number, statusValue: 'SUCCESSFUL', reference });
    const byReference = await sinch.verificationStatus.getByReference({ reference });
    assert.equal(byReference.id, started.id);
  });

  it('report by identity; a wrong code is FAIL / Invalid code', TIMEOUT, async () => {
    const number = freshNumber();
    const started = await sinch.verifications.startWhatsApp(startVerificationHelper.buildWhatsAppRequest(number));
    const { code } = await delivered(number, started.id);
    const wrong = await sinch.verifications.reportWhatsAppByIdentity(
      reportVerificationByIdentityHelper.buildWhatsAppRequest(number, wrongCode(code)));
    assert.equal(wrong.status, 'FAIL');
    assert.equal(wrong.reason, 'Invalid code');
    const status = await sinch.verificationStatus.getById({ id: started.id });
    if (status.status === 'PENDING') {
      const right = await sinch.verifications.reportWhatsAppByIdentity(
        reportVerificationByIdentityHelper.buildWhatsAppRequest(number, code));
      assert.equal(right.id, started.id);
      assert.equal(right.status, 'SUCCESSFUL');
    } else {
      assert.equal(status.status, 'FAIL');
    }
  });
});

describe('data (seamless)', () => {
  it('start → the device opens targetUri → status by id', TIMEOUT, async () => {
    const number = freshNumber();
    const reference = freshReference('seamless');
    const started = await sinch.verifications.startData(startVerificationHelper.buildDataRequest(number, reference));
    assert.equal(started.method, 'seamless');
    assert.match(started.seamless.targetUri, /^https?:\/\//);
    assertLinks(started);

    // The phone's side (over mobile data, straight to Sinch): not a Sinch API call, so plain fetch.
    const device = await fetch(started.seamless.targetUri, { signal: AbortSignal.timeout(5000) });
    assert.ok(device.ok, `the device GET of targetUri answered ${device.status}`);

    const status = await sinch.verificationStatus.getById({ id: started.id });
    assertStatus(status, { id: started.id, method: 'seamless', number, statusValue: 'SUCCESSFUL', reference });
  });
});

describe('errors the SDK surfaces', () => {
  it('an invalid number (+4613) is 400 / 40001, for every start method', TIMEOUT, async () => {
    const identity = { type: 'number', endpoint: '+4613' };
    await rejectsWithSinchError(sinch.verifications.startSms(
      { startVerificationWithSmsRequestBody: { identity } }), 400, 40001);
    await rejectsWithSinchError(sinch.verifications.startFlashCall(
      { startVerificationWithFlashCallRequestBody: { identity } }), 400, 40001);
    await rejectsWithSinchError(sinch.verifications.startPhoneCall(
      { startVerificationWithPhoneCallRequestBody: { identity } }), 400, 40001);
    await rejectsWithSinchError(sinch.verifications.startWhatsApp(
      { startVerificationWithWhatsAppRequestBody: { identity } }), 400, 40001);
  });

  it('an invalid number in a report by identity is 400 / 40001', TIMEOUT, async () => {
    await rejectsWithSinchError(sinch.verifications.reportSmsByIdentity(
      reportVerificationByIdentityHelper.buildSmsRequest('+4613', '1234')), 400, 40001);
  });

  it('invalid options are 400 / 40001', TIMEOUT, async () => {
    await rejectsWithSinchError(sinch.verifications.startSms(
      startVerificationHelper.buildSmsRequest(freshNumber(), undefined, { expiry: 'soon' })), 400, 40001);
    await rejectsWithSinchError(sinch.verifications.startFlashCall(
      startVerificationHelper.buildFlashCallRequest(freshNumber(), undefined, 500)), 400, 40001);
  });

  it('an unknown id, reference or number is 404 / 40400', TIMEOUT, async () => {
    const id = randomUUID();
    await rejectsWithSinchError(sinch.verificationStatus.getById({ id }), 404, 40400);
    await rejectsWithSinchError(sinch.verifications.reportSmsById(
      reportVerificationByIdHelper.buildSmsRequest(id, '1234')), 404, 40400);
    await rejectsWithSinchError(sinch.verificationStatus.getByReference(
      { reference: freshReference('unknown') }), 404, 40400);
    const never = freshNumber();
    await rejectsWithSinchError(sinch.verificationStatus.getByIdentity({ endpoint: never, method: 'sms' }), 404, 40400);
    await rejectsWithSinchError(sinch.verifications.reportSmsByIdentity(
      reportVerificationByIdentityHelper.buildSmsRequest(never, '1234')), 404, 40400);
  });

  it('a wrong secret and an unknown key answer alike: 401 / 40107', TIMEOUT, async () => {
    const wrongSecret = verificationClient(undefined, Buffer.from('not-the-secret-of-this-app').toString('base64'));
    const body = await rejectsWithSinchError(wrongSecret.verifications.startSms(
      startVerificationHelper.buildSmsRequest(freshNumber())), 401, [40107]);
    assert.ok(!JSON.stringify(body).includes('not-the-secret'), 'the error does not echo the secret');
    await rejectsWithSinchError(wrongSecret.verificationStatus.getById({ id: randomUUID() }), 401, [40107]);

    const unknownKey = verificationClient(`unknown-${randomUUID()}`);
    await rejectsWithSinchError(unknownKey.verificationStatus.getById({ id: randomUUID() }), 401, 40107);
  });

  it('a second start to the same number within the cooldown is 429 / 42901', TIMEOUT, async () => {
    const number = freshNumber();
    await sinch.verifications.startSms(startVerificationHelper.buildSmsRequest(number));
    await rejectsWithSinchError(sinch.verifications.startSms(startVerificationHelper.buildSmsRequest(number)),
      429, 42901);
  });

  it('a reused reference is 409 / 40900', TIMEOUT, async () => {
    const reference = freshReference('dup');
    await sinch.verifications.startSms(startVerificationHelper.buildSmsRequest(freshNumber(), reference));
    await rejectsWithSinchError(sinch.verifications.startSms(
      startVerificationHelper.buildSmsRequest(freshNumber(), reference)), 409, 40900);
  });

  it('another app\'s verification is 404 / 40400 on every endpoint', {
    ...TIMEOUT,
    skip: !(process.env.E2E_OTHER_APP_KEY && process.env.E2E_OTHER_APP_SECRET) && 'E2E_OTHER_APP_KEY/SECRET not set',
  }, async () => {
    const other = verificationClient(process.env.E2E_OTHER_APP_KEY, process.env.E2E_OTHER_APP_SECRET);
    const number = freshNumber();
    const reference = freshReference('mine');
    const started = await sinch.verifications.startSms(startVerificationHelper.buildSmsRequest(number, reference));
    const { code } = await delivered(number, started.id);

    await rejectsWithSinchError(other.verificationStatus.getById({ id: started.id }), 404, 40400);
    await rejectsWithSinchError(other.verificationStatus.getByReference({ reference }), 404, 40400);
    await rejectsWithSinchError(other.verificationStatus.getByIdentity({ endpoint: number, method: 'sms' }), 404, 40400);
    await rejectsWithSinchError(other.verifications.reportSmsById(
      reportVerificationByIdHelper.buildSmsRequest(started.id, code)), 404, 40400);
    await rejectsWithSinchError(other.verifications.reportSmsByIdentity(
      reportVerificationByIdentityHelper.buildSmsRequest(number, code)), 404, 40400);

    const mine = await sinch.verificationStatus.getById({ id: started.id });
    assert.equal(mine.status, 'PENDING', 'the other app could not touch it');
  });
});
