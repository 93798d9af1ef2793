import { z } from 'zod';
import { facilityServiceSchema, type FacilityService } from '../facilities/facility-vocabulary';
import { SPECIALTIES, type Specialty } from '../practitioners/specialties';

export const specialtySchema = z.enum(SPECIALTIES);
export type { Specialty };

export const needSchema = z.union([specialtySchema, facilityServiceSchema]);
export type Need = z.infer<typeof needSchema>;

/** The facility service each specialty needs (a dermatologist sees patients in outpatient care). */
const SERVICE_FOR_SPECIALTY: Record<Specialty, FacilityService> = {
  general: 'outpatient',
  pediatrics: 'outpatient',
  obstetrics: 'maternity',
  mental_health: 'mental_health',
  dermatology: 'outpatient',
  dentistry: 'dental',
  ophthalmology: 'eye',
  surgery: 'surgery',
  internal_medicine: 'outpatient',
};

/** The practitioners who answer a need expressed as a facility service; null: a place, not a person (a lab). */
const SPECIALTY_FOR_SERVICE: Record<FacilityService, Specialty | null> = {
  outpatient: 'general',
  emergency: 'general',
  maternity: 'obstetrics',
  inpatient: null,
  laboratory: null,
  pharmacy: null,
  vaccination: 'general',
  dental: 'dentistry',
  eye: 'ophthalmology',
  mental_health: 'mental_health',
  hiv_tb: 'general',
  surgery: 'surgery',
};

export interface ResolvedNeed {
  service: FacilityService;
  specialty: Specialty | null;
  /** Bed wards that matter for this need, most specific first. */
  wards: readonly string[];
}

export function resolveNeed(need: Need): ResolvedNeed {
  const specialty = specialtySchema.safeParse(need);
  if (specialty.success) {
    const service = SERVICE_FOR_SPECIALTY[specialty.data];
    return { service, specialty: specialty.data, wards: wardsFor(service, specialty.data) };
  }
  const service = facilityServiceSchema.parse(need);
  const serviceSpecialty = SPECIALTY_FOR_SERVICE[service];
  return { service, specialty: serviceSpecialty, wards: wardsFor(service, serviceSpecialty) };
}

function wardsFor(service: FacilityService, specialty: Specialty | null): string[] {
  if (service === 'maternity') return ['maternity'];
  if (specialty === 'pediatrics') return ['pediatrics', 'general'];
  if (service === 'surgery') return ['surgery', 'general'];
  return ['general'];
}
