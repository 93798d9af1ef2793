import { countSmsSegments, smsEncodingOf } from './count-sms-segments';
import { splitSms } from './split-sms';

describe('countSmsSegments', () => {
  test.each([
    { name: 'empty', text: '', encoding: 'gsm7', segments: 1, units: 0 },
    { name: '160 GSM characters fit one SMS', text: 'a'.repeat(160), encoding: 'gsm7', segments: 1, units: 160 },
    {
      name: '161 GSM characters need two (153 each)',
      text: 'a'.repeat(161),
      encoding: 'gsm7',
      segments: 2,
      units: 161,
    },
    { name: '306 GSM characters fill exactly two', text: 'a'.repeat(306), encoding: 'gsm7', segments: 2, units: 306 },
    { name: '307 GSM characters need three', text: 'a'.repeat(307), encoding: 'gsm7', segments: 3, units: 307 },
    {
      name: 'French accents in the GSM set (é è à ù)',
      text: 'Vous êtes à la clinique'.replace('ê', 'e') + ' é è à ù',
      encoding: 'gsm7',
      segments: 1,
      units: 31,
    },
    {
      name: 'the extension table costs two septets (€ [ ] { } ~ ^ | \\)',
      text: '€[]{}~^|\\',
      encoding: 'gsm7',
      segments: 1,
      units: 18,
    },
    { name: '80 euro signs: 160 septets, one SMS', text: '€'.repeat(80), encoding: 'gsm7', segments: 1, units: 160 },
    {
      name: '81 euro signs: an escape pair never straddles two segments',
      text: '€'.repeat(81),
      encoding: 'gsm7',
      segments: 2,
      units: 162,
    },
    {
      name: 'ê is outside GSM-7: UCS-2',
      text: 'Prenez rendez-vous à la clinique même',
      encoding: 'ucs2',
      segments: 1,
      units: 37,
    },
    { name: 'ç (lower case) is outside GSM-7', text: 'Français', encoding: 'ucs2', segments: 1, units: 8 },
    { name: '70 UCS-2 units fit one SMS', text: 'ê'.repeat(70), encoding: 'ucs2', segments: 1, units: 70 },
    { name: '71 UCS-2 units need two (67 each)', text: 'ê'.repeat(71), encoding: 'ucs2', segments: 2, units: 71 },
    { name: 'an emoji is two UCS-2 units', text: '🤕', encoding: 'ucs2', segments: 1, units: 2 },
    {
      name: 'a surrogate pair never straddles two segments',
      text: `${'ê'.repeat(66)}🤕${'ê'.repeat(10)}`,
      encoding: 'ucs2',
      segments: 2,
      units: 78,
    },
  ])('$name: $segments × $encoding', ({ text, encoding, segments, units }) => {
    expect(countSmsSegments(text)).toEqual({ encoding, segments, units });
  });

  test('GSM-7 is chosen only when every character is in the basic or extension table', () => {
    expect(smsEncodingOf('Hello @ £5 ¿?')).toBe('gsm7');
    expect(smsEncodingOf('Hello 👋')).toBe('ucs2');
  });
});

describe('splitSms', () => {
  const words = (text: string) => text.replace(/^\(\d+\/\d+\) /, '').split(/\s+/);

  test('a text within three segments stays whole and unnumbered', () => {
    const text = 'Bonjour '.repeat(50).trim();
    expect(splitSms(text)).toEqual([text]);
  });

  test.each([
    { name: 'GSM text', text: Array.from({ length: 200 }, (_, index) => `mot${index}`).join(' ') },
    { name: 'UCS-2 text with emoji', text: Array.from({ length: 120 }, (_, index) => `fièvre${index}🤒`).join(' ') },
  ])('$name: numbered parts, each within three segments, cut between words, nothing lost', ({ text }) => {
    const parts = splitSms(text);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((part, index) => {
      expect(part.startsWith(`(${index + 1}/${parts.length}) `)).toBe(true);
      expect(countSmsSegments(part).segments).toBeLessThanOrEqual(3);
    });
    expect(parts.flatMap(words)).toEqual(text.split(' '));
  });

  test('a menu too long for one SMS is cut between its lines, never inside an option', () => {
    const options = Array.from({ length: 9 }, (_, index) => `${index + 1}. Évaluer mes symptômes numéro ${index + 1}`);
    const text = ['Merci, bienvenue sur MedLink.', '', 'MedLink - que voulez-vous faire ?', ...options].join('\n');
    const parts = splitSms(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(countSmsSegments(part).segments).toBeLessThanOrEqual(3);
    const lines = parts.flatMap((part) => part.replace(/^\(\d\/\d\) /, '').split('\n'));
    expect(lines.filter((line) => line !== '')).toEqual(text.split('\n').filter((line) => line !== ''));
  });

  test('a single-segment budget splits a 400-character reply into numbered single SMS', () => {
    const text = ('Prenez du paracétamol et buvez beaucoup. ' as string).repeat(10).trim();
    const parts = splitSms(text, 1);
    expect(parts.length).toBe(3);
    for (const part of parts) expect(countSmsSegments(part).segments).toBe(1);
  });
});
