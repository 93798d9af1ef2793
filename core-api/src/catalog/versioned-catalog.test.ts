import type { Queryable } from '@medlink/platform/db';
import { VersionedCatalog } from './versioned-catalog';

/** A database whose version reads answer only when the test says so. */
function scriptedDb() {
  const versionReads: { since: unknown; answer: (version: number) => void }[] = [];
  const db: Queryable = {
    query: async <Row>(sql: string, params?: readonly unknown[]) => {
      if (!sql.includes('catalog_versions')) throw new Error(`unexpected query: ${sql}`);
      const version = await new Promise<number>((resolve) =>
        versionReads.push({ since: params?.[1], answer: resolve }),
      );
      return { rows: [{ version, changed: [] }] as Row[], rowCount: 1 };
    },
    exec: async () => undefined,
  };
  return { db, versionReads };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A catalogue whose records are only its version. */
function catalogOver(db: Queryable) {
  const load = async (_db: Queryable, version: number) => ({ version });
  return new VersionedCatalog(db, 'facilities', {
    loadAll: load,
    applyChanges: (_db, _held, version) => load(_db, version),
  });
}

describe('VersionedCatalog.current', () => {
  it('answers a request only from a version read issued after it arrived, sharing reads between requests', async () => {
    const { db, versionReads } = scriptedDb();
    const catalog = catalogOver(db);
    const first = catalog.current();
    const sameTurn = catalog.current();
    await settle();
    expect(versionReads).toHaveLength(1);
    expect(sameTurn).toBe(first);

    // Arrive while the first read is in flight: that read may predate a write they must see.
    const second = catalog.current();
    const third = catalog.current();
    let secondDone = false;
    void second.then(() => (secondDone = true));
    versionReads[0]?.answer(4);
    expect((await first).version).toBe(4);
    await settle();
    expect(secondDone).toBe(false);
    expect(versionReads).toHaveLength(2);

    versionReads[1]?.answer(4);
    expect((await second).version).toBe(4);
    expect(await third).toBe(await second);
    expect(versionReads).toHaveLength(2);
  });

  it('reads the version again for a request after the last read ended, and fails a request whose read fails', async () => {
    const failing: Queryable = {
      query: () => Promise.reject(new Error('connection lost')),
      exec: async () => undefined,
    };
    await expect(catalogOver(failing).current()).rejects.toThrow('connection lost');

    const { db, versionReads } = scriptedDb();
    const catalog = catalogOver(db);
    const first = catalog.current();
    await settle();
    versionReads[0]?.answer(1);
    await first;
    const later = catalog.current();
    await settle();
    expect(versionReads).toHaveLength(2);
    expect(versionReads[1]?.since).toBe(1);
    versionReads[1]?.answer(1);
    expect((await later).version).toBe(1);
  });
});
