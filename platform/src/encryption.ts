import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM envelope encryption for data at rest (see docs/security.md).
 * Format of every sealed value: version byte (1) | iv (12 bytes) | auth tag (16 bytes) | ciphertext.
 * `context` is bound as additional authenticated data: a value sealed for one record (a note id, a
 * file id) does not open under another, so ciphertexts cannot be swapped between rows.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
const KEY_BYTES = 32;
const WRAP_CONTEXT = 'medlink:file-key:';

export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';
}

export function encryptField(key: Buffer, plaintext: string | Buffer, context = ''): Buffer {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([
    cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext),
    cipher.final(),
  ]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

/** Opens a sealed value; a wrong key, a wrong context or any changed byte throws DecryptionError. */
export function decryptField(key: Buffer, sealed: Buffer, context = ''): Buffer {
  assertKey(key);
  if (sealed.length < HEADER_BYTES || sealed[0] !== VERSION)
    throw new DecryptionError('unknown or truncated ciphertext');
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]);
  } catch (error) {
    throw new DecryptionError('ciphertext failed authentication', { cause: error });
  }
}

export function decryptFieldText(key: Buffer, sealed: Buffer, context = ''): string {
  return decryptField(key, sealed, context).toString('utf8');
}

/** A fresh random key for one file. */
export function generateFileKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** Seals a file key under the master key; only the wrapped form is ever stored. */
export function wrapKey(masterKey: Buffer, fileKey: Buffer, fileId: string): Buffer {
  assertKey(fileKey);
  return encryptField(masterKey, fileKey, WRAP_CONTEXT + fileId);
}

export function unwrapKey(masterKey: Buffer, wrapped: Buffer, fileId: string): Buffer {
  const key = decryptField(masterKey, wrapped, WRAP_CONTEXT + fileId);
  assertKey(key);
  return key;
}

/** Files are small (MAX_FILE_BYTES, 10 MB by default), so they are sealed whole, in the field format. */
export function encryptFile(fileKey: Buffer, content: Buffer, fileId: string): Buffer {
  return encryptField(fileKey, content, fileId);
}

export function decryptFile(fileKey: Buffer, sealed: Buffer, fileId: string): Buffer {
  return decryptField(fileKey, sealed, fileId);
}

function assertKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new DecryptionError(`an AES-256 key is ${KEY_BYTES} bytes, got ${key.length}`);
}
