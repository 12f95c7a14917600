import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { compareVersions, type PathwayVersionStore } from '../db/stores/pathway-version-store.js';
import type { PathwayDefinition } from '../pathways/definition.js';
import { validateDefinition } from '../pathways/validate.js';

export const builtInPathwaysDir = path.join(import.meta.dirname, '..', 'pathways', 'definitions');

/**
 * Built-in pathway definitions shipped with the platform (pathways/definitions/*.yaml), fully
 * validated (schema and cross-references). Loading reads files, so it lives here and not in
 * the pure pathways/ layer.
 */
export function loadBuiltInPathways(dir = builtInPathwaysDir): PathwayDefinition[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml') || f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const data: unknown = file.endsWith('.json') ? JSON.parse(text) : parse(text);
      const result = validateDefinition(data);
      if (!result.ok) {
        const issues = result.errors.map((i) => `${i.path.join('.')}: ${i.message}`);
        throw new Error(`invalid built-in pathway ${file}:\n  ${issues.join('\n  ')}`);
      }
      return result.definition;
    });
}

/**
 * Stores every built-in definition as a published, tenant-less version unless that version
 * is already there. Idempotent, and never overwrites: a published version is immutable, so a
 * changed built-in must carry a new version number to reach running systems.
 */
export async function seedBuiltInPathways(
  store: PathwayVersionStore,
  definitions = loadBuiltInPathways(),
): Promise<string[]> {
  const added: string[] = [];
  for (const d of definitions) {
    const inserted = await store.insertPublishedIfAbsent({
      tenantId: null,
      pathwayId: d.id,
      version: d.version,
      definition: d,
      publishedBy: 'platform',
    });
    if (inserted) added.push(`${d.id}@${d.version}`);
  }
  return added;
}

interface Entry {
  tenantId: string | null;
  definition: PathwayDefinition;
}

/**
 * The published pathway versions enrolments can name, read from the database and kept in
 * memory (titles are needed synchronously by every list). `refresh()` after a publish; a
 * version another replica published is found by `find`, which reloads on a miss.
 */
export class PathwayCatalog {
  private entries: Entry[] = [];

  constructor(
    private readonly store: PathwayVersionStore | null,
    initial: Entry[] = [],
  ) {
    this.entries = initial;
  }

  /** A catalog of the built-in files only, without a database (tools and tests). */
  static builtIn(): PathwayCatalog {
    return new PathwayCatalog(
      null,
      loadBuiltInPathways().map((definition) => ({ tenantId: null, definition })),
    );
  }

  static async open(store: PathwayVersionStore): Promise<PathwayCatalog> {
    const catalog = new PathwayCatalog(store);
    await catalog.refresh();
    return catalog;
  }

  async refresh(): Promise<void> {
    if (!this.store) return;
    const rows = await this.store.listVisibleAllTenants();
    const entries: Entry[] = [];
    for (const r of rows) {
      // Stored definitions were validated at publish; a row that no longer parses (a schema
      // change without a data migration) is left out rather than crashing every list.
      const result = validateDefinition(r.definition);
      if (result.ok) entries.push({ tenantId: r.tenantId, definition: result.definition });
    }
    this.entries = entries;
  }

  private visible(tenantId: string | null | undefined): Entry[] {
    return this.entries.filter(
      (e) => e.tenantId === null || (tenantId !== undefined && e.tenantId === tenantId),
    );
  }

  /** The latest published version of each pathway a tenant can see. */
  list(tenantId?: string | null): PathwayDefinition[] {
    const latest = new Map<string, Entry>();
    for (const e of this.visible(tenantId)) {
      const current = latest.get(e.definition.id);
      if (!current || this.newer(e, current)) latest.set(e.definition.id, e);
    }
    return [...latest.values()].map((e) => e.definition).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Every published version a tenant can see (reports filter on any of them). */
  versionsVisibleTo(tenantId: string): PathwayDefinition[] {
    return this.visible(tenantId).map((e) => e.definition);
  }

  /** A published version (the latest when `version` is omitted), from memory. */
  get(id: string, version?: string, tenantId?: string | null): PathwayDefinition | null {
    const candidates = this.visible(tenantId).filter(
      (e) => e.definition.id === id && (version === undefined || e.definition.version === version),
    );
    let best: Entry | undefined;
    for (const e of candidates) if (!best || this.newer(e, best)) best = e;
    return best?.definition ?? null;
  }

  /** Like `get`, but reloads from the database once when the version is not in memory. */
  async find(tenantId: string, id: string, version?: string): Promise<PathwayDefinition | null> {
    const hit = this.get(id, version, tenantId);
    if (hit && version !== undefined) return hit;
    await this.refresh();
    return this.get(id, version, tenantId);
  }

  private newer(a: Entry, b: Entry): boolean {
    const c = compareVersions(a.definition.version, b.definition.version);
    // Same number: the tenant's own version wins over the built-in.
    return c > 0 || (c === 0 && a.tenantId !== null && b.tenantId === null);
  }
}
