import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { SimulatorContext } from './simulator-context';
import { sleep } from './simulator-context';
import { sendStatusCallbacks } from './send-status-callbacks';
import { randomHex, type FaultMode, type InteractiveShown, type SimulatedChannel } from './simulator-state';

const formValue = z.union([z.string(), z.array(z.string())]).optional();
const messageFormSchema = z.object({
  To: z.string().optional(),
  From: z.string().optional(),
  Body: z.string().optional(),
  MediaUrl: formValue,
  ContentSid: z.string().optional(),
  ContentVariables: z.string().optional(),
  StatusCallback: z.string().optional(),
});
const contentBodySchema = z.object({
  friendly_name: z.string().optional(),
  language: z.string().default('en'),
  variables: z.record(z.string(), z.string()).optional(),
  types: z.record(z.string(), z.record(z.string(), z.unknown())),
});
const quickReplySchema = z.object({
  body: z.string(),
  actions: z
    .array(z.object({ id: z.string(), title: z.string().max(20) }))
    .min(1)
    .max(3),
});
const listPickerSchema = z.object({
  body: z.string(),
  button: z.string(),
  items: z
    .array(z.object({ id: z.string(), item: z.string().max(24), description: z.string().max(72).optional() }))
    .min(1)
    .max(10),
});

/** Twilio's REST error body (https://www.twilio.com/docs/usage/twilios-response). */
function twilioError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

/** Fake api.twilio.com Messages.json and content.twilio.com /v1/Content, on one origin. */
export function createTwilioApiRoutes(context: SimulatorContext): Router {
  const router = express.Router();
  const { state, secrets } = context;

  const authorized = (req: Request, res: Response): boolean => {
    const header = req.get('authorization') ?? '';
    const decoded = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : '';
    const [sid, token] = [decoded.slice(0, decoded.indexOf(':')), decoded.slice(decoded.indexOf(':') + 1)];
    const expected = secrets.twilio;
    const ok =
      decoded.includes(':') &&
      (!expected.accountSid || sid === expected.accountSid) &&
      (!expected.authToken || token === expected.authToken);
    if (!ok) twilioError(res, 401, 20003, 'Authenticate');
    return ok;
  };

  router.post(
    '/2010-04-01/Accounts/:accountSid/Messages.json',
    express.urlencoded({ extended: false }),
    async (req, res) => {
      state.stats.requests += 1;
      if (!authorized(req, res)) return;
      const form = messageFormSchema.safeParse(req.body ?? {});
      if (!form.success) return twilioError(res, 400, 21600, 'Invalid parameters');
      const { To, From, Body, ContentSid, StatusCallback } = form.data;
      const channel: SimulatedChannel = To?.startsWith('whatsapp:') ? 'twilio-whatsapp' : 'twilio-sms';
      const fault = state.takeFault(channel);
      if (fault) return serveFault(res, fault);
      const key = req.get('i-twilio-idempotency-token');
      const replayed = state.replay('twilio', key);
      if (replayed) return void res.status(replayed.status).json(replayed.body);
      if (!To) return twilioError(res, 400, 21604, "A 'To' phone number is required.");
      if (!From) return twilioError(res, 400, 21603, "A 'From' phone number is required.");
      const media = [form.data.MediaUrl ?? []].flat();
      const content = ContentSid ? state.contents.get(ContentSid) : undefined;
      if (ContentSid && !content) return twilioError(res, 400, 21656, 'The ContentSid is Invalid.');
      if (!Body && !content && media.length === 0) return twilioError(res, 400, 21602, 'Message body is required.');
      const interactive = content ? toInteractive(content.types) : null;
      const sid = `SM${randomHex(16)}`;
      const now = new Date().toUTCString();
      const body = {
        sid,
        account_sid: req.params.accountSid,
        from: From,
        to: To,
        body: Body ?? interactive?.body ?? '',
        status: 'queued',
        direction: 'outbound-api',
        api_version: '2010-04-01',
        num_segments: '1',
        num_media: String(media.length),
        date_created: now,
        date_updated: now,
        date_sent: null,
        error_code: null,
        error_message: null,
        price: null,
        messaging_service_sid: null,
        uri: `/2010-04-01/Accounts/${req.params.accountSid}/Messages/${sid}.json`,
      };
      state.remember('twilio', key, { status: 201, body });
      const recorded = state.record({
        channel,
        to: To.replace(/^whatsapp:/, ''),
        from: From,
        text: body.body,
        interactive,
        media,
        providerMessageId: sid,
        idempotencyKey: key ?? null,
      });
      await sleep(context.responseDelayMs);
      res.status(201).json(body);
      sendStatusCallbacks(context, recorded, StatusCallback);
    },
  );

  router.post('/v1/Content', express.json(), (req, res) => {
    state.stats.requests += 1;
    if (!authorized(req, res)) return;
    const key = req.get('i-twilio-idempotency-token');
    const replayed = state.replay('twilio-content', key);
    if (replayed) return void res.status(replayed.status).json(replayed.body);
    const parsed = contentBodySchema.safeParse(req.body);
    if (!parsed.success)
      return twilioError(res, 400, 20001, `Invalid content: ${parsed.error.issues[0]?.path.join('.') ?? ''}`);
    if (!toInteractive(parsed.data.types) && !parsed.data.types['twilio/text']) {
      return twilioError(res, 400, 20001, 'Unsupported or invalid content types');
    }
    const sid = `HX${randomHex(16)}`;
    const body = {
      sid,
      account_sid: secrets.twilio.accountSid ?? `AC${randomHex(16)}`,
      friendly_name: parsed.data.friendly_name ?? null,
      language: parsed.data.language,
      variables: parsed.data.variables ?? {},
      types: parsed.data.types,
      url: `https://content.twilio.com/v1/Content/${sid}`,
      date_created: new Date().toISOString(),
      date_updated: new Date().toISOString(),
    };
    state.contents.set(sid, { sid, types: parsed.data.types, language: parsed.data.language });
    state.remember('twilio-content', key, { status: 201, body });
    res.status(201).json(body);
  });

  return router;
}

function toInteractive(types: Record<string, unknown>): InteractiveShown | null {
  const quick = quickReplySchema.safeParse(types['twilio/quick-reply']);
  if (quick.success)
    return {
      type: 'buttons',
      body: quick.data.body,
      options: quick.data.actions.map((a) => ({ id: a.id, title: a.title })),
    };
  const list = listPickerSchema.safeParse(types['twilio/list-picker']);
  if (list.success) {
    return {
      type: 'list',
      body: list.data.body,
      button: list.data.button,
      options: list.data.items.map((i) => ({ id: i.id, title: i.item, description: i.description })),
    };
  }
  return null;
}

async function serveFault(res: Response, mode: FaultMode): Promise<void> {
  if (mode === 'timeout') return hang(res);
  if (mode === '500') return twilioError(res, 500, 20500, 'Internal Server Error');
  if (mode === '429') {
    res.set('retry-after', '1');
    return twilioError(res, 429, 20429, 'Too Many Requests');
  }
  twilioError(res, 400, 21211, "The 'To' number is not a valid phone number.");
}

/** A provider that hangs: no answer until the client gives up (or two minutes pass). */
export async function hang(res: Response): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 120_000);
    res.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  if (!res.headersSent && !res.writableEnded) res.status(504).end();
}
