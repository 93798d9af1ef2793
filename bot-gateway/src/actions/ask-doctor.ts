import { z } from 'zod';
import type { FlowAction } from './action-context';
import { expectOk } from './core-api-client';

const openedSchema = z.object({ consultation: z.object({ id: z.string() }), created: z.boolean() });

/** Opens or continues the patient's consultation; a USSD patient gets the practitioner's answer by SMS. */
export const askDoctor: FlowAction<'askDoctor'> = async (input, context) => {
  const patient = await context.patient();
  const body = { patientId: patient.patientId, channel: context.pushChannel ?? context.channel, text: input.text };
  const result = expectOk(await context.api.request('POST', '/consultations', { body }), openedSchema);
  return { consultationId: result.consultation.id, isNew: result.created };
};
