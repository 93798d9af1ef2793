import { z } from 'zod';

export const INBOUND_CHANNELS = ['twilio-sms', 'twilio-whatsapp', 'africastalking-sms', 'meta-whatsapp'] as const;
export type InboundChannel = (typeof INBOUND_CHANNELS)[number];

export interface AckedInbound {
  channel: InboundChannel;
  providerMessageId: string;
}

export interface InboundOutcome {
  acked?: AckedInbound;
  /** The HTTP status the provider (simulator) got from nginx, or 0 when the simulator could not reach it. */
  status: number;
  latencyMs: number;
}

const simulatorAnswer = z.object({
  providerMessageId: z.string(),
  deliveries: z.array(z.object({ status: z.number(), body: z.string() })).min(1),
});

/**
 * A patient message through the provider simulator, which signs it as the provider would and posts it to
 * nginx. Acknowledged means a 2xx reached the provider: from then on the message must never be lost.
 * `duplicate` makes the simulator deliver the identical request twice (a provider redelivery).
 */
export async function sendInbound(
  simulatorUrl: string,
  message: { channel: InboundChannel; from: string; text: string; duplicate: boolean },
): Promise<InboundOutcome> {
  const started = performance.now();
  const response = await fetch(`${simulatorUrl}/api/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(15_000),
  }).catch(() => undefined);
  const latencyMs = performance.now() - started;
  if (!response?.ok) return { status: 0, latencyMs };
  const parsed = simulatorAnswer.safeParse(await response.json());
  if (!parsed.success) return { status: 0, latencyMs };
  const isAcked = parsed.data.deliveries.some((delivery) => delivery.status >= 200 && delivery.status < 300);
  const status = parsed.data.deliveries.at(-1)?.status ?? 0;
  return {
    status,
    latencyMs,
    acked: isAcked ? { channel: message.channel, providerMessageId: parsed.data.providerMessageId } : undefined,
  };
}

/** Patient texts in both languages, with accents and emoji, as they arrive. */
export const PATIENT_TEXTS = [
  'Bonjour',
  '1',
  'Hello',
  '2',
  "J'ai de la fièvre 🤒",
  'menu',
  'My child has a cough',
  '3',
];
