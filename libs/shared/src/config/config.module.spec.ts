import { Inject, Injectable, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { Transform } from 'class-transformer';
import { IsInt, IsUrl, Min } from 'class-validator';
import { appConfig } from './app.config.js';
import { ConfigValidationError, defineConfig } from './config-slice.js';
import { SharedConfigModule } from './config.module.js';
import { LOCAL_URL, toInt } from './env-transforms.js';

class AlphaVariables {
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ALPHA_COUNT = 1;
}
const alphaConfig = defineConfig('alpha', { variables: AlphaVariables, map: (env) => ({ count: env.ALPHA_COUNT }) });

class BetaVariables {
  @IsUrl(LOCAL_URL)
  BETA_URL = 'http://localhost:1';
}
const betaConfig = defineConfig('beta', { variables: BetaVariables, map: (env) => ({ url: env.BETA_URL }) });

@Injectable()
class AlphaReader {
  constructor(
    @Inject(alphaConfig.KEY) readonly alpha: ConfigType<typeof alphaConfig>,
    @Inject(appConfig.KEY) readonly app: ConfigType<typeof appConfig>,
  ) {}
}

@Module({ imports: [SharedConfigModule.forFeature(alphaConfig)], providers: [AlphaReader], exports: [AlphaReader] })
class AlphaModule {}

@Module({ imports: [SharedConfigModule.forFeature(betaConfig)] })
class BetaModule {}

describe('SharedConfigModule', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of ['ALPHA_COUNT', 'BETA_URL', 'LOG_LEVEL']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('injects each slice typed, read from process.env when the application is created, and the app slice everywhere', async () => {
    process.env.ALPHA_COUNT = '4';
    const app = await Test.createTestingModule({ imports: [AlphaModule, BetaModule] }).compile();
    const reader = app.get(AlphaReader);
    expect(reader.alpha).toEqual({ count: 4 });
    expect(reader.app.publicUrl).toEqual(expect.any(String));
    expect(app.get(betaConfig.KEY, { strict: false })).toEqual({ url: 'http://localhost:1' });
    await app.close();
  });

  it('validates every slice registered in the application together, naming every bad variable', async () => {
    Object.assign(process.env, { ALPHA_COUNT: '0', BETA_URL: 'no where', LOG_LEVEL: 'loud' });
    const compiled = Test.createTestingModule({ imports: [AlphaModule, BetaModule] }).compile();
    await expect(compiled).rejects.toBeInstanceOf(ConfigValidationError);
    await expect(compiled).rejects.toMatchObject({
      problems: expect.arrayContaining(['ALPHA_COUNT must not be less than 1', 'BETA_URL must be a URL address', expect.stringMatching(/^LOG_LEVEL must be one of/)]),
    });
  });
});
