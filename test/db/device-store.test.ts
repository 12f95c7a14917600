import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/connection.js';
import { hashDeviceToken, sha256Hex } from '../../db/stores/device-store.js';
import type { Stores } from '../../db/stores/index.js';
import { dialects, type TestDatabase, storesWithPatient } from '../support/databases.js';

/** Devices and ECG recordings, the same suite on SQLite and on PostgreSQL. */
for (const dialect of dialects) {
  describe(`device store on ${dialect}`, function () {
    this.timeout(120_000);
    let database: TestDatabase;
    let db: Db;
    let stores: Stores;
    let patientId: string;

    before(async () => {
      ({ database, db, stores, patientId } = await storesWithPatient(dialect));
    });

    after(async () => {
      await db?.destroy();
      await database?.drop();
    });

    it('keeps only the hash of a token, finds the device by it, revokes once', async () => {
      const { device, token } = await stores.devices.register({
        tenantId: 't-a',
        kind: 'patient-kit',
        patientId,
        label: 'Kit',
        serial: 'S-1',
        createdBy: 'nurse',
      });
      assert.match(token, /^pdk_[A-Za-z0-9_-]{43}$/);
      const row = (await db('devices').where({ id: device.id }).first()) as Record<string, unknown>;
      assert.equal(row.token_hash, hashDeviceToken(token));
      assert.ok(!Object.values(row).includes(token), 'the token itself is nowhere in the row');
      assert.equal((await stores.devices.findByToken(token))?.id, device.id);
      assert.equal(await stores.devices.findByToken(`${token}x`), null);
      assert.equal(await stores.devices.get('t-b', device.id), null, 'tenant-scoped');
      assert.deepEqual(await stores.devices.list('t-b'), []);

      const revoked = await stores.devices.revoke('t-a', device.id, 'doctor');
      assert.ok(revoked?.revokedAt);
      const again = await stores.devices.revoke('t-a', device.id, 'someone else');
      assert.equal(again?.revokedBy, 'doctor');
      assert.equal(again?.revokedAt, revoked.revokedAt);
      assert.equal(await stores.devices.revoke('t-b', device.id, 'x'), null);
    });

    it('stores an ECG once per reading and gives the bytes back unchanged', async () => {
      const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048)]);
      const input = {
        tenantId: 't-a',
        patientId,
        enrolmentId: null,
        readingId: 'urn:dev|ecg-1',
        deviceMessageId: 'urn:dev|ecg-1',
        deviceId: null,
        loinc: '11524-6',
        contentType: 'application/pdf',
        content,
        interpretation: 'Ritmo sinusale',
        note: null,
        heartRate: 64,
        measuredAt: '2026-03-01T08:30:00.000Z',
        source: 'device',
      };
      const first = await stores.devices.saveRecording(input);
      assert.equal(first.created, true);
      assert.equal(first.recording.sha256, sha256Hex(content));
      assert.equal(first.recording.sizeBytes, content.length);
      const second = await stores.devices.saveRecording({ ...input, interpretation: 'altro' });
      assert.equal(second.created, false);
      assert.equal(second.recording.id, first.recording.id);
      assert.equal(second.recording.interpretation, 'Ritmo sinusale');
      const read = await stores.devices.getRecording('t-a', first.recording.id);
      assert.ok(read && Buffer.compare(read.content, content) === 0, 'byte-identical');
      assert.equal(read.measuredAt, input.measuredAt);
      assert.equal(await stores.devices.getRecording('t-b', first.recording.id), null);
      const list = await stores.devices.listRecordings('t-a', patientId);
      assert.deepEqual(
        list.map((r) => [r.id, r.heartRate]),
        [[first.recording.id, 64]],
      );
      assert.equal('content' in list[0]!, false, 'lists carry no bytes');
    });
  });
}
