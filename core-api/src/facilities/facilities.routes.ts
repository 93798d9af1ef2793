import type { z } from 'zod';
import type { Queryable } from '@medlink/platform/db';
import type { CoreApiDeps } from '../deps';
import type { ApiRouter } from '../shared/api-router';
import { notFound } from '../shared/errors';
import { findFacilityById, findHoursExceptions, findResources } from './facilities.repository';
import {
  areaListSchema,
  areasQuerySchema,
  facilityCreateSchema,
  facilityDetailSchema,
  facilityPageSchema,
  facilityPatchSchema,
  facilitySearchQuerySchema,
  historyPageSchema,
  historyQuerySchema,
  idParamsSchema,
  resourcesPutSchema,
} from './facilities.schemas';
import { parseWeeklyHours, toFacilityDetail } from './facility-dto';
import { isOpenAt } from './is-open-at';
import { listAdminAreas } from './list-admin-areas';
import { createFacility, patchFacility } from './manage-facilities';
import { findFacilityResourceHistory, publishFacilityResources } from './publish-facility-resources';
import { searchFacilities } from './search-facilities';

const tags = ['facilities'];

export function registerFacilityRoutes(api: ApiRouter, deps: CoreApiDeps): void {
  api.add({
    method: 'get',
    path: '/facilities',
    summary: 'Search facilities: nearest first with lat/lon (each with distanceKm), else by name',
    tags,
    access: { public: true },
    query: facilitySearchQuerySchema,
    response: { status: 200, description: 'A page of facilities', schema: facilityPageSchema },
    handler: ({ query }) => searchFacilities({ db: deps.readDb, catalog: deps.facilityCatalog }, query, deps.clock()),
  });

  api.add({
    method: 'get',
    path: '/facilities/areas',
    summary: 'Admin areas for pick-lists: countries, a country’s regions, a region’s districts (where known)',
    tags,
    access: { public: true },
    query: areasQuerySchema,
    response: {
      status: 200,
      description: 'One level of areas, each with an id usable as adminArea',
      schema: areaListSchema,
    },
    handler: ({ query }) => listAdminAreas(deps.readDb, query),
  });

  api.add({
    method: 'get',
    path: '/facilities/:id',
    summary: 'One facility with its published resources and how fresh they are',
    tags,
    access: { public: true },
    params: idParamsSchema,
    response: { status: 200, description: 'The facility', schema: facilityDetailSchema },
    handler: ({ params }) => facilityDetail(deps, params.id, deps.readDb),
  });

  api.add({
    method: 'post',
    path: '/facilities',
    summary: 'Add a facility (platform admin)',
    tags,
    access: { roles: ['admin'] },
    body: facilityCreateSchema,
    response: { status: 201, description: 'The new facility', schema: facilityDetailSchema },
    handler: async ({ body, principal }) => facilityDetail(deps, await createFacility(deps, principal, body), deps.db),
  });

  api.add({
    method: 'patch',
    path: '/facilities/:id',
    summary: 'Change a facility (platform admin, or an admin of this facility)',
    tags,
    access: { roles: ['admin', 'facility_admin'] },
    params: idParamsSchema,
    body: facilityPatchSchema,
    response: { status: 200, description: 'The facility after the change', schema: facilityDetailSchema },
    handler: async ({ params, body, principal }) => {
      await patchFacility(deps, principal, params.id, body);
      return facilityDetail(deps, params.id, deps.db);
    },
  });

  api.add({
    method: 'put',
    path: '/facilities/:id/resources',
    summary: 'Publish beds, medicines and equipment (this facility’s admin, or its client with scope resources:write)',
    tags,
    access: { roles: ['facility_admin'], scopes: ['resources:write'] },
    params: idParamsSchema,
    body: resourcesPutSchema,
    response: { status: 200, description: 'The facility with its resources', schema: facilityDetailSchema },
    handler: async ({ params, body, principal }) => {
      await publishFacilityResources(deps, principal, params.id, body);
      return facilityDetail(deps, params.id, deps.db);
    },
  });

  api.add({
    method: 'get',
    path: '/facilities/:id/resources/history',
    summary: 'Every published resource figure, newest first, with who and when (this facility’s admin, platform admin)',
    tags,
    access: { roles: ['admin', 'facility_admin'] },
    params: idParamsSchema,
    query: historyQuerySchema,
    response: { status: 200, description: 'A page of history entries', schema: historyPageSchema },
    handler: ({ params, query, principal }) => findFacilityResourceHistory(deps, principal, params.id, query),
  });
}

/** Read from the primary right after a change (a replica may lag), from readDb otherwise. */
async function facilityDetail(
  deps: CoreApiDeps,
  id: string,
  db: Queryable,
): Promise<z.infer<typeof facilityDetailSchema>> {
  const now = deps.clock();
  const row = await findFacilityById(db, id);
  if (!row) throw notFound('Facility');
  const [resources, exceptions] = await Promise.all([findResources(db, [id]), findHoursExceptions(db, [id], now)]);
  const openNow = isOpenAt(
    { alwaysOpen: row.always_open, weekly: parseWeeklyHours(row.opening_hours) },
    exceptions.get(id) ?? [],
    row.time_zone,
    now,
  );
  return toFacilityDetail(row, openNow, resources, now, deps.env.RESOURCE_STALE_AFTER_H);
}
