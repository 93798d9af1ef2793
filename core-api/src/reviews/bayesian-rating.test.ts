import { openDb, type Db } from '@medlink/platform/db';
import { createTestDatabase } from '@medlink/platform/test-db';
import { migrateCoreSchema } from '../start';
import {
  insertAppointment,
  insertFacility,
  insertPatient,
  insertPractitioner,
} from '../appointments/scheduling-fixtures';
import { bayesianAverage, findBayesianRatings, PRIOR_MEAN } from './bayesian-rating';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = await openDb({ databaseUrl: database.url });
  await migrateCoreSchema(db);
});
afterAll(async () => {
  await db.close();
  await database.drop();
});

let hour = 0;
async function addReviews(
  practitionerId: string,
  facilityId: string | null,
  ratings: number[],
  state = 'published',
): Promise<void> {
  const patient = await insertPatient(db);
  for (const rating of ratings) {
    const appointment = await insertAppointment(db, {
      practitionerId,
      patientId: patient,
      startsAt: new Date(Date.UTC(2026, 0, 1) + (hour += 1) * 3_600_000),
      status: 'completed',
    });
    await db.query(
      `INSERT INTO reviews (appointment_id, patient_id, practitioner_id, facility_id, rating, moderation_state) VALUES ($1, $2, $3, $4, $5, $6)`,
      [appointment, patient, practitionerId, facilityId, rating, state],
    );
  }
}

describe('findBayesianRatings', () => {
  it('does not let one 5-star review outrank two hundred reviews averaging 4.7', async () => {
    const newcomer = await insertPractitioner(db);
    await addReviews(newcomer, null, [5]);
    const veteran = await insertPractitioner(db);
    // 140 fives and 60 fours: mean 4.7.
    await addReviews(veteran, null, [...Array<number>(140).fill(5), ...Array<number>(60).fill(4)]);

    const ratings = await findBayesianRatings(db, 'practitioner', [newcomer, veteran]);

    expect(ratings.get(veteran)?.count).toBe(200);
    expect(ratings.get(newcomer)?.count).toBe(1);
    expect(ratings.get(veteran)?.rating ?? 0).toBeGreaterThan(ratings.get(newcomer)?.rating ?? 0);
  });

  it('counts published and pending reviews, never rejected ones', async () => {
    const practitioner = await insertPractitioner(db);
    await addReviews(practitioner, null, [5], 'published');
    await addReviews(practitioner, null, [4], 'pending');
    await addReviews(practitioner, null, [1, 1, 1], 'rejected');

    const ratings = await findBayesianRatings(db, 'practitioner', [practitioner]);

    expect(ratings.get(practitioner)).toEqual({ rating: bayesianAverage(9, 2), count: 2 });
  });

  it('rates facilities from the reviews of appointments there, and gives the prior to the unreviewed', async () => {
    const facility = await insertFacility(db);
    const quiet = await insertFacility(db);
    await addReviews(await insertPractitioner(db), facility, [2, 3]);

    const ratings = await findBayesianRatings(db, 'facility', [facility, quiet]);

    expect(ratings.get(facility)).toEqual({ rating: bayesianAverage(5, 2), count: 2 });
    expect(ratings.get(quiet)).toEqual({ rating: PRIOR_MEAN, count: 0 });
  });
});
