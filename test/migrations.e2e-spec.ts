import { MikroORM } from '@mikro-orm/postgresql';
import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { ApiModule } from '../apps/api/src/api.module.js';

describe('migrations', () => {
  let context: INestApplicationContext;

  beforeAll(async () => {
    context = await (await Test.createTestingModule({ imports: [ApiModule] }).compile()).init();
  });
  afterAll(() => context.close());

  it('leave nothing pending and the schema matches every entity (no migration missing)', async () => {
    const orm = context.get(MikroORM);
    expect(await orm.migrator.getPending()).toEqual([]);
    const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: false });
    expect(diff.trim()).toBe('');
  });
});
