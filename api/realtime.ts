import type { Server as HttpServer } from 'node:http';
import { parse as parseCookie } from 'cookie';
import { Server } from 'socket.io';
import type { EnrolmentChanged } from '../activities/index.js';
import type { Logger } from '../platform/logger.js';
import { SESSION_COOKIE } from './auth/session.js';
import type { Identity } from './auth/session.js';
import { resolveIdentity, type RouterDeps } from './route.js';

export interface EnrolmentUpdated {
  enrolmentId: string;
  patientId: string;
  status: string;
}

/** Events the server sends; the UI listens to the same names. */
export interface ServerToClientEvents {
  ready: (info: { role: Identity['role']; tenantId: string }) => void;
  'enrolment.updated': (update: EnrolmentUpdated) => void;
}

/**
 * socket.io on the API's HTTP server. A socket is authenticated with the same session as the
 * API and joins only the rooms its identity allows: clinicians the tenant's room, a patient
 * their own. Nothing is ever broadcast across tenants.
 */
export function attachRealtime(httpServer: HttpServer, deps: RouterDeps, logger: Logger) {
  const io = new Server<
    Record<never, never>,
    ServerToClientEvents,
    Record<never, never>,
    { identity: Identity }
  >(httpServer, { path: '/socket.io', serveClient: false });

  io.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const fromAuth = typeof auth?.token === 'string' ? auth.token : undefined;
    const cookies = parseCookie(socket.handshake.headers.cookie ?? '');
    const token = fromAuth ?? cookies[SESSION_COOKIE];
    if (!token) {
      next(new Error('not-authenticated'));
      return;
    }
    resolveIdentity(deps, token).then(
      (identity) => {
        socket.data.identity = identity;
        next();
      },
      () => next(new Error('not-authenticated')),
    );
  });

  io.on('connection', (socket) => {
    const identity = socket.data.identity;
    void socket.join(`user:${identity.userId}`);
    if (identity.role === 'nurse' || identity.role === 'doctor') {
      void socket.join(`clinicians:${identity.tenantId}`);
    }
    if (identity.role === 'patient' && identity.patientId) {
      void socket.join(`patient:${identity.tenantId}:${identity.patientId}`);
    }
    socket.emit('ready', { role: identity.role, tenantId: identity.tenantId });
    logger.debug({ tenantId: identity.tenantId, role: identity.role }, 'realtime client connected');
  });

  return {
    io,
    publishEnrolmentChanged(event: EnrolmentChanged): void {
      const payload: EnrolmentUpdated = {
        enrolmentId: event.enrolmentId,
        patientId: event.patientId,
        status: event.status,
      };
      io.to(`clinicians:${event.tenantId}`).emit('enrolment.updated', payload);
      io.to(`patient:${event.tenantId}:${event.patientId}`).emit('enrolment.updated', payload);
    },
    close: () => io.close(),
  };
}
