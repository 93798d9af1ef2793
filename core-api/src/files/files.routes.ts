import { z } from 'zod';
import type { ApiRouter } from '../shared/api-router';
import type { CoreApiDeps } from '../deps';
import { idempotencyKeySchema } from '../consultations/consultations.schemas';
import { AppError } from '../shared/errors';
import { channelLimitsSchema } from '../messages/message-channels';
import { messageDtoSchema } from '../messages/to-message-dto';
import { deriveLinkKey } from './file-link-token';
import { contentDisposition, createFileLink, readFileWithToken } from './file-links';
import { createFileStorage } from './file-storage';
import { sendFileToPatient } from './send-file-to-patient';
import { uploadConsultationFile, type FileDeps } from './upload-consultation-file';

const tags = ['files'];
const practitioners = { roles: ['practitioner'] } as const;

const fileDtoSchema = z
  .object({
    id: z.string(),
    consultationId: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number(),
    uploadedBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'ConsultationFile' });

const fileName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine(
    (value) =>
      ![...value].some(
        (char) => char === '/' || char === '\\' || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f,
      ),
    'must not contain slashes or control characters',
  );

/** Registered from registerConsultationRoutes: files belong to consultations. */
export function registerFileRoutes(api: ApiRouter, coreDeps: CoreApiDeps): void {
  const deps: FileDeps = {
    ...coreDeps,
    storage: createFileStorage(coreDeps.env),
    linkKey: deriveLinkKey(coreDeps.secrets.dataKey),
    previousLinkKey: coreDeps.secrets.previousDataKey && deriveLinkKey(coreDeps.secrets.previousDataKey),
  };

  api.add({
    method: 'post',
    path: '/consultations/:id/files',
    summary: 'Uploads a file (raw body with its Content-Type; PDF, JPEG, PNG, WebP, HEIC or text), stored encrypted',
    tags,
    access: practitioners,
    params: z.object({ id: z.uuid() }),
    query: z.object({ fileName }),
    response: { status: 201, description: 'The stored file', schema: fileDtoSchema },
    handler: ({ params, query, principal, req }) =>
      uploadConsultationFile(deps, principal, { consultationId: params.id, fileName: query.fileName, req }),
  });

  api.add({
    method: 'post',
    path: '/files/:id/link',
    summary: 'A short-lived signed download link for a participant (FILE_LINK_TTL_S)',
    tags,
    access: practitioners,
    params: z.object({ id: z.uuid() }),
    response: { status: 200, description: 'The link', schema: z.object({ url: z.string(), expiresAt: z.string() }) },
    handler: ({ params, principal }) => createFileLink(deps, principal, params.id),
  });

  api.add({
    method: 'get',
    path: '/files/:id/content',
    summary: 'Downloads a file with a signed link token; an invalid, tampered or expired token gets 403',
    tags,
    access: { public: true },
    params: z.object({ id: z.uuid() }),
    query: z.object({ token: z.string().min(1).max(2000) }),
    response: { status: 200, description: 'The file, decrypted' },
    handler: async ({ params, query, res }) => {
      const { file, content } = await readFileWithToken(deps, { fileId: params.id, token: query.token });
      res
        .status(200)
        .set({
          'Content-Type': file.content_type === 'text/plain' ? 'text/plain; charset=utf-8' : file.content_type,
          'Content-Disposition': contentDisposition(file.file_name),
          'Content-Length': String(content.length),
          'Cache-Control': 'private, no-store',
          'X-Content-Type-Options': 'nosniff',
        })
        .end(content);
    },
  });

  api.add({
    method: 'post',
    path: '/files/:id/send-to-patient',
    summary: "Queues a message to the patient with a link to the file, in the patient's language",
    tags,
    access: practitioners,
    params: z.object({ id: z.uuid() }),
    response: {
      status: 201,
      description: 'Queued',
      schema: z.object({ message: messageDtoSchema, limits: channelLimitsSchema, replayed: z.boolean() }),
    },
    handler: ({ params, principal, req }) => {
      const header = req.get('idempotency-key');
      const key = header === undefined ? undefined : idempotencyKeySchema.safeParse(header);
      if (key && !key.success) {
        throw new AppError({
          code: 'validation_failed',
          detail: 'The Idempotency-Key header is invalid',
          errors: [{ path: 'headers.idempotency-key', message: 'must be 8 to 200 printable ASCII characters' }],
        });
      }
      return sendFileToPatient(deps, principal, { fileId: params.id, idempotencyKey: key?.data });
    },
  });
}
