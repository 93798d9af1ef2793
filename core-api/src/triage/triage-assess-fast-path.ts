import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CoreApiDeps } from '../deps';
import { checkAccess } from '../shared/api-router';
import { checkBearerToken } from '../shared/bearer-token';
import { invalidJsonBody } from '../shared/errors';
import { replyFromFastPath, type FastPathOptions } from '../shared/fast-path-reply';
import { announcesPlainJsonBody, parseJsonBody, readRequestBody } from '../shared/json-request-body';
import { isGateway } from '../shared/principal-lookup';
import type { Principal } from '../shared/principal';
import { assessAndRecordTriage } from './assess-and-record-triage';
import { TRIAGE_ASSESS_ACCESS } from './triage.routes';
import { assessRequestSchema } from './triage.schemas';

const PATH = '/api/v1/triage/assess';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The gateway's triage assessment straight from node:http: it ends every USSD triage session, and Express's
 * middleware, router and body-parser cost more than the assessment. Same bearer check as app.ts, same access
 * check, body limit, schema, use case and JSON as the route in triage.routes.ts.
 *
 * Anything else goes to Express (`fallBack`), whose problem+json answers stay as they are: before the body is
 * read, another method or path, no token, a token that is not the gateway's, another content type, an encoding,
 * no declared length or too long a body; once read, a body the schema refuses, handed over parsed (express.json
 * leaves a request whose body was read alone). A body that is not JSON cannot be handed over unread: it is
 * answered here with express.json's problem.
 */
export function createTriageAssessFastPath(
  deps: Pick<CoreApiDeps, 'db' | 'secrets' | 'insertTriageRecord' | 'logger'>,
  options: FastPathOptions & {
    fallBack: Listener;
    /** The client address as Express's `req.ip` gives it (its `trust proxy` setting), for the audit row. */
    clientIp: (req: IncomingMessage) => string | undefined;
  },
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const serve = async (req: IncomingMessage, res: ServerResponse, authorization: string) => {
    const bearer = await checkBearerToken(deps, authorization).catch(() => undefined);
    const principal = bearer?.isStanding ? bearer.principal : undefined;
    if (!isGateway(principal) || !mayAssess(principal)) return options.fallBack(req, res);
    const reply = replyFromFastPath(req, res, { route: PATH, logger: deps.logger, options });
    try {
      const body = parseJsonBody(await readRequestBody(req));
      if (!body) return reply.fail(invalidJsonBody());
      const parsed = assessRequestSchema.safeParse(body.value);
      if (!parsed.success) return options.fallBack(Object.assign(req, { body: body.value }), res);
      const origin = { ip: options.clientIp(req), requestId: reply.requestId, userAgent: req.headers['user-agent'] };
      reply.json(200, await assessAndRecordTriage(deps, { body: parsed.data, principal, origin }));
    } catch (error) {
      reply.fail(error);
    }
  };
  return (req, res) => {
    const authorization = req.headers.authorization;
    if (req.method !== 'POST' || req.url !== PATH || authorization === undefined) return false;
    if (!announcesPlainJsonBody(req.headers)) return false;
    void serve(req, res, authorization);
    return true;
  };
}

function mayAssess(principal: Principal | undefined): boolean {
  try {
    checkAccess(TRIAGE_ASSESS_ACCESS, principal);
    return true;
  } catch {
    return false;
  }
}
