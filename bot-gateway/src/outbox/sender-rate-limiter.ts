import type { Redis } from '@medlink/platform/redis';

/**
 * Per-sender pacing (a Twilio long code sends about 1 SMS/s; a WhatsApp number has its own throughput). Each send
 * reserves the sender's next free slot, spaced 1/rate apart (GCRA), so no 1-second window holds more than `rate`
 * sends from one sender. With Redis the slots are shared by every worker process.
 */
export interface SenderRateLimiter {
  /** Resolves when this send may go. */
  acquire(sender: string): Promise<void>;
  /** After the provider said "slow down": no send from this sender before `ms` from now. */
  penalize(sender: string, ms: number): Promise<void>;
}

const RESERVE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, free)
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], slot + interval, 'PX', math.floor(slot + interval - now + 1000))
return slot - now`;

const PENALIZE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local until_ms = now + tonumber(ARGV[1])
if until_ms > free then redis.call('SET', KEYS[1], until_ms, 'PX', tonumber(ARGV[1]) + 1000) end
return 0`;

export function createSenderRateLimiter(options: {
  ratePerSecond: number;
  redis?: Redis;
  keyPrefix?: string;
}): SenderRateLimiter {
  const { ratePerSecond, redis } = options;
  const prefix = options.keyPrefix ?? 'medlink:send-rate:';
  if (ratePerSecond <= 0) return { acquire: async () => undefined, penalize: async () => undefined };
  const intervalMs = 1000 / ratePerSecond;
  if (redis) {
    return {
      acquire: (sender) =>
        waitForSlot(intervalMs, async () => Number(await redis.eval(RESERVE_SCRIPT, 1, prefix + sender, intervalMs))),
      async penalize(sender, ms) {
        await redis.eval(PENALIZE_SCRIPT, 1, prefix + sender, Math.ceil(ms));
      },
    };
  }
  const nextFree = new Map<string, number>();
  return {
    acquire: (sender) =>
      waitForSlot(intervalMs, async () => {
        const now = Date.now();
        const slot = Math.max(now, nextFree.get(sender) ?? 0);
        nextFree.set(sender, slot + intervalMs);
        return slot - now;
      }),
    async penalize(sender, ms) {
      nextFree.set(sender, Math.max(nextFree.get(sender) ?? 0, Date.now() + ms));
    },
  };
}

/** Wake-ups this late past a slot's end reserve again, up to this many times. */
const MAX_RESERVATIONS = 5;

/**
 * Reserves a slot (`reserve` answers how long until it starts) and waits for it. A wait that ends after the
 * slot is over (the event loop stalled) reserves again: sending then would share a window with the slots
 * reserved after this one, and stalled waits would all go at once.
 */
async function waitForSlot(intervalMs: number, reserve: () => Promise<number>): Promise<void> {
  for (let reservation = 1; ; reservation += 1) {
    const waitMs = await reserve();
    if (waitMs <= 0) return;
    const wakeAt = Date.now() + waitMs;
    await sleep(waitMs);
    if (Date.now() - wakeAt < intervalMs || reservation === MAX_RESERVATIONS) return;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
