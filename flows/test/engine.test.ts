import { z } from 'zod';
import { ACTION_CONTRACTS } from '../src/engine/action-contracts';
import { flowDefinitionSchema } from '../src/engine/definition.schemas';
import { loadFlowBundle } from '../src/engine/load-flow-bundle';
import { createSession } from '../src/engine/session.schemas';
import { stepFlow } from '../src/engine/step-flow';
import { Conversation, T0, TIMEOUT_MS, staticPart } from './conversation';
import { EMERGENCY_AFTER_ONE_QUESTION, KNOWN_POSITION, createUniverse } from './mock-universe';

const bundle = loadFlowBundle();
const consented = { lang: 'fr', consentVersion: '2026-11' };
const fr = (key: string) => staticPart(bundle, 'fr', key);
const en = (key: string) => staticPart(bundle, 'en', key);

function atMenu(channel: 'ussd' | 'sms' | 'whatsapp', universe = createUniverse()) {
  const conversation = new Conversation(bundle, channel, universe, { ...consented });
  expect(conversation.send(channel === 'ussd' ? '' : 'Bonjour').text).toContain(fr('menu.prompt'));
  return conversation;
}

describe('free answers', () => {
  test.each([
    ['1', 'triage.ask_age'],
    ['un', 'triage.ask_age'],
    ['one', 'triage.ask_age'],
    ['Évaluer mes symptômes', 'triage.ask_age'],
    ['EVALUER', 'triage.ask_age'],
    ['prendre', 'booking.ask_specialty'],
    ['deux', 'booking.ask_specialty'],
  ])('"%s" at the menu is understood and leads to %s', (answer, key) => {
    expect(atMenu('sms').send(answer).text).toContain(fr(key));
  });

  test.each(['oui', 'O', 'yes', 'Y', '1', 'Oui !'])('"%s" answers yes to a yes/no question', (answer) => {
    const conversation = atMenu('sms');
    conversation.send('9');
    expect(conversation.send(answer).text).toContain(fr('erase.done'));
  });

  test.each(['non', 'N', 'no', '2'])('"%s" answers no to a yes/no question', (answer) => {
    const conversation = atMenu('sms');
    conversation.send('9');
    expect(conversation.send(answer).text).toContain(fr('erase.kept'));
  });

  test('a WhatsApp button reply is matched by its id', () => {
    const conversation = atMenu('whatsapp');
    expect(conversation.send({ replyId: 'facilities' }).text).toContain(fr('finder.ask_need'));
  });

  test('a WhatsApp location pin searches facilities near it, nearest first', () => {
    const conversation = atMenu('whatsapp');
    conversation.send('3');
    expect(conversation.send('2').text).toContain(fr('finder.ask_pin'));
    const reply = conversation.send({ location: { lat: 4.05, lon: 9.7 } });
    expect(reply.actions).toEqual([
      { name: 'findFacilities', input: { need: 'emergency', near: { lat: 4.05, lon: 9.7 }, limit: 5, lang: 'fr' } },
    ]);
    expect(reply.text).toContain(fr('finder.ask_facility'));
    const detail = conversation.send('1');
    expect(detail.text).toContain(
      'Hôpital Laquintinie : ouvert maintenant.\nTél. +237 233 42 11 00.\nDistance : 2.4 km.',
    );
  });

  test('a search by area lists facilities without claiming nearest first, and shows no distance it does not know', () => {
    const conversation = atMenu('ussd');
    for (const answer of ['3', '1', '1']) conversation.send(answer);
    const list = conversation.send('1');
    expect(list.text).toContain(fr('finder.ask_listed_facility'));
    expect(list.text).not.toContain(fr('finder.ask_facility'));
    const detail = conversation.send('2');
    expect(detail.ussdPages).toEqual(['Pharmacie du Centre : fermé maintenant.\nPas de téléphone connu.']);
    expect(detail.ended).toBe(true);
  });
});

describe('consent', () => {
  test('refusing consent records the refusal and ends without any clinical step', () => {
    const conversation = new Conversation(bundle, 'ussd', createUniverse(), { lang: 'en' });
    conversation.send('');
    const reply = conversation.send('2');
    expect(reply.actions).toEqual([
      { name: 'recordConsent', input: { version: '2026-11', accepted: false, lang: 'en' } },
    ]);
    expect(reply.text).toContain(en('first_contact.refused'));
    expect(reply.ended).toBe(true);
    expect(conversation.session?.contact['consentVersion']).toBeUndefined();
  });

  test('a clinical action reached without consent is refused and the patient is sent to consent', () => {
    const session = {
      ...createSession({ lang: 'fr' }),
      flowId: 'triage',
      stepId: 'age',
      waiting: { kind: 'answer' as const, attempts: 0 },
      channelKind: 'sms' as const,
      lastActivityAt: T0.toISOString(),
    };
    const result = stepFlow(bundle, session, { kind: 'message', channelKind: 'sms', text: '4' }, T0, {
      conversationTimeoutMs: TIMEOUT_MS,
    });
    const next = stepFlow(bundle, result.session, { kind: 'message', channelKind: 'sms', text: '2' }, T0, {
      conversationTimeoutMs: TIMEOUT_MS,
    });
    const third = stepFlow(bundle, next.session, { kind: 'message', channelKind: 'sms', text: 'mal à la tête' }, T0, {
      conversationTimeoutMs: TIMEOUT_MS,
    });
    expect(third.effects).toEqual([expect.objectContaining({ type: 'action', name: 'resolvePatient' })]);
  });
});

describe('timeouts and invalid answers', () => {
  test('after 30 minutes of silence the patient is offered to resume; resuming asks the same question', () => {
    const conversation = atMenu('sms');
    conversation.send('1');
    expect(conversation.send('4', TIMEOUT_MS + 60_000).text).toContain(fr('system.resume_prompt'));
    expect(conversation.send('1').text).toContain(fr('triage.ask_age'));
  });

  test('restarting after a timeout goes back to the menu', () => {
    const conversation = atMenu('sms');
    conversation.send('1');
    conversation.send('4', TIMEOUT_MS + 60_000);
    expect(conversation.send('recommencer').text).toContain(fr('menu.prompt'));
  });

  test('within the timeout the answer is taken as is', () => {
    const conversation = atMenu('sms');
    conversation.send('1');
    expect(conversation.send('4', TIMEOUT_MS - 60_000).text).toContain(fr('triage.ask_sex'));
  });

  test('a USSD re-dial shows the pending question again without counting a mistake', () => {
    const conversation = atMenu('ussd');
    conversation.send('1');
    const reply = conversation.send('');
    expect(reply.text).toContain(fr('triage.ask_age'));
    expect(reply.text).not.toContain(fr('system.invalid_choice'));
  });

  test('an invalid answer re-asks with a short hint; the third falls back to the menu', () => {
    const conversation = atMenu('sms');
    conversation.send('1');
    const first = conversation.send('17');
    expect(first.text).toContain(fr('system.invalid_choice'));
    expect(first.text).toContain(fr('triage.ask_age'));
    conversation.send('bof');
    const third = conversation.send('???');
    expect(third.text).toContain(fr('system.too_many_invalid'));
    expect(third.text).toContain(fr('menu.prompt'));
  });

  test('a rating outside 1-5 is refused with the number hint', () => {
    const conversation = atMenu('sms');
    conversation.send('6');
    expect(conversation.send('9').text).toContain(fr('system.invalid_number'));
    expect(conversation.send('cinq').text).toContain(fr('rate.ask_want_comment'));
  });
});

describe('actions', () => {
  test("triage asks the engine's questions one at a time and sends the answers back as findings", () => {
    const conversation = atMenu('ussd', createUniverse(EMERGENCY_AFTER_ONE_QUESTION, KNOWN_POSITION));
    for (const answer of ['1', '4', '2']) conversation.send(answer);
    const reply = conversation.send('1');
    expect(reply.actions[0]).toEqual({
      name: 'assessTriage',
      input: {
        ageYears: 30,
        sex: 'male',
        pregnant: false,
        findings: { severe_breathing_difficulty: true },
        lang: 'fr',
      },
    });
    expect(reply.ussdPages).toEqual([
      "URGENCE : allez tout de suite à Hôpital Laquintinie, tél. +237 233 42 11 00, ou appelez le 112.\nLigne d'aide : 1510\n98 Suite",
      'Allez aux urgences maintenant. Buvez beaucoup d’eau et reposez-vous.',
    ]);
    expect(reply.ended).toBe(true);
  });

  test('the times offered are at the place shown with the practitioner, and the confirmation names it', () => {
    const conversation = atMenu('ussd');
    for (const answer of ['2', '1']) conversation.send(answer);
    const slots = conversation.send('2');
    expect(slots.actions).toContainEqual({
      name: 'listSlots',
      input: { practitionerId: 'prac-2', place: 'fac-1', limit: 6, lang: 'fr' },
    });
    expect(conversation.send('1').text).toContain('Dr Paul Mbarga, Hôpital Laquintinie, le mar. 1 déc. 09:00 ?');
  });

  test('moving an appointment offers the times at its own place', () => {
    const conversation = atMenu('ussd');
    for (const answer of ['5', '1']) conversation.send(answer);
    const slots = conversation.send('2');
    expect(slots.actions).toContainEqual({
      name: 'listSlots',
      input: { practitionerId: 'prac-1', place: 'fac-2', limit: 6, lang: 'fr' },
    });
  });

  test('an emergency for a patient whose position is unknown names no facility: never one picked from a whole country', () => {
    const conversation = atMenu('ussd', createUniverse(EMERGENCY_AFTER_ONE_QUESTION));
    for (const answer of ['1', '4', '2']) conversation.send(answer);
    const reply = conversation.send('1');
    expect(reply.actions.map((action) => action.name)).toEqual(['assessTriage']);
    expect(reply.ussdPages[0]).toMatch(
      /^URGENCE : allez tout de suite à l'hôpital le plus proche, ou appelez le 112\./,
    );
    expect(reply.ended).toBe(true);
  });

  test('when the chosen slot was just taken, says so and offers the free slots again', () => {
    const conversation = atMenu('sms', createUniverse(undefined, { book: () => ({ ok: false }) }));
    for (const answer of ['2', '1', '1', '1']) conversation.send(answer);
    const reply = conversation.send('oui');
    expect(reply.text).toContain(fr('booking.slot_taken'));
    expect(reply.text).toContain(fr('booking.ask_slot'));
  });

  test('after booking over SMS, replying ANNULER opens my appointments to cancel it', () => {
    const conversation = atMenu('sms');
    for (const answer of ['2', '1', '1', '1']) conversation.send(answer);
    expect(conversation.send('oui').text).toContain(fr('booking.booked'));
    expect(conversation.send('ANNULER').text).toContain(fr('appointments.ask_pick'));
    expect(conversation.send('1').text).toContain(fr('appointments.ask_manage'));
    expect(conversation.send('déplacer').text).toContain(fr('appointments.ask_slot'));
  });

  test('a word that answers the pending choice is an answer, except STOP which always stops', () => {
    const quiz = flowDefinitionSchema.parse({
      schemaVersion: 1,
      id: 'quiz',
      description: 'options that look like keywords',
      start: 'pick',
      steps: {
        pick: {
          type: 'ask',
          text: 'quiz.pick',
          input: {
            kind: 'choice',
            options: [
              { id: 'menu', label: 'quiz.menu' },
              { id: 'stop', label: 'quiz.stop' },
            ],
          },
          store: 'picked',
          next: 'done',
        },
        done: { type: 'end' },
      },
    });
    const messages = {
      ...bundle.messages,
      fr: {
        ...bundle.messages['fr'],
        'quiz.pick': 'Choisissez',
        'quiz.menu': 'Menu du jour',
        'quiz.stop': 'Stop ou encore',
      },
    };
    const withQuiz = { ...bundle, flows: new Map([...bundle.flows, ['quiz', quiz]]), messages };
    const session = {
      ...createSession({ ...consented }),
      flowId: 'quiz',
      stepId: 'pick',
      waiting: { kind: 'answer' as const, attempts: 0 },
      lastActivityAt: T0.toISOString(),
    };
    const options = { conversationTimeoutMs: TIMEOUT_MS };
    const menu = stepFlow(withQuiz, session, { kind: 'message', channelKind: 'sms', text: 'menu' }, T0, options);
    expect(menu.session.vars).toEqual({});
    expect(menu.effects).toEqual([{ type: 'end' }]);
    const stop = stepFlow(withQuiz, session, { kind: 'message', channelKind: 'sms', text: 'stop' }, T0, options);
    expect(stop.effects).toEqual([expect.objectContaining({ type: 'action', name: 'optOut' })]);
  });

  test('self-care lists the signs the triage protocol gives for coming back', () => {
    const universe = createUniverse({
      level: 'self_care',
      questions: [],
      returnIf: { fr: ['fièvre plus de 3 jours', 'raideur de la nuque'], en: [] },
    });
    const conversation = atMenu('ussd', universe);
    for (const answer of ['1', '4']) conversation.send(answer);
    const reply = conversation.send('2');
    expect(reply.text).toContain('fièvre plus de 3 jours ; raideur de la nuque.');
    // core-api's advice already ends with these signs: the flow does not list them a second time.
    expect(reply.text.split('raideur de la nuque')).toHaveLength(2);
    expect(reply.ended).toBe(true);
  });

  test("an urgent result says its headline once: core-api's advice already opens with it", () => {
    const conversation = atMenu('ussd', createUniverse({ level: 'urgent', questions: [] }));
    for (const answer of ['1', '4']) conversation.send(answer);
    const reply = conversation.send('2');
    expect(reply.text.split("Consultez un soignant aujourd'hui")).toHaveLength(2);
  });

  test('a result that breaks the action contract takes the failure branch', () => {
    const conversation = atMenu(
      'sms',
      createUniverse(undefined, { myAppointments: () => ({ ok: true, output: { appointments: [{ id: 7 }] } }) }),
    );
    expect(conversation.send('5').text).toContain(fr('appointments.unavailable'));
  });

  test('a late or duplicate action result changes nothing', () => {
    const first = stepFlow(bundle, null, { kind: 'message', channelKind: 'sms', text: 'Bonjour' }, T0, {
      conversationTimeoutMs: TIMEOUT_MS,
    });
    const stale = stepFlow(
      bundle,
      first.session,
      { kind: 'actionResult', name: 'resolvePatient', key: 'other-key', ok: true, output: {} },
      T0,
      { conversationTimeoutMs: TIMEOUT_MS },
    );
    expect(stale.effects).toEqual([]);
    expect({ ...stale.session, turn: 0 }).toEqual({ ...first.session, turn: 0 });
  });

  test('the step is pure: the input session is untouched and the same inputs give the same outputs', () => {
    const session = createSession({ ...consented });
    const frozen = structuredClone(session);
    const event = { kind: 'message' as const, channelKind: 'ussd' as const, text: '' };
    const a = stepFlow(bundle, session, event, T0, { conversationTimeoutMs: TIMEOUT_MS });
    const b = stepFlow(bundle, session, event, T0, { conversationTimeoutMs: TIMEOUT_MS });
    expect(session).toEqual(frozen);
    expect(a).toEqual(b);
  });

  test('a session handed over is stepped in place, with the same result as a copy would get', () => {
    const event = { kind: 'message' as const, channelKind: 'ussd' as const, text: '' };
    const copied = stepFlow(bundle, createSession({ ...consented }), event, T0, { conversationTimeoutMs: TIMEOUT_MS });
    const handed = createSession({ ...consented });
    const inPlace = stepFlow(bundle, handed, event, T0, { conversationTimeoutMs: TIMEOUT_MS, handsOverSession: true });
    expect(inPlace.session).toBe(handed);
    expect(inPlace).toEqual(copied);
  });

  test.each(Object.entries(ACTION_CONTRACTS))(
    "the %s action's output is JSON (it is stored in the session as it is)",
    (_name, contract) => {
      expect(() => z.toJSONSchema(contract.output)).not.toThrow();
    },
  );
});
