import { decryptField, encryptField, unwrapKey, wrapKey } from '@medlink/platform/encryption';
import { noteContext } from '../consultations/get-consultation-timeline';

/** A column whose values are sealed under the master key (DATA_ENCRYPTION_KEY), each bound to its row's id. */
export interface SealedColumn {
  table: string;
  column: string;
  open: (key: Buffer, sealed: Buffer, id: string) => Buffer;
  seal: (key: Buffer, plaintext: Buffer, id: string) => Buffer;
}

/**
 * Every column sealed under the master key (docs/security.md, "Encryption at rest"). The key rotation job
 * re-seals exactly these; a test fails when the schema gains a bytea column that is not listed here.
 * File bodies are not here: they are sealed under their own file key, which `wrapped_key` holds.
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  {
    table: 'consultation_notes',
    column: 'body_ciphertext',
    open: (key, sealed, id) => decryptField(key, sealed, noteContext(id)),
    seal: (key, text, id) => encryptField(key, text, noteContext(id)),
  },
  {
    table: 'consultation_files',
    column: 'wrapped_key',
    open: (key, sealed, id) => unwrapKey(key, sealed, id),
    seal: (key, fileKey, id) => wrapKey(key, fileKey, id),
  },
];

export const columnName = (sealed: SealedColumn) => `${sealed.table}.${sealed.column}`;
