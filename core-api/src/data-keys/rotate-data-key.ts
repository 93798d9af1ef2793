import { DecryptionError } from '@medlink/platform/encryption';
import type { Db } from '@medlink/platform/db';
import { writeAudit } from '../shared/audit';
import { openWithDataKeys, type DataKeys } from '../shared/data-keys';
import { columnName, SEALED_COLUMNS, type SealedColumn } from './sealed-columns';
import { lockSealedBatch, updateSealedValue } from './sealed-values.repository';

export const DEFAULT_BATCH_SIZE = 500;
/** The audit row lists at most this many ids of each kind; the printed report lists them all. */
const AUDITED_IDS = 100;

export interface ColumnRotationReport {
  column: string;
  /** Opened with the previous key and sealed again under the current one. */
  rewrapped: number;
  alreadyCurrent: number;
  /** Opens with neither key: left as it is. */
  failed: number;
  /** Held by another transaction while the job passed: not visited, a later run covers it. */
  locked: number;
  failedIds: string[];
  lockedIds: string[];
}

export interface RotationReport {
  columns: ColumnRotationReport[];
  rewrapped: number;
  alreadyCurrent: number;
  failed: number;
  locked: number;
}

/**
 * Re-seals every value of SEALED_COLUMNS that is still under the previous key, under the current key.
 * Batches of `batchSize` rows, each in its own short transaction with the rows locked (SKIP LOCKED), so it
 * runs while the service serves. Idempotent: a value the current key opens is left as it is, so a second
 * run, or a run after an interruption, re-seals only what is left. Writes one audit row for the run.
 */
export async function rotateDataKey(
  deps: { db: Db; keys: DataKeys },
  options: { batchSize?: number; onBatch?: (progress: ColumnRotationReport) => void } = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const columns: ColumnRotationReport[] = [];
  for (const sealed of SEALED_COLUMNS) {
    columns.push(await rotateColumn(deps, sealed, batchSize, options.onBatch));
  }
  const report = {
    columns,
    rewrapped: sum(columns, 'rewrapped'),
    alreadyCurrent: sum(columns, 'alreadyCurrent'),
    failed: sum(columns, 'failed'),
    locked: sum(columns, 'locked'),
  };
  await writeAudit(deps.db, {
    system: 'rotate-data-key',
    action: 'data_key.rotate',
    outcome: report.failed > 0 ? 'failed' : 'ok',
    details: {
      hasPreviousKey: deps.keys.previousDataKey !== undefined,
      batchSize,
      columns: columns.map((column) => ({
        ...column,
        failedIds: column.failedIds.slice(0, AUDITED_IDS),
        lockedIds: column.lockedIds.slice(0, AUDITED_IDS),
      })),
    },
  });
  return report;
}

async function rotateColumn(
  deps: { db: Db; keys: DataKeys },
  sealed: SealedColumn,
  batchSize: number,
  onBatch: ((progress: ColumnRotationReport) => void) | undefined,
): Promise<ColumnRotationReport> {
  const report: ColumnRotationReport = {
    column: columnName(sealed),
    rewrapped: 0,
    alreadyCurrent: 0,
    failed: 0,
    locked: 0,
    failedIds: [],
    lockedIds: [],
  };
  let afterId: string | undefined;
  for (;;) {
    const outcomes = await deps.db.transaction(async (tx) => {
      const rows = await lockSealedBatch(tx, sealed, afterId, batchSize);
      const batch: { id: string; outcome: Outcome }[] = [];
      for (const row of rows) {
        const outcome = row.sealed === null ? 'locked' : resealUnderCurrentKey(deps.keys, sealed, row.id, row.sealed);
        if (outcome instanceof Buffer) await updateSealedValue(tx, sealed, row.id, outcome);
        batch.push({ id: row.id, outcome });
      }
      return batch;
    });
    const last = outcomes.at(-1);
    if (!last) return report;
    afterId = last.id;
    for (const { id, outcome } of outcomes) {
      if (outcome instanceof Buffer) report.rewrapped += 1;
      else if (outcome === 'current') report.alreadyCurrent += 1;
      else if (outcome === 'failed') report.failedIds.push(id);
      else report.lockedIds.push(id);
    }
    report.failed = report.failedIds.length;
    report.locked = report.lockedIds.length;
    onBatch?.(report);
  }
}

/** The new sealed value, or why there is none. */
type Outcome = Buffer | 'current' | 'failed' | 'locked';

function resealUnderCurrentKey(keys: DataKeys, sealed: SealedColumn, id: string, value: Buffer): Outcome {
  try {
    const opened = openWithDataKeys(keys, (key) => sealed.open(key, value, id));
    return opened.isCurrentKey ? 'current' : sealed.seal(keys.dataKey, opened.value, id);
  } catch (error) {
    if (error instanceof DecryptionError) return 'failed';
    throw error;
  }
}

const sum = (columns: ColumnRotationReport[], field: 'rewrapped' | 'alreadyCurrent' | 'failed' | 'locked') =>
  columns.reduce((total, column) => total + column[field], 0);
