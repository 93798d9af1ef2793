import type { EarthPoint } from './earth-point';

/**
 * A static k-d tree over earth points (x, y, z in metres, see toEarthPoint) for exact k-nearest searches by
 * chord distance, the metric of the facilities GiST index, ordered as the SQL orders: chord, then id.
 * Points are stored in tree order ("positions"): each node owns a contiguous range of positions, so
 * neighbours on the ground are neighbours in memory. Each point carries a bit mask of attributes (services,
 * type...); each node keeps the OR of its points' masks, so a search for a rare attribute skips whole
 * regions that cannot hold a match.
 */
export interface NearestTree {
  /** x, y, z of position i at 3i, 3i+1, 3i+2. */
  readonly coordinates: Float64Array;
  readonly masks: Uint32Array;
  /** The tie-break of equal distances: a lower-case uuid per position, compared as PostgreSQL compares uuids. */
  readonly ids: readonly string[];
  readonly nodeStart: Uint32Array;
  readonly nodeEnd: Uint32Array;
  /** Children of node n are 2 nodes allocated together: left at nodeChild[n], right at nodeChild[n] + 1; 0 = leaf. */
  readonly nodeChild: Uint32Array;
  readonly nodeMask: Uint32Array;
  /** min x, min y, min z, max x, max y, max z of node n at 6n..6n+5. */
  readonly nodeBox: Float64Array;
}

export interface NearestQuery {
  origin: EarthPoint;
  limit: number;
  /** Every bit set here must be set in a point's mask. */
  requiredMask: number;
  /** Keyset: only points strictly after (chord, id) in search order. */
  after?: { chord: number; id: string };
  /** A further condition on a position (an admin area). */
  accept?: (position: number) => boolean;
}

export interface NearestHit {
  position: number;
  /** Chord distance in metres, computed as the cube `<->` operator computes it. */
  chord: number;
}

const LEAF_SIZE = 12;

/**
 * Builds the tree over points given in any order (index i: coordinates 3i..3i+2, masks[i], ids[i]). `order`
 * maps each position of the tree back to its index in the input, for the caller to lay out its own data.
 */
export function buildNearestTree(
  coordinates: Float64Array,
  masks: Uint32Array,
  ids: readonly string[],
): { tree: NearestTree; order: Uint32Array } {
  const count = masks.length;
  const order = Uint32Array.from({ length: count }, (_, index) => index);
  const maxNodes = 2 * Math.ceil((2 * count) / LEAF_SIZE) + 3;
  const nodes = {
    nodeStart: new Uint32Array(maxNodes),
    nodeEnd: new Uint32Array(maxNodes),
    nodeChild: new Uint32Array(maxNodes),
    nodeMask: new Uint32Array(maxNodes),
    nodeBox: new Float64Array(6 * maxNodes),
  };
  let allocated = 1;
  const build = (node: number, start: number, end: number): void => {
    nodes.nodeStart[node] = start;
    nodes.nodeEnd[node] = end;
    const axis = fillBoxAndMask(nodes, coordinates, masks, order, node, start, end);
    if (end - start <= LEAF_SIZE) return;
    const middle = (start + end) >>> 1;
    selectNth(coordinates, order, start, end, middle, axis);
    const left = allocated;
    allocated += 2;
    nodes.nodeChild[node] = left;
    build(left, start, middle);
    build(left + 1, middle, end);
  };
  build(0, 0, count);
  const placed = new Float64Array(3 * count);
  order.forEach((index, position) => placed.set(coordinates.subarray(3 * index, 3 * index + 3), 3 * position));
  return {
    tree: {
      ...nodes,
      coordinates: placed,
      masks: order.map((index) => masks[index]!),
      ids: Array.from(order, (index) => ids[index]!),
    },
    order,
  };
}

/** The `limit` nearest accepted points, nearest first (ties by id), found by walking nodes nearest first. */
export function findNearest(tree: NearestTree, query: NearestQuery): NearestHit[] {
  const best = new BoundedHits(query.limit, tree.ids);
  if (query.limit <= 0 || tree.masks.length === 0) return [];
  const [qx, qy, qz] = query.origin;
  const queue = new NodeQueue();
  queue.push(0, boxDistance(tree.nodeBox, 0, qx, qy, qz));
  while (queue.size > 0) {
    const lowerBound = queue.peekDistance();
    const node = queue.pop();
    if (best.isFull() && lowerBound > best.worstChord()) break;
    if ((tree.nodeMask[node]! & query.requiredMask) !== query.requiredMask) continue;
    const child = tree.nodeChild[node]!;
    if (child === 0) {
      for (let position = tree.nodeStart[node]!; position < tree.nodeEnd[node]!; position += 1)
        consider(tree, position, query, best, qx, qy, qz);
    } else {
      queue.push(child, boxDistance(tree.nodeBox, child, qx, qy, qz));
      queue.push(child + 1, boxDistance(tree.nodeBox, child + 1, qx, qy, qz));
    }
  }
  return best.sorted();
}

/** The same search over a list of positions (an admin area), without walking the tree. */
export function findNearestAmong(tree: NearestTree, positions: ArrayLike<number>, query: NearestQuery): NearestHit[] {
  const best = new BoundedHits(query.limit, tree.ids);
  if (query.limit <= 0) return [];
  const [qx, qy, qz] = query.origin;
  for (let index = 0; index < positions.length; index += 1) consider(tree, positions[index]!, query, best, qx, qy, qz);
  return best.sorted();
}

/** Chord distance as cube_distance() computes it: per axis |a - b|, squares summed x, y, z from 0, then sqrt. */
export function chordBetween(coordinates: Float64Array, position: number, qx: number, qy: number, qz: number): number {
  const dx = coordinates[3 * position]! - qx;
  const dy = coordinates[3 * position + 1]! - qy;
  const dz = coordinates[3 * position + 2]! - qz;
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}

function consider(
  tree: NearestTree,
  position: number,
  query: NearestQuery,
  best: BoundedHits,
  qx: number,
  qy: number,
  qz: number,
): void {
  if ((tree.masks[position]! & query.requiredMask) !== query.requiredMask) return;
  const chord = chordBetween(tree.coordinates, position, qx, qy, qz);
  if (best.isFull() && chord > best.worstChord()) return;
  const after = query.after;
  if (after && (chord < after.chord || (chord === after.chord && tree.ids[position]! <= after.id))) return;
  if (query.accept && !query.accept(position)) return;
  best.offer(position, chord);
}

/**
 * A lower bound of the chord from the query to any point in the node's box, computed with the same operations
 * in the same order as chordBetween, so it never exceeds a contained point's computed chord (rounding is
 * monotonic): a node whose bound exceeds the k-th best chord holds nothing that could displace it.
 */
function boxDistance(box: Float64Array, node: number, qx: number, qy: number, qz: number): number {
  const base = 6 * node;
  const gx = gap(qx, box[base]!, box[base + 3]!);
  const gy = gap(qy, box[base + 1]!, box[base + 4]!);
  const gz = gap(qz, box[base + 2]!, box[base + 5]!);
  return Math.sqrt(gx * gx + gy * gy + gz * gz);
}

function gap(value: number, min: number, max: number): number {
  if (value < min) return min - value;
  if (value > max) return value - max;
  return 0;
}

/** Sets the node's box and mask; returns the axis of its largest extent (where to split). */
function fillBoxAndMask(
  nodes: Pick<NearestTree, 'nodeBox' | 'nodeMask'>,
  coordinates: Float64Array,
  masks: Uint32Array,
  order: Uint32Array,
  node: number,
  start: number,
  end: number,
): number {
  let minX = Infinity;
  let minY = Infinity;
  let minZ = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let maxZ = -Infinity;
  let mask = 0;
  for (let position = start; position < end; position += 1) {
    const index = order[position]!;
    const x = coordinates[3 * index]!;
    const y = coordinates[3 * index + 1]!;
    const z = coordinates[3 * index + 2]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (z < minZ) minZ = z;
    if (z > maxZ) maxZ = z;
    mask |= masks[index]!;
  }
  nodes.nodeBox.set([minX, minY, minZ, maxX, maxY, maxZ], 6 * node);
  nodes.nodeMask[node] = mask;
  const extents = [maxX - minX, maxY - minY, maxZ - minZ];
  return extents.indexOf(Math.max(...extents));
}

/** Reorders order[start, end) so that order[nth] has the nth smallest coordinate on `axis`, smaller ones before. */
function selectNth(
  coordinates: Float64Array,
  order: Uint32Array,
  start: number,
  end: number,
  nth: number,
  axis: number,
): void {
  let low = start;
  let high = end - 1;
  const key = (index: number) => coordinates[3 * order[index]! + axis]!;
  const swap = (a: number, b: number) => {
    const kept = order[a]!;
    order[a] = order[b]!;
    order[b] = kept;
  };
  while (high > low) {
    const pivot = key((low + high) >>> 1);
    let i = low;
    let j = high;
    while (i <= j) {
      while (key(i) < pivot) i += 1;
      while (key(j) > pivot) j -= 1;
      if (i <= j) {
        swap(i, j);
        i += 1;
        j -= 1;
      }
    }
    if (nth <= j) high = j;
    else if (nth >= i) low = i;
    else return;
  }
}

/** The k best hits so far, as a max-heap on (chord, id): the root is the one to drop first. */
class BoundedHits {
  private readonly positions: number[] = [];
  private readonly chords: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly ids: readonly string[],
  ) {}

  isFull(): boolean {
    return this.positions.length >= this.limit;
  }

  worstChord(): number {
    return this.chords[0] ?? Infinity;
  }

  offer(position: number, chord: number): void {
    if (this.positions.length < this.limit) {
      this.positions.push(position);
      this.chords.push(chord);
      this.siftUp(this.positions.length - 1);
    } else if (this.isBefore(position, chord, 0)) {
      this.positions[0] = position;
      this.chords[0] = chord;
      this.siftDown(0);
    }
  }

  sorted(): NearestHit[] {
    const hits = this.positions.map((position, index) => ({ position, chord: this.chords[index]! }));
    return hits.sort((a, b) => a.chord - b.chord || compareIds(this.ids[a.position]!, this.ids[b.position]!));
  }

  /** Whether (position, chord) comes before the hit at heap index `at` in search order. */
  private isBefore(position: number, chord: number, at: number): boolean {
    const other = this.chords[at]!;
    return chord < other || (chord === other && this.ids[position]! < this.ids[this.positions[at]!]!);
  }

  private siftUp(from: number): void {
    let at = from;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.isBefore(this.positions[parent]!, this.chords[parent]!, at)) break;
      this.swap(at, parent);
      at = parent;
    }
  }

  private siftDown(from: number): void {
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let largest = at;
      if (left < this.positions.length && this.isBefore(this.positions[largest]!, this.chords[largest]!, left))
        largest = left;
      if (right < this.positions.length && this.isBefore(this.positions[largest]!, this.chords[largest]!, right))
        largest = right;
      if (largest === at) return;
      this.swap(at, largest);
      at = largest;
    }
  }

  private swap(a: number, b: number): void {
    const position = this.positions[a]!;
    const chord = this.chords[a]!;
    this.positions[a] = this.positions[b]!;
    this.chords[a] = this.chords[b]!;
    this.positions[b] = position;
    this.chords[b] = chord;
  }
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A min-heap of nodes by their lower-bound distance. */
class NodeQueue {
  private readonly nodes: number[] = [];
  private readonly distances: number[] = [];

  get size(): number {
    return this.nodes.length;
  }

  peekDistance(): number {
    return this.distances[0]!;
  }

  push(node: number, distance: number): void {
    this.nodes.push(node);
    this.distances.push(distance);
    let at = this.nodes.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (this.distances[parent]! <= distance) break;
      this.nodes[at] = this.nodes[parent]!;
      this.distances[at] = this.distances[parent]!;
      at = parent;
    }
    this.nodes[at] = node;
    this.distances[at] = distance;
  }

  pop(): number {
    const top = this.nodes[0]!;
    const lastNode = this.nodes.pop()!;
    const lastDistance = this.distances.pop()!;
    const size = this.nodes.length;
    if (size > 0) {
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        if (left >= size) break;
        const right = left + 1;
        const child = right < size && this.distances[right]! < this.distances[left]! ? right : left;
        if (this.distances[child]! >= lastDistance) break;
        this.nodes[at] = this.nodes[child]!;
        this.distances[at] = this.distances[child]!;
        at = child;
      }
      this.nodes[at] = lastNode;
      this.distances[at] = lastDistance;
    }
    return top;
  }
}
