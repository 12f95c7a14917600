/** Helpers that make rows read the same on SQLite (strings) and PostgreSQL (Date, jsonb). */

export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') {
    // SQLite keeps what was written; writes are always ISO-8601 with Z.
    return new Date(value).toISOString();
  }
  throw new TypeError(`not a timestamp: ${String(value)}`);
}

export function toIsoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : toIso(value);
}

export function fromJson<T>(value: unknown): T {
  if (typeof value === 'string') return JSON.parse(value) as T;
  return value as T;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

export function nowIso(): string {
  return new Date().toISOString();
}
