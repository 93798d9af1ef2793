import { existsSync } from 'node:fs';
import path from 'node:path';
import { openDb, type Db } from '@medlink/platform/db';
import type { CoreApiEnv } from '../env';
import type { DataKeys } from '../shared/data-keys';
import { parseDataKey } from '../shared/secrets';
import { DEFAULT_BATCH_SIZE, rotateDataKey } from './rotate-data-key';

/** Exit statuses of the job, for the operator's script (docs/operations.md, "Rotate secrets"). */
export const EXIT = { done: 0, failedRows: 1, lockedRows: 2 } as const;
const PROGRESS_EVERY_MS = 5000;

/**
 * The rotation job on DATABASE_URL (or the embedded database under DATA_DIR): re-seals under
 * DATA_ENCRYPTION_KEY (the new key) what is still under DATA_ENCRYPTION_KEY_PREVIOUS (the old one), prints
 * the report as JSON and returns the exit status. `--batch-size N` sets the rows per transaction.
 */
export async function runRotateDataKey(options: {
  env: CoreApiEnv;
  args: readonly string[];
  print: (line: string) => void;
  warn: (line: string) => void;
}): Promise<number> {
  const { env, print, warn } = options;
  const keys = readRotationKeys(env);
  const batchSize = readBatchSize(options.args);
  if (!keys.previousDataKey)
    warn('DATA_ENCRYPTION_KEY_PREVIOUS is not set: nothing is re-sealed, the run only checks every value opens');
  const db = await openRotationDb(env);
  try {
    const started = Date.now();
    let lastProgress = started;
    const report = await rotateDataKey(
      { db, keys },
      {
        batchSize,
        onBatch: (progress) => {
          if (Date.now() - lastProgress < PROGRESS_EVERY_MS) return;
          lastProgress = Date.now();
          const { column, rewrapped, alreadyCurrent, failed, locked } = progress;
          warn(JSON.stringify({ progress: column, rewrapped, alreadyCurrent, failed, locked }));
        },
      },
    );
    print(JSON.stringify({ ...report, seconds: (Date.now() - started) / 1000 }, null, 2));
    if (report.failed > 0) {
      warn(`${report.failed} value(s) open with neither key (failedIds): left as they are`);
      return EXIT.failedRows;
    }
    if (report.locked > 0) {
      warn(`${report.locked} row(s) were held by other transactions and not visited (lockedIds): run the job again`);
      return EXIT.lockedRows;
    }
    return EXIT.done;
  } finally {
    await db.close();
  }
}

function readRotationKeys(env: CoreApiEnv): DataKeys {
  // The job never generates a key (the service does, for the embedded demo): the new key must be given.
  if (!env.DATA_ENCRYPTION_KEY) throw new Error('DATA_ENCRYPTION_KEY (the new key) must be set');
  const dataKey = parseDataKey(env.DATA_ENCRYPTION_KEY);
  if (!env.DATA_ENCRYPTION_KEY_PREVIOUS) return { dataKey };
  const previousDataKey = parseDataKey(env.DATA_ENCRYPTION_KEY_PREVIOUS, 'DATA_ENCRYPTION_KEY_PREVIOUS');
  if (previousDataKey.equals(dataKey))
    throw new Error('DATA_ENCRYPTION_KEY_PREVIOUS is the same key as DATA_ENCRYPTION_KEY: set the new key');
  return { dataKey, previousDataKey };
}

function readBatchSize(args: readonly string[]): number {
  const index = args.indexOf('--batch-size');
  if (index < 0) return DEFAULT_BATCH_SIZE;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error('--batch-size must be a whole number of at least 1');
  return value;
}

/** The service's database: DATABASE_URL, else the embedded one, which must exist (the job creates nothing). */
async function openRotationDb(env: CoreApiEnv): Promise<Db> {
  if (env.DATABASE_URL) return openDb({ databaseUrl: env.DATABASE_URL, poolSize: 2 });
  const dataDir = path.join(env.DATA_DIR, 'pglite');
  if (!existsSync(dataDir)) throw new Error(`no embedded database at ${path.resolve(dataDir)}: set DATA_DIR`);
  return openDb({ dataDir });
}
