import type { CoreApiDeps } from '../deps';
import { findBayesianRatings, PRIOR_MEAN } from '../reviews/bayesian-rating';
import { decodeCursor, toPage } from '../shared/pagination';
import { isAdmin, practitionerIdOf } from '../shared/principal-lookup';
import type { Principal } from '../shared/principal';
import { AppError, notFound } from '../shared/errors';
import type { ListPractitionersQuery, PractitionerDto } from './practitioners.schemas';
import { findPractitionerById, listPractitioners } from './practitioners.repository';
import { toPractitionerDto } from './to-practitioner-dto';

/** Verified practitioners are public; others only to admins and to themselves (404 for everyone else). */
export async function findPractitioner(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  id: string,
): Promise<PractitionerDto> {
  const record = await findPractitionerById(deps.db, id);
  const isSelf = record !== undefined && (await practitionerIdOf(deps.db, principal)) === record.id;
  const isStaffView = isAdmin(principal) || isSelf;
  if (!record || (record.verificationStatus !== 'verified' && !isStaffView)) throw notFound('Practitioner');
  const ratings = await findBayesianRatings(deps.db, 'practitioner', [record.id]);
  return toPractitionerDto(record, ratings.get(record.id) ?? { rating: PRIOR_MEAN, count: 0 }, isStaffView);
}

/** Public: verified only, whatever `status` asks; admins: any status. Keyset pages by name. */
export async function findPractitionerPage(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  query: ListPractitionersQuery,
) {
  const admin = isAdmin(principal);
  const after = decodeCursor(query.cursor);
  if (query.cursor && !after) {
    throw new AppError({
      code: 'validation_failed',
      detail: 'Invalid cursor',
      errors: [{ path: 'query.cursor', message: 'not a cursor this API issued' }],
    });
  }
  const records = await listPractitioners(deps.readDb, {
    status: admin ? query.status : 'verified',
    specialty: query.specialty,
    language: query.language,
    facilityId: query.facilityId,
    after,
    limit: query.limit + 1,
  });
  const ratings = await findBayesianRatings(
    deps.readDb,
    'practitioner',
    records.map((record) => record.id),
  );
  return toPage(
    records,
    query.limit,
    (record) => toPractitionerDto(record, ratings.get(record.id) ?? { rating: PRIOR_MEAN, count: 0 }, admin),
    (record) => ({ sortKey: record.fullName, id: record.id }),
  );
}
