import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import {
  ALL_JOB_TYPES,
  JOB_HANDLER_METADATA,
  type JobHandlerInstance,
  type JobType,
} from '@app/shared';

export class JobHandlerRegistryError extends Error {
  override name = 'JobHandlerRegistryError';
}

/** Maps each job type to exactly one @JobHandler provider; the worker does not start otherwise. */
@Injectable()
export class JobHandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<string, JobHandlerInstance>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const found = new Map<string, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const type = this.reflector.get<string | undefined>(JOB_HANDLER_METADATA, metatype);
      if (!type) continue;
      found.set(type, [...(found.get(type) ?? []), metatype.name]);
      this.handlers.set(type, instance as JobHandlerInstance);
    }
    this.assertComplete(found, ALL_JOB_TYPES);
  }

  /** Fails when a type has no handler, two handlers, or a handler names an unknown type. */
  assertComplete(found: Map<string, string[]>, types: readonly string[]): void {
    const problems: string[] = [];
    for (const type of types) {
      const names = found.get(type) ?? [];
      if (names.length === 0) problems.push(`job type "${type}" has no handler`);
      if (names.length > 1) problems.push(`job type "${type}" has ${names.length} handlers: ${names.join(', ')}`);
    }
    for (const [type, names] of found) {
      if (!types.includes(type)) problems.push(`${names.join(', ')} handle unknown job type "${type}"`);
    }
    if (problems.length > 0) throw new JobHandlerRegistryError(problems.join('; '));
  }

  get(type: string): JobHandlerInstance | undefined {
    return this.handlers.get(type);
  }
}

export type { JobType };
