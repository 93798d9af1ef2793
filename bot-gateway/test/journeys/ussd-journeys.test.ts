import { Queue } from 'bullmq';
import { findingOf, findingsVocabulary } from '@medlink/core-api/triage/protocol/findings-vocabulary';
import { triageProtocol } from '@medlink/core-api/triage/protocol/triage-protocol';
import { formatWhen } from '../../src/actions/format-when';
import { startJourneys, type Journeys } from './journey-harness';
import { readScreen, shown, textOf, USSD_LIMIT } from './journey-screens';

/**
 * Every journey over USSD alone (Africa's Talking webhook, real core-api, PostgreSQL, Redis, outbox
 * worker, provider simulator), in French and English. Every screen the patient sees is <= 182 characters.
 */
let journeys: Journeys;
const screens: string[] = [];

beforeAll(async () => {
  journeys = await startJourneys();
}, 90_000);
afterAll(async () => {
  await journeys?.close();
});
afterEach(() => {
  for (const screen of screens) expect(shown(screen).length).toBeLessThanOrEqual(USSD_LIMIT);
  screens.length = 0;
});

type Lang = 'fr' | 'en';
const MORE = { fr: 'Suite', en: 'More' } as const;
const REMOTE = { fr: 'Téléconsultation', en: 'Remote consultation' } as const;

/** One dial: `press(input)` answers with every page of the next screen; pages are kept for the length check. */
function dial(phone: string, lang: Lang) {
  const hop = journeys.ussd(phone);
  return async (input?: string) => {
    const screen = await readScreen(hop, input, MORE[lang]);
    screens.push(...screen.pages);
    return screen;
  };
}

/** First contact: language, consent; returns the session on the main menu. */
async function firstContact(phone: string, lang: Lang) {
  const press = dial(phone, lang);
  const languages = await press();
  expect(languages.text).toContain('1. Français');
  const consent = await press(lang === 'fr' ? '1' : '2');
  expect(consent.text).toContain(textOf(lang, 'first_contact.consent'));
  const menu = await press('1');
  expect(menu.text).toContain(textOf(lang, 'first_contact.welcome'));
  expect(menu.text).toContain(textOf(lang, 'menu.prompt'));
  return press;
}

async function patientOf(phone: string) {
  const rows = await journeys.sql<{
    id: string;
    consent_version: string | null;
    opted_out_at: Date | null;
    erased_at: Date | null;
    preferred_language: string;
  }>(
    `SELECT p.id, p.consent_version, p.opted_out_at, p.erased_at, p.preferred_language FROM patients p JOIN patient_identities i ON i.patient_id = p.id WHERE i.address = $1`,
    [phone],
  );
  return rows[0];
}

/** The text of a screen's pages read as one: without the paging lines, a page break read as the space it replaced. */
const proseOf = (pages: string[]) =>
  pages
    .map((page) =>
      shown(page)
        .split('\n')
        .filter((line) => !/^(98|0) /.test(line))
        .join(' '),
    )
    .join(' ');

describe.each(['fr', 'en'] as const)('USSD in %s', (lang) => {
  const base = lang === 'fr' ? '+254711100' : '+254711200';

  test('first contact records consent before the menu; a returning patient goes straight to the menu', async () => {
    const phone = `${base}001`;
    await firstContact(phone, lang);
    const patient = await patientOf(phone);
    expect(patient?.consent_version).toBe('2026-11');
    expect(patient?.preferred_language).toBe(lang);
    const again = dial(phone, lang);
    const offer = await again();
    expect(offer.text).toMatch(lang === 'fr' ? /Recommencer/ : /Start again/);
    const menu = await again('2');
    expect(menu.text).toContain(textOf(lang, 'menu.prompt'));
    expect(menu.text).not.toContain(textOf(lang, 'first_contact.consent'));
  });

  test('triage ending in an emergency, the patient located: the nearest open emergency facility, the emergency number, the result stored', async () => {
    const phone = `${base}002`;
    // A patient core-api knows with a position (recorded by a health worker, say): in central Nairobi.
    const [patient] = await journeys.sql<{ id: string }>(
      `INSERT INTO patients (preferred_language, consent_version, consent_at, consent_channel, country_iso3, lat, lon)
       VALUES ($1, '2026-11', now(), 'africastalking-ussd', 'KEN', -1.2864, 36.8172) RETURNING id`,
      [lang],
    );
    await journeys.sql(`INSERT INTO patient_identities (patient_id, kind, address) VALUES ($1, 'phone', $2)`, [
      patient?.id,
      phone,
    ]);
    const press = dial(phone, lang);
    expect((await press()).text).toContain(textOf(lang, 'menu.prompt'));
    expect((await press('1')).text).toContain(textOf(lang, 'triage.ask_age'));
    expect((await press('4')).text).toContain(textOf(lang, 'triage.ask_sex'));
    expect((await press('2')).text).toMatch(/\?/);
    const result = await press('1');
    expect(result.ended).toBe(true);
    expect(result.text).toContain(lang === 'fr' ? 'URGENCE : allez tout de suite à ' : 'EMERGENCY: go now to ');
    expect(result.text).toContain('999');
    // One of the emergency-capable facilities nearest to that position, borders aside (opening hours decide which).
    const facilities = await journeys.sql<{ name: string }>(
      `SELECT name FROM facilities WHERE emergency_capable
        ORDER BY earth_distance(ll_to_earth(lat, lon), ll_to_earth(-1.2864, 36.8172)) LIMIT 5`,
    );
    if (!facilities.some((facility) => result.text.includes(facility.name)))
      throw new Error(`${result.pages.join('\n~~\n')}\nnearest: ${facilities.map((f) => f.name).join(', ')}`);
    const records = await journeys.sql<{ level: string }>(`SELECT level FROM triage_records WHERE patient_id = $1`, [
      patient?.id,
    ]);
    expect(records.map((record) => record.level)).toEqual(['emergency']);
  });

  test('triage ending in an emergency, where the patient is not known: what to do now and the emergency number, no facility picked from the whole country', async () => {
    const phone = `${base}015`;
    const press = await firstContact(phone, lang);
    expect((await press('1')).text).toContain(textOf(lang, 'triage.ask_age'));
    expect((await press('4')).text).toContain(textOf(lang, 'triage.ask_sex'));
    expect((await press('2')).text).toMatch(/\?/);
    const result = await press('1');
    expect(result.ended).toBe(true);
    expect(result.text).toContain(textOf(lang, 'triage.emergency_no_facility'));
    expect(result.text).toMatch(
      lang === 'fr' ? /appelez le 999\.\nLigne d'aide : 112\n/ : /call 999\.\nHotline: 112\n/,
    );
    const records = await journeys.sql<{ level: string }>(`SELECT level FROM triage_records WHERE patient_id = $1`, [
      (await patientOf(phone))?.id,
    ]);
    expect(records.map((record) => record.level)).toEqual(['emergency']);
  });

  test('triage ending in self-care: the advice, then each sign that should bring the child back, once', async () => {
    const phone = `${base}014`;
    const press = await firstContact(phone, lang);
    expect((await press('1')).text).toContain(textOf(lang, 'triage.ask_age'));
    expect((await press('2')).text).toContain(textOf(lang, 'triage.ask_sex'));
    let screen = await press('2');
    // "No" to every danger sign and symptom the protocol asks about a child of 2 months to 4 years.
    for (let question = 0; question < 20 && !screen.ended; question += 1) screen = await press('2');
    expect(screen.ended).toBe(true);
    const prose = proseOf(screen.pages);
    expect(prose).toContain(findingsVocabulary.levels.self_care[lang]);
    const signs = triageProtocol.advice.returnSigns['child_under_5'] ?? [];
    expect(signs.length).toBeGreaterThan(0);
    for (const code of signs)
      expect({ code, times: prose.split(findingOf(code)[lang]).length - 1 }).toEqual({ code, times: 1 });
    const records = await journeys.sql<{ level: string }>(`SELECT level FROM triage_records WHERE patient_id = $1`, [
      (await patientOf(phone))?.id,
    ]);
    expect(records.map((record) => record.level)).toEqual(['self_care']);
  });

  test('a dial with the choice in it (*384*123*1#) opens triage; the emergency’s first page says what to do now, the emergency number and the hotline', async () => {
    const phone = `${base}012`;
    await firstContact(phone, lang);
    const hop = journeys.ussd(phone, ['1']);
    const age = await hop();
    expect(shown(age)).toContain(textOf(lang, 'triage.ask_age'));
    expect(shown(await hop('4'))).toContain(textOf(lang, 'triage.ask_sex'));
    expect(await hop('2')).toMatch(/\?/);
    const firstPage = shown(await hop('1'));
    screens.push(firstPage);
    expect(firstPage).toMatch(
      lang === 'fr'
        ? /^URGENCE : allez tout de suite à l'hôpital le plus proche, ou appelez le 999\.\nLigne d'aide : 112\n/
        : /^EMERGENCY: go to the nearest hospital now, or call 999\.\nHotline: 112\n/,
    );
    const records = await journeys.sql<{ level: string }>(`SELECT level FROM triage_records WHERE patient_id = $1`, [
      (await patientOf(phone))?.id,
    ]);
    expect(records.map((record) => record.level)).toEqual(['emergency']);
  });

  test('a first contact dialling a shortcut (*384*123*1*2#) is asked language and consent; nothing is answered for them', async () => {
    const phone = `${base}013`;
    const hop = journeys.ussd(phone, ['1', '2']);
    expect(await hop()).toContain('1. Français');
    expect((await patientOf(phone))?.consent_version ?? null).toBeNull();
  });

  test('booking: confirmed appointment in PostgreSQL, confirmation SMS in the simulator, reminders scheduled', async () => {
    const phone = `${base}003`;
    const press = await firstContact(phone, lang);
    expect((await press('2')).text).toContain(textOf(lang, 'booking.ask_specialty'));
    const practitioners = await press('1');
    expect(practitioners.text).toContain(textOf(lang, 'booking.ask_practitioner'));
    // "1. Dr Name, <place>": the facility near the patient, or a remote consultation.
    const place = /^1\. [^,]+, (.+)$/m.exec(practitioners.text)?.[1] ?? '';
    const slots = await press('1');
    expect(slots.text).toContain(textOf(lang, 'booking.ask_slot'));
    // The latest time offered: a slot within 2 hours gets no reminder (core-api records them as skipped).
    const last = Math.max(...[...slots.text.matchAll(/^(\d+)\. /gm)].map((match) => Number(match[1])));
    const confirm = await press(String(last));
    expect(confirm.text).toContain(textOf(lang, 'booking.confirm'));
    expect(confirm.text).toContain(place);
    const booked = await press('1');
    expect(booked.ended).toBe(true);
    expect(booked.text).toContain(textOf(lang, 'booking.booked_ussd'));
    const patient = await patientOf(phone);
    const [appointment] = await journeys.sql<{
      id: string;
      status: string;
      practitioner_user: string;
      mode: string;
      facility: string | null;
      starts_at: Date;
      facility_time_zone: string | null;
    }>(
      `SELECT a.id, a.status, pr.user_id AS practitioner_user, a.mode, f.name AS facility, a.starts_at,
              f.time_zone AS facility_time_zone FROM appointments a
         JOIN practitioners pr ON pr.id = a.practitioner_id LEFT JOIN facilities f ON f.id = a.facility_id
        WHERE a.patient_id = $1`,
      [patient?.id],
    );
    expect(appointment?.status).toBe('requested');
    // Booked where the patient was shown, not at another place the practitioner also works.
    expect(appointment?.facility ?? REMOTE[lang]).toBe(place);
    expect(appointment?.mode).toBe(appointment?.facility === null ? 'remote' : 'in_person');
    // The time as the patient reads it: at the facility, or in Kenya (their number) for a remote consultation,
    // whatever the doctor's own time zone.
    const timeZone = appointment?.facility_time_zone ?? 'Africa/Nairobi';
    expect(booked.text).toContain(formatWhen(appointment?.starts_at ?? new Date(0), lang, timeZone));
    const token = journeys.api.tokenFor({
      kind: 'user',
      userId: appointment?.practitioner_user ?? '',
      role: 'practitioner',
    });
    const confirmed = await journeys.api.call('POST', `/api/v1/appointments/${appointment?.id}/confirm`, {
      token,
      body: {},
    });
    expect(confirmed.status).toBe(200);
    expect(
      (await journeys.sql<{ status: string }>(`SELECT status FROM appointments WHERE id = $1`, [appointment?.id]))[0]
        ?.status,
    ).toBe('confirmed');
    const [confirmation] = await journeys.waitForReceived(phone, 'africastalking-sms', 1);
    expect(confirmation?.text).toContain(lang === 'fr' ? 'rendez-vous' : 'appointment');
    const reminders = await journeys.sql<{ status: string }>(
      `SELECT status FROM appointment_reminders WHERE appointment_id = $1`,
      [appointment?.id],
    );
    // Both reminders are written; those not already due (a slot less than 2 hours away skips them) wait as delayed jobs.
    expect(reminders).toHaveLength(2);
    const queue = new Queue('reminders', {
      connection: { url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' },
      prefix: `${journeys.gateway.deps.env.OUTBOX_KEY_PREFIX}:reminders`,
    });
    const scheduled =
      (
        await journeys.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM appointment_reminders WHERE status = 'scheduled'`,
        )
      )[0]?.n ?? 0;
    const mine =
      (
        await journeys.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM appointment_reminders WHERE status = 'scheduled' AND appointment_id = $1`,
          [appointment?.id],
        )
      )[0]?.n ?? 0;
    // Scheduling follows the booking asynchronously; a moved appointment leaves its old job behind (it finds nothing due).
    await expect(poll(async () => (await queue.getDelayedCount()) >= scheduled)).resolves.toBe(true);
    expect(mine).toBeLessThanOrEqual(scheduled);
    await queue.close();
  });

  test('facility finder by region and district lists the facilities there and shows one: open or closed, phone', async () => {
    const press = await firstContact(`${base}004`, lang);
    expect((await press('3')).text).toContain(textOf(lang, 'finder.ask_need'));
    expect((await press('1')).text).toContain(textOf(lang, 'finder.ask_region'));
    // A region with one district goes straight to its facilities.
    const districts = await press('1');
    const list = districts.text.includes(textOf(lang, 'finder.ask_district')) ? await press('1') : districts;
    // An area is not a position: no "nearest first", and no distance.
    expect(list.text).toContain(textOf(lang, 'finder.ask_listed_facility'));
    const name = /^1\. (.+)$/m.exec(list.text)?.[1] ?? '';
    const detail = await press('1');
    expect(detail.ended).toBe(true);
    expect(detail.text.startsWith(name)).toBe(true);
    expect(detail.text.slice(name.length)).toMatch(lang === 'fr' ? /^ : (ouvert|fermé) / : /^: (open|closed) /);
    expect(detail.text).toMatch(lang === 'fr' ? /Tél\.|Pas de téléphone connu/ : /Tel |No phone listed/);
    expect(detail.text).not.toContain('km');
  });

  test('ask a doctor: the question opens a consultation and the practitioner’s reply reaches the patient by SMS', async () => {
    const phone = `${base}005`;
    const press = await firstContact(phone, lang);
    expect((await press('4')).text).toContain(textOf(lang, 'doctor.ask_question'));
    const sent = await press(lang === 'fr' ? 'J ai de la fievre depuis 3 jours' : 'I have had a fever for 3 days');
    expect(sent.text).toContain(textOf(lang, 'doctor.sent_ussd'));
    const patient = await patientOf(phone);
    const [consultation] = await journeys.sql<{ id: string; channel: string; user_id: string | null }>(
      `SELECT c.id, c.channel, pr.user_id FROM consultations c LEFT JOIN consultation_participants cp ON cp.consultation_id = c.id LEFT JOIN practitioners pr ON pr.id = cp.practitioner_id WHERE c.patient_id = $1`,
      [patient?.id],
    );
    expect(consultation?.channel).toBe('africastalking-sms');
    const token = journeys.api.tokenFor({ kind: 'user', userId: consultation?.user_id ?? '', role: 'practitioner' });
    const reply = await journeys.api.call('POST', `/api/v1/consultations/${consultation?.id}/messages`, {
      token,
      body: { text: 'Buvez beaucoup et venez demain.' },
    });
    expect(reply.status).toBe(201);
    const received = await journeys.waitForReceived(phone, 'africastalking-sms', 1);
    expect(received.map((message) => message.text)).toContain('Buvez beaucoup et venez demain.');
  });

  test('my appointments lists the booking and moves it; rate my last consultation stores a review', async () => {
    const phone = `${base}007`;
    const press = await firstContact(phone, lang);
    await press('2');
    await press('1');
    const slots = await press('1');
    const last = Math.max(...[...slots.text.matchAll(/^(\d+)\. /gm)].map((match) => Number(match[1])));
    await press(String(last));
    const booked1 = await press('1');
    if (!booked1.ended) throw new Error(booked1.pages.join('\n~~\n'));
    const patientId = (await patientOf(phone))?.id;
    const [booked] = await journeys.sql<{ id: string; starts_at: Date }>(
      `SELECT id, starts_at FROM appointments WHERE patient_id = $1`,
      [patientId],
    );

    const mine = dial(phone, lang);
    expect((await mine()).text).toContain(textOf(lang, 'menu.prompt'));
    expect((await mine('5')).text).toContain(textOf(lang, 'appointments.ask_pick'));
    expect((await mine('1')).text).toContain(textOf(lang, 'appointments.reschedule'));
    expect((await mine('2')).text).toContain(textOf(lang, 'appointments.ask_slot'));
    const moved = await mine('1');
    if (!moved.ended) throw new Error(moved.pages.join('\n~~\n'));
    expect(moved.text).toContain(textOf(lang, 'appointments.moved'));
    const [after] = await journeys.sql<{ starts_at: Date }>(`SELECT starts_at FROM appointments WHERE id = $1`, [
      booked?.id,
    ]);
    expect(after?.starts_at.getTime()).not.toBe(booked?.starts_at.getTime());

    await journeys.sql(`UPDATE appointments SET status = 'completed' WHERE id = $1`, [booked?.id]);
    const rate = dial(phone, lang);
    await rate();
    expect((await rate('6')).text).toContain(textOf(lang, 'rate.ask_rating'));
    expect((await rate('4')).text).toContain(textOf(lang, 'rate.ask_want_comment'));
    const thanks = await rate('2');
    expect(thanks.text).toContain(textOf(lang, 'rate.thanks'));
    const reviews = await journeys.sql<{ rating: number }>(`SELECT rating FROM reviews WHERE appointment_id = $1`, [
      booked?.id,
    ]);
    expect(reviews.map((review) => review.rating)).toEqual([4]);
  });

  test('STOP from the menu is recorded, then delete my data erases the patient and forgets consent', async () => {
    const phone = `${base}006`;
    const press = await firstContact(phone, lang);
    const stopped = await press('98');
    expect(stopped.text).toContain(textOf(lang, 'menu.stop'));
    const done = await press('8');
    expect(done.ended).toBe(true);
    expect(done.text).toContain(textOf(lang, 'stop.done'));
    expect((await patientOf(phone))?.opted_out_at).not.toBeNull();

    const back = dial(phone, lang);
    expect((await back()).text).toContain(textOf(lang, 'opt_in.confirm'));
    expect((await back('1')).text).toContain(textOf(lang, 'opt_in.done'));
    const patientId = (await patientOf(phone))?.id;
    expect((await patientOf(phone))?.opted_out_at).toBeNull();

    const erase = dial(phone, lang);
    const menu = await erase();
    const onMenu = menu.text.includes(textOf(lang, 'menu.prompt')) ? menu : await erase('2');
    expect(onMenu.text).toContain(textOf(lang, 'menu.prompt'));
    await erase('98');
    expect((await erase('9')).text).toContain(textOf(lang, 'erase.confirm'));
    const erased = await erase('1');
    expect(erased.ended).toBe(true);
    expect(erased.text).toContain(textOf(lang, 'erase.done'));
    const [row] = await journeys.sql<{ erased_at: Date | null }>(`SELECT erased_at FROM patients WHERE id = $1`, [
      patientId,
    ]);
    expect(row?.erased_at).not.toBeNull();
    // The gateway forgot the contact too: the next dial starts with the language and the consent again.
    expect((await dial(phone, lang)()).text).toContain('1. Français');
  });
});

async function poll(check: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}
