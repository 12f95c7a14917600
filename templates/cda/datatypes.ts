import { DateTime } from 'luxon';
import type { create } from 'xmlbuilder2';
import type { Address, InstanceId, PersonName } from '../documents/header.js';
import type { Coding } from '../documents/outline.js';

/**
 * HL7 v3 data types as the Italian CDA guides use them, written with xmlbuilder2. Every
 * function appends to the node it is given and returns nothing surprising: the caller keeps
 * the element order the XSD (POCD_MT000040UV02) demands.
 */

export type XmlNode = ReturnType<typeof create>;

export const oids = {
  /** Codice fiscale (MEF). */
  codiceFiscale: '2.16.840.1.113883.2.9.4.3.2',
  /** NRE, numero di ricetta elettronica (MEF). */
  nre: '2.16.840.1.113883.2.9.4.3.9',
  loinc: '2.16.840.1.113883.6.1',
  icd9cm: '2.16.840.1.113883.6.103',
  administrativeGender: '2.16.840.1.113883.5.1',
  confidentiality: '2.16.840.1.113883.5.25',
  actPriority: '2.16.840.1.113883.5.7',
  /** HL7 Italia ActCode extension: PROG / DIR access. */
  actCodeIt: '2.16.840.1.113883.2.9.5.1.4',
  /** Ministero della Salute facility codings. */
  fls11: '2.16.840.1.113883.2.9.4.1.1',
  hsp11: '2.16.840.1.113883.2.9.4.1.2',
  sts11: '2.16.840.1.113883.2.9.4.1.3',
  hsp11Ward: '2.16.840.1.113883.2.9.4.1.6',
} as const;

export const LOINC = { system: oids.loinc, systemName: 'LOINC' } as const;

/** assigningAuthorityName for the national identifier roots the guides name. */
const AUTHORITIES: Record<string, string> = {
  [oids.codiceFiscale]: 'MEF',
  [oids.nre]: 'MEF',
  [oids.fls11]: 'Ministero della Salute',
  [oids.hsp11]: 'Ministero della Salute',
  [oids.sts11]: 'Ministero della Salute',
  [oids.hsp11Ward]: 'Ministero della Salute',
};

/**
 * HL7 TS with seconds and offset (YYYYMMDDHHMMSS+ZZZZ) from an ISO 8601 date-time. The
 * offset written in the ISO string is kept as is (Europe/Rome gives +0100 or +0200): the
 * document states the local time of the event, not a conversion.
 */
export function hl7Ts(iso: string): string {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new RangeError(`data/ora ISO non valida: ${iso}`);
  return dt.toFormat('yyyyMMddHHmmssZZZ');
}

/** HL7 TS date only (YYYYMMDD) from an ISO date (YYYY-MM-DD) or date-time. */
export function hl7Date(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) throw new RangeError(`data ISO non valida: ${iso}`);
  return `${match[1]}${match[2]}${match[3]}`;
}

export function appendId(
  parent: XmlNode,
  id: InstanceId,
  assigningAuthorityName: string | undefined = AUTHORITIES[id.root],
  element = 'id',
): void {
  parent.ele(element, {
    root: id.root,
    extension: id.extension,
    ...(assigningAuthorityName ? { assigningAuthorityName } : {}),
  });
}

export function appendFiscalCodeId(parent: XmlNode, fiscalCode: string): void {
  appendId(parent, { root: oids.codiceFiscale, extension: fiscalCode });
}

/** A coded element (code, value, translation…) with the attributes in the guides' order. */
export function appendCode(
  parent: XmlNode,
  element: string,
  coding: Coding,
  extra: Record<string, string> = {},
): XmlNode {
  return parent.ele(element, {
    ...extra,
    code: coding.code,
    codeSystem: coding.system,
    ...(coding.systemName ? { codeSystemName: coding.systemName } : {}),
    displayName: coding.display,
  });
}

/** A person's name: one given, one family (the schematrons count exactly one of each). */
export function appendPersonName(
  parent: XmlNode,
  name: PersonName,
  { prefix = true }: { prefix?: boolean } = {},
): void {
  const el = parent.ele('name');
  el.ele('family').txt(name.family);
  el.ele('given').txt(name.given);
  if (prefix && name.prefix) el.ele('prefix').txt(name.prefix);
}

export type AddrUse = 'H' | 'HP' | 'WP' | 'PUB';

/**
 * True when the schematrons accept the address where one is checked: every addr outside a
 * birthplace must carry country, city and streetAddressLine.
 */
export function isCompleteAddress(addr: Address | undefined): addr is Address & { street: string } {
  return !!addr?.street && !!addr.city && !!addr.country;
}

/**
 * An Italian address in the element order of the Ministry's examples (country, state,
 * county, city, censusTract, postalCode, streetAddressLine). An address without a street is
 * not written (returns false) unless `allowPartial`: the gateway refuses such an addr
 * anywhere but in a birthplace, and addr is optional in every other position.
 */
export function appendAddr(
  parent: XmlNode,
  addr: Partial<Address> | undefined,
  { use, allowPartial = false }: { use?: AddrUse; allowPartial?: boolean } = {},
): boolean {
  if (!addr) return false;
  if (!allowPartial && !isCompleteAddress(addr as Address)) return false;
  const el = parent.ele('addr', use ? { use } : {});
  if (addr.country) el.ele('country').txt(addr.country);
  if (addr.region) el.ele('state').txt(addr.region);
  if (addr.county) el.ele('county').txt(addr.county);
  if (addr.city) el.ele('city').txt(addr.city);
  if (addr.istat) el.ele('censusTract').txt(addr.istat);
  if (addr.postalCode) el.ele('postalCode').txt(addr.postalCode);
  if (addr.street) el.ele('streetAddressLine').txt(addr.street);
  return true;
}

/** Telecoms as URLs (tel:, mailto:), always with @use (every schematron demands it). */
export function appendTelecoms(
  parent: XmlNode,
  contact: { phone?: string | undefined; email?: string | undefined },
  use: 'HP' | 'WP' | 'MC',
): void {
  if (contact.phone)
    parent.ele('telecom', { use, value: `tel:${contact.phone.replace(/\s+/g, '')}` });
  if (contact.email) parent.ele('telecom', { use, value: `mailto:${contact.email}` });
}

/**
 * IVL_TS with low and, when it is strictly later, high. Some schematrons compare the two as
 * strings with ">" (teleassistenza, teleconsulto), so an equal high is left out rather than
 * written and refused.
 */
export function appendInterval(
  parent: XmlNode,
  element: string,
  low: string,
  high?: string,
  attrs: Record<string, string> = {},
): XmlNode {
  const el = parent.ele(element, attrs);
  const lowTs = hl7Ts(low);
  el.ele('low', { value: lowTs });
  if (high) {
    const highTs = hl7Ts(high);
    if (highTs > lowTs) el.ele('high', { value: highTs });
  }
  return el;
}
