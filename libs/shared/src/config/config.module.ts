import { type DynamicModule, type FactoryProvider, Global, Module } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { appConfig } from './app.config.js';
import { type ConfigSlice, isConfigSlice, validateConfig } from './config-slice.js';

/**
 * Resolved once per application, before any slice: every slice registered anywhere in the
 * application, validated together, so a bad start names every bad variable at once.
 */
const CONFIG_VALIDATED = Symbol('CONFIG_VALIDATED');

function sliceProvider(slice: ConfigSlice): FactoryProvider {
  return { provide: slice.KEY, useFactory: slice, inject: [CONFIG_VALIDATED] };
}

/** Holds the slices of one `SharedConfigModule.forFeature(...)`. */
@Module({})
class ConfigSliceModule {}

/**
 * Configuration by slices: each lib or app registers the slices it owns with
 * `SharedConfigModule.forFeature(aiConfig)` and injects them typed
 * (`@Inject(aiConfig.KEY) ai: ConfigType<typeof aiConfig>`); the `app` slice is global. Slices
 * are read from process.env when the application is created.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: CONFIG_VALIDATED,
      inject: [DiscoveryService],
      useFactory: (discovery: DiscoveryService) => {
        const slices = discovery.getProviders().map((wrapper) => wrapper.metatype).filter(isConfigSlice);
        validateConfig(slices, process.env);
        return true;
      },
    },
    sliceProvider(appConfig),
  ],
  exports: [CONFIG_VALIDATED, appConfig.KEY],
})
export class SharedConfigModule {
  /** Provides (and exports) the slices to the importing module. */
  static forFeature(...slices: ConfigSlice[]): DynamicModule {
    return {
      module: ConfigSliceModule,
      imports: [SharedConfigModule],
      providers: slices.map(sliceProvider),
      exports: slices.map((slice) => slice.KEY),
    };
  }
}
