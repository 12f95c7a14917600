import assert from 'node:assert/strict';
import { ReportAggregator } from '../../api/features/report-aggregator.js';
import type { Db } from '../../db/connection.js';
import type { Stores } from '../../db/stores/index.js';
import { dayBounds, localDay, markReportDays } from '../../db/stores/report-store.js';
import type { AlertView, WorkItemView } from '../../pathways/engine.js';
import { PathwayCatalog, seedBuiltInPathways } from '../../platform/pathway-catalog.js';
import { dialects, type TestDatabase, storesWithPatient } from '../support/databases.js';

const t = (it: string) => ({ it, en: `${it} (en)` });

/**
 * The reports' read model on both databases: the care store marks the Rome calendar days its
 * writes change, in the same transaction; the aggregator recomputes exactly those days and
 * clears only the marks it read.
 */
for (const dialect of dialects) {
  describe(`report read model on ${dialect}`, function () {
    this.timeout(120_000);
    let database: TestDatabase;
    let db: Db;
    let stores: Stores;
    let aggregator: ReportAggregator;
    let enrolmentId: string;
    let patientId: string;

    before(async () => {
      ({ database, db, stores, patientId } = await storesWithPatient(dialect));
      await seedBuiltInPathways(stores.pathwayVersions);
      const catalog = await PathwayCatalog.open(stores.pathwayVersions);
      aggregator = new ReportAggregator({ stores, catalog });
      await stores.reports.upsertSite({ id: 'prato', tenantId: 't-a', name: t('Prato') });
      const { enrolment } = await stores.enrolments.createOrGetActive({
        tenantId: 't-a',
        patientId,
        pathwayId: 'bpco-telemonitoraggio',
        pathwayVersion: '1.1.0',
        enrolledBy: null,
        siteId: 'prato',
      });
      enrolmentId = enrolment.id;
      await stores.enrolments.setInputs('t-a', enrolmentId, { spo2Min: 92, hrMax: 110 });
    });
    after(async () => {
      await db.destroy();
      await database.drop();
    });

    const batch = (at: string, seq: number, commands: unknown[], observations: unknown[] = []) =>
      stores.care.apply({
        tenantId: 't-a',
        enrolmentId,
        patientId,
        keyPrefix: `wf/${seq}`,
        at,
        commands: commands as never,
        observations: observations as never,
      });
    const marks = async () => (await stores.reports.dirtyMarks('t-a')).map((m) => m.day).sort();
    const daily = async (day: string) =>
      (await db('report_daily').where({ tenant_id: 't-a', day })) as {
        metric: string;
        key: string;
        n: number | string;
        d: number | string;
        site_id: string;
      }[];

    it('puts local days on the Rome calendar, 23 hours long on the spring DST day', () => {
      assert.equal(localDay('2026-03-28T23:30:00.000Z'), '2026-03-29');
      assert.equal(localDay('2026-03-29T21:59:59.000Z'), '2026-03-29');
      assert.equal(localDay('2026-03-29T22:00:00.000Z'), '2026-03-30');
      const { start, end } = dayBounds('2026-03-29');
      assert.equal(Date.parse(end) - Date.parse(start), 23 * 3600_000);
      const autumn = dayBounds('2026-10-25');
      assert.equal(Date.parse(autumn.end) - Date.parse(autumn.start), 25 * 3600_000);
    });

    it('marks the days a batch changes, in its transaction, and recomputes only those', async () => {
      const alert: AlertView = {
        id: 'alert-1',
        ruleId: 'spo2-bassa',
        severity: 'red',
        title: t('SpO2 sotto soglia'),
        status: 'open',
        level: 0,
        assignee: 'nurse',
        raisedAt: '2026-03-29T06:00:00.000Z',
        acknowledgeBy: '2026-03-29T06:30:00.000Z',
        causes: ['reading:r-1'],
        data: { spo2: 88 },
      };
      const due: WorkItemView = {
        id: 'item-1',
        kind: 'reading-due',
        stepId: 'misurazioni-mattino',
        trackId: 'parametri',
        ruleId: null,
        title: t('Misurazione'),
        assignee: 'patient',
        openedAt: '2026-03-28T23:30:00.000Z', // 29 Mar, 00:30 Rome (CET)
        dueAt: '2026-03-29T11:00:00.000Z',
        level: 0,
        status: 'open',
        details: {},
      };
      await batch(
        '2026-03-29T06:00:00.000Z',
        1,
        [
          { type: 'open-item', item: due },
          { type: 'raise-alert', alert },
        ],
        [
          {
            readingId: 'r-1',
            deviceMessageId: null,
            dataPoint: 'spo2',
            value: 88,
            unit: '%',
            loinc: null,
            measuredAt: '2026-03-29T06:00:00.000Z',
            source: 'patient',
          },
        ],
      );
      assert.deepEqual([...new Set(await marks())], ['2026-03-29']);
      assert.equal(await aggregator.refresh('t-a'), 1);
      assert.deepEqual(await marks(), []);
      const rows = await daily('2026-03-29');
      const row = (metric: string, key = '') =>
        rows.find((r) => r.metric === metric && r.key === key);
      assert.deepEqual(
        [Number(row('in_range', 'spo2')?.n), Number(row('in_range', 'spo2')?.d)],
        [0, 1],
      );
      assert.equal(Number(row('alerts', 'red')?.n), 1);
      assert.equal(row('alerts', 'red')?.site_id, 'prato');
      // Not yet due: the occurrence does not count towards adherence.
      assert.equal(row('adherence', 'reading'), undefined);
      // The reading was classified against the patient's own minimum.
      const obs = await db('observations')
        .where({ reading_id: 'r-1' })
        .first<{ in_range: unknown }>('in_range');
      assert.ok(obs?.in_range === false || obs?.in_range === 0);

      // Two days later the alert is acknowledged and the item closes: the 29th (the day the
      // alert was raised and the item opened and was due) is marked again, not the 31st.
      await batch('2026-03-31T08:00:00.000Z', 2, [
        {
          type: 'close-alert',
          alertId: 'alert-1',
          status: 'acknowledged',
          by: 'infermiere',
          note: 'ok',
        },
        { type: 'close-item', itemId: 'item-1', status: 'done', by: null },
      ]);
      assert.deepEqual([...new Set(await marks())], ['2026-03-29']);
      await aggregator.refresh('t-a');
      const again = await daily('2026-03-29');
      const ack = again.find((r) => r.metric === 'ack_minutes');
      // Raised 06:00 on the 29th, acknowledged 08:00 on the 31st: 3000 minutes.
      assert.equal(ack?.key, '3000');
      assert.deepEqual(
        again.filter((r) => r.metric === 'adherence').map((r) => [r.key, Number(r.n), Number(r.d)]),
        [['reading', 1, 1]],
      );
      assert.deepEqual(await marks(), []);
    });

    it('keeps a mark made while its day was being recomputed', async () => {
      await markReportDays(db, 't-a', ['2026-03-29T10:00:00.000Z']);
      const seen = await stores.reports.dirtyMarks('t-a');
      await markReportDays(db, 't-a', ['2026-03-29T11:00:00.000Z']); // a write meanwhile
      await aggregator.recomputeDay(
        't-a',
        '2026-03-29',
        seen.map((m) => m.token),
      );
      assert.deepEqual(await marks(), ['2026-03-29']);
      // Recomputing twice gives the same figures (and replicas racing never collide).
      const before = await daily('2026-03-29');
      await aggregator.recomputeDay('t-a', '2026-03-29');
      await aggregator.recomputeDay('t-a', '2026-03-29');
      assert.deepEqual(await daily('2026-03-29'), before);
      await aggregator.refresh('t-a');
      assert.deepEqual(await marks(), []);
    });

    it("keeps managers' grants per tenant", async () => {
      const users = await stores.users.upsert({
        tenantId: 't-a',
        username: 'manager.a',
        displayName: 'Manager A',
        role: 'manager',
        passwordHash: null,
        patientId: null,
        locale: 'it',
      });
      assert.equal(await stores.reports.getGrant('t-a', users.id), null);
      await stores.reports.grant({
        tenantId: 't-a',
        userId: users.id,
        grantedBy: 'admin',
        reason: 'audit clinico',
      });
      assert.equal((await stores.reports.getGrant('t-a', users.id))?.reason, 'audit clinico');
      assert.equal(await stores.reports.getGrant('t-b', users.id), null);
      assert.equal(await stores.reports.revoke('t-a', users.id), true);
      assert.equal(await stores.reports.revoke('t-a', users.id), false);
    });
  });
}
