/**
 * The types a consultation may hold, and a check that the bytes are what the Content-Type says
 * (a renamed executable is refused; the download's Content-Type is then trustworthy).
 */
export const ALLOWED_FILE_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'text/plain',
] as const;
export type AllowedFileType = (typeof ALLOWED_FILE_TYPES)[number];

export function parseAllowedType(header: string | undefined): AllowedFileType | undefined {
  const base = header?.split(';')[0]?.trim().toLowerCase();
  return ALLOWED_FILE_TYPES.find((type) => type === base);
}

export function contentMatchesType(content: Buffer, type: AllowedFileType): boolean {
  const starts = (bytes: number[], offset = 0) => bytes.every((byte, index) => content[offset + index] === byte);
  switch (type) {
    case 'application/pdf':
      return starts([0x25, 0x50, 0x44, 0x46, 0x2d]);
    case 'image/jpeg':
      return starts([0xff, 0xd8, 0xff]);
    case 'image/png':
      return starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/webp':
      return starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8);
    case 'image/heic':
      return starts([0x66, 0x74, 0x79, 0x70], 4);
    case 'text/plain':
      return isUtf8Text(content);
  }
}

function isUtf8Text(content: Buffer): boolean {
  if (content.includes(0)) return false;
  return Buffer.from(content.toString('utf8'), 'utf8').equals(content);
}
