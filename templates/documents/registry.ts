import type { DocumentTypeSpec } from './document-type.js';
import { refertoTelevisita } from './referto-televisita/index.js';
import { relazioneTeleassistenza } from './relazione-teleassistenza/index.js';
import { relazioneTeleconsulto } from './relazione-teleconsulto/index.js';
import { riepilogoTelemonitoraggio } from './riepilogo-telemonitoraggio/index.js';
import { rsa } from './rsa/index.js';

/** Every document type, in the order the designer lists them. */
const specs: DocumentTypeSpec[] = [
  refertoTelevisita,
  relazioneTeleconsulto,
  relazioneTeleassistenza,
  rsa,
  riepilogoTelemonitoraggio,
] as DocumentTypeSpec[];

export function documentTypeSpecs(): DocumentTypeSpec[] {
  return specs;
}

export function documentTypeSpec(type: string): DocumentTypeSpec | null {
  return specs.find((s) => s.type === type) ?? null;
}
