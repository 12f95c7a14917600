import type { JsonSchema } from '../api/types';

// The JSON Schema of a document's clinical content, read as a form: what kind of field each
// node is, the "draft" the form edits (text for text and numbers, booleans, lists, objects),
// and the conversions between a draft and the JSON the API takes. Pure code: no React.

/** What the form edits: inputs hold text (numbers too, until they are sent). */
export type Draft = string | boolean | Draft[] | DraftObject;
export interface DraftObject {
  [key: string]: Draft;
}

export type FieldKind =
  | { kind: 'text'; format: 'date' | 'date-time' | 'email' | null; multiline: boolean }
  | { kind: 'enum'; options: (string | number)[] }
  | { kind: 'number'; integer: boolean }
  | { kind: 'boolean' }
  | { kind: 'const'; value: unknown }
  | { kind: 'list'; item: JsonSchema; itemKind: 'object' | 'value' }
  | { kind: 'object'; properties: [string, JsonSchema][]; required: Set<string> }
  /** Anything the form cannot lay out (a union of shapes, free JSON): edited as JSON text. */
  | { kind: 'json' };

/** Names that call for a text area even when the schema sets no long maximum. */
const freeTextName =
  /(text|notes?|narrative|report|anamnesis|conclusions?|summary|comments?|suggestions?|comparison|physicalExam|history|outcome|findings?)$/i;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows a local `$ref` (`#`, `#/$defs/x`, `#/definitions/x`) against the root schema. */
function dereference(schema: JsonSchema, root: JsonSchema, seen = 0): JsonSchema {
  if (!schema.$ref || seen > 20) return schema;
  const { $ref, ...rest } = schema;
  if (!$ref.startsWith('#')) return rest;
  let target: unknown = root;
  for (const raw of $ref.slice(1).split('/').filter(Boolean)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    target = isRecord(target) ? target[part] : undefined;
  }
  if (!isRecord(target)) return rest;
  return dereference({ ...(target as JsonSchema), ...rest }, root, seen + 1);
}

const typesOf = (schema: JsonSchema): string[] =>
  schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];

/**
 * The schema with references followed, a nullable union reduced to its non-null member and
 * an intersection of objects merged: the shape the form lays out.
 */
export function resolveSchema(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = dereference(schema, root);
  const union = current.anyOf ?? current.oneOf;
  if (union) {
    const members = union
      .map((member) => dereference(member, root))
      .filter((member) => !(typesOf(member).length === 1 && typesOf(member)[0] === 'null'));
    if (members.length === 1 && members[0]) {
      const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = current;
      current = { ...resolveSchema(members[0], root), ...rest };
    }
  }
  if (current.allOf && current.allOf.every((part) => isObjectSchema(resolveSchema(part, root)))) {
    const parts = current.allOf.map((part) => resolveSchema(part, root));
    const { allOf: _allOf, ...rest } = current;
    current = {
      ...rest,
      type: 'object',
      properties: Object.fromEntries(
        [...parts.map((part) => part.properties ?? {}), rest.properties ?? {}].flatMap((props) =>
          Object.entries(props),
        ),
      ),
      required: [
        ...new Set(parts.flatMap((part) => part.required ?? []).concat(rest.required ?? [])),
      ],
    };
  }
  const types = typesOf(current).filter((type) => type !== 'null');
  if (types.length === 1 && typesOf(current).length > 1) current = { ...current, type: types[0] };
  return current;
}

function isObjectSchema(schema: JsonSchema): boolean {
  return typesOf(schema).includes('object') || schema.properties !== undefined;
}

/** The kind of field a (resolved) schema node is; `name` is its property key, for heuristics. */
export function fieldKind(schema: JsonSchema, root: JsonSchema, name = ''): FieldKind {
  const resolved = resolveSchema(schema, root);
  if (resolved.anyOf || resolved.oneOf) return { kind: 'json' };
  if (resolved.const !== undefined) return { kind: 'const', value: resolved.const };
  if (Array.isArray(resolved.enum) && resolved.enum.length > 0) {
    const options = resolved.enum.filter(
      (option): option is string | number =>
        typeof option === 'string' || typeof option === 'number',
    );
    if (options.length === resolved.enum.length) return { kind: 'enum', options };
    return { kind: 'json' };
  }
  const types = typesOf(resolved);
  const type = types.length === 1 ? types[0] : isObjectSchema(resolved) ? 'object' : undefined;
  switch (type) {
    case 'string': {
      const format =
        resolved.format === 'date' || resolved.format === 'date-time' || resolved.format === 'email'
          ? resolved.format
          : null;
      // Codes, names and identifiers (up to a few hundred characters) stay one line.
      const multiline =
        format === null && ((resolved.maxLength ?? 0) >= 1000 || freeTextName.test(name));
      return { kind: 'text', format, multiline };
    }
    case 'number':
    case 'integer':
      return { kind: 'number', integer: type === 'integer' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'array': {
      if (!resolved.items) return { kind: 'json' };
      const item = resolveSchema(resolved.items, root);
      const itemKind = fieldKind(item, root, name).kind;
      if (itemKind === 'object') return { kind: 'list', item, itemKind: 'object' };
      if (itemKind === 'text' || itemKind === 'enum' || itemKind === 'number') {
        return { kind: 'list', item, itemKind: 'value' };
      }
      return { kind: 'json' };
    }
    case 'object': {
      const properties = Object.entries(resolved.properties ?? {});
      // A free-form map has no fields to show.
      if (properties.length === 0) return { kind: 'json' };
      return { kind: 'object', properties, required: new Set(resolved.required ?? []) };
    }
    default:
      return { kind: 'json' };
  }
}

// ---- Dates: the form uses the browser's local time, the API ISO 8601 with an offset ----

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO 8601 → the value of an <input type="datetime-local"> in the browser's zone. */
export function isoToLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value → ISO 8601 with seconds and the local offset, or null. */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

// ---- Draft ⇄ JSON ----

/** The draft of a value (or of the schema's default, or an empty field when there is none). */
export function toDraft(schema: JsonSchema, root: JsonSchema, value: unknown, name = ''): Draft {
  const resolved = resolveSchema(schema, root);
  const given = value === undefined ? resolved.default : value;
  const kind = fieldKind(resolved, root, name);
  switch (kind.kind) {
    case 'text':
      if (typeof given !== 'string') return '';
      if (kind.format === 'date-time') return isoToLocalInput(given);
      if (kind.format === 'date') return given.slice(0, 10);
      return given;
    case 'enum':
    case 'number':
      return typeof given === 'string' || typeof given === 'number' ? String(given) : '';
    case 'boolean':
      return given === true;
    case 'const':
      return '';
    case 'list': {
      const items = Array.isArray(given) ? given : [];
      const drafts = items.map((item) => toDraft(kind.item, root, item, name));
      // A list that must have entries starts with empty ones to fill in.
      while (drafts.length < (resolved.minItems ?? 0)) {
        drafts.push(toDraft(kind.item, root, undefined, name));
      }
      return drafts;
    }
    case 'object': {
      const source = isRecord(given) ? given : {};
      return Object.fromEntries(
        kind.properties.map(([key, property]) => [key, toDraft(property, root, source[key], key)]),
      );
    }
    case 'json':
      return given === undefined ? '' : JSON.stringify(given, null, 2);
  }
}

/** The empty draft of a list's new entry. */
export function newItemDraft(item: JsonSchema, root: JsonSchema, name = ''): Draft {
  return toDraft(item, root, undefined, name);
}

export type ValueRule =
  | 'required'
  | 'minLength'
  | 'maxLength'
  | 'pattern'
  | 'number'
  | 'integer'
  | 'minimum'
  | 'maximum'
  | 'minItems'
  | 'maxItems'
  | 'date'
  | 'dateTime'
  | 'json';

/** A problem the form finds before sending; the page words it. */
export interface DraftProblem {
  path: string;
  rule: ValueRule;
  limit?: number;
}

export interface Converted {
  /** The JSON to send; undefined when the field is empty (and so left out). */
  value: unknown;
  problems: DraftProblem[];
}

function testPattern(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    return true; // a pattern this browser cannot compile is the server's to check
  }
}

/**
 * The JSON of a draft and what is wrong with it, checked against the schema's own limits
 * (required, lengths, patterns, ranges, list sizes). An optional object left entirely empty
 * is left out, and so are its required fields; list entries are all sent, so the indexes in
 * the server's answer match the entries on screen.
 */
export function fromDraft(
  schema: JsonSchema,
  root: JsonSchema,
  draft: Draft | undefined,
  path: string,
  required: boolean,
  name = '',
): Converted {
  const resolved = resolveSchema(schema, root);
  const kind = fieldKind(resolved, root, name);
  const problems: DraftProblem[] = [];
  const missing = (): Converted => ({
    value: undefined,
    problems: required ? [{ path, rule: 'required' }] : [],
  });

  switch (kind.kind) {
    case 'text': {
      const text = typeof draft === 'string' ? draft : '';
      if (text.trim() === '') return missing();
      if (kind.format === 'date-time') {
        const iso = localInputToIso(text);
        return iso === null
          ? { value: text, problems: [{ path, rule: 'dateTime' }] }
          : { value: iso, problems };
      }
      if (kind.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(text)) {
        return { value: text, problems: [{ path, rule: 'date' }] };
      }
      const trimmed = text.trim();
      if (resolved.minLength !== undefined && trimmed.length < resolved.minLength) {
        problems.push({ path, rule: 'minLength', limit: resolved.minLength });
      }
      if (resolved.maxLength !== undefined && trimmed.length > resolved.maxLength) {
        problems.push({ path, rule: 'maxLength', limit: resolved.maxLength });
      }
      if (kind.format === null && resolved.pattern && !testPattern(resolved.pattern, trimmed)) {
        problems.push({ path, rule: 'pattern' });
      }
      return { value: trimmed, problems };
    }
    case 'enum': {
      const text = typeof draft === 'string' ? draft : '';
      if (text === '') return missing();
      const option = kind.options.find((candidate) => String(candidate) === text);
      return { value: option ?? text, problems };
    }
    case 'number': {
      const text = typeof draft === 'string' ? draft.trim().replace(',', '.') : '';
      if (text === '') return missing();
      const number = Number(text);
      if (!Number.isFinite(number)) return { value: text, problems: [{ path, rule: 'number' }] };
      if (kind.integer && !Number.isInteger(number)) problems.push({ path, rule: 'integer' });
      const min = resolved.minimum ?? resolved.exclusiveMinimum;
      const max = resolved.maximum ?? resolved.exclusiveMaximum;
      if (
        (resolved.minimum !== undefined && number < resolved.minimum) ||
        (resolved.exclusiveMinimum !== undefined && number <= resolved.exclusiveMinimum)
      ) {
        problems.push({ path, rule: 'minimum', ...(min !== undefined ? { limit: min } : {}) });
      }
      if (
        (resolved.maximum !== undefined && number > resolved.maximum) ||
        (resolved.exclusiveMaximum !== undefined && number >= resolved.exclusiveMaximum)
      ) {
        problems.push({ path, rule: 'maximum', ...(max !== undefined ? { limit: max } : {}) });
      }
      return { value: number, problems };
    }
    case 'boolean':
      // Unticked and optional: left out, so the model's default applies.
      return { value: draft === true ? true : required ? false : undefined, problems };
    case 'const':
      return { value: kind.value, problems };
    case 'list': {
      const drafts = Array.isArray(draft) ? draft : [];
      if (drafts.length === 0) {
        if ((resolved.minItems ?? 0) > 0) {
          return { value: [], problems: [{ path, rule: 'minItems', limit: resolved.minItems }] };
        }
        return { value: undefined, problems };
      }
      const values = drafts.map((item, index) => {
        const converted = fromDraft(kind.item, root, item, `${path}.${index}`, true, name);
        problems.push(...converted.problems);
        return converted.value;
      });
      if (resolved.minItems !== undefined && values.length < resolved.minItems) {
        problems.push({ path, rule: 'minItems', limit: resolved.minItems });
      }
      if (resolved.maxItems !== undefined && values.length > resolved.maxItems) {
        problems.push({ path, rule: 'maxItems', limit: resolved.maxItems });
      }
      return { value: values, problems };
    }
    case 'object': {
      const source: DraftObject = isRecord(draft) ? draft : {};
      const entries: [string, unknown][] = [];
      const inner: DraftProblem[] = [];
      let filled = false;
      for (const [key, property] of kind.properties) {
        const converted = fromDraft(
          property,
          root,
          source[key],
          `${path}.${key}`,
          kind.required.has(key),
          key,
        );
        inner.push(...converted.problems);
        if (converted.value === undefined) continue;
        entries.push([key, converted.value]);
        // A constant or a value left at the schema's default is not something typed in.
        const own = resolveSchema(property, root);
        const isDefault =
          own.default !== undefined &&
          JSON.stringify(own.default) === JSON.stringify(converted.value);
        if (fieldKind(own, root, key).kind !== 'const' && !isDefault) filled = true;
      }
      // An optional group nobody filled in is left out, and so are its required fields.
      if (!filled && !required) return { value: undefined, problems };
      return { value: Object.fromEntries(entries), problems: inner };
    }
    case 'json': {
      const text = typeof draft === 'string' ? draft.trim() : '';
      if (text === '') return missing();
      try {
        return { value: JSON.parse(text) as unknown, problems };
      } catch {
        return { value: undefined, problems: [{ path, rule: 'json' }] };
      }
    }
  }
}

/**
 * Every path the form shows a field or a group for (`content.services.0.time`…): a problem
 * with one of these paths is shown under its field, the others only in the summary.
 */
export function fieldPaths(
  schema: JsonSchema,
  root: JsonSchema,
  draft: Draft | undefined,
  path: string,
  into = new Set<string>(),
  name = '',
): Set<string> {
  const kind = fieldKind(schema, root, name);
  if (kind.kind === 'const') return into;
  into.add(path);
  if (kind.kind === 'list') {
    const drafts = Array.isArray(draft) ? draft : [];
    drafts.forEach((item, index) =>
      fieldPaths(kind.item, root, item, `${path}.${index}`, into, name),
    );
  } else if (kind.kind === 'object') {
    const source: DraftObject = isRecord(draft) ? draft : {};
    for (const [key, property] of kind.properties) {
      fieldPaths(property, root, source[key], `${path}.${key}`, into, key);
    }
  }
  return into;
}

/** Whether a draft holds anything typed or chosen (to open an optional group that has data). */
export function hasContent(draft: Draft | undefined): boolean {
  if (draft === undefined) return false;
  if (typeof draft === 'string') return draft.trim() !== '';
  if (typeof draft === 'boolean') return draft;
  if (Array.isArray(draft)) return draft.length > 0;
  return Object.values(draft).some(hasContent);
}

/** The keys of a document model that are its header: the server writes them, not the doctor. */
export const headerKeys = [
  'header',
  'id',
  'setId',
  'version',
  'replaces',
  'effectiveTime',
  'confidentiality',
  'language',
  'patient',
  'author',
  'legalAuthenticator',
  'dataEnterer',
  'custodian',
  'prescription',
  'referrer',
  'encounter',
] as const;

/** A stored model's clinical content: the model without its header. */
export function contentOf(model: Record<string, unknown>): Record<string, unknown> {
  const header = new Set<string>(headerKeys);
  return Object.fromEntries(Object.entries(model).filter(([key]) => !header.has(key)));
}

/** The header of a stored model, whether flat or under `header`. */
export function headerOf(model: Record<string, unknown>): Record<string, unknown> {
  return isRecord(model.header) ? model.header : model;
}

/** A problem's path as the form names fields: without the `body.` the router puts first. */
export function normaliseProblemPath(path: string): string {
  return path.replace(/^body\./, '');
}

/** The content schema as the form shows it: any header key it still carries taken out. */
export function contentFormSchema(schema: JsonSchema): JsonSchema {
  const header = new Set<string>(headerKeys);
  return {
    ...schema,
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(schema.properties ?? {}).filter(([key]) => !header.has(key)),
    ),
    required: (schema.required ?? []).filter((key) => !header.has(key)),
  };
}
