import type { CookieOptions } from 'express';
import { z } from 'zod';
import type { Stores } from '../../db/stores/index.js';
import { NotAuthenticatedError, NotFoundError } from '../../platform/errors.js';
import { verifyDecoy, verifyPassword } from '../auth/passwords.js';
import { SESSION_COOKIE, type SessionTokens } from '../auth/session.js';
import { defineRoute } from '../route.js';
import { toUserDto, userDto } from './dto.js';

export function authRoutes(deps: { stores: Stores; tokens: SessionTokens; cookieSecure: boolean }) {
  const cookie = (maxAgeMs?: number): CookieOptions => ({
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.cookieSecure,
    path: '/',
    ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}),
  });

  return [
    defineRoute({
      method: 'post',
      path: '/auth/login',
      summary: 'Local login with username and password; sets the session cookie',
      tags: ['auth'],
      access: 'public',
      body: z.object({
        username: z.string().trim().min(1).max(100),
        password: z.string().min(1).max(200),
      }),
      response: z.object({ user: userDto, token: z.string(), expiresAt: z.string() }),
      async handler({ body, res, req }) {
        const user = await deps.stores.users.findForLogin(body.username);
        const ok =
          user?.active && user.passwordHash
            ? await verifyPassword(user.passwordHash, body.password)
            : await verifyDecoy(body.password);
        await deps.stores.audit.append({
          tenantId: user?.tenantId ?? null,
          actorUserId: user?.id ?? null,
          actorUsername: body.username.toLowerCase(),
          actorRole: user?.role ?? null,
          action: 'login',
          resourceType: 'Session',
          resourceId: null,
          patientId: null,
          outcome: ok ? 'success' : 'denied',
          requestId: req.requestId ?? null,
        });
        if (!ok || !user) throw new NotAuthenticatedError('invalid username or password');
        const tenant = await deps.stores.tenants.get(user.tenantId);
        const token = await deps.tokens.issue({
          userId: user.id,
          username: user.username,
          role: user.role,
          tenantId: user.tenantId,
          patientId: user.patientId,
        });
        res.cookie(SESSION_COOKIE, token, cookie(deps.tokens.ttlSeconds * 1000));
        const { passwordHash: _hash, ...plain } = user;
        return {
          body: {
            user: toUserDto(plain, tenant?.name ?? user.tenantId),
            token,
            expiresAt: new Date(Date.now() + deps.tokens.ttlSeconds * 1000).toISOString(),
          },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      summary: 'Ends the browser session (clears the cookie)',
      tags: ['auth'],
      access: 'public',
      async handler({ res, identity, audit }) {
        res.clearCookie(SESSION_COOKIE, cookie());
        if (identity) await audit({ action: 'logout', resourceType: 'Session' });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/auth/me',
      summary: 'The logged-in user',
      tags: ['auth'],
      access: 'authenticated',
      response: z.object({ user: userDto }),
      async handler({ identity }) {
        const user = await deps.stores.users.get(identity.userId);
        if (!user) throw new NotFoundError('user not found');
        const tenant = await deps.stores.tenants.get(user.tenantId);
        return { body: { user: toUserDto(user, tenant?.name ?? user.tenantId) } };
      },
    }),
  ];
}
