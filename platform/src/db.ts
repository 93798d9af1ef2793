import { mkdir } from 'node:fs/promises';
import { Pool, type PoolClient } from 'pg';
import type { PGlite, Transaction } from '@electric-sql/pglite';

/**
 * One small interface over PostgreSQL (pg Pool) and PGlite (in-process PostgreSQL), so repositories
 * write plain parameterized SQL once and run on both engines.
 */
export interface Queryable {
  /** `options.name` makes it a prepared statement on PostgreSQL (parsed and planned once per connection); the same name must always carry the same SQL. */
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: { name?: string },
  ): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations, seeds). */
  exec(sql: string): Promise<void>;
}

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface Db extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  /** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** A pool snapshot for /metrics. */
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export interface DbOptions {
  /** PostgreSQL URL; unset means the embedded PGlite under dataDir. */
  databaseUrl?: string;
  /** Folder for PGlite files; `memory://` keeps it in memory. */
  dataDir?: string;
  poolSize?: number;
}

export async function openDb(options: DbOptions): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? 'memory://');
}

function openPostgres(databaseUrl: string, poolSize: number): Db {
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const run = async <Row>(client: Pool | PoolClient, sql: string, params?: readonly unknown[], name?: string) => {
    const result = await client.query({ text: sql, values: params as unknown[] | undefined, name });
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  };
  return {
    engine: 'postgres',
    query: (sql, params, options) => run(pool, sql, params, options?.name),
    exec: async (sql) => {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: (sql, params, options) => run(client, sql, params, options?.name),
          exec: async (sql) => {
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string): Promise<Db> {
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
  const { cube } = await import('@electric-sql/pglite/contrib/cube');
  const { earthdistance } = await import('@electric-sql/pglite/contrib/earthdistance');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const pg: PGlite = await PGlite.create(dataDir, {
    extensions: { btree_gist, cube, earthdistance, pg_trgm, unaccent },
  });
  const run = async <Row>(client: PGlite | Transaction, sql: string, params?: readonly unknown[]) => {
    const result = await client.query<Row>(sql, params as unknown[] | undefined);
    // pg's rowCount: the rows a SELECT (or a RETURNING) gave, else the rows changed. PGlite reports a SELECT's
    // affectedRows as 0, which made every "does it exist" check false on the embedded database.
    return { rows: result.rows, rowCount: result.rows.length > 0 ? result.rows.length : (result.affectedRows ?? 0) };
  };
  return {
    engine: 'pglite',
    query: (sql, params) => run(pg, sql, params),
    exec: async (sql) => {
      await pg.exec(sql);
    },
    transaction: (fn) =>
      pg.transaction((tx) =>
        fn({
          query: (sql, params) => run(tx, sql, params),
          exec: async (sql) => {
            await tx.exec(sql);
          },
        }),
      ),
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: () => pg.close(),
  };
}

/** PostgreSQL error codes the domain translates (https://www.postgresql.org/docs/15/errcodes-appendix.html). */
export const PgErrorCode = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  exclusionViolation: '23P01',
  checkViolation: '23514',
  serializationFailure: '40001',
} as const;

export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

export function pgConstraint(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'constraint' in error && typeof error.constraint === 'string') {
    return error.constraint;
  }
  return undefined;
}
