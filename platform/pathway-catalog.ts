import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { pathwayDefinitionSchema, type PathwayDefinition } from '../pathways/definition.js';

/**
 * Built-in pathway definitions shipped with the platform (pathways/definitions/*.yaml).
 * Loading reads files, so it is kept apart from the pure engine and schema.
 */
export function loadBuiltInPathways(
  dir = path.join(import.meta.dirname, '..', 'pathways', 'definitions'),
): PathwayDefinition[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml') || f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const data: unknown = file.endsWith('.json') ? JSON.parse(text) : parse(text);
      const parsed = pathwayDefinitionSchema.safeParse(data);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
        throw new Error(`invalid built-in pathway ${file}:\n  ${issues.join('\n  ')}`);
      }
      return parsed.data;
    });
}

/** The pathways an enrolment can name; later backed by the designer's published versions. */
export class PathwayCatalog {
  private readonly byId = new Map<string, PathwayDefinition>();
  constructor(definitions: PathwayDefinition[]) {
    for (const d of definitions) this.byId.set(d.id, d);
  }

  static builtIn(): PathwayCatalog {
    return new PathwayCatalog(loadBuiltInPathways());
  }

  list(): PathwayDefinition[] {
    return [...this.byId.values()];
  }

  get(id: string): PathwayDefinition | null {
    return this.byId.get(id) ?? null;
  }
}
