import type { Queryable } from '@medlink/platform/db';

export interface FileRow {
  id: string;
  consultation_id: string;
  uploaded_by: string;
  file_name: string;
  content_type: string;
  size_bytes: string;
  storage_key: string;
  wrapped_key: Buffer;
  created_at: Date;
}

const FILE_COLUMNS =
  'id, consultation_id, uploaded_by, file_name, content_type, size_bytes, storage_key, wrapped_key, created_at';

export async function insertFile(
  db: Queryable,
  file: {
    id: string;
    consultationId: string;
    uploadedBy: string;
    fileName: string;
    contentType: string;
    sizeBytes: number;
    storageKey: string;
    wrappedKey: Buffer;
  },
): Promise<FileRow> {
  const result = await db.query<FileRow>(
    `INSERT INTO consultation_files (id, consultation_id, uploaded_by, file_name, content_type, size_bytes, storage_key, wrapped_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${FILE_COLUMNS}`,
    [
      file.id,
      file.consultationId,
      file.uploadedBy,
      file.fileName,
      file.contentType,
      file.sizeBytes,
      file.storageKey,
      file.wrappedKey,
    ],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findFile(db: Queryable, id: string): Promise<FileRow | undefined> {
  const result = await db.query<FileRow>(`SELECT ${FILE_COLUMNS} FROM consultation_files WHERE id = $1`, [id]);
  return result.rows[0];
}

export async function findFilesOfConsultation(db: Queryable, consultationId: string): Promise<FileRow[]> {
  const result = await db.query<FileRow>(
    `SELECT ${FILE_COLUMNS} FROM consultation_files WHERE consultation_id = $1 ORDER BY created_at, id`,
    [consultationId],
  );
  return result.rows;
}

export function toFileDto(row: FileRow) {
  return {
    id: row.id,
    consultationId: row.consultation_id,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at.toISOString(),
  };
}
