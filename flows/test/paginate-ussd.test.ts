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
    expect(pages.map((page) => page.text.replace('\n98 Suite', '').replace('\n0 Retour', '')).join(' ')).toBe(advice);
  });

  test('every page after the first offers "0 Retour" to turn back, except a last page that ends the session', () => {
    const menu = paginateUssd({
      intro: [],
      prompt: 'Choisissez :',
      choices: choices(12),
      canGoBack: false,
      endsSession: false,
      footer,
    });
    expect(menu.pages.length).toBeGreaterThan(2);
    expect(menu.pages[0]?.text).not.toContain('0 Retour');
    for (const page of menu.pages.slice(1)) expect(page.text.endsWith('\n0 Retour')).toBe(true);
    for (const page of menu.pages) expect(page.text.length).toBeLessThanOrEqual(USSD_MAX_CHARS);
    const advice = paginateUssd({
      intro: ['Buvez beaucoup d’eau et reposez-vous. '.repeat(12).trim()],
      choices: [],
      canGoBack: false,
      endsSession: true,
      footer,
    });
    expect(advice.pages.length).toBeGreaterThan(2);
    expect(advice.pages.map((page) => page.text.endsWith('\n98 Suite\n0 Retour'))).toEqual([
      false,
      ...advice.pages.slice(1, -1).map(() => true),
      false,
    ]);
    expect(advice.pages.at(-1)?.text).not.toContain('0 Retour');
  });

  test('a page ends at a line break in its second half rather than mid-sentence: the emergency keeps where to go and whom to call together', () => {
    const where =
      'URGENCE : allez tout de suite à Hôpital de District de Bute, tél. +254 20 2726300, ou appelez le 999.';
    const advice =
      'Allez aux urgences maintenant, ou demandez à une personne de confiance de vous y conduire. Ne restez pas seul.';
    const { pages, problems } = paginateUssd({
      intro: [`${where}\nLigne d'aide : 112\n${advice}`],
      choices: [],
      canGoBack: false,
      endsSession: true,
      footer,
    });
    expect(problems).toEqual([]);
    expect(pages.map((page) => page.text)).toEqual([`${where}\nLigne d'aide : 112\n98 Suite`, advice]);
  });

  test('without a line break, a page ends at a sentence end in its second half', () => {
    const text = `${'Buvez de l’eau propre souvent. '.repeat(4)}Reposez-vous et revenez si la fièvre dure plus de deux jours ou si l’enfant ne boit plus.`;
    const { pages } = paginateUssd({ intro: [text], choices: [], canGoBack: false, endsSession: true, footer });
    expect(pages[0]?.text).toBe(`${'Buvez de l’eau propre souvent. '.repeat(4).trim()}\n98 Suite`);
    expect(pages.map((page) => page.text.replace('\n98 Suite', '')).join(' ')).toBe(text);
  });

  test('a break in the first half of a page is not taken: the page stays full', () => {
    const text = `Note.\n${'mot '.repeat(60).trim()}`;
    const { pages } = paginateUssd({ intro: [text], choices: [], canGoBack: false, endsSession: true, footer });
    expect(pages[0]?.text.length).toBeGreaterThan(150);
    expect(pages[0]?.text.startsWith('Note.\nmot mot')).toBe(true);
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
