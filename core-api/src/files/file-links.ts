import { decryptFile, unwrapKey } from '@medlink/platform/encryption';
import { writeAudit } from '../shared/audit';
import { openWithDataKeys } from '../shared/data-keys';
import { AppError, notFound } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { findActiveParticipant, findConsultation } from '../consultations/consultations.repository';
import { loadConsultationForCaller } from '../consultations/load-consultation-for-caller';
import { signFileLink, verifyFileLink } from './file-link-token';
import { findFile, type FileRow } from './files.repository';
import type { FileDeps } from './upload-consultation-file';

/** A participant's own short-lived download link (FILE_LINK_TTL_S). Others get 404, as for the consultation. */
export async function createFileLink(deps: FileDeps, principal: Principal | undefined, fileId: string) {
  const file = await findFile(deps.db, fileId);
  if (!file) throw notFound('File');
  const { consultation, participant } = await loadConsultationForCaller(deps.db, principal, file.consultation_id, {
    participantOnly: true,
  });
  if (!participant || principal?.kind !== 'user') throw notFound('File');
  const link = fileLinkFor(deps, file, {
    audience: 'practitioner',
    subject: participant.practitioner_id,
    userId: principal.userId,
    ttlSeconds: deps.env.FILE_LINK_TTL_S,
  });
  await writeAudit(deps.db, {
    principal,
    action: 'file.link',
    recordType: 'consultation_file',
    recordId: file.id,
    patientId: consultation.patient_id,
    details: { audience: 'practitioner' },
  });
  return link;
}

export function fileLinkFor(
  deps: FileDeps,
  file: FileRow,
  options: { audience: 'practitioner' | 'patient'; subject: string; userId?: string; ttlSeconds: number },
) {
  const expiresAt = new Date(deps.clock().getTime() + options.ttlSeconds * 1000);
  const token = signFileLink(deps.linkKey, {
    f: file.id,
    a: options.audience,
    s: options.subject,
    u: options.userId,
    e: Math.floor(expiresAt.getTime() / 1000),
  });
  const url = `/api/v1/files/${file.id}/content?token=${token}`;
  return { url, expiresAt: expiresAt.toISOString() };
}

/**
 * The download: a genuine unexpired token for this file, whose subject still has the right to it
 * (a practitioner still taking part, or the consultation's own patient). Anything else is 403.
 */
export async function readFileWithToken(deps: FileDeps, input: { fileId: string; token: string }) {
  const denied = () => new AppError({ code: 'forbidden', detail: 'This link is invalid or has expired' });
  const linkKeys = deps.previousLinkKey ? [deps.linkKey, deps.previousLinkKey] : [deps.linkKey];
  const claims = verifyFileLink(linkKeys, input.token, input.fileId, deps.clock());
  if (!claims) throw denied();
  const file = await findFile(deps.db, input.fileId);
  if (!file) throw denied();
  const consultation = await findConsultation(deps.db, file.consultation_id);
  if (!consultation) throw denied();
  let principal: Principal;
  if (claims.a === 'practitioner') {
    if (!claims.u || !(await findActiveParticipant(deps.db, consultation.id, claims.s))) throw denied();
    principal = { kind: 'user', userId: claims.u, role: 'practitioner' };
  } else {
    if (consultation.patient_id !== claims.s) throw denied();
    principal = { kind: 'patient', patientId: claims.s };
  }
  const sealed = await deps.storage.get(file.storage_key);
  if (!sealed) throw notFound('File');
  const fileKey = openWithDataKeys(deps.secrets, (key) => unwrapKey(key, file.wrapped_key, file.id)).value;
  const content = decryptFile(fileKey, sealed, file.id);
  await writeAudit(deps.db, {
    principal,
    action: 'file.download',
    recordType: 'consultation_file',
    recordId: file.id,
    patientId: consultation.patient_id,
    details: { audience: claims.a },
  });
  return { file, content };
}

/** RFC 6266: an ASCII fallback name plus the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii =
    fileName
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '_') || 'file';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
