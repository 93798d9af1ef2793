/**
 * Who owns a new consultation. Deterministic, so a reviewer can predict it and a test can pin it:
 *   tier 1: a practitioner of the needed specialty who speaks the patient's language
 *   tier 2: a general practitioner who speaks the patient's language
 *   tier 3: any general practitioner
 *   tier 4: any practitioner of the needed specialty
 * Within a tier, the fewest live consultations owned wins; ties go to the smallest id.
 * Candidates are verified, consult remotely and have an enabled account (the repository's query).
 * Nobody at all: the consultation stays `pending`, visible to admins, until someone is assigned.
 */
export interface OwnerCandidate {
  id: string;
  specialties: string[];
  languages: string[];
  openLoad: number;
}

export const GENERAL_SPECIALTY = 'general';

export function chooseOwner(
  candidates: OwnerCandidate[],
  need: { specialty: string; language: string },
): OwnerCandidate | undefined {
  const ranked = candidates
    .map((candidate) => ({ candidate, tier: tierOf(candidate, need) }))
    .filter((entry): entry is { candidate: OwnerCandidate; tier: number } => entry.tier !== undefined)
    .sort(
      (a, b) =>
        a.tier - b.tier || a.candidate.openLoad - b.candidate.openLoad || compareIds(a.candidate.id, b.candidate.id),
    );
  return ranked[0]?.candidate;
}

function tierOf(candidate: OwnerCandidate, need: { specialty: string; language: string }): number | undefined {
  const hasSpecialty = candidate.specialties.includes(need.specialty);
  const isGeneral = candidate.specialties.includes(GENERAL_SPECIALTY);
  const speaks = candidate.languages.includes(need.language);
  if (hasSpecialty && speaks) return 1;
  if (isGeneral && speaks) return 2;
  if (isGeneral) return 3;
  if (hasSpecialty) return 4;
  return undefined;
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
