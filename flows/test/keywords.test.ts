import { loadFlowBundle } from '../src/engine/load-flow-bundle';
import { Conversation, staticPart } from './conversation';
import { EMERGENCY_AFTER_ONE_QUESTION, createUniverse } from './mock-universe';

const bundle = loadFlowBundle();
const consented = { lang: 'fr', consentVersion: '2026-11' };
const fr = (key: string) => staticPart(bundle, 'fr', key);
const en = (key: string) => staticPart(bundle, 'en', key);

function atMenu(channel: 'ussd' | 'sms' | 'whatsapp', universe = createUniverse()) {
  const conversation = new Conversation(bundle, channel, universe, { ...consented });
  expect(conversation.send(channel === 'ussd' ? '' : 'Bonjour').text).toContain(fr('menu.prompt'));
  return conversation;
}

describe('keywords on SMS and WhatsApp, at any point', () => {
  test('AIDE in the middle of a question explains the keywords, then asks the same question again', () => {
    const conversation = atMenu('sms');
    conversation.send('1');
    const reply = conversation.send('aide');
    expect(reply.text).toContain(fr('help.text'));
    expect(reply.text).toContain(fr('triage.ask_age'));
    expect(conversation.send('4').text).toContain(fr('triage.ask_sex'));
  });

  test('LANGUE in the middle of a question switches language and asks the same question in it', () => {
    const conversation = atMenu('sms');
    conversation.send('1');
    expect(conversation.send('LANGUE').text).toContain(fr('language.prompt'));
    const reply = conversation.send('2');
    expect(reply.actions).toEqual([{ name: 'setLanguage', input: { lang: 'en' } }]);
    expect(reply.text).toContain(en('triage.ask_age'));
  });

  test('ARRÊT stops at once; later messages get no reply until START', () => {
    const conversation = atMenu('sms');
    conversation.send('1');
    const stop = conversation.send('ARRÊT');
    expect(stop.actions.map((action) => action.name)).toEqual(['optOut']);
    expect(stop.text).toContain(fr('stop.done'));
    expect(stop.ended).toBe(true);
    expect(conversation.session?.contact['optedOut']).toBe(true);
    expect(conversation.send('Bonjour').effects).toEqual([]);
    const start = conversation.send('START');
    expect(start.actions.map((action) => action.name)).toEqual(['optIn', 'resolvePatient']);
    expect(start.text).toContain(fr('opt_in.done'));
    expect(start.text).toContain(fr('menu.prompt'));
  });

  test('after STOP a USSD dial offers to receive messages again', () => {
    const conversation = new Conversation(bundle, 'ussd', createUniverse(), { ...consented, optedOut: true });
    expect(conversation.send('').text).toContain(fr('opt_in.confirm'));
    expect(conversation.send('2').text).toContain(fr('opt_in.still_stopped'));
  });

  test('MENU leaves the current journey for the main menu', () => {
    const conversation = atMenu('sms');
    conversation.send('2');
    expect(conversation.send('menu').text).toContain(fr('menu.prompt'));
  });

  test('after MENU, an emergency still shows the emergency number and hotline', () => {
    const conversation = atMenu('sms', createUniverse(EMERGENCY_AFTER_ONE_QUESTION));
    conversation.send('2');
    expect(conversation.send('MENU').text).toContain(fr('menu.prompt'));
    for (const answer of ['1', '4', '2', 'je respire mal']) conversation.send(answer);
    const emergency = conversation.send('oui').text;
    expect(emergency).toContain('ou appelez le 112.');
    expect(emergency).toContain("Ligne d'aide : 1510");
  });

  test('MENU before consent leads back to consent: nothing clinical before it', () => {
    const conversation = new Conversation(bundle, 'sms', createUniverse(), { lang: 'en' });
    expect(conversation.send('hello').text).toContain(en('first_contact.consent'));
    const reply = conversation.send('MENU');
    expect(reply.text).toContain(en('first_contact.consent'));
    expect(reply.text).not.toContain(en('menu.prompt'));
  });

  test('on USSD, keywords are ordinary answers and 0 goes back to the previous question', () => {
    const conversation = atMenu('ussd');
    conversation.send('1');
    conversation.send('4');
    expect(conversation.send('STOP').text).toContain(fr('system.invalid_choice'));
    expect(conversation.send('0').text).toContain(fr('triage.ask_age'));
    expect(conversation.send('0').text).toContain(fr('menu.prompt'));
  });
});
