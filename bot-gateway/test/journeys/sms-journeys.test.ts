import { findingOf, findingsVocabulary } from '@medlink/core-api/triage/protocol/findings-vocabulary';
import { triageProtocol } from '@medlink/core-api/triage/protocol/triage-protocol';
import { startJourneys, type Journeys } from './journey-harness';
import { textOf } from './journey-screens';

/**
 * Every journey over SMS alone (Africa's Talking inbound SMS webhook, signed by the simulator; replies
 * through the outbox worker to the simulator's SMS API), in French and English.
 */
let journeys: Journeys;

beforeAll(async () => {
  journeys = await startJourneys();
}, 90_000);
afterAll(async () => {
  await journeys?.close();
});

type Lang = 'fr' | 'en';
const CHANNEL = 'africastalking-sms';

function phoneOf(phone: string) {
  return async (text: string) => {
    const replies = await journeys.send(CHANNEL, phone, { text });
    return replies.map((reply) => reply.text ?? '').join('\n');
  };
}

async function firstContact(phone: string, lang: Lang) {
  const sms = phoneOf(phone);
  expect(await sms('Bonjour')).toContain('1. Français');
  expect(await sms(lang === 'fr' ? '1' : '2')).toContain(textOf(lang, 'first_contact.consent'));
  const menu = await sms(lang === 'fr' ? 'oui' : 'yes');
  expect(menu).toContain(textOf(lang, 'menu.prompt'));
  return sms;
}

async function patientIdOf(phone: string): Promise<string> {
  const rows = await journeys.sql<{ patient_id: string }>(
    `SELECT patient_id FROM patient_identities WHERE address = $1`,
    [phone],
  );
  return rows[0]?.patient_id ?? '';
}

/** Books the latest slot offered with the first recommended general practitioner; returns the appointment id. */
async function bookFromMenu(sms: (text: string) => Promise<string>, phone: string, lang: Lang): Promise<string> {
  expect(await sms('2')).toContain(textOf(lang, 'booking.ask_specialty'));
  expect(await sms('1')).toContain(textOf(lang, 'booking.ask_practitioner'));
  const slots = await sms('1');
  expect(slots).toContain(textOf(lang, 'booking.ask_slot'));
  const last = Math.max(...[...slots.matchAll(/^(\d+)\. /gm)].map((match) => Number(match[1])));
  expect(await sms(String(last))).toContain(textOf(lang, 'booking.confirm'));
  const booked = await sms('1');
  expect(booked).toContain(textOf(lang, 'booking.booked'));
  // The reply is the confirmation: no second SMS saying the same (a USSD patient gets one, by SMS).
  const reference = /ML-[0-9A-F]+/.exec(booked)?.[0] ?? 'no reference';
  await new Promise((resolve) => setTimeout(resolve, 300));
  const received = await journeys.received(phone, CHANNEL);
  expect(received.filter((message) => message.text?.includes(reference))).toHaveLength(1);
  const [appointment] = await journeys.sql<{ id: string }>(
    `SELECT id FROM appointments WHERE patient_id = $1 ORDER BY created_at DESC LIMIT 1`,
    [await patientIdOf(phone)],
  );
  return appointment?.id ?? '';
}

describe.each(['fr', 'en'] as const)('SMS in %s', (lang) => {
  const base = lang === 'fr' ? '+254711300' : '+254711400';

  test('first contact, consent, then triage with a complaint in words ends in advice; SMS segments are recorded', async () => {
    const phone = `${base}001`;
    const sms = await firstContact(phone, lang);
    expect(await sms('1')).toContain(textOf(lang, 'triage.ask_age'));
    expect(await sms('4')).toContain(textOf(lang, 'triage.ask_sex'));
    expect(await sms('2')).toContain(textOf(lang, 'triage.ask_complaint'));
    let reply = await sms(lang === 'fr' ? 'toux et nez qui coule' : 'cough and runny nose');
    for (let question = 0; question < 15 && /\n2\. (Non|No)$/.test(reply); question += 1) reply = await sms('2');
    // An adult with a cold: self-care, with each sign that should bring them back said once. A long reply goes
    // as numbered parts ("(2/3) ...") split between words: read them as one text.
    const prose = reply
      .split('\n')
      .map((part) => part.replace(/^\(\d+\/\d+\) /, ''))
      .join(' ');
    for (const code of triageProtocol.advice.returnSigns['adult'] ?? [])
      expect({ code, times: prose.split(findingOf(code)[lang]).length - 1 }).toEqual({ code, times: 1 });
    const rows = await journeys.sql<{ segments: number | null; encoding: string | null }>(
      `SELECT segments, encoding FROM messages WHERE direction = 'out' AND channel = $1 AND contact_address = $2`,
      [CHANNEL, phone],
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      expect(row.segments).toBeGreaterThanOrEqual(1);
      expect(['GSM-7', 'UCS-2', 'gsm7', 'ucs2']).toContain(row.encoding);
    }
    const triage = await journeys.sql<{ level: string }>(`SELECT level FROM triage_records WHERE patient_id = $1`, [
      await patientIdOf(phone),
    ]);
    expect(triage.map((record) => record.level)).toEqual(['self_care']);
  });

  test('triage ending in urgent care (fever in a malaria area): the headline said once, then the offer to book', async () => {
    const phone = `${base}007`;
    const sms = await firstContact(phone, lang);
    expect(await sms('1')).toContain(textOf(lang, 'triage.ask_age'));
    expect(await sms('5')).toContain(textOf(lang, 'triage.ask_sex'));
    expect(await sms('1')).toContain(textOf(lang, 'triage.ask_complaint'));
    const headline = findingsVocabulary.levels.urgent[lang];
    let reply = await sms(lang === 'fr' ? 'fièvre depuis hier' : 'fever since yesterday');
    // Yes to the fever the complaint named and to the malaria area, no to every danger sign.
    for (let question = 0; question < 15 && !reply.includes(headline); question += 1)
      reply = await sms(/malaria|paludisme|Fever or feels hot|Fièvre ou corps chaud/i.test(reply) ? '1' : '2');
    expect(reply.split(headline)).toHaveLength(2);
    expect(reply).toContain(textOf(lang, 'triage.offer_practitioner'));
    const triage = await journeys.sql<{ level: string }>(`SELECT level FROM triage_records WHERE patient_id = $1`, [
      await patientIdOf(phone),
    ]);
    expect(triage.map((record) => record.level)).toEqual(['urgent']);
  });

  test('booking, then my appointments (keyword) lists it and cancels it', async () => {
    const phone = `${base}002`;
    const sms = await firstContact(phone, lang);
    const appointmentId = await bookFromMenu(sms, phone, lang);
    expect(
      (await journeys.sql<{ status: string }>(`SELECT status FROM appointments WHERE id = $1`, [appointmentId]))[0]
        ?.status,
    ).toBe('requested');
    expect(await sms(lang === 'fr' ? 'RDV' : 'CANCEL')).toContain(textOf(lang, 'appointments.ask_pick'));
    expect(await sms('1')).toContain(textOf(lang, 'appointments.cancel'));
    expect(await sms('1')).toContain(textOf(lang, 'appointments.confirm_cancel'));
    expect(await sms('1')).toContain(textOf(lang, 'appointments.cancelled'));
    expect(
      (await journeys.sql<{ status: string }>(`SELECT status FROM appointments WHERE id = $1`, [appointmentId]))[0]
        ?.status,
    ).toBe('cancelled');
  });

  test('rate my last consultation stores a review for the finished appointment', async () => {
    const phone = `${base}003`;
    const sms = await firstContact(phone, lang);
    const appointmentId = await bookFromMenu(sms, phone, lang);
    await journeys.sql(`UPDATE appointments SET status = 'completed' WHERE id = $1`, [appointmentId]);
    await sms('MENU');
    expect(await sms('6')).toContain(textOf(lang, 'rate.ask_rating'));
    expect(await sms('5')).toContain(textOf(lang, 'rate.ask_want_comment'));
    expect(await sms('2')).toContain(textOf(lang, 'rate.thanks'));
    const reviews = await journeys.sql<{ rating: number }>(`SELECT rating FROM reviews WHERE appointment_id = $1`, [
      appointmentId,
    ]);
    expect(reviews.map((review) => review.rating)).toEqual([5]);
  });

  test('ask a doctor over SMS: the practitioner’s reply through core-api reaches the patient', async () => {
    const phone = `${base}004`;
    const sms = await firstContact(phone, lang);
    expect(await sms('4')).toContain(textOf(lang, 'doctor.ask_question'));
    expect(
      await sms(lang === 'fr' ? 'Mon enfant tousse depuis une semaine' : 'My child has coughed for a week'),
    ).toContain(textOf(lang, 'doctor.keep_writing'));
    const [consultation] = await journeys.sql<{ id: string; user_id: string }>(
      `SELECT c.id, pr.user_id FROM consultations c JOIN consultation_participants cp ON cp.consultation_id = c.id JOIN practitioners pr ON pr.id = cp.practitioner_id WHERE c.patient_id = $1`,
      [await patientIdOf(phone)],
    );
    const token = journeys.api.tokenFor({ kind: 'user', userId: consultation?.user_id ?? '', role: 'practitioner' });
    const answer = lang === 'fr' ? 'Venez au centre demain matin.' : 'Come to the clinic tomorrow morning.';
    expect(
      (
        await journeys.api.call('POST', `/api/v1/consultations/${consultation?.id}/messages`, {
          token,
          body: { text: answer },
        })
      ).status,
    ).toBe(201);
    const received = await journeys.waitForReceived(phone, CHANNEL, 1);
    await expect(
      poll(async () => (await journeys.received(phone, CHANNEL)).some((message) => message.text === answer)),
    ).resolves.toBe(true);
    expect(received.length).toBeGreaterThan(0);
  });

  test('STOP stops at once and SMS stays silent; START brings the patient back', async () => {
    const phone = `${base}005`;
    const sms = await firstContact(phone, lang);
    expect(await sms('STOP')).toContain(textOf(lang, 'stop.done'));
    expect(
      (
        await journeys.sql<{ opted_out_at: Date | null }>(`SELECT opted_out_at FROM patients WHERE id = $1`, [
          await patientIdOf(phone),
        ])
      )[0]?.opted_out_at,
    ).not.toBeNull();
    expect(await sms(lang === 'fr' ? 'Bonjour' : 'Hello')).toBe('');
    expect(await sms('START')).toContain(textOf(lang, 'opt_in.done'));
  });

  test('delete my data: confirmation, erasure in core-api, then the conversation starts from nothing', async () => {
    const phone = `${base}006`;
    const sms = await firstContact(phone, lang);
    const patientId = await patientIdOf(phone);
    expect(await sms('9')).toContain(textOf(lang, 'erase.confirm'));
    expect(await sms('1')).toContain(textOf(lang, 'erase.done'));
    // The erasure runs once the confirmation has left: core-api would otherwise stop it as a queued message.
    const isErased = async () =>
      (await journeys.sql<{ erased_at: Date | null }>(`SELECT erased_at FROM patients WHERE id = $1`, [patientId]))[0]
        ?.erased_at != null;
    await expect(poll(isErased)).resolves.toBe(true);
    expect(await sms('Bonjour')).toContain('1. Français');
  });
});

async function poll(check: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}
