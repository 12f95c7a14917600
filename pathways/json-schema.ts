import { z } from 'zod';
import { pathwayDefinitionSchema } from './definition.js';

/**
 * The pathway language as JSON Schema, for editors (YAML language server, VS Code). `io: input`
 * describes what a designer writes: fields with defaults are optional there.
 */
export function pathwayJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(pathwayDefinitionSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://percorsi.example/schemas/pathway-definition-v1.json',
    title: 'Percorsi pathway definition (schemaVersion 1)',
  };
}
