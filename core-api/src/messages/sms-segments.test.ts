import { countSmsSegments } from './sms-segments';
import { canReplyFreely } from './can-reply-freely';

describe('countSmsSegments', () => {
  it.each([
    ['an empty text', '', 'gsm7', 1, 0],
    ['160 GSM-7 characters in one part', 'a'.repeat(160), 'gsm7', 1, 160],
    ['161 GSM-7 characters in two parts of 153', 'a'.repeat(161), 'gsm7', 2, 161],
    ['306 GSM-7 characters in two parts', 'a'.repeat(306), 'gsm7', 2, 306],
    ['307 GSM-7 characters in three parts', 'a'.repeat(307), 'gsm7', 3, 307],
    ['French accents of the GSM-7 table (é è à)', 'Votre rendez-vous est confirmé à 10h, très bien', 'gsm7', 1, 47],
    ['extension characters counting two septets', '€'.repeat(80), 'gsm7', 1, 160],
    ['an extension character not split across parts', 'a'.repeat(152) + '€' + 'a'.repeat(10), 'gsm7', 2, 164],
    ['a ç (not in GSM-7 lower case) switching to UCS-2', 'Ça va? ç', 'ucs2', 1, 8],
    ['70 UCS-2 characters in one part', 'ê'.repeat(70), 'ucs2', 1, 70],
    ['71 UCS-2 characters in two parts of 67', 'ê'.repeat(71), 'ucs2', 2, 71],
    ['emoji counting two UTF-16 units', '🤒'.repeat(35), 'ucs2', 1, 70],
    ['a surrogate pair never split (naive 134/67 would be 2)', 'ê'.repeat(66) + '🤒' + 'ê'.repeat(66), 'ucs2', 3, 134],
  ])('counts %s', (_case, text, encoding, segments, units) => {
    expect(countSmsSegments(text)).toMatchObject({ encoding, segments, units });
  });
});

describe('canReplyFreely', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  it.each([
    ['no patient message yet', null, false],
    ['a patient message one hour ago', new Date('2026-11-26T11:00:00Z'), true],
    ['a patient message 23 h 59 min ago', new Date('2026-11-25T12:01:00Z'), true],
    ['a patient message exactly 24 h ago', new Date('2026-11-25T12:00:00Z'), false],
    ['a patient message two days ago', new Date('2026-11-24T12:00:00Z'), false],
  ])('with %s is %s', (_case, last, expected) => {
    expect(canReplyFreely(last, now)).toBe(expected);
  });
});
