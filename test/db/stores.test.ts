import assert from 'node:assert/strict';
import { createDb, type Db } from '../../db/connection.js';
import {
  migrateDownAll,
  migrateLatest,
  migrationNames,
  migrationStatus,
} from '../../db/migrate.js';
import { createStores, type Stores } from '../../db/stores/index.js';
import { dialects, createTestDatabase, type TestDatabase } from '../support/databases.js';

/** The same suite on SQLite and on PostgreSQL: the stores must not care which one runs. */
for (const dialect of dialects) {
  describe(`stores on ${dialect}`, function () {
    this.timeout(120_000);
    let database: TestDatabase;
    let db: Db;
    let stores: Stores;

    before(async () => {
      database = await createTestDatabase(dialect);
      db = createDb(database.config);
      await migrateLatest(db);
      stores = createStores(db);
      await stores.tenants.upsert({ id: 't-a', name: 'Tenant A', oid: null, regionCode: '090' });
      await stores.tenants.upsert({ id: 't-b', name: 'Tenant B', oid: null, regionCode: '090' });
    });

    after(async () => {
      await db?.destroy();
      await database?.drop();
    });

    const patient = (tenantId: string, cf: string, familyName = 'Rossi') =>
      stores.patients.upsertByCodiceFiscale({
        tenantId,
        codiceFiscale: cf,
        givenName: 'Mario',
        familyName,
        birthDate: '1948-03-15',
        sex: 'M',
        phone: null,
        email: null,
      });

    it('migrations run down to nothing and up again', async () => {
      const scratch = await createTestDatabase(dialect);
      const sdb = createDb(scratch.config);
      try {
        assert.deepEqual(await migrateLatest(sdb), migrationNames);
        assert.deepEqual((await migrationStatus(sdb)).pending, []);
        assert.deepEqual((await migrateDownAll(sdb)).sort(), [...migrationNames].sort());
        assert.equal(await sdb.schema.hasTable('patients'), false);
        assert.equal(await sdb.schema.hasTable('audit_events'), false);
        assert.deepEqual(await migrateLatest(sdb), migrationNames);
        assert.equal(await sdb.schema.hasTable('enrolment_events'), true);
      } finally {
        await sdb.destroy();
        await scratch.drop();
      }
    });

    it('patients: upsert by codice fiscale is idempotent and dates read back as written', async () => {
      const p1 = await patient('t-a', 'RSSMRA48C15D612X');
      const p2 = await patient('t-a', 'RSSMRA48C15D612X');
      assert.equal(p1.id, p2.id);
      assert.equal(p1.birthDate, '1948-03-15');
      assert.equal(p1.tenantId, 't-a');
      assert.match(p1.createdAt, /^\d{4}-\d\d-\d\dT/);
    });

    it("patients: a tenant never sees another tenant's patient", async () => {
      const a = await patient('t-a', 'BNCLCU61A49D403Y', 'Bianchi');
      const b = await patient('t-b', 'BNCLCU61A49D403Y', 'Bianchi');
      assert.notEqual(a.id, b.id, 'the same person in two tenants is two records');
      assert.equal(await stores.patients.get('t-b', a.id), null);
      assert.equal((await stores.patients.get('t-a', a.id))?.id, a.id);
      const listB = await stores.patients.list('t-b');
      assert.ok(listB.every((p) => p.tenantId === 't-b'));
      assert.ok(!listB.some((p) => p.id === a.id));
    });

    it('users: usernames are case-insensitive and unique, the hash is only read for login', async () => {
      const u = await stores.users.upsert({
        tenantId: 't-a',
        username: 'Test.Nurse',
        displayName: 'Nurse',
        role: 'nurse',
        passwordHash: 'hash',
        patientId: null,
        locale: 'it',
      });
      assert.equal(u.username, 'test.nurse');
      assert.equal('passwordHash' in u, false);
      assert.equal((await stores.users.findForLogin('TEST.NURSE'))?.passwordHash, 'hash');
      await stores.users.setActive(u.id, false);
      assert.equal((await stores.users.get(u.id))?.active, false);
    });

    it('audit log: appends, lists newest first per tenant, and refuses updates and deletes', async () => {
      const entry = {
        tenantId: 't-a',
        actorUserId: null,
        actorUsername: 'x',
        actorRole: 'nurse' as const,
        action: 'read',
        resourceType: 'Patient',
        resourceId: '1',
        patientId: null,
        outcome: 'success' as const,
        requestId: 'r1',
      };
      await stores.audit.append(entry);
      await stores.audit.append({ ...entry, resourceId: '2' });
      await stores.audit.append({ ...entry, tenantId: 't-b', resourceId: '3' });
      const list = await stores.audit.list('t-a');
      assert.deepEqual(
        list.slice(0, 2).map((e) => e.resourceId),
        ['2', '1'],
      );
      assert.ok(list.every((e) => e.tenantId === 't-a'));
      await assert.rejects(db('audit_events').update({ action: 'tampered' }), /append-only/);
      await assert.rejects(db('audit_events').delete(), /append-only/);
    });

    it('enrolments: one active per patient and pathway, events written once per key', async () => {
      const p = await patient('t-a', 'VRDGPP45E30G702Z', 'Verdi');
      const first = await stores.enrolments.createOrGetActive({
        tenantId: 't-a',
        patientId: p.id,
        pathwayId: 'benvenuto',
        pathwayVersion: '1.0.0',
        enrolledBy: null,
      });
      const again = await stores.enrolments.createOrGetActive({
        tenantId: 't-a',
        patientId: p.id,
        pathwayId: 'benvenuto',
        pathwayVersion: '1.0.0',
        enrolledBy: null,
      });
      assert.equal(first.created, true);
      assert.equal(again.created, false);
      assert.equal(again.enrolment.id, first.enrolment.id);
      assert.equal(first.enrolment.workflowId, `enrolment/t-a/${first.enrolment.id}`);

      const event = {
        tenantId: 't-a',
        enrolmentId: first.enrolment.id,
        idempotencyKey: `${first.enrolment.workflowId}/step-1`,
        kind: 'enrolment-recorded',
        stepId: 'step-1',
        payload: { message: { it: 'Arruolamento è registrato', en: 'Recorded' } },
      };
      assert.equal(await stores.enrolments.recordEvent(event), true);
      assert.equal(await stores.enrolments.recordEvent(event), false, 'a retried write lands once');
      const events = await stores.enrolments.listEvents('t-a', first.enrolment.id);
      assert.equal(events.length, 1);
      assert.deepEqual(events[0]?.payload, event.payload);
      assert.deepEqual(await stores.enrolments.listEvents('t-b', first.enrolment.id), []);

      assert.equal(
        await stores.enrolments.finish('t-a', first.enrolment.id, 'completed', 'ok'),
        true,
      );
      assert.equal(
        await stores.enrolments.finish('t-a', first.enrolment.id, 'completed', 'ok'),
        false,
      );
      const done = await stores.enrolments.get('t-a', first.enrolment.id);
      assert.equal(done?.status, 'completed');
      assert.ok(done?.completedAt);

      const next = await stores.enrolments.createOrGetActive({
        tenantId: 't-a',
        patientId: p.id,
        pathwayId: 'benvenuto',
        pathwayVersion: '1.0.0',
        enrolledBy: null,
      });
      assert.equal(next.created, true, 'after completion the patient can be enrolled again');
      const counts = await stores.enrolments.countByStatus('t-a');
      assert.equal(counts.active, 1);
      assert.equal(counts.completed, 1);
    });

    it('enrolments: concurrent enrol requests create one active enrolment', async () => {
      const p = await patient('t-a', 'NRELRA70A41E625K', 'Neri');
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          stores.enrolments.createOrGetActive({
            tenantId: 't-a',
            patientId: p.id,
            pathwayId: 'benvenuto',
            pathwayVersion: '1.0.0',
            enrolledBy: null,
          }),
        ),
      );
      assert.equal(new Set(results.map((r) => r.enrolment.id)).size, 1);
      assert.equal(results.filter((r) => r.created).length, 1);
    });
  });
}
