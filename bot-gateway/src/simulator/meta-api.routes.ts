import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import type { SimulatorContext } from './simulator-context';
import { sleep } from './simulator-context';
import { sendStatusCallbacks } from './send-status-callbacks';
import { randomHex, type InteractiveShown } from './simulator-state';
import { hang } from './twilio-api.routes';

const textSchema = z.object({ body: z.string().min(1).max(4096) });
const buttonSchema = z.object({
  type: z.literal('button'),
  body: z.object({ text: z.string() }),
  action: z.object({
    buttons: z
      .array(z.object({ type: z.literal('reply'), reply: z.object({ id: z.string(), title: z.string().max(20) }) }))
      .min(1)
      .max(3),
  }),
});
const listSchema = z.object({
  type: z.literal('list'),
  body: z.object({ text: z.string() }),
  action: z.object({
    button: z.string().max(20),
    sections: z
      .array(
        z.object({
          title: z.string().optional(),
          rows: z.array(
            z.object({ id: z.string(), title: z.string().max(24), description: z.string().max(72).optional() }),
          ),
        }),
      )
      .min(1),
  }),
});
const templateSchema = z.object({
  name: z.string(),
  language: z.object({ code: z.string() }),
  components: z
    .array(
      z.object({
        type: z.string(),
        parameters: z.array(z.object({ type: z.string(), text: z.string().optional() })).optional(),
      }),
    )
    .optional(),
});
const messageSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  to: z.string().min(5),
  type: z.enum(['text', 'interactive', 'template', 'image', 'document']).default('text'),
  text: textSchema.optional(),
  interactive: z.union([buttonSchema, listSchema]).optional(),
  template: templateSchema.optional(),
  image: z.object({ link: z.string(), caption: z.string().optional() }).optional(),
  document: z.object({ link: z.string(), caption: z.string().optional() }).optional(),
});

/** Graph API error body (https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes). */
function metaError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ error: { message, type: 'OAuthException', code, fbtrace_id: randomHex(8) } });
}

/** Fake WhatsApp Cloud API POST /{version}/{phone-number-id}/messages. */
export function createMetaApiRoutes(context: SimulatorContext): Router {
  const router = express.Router();
  const { state, secrets } = context;

  router.post('/:version/:phoneNumberId/messages', express.json(), async (req, res) => {
    state.stats.requests += 1;
    const auth = req.get('authorization') ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!token || (secrets.meta.accessToken && token !== secrets.meta.accessToken)) {
      return metaError(res, 401, 190, 'Invalid OAuth access token - Cannot parse access token');
    }
    if (!/^v\d+\.\d+$/.test(req.params.version ?? '')) return metaError(res, 400, 2500, 'Unknown path components');
    if (secrets.meta.phoneNumberId && req.params.phoneNumberId !== secrets.meta.phoneNumberId) {
      return metaError(
        res,
        400,
        100,
        `Unsupported post request. Object with ID '${req.params.phoneNumberId}' does not exist`,
      );
    }
    const fault = state.takeFault('meta-whatsapp');
    if (fault === 'timeout') return hang(res);
    if (fault === '500') return metaError(res, 500, 1, 'An unknown error occurred');
    if (fault === '429') return metaError(res, 400, 130429, 'Rate limit hit');
    if (fault === 'permanent') return metaError(res, 400, 131026, 'Message undeliverable');
    const key = req.get('idempotency-key');
    const replayed = state.replay('meta', key);
    if (replayed) return void res.status(replayed.status).json(replayed.body);
    const parsed = messageSchema.safeParse(req.body);
    if (!parsed.success)
      return metaError(res, 400, 100, `(#100) Invalid parameter: ${parsed.error.issues[0]?.path.join('.') ?? 'body'}`);
    const message = parsed.data;
    const shown = describe(message);
    if (!shown) return metaError(res, 400, 100, `(#100) The parameter ${message.type} is required.`);
    const waId = message.to.replace(/\D/g, '');
    const id = `wamid.${Buffer.from(randomHex(18)).toString('base64url')}`;
    const body = { messaging_product: 'whatsapp', contacts: [{ input: message.to, wa_id: waId }], messages: [{ id }] };
    state.remember('meta', key, { status: 200, body });
    const recorded = state.record({
      channel: 'meta-whatsapp',
      to: waId,
      from: req.params.phoneNumberId ?? '',
      text: shown.text,
      interactive: shown.interactive,
      media: shown.media,
      providerMessageId: id,
      idempotencyKey: key ?? null,
    });
    await sleep(context.responseDelayMs);
    res.status(200).json(body);
    sendStatusCallbacks(context, recorded);
  });

  return router;
}

function describe(
  message: z.infer<typeof messageSchema>,
): { text: string; interactive: InteractiveShown | null; media: string[] } | undefined {
  if (message.type === 'text')
    return message.text ? { text: message.text.body, interactive: null, media: [] } : undefined;
  if (message.type === 'image' || message.type === 'document') {
    const media = message[message.type];
    return media ? { text: media.caption ?? '', interactive: null, media: [media.link] } : undefined;
  }
  if (message.type === 'template') {
    const template = message.template;
    if (!template) return undefined;
    const parameters = (template.components ?? []).flatMap((c) => (c.parameters ?? []).map((p) => p.text ?? ''));
    return {
      text: parameters.join(' '),
      interactive: {
        type: 'template',
        options: [],
        template: { name: template.name, language: template.language.code, parameters },
      },
      media: [],
    };
  }
  const interactive = message.interactive;
  if (!interactive) return undefined;
  if (interactive.type === 'button') {
    const options = interactive.action.buttons.map((b) => ({ id: b.reply.id, title: b.reply.title }));
    return {
      text: interactive.body.text,
      interactive: { type: 'buttons', body: interactive.body.text, options },
      media: [],
    };
  }
  const options = interactive.action.sections.flatMap((s) =>
    s.rows.map((r) => ({ id: r.id, title: r.title, description: r.description })),
  );
  return {
    text: interactive.body.text,
    interactive: { type: 'list', body: interactive.body.text, button: interactive.action.button, options },
    media: [],
  };
}
