import { z } from 'zod';
import type { FlowAction } from './action-context';
import { expectOk } from './core-api-client';

export const cancelAppointment: FlowAction<'cancelAppointment'> = async (input, context) => {
  const patient = await context.patient();
  const body = { reason: 'cancelled by the patient', patientId: patient.patientId };
  expectOk(await context.api.request('POST', `/appointments/${input.appointmentId}/cancel`, { body }), z.unknown());
  return { appointmentId: input.appointmentId };
};
