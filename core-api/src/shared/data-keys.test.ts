import { randomBytes } from 'node:crypto';
import { DecryptionError, decryptFieldText, encryptField } from '@medlink/platform/encryption';
import { openWithDataKeys } from './data-keys';
import { parseDataKey } from './secrets';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const keyC = randomBytes(32);
const openNote = (sealed: Buffer) => (key: Buffer) => decryptFieldText(key, sealed, 'consultation-note:1');

describe('openWithDataKeys', () => {
  it('opens a value sealed under the current key with the current key', () => {
    const sealed = encryptField(keyB, 'under B', 'consultation-note:1');
    expect(openWithDataKeys({ dataKey: keyB, previousDataKey: keyA }, openNote(sealed))).toEqual({
      value: 'under B',
      isCurrentKey: true,
    });
  });

  it('falls back to the previous key for a value sealed under it, and says so', () => {
    const sealed = encryptField(keyA, 'under A', 'consultation-note:1');
    expect(openWithDataKeys({ dataKey: keyB, previousDataKey: keyA }, openNote(sealed))).toEqual({
      value: 'under A',
      isCurrentKey: false,
    });
  });

  it('does not fall back when no previous key is set', () => {
    const sealed = encryptField(keyA, 'under A', 'consultation-note:1');
    expect(() => openWithDataKeys({ dataKey: keyB }, openNote(sealed))).toThrow(DecryptionError);
  });

  it('throws DecryptionError for a value that neither key opens', () => {
    const sealed = encryptField(keyC, 'under C', 'consultation-note:1');
    expect(() => openWithDataKeys({ dataKey: keyB, previousDataKey: keyA }, openNote(sealed))).toThrow(DecryptionError);
  });

  it('does not retry an error that is not about the key', () => {
    const open = jest.fn((key: Buffer) => {
      throw new TypeError(`not a key question (${key.length})`);
    });
    expect(() => openWithDataKeys({ dataKey: keyB, previousDataKey: keyA }, open)).toThrow(TypeError);
    expect(open).toHaveBeenCalledTimes(1);
  });
});

describe('parseDataKey', () => {
  it('reads the previous key in the same formats as the current one, and names it when it is wrong', () => {
    expect(parseDataKey(keyA.toString('hex'), 'DATA_ENCRYPTION_KEY_PREVIOUS').equals(keyA)).toBe(true);
    expect(parseDataKey(keyA.toString('base64'), 'DATA_ENCRYPTION_KEY_PREVIOUS').equals(keyA)).toBe(true);
    expect(() => parseDataKey('too-short', 'DATA_ENCRYPTION_KEY_PREVIOUS')).toThrow(
      'DATA_ENCRYPTION_KEY_PREVIOUS must be 32 bytes',
    );
  });
});
