import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module.js';
import { configureApiApp } from '../../apps/api/src/create-api-app.js';

export interface TestApi {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
}

/** Boots the real API module (real Postgres, real Redis) configured exactly as main.ts does, plus extra test-only parts. */
export async function bootApi(extra: Pick<ModuleMetadata, 'controllers' | 'providers'> = {}): Promise<TestApi> {
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule], ...extra }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false });
  configureApiApp(app);
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    close: () => app.close(),
  };
}
