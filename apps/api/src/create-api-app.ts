import type { IncomingMessage } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import type { ConfigType } from '@nestjs/config';
import cookieParser from 'cookie-parser';
import { Logger } from 'nestjs-pino';
import { appConfig, createValidationPipe } from '@app/shared';
import { ApiModule } from './api.module.js';
import { httpConfig } from './http/http.config.js';
import { rejectUnstorableJson } from './http/json-body-check.js';
import { rejectRepeatedQueryParams } from './http/repeated-query.js';
import { buildOpenApiDocument, serveOpenApi } from './openapi.js';

/** Routes whose handlers need the request body's raw bytes (`req.rawBody`). */
const RAW_BODY_PATHS = new Set(['/api/v1/billing/webhook']);

function keepWebhookRawBody(req: IncomingMessage & { rawBody?: Buffer; originalUrl?: string }, _res: unknown, buf: Buffer): void {
  const path = (req.originalUrl ?? req.url ?? '').split('?')[0]!;
  if (RAW_BODY_PATHS.has(path)) req.rawBody = buf;
}

/** The API as main.ts runs it. */
export async function createApiApp(options: { logger?: false } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, {
    bodyParser: false,
    abortOnError: false,
    bufferLogs: options.logger !== false,
    logger: options.logger,
  });
  return configureApiApp(app, options);
}

/**
 * Body limits, pipes, proxy trust and docs: shared by main.ts and the e2e tests, which build
 * the app from a testing module (created with `bodyParser: false`).
 */
export function configureApiApp(app: NestExpressApplication, options: { logger?: false } = {}): NestExpressApplication {
  if (options.logger !== false) app.useLogger(app.get(Logger));
  const limit = app.get<ConfigType<typeof httpConfig>>(httpConfig.KEY).bodyLimitBytes;
  app.use(rejectRepeatedQueryParams);
  app.use(cookieParser(app.get<ConfigType<typeof appConfig>>(appConfig.KEY).secret));
  // The Stripe webhook's signature covers the exact bytes: keep them (only for that route).
  app.useBodyParser('json', { limit, verify: keepWebhookRawBody } as { limit: number });
  app.useBodyParser('urlencoded', { limit, extended: false });
  // Before anything walks a parsed body recursively (validation, the idempotency hash) or stores it.
  app.use(rejectUnstorableJson);
  app.useGlobalPipes(createValidationPipe());
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  // Built on the first request for it, not at start: most API processes never serve it.
  serveOpenApi(app, () => buildOpenApiDocument(app));
  return app;
}
