import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ModuleMetadata } from '@nestjs/common';
import { ApplicationConfig, type NestContainer } from '@nestjs/core';
import { NoopGraphInspector, STATIC_CONTEXT } from '@nestjs/core/internal';
import { Test, TestingModule, type TestingModuleBuilder } from '@nestjs/testing';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module.js';
import { configureApiApp } from '../../apps/api/src/create-api-app.js';

export interface TestApi {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * A compile that failed halfway has already built some providers and opened their connections
 * (the Postgres pool, Redis clients); nothing owns them, and they would keep the test process
 * alive. Runs the shutdown hooks of what was built, skipping what it never reached (hooks on
 * half-made objects would throw). Nest keeps no handle on a failed compile but the builder's
 * container.
 */
async function closeHalfBuilt(builder: TestingModuleBuilder): Promise<void> {
  const container = (builder as unknown as { container: NestContainer }).container;
  const modules = [...container.getModules().values()];
  if (modules.length === 0) return;
  for (const module of modules) {
    for (const collection of [module.providers, module.controllers, module.injectables, module.middlewares]) {
      for (const wrapper of collection.values()) {
        if (!wrapper.getInstanceByContextId(STATIC_CONTEXT).isResolved) wrapper.instance = undefined;
      }
    }
  }
  await new TestingModule(container, NoopGraphInspector, modules[0]!, new ApplicationConfig()).close();
}

/**
 * Boots the real API module (real Postgres, real Redis) configured exactly as main.ts does, plus
 * extra test-only parts. A boot that fails closes what it had opened before it rejects.
 */
export async function bootApi(extra: Pick<ModuleMetadata, 'controllers' | 'providers'> = {}): Promise<TestApi> {
  const builder = Test.createTestingModule({ imports: [ApiModule], ...extra });
  let moduleRef: TestingModule;
  try {
    moduleRef = await builder.compile();
  } catch (error) {
    await closeHalfBuilt(builder).catch(() => undefined); // the compile error is the one to report
    throw error;
  }
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false });
  try {
    configureApiApp(app);
    await app.init();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return {
    app,
    http: request(app.getHttpServer()),
    close: () => app.close(),
  };
}
