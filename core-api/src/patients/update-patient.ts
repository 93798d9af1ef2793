import type { Queryable } from '@medlink/platform/db';
import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import { AppError, notFound } from '../shared/errors';
import type { Principal } from '../shared/principal';
import type { Identity } from './normalize-identity';
import {
  findPatientById,
  findPatientIdByIdentity,
  insertIdentityIfFree,
  listIdentities,
  updatePatientColumns,
  type PatientColumnChanges,
} from './patients.repository';
import type { PatientPatch } from './patients.schemas';
import { toPatientDto } from './to-patient-dto';

type Change =
  | { kind: 'patch'; patch: PatientPatch }
  | { kind: 'consent'; version: string; channel: string }
  | { kind: 'opt-out'; channel: string }
  | { kind: 'opt-in'; channel: string }
  | { kind: 'link-identity'; identity: Identity };

/** One audited change of a living (not erased) patient; answers the patient as the gateway sees it. */
export async function updatePatient(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  patientId: string,
  change: Change,
) {
  return deps.db.transaction(async (tx) => {
    const patient = await findPatientById(tx, patientId, { forUpdate: true });
    if (!patient) throw notFound('Patient');
    if (patient.erased_at)
      throw new AppError({
        code: 'invalid_state',
        detail: 'This patient was erased; a new message creates a new patient',
      });
    const at = deps.clock();
    if (change.kind === 'link-identity') await linkIdentity(tx, patient.id, change.identity);
    else await updatePatientColumns(tx, patient.id, columnChanges(change, at), at);
    await writeAudit(tx, {
      principal,
      action: `patient.${change.kind.replace('-', '_')}`,
      recordType: 'patient',
      recordId: patient.id,
      patientId: patient.id,
      details: auditDetails(change),
    });
    const [row, identities] = await Promise.all([findPatientById(tx, patient.id), listIdentities(tx, patient.id)]);
    if (!row) throw notFound('Patient');
    return toPatientDto(row, identities);
  });
}

async function linkIdentity(tx: Queryable, patientId: string, identity: Identity): Promise<void> {
  if (await insertIdentityIfFree(tx, patientId, identity)) return;
  if ((await findPatientIdByIdentity(tx, identity)) !== patientId) {
    throw new AppError({
      code: 'conflict',
      detail: 'This identity belongs to another patient',
      errors: [{ path: 'body.identity.address', message: 'already linked' }],
    });
  }
}

function columnChanges(change: Exclude<Change, { kind: 'link-identity' }>, at: Date): PatientColumnChanges {
  if (change.kind === 'consent')
    return { consent_version: change.version, consent_at: at, consent_channel: change.channel };
  if (change.kind === 'opt-out') return { opted_out_at: at };
  if (change.kind === 'opt-in') return { opted_out_at: null };
  const { patch } = change;
  const location = patch.location;
  return {
    preferred_language: patch.language,
    display_name: patch.displayName,
    birth_year: patch.birthYear,
    sex: patch.sex,
    ...(location === null
      ? { country_iso3: null, admin_area: null, lat: null, lon: null }
      : location
        ? {
            country_iso3: location.countryIso3,
            admin_area: location.adminArea ?? null,
            lat: location.lat ?? null,
            lon: location.lon ?? null,
          }
        : {}),
  };
}

/** Names of what changed, never the values: the audit log holds no patient data. */
function auditDetails(change: Change): Record<string, unknown> {
  if (change.kind === 'patch') return { fields: Object.keys(change.patch) };
  if (change.kind === 'consent') return { version: change.version, channel: change.channel };
  if (change.kind === 'link-identity') return { kind: change.identity.kind };
  return { channel: change.channel };
}
