import { z } from 'zod';
import type { Lang } from '../protocol/findings-vocabulary';
import { findingOf, isFindingCode } from '../protocol/findings-vocabulary';
import { editDistance } from './edit-distance';
import lexiconEn from './lexicon.en.json';
import lexiconFr from './lexicon.fr.json';
import { readDurationDays, readBloodPressure } from './read-measurements';
import { BOUNDARY, tokenizeText } from './tokenize-text';

export interface ComplaintReading {
  /** Findings the text states (never trusted alone: the engine asks them back). */
  present: string[];
  /** Findings the text denies ("pas de fièvre", "no cough"). */
  absent: string[];
  /** The longest duration mentioned, in days ("depuis 5 jours", "2 weeks"). */
  durationDays: number | null;
}

const CACHE_SIZE = 500;
const cache = new Map<string, ComplaintReading>();

/**
 * Reads a free-text complaint, French and English together (people mix them), `lang` first. A
 * conversation sends the same text on every turn, so recent readings are kept (the function is pure).
 */
export function readComplaint(text: string, lang: Lang): ComplaintReading {
  const key = `${lang}:${text}`;
  const cached = cache.get(key);
  if (cached) return structuredClone(cached);
  const reading = readComplaintUncached(text, lang);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value ?? key);
  cache.set(key, reading);
  return structuredClone(reading);
}

function readComplaintUncached(text: string, lang: Lang): ComplaintReading {
  const reader = readerFor(lang);
  const allTokens = tokenizeText(text, reader.shorthand);
  const tokens = allTokens.filter((token) => !reader.stopwords.has(token));
  const matches = suppressContained(findMatches(reader, tokens));
  const present = new Set<string>();
  const denied = new Set<string>();
  for (const match of matches) (match.negated ? denied : present).add(match.code);
  for (const combination of reader.combinations) {
    const isStated = combination.groups.every((group) => group.some((phrase) => hasPlainMatch(reader, phrase, tokens)));
    if (isStated) present.add(combination.code);
  }

  const durationDays = readDurationDays(allTokens);
  if (readBloodPressure(allTokens)) present.add('very_high_blood_pressure');
  if (durationDays !== null) {
    if (durationDays > 3 && present.has('fever')) present.add('fever_over_3_days');
    if (durationDays >= 14 && present.has('cough')) present.add('cough_over_2_weeks');
    if (durationDays >= 14 && [...present].some((code) => findingOf(code).group === 'symptom'))
      present.add('symptoms_over_2_weeks');
  }
  return {
    present: [...present].sort(),
    absent: [...denied].filter((code) => !present.has(code)).sort(),
    durationDays,
  };
}

const lexiconSchema = z.object({
  lang: z.enum(['fr', 'en']),
  about: z.string(),
  shorthand: z.record(z.string(), z.string()),
  stopwords: z.array(z.string()),
  negators: z.array(z.string()),
  postNegators: z.array(z.string()),
  breakers: z.array(z.string()),
  combinations: z
    .array(
      z.object({ code: z.string().refine(isFindingCode), allOf: z.array(z.array(z.string().min(1)).min(1)).min(2) }),
    )
    .default([]),
  entries: z.record(
    z.string().refine(isFindingCode, { error: (issue) => `unknown finding code ${String(issue.input)}` }),
    z.array(z.string().min(1)).min(1),
  ),
});
export type Lexicon = z.infer<typeof lexiconSchema>;

export const LEXICONS: Record<Lang, Lexicon> = {
  fr: lexiconSchema.parse(lexiconFr),
  en: lexiconSchema.parse(lexiconEn),
};

interface PhraseToken {
  text: string;
  isPrefix: boolean;
}

interface Phrase {
  code: string;
  tokens: PhraseToken[];
  /** "ne tète plus", "cannot breathe": the negation is the finding, so it is not read as a denial. */
  isNegativeForm: boolean;
}

interface Reader {
  shorthand: Map<string, string[]>;
  stopwords: Set<string>;
  negators: Set<string>;
  postNegators: Set<string>;
  breakers: Set<string>;
  phrases: Phrase[];
  /** Phrases grouped by their first word: each text word is compared with each first word once. */
  phrasesByFirstToken: { first: PhraseToken; phrases: Phrase[] }[];
  combinations: { code: string; groups: Phrase[][] }[];
}

interface Match {
  code: string;
  start: number;
  end: number;
  negated: boolean;
}

const readers = new Map<Lang, Reader>();

function readerFor(lang: Lang): Reader {
  const cached = readers.get(lang);
  if (cached) return cached;
  const ordered = lang === 'fr' ? [LEXICONS.fr, LEXICONS.en] : [LEXICONS.en, LEXICONS.fr];
  const shorthand = new Map<string, string[]>();
  for (const lexicon of [...ordered].reverse()) {
    for (const [short, long] of Object.entries(lexicon.shorthand)) shorthand.set(short, long.split(' '));
  }
  const union = (pick: (lexicon: Lexicon) => string[]) => new Set(ordered.flatMap(pick));
  const reader: Reader = {
    shorthand,
    stopwords: union((lexicon) => lexicon.stopwords),
    negators: union((lexicon) => lexicon.negators),
    postNegators: union((lexicon) => lexicon.postNegators),
    breakers: union((lexicon) => lexicon.breakers),
    phrases: [],
    phrasesByFirstToken: [],
    combinations: [],
  };
  for (const lexicon of ordered) {
    for (const [code, phrases] of Object.entries(lexicon.entries)) {
      for (const phrase of phrases) reader.phrases.push(compilePhrase(reader, code, phrase));
    }
    for (const { code, allOf } of lexicon.combinations) {
      reader.combinations.push({
        code,
        groups: allOf.map((group) => group.map((phrase) => compilePhrase(reader, code, phrase))),
      });
    }
  }
  const groups = new Map<string, { first: PhraseToken; phrases: Phrase[] }>();
  for (const phrase of reader.phrases) {
    const [first] = phrase.tokens;
    if (!first) continue;
    const key = `${first.text}${first.isPrefix ? '*' : ''}`;
    const group = groups.get(key) ?? { first, phrases: [] };
    group.phrases.push(phrase);
    groups.set(key, group);
  }
  reader.phrasesByFirstToken = [...groups.values()];
  readers.set(lang, reader);
  return reader;
}

function compilePhrase(reader: Reader, code: string, phrase: string): Phrase {
  const tokens = tokenizeText(phrase, reader.shorthand, { keepStar: true })
    .filter((token) => !reader.stopwords.has(token))
    .map((token) => ({ text: token.replace(/\*$/, ''), isPrefix: token.endsWith('*') }));
  if (tokens.length === 0) throw new Error(`lexicon: phrase "${phrase}" has only stopwords`);
  const isNegativeForm = tokens.some(
    (token) => reader.negators.has(token.text) || reader.postNegators.has(token.text) || token.text === 'cannot',
  );
  return { code, tokens, isNegativeForm };
}

function hasPlainMatch(reader: Reader, phrase: Phrase, tokens: string[]): boolean {
  return tokens.some((_, start) => {
    const end = matchAt(reader, phrase, tokens, start);
    return end >= 0 && !isNegated(reader, tokens, start, end);
  });
}

function findMatches(reader: Reader, tokens: string[]): Match[] {
  const matches: Match[] = [];
  tokens.forEach((token, start) => {
    for (const { first, phrases } of reader.phrasesByFirstToken) {
      if (!matchToken(first, token)) continue;
      for (const phrase of phrases) {
        const end = matchAt(reader, phrase, tokens, start);
        if (end >= 0)
          matches.push({
            code: phrase.code,
            start,
            end,
            negated: !phrase.isNegativeForm && isNegated(reader, tokens, start, end),
          });
      }
    }
  });
  return matches;
}

/** One skipped word is allowed inside a phrase ("ne respire presque plus"), never a negation or a boundary. */
function matchAt(reader: Reader, phrase: Phrase, tokens: string[], start: number): number {
  const [first, ...rest] = phrase.tokens;
  if (!first || !matchToken(first, tokens[start])) return -1;
  let position = start;
  let hasSkipped = false;
  for (const expected of rest) {
    if (matchToken(expected, tokens[position + 1])) {
      position += 1;
      continue;
    }
    const skipped = tokens[position + 1];
    if (
      hasSkipped ||
      skipped === undefined ||
      skipped === BOUNDARY ||
      reader.negators.has(skipped) ||
      !matchToken(expected, tokens[position + 2])
    )
      return -1;
    position += 2;
    hasSkipped = true;
  }
  return position;
}

function matchToken(expected: PhraseToken, actual: string | undefined): boolean {
  if (actual === undefined || actual === BOUNDARY) return false;
  if (expected.isPrefix) {
    if (actual.startsWith(expected.text)) return true;
    if (expected.text.length < 5) return false;
    return [0, -1, 1].some(
      (delta) =>
        actual[0] === expected.text[0] &&
        editDistance(actual.slice(0, expected.text.length + delta), expected.text, 1) <= 1,
    );
  }
  if (actual === expected.text) return true;
  if (expected.text.length < 5 || actual[0] !== expected.text[0]) return false;
  return editDistance(actual, expected.text, expected.text.length >= 8 ? 2 : 1) <= (expected.text.length >= 8 ? 2 : 1);
}

/** A negation up to 3 words before ("pas de fièvre", "no fever or cough"), or French "tousse pas". */
function isNegated(reader: Reader, tokens: string[], start: number, end: number): boolean {
  for (let index = start - 1; index >= Math.max(0, start - 3); index--) {
    const token = tokens[index] ?? BOUNDARY;
    if (token === BOUNDARY || reader.breakers.has(token)) break;
    if (reader.negators.has(token)) return true;
  }
  const after = tokens[end + 1];
  const afterNext = tokens[end + 2];
  const isComparison = afterNext !== undefined && /^\d/.test(afterNext);
  return after !== undefined && reader.postNegators.has(after) && !isComparison;
}

/** "brûle quand j'urine" is painful urination, not a burn: a match inside a longer one of another finding is dropped. */
function suppressContained(matches: Match[]): Match[] {
  return matches.filter(
    (match) =>
      !matches.some(
        (other) =>
          other.code !== match.code &&
          other.start <= match.start &&
          other.end >= match.end &&
          other.end - other.start > match.end - match.start,
      ),
  );
}
