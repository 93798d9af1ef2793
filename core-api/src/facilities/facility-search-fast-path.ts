import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CoreApiDeps } from '../deps';
import { replyFromFastPath, type FastPathOptions } from '../shared/fast-path-reply';
import { facilitySearchQuerySchema } from './facilities.schemas';
import { searchFacilities } from './search-facilities';

const PATH = '/api/v1/facilities';

/**
 * The public facility search straight from node:http: it is the busiest read (USSD, SMS and the phone page
 * ask for the nearest facility), and Express's middleware and router cost more than the search itself. Same
 * query schema, same search, same JSON as the route in facilities.routes.ts; anything else (a token to
 * check, a query the schema refuses, a repeated parameter) returns false and Express serves it, with its
 * problem+json.
 */
export function createFacilitySearchFastPath(
  deps: Pick<CoreApiDeps, 'readDb' | 'facilityCatalog' | 'clock' | 'logger'>,
  options: FastPathOptions,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const url = req.url ?? '';
    if (req.method !== 'GET' || req.headers.authorization !== undefined) return false;
    const queryAt = url.indexOf('?');
    if ((queryAt === -1 ? url : url.slice(0, queryAt)) !== PATH) return false;
    const query: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1))) {
      if (key in query) return false;
      query[key] = value;
    }
    const parsed = facilitySearchQuerySchema.safeParse(query);
    if (!parsed.success) return false;
    const reply = replyFromFastPath(req, res, { route: PATH, logger: deps.logger, options });
    searchFacilities({ db: deps.readDb, catalog: deps.facilityCatalog }, parsed.data, deps.clock()).then(
      (page) => reply.json(200, page),
      (error: unknown) => reply.fail(error),
    );
    return true;
  };
}
