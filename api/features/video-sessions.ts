import { randomBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Stores } from '../../db/stores/index.js';
import type { VideoParticipant, VideoRole, VideoSession } from '../../db/stores/video-store.js';
import { waitingRoles } from '../../db/stores/video-store.js';
import type { VideoBackend } from '../../activities/video/video-backend.js';
import { videoWorkflowId } from '../../activities/video/session-activities.js';
import {
  ConflictError,
  NotAllowedError,
  NotAuthenticatedError,
  NotFoundError,
  UnavailableError,
} from '../../platform/errors.js';
import type { TemporalHandle } from '../../platform/temporal.js';
import { REJECTED, endVideoSessionUpdate, videoPresenceSignal } from '../../workflows/messages.js';
import type { Identity } from '../auth/session.js';
import { defineRoute, type AuditInput } from '../route.js';

/**
 * Video sessions (issue 7). Who may come is exactly who the pathway step names: the patient of
 * the enrolment (their own account; a caregiver uses the patient's), and clinicians of the
 * tenant whose role the step names (a consultant is a doctor). The room's id, secret and PIN
 * and the Janus tokens are handed only to such a person, once a clinician admitted them, in
 * exchange for a short-lived join token bound to their account. Every join, admission,
 * connection and refusal is audited.
 */

const JOIN_TOKEN_TTL_SECONDS = 300;
/** The path browsers open their Janus WebSocket on (proxied to Janus: api/video-proxy.ts). */
export const JANUS_PROXY_PATH = '/api/video/janus';

const AUDIENCE = 'percorsi:video-join';

const role = z.enum(['patient', 'caregiver', 'nurse', 'doctor', 'consultant']);
const personState = z.enum(['waiting', 'admitted', 'in-call', 'left']);

const videoSessionDto = z.object({
  id: z.uuid(),
  workItemId: z.string(),
  enrolmentId: z.uuid(),
  patientId: z.uuid(),
  patientName: z.string(),
  title: z.object({ it: z.string(), en: z.string() }),
  participants: z.array(role),
  required: z.array(role),
  status: z.enum(['scheduled', 'open', 'unavailable', 'ended', 'cancelled']),
  unavailableReason: z.string().nullable(),
  opensAt: z.string(),
  expiresAt: z.string(),
  openedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  outcome: z.enum(['attended', 'no-show']).nullable(),
  attended: z.array(role),
  myRole: role.nullable(),
  people: z.array(
    z.object({
      participantId: z.uuid(),
      role,
      displayName: z.string(),
      state: personState,
      waitingSince: z.string().nullable(),
      admittedAt: z.string().nullable(),
      firstJoinedAt: z.string().nullable(),
      secondsPresent: z.number(),
    }),
  ),
  me: z.object({ participantId: z.uuid(), state: personState }).nullable(),
  canAdmit: z.boolean(),
  canEnd: z.boolean(),
});
type VideoSessionDto = z.infer<typeof videoSessionDto>;

const sessionParams = z.object({ id: z.uuid() });

const joinClaims = z.object({ sub: z.string(), sid: z.string(), pid: z.string(), rol: role });

/** The role the caller would join this session as, or null: not a participant. */
function roleIn(session: VideoSession, identity: Identity): VideoRole | null {
  if (identity.tenantId !== session.tenantId) return null;
  const named = (r: VideoRole) => session.participants.includes(r);
  switch (identity.role) {
    case 'patient':
      if (identity.patientId !== session.patientId) return null;
      return named('patient') ? 'patient' : named('caregiver') ? 'caregiver' : null;
    case 'doctor':
      return named('doctor') ? 'doctor' : named('consultant') ? 'consultant' : null;
    case 'nurse':
      return named('nurse') ? 'nurse' : null;
    default:
      return null;
  }
}

const clinician = (r: VideoRole | null) => r !== null && !waitingRoles.includes(r);

/** Short-lived join tokens (HS256, audience percorsi:video-join), bound to one account. */
export class VideoJoinTokens {
  private readonly key: Uint8Array;
  constructor(secret: string) {
    this.key = new TextEncoder().encode(`${secret}:video-join`);
  }

  async issue(
    p: VideoParticipant,
    now = new Date(),
  ): Promise<{ token: string; expiresAt: string }> {
    const exp = Math.floor(now.getTime() / 1000) + JOIN_TOKEN_TTL_SECONDS;
    const token = await new SignJWT({ sid: p.sessionId, pid: p.id, rol: p.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(p.userId)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** Expired or forged: 401. Valid but someone else's or another session's: 403. */
  async verify(
    token: string,
    sessionId: string,
    identity: Identity,
  ): Promise<z.infer<typeof joinClaims>> {
    let claims: z.infer<typeof joinClaims>;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      claims = joinClaims.parse(payload);
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired)
        throw new NotAuthenticatedError('join token expired: join again');
      throw new NotAuthenticatedError('invalid join token');
    }
    if (claims.sub !== identity.userId || claims.sid !== sessionId)
      throw new NotAllowedError('this join token was issued to someone else');
    return claims;
  }
}

export interface VideoSessionDeps {
  stores: Stores;
  temporal: TemporalHandle;
  video: VideoBackend | null;
  joinTokens: VideoJoinTokens;
}

function personName(p: { givenName: string; familyName: string } | null): string {
  return p ? `${p.givenName} ${p.familyName}` : '';
}

export function videoSessionRoutes(deps: VideoSessionDeps) {
  const { stores } = deps;

  async function view(session: VideoSession, identity: Identity): Promise<VideoSessionDto> {
    const people = await stores.video.participants(session.id);
    const patient = await stores.patients.get(session.tenantId, session.patientId);
    const myRole = roleIn(session, identity);
    const mine = people.find((p) => p.userId === identity.userId) ?? null;
    const live = session.status === 'open';
    return {
      id: session.id,
      workItemId: session.workItemId,
      enrolmentId: session.enrolmentId,
      patientId: session.patientId,
      patientName: personName(patient),
      title: session.title,
      participants: session.participants,
      required: session.required,
      status: session.status,
      unavailableReason: session.unavailableReason,
      opensAt: session.opensAt,
      expiresAt: session.expiresAt,
      openedAt: session.openedAt,
      endedAt: session.endedAt,
      outcome: session.outcome,
      attended: session.attended,
      myRole,
      people: people.map((p) => ({
        participantId: p.id,
        role: p.role,
        displayName: p.displayName,
        state: p.state,
        waitingSince: p.waitingSince,
        admittedAt: p.admittedAt,
        firstJoinedAt: p.firstJoinedAt,
        secondsPresent: p.secondsPresent,
      })),
      me: mine ? { participantId: mine.id, state: mine.state } : null,
      canAdmit: live && clinician(myRole),
      canEnd: live && clinician(myRole) && session.completesItem,
    };
  }

  /**
   * The session, for a participant. Another tenant's, or a patient's not their own: 404 (its
   * existence is not revealed). A clinician of the tenant whose role the step does not name:
   * 403. Both audited.
   */
  async function load(
    identity: Identity,
    id: string,
    audit: (e: AuditInput) => Promise<void>,
    action: string,
  ): Promise<{ session: VideoSession; role: VideoRole }> {
    const session = await stores.video.get(identity.tenantId, id);
    const seen =
      session &&
      (identity.role !== 'patient' || identity.patientId === session.patientId) &&
      ['patient', 'nurse', 'doctor'].includes(identity.role);
    if (!session || !seen) {
      await audit({ action, resourceType: 'VideoSession', resourceId: id, outcome: 'not-found' });
      throw new NotFoundError(`video session ${id} not found`);
    }
    const r = roleIn(session, identity);
    if (!r) {
      await audit({
        action,
        resourceType: 'VideoSession',
        resourceId: id,
        patientId: session.patientId,
        outcome: 'denied',
        detail: `not a participant (${session.participants.join(', ')})`,
      });
      throw new NotAllowedError(
        identity.role === 'nurse' || identity.role === 'doctor'
          ? 'Non sei tra i partecipanti di questa videochiamata.'
          : 'Videochiamata non disponibile per questo account.',
      );
    }
    return { session, role: r };
  }

  function requireOpen(session: VideoSession): void {
    if (session.status === 'open') return;
    if (session.status === 'unavailable')
      throw new UnavailableError(session.unavailableReason ?? 'Video non disponibile.');
    if (session.status === 'scheduled') {
      const at = new Date(session.opensAt).toLocaleString('it-IT', {
        timeZone: 'Europe/Rome',
        dateStyle: 'short',
        timeStyle: 'short',
      });
      throw new ConflictError(`La videochiamata non è ancora aperta: apre il ${at}.`);
    }
    throw new ConflictError('La videochiamata è conclusa.');
  }

  async function poke(session: VideoSession): Promise<void> {
    await deps.temporal.client.workflow
      .getHandle(videoWorkflowId(session.workItemId))
      .signal(videoPresenceSignal)
      .catch(() => undefined);
  }

  return [
    defineRoute({
      method: 'get',
      path: '/video-sessions',
      summary: "Video sessions: a clinician's tenant, or a patient's own",
      tags: ['video'],
      access: { roles: ['nurse', 'doctor', 'patient'] },
      query: z.object({
        patientId: z.uuid().optional(),
        status: z.enum(['scheduled', 'open', 'unavailable', 'ended', 'cancelled']).optional(),
      }),
      response: z.object({ sessions: z.array(videoSessionDto) }),
      async handler({ identity, query, audit }) {
        const patientId = identity.role === 'patient' ? identity.patientId : query.patientId;
        if (identity.role === 'patient' && !patientId) return { body: { sessions: [] } };
        const sessions = await stores.video.list(identity.tenantId, {
          ...(patientId ? { patientId } : {}),
          ...(query.status ? { status: query.status } : {}),
        });
        await audit({
          action: 'search',
          resourceType: 'VideoSession',
          ...(patientId ? { patientId } : {}),
          detail: `${sessions.length} results`,
        });
        return { body: { sessions: await Promise.all(sessions.map((s) => view(s, identity))) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/video-sessions/:id',
      summary: 'A video session, for one of its participants',
      tags: ['video'],
      access: { roles: ['nurse', 'doctor', 'patient'] },
      params: sessionParams,
      response: z.object({ session: videoSessionDto }),
      async handler({ identity, params, audit }) {
        const { session } = await load(identity, params.id, audit, 'read');
        return { body: { session: await view(session, identity) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/video-sessions/:id/join',
      summary: 'Enters the waiting room and returns a short-lived join token',
      tags: ['video'],
      access: { roles: ['nurse', 'doctor', 'patient'] },
      params: sessionParams,
      body: z.object({}).optional(),
      response: z.object({
        session: videoSessionDto,
        token: z.string(),
        tokenExpiresAt: z.string(),
      }),
      async handler({ identity, params, audit }) {
        const { session, role: as } = await load(identity, params.id, audit, 'join');
        try {
          requireOpen(session);
        } catch (err) {
          await audit({
            action: 'join',
            resourceType: 'VideoSession',
            resourceId: session.id,
            patientId: session.patientId,
            outcome: 'failure',
            detail: session.status,
          });
          throw err;
        }
        const user = await stores.users.get(identity.userId);
        const participant = await stores.video.enter(session.id, {
          userId: identity.userId,
          username: identity.username,
          role: as,
          displayName: user?.displayName ?? identity.username,
        });
        const { token, expiresAt } = await deps.joinTokens.issue(participant);
        await audit({
          action: 'join',
          resourceType: 'VideoSession',
          resourceId: session.id,
          patientId: session.patientId,
          detail: `as ${as}${participant.admittedAt ? '' : ', waiting room'}`,
        });
        return {
          body: {
            session: await view(session, identity),
            token,
            tokenExpiresAt: expiresAt,
          },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/video-sessions/:id/admit',
      summary: 'A clinician of the session lets a waiting person in',
      tags: ['video'],
      access: { roles: ['nurse', 'doctor'] },
      params: sessionParams,
      body: z.object({ participantId: z.uuid() }),
      response: z.object({ session: videoSessionDto }),
      async handler({ identity, params, body, audit }) {
        const { session } = await load(identity, params.id, audit, 'admit');
        requireOpen(session);
        const person = await stores.video.participant(session.id, body.participantId);
        if (!person) throw new NotFoundError(`participant ${body.participantId} not found`);
        await stores.video.admit(session.id, person.id, identity.username);
        await audit({
          action: 'admit',
          resourceType: 'VideoSession',
          resourceId: session.id,
          patientId: session.patientId,
          detail: `admitted ${person.role} ${person.username}`,
        });
        return { body: { session: await view(session, identity) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/video-sessions/:id/connect',
      summary: "Exchanges an admitted participant's join token for the room's credentials",
      tags: ['video'],
      access: { roles: ['nurse', 'doctor', 'patient'] },
      params: sessionParams,
      body: z.object({ token: z.string().min(20) }),
      response: z.object({
        janus: z.object({
          url: z.string(),
          token: z.string(),
          iceServers: z.array(z.record(z.string(), z.unknown())),
        }),
        room: z.string(),
        pin: z.string(),
        feedId: z.string(),
        display: z.string(),
      }),
      async handler({ req, identity, params, body, audit }) {
        const { session } = await load(identity, params.id, audit, 'connect');
        let claims;
        try {
          claims = await deps.joinTokens.verify(body.token, session.id, identity);
        } catch (err) {
          await audit({
            action: 'connect',
            resourceType: 'VideoSession',
            resourceId: session.id,
            patientId: session.patientId,
            outcome: 'denied',
            detail: (err as Error).message,
          });
          throw err;
        }
        requireOpen(session);
        const person = await stores.video.participant(session.id, claims.pid);
        if (!person || person.userId !== identity.userId)
          throw new NotAllowedError('this join token was issued to someone else');
        if (!person.admittedAt)
          throw new ConflictError('Non ancora ammesso: attendi che il medico ti faccia entrare.');
        const room = await stores.video.room(session.id);
        if (!deps.video || !room) throw new UnavailableError('Video non disponibile.');
        const janusToken = randomBytes(24).toString('base64url');
        try {
          const rooms = await deps.video.rooms();
          await deps.video.admin.addToken(janusToken);
          await rooms.allow(room.roomId, room.secret, [janusToken]);
          if (person.janusToken) {
            // A reconnection: the previous token stops working.
            await rooms.disallow(room.roomId, room.secret, [person.janusToken]);
            await deps.video.admin.removeToken(person.janusToken);
          }
        } catch (err) {
          throw new UnavailableError(
            `Il server video non risponde: riprova tra poco. (${(err as Error).message})`,
          );
        }
        await stores.video.connected(person.id, janusToken);
        await audit({
          action: 'connect',
          resourceType: 'VideoSession',
          resourceId: session.id,
          patientId: session.patientId,
          detail: `as ${person.role}`,
        });
        const secure = req.secure || req.get('x-forwarded-proto') === 'https';
        return {
          body: {
            janus: {
              url: `${secure ? 'wss' : 'ws'}://${req.get('host') ?? 'localhost'}${JANUS_PROXY_PATH}`,
              token: janusToken,
              iceServers: deps.video.iceServers,
            },
            room: room.roomId,
            pin: room.pin,
            feedId: person.feedId,
            display: person.displayName,
          },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/video-sessions/:id/presence',
      summary: 'A participant joined or left the room (the server then asks Janus who is there)',
      tags: ['video'],
      access: { roles: ['nurse', 'doctor', 'patient'] },
      params: sessionParams,
      body: z.object({ token: z.string().min(20), event: z.enum(['joined', 'left']) }),
      async handler({ identity, params, body, audit }) {
        const { session } = await load(identity, params.id, audit, 'presence');
        await deps.joinTokens.verify(body.token, session.id, identity).catch((err: unknown) => {
          // An expired token may still say "I left": only someone else's is refused.
          if (!(err instanceof NotAuthenticatedError)) throw err;
        });
        await poke(session);
        await audit({
          action: body.event === 'joined' ? 'enter-room' : 'leave-room',
          resourceType: 'VideoSession',
          resourceId: session.id,
          patientId: session.patientId,
        });
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/video-sessions/:id/end',
      summary: 'A clinician of the session ends it for everyone; the pathway step completes',
      tags: ['video'],
      access: { roles: ['nurse', 'doctor'] },
      params: sessionParams,
      body: z.object({}).optional(),
      response: z.object({ session: videoSessionDto }),
      async handler({ identity, params, audit }) {
        const { session } = await load(identity, params.id, audit, 'end');
        if (session.status === 'ended' || session.status === 'cancelled')
          throw new ConflictError('La videochiamata è già conclusa.');
        try {
          await deps.temporal.client.workflow
            .getHandle(videoWorkflowId(session.workItemId))
            .executeUpdate(endVideoSessionUpdate, { args: [{ by: identity.username }] });
        } catch (err) {
          const cause = (err as { cause?: { type?: string } }).cause;
          if (cause?.type === REJECTED) throw new ConflictError('La videochiamata è già conclusa.');
          throw new UnavailableError(
            `the session could not be ended now: ${(err as Error).message}`,
          );
        }
        await audit({
          action: 'end',
          resourceType: 'VideoSession',
          resourceId: session.id,
          patientId: session.patientId,
        });
        const after = (await stores.video.get(identity.tenantId, session.id)) ?? session;
        return { body: { session: await view(after, identity) } };
      },
    }),
  ];
}
