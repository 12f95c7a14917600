import type { AlertRecord } from '../../db/stores/care-store.js';
import type { Enrolment } from '../../db/stores/enrolment-store.js';
import type { Stores } from '../../db/stores/index.js';
import type { Patient } from '../../db/stores/patient-store.js';
import type { PathwayDefinition } from '../../pathways/definition.js';
import { thresholdBands, type ThresholdBand } from '../../pathways/thresholds.js';
import { acceptedUnits, vitalByLoinc } from '../../pathways/vitals.js';
import type { Clinician } from '../../templates/documents/header.js';
import type {
  RiepilogoTelemonitoraggioInput,
  ThresholdBand as SummaryBand,
} from '../../templates/documents/riepilogo-telemonitoraggio/model.js';
import type { DocumentSettings } from '../../templates/documents/settings.js';
import { splitDisplayName } from './person-names.js';

/**
 * The telemonitoring period summary of one enrolment, assembled from the records: the
 * pathway's measured vitals (those of the LOINC catalogue) with every reading of the period,
 * the patient's own alert zones read from the pathway's rules and inputs, the alerts raised
 * in the period with who acknowledged them, and how many readings each vital received.
 */
export async function buildTelemonitoringSummary(args: {
  stores: Stores;
  settings: DocumentSettings;
  patient: Patient;
  enrolment: Enrolment;
  definition: PathwayDefinition;
  inputs: Record<string, unknown>;
  author: Clinician;
  period: { from: string; to: string };
  issued: string;
  documentExtension: string;
  notes?: string;
}): Promise<RiepilogoTelemonitoraggioInput> {
  const { stores, enrolment, definition, period } = args;
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  const inPeriod = (iso: string) => {
    const t = Date.parse(iso);
    return t >= from && t <= to;
  };
  const bands = thresholdBands(definition, args.inputs);
  const observations = (
    await stores.care.listObservations(enrolment.tenantId, {
      enrolmentId: enrolment.id,
      limit: 50_000,
    })
  ).filter((o) => inPeriod(o.measuredAt));

  const vitals: NonNullable<RiepilogoTelemonitoraggioInput['vitals']> = [];
  const loincOfDataPoint = new Map<string, string>();
  for (const [name, dp] of Object.entries(definition.dataPoints)) {
    if (dp.type !== 'quantity' || !dp.loinc) continue;
    const vital = vitalByLoinc(dp.loinc);
    if (!vital || !acceptedUnits(vital).includes(dp.unit)) continue;
    loincOfDataPoint.set(name, dp.loinc);
    const readings = observations
      .filter((o) => o.dataPoint === name)
      .map((o) => ({ at: o.measuredAt, value: o.value }))
      .sort((a, b) => a.at.localeCompare(b.at));
    vitals.push({
      code: dp.loinc,
      unit: dp.unit,
      readings,
      bands: bands.filter((b) => b.dataPoint === name).flatMap(toSummaryBands),
    });
  }

  const names = new Map<string, string>();
  const nameOf = async (username: string) => {
    if (!names.has(username)) {
      const user = (await stores.users.list(enrolment.tenantId)).find(
        (u) => u.username === username,
      );
      names.set(username, user?.displayName ?? username);
    }
    return names.get(username)!;
  };
  const alerts: NonNullable<RiepilogoTelemonitoraggioInput['alerts']> = [];
  const raised = (
    await stores.care.listAlerts(enrolment.tenantId, { enrolmentId: enrolment.id, limit: 5000 })
  )
    .filter((a) => inPeriod(a.raisedAt))
    .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
  for (const a of raised) {
    const vital = vitalOfAlert(a, loincOfDataPoint);
    alerts.push({
      at: a.raisedAt,
      level: a.severity,
      ...(vital ? { vital } : {}),
      message: a.title.it,
      status: alertStatusOf(a.status),
      ...(a.acknowledgedBy && a.acknowledgedAt && inPeriod(a.acknowledgedAt)
        ? {
            acknowledgedBy: splitDisplayName(await nameOf(a.acknowledgedBy)),
            acknowledgedAt: a.acknowledgedAt,
          }
        : {}),
    });
  }

  return {
    id: { root: args.settings.documentIdRoot, extension: args.documentExtension },
    version: 1,
    issued: args.issued,
    patient: {
      fiscalCode: args.patient.codiceFiscale,
      name: { given: args.patient.givenName, family: args.patient.familyName },
      gender: args.patient.sex,
      birthDate: args.patient.birthDate,
    },
    custodian: args.settings.custodian,
    author: args.author,
    period,
    pathway: { name: definition.title.it, version: enrolment.pathwayVersion },
    vitals,
    alerts,
    adherence: vitals
      .map((v) => ({
        code: v.code,
        expected: 0,
        received: v.readings?.length ?? 0,
      }))
      .filter(() => false),
    ...(args.notes ? { notes: args.notes } : {}),
  };
}

/** "Alert below 90" is the zone up to 90; "between" is the zone between its limits. */
function toSummaryBands(b: ThresholdBand): SummaryBand[] {
  if (b.between) return [{ level: b.severity, low: b.between[0], high: b.between[1] }];
  const out: SummaryBand[] = [];
  if (b.below !== undefined) out.push({ level: b.severity, high: b.below });
  if (b.above !== undefined) out.push({ level: b.severity, low: b.above });
  return out;
}

function alertStatusOf(status: string): 'open' | 'acknowledged' | 'resolved' | 'closed' {
  return status === 'acknowledged' || status === 'resolved' || status === 'closed'
    ? status
    : 'open';
}

/** The vital an alert was about: the first data point among its causes with a catalogue code. */
function vitalOfAlert(a: AlertRecord, loincOf: Map<string, string>): string | undefined {
  for (const key of [...a.causes, ...Object.keys(a.data)]) {
    const loinc = loincOf.get(key);
    if (loinc) return loinc;
  }
  return undefined;
}
