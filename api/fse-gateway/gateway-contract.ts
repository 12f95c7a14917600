import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z, type ZodType } from 'zod';

/**
 * The request bodies of the Gateway Dispatcher, read from the contract itself
 * (gateway/swagger_gtw.yaml): the embedded gateway enforces what the YAML says, enums and
 * lengths included, rather than a copy that could drift from it. Only the OpenAPI subset the
 * contract uses is understood: objects (required, additionalProperties: false), strings (enum,
 * minLength, maxLength), arrays (items, minItems, maxItems), booleans, integers and $ref.
 */

interface OpenApiSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: boolean;
  enum?: string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: OpenApiSchema;
  minItems?: number;
  maxItems?: number;
}

/** The DTO names the embedded gateway reads bodies with. */
export const gatewayDtoNames = [
  'ValidationCDAReqDTO',
  'PublicationCreationReqDTO',
  'PublicationUpdateReqDTO',
  'PublicationMetadataReqDTO',
] as const;
export type GatewayDtoName = (typeof gatewayDtoNames)[number];

export interface GatewayContract {
  file: string;
  /** One zod schema per request DTO, built from the YAML. */
  schemas: Record<GatewayDtoName, ZodType<Record<string, unknown>>>;
  /** The enum of a DTO's property (of its items, for arrays): for checks against the client. */
  enumOf(dto: string, property: string): string[];
}

export class GatewayContractError extends Error {
  override name = 'GatewayContractError';
}

export function loadGatewayContract(file: string): GatewayContract {
  let doc: { components?: { schemas?: Record<string, OpenApiSchema> } };
  try {
    doc = parse(readFileSync(file, 'utf8')) as typeof doc;
  } catch (err) {
    throw new GatewayContractError(`FSE gateway contract ${file}: ${(err as Error).message}`);
  }
  const components = doc.components?.schemas ?? {};
  const resolve = (s: OpenApiSchema): OpenApiSchema => {
    if (!s.$ref) return s;
    const name = s.$ref.replace('#/components/schemas/', '');
    const target = components[name];
    if (!target) throw new GatewayContractError(`${file}: unresolved ${s.$ref}`);
    return resolve(target);
  };
  const toZod = (input: OpenApiSchema): ZodType => {
    const s = resolve(input);
    if (s.type === 'object' || s.properties) {
      const required = new Set(s.required ?? []);
      const shape: Record<string, ZodType> = {};
      for (const [key, prop] of Object.entries(s.properties ?? {})) {
        const zodProp = toZod(prop);
        shape[key] = required.has(key) ? zodProp : zodProp.optional();
      }
      return s.additionalProperties === false ? z.strictObject(shape) : z.looseObject(shape);
    }
    if (s.type === 'array') {
      let array = z.array(toZod(s.items ?? { type: 'string' }));
      if (s.minItems !== undefined) array = array.min(s.minItems);
      if (s.maxItems !== undefined) array = array.max(s.maxItems);
      return array;
    }
    if (s.type === 'boolean') return z.boolean();
    if (s.type === 'integer' || s.type === 'number') {
      let n = s.type === 'integer' ? z.number().int() : z.number();
      if (s.minimum !== undefined) n = n.min(s.minimum);
      if (s.maximum !== undefined) n = n.max(s.maximum);
      return n;
    }
    // Strings, and the untyped items of attiCliniciRegoleAccesso (a description and a maxLength).
    if (s.enum) return z.enum(s.enum as [string, ...string[]]);
    let str = z.string();
    if (s.minLength !== undefined) str = str.min(s.minLength);
    if (s.maxLength !== undefined) str = str.max(s.maxLength);
    return str;
  };
  const dto = (name: string): OpenApiSchema => {
    const schema = components[name];
    if (!schema) throw new GatewayContractError(`${file}: no components.schemas.${name}`);
    return schema;
  };
  const schemas = Object.fromEntries(
    gatewayDtoNames.map((name) => [name, toZod(dto(name))]),
  ) as GatewayContract['schemas'];
  return {
    file,
    schemas,
    enumOf(name, property) {
      const prop = dto(name).properties?.[property];
      if (!prop) throw new GatewayContractError(`${file}: ${name}.${property} does not exist`);
      const target = resolve(prop);
      return [...(target.enum ?? (target.items ? resolve(target.items).enum : undefined) ?? [])];
    },
  };
}
