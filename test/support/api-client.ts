import assert from 'node:assert/strict';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../scripts/seed.js';

/** Logs a demo user in through the API and returns the session cookie to send. */
export async function loginCookie(
  baseUrl: string,
  username: string,
  password = DEMO_PASSWORD,
): Promise<string> {
  const res = await request(baseUrl).post('/api/auth/login').send({ username, password });
  assert.equal(res.status, 200, `login of ${username}: ${JSON.stringify(res.body)}`);
  const setCookie = res.headers['set-cookie'] as unknown as string[] | undefined;
  const cookie = setCookie?.find((c) => c.startsWith('percorsi_session='));
  assert.ok(cookie, 'session cookie set');
  return cookie.split(';')[0]!;
}

export const demoUsers = {
  centro: {
    designer: 'centro.designer',
    nurse: 'centro.infermiere',
    doctor: 'centro.medico',
    patient: 'centro.paziente',
    manager: 'centro.manager',
    admin: 'centro.admin',
  },
  nord: {
    designer: 'nord.designer',
    nurse: 'nord.infermiere',
    doctor: 'nord.medico',
    patient: 'nord.paziente',
    manager: 'nord.manager',
    admin: 'nord.admin',
  },
} as const;

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
