import { DecryptionError } from '@medlink/platform/encryption';

/**
 * The master key new values are sealed under (DATA_ENCRYPTION_KEY) and, during a rotation, the key older
 * values may still be sealed under (DATA_ENCRYPTION_KEY_PREVIOUS). See docs/operations.md, "Rotate secrets".
 */
export interface DataKeys {
  dataKey: Buffer;
  previousDataKey?: Buffer;
}

/**
 * Opens a sealed value with the current key or, when one is set, the previous key. AES-GCM authentication
 * tells which key sealed it: a wrong key fails with DecryptionError, never with wrong plaintext. A value
 * that neither key opens throws DecryptionError; any other error is not a key question and is not retried.
 */
export function openWithDataKeys<T>(keys: DataKeys, open: (key: Buffer) => T): { value: T; isCurrentKey: boolean } {
  const previous = keys.previousDataKey;
  try {
    return { value: open(keys.dataKey), isCurrentKey: true };
  } catch (error) {
    if (!(error instanceof DecryptionError) || !previous) throw error;
    return { value: open(previous), isCurrentKey: false };
  }
}
