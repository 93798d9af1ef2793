import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CoreApiDeps } from '../deps';
import { AppError, internalProblem, toProblem } from '../shared/errors';
import { facilitySearchQuerySchema } from './facilities.schemas';
import { searchFacilities } from './search-facilities';

const PATH = '/api/v1/facilities';

export type FastPathDone = (request: { requestId: string; route: string; status: number; started: bigint }) => void;

/**
 * The public facility search straight from node:http: it is the busiest read (USSD, SMS and the phone page
 * ask for the nearest facility), and Express's middleware and router cost more than the search itself. Same
 * query schema, same search, same JSON as the route in facilities.routes.ts; anything else (a token to
 * check, a query the schema refuses, a repeated parameter) returns false and Express serves it, with its
 * problem+json.
 */
export function createFacilitySearchFastPath(
  deps: Pick<CoreApiDeps, 'readDb' | 'facilityCatalog' | 'clock' | 'logger'>,
  options: { requestId: (incoming: string | undefined) => string; done: FastPathDone },
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
    const started = process.hrtime.bigint();
    const incoming = req.headers['x-request-id'];
    const requestId = options.requestId(Array.isArray(incoming) ? incoming[0] : incoming);
    const answer = (status: number, type: string, body: string) => {
      res.writeHead(status, {
        'content-type': `${type}; charset=utf-8`,
        'content-length': Buffer.byteLength(body),
        'x-request-id': requestId,
      });
      res.end(body);
      options.done({ requestId, route: PATH, status, started });
    };
    searchFacilities({ db: deps.readDb, catalog: deps.facilityCatalog }, parsed.data, deps.clock()).then(
      (page) => answer(200, 'application/json', JSON.stringify(page)),
      (error: unknown) => {
        if (error instanceof AppError)
          return answer(error.httpStatus, 'application/problem+json', JSON.stringify(toProblem(error, url)));
        deps.logger.error({ err: error, requestId }, 'unhandled error');
        answer(500, 'application/problem+json', JSON.stringify(internalProblem(url)));
      },
    );
    return true;
  };
}
