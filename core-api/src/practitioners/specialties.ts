/** The specialty codes of ../shared/triage/findings.json ("specialties"); a test keeps the two in step. */
export const SPECIALTIES = [
  'general',
  'pediatrics',
  'obstetrics',
  'mental_health',
  'dermatology',
  'dentistry',
  'ophthalmology',
  'surgery',
  'internal_medicine',
] as const;

export type Specialty = (typeof SPECIALTIES)[number];
