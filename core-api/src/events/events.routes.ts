import type { ApiRouter } from '../shared/api-router';
import type { CoreApiDeps } from '../deps';
import { eventsPage, eventsQuery, roomAccessQuery, roomAccessResponse } from './events.schemas';
import { checkRoomAccess, listLiveEvents } from './list-live-events';

const tags = ['events'];
const staff = { roles: ['practitioner', 'facility_admin', 'admin'] } as const;

export function registerEventRoutes(api: ApiRouter, deps: CoreApiDeps): void {
  api.add({
    method: 'get',
    path: '/events',
    summary: 'Live events after `since` (catch-up after a reconnect), only of rooms the caller may see',
    tags,
    access: staff,
    query: eventsQuery,
    response: { status: 200, description: 'Events in log order', schema: eventsPage },
    handler: ({ query, principal }) => listLiveEvents(deps.db, principal, query),
  });

  api.add({
    method: 'get',
    path: '/events/access',
    summary: 'Whether the caller may join a live room (the back office asks before a socket joins)',
    tags,
    access: staff,
    query: roomAccessQuery,
    response: {
      status: 200,
      description: 'Allowed; a room the caller may not see answers 404',
      schema: roomAccessResponse,
    },
    handler: ({ query, principal }) => checkRoomAccess(deps.db, principal, query.room),
  });
}
