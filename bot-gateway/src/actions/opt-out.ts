import { z } from 'zod';
import type { FlowAction } from './action-context';
import { expectOk } from './core-api-client';

/** STOP is committed by core-api before the confirmation leaves; from then on only answers are sent. */
export const optOut: FlowAction<'optOut'> = async (_input, context) => {
  const patient = await context.patient();
  expectOk(
    await context.api.request('POST', `/patients/${patient.patientId}/opt-out`, { body: { channel: context.channel } }),
    z.unknown(),
  );
  patient.optedOut = true;
  return { optedOutAt: context.now.toISOString() };
};
