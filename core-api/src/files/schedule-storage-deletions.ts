import type { CoreApiDeps } from '../deps';
import { drainStorageDeletions } from './drain-storage-deletions';
import { createFileStorage } from './file-storage';

/**
 * Erasure queues the stored objects of a patient's files (storage_deletions); every core-api instance drains
 * that queue now and then. Rows are claimed with SKIP LOCKED, so instances never delete the same object twice.
 */
export function scheduleStorageDeletions(deps: CoreApiDeps, intervalMs = 60_000): { stop: () => void } {
  const storage = createFileStorage(deps.env);
  const timer = setInterval(() => {
    drainStorageDeletions({ db: deps.db, storage }).catch((error: unknown) =>
      deps.logger.warn({ err: error }, 'storage deletions not drained; next pass retries'),
    );
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
