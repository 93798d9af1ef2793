import { z } from 'zod';

/** The levels of migration 0001's `facilities.type` check, lowest care level last. */
export const FACILITY_TYPES = [
  'referral_hospital',
  'hospital',
  'health_centre',
  'clinic',
  'dispensary',
  'health_post',
  'maternity',
  'pharmacy',
] as const;
export const facilityTypeSchema = z.enum(FACILITY_TYPES);
export type FacilityType = z.infer<typeof facilityTypeSchema>;

export const FACILITY_SERVICES = [
  'outpatient',
  'emergency',
  'maternity',
  'inpatient',
  'laboratory',
  'pharmacy',
  'vaccination',
  'dental',
  'eye',
  'mental_health',
  'hiv_tb',
  'surgery',
] as const;
export const facilityServiceSchema = z.enum(FACILITY_SERVICES);
export type FacilityService = z.infer<typeof facilityServiceSchema>;

export const RESOURCE_KINDS = ['beds', 'medicine', 'equipment'] as const;
export const resourceKindSchema = z.enum(RESOURCE_KINDS);
export type ResourceKind = z.infer<typeof resourceKindSchema>;

/** Names shown to patients and staff, per language. */
export const SERVICE_LABELS: Record<FacilityService, { fr: string; en: string }> = {
  outpatient: { fr: 'consultation', en: 'outpatient care' },
  emergency: { fr: 'urgences', en: 'emergency care' },
  maternity: { fr: 'maternité', en: 'maternity' },
  inpatient: { fr: 'hospitalisation', en: 'inpatient care' },
  laboratory: { fr: 'laboratoire', en: 'laboratory' },
  pharmacy: { fr: 'pharmacie', en: 'pharmacy' },
  vaccination: { fr: 'vaccination', en: 'vaccination' },
  dental: { fr: 'soins dentaires', en: 'dental care' },
  eye: { fr: 'soins des yeux', en: 'eye care' },
  mental_health: { fr: 'santé mentale', en: 'mental health' },
  hiv_tb: { fr: 'VIH et tuberculose', en: 'HIV and TB' },
  surgery: { fr: 'chirurgie', en: 'surgery' },
};
