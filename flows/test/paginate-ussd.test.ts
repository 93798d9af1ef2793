import { USSD_MAX_CHARS, paginateUssd } from '../src/ussd/paginate-ussd';

const footer = { more: 'Suite', back: 'Retour' };
const choices = (count: number, label = 'Centre de santé de quartier') =>
  Array.from({ length: count }, (_, index) => ({ label: `${label} ${index + 1}` }));

describe('paginateUssd', () => {
  test('a short menu is one page with its back footer', () => {
    const { pages, problems } = paginateUssd({
      intro: [],
      prompt: 'Que cherchez-vous ?',
      choices: choices(2),
      canGoBack: true,
      endsSession: false,
      footer,
    });
    expect(problems).toEqual([]);
    expect(pages).toEqual([
      {
        text: 'Que cherchez-vous ?\n1. Centre de santé de quartier 1\n2. Centre de santé de quartier 2\n0 Retour',
        endsSession: false,
      },
    ]);
  });

  test('a long list is split with "98 Suite" and keeps the global numbers on later pages', () => {
    const { pages, problems } = paginateUssd({
      intro: [],
      prompt: 'Choisissez :',
      choices: choices(12),
      canGoBack: false,
      endsSession: false,
      footer,
    });
    expect(problems).toEqual([]);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.text.length).toBeLessThanOrEqual(USSD_MAX_CHARS);
    expect(pages[0]?.text.endsWith('98 Suite')).toBe(true);
    const lastOnFirstPage = Number(pages[0]?.text.split('\n').at(-2)?.split('.')[0]);
    expect(pages[1]?.text.startsWith(`${lastOnFirstPage + 1}. `)).toBe(true);
    expect(pages.at(-1)?.text).toContain('12. Centre de santé de quartier 12');
    expect(pages.at(-1)?.text).not.toContain('98 ');
  });

  test('long information is split at word boundaries and only the last page ends the session', () => {
    const advice = 'Buvez beaucoup d’eau et reposez-vous. '.repeat(12).trim();
    const { pages, problems } = paginateUssd({
      intro: [advice],
      choices: [],
      canGoBack: false,
      endsSession: true,
      footer,
    });
    expect(problems).toEqual([]);
    expect(pages.map((page) => page.endsSession)).toEqual([...pages.slice(1).map(() => false), true]);
    expect(pages.map((page) => page.text.replace('\n98 Suite', '')).join(' ')).toBe(advice);
  });

  test('an option too long for any page is reported, not silently cut', () => {
    const { problems } = paginateUssd({
      intro: [],
      prompt: 'Choisissez :',
      choices: [{ label: 'x'.repeat(190) }],
      canGoBack: true,
      endsSession: false,
      footer,
    });
    expect(problems).toEqual([expect.stringContaining('option 1 is 193 characters')]);
  });
});
