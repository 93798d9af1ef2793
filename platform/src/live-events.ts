import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { Queryable } from './db';
import type { Redis } from './redis';

/** What a publisher hands over: a type, the rooms that may see it, a DTO payload (never a row). */
export interface LiveEventInput {
  type: string;
  rooms: string[];
  payload: Record<string, unknown>;
}

/** What subscribers receive: the input plus its place in the durable log (null when there is no log). */
export interface LiveEvent extends LiveEventInput {
  id: number | null;
  createdAt: string;
}

export const liveEventSchema = z.object({
  id: z.number().int().nullable(),
  type: z.string(),
  rooms: z.array(z.string()),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

export interface LiveEventBus {
  /** Appends to the log (when there is one), then fans out to every subscriber of every instance. */
  publish(event: LiveEventInput): Promise<LiveEvent>;
  /** Returns the unsubscribe function. */
  subscribe(handler: (event: LiveEvent) => void): () => void;
  /** Resolves once this instance receives what others publish (the Redis subscription is live). */
  ready(): Promise<void>;
  /** Deletes log rows older than the retention; returns how many. */
  prune(): Promise<number>;
  close(): Promise<void>;
}

export interface LiveEventBusOptions {
  /** With Redis, events cross processes through pub/sub; without it they stay in this process. */
  redis?: Redis;
  /** The durable log (table live_events); without it events carry id null and cannot be caught up. */
  db?: Queryable;
  channel?: string;
  retentionDays?: number;
  /** How often the publisher prunes the log; 0 disables the timer. */
  pruneIntervalMs?: number;
  onError?: (error: unknown) => void;
}

const LOCAL = 'live-event';

export function createLiveEventBus(options: LiveEventBusOptions = {}): LiveEventBus {
  const channel = options.channel ?? 'medlink:live-events';
  const retentionDays = options.retentionDays ?? 7;
  const onError = options.onError ?? (() => undefined);
  const local = new EventEmitter();
  local.setMaxListeners(0);
  let subscriber: Redis | undefined;
  let subscribing: Promise<unknown> | undefined;

  const deliver = (event: LiveEvent) => local.emit(LOCAL, event);
  const ensureRedisSubscription = () => {
    if (!options.redis || subscriber) return;
    subscriber = options.redis.duplicate();
    subscriber.on('error', onError);
    subscriber.on('message', (from: string, raw: string) => {
      if (from !== channel) return;
      const parsed = parseLiveEvent(raw);
      if (parsed) deliver(parsed);
      else onError(new Error('an unreadable live event was ignored'));
    });
    subscribing = subscriber.subscribe(channel).catch(onError);
  };

  const pruneTimer =
    options.db && (options.pruneIntervalMs ?? 3_600_000) > 0
      ? setInterval(() => void prune().catch(onError), options.pruneIntervalMs ?? 3_600_000)
      : undefined;
  pruneTimer?.unref();

  async function prune(): Promise<number> {
    if (!options.db) return 0;
    const result = await options.db.query(
      `DELETE FROM live_events WHERE created_at < now() - make_interval(days => $1)`,
      [retentionDays],
    );
    return result.rowCount;
  }

  return {
    async publish(input) {
      const event = options.db
        ? await appendToLog(options.db, input)
        : { ...input, id: null, createdAt: new Date().toISOString() };
      if (options.redis) await options.redis.publish(channel, JSON.stringify(event));
      else deliver(event);
      return event;
    },
    subscribe(handler) {
      ensureRedisSubscription();
      const listener = (event: LiveEvent) => {
        try {
          handler(event);
        } catch (error) {
          onError(error);
        }
      };
      local.on(LOCAL, listener);
      return () => local.off(LOCAL, listener);
    },
    async ready() {
      ensureRedisSubscription();
      await subscribing;
    },
    prune,
    async close() {
      if (pruneTimer) clearInterval(pruneTimer);
      local.removeAllListeners();
      await subscribing;
      await subscriber?.quit().catch(() => subscriber?.disconnect());
    },
  };
}

async function appendToLog(db: Queryable, input: LiveEventInput): Promise<LiveEvent> {
  const result = await db.query<{ id: string; created_at: Date }>(
    'INSERT INTO live_events (rooms, type, payload) VALUES ($1, $2, $3) RETURNING id, created_at',
    [input.rooms, input.type, JSON.stringify(input.payload)],
  );
  const row = result.rows[0];
  if (!row) throw new Error('live event was not stored');
  return { ...input, id: Number(row.id), createdAt: new Date(row.created_at).toISOString() };
}

/**
 * The `publish` a service hands its use cases (core-api's deps.publish, the gateway's): called after commit,
 * fire-and-forget; a failure (database, Redis) is reported to onError and never reaches the request.
 */
export function publisherFor(
  bus: LiveEventBus,
  onError: (error: unknown, event: LiveEventInput) => void,
): (event: LiveEventInput) => void {
  return (event) => {
    bus.publish(event).catch((error: unknown) => onError(error, event));
  };
}

export function parseLiveEvent(raw: string): LiveEvent | undefined {
  try {
    const parsed = liveEventSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
