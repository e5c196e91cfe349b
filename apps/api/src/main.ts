import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { ConfigType } from '@nestjs/config';
import { Logger } from 'nestjs-pino';
import { runMain } from '@app/shared';
import { httpConfig } from './http/http.config.js';

runMain('api', async () => {
  // Imported here so that anything failing while the modules load ends in the catch below; an
  // invalid environment stops createApiApp, naming every bad variable.
  const { createApiApp } = await import('./create-api-app.js');
  const app = await createApiApp();
  const server = await app.listen(app.get<ConfigType<typeof httpConfig>>(httpConfig.KEY).port);
  app.get(Logger).log({ msg: 'api listening', port: (server.address() as AddressInfo).port });
});
