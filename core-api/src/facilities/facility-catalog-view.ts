import { chordToGreatCircleMetres, toEarthPoint } from '../geo/earth-point';
import { buildNearestTree, findNearest, findNearestAmong, type NearestTree } from '../geo/nearest-tree';
import type { FacilityRow } from './facilities.repository';
import type { CatalogFacilityRow } from './facility-catalog.repository';
import { FACILITY_SERVICES, FACILITY_TYPES, type FacilityService, type FacilityType } from './facility-vocabulary';
import type { HoursException } from './is-open-at';

/** A facility as the catalogue takes it in: the summary columns and every dated hours exception. */
export type CatalogFacility = CatalogFacilityRow & { exceptions: readonly HoursException[] };

/** A search hit: a row of the SQL search (distance_m, sort_key = the chord) with its parsed exceptions. */
export type CatalogHit = FacilityRow & { exceptions: readonly HoursException[] };

/**
 * One immutable state of the catalogue: a refresh builds a new view, a search keeps the one it started with.
 * Facilities are held column by column in tree order (slot = tree position, so facilities near each other
 * on the ground are near each other in memory), with repeated values (countries, zones, schedules, service
 * lists) stored once in pools shared by successive views: the whole file is a few typed arrays and two
 * arrays of strings rather than 98,745 objects.
 */
export interface CatalogView {
  readonly version: number;
  readonly tree: NearestTree;
  readonly columns: CatalogColumns;
  readonly pools: CatalogPools;
  /** Slots per admin area key (see areaKeysOf). */
  readonly areas: ReadonlyMap<string, Uint32Array>;
  readonly slotById: ReadonlyMap<string, number>;
}

interface CatalogColumns {
  /** Lower-case uuid per slot: the tree's ids. */
  readonly ids: readonly string[];
  readonly names: readonly string[];
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly type: Uint8Array;
  readonly flags: Uint8Array;
  /** Indexes into the pools: `strings` for country to phone (0: null), then service lists, schedules, exceptions. */
  readonly country: Uint32Array;
  readonly iso3: Uint32Array;
  readonly admin1: Uint32Array;
  readonly admin2: Uint32Array;
  readonly timeZone: Uint32Array;
  readonly phone: Uint32Array;
  readonly services: Uint32Array;
  readonly schedule: Uint32Array;
  readonly exceptions: Uint32Array;
}

const EMERGENCY_CAPABLE = 1;
const ALWAYS_OPEN = 2;
const HOURS_KNOWN = 4;

/** The same filters as the SQL search with an origin (FacilityFilter), minus the name. */
export interface CatalogSearch {
  origin: { lat: number; lon: number };
  services: readonly FacilityService[];
  type?: FacilityType;
  emergencyCapable?: boolean;
  hoursKnown?: boolean;
  area?: { iso3: string; admin1?: string; admin2?: string };
  after?: { sortKey: string | number; id: string };
  limit: number;
}

/** Nearest first, then id, as the SQL search orders and pages (the same keyset values in cursors). */
export function searchCatalogView(view: CatalogView, search: CatalogSearch): CatalogHit[] {
  const areaSlots = search.area ? view.areas.get(areaKeyOf(search.area)) : undefined;
  if (search.area && !areaSlots) return [];
  const query = {
    origin: toEarthPoint(search.origin.lat, search.origin.lon),
    limit: search.limit,
    requiredMask: maskOf(search.services, search.type, search.emergencyCapable, search.hoursKnown),
    after: search.after ? { chord: Number(search.after.sortKey), id: search.after.id.toLowerCase() } : undefined,
  };
  // An area is scanned whole rather than walked towards: its facilities may be far from the origin.
  const hits = areaSlots
    ? findNearestAmong(view.tree, areaSlots, { ...query, accept: isInArea(view, search.area) })
    : findNearest(view.tree, query);
  return hits.map(({ position, chord }) => hitAt(view, position, chord));
}

function hitAt(view: CatalogView, slot: number, chord: number): CatalogHit {
  const { columns, pools } = view;
  const flags = columns.flags[slot]!;
  return {
    id: columns.ids[slot]!,
    name: columns.names[slot]!,
    type: FACILITY_TYPES[columns.type[slot]!]!,
    services: pools.serviceLists[columns.services[slot]!]!,
    emergency_capable: (flags & EMERGENCY_CAPABLE) !== 0,
    country: pools.strings[columns.country[slot]!] ?? '',
    country_iso3: pools.strings[columns.iso3[slot]!] ?? '',
    admin1: pools.strings[columns.admin1[slot]!] ?? null,
    admin2: pools.strings[columns.admin2[slot]!] ?? null,
    lat: columns.lat[slot]!,
    lon: columns.lon[slot]!,
    time_zone: pools.strings[columns.timeZone[slot]!] ?? '',
    always_open: (flags & ALWAYS_OPEN) !== 0,
    opening_hours: pools.schedules[columns.schedule[slot]!],
    phone: pools.strings[columns.phone[slot]!] ?? null,
    exceptions: pools.exceptionLists[columns.exceptions[slot]!]!,
    distance_m: chordToGreatCircleMetres(chord),
    sort_key: chord,
  };
}

/** Where a view's facilities come from: a slot of an earlier view (unchanged), or a row just read. */
export type CatalogEntry = { from: CatalogView; slot: number } | { facility: CatalogFacility };

/** A view over these entries (each geolocated); `pools` are shared with the views they came from. */
export function buildCatalogView(
  version: number,
  entries: readonly CatalogEntry[],
  pools: CatalogPools = new CatalogPools(),
): CatalogView {
  const count = entries.length;
  const coordinates = new Float64Array(3 * count);
  const masks = new Uint32Array(count);
  const ids = new Array<string>(count);
  entries.forEach((entry, index) => {
    if ('facility' in entry) {
      coordinates.set(toEarthPoint(entry.facility.lat ?? 0, entry.facility.lon ?? 0), 3 * index);
      masks[index] = maskOfFacility(entry.facility);
      ids[index] = entry.facility.id;
    } else {
      coordinates.set(entry.from.tree.coordinates.subarray(3 * entry.slot, 3 * entry.slot + 3), 3 * index);
      masks[index] = entry.from.tree.masks[entry.slot]!;
      ids[index] = entry.from.columns.ids[entry.slot]!;
    }
  });
  const { tree, order } = buildNearestTree(coordinates, masks, ids);
  const columns = emptyColumns(count, tree.ids);
  order.forEach((index, slot) => {
    const entry = entries[index]!;
    if ('facility' in entry) writeFacility(columns, pools, slot, entry.facility);
    else copySlot(entry.from.columns, entry.slot, columns, slot);
  });
  const slotById = new Map(tree.ids.map((id, slot) => [id, slot]));
  return { version, tree, columns, pools, areas: areasOf(columns, pools), slotById };
}

/** Whether a changed facility can take its old slot without rebuilding the tree and the area lists. */
export function isSamePlaceAndKind(view: CatalogView, slot: number, facility: CatalogFacility): boolean {
  const { columns, pools } = view;
  return (
    columns.lat[slot] === facility.lat &&
    columns.lon[slot] === facility.lon &&
    view.tree.masks[slot] === maskOfFacility(facility) &&
    pools.strings[columns.iso3[slot]!] === facility.country_iso3 &&
    (pools.strings[columns.admin1[slot]!] ?? null) === facility.admin1 &&
    (pools.strings[columns.admin2[slot]!] ?? null) === facility.admin2
  );
}

/** The same view with some facilities rewritten in their slots (see isSamePlaceAndKind); columns are copied. */
export function withReplacedFacilities(
  view: CatalogView,
  version: number,
  replaced: ReadonlyMap<number, CatalogFacility>,
): CatalogView {
  const old = view.columns;
  const columns: CatalogColumns = {
    ids: old.ids,
    names: old.names.slice(),
    lat: old.lat.slice(),
    lon: old.lon.slice(),
    type: old.type.slice(),
    flags: old.flags.slice(),
    country: old.country.slice(),
    iso3: old.iso3.slice(),
    admin1: old.admin1.slice(),
    admin2: old.admin2.slice(),
    timeZone: old.timeZone.slice(),
    phone: old.phone.slice(),
    services: old.services.slice(),
    schedule: old.schedule.slice(),
    exceptions: old.exceptions.slice(),
  };
  for (const [slot, facility] of replaced) writeFacility(columns, view.pools, slot, facility);
  return { ...view, version, columns };
}

const NUMERIC_COLUMNS = [
  'lat',
  'lon',
  'type',
  'flags',
  'country',
  'iso3',
  'admin1',
  'admin2',
  'timeZone',
  'phone',
  'services',
  'schedule',
  'exceptions',
] as const;

function emptyColumns(count: number, ids: readonly string[]): CatalogColumns {
  return {
    ids,
    names: new Array<string>(count),
    lat: new Float64Array(count),
    lon: new Float64Array(count),
    type: new Uint8Array(count),
    flags: new Uint8Array(count),
    country: new Uint32Array(count),
    iso3: new Uint32Array(count),
    admin1: new Uint32Array(count),
    admin2: new Uint32Array(count),
    timeZone: new Uint32Array(count),
    phone: new Uint32Array(count),
    services: new Uint32Array(count),
    schedule: new Uint32Array(count),
    exceptions: new Uint32Array(count),
  };
}

function writeFacility(columns: CatalogColumns, pools: CatalogPools, slot: number, facility: CatalogFacility): void {
  (columns.names as string[])[slot] = facility.name;
  columns.lat[slot] = facility.lat ?? 0;
  columns.lon[slot] = facility.lon ?? 0;
  columns.type[slot] = Math.max(0, FACILITY_TYPES.indexOf(facility.type));
  columns.flags[slot] =
    (facility.emergency_capable ? EMERGENCY_CAPABLE : 0) |
    (facility.always_open ? ALWAYS_OPEN : 0) |
    (facility.hours_known ? HOURS_KNOWN : 0);
  columns.country[slot] = pools.stringIndex(facility.country);
  columns.iso3[slot] = pools.stringIndex(facility.country_iso3);
  columns.admin1[slot] = pools.stringIndex(facility.admin1);
  columns.admin2[slot] = pools.stringIndex(facility.admin2);
  columns.timeZone[slot] = pools.stringIndex(facility.time_zone);
  columns.phone[slot] = pools.stringIndex(facility.phone);
  columns.services[slot] = pools.serviceListIndex(facility.services);
  columns.schedule[slot] = pools.scheduleIndex(facility.opening_hours);
  columns.exceptions[slot] = pools.exceptionListIndex(facility.exceptions);
}

function copySlot(from: CatalogColumns, fromSlot: number, to: CatalogColumns, slot: number): void {
  (to.names as string[])[slot] = from.names[fromSlot]!;
  for (const name of NUMERIC_COLUMNS) to[name][slot] = from[name][fromSlot]!;
}

/**
 * Values many facilities share, each stored once. Append-only: a view only ever reads indexes that existed
 * when it was built, so successive views share one set; a full reload starts a new one.
 */
export class CatalogPools {
  readonly strings: (string | null)[] = [null];
  readonly serviceLists: FacilityService[][] = [];
  readonly schedules: unknown[] = [null];
  readonly exceptionLists: (readonly HoursException[])[] = [[]];
  private readonly stringIndexes = new Map<string, number>();
  private readonly serviceListIndexes = new Map<string, number>();
  private readonly scheduleIndexes = new Map<string, number>();

  stringIndex(value: string | null): number {
    return value === null ? 0 : this.intern(this.stringIndexes, value, this.strings, value);
  }

  serviceListIndex(services: FacilityService[]): number {
    return this.intern(this.serviceListIndexes, services.join(','), this.serviceLists, services);
  }

  scheduleIndex(schedule: unknown): number {
    return schedule === null
      ? 0
      : this.intern(this.scheduleIndexes, JSON.stringify(schedule), this.schedules, schedule);
  }

  exceptionListIndex(exceptions: readonly HoursException[]): number {
    if (exceptions.length === 0) return 0;
    this.exceptionLists.push(exceptions);
    return this.exceptionLists.length - 1;
  }

  private intern<Value>(indexes: Map<string, number>, key: string, values: Value[], value: Value): number {
    let index = indexes.get(key);
    if (index === undefined) {
      index = values.push(value) - 1;
      indexes.set(key, index);
    }
    return index;
  }
}

const EMERGENCY_BIT = 1 << FACILITY_SERVICES.length;
const HOURS_KNOWN_BIT = EMERGENCY_BIT << 1;
const FIRST_TYPE_BIT = HOURS_KNOWN_BIT << 1;

/** Services, emergency capability, known hours and type as bits: a search needs all of its bits set. */
function maskOf(
  services: readonly string[],
  type: string | undefined,
  emergencyCapable: boolean | undefined,
  hoursKnown: boolean | undefined,
): number {
  let mask = 0;
  for (const service of services) {
    const index = FACILITY_SERVICES.indexOf(service as FacilityService);
    if (index >= 0) mask |= 1 << index;
  }
  if (emergencyCapable) mask |= EMERGENCY_BIT;
  if (hoursKnown) mask |= HOURS_KNOWN_BIT;
  const typeIndex = type === undefined ? -1 : FACILITY_TYPES.indexOf(type as FacilityType);
  if (typeIndex >= 0) mask |= FIRST_TYPE_BIT << typeIndex;
  return mask;
}

function maskOfFacility(facility: CatalogFacility): number {
  return maskOf(facility.services, facility.type, facility.emergency_capable, facility.hours_known);
}

function areasOf(columns: CatalogColumns, pools: CatalogPools): Map<string, Uint32Array> {
  const lists = new Map<string, number[]>();
  for (let slot = 0; slot < columns.ids.length; slot += 1) {
    const area = {
      iso3: pools.strings[columns.iso3[slot]!] ?? '',
      admin1: pools.strings[columns.admin1[slot]!] ?? undefined,
      admin2: pools.strings[columns.admin2[slot]!] ?? undefined,
    };
    for (const key of areaKeysOf(area)) {
      const list = lists.get(key) ?? [];
      list.push(slot);
      lists.set(key, list);
    }
  }
  return new Map([...lists].map(([key, list]) => [key, Uint32Array.from(list)]));
}

/** The area ids a facility answers to, as SQL compares them: country; country and region; all three. */
function areaKeysOf(area: { iso3: string; admin1?: string; admin2?: string }): string[] {
  const keys = [areaKeyOf({ iso3: area.iso3 })];
  if (area.admin1 !== undefined) {
    keys.push(areaKeyOf({ iso3: area.iso3, admin1: area.admin1 }));
    if (area.admin2 !== undefined) keys.push(areaKeyOf(area));
  }
  return keys;
}

function areaKeyOf(area: { iso3: string; admin1?: string; admin2?: string }): string {
  if (area.admin1 === undefined) return area.iso3;
  return [area.iso3, area.admin1, ...(area.admin2 === undefined ? [] : [area.admin2])].join('\u0000');
}

function isInArea(view: CatalogView, area: CatalogSearch['area']) {
  return (slot: number) =>
    !area ||
    ((view.pools.strings[view.columns.iso3[slot]!] ?? null) === area.iso3 &&
      (area.admin1 === undefined || view.pools.strings[view.columns.admin1[slot]!] === area.admin1) &&
      (area.admin2 === undefined || view.pools.strings[view.columns.admin2[slot]!] === area.admin2));
}
