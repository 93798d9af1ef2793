import { countSmsSegments } from './count-sms-segments';

/**
 * Three concatenated segments are reassembled reliably by basic phones; a longer reply becomes
 * several numbered SMS ("(1/3) ...", "(2/3) ...") cut between words, each within the limit.
 */
export const SMS_MAX_SEGMENTS = 3;

export function splitSms(text: string, maxSegments = SMS_MAX_SEGMENTS): string[] {
  if (countSmsSegments(text).segments <= maxSegments) return [text];
  const fits = (candidate: string) => countSmsSegments(candidate).segments <= maxSegments;
  let total = 2;
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const parts = packWords(text, (index, body) => fits(`(${index}/${total}) ${body}`));
    if (parts.length === total) return parts.map((part, index) => `(${index + 1}/${total}) ${part}`);
    total = parts.length;
  }
  const parts = packWords(text, (index, body) => fits(`(${index}/${total}) ${body}`));
  return parts.map((part, index) => `(${index + 1}/${parts.length}) ${part}`);
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
