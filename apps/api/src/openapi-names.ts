import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * The names generated clients see, decided in one place. An operationId is `<resource>.<action>`
 * (`documents.create`, `pipelines.generateBlog`): the resource is the controller's name without
 * `Controller` in camelCase, the action its method's name; a method whose name alone does not say
 * what the route does is renamed below. SDK generators split the id at the dot into a namespace and
 * a method (`client.documents.create()`).
 */
const RESOURCE_NAMES: Readonly<Record<string, string>> = {
  StripeWebhook: 'billing',
  PostPublish: 'posts',
};

const ACTION_NAMES: Readonly<Record<string, string>> = {
  'Documents.youtube': 'importYoutube',
  'Documents.drive': 'importDrive',
  'Steps.outline': 'outlineGenerate',
  'Steps.chapters': 'chaptersOrganize',
  'Steps.seo': 'seoGenerate',
  'Steps.compose': 'blogCompose',
  'Steps.persist': 'documentPersist',
  'Media.file': 'getFile',
  'Usage.summary': 'get',
  'Usage.events': 'listEvents',
  'Billing.overview': 'get',
  'StripeWebhook.webhook': 'stripeWebhook',
  'Me.me': 'get',
  'WebhookEndpoints.deliveries': 'listDeliveries',
  'Mcp.handle': 'post',
};

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * SwaggerModule's operationIdFactory (`<resource>.<action>`), and a check that every rename above
 * still names a route: a stale entry is an error, not a silent no-op.
 */
export function operationNaming(): { operationId: (controllerKey: string, methodKey: string) => string; assertRenamesUsed: () => void } {
  const used = new Set<string>();
  return {
    operationId: (controllerKey, methodKey) => {
      const controller = controllerKey.replace(/Controller$/, '');
      const route = `${controller}.${methodKey}`;
      if (route in ACTION_NAMES) used.add(route);
      return `${RESOURCE_NAMES[controller] ?? lowerFirst(controller)}.${ACTION_NAMES[route] ?? methodKey}`;
    },
    assertRenamesUsed: () => {
      const stale = Object.keys(ACTION_NAMES).filter((route) => !used.has(route));
      if (stale.length > 0) throw new Error(`openapi-names: ${stale.join(', ')} name no route`);
    },
  };
}

/**
 * Component schemas are named after their DTO class without the `Dto` suffix (`CreateDocumentDto`
 * → `CreateDocument`), every `$ref` rewritten to match; two classes that would get one name stop
 * the build.
 */
export function cleanSchemaNames(document: OpenAPIObject): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  const renames = new Map<string, string>();
  for (const name of Object.keys(schemas)) {
    const clean = name.replace(/Dto$/, '');
    if (clean !== name) renames.set(name, clean);
  }
  const names = Object.keys(schemas).map((name) => renames.get(name) ?? name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new Error(`openapi-names: two schemas would be named ${duplicate}`);
  if (document.components?.schemas) {
    document.components.schemas = Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [renames.get(name) ?? name, schema]));
  }
  rewriteRefs(document, renames);
  return document;
}

function rewriteRefs(node: unknown, renames: Map<string, string>): void {
  if (Array.isArray(node)) {
    for (const item of node) rewriteRefs(item, renames);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === '$ref' && typeof value === 'string') {
      const match = /^#\/components\/schemas\/(.+)$/.exec(value);
      const renamed = match ? renames.get(match[1]!) : undefined;
      if (renamed) record[key] = `#/components/schemas/${renamed}`;
    } else {
      rewriteRefs(value, renames);
    }
  }
}
