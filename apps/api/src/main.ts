import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { ConfigType } from '@nestjs/config';
import { Logger } from 'nestjs-pino';
import { httpConfig } from './http/http.config.js';

async function bootstrap(): Promise<void> {
  // Imported here so that anything failing while the modules load ends in the catch below; an
  // invalid environment stops createApiApp, naming every bad variable.
  const { createApiApp } = await import('./create-api-app.js');
  const app = await createApiApp();
  const server = await app.listen(app.get<ConfigType<typeof httpConfig>>(httpConfig.KEY).port);
  app.get(Logger).log({ msg: 'api listening', port: (server.address() as AddressInfo).port });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`api failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
