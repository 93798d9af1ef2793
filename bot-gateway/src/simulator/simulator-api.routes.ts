import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { deliverInbound, inboundRequestSchema, playUssdHop, ussdRequestSchema } from './deliver-inbound';
import type { SimulatorContext } from './simulator-context';
import { sameAddress } from './simulator-state';

const faultSchema = z
  .object({
    channel: z.enum(['twilio-sms', 'twilio-whatsapp', 'africastalking-sms', 'meta-whatsapp', 'all']),
    mode: z.enum(['500', 'timeout', 'permanent', '429']),
    count: z.number().int().min(0).optional(),
    seconds: z.number().min(0).optional(),
  })
  .refine((fault) => fault.count !== undefined || fault.seconds !== undefined, {
    message: 'give count or seconds',
    path: ['count'],
  });
const callbackSchema = z.object({
  mode: z.enum(['in-order', 'out-of-order', 'duplicated', 'off']),
  delayMs: z.number().int().min(0).max(60_000).optional(),
});

function badRequest(res: Response, error: z.ZodError): void {
  res
    .status(400)
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title: 'Bad request',
      status: 400,
      detail: 'the request body is invalid',
      errors: error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
    });
}

/** The simulator's own API (CONTRACT.md "Provider simulator"): what was received, faults, patient messages, USSD. */
export function createSimulatorApiRoutes(context: SimulatorContext): Router {
  const router = express.Router();
  const { state } = context;
  router.use(express.json());

  router.get('/api/received', (req, res) => {
    const to = typeof req.query.to === 'string' ? req.query.to : undefined;
    const channel = typeof req.query.channel === 'string' ? req.query.channel : undefined;
    const list = state.received.filter((m) => (!to || sameAddress(m.to, to)) && (!channel || m.channel === channel));
    res.json(list.map(({ idempotencyKey: _key, ...message }) => message));
  });
  router.delete('/api/received', (_req, res) => {
    state.reset();
    res.status(204).end();
  });
  router.get('/api/stats', (_req, res) => {
    const keys = new Set(state.received.map((m) => m.idempotencyKey).filter(Boolean));
    res.json({
      ...state.stats,
      received: state.received.length,
      distinctIdempotencyKeys: keys.size,
      contents: state.contents.size,
    });
  });

  router.post('/api/faults', (req, res) => {
    const parsed = faultSchema.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    state.setFault(parsed.data.channel, parsed.data);
    res.status(204).end();
  });
  router.post('/api/callbacks', (req, res) => {
    const parsed = callbackSchema.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    state.callbacks = { mode: parsed.data.mode, delayMs: parsed.data.delayMs ?? state.callbacks.delayMs };
    res.status(204).end();
  });

  router.post('/api/inbound', async (req, res) => {
    const parsed = inboundRequestSchema.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    if (!parsed.data.text && !parsed.data.location && !parsed.data.replyId) {
      return badRequest(
        res,
        new z.ZodError([
          { code: 'custom', path: ['text'], message: 'give text, location or replyId', input: undefined },
        ]),
      );
    }
    try {
      res.json(await deliverInbound(context, parsed.data));
    } catch (error) {
      res
        .status(502)
        .json({ title: 'gateway unreachable', detail: error instanceof Error ? error.message : 'unknown' });
    }
  });

  router.post('/api/ussd', async (req, res) => {
    const parsed = ussdRequestSchema.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    try {
      res.json(await playUssdHop(context, parsed.data));
    } catch (error) {
      res
        .status(502)
        .json({ title: 'gateway unreachable', detail: error instanceof Error ? error.message : 'unknown' });
    }
  });

  return router;
}
