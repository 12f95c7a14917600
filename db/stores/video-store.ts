import { randomUUID } from 'node:crypto';
import type { Db } from '../connection.js';
import { fromJson, nowIso, toBool, toIso, toIsoOrNull, toJson } from '../rows.js';

export type VideoRole = 'patient' | 'caregiver' | 'nurse' | 'doctor' | 'consultant';
export type VideoSessionStatus = 'scheduled' | 'open' | 'unavailable' | 'ended' | 'cancelled';
export type ParticipantState = 'waiting' | 'admitted' | 'in-call' | 'left';

export interface VideoSession {
  id: string;
  tenantId: string;
  enrolmentId: string;
  patientId: string;
  workItemId: string;
  itemId: string;
  stepId: string | null;
  kind: 'video' | 'consult';
  title: { it: string; en: string };
  participants: VideoRole[];
  required: VideoRole[];
  duration: string;
  completesItem: boolean;
  /** The pathway workflow the session reports its attendance to. */
  workflowId: string;
  opensAt: string;
  expiresAt: string;
  status: VideoSessionStatus;
  unavailableReason: string | null;
  openedAt: string | null;
  endedAt: string | null;
  endedBy: string | null;
  outcome: 'attended' | 'no-show' | null;
  attended: VideoRole[];
}

/** The room's secrets: only for the worker, and for an admitted participant's connect. */
export interface VideoRoom {
  roomId: string;
  secret: string;
  pin: string;
}

export interface VideoParticipant {
  id: string;
  sessionId: string;
  userId: string;
  username: string;
  role: VideoRole;
  displayName: string;
  feedId: string;
  janusToken: string | null;
  waitingSince: string;
  admittedAt: string | null;
  admittedBy: string | null;
  connectedAt: string | null;
  inRoom: boolean;
  firstJoinedAt: string | null;
  lastSeenAt: string | null;
  leftAt: string | null;
  secondsPresent: number;
  state: ParticipantState;
}

export type NewVideoSession = Pick<
  VideoSession,
  | 'tenantId'
  | 'enrolmentId'
  | 'patientId'
  | 'workItemId'
  | 'itemId'
  | 'stepId'
  | 'kind'
  | 'title'
  | 'participants'
  | 'required'
  | 'duration'
  | 'completesItem'
  | 'workflowId'
  | 'opensAt'
  | 'expiresAt'
>;

interface SessionRow {
  id: string;
  tenant_id: string;
  enrolment_id: string;
  patient_id: string;
  work_item_id: string;
  item_id: string;
  step_id: string | null;
  kind: 'video' | 'consult';
  title_it: string;
  title_en: string;
  participants: unknown;
  required: unknown;
  duration: string;
  completes_item: unknown;
  workflow_id: string;
  opens_at: unknown;
  expires_at: unknown;
  status: VideoSessionStatus;
  unavailable_reason: string | null;
  room_id: string | null;
  room_secret: string | null;
  room_pin: string | null;
  opened_at: unknown;
  ended_at: unknown;
  ended_by: string | null;
  outcome: 'attended' | 'no-show' | null;
  attended: unknown;
}

interface ParticipantRow {
  id: string;
  session_id: string;
  user_id: string;
  username: string;
  role: VideoRole;
  display_name: string;
  feed_id: string;
  janus_token: string | null;
  waiting_since: unknown;
  admitted_at: unknown;
  admitted_by: string | null;
  connected_at: unknown;
  in_room: unknown;
  first_joined_at: unknown;
  last_seen_at: unknown;
  left_at: unknown;
  seconds_present: number | string;
}

const toSession = (r: SessionRow): VideoSession => ({
  id: r.id,
  tenantId: r.tenant_id,
  enrolmentId: r.enrolment_id,
  patientId: r.patient_id,
  workItemId: r.work_item_id,
  itemId: r.item_id,
  stepId: r.step_id,
  kind: r.kind,
  title: { it: r.title_it, en: r.title_en },
  participants: fromJson<VideoRole[]>(r.participants),
  required: fromJson<VideoRole[]>(r.required),
  duration: r.duration,
  completesItem: toBool(r.completes_item),
  workflowId: r.workflow_id,
  opensAt: toIso(r.opens_at),
  expiresAt: toIso(r.expires_at),
  status: r.status,
  unavailableReason: r.unavailable_reason,
  openedAt: toIsoOrNull(r.opened_at),
  endedAt: toIsoOrNull(r.ended_at),
  endedBy: r.ended_by,
  outcome: r.outcome,
  attended: fromJson<VideoRole[]>(r.attended),
});

const toParticipant = (r: ParticipantRow): VideoParticipant => {
  const inRoom = toBool(r.in_room);
  const admittedAt = toIsoOrNull(r.admitted_at);
  const leftAt = toIsoOrNull(r.left_at);
  return {
    id: r.id,
    sessionId: r.session_id,
    userId: r.user_id,
    username: r.username,
    role: r.role,
    displayName: r.display_name,
    feedId: r.feed_id,
    janusToken: r.janus_token,
    waitingSince: toIso(r.waiting_since),
    admittedAt,
    admittedBy: r.admitted_by,
    connectedAt: toIsoOrNull(r.connected_at),
    inRoom,
    firstJoinedAt: toIsoOrNull(r.first_joined_at),
    lastSeenAt: toIsoOrNull(r.last_seen_at),
    leftAt,
    secondsPresent: Number(r.seconds_present),
    state: inRoom ? 'in-call' : leftAt ? 'left' : admittedAt ? 'admitted' : 'waiting',
  };
};

/** Roles whose people wait until a clinician lets them in. */
export const waitingRoles: readonly VideoRole[] = ['patient', 'caregiver'];

export class VideoStore {
  constructor(private readonly db: Db) {}

  /** Creates the session of a work item, or returns the one an earlier attempt created. */
  async ensureSession(s: NewVideoSession): Promise<VideoSession> {
    await this.db('video_sessions')
      .insert({
        id: randomUUID(),
        tenant_id: s.tenantId,
        enrolment_id: s.enrolmentId,
        patient_id: s.patientId,
        work_item_id: s.workItemId,
        item_id: s.itemId,
        step_id: s.stepId,
        kind: s.kind,
        title_it: s.title.it,
        title_en: s.title.en,
        participants: toJson(s.participants),
        required: toJson(s.required),
        duration: s.duration,
        completes_item: s.completesItem,
        workflow_id: s.workflowId,
        opens_at: s.opensAt,
        expires_at: s.expiresAt,
        status: 'scheduled',
        attended: toJson([]),
        created_at: nowIso(),
      })
      .onConflict('work_item_id')
      .ignore();
    return (await this.getByWorkItem(s.workItemId))!;
  }

  async get(tenantId: string, id: string): Promise<VideoSession | null> {
    const row = await this.db<SessionRow>('video_sessions')
      .where({ tenant_id: tenantId, id })
      .first();
    return row ? toSession(row) : null;
  }

  /** For the worker, which knows sessions by id only. */
  async getById(id: string): Promise<VideoSession | null> {
    const row = await this.db<SessionRow>('video_sessions').where({ id }).first();
    return row ? toSession(row) : null;
  }

  async getByWorkItem(workItemId: string): Promise<VideoSession | null> {
    const row = await this.db<SessionRow>('video_sessions')
      .where({ work_item_id: workItemId })
      .first();
    return row ? toSession(row) : null;
  }

  async list(
    tenantId: string,
    f: { patientId?: string; status?: VideoSessionStatus; limit?: number } = {},
  ): Promise<VideoSession[]> {
    const q = this.db<SessionRow>('video_sessions').where({ tenant_id: tenantId });
    if (f.patientId) void q.andWhere({ patient_id: f.patientId });
    if (f.status) void q.andWhere({ status: f.status });
    const rows = await q.orderBy('opens_at', 'desc').limit(f.limit ?? 100);
    return rows.map(toSession);
  }

  async room(sessionId: string): Promise<VideoRoom | null> {
    const row = await this.db<SessionRow>('video_sessions').where({ id: sessionId }).first();
    if (!row?.room_id || !row.room_secret || !row.room_pin) return null;
    return { roomId: row.room_id, secret: row.room_secret, pin: row.room_pin };
  }

  /** Keeps the room's secrets before the room is created, so that a retry reuses them. */
  async reserveRoom(sessionId: string, room: VideoRoom): Promise<VideoRoom> {
    await this.db('video_sessions')
      .where({ id: sessionId })
      .whereNull('room_id')
      .update({ room_id: room.roomId, room_secret: room.secret, room_pin: room.pin });
    return (await this.room(sessionId))!;
  }

  /** The room exists: the session opens (an ended or cancelled one stays as it is). */
  async markOpen(sessionId: string): Promise<void> {
    await this.db('video_sessions')
      .where({ id: sessionId })
      .whereIn('status', ['scheduled', 'unavailable'])
      .update({ status: 'open', unavailable_reason: null, opened_at: nowIso() });
  }

  async markUnavailable(sessionId: string, reason: string): Promise<void> {
    await this.db('video_sessions')
      .where({ id: sessionId })
      .whereIn('status', ['scheduled', 'unavailable', 'open'])
      .update({ status: 'unavailable', unavailable_reason: reason });
  }

  /** The end: once; a second call (a retried activity) changes nothing. */
  async markEnded(
    sessionId: string,
    end: {
      status: 'ended' | 'cancelled';
      outcome: 'attended' | 'no-show' | null;
      attended: VideoRole[];
      endedBy: string | null;
    },
  ): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('video_sessions')
        .where({ id: sessionId })
        .whereNotIn('status', ['ended', 'cancelled'])
        .update({
          status: end.status,
          outcome: end.outcome,
          attended: toJson(end.attended),
          ended_by: end.endedBy,
          ended_at: nowIso(),
        });
      await trx('video_participants')
        .where({ session_id: sessionId, in_room: true })
        .update({ in_room: false, left_at: nowIso() });
    });
  }

  async participants(sessionId: string): Promise<VideoParticipant[]> {
    const rows = await this.db<ParticipantRow>('video_participants')
      .where({ session_id: sessionId })
      .orderBy('waiting_since', 'asc');
    return rows.map(toParticipant);
  }

  async participant(sessionId: string, participantId: string): Promise<VideoParticipant | null> {
    const row = await this.db<ParticipantRow>('video_participants')
      .where({ session_id: sessionId, id: participantId })
      .first();
    return row ? toParticipant(row) : null;
  }

  /**
   * A named person enters the waiting room (or comes back). Clinicians are admitted at once;
   * a patient who was admitted before and comes back after a dropped call stays admitted.
   */
  async enter(
    sessionId: string,
    p: { userId: string; username: string; role: VideoRole; displayName: string },
  ): Promise<VideoParticipant> {
    const now = nowIso();
    const admitted = !waitingRoles.includes(p.role);
    await this.db('video_participants')
      .insert({
        id: randomUUID(),
        session_id: sessionId,
        user_id: p.userId,
        username: p.username,
        role: p.role,
        display_name: p.displayName,
        feed_id: `p-${randomUUID()}`,
        waiting_since: now,
        admitted_at: admitted ? now : null,
        admitted_by: admitted ? p.username : null,
        in_room: false,
        seconds_present: 0,
      })
      .onConflict(['session_id', 'user_id'])
      .ignore();
    const row = await this.db<ParticipantRow>('video_participants')
      .where({ session_id: sessionId, user_id: p.userId })
      .first();
    return toParticipant(row!);
  }

  async admit(sessionId: string, participantId: string, by: string): Promise<boolean> {
    const changed = await this.db('video_participants')
      .where({ session_id: sessionId, id: participantId })
      .whereNull('admitted_at')
      .update({ admitted_at: nowIso(), admitted_by: by });
    return changed > 0;
  }

  /** Records the Janus token handed to an admitted participant (replacing an older one). */
  async connected(participantId: string, janusToken: string): Promise<void> {
    await this.db('video_participants')
      .where({ id: participantId })
      .update({ janus_token: janusToken, connected_at: nowIso() });
  }

  /** The tokens to revoke when the session ends. */
  async tokens(sessionId: string): Promise<string[]> {
    const rows: { janus_token: string }[] = await this.db('video_participants')
      .where({ session_id: sessionId })
      .whereNotNull('janus_token')
      .select('janus_token');
    return rows.map((r) => r.janus_token);
  }

  async clearTokens(sessionId: string): Promise<void> {
    await this.db('video_participants')
      .where({ session_id: sessionId })
      .update({ janus_token: null });
  }

  /**
   * What Janus reports in the room now (feed ids): time present accrues between two
   * observations of the same person, at most `maxGapSeconds` at a time (a missed poll does not
   * count as an hour of presence). People no longer there have left.
   */
  async observe(
    sessionId: string,
    feedIds: string[],
    at: string,
    maxGapSeconds: number,
  ): Promise<VideoParticipant[]> {
    const present = new Set(feedIds);
    await this.db.transaction(async (trx) => {
      const rows = await trx<ParticipantRow>('video_participants').where({
        session_id: sessionId,
      });
      for (const r of rows) {
        const was = toBool(r.in_room);
        if (present.has(r.feed_id)) {
          const last = toIsoOrNull(r.last_seen_at);
          const gap = was && last ? Math.max(0, (Date.parse(at) - Date.parse(last)) / 1000) : 0;
          await trx('video_participants')
            .where({ id: r.id })
            .update({
              in_room: true,
              first_joined_at: toIsoOrNull(r.first_joined_at) ?? at,
              last_seen_at: at,
              seconds_present: Number(r.seconds_present) + Math.round(Math.min(gap, maxGapSeconds)),
            });
        } else if (was) {
          await trx('video_participants')
            .where({ id: r.id })
            .update({ in_room: false, left_at: at });
        }
      }
    });
    return this.participants(sessionId);
  }
}
