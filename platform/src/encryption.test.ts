import { randomBytes } from 'node:crypto';
import {
  DecryptionError,
  decryptField,
  decryptFieldText,
  decryptFile,
  encryptField,
  encryptFile,
  generateFileKey,
  unwrapKey,
  wrapKey,
} from './encryption';

const key = randomBytes(32);

describe('field encryption', () => {
  it('round-trips text with accents and emoji, and never contains the plaintext', () => {
    const sealed = encryptField(key, 'Fièvre depuis 3 jours 🤒', 'note:1');
    expect(sealed[0]).toBe(1);
    expect(sealed.includes(Buffer.from('Fièvre'))).toBe(false);
    expect(decryptFieldText(key, sealed, 'note:1')).toBe('Fièvre depuis 3 jours 🤒');
  });

  it('uses a fresh iv each time, so equal texts give different ciphertexts', () => {
    expect(encryptField(key, 'same').equals(encryptField(key, 'same'))).toBe(false);
  });

  it.each([
    ['a flipped ciphertext byte', (b: Buffer) => b.fill(b.at(-1)! ^ 1, b.length - 1)],
    ['a flipped tag byte', (b: Buffer) => b.fill(b[20]! ^ 1, 20, 21)],
    ['a flipped iv byte', (b: Buffer) => b.fill(b[2]! ^ 1, 2, 3)],
    ['an unknown version', (b: Buffer) => b.fill(9, 0, 1)],
  ])('refuses %s', (_case, tamper) => {
    const sealed = encryptField(key, 'secret note');
    tamper(sealed);
    expect(() => decryptField(key, sealed)).toThrow(DecryptionError);
  });

  it('refuses a truncated value', () => {
    expect(() => decryptField(key, encryptField(key, 'x').subarray(0, 20))).toThrow(DecryptionError);
  });

  it('refuses the wrong key and the wrong context', () => {
    const sealed = encryptField(key, 'secret note', 'note:1');
    expect(() => decryptField(randomBytes(32), sealed, 'note:1')).toThrow(DecryptionError);
    expect(() => decryptField(key, sealed, 'note:2')).toThrow(DecryptionError);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => encryptField(randomBytes(16), 'x')).toThrow(DecryptionError);
  });
});

describe('file envelope encryption', () => {
  it('wraps a per-file key under the master key and decrypts the file with it', () => {
    const fileKey = generateFileKey();
    const content = randomBytes(64 * 1024);
    const sealed = encryptFile(fileKey, content, 'file-a');
    const wrapped = wrapKey(key, fileKey, 'file-a');
    expect(wrapped.includes(fileKey)).toBe(false);
    const unwrapped = unwrapKey(key, wrapped, 'file-a');
    expect(decryptFile(unwrapped, sealed, 'file-a').equals(content)).toBe(true);
  });

  it('does not unwrap a key under another master key or for another file', () => {
    const wrapped = wrapKey(key, generateFileKey(), 'file-a');
    expect(() => unwrapKey(randomBytes(32), wrapped, 'file-a')).toThrow(DecryptionError);
    expect(() => unwrapKey(key, wrapped, 'file-b')).toThrow(DecryptionError);
  });

  it('detects a tampered file', () => {
    const fileKey = generateFileKey();
    const sealed = encryptFile(fileKey, Buffer.from('%PDF-1.7 results'), 'file-a');
    sealed.fill(sealed[40]! ^ 0xff, 40, 41);
    expect(() => decryptFile(fileKey, sealed, 'file-a')).toThrow(DecryptionError);
  });
});
