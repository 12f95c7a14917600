import assert from 'node:assert/strict';
import type { Db } from '../../db/connection.js';
import type { CareBatch } from '../../db/stores/care-store.js';
import type { Stores } from '../../db/stores/index.js';
import { compareVersions, ImmutableVersionError } from '../../db/stores/pathway-version-store.js';
import type { AlertView, EngineCommand, WorkItemView } from '../../pathways/engine.js';
import { dialects, type TestDatabase, storesWithPatient } from '../support/databases.js';

const t = (it: string) => ({ it, en: `${it} (en)` });

const item = (id: string, dueAt: string | null): WorkItemView => ({
  id,
  kind: 'task',
  stepId: 'chiamata',
  trackId: 'controllo',
  ruleId: null,
  title: t('Telefonata'),
  assignee: 'nurse',
  openedAt: '2026-03-02T08:00:00.000Z',
  dueAt,
  level: 0,
  status: 'open',
  details: { description: null },
});

const alert = (id: string, severity: AlertView['severity'], acknowledgeBy: string): AlertView => ({
  id,
  ruleId: 'desaturazione',
  severity,
  title: t('SpO2 bassa'),
  status: 'open',
  level: 0,
  assignee: 'nurse',
  raisedAt: '2026-03-02T08:00:00.000Z',
  acknowledgeBy,
  causes: ['reading:r-1'],
  data: { spo2: 85 },
});

/** The care read models and pathway versions, same suite on SQLite and PostgreSQL. */
for (const dialect of dialects) {
  describe(`care read models and pathway versions on ${dialect}`, function () {
    this.timeout(120_000);
    let database: TestDatabase;
    let db: Db;
    let stores: Stores;
    let enrolmentId: string;
    let patientId: string;

    before(async () => {
      ({ database, db, stores, patientId } = await storesWithPatient(dialect));
      const { enrolment } = await stores.enrolments.createOrGetActive({
        tenantId: 't-a',
        patientId,
        pathwayId: 'prova',
        pathwayVersion: '1.0.0',
        enrolledBy: null,
      });
      enrolmentId = enrolment.id;
    });
    after(async () => {
      await db?.destroy();
      await database?.drop();
    });

    const batch = (
      seq: number,
      commands: EngineCommand[],
      extra: Partial<CareBatch> = {},
    ): CareBatch => ({
      tenantId: 't-a',
      enrolmentId,
      patientId,
      keyPrefix: `enrolment/t-a/${enrolmentId}/${seq}`,
      at: '2026-03-02T08:00:00.000Z',
      commands,
      observations: [],
      ...extra,
    });

    it('applies an event once however often the activity retries it', async () => {
      const b = batch(
        1,
        [
          { type: 'open-item', item: item('item-1', '2026-03-02T10:00:00.000Z') },
          { type: 'open-item', item: item('item-2', null) },
          { type: 'raise-alert', alert: alert('alert-3', 'yellow', '2026-03-02T09:00:00.000Z') },
          { type: 'raise-alert', alert: alert('alert-4', 'red', '2026-03-02T12:00:00.000Z') },
          { type: 'raise-alert', alert: alert('alert-5', 'red', '2026-03-02T09:30:00.000Z') },
          { type: 'notify', key: 'step:x@1', to: 'patient', channels: ['sms'], message: t('Ciao') },
          { type: 'schedule-timer', timerId: 'pathway-end', at: '2026-04-01T08:00:00.000Z' },
        ],
        {
          observations: [
            {
              readingId: 'dev-1',
              deviceMessageId: 'dev-1',
              dataPoint: 'spo2',
              value: 85,
              unit: '%',
              loinc: '59408-5',
              measuredAt: '2026-03-02T07:59:00.000Z',
              source: 'device',
            },
          ],
        },
      );
      assert.deepEqual(await stores.care.apply(b), { timelineWritten: 6 });
      assert.deepEqual(
        await stores.care.apply(b),
        { timelineWritten: 0 },
        'a retry writes nothing',
      );
      assert.equal((await stores.care.listWorkItems('t-a')).length, 2);
      assert.equal((await stores.care.listAlerts('t-a')).length, 3);
      assert.equal((await stores.care.listNotifications('t-a')).length, 1);
      const obs = await stores.care.listObservations('t-a', { patientId });
      assert.deepEqual(
        obs.map((o) => [o.readingId, o.value, o.unit, o.measuredAt]),
        [['dev-1', 85, '%', '2026-03-02T07:59:00.000Z']],
      );
      const timeline = await stores.enrolments.listEvents('t-a', enrolmentId);
      assert.equal(timeline.length, 6, 'timers are not in the timeline');
      assert.equal(timeline.find((e) => e.kind === 'notify')?.stepId, 'x');
    });

    it('orders worklists: alerts red first then by deadline, items by deadline with none last; tenant-scoped', async () => {
      const alerts = await stores.care.listAlerts('t-a', { status: 'open' });
      assert.deepEqual(
        alerts.map((a) => a.alertId),
        ['alert-5', 'alert-4', 'alert-3'],
      );
      assert.deepEqual(alerts[0]?.data, { spo2: 85 });
      assert.deepEqual(alerts[0]?.title, t('SpO2 bassa'));
      const items = await stores.care.listWorkItems('t-a', { status: 'open' });
      assert.deepEqual(
        items.map((i) => i.itemId),
        ['item-1', 'item-2'],
      );
      assert.equal(items[0]?.dueAt, '2026-03-02T10:00:00.000Z');
      assert.deepEqual(await stores.care.listAlerts('t-b'), []);
      assert.deepEqual(await stores.care.listWorkItems('t-b'), []);
      assert.equal(await stores.care.getAlert('t-b', `${enrolmentId}/alert-5`), null);
    });

    it('escalates, closes and acknowledges; the end of the enrolment closes what is left', async () => {
      await stores.care.apply(
        batch(
          2,
          [
            {
              type: 'escalate-alert',
              alertId: 'alert-4',
              level: 1,
              assignee: 'doctor',
              acknowledgeBy: '2026-03-02T13:00:00.000Z',
            },
            {
              type: 'close-alert',
              alertId: 'alert-5',
              status: 'acknowledged',
              by: 'centro.medico',
              note: 'visto',
            },
            {
              type: 'escalate-item',
              itemId: 'item-1',
              level: 1,
              assignee: 'doctor',
              dueAt: '2026-03-02T11:00:00.000Z',
            },
            { type: 'close-item', itemId: 'item-2', status: 'done', by: 'centro.infermiere' },
          ],
          { at: '2026-03-02T08:30:00.000Z' },
        ),
      );
      const a4 = await stores.care.getAlert('t-a', `${enrolmentId}/alert-4`);
      assert.deepEqual(
        [a4?.level, a4?.assignee, a4?.acknowledgeBy],
        [1, 'doctor', '2026-03-02T13:00:00.000Z'],
      );
      const a5 = await stores.care.getAlert('t-a', `${enrolmentId}/alert-5`);
      assert.deepEqual(
        [a5?.status, a5?.acknowledgedBy, a5?.acknowledgedAt, a5?.note],
        ['acknowledged', 'centro.medico', '2026-03-02T08:30:00.000Z', 'visto'],
      );
      const i2 = await stores.care.getWorkItem('t-a', `${enrolmentId}/item-2`);
      assert.deepEqual(
        [i2?.status, i2?.closedBy, i2?.closedAt],
        ['done', 'centro.infermiere', '2026-03-02T08:30:00.000Z'],
      );

      await stores.care.apply(
        batch(3, [{ type: 'complete', status: 'withdrawn', outcome: 'withdrawn' }]),
      );
      const e = await stores.enrolments.get('t-a', enrolmentId);
      assert.deepEqual([e?.status, e?.outcome], ['withdrawn', 'withdrawn']);
      assert.deepEqual(await stores.care.listAlerts('t-a', { status: 'open' }), []);
    });

    it('pathway versions: built-ins seeded once, drafts editable, published ones immutable, tenants apart', async () => {
      const v = stores.pathwayVersions;
      const def = (version: string) => ({ id: 'prova', version, title: t('Prova') });
      assert.equal(
        await v.insertPublishedIfAbsent({
          tenantId: null,
          pathwayId: 'prova',
          version: '1.0.0',
          definition: def('1.0.0'),
          publishedBy: 'platform',
        }),
        true,
      );
      assert.equal(
        await v.insertPublishedIfAbsent({
          tenantId: null,
          pathwayId: 'prova',
          version: '1.0.0',
          definition: def('1.0.0'),
          publishedBy: 'platform',
        }),
        false,
      );
      await assert.rejects(
        v.saveDraft({
          tenantId: 't-a',
          pathwayId: 'prova',
          version: '1.0.0',
          definition: def('1.0.0'),
          by: 'd',
        }),
        ImmutableVersionError,
      );
      await v.saveDraft({
        tenantId: 't-a',
        pathwayId: 'prova',
        version: '1.10.0',
        definition: def('x'),
        by: 'd',
      });
      const saved = await v.saveDraft({
        tenantId: 't-a',
        pathwayId: 'prova',
        version: '1.10.0',
        definition: def('1.10.0'),
        by: 'd',
      });
      assert.deepEqual([saved.status, saved.definition], ['draft', def('1.10.0')]);
      await v.saveDraft({
        tenantId: 't-b',
        pathwayId: 'prova',
        version: '1.9.0',
        definition: def('1.9.0'),
        by: 'd',
      });
      const published = await v.publish('t-a', 'prova', '1.10.0', 'centro.designer');
      assert.equal(published?.status, 'published');
      await assert.rejects(v.publish('t-a', 'prova', '1.10.0', 'again'), ImmutableVersionError);
      await assert.rejects(
        v.saveDraft({
          tenantId: 't-a',
          pathwayId: 'prova',
          version: '1.10.0',
          definition: def('changed'),
          by: 'd',
        }),
        ImmutableVersionError,
      );
      assert.deepEqual(
        (await v.listVisible('t-a', { pathwayId: 'prova' })).map((r) => [r.version, r.tenantId]),
        [
          ['1.10.0', 't-a'],
          ['1.0.0', null],
        ],
      );
      assert.deepEqual(
        (await v.listVisible('t-b', { pathwayId: 'prova' })).map((r) => r.version),
        ['1.9.0', '1.0.0'],
      );
      assert.ok(compareVersions('1.10.0', '1.9.0') > 0);
      assert.equal(compareVersions('2.0.0', '2.0.0'), 0);
    });
  });
}
