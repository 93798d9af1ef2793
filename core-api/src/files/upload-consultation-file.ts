import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { encryptFile, generateFileKey, wrapKey } from '@medlink/platform/encryption';
import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import { AppError, notFound } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { findActiveParticipantIds } from '../consultations/consultations.repository';
import { publishConsultationEvent } from '../consultations/consultation-events';
import { loadConsultationForCaller } from '../consultations/load-consultation-for-caller';
import type { FileStorage } from './file-storage';
import { insertFile, toFileDto } from './files.repository';
import { contentMatchesType, parseAllowedType } from './sniff-content-type';

export interface FileDeps extends CoreApiDeps {
  storage: FileStorage;
  /** Signs new download links; derived from DATA_ENCRYPTION_KEY. */
  linkKey: Buffer;
  /** During a key rotation: derived from DATA_ENCRYPTION_KEY_PREVIOUS, so links signed before it still verify. */
  previousLinkKey?: Buffer;
}

/**
 * A participant uploads a file: a fresh key seals it (AES-256-GCM), the master key wraps that key, the
 * store only ever sees ciphertext. The object is written first; if the row cannot be, it is removed.
 */
export async function uploadConsultationFile(
  deps: FileDeps,
  principal: Principal | undefined,
  input: { consultationId: string; fileName: string; req: Request },
) {
  const { consultation, participant } = await loadConsultationForCaller(deps.db, principal, input.consultationId, {
    participantOnly: true,
  });
  if (!participant) throw notFound('Consultation');
  const contentType = parseAllowedType(input.req.get('content-type'));
  if (!contentType) {
    throw new AppError({
      code: 'unsupported_media_type',
      detail: 'Allowed types: PDF, JPEG, PNG, WebP, HEIC and plain text',
    });
  }
  const content = await readBody(input.req, deps.env.MAX_FILE_BYTES);
  if (content.length === 0)
    throw new AppError({
      code: 'validation_failed',
      detail: 'The file is empty',
      errors: [{ path: 'body', message: 'must not be empty' }],
    });
  if (!contentMatchesType(content, contentType)) {
    throw new AppError({ code: 'unsupported_media_type', detail: `The content is not ${contentType}` });
  }
  const id = randomUUID();
  const fileKey = generateFileKey();
  const storageKey = `consultations/${consultation.id}/${id}`;
  await deps.storage.put(storageKey, encryptFile(fileKey, content, id));
  const saved = await deps.db
    .transaction(async (tx) => {
      const row = await insertFile(tx, {
        id,
        consultationId: consultation.id,
        uploadedBy: participant.practitioner_id,
        fileName: input.fileName,
        contentType,
        sizeBytes: content.length,
        storageKey,
        wrappedKey: wrapKey(deps.secrets.dataKey, fileKey, id),
      });
      await writeAudit(tx, {
        principal,
        action: 'file.upload',
        recordType: 'consultation_file',
        recordId: id,
        patientId: consultation.patient_id,
        details: { consultationId: consultation.id, contentType, sizeBytes: content.length },
      });
      return { row, participantIds: await findActiveParticipantIds(tx, consultation.id) };
    })
    .catch(async (error: unknown) => {
      await deps.storage.delete(storageKey).catch(() => undefined);
      throw error;
    });
  const file = toFileDto(saved.row);
  publishConsultationEvent(deps, {
    type: 'consultation.updated',
    consultationId: consultation.id,
    practitionerIds: saved.participantIds,
    payload: { consultationId: consultation.id, change: 'file_added', file },
  });
  return file;
}

async function readBody(req: Request, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new AppError({ code: 'payload_too_large', detail: `Files are limited to ${maxBytes} bytes` });
  const declared = Number(req.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}
