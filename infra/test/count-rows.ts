// Runs the same statements on PostgreSQL (the URL given) or on an in-memory PGlite (none given) and prints, as
// JSON, the rowCount each one reported, outside and inside a transaction. Run as a child process by
// row-counts-both-engines.test.ts: PGlite loads its WASM through dynamic import(), which jest's sandbox refuses.
import { openDb, type Queryable } from '@medlink/platform/db';

async function countRows(db: Queryable): Promise<Record<string, number>> {
  const run = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rowCount;
  return {
    inserted: await run(`INSERT INTO items VALUES (1, 'a'), (2, 'a'), (3, 'b')`),
    selected: await run(`SELECT 1 FROM items WHERE kind = $1`, ['a']),
    selectedNone: await run(`SELECT 1 FROM items WHERE kind = $1`, ['z']),
    conflicting: await run(`INSERT INTO items VALUES (1, 'a') ON CONFLICT (id) DO NOTHING`),
    updated: await run(`UPDATE items SET kind = 'c' WHERE kind = 'a'`),
    updatedNone: await run(`UPDATE items SET kind = 'c' WHERE id = 99`),
    returned: await run(`UPDATE items SET kind = 'd' WHERE kind = 'c' RETURNING id`),
    deleted: await run(`DELETE FROM items WHERE id = 3`),
    cleared: await run(`DELETE FROM items`),
  };
}

async function main(): Promise<void> {
  const databaseUrl = process.argv[2];
  const db = await openDb(databaseUrl ? { databaseUrl } : { dataDir: 'memory://' });
  try {
    await db.exec('CREATE TABLE items (id int PRIMARY KEY, kind text NOT NULL)');
    const direct = await countRows(db);
    const inTransaction = await db.transaction((tx) => countRows(tx));
    process.stdout.write(JSON.stringify({ engine: db.engine, direct, inTransaction }));
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
