import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { ValidationTypes } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { defaultConverters } from 'class-validator-jsonschema/build/defaultConverters.js';
import type { SchemaConverter } from 'class-validator-jsonschema/build/defaultConverters.js';

/** A JSON Schema object, as MCP tools declare their input. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  description?: string;
  [keyword: string]: unknown;
}

type Dto = abstract new (...args: never[]) => object;

const REF = '#/$defs/';
const MAX_DEPTH = 8;
let schemas: Record<string, JsonSchema> | undefined;

/**
 * The JSON Schema of a request DTO, read from the class-validator decorators the REST API validates
 * with (nested DTOs inlined, unknown fields refused, as the ValidationPipe refuses them), with the
 * field descriptions the OpenAPI document has when the swagger plugin compiled them in.
 */
export function inputSchemaOf(dto: Dto): JsonSchema {
  schemas ??= validationMetadatasToSchemas({
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: REF,
    additionalConverters: {
      // IsOptionalNotNull's "not null" says nothing of the type: it must not replace IsInt's integer with the design type.
      [ValidationTypes.CUSTOM_VALIDATION]: (meta, options) =>
        meta.name === 'isNotNull' ? {} : (defaultConverters[ValidationTypes.CUSTOM_VALIDATION] as SchemaConverter)(meta, options),
    },
  }) as Record<string, JsonSchema>;
  const schema = schemas[dto.name];
  if (!schema) throw new Error(`no validation metadata for ${dto.name}`);
  return withDescriptions({ ...inline(schema, schemas, 0), type: 'object', additionalProperties: false }, dto);
}

function inline(node: unknown, all: Record<string, JsonSchema>, depth: number): JsonSchema {
  if (Array.isArray(node)) return node.map((item) => inline(item, all, depth)) as unknown as JsonSchema;
  if (node === null || typeof node !== 'object') return node as JsonSchema;
  const record = node as Record<string, unknown>;
  if (typeof record.$ref === 'string' && record.$ref.startsWith(REF)) {
    const target = all[record.$ref.slice(REF.length)];
    if (!target || depth >= MAX_DEPTH) return { type: 'object' };
    return { ...inline(target, all, depth + 1), type: 'object', additionalProperties: false };
  }
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, inline(value, all, depth)]));
}

/** Descriptions from the swagger plugin's metadata of the class and its parents (built code only). */
function withDescriptions(schema: JsonSchema, dto: Dto): JsonSchema {
  for (let target: unknown = dto; typeof target === 'function' && target !== Function.prototype; target = Object.getPrototypeOf(target)) {
    const factory = (target as { _OPENAPI_METADATA_FACTORY?: () => Record<string, { description?: string }> })._OPENAPI_METADATA_FACTORY;
    if (typeof factory !== 'function') continue;
    for (const [property, metadata] of Object.entries(factory.call(target) ?? {})) {
      const field = schema.properties?.[property];
      if (field && metadata?.description && !field.description) field.description = metadata.description;
    }
  }
  return schema;
}
