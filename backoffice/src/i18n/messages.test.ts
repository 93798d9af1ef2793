import en from '../../messages/en.json';
import fr from '../../messages/fr.json';
import { messagesFor, parseLang, translate } from './messages';

describe('message catalogues', () => {
  test('French and English have the same keys, none empty', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const catalog of [en, fr])
      expect(Object.entries(catalog).filter(([, text]) => text.trim() === '')).toEqual([]);
  });

  test('placeholders are the same in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    const english: Record<string, string> = en;
    const mismatched = Object.entries(fr).filter(
      ([key, text]) => JSON.stringify(placeholders(text)) !== JSON.stringify(placeholders(english[key] ?? '')),
    );
    expect(mismatched).toEqual([]);
  });

  test('translate fills placeholders and leaves unknown ones visible; unknown languages fall back to French', () => {
    expect(translate(messagesFor('en'), 'inbox.unread', { n: 3 })).toBe('3 unread');
    expect(translate(messagesFor('en'), 'inbox.unread')).toBe('{n} unread');
    expect(parseLang('de')).toBe('fr');
  });
});
