import assert from 'node:assert/strict';
import {
  assembleWhy,
  humanDuration,
  renderCondition,
  ruleKind,
  type HistoryFacts,
} from '../../api/features/why-chain.js';
import type { WorkItemRecord } from '../../db/stores/care-store.js';
import type { EnrolmentEvent } from '../../db/stores/enrolment-store.js';
import { loadBuiltInPathways } from '../../platform/pathway-catalog.js';

const pathway = (id: string) => loadBuiltInPathways().find((p) => p.id === id)!;
const rule = (pathwayId: string, ruleId: string) =>
  pathway(pathwayId).rules.find((r) => r.id === ruleId)!;

describe('"Why?": conditions in words and the chain of a missed schedule', () => {
  it('renders conditions with the units and the patient’s own thresholds, in Italian and English', () => {
    const bpco = pathway('bpco-telemonitoraggio');
    assert.deepEqual(
      renderCondition(rule('bpco-telemonitoraggio', 'spo2-limite').when, bpco, { spo2Min: 92 }),
      {
        it: 'SpO2 ≥ 92 % (soglia del paziente) e SpO2 < 94 % (soglia del paziente)',
        en: "SpO2 ≥ 92 % (patient's threshold) and SpO2 < 94 % (patient's threshold)",
      },
    );
    const hf = pathway('scompenso-telemonitoraggio');
    assert.equal(
      renderCondition(rule('scompenso-telemonitoraggio', 'pressione-fuori-limiti').when, hf, {}).it,
      'Pressione sistolica < 90 mmHg o Pressione sistolica > 180 mmHg',
    );
    assert.equal(
      ruleKind(rule('scompenso-telemonitoraggio', 'pressione-fuori-limiti'), hf),
      'threshold',
    );
    assert.equal(ruleKind(rule('scompenso-telemonitoraggio', 'aumento-peso'), hf), 'trend');
    assert.equal(
      ruleKind(rule('bpco-telemonitoraggio', 'misurazioni-mancate'), bpco),
      'missed-schedule',
    );
    assert.equal(ruleKind(rule('bpco-telemonitoraggio', 'cat-elevato'), bpco), 'threshold');
    assert.equal(humanDuration('PT30M', 'it'), '30 min');
    assert.equal(humanDuration('P3D', 'it'), '3 giorni');
    assert.equal(humanDuration('P1D', 'en'), '1 day');
  });

  it('a task raised by two missed mornings: both occurrences, the rule, the SLA timer (database only)', () => {
    const bpco = pathway('bpco-telemonitoraggio');
    const enrolmentId = '0b6c6a35-8d0e-4f5a-9a53-0f3d1f2a4b5c';
    let id = 0;
    const event = (kind: string, at: string, payload: unknown): EnrolmentEvent => ({
      id: String(++id),
      enrolmentId,
      kind,
      stepId: null,
      payload,
      at,
    });
    const occurrence = (n: number, itemId: string, day: string) =>
      event('open-item', `${day}T08:00:00.000Z`, {
        item: {
          id: itemId,
          stepId: 'misurazioni-mattino',
          openedAt: `${day}T08:00:00.000Z`,
          dueAt: `${day}T12:00:00.000Z`,
          details: { occurrence: n },
        },
      });
    const task: WorkItemRecord = {
      id: `${enrolmentId}/item-9`,
      tenantId: 'asl-toscana-centro',
      enrolmentId,
      patientId: 'p',
      itemId: 'item-9',
      kind: 'task',
      stepId: null,
      trackId: null,
      ruleId: 'misurazioni-mancate',
      title: {
        it: 'Contattare il paziente (misurazioni mancate)',
        en: 'Call the patient (missed measurements)',
      },
      assignee: 'nurse',
      level: 0,
      status: 'open',
      dueAt: '2026-03-03T20:00:00.000Z',
      details: { causes: [] },
      openedAt: '2026-03-03T12:00:00.000Z',
      closedAt: null,
      closedBy: null,
      claimedBy: 'centro.infermiere',
      claimedAt: '2026-03-03T12:05:00.000Z',
    };
    const events = [
      occurrence(1, 'item-2', '2026-03-02'),
      event('missed', '2026-03-02T12:00:00.000Z', {
        stepId: 'misurazioni-mattino',
        occurrence: 1,
        consecutive: 1,
      }),
      occurrence(2, 'item-5', '2026-03-03'),
      event('missed', '2026-03-03T12:00:00.000Z', {
        stepId: 'misurazioni-mattino',
        occurrence: 2,
        consecutive: 2,
      }),
      event('open-item', '2026-03-03T12:00:00.000Z', {
        item: { id: 'item-9', assignee: 'nurse', dueAt: '2026-03-03T20:00:00.000Z' },
      }),
    ];
    const chain = assembleWhy({
      subject: { type: 'work-item', item: task },
      pathway: { id: bpco.id, version: bpco.version, currentVersion: bpco.version },
      definition: bpco,
      inputs: { spo2Min: 92 },
      events,
      observations: [],
      notes: [
        {
          id: '1',
          targetType: 'work-item',
          targetId: task.id,
          patientId: 'p',
          author: 'centro.infermiere',
          authorRole: 'nurse',
          kind: 'claimed',
          text: '',
          createdAt: '2026-03-03T12:05:00.000Z',
        },
      ],
      roleOf: () => null,
      enrolmentCompletedAt: null,
      history: null,
    });
    assert.equal(chain.rule?.kind, 'missed-schedule');
    assert.equal(
      chain.rule?.condition.it,
      'misurazioni consecutive mancate («Misurazione di SpO2 e frequenza cardiaca») ≥ 2',
    );
    assert.equal(chain.rule?.sla, 'PT8H');
    assert.deepEqual(chain.rule?.escalation, [{ level: 1, role: 'doctor', within: 'PT8H' }]);
    assert.deepEqual(
      chain.steps.map((s) => s.kind),
      ['missed-schedule', 'missed-schedule', 'rule', 'task', 'escalation-timer', 'claim'],
    );
    const [first, second] = chain.steps;
    assert.deepEqual(first?.missed, {
      stepId: 'misurazioni-mattino',
      stepTitle: {
        it: 'Misurazione di SpO2 e frequenza cardiaca',
        en: 'SpO2 and heart-rate measurement',
      },
      occurrence: 1,
      consecutive: 1,
      windowOpenedAt: '2026-03-02T08:00:00.000Z',
      windowClosedAt: '2026-03-02T12:00:00.000Z',
    });
    assert.equal(second?.missed?.consecutive, 2);
    const timer = chain.steps.find((s) => s.kind === 'escalation-timer')!;
    assert.equal(timer.source, 'database');
    assert.deepEqual(timer.timer, {
      timerId: 'item:item-9',
      startedAt: '2026-03-03T12:00:00.000Z',
      dueAt: '2026-03-03T20:00:00.000Z',
      firedAt: null,
      canceledAt: null,
      seenInHistory: false,
    });
    assert.equal(chain.historyAvailable, false);
    assert.ok(chain.historyNote?.it.includes('non disponibile'));
  });

  it('matches an escalation timer in the history by its end, re-armed after continue-as-new', () => {
    const bpco = pathway('bpco-telemonitoraggio');
    const raised = Date.parse('2026-03-02T09:00:00.000Z');
    const history: HistoryFacts = {
      timers: [
        // Another timer of the same task (a reminder): a different end, not this one.
        { startedAt: raised, durationMs: 7_200_000, firedAt: null, canceledAt: null },
        // Started with the alert, cancelled by continue-as-new, re-armed in the next run, fired.
        { startedAt: raised, durationMs: 1_800_000, firedAt: null, canceledAt: raised + 600_000 },
        {
          startedAt: raised + 600_010,
          durationMs: 1_199_990,
          firedAt: raised + 1_800_020,
          canceledAt: null,
        },
      ],
      messages: [],
    };
    const chain = assembleWhy({
      subject: {
        type: 'alert',
        alert: {
          id: 'e/alert-1',
          tenantId: 't',
          enrolmentId: 'e',
          patientId: 'p',
          alertId: 'alert-1',
          ruleId: 'spo2-bassa',
          severity: 'red',
          title: { it: 'SpO2 sotto soglia', en: 'SpO2 below threshold' },
          status: 'open',
          level: 0,
          assignee: 'nurse',
          ladderExhausted: false,
          raisedAt: new Date(raised).toISOString(),
          acknowledgeBy: new Date(raised + 1_800_000).toISOString(),
          acknowledgedBy: null,
          acknowledgedAt: null,
          note: null,
          causes: [],
          data: { spo2: 86 },
          claimedBy: null,
          claimedAt: null,
          resolvedBy: null,
          resolvedAt: null,
        },
      },
      pathway: { id: bpco.id, version: bpco.version, currentVersion: bpco.version },
      definition: bpco,
      inputs: { spo2Min: 92 },
      events: [],
      observations: [],
      notes: [],
      roleOf: () => null,
      enrolmentCompletedAt: null,
      history,
    });
    const timers = chain.steps.filter((s) => s.kind === 'escalation-timer');
    assert.equal(timers.length, 1);
    assert.deepEqual(timers[0]?.timer, {
      timerId: 'alert:alert-1',
      startedAt: new Date(raised).toISOString(),
      dueAt: new Date(raised + 1_800_000).toISOString(),
      firedAt: new Date(raised + 1_800_020).toISOString(),
      canceledAt: null,
      seenInHistory: true,
    });
  });
});
