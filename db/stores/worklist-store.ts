import type { Db } from '../connection.js';
import { nowIso, toIso } from '../rows.js';

export type NoteTarget = 'alert' | 'work-item';
export type NoteKind = 'note' | 'claimed' | 'released' | 'acknowledged' | 'resolved';

export interface CareNote {
  id: string;
  targetType: NoteTarget;
  targetId: string;
  patientId: string;
  author: string;
  authorRole: string;
  kind: NoteKind;
  text: string;
  createdAt: string;
}

interface NoteRow {
  id: number | string;
  tenant_id: string;
  target_type: NoteTarget;
  target_id: string;
  patient_id: string;
  author: string;
  author_role: string;
  kind: NoteKind;
  text: string;
  created_at: unknown;
}

const table: Record<NoteTarget, 'alerts' | 'work_items'> = {
  alert: 'alerts',
  'work-item': 'work_items',
};

export type ClaimResult =
  { ok: true; claimedBy: string } | { ok: false; claimedBy: string; claimedAt: string };

/**
 * The worklist's human coordination: claims (who is on it) and notes, for alerts and work
 * items. A claim is taken with one conditional UPDATE, so two nurses pressing "Prendo io" at
 * the same moment cannot both win.
 */
export class WorklistStore {
  constructor(private readonly db: Db) {}

  async claim(
    tenantId: string,
    target: NoteTarget,
    id: string,
    username: string,
    takeOver: boolean,
  ): Promise<ClaimResult | null> {
    const q = this.db(table[target]).where({ tenant_id: tenantId, id });
    if (!takeOver)
      void q.andWhere((w) => void w.whereNull('claimed_by').orWhere({ claimed_by: username }));
    const changed = await q.update({ claimed_by: username, claimed_at: nowIso() });
    const row: { claimed_by: string | null; claimed_at: unknown } | undefined = await this.db(
      table[target],
    )
      .where({ tenant_id: tenantId, id })
      .first('claimed_by', 'claimed_at');
    if (!row) return null;
    if (changed > 0) return { ok: true, claimedBy: username };
    return { ok: false, claimedBy: row.claimed_by ?? '', claimedAt: toIso(row.claimed_at) };
  }

  /** Releases a claim held by `username`; false if they do not hold it. */
  async release(
    tenantId: string,
    target: NoteTarget,
    id: string,
    username: string,
  ): Promise<boolean> {
    const changed = await this.db(table[target])
      .where({ tenant_id: tenantId, id, claimed_by: username })
      .update({ claimed_by: null, claimed_at: null });
    return changed > 0;
  }

  async addNote(n: {
    tenantId: string;
    targetType: NoteTarget;
    targetId: string;
    patientId: string;
    author: string;
    authorRole: string;
    kind: NoteKind;
    text: string;
  }): Promise<void> {
    await this.db('care_notes').insert({
      tenant_id: n.tenantId,
      target_type: n.targetType,
      target_id: n.targetId,
      patient_id: n.patientId,
      author: n.author,
      author_role: n.authorRole,
      kind: n.kind,
      text: n.text,
      created_at: nowIso(),
    });
  }

  async notes(tenantId: string, target: NoteTarget, id: string): Promise<CareNote[]> {
    const rows = await this.db<NoteRow>('care_notes')
      .where({ tenant_id: tenantId, target_type: target, target_id: id })
      .orderBy('id');
    return rows.map((r) => ({
      id: String(r.id),
      targetType: r.target_type,
      targetId: r.target_id,
      patientId: r.patient_id,
      author: r.author,
      authorRole: r.author_role,
      kind: r.kind,
      text: r.text,
      createdAt: toIso(r.created_at),
    }));
  }
}
