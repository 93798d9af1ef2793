import type { CoreApiDeps } from '../deps';
import type { ApiRouter } from '../shared/api-router';
import { findAdministeredFacilities } from './find-administered-facilities';
import {
  findDeadLetterStats,
  findFirstResponseStats,
  findMessageStats,
  findNoShowStats,
  findTriageStats,
} from './find-stats';
import {
  administeredFacilitiesSchema,
  deadLetterStatsSchema,
  firstResponseStatsSchema,
  messageStatsSchema,
  noShowStatsSchema,
  statRangeQuerySchema,
  triageStatsSchema,
} from './stats.schemas';

const tags = ['stats'];
const admins = { roles: ['admin'] } as const;

/** Aggregates for the platform dashboard: counts and durations only, never a patient or a message body. */
export function registerStatsRoutes(api: ApiRouter, deps: CoreApiDeps): void {
  api.add({
    method: 'get',
    path: '/stats/messages',
    summary: 'Messages per channel per day, inbound and outbound (admin)',
    tags,
    access: admins,
    query: statRangeQuerySchema,
    response: { status: 200, description: 'One series per channel with traffic', schema: messageStatsSchema },
    handler: ({ query }) => findMessageStats(deps, query),
  });

  api.add({
    method: 'get',
    path: '/stats/triage-levels',
    summary: 'Triage results by level (admin)',
    tags,
    access: admins,
    query: statRangeQuerySchema,
    response: { status: 200, description: 'Counts per level', schema: triageStatsSchema },
    handler: ({ query }) => findTriageStats(deps, query),
  });

  api.add({
    method: 'get',
    path: '/stats/first-response',
    summary: 'Median time from a consultation’s first patient message to the first practitioner reply (admin)',
    tags,
    access: admins,
    query: statRangeQuerySchema,
    response: { status: 200, description: 'Median over the range and per day', schema: firstResponseStatsSchema },
    handler: ({ query }) => findFirstResponseStats(deps, query),
  });

  api.add({
    method: 'get',
    path: '/stats/no-shows',
    summary: 'No-show rate of appointments that were attended or missed (admin)',
    tags,
    access: admins,
    query: statRangeQuerySchema,
    response: { status: 200, description: 'Rate over the range and per day', schema: noShowStatsSchema },
    handler: ({ query }) => findNoShowStats(deps, query),
  });

  api.add({
    method: 'get',
    path: '/stats/dead-letters',
    summary: 'Outbound messages given up per day and channel (admin)',
    tags,
    access: admins,
    query: statRangeQuerySchema,
    response: { status: 200, description: 'Counts per day and per channel', schema: deadLetterStatsSchema },
    handler: ({ query }) => findDeadLetterStats(deps, query),
  });

  api.add({
    method: 'get',
    path: '/stats/my-facilities',
    summary: 'The caller’s facilities with the freshness of their published resources (facility admin)',
    tags,
    access: { roles: ['facility_admin'] },
    response: { status: 200, description: 'The facilities, by name', schema: administeredFacilitiesSchema },
    handler: ({ principal }) => findAdministeredFacilities(deps, principal),
  });
}
