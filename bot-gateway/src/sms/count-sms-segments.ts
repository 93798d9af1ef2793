// GSM 03.38: the basic set (one septet) and the extension table (escape + one septet).
const GSM_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
const GSM_EXTENSION = new Set(Array.from('^{}\\[~]|€\f'));

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsSegmentCount {
  encoding: SmsEncoding;
  segments: number;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
}

const LIMITS = {
  gsm7: { single: 160, multipart: 153 },
  ucs2: { single: 70, multipart: 67 },
} as const;

/**
 * Segments as the network bills them. A multipart segment loses room to its header (153/67), and
 * neither an escape pair nor a surrogate pair (emoji) may straddle two segments.
 */
export function countSmsSegments(text: string): SmsSegmentCount {
  const encoding = smsEncodingOf(text);
  const sizes = Array.from(text).map((char) => charUnits(char, encoding));
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const limit = LIMITS[encoding];
  if (units <= limit.single) return { encoding, segments: 1, units };
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > limit.multipart) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding, segments, units };
}

export function smsEncodingOf(text: string): SmsEncoding {
  for (const char of text) {
    if (!GSM_BASIC.has(char) && !GSM_EXTENSION.has(char)) return 'ucs2';
  }
  return 'gsm7';
}

function charUnits(char: string, encoding: SmsEncoding): number {
  if (encoding === 'ucs2') return char.length;
  return GSM_EXTENSION.has(char) ? 2 : 1;
}
