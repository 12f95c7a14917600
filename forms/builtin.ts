import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { formIdSchema, lintForm, type FormDefinition } from './definition.js';

export const builtInFormsDir = path.join(import.meta.dirname, 'builtin');

export interface BuiltInForm {
  id: string;
  version: number;
  definition: FormDefinition;
}

const fileSchema = z.object({ id: formIdSchema, version: z.number().int().min(1) }).loose();

/**
 * The questionnaires shipped with the platform (forms/builtin/*.json), each linted exactly as
 * a designer's form is on publish. A broken built-in stops the start with its file and paths.
 */
export function loadBuiltInForms(dir = builtInFormsDir): BuiltInForm[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const raw: unknown = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
      const head = fileSchema.safeParse(raw);
      if (!head.success) throw new Error(`invalid built-in form ${file}: ${head.error.message}`);
      const { id, version, ...rest } = head.data;
      if (`${id}.json` !== file) throw new Error(`built-in form ${file} declares id ${id}`);
      const linted = lintForm(rest);
      if (!linted.ok) {
        const problems = linted.problems.map((p) => `${p.path.join('.')}: ${p.message}`);
        throw new Error(`invalid built-in form ${file}:\n  ${problems.join('\n  ')}`);
      }
      return { id, version, definition: linted.definition };
    });
}

/**
 * Stores every built-in form as a published, tenant-less version unless that version is
 * there. Never overwrites: a changed built-in ships with a new version number.
 */
export async function seedBuiltInForms(
  store: {
    insertBuiltInIfAbsent(id: string, version: number, d: FormDefinition): Promise<boolean>;
  },
  forms = loadBuiltInForms(),
): Promise<string[]> {
  const added: string[] = [];
  for (const f of forms) {
    if (await store.insertBuiltInIfAbsent(f.id, f.version, f.definition)) {
      added.push(`${f.id}@${f.version}`);
    }
  }
  return added;
}
