import type { Db } from '@medlink/platform/db';
import type { FileStorage } from './file-storage';

/**
 * Deletes stored objects queued in `storage_deletions` (erasure removes the file rows in its transaction;
 * the object store is not transactional, so the objects follow here). Safe to run on several instances at
 * once (SKIP LOCKED) and again after a crash (deleting a missing object succeeds). Returns how many were done.
 */
export async function drainStorageDeletions(
  deps: { db: Db; storage: FileStorage },
  options: { batchSize?: number } = {},
): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const due = await tx.query<{ storage_key: string }>(
      `SELECT storage_key FROM storage_deletions WHERE done_at IS NULL ORDER BY requested_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [options.batchSize ?? 100],
    );
    for (const { storage_key: key } of due.rows) {
      await deps.storage.delete(key);
      await tx.query('UPDATE storage_deletions SET done_at = now() WHERE storage_key = $1', [key]);
    }
    return due.rows.length;
  });
}
