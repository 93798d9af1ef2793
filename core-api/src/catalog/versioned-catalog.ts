import type { Queryable } from '@medlink/platform/db';
import { findCatalogChanges, type CatalogName } from './catalog-changes.repository';

/** How a catalogue reads its records: all of them, or the ones that changed since the view held. */
export interface CatalogLoader<View extends { version: number }> {
  loadAll(db: Queryable, version: number): Promise<View>;
  applyChanges(db: Queryable, held: View, version: number, changedIds: string[]): Promise<View>;
}

/**
 * Records kept in memory and never older than the request that reads them (migration 0203).
 *
 * Every call to current() waits for a read of the catalogue version issued after the call, so whatever was
 * committed before the request arrived, through any core-api instance or straight in SQL, is in the view it
 * gets. Concurrent requests share reads: one read is in flight at a time, and every request that arrives
 * before the next one is issued waits for that one. When the version moved, only the records logged since are
 * read again. A caller that reads the version itself, in a statement it runs anyway, may start from latest()
 * and compare (see gatherRecommendationInputs).
 */
export class VersionedCatalog<View extends { version: number }> {
  private view: View | undefined;
  /** The read issued last, until it ends. */
  private inFlight: Promise<View> | undefined;
  /** The next read, not issued yet: any request may still wait for it. */
  private pending: Promise<View> | undefined;

  constructor(
    private readonly db: Queryable,
    private readonly name: CatalogName,
    private readonly loader: CatalogLoader<View>,
  ) {}

  /** The last view read, unchecked. */
  latest(): View | undefined {
    return this.view;
  }

  current(): Promise<View> {
    // A read in flight may have been issued before this request arrived, so it cannot vouch for it: wait for
    // the next one, issued when the one in flight ends, or at the end of this event-loop turn, so that the
    // requests parsed in the same turn share it.
    this.pending ??= (this.inFlight ? this.inFlight.then(ignore, ignore) : endOfTurn()).then(() => {
      this.pending = undefined;
      return this.issueRead();
    });
    return this.pending;
  }

  private issueRead(): Promise<View> {
    const read = this.refresh().finally(() => {
      if (this.inFlight === read) this.inFlight = undefined;
    });
    this.inFlight = read;
    return read;
  }

  private async refresh(): Promise<View> {
    const held = this.view;
    const changes = await findCatalogChanges(this.db, this.name, held?.version ?? null);
    let view: View;
    if (!held || changes.changed === 'everything') view = await this.loader.loadAll(this.db, changes.version);
    else if (changes.changed === 'nothing') return held;
    else view = await this.loader.applyChanges(this.db, held, changes.version, changes.changed);
    this.view = view;
    return view;
  }
}

function ignore(): void {}

function endOfTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
