const NUMBER_WORDS: Record<string, number> = {
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  six: 6,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  quinze: 15,
  a: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  fourteen: 14,
  fifteen: 15,
};

const AGE_CUES = new Set(['de', 'bebe', 'enfant', 'age', 'agee', 'baby', 'aged']);

const UNIT_DAYS: Record<string, number> = {
  j: 1,
  jour: 1,
  jours: 1,
  journee: 1,
  journees: 1,
  d: 1,
  day: 1,
  days: 1,
  semaine: 7,
  semaines: 7,
  week: 7,
  weeks: 7,
  w: 7,
  mois: 30,
  month: 30,
  months: 30,
  mo: 30,
};

/** The longest "N days/weeks/months" in the text; "plus de 3 jours" / "more than 3 days" counts as just over 3. */
export function readDurationDays(tokens: readonly string[]): number | null {
  let longest: number | null = null;
  tokens.forEach((token, index) => {
    const count = numberOf(token);
    const unit = UNIT_DAYS[tokens[index + 1] ?? ''];
    if (count === undefined || unit === undefined) return;
    const before = tokens.slice(Math.max(0, index - 2), index).join(' ');
    const isMoreThan = /(plus de|more than|over)$/.test(before);
    // "un bébé de 6 mois", "a 3 weeks old baby": an age, not how long the illness has lasted.
    const isAge = unit >= 7 && !isMoreThan && (AGE_CUES.has(tokens[index - 1] ?? '') || tokens[index + 2] === 'old');
    if (isAge) return;
    const days = count * unit + (isMoreThan ? 0.5 : 0);
    longest = Math.max(longest ?? 0, days);
  });
  return longest;
}

/**
 * A blood pressure reading at or above 180/110 near "tension"/"TA"/"BP"/"pressure"; French speakers
 * often give it in cmHg ("18/11").
 */
export function readBloodPressure(tokens: readonly string[]): boolean {
  for (let index = 0; index < tokens.length; index++) {
    if (!['tension', 'ta', 'bp', 'pressure'].includes(tokens[index] ?? '')) continue;
    for (let offset = 1; offset <= 4; offset++) {
      const systolic = Number(tokens[index + offset]);
      const diastolic = Number(tokens[index + offset + 1]);
      if (!Number.isFinite(systolic) || !Number.isFinite(diastolic) || !/^\d+$/.test(tokens[index + offset] ?? ''))
        continue;
      if (!/^\d+$/.test(tokens[index + offset + 1] ?? '')) continue;
      const scale = systolic < 30 ? 10 : 1;
      return systolic * scale >= 180 || diastolic * scale >= 110;
    }
  }
  return false;
}

function numberOf(token: string): number | undefined {
  if (/^\d{1,3}$/.test(token)) return Number(token);
  return NUMBER_WORDS[token];
}
