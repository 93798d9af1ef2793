import type { Request } from 'express';
import type { CoreApiDeps } from '../deps';
import type { ApiRouter } from '../shared/api-router';
import { writeAudit } from '../shared/audit';
import { pageSchema, toPage } from '../shared/pagination';
import { decodeTimeCursor } from '../users/decode-time-cursor';
import { erasePatient } from './erase-patient';
import { addressSpellings, normalizeIdentity } from './normalize-identity';
import { listPatients } from './patients.repository';
import {
  channelBodySchema,
  consentBodySchema,
  erasureSchema,
  linkIdentityBodySchema,
  listPatientsQuerySchema,
  patchPatientBodySchema,
  patientIdParamsSchema,
  patientSchema,
  resolveBodySchema,
  resolvedPatientSchema,
} from './patients.schemas';
import { readPatient } from './read-patient';
import { resolvePatient } from './resolve-patient';
import { toPatientDto } from './to-patient-dto';
import { updatePatient } from './update-patient';

const gatewayOnly = { roles: [], scopes: ['gateway'] } as const;
/** Support staff may record a STOP or an erasure a patient asked for by other means. */
const gatewayOrAdmin = { roles: ['admin'], scopes: ['gateway'] } as const;
const originOf = (req: Request) => ({ ip: req.ip, requestId: req.id });
const tags = ['patients'];

export function registerPatientRoutes(api: ApiRouter, deps: CoreApiDeps): void {
  api.add({
    method: 'post',
    path: '/patients/resolve',
    summary: 'Find or create the patient behind a channel identity',
    tags,
    access: gatewayOnly,
    body: resolveBodySchema,
    response: { status: 200, description: 'The patient, as the gateway needs it', schema: resolvedPatientSchema },
    handler: ({ body, principal }) => resolvePatient(deps, principal, body),
  });

  api.add({
    method: 'get',
    path: '/patients',
    summary: 'List patients, newest first (admin)',
    tags,
    access: { roles: ['admin'] },
    query: listPatientsQuerySchema,
    response: { status: 200, description: 'A page of patients', schema: pageSchema(patientSchema) },
    handler: async ({ query, principal, req }) => {
      const phone = query.phone
        ? (normalizeIdentity('phone', query.phone) ?? normalizeIdentity('whatsapp', query.phone))
        : undefined;
      const addresses = query.phone ? (phone ? addressSpellings(phone) : [query.phone]) : undefined;
      const rows = await listPatients(deps.db, { ...query, addresses, after: decodeTimeCursor(query.cursor) });
      await writeAudit(deps.db, {
        principal,
        action: 'patient.list',
        origin: originOf(req),
        details: { count: Math.min(rows.length, query.limit) },
      });
      return toPage(
        rows,
        query.limit,
        (row) => toPatientDto(row, undefined),
        (row) => ({ sortKey: row.sort_key, id: row.id }),
      );
    },
  });

  api.add({
    method: 'get',
    path: '/patients/:id',
    summary: 'A patient (gateway, admin, or a practitioner who follows them)',
    tags,
    access: { roles: ['admin', 'practitioner'], scopes: ['gateway'] },
    params: patientIdParamsSchema,
    response: { status: 200, description: 'The patient', schema: patientSchema },
    handler: ({ params, principal, req }) => readPatient(deps, principal, params.id, originOf(req)),
  });

  api.add({
    method: 'patch',
    path: '/patients/:id',
    summary: 'Change language, name, birth year, sex or location',
    tags,
    access: gatewayOnly,
    params: patientIdParamsSchema,
    body: patchPatientBodySchema,
    response: { status: 200, description: 'The patient', schema: patientSchema },
    handler: ({ params, body, principal }) => updatePatient(deps, principal, params.id, { kind: 'patch', patch: body }),
  });

  api.add({
    method: 'post',
    path: '/patients/:id/consent',
    summary: 'Record the consent the patient gave (version of the notice, channel)',
    tags,
    access: gatewayOnly,
    params: patientIdParamsSchema,
    body: consentBodySchema,
    response: { status: 200, description: 'The patient', schema: patientSchema },
    handler: ({ params, body, principal }) => updatePatient(deps, principal, params.id, { kind: 'consent', ...body }),
  });

  api.add({
    method: 'post',
    path: '/patients/:id/identities',
    summary: 'Link a second identity (another phone, a WhatsApp id)',
    tags,
    access: gatewayOnly,
    params: patientIdParamsSchema,
    body: linkIdentityBodySchema,
    response: { status: 200, description: 'The patient with its identities', schema: patientSchema },
    handler: ({ params, body, principal }) =>
      updatePatient(deps, principal, params.id, { kind: 'link-identity', identity: body.identity }),
  });

  api.add({
    method: 'post',
    path: '/patients/:id/opt-out',
    summary: 'STOP: no more messages the patient did not ask for',
    tags,
    access: gatewayOrAdmin,
    params: patientIdParamsSchema,
    body: channelBodySchema,
    response: { status: 200, description: 'The patient', schema: patientSchema },
    handler: ({ params, body, principal }) =>
      updatePatient(deps, principal, params.id, { kind: 'opt-out', channel: body.channel }),
  });

  api.add({
    method: 'post',
    path: '/patients/:id/opt-in',
    summary: 'Undo a STOP',
    tags,
    access: gatewayOrAdmin,
    params: patientIdParamsSchema,
    body: channelBodySchema,
    response: { status: 200, description: 'The patient', schema: patientSchema },
    handler: ({ params, body, principal }) =>
      updatePatient(deps, principal, params.id, { kind: 'opt-in', channel: body.channel }),
  });

  api.add({
    method: 'post',
    path: '/patients/:id/erasure',
    summary: 'Erase the patient (docs/policies/erasure.md): recorded and carried out at once',
    tags,
    access: gatewayOrAdmin,
    params: patientIdParamsSchema,
    body: channelBodySchema,
    response: { status: 200, description: 'The completed erasure', schema: erasureSchema },
    handler: ({ params, body, principal }) =>
      erasePatient(deps, principal, { patientId: params.id, channel: body.channel }),
  });
}
