import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, type OperationObject, SwaggerModule } from '@nestjs/swagger';
import { documentProblems } from './http/openapi-problems.js';
import { cleanSchemaNames, operationNaming } from './openapi-names.js';
import { documentWebhooks } from './webhooks/openapi-webhooks.js';

/** Every tag a route carries, with what it groups (generated SDKs and the explorer show these). */
const TAGS: readonly [name: string, description: string][] = [
  ['documents', 'Source documents: pasted text, uploaded files, YouTube videos, Google Drive folders'],
  ['steps', 'Each AI step on its own, as a job (`Prefer: wait=N` answers inline)'],
  ['pipelines', 'Whole pipelines as one job (generate_blog)'],
  ['jobs', 'Jobs: status, steps, output, live events (SSE), cancel'],
  ['batches', 'Batches: many generate_blog jobs as one, within a total max_cost; progress, children, cancel'],
  ['posts', 'Blog posts: read, edit as new versions, export'],
  ['training', 'Training-data export: the per-account opt-in and sanitized JSONL datasets of the account\'s posts'],
  ['brand voices', 'Brand voices: a writing profile (description, do and don\'t lists, a sample) that every writing step follows'],
  ['media', 'Images and files: metadata, variants, signed URLs'],
  ['usage', 'Metered usage: tokens and cost by day, model or step; one event per metered call'],
  ['billing', 'Plan, credits, Stripe checkout and portal, Stripe webhooks'],
  ['integrations', 'Connected accounts (Google Drive)'],
  ['publishing', 'Publishing posts to WordPress and Ghost: targets (credentials stored encrypted, never answered) and publish jobs'],
  ['webhooks', 'Outbound webhooks (Standard Webhooks): endpoints, signed deliveries, the delivery log, redelivery'],
  ['account', 'The caller, API keys'],
  ['auth', 'Sign-in sessions'],
  ['health', 'Liveness and readiness'],
  ['mcp', 'The Model Context Protocol server for AI agents (Streamable HTTP; use an MCP client, not this SDK)'],
];

const DESCRIPTION = [
  'Turns pasted text, files, Google Drive folders and YouTube videos into SEO-ready blog posts.',
  '',
  'Errors are RFC 9457 problem+json with a request_id. Async work answers 202 with a job envelope;',
  'follow it at `GET /api/v1/jobs/{id}/events` (Server-Sent Events) or read it at `GET /api/v1/jobs/{id}`.',
  'Every POST takes an `Idempotency-Key`.',
  '',
  'Outbound webhooks (Standard Webhooks signatures) are configured at `/api/v1/webhook-endpoints`; the events and',
  'their bodies are listed under `x-webhooks`. AI agents reach the same operations as MCP tools at `/mcp`',
  '(Streamable HTTP, an API key as the Bearer token).',
  '',
  'A TypeScript SDK generated from this document is `@scriptorium/sdk` (packages/sdk).',
].join('\n');

/** Builds the OpenAPI document from the running app's routes and DTOs (the CLI plugin fills in schemas). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Scriptorium API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    // Relative: the explorer and clients call the server that serves the document.
    .addServer('/', 'this server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key (scr_…)' }, 'api-key')
    .addCookieAuth('scriptorium_session', { type: 'apiKey', in: 'cookie' }, 'session');
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const naming = operationNaming();
  const document = SwaggerModule.createDocument(app, builder.build(), { operationIdFactory: naming.operationId });
  naming.assertRenamesUsed();
  return documentWebhooks(cleanSchemaNames(documentProblems(markPublicOperations(document))));
}

/** A route without credentials says so (`security: []`), so no reader takes the document's default for it. */
function markPublicOperations(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, OperationObject>)) {
      if (typeof operation === 'object' && operation !== null && 'responses' in operation) operation.security ??= [];
    }
  }
  return document;
}

/** Serves the document at /api/openapi.json and the explorer at /api/docs. */
export function serveOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
  });
}
