import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { documentProblems } from './http/openapi-problems.js';

/** Builds the OpenAPI document from the running app's routes and DTOs (the CLI plugin fills in schemas). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Scriptorium API')
    .setDescription(
      'Turns pasted text, files, Google Drive folders and YouTube videos into SEO-ready blog posts. ' +
        'Errors are RFC 9457 problem+json with a request_id. Async work answers 202 with a job envelope.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key (sk_…)' }, 'api-key')
    .addCookieAuth('scriptorium_session', { type: 'apiKey', in: 'cookie' }, 'session')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    // Stable, unique ids: Controller name without its suffix + method name.
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  return documentProblems(document);
}

/** Serves the document at /api/openapi.json and the explorer at /api/docs. */
export function serveOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
  });
}
