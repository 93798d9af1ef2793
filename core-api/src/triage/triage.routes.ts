import type { Request } from 'express';
import type { CoreApiDeps } from '../deps';
import type { Access, ApiRouter } from '../shared/api-router';
import { isGateway } from '../shared/principal-lookup';
import { consumeOrThrow, createRateLimiter } from '../shared/rate-limit';
import { assessAndRecordTriage } from './assess-and-record-triage';
import { listTriageRecords } from './list-triage-records';
import { describeTriageProtocol } from './describe-triage-protocol';
import { checkSharedVocabulary } from './protocol/check-shared-vocabulary';
import {
  assessRequestSchema,
  assessResponseSchema,
  protocolResponseSchema,
  recordsPageSchema,
  recordsQuerySchema,
} from './triage.schemas';

/** Who may ask for an assessment (a patient id is the gateway's alone: the use case checks it). */
export const TRIAGE_ASSESS_ACCESS: Access = { public: true };

export function registerTriageRoutes(api: ApiRouter, deps: CoreApiDeps): void {
  if (checkSharedVocabulary() === 'different') {
    deps.logger.warn(
      'core-api/src/triage/protocol/findings.json differs from ../shared/triage/findings.json: copy the shared file over',
    );
  }
  const limiter = createRateLimiter({
    redis: deps.redis,
    keyPrefix: 'triage-assess',
    points: deps.env.TRIAGE_RATE_LIMIT_PER_MIN,
    durationSeconds: 60,
  });
  // Before body validation, so a flood of bad bodies is limited too; the gateway speaks for every patient from one address.
  api.router.post('/triage/assess', async (req, _res, next) => {
    if (!isGateway(req.principal)) await consumeOrThrow(limiter, req.ip ?? 'unknown');
    next();
  });

  api.add({
    method: 'post',
    path: '/triage/assess',
    summary: 'Triage: level, specialty and advice, or the next questions to ask',
    tags: ['triage'],
    access: TRIAGE_ASSESS_ACCESS,
    body: assessRequestSchema,
    response: {
      status: 200,
      description: 'The assessment; `nextQuestions` empty means the level is final',
      schema: assessResponseSchema,
    },
    handler: ({ body, principal, req }) => assessAndRecordTriage(deps, { body, principal, origin: originOf(req) }),
  });

  api.add({
    method: 'get',
    path: '/triage/records',
    summary: "A patient's triage records, newest first (audited)",
    tags: ['triage'],
    access: { roles: ['admin'], scopes: ['gateway'] },
    query: recordsQuerySchema,
    response: { status: 200, description: 'A page of triage records', schema: recordsPageSchema },
    handler: ({ query, principal, req }) =>
      listTriageRecords(deps, {
        patientId: query.patientId,
        limit: query.limit,
        cursor: query.cursor,
        principal,
        origin: originOf(req),
      }),
  });

  api.add({
    method: 'get',
    path: '/triage/protocol',
    summary: 'The triage protocol: version, levels, findings and questions (for flows and the back office)',
    tags: ['triage'],
    access: { public: true },
    response: { status: 200, description: 'The protocol in force', schema: protocolResponseSchema },
    handler: async () => describeTriageProtocol(),
  });
}

function originOf(req: Request) {
  return { ip: req.ip, requestId: req.id, userAgent: req.get('user-agent') };
}
