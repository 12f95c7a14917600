import { randomUUID } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z, type ZodType } from 'zod';
import type { AuditEntry } from '../db/stores/audit-store.js';
import { DEVICE_TOKEN_PREFIX } from '../db/stores/device-store.js';
import type { Stores } from '../db/stores/index.js';
import { NotAllowedError, NotAuthenticatedError } from '../platform/errors.js';
import type { Role } from '../platform/roles.js';
import { SESSION_COOKIE, type Identity, type SessionTokens } from './auth/session.js';
import { wantsEnglish } from './problem.js';

declare module 'express-serve-static-core' {
  interface Request {
    requestId?: string;
    identity?: Identity;
  }
}

/** Who may call a route. Every route declares it; there is no default. */
export type Access = 'public' | 'authenticated' | { roles: readonly Role[] };

export type AuditInput = Pick<AuditEntry, 'action' | 'resourceType'> &
  Partial<Pick<AuditEntry, 'resourceId' | 'patientId' | 'outcome' | 'detail'>>;

export interface RouteContext<P, Q, B, I> {
  req: Request;
  res: Response;
  identity: I;
  params: P;
  query: Q;
  body: B;
  /** Appends to the audit log as the caller, in the caller's tenant. */
  audit(entry: AuditInput): Promise<void>;
}

export interface RouteResult {
  status?: number;
  body?: unknown;
}

export interface RouteDef {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tags: string[];
  access: Access;
  /** Devices (bearer `pdk_…`) may call this route too; they are refused (403) everywhere else. */
  devices?: boolean;
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  response?: ZodType;
  handler: (ctx: RouteContext<any, any, any, any>) => Promise<RouteResult | void>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

type IdentityFor<A extends Access> = A extends 'public' ? Identity | null : Identity;
type Out<T> = T extends ZodType ? z.output<T> : undefined;

/** Declares a route with typed params, query and body parsed by zod before the handler runs. */
export function defineRoute<
  A extends Access,
  P extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
  B extends ZodType | undefined = undefined,
>(def: {
  method: RouteDef['method'];
  path: string;
  summary: string;
  tags: string[];
  access: A;
  devices?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  response?: ZodType;
  handler: (
    ctx: RouteContext<Out<P>, Out<Q>, Out<B>, IdentityFor<A>>,
  ) => Promise<RouteResult | void>;
}): RouteDef {
  return def;
}

export interface RouterDeps {
  stores: Stores;
  tokens: SessionTokens;
}

export function tokenFrom(req: Request): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const cookies = req.cookies as Record<string, string> | undefined;
  return cookies?.[SESSION_COOKIE] ?? null;
}

/**
 * Resolves the caller from the session token, then re-reads the user so that a deactivated
 * account or a changed role takes effect at once rather than when the token expires.
 */
export async function resolveIdentity(deps: RouterDeps, token: string): Promise<Identity> {
  const claimed = await deps.tokens.verify(token);
  const user = await deps.stores.users.get(claimed.userId);
  if (!user || !user.active) throw new NotAuthenticatedError('account not active');
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    tenantId: user.tenantId,
    patientId: user.patientId,
  };
}

/**
 * Resolves a device from its token (only the SHA-256 is stored). A revoked device is refused on
 * the next request. The device acts with the role of the person who uses it (a patient kit as
 * its patient, a nurse kit as a nurse), narrowed by `devices: true` on the route.
 */
export async function resolveDevice(deps: RouterDeps, token: string): Promise<Identity> {
  const device = await deps.stores.devices.findByToken(token);
  if (!device || device.revokedAt) throw new NotAuthenticatedError('device token not valid');
  const now = Date.now();
  if (!device.lastSeenAt || now - Date.parse(device.lastSeenAt) > 60_000) {
    await deps.stores.devices.touch(device.id, new Date(now).toISOString());
  }
  return {
    userId: device.id,
    username: `device:${device.label}`.slice(0, 100),
    role: device.kind === 'patient-kit' ? 'patient' : 'nurse',
    tenantId: device.tenantId,
    patientId: device.patientId,
    device: { id: device.id, kind: device.kind, patientId: device.patientId },
  };
}

export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.headers['x-request-id'];
  req.requestId =
    typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', req.requestId);
  next();
};

function auditFor(deps: RouterDeps, req: Request) {
  return (entry: AuditInput) =>
    deps.stores.audit.append({
      tenantId: req.identity?.tenantId ?? null,
      actorUserId: req.identity?.userId ?? null,
      actorUsername: req.identity?.username ?? null,
      actorRole: req.identity?.role ?? null,
      resourceId: null,
      patientId: null,
      outcome: 'success',
      requestId: req.requestId ?? null,
      ...entry,
    });
}

export function buildRouter(routes: RouteDef[], deps: RouterDeps): Router {
  const router = express.Router();
  for (const route of routes) {
    router[route.method](route.path, async (req, res) => {
      const audit = auditFor(deps, req);
      if (route.access !== 'public') {
        const token = tokenFrom(req);
        if (!token) throw new NotAuthenticatedError('login required');
        req.identity = token.startsWith(DEVICE_TOKEN_PREFIX)
          ? await resolveDevice(deps, token)
          : await resolveIdentity(deps, token);
        if (req.identity.device && !route.devices) {
          await audit({
            action: 'access',
            resourceType: 'Route',
            resourceId: `${route.method.toUpperCase()} ${route.path}`,
            outcome: 'denied',
            detail: `device ${req.identity.device.id} (${req.identity.device.kind})`,
          });
          throw new NotAllowedError(
            `a device may not ${route.method.toUpperCase()} ${route.path}: it may only send readings`,
          );
        }
        if (typeof route.access === 'object' && !route.access.roles.includes(req.identity.role)) {
          await audit({
            action: 'access',
            resourceType: 'Route',
            resourceId: `${route.method.toUpperCase()} ${route.path}`,
            outcome: 'denied',
          });
          throw new NotAllowedError(
            `role ${req.identity.role} may not ${route.method.toUpperCase()} ${route.path}`,
          );
        }
      } else {
        const token = tokenFrom(req);
        if (token) req.identity = await resolveIdentity(deps, token).catch(() => undefined);
      }
      const ctx: RouteContext<unknown, unknown, unknown, Identity | null> = {
        req,
        res,
        identity: req.identity ?? null,
        params: route.params ? parsePart(route.params, req.params, 'params', req) : req.params,
        query: route.query ? parsePart(route.query, req.query, 'query', req) : undefined,
        body: route.body ? parsePart(route.body, req.body ?? {}, 'body', req) : undefined,
        audit,
      };
      const result = await route.handler(ctx);
      if (res.headersSent) return;
      if (!result) {
        res.status(204).end();
        return;
      }
      if (result.body === undefined) res.status(result.status ?? 204).end();
      else res.status(result.status ?? 200).json(result.body);
    });
  }
  return router;
}

/** zod's Italian messages; English when the caller asks for it (Accept-Language: en). */
const italianErrors = z.locales.it().localeError;

function parsePart(schema: ZodType, value: unknown, part: string, req: Request): unknown {
  const english = wantsEnglish(req.headers['accept-language']);
  const parsed = schema.safeParse(value, english ? undefined : { error: italianErrors });
  if (parsed.success) return parsed.data;
  // Re-root the paths so the client sees where the bad field lives (query.limit, body.x …).
  throw new z.ZodError(parsed.error.issues.map((i) => ({ ...i, path: [part, ...i.path] })));
}
