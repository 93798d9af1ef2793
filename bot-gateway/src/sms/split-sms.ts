import { countSmsSegments } from './count-sms-segments';

/**
 * Three concatenated segments are reassembled reliably by basic phones; a longer reply becomes
 * several numbered SMS ("(1/3) ...", "(2/3) ...") each within the limit, cut between lines where a line
 * fits (a menu option is never split across two SMS), else between words.
 */
export const SMS_MAX_SEGMENTS = 3;

export function splitSms(text: string, maxSegments = SMS_MAX_SEGMENTS): string[] {
  if (countSmsSegments(text).segments <= maxSegments) return [text];
  const fits = (candidate: string) => countSmsSegments(candidate).segments <= maxSegments;
  let total = 2;
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const parts = packLines(text, (index, body) => fits(`(${index}/${total}) ${body}`));
    if (parts.length === total) return parts.map((part, index) => `(${index + 1}/${total}) ${part}`);
    total = parts.length;
  }
  const parts = packLines(text, (index, body) => fits(`(${index}/${total}) ${body}`));
  return parts.map((part, index) => `(${index + 1}/${parts.length}) ${part}`);
}

/** Whole lines while they fit; a line longer than a part goes between words. */
function packLines(text: string, fits: (partNumber: number, body: string) => boolean): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (fits(parts.length + 1, candidate.trim())) {
      current = candidate;
      continue;
    }
    if (current.trim() !== '') parts.push(current.trim());
    if (fits(parts.length + 1, line.trim())) {
      current = line;
      continue;
    }
    const pieces = packWords(line, (partNumber, body) => fits(parts.length + partNumber, body));
    parts.push(...pieces.slice(0, -1));
    current = pieces.at(-1) ?? '';
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts.length > 0 ? parts : [''];
}

/** Greedy word packing; a single word longer than a part is cut by characters (a URL, say). */
export function packWords(text: string, fits: (partNumber: number, body: string) => boolean): string[] {
  const tokens = text.split(/(\s+)/).filter((token) => token !== '');
  const parts: string[] = [];
  let current = '';
  for (const token of tokens) {
    const candidate = current + token;
    if (fits(parts.length + 1, candidate.trimEnd())) {
      current = candidate;
      continue;
    }
    if (current.trim() !== '') parts.push(current.trim());
    current = '';
    if (/^\s+$/.test(token)) continue;
    let rest = token;
    while (!fits(parts.length + 1, rest)) {
      const chars = Array.from(rest);
      let cut = chars.length - 1;
      while (cut > 1 && !fits(parts.length + 1, chars.slice(0, cut).join(''))) cut -= 1;
      parts.push(chars.slice(0, cut).join(''));
      rest = chars.slice(cut).join('');
    }
    current = rest;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts.length > 0 ? parts : [''];
}
