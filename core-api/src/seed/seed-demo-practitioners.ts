import path from 'node:path';
import type { Queryable } from '@medlink/platform/db';
import { replaceRules } from '../appointments/availability.repository';
import type { AvailabilityRule } from '../appointments/compute-free-slots';
import { generateSecret, hashPassword } from '../auth/passwords';
import type { CoreApiDeps } from '../deps';
import {
  findExistingFacilityIds,
  hasAnyPractitioner,
  insertPractitioner,
  replaceAffiliations,
  setVerification,
} from '../practitioners/practitioners.repository';
import type { Specialty } from '../practitioners/specialties';
import { writeAudit } from '../shared/audit';
import { resolveSecret } from '../shared/secrets';
import { insertUser } from '../users/users.repository';

interface DemoPractitioner {
  name: string;
  email: string;
  specialties: Specialty[];
  languages: string[];
  bioFr: string;
  bioEn: string;
}

const DEMO_PRACTITIONERS: DemoPractitioner[] = [
  {
    name: 'Dr Awa Diop',
    email: 'awa.diop',
    specialties: ['general'],
    languages: ['fr', 'wo'],
    bioFr: 'Médecin généraliste',
    bioEn: 'General practitioner',
  },
  {
    name: 'Dr Chinedu Okafor',
    email: 'chinedu.okafor',
    specialties: ['general', 'internal_medicine'],
    languages: ['en', 'ig'],
    bioFr: 'Médecine interne',
    bioEn: 'Internal medicine',
  },
  {
    name: 'Dr Aminata Traoré',
    email: 'aminata.traore',
    specialties: ['obstetrics'],
    languages: ['fr', 'bm'],
    bioFr: 'Sage-femme et obstétrique',
    bioEn: 'Midwifery and obstetrics',
  },
  {
    name: 'Dr Grace Wanjiru',
    email: 'grace.wanjiru',
    specialties: ['pediatrics'],
    languages: ['en', 'sw'],
    bioFr: 'Pédiatre',
    bioEn: 'Paediatrician',
  },
  {
    name: 'Dr Jean-Paul Mbeki',
    email: 'jeanpaul.mbeki',
    specialties: ['surgery'],
    languages: ['fr', 'en', 'ln'],
    bioFr: 'Chirurgien',
    bioEn: 'Surgeon',
  },
  {
    name: 'Dr Fatou Sow',
    email: 'fatou.sow',
    specialties: ['mental_health'],
    languages: ['fr', 'wo'],
    bioFr: 'Santé mentale',
    bioEn: 'Mental health',
  },
  {
    name: 'Dr Kwame Mensah',
    email: 'kwame.mensah',
    specialties: ['dermatology'],
    languages: ['en', 'tw'],
    bioFr: 'Dermatologue',
    bioEn: 'Dermatologist',
  },
  {
    name: 'Dr Mariam Bello',
    email: 'mariam.bello',
    specialties: ['obstetrics', 'general'],
    languages: ['en', 'ha'],
    bioFr: 'Santé maternelle',
    bioEn: 'Maternal health',
  },
  {
    name: 'Dr Yves Kaboré',
    email: 'yves.kabore',
    specialties: ['ophthalmology'],
    languages: ['fr'],
    bioFr: 'Ophtalmologue',
    bioEn: 'Ophthalmologist',
  },
  {
    name: 'Dr Esther Nyambura',
    email: 'esther.nyambura',
    specialties: ['dentistry'],
    languages: ['en', 'sw'],
    bioFr: 'Chirurgienne-dentiste',
    bioEn: 'Dentist',
  },
  {
    name: 'Dr Ousmane Cissé',
    email: 'ousmane.cisse',
    specialties: ['pediatrics', 'general'],
    languages: ['fr', 'en'],
    bioFr: 'Pédiatre',
    bioEn: 'Paediatrician',
  },
  {
    name: 'Dr Ngozi Adeyemi',
    email: 'ngozi.adeyemi',
    specialties: ['mental_health', 'internal_medicine'],
    languages: ['en', 'yo', 'fr'],
    bioFr: 'Psychiatre',
    bioEn: 'Psychiatrist',
  },
];

const PENDING_PRACTITIONER: DemoPractitioner = {
  name: 'Dr Samuel Otieno',
  email: 'samuel.otieno',
  specialties: ['general'],
  languages: ['en', 'sw'],
  bioFr: 'En attente de vérification',
  bioEn: 'Awaiting verification',
};

const EMAIL_DOMAIN = 'demo.medlink.local';
const MONDAY_TO_FRIDAY = [1, 2, 3, 4, 5];

/**
 * A dozen verified practitioners, each with a staff account, a weekly schedule at one of the given
 * facilities (in its zone) and remote sessions, plus one awaiting verification. Skipped when any
 * practitioner exists. One demo password for all, generated once and kept under DATA_DIR.
 */
export async function seedDemoPractitioners(deps: CoreApiDeps, facilityIds: string[]): Promise<void> {
  if (await hasAnyPractitioner(deps.db)) return;
  if (deps.env.NODE_ENV === 'production') {
    deps.logger.warn('demo practitioners are not created in production');
    return;
  }
  const password = await resolveSecret({
    name: 'DEMO_PASSWORD',
    value: undefined,
    dataDir: deps.env.DATA_DIR,
    isProduction: false,
    generate: () => generateSecret(12),
  });
  const passwordHash = await hashPassword(password);
  const zones = await findExistingFacilityIds(deps.db, facilityIds);
  const facilities = facilityIds.filter((id) => zones.has(id));
  const emails = await deps.db.transaction(async (tx) => {
    const created: string[] = [];
    for (const [index, demo] of DEMO_PRACTITIONERS.entries()) {
      const facilityId = facilities.length > 0 ? facilities[index % facilities.length] : undefined;
      const timeZone = (facilityId && zones.get(facilityId)) || 'Africa/Lagos';
      const email = await insertDemoPractitioner(tx, {
        demo,
        passwordHash,
        facilityId,
        timeZone,
        verifiedAt: deps.clock(),
      });
      if (email) created.push(email);
    }
    const pending = await insertDemoPractitioner(tx, {
      demo: PENDING_PRACTITIONER,
      passwordHash,
      facilityId: facilities[0],
      timeZone: 'Africa/Nairobi',
    });
    if (pending) created.push(pending);
    return created;
  });
  deps.logger.info(
    { emails, passwordFile: path.join(deps.env.DATA_DIR, 'secrets', 'demo_password') },
    `demo practitioners created (${emails.length}); they share the password in this file`,
  );
}

async function insertDemoPractitioner(
  tx: Queryable,
  input: {
    demo: DemoPractitioner;
    passwordHash: string;
    facilityId: string | undefined;
    timeZone: string;
    verifiedAt?: Date;
  },
): Promise<string | undefined> {
  const { demo } = input;
  const email = `${demo.email}@${EMAIL_DOMAIN}`;
  const user = await insertUser(tx, {
    email,
    passwordHash: input.passwordHash,
    role: 'practitioner',
    displayName: demo.name,
    preferredLanguage: demo.languages.includes('fr') ? 'fr' : 'en',
  });
  if (!user) return undefined;
  const id = await insertPractitioner(tx, {
    userId: user.id,
    fullName: demo.name,
    specialties: demo.specialties,
    languages: demo.languages,
    licenceNumber: `DEMO-${demo.email.toUpperCase()}`,
    offersRemote: true,
    timeZone: input.timeZone,
    bioFr: demo.bioFr,
    bioEn: demo.bioEn,
    verificationStatus: input.verifiedAt ? 'verified' : 'pending',
  });
  if (input.verifiedAt) {
    await setVerification(tx, id, { status: 'verified', verifiedBy: null, at: input.verifiedAt, notes: 'demo data' });
  }
  await replaceAffiliations(tx, id, input.facilityId ? [input.facilityId] : []);
  await replaceRules(tx, id, demoSchedule(input.facilityId ?? null, input.timeZone));
  await writeAudit(tx, {
    system: 'demo-seed',
    action: 'practitioner.created',
    recordType: 'practitioner',
    recordId: id,
  });
  return email;
}

/** Mornings at the facility on weekdays, remote sessions on Tuesday and Thursday afternoons. */
function demoSchedule(facilityId: string | null, timeZone: string): AvailabilityRule[] {
  const base = { timeZone, validFrom: null, validUntil: null };
  const mornings = facilityId
    ? MONDAY_TO_FRIDAY.map((weekday) => ({
        ...base,
        weekday,
        startMinute: 8 * 60,
        endMinute: 12 * 60,
        slotMinutes: 30,
        facilityId,
      }))
    : [];
  const remote = [2, 4].map((weekday) => ({
    ...base,
    weekday,
    startMinute: 14 * 60,
    endMinute: 17 * 60,
    slotMinutes: 20,
    facilityId: null,
  }));
  return [...mornings, ...remote];
}
