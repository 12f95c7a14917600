import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { NotAuthenticatedError } from '../../platform/errors.js';
import { roleSchema, type Role } from '../../platform/roles.js';

export const SESSION_COOKIE = 'percorsi_session';
const ISSUER = 'percorsi';
const AUDIENCE = 'percorsi-api';

/** Who is calling. The tenant always comes from here, never from the request. */
export interface Identity {
  userId: string;
  username: string;
  role: Role;
  tenantId: string;
  patientId: string | null;
  /**
   * Set when the caller is a device (bearer `pdk_…`), not a person: `userId` is then the device
   * id, and the device may call only routes that declare `devices: true`.
   */
  device?: DeviceCaller;
}

export interface DeviceCaller {
  id: string;
  kind: 'patient-kit' | 'nurse-kit';
  /** The patient a patient kit belongs to; null for a nurse's kit. */
  patientId: string | null;
}

const claimsSchema = z.object({
  sub: z.string(),
  usr: z.string(),
  rol: roleSchema,
  tid: z.string(),
  pid: z.string().nullable(),
});

export class SessionTokens {
  private readonly key: Uint8Array;
  constructor(
    secret: string,
    private readonly ttlMinutes: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  get ttlSeconds(): number {
    return this.ttlMinutes * 60;
  }

  /** A signed (HS256) session token; the local login's session and the API's bearer token. */
  async issue(identity: Identity, now = new Date()): Promise<string> {
    return new SignJWT({
      usr: identity.username,
      rol: identity.role,
      tid: identity.tenantId,
      pid: identity.patientId,
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(identity.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(now.getTime() / 1000) + this.ttlSeconds)
      .sign(this.key);
  }

  async verify(token: string): Promise<Identity> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      const c = claimsSchema.parse(payload);
      return { userId: c.sub, username: c.usr, role: c.rol, tenantId: c.tid, patientId: c.pid };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) {
        throw new NotAuthenticatedError('session expired: please log in again');
      }
      throw new NotAuthenticatedError('invalid session token');
    }
  }
}
