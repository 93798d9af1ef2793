import type { FlowAction } from './action-context';
import { countryFactsOf } from './country-facts';

/** The patient behind this identity (created on first contact: an identity, nothing clinical). */
export const resolvePatient: FlowAction<'resolvePatient'> = async (_input, context) => {
  const patient = await context.patient();
  const facts = countryFactsOf(context.contactAddress);
  return {
    patientId: patient.patientId,
    isNew: patient.consentVersion === null,
    emergencyNumber: facts.emergencyNumber,
    hotline: facts.hotline,
    areaId: facts.iso3 || null,
    ...(patient.near ? { near: patient.near } : {}),
  };
};
