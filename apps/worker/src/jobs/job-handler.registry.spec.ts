import { DiscoveryService, Reflector } from '@nestjs/core';
import { JobHandlerRegistry, JobHandlerRegistryError } from './job-handler.registry.js';

describe('JobHandlerRegistry.assertComplete', () => {
  const registry = new JobHandlerRegistry({} as DiscoveryService, new Reflector());
  const types = ['ingest_text', 'generate_blog'];

  it('passes when each type has exactly one handler', () => {
    const found = new Map([
      ['ingest_text', ['IngestTextHandler']],
      ['generate_blog', ['GenerateBlogHandler']],
    ]);
    expect(() => registry.assertComplete(found, types)).not.toThrow();
  });

  it('fails naming a type without a handler', () => {
    const found = new Map([['ingest_text', ['IngestTextHandler']]]);
    expect(() => registry.assertComplete(found, types)).toThrow(new JobHandlerRegistryError('job type "generate_blog" has no handler'));
  });

  it('fails naming both handlers of a type handled twice', () => {
    const found = new Map([
      ['ingest_text', ['IngestTextHandler', 'OtherTextHandler']],
      ['generate_blog', ['GenerateBlogHandler']],
    ]);
    expect(() => registry.assertComplete(found, types)).toThrow(/"ingest_text" has 2 handlers: IngestTextHandler, OtherTextHandler/);
  });

  it('fails on a handler for a type nobody declared', () => {
    const found = new Map([
      ['ingest_text', ['IngestTextHandler']],
      ['generate_blog', ['GenerateBlogHandler']],
      ['mystery', ['MysteryHandler']],
    ]);
    expect(() => registry.assertComplete(found, types)).toThrow(/MysteryHandler handle unknown job type "mystery"/);
  });
});
