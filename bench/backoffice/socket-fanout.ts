import { randomBytes } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { liveEventSchema } from '../../platform/src/live-events';
import { spawnBackoffice, type BrowserStack } from '../../backoffice/test/browser-stack';
import { latencyStats, type ResultRow } from './latency-stats';

interface Practitioner {
  practitionerId: string;
  token: string;
}

interface Client {
  practitionerId: string;
  socket: Socket;
  /** Event number → how many times this socket received it. */
  received: Map<number, number>;
}

/** Practitioners outside any routing need (specialty nobody asks for), inserted in one statement. */
async function insertFanoutPractitioners(stack: BrowserStack, count: number): Promise<Practitioner[]> {
  const tag = randomBytes(3).toString('hex');
  const rows = await stack.api.deps.db.query<{ id: string; user_id: string }>(
    `WITH u AS (
       INSERT INTO users (email, password_hash, role, display_name)
       SELECT 'fanout-' || g || '-' || $1::text || '@example.org', 'not-a-hash', 'practitioner', 'Dr Fanout ' || g
         FROM generate_series(1, $2::int) g
       RETURNING id, display_name)
     INSERT INTO practitioners (user_id, full_name, specialties, languages, licence_number, verification_status)
     SELECT id, display_name, '{bench-fanout}', '{fr,en}', 'LIC-' || id, 'verified' FROM u
     RETURNING id, user_id`,
    [tag, count],
  );
  return rows.rows.map((row) => ({
    practitionerId: row.id,
    token: stack.api.tokenFor({ kind: 'user', userId: row.user_id, role: 'practitioner' }),
  }));
}

async function connectClients(
  url: string,
  practitioners: Practitioner[],
  sentAt: Map<number, number>,
  latencies: number[],
): Promise<Client[]> {
  const clients: Client[] = [];
  for (let start = 0; start < practitioners.length; start += 50) {
    const batch = practitioners.slice(start, start + 50).map(
      (practitioner) =>
        new Promise<Client>((resolve, reject) => {
          const socket = connect(url, {
            transports: ['websocket'],
            extraHeaders: { cookie: `ml_access=${practitioner.token}` },
            reconnection: false,
          });
          const client: Client = { practitionerId: practitioner.practitionerId, socket, received: new Map() };
          socket.on('live', (raw: unknown) => {
            const event = liveEventSchema.safeParse(raw);
            const n = event.success ? event.data.payload.n : undefined;
            if (typeof n !== 'number') return;
            const started = sentAt.get(n);
            if (started !== undefined) latencies.push(performance.now() - started);
            client.received.set(n, (client.received.get(n) ?? 0) + 1);
          });
          socket.once('connect', () => resolve(client));
          socket.once('connect_error', reject);
        }),
    );
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

/** Event n's practitioner rooms: ten neighbours for targeted events, everyone for a broadcast. */
function targetsOf(n: number, practitioners: Practitioner[], broadcastEvery: number): Set<string> {
  if (n % broadcastEvery === broadcastEvery - 1) return new Set(practitioners.map((p) => p.practitionerId));
  const targets = new Set<string>();
  for (let j = 0; j < 10; j += 1)
    targets.add(practitioners[(n * 7 + j * 37) % practitioners.length]?.practitionerId ?? '');
  return targets;
}

/**
 * Publishes `events` live events on the shared bus (log row in PostgreSQL, then Redis pub/sub, as core-api does),
 * one after another, and counts every delivery on every socket against what each socket should get.
 */
async function run(
  stack: BrowserStack,
  practitioners: Practitioner[],
  clients: Client[],
  sentAt: Map<number, number>,
  latencies: number[],
  firstEvent: number,
  events: number,
  measurement: string,
): Promise<ResultRow> {
  latencies.length = 0;
  const targets = new Map<number, Set<string>>();
  let expected = 0;
  for (let n = firstEvent; n < firstEvent + events; n += 1) {
    const rooms = targetsOf(n, practitioners, 25);
    targets.set(n, rooms);
    expected += clients.filter((client) => rooms.has(client.practitionerId)).length;
  }
  for (let n = firstEvent; n < firstEvent + events; n += 1) {
    const rooms = [...(targets.get(n) ?? [])].map((id) => `practitioner:${id}`);
    sentAt.set(n, performance.now());
    await stack.bus.publish({ type: 'consultation.message', rooms, payload: { n } });
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const deadline = Date.now() + 20_000;
  while (latencies.length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  let received = 0;
  let duplicates = 0;
  let misdelivered = 0;
  for (const client of clients) {
    for (const [n, times] of client.received) {
      if (n < firstEvent || n >= firstEvent + events) continue;
      if (!targets.get(n)?.has(client.practitionerId)) misdelivered += times;
      else received += 1;
      duplicates += times - 1;
    }
  }
  if (misdelivered > 0) throw new Error(`${misdelivered} events reached a socket they were not meant for`);
  return { measurement, events, expected, received, duplicates, latency: latencyStats(latencies) };
}

/**
 * (b) 500 practitioner sockets on one back-office instance, then the same 500 practitioners also connected to a
 * second instance (two tabs behind a load balancer): both instances relay the Redis bus to their own sockets.
 */
export async function measureSocketFanout(
  stack: BrowserStack,
  options: { sockets: number; events: number },
): Promise<ResultRow[]> {
  const practitioners = await insertFanoutPractitioners(stack, options.sockets);
  const second = await spawnBackoffice({
    CORE_API_URL: stack.api.url,
    REDIS_URL: stack.live.redisUrl,
    LIVE_EVENTS_CHANNEL: stack.live.channel,
  });
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const onFirst = await connectClients(stack.backoffice.url, practitioners, sentAt, latencies);
  const broadcasts = Math.floor(options.events / 25);
  const targeted = options.events - broadcasts;
  const label = `${targeted} events to 10 practitioners + ${broadcasts} to all`;
  const rows = [
    await run(
      stack,
      practitioners,
      onFirst,
      sentAt,
      latencies,
      0,
      options.events,
      `${options.sockets} sockets on one instance; ${label}`,
    ),
  ];
  const onSecond = await connectClients(second.url, practitioners, sentAt, latencies);
  rows.push(
    await run(
      stack,
      practitioners,
      [...onFirst, ...onSecond],
      sentAt,
      latencies,
      options.events,
      options.events,
      `${options.sockets} + ${options.sockets} sockets on two instances sharing Redis; ${label}`,
    ),
  );
  for (const client of [...onFirst, ...onSecond]) client.socket.disconnect();
  await second.close();
  return rows;
}
