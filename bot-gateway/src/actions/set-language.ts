import { z } from 'zod';
import type { FlowAction } from './action-context';
import { expectOk } from './core-api-client';

export const setLanguage: FlowAction<'setLanguage'> = async (input, context) => {
  const patient = await context.patient();
  if (input.lang !== 'fr' && input.lang !== 'en') return { lang: input.lang };
  expectOk(
    await context.api.request('PATCH', `/patients/${patient.patientId}`, { body: { language: input.lang } }),
    z.unknown(),
  );
  patient.preferredLanguage = input.lang;
  return { lang: input.lang };
};
