import { createHash } from 'node:crypto';
import type { DemoResource } from './facility-import.repository';

const WARDS_BY_TYPE: Record<string, readonly string[]> = {
  referral_hospital: ['general', 'maternity', 'pediatrics', 'surgery'],
  hospital: ['general', 'maternity', 'pediatrics'],
  maternity: ['maternity'],
  health_centre: ['maternity'],
};
/** WHO essential medicines a patient most often asks about. */
const MEDICINES = [
  'paracetamol',
  'amoxicillin',
  'oral rehydration salts',
  'artemether-lumefantrine',
  'oxytocin',
  'zinc sulfate',
];
const EQUIPMENT_BY_TYPE: Record<string, readonly string[]> = {
  referral_hospital: ['oxygen concentrator', 'x-ray', 'ultrasound'],
  hospital: ['oxygen concentrator', 'ultrasound'],
  health_centre: ['delivery kit'],
  maternity: ['delivery kit', 'ultrasound'],
  clinic: ['blood pressure monitor'],
};

/**
 * Plausible, deterministic demo stock for one facility in `everyNth` (beds by ward, essential medicines,
 * equipment). A quarter are published days ago, so the demo shows stale figures being discounted.
 */
export function buildDemoResources(
  facilities: readonly { id: string; type: string }[],
  now: Date,
  options: { everyNth: number; staleAfterHours: number },
): DemoResource[] {
  const resources: DemoResource[] = [];
  facilities.forEach((facility, index) => {
    if (index % options.everyNth !== 0) return;
    const roll = (salt: string) => createHash('sha256').update(`${facility.id}:${salt}`).digest().readUInt32BE(0);
    const ageHours = roll('age') % 4 === 0 ? options.staleAfterHours + 24 + (roll('old') % 72) : roll('fresh') % 12;
    const updatedAt = new Date(now.getTime() - ageHours * 3_600_000);
    for (const ward of WARDS_BY_TYPE[facility.type] ?? []) {
      resources.push({
        facilityId: facility.id,
        kind: 'beds',
        item: ward,
        quantity: roll(ward) % 9,
        available: true,
        updatedAt,
      });
    }
    for (const medicine of MEDICINES) {
      const inStock = roll(medicine) % 5 !== 0;
      resources.push({
        facilityId: facility.id,
        kind: 'medicine',
        item: medicine,
        quantity: null,
        available: inStock,
        updatedAt,
      });
    }
    for (const equipment of EQUIPMENT_BY_TYPE[facility.type] ?? []) {
      const working = roll(equipment) % 6 !== 0;
      resources.push({
        facilityId: facility.id,
        kind: 'equipment',
        item: equipment,
        quantity: null,
        available: working,
        updatedAt,
      });
    }
  });
  return resources;
}
