import { z } from 'zod';
import { startJourneys, type Journeys } from './journey-harness';
import { textOf } from './journey-screens';

/**
 * WhatsApp over both providers' real webhooks (Twilio and Meta Cloud, signed by the simulator): every
 * choice the patient is offered leaves as an interactive message (buttons or a list) and the tapped
 * reply id answers the question.
 */
let journeys: Journeys;

beforeAll(async () => {
  journeys = await startJourneys();
}, 90_000);
afterAll(async () => {
  await journeys?.close();
});

const interactiveSchema = z.object({
  type: z.enum(['buttons', 'list', 'template']),
  options: z.array(z.object({ id: z.string(), title: z.string() })),
});

describe.each([
  { channel: 'twilio-whatsapp' as const, from: '254711500001', lang: 'fr' as const },
  { channel: 'meta-whatsapp' as const, from: '254711600001', lang: 'en' as const },
])('$channel in $lang', ({ channel, from, lang }) => {
  test('language and consent are buttons, the menu is a list, and tapped replies run the journey to a triage question', async () => {
    const tap = async (message: { text?: string; replyId?: string }) => {
      const replies = await journeys.send(channel, from, message);
      if (replies.length !== 1 || !replies[0]?.interactive) throw new Error(JSON.stringify(replies));
      const [reply] = replies;
      return { text: reply?.text ?? '', interactive: interactiveSchema.parse(reply?.interactive) };
    };
    const language = await tap({ text: 'Hello' });
    expect(language.interactive.type).toBe('buttons');
    const chosen = language.interactive.options.find(
      (option) => option.title === (lang === 'fr' ? 'Français' : 'English'),
    );
    const consent = await tap({ replyId: chosen?.id });
    expect(consent.interactive.type).toBe('buttons');
    expect(consent.text).toContain(textOf(lang, 'first_contact.consent').slice(0, 40));
    const menu = await tap({ replyId: 'yes' });
    expect(menu.interactive.type).toBe('list');
    expect(menu.interactive.options.length).toBeLessThanOrEqual(10);
    const age = await tap({ replyId: 'triage' });
    expect(age.text).toContain(textOf(lang, 'triage.ask_age'));
    expect(['buttons', 'list']).toContain(age.interactive.type);
    const patient = await journeys.sql<{ consent_version: string | null }>(
      `SELECT p.consent_version FROM patients p JOIN patient_identities i ON i.patient_id = p.id WHERE i.kind = 'whatsapp'`,
    );
    expect(patient.some((row) => row.consent_version === '2026-11')).toBe(true);
  });
});
