import { chordToGreatCircleMetres, toEarthPoint } from './earth-point';
import { randomSource } from '../facilities/facility-catalog-test-data';
import { buildNearestTree, chordBetween, findNearest, findNearestAmong, type NearestQuery } from './nearest-tree';

function makeTree(count: number, seed: number) {
  const random = randomSource(seed);
  const coordinates = new Float64Array(3 * count);
  const masks = new Uint32Array(count);
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    // Clustered around a few cities, with exact duplicates, as real facility files are.
    const city = Math.floor(random() * 5);
    const duplicate = index > 0 && random() < 0.05;
    const point = duplicate
      ? coordinates.slice(3 * (index - 1), 3 * index)
      : toEarthPoint(-5 + city * 4 + random() * 0.5, 10 + city * 3 + random() * 0.5);
    coordinates.set(point, 3 * index);
    masks[index] = (random() < 0.5 ? 1 : 0) | (random() < 0.05 ? 2 : 0) | (random() < 0.005 ? 4 : 0);
    ids.push(`00000000-0000-4000-8000-${String(Math.floor(random() * 1e12)).padStart(12, '0')}`);
  }
  return { ...buildNearestTree(coordinates, masks, ids), coordinates, masks, ids };
}

/** What a full scan of the input finds, as (id, chord); `accept` takes an input index. */
function bruteForce(made: ReturnType<typeof makeTree>, query: NearestQuery, accept?: (index: number) => boolean) {
  const [qx, qy, qz] = query.origin;
  return made.ids
    .map((id, index) => ({ id, index, chord: chordBetween(made.coordinates, index, qx, qy, qz) }))
    .filter(({ index }) => (made.masks[index]! & query.requiredMask) === query.requiredMask)
    .filter(({ index }) => accept?.(index) ?? true)
    .filter(
      (hit) =>
        !query.after || hit.chord > query.after.chord || (hit.chord === query.after.chord && hit.id > query.after.id),
    )
    .sort((a, b) => a.chord - b.chord || (a.id < b.id ? -1 : 1))
    .slice(0, query.limit)
    .map(({ id, chord }) => ({ id, chord }));
}

function named(made: ReturnType<typeof makeTree>, hits: { position: number; chord: number }[]) {
  return hits.map(({ position, chord }) => ({ id: made.tree.ids[position], chord }));
}

describe('nearest tree', () => {
  const made = makeTree(5_000, 7);
  const random = randomSource(11);

  it.each([
    ['no filter', 0],
    ['a common attribute', 1],
    ['a rare attribute', 2],
    ['a very rare attribute', 4],
    ['an attribute nobody has', 8],
  ])('finds exactly what a full scan finds, with %s', (_case, requiredMask) => {
    for (let round = 0; round < 200; round += 1) {
      const origin = toEarthPoint(-6 + random() * 20, 9 + random() * 16);
      const limit = 1 + Math.floor(random() * 40);
      const query = { origin, limit, requiredMask };
      expect(named(made, findNearest(made.tree, query))).toEqual(bruteForce(made, query));
    }
  });

  it('pages after a (chord, id) key without skipping or repeating, through exact ties', () => {
    const origin = toEarthPoint(3, 16);
    const all = bruteForce(made, { origin, limit: 400, requiredMask: 0 });
    const paged: { id: string | undefined; chord: number }[] = [];
    let after: NearestQuery['after'];
    while (paged.length < 400) {
      const page = named(made, findNearest(made.tree, { origin, limit: 7, requiredMask: 0, after }));
      paged.push(...page);
      const last = page.at(-1)!;
      after = { chord: last.chord, id: last.id! };
    }
    expect(paged.slice(0, 400)).toEqual(all);
  });

  it('searches a list of positions with the same order and conditions', () => {
    const isListed = (index: number) => index % 3 === 0;
    const positions = Array.from(made.order.keys()).filter((position) => isListed(made.order[position]!));
    const query = { origin: toEarthPoint(1, 14), limit: 25, requiredMask: 1 };
    const accept = (position: number) => isListed(made.order[position]!);
    expect(named(made, findNearestAmong(made.tree, positions, query))).toEqual(bruteForce(made, query, isListed));
    expect(named(made, findNearest(made.tree, { ...query, accept }))).toEqual(bruteForce(made, query, isListed));
  });

  it('answers an empty tree and a zero limit with nothing', () => {
    const { tree: empty } = buildNearestTree(new Float64Array(0), new Uint32Array(0), []);
    expect(findNearest(empty, { origin: toEarthPoint(0, 0), limit: 5, requiredMask: 0 })).toEqual([]);
    expect(findNearest(made.tree, { origin: toEarthPoint(0, 0), limit: 0, requiredMask: 0 })).toEqual([]);
  });

  it('turns chords into great-circle metres as earthdistance does', () => {
    const dakar = toEarthPoint(14.6937, -17.4441);
    const thies = toEarthPoint(14.791, -16.9256);
    const chord = Math.hypot(dakar[0] - thies[0], dakar[1] - thies[1], dakar[2] - thies[2]);
    expect(chordToGreatCircleMetres(chord) / 1000).toBeCloseTo(56.86, 2); // PostgreSQL: earth_distance(ll_to_earth(...), ll_to_earth(...))
    expect(chordToGreatCircleMetres(-1)).toBe(0);
    expect(chordToGreatCircleMetres(1e9)).toBeCloseTo(Math.PI * 6378168, 3);
  });
});
