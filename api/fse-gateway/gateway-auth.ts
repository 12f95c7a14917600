import { createPublicKey, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import type { FseJwtKey } from '../../platform/config.js';
import { isValidCodiceFiscale } from '../../platform/identity/codice-fiscale.js';
import { problems } from './gateway-problem.js';

/**
 * The embedded gateway's reading of the two JWTs (section 13.1 of the integration guide; what
 * the dispatcher's JwtSRV checks). Written apart from the client's signer on purpose: the
 * embedded gateway stands in for a system we do not control, so a mistake of the client must
 * fail here as it would there, not be mirrored.
 */

const CF_OID = '2.16.840.1.113883.2.9.4.3.2';
/** HL7 v2 CX: `ID^^^&OID&ISO`. */
const cx = /^([^^]+)\^\^\^&([0-9.]+)&ISO$/;
/** XON with the facility catalogue: `name^^^^^&OID&ISO^^^^code`. */
const xon = /^[^^]+\^\^\^\^\^&[0-9.]+&ISO\^\^\^\^[^^]+$/;

const roles = [
  'AAS', 'APR', 'PSS', 'INF', 'FAR', 'DSA', 'DAM', 'OAM', 'ASS', 'TUT', 'ING',
  'GEN', 'NOR', 'DRS', 'RSA', 'MRP', 'INI', 'OGC', 'OPI', 'MDS', 'GTW',
] as const; // prettier-ignore

const bearerClaims = z.looseObject({
  iss: z.string().max(100).startsWith('auth:', 'deve iniziare con "auth:"'),
  sub: z.string().max(100).regex(cx, 'CF^^^&OID&ISO'),
  jti: z.union([z.string().min(1), z.number()]),
});

const signatureClaims = z.looseObject({
  iss: z.string().max(100).startsWith('integrity:', 'deve iniziare con "integrity:"'),
  sub: z.string().max(100).regex(cx, 'CF^^^&OID&ISO'),
  jti: z.union([z.string().min(1), z.number()]),
  subject_role: z.enum(roles),
  purpose_of_use: z.enum(['TREATMENT', 'UPDATE']),
  locality: z.string().min(1).max(500),
  subject_organization_id: z.string().regex(/^\d{3}$/),
  subject_organization: z.string().min(1).max(100),
  patient_consent: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]),
  action_id: z.enum(['CREATE', 'READ', 'UPDATE', 'DELETE']),
  resource_hl7_type: z.string().min(1).max(100).optional(),
  person_id: z.string().max(100).regex(cx, 'ID^^^&OID&ISO'),
  attachment_hash: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'SHA-256 esadecimale')
    .optional(),
  subject_application_id: z.string().min(1).max(100),
  subject_application_vendor: z.string().min(1).max(100),
  subject_application_version: z.string().min(1).max(100),
});

export type BearerClaims = z.output<typeof bearerClaims> & JWTPayload;
export type SignatureClaims = z.output<typeof signatureClaims> & JWTPayload;

/** What an operation demands of the FSE-JWT-Signature token. */
export interface TokenRequirement {
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  purposeOfUse: 'TREATMENT' | 'UPDATE';
  /** Uploads: attachment_hash and resource_hl7_type are mandatory. */
  upload: boolean;
  /** Creation and replacement: locality must be an XON (it becomes AuthorInstitution). */
  xonLocality: boolean;
}

export interface GatewayAuthOptions {
  key: FseJwtKey;
  audience: string;
  clock?: () => Date;
  /** Seconds of clock difference tolerated on iat/exp (default 60). */
  clockToleranceSeconds?: number;
}

export class GatewayAuth {
  private readonly key: KeyObject | Uint8Array;
  private readonly algorithms: string[];

  constructor(private readonly options: GatewayAuthOptions) {
    const key = options.key;
    this.key =
      key.alg === 'HS256'
        ? new TextEncoder().encode(key.secret)
        : createPublicKey(key.privateKeyPem);
    this.algorithms = [key.alg];
  }

  /** The Authorization header: 401 when missing, unsigned by our key, expired or malformed. */
  async authenticate(header: string | undefined): Promise<BearerClaims> {
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!header) throw problems.missingBearer('Attenzione il jwt fornito risulta essere vuoto');
    if (!token) throw problems.invalidBearer('Authorization: atteso "Bearer <jwt>"');
    const payload = await this.verify(token, (m) => problems.invalidBearer(`Authorization: ${m}`));
    const claims = bearerClaims.safeParse(payload);
    if (!claims.success) throw problems.invalidBearer(`Authorization: ${describe(claims.error)}`);
    checkCodiceFiscale(claims.data.sub, 'sub', problems.invalidBearer);
    return claims.data as BearerClaims;
  }

  /** The FSE-JWT-Signature header, against the operation it comes with: 403 when wrong. */
  async signature(
    header: string | undefined,
    bearer: BearerClaims,
    need: TokenRequirement,
  ): Promise<SignatureClaims> {
    if (!header) {
      throw problems.missingSignature('Attenzione il jwt fornito risulta essere vuoto');
    }
    const payload = await this.verify(header.replace(/^Bearer\s+/i, ''), (m) =>
      problems.invalidSignature(`FSE-JWT-Signature: ${m}`),
    );
    const parsed = signatureClaims.safeParse(payload);
    if (!parsed.success) {
      throw problems.invalidSignature(`FSE-JWT-Signature: ${describe(parsed.error)}`);
    }
    const c = parsed.data;
    const field = (name: string, message: string) =>
      problems.tokenField(`JWT payload: campo ${name} non valido: ${message}`);
    if (c.sub !== bearer.sub) throw field('sub', 'diverso da quello del token di autenticazione');
    if (c.action_id !== need.action) throw field('action_id', `atteso ${need.action}`);
    if (c.purpose_of_use !== need.purposeOfUse) {
      throw field('purpose_of_use', `atteso ${need.purposeOfUse}`);
    }
    if (need.upload && !c.attachment_hash) throw field('attachment_hash', 'obbligatorio');
    if (need.upload && !c.resource_hl7_type) throw field('resource_hl7_type', 'obbligatorio');
    if (need.xonLocality && !xon.test(c.locality)) {
      throw field('locality', 'atteso XON: nome^^^^^&OID&ISO^^^^codice');
    }
    checkCodiceFiscale(c.sub, 'sub', problems.tokenField);
    checkCodiceFiscale(c.person_id, 'person_id', problems.tokenField);
    return c as SignatureClaims;
  }

  private async verify(token: string, fail: (message: string) => Error): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: this.algorithms,
        audience: this.options.audience,
        typ: 'JWT',
        requiredClaims: ['iss', 'sub', 'aud', 'iat', 'exp', 'jti'],
        clockTolerance: this.options.clockToleranceSeconds ?? 60,
        ...(this.options.clock ? { currentDate: this.options.clock() } : {}),
      });
      return payload;
    } catch (err) {
      if (err instanceof joseErrors.JOSEError) throw fail(err.message);
      throw err;
    }
  }
}

/** The codice fiscale of a CX, checked when its OID says it is one (ENI/STP/TEAM are not). */
export function idOfCx(value: string): { id: string; oid: string } | null {
  const m = value.match(cx);
  return m ? { id: m[1]!, oid: m[2]! } : null;
}

function checkCodiceFiscale(value: string, claim: string, fail: (detail: string) => Error): void {
  const parsed = idOfCx(value);
  if (parsed && parsed.oid === CF_OID && !isValidCodiceFiscale(parsed.id)) {
    throw fail(`JWT payload: ${claim} non contiene un codice fiscale valido`);
  }
}

function describe(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
