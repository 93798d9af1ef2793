import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import type { Principal } from '../shared/principal';
import type { Identity } from './normalize-identity';
import {
  findPatientById,
  findPatientIdByIdentity,
  insertIdentityIfFree,
  insertPatient,
  listIdentities,
} from './patients.repository';
import { toResolvedPatientDto } from './to-patient-dto';

class IdentityTakenMeanwhile extends Error {}

/**
 * Finds the patient behind a channel identity, or creates one. Concurrent first messages from one
 * phone race on the identity's unique key: the losers roll back their patient and read the winner's.
 */
export async function resolvePatient(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  input: { identity: Identity; channel: string; language?: 'fr' | 'en' },
) {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const existingId = await findPatientIdByIdentity(deps.db, input.identity);
    const patientId = existingId ?? (await createPatient(deps, principal, input));
    if (!patientId) continue;
    const [row, identities] = await Promise.all([
      findPatientById(deps.db, patientId),
      listIdentities(deps.db, patientId),
    ]);
    if (row) return toResolvedPatientDto(row, identities);
  }
  throw new Error('patient resolution did not settle after 3 attempts');
}

async function createPatient(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  input: { identity: Identity; channel: string; language?: 'fr' | 'en' },
): Promise<string | undefined> {
  try {
    return await deps.db.transaction(async (tx) => {
      const patientId = await insertPatient(tx, { language: input.language ?? 'fr', at: deps.clock() });
      if (!(await insertIdentityIfFree(tx, patientId, input.identity))) throw new IdentityTakenMeanwhile();
      await writeAudit(tx, {
        principal,
        action: 'patient.create',
        recordType: 'patient',
        recordId: patientId,
        patientId,
        details: { channel: input.channel, kind: input.identity.kind },
      });
      return patientId;
    });
  } catch (error) {
    if (error instanceof IdentityTakenMeanwhile) return undefined;
    throw error;
  }
}
