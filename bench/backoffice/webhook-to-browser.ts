import { textOf } from '../../bot-gateway/test/journeys/journey-screens';
import type { BrowserStack } from '../../backoffice/test/browser-stack';
import { insertStaffPractitioner } from '../../backoffice/test/seed-backoffice';
import { askDoctorOverSms, freshPhone, smsPatient } from '../../backoffice/test/sms-patient';
import { latencyStats, type ResultRow } from './latency-stats';

/** Marks the first moment each marker text is added to the page; Date.now() is the clock the bench shares. */
const OBSERVE = `(() => {
  const seen = {};
  Reflect.set(window, '__benchSeen', seen);
  const pattern = /WB\\d+x[a-z0-9]+/g;
  const record = (text) => {
    if (!text) return;
    const now = Date.now();
    for (const marker of text.match(pattern) ?? []) if (!(marker in seen)) seen[marker] = now;
  };
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'characterData') record(mutation.target.textContent);
      for (const node of mutation.addedNodes) record(node.textContent);
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
})()`;

/**
 * (a) A patient's SMS in an open consultation: the simulator's signed webhook POST to the gateway, the gateway's
 * flow and core-api (consultation.message on the bus), the back-office instance's socket, the page's re-read
 * through the BFF and React's render, until the text is in the DOM of a practitioner's page already open on it.
 */
export async function measureWebhookToBrowser(stack: BrowserStack, messages: number): Promise<ResultRow[]> {
  const gateway = stack.gateway;
  if (!gateway) throw new Error('the bot-gateway did not start: nothing to measure');
  const doctor = await insertStaffPractitioner(stack.api.deps.db, {
    fullName: 'Dr Bench Ndiaye',
    specialty: 'general',
  });
  const patient = smsPatient(gateway.simulatorUrl, freshPhone());
  const question = 'Bonjour docteur, j’ai de la fièvre depuis hier soir';
  await askDoctorOverSms(patient, question);
  const opened = await stack.api.deps.db.query<{ id: string }>(
    `SELECT c.id FROM consultations c JOIN patient_identities pi ON pi.patient_id = c.patient_id
      JOIN consultation_participants cp ON cp.consultation_id = c.id
     WHERE pi.address = $1 AND cp.practitioner_id = $2`,
    [patient.phone, doctor.practitionerId],
  );
  const consultationId = opened.rows[0]?.id;
  if (!consultationId) throw new Error('the consultation was not routed to the benchmark practitioner');

  const { context, page } = await stack.signIn(doctor.email);
  await page.goto(`/consultations/${consultationId}`);
  await page.getByText(question).first().waitFor();
  await page.locator('[data-live="on"]').first().waitFor();
  await page.evaluate(OBSERVE);

  const keepWriting = textOf('fr', 'doctor.keep_writing');
  const tag = Math.random().toString(36).slice(2, 8);
  const rendered: number[] = [];
  const acknowledged: number[] = [];
  for (let n = 0; n < messages + 3; n += 1) {
    const marker = `WB${n}x${tag}`;
    const repliesBefore = (await patient.received()).filter((text) => text.includes(keepWriting)).length;
    const postedAt = Date.now();
    await patient.post(`Toujours de la fièvre, message ${marker}`);
    const ackAt = Date.now();
    const seenAt = await page
      .waitForFunction(`window.__benchSeen[${JSON.stringify(marker)}]`, undefined, { timeout: 15_000 })
      .then((handle) => handle.jsonValue());
    // The first three warm the path (JIT, connection pools); the flow's reply must leave before the next message.
    if (n >= 3) {
      rendered.push(Number(seenAt) - postedAt);
      acknowledged.push(ackAt - postedAt);
    }
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const replies = (await patient.received()).filter((text) => text.includes(keepWriting)).length;
      if (replies > repliesBefore) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  await context.close();
  return [
    {
      measurement: 'signed SMS webhook POST → gateway acknowledges (200)',
      events: messages,
      expected: messages,
      received: acknowledged.length,
      duplicates: 0,
      latency: latencyStats(acknowledged),
    },
    {
      measurement: 'signed SMS webhook POST → text rendered in the open consultation page (Chromium)',
      events: messages,
      expected: messages,
      received: rendered.length,
      duplicates: 0,
      latency: latencyStats(rendered),
    },
  ];
}
