import express, { type Router } from 'express';
import { z } from 'zod';
import type { SimulatorContext } from './simulator-context';
import { sleep } from './simulator-context';
import { sendStatusCallbacks } from './send-status-callbacks';
import { randomHex, type ReceivedMessage } from './simulator-state';
import { hang } from './twilio-api.routes';

const formSchema = z.object({
  username: z.string().optional(),
  to: z.string().optional(),
  message: z.string().optional(),
  from: z.string().optional(),
});

/** Fake Africa's Talking POST /version1/messaging (https://developers.africastalking.com/docs/sms/sending/bulk). */
export function createAfricasTalkingApiRoutes(context: SimulatorContext): Router {
  const router = express.Router();
  const { state, secrets } = context;

  router.post('/version1/messaging', express.urlencoded({ extended: false }), async (req, res) => {
    state.stats.requests += 1;
    const apiKey = req.get('apikey');
    const form = formSchema.safeParse(req.body ?? {});
    const expected = secrets.africastalking;
    if (
      !apiKey ||
      (expected.apiKey && apiKey !== expected.apiKey) ||
      !form.success ||
      (expected.username && form.data.username !== expected.username)
    ) {
      return void res.status(401).type('text/plain').send('The supplied authentication is invalid');
    }
    const fault = state.takeFault('africastalking-sms');
    if (fault === 'timeout') return hang(res);
    if (fault === '500') return void res.status(500).type('text/plain').send('Internal Server Error');
    if (fault === '429')
      return void res.status(429).set('retry-after', '1').type('text/plain').send('Too Many Requests');
    const key = req.get('idempotency-key');
    const replayed = state.replay('africastalking', key);
    if (replayed) return void res.status(replayed.status).json(replayed.body);
    const { to, message, from } = form.data;
    if (!to) return void res.status(400).type('text/plain').send("Request is missing required form field 'to'");
    if (message === undefined)
      return void res.status(400).type('text/plain').send("Request is missing required form field 'message'");
    const recipients = to.split(',').map((number) => number.trim());
    const recorded: ReceivedMessage[] = [];
    const entries = recipients.map((number) => {
      if (fault === 'permanent' || !/^\+\d{8,15}$/.test(number)) {
        return { statusCode: 403, number, status: 'InvalidPhoneNumber', cost: '0', messageId: 'None' };
      }
      const messageId = `ATXid_${randomHex(16)}`;
      recorded.push(
        state.record({
          channel: 'africastalking-sms',
          to: number,
          from: from ?? expected.smsFrom ?? 'AFRICASTKNG',
          text: message,
          interactive: null,
          media: [],
          providerMessageId: messageId,
          idempotencyKey: key ?? null,
        }),
      );
      return { statusCode: 101, number, status: 'Success', cost: 'KES 0.8000', messageId };
    });
    const body = {
      SMSMessageData: {
        Message: `Sent to ${recorded.length}/${recipients.length} Total Cost: KES ${(0.8 * recorded.length).toFixed(4)}`,
        Recipients: entries,
      },
    };
    state.remember('africastalking', key, { status: 201, body });
    await sleep(context.responseDelayMs);
    res.status(201).json(body);
    for (const entry of recorded) sendStatusCallbacks(context, entry);
  });

  return router;
}
