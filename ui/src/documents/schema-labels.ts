import type { JsonSchema } from '../api/types';
import { humanise, translateOptional } from '../i18n/i18n';

/** `clinicalHistory` → `Clinical history`: the last resort for a key with no wording. */
export function humaniseKey(key: string): string {
  return humanise(key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase());
}

/** A field's label: the schema's title, else the catalogue's wording of the key, else the key. */
export function fieldLabel(key: string, schema?: JsonSchema): string {
  if (schema?.title) return schema.title;
  return translateOptional(`documents.fields.${key}`, humaniseKey(key));
}

/** An enum option in words when the catalogue knows it, else as the code it is. */
export function enumLabel(value: string | number): string {
  const text = String(value);
  const label = translateOptional(`documents.enums.${text}`, text);
  return label === text ? text : `${label} (${text})`;
}

/** `content.services.0.time` → `Prestazioni › 1 › Data e ora`. */
export function pathLabel(path: string): string {
  return path
    .split('.')
    .filter((part, index) => !(index === 0 && (part === 'content' || part === 'data')))
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : fieldLabel(part)))
    .join(' › ');
}
