// Screenshots of the main back-office pages at 360 px and 1280 px into docs/screenshots/.
// `node --import tsx backoffice/scripts/take-screenshots.ts` (needs PostgreSQL and a `next build`). It runs core-api and
// the back office in one process on an in-process live bus: the all-in-one launcher's embedded mode.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { createLiveEventBus, type LiveEventBus } from '@medlink/platform/live-events';
import { createLogger } from '@medlink/platform/logger';
import { startTestCoreApi } from '../../core-api/test/harness';
import { gatewayPrincipal } from '../../core-api/test/fixtures/consultation-fixtures';
import { readBackofficeEnv } from '../src/env';
import { startBackoffice } from '../src/start-backoffice';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/browser-stack';
import {
  insertInboundMessage,
  insertPatientWithPhone,
  insertRequestedAppointment,
  insertStaffPractitioner,
  PASSWORD,
} from '../test/seed-backoffice';

const OUT = path.join(__dirname, '..', '..', 'docs', 'screenshots');

async function main(): Promise<void> {
  // core-api must exist before the bus can write to its database; events before that have no reader anyway.
  const late: { bus?: LiveEventBus } = {};
  const api = await startTestCoreApi(
    { LOGIN_RATE_LIMIT_PER_15_MIN: '1000' },
    { publish: (event) => void late.bus?.publish(event).catch(() => undefined) },
  );
  const bus = createLiveEventBus({ db: api.deps.db, pruneIntervalMs: 0 });
  late.bus = bus;
  const backoffice = await startBackoffice({
    env: readBackofficeEnv({ NODE_ENV: 'production', BACKOFFICE_PORT: '0', LOG_LEVEL: 'silent' }),
    liveEvents: bus,
    coreApiUrl: api.url,
    logger: createLogger({ service: 'backoffice', level: 'silent' }),
  });
  const db = api.deps.db;
  const doctor = await insertStaffPractitioner(db, { fullName: 'Dr Amina Diallo', specialty: 'general' });
  await insertStaffPractitioner(db, { fullName: 'Dr Jean Mbarga', specialty: 'cardiology' });
  const token = api.tokenFor({ kind: 'user', userId: doctor.userId, role: 'practitioner' });
  const gateway = api.tokenFor(gatewayPrincipal);
  await api.call('PUT', `/api/v1/practitioners/${doctor.practitionerId}/availability`, {
    token,
    body: { rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '16:00', slotMinutes: 20 })) },
  });
  let firstConsultation = '';
  for (const [name, text] of [
    ['Awa Ngono', 'Bonjour docteur, mon enfant a de la fièvre depuis hier soir.'],
    ['Kofi Mensah', 'My blood pressure reading this morning was 160/100.'],
    ['Fatou Sow', 'Est-ce que je peux prendre du paracétamol enceinte ?'],
  ] as const) {
    const patient = await insertPatientWithPhone(db, name);
    const messageId = await insertInboundMessage(db, { patientId: patient.patientId, phone: patient.phone, text });
    const opened = await api.call('POST', '/api/v1/consultations', {
      token: gateway,
      body: { patientId: patient.patientId, channel: 'africastalking-sms', specialty: 'general', text, messageId },
    });
    firstConsultation ||= opened.body.consultation.id;
    const start = new Date();
    start.setUTCHours(9 + (firstConsultation.length % 3), 0, 0, 0);
    await insertRequestedAppointment(db, {
      practitionerId: doctor.practitionerId,
      patientId: patient.patientId,
      startsAt: new Date(start.getTime() + Math.random() * 6 * 3600_000),
    }).catch(() => undefined);
  }
  await api.call('POST', `/api/v1/consultations/${firstConsultation}/messages`, {
    token,
    body: { text: 'Merci. Quelle est sa température ?' },
  });
  await api.call('POST', `/api/v1/consultations/${firstConsultation}/notes`, {
    token,
    body: { text: 'Rappeler demain si la fièvre persiste.' },
  });

  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  for (const width of [360, 1280]) {
    const context = await browser.newContext({
      baseURL: backoffice.url,
      viewport: { width, height: width < 600 ? 780 : 860 },
      timezoneId: 'UTC',
    });
    // Mobile in French, desktop in English: both languages appear in the set.
    await context.addCookies([{ name: 'ml_lang', value: width < 600 ? 'fr' : 'en', url: backoffice.url }]);
    const page = await context.newPage();
    await page.goto('/login');
    await shoot(page, 'login', width);
    await page.getByLabel(/^(Email|Adresse e-mail)$/).fill(doctor.email);
    await page.getByLabel(/^(Password|Mot de passe)$/).fill(PASSWORD);
    await page.getByRole('button', { name: /^(Sign in|Se connecter)$/ }).click();
    await page.waitForURL('**/inbox');
    await page.locator('.inbox li').first().waitFor();
    await shoot(page, 'inbox', width);
    await page.goto(`/consultations/${firstConsultation}`);
    await page.locator('.timeline .entry').first().waitFor();
    await shoot(page, 'consultation', width);
    await page.goto('/calendar');
    await page.locator('.day').first().waitFor();
    await shoot(page, 'calendar', width);
    await page.goto('/availability');
    await page.locator('.rule').first().waitFor();
    await shoot(page, 'availability', width);
    await context.close();
  }
  await browser.close();
  await backoffice.close();
  await bus.close();
  await api.close();
}

async function shoot(page: Page, name: string, width: number): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(OUT, `backoffice-${name}-${width}.png`) });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
