import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { PlatformActivities } from '../activities/index.js';
import {
  endVideoSessionUpdate,
  rejected,
  videoItemClosedSignal,
  videoPresenceSignal,
  type VideoEndReason,
  type VideoSessionInput,
  type VideoSessionResult,
} from './messages.js';

const activities = proxyActivities<PlatformActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** While someone is in the room, Janus is asked who is there this often (presence time). */
const POLL_MS = 10_000;
/** After everyone required came and everybody left, a dropped call may come back this long. */
const EMPTY_GRACE_MS = 120_000;
/** History is kept short: a long session continues as new (its state is in the database). */
const MAX_HISTORY = 4000;

/**
 * One video session, from the opening of its room to its end. The pathway's work item started
 * it (activities' applyCommands); the room is made by an activity at `opensAt`; presence comes
 * from Janus itself (who is in the room), looked at whenever a browser says someone joined or
 * left and every 10 s while anyone is there. It ends when a clinician ends it, when everyone
 * has left after the required participants came, at `expiresAt`, or when the work item closed
 * elsewhere. Then the room is destroyed, the tokens revoked, and the attendance goes back to
 * the pathway, whose engine decides between completion and no-show.
 */
export async function videoSessionWorkflow(input: VideoSessionInput): Promise<VideoSessionResult> {
  let pokes = 0;
  let endBy: string | null = null;
  let itemClosed = false;
  let result: VideoSessionResult | null = null;

  setHandler(videoPresenceSignal, () => {
    pokes += 1;
  });
  setHandler(videoItemClosedSignal, () => {
    itemClosed = true;
  });
  setHandler(
    endVideoSessionUpdate,
    async ({ by }) => {
      endBy ??= by;
      await condition(() => result !== null);
      return result!;
    },
    {
      validator: (_end: { by: string }) => {
        if (result !== null || itemClosed) throw rejected(['the session has already ended']);
      },
    },
  );

  const opensAt = Date.parse(input.opensAt);
  const expiresAt = Date.parse(input.expiresAt);
  const stopping = () => endBy !== null || itemClosed;

  let reason: VideoEndReason | null = null;
  await condition(stopping, Math.max(1, opensAt - Date.now()));
  if (!stopping()) {
    const opened = await activities.openVideoRoom({ sessionId: input.sessionId });
    if (!opened.ok) {
      // No video here (no Janus configured): the session stays "unavailable" until its item
      // closes (a clinician can record a visit held another way) or it expires.
      await condition(stopping, Math.max(1, expiresAt - Date.now()));
      const why: VideoEndReason =
        endBy !== null ? 'ended-by-clinician' : itemClosed ? 'item-closed' : 'expired';
      await activities.closeVideoSession({
        sessionId: input.sessionId,
        endedBy: endBy,
        reason: why,
        roomExists: false,
      });
      result = { reason: why, outcome: null, attended: [] };
      await condition(allHandlersFinished);
      return result;
    }
    let emptySince: number | null = null;
    let inRoom = 0;
    for (;;) {
      const seen = pokes;
      const left = expiresAt - Date.now();
      const wait =
        inRoom > 0
          ? POLL_MS
          : emptySince !== null
            ? EMPTY_GRACE_MS - (Date.now() - emptySince)
            : left;
      // Never 0: condition() without a timeout would wait forever.
      await condition(() => stopping() || pokes !== seen, Math.max(1, Math.min(wait, left)));
      if (stopping()) break;
      if (Date.now() >= expiresAt) {
        reason = 'expired';
        break;
      }
      const look = await activities.observeVideoRoom({ sessionId: input.sessionId });
      inRoom = look.inRoom;
      if (inRoom === 0 && look.requiredCame) {
        emptySince ??= Date.now();
        if (Date.now() - emptySince >= EMPTY_GRACE_MS) {
          reason = 'everyone-left';
          break;
        }
      } else {
        emptySince = null;
      }
      if (workflowInfo().historyLength > MAX_HISTORY && !stopping()) {
        await continueAsNew<typeof videoSessionWorkflow>(input);
      }
    }
  }
  reason ??= endBy !== null ? 'ended-by-clinician' : 'item-closed';
  const closed = await activities.closeVideoSession({
    sessionId: input.sessionId,
    endedBy: endBy,
    reason,
    roomExists: true,
  });
  if (closed.completesItem && reason !== 'item-closed') {
    await activities.reportVideoAttendance({
      sessionId: input.sessionId,
      attended: closed.attended,
      by: endBy ?? 'system:video',
    });
  }
  result = { reason, outcome: closed.outcome, attended: closed.attended };
  // The clinician's "end" update answers with this result before the run closes.
  await condition(allHandlersFinished);
  return result;
}
