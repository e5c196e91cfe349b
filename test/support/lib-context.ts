import { randomUUID } from 'node:crypto';
import type { INestApplicationContext, ModuleMetadata } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';

export interface LibContext {
  app: INestApplicationContext;
  em: EntityManager;
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  /** A new user row (a tenant of its own). */
  newUser(): Promise<string>;
}

/**
 * For repository and service specs beside the code: the given lib modules on SharedModule, against
 * this run's real Postgres and Redis (own Redis prefix), registered as beforeAll/afterAll.
 */
export function useLibContext(name: string, imports: () => Promise<NonNullable<ModuleMetadata['imports']>>, env: Record<string, string> = {}): LibContext {
  const context = {} as LibContext;
  beforeAll(async () => {
    Object.assign(process.env, { REDIS_PREFIX: `${process.env.REDIS_PREFIX}_${name}` }, env);
    const { Test } = await import('@nestjs/testing');
    const { SharedModule, UsersService } = await import('@app/shared');
    const { MikroORM } = await import('@mikro-orm/postgresql');
    const moduleRef = await Test.createTestingModule({ imports: [SharedModule, ...(await imports())] }).compile();
    context.app = await moduleRef.init();
    context.em = context.app.get(MikroORM).em as EntityManager;
    context.sql = (query, params = []) => context.em.fork().getConnection().execute(query, params) as never;
    context.newUser = async () => (await context.app.get(UsersService).findOrCreateByLogin(`${name}-${randomUUID().slice(0, 8)}`)).user.id;
  });
  afterAll(() => context.app?.close());
  return context;
}
