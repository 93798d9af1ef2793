import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Outbound figures, registered on the gateway's registry (the same /metrics as the webhooks). */
export function createOutboxMetrics(registry: Registry, countPending: () => Promise<number>) {
  const registers = [registry];
  return {
    sent: new Counter({
      name: 'medlink_gateway_outbound_sent_total',
      help: 'Messages accepted by the provider',
      labelNames: ['channel'],
      registers,
    }),
    failed: new Counter({
      name: 'medlink_gateway_outbound_failed_total',
      help: 'Send attempts that failed, by classification',
      labelNames: ['channel', 'outcome'],
      registers,
    }),
    retried: new Counter({
      name: 'medlink_gateway_outbound_retried_total',
      help: 'Send attempts scheduled again',
      labelNames: ['channel'],
      registers,
    }),
    deadLettered: new Counter({
      name: 'medlink_gateway_outbound_dead_lettered_total',
      help: 'Messages moved to the dead-letter state',
      labelNames: ['channel'],
      registers,
    }),
    sendSeconds: new Histogram({
      name: 'medlink_gateway_outbound_send_seconds',
      help: 'Provider API call latency',
      labelNames: ['channel'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'medlink_gateway_outbox_depth',
      help: 'Outbound messages queued or being sent',
      registers,
      async collect() {
        this.set(await countPending());
      },
    }),
  };
}

export type OutboxMetrics = ReturnType<typeof createOutboxMetrics>;
