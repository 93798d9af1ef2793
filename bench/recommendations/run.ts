import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { loadavg } from 'node:os';
import type { Db } from '@medlink/platform/db';
import { issueAccessToken } from '../../core-api/src/shared/access-token';
import { DEFAULT_FACILITY_FILE } from '../../core-api/src/seed/load-facilities';
import { waitUntilAnswering } from '../lib/wait-until-answering';
import { writeBenchmarkSection } from '../lib/write-benchmark-section';
import { createHttpGet } from './http-get';
import { measureLoad, type LoadRow } from './measure-load';
import { renderSection } from './render-section';
import { prepareBenchDatabase } from './prepare-bench-database';

/**
 * Recommendations and nearest-facility search at full scale: the whole Maina 2019 file (98,745 rows) and
 * 20,000 verified practitioners with affiliations and weekly schedules in a fresh PostgreSQL database;
 * core-api runs as its own process and is called over HTTP (Node's http client, keep-alive) at concurrency 10
 * for a few seconds per endpoint.
 * Not a test: figures go to docs/benchmarks.md. Run: node --import tsx bench/recommendations/run.ts [--seconds 12]
 * Profiling: --database NAME keeps (and on later runs reuses) a loaded database; --only TEXT measures the
 * endpoints whose label contains TEXT and writes nothing; --cpu-prof DIR writes core-api's V8 CPU profile.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const SECTION = 'Recommendations and facility search';
const JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
const CONCURRENCY = 10;
const PRACTITIONERS = 20_000;
const APPLICATION_NAME = 'medlink-bench-core-api';
const NEEDS = ['general', 'pediatrics', 'obstetrics', 'internal_medicine', 'surgery', 'maternity', 'laboratory'];

async function main(): Promise<void> {
  const seconds = Number(argument('--seconds') ?? 12);
  const keepName = argument('--database');
  const only = argument('--only');
  const cpuProfileDir = argument('--cpu-prof');
  if (!existsSync(DEFAULT_FACILITY_FILE)) throw new Error(`facility file not found: ${DEFAULT_FACILITY_FILE}`);
  const database = await prepareBenchDatabase({ keepName, practitioners: PRACTITIONERS });
  const { db } = database;
  const servers: ChildProcess[] = [];
  try {
    const plan = await explainNearest(db);
    const points = await samplePoints(db, 400);
    const port = await freePort();
    const databaseUrl = new URL(database.url);
    databaseUrl.searchParams.set('application_name', APPLICATION_NAME);
    const server = spawn(
      process.execPath,
      [
        ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []),
        '--import',
        'tsx',
        'core-api/src/main.ts',
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          NODE_ENV: 'production',
          API_PORT: String(port),
          DATABASE_URL: databaseUrl.toString(),
          JWT_SECRET,
          DATA_ENCRYPTION_KEY: '22'.repeat(32),
          SEED_DEMO_DATA: 'false',
          LOG_LEVEL: 'warn',
          REDIS_URL: '',
        },
      },
    );
    servers.push(server);
    const base = `http://127.0.0.1:${port}`;
    await waitUntilAnswering(`${base}/readyz`, 'core-api');
    const token = issueAccessToken(
      { kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] },
      { secret: JWT_SECRET, ttlSeconds: 3600 },
    );
    const headers = { authorization: `Bearer ${token}` };
    const httpGet = createHttpGet(CONCURRENCY);
    const pick = (i: number) => points[(i * 7919) % points.length] ?? { lat: 0, lon: 0 };
    const options = {
      seconds,
      concurrency: CONCURRENCY,
      cpu: {
        apiPids: () => servers.flatMap((server) => (server.pid ? [server.pid] : [])),
        db,
        applicationName: APPLICATION_NAME,
      },
    };
    const endpoints: [string, (i: number) => Promise<{ status: number }>][] = [
      [
        'GET /facilities?lat&lon&limit=10 (nearest)',
        (i) => {
          const p = pick(i);
          return httpGet(`${base}/api/v1/facilities?lat=${p.lat}&lon=${p.lon}&limit=10`);
        },
      ],
      [
        'GET /facilities?lat&lon&service=maternity&openNow=true',
        (i) => {
          const p = pick(i);
          return httpGet(`${base}/api/v1/facilities?lat=${p.lat}&lon=${p.lon}&service=maternity&openNow=true&limit=10`);
        },
      ],
      [
        'GET /recommendations?need&lat&lon (routine)',
        (i) => {
          const p = pick(i);
          const need = NEEDS[i % NEEDS.length] ?? 'general';
          return httpGet(
            `${base}/api/v1/recommendations?need=${need}&lat=${p.lat}&lon=${p.lon}&lang=${i % 2 ? 'fr' : 'en'}`,
            headers,
          );
        },
      ],
      [
        'GET /recommendations?level=emergency',
        (i) => {
          const p = pick(i);
          return httpGet(
            `${base}/api/v1/recommendations?need=obstetrics&level=emergency&lat=${p.lat}&lon=${p.lon}`,
            headers,
          );
        },
      ],
    ];
    const catalogLoad = await timeCatalogLoads(endpoints);
    const rows: LoadRow[] = [];
    for (const [label, request] of endpoints) {
      if (only && !label.includes(only)) continue;
      const row = await measureLoad(label, options, request);
      console.log(JSON.stringify({ ...row, loadAverage: loadavg()[0]?.toFixed(1) }));
      rows.push(row);
    }
    if (only) return;
    const section = renderSection({
      title: SECTION,
      rows,
      load: database.load,
      plan,
      seconds,
      concurrency: CONCURRENCY,
      practitioners: PRACTITIONERS,
      loadAverage: loadavg(),
      catalogLoad,
    });
    await writeBenchmarkSection(section);
    console.log(section);
  } finally {
    for (const server of servers) server.kill('SIGTERM');
    await Promise.all(
      servers.map(
        (server) =>
          new Promise((resolve) => (server.exitCode === null ? server.once('exit', resolve) : resolve(undefined))),
      ),
    );
    await database.close();
  }
}

/**
 * The first search after start reads the whole facility file into core-api's catalogue, the first
 * recommendation the practitioners: how long those first requests take, in seconds.
 */
async function timeCatalogLoads(
  endpoints: [string, (i: number) => Promise<{ status: number }>][],
): Promise<{ facilitiesSeconds: number; practitionersSeconds: number }> {
  const timed = async (label: string) => {
    const request = endpoints.find(([name]) => name.includes(label))?.[1];
    const started = performance.now();
    await request?.(0);
    return (performance.now() - started) / 1000;
  };
  return { facilitiesSeconds: await timed('(nearest)'), practitionersSeconds: await timed('(routine)') };
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function explainNearest(db: Db): Promise<string> {
  const result = await db.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN SELECT *, sec_to_gc(knn) AS distance_m FROM (
       SELECT id, geo_point(lat, lon) <-> geo_point(-1.29, 36.82) AS knn
         FROM facilities WHERE services @> ARRAY['maternity'] AND lat IS NOT NULL AND lon IS NOT NULL
        ORDER BY geo_point(lat, lon) <-> geo_point(-1.29, 36.82) LIMIT 19) AS nearest
      ORDER BY knn, id LIMIT 11`,
  );
  return result.rows.map((row) => row['QUERY PLAN']).join('\n');
}

async function samplePoints(db: Db, count: number): Promise<{ lat: number; lon: number }[]> {
  const result = await db.query<{ lat: number; lon: number }>(
    'SELECT round((lat + 0.01)::numeric, 4)::float8 AS lat, round((lon - 0.01)::numeric, 4)::float8 AS lon FROM facilities WHERE lat IS NOT NULL ORDER BY md5(id::text) LIMIT $1',
    [count],
  );
  return result.rows;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
