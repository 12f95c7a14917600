import { randomBytes, randomInt } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { CareBatch } from '../../db/stores/care-store.js';
import type { Stores } from '../../db/stores/index.js';
import type { VideoRole, VideoRoom, VideoSession } from '../../db/stores/video-store.js';
import { durationMs } from '../../pathways/time.js';
import type { Logger } from '../../platform/logger.js';
import {
  REJECTED,
  completeItemUpdate,
  videoItemClosedSignal,
  videoSessionWorkflowType,
  type VideoEndReason,
  type VideoSessionInput,
} from '../../workflows/messages.js';
import {
  JanusCode,
  JanusRoomError,
  JanusUnavailable,
  roomIdFor,
  toActivityFailure,
} from './janus-rooms.js';
import type { VideoBackend } from './video-backend.js';

export interface VideoActivityDeps {
  stores: Stores;
  logger: Logger;
  /** Null or absent: no Janus configured; sessions say that video is unavailable. */
  video?: VideoBackend | null;
}

/** The workflow of a session: one per work item. */
export const videoWorkflowId = (workItemId: string) => `video/${workItemId}`;

/** Italian first: these reasons are shown to patients and clinicians as they are. */
const unavailableReasons = {
  notConfigured:
    'Video non disponibile: su questo sistema non è installato né configurato il server video (Janus).',
  unreachable:
    'Il server video non risponde: nuovo tentativo in corso. Se il problema continua, avvisare il supporto tecnico.',
} as const;

/** Before the item's due time, so that the session (not the step's timer) reports who came. */
const REPORT_BEFORE_DUE_MS = 60_000;

type OpenItem = Extract<CareBatch['commands'][number], { type: 'open-item' }>['item'];

/** Is this work item held in a video room? Video steps, and teleconsults in video mode. */
function isVideoItem(item: OpenItem): boolean {
  return item.kind === 'video' || (item.kind === 'consult' && item.details.mode === 'video');
}

function roles(value: unknown, fallback: VideoRole[]): VideoRole[] {
  return Array.isArray(value)
    ? (value.filter((v) => typeof v === 'string') as VideoRole[])
    : fallback;
}

/** When the session opens and when it ends at the latest, from the work item. */
function sessionWindow(item: OpenItem, at: string): { opensAt: string; expiresAt: string } {
  const opensAt =
    typeof item.details.opensAt === 'string' ? item.details.opensAt : new Date(at).toISOString();
  const open = Date.parse(opensAt);
  const duration = typeof item.details.duration === 'string' ? item.details.duration : 'PT30M';
  const due = item.dueAt ? Date.parse(item.dueAt) : null;
  // Without a due time the room stays open twice the planned length (a late start, an overrun).
  const end =
    due !== null && due - REPORT_BEFORE_DUE_MS > open
      ? due - REPORT_BEFORE_DUE_MS
      : open + 2 * durationMs(duration);
  return { opensAt: new Date(open).toISOString(), expiresAt: new Date(end).toISOString() };
}

/**
 * Sessions for the video items a batch opened (rows, then their workflows), and the end
 * signal for video items it closed. Runs after the batch is committed; idempotent.
 */
export async function followVideoItems(
  deps: VideoActivityDeps,
  batches: CareBatch[],
  start: (workflowId: string, input: VideoSessionInput) => Promise<void>,
  signalClosed: (workflowId: string) => Promise<void>,
): Promise<void> {
  for (const b of batches) {
    for (const c of b.commands) {
      if (c.type === 'open-item' && isVideoItem(c.item)) {
        const consult = c.item.kind === 'consult';
        const participants = consult
          ? (['doctor', 'consultant'] as VideoRole[])
          : roles(c.item.details.participants, ['patient', 'doctor']);
        const { opensAt, expiresAt } = sessionWindow(c.item, b.at);
        const workItemId = `${b.enrolmentId}/${c.item.id}`;
        const session = await deps.stores.video.ensureSession({
          tenantId: b.tenantId,
          enrolmentId: b.enrolmentId,
          patientId: b.patientId,
          workItemId,
          itemId: c.item.id,
          stepId: c.item.stepId,
          kind: consult ? 'consult' : 'video',
          title: c.item.title,
          participants,
          required: consult ? participants : roles(c.item.details.required, participants),
          duration: typeof c.item.details.duration === 'string' ? c.item.details.duration : 'PT30M',
          // A teleconsult is completed by the consultant's answer, not by being in the room.
          completesItem: !consult,
          workflowId: b.keyPrefix.slice(0, b.keyPrefix.lastIndexOf('/')),
          opensAt,
          expiresAt,
        });
        await start(videoWorkflowId(workItemId), {
          sessionId: session.id,
          opensAt: session.opensAt,
          expiresAt: session.expiresAt,
        });
      } else if (c.type === 'close-item') {
        const workItemId = `${b.enrolmentId}/${c.itemId}`;
        const session = await deps.stores.video.getByWorkItem(workItemId);
        if (session && session.status !== 'ended' && session.status !== 'cancelled')
          await signalClosed(videoWorkflowId(workItemId));
      }
    }
  }
}

export interface VideoSessionRef {
  sessionId: string;
}

export interface CloseVideoSessionInput extends VideoSessionRef {
  endedBy: string | null;
  reason: VideoEndReason;
  roomExists: boolean;
}

export interface ClosedVideoSession {
  attended: VideoRole[];
  outcome: 'attended' | 'no-show' | null;
  completesItem: boolean;
}

const roleNames: Record<VideoRole, { it: string; en: string }> = {
  patient: { it: 'paziente', en: 'patient' },
  caregiver: { it: 'caregiver', en: 'caregiver' },
  nurse: { it: 'infermiere', en: 'nurse' },
  doctor: { it: 'medico', en: 'doctor' },
  consultant: { it: 'consulente', en: 'consultant' },
};

/** What the enrolment's timeline says: held or not, who came and for how long. */
function timelineMessage(
  outcome: 'attended' | 'no-show' | null,
  attended: VideoRole[],
  people: { role: VideoRole; secondsPresent: number }[],
): { it: string; en: string } {
  const minutes = (r: VideoRole) =>
    Math.round(
      people.filter((p) => p.role === r).reduce((sum, p) => sum + p.secondsPresent, 0) / 60,
    );
  const who = (lang: 'it' | 'en') =>
    attended.map((r) => `${roleNames[r][lang]} ${minutes(r)} min`).join(', ');
  if (outcome === null) return { it: 'Videochiamata annullata', en: 'Video session cancelled' };
  if (outcome === 'no-show')
    return {
      it: `Videochiamata non svolta: mancata presenza${attended.length ? ` (presenti: ${who('it')})` : ''}`,
      en: `Video session not held: no-show${attended.length ? ` (present: ${who('en')})` : ''}`,
    };
  return {
    it: `Videochiamata svolta (${who('it')})`,
    en: `Video session held (${who('en')})`,
  };
}

/** The session's room (idempotent): named after the session, described by the step's title only. */
async function createRoom(video: VideoBackend, session: VideoSession, room: VideoRoom) {
  const rooms = await video.rooms();
  await rooms.createRoom({
    sessionKey: session.id,
    description: session.title.it,
    // Everyone the step names, and one more for a device shared by two people.
    publishers: session.participants.length + 1,
    secret: room.secret,
    pin: room.pin,
  });
  return rooms;
}

export function createVideoActivities(deps: VideoActivityDeps) {
  const { stores, logger } = deps;
  const log = logger.child({ component: 'video' });

  async function sessionOf(id: string): Promise<VideoSession> {
    const session = await stores.video.getById(id);
    if (!session)
      throw ApplicationFailure.nonRetryable(`video session ${id} not found`, 'NotFound');
    return session;
  }

  /** The room again after Janus lost it (a restart): same id, secret, PIN and tokens. */
  async function recreate(session: VideoSession): Promise<void> {
    const room = await stores.video.room(session.id);
    if (!room || !deps.video) return;
    const rooms = await createRoom(deps.video, session, room);
    const tokens = await stores.video.tokens(session.id);
    if (tokens.length) await rooms.allow(room.roomId, room.secret, tokens);
  }

  return {
    /**
     * Creates the session's private room (secret, PIN, publisher limit, token ACL). The
     * secrets are kept first, so a retry creates the same room. Janus unreachable: the session
     * says so and the activity is retried; no Janus at all: the session is unavailable.
     */
    async openVideoRoom(input: VideoSessionRef): Promise<{ ok: boolean }> {
      const session = await sessionOf(input.sessionId);
      if (session.status === 'ended' || session.status === 'cancelled') return { ok: false };
      if (!deps.video) {
        await stores.video.markUnavailable(session.id, unavailableReasons.notConfigured);
        log.info({ sessionId: session.id }, 'video session unavailable: no Janus configured');
        return { ok: false };
      }
      const room = await stores.video.reserveRoom(session.id, {
        roomId: roomIdFor(session.id),
        secret: randomBytes(18).toString('base64url'),
        pin: String(randomInt(100_000, 1_000_000)),
      });
      try {
        await createRoom(deps.video, session, room);
      } catch (err) {
        if (err instanceof JanusUnavailable) {
          await stores.video.markUnavailable(session.id, unavailableReasons.unreachable);
          log.warn({ sessionId: session.id, err: err.message }, 'janus unreachable, will retry');
        }
        throw toActivityFailure(err);
      }
      await stores.video.markOpen(session.id);
      log.info({ sessionId: session.id, tenantId: session.tenantId }, 'video session open');
      return { ok: true };
    },

    /** Who is in the room now, as Janus sees it; presence time accrues in the database. */
    async observeVideoRoom(
      input: VideoSessionRef,
    ): Promise<{ inRoom: number; requiredCame: boolean }> {
      const session = await sessionOf(input.sessionId);
      const room = await stores.video.room(session.id);
      if (!room || !deps.video) return { inRoom: 0, requiredCame: false };
      let ids: string[];
      try {
        const rooms = await deps.video.rooms();
        ids = (await rooms.listParticipants(room.roomId)).map((p) => p.id);
      } catch (err) {
        if (err instanceof JanusRoomError && err.code === JanusCode.noSuchRoom) {
          log.warn({ sessionId: session.id }, 'janus lost the room (restart?): creating it again');
          await recreate(session).catch((e: unknown) => {
            throw toActivityFailure(e);
          });
          ids = [];
        } else {
          throw toActivityFailure(err);
        }
      }
      const people = await stores.video.observe(session.id, ids, new Date().toISOString(), 30);
      const came = new Set(people.filter((p) => p.firstJoinedAt).map((p) => p.role));
      return {
        inRoom: people.filter((p) => p.inRoom).length,
        requiredCame: session.required.every((r) => came.has(r)),
      };
    },

    /**
     * The end: a last look at the room, the room destroyed, the tokens revoked, the session
     * row closed with who came and for how long, and the enrolment's timeline told.
     */
    async closeVideoSession(input: CloseVideoSessionInput): Promise<ClosedVideoSession> {
      const session = await sessionOf(input.sessionId);
      const room = await stores.video.room(session.id);
      if (room && deps.video && input.roomExists) {
        try {
          const rooms = await deps.video.rooms();
          const ids = (await rooms.listParticipants(room.roomId).catch(() => [])).map((p) => p.id);
          await stores.video.observe(session.id, ids, new Date().toISOString(), 30);
          await rooms.destroyRoom(room.roomId, room.secret);
          for (const token of await stores.video.tokens(session.id))
            await deps.video.admin.removeToken(token);
        } catch (err) {
          // Janus gone for good must not hold the pathway: after a few tries the session ends
          // without it (its rooms and tokens do not outlive a Janus restart).
          if (!(err instanceof JanusUnavailable) || Context.current().info.attempt < 5)
            throw toActivityFailure(err);
          log.warn({ sessionId: session.id, err: err.message }, 'janus unreachable at the end');
        }
      }
      await stores.video.clearTokens(session.id);
      const people = await stores.video.participants(session.id);
      const attended = session.participants.filter((r) =>
        people.some((p) => p.role === r && p.firstJoinedAt !== null),
      );
      const held = input.roomExists;
      const outcome = !held
        ? null
        : session.required.every((r) => attended.includes(r))
          ? 'attended'
          : 'no-show';
      const cancelled = input.reason === 'item-closed' && attended.length === 0;
      await stores.video.markEnded(session.id, {
        status: cancelled ? 'cancelled' : 'ended',
        outcome: cancelled ? null : outcome,
        attended,
        endedBy: input.endedBy,
      });
      await stores.enrolments.recordEvent({
        tenantId: session.tenantId,
        enrolmentId: session.enrolmentId,
        idempotencyKey: `video/${session.id}/ended`,
        kind: 'video-session-ended',
        stepId: session.stepId,
        payload: {
          message: timelineMessage(cancelled ? null : outcome, attended, people),
          sessionId: session.id,
          reason: input.reason,
          outcome: cancelled ? null : outcome,
          attended,
          presence: people.map((p) => ({
            role: p.role,
            firstJoinedAt: p.firstJoinedAt,
            secondsPresent: p.secondsPresent,
          })),
          endedBy: input.endedBy,
        },
      });
      log.info(
        { sessionId: session.id, reason: input.reason, outcome, attended },
        'video session ended',
      );
      return {
        attended,
        outcome: cancelled ? null : outcome,
        completesItem: session.completesItem,
      };
    },

    /** Completes the session's work item with who came; the engine decides on a no-show. */
    async reportVideoAttendance(input: {
      sessionId: string;
      attended: VideoRole[];
      by: string;
    }): Promise<{ applied: boolean }> {
      const session = await sessionOf(input.sessionId);
      const { client } = Context.current();
      try {
        await client.workflow.getHandle(session.workflowId).executeUpdate(completeItemUpdate, {
          args: [{ itemId: session.itemId, by: input.by, attended: input.attended }],
        });
        return { applied: true };
      } catch (err) {
        // The item closed meanwhile (by hand, by its timer) or the enrolment ended: nothing to do.
        const cause = (err as { cause?: { type?: string } }).cause;
        if (cause?.type === REJECTED || err instanceof WorkflowNotFoundError) {
          log.info({ sessionId: session.id }, 'attendance not applied: the item is closed');
          return { applied: false };
        }
        throw err;
      }
    },
  };
}

/** Starts a session's workflow from an activity (already started: fine). */
export async function startVideoWorkflow(
  workflowId: string,
  input: VideoSessionInput,
): Promise<void> {
  const { client, info } = Context.current();
  try {
    await client.workflow.start(videoSessionWorkflowType, {
      workflowId,
      taskQueue: info.taskQueue,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Tells a session's workflow its item closed (no such workflow, or over: nothing to do). */
export async function signalVideoItemClosed(workflowId: string): Promise<void> {
  const { client } = Context.current();
  try {
    await client.workflow.getHandle(workflowId).signal(videoItemClosedSignal);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
}
