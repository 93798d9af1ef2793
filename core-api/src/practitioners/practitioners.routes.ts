import type { Request } from 'express';
import type { ApiRouter } from '../shared/api-router';
import type { CoreApiDeps } from '../deps';
import { createPractitioner } from './create-practitioner';
import { findPractitioner, findPractitionerPage } from './find-practitioners';
import {
  createPractitionerBody,
  listPractitionersQuery,
  practitionerDtoSchema,
  practitionerIdParams,
  practitionerPageSchema,
  updatePractitionerBody,
  verificationBody,
} from './practitioners.schemas';
import { changeVerification, editPractitioner } from './update-practitioner';

export const originOf = (req: Request) => ({ ip: req.ip, requestId: req.id, userAgent: req.get('user-agent') });

export function registerPractitionerRoutes(api: ApiRouter, deps: CoreApiDeps): void {
  api.add({
    method: 'post',
    path: '/practitioners',
    summary: 'Register a practitioner (pending until verified)',
    tags: ['practitioners'],
    access: { roles: ['admin'] },
    body: createPractitionerBody,
    response: { status: 201, description: 'The practitioner', schema: practitionerDtoSchema },
    handler: ({ body, principal, req }) => createPractitioner(deps, principal, body, originOf(req)),
  });
  api.add({
    method: 'get',
    path: '/practitioners',
    summary: 'List practitioners: verified ones for everyone, any status for admins',
    tags: ['practitioners'],
    access: { public: true },
    query: listPractitionersQuery,
    response: { status: 200, description: 'A page of practitioners', schema: practitionerPageSchema },
    handler: ({ query, principal }) => findPractitionerPage(deps, principal, query),
  });
  api.add({
    method: 'get',
    path: '/practitioners/:id',
    summary: 'One practitioner (public when verified)',
    tags: ['practitioners'],
    access: { public: true },
    params: practitionerIdParams,
    response: { status: 200, description: 'The practitioner', schema: practitionerDtoSchema },
    handler: ({ params, principal }) => findPractitioner(deps, principal, params.id),
  });
  api.add({
    method: 'patch',
    path: '/practitioners/:id',
    summary: 'Change a practitioner (admin; the practitioner themself for languages, remote offer, time zone, bio)',
    tags: ['practitioners'],
    access: { roles: ['admin', 'practitioner'] },
    params: practitionerIdParams,
    body: updatePractitionerBody,
    response: { status: 200, description: 'The practitioner', schema: practitionerDtoSchema },
    handler: ({ params, body, principal, req }) => editPractitioner(deps, principal, params.id, body, originOf(req)),
  });
  api.add({
    method: 'post',
    path: '/practitioners/:id/verification',
    summary: 'Verify, suspend or return a practitioner to pending (admin; audited)',
    tags: ['practitioners'],
    access: { roles: ['admin'] },
    params: practitionerIdParams,
    body: verificationBody,
    response: { status: 200, description: 'The practitioner', schema: practitionerDtoSchema },
    handler: ({ params, body, principal, req }) => changeVerification(deps, principal, params.id, body, originOf(req)),
  });
}
