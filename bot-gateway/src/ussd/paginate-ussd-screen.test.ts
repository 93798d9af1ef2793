import { paginateUssdScreen, USSD_SCREEN_LIMIT } from './paginate-ussd-screen';

const choices = (count: number, label: (index: number) => string) =>
  Array.from({ length: count }, (_, index) => ({ id: String(index), label: label(index + 1) }));

describe('paginateUssdScreen', () => {
  test('a screen that fits is one page without pager lines', () => {
    expect(paginateUssdScreen({ text: 'Menu', choices: choices(3, (n) => `Option ${n}`) }, 'en')).toEqual([
      'Menu\n1. Option 1\n2. Option 2\n3. Option 3',
    ]);
  });

  test.each([
    { lang: 'fr' as const, more: '98 Suite', back: '0 Retour' },
    { lang: 'en' as const, more: '98 More', back: '0 Back' },
  ])(
    '$lang: every page ≤ 182, options keep their global number, none is cut, pager lines in the right places',
    ({ lang, more, back }) => {
      const options = choices(25, (n) => `Hôpital de district numéro ${n}`);
      const pages = paginateUssdScreen({ text: 'Choisissez un hôpital :', choices: options }, lang);
      expect(pages.length).toBeGreaterThan(2);
      pages.forEach((page, index) => {
        expect(page.length).toBeLessThanOrEqual(USSD_SCREEN_LIMIT);
        const lines = page.split('\n');
        expect(lines.includes(more)).toBe(index < pages.length - 1);
        // Plain content cannot go back a question: "0 Back" only turns a page back, from the second page on.
        expect(lines.includes(back)).toBe(index > 0);
      });
      const optionLines = pages.flatMap((page) => page.split('\n')).filter((line) => /^\d+\. /.test(line));
      expect(optionLines).toEqual(options.map((option, index) => `${index + 1}. ${option.label}`));
    },
  );

  test('a prompt longer than a screen is cut between words across pages', () => {
    const text = Array.from({ length: 60 }, (_, index) => `mot${index}`).join(' ');
    const pages = paginateUssdScreen({ text, choices: choices(2, (n) => `Choix ${n}`) }, 'fr');
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(USSD_SCREEN_LIMIT);
    const words = pages.flatMap((page) => page.split(/\s+/)).filter((word) => word.startsWith('mot'));
    expect(words).toEqual(text.split(' '));
  });

  test('an option too long for any page is shortened between words rather than overflowing', () => {
    const pages = paginateUssdScreen(
      {
        text: 'Menu',
        choices: [
          { id: 'x', label: 'très long '.repeat(30) },
          { id: 'y', label: 'court' },
        ],
      },
      'fr',
    );
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(USSD_SCREEN_LIMIT);
    expect(pages.join('\n')).toContain('…');
  });
});
