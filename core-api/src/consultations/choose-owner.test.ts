import { chooseOwner, type OwnerCandidate } from './choose-owner';

const candidate = (id: string, specialties: string[], languages: string[], openLoad: number): OwnerCandidate => ({
  id,
  specialties,
  languages,
  openLoad,
});

describe('chooseOwner', () => {
  const need = { specialty: 'pediatrics', language: 'en' };

  it('prefers the least-loaded specialist who speaks the patient language', () => {
    const chosen = chooseOwner(
      [
        candidate('a', ['pediatrics'], ['en'], 3),
        candidate('b', ['pediatrics'], ['fr', 'en'], 1),
        candidate('c', ['general'], ['en'], 0),
      ],
      need,
    );
    expect(chosen?.id).toBe('b');
  });

  it('breaks equal load by the smallest id, so the choice is reproducible', () => {
    expect(
      chooseOwner([candidate('b', ['pediatrics'], ['en'], 0), candidate('a', ['pediatrics'], ['en'], 0)], need)?.id,
    ).toBe('a');
  });

  it('falls back to a general practitioner speaking the language before a specialist who does not', () => {
    const chosen = chooseOwner(
      [candidate('a', ['pediatrics'], ['fr'], 0), candidate('g', ['general'], ['en'], 5)],
      need,
    );
    expect(chosen?.id).toBe('g');
  });

  it('falls back to any general practitioner, then any specialist', () => {
    expect(
      chooseOwner([candidate('a', ['pediatrics'], ['fr'], 0), candidate('g', ['general'], ['fr'], 9)], need)?.id,
    ).toBe('g');
    expect(chooseOwner([candidate('a', ['pediatrics'], ['fr'], 0)], need)?.id).toBe('a');
  });

  it('returns nobody when no candidate fits', () => {
    expect(chooseOwner([candidate('d', ['dentistry'], ['en'], 0)], need)).toBeUndefined();
    expect(chooseOwner([], need)).toBeUndefined();
  });
});
