import { readFileSync } from 'node:fs';
import { pathwayJsonSchema } from '../pathways/json-schema.js';
import { formatSourceError, parsePathwaySource } from '../pathways/source.js';

/**
 * `percorsi validate <file...>`: every error of every file with its path and, where the text
 * has one, line:column; exit code 1 when any file is invalid.
 */
export function runValidate(files: string[], opts: { jsonSchema?: boolean }): number {
  if (opts.jsonSchema) {
    console.log(JSON.stringify(pathwayJsonSchema(), null, 2));
    if (!files.length) return 0;
  }
  if (!files.length) {
    console.error('percorsi validate: name at least one file (or --json-schema)');
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      console.error(`${file}: ${(e as Error).message}`);
      failed++;
      continue;
    }
    const result = parsePathwaySource(text, file);
    if (result.ok) {
      const d = result.definition;
      console.log(
        `${file}: OK (${d.id} ${d.version}, ${d.tracks.length} tracks, ${d.rules.length} rules)`,
      );
    } else {
      failed++;
      for (const e of result.errors) console.error(formatSourceError(file, e));
    }
  }
  return failed ? 1 : 0;
}
