import { randomBytes } from 'node:crypto';

export type SimulatedChannel = 'twilio-sms' | 'twilio-whatsapp' | 'africastalking-sms' | 'meta-whatsapp';
export type FaultMode = '500' | 'timeout' | 'permanent' | '429';

export interface InteractiveShown {
  type: 'buttons' | 'list' | 'template';
  body?: string;
  button?: string;
  options: { id: string; title: string; description?: string }[];
  template?: { name: string; language: string; parameters: string[] };
}

/** What MedLink sent, in the CONTRACT.md shape of GET /api/received. */
export interface ReceivedMessage {
  channel: SimulatedChannel;
  to: string;
  from: string;
  text: string;
  interactive: InteractiveShown | null;
  media: string[];
  providerMessageId: string;
  receivedAt: string;
  idempotencyKey: string | null;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

const MAX_REMEMBERED = 50_000;

export type CallbackMode = 'in-order' | 'out-of-order' | 'duplicated' | 'off';

/** Everything the fake provider APIs remember, in memory, per simulator instance. */
export class SimulatorState {
  readonly received: ReceivedMessage[] = [];
  private readonly responses = new Map<string, StoredResponse>();
  private readonly faults = new Map<string, { mode: FaultMode; remaining?: number; until?: number }>();
  readonly contents = new Map<string, { sid: string; types: Record<string, unknown>; language: string }>();
  readonly stats = { requests: 0, accepted: 0, duplicatesSuppressed: 0, faultsServed: 0 };
  callbacks: { mode: CallbackMode; delayMs: number };

  constructor(callbacks: { mode: CallbackMode; delayMs: number }) {
    this.callbacks = callbacks;
  }

  /** A provider request carrying an idempotency key already answered gets the same answer, and nothing is sent again. */
  replay(provider: string, key: string | undefined): StoredResponse | undefined {
    if (!key) return undefined;
    const stored = this.responses.get(`${provider}:${key}`);
    if (stored) this.stats.duplicatesSuppressed += 1;
    return stored;
  }

  remember(provider: string, key: string | undefined, response: StoredResponse): void {
    if (!key) return;
    this.responses.set(`${provider}:${key}`, response);
    // A long-running demo keeps a bounded memory: the oldest keys go first (Map keeps insertion order).
    if (this.responses.size > MAX_REMEMBERED) this.responses.delete(this.responses.keys().next().value ?? '');
  }

  record(message: Omit<ReceivedMessage, 'receivedAt'>): ReceivedMessage {
    const entry = { ...message, receivedAt: new Date().toISOString() };
    this.received.push(entry);
    if (this.received.length > MAX_REMEMBERED) this.received.splice(0, this.received.length - MAX_REMEMBERED);
    this.stats.accepted += 1;
    return entry;
  }

  setFault(channel: string, fault: { mode: FaultMode; count?: number; seconds?: number }): void {
    if (fault.count === 0 || fault.seconds === 0) {
      this.faults.delete(channel);
      return;
    }
    this.faults.set(channel, {
      mode: fault.mode,
      remaining: fault.count,
      until: fault.seconds !== undefined ? Date.now() + fault.seconds * 1000 : undefined,
    });
  }

  /** The fault to serve for this request, if any; counting faults are used up one request at a time. */
  takeFault(channel: SimulatedChannel): FaultMode | undefined {
    for (const key of [channel, 'all']) {
      const fault = this.faults.get(key);
      if (!fault) continue;
      if (fault.until !== undefined && Date.now() > fault.until) {
        this.faults.delete(key);
        continue;
      }
      if (fault.remaining !== undefined) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) this.faults.delete(key);
      }
      this.stats.faultsServed += 1;
      return fault.mode;
    }
    return undefined;
  }

  reset(): void {
    this.received.length = 0;
    this.responses.clear();
    this.faults.clear();
    Object.assign(this.stats, { requests: 0, accepted: 0, duplicatesSuppressed: 0, faultsServed: 0 });
  }
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Matches an address whatever its form: `+2547…`, `2547…`, `whatsapp:+2547…`. */
export function sameAddress(a: string, b: string): boolean {
  return a.replace(/\D/g, '') === b.replace(/\D/g, '');
}
