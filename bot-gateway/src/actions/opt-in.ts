import { z } from 'zod';
import type { FlowAction } from './action-context';
import { expectOk } from './core-api-client';

export const optIn: FlowAction<'optIn'> = async (_input, context) => {
  const patient = await context.patient();
  expectOk(
    await context.api.request('POST', `/patients/${patient.patientId}/opt-in`, { body: { channel: context.channel } }),
    z.unknown(),
  );
  patient.optedOut = false;
  return { optedInAt: context.now.toISOString() };
};
