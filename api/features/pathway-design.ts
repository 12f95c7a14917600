import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { PathwayDefinition } from '../../pathways/definition.js';
import { RejectedEvent } from '../../pathways/engine.js';
import { scenarioSchema, simulate } from '../../pathways/simulator.js';
import { parsePathwaySource, type SourceError } from '../../pathways/source.js';
import { InputError } from '../../platform/errors.js';
import type { PathwayCatalog } from '../../platform/pathway-catalog.js';
import { defineRoute } from '../route.js';

/** A definition is text a designer pastes; a megabyte is far beyond any real pathway. */
const sourceText = z.string().min(1).max(1_000_000);
const format = z.enum(['yaml', 'json']).default('yaml');

const sourceErrorDto = z.object({
  path: z.string(),
  message: z.string(),
  line: z.number().optional(),
  column: z.number().optional(),
});

export const scenariosDir = path.join(import.meta.dirname, '..', '..', 'pathways', 'scenarios');

export interface ScenarioExample {
  id: string;
  pathway: string;
  name: string | null;
  /** The file as written, comments included: the designer reads why the scenario is so. */
  source: string;
  scenario: Record<string, unknown>;
}

/** The example scenarios shipped beside the built-in pathways (read once, at start-up). */
export function loadScenarioExamples(dir = scenariosDir): ScenarioExample[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const source = readFileSync(path.join(dir, file), 'utf8');
      const scenario = parse(source) as Record<string, unknown>;
      return {
        id: file.replace(/\.yaml$/, ''),
        pathway: typeof scenario.pathway === 'string' ? scenario.pathway : '',
        name: typeof scenario.name === 'string' ? scenario.name : null,
        source,
        scenario,
      };
    });
}

/** Timer bookkeeping is noise in a preview; `verbose` keeps it. */
const QUIET = new Set(['schedule-timer', 'cancel-timer']);

function errorDto(e: SourceError): z.infer<typeof sourceErrorDto> {
  return {
    path: e.path.join('.'),
    message: e.message,
    ...(e.line !== undefined ? { line: e.line, column: e.column ?? 1 } : {}),
  };
}

/**
 * The designer's tools: validate a definition as it is being written (errors placed at line and
 * column) and preview a synthetic patient through a built-in or pasted pathway. Both are pure
 * computations over the request: nothing is stored and no patient data is read.
 */
export function pathwayDesignRoutes(deps: { catalog: PathwayCatalog }) {
  const examples = loadScenarioExamples();
  return [
    defineRoute({
      method: 'get',
      path: '/pathways/:id/scenarios',
      summary: 'Example simulation scenarios shipped for a pathway',
      tags: ['pathways'],
      access: { roles: ['designer', 'nurse', 'doctor'] },
      params: z.object({ id: z.string().min(1).max(100) }),
      async handler({ params }) {
        return { body: { items: examples.filter((e) => e.pathway === params.id) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/pathways/validate',
      summary: 'Validate a pathway definition (YAML or JSON) and place every error in the text',
      tags: ['pathways'],
      access: { roles: ['designer'] },
      body: z.object({ source: sourceText, format }),
      response: z.union([
        z.object({ ok: z.literal(true), definition: z.record(z.string(), z.unknown()) }),
        z.object({ ok: z.literal(false), errors: z.array(sourceErrorDto) }),
      ]),
      async handler({ body }) {
        const r = parsePathwaySource(body.source, `pathway.${body.format}`, body.format);
        return { body: r.ok ? r : { ok: false, errors: r.errors.map(errorDto) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/pathways/simulate',
      summary: 'Simulate a synthetic patient through a pathway and return the timeline',
      tags: ['pathways'],
      access: { roles: ['designer', 'nurse', 'doctor'] },
      body: z
        .object({
          pathwayId: z.string().min(1).max(100).optional(),
          /** A published version of `pathwayId` (default the latest). */
          version: z.string().max(40).optional(),
          source: sourceText.optional(),
          format,
          scenario: scenarioSchema.default(scenarioSchema.parse({})),
          days: z.number().int().min(1).max(400).optional(),
          verbose: z.boolean().default(false),
        })
        .refine((b) => (b.pathwayId === undefined) !== (b.source === undefined), {
          message: 'give either pathwayId or source',
          path: ['pathwayId'],
        }),
      async handler({ body, identity }) {
        let definition: PathwayDefinition;
        if (body.pathwayId !== undefined) {
          // Built-ins and the caller's tenant's published versions, never another tenant's.
          const found = deps.catalog.get(body.pathwayId, body.version, identity.tenantId);
          if (!found) {
            throw new InputError('unknown pathway', [
              { path: 'body.pathwayId', message: `no pathway "${body.pathwayId}"` },
            ]);
          }
          definition = found;
        } else {
          const parsed = parsePathwaySource(body.source!, `pathway.${body.format}`, body.format);
          if (!parsed.ok) {
            throw new InputError(
              'the pathway definition is not valid',
              parsed.errors.map((e) => {
                const d = errorDto(e);
                const where = d.line !== undefined ? `${d.line}:${d.column} ` : '';
                return {
                  path: 'body.source',
                  message: `${where}${d.path ? `${d.path}: ` : ''}${d.message}`,
                };
              }),
            );
          }
          definition = parsed.definition;
        }
        const scenario =
          body.days !== undefined ? { ...body.scenario, days: body.days } : body.scenario;
        let result;
        try {
          result = simulate(definition, scenario);
        } catch (e) {
          // Only the start can be refused (bad inputs); later refusals are in the timeline.
          if (e instanceof RejectedEvent) {
            throw new InputError('the scenario cannot start', [
              { path: 'body.scenario.inputs', message: e.message },
            ]);
          }
          throw e;
        }
        const { state: _state, timeline, ...rest } = result;
        return {
          body: {
            ...rest,
            timeline: body.verbose ? timeline : timeline.filter((t) => !QUIET.has(t.kind)),
          },
        };
      },
    }),
  ];
}
