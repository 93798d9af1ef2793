import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * DATA_ENCRYPTION_KEY (and DATA_ENCRYPTION_KEY_PREVIOUS during a rotation) is 32 bytes as 64 hex characters
 * or base64. In the embedded demo (no key set, not production) a key is generated once and kept under
 * DATA_DIR so a restart can still decrypt.
 */
export function parseDataKey(value: string, name = 'DATA_ENCRYPTION_KEY'): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes (64 hex characters or base64)`);
  return key;
}

export async function resolveSecret(options: {
  name: string;
  value: string | undefined;
  dataDir: string;
  isProduction: boolean;
  generate: () => string;
}): Promise<string> {
  if (options.value) return options.value;
  if (options.isProduction) throw new Error(`${options.name} must be set in production`);
  const file = path.join(options.dataDir, 'secrets', options.name.toLowerCase());
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const generated = options.generate();
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, generated, { mode: 0o600, flag: 'wx' }).catch(async () => undefined);
    return (await readFile(file, 'utf8')).trim();
  }
}

export const generateHexKey = () => randomBytes(32).toString('hex');
