import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, type JWTHeaderParameters } from 'jose';
import type { FseJwtKey } from '../../platform/config.js';
import {
  FSE_OID,
  loincOf,
  subjectOrganizations,
  type ParsedFseRequestContext,
} from './gateway-contract.js';

/**
 * The two JWTs of every gateway call (section 13.1 of the gateway's integration guide): the
 * authentication token (`Authorization: Bearer`) names the caller; the FSE-JWT-Signature
 * token carries the "asserzioni di attributo" INI needs and binds the uploaded file through
 * `attachment_hash`. Both are signed with the signature certificate's key and are new for
 * every call: they depend on user, patient and document.
 */

/** action_id (Tabella 53): creation and validation CREATE, replacement and update UPDATE. */
export type FseAction = 'CREATE' | 'UPDATE' | 'DELETE';
/** purpose_of_use (Tabella 47). */
export type FsePurposeOfUse = 'TREATMENT' | 'UPDATE';

export interface FseJwtSignerOptions {
  key: FseJwtKey;
  /** Common name of the signature certificate. */
  issuer: string;
  audience: string;
  application: { id: string; vendor: string; version: string };
  /** Lifetime of each token (default 5 minutes: one call). */
  ttlSeconds?: number;
  clock?: () => Date;
}

export interface TokenRequest {
  context: ParsedFseRequestContext;
  action: FseAction;
  purposeOfUse: FsePurposeOfUse;
  /** SHA-256 (hex) of the uploaded file, for the calls that upload one. */
  attachmentHash?: string;
}

export interface GatewayTokens {
  /** The value of the Authorization header, `Bearer …`. */
  authorization: string;
  /** The value of the FSE-JWT-Signature header. */
  signature: string;
}

/** `CF^^^&2.16.840.1.113883.2.9.4.3.2&ISO`: a codice fiscale as an HL7 v2 CX. */
export function cxCodiceFiscale(cf: string): string {
  return `${cf}^^^&${FSE_OID.codiceFiscale}&ISO`;
}

/** The facility as XON: `name^^^^^&<STS.11 catalogue OID>&ISO^^^^<code>`. */
export function xonFacility(facility: { name: string; code: string }): string {
  return `${facility.name}^^^^^&${FSE_OID.facilities}&ISO^^^^${facility.code}`;
}

/** `('11488-4^^2.16.840.1.113883.6.1')`, the form the gateway compares with the CDA's code. */
export function resourceHl7Type(loinc: string): string {
  return `('${loinc}^^${FSE_OID.loinc}')`;
}

export class FseJwtSigner {
  private readonly signingKey: KeyObject | Uint8Array;
  private readonly header: JWTHeaderParameters;

  constructor(private readonly options: FseJwtSignerOptions) {
    const key = options.key;
    if (key.alg === 'HS256') {
      this.signingKey = new TextEncoder().encode(key.secret);
      this.header = { alg: 'HS256', typ: 'JWT' };
    } else {
      this.signingKey = createPrivateKey(key.privateKeyPem);
      this.header = {
        alg: key.alg,
        typ: 'JWT',
        ...(key.certificateDer ? { x5c: [key.certificateDer] } : {}),
      };
    }
  }

  /** The Authorization header alone (the status services ask for nothing else). */
  async authorization(authorCodiceFiscale: string): Promise<string> {
    const { now, exp } = this.times();
    const token = await new SignJWT({})
      .setProtectedHeader(this.header)
      .setIssuer(`auth:${this.options.issuer}`)
      .setSubject(cxCodiceFiscale(authorCodiceFiscale))
      .setAudience(this.options.audience)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(this.signingKey);
    return `Bearer ${token}`;
  }

  async tokens(request: TokenRequest): Promise<GatewayTokens> {
    const { context } = request;
    const { now, exp } = this.times();
    const { issuer, audience, application } = this.options;
    const claims: Record<string, unknown> = {
      subject_role: context.author.role,
      purpose_of_use: request.purposeOfUse,
      locality: xonFacility(context.facility),
      subject_organization_id: context.organizationId,
      subject_organization: subjectOrganizations[context.organizationId],
      patient_consent: context.patientConsent,
      action_id: request.action,
      person_id: cxCodiceFiscale(context.patient.codiceFiscale),
      subject_application_id: application.id,
      subject_application_vendor: application.vendor,
      subject_application_version: application.version,
    };
    if (context.documentType) {
      claims.resource_hl7_type = resourceHl7Type(loincOf(context.documentType));
    }
    if (request.attachmentHash) claims.attachment_hash = request.attachmentHash;

    const signature = await new SignJWT(claims)
      .setProtectedHeader(this.header)
      .setIssuer(`integrity:${issuer}`)
      .setSubject(cxCodiceFiscale(context.author.codiceFiscale))
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(this.signingKey);
    return { authorization: await this.authorization(context.author.codiceFiscale), signature };
  }

  private times(): { now: number; exp: number } {
    const now = Math.floor((this.options.clock?.() ?? new Date()).getTime() / 1000);
    return { now, exp: now + (this.options.ttlSeconds ?? 300) };
  }
}
