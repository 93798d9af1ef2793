/**
 * How many SMS parts a text costs. GSM 03.38: 160 septets in one part, 153 per part once
 * concatenated (the user data header takes 7); extension characters (€, [, ], {, }, ~, ^, \, |, form feed)
 * take two septets and are never split across parts. Anything outside GSM-7 turns the whole message into
 * UCS-2: 70 UTF-16 units in one part, 67 per concatenated part, surrogate pairs kept whole.
 */
export interface SmsSegments {
  encoding: 'gsm7' | 'ucs2';
  segments: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  perSegment: number;
}

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';
const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export function countSmsSegments(text: string): SmsSegments {
  const chars = [...text];
  const isGsm7 = chars.every((char) => BASIC.has(char) || EXTENSION.has(char));
  if (isGsm7) {
    const widths = chars.map((char) => (EXTENSION.has(char) ? 2 : 1));
    return pack('gsm7', widths, 160, 153);
  }
  return pack(
    'ucs2',
    chars.map((char) => char.length),
    70,
    67,
  );
}

function pack(encoding: SmsSegments['encoding'], widths: number[], single: number, multi: number): SmsSegments {
  const units = widths.reduce((sum, width) => sum + width, 0);
  if (units <= single) return { encoding, segments: 1, units, perSegment: single };
  let segments = 1;
  let used = 0;
  for (const width of widths) {
    if (used + width > multi) {
      segments += 1;
      used = 0;
    }
    used += width;
  }
  return { encoding, segments, units, perSegment: multi };
}
