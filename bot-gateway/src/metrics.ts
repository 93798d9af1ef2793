import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The gateway's one prom-client registry (served on /metrics). The outbox worker registers its own
 * counters on `registry` too: pass `metrics.registry` to startOutboxWorker.
 */
export interface GatewayMetrics {
  registry: Registry;
  received: Counter<'channel'>;
  duplicates: Counter<'channel'>;
  rejected: Counter<'channel' | 'reason'>;
  statuses: Counter<'channel' | 'status' | 'outcome'>;
  webhookSeconds: Histogram<'endpoint' | 'status'>;
}

export function createGatewayMetrics(
  registry = new Registry(),
  options: { defaultMetrics?: boolean } = {},
): GatewayMetrics {
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return {
    registry,
    received: new Counter({
      name: 'gateway_messages_received_total',
      help: 'Inbound messages stored, by channel',
      labelNames: ['channel'],
      registers: [registry],
    }),
    duplicates: new Counter({
      name: 'gateway_messages_duplicate_total',
      help: 'Redelivered inbound messages (no-op), by channel',
      labelNames: ['channel'],
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'gateway_webhooks_rejected_total',
      help: 'Webhook calls refused: bad signature or token, bad input',
      labelNames: ['channel', 'reason'],
      registers: [registry],
    }),
    statuses: new Counter({
      name: 'gateway_status_callbacks_total',
      help: 'Delivery status callbacks by outcome (applied, ignored as not forward, pending unknown id)',
      labelNames: ['channel', 'status', 'outcome'],
      registers: [registry],
    }),
    webhookSeconds: new Histogram({
      name: 'gateway_webhook_duration_seconds',
      help: 'Webhook handling time until the provider gets its answer',
      labelNames: ['endpoint', 'status'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}
