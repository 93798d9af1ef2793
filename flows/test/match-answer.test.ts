import { loadFlowBundle } from '../src/engine/load-flow-bundle';
import { matchChoice, matchYesNo, normalizeAnswer } from '../src/engine/match-answer';

const words = loadFlowBundle().settings.answerWords;
const menu = [
  { id: 'triage', label: 'Évaluer mes symptômes' },
  { id: 'book', label: 'Prendre rendez-vous' },
  { id: 'appointments', label: 'Mes rendez-vous' },
];
const yesNo = [
  { id: 'yes', label: 'Oui' },
  { id: 'no', label: 'Non' },
];

describe('free answers', () => {
  test.each([
    ['2', 'book'],
    [' 2. ', 'book'],
    ['deux', 'book'],
    ['Three', 'appointments'],
    ['prendre rendez-vous', 'book'],
    ['EVALUER MES SYMPTOMES', 'triage'],
    ['évaluer', 'triage'],
    ['mes', 'appointments'],
  ])('"%s" picks %s', (text, id) => {
    expect(matchChoice({ text }, menu, words)?.id).toBe(id);
  });

  test.each([['rendez'], ['4'], ['0'], [''], ['x'], ['peut-être']])(
    '"%s" is ambiguous or unknown and picks nothing',
    (text) => {
      expect(matchChoice({ text }, menu, words)).toBeUndefined();
    },
  );

  test('an interactive reply id wins over the text', () => {
    expect(matchChoice({ replyId: 'appointments', text: '1' }, menu, words)?.id).toBe('appointments');
  });

  test.each([
    ['oui', true],
    ['OUI', true],
    ['o', true],
    ['Yes', true],
    ['y', true],
    ['1', true],
    ['non', false],
    ['N', false],
    ['no', false],
    ['2', false],
    ['bof', undefined],
  ])('"%s" as a yes/no answer is %s', (text, expected) => {
    expect(matchYesNo({ text }, yesNo, words)).toBe(expected);
  });

  test('accents, case and punctuation are ignored', () => {
    expect(normalizeAnswer('  ARRÊT ! ')).toBe('arret');
  });
});
