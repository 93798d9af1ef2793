import type { Queryable } from '@medlink/platform/db';
import type { SealedColumn } from './sealed-columns';

/** One row of a sealed column; `sealed` is null when another transaction holds the row (SKIP LOCKED). */
export interface SealedValueRow {
  id: string;
  sealed: Buffer | null;
}

// Table and column names come from SEALED_COLUMNS, a constant, never from input.

/**
 * The next `limit` rows after `afterId` in id order, each locked for this transaction unless another one
 * holds it: those come back with `sealed` null instead of blocking the service or being silently passed over.
 */
export async function lockSealedBatch(
  tx: Queryable,
  sealed: SealedColumn,
  afterId: string | undefined,
  limit: number,
): Promise<SealedValueRow[]> {
  const result = await tx.query<SealedValueRow>(
    `SELECT batch.id, locked.sealed
     FROM (SELECT id FROM ${sealed.table} WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2) batch
     LEFT JOIN LATERAL (
       SELECT ${sealed.column} AS sealed FROM ${sealed.table} candidate WHERE candidate.id = batch.id FOR UPDATE SKIP LOCKED
     ) locked ON true
     ORDER BY batch.id`,
    [afterId ?? null, limit],
  );
  return result.rows;
}

export async function updateSealedValue(tx: Queryable, sealed: SealedColumn, id: string, value: Buffer): Promise<void> {
  await tx.query(`UPDATE ${sealed.table} SET ${sealed.column} = $2 WHERE id = $1`, [id, value]);
}
