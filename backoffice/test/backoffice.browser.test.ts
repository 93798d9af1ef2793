import { existsSync } from 'node:fs';
import { gatewayPrincipal } from '../../core-api/test/fixtures/consultation-fixtures';
import type { BrowserContext, Page } from 'playwright-core';
import { seriousAxeViolations } from './axe-check';
import { CHROMIUM, startBrowserStack, type BrowserStack } from './browser-stack';
import {
  insertInboundMessage,
  insertPatientWithPhone,
  insertRequestedAppointment,
  insertStaffAdmin,
  insertStaffPractitioner,
  type SeededPractitioner,
} from './seed-backoffice';
import { askDoctorOverSms, freshPhone, smsPatient } from './sms-patient';

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`${CHROMIUM} is absent: back office browser tests skipped`);
const describeInBrowser = hasChromium ? describe : describe.skip;

describeInBrowser('the back office in a browser', () => {
  let stack: BrowserStack;
  let doctor: SeededPractitioner;
  let colleague: SeededPractitioner;
  let adminEmail: string;
  let patient: { patientId: string; phone: string };
  /** Who writes in the consultation: a patient over SMS through the gateway, or the seeded one in the stand-in. */
  let writer: { patientId: string; phone: string };
  let consultationId: string;
  let appointmentId: string;
  let secondAppointmentId: string;
  let doctorSession: { context: BrowserContext; page: Page };
  const contexts: BrowserContext[] = [];

  const db = () => stack.api.deps.db;
  const gatewayToken = () => stack.api.tokenFor(gatewayPrincipal);

  /** Stand-in for the gateway's hand-off (only when it failed to start): the inbound row it would store becomes the consultation. */
  async function patientWrites(text: string): Promise<string> {
    const messageId = await insertInboundMessage(db(), { patientId: patient.patientId, phone: patient.phone, text });
    const response = await stack.api.call('POST', '/api/v1/consultations', {
      token: gatewayToken(),
      body: { patientId: patient.patientId, channel: 'africastalking-sms', specialty: 'general', text, messageId },
    });
    expect([200, 201]).toContain(response.status);
    return response.body.consultation.id;
  }

  beforeAll(async () => {
    stack = await startBrowserStack({ withGateway: true });
    // The only general practitioner: core-api routes a question without triage to a general practitioner who
    // speaks the patient's language (choose-owner.ts), so she owns the patient's consultation.
    doctor = await insertStaffPractitioner(db(), { fullName: 'Dr Amina Diallo', specialty: 'general' });
    colleague = await insertStaffPractitioner(db(), { fullName: 'Dr Jean Mbarga', specialty: 'cardiology' });
    adminEmail = (await insertStaffAdmin(db())).email;
    patient = await insertPatientWithPhone(db(), 'Awa Ngono');
    // Tomorrow 10:00 UTC: inside the schedule below, never in the past, never across midnight.
    const start = new Date(Date.now() + 86_400_000);
    start.setUTCHours(10, 0, 0, 0);
    appointmentId = await insertRequestedAppointment(db(), {
      practitionerId: doctor.practitionerId,
      patientId: patient.patientId,
      startsAt: start,
    });
    secondAppointmentId = await insertRequestedAppointment(db(), {
      practitionerId: doctor.practitionerId,
      patientId: patient.patientId,
      startsAt: new Date(start.getTime() + 40 * 60_000),
    });
    const token = stack.api.tokenFor({ kind: 'user', userId: doctor.userId, role: 'practitioner' });
    const schedule = await stack.api.call('PUT', `/api/v1/practitioners/${doctor.practitionerId}/availability`, {
      token,
      body: {
        rules: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '06:00', end: '22:00', slotMinutes: 20 })),
      },
    });
    expect(schedule.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await stack?.close();
  });

  test('a practitioner signs in and lands on the inbox; a wrong password is refused with a message', async () => {
    const context = await stack.browser.newContext({ baseURL: stack.backoffice.url });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/inbox');
    await page.waitForURL('**/login**');
    await page.getByLabel(/Email|Adresse e-mail/).fill(doctor.email);
    await page.getByLabel(/Password|Mot de passe/).fill('wrong-password');
    await page.getByRole('button', { name: /Sign in|Se connecter/ }).click();
    await page.getByRole('alert').waitFor();
    doctorSession = await stack.signIn(doctor.email);
    contexts.push(doctorSession.context);
    await doctorSession.page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await doctorSession.page.locator('[data-live="on"]').first().waitFor();
  });

  test('an expired access token is refreshed from the httpOnly refresh cookie, for pages and for API calls', async () => {
    const session = await stack.signIn(colleague.email);
    contexts.push(session.context);
    const expire = () =>
      session.context.addCookies([{ name: 'ml_access', value: 'expired', url: stack.backoffice.url }]);
    await expire();
    await session.page.goto('/calendar');
    await session.page.waitForURL('**/calendar');
    await session.page.getByRole('heading', { name: 'Calendar' }).waitFor();
    await expire();
    const me = await session.page.request.get('/bff/api/v1/auth/me');
    expect(me.status()).toBe(200);
    expect((await me.json()).displayName).toBe(colleague.fullName);
    const cookies = await session.context.cookies(stack.backoffice.url);
    expect(cookies.find((cookie) => cookie.name === 'ml_access')).toMatchObject({ httpOnly: true });
    expect(cookies.find((cookie) => cookie.name === 'ml_access')?.value).not.toBe('expired');
    await session.context.close();
  });

  test('a patient message sent through a gateway webhook appears in the practitioner’s open inbox without reload', async () => {
    const { page } = doctorSession;
    await page.evaluate(() => Reflect.set(window, '__sameDocument', true));
    const question = 'Bonjour, j’ai une éruption sur le bras depuis trois jours';
    if (stack.gateway) {
      // A new patient writes over SMS: the simulator signs each message and posts it to the gateway's webhook.
      const phone = freshPhone();
      await askDoctorOverSms(smsPatient(stack.gateway.simulatorUrl, phone), question);
      const opened = await db().query<{ id: string; patient_id: string; practitioner_id: string }>(
        `SELECT c.id, c.patient_id, cp.practitioner_id FROM consultations c
           JOIN patient_identities pi ON pi.patient_id = c.patient_id AND pi.address = $1
           JOIN consultation_participants cp ON cp.consultation_id = c.id`,
        [phone],
      );
      expect(opened.rows.map((row) => row.practitioner_id)).toEqual([doctor.practitionerId]);
      consultationId = opened.rows[0]?.id ?? '';
      writer = { patientId: opened.rows[0]?.patient_id ?? '', phone };
    } else {
      consultationId = await patientWrites(question);
      writer = patient;
    }
    const item = page.locator(`[data-consultation-id="${consultationId}"]`);
    await item.getByText(question).waitFor();
    await item.getByText('1 unread').waitFor();
    expect(await page.evaluate(() => Reflect.get(window, '__sameDocument'))).toBe(true);
    await page.getByLabel('Channel').selectOption('meta-whatsapp');
    await page.getByText('No consultations match.').waitFor();
    await page.getByLabel('Channel').selectOption('');
    await item.waitFor();
  });

  test('the reply reaches the patient on their channel and its delivery tick updates live', async () => {
    const { page } = doctorSession;
    await page.locator(`[data-consultation-id="${consultationId}"] a`).click();
    await page.waitForURL(`**/consultations/${consultationId}`);
    const reply = 'Merci. Envoyez une photo, svp.';
    await page.getByRole('textbox', { name: 'Reply to the patient' }).fill(reply);
    await page.locator('[data-sms-segments="1"]').waitFor();
    await page.getByRole('button', { name: 'Send' }).click();
    const outbound = page.locator('.entry.outbound', { hasText: reply });
    await outbound.waitFor();
    const message = await db().query<{ id: string }>(`SELECT id FROM messages WHERE direction = 'out' AND body = $1`, [
      reply,
    ]);
    const messageId = message.rows[0]?.id ?? '';
    if (stack.gateway) {
      const simulatorUrl = stack.gateway.simulatorUrl;
      await until(async () => {
        const received: { text: string }[] = await (
          await fetch(`${simulatorUrl}/api/received?to=${encodeURIComponent(writer.phone)}`)
        ).json();
        return received.some((entry) => entry.text.includes(reply));
      });
      // The simulator calls back 'sent' then 'delivered'; the gateway publishes each change on the live bus.
      await until(async () => {
        const row = await db().query<{ status: string }>('SELECT status FROM messages WHERE id = $1', [messageId]);
        return row.rows[0]?.status === 'delivered';
      });
    } else {
      // No gateway in this run: stand in for it, recording the delivery and publishing what it would.
      await db().query(`UPDATE messages SET status = 'delivered' WHERE id = $1`, [messageId]);
      await stack.bus.publish({
        type: 'message.status',
        rooms: [`consultation:${consultationId}`],
        payload: { consultationId, messageId, status: 'delivered' },
      });
    }
    const status = 'delivered';
    await page.locator(`[data-message-id="${messageId}"] [data-status="${status}"]`).waitFor();
  });

  test('confirm and reschedule an appointment from the calendar', async () => {
    const { page } = doctorSession;
    await page.getByRole('link', { name: 'Calendar' }).click();
    await page.getByRole('button', { name: 'Day', exact: true }).click();
    const card = page.locator(`[data-appointment-id="${appointmentId}"]`);
    const startsAt = (
      await db().query<{ starts_at: Date }>('SELECT starts_at FROM appointments WHERE id = $1', [appointmentId])
    ).rows[0]?.starts_at;
    if (startsAt && startsAt.getUTCDate() !== new Date().getUTCDate())
      await page.getByRole('button', { name: /Next/ }).click();
    await card.getByRole('button', { name: 'Confirm' }).click();
    await page.locator(`[data-appointment-id="${appointmentId}"][data-status="confirmed"]`).waitFor();
    await card.getByRole('button', { name: 'Reschedule' }).click();
    const select = card.getByLabel('New time');
    await select.waitFor();
    const chosen = await select.inputValue();
    await card.getByRole('button', { name: 'Reschedule' }).last().click();
    await until(async () => {
      const row = await db().query<{ starts_at: Date; status: string }>(
        'SELECT starts_at, status FROM appointments WHERE id = $1',
        [appointmentId],
      );
      return (
        row.rows[0]?.starts_at.toISOString() === new Date(chosen).toISOString() && row.rows[0]?.status === 'confirmed'
      );
    });
  });

  test('decline an appointment with a message for the patient', async () => {
    const { page } = doctorSession;
    const card = page.locator(`[data-appointment-id="${secondAppointmentId}"]`);
    await card.getByRole('button', { name: 'Decline' }).click();
    await card.getByLabel('Message to the patient').fill('Je suis absente ce jour-là, merci de reprendre rendez-vous.');
    await card.getByRole('button', { name: 'Decline' }).last().click();
    await page.locator(`[data-appointment-id="${secondAppointmentId}"][data-status="cancelled"]`).waitFor();
    const row = await db().query<{ status_reason: string }>('SELECT status_reason FROM appointments WHERE id = $1', [
      secondAppointmentId,
    ]);
    expect(row.rows[0]?.status_reason).toBe('Je suis absente ce jour-là, merci de reprendre rendez-vous.');
  });

  test('edit the weekly availability and add leave', async () => {
    const { page } = doctorSession;
    await page.getByRole('link', { name: 'Availability' }).click();
    await page.getByRole('heading', { name: 'Weekly schedule' }).waitFor();
    await page.getByLabel('Start').first().fill('07:30');
    await page.getByRole('button', { name: 'Save the schedule' }).click();
    await page.getByRole('status').filter({ hasText: 'Schedule saved.' }).waitFor();
    const rules = await db().query<{ start_time: string }>(
      'SELECT start_time::text FROM availability_rules WHERE practitioner_id = $1 ORDER BY weekday',
      [doctor.practitionerId],
    );
    expect(rules.rows.map((row) => row.start_time)).toContain('07:30:00');
    await page.getByLabel('From').fill('2030-01-10T08:00');
    await page.getByLabel('To').fill('2030-01-12T18:00');
    await page.getByLabel('Note').fill('Congrès');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('Congrès').waitFor();
  });

  test('upload a file and download it through its link; another practitioner gets 403', async () => {
    const { page } = doctorSession;
    await page.goto(`/consultations/${consultationId}`);
    await page.getByLabel('Attach a prescription or image').setInputFiles({
      name: 'ordonnance.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Paracétamol 500 mg, 3 fois par jour'),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    const row = page.locator('.file-row', { hasText: 'ordonnance.txt' });
    await row.waitFor();
    const fileId = (await row.getAttribute('data-file-id')) ?? '';
    const download = await page.request.get(`/bff/files/${fileId}/download`);
    expect(download.status()).toBe(200);
    expect(await download.text()).toBe('Paracétamol 500 mg, 3 fois par jour');
    const other = await stack.signIn(colleague.email);
    contexts.push(other.context);
    const refused = await other.page.request.get(`/bff/files/${fileId}/download`);
    expect(refused.status()).toBe(403);
    await other.context.close();
  });

  test('an invited colleague is notified live and sees the case', async () => {
    const other = await stack.signIn(colleague.email);
    contexts.push(other.context);
    await other.page.locator('[data-live="on"]').first().waitFor();
    const { page } = doctorSession;
    await page.goto(`/consultations/${consultationId}`);
    await page.getByLabel('Colleague').selectOption({ label: colleague.fullName });
    await page.getByRole('button', { name: 'Invite' }).click();
    await other.page.getByText('You were invited to a consultation.').first().waitFor();
    await other.page.locator(`[data-consultation-id="${consultationId}"] a`).click();
    await other.page.getByText('Bonjour, j’ai une éruption').waitFor();
  });

  test('no serious or critical WCAG 2.1 AA violation on the main pages, in both languages', async () => {
    const admin = await stack.signIn(adminEmail, { lang: 'fr' });
    contexts.push(admin.context);
    const pages: [Page, string][] = [
      [doctorSession.page, '/inbox'],
      [doctorSession.page, `/consultations/${consultationId}`],
      [doctorSession.page, '/calendar'],
      [doctorSession.page, '/availability'],
      [admin.page, '/inbox'],
      [admin.page, '/admin/practitioners'],
    ];
    const problems: string[] = [];
    for (const [page, path] of pages) {
      await page.goto(path);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      problems.push(...(await seriousAxeViolations(page)).map((line) => `${path}: ${line}`));
    }
    const login = await stack.browser.newPage({ baseURL: stack.backoffice.url });
    await login.goto('/login');
    problems.push(...(await seriousAxeViolations(login)).map((line) => `/login: ${line}`));
    await login.close();
    expect(problems).toEqual([]);
  });
});

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition never met');
}
