import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inAppRoles } from '../../activities/notifications/deliver.js';
import { deliveryReference } from '../../activities/notifications/provider.js';
import { mailDomain, messageIdFor } from '../../activities/notifications/smtp.js';
import { ConfigError, loadConfig } from '../../platform/config.js';
import { MAX_PAYLOAD_BYTES, splitForWire, type PlatformEvent } from '../../platform/events.js';

describe('notifications: pure parts', () => {
  it('derives the same reference for the same notification, channel and recipient only', () => {
    const a = deliveryReference('enr/step:x@1#2', 'email', 'a@example.it');
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.equal(deliveryReference('enr/step:x@1#2', 'email', 'a@example.it'), a);
    assert.notEqual(deliveryReference('enr/step:x@1#2', 'sms', 'a@example.it'), a);
    assert.notEqual(deliveryReference('enr/step:x@1#3', 'email', 'a@example.it'), a);
    assert.notEqual(deliveryReference('enr/step:x@1#2', 'email', 'b@example.it'), a);
  });

  it('mints Message-IDs under the From domain', () => {
    assert.equal(mailDomain('Percorsi <noreply@ASL.Toscana.it>'), 'asl.toscana.it');
    assert.equal(mailDomain('noreply@uslcentro.toscana.it'), 'uslcentro.toscana.it');
    assert.equal(mailDomain('Percorsi'), 'percorsi.invalid');
    assert.equal(messageIdFor('abc', 'Percorsi <x@asl.it>'), '<abc@asl.it>');
  });

  it('sends in-app messages to the clinicians a role stands for', () => {
    assert.deepEqual(inAppRoles('nurse'), ['nurse']);
    assert.deepEqual(inAppRoles('consultant'), ['doctor']);
    assert.deepEqual(inAppRoles('emergency'), ['nurse', 'doctor']);
    assert.deepEqual(inAppRoles('patient'), []);
  });

  it('splits bus events to fit a NOTIFY payload, keeping every id', () => {
    const alertIds = Array.from({ length: 500 }, (_, i) => `${'e'.repeat(36)}/alert-${i}`);
    const workItemIds = ['w-1', 'w-2'];
    const event: PlatformEvent = {
      kind: 'care.changed',
      tenantId: 't',
      enrolmentId: 'e',
      patientId: 'p',
      status: 'active',
      alertIds,
      workItemIds,
      notificationIds: [],
    };
    const parts = splitForWire(event);
    assert.ok(parts.length > 2);
    for (const p of parts) assert.ok(Buffer.byteLength(JSON.stringify(p)) <= MAX_PAYLOAD_BYTES);
    const got = parts.flatMap((p) => (p.kind === 'care.changed' ? p.alertIds : []));
    assert.deepEqual(got, alertIds);
    assert.ok(parts.every((p) => p.kind === 'care.changed' && p.workItemIds.length === 2));
    const small = { ...event, alertIds: ['a'] };
    assert.deepEqual(splitForWire(small), [small]);
  });

  it('reads SMTP and SMS settings, refusing an SMTP URL without a sender', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-config-'));
    assert.deepEqual(loadConfig({ DATA_DIR: dir }).notifications, { smtp: null, sms: null });
    const c = loadConfig({
      DATA_DIR: dir,
      SMTP_URL: 'smtp://u:p@mail.example.it:587',
      MAIL_FROM: 'Percorsi <noreply@example.it>',
      SMS_GATEWAY_URL: 'https://sms.example.it/send',
      SMS_GATEWAY_TOKEN: 'tok',
    });
    assert.deepEqual(c.notifications, {
      smtp: { url: 'smtp://u:p@mail.example.it:587', from: 'Percorsi <noreply@example.it>' },
      sms: { url: 'https://sms.example.it/send', token: 'tok' },
    });
    assert.throws(
      () => loadConfig({ DATA_DIR: dir, SMTP_URL: 'smtp://mail.example.it' }),
      (err: unknown) => err instanceof ConfigError && /MAIL_FROM/.test(err.message),
    );
    assert.throws(
      () => loadConfig({ DATA_DIR: dir, SMTP_URL: 'http://mail', SMS_GATEWAY_URL: 'ftp://x' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /SMTP_URL/.test(err.message) &&
        /SMS_GATEWAY_URL/.test(err.message),
    );
  });
});
