import { openDb, type Db } from '@medlink/platform/db';
import { createTestDatabase } from '@medlink/platform/test-db';
import { createPractitionerCatalog } from '../recommendations/practitioner-catalog';
import { recommendCare } from '../recommendations/recommend-care';
import { recommendationQuerySchema } from '../recommendations/recommendations.schemas';
import { decodeCursor } from '../shared/pagination';
import { migrateCoreSchema } from '../start';
import { facilitySearchQuerySchema } from './facilities.schemas';
import { createFacilityCatalog } from './facility-catalog';
import {
  TEST_CITIES,
  insertRandomFacilities,
  insertRandomPractitioners,
  randomSource,
} from './facility-catalog-test-data';
import { FACILITY_SERVICES, FACILITY_TYPES } from './facility-vocabulary';
import { searchFacilities } from './search-facilities';

// Saturday 28 November 2026, 07:30 UTC: night shifts are ending, weekend hours are starting.
const NOW = new Date('2026-11-28T07:30:00Z');

let database: { url: string; drop: () => Promise<void> };
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = await openDb({ databaseUrl: database.url });
  await migrateCoreSchema(db);
  const random = randomSource(2026);
  await insertRandomFacilities(db, random, 3000, NOW);
  await insertRandomPractitioners(db, random, 300, NOW);
}, 60_000);
afterAll(async () => {
  await db.close();
  await database.drop();
});

/** A cursor's chord may differ from the SQL one in its last bits (sin and cos of two maths libraries). */
function expectSameCursor(fromCatalog: string | null, fromSql: string | null) {
  expect(fromCatalog === null).toBe(fromSql === null);
  if (fromCatalog === null || fromSql === null) return;
  const [catalog, sql] = [decodeCursor(fromCatalog), decodeCursor(fromSql)];
  expect(catalog?.id).toBe(sql?.id);
  expect(Number(catalog?.sortKey)).toBeCloseTo(Number(sql?.sortKey), 6);
}

describe('catalogues against the SQL path', () => {
  const random = randomSource(7);
  const pick = <Value>(values: readonly Value[]): Value => values[Math.floor(random() * values.length)]!;
  const maybe = <Value>(chance: number, value: () => Value): Value | undefined =>
    random() < chance ? value() : undefined;

  it('finds the same facilities, in the same order, at the same distances, open or not, page after page', async () => {
    const catalog = createFacilityCatalog(db);
    let pagesWithItems = 0;
    let openNowItems = 0;
    for (let round = 0; round < 150; round += 1) {
      const city = pick(TEST_CITIES);
      const area = maybe(0.2, () =>
        [city.iso3, ...(random() < 0.6 ? [pick(city.regions)] : []), ...(random() < 0.3 ? ['District 1'] : [])]
          .slice(0, random() < 0.3 ? 3 : 2)
          .join('/'),
      );
      const raw = {
        lat: String(city.lat + (random() - 0.5) * (random() < 0.1 ? 20 : 0.8)),
        lon: String(city.lon + (random() - 0.5) * 0.8),
        service: maybe(0.5, () => pick(FACILITY_SERVICES)),
        type: maybe(0.2, () => pick(FACILITY_TYPES)),
        emergency: maybe(0.2, () => 'true'),
        openNow: maybe(0.4, () => 'true'),
        adminArea: area,
        limit: String(1 + Math.floor(random() * 30)),
      };
      // Each side follows its own cursors: the chords in them may differ in the last bits.
      let sqlQuery = facilitySearchQuerySchema.parse(raw);
      let catalogQuery = sqlQuery;
      for (let page = 0; page < 3; page += 1) {
        const fromSql = await searchFacilities({ db }, sqlQuery, NOW);
        const fromCatalog = await searchFacilities({ db, catalog }, catalogQuery, NOW);
        expect({ raw, page, items: fromCatalog.items }).toEqual({ raw, page, items: fromSql.items });
        expectSameCursor(fromCatalog.nextCursor, fromSql.nextCursor);
        if (fromSql.items.length > 0) pagesWithItems += 1;
        openNowItems += fromSql.items.filter((item) => item.openNow).length;
        if (!fromCatalog.nextCursor || !fromSql.nextCursor) break;
        sqlQuery = { ...sqlQuery, cursor: fromSql.nextCursor };
        catalogQuery = { ...catalogQuery, cursor: fromCatalog.nextCursor };
      }
    }
    expect(pagesWithItems).toBeGreaterThan(300);
    expect(openNowItems).toBeGreaterThan(1000);
  }, 120_000);

  it('recommends the same practitioners and facilities, with the same scores and reasons', async () => {
    const catalogs = { facilities: createFacilityCatalog(db), practitioners: createPractitionerCatalog(db) };
    let practitioners = 0;
    let facilities = 0;
    const needs = ['general', 'pediatrics', 'obstetrics', 'surgery', 'maternity', 'laboratory', 'dental', 'eye'];
    for (let round = 0; round < 80; round += 1) {
      const city = pick(TEST_CITIES);
      const raw = {
        need: pick(needs),
        level: pick(['emergency', 'urgent', 'routine', 'self_care']),
        lat: String(city.lat + (random() - 0.5) * 0.8),
        lon: String(city.lon + (random() - 0.5) * 0.8),
        lang: pick(['fr', 'en']),
        adminArea: maybe(0.15, () => city.iso3),
        limit: String(1 + Math.floor(random() * 20)),
      };
      const query = recommendationQuerySchema.parse(raw);
      const context = { now: NOW, staleAfterHours: 48 };
      const fromSql = await recommendCare({ db }, query, context);
      const fromCatalog = await recommendCare({ db, catalogs }, query, context);
      expect({ raw, ...fromCatalog }).toEqual({ raw, ...fromSql });
      practitioners += fromSql.practitioners.length;
      facilities += fromSql.facilities.length;
    }
    expect(practitioners).toBeGreaterThan(200);
    expect(facilities).toBeGreaterThan(400);
  }, 120_000);
});
