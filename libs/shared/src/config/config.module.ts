import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { validateEnvironment, type EnvironmentVariables } from './environment.schema.js';

/** Typed access to the validated environment: `config.get('PORT', { infer: true })`. */
export type AppConfig = ConfigService<EnvironmentVariables, true>;

@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      cache: true,
      // Only validated values: an empty or unset optional variable reads as undefined, never as a raw string.
      skipProcessEnv: true,
      validate: validateEnvironment,
    }),
  ],
})
export class SharedConfigModule {}
