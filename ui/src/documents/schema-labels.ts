import type { JsonSchema } from '../api/types';
import { humanise, translateOptional } from '../i18n/i18n';

/** `clinicalHistory` → `Clinical history`: the last resort for a key with no wording. */
export function humaniseKey(key: string): string {
  return humanise(key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase());
}

/**
 * A field's label: the schema's title, else the catalogue's wording of the key inside its
 * group (`booking` › `root` is the booking system's OID, `drugs` › `name` the pack), else of
 * the key alone, else the key made readable.
 */
export function fieldLabel(key: string, schema?: JsonSchema, parent?: string): string {
  if (schema?.title) return schema.title;
  const general = translateOptional(`documents.fields.${key}`, humaniseKey(key));
  return parent ? translateOptional(`documents.fieldsIn.${parent}.${key}`, general) : general;
}

/** What to type in a field when the schema does not say: the catalogue's hint, if any. */
export function fieldHint(key: string, schema?: JsonSchema, parent?: string): string | undefined {
  if (schema?.description) return schema.description;
  const general = translateOptional(`documents.hints.${key}`, '');
  const hint = parent ? translateOptional(`documents.hintsIn.${parent}.${key}`, general) : general;
  return hint || undefined;
}

const comparable = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * An enum option in words when the catalogue knows it, with the code beside it when the code
 * says something the words do not (`Programmato tramite CUP (PROG)`, but `Prima visita`).
 */
export function enumLabel(value: string | number): string {
  const text = String(value);
  const label = translateOptional(`documents.enums.${text}`, text);
  const words = label.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  if (comparable(label) === comparable(text) || words.includes(text.toLowerCase())) return label;
  return `${label} (${text})`;
}

/** `content.services.0.time` → `Prestazioni › 1 › Data e ora`. */
export function pathLabel(path: string): string {
  const parts = path
    .split('.')
    .filter((part, index) => !(index === 0 && (part === 'content' || part === 'data')));
  let parent: string | undefined;
  return parts
    .map((part) => {
      if (/^\d+$/.test(part)) return String(Number(part) + 1);
      const label = fieldLabel(part, undefined, parent);
      parent = part;
      return label;
    })
    .join(' › ');
}
