import type { ApiRouter } from '../shared/api-router';
import type { CoreApiDeps } from '../deps';
import { originOf } from '../practitioners/practitioners.routes';
import {
  appointmentDtoSchema,
  appointmentIdParams,
  appointmentPageSchema,
  appointmentReadQuery,
  bookAppointmentBody,
  listAppointmentsQuery,
  optionalReasonBody,
  reasonBody,
  rescheduleBody,
} from './appointments.schemas';
import { registerAvailabilityRoutes } from './availability.routes';
import { bookAppointment } from './book-appointment';
import { changeAppointmentStatus, rescheduleAppointment } from './change-appointment';
import { findAppointment, findAppointmentPage } from './find-appointments';

const staffAndGateway = { roles: ['practitioner', 'admin'], scopes: ['gateway'] } as const;
const staffOnly = { roles: ['practitioner', 'admin'] } as const;

export function registerAppointmentRoutes(api: ApiRouter, deps: CoreApiDeps): void {
  registerAvailabilityRoutes(api, deps);
  api.add({
    method: 'post',
    path: '/appointments',
    summary: 'Book an offered slot (the gateway for a patient, a practitioner for themself, an admin)',
    tags: ['appointments'],
    access: staffAndGateway,
    body: bookAppointmentBody,
    response: { status: 201, description: 'The appointment, requested', schema: appointmentDtoSchema },
    handler: ({ body, principal, req }) => bookAppointment(deps, principal, body, originOf(req)),
  });
  api.add({
    method: 'get',
    path: '/appointments',
    summary: 'List appointments (practitioners: their own; the gateway: one patient with patientId)',
    tags: ['appointments'],
    access: staffAndGateway,
    query: listAppointmentsQuery,
    response: { status: 200, description: 'A page of appointments', schema: appointmentPageSchema },
    handler: ({ query, principal, req }) => findAppointmentPage(deps, principal, query, originOf(req)),
  });
  api.add({
    method: 'get',
    path: '/appointments/:id',
    summary: 'One appointment (audited)',
    tags: ['appointments'],
    access: staffAndGateway,
    params: appointmentIdParams,
    query: appointmentReadQuery,
    response: { status: 200, description: 'The appointment', schema: appointmentDtoSchema },
    handler: ({ params, query, principal, req }) =>
      findAppointment(deps, principal, { id: params.id, patientId: query.patientId }, originOf(req)),
  });
  const statusRoutes = [
    {
      segment: 'confirm',
      action: 'confirm',
      summary: 'Confirm a requested appointment',
      access: staffOnly,
      body: optionalReasonBody,
    },
    {
      segment: 'decline',
      action: 'decline',
      summary: 'Decline a requested appointment',
      access: staffOnly,
      body: reasonBody,
    },
    {
      segment: 'cancel',
      action: 'cancel',
      summary: 'Cancel (the patient through the gateway, the practitioner, an admin)',
      access: staffAndGateway,
      body: reasonBody,
    },
    {
      segment: 'complete',
      action: 'complete',
      summary: 'Mark a confirmed appointment completed',
      access: staffOnly,
      body: optionalReasonBody,
    },
    {
      segment: 'no-show',
      action: 'no_show',
      summary: 'Mark a confirmed appointment as a no-show',
      access: staffOnly,
      body: optionalReasonBody,
    },
  ] as const;
  for (const route of statusRoutes) {
    api.add({
      method: 'post',
      path: `/appointments/:id/${route.segment}`,
      summary: route.summary,
      tags: ['appointments'],
      access: route.access,
      params: appointmentIdParams,
      body: route.body,
      response: { status: 200, description: 'The appointment', schema: appointmentDtoSchema },
      handler: ({ params, body, principal, req }) =>
        changeAppointmentStatus(
          deps,
          principal,
          { id: params.id, action: route.action, reason: body?.reason, patientId: body?.patientId },
          originOf(req),
        ),
    });
  }
  api.add({
    method: 'post',
    path: '/appointments/:id/reschedule',
    summary: 'Move to another offered slot: the new slot is held or nothing changes',
    tags: ['appointments'],
    access: staffAndGateway,
    params: appointmentIdParams,
    body: rescheduleBody,
    response: { status: 200, description: 'The appointment', schema: appointmentDtoSchema },
    handler: ({ params, body, principal, req }) =>
      rescheduleAppointment(
        deps,
        principal,
        { id: params.id, startsAt: body.startsAt, patientId: body.patientId },
        originOf(req),
      ),
  });
}
