import type { CoreApiDeps } from '../deps';
import type { ApiRouter } from '../shared/api-router';
import { recommendCare } from './recommend-care';
import { recommendationQuerySchema, recommendationsSchema } from './recommendations.schemas';

export function registerRecommendationRoutes(api: ApiRouter, deps: CoreApiDeps): void {
  api.add({
    method: 'get',
    path: '/recommendations',
    summary: 'Ranked practitioners and facilities for a need, each with a score and reasons in the patient’s language',
    tags: ['recommendations'],
    access: { roles: ['practitioner', 'facility_admin', 'admin'], scopes: ['gateway'] },
    query: recommendationQuerySchema,
    response: { status: 200, description: 'Practitioners and facilities, best first', schema: recommendationsSchema },
    handler: ({ query }) =>
      recommendCare(
        { db: deps.readDb, catalogs: { facilities: deps.facilityCatalog, practitioners: deps.practitionerCatalog } },
        query,
        {
          now: deps.clock(),
          staleAfterHours: deps.env.RESOURCE_STALE_AFTER_H,
        },
      ),
  });
}
