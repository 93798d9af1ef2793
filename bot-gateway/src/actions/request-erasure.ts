import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { FlowAction } from './action-context';
import { expectOk } from './core-api-client';

const erasureSchema = z.object({ requestId: z.string(), completedAt: z.string() });

/**
 * core-api erases at once, rewriting the patient's message rows, so the call waits for the step that
 * holds one of them locked to commit. The gateway then forgets what it cached about the contact.
 */
export const requestErasure: FlowAction<'requestErasure'> = async (_input, context) => {
  const patient = await context.patient();
  let requestId: string = randomUUID();
  await context.afterCommit(async () => {
    const erasure = expectOk(
      await context.api.request('POST', `/patients/${patient.patientId}/erasure`, {
        body: { channel: context.channel },
      }),
      erasureSchema,
    );
    requestId = erasure.requestId;
  });
  await context.forgetPatient();
  return { requestId: requestId.slice(0, 8), dueBy: context.now.toISOString().slice(0, 10) };
};
