// @ts-expect-error -- pg ships no types (the app reaches it through MikroORM); the few calls here are typed below.
import pgModule from 'pg';

interface Pool {
  query(text: string, params: unknown[]): Promise<{ rows: unknown[] }>;
  end(): Promise<void>;
}
const pg = pgModule as { Pool: new (options: { connectionString: string; max: number }) => Pool };

/** Direct SQL on the run's database (figures are read from the rows, not from the API's word). */
export class Db {
  private readonly pool: Pool;

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 2 });
  }

  async rows<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(query, params)).rows as T[];
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
