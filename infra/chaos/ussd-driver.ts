/** One USSD session as Africa's Talking plays it: every hop posts all inputs so far; the answer is the screen. */
export interface UssdSessionRecord {
  sessionId: string;
  phone: string;
  screens: string[];
  /** The instance that answered each hop (after nginx's failover). */
  instances: string[];
  /** Hops that got a 2xx answer: their rows must exist. */
  ackedHops: string[];
  retries: number;
  completed: boolean;
  error?: string;
}

export interface UssdTarget {
  nginxUrl: string;
  token: string;
  serviceCode: string;
  instanceOf: (upstream: string) => string;
}

export const USSD_INPUTS = ['', '1', '1'];
const MAX_TRIES = 4;

/**
 * Plays the hops in order with a pause between them. A hop that fails (its gateway died mid-request) is
 * posted again unchanged, as a phone on a flaky link would: the gateway answers a repeated hop with the
 * screen it stored the first time, so the session goes on instead of restarting.
 */
export async function playUssdSession(
  target: UssdTarget,
  session: { sessionId: string; phone: string; thinkMs: number },
  recordLatency: (ms: number) => void,
): Promise<UssdSessionRecord> {
  const record: UssdSessionRecord = {
    sessionId: session.sessionId,
    phone: session.phone,
    screens: [],
    instances: [],
    ackedHops: [],
    retries: 0,
    completed: false,
  };
  const url = `${target.nginxUrl}/webhooks/africastalking/ussd?token=${encodeURIComponent(target.token)}`;
  for (let hop = 0; hop < USSD_INPUTS.length; hop += 1) {
    const text = USSD_INPUTS.slice(1, hop + 1).join('*');
    const form = new URLSearchParams({
      sessionId: session.sessionId,
      serviceCode: target.serviceCode,
      phoneNumber: session.phone,
      networkCode: '63902',
      text,
    });
    let answered = false;
    for (let attempt = 0; attempt < MAX_TRIES && !answered; attempt += 1) {
      if (attempt > 0) {
        record.retries += 1;
        await sleep(300 * attempt);
      }
      const started = performance.now();
      const response = await fetch(url, { method: 'POST', body: form, signal: AbortSignal.timeout(10_000) }).catch(
        (error: unknown) => error,
      );
      if (!(response instanceof Response)) {
        record.error = `hop ${hop}: ${response instanceof Error ? response.message : 'network error'}`;
        continue;
      }
      const body = await response.text();
      if (!response.ok) {
        record.error = `hop ${hop}: HTTP ${response.status}`;
        continue;
      }
      recordLatency(performance.now() - started);
      record.screens.push(body);
      record.instances.push(target.instanceOf(response.headers.get('x-medlink-upstream') ?? ''));
      record.ackedHops.push(`${session.sessionId}:${hop}`);
      answered = true;
    }
    if (!answered) return record;
    if (hop < USSD_INPUTS.length - 1) await sleep(session.thinkMs);
  }
  record.completed = true;
  record.error = undefined;
  return record;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
