import { z } from 'zod';
import type { FlowAction } from './action-context';
import { expectOk } from './core-api-client';

export const submitReview: FlowAction<'submitReview'> = async (input, context) => {
  const patient = await context.patient();
  const body = {
    appointmentId: input.appointmentId,
    patientId: patient.patientId,
    rating: input.rating,
    ...(input.comment ? { comment: input.comment } : {}),
  };
  const review = expectOk(await context.api.request('POST', '/reviews', { body }), z.object({ id: z.string() }));
  return { reviewId: review.id };
};
