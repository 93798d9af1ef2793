import { percentile } from './benchmarks-section';
import type { CheckResult, OutboundFigures } from './chaos-checks';
import type { ScenarioResult } from './chaos-scenario';

export interface ChaosReport {
  blockTitle: string;
  summary: string;
  markdown: string;
}

/** The console summary and the docs/benchmarks.md block of one run. */
export function renderReport(input: {
  mode: 'quick' | 'full' | 'surge';
  result: ScenarioResult;
  outbound: OutboundFigures;
  checks: CheckResult[];
  normal: { ussdSessionsPerSecond: number; inboundPerSecond: number };
  isShedding: boolean;
  /** 1-minute load averages of the machine at the start and the end of the load (2 cores, shared). */
  loadAverages: [number, number];
}): ChaosReport {
  const { mode, result, outbound, checks } = input;
  const seconds = result.loadMs / 1000;
  const hops = result.hopLatenciesMs;
  const acks = result.inboundLatenciesMs;
  const ms = (value: number) => `${Math.round(value)}`;
  const crossing = result.sessions.filter((session) => new Set(session.instances).size > 1).length;
  const refused =
    [...result.inboundRefused.entries()]
      .map(([status, count]) => `${count}×${status === 0 ? 'unreachable' : status}`)
      .join(', ') || 'none';
  const retries = result.sessions.reduce((sum, session) => sum + session.retries, 0);
  const drain =
    result.drainMs === undefined
      ? `not drained within ${result.plan.drainTimeoutMs / 1000} s`
      : `${(result.drainMs / 1000).toFixed(1)} s`;
  const rows: [string, string][] = [
    [
      'load',
      `${seconds.toFixed(0)} s: ${result.plan.ussdSessionsPerSecond} USSD sessions/s (3 hops each) + ${result.plan.inboundPerSecond} SMS/WhatsApp messages/s`,
    ],
    ['faults', result.faultLog.join('; ') || 'none'],
    ['machine load average (start / end)', input.loadAverages.map((value) => value.toFixed(1)).join(' / ')],
    [
      'USSD hops answered',
      `${hops.length} (${(hops.length / seconds).toFixed(1)}/s), ${retries} re-posted after a failed hop`,
    ],
    [
      'USSD hop latency p50 / p99 / max (ms)',
      `${ms(percentile(hops, 50))} / ${ms(percentile(hops, 99))} / ${ms(Math.max(0, ...hops))}`,
    ],
    ['USSD sessions (crossing gateways)', `${result.sessions.length} (${crossing})`],
    [
      'inbound messages sent / acknowledged',
      `${result.inboundSent} / ${result.acked.length} (${(result.acked.length / seconds).toFixed(1)}/s); not acknowledged: ${refused}`,
    ],
    [
      'inbound ack latency p50 / p99 (ms, through the simulator)',
      `${ms(percentile(acks, 50))} / ${ms(percentile(acks, 99))}`,
    ],
    [
      'outbound sent (provider records, distinct keys)',
      `${outbound.sentRows} (${outbound.providerRecords}, ${outbound.distinctKeys}); re-sends absorbed by the provider's idempotency: ${outbound.resendsAbsorbedByProvider}; failed/dead ${outbound.failedRows}`,
    ],
    ['max outbox depth / max inbound backlog', `${result.maxOutboxDepth} / ${result.maxInboxBacklog}`],
    [
      'inbox concurrency under load (load shedder)',
      result.minInboxConcurrency === undefined ? 'never limited' : `lowered to ${result.minInboxConcurrency}`,
    ],
    ['drain time after the load', drain],
  ];
  const verdicts = checks.map(
    (check) => `- ${check.skipped ? 'SKIP' : check.ok ? 'PASS' : 'FAIL'} ${check.name}: ${check.detail}`,
  );
  const blockTitle =
    mode === 'surge'
      ? `Surge (10x normal inbound for a minute)${input.isShedding ? '' : ', load shedder off'}`
      : `Failure run (${mode})`;
  const normal = `normal rate = ${input.normal.ussdSessionsPerSecond} USSD sessions/s + ${input.normal.inboundPerSecond} messages/s`;
  const markdown = [
    `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run test:chaos${mode === 'full' ? '' : ` -- --${mode}${input.isShedding ? '' : ' --no-shed'}`}\`: nginx (loopback) in front of 2 core-api, 2 bot-gateway, 2 send workers, ` +
      `the provider simulator and 2 Socket.IO hosts, each its own Node process; PostgreSQL 15 and Redis 7 on the same 2-core machine, shared with other work; ${normal}.`,
    '',
    '| figure | value |',
    '| --- | --- |',
    ...rows.map(([name, value]) => `| ${name} | ${value.replace(/\|/g, '/')} |`),
    '',
    ...verdicts,
  ].join('\n');
  const summary = [`MedLink chaos run (${mode})`, ...rows.map(([name, value]) => `  ${name}: ${value}`)].join('\n');
  return { blockTitle, summary, markdown };
}
