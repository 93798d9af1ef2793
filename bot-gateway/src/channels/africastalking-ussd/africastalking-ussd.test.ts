import { randomUUID } from 'node:crypto';
import { asForm, startTestGateway, type TestGateway } from '../../../test/gateway-harness';
import type { ConversationHandler } from '../../conversations/conversation-handler';
import { USSD_SCREEN_LIMIT } from '../../ussd/paginate-ussd-screen';
import chooseEnglish from './fixtures/choose-english.json';
import dial from './fixtures/dial.json';
import missingPhone from './fixtures/missing-phone-number.json';
import missingSession from './fixtures/missing-session-id.json';

const USSD = '/webhooks/africastalking/ussd';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A long menu (facilities with long names) and a log of what reached the conversation. */
const seen: string[] = [];
const FACILITIES = Array.from({ length: 14 }, (_, index) => ({
  id: `f${index + 1}`,
  label: `Centre de santé communautaire numéro ${index + 1}`,
}));
const longMenuHandler: ConversationHandler = {
  async handle(message, context) {
    seen.push(message.text);
    if (message.text === '')
      return {
        outputs: [{ text: 'Choisissez un centre proche de chez vous :', choices: FACILITIES }],
        state: { lang: 'fr', step: 'pick' },
      };
    return {
      outputs: [{ text: `Vous avez choisi ${message.text}.`, endsSession: true }],
      state: { ...context.state, picked: message.text },
    };
  },
};

describe.each<{ engine: string; env: Record<string, string> }>([
  { engine: 'Redis sessions', env: { REDIS_URL } },
  { engine: 'in-process sessions', env: {} },
])('africastalking-ussd with $engine', ({ env }) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ env, keyPrefix: `t-${randomUUID()}` });
  });
  afterAll(async () => {
    await gateway.close();
  });

  const hop = (sessionId: string, phoneNumber: string, inputs: string[]) =>
    gateway.postAfricasTalking(USSD, { ...asForm(dial), sessionId, phoneNumber, text: inputs.join('*') });

  test('dial, choose English, choose an item: CON, CON, END, each within 182 characters', async () => {
    const first = await gateway.postAfricasTalking(USSD, asForm(dial));
    expect(first.status).toBe(200);
    expect(first.contentType).toContain('text/plain');
    expect(first.text).toBe('CON MedLink: choisissez votre langue / choose your language\n1. Français\n2. English');
    const second = await gateway.postAfricasTalking(USSD, asForm(chooseEnglish));
    expect(second.text).toMatch(/^CON MedLink - Main menu\n1\. Check my symptoms\n/);
    const third = await hop(dial.sessionId, dial.phoneNumber, ['2', '1']);
    expect(third.text).toBe(
      'END You chose "Check my symptoms". This service is coming soon. Thank you for using MedLink.',
    );
    for (const screen of [first, second, third])
      expect(screen.text.slice(4).length).toBeLessThanOrEqual(USSD_SCREEN_LIMIT);
  });

  test('the same hop repeated gets the same screen and runs the conversation once', async () => {
    const sessionId = `repeat-${randomUUID()}`;
    await hop(sessionId, '+254711000010', []);
    const once = await hop(sessionId, '+254711000010', ['2']);
    const again = await hop(sessionId, '+254711000010', ['2']);
    expect(again).toEqual(once);
    const rows = await gateway.sql(
      `SELECT provider_message_id FROM messages WHERE channel = 'africastalking-ussd' AND provider_message_id LIKE $1`,
      [`${sessionId}:%`],
    );
    expect(rows).toHaveLength(2);
  });

  test('hops are logged as processed inbound rows with their screen, and queue no outbox row', async () => {
    const sessionId = `log-${randomUUID()}`;
    const screen = await hop(sessionId, '+254711000011', []);
    const [row] = await gateway.sql<{ body: string; screen: string; processed: boolean }>(
      `SELECT body, content->>'screen' AS screen, processed_at IS NOT NULL AS processed FROM messages WHERE provider_message_id = $1`,
      [`${sessionId}:0`],
    );
    expect(row).toEqual({ body: '', screen: screen.text, processed: true });
    expect(
      await gateway.sql(`SELECT id FROM messages WHERE direction = 'out' AND channel = 'africastalking-ussd'`),
    ).toEqual([]);
  });

  test.each([
    { name: 'missing sessionId', fixture: missingSession, detail: 'missing sessionId' },
    { name: 'missing phoneNumber', fixture: missingPhone, detail: 'missing phoneNumber' },
    {
      name: 'a NUL character',
      fixture: { ...missingPhone, sessionId: 'ATUid_nul', phoneNumber: '+254711000005', text: '1\u0000' },
      detail: 'invalid text: contains a NUL character',
    },
  ])('$name: 400 naming the field', async ({ fixture, detail }) => {
    const response = await gateway.postAfricasTalking(USSD, asForm(fixture));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).detail).toBe(detail);
  });

  test.each([
    { name: 'missing', token: null, status: 401 },
    { name: 'wrong', token: 'nope', status: 403 },
  ])('a $name token gets $status, no screen, nothing logged', async ({ token, status }) => {
    const sessionId = `token-${randomUUID()}`;
    const response = await gateway.postAfricasTalking(USSD, { ...asForm(dial), sessionId }, { token });
    expect(response.status).toBe(status);
    expect(response.text).toBe('');
    expect(await gateway.sql(`SELECT id FROM messages WHERE provider_message_id = $1`, [`${sessionId}:0`])).toEqual([]);
  });

  describe('resume', () => {
    test('dialling again within the window offers Continue / Start again; 1 continues where the patient was', async () => {
      const phone = '+254711000020';
      const sessionOne = `r1b-${randomUUID()}`;
      await hop(sessionOne, phone, []);
      const menu = await hop(sessionOne, phone, ['2']);
      const sessionTwo = `r2-${randomUUID()}`;
      const offer = await hop(sessionTwo, phone, []);
      expect(offer.text).toBe('CON MedLink: pick up where you left off?\n1. Continue\n2. Start again');
      const resumed = await hop(sessionTwo, phone, ['1']);
      expect(resumed.text).toBe(menu.text);
      const picked = await hop(sessionTwo, phone, ['1', '1']);
      expect(picked.text).toMatch(/^END You chose "Check my symptoms"/);
    });

    test('2 starts again from the language choice; after an END there is nothing to resume', async () => {
      const phone = '+254711000021';
      const sessionOne = `s1-${randomUUID()}`;
      await hop(sessionOne, phone, []);
      await hop(sessionOne, phone, ['1']);
      const sessionTwo = `s2-${randomUUID()}`;
      expect((await hop(sessionTwo, phone, [])).text).toBe(
        'CON MedLink: reprendre là où vous étiez ?\n1. Continuer\n2. Recommencer',
      );
      expect((await hop(sessionTwo, phone, ['2'])).text).toMatch(/^CON MedLink: choisissez votre langue/);
      await hop(sessionTwo, phone, ['2', '1']);
      const ended = await hop(sessionTwo, phone, ['2', '1', '1']);
      expect(ended.text).toMatch(/^END Vous avez choisi « Évaluer mes symptômes »/);
      expect((await hop(`s3-${randomUUID()}`, phone, [])).text).toMatch(/^CON MedLink: choisissez votre langue/);
    });
  });
});

describe('africastalking-ussd pagination', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ env: { REDIS_URL }, keyPrefix: `t-${randomUUID()}`, handler: longMenuHandler });
  });
  afterAll(async () => {
    await gateway.close();
  });

  test('a long menu pages with 98 More (0 returns a page); paging inputs never reach the conversation; an option on page 2 does', async () => {
    seen.length = 0;
    const sessionId = `page-${randomUUID()}`;
    const inputs: string[] = [];
    const screens: string[] = [];
    const press = async (input?: string) => {
      if (input !== undefined) inputs.push(input);
      const response = await gateway.postAfricasTalking(USSD, {
        ...asForm(dial),
        sessionId,
        phoneNumber: '+254711000030',
        text: inputs.join('*'),
      });
      screens.push(response.text);
      return response.text;
    };
    const page1 = await press();
    expect(page1).toMatch(/^CON Choisissez un centre proche de chez vous :\n1\. Centre/);
    expect(page1).toMatch(/\n98 Suite$/);
    expect(page1).not.toContain('0 Retour');
    const page2 = await press('98');
    // One pager (flows' paginateUssd): on the first page "0 Retour" is shown only where the flow can go back;
    // from the second page on it turns the page back.
    expect(page2).toMatch(/\n98 Suite\n0 Retour$/);
    expect(await press('0')).toBe(page1);
    await press('98');
    let last = await press('98');
    while (last.includes('98 Suite')) last = await press('98');
    expect(last).toMatch(/14\. Centre de santé communautaire numéro 14\n0 Retour$/);
    const shown = `${screens.join('\n')}\n`;
    for (const facility of FACILITIES) expect(shown).toContain(`. ${facility.label}\n`);
    for (const screen of screens) expect(screen.slice(4).length).toBeLessThanOrEqual(USSD_SCREEN_LIMIT);
    const chosen = await press('5');
    expect(chosen).toBe('END Vous avez choisi 5.');
    expect(seen).toEqual(['', '5']);
  });
});
