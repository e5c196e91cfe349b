import { MikroORM } from '@mikro-orm/postgresql';
import { useStack } from './support/use-stack.js';

describe('migrations', () => {
  const { api } = useStack();

  it('leave nothing pending and the schema matches every entity (no migration missing)', async () => {
    const orm = api.app.get(MikroORM);
    expect(await orm.migrator.getPending()).toEqual([]);
    const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: false });
    expect(diff.trim()).toBe('');
  });
});
