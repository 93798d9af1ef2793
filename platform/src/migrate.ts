import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from './db';

/**
 * Applies `NNNN_name.sql` files of a folder in name order, each once, each in its own transaction.
 * The same files run unchanged on PostgreSQL 15 and PGlite. A file already applied whose content
 * changed is refused: published migrations are never edited, a new file is added instead.
 * `set` keeps several services' migrations (core-api, bot-gateway) apart in one database.
 */
export async function migrate(db: Db, options: { folder: string; set: string }): Promise<string[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    migration_set text NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (migration_set, name)
  )`);
  const files = (await readdir(options.folder)).filter((name) => /^\d{4}_[\w-]+\.sql$/.test(name)).sort();
  const applied: string[] = [];
  for (const name of files) {
    const sql = await readFile(path.join(options.folder, name), 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    const done = await db.transaction(async (tx) => {
      // Several instances may start together: the first takes the lock, the others wait and then skip.
      if (db.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7265436)');
      const existing = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE migration_set = $1 AND name = $2',
        [options.set, name],
      );
      const previous = existing.rows[0];
      if (previous) {
        if (previous.checksum !== checksum) {
          throw new Error(
            `migration ${options.set}/${name} was changed after it was applied; add a new migration instead`,
          );
        }
        return false;
      }
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (migration_set, name, checksum) VALUES ($1, $2, $3)', [
        options.set,
        name,
        checksum,
      ]);
      return true;
    });
    if (done) applied.push(name);
  }
  return applied;
}
