import assert from 'node:assert/strict';
import request from 'supertest';
import { SessionTokens } from '../../api/auth/session.js';
import { roles, type Role } from '../../platform/roles.js';
import { demoUsers, loginCookie } from '../support/api-client.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

describe('API: authentication, roles, tenancy and audit', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  const cookies = {} as Record<'centro' | 'nord', Record<Role, string>>;
  const api = () => request(t.baseUrl);

  before(async () => {
    t = await startTestPlatform();
    for (const tenant of ['centro', 'nord'] as const) {
      cookies[tenant] = {} as Record<Role, string>;
      for (const role of roles)
        cookies[tenant][role] = await loginCookie(t.baseUrl, demoUsers[tenant][role]);
    }
  });
  after(() => t?.close());

  describe('login and sessions', () => {
    it('a good login sets an httpOnly session cookie and returns the user with tenant', async () => {
      const res = await api()
        .post('/api/auth/login')
        .send({ username: 'centro.medico', password: 'Percorsi!2026' });
      assert.equal(res.status, 200);
      assert.equal(res.body.user.role, 'doctor');
      assert.equal(res.body.user.tenantName, 'ASL Toscana Centro');
      const cookie = (res.headers['set-cookie'] as unknown as string[])[0]!;
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
    });

    it('a wrong password and an unknown user get the same 401 problem, in Italian by default', async () => {
      const wrong = await api()
        .post('/api/auth/login')
        .send({ username: 'centro.medico', password: 'nope' });
      const unknown = await api()
        .post('/api/auth/login')
        .send({ username: 'nessuno', password: 'nope' });
      for (const res of [wrong, unknown]) {
        assert.equal(res.status, 401);
        assert.match(res.headers['content-type']!, /application\/problem\+json/);
        assert.equal(res.body.title, 'Autenticazione richiesta');
        assert.equal(res.body.detail, 'invalid username or password');
      }
      const english = await api()
        .post('/api/auth/login')
        .set('accept-language', 'en-GB,en;q=0.9')
        .send({ username: 'centro.medico', password: 'nope' });
      assert.equal(english.body.title, 'Authentication required');
    });

    it('a malformed login body gets 400 with the path of each bad field', async () => {
      const res = await api().post('/api/auth/login').send({ username: '' });
      assert.equal(res.status, 400);
      const paths = (res.body.errors as { path: string }[]).map((e) => e.path).sort();
      assert.deepEqual(paths, ['body.password', 'body.username']);
    });

    it('an expired session gets 401 saying so; a forged one gets 401', async () => {
      const tokens = new SessionTokens(t.config.session.secret, 1);
      const me = await api().get('/api/auth/me').set('cookie', cookies.centro.nurse);
      const identity = {
        userId: me.body.user.id,
        username: me.body.user.username,
        role: 'nurse' as const,
        tenantId: me.body.user.tenantId,
        patientId: null,
      };
      const expired = await tokens.issue(identity, new Date(Date.now() - 2 * 60_000));
      const res = await api().get('/api/patients').set('authorization', `Bearer ${expired}`);
      assert.equal(res.status, 401);
      assert.match(res.body.detail, /expired/);
      const forged = await new SessionTokens('x'.repeat(40), 60).issue(identity);
      const res2 = await api().get('/api/patients').set('authorization', `Bearer ${forged}`);
      assert.equal(res2.status, 401);
      assert.match(res2.body.detail, /invalid session/);
    });

    it('a deactivated account is refused at once, even with a valid token', async () => {
      const cookie = await loginCookie(t.baseUrl, 'nord.designer');
      const user = await t.platform.stores.users.findForLogin('nord.designer');
      await t.platform.stores.users.setActive(user!.id, false);
      try {
        const res = await api().get('/api/pathways').set('cookie', cookie);
        assert.equal(res.status, 401);
      } finally {
        await t.platform.stores.users.setActive(user!.id, true);
      }
    });
  });

  describe('every route declares its roles, and the declaration holds', () => {
    it('each role reaches exactly the routes that allow it (403 elsewhere, 401 without login)', async () => {
      const openapi = (await api().get('/api/openapi.json')).body as {
        paths: Record<
          string,
          Record<string, { 'x-percorsi-access': 'public' | 'authenticated' | { roles: Role[] } }>
        >;
      };
      let checked = 0;
      for (const [path, operations] of Object.entries(openapi.paths)) {
        for (const [method, op] of Object.entries(operations)) {
          const access = op['x-percorsi-access'];
          assert.ok(access, `${method} ${path} declares its access`);
          if (access === 'public') continue;
          const url = path.replace(/\{id\}/g, '00000000-0000-4000-8000-000000000000');
          const agent = api();
          const call = (m: string) => agent[m as 'get'].bind(agent);
          const anon = await call(method)(url).send({});
          assert.equal(anon.status, 401, `${method} ${url} without login`);
          for (const role of roles) {
            const res = await call(method)(url).set('cookie', cookies.centro[role]).send({});
            const allowed = access === 'authenticated' || access.roles.includes(role);
            if (allowed) assert.notEqual(res.status, 403, `${role} may ${method} ${path}`);
            else assert.equal(res.status, 403, `${role} may not ${method} ${path}`);
            checked++;
          }
        }
      }
      assert.ok(checked >= 60, `checked ${checked} role/route pairs`);
    });

    it('a refused access is itself audited', async () => {
      await api().get('/api/admin/users').set('cookie', cookies.centro.nurse);
      const audit = await t.platform.stores.audit.list('asl-toscana-centro', { limit: 5 });
      assert.ok(
        audit.some(
          (e) =>
            e.outcome === 'denied' &&
            e.resourceId === 'GET /admin/users' &&
            e.actorUsername === 'centro.infermiere',
        ),
      );
    });
  });

  describe('tenant isolation', () => {
    it('a clinician of tenant A gets 404 for every patient of tenant B, and the attempt is audited', async () => {
      const nordPatients = (await api().get('/api/patients').set('cookie', cookies.nord.nurse)).body
        .items as { id: string }[];
      assert.ok(nordPatients.length >= 3);
      const centroPatients = (await api().get('/api/patients').set('cookie', cookies.centro.nurse))
        .body.items as { id: string }[];
      assert.ok(
        centroPatients.every((p) => !nordPatients.some((n) => n.id === p.id)),
        'lists never mix tenants',
      );
      for (const p of nordPatients) {
        for (const role of ['nurse', 'doctor'] as const) {
          const read = await api().get(`/api/patients/${p.id}`).set('cookie', cookies.centro[role]);
          assert.equal(read.status, 404);
          const list = await api()
            .get(`/api/enrolments?patientId=${p.id}`)
            .set('cookie', cookies.centro[role]);
          assert.equal(list.status, 404);
          const enrol = await api()
            .post('/api/enrolments')
            .set('cookie', cookies.centro[role])
            .send({ patientId: p.id, pathwayId: 'benvenuto' });
          assert.equal(enrol.status, 404);
        }
      }
      const audit = await t.platform.stores.audit.list('asl-toscana-centro', { limit: 200 });
      for (const p of nordPatients) {
        assert.ok(
          audit.some((e) => e.resourceId === p.id && e.outcome === 'not-found'),
          `attempt on ${p.id} audited`,
        );
      }
      const nordAudit = await t.platform.stores.audit.list('asl-toscana-nord-ovest', {
        limit: 500,
      });
      assert.ok(
        !nordAudit.some((e) => e.actorUsername?.startsWith('centro.')),
        "A's attempts land in A's log",
      );
    });

    it("an enrolment of tenant B is invisible to tenant A and to B's other patients", async () => {
      const nordPatients = (await api().get('/api/patients').set('cookie', cookies.nord.nurse)).body
        .items as { id: string; familyName: string }[];
      const other = nordPatients.find((p) => p.familyName !== 'Bertolucci')!;
      const created = await api()
        .post('/api/enrolments')
        .set('cookie', cookies.nord.nurse)
        .send({ patientId: other.id, pathwayId: 'benvenuto', inputs: { waitSeconds: 3600 } });
      assert.equal(created.status, 201);
      const id = created.body.enrolment.id as string;
      assert.equal(
        (await api().get(`/api/enrolments/${id}`).set('cookie', cookies.centro.doctor)).status,
        404,
      );
      assert.equal(
        (await api().get(`/api/enrolments/${id}`).set('cookie', cookies.nord.doctor)).status,
        200,
      );
      // nord.paziente is Bertolucci: another patient's enrolment does not exist for them.
      assert.equal(
        (await api().get(`/api/me/enrolments/${id}`).set('cookie', cookies.nord.patient)).status,
        404,
      );
    });

    it('reads of patient data leave audit rows with who, role, tenant, what and outcome', async () => {
      const patients = (await api().get('/api/patients').set('cookie', cookies.centro.doctor)).body
        .items as { id: string }[];
      const id = patients[0]!.id;
      await api().get(`/api/patients/${id}`).set('cookie', cookies.centro.doctor).expect(200);
      const rows = await t.platform.stores.audit.list('asl-toscana-centro', {
        patientId: id,
        limit: 10,
      });
      const read = rows.find((r) => r.action === 'read' && r.resourceType === 'Patient');
      assert.ok(read, 'read audited');
      assert.equal(read.actorUsername, 'centro.medico');
      assert.equal(read.actorRole, 'doctor');
      assert.equal(read.tenantId, 'asl-toscana-centro');
      assert.equal(read.outcome, 'success');
      assert.ok(read.requestId);
      const search = await t.platform.stores.audit.list('asl-toscana-centro', { limit: 50 });
      assert.ok(
        search.some(
          (r) =>
            r.action === 'search' &&
            r.resourceType === 'Patient' &&
            r.actorUsername === 'centro.medico',
        ),
      );
    });

    it("the patient portal returns the patient's own record only", async () => {
      const me = await api().get('/api/me/patient').set('cookie', cookies.centro.patient);
      assert.equal(me.status, 200);
      assert.equal(me.body.patient.familyName, 'Rossi');
      const rows = await t.platform.stores.audit.list('asl-toscana-centro', {
        patientId: me.body.patient.id,
        limit: 5,
      });
      assert.ok(rows.some((r) => r.actorRole === 'patient' && r.action === 'read'));
    });
  });

  describe('admin and manager', () => {
    it("the admin sees the tenant's users and audit log, the manager only aggregates", async () => {
      const users = await api().get('/api/admin/users').set('cookie', cookies.centro.admin);
      assert.equal(users.status, 200);
      assert.ok(
        (users.body.items as { username: string }[]).every((u) => u.username.startsWith('centro.')),
      );
      assert.ok(!JSON.stringify(users.body).includes('argon2'), 'no password hashes');
      const audit = await api()
        .get('/api/admin/audit?limit=10')
        .set('cookie', cookies.centro.admin);
      assert.equal(audit.status, 200);
      assert.equal(audit.body.items.length, 10);
      const bad = await api().get('/api/admin/audit?limit=0').set('cookie', cookies.centro.admin);
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].path, 'query.limit');
      const summary = await api().get('/api/reports/summary').set('cookie', cookies.centro.manager);
      assert.equal(summary.status, 200);
      assert.equal(summary.body.patients, 4);
    });
  });
});
