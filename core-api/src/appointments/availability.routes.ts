import type { ApiRouter } from '../shared/api-router';
import type { CoreApiDeps } from '../deps';
import { originOf } from '../practitioners/practitioners.routes';
import { practitionerIdParams } from '../practitioners/practitioners.schemas';
import {
  availabilityDtoSchema,
  exceptionBody,
  exceptionDtoSchema,
  exceptionParams,
  replaceScheduleBody,
  slotsDtoSchema,
  slotsQuery,
} from './availability.schemas';
import { findSlots } from './find-slots';
import { addException, findAvailability, removeException, replaceSchedule } from './manage-availability';

export function registerAvailabilityRoutes(api: ApiRouter, deps: CoreApiDeps): void {
  api.add({
    method: 'get',
    path: '/practitioners/:id/availability',
    summary: 'Weekly schedule and upcoming exceptions (the practitioner themself or an admin)',
    tags: ['availability'],
    access: { roles: ['practitioner', 'admin'] },
    params: practitionerIdParams,
    response: { status: 200, description: 'The availability', schema: availabilityDtoSchema },
    handler: ({ params, principal }) => findAvailability(deps, principal, params.id),
  });
  api.add({
    method: 'put',
    path: '/practitioners/:id/availability',
    summary: 'Replace the weekly schedule atomically',
    tags: ['availability'],
    access: { roles: ['practitioner', 'admin'] },
    params: practitionerIdParams,
    body: replaceScheduleBody,
    response: { status: 200, description: 'The new availability', schema: availabilityDtoSchema },
    handler: ({ params, body, principal, req }) => replaceSchedule(deps, principal, params.id, body, originOf(req)),
  });
  api.add({
    method: 'post',
    path: '/practitioners/:id/availability/exceptions',
    summary: 'Add leave (unavailable) or an extra session (available)',
    tags: ['availability'],
    access: { roles: ['practitioner', 'admin'] },
    params: practitionerIdParams,
    body: exceptionBody,
    response: { status: 201, description: 'The exception', schema: exceptionDtoSchema },
    handler: ({ params, body, principal, req }) => addException(deps, principal, params.id, body, originOf(req)),
  });
  api.add({
    method: 'delete',
    path: '/practitioners/:id/availability/exceptions/:exceptionId',
    summary: 'Remove an exception',
    tags: ['availability'],
    access: { roles: ['practitioner', 'admin'] },
    params: exceptionParams,
    response: { status: 204, description: 'Removed' },
    handler: ({ params, principal, req }) =>
      removeException(deps, principal, params.id, params.exceptionId, originOf(req)),
  });
  api.add({
    method: 'get',
    path: '/practitioners/:id/slots',
    summary: 'Free slots of a verified practitioner (default: the next 7 days)',
    tags: ['availability'],
    access: { public: true },
    params: practitionerIdParams,
    query: slotsQuery,
    response: { status: 200, description: 'Free slots', schema: slotsDtoSchema },
    handler: ({ params, query, principal }) => findSlots(deps, principal, params.id, query),
  });
}
