import type { FacilityService, FacilityType } from '../facilities/facility-vocabulary';
import type { WeeklyHours } from '../facilities/is-open-at';

/**
 * What a facility of each level usually offers in the public sector (WHO service availability levels,
 * simplified). The source file has no services: these are inferred, and a facility admin corrects them.
 */
export const SERVICES_BY_TYPE: Record<FacilityType, readonly FacilityService[]> = {
  referral_hospital: [
    'outpatient',
    'emergency',
    'inpatient',
    'maternity',
    'surgery',
    'laboratory',
    'pharmacy',
    'vaccination',
    'dental',
    'eye',
    'mental_health',
    'hiv_tb',
  ],
  hospital: [
    'outpatient',
    'emergency',
    'inpatient',
    'maternity',
    'surgery',
    'laboratory',
    'pharmacy',
    'vaccination',
    'hiv_tb',
  ],
  health_centre: ['outpatient', 'maternity', 'laboratory', 'pharmacy', 'vaccination', 'hiv_tb'],
  clinic: ['outpatient', 'laboratory', 'pharmacy', 'vaccination'],
  dispensary: ['outpatient', 'pharmacy', 'vaccination'],
  health_post: ['outpatient', 'vaccination'],
  maternity: ['maternity', 'outpatient', 'vaccination', 'laboratory'],
  pharmacy: ['pharmacy'],
};

const weekdays = (open: string, close: string): WeeklyHours => ({
  mon: [[open, close]],
  tue: [[open, close]],
  wed: [[open, close]],
  thu: [[open, close]],
  fri: [[open, close]],
  sat: [],
  sun: [],
});

/** Plausible demo schedules; `always` means 24/7 (hospitals, and maternities, which deliver at night). */
export const DEFAULT_HOURS_BY_TYPE: Record<FacilityType, WeeklyHours | 'always'> = {
  referral_hospital: 'always',
  hospital: 'always',
  maternity: 'always',
  health_centre: { ...weekdays('07:30', '17:30'), sat: [['08:00', '13:00']] },
  clinic: { ...weekdays('08:00', '18:00'), sat: [['09:00', '13:00']] },
  dispensary: weekdays('08:00', '16:30'),
  health_post: weekdays('08:00', '16:00'),
  pharmacy: { ...weekdays('08:00', '20:00'), sat: [['08:00', '20:00']], sun: [['09:00', '13:00']] },
};

/** A facility can take emergencies when it offers the emergency service: one rule, no second list to drift. */
export function inferServices(
  type: FacilityType,
  extra: readonly FacilityService[],
): { services: FacilityService[]; emergencyCapable: boolean } {
  const services = [...new Set([...SERVICES_BY_TYPE[type], ...extra])];
  return { services, emergencyCapable: services.includes('emergency') };
}
