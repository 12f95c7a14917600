import type { Stores } from '../../db/stores/index.js';
import type { NoteTarget } from '../../db/stores/worklist-store.js';
import { NotFoundError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { PathwayCatalog } from '../../platform/pathway-catalog.js';
import { clinicalRoles } from '../../platform/roles.js';
import type { TemporalHandle } from '../../platform/temporal.js';
import { renderAuditChainPdf } from '../../templates/pdf/audit-chain-pdf.js';
import type { Identity } from '../auth/session.js';
import { sendAttachment, toCsv } from '../downloads.js';
import { defineRoute, type AuditInput } from '../route.js';
import { alertParams } from './alerts.js';
import {
  assembleWhy,
  humanDuration,
  localTime,
  roleLabel,
  whyChain,
  type HistoryFacts,
  type WhyChain,
  type WhyStepKind,
} from './why-chain.js';
import { readWorkflowHistory } from './why-history.js';
import { workItemParams } from './work-items.js';

export interface WhyDeps {
  stores: Stores;
  catalog: PathwayCatalog;
  temporal: TemporalHandle;
  logger: Logger;
}

const resourceType = (target: NoteTarget) => (target === 'alert' ? 'Flag' : 'Task');

/**
 * Loads everything the chain reads, in the caller's tenant: the alert or task, its enrolment
 * and timeline, the readings, the worklist notes, the pathway version in force when it was
 * raised, and the workflow's history (optional: without it the chain says so).
 */
export async function buildWhyChain(
  deps: WhyDeps,
  identity: Identity,
  target: NoteTarget,
  id: string,
  audit: (e: AuditInput) => Promise<void>,
  access: { action: 'read' | 'export'; format: 'json' | 'csv' | 'pdf' },
): Promise<WhyChain> {
  const { action } = access;
  const { stores } = deps;
  const tenantId = identity.tenantId;
  const alert = target === 'alert' ? await stores.care.getAlert(tenantId, id) : null;
  const item = target === 'work-item' ? await stores.care.getWorkItem(tenantId, id) : null;
  const row = alert ?? item;
  const enrolment = row ? await stores.enrolments.get(tenantId, row.enrolmentId) : null;
  if (!row || !enrolment) {
    await audit({
      action,
      resourceType: resourceType(target),
      resourceId: id,
      outcome: 'not-found',
    });
    throw new NotFoundError(`${target} ${id} not found`);
  }
  const openedAt = alert?.raisedAt ?? item!.openedAt;
  const events = await stores.enrolments.listEvents(tenantId, enrolment.id);
  // A migration after the alert was raised: the rule that fired is the earlier version's.
  const migratedAfter = events.find(
    (e) => e.kind === 'version-migrated' && Date.parse(e.at) > Date.parse(openedAt),
  );
  const version =
    (migratedAfter ? (migratedAfter.payload as { from?: string }).from : undefined) ??
    enrolment.pathwayVersion;
  const [definition, inputs, observations, notes, users] = await Promise.all([
    deps.catalog.find(tenantId, enrolment.pathwayId, version),
    stores.enrolments.getInputs(tenantId, enrolment.id),
    stores.care.listObservations(tenantId, { enrolmentId: enrolment.id, limit: 50_000 }),
    stores.worklist.notes(tenantId, target, id),
    stores.users.list(tenantId),
  ]);
  let history: HistoryFacts | null = null;
  try {
    history = await readWorkflowHistory(deps.temporal, enrolment.workflowId, Date.parse(openedAt));
  } catch (err) {
    deps.logger.warn(
      {
        err: (err as Error).message,
        tenantId,
        enrolmentId: enrolment.id,
        workflowId: enrolment.workflowId,
      },
      'why: workflow history unavailable',
    );
  }
  const roles = new Map(users.map((u) => [u.username, u.role as string]));
  const chain = assembleWhy({
    subject: alert ? { type: 'alert', alert } : { type: 'work-item', item: item! },
    pathway: { id: enrolment.pathwayId, version, currentVersion: enrolment.pathwayVersion },
    definition,
    inputs: inputs ?? {},
    events,
    observations,
    notes,
    roleOf: (username) => roles.get(username) ?? null,
    enrolmentCompletedAt: enrolment.completedAt,
    history,
  });
  await audit({
    action,
    resourceType: resourceType(target),
    resourceId: row.id,
    patientId: row.patientId,
    detail: `why (${access.format})${history ? '' : ', workflow history unavailable'}`,
  });
  return chain;
}

// ---------------------------------------------------------------------------------------------
// Exports for a clinical audit: CSV and PDF, Italian first with English.

const kindLabels: Record<WhyStepKind, { it: string; en: string }> = {
  reading: { it: 'Misurazione', en: 'Reading' },
  'derived-value': { it: 'Valore derivato', en: 'Derived value' },
  'missed-schedule': { it: 'Misurazione mancata', en: 'Missed schedule' },
  'form-submission': { it: 'Questionario', en: 'Questionnaire' },
  'workflow-message': { it: 'Messaggio al workflow', en: 'Workflow message' },
  rule: { it: 'Regola', en: 'Rule' },
  alert: { it: 'Allerta', en: 'Alert' },
  task: { it: 'Attività', en: 'Task' },
  'escalation-timer': { it: 'Timer di escalation', en: 'Escalation timer' },
  escalation: { it: 'Escalation', en: 'Escalation' },
  'ladder-exhausted': { it: 'Escalation esaurita', en: 'Ladder exhausted' },
  reminder: { it: 'Promemoria', en: 'Reminder' },
  notification: { it: 'Notifica', en: 'Notification' },
  claim: { it: 'Presa in carico', en: 'Claim' },
  release: { it: 'Rilascio', en: 'Release' },
  note: { it: 'Nota', en: 'Note' },
  acknowledgement: { it: 'Presa visione', en: 'Acknowledgement' },
  completion: { it: 'Completamento', en: 'Completion' },
  resolution: { it: 'Risoluzione', en: 'Resolution' },
  closure: { it: 'Chiusura', en: 'Closure' },
};
const sourceLabels = {
  database: { it: 'Database', en: 'Database' },
  'workflow-history': { it: 'Storia del workflow', en: 'Workflow history' },
} as const;
const statusLabels: Record<string, { it: string; en: string }> = {
  open: { it: 'aperta', en: 'open' },
  acknowledged: { it: 'presa visione', en: 'acknowledged' },
  resolved: { it: 'risolta', en: 'resolved' },
  closed: { it: 'chiusa', en: 'closed' },
  done: { it: 'completata', en: 'done' },
  missed: { it: 'mancata', en: 'missed' },
  cancelled: { it: 'annullata', en: 'cancelled' },
  'no-show': { it: 'mancata presentazione', en: 'no-show' },
};
const ruleKindLabels = {
  threshold: { it: 'Soglia', en: 'Threshold' },
  trend: { it: 'Andamento', en: 'Trend' },
  'missed-schedule': { it: 'Misurazione mancata', en: 'Missed schedule' },
  other: { it: 'Altro', en: 'Other' },
} as const;

/** RFC 4180 (comma, CRLF) with a BOM so that spreadsheet programs read the accents. */
export function whyCsv(chain: WhyChain, patient: { name: string; fiscalCode: string }): string {
  const head = [
    'at',
    'ora_locale',
    'tipo',
    'kind',
    'descrizione',
    'description',
    'attore',
    'ruolo',
    'fonte',
  ];
  const context = (what: { it: string; en: string }, value: { it: string; en: string }) => [
    '',
    '',
    what.it,
    what.en,
    value.it,
    value.en,
    '',
    '',
    '',
  ];
  const rows: string[][] = [
    context({ it: 'Paziente', en: 'Patient' }, { it: patient.name, en: patient.name }),
    context(
      { it: 'Codice fiscale', en: 'Fiscal code' },
      { it: patient.fiscalCode, en: patient.fiscalCode },
    ),
    context(
      { it: 'Oggetto', en: 'Subject' },
      {
        it: `${chain.subject.title.it} (${chain.subject.id})`,
        en: `${chain.subject.title.en} (${chain.subject.id})`,
      },
    ),
    context(
      { it: 'Percorso', en: 'Pathway' },
      {
        it: `${chain.pathway.title.it} (${chain.pathway.id} v${chain.pathway.version})`,
        en: `${chain.pathway.title.en} (${chain.pathway.id} v${chain.pathway.version})`,
      },
    ),
    ...(chain.rule
      ? [
          context(
            { it: 'Regola', en: 'Rule' },
            {
              it: `${chain.rule.id}: ${chain.rule.condition.it}`,
              en: `${chain.rule.id}: ${chain.rule.condition.en}`,
            },
          ),
        ]
      : []),
    ...(chain.historyNote ? [context({ it: 'Avviso', en: 'Notice' }, chain.historyNote)] : []),
    ...chain.steps.map((s) => [
      s.at,
      localTime(s.at),
      kindLabels[s.kind].it,
      s.kind,
      s.text.it,
      s.text.en,
      s.actor?.username ?? '',
      s.actor?.role ?? '',
      s.source,
    ]),
  ];
  return toCsv(head, rows);
}

function ladderText(chain: WhyChain, l: 'it' | 'en'): string {
  const r = chain.rule;
  if (!r) return '';
  const first = r.acknowledgeWithin
    ? `${r.assignee ? roleLabel(r.assignee, l) : ''} ${humanDuration(r.acknowledgeWithin, l)}`.trim()
    : r.sla
      ? `${r.assignee ? roleLabel(r.assignee, l) : ''} ${humanDuration(r.sla, l)}`.trim()
      : '';
  return [
    first,
    ...r.escalation.map((e) => `${roleLabel(e.role, l)} ${humanDuration(e.within, l)}`),
  ]
    .filter(Boolean)
    .join(l === 'it' ? ', poi ' : ', then ');
}

export async function whyPdf(
  chain: WhyChain,
  patient: { name: string; fiscalCode: string; birthDate: string },
  organisation: { name: string; colour?: string },
): Promise<Buffer> {
  const last = chain.steps.reduce(
    (max, s) => (Date.parse(s.at) > max ? Date.parse(s.at) : max),
    Date.parse(chain.subject.openedAt),
  );
  const same = (s: string) => ({ it: s, en: s });
  const r = chain.rule;
  return renderAuditChainPdf({
    organisation: organisation.name,
    ...(organisation.colour ? { colour: organisation.colour } : {}),
    title: { it: 'Perché? Catena degli eventi', en: 'Why? Chain of events' },
    subtitle: {
      it: `${chain.subject.type === 'alert' ? 'Allerta' : 'Attività'}: ${chain.subject.title.it} — ${statusLabels[chain.subject.status]?.it ?? chain.subject.status}`,
      en: `${chain.subject.type === 'alert' ? 'Alert' : 'Task'}: ${chain.subject.title.en} — ${statusLabels[chain.subject.status]?.en ?? chain.subject.status}`,
    },
    patient,
    facts: [
      {
        label: { it: 'Percorso', en: 'Pathway' },
        value: {
          it: `${chain.pathway.title.it} (${chain.pathway.id}, versione ${chain.pathway.version})`,
          en: `${chain.pathway.title.en} (${chain.pathway.id}, version ${chain.pathway.version})`,
        },
      },
      ...(r
        ? [
            {
              label: { it: 'Regola', en: 'Rule' },
              value: { it: `${r.title.it} (${r.id})`, en: `${r.title.en} (${r.id})` },
            },
            { label: { it: 'Condizione', en: 'Condition' }, value: r.condition },
            { label: { it: 'Tipo', en: 'Kind' }, value: ruleKindLabels[r.kind] },
            {
              label: { it: 'Tempi ed escalation', en: 'Limits and escalation' },
              value: { it: ladderText(chain, 'it') || '—', en: ladderText(chain, 'en') || '—' },
            },
          ]
        : []),
      ...(chain.pathwayStep
        ? [
            {
              label: { it: 'Passo del percorso', en: 'Pathway step' },
              value: {
                it: `${chain.pathwayStep.title.it} (${chain.pathwayStep.id})`,
                en: `${chain.pathwayStep.title.en} (${chain.pathwayStep.id})`,
              },
            },
          ]
        : []),
      { label: { it: 'Identificativo', en: 'Identifier' }, value: same(chain.subject.id) },
    ],
    steps: chain.steps.map((s) => ({
      at: s.at,
      kind: kindLabels[s.kind],
      text: s.text,
      actor: s.actor
        ? `${s.actor.username}${s.actor.role ? ` (${roleLabel(s.actor.role, 'it')})` : ''}`
        : '—',
      source: sourceLabels[s.source],
    })),
    notes: chain.historyNote ? [chain.historyNote] : [],
    reference: chain.subject.id,
    creationDate: new Date(last),
  });
}

function exportName(chain: WhyChain, ext: string): string {
  return `perche-${chain.subject.id.replace(/[^a-zA-Z0-9-]+/g, '-')}.${ext}`;
}

/**
 * "Why?" for an alert or a task, to the clinicians of its tenant: the chain as JSON for the
 * console, and as CSV or PDF for a clinical audit (with the patient's name and codice fiscale).
 * Every read and export is audited.
 */
export function whyRoutes(deps: WhyDeps) {
  const exportPatient = async (tenantId: string, patientId: string) => {
    const p = await deps.stores.patients.get(tenantId, patientId);
    if (!p) throw new NotFoundError(`patient ${patientId} not found`);
    return {
      name: `${p.familyName} ${p.givenName}`,
      fiscalCode: p.codiceFiscale,
      birthDate: p.birthDate,
    };
  };
  const organisation = async (tenantId: string) => {
    const [tenant, settings] = await Promise.all([
      deps.stores.tenants.get(tenantId),
      deps.stores.tenants.getDocumentSettings(tenantId).catch(() => null),
    ]);
    return {
      name: settings?.branding.organisation ?? tenant?.name ?? tenantId,
      ...(settings?.branding.color ? { colour: settings.branding.color } : {}),
    };
  };

  const routesFor = (
    target: NoteTarget,
    base: string,
    params: typeof alertParams | typeof workItemParams,
  ) => {
    const what = target === 'alert' ? 'alert' : 'task';
    return [
      defineRoute({
        method: 'get',
        path: `${base}/:id/why`,
        summary: `Why? The chain that produced the ${what}: readings or missed schedule, rule and version, escalation timers, who acknowledged`,
        tags: ['worklist'],
        access: { roles: clinicalRoles },
        params,
        response: whyChain,
        async handler({ identity, params: p, audit }) {
          return {
            body: await buildWhyChain(deps, identity, target, p.id, audit, {
              action: 'read',
              format: 'json',
            }),
          };
        },
      }),
      defineRoute({
        method: 'get',
        path: `${base}/:id/why.csv`,
        summary: `Why? of the ${what} as CSV for a clinical audit (Italian and English)`,
        tags: ['worklist'],
        access: { roles: clinicalRoles },
        params,
        async handler({ res, identity, params: p, audit }) {
          const chain = await buildWhyChain(deps, identity, target, p.id, audit, {
            action: 'export',
            format: 'csv',
          });
          const patient = await exportPatient(identity.tenantId, chain.subject.patientId);
          sendAttachment(
            res,
            'text/csv; charset=utf-8',
            exportName(chain, 'csv'),
            whyCsv(chain, patient),
          );
        },
      }),
      defineRoute({
        method: 'get',
        path: `${base}/:id/why.pdf`,
        summary: `Why? of the ${what} as PDF for a clinical audit (Italian and English)`,
        tags: ['worklist'],
        access: { roles: clinicalRoles },
        params,
        async handler({ res, identity, params: p, audit }) {
          const chain = await buildWhyChain(deps, identity, target, p.id, audit, {
            action: 'export',
            format: 'pdf',
          });
          const [patient, org] = await Promise.all([
            exportPatient(identity.tenantId, chain.subject.patientId),
            organisation(identity.tenantId),
          ]);
          sendAttachment(
            res,
            'application/pdf',
            exportName(chain, 'pdf'),
            await whyPdf(chain, patient, org),
          );
        },
      }),
    ];
  };
  return [
    ...routesFor('alert', '/alerts', alertParams),
    ...routesFor('work-item', '/work-items', workItemParams),
  ];
}
