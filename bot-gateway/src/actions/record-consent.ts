import type { FlowAction } from './action-context';
import { expectOk } from './core-api-client';
import { z } from 'zod';

/**
 * Consent is committed by core-api before the next screen leaves. A refusal records nothing about the
 * patient (there is no consent to store) and only sets the language they read the notice in.
 */
export const recordConsent: FlowAction<'recordConsent'> = async (input, context) => {
  const patient = await context.patient();
  if (input.accepted) {
    expectOk(
      await context.api.request('POST', `/patients/${patient.patientId}/consent`, {
        body: { version: input.version, channel: context.channel },
      }),
      z.unknown(),
    );
    patient.consentVersion = input.version;
  }
  if (input.lang === 'fr' || input.lang === 'en') {
    expectOk(
      await context.api.request('PATCH', `/patients/${patient.patientId}`, { body: { language: input.lang } }),
      z.unknown(),
    );
    patient.preferredLanguage = input.lang;
  }
  return { recordedAt: context.now.toISOString() };
};
