import { z } from 'zod';
import type { RouteDef } from './route.js';

/** OpenAPI 3.1 document generated from the same zod schemas the routes validate with. */
export function openApiDocument(routes: RouteDef[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schema = (s: z.ZodType, io: 'input' | 'output') =>
    z.toJSONSchema(s, { io, unrepresentable: 'any' });
  for (const r of routes) {
    const path = '/api' + r.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const match of r.path.matchAll(/:(\w+)/g)) {
      parameters.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
    }
    if (r.query instanceof z.ZodObject) {
      const shape = r.query.shape as Record<string, z.ZodType>;
      for (const [name, s] of Object.entries(shape)) {
        parameters.push({
          name,
          in: 'query',
          required: !s.safeParse(undefined).success,
          schema: schema(s, 'input'),
        });
      }
    }
    const access =
      r.access === 'public'
        ? 'public'
        : r.access === 'authenticated'
          ? 'any authenticated user'
          : `roles: ${r.access.roles.join(', ')}`;
    (paths[path] ??= {})[r.method] = {
      summary: r.summary,
      description: `Access: ${access}.`,
      'x-percorsi-access':
        r.access === 'public' || r.access === 'authenticated'
          ? r.access
          : { roles: r.access.roles },
      tags: r.tags,
      ...(r.access === 'public' ? { security: [] } : {}),
      parameters,
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schema(r.body, 'input') } },
            },
          }
        : {}),
      responses: {
        '200': {
          description: 'OK',
          ...(r.response
            ? { content: { 'application/json': { schema: schema(r.response, 'output') } } }
            : {}),
        },
        default: {
          description: 'Problem (RFC 9457) with errors[{ path, message }] for invalid input',
          content: {
            'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
          },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Percorsi API', version },
    servers: [{ url: '/' }],
    security: [{ session: [] }, { bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'percorsi_session' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['path', 'message'],
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
}
