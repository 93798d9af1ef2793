import { loadFlowBundle } from '../src/engine/load-flow-bundle';
import { Conversation, staticPart } from './conversation';
import { EMERGENCY_AFTER_ONE_QUESTION, KNOWN_POSITION, createUniverse } from './mock-universe';
import type { TriageScript, Universe } from './mock-universe';

/**
 * Every journey, in French and English, over USSD alone, over SMS alone and over WhatsApp. Each line is one patient input
 * and the message keys the reply must show (checked against that language's text), `END` when it must close.
 */
type Line = [input: string, ...expected: string[]];
interface Journey {
  name: string;
  lines: (channel: 'ussd' | 'sms' | 'whatsapp') => Line[];
  triage?: TriageScript;
  universe?: Partial<Universe>;
}

const bundle = loadFlowBundle();
const ROUTINE: TriageScript = { level: 'routine', questions: [] };

/** A woman of 15-49, not pregnant, who answers yes to the one danger sign asked: the result is `result`. */
function toEmergency(channel: 'ussd' | 'sms' | 'whatsapp', result: string): Line[] {
  return [
    ['1', 'triage.intro', 'triage.ask_age'],
    ['4', 'triage.ask_sex'],
    ['1', 'triage.ask_pregnant'],
    ...(channel !== 'ussd'
      ? ([
          ['2', 'triage.ask_complaint'],
          ['Je respire mal depuis ce matin', 'triage.question'],
        ] satisfies Line[])
      : ([['2', 'triage.question']] satisfies Line[])),
    ['1', result, 'END'],
  ];
}

const journeys: Journey[] = [
  {
    name: 'triage ending in an emergency: what to do now, nearest open facility and its phone, emergency number',
    triage: EMERGENCY_AFTER_ONE_QUESTION,
    universe: KNOWN_POSITION,
    lines: (channel) => toEmergency(channel, 'triage.emergency_with_phone'),
  },
  {
    name: 'triage ending in an emergency where the patient is not known: what to do now, emergency number, no facility named',
    triage: EMERGENCY_AFTER_ONE_QUESTION,
    lines: (channel) => toEmergency(channel, 'triage.emergency_no_facility'),
  },
  {
    name: 'triage ending in self-care: advice and the signs that should bring them back',
    lines: (channel) => [
      ['1', 'triage.ask_age'],
      ['2', 'triage.ask_sex'],
      ['2', ...(channel !== 'ussd' ? ['triage.ask_complaint'] : ['triage.self_care', 'END'])],
      ...(channel !== 'ussd' ? ([['toux et nez qui coule', 'triage.self_care', 'END']] satisfies Line[]) : []),
    ],
  },
  {
    name: 'routine triage offers booking with the recommended practitioner, then books a free slot',
    triage: ROUTINE,
    lines: (channel) => [
      ['1', 'triage.ask_age'],
      ['6', 'triage.ask_sex'],
      ['2', ...(channel !== 'ussd' ? ['triage.ask_complaint'] : ['triage.routine', 'triage.offer_practitioner'])],
      ...(channel !== 'ussd'
        ? ([['douleur au genou', 'triage.routine', 'triage.offer_practitioner']] satisfies Line[])
        : []),
      ['1', 'booking.ask_slot'],
      ['1', 'booking.confirm'],
      ['1', channel === 'ussd' ? 'booking.booked_ussd' : 'booking.booked', 'END'],
    ],
  },
  {
    name: 'booking from the menu: need, recommended practitioners, next free slots, confirm',
    lines: (channel) => [
      ['2', 'booking.ask_specialty'],
      ['1', 'booking.ask_practitioner'],
      ['2', 'booking.ask_slot'],
      ['2', 'booking.confirm'],
      ['1', channel === 'ussd' ? 'booking.booked_ussd' : 'booking.booked', 'END'],
    ],
  },
  {
    name: 'facility finder by need (pharmacy with a medicine) and by place',
    lines: (channel) => [
      ['3', 'finder.ask_need'],
      ['4', 'finder.ask_medicine'],
      ...(channel === 'ussd'
        ? ([
            ['paracetamol', 'finder.ask_region'],
            ['1', 'finder.ask_district'],
            ['1', 'finder.ask_listed_facility'],
          ] satisfies Line[])
        : ([
            ['paracetamol', channel === 'sms' ? 'finder.ask_town' : 'finder.ask_pin'],
            ['Douala', 'finder.ask_listed_facility'],
          ] satisfies Line[])),
      ['1', 'finder.open_now', 'finder.phone', 'END'],
    ],
  },
  {
    name: 'ask a doctor: the question opens a consultation',
    lines: (channel) =>
      channel === 'ussd'
        ? [
            ['4', 'doctor.ask_question'],
            ["J'ai mal au dos depuis 3 jours", 'doctor.sent_ussd', 'END'],
          ]
        : [
            ['4', 'doctor.ask_question'],
            ["J'ai mal au dos depuis 3 jours", 'doctor.keep_writing'],
            ['Et un peu de fièvre le soir', 'doctor.keep_writing'],
            ['MENU', 'menu.prompt'],
          ],
  },
  {
    name: 'my appointments: cancel one after confirmation',
    lines: () => [
      ['5', 'appointments.ask_pick'],
      ['1', 'appointments.ask_manage'],
      ['1', 'appointments.confirm_cancel'],
      ['1', 'appointments.cancelled', 'END'],
    ],
  },
  {
    name: 'my appointments: move one to another free time',
    lines: () => [
      ['5', 'appointments.ask_pick'],
      ['1', 'appointments.ask_manage'],
      ['2', 'appointments.ask_slot'],
      ['2', 'appointments.moved', 'END'],
    ],
  },
  {
    name: 'rate my last consultation with a comment',
    lines: () => [
      ['6', 'rate.ask_rating'],
      ['5', 'rate.ask_want_comment'],
      ['1', 'rate.ask_comment'],
      ['Accueil très gentil', 'rate.thanks', 'END'],
    ],
  },
  {
    name: 'change language from the menu',
    lines: () => [
      ['7', 'language.prompt'],
      ['1', 'menu.prompt'],
    ],
  },
  { name: 'stop messages from the menu', lines: () => [['8', 'stop.done', 'END']] },
  {
    name: 'delete my data after confirmation',
    lines: () => [
      ['9', 'erase.confirm'],
      ['1', 'erase.done', 'END'],
    ],
  },
];

const cases = journeys.flatMap((journey) =>
  (['ussd', 'sms', 'whatsapp'] as const).flatMap((channel) =>
    (['fr', 'en'] as const).map((lang) => ({ journey, channel, lang })),
  ),
);

describe.each(cases)('$journey.name over $channel in $lang', ({ journey, channel, lang }) => {
  test('completes with the expected screens, each USSD screen fitting 182 characters', () => {
    const conversation = new Conversation(bundle, channel, createUniverse(journey.triage, journey.universe));
    const opening = channel === 'ussd' ? '' : 'Bonjour';
    expectShows(conversation.send(opening).text, ['language.prompt']);
    expectShows(conversation.send(lang === 'fr' ? '1' : '2').text, ['first_contact.consent']);
    expectShows(conversation.send('1').text, ['first_contact.welcome', 'menu.prompt']);
    for (const [input, ...expected] of journey.lines(channel)) {
      const reply = conversation.send(input);
      const keys = expected.filter((key) => key !== 'END');
      // The language line of the menu is the one place where a reply may switch language mid-journey.
      const replyLang =
        typeof conversation.session?.contact['lang'] === 'string' ? conversation.session.contact['lang'] : lang;
      expectShows(reply.text, keys, replyLang);
      expect({ input, ended: reply.ended }).toEqual({ input, ended: expected.includes('END') });
    }
    expect(conversation.ussdProblems).toEqual([]);
  });

  function expectShows(text: string, keys: string[], inLang: string = lang): void {
    for (const key of keys) expect(text).toContain(staticPart(bundle, inLang, key));
  }
});
