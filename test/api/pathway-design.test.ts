import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { repoRoot } from '../../platform/config.js';
import { demoUsers, loginCookie } from '../support/api-client.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

const televisit = readFileSync(
  path.join(repoRoot, 'pathways', 'definitions', 'televisita-controllo.yaml'),
  'utf8',
);

describe('API: pathway design (validate and simulate)', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  const cookies: Record<string, string> = {};
  const api = () => request(t.baseUrl);

  before(async () => {
    t = await startTestPlatform({ role: 'api' });
    for (const role of ['designer', 'nurse', 'doctor', 'patient', 'manager'] as const) {
      cookies[role] = await loginCookie(t.baseUrl, demoUsers.centro[role]);
    }
  });
  after(() => t?.close());

  it('validates a YAML definition and returns it with its defaults', async () => {
    const res = await api()
      .post('/api/pathways/validate')
      .set('cookie', cookies.designer!)
      .send({ source: televisit, format: 'yaml' });
    assert.equal(res.status, 200);
    assert.equal(res.body.ok, true);
    assert.equal(res.body.definition.id, 'televisita-controllo');
    assert.equal(res.body.definition.timeZone, 'Europe/Rome');
  });

  it('places every error of a broken definition at its line and column', async () => {
    // 1. Break the booking's data point reference and the check-in window duration.
    const broken = televisit
      .replace('opensBefore: PT30M', 'opensBefore: 30 minuti')
      .replace('goto: referto', 'goto: altrove');
    const res = await api()
      .post('/api/pathways/validate')
      .set('cookie', cookies.designer!)
      .send({ source: broken });
    assert.equal(res.status, 200);
    assert.equal(res.body.ok, false);
    const lines = broken.split('\n');
    const bad = res.body.errors.find(
      (e: { path: string }) => e.path === 'tracks.0.steps.3.opensBefore',
    );
    assert.ok(bad, JSON.stringify(res.body.errors));
    assert.equal(lines[bad.line - 1]!.slice(bad.column - 1), '30 minuti');
    // 2. A JSON source with a syntax error is reported, not a 500.
    const json = await api()
      .post('/api/pathways/validate')
      .set('cookie', cookies.designer!)
      .send({ source: '{"id": ', format: 'json' });
    assert.equal(json.status, 200);
    assert.equal(json.body.ok, false);
  });

  it('lets only designers validate, and refuses a malformed body with field paths', async () => {
    const nurse = await api()
      .post('/api/pathways/validate')
      .set('cookie', cookies.nurse!)
      .send({ source: televisit });
    assert.equal(nurse.status, 403);
    const bad = await api()
      .post('/api/pathways/validate')
      .set('cookie', cookies.designer!)
      .send({ source: 1, format: 'xml' });
    assert.equal(bad.status, 400);
    assert.deepEqual((bad.body.errors as { path: string }[]).map((e) => e.path).sort(), [
      'body.format',
      'body.source',
    ]);
  });

  it('simulates a built-in pathway for designers, nurses and doctors, not patients or managers', async () => {
    const scenario = {
      readings: { 'misurazioni-mattino': { values: { spo2: [95, 94, 87], heartRate: 72 } } },
      alerts: { acknowledgeAfter: 'never' },
    };
    for (const role of ['designer', 'nurse', 'doctor']) {
      const res = await api()
        .post('/api/pathways/simulate')
        .set('cookie', cookies[role]!)
        .send({ pathwayId: 'bpco-telemonitoraggio', scenario, days: 5 });
      assert.equal(res.status, 200, `${role}: ${JSON.stringify(res.body)}`);
      const labels = (res.body.timeline as { label: string; local: string }[]).map(
        (e) => `${e.local}  ${e.label}`,
      );
      assert.ok(
        labels.includes(
          '2026-03-25 09:00  ⚠ allerta ROSSA «SpO2 sotto soglia» → infermiere (entro 09:30)',
        ),
      );
      assert.equal(res.body.stats.alerts.red, 1);
      assert.equal(res.body.stats.alertEscalations, 2);
      assert.ok(
        !(res.body.timeline as { kind: string }[]).some((e) => e.kind === 'schedule-timer'),
        'timers hidden',
      );
    }
    for (const role of ['patient', 'manager']) {
      const res = await api()
        .post('/api/pathways/simulate')
        .set('cookie', cookies[role]!)
        .send({ pathwayId: 'bpco-telemonitoraggio' });
      assert.equal(res.status, 403, role);
    }
  });

  it('simulates pasted source, and refuses unknown pathways, bad sources, bad inputs and > 400 days', async () => {
    const ok = await api()
      .post('/api/pathways/simulate')
      .set('cookie', cookies.designer!)
      .send({ source: televisit, scenario: { days: 14 } });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.final.outcome, 'completed');

    const unknown = await api()
      .post('/api/pathways/simulate')
      .set('cookie', cookies.designer!)
      .send({ pathwayId: 'nessuno' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.errors[0].path, 'body.pathwayId');

    const both = await api()
      .post('/api/pathways/simulate')
      .set('cookie', cookies.designer!)
      .send({ pathwayId: 'x', source: 'y' });
    assert.equal(both.status, 400);

    const badSource = await api()
      .post('/api/pathways/simulate')
      .set('cookie', cookies.designer!)
      .send({ source: televisit.replace('type: wait', 'type: pausa') });
    assert.equal(badSource.status, 400);
    assert.equal(badSource.body.errors[0].path, 'body.source');
    assert.match(badSource.body.errors[0].message, /^\d+:\d+ tracks\.0\.steps\.1/);

    const badInputs = await api()
      .post('/api/pathways/simulate')
      .set('cookie', cookies.designer!)
      .send({ pathwayId: 'bpco-telemonitoraggio', scenario: { inputs: { spo2Min: 10 } } });
    assert.equal(badInputs.status, 400);
    assert.equal(badInputs.body.errors[0].path, 'body.scenario.inputs');

    const tooLong = await api()
      .post('/api/pathways/simulate')
      .set('cookie', cookies.designer!)
      .send({ pathwayId: 'bpco-telemonitoraggio', days: 401 });
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.body.errors[0].path, 'body.days');
  });

  it('lists the example scenarios of a pathway with their commented source', async () => {
    const res = await api()
      .get('/api/pathways/televisita-controllo/scenarios')
      .set('cookie', cookies.doctor!);
    assert.equal(res.status, 200);
    const ids = (res.body.items as { id: string }[]).map((i) => i.id);
    assert.deepEqual(ids, ['televisita-controllo', 'televisita-mancata']);
    assert.match(res.body.items[1].source, /^# Televisita: il paziente non fa il check-in/);
    const none = await api()
      .get('/api/pathways/benvenuto/scenarios')
      .set('cookie', cookies.designer!);
    assert.deepEqual(none.body.items, []);
  });
});
