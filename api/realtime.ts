import type { Server as HttpServer } from 'node:http';
import { parse as parseCookie } from 'cookie';
import { Server } from 'socket.io';
import { patientRecipient, roleRecipient } from '../db/stores/notification-store.js';
import type { BusSignal, CareChanged, EventBus } from '../platform/events.js';
import type { Logger } from '../platform/logger.js';
import { SESSION_COOKIE } from './auth/session.js';
import type { Identity } from './auth/session.js';
import { toAlertDto, type alertDto } from './features/alerts.js';
import { toMessageDto, type MessageDto } from './features/notifications.js';
import { toWorkItemDto, type workItemDto } from './features/work-items.js';
import { resolveIdentity, type RouterDeps } from './route.js';
import type { z } from 'zod';

export interface EnrolmentUpdated {
  enrolmentId: string;
  patientId: string;
  status: string;
}

/** Events the server sends; the UI listens to the same names. */
export interface ServerToClientEvents {
  ready: (info: { role: Identity['role']; tenantId: string }) => void;
  /** An enrolment's pathway did something (clinicians of the tenant; the patient it is about). */
  'enrolment.updated': (update: EnrolmentUpdated) => void;
  /** An alert was raised or changed: the row as GET /api/alerts returns it (clinicians only). */
  'alert.changed': (alert: z.infer<typeof alertDto>) => void;
  /**
   * A work item was opened, escalated or closed, as GET /api/work-items returns it: to the
   * tenant's clinicians, and to the patient when it is the patient's (or caregiver's) task.
   */
  'workitem.changed': (item: z.infer<typeof workItemDto>) => void;
  /** An in-app message was delivered to the reader: as GET /api/me/messages or /api/messages list it. */
  'message.created': (message: MessageDto) => void;
  /** Events may have been missed (the server's bus reconnected): read the lists afresh. */
  'realtime.resync': () => void;
}

export interface RealtimeDeps extends RouterDeps {
  bus: EventBus;
}

const rooms = {
  clinicians: (tenantId: string) => `clinicians:${tenantId}`,
  role: (tenantId: string, role: string) => `role:${tenantId}:${role}`,
  patient: (tenantId: string, patientId: string) => `patient:${tenantId}:${patientId}`,
  user: (userId: string) => `user:${userId}`,
};

/**
 * socket.io on the API's HTTP server. A socket is authenticated with the same session as the
 * API and joins only the rooms its identity allows: clinicians the tenant's room and their
 * role's, a patient their own. Bus events name rows by id and tenant; each is read back in the
 * tenant the event names and sent only to that tenant's rooms, so nothing crosses a tenant.
 */
export function attachRealtime(httpServer: HttpServer, deps: RealtimeDeps, logger: Logger) {
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
    void socket.join(rooms.user(identity.userId));
    if (identity.role === 'nurse' || identity.role === 'doctor') {
      void socket.join(rooms.clinicians(identity.tenantId));
      void socket.join(rooms.role(identity.tenantId, identity.role));
    }
    if (identity.role === 'patient' && identity.patientId) {
      void socket.join(rooms.patient(identity.tenantId, identity.patientId));
    }
    socket.emit('ready', { role: identity.role, tenantId: identity.tenantId });
    logger.debug({ tenantId: identity.tenantId, role: identity.role }, 'realtime client connected');
  });

  /** Rows are read only for rooms someone is in: a replica with no nurse online reads nothing. */
  const occupied = (room: string) => (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;

  async function careChanged(e: CareChanged): Promise<void> {
    const clinicians = rooms.clinicians(e.tenantId);
    const patient = rooms.patient(e.tenantId, e.patientId);
    const update: EnrolmentUpdated = {
      enrolmentId: e.enrolmentId,
      patientId: e.patientId,
      status: e.status,
    };
    io.to(clinicians).emit('enrolment.updated', update);
    io.to(patient).emit('enrolment.updated', update);
    if (occupied(clinicians)) {
      for (const id of e.alertIds) {
        const alert = await deps.stores.care.getAlert(e.tenantId, id);
        if (alert) io.to(clinicians).emit('alert.changed', toAlertDto(alert));
      }
    }
    if (occupied(clinicians) || occupied(patient)) {
      for (const id of e.workItemIds) {
        const item = await deps.stores.care.getWorkItem(e.tenantId, id);
        if (!item) continue;
        const dto = toWorkItemDto(item);
        io.to(clinicians).emit('workitem.changed', dto);
        // The patient's own tasks only, as GET /api/me/work-items lists them.
        if (item.assignee === 'patient' || item.assignee === 'caregiver') {
          io.to(rooms.patient(item.tenantId, item.patientId)).emit('workitem.changed', dto);
        }
      }
    }
  }

  async function messagesCreated(tenantId: string, notificationIds: string[]): Promise<void> {
    const store = deps.stores.notifications;
    for (const id of notificationIds) {
      const notification = await store.get(tenantId, id);
      if (!notification) continue;
      const deliveries = (await store.deliveriesOf([id])).filter(
        (d) => d.channel === 'in-app' && d.status === 'sent' && d.tenantId === tenantId,
      );
      for (const d of deliveries) {
        const room =
          d.recipient === patientRecipient(notification.patientId)
            ? rooms.patient(tenantId, notification.patientId)
            : (['nurse', 'doctor'] as const)
                .filter((r) => d.recipient === roleRecipient(r))
                .map((r) => rooms.role(tenantId, r))[0];
        if (!room || !occupied(room)) continue;
        // Read as a reader of this inbox would; a just-delivered message is unread for all.
        const message = await store.inboxMessage(tenantId, [d.recipient], null, id);
        if (message) io.to(room).emit('message.created', toMessageDto(message));
      }
    }
  }

  async function onSignal(signal: BusSignal): Promise<void> {
    switch (signal.kind) {
      case 'care.changed':
        await careChanged(signal);
        return;
      case 'message.created':
        await messagesCreated(signal.tenantId, signal.notificationIds);
        return;
      case 'bus.resync':
        io.emit('realtime.resync');
        return;
    }
  }

  const unsubscribe = deps.bus.subscribe(onSignal);

  return {
    io,
    /** Resolves once bus events published from now on reach this process's sockets. */
    ready: () => deps.bus.ready(),
    async close() {
      unsubscribe();
      await io.close();
    },
  };
}
