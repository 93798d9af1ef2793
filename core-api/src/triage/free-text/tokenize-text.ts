/** The token that stands for a sentence boundary: negation and phrases never cross it. */
export const BOUNDARY = '|';

/**
 * Lower-cases, strips accents and splits into tokens, expanding SMS shorthand ("bb", "tjr", "cant")
 * and separating numbers glued to words ("5j", "2weeks"). `keepStar` keeps the `*` of lexicon phrases.
 */
export function tokenizeText(
  text: string,
  shorthand: ReadonlyMap<string, readonly string[]>,
  options: { keepStar?: boolean } = {},
): string[] {
  const plain = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replaceAll('œ', 'oe')
    .replaceAll('æ', 'ae')
    .replace(/[’‘`´]/g, "'")
    .replace(/\bcan't\b/g, 'cannot')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/n't\b/g, ' not')
    .replace(/\bcan not\b/g, 'cannot')
    .replace(/[.,;:!?()\n\r]+/g, ` ${BOUNDARY} `)
    .replace(options.keepStar ? /[^a-z0-9*|]+/g : /[^a-z0-9|]+/g, ' ');
  const tokens: string[] = [];
  for (const raw of plain.split(' ')) {
    if (!raw) continue;
    const expanded = shorthand.get(raw);
    if (expanded) {
      tokens.push(...expanded);
      continue;
    }
    for (const part of raw.split(/(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)/)) {
      const again = shorthand.get(part);
      tokens.push(...(again ?? [part]));
    }
  }
  return tokens;
}
