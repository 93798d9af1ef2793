import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '@medlink/core-api/auth/passwords';
import { gatewayPrincipal } from '../../core-api/test/fixtures/consultation-fixtures';
import { seriousAxeViolations } from './axe-check';
import { CHROMIUM, startBrowserStack, type BrowserStack } from './browser-stack';
import { PASSWORD, insertPatientWithPhone, insertStaffAdmin, insertStaffPractitioner } from './seed-backoffice';

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`${CHROMIUM} is absent: admin browser tests skipped`);
const describeInBrowser = hasChromium ? describe : describe.skip;
const SCREENSHOTS = path.join(__dirname, '..', '..', 'docs', 'screenshots');

describeInBrowser('platform and facility admins in a browser', () => {
  let stack: BrowserStack;
  let adminEmail: string;
  let pending: { practitionerId: string; fullName: string };
  let facility: { id: string; adminEmail: string; adminName: string };
  let patientId: string;
  const contexts: BrowserContext[] = [];
  const db = () => stack.api.deps.db;

  async function signIn(email: string, options: { width?: number; lang?: 'fr' | 'en' } = {}): Promise<Page> {
    const session = await stack.signIn(email, options);
    contexts.push(session.context);
    return session.page;
  }

  /** Screenshots for docs/ are refreshed on request (UPDATE_SCREENSHOTS=1), never as a side effect of a test run. */
  async function expectAccessibleAndShoot(page: Page, name: string) {
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (process.env.UPDATE_SCREENSHOTS !== '1') return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    const width = page.viewportSize()?.width ?? 1280;
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }

  beforeAll(async () => {
    stack = await startBrowserStack();
    adminEmail = (await insertStaffAdmin(db())).email;
    patientId = (await insertPatientWithPhone(db(), 'Awa Ngono')).patientId;
    pending = await insertPendingPractitioner('Dr Fatou Sow');
    facility = await insertFacilityWithAdmin('Centre de santé de Mvog-Ada', 'Nadia Essomba');
    await insertDashboardActivity();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await stack?.close();
  });

  test('an admin verifies a pending practitioner after the licence check, who then becomes bookable', async () => {
    const slotsPath = `/api/v1/practitioners/${pending.practitionerId}/slots`;
    expect((await stack.api.call('GET', slotsPath)).status).toBe(404);

    const page = await signIn(adminEmail);
    await page.goto('/admin/practitioners');
    const card = page.locator(`[data-practitioner-id="${pending.practitionerId}"]`);
    await card.getByRole('heading', { name: pending.fullName }).waitFor();
    await expectAccessibleAndShoot(page, 'admin-practitioners');
    const mobile = await signIn(adminEmail, { width: 360, lang: 'fr' });
    await mobile.goto('/admin/practitioners');
    await mobile.getByRole('heading', { name: 'Vérification des licences', level: 1 }).waitFor();
    await mobile.getByRole('heading', { name: pending.fullName }).waitFor();
    await expectAccessibleAndShoot(mobile, 'admin-practitioners');

    await card.getByRole('button', { name: 'Verify' }).click();
    await card.getByRole('alert').filter({ hasText: 'checked the licence' }).waitFor();
    await card.getByLabel(/I checked licence LIC-PENDING-1/).check();
    await card.getByLabel(/Notes/).fill('Ordre national des médecins, entrée 2019-114');
    await card.getByRole('button', { name: 'Verify' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${pending.fullName} is verified` })
      .waitFor();

    const record = await db().query<{ verification_status: string; verification_notes: string }>(
      'SELECT verification_status, verification_notes FROM practitioners WHERE id = $1',
      [pending.practitionerId],
    );
    expect(record.rows[0]).toMatchObject({ verification_status: 'verified' });
    expect(record.rows[0]?.verification_notes).toContain('LIC-PENDING-1');

    const slots = await stack.api.call('GET', slotsPath);
    expect(slots.status).toBe(200);
    expect(slots.body.slots.length).toBeGreaterThan(0);
    const booking = await stack.api.call('POST', '/api/v1/appointments', {
      token: stack.api.tokenFor(gatewayPrincipal),
      body: {
        practitionerId: pending.practitionerId,
        patientId,
        startsAt: slots.body.slots[0].startsAt,
        mode: 'remote',
        reason: 'Consultation',
      },
    });
    expect(booking.status).toBe(201);
    expect(booking.body).toMatchObject({ practitionerId: pending.practitionerId, status: 'requested' });
  });

  test('a facility admin publishes beds by ward and the history shows who changed what', async () => {
    const page = await signIn(facility.adminEmail);
    await page.goto('/facility');
    await page.getByRole('heading', { name: 'Publish beds, medicines and equipment' }).waitFor();
    await page.getByRole('button', { name: 'Add a ward' }).click();
    const ward = page.getByRole('group', { name: 'Beds by ward' });
    await ward.getByRole('textbox', { name: 'Ward' }).last().fill('Maternité');
    await ward.getByRole('spinbutton', { name: 'Free beds' }).last().fill('6');
    await page.getByRole('button', { name: 'Add equipment' }).click();
    await page
      .getByRole('group', { name: 'Equipment working' })
      .getByRole('textbox', { name: 'Equipment' })
      .last()
      .fill('oxygen concentrator');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Figures published: 2.' }).waitFor();

    const history = page.getByRole('region', { name: 'History' }).getByRole('table');
    const bedsRow = history.getByRole('row').filter({ hasText: 'Beds: maternité' });
    await bedsRow
      .filter({ hasText: `You (${facility.adminName})` })
      .filter({ hasText: '6 free' })
      .waitFor();
    await history
      .getByRole('row')
      .filter({ hasText: 'Equipment: oxygen concentrator' })
      .filter({ hasText: 'Working' })
      .waitFor();
    const published = await stack.api.call('GET', `/api/v1/facilities/${facility.id}`);
    expect(published.body.resources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'beds', item: 'maternité', quantity: 6, available: true }),
      ]),
    );
    await expectAccessibleAndShoot(page, 'facility-resources');
    const mobile = await signIn(facility.adminEmail, { width: 360, lang: 'fr' });
    await mobile.goto('/facility');
    await mobile.getByRole('heading', { name: 'Historique' }).waitFor();
    await mobile.getByRole('row').filter({ hasText: 'maternité' }).first().waitFor();
    await expectAccessibleAndShoot(mobile, 'facility-resources');
  });

  test('the dashboard draws its five charts, each with a text alternative, in English and in French', async () => {
    const page = await signIn(adminEmail);
    await page.goto('/admin/dashboard');
    const charts = page.locator('figure svg[role="img"]');
    await charts.nth(4).waitFor();
    expect(await charts.count()).toBe(5);
    await page
      .getByRole('table', { name: 'Messages per channel per day' })
      .getByRole('row')
      .first()
      .waitFor({ state: 'attached' });
    expect(await page.locator('figure path[d^="M"]').count()).toBeGreaterThan(0);
    expect(await page.locator('figure rect').count()).toBeGreaterThan(0);
    await page.getByRole('term').filter({ hasText: 'No-show rate' }).waitFor();
    await expectAccessibleAndShoot(page, 'admin-dashboard');

    const mobile = await signIn(adminEmail, { width: 360, lang: 'fr' });
    await mobile.goto('/admin/dashboard');
    await mobile.getByRole('heading', { name: 'Tableau de bord', level: 1 }).waitFor();
    await mobile.locator('figure svg[role="img"]').nth(4).waitFor();
    await expectAccessibleAndShoot(mobile, 'admin-dashboard');

    for (const [route, heading] of [
      ['/admin/reviews', 'Review moderation'],
      ['/admin/staff', 'Staff accounts'],
    ] as const) {
      await page.goto(route);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.getByText('Loading…').waitFor({ state: 'detached' });
      expect(await seriousAxeViolations(page)).toEqual([]);
    }
  });

  async function insertPendingPractitioner(fullName: string) {
    const result = await db().query<{ id: string }>(
      `INSERT INTO practitioners (full_name, specialties, languages, licence_number, verification_status, time_zone)
       VALUES ($1, '{general}', '{fr,en}', 'LIC-PENDING-1', 'pending', 'UTC') RETURNING id`,
      [fullName],
    );
    const practitionerId = result.rows[0]?.id ?? '';
    const adminId =
      (await db().query<{ id: string }>('SELECT id FROM users WHERE lower(email) = lower($1)', [adminEmail])).rows[0]
        ?.id ?? '';
    const admin = stack.api.tokenFor({ kind: 'user', userId: adminId, role: 'admin' });
    const schedule = await stack.api.call('PUT', `/api/v1/practitioners/${practitionerId}/availability`, {
      token: admin,
      body: {
        rules: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '24:00', slotMinutes: 30 })),
      },
    });
    expect(schedule.status).toBe(200);
    return { practitionerId, fullName };
  }

  async function insertFacilityWithAdmin(name: string, adminName: string) {
    const facilityId =
      (
        await db().query<{ id: string }>(
          `INSERT INTO facilities (name, type, country, country_iso3, time_zone) VALUES ($1, 'health_centre', 'Cameroon', 'CMR', 'Africa/Douala') RETURNING id`,
          [name],
        )
      ).rows[0]?.id ?? '';
    const email = `fa-${facilityId.slice(0, 8)}@example.org`;
    const userId =
      (
        await db().query<{ id: string }>(
          `INSERT INTO users (email, password_hash, role, display_name) VALUES ($1, $2, 'facility_admin', $3) RETURNING id`,
          [email, await hashPassword(PASSWORD), adminName],
        )
      ).rows[0]?.id ?? '';
    await db().query('INSERT INTO facility_admins (user_id, facility_id) VALUES ($1, $2)', [userId, facilityId]);
    return { id: facilityId, adminEmail: email, adminName };
  }

  /** A few days of traffic so every chart has something to draw. */
  async function insertDashboardActivity() {
    const doctor = await insertStaffPractitioner(db(), { fullName: 'Dr Jean Mbarga', specialty: 'general' });
    const channels = ['africastalking-ussd', 'africastalking-sms', 'meta-whatsapp'];
    for (let day = 0; day < 6; day += 1) {
      for (const [index, channel] of channels.entries()) {
        for (let n = 0; n <= (day + index) % 4; n += 1) {
          await db().query(
            `INSERT INTO messages (direction, channel, contact_address, body, status, created_at, updated_at)
             VALUES ($1, $2, '+237690000000', 'x', $3, now() - make_interval(days => $4, mins => $5), now() - make_interval(days => $4, mins => $5))`,
            [n % 2 === 0 ? 'in' : 'out', channel, n === 3 ? 'dead' : n % 2 === 0 ? 'received' : 'delivered', day, n],
          );
        }
      }
      await db().query(
        `INSERT INTO triage_records (level, protocol_version, created_at) VALUES ($1, 't-1', now() - make_interval(days => $2))`,
        [['routine', 'urgent', 'self_care', 'routine', 'emergency', 'routine'][day], day],
      );
      const consultation = await db().query<{ id: string }>(
        `INSERT INTO consultations (patient_id, status, channel) VALUES ($1, 'resolved', 'meta-whatsapp') RETURNING id`,
        [(await insertPatientWithPhone(db(), `Patient ${day}`)).patientId],
      );
      const consultationId = consultation.rows[0]?.id;
      await db().query(
        `INSERT INTO messages (direction, channel, contact_address, consultation_id, author_practitioner_id, body, status, created_at)
         VALUES ('in', 'meta-whatsapp', '237690000001', $1, NULL, 'x', 'received', now() - make_interval(days => $3, mins => 90)),
                ('out', 'meta-whatsapp', '237690000001', $1, $2, 'x', 'read', now() - make_interval(days => $3, mins => 90 - 4 * ($3 + 1)))`,
        [consultationId, doctor.practitionerId, day],
      );
      await db().query(
        `INSERT INTO appointments (practitioner_id, patient_id, starts_at, ends_at, status)
         VALUES ($1, $2, date_trunc('hour', now()) - make_interval(days => $3 + 1, hours => 2), date_trunc('hour', now()) - make_interval(days => $3 + 1, hours => 2) + interval '20 minutes', $4)`,
        [doctor.practitionerId, patientId, day, day % 3 === 0 ? 'no_show' : 'completed'],
      );
    }
  }
});
