import type { ApiRouter } from '../shared/api-router';
import type { CoreApiDeps } from '../deps';
import { AppError } from '../shared/errors';
import { toMessageDto } from '../messages/to-message-dto';
import { registerFileRoutes } from '../files/files.routes';
import { addConsultationNote } from './add-consultation-note';
import { changeConsultationStatus } from './change-consultation-status';
import { toConsultationSummaryDto } from './consultation-events';
import {
  consultationIdParams,
  consultationSummarySchema,
  idempotencyKeySchema,
  inboxPage,
  inboxQuery,
  noteBody,
  noteResponse,
  openConsultationBody,
  openConsultationResponse,
  participantsResponse,
  practitionerBody,
  readResponse,
  replyBody,
  replyResponse,
  statusBody,
  timelineResponse,
} from './consultations.schemas';
import { getConsultationTimeline } from './get-consultation-timeline';
import { listInbox } from './list-inbox';
import { handOverConsultation, inviteParticipant } from './manage-participants';
import { markConsultationRead } from './mark-consultation-read';
import { openConsultation } from './open-consultation';
import { replyToConsultation } from './reply-to-consultation';

const tags = ['consultations'];
const practitioners = { roles: ['practitioner'] } as const;
const staff = { roles: ['practitioner', 'admin'] } as const;

export function registerConsultationRoutes(api: ApiRouter, deps: CoreApiDeps): void {
  api.add({
    method: 'post',
    path: '/consultations',
    summary: "A patient's question through the gateway: opens (and routes) or continues their live consultation",
    tags,
    access: { roles: [], scopes: ['gateway'] },
    body: openConsultationBody,
    response: { status: 201, description: 'Opened (201) or continued (200)', schema: openConsultationResponse },
    handler: async ({ body, principal, res }) => {
      const result = await openConsultation(deps, principal, body);
      res.status(result.created ? 201 : 200).json({
        consultation: toConsultationSummaryDto(result.consultation),
        created: result.created,
        message: result.message ? toMessageDto(result.message) : null,
      });
    },
  });

  api.add({
    method: 'get',
    path: '/consultations',
    summary: 'The inbox: consultations the practitioner takes part in (all for an admin), newest activity first',
    tags,
    access: staff,
    query: inboxQuery,
    response: { status: 200, description: 'A page of consultations', schema: inboxPage },
    handler: ({ query, principal }) => listInbox(deps, principal, query),
  });

  api.add({
    method: 'get',
    path: '/consultations/:id',
    summary: 'The timeline: triage, messages with delivery history, appointments, files, activity and notes',
    tags,
    access: staff,
    params: consultationIdParams,
    response: { status: 200, description: 'The consultation and its timeline', schema: timelineResponse },
    handler: ({ params, principal }) => getConsultationTimeline(deps, principal, params.id),
  });

  api.add({
    method: 'post',
    path: '/consultations/:id/read',
    summary: 'Marks the consultation read for the calling practitioner',
    tags,
    access: practitioners,
    params: consultationIdParams,
    response: { status: 200, description: 'Read up to now', schema: readResponse },
    handler: ({ params, principal }) => markConsultationRead(deps, principal, params.id),
  });

  api.add({
    method: 'post',
    path: '/consultations/:id/messages',
    summary: "A practitioner's reply, queued for the patient's channel (Idempotency-Key header honoured)",
    tags,
    access: practitioners,
    params: consultationIdParams,
    body: replyBody,
    response: { status: 201, description: 'Queued; with the channel limits', schema: replyResponse },
    handler: ({ params, body, principal, req }) =>
      replyToConsultation(deps, principal, {
        consultationId: params.id,
        text: body.text,
        idempotencyKey: parseIdempotencyKey(req.get('idempotency-key')),
      }),
  });

  api.add({
    method: 'post',
    path: '/consultations/:id/participants',
    summary: 'Invites a verified colleague into the consultation',
    tags,
    access: practitioners,
    params: consultationIdParams,
    body: practitionerBody,
    response: { status: 200, description: 'The participants', schema: participantsResponse },
    handler: ({ params, body, principal }) =>
      inviteParticipant(deps, principal, { consultationId: params.id, practitionerId: body.practitionerId }),
  });

  api.add({
    method: 'post',
    path: '/consultations/:id/handover',
    summary: 'Hands the consultation over to a verified colleague (owner or admin)',
    tags,
    access: staff,
    params: consultationIdParams,
    body: practitionerBody,
    response: { status: 200, description: 'The new owner and participants', schema: participantsResponse },
    handler: ({ params, body, principal }) =>
      handOverConsultation(deps, principal, { consultationId: params.id, practitionerId: body.practitionerId }),
  });

  api.add({
    method: 'post',
    path: '/consultations/:id/status',
    summary: 'Opens, snoozes or resolves the consultation',
    tags,
    access: staff,
    params: consultationIdParams,
    body: statusBody,
    response: { status: 200, description: 'The consultation', schema: consultationSummarySchema },
    handler: ({ params, body, principal }) =>
      changeConsultationStatus(deps, principal, { consultationId: params.id, status: body.status }),
  });

  api.add({
    method: 'post',
    path: '/consultations/:id/notes',
    summary: 'Adds a private note (encrypted at rest, never shown to the patient or the gateway)',
    tags,
    access: practitioners,
    params: consultationIdParams,
    body: noteBody,
    response: { status: 201, description: 'The note', schema: noteResponse },
    handler: ({ params, body, principal }) =>
      addConsultationNote(deps, principal, { consultationId: params.id, text: body.text }),
  });

  registerFileRoutes(api, deps);
}

function parseIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError({
    code: 'validation_failed',
    detail: 'The Idempotency-Key header is invalid',
    errors: [{ path: 'headers.idempotency-key', message: parsed.error.issues[0]?.message ?? 'invalid' }],
  });
}
