import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { decryptField, encryptField, generateFileKey, wrapKey } from '@medlink/platform/encryption';
import { createTestDatabase } from '@medlink/platform/test-db';
import { callServer, TEST_JWT_SECRET, testCoreApiEnv } from '../../test/harness';
import {
  gatewayPrincipal,
  insertPatient,
  insertPractitioner,
  type PractitionerFixture,
} from '../../test/fixtures/consultation-fixtures';
import { noteContext } from '../consultations/get-consultation-timeline';
import { readCoreApiEnv } from '../env';
import { issueAccessToken } from '../shared/access-token';
import { startCoreApi, type StartedCoreApi } from '../start';
import { EXIT, runRotateDataKey } from './run-rotate-data-key';
import { columnName, SEALED_COLUMNS, type SealedColumn } from './sealed-columns';

const KEY_A = randomBytes(32);
const KEY_B = randomBytes(32);
const KEY_C = randomBytes(32);
const [NOTES, FILES] = SEALED_COLUMNS as [SealedColumn, SealedColumn];
const repoRoot = path.join(__dirname, '..', '..', '..');

let database: { url: string; drop: () => Promise<void> };
let dataDir: string;
let db: Client;
const running: StartedCoreApi[] = [];
let owner: PractitionerFixture;
let consultationId: string;
/** What the practitioners wrote and uploaded, by row id. */
const notes = new Map<string, string>();
const files = new Map<string, Buffer>();
let linkSignedUnderA: string;

/** core-api on the shared test database, with the given keys (hex for the current, base64 for the previous). */
async function serve(current: Buffer, previous?: Buffer) {
  const api = await startCoreApi({
    env: testCoreApiEnv(database.url, dataDir, {
      DATA_ENCRYPTION_KEY: current.toString('hex'),
      DATA_ENCRYPTION_KEY_PREVIOUS: previous?.toString('base64'),
    }),
  });
  running.push(api);
  return api;
}

async function stopServers() {
  for (const api of running.splice(0)) await api.close();
}

async function rotate(current: Buffer, previous?: Buffer, env: Record<string, string> = {}) {
  const printed: string[] = [];
  const warnings: string[] = [];
  const status = await runRotateDataKey({
    env: readCoreApiEnv({
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      DATA_ENCRYPTION_KEY: current.toString('hex'),
      DATA_ENCRYPTION_KEY_PREVIOUS: previous?.toString('hex'),
      ...env,
    }),
    args: ['--batch-size', '2'],
    print: (line) => printed.push(line),
    warn: (line) => warnings.push(line),
  });
  return { status, report: JSON.parse(printed.join('\n')), warnings };
}

const token = () => issueAccessToken(owner.principal, { secret: TEST_JWT_SECRET, ttlSeconds: 600 });

async function addNote(api: StartedCoreApi, text: string) {
  const res = await callServer(api.url, 'POST', `/api/v1/consultations/${consultationId}/notes`, {
    token: token(),
    body: { text },
  });
  expect(res.status).toBe(201);
  notes.set(res.body.id, text);
  return res.body.id as string;
}

async function uploadFile(api: StartedCoreApi, text: string) {
  const body = Buffer.from(text, 'utf8');
  const res = await callServer(api.url, 'POST', `/api/v1/consultations/${consultationId}/files?fileName=r.txt`, {
    token: token(),
    body,
    headers: { 'content-type': 'text/plain' },
  });
  expect(res.status).toBe(201);
  files.set(res.body.id, body);
  return res.body.id as string;
}

async function readNotes(api: StartedCoreApi) {
  const res = await callServer(api.url, 'GET', `/api/v1/consultations/${consultationId}`, { token: token() });
  const texts = res.status === 200 ? res.body.entries.filter((e: { kind: string }) => e.kind === 'note') : [];
  return {
    status: res.status,
    texts: new Map(texts.map((e: { id: string; data: { text: string } }) => [e.id, e.data.text])),
  };
}

async function linkTo(api: StartedCoreApi, fileId: string) {
  const res = await callServer(api.url, 'POST', `/api/v1/files/${fileId}/link`, { token: token() });
  expect(res.status).toBe(200);
  return res.body.url as string;
}

async function download(api: StartedCoreApi, url: string) {
  const res = await fetch(api.url + url);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function readAllFiles(api: StartedCoreApi) {
  const read = new Map<string, Buffer>();
  for (const id of files.keys()) {
    const got = await download(api, await linkTo(api, id));
    expect([id, got.status]).toEqual([id, 200]);
    read.set(id, got.bytes);
  }
  return read;
}

async function sealedValues(sealed: SealedColumn) {
  const result = await db.query<{ id: string; value: Buffer }>(
    `SELECT id, ${sealed.column} AS value FROM ${sealed.table} ORDER BY id`,
  );
  return result.rows;
}

const opensWith = (sealed: SealedColumn, key: Buffer, row: { id: string; value: Buffer }) => {
  try {
    sealed.open(key, row.value, row.id);
    return true;
  } catch {
    return false;
  }
};

async function setSealed(sealed: SealedColumn, id: string, value: Buffer) {
  await db.query(`UPDATE ${sealed.table} SET ${sealed.column} = $2 WHERE id = $1`, [id, value]);
}

/** Every stored file object, by path: the job must not touch them. */
async function storedObjects() {
  const root = path.join(dataDir, 'files');
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const objects = new Map<string, Buffer>();
  for (const entry of entries.filter((e) => e.isFile())) {
    const file = path.join(entry.parentPath, entry.name);
    objects.set(file, await readFile(file));
  }
  return objects;
}

/** A child process from the repository root: its exit status and stdout. */
function runCommand(command: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(command, args, { cwd: repoRoot, env: { ...process.env, ...env } }, (error, stdout) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout }),
    );
  });
}

const runNode = (args: string[], env: Record<string, string>) => runCommand(process.execPath, args, env);

/** The job exactly as an operator runs it, with B as the new key and A (in base64) as the previous one. */
const runRotateScript = (env: Record<string, string>) =>
  runCommand('npm', ['run', '--silent', 'rotate-data-key', '--workspace', 'core-api', '--', '--batch-size', '3'], {
    DATA_ENCRYPTION_KEY: KEY_B.toString('hex'),
    DATA_ENCRYPTION_KEY_PREVIOUS: KEY_A.toString('base64'),
    ...env,
  });

const columnReport = (report: { columns: { column: string }[] }, sealed: SealedColumn) =>
  report.columns.find((column) => column.column === columnName(sealed));

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), 'medlink-rotate-'));
  const api = await serve(KEY_A);
  db = new Client({ connectionString: database.url });
  await db.connect();
  owner = await insertPractitioner(api.deps.db, { specialties: ['dermatology'] });
  const patient = await insertPatient(api.deps.db, { language: 'en' });
  const opened = await callServer(api.url, 'POST', '/api/v1/consultations', {
    token: issueAccessToken(gatewayPrincipal, { secret: TEST_JWT_SECRET, ttlSeconds: 600 }),
    body: { patientId: patient.patientId, channel: 'africastalking-sms', specialty: 'dermatology', text: 'rash' },
  });
  consultationId = opened.body.consultation.id;
  for (const text of ['Suspicion de paludisme', 'Éruption depuis 3 jours', 'Revoir dans 1 semaine'])
    await addNote(api, text);
  for (const text of ['NFS: hémoglobine 9.1 g/dL', 'TDR paludisme positif', 'Ordonnance: artésunate'])
    await uploadFile(api, text);
  linkSignedUnderA = await linkTo(api, [...files.keys()][0]!);
  await stopServers();
});

afterEach(stopServers);

afterAll(async () => {
  await db.end();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('rotating DATA_ENCRYPTION_KEY from A to B', () => {
  it('starts with every note and file key sealed under A', async () => {
    for (const sealed of [NOTES, FILES]) {
      const rows = await sealedValues(sealed);
      expect(rows).toHaveLength(3);
      expect(rows.every((row) => opensWith(sealed, KEY_A, row))).toBe(true);
    }
  });

  it('with B current and A previous, the service reads every note, file and link sealed or signed under A', async () => {
    const api = await serve(KEY_B, KEY_A);
    expect(await readNotes(api)).toEqual({ status: 200, texts: notes });
    expect(await readAllFiles(api)).toEqual(files);
    expect(await download(api, linkSignedUnderA)).toEqual({ status: 200, bytes: [...files.values()][0] });
  });

  it('with B current and A previous, a new note and a new file key are sealed under B, not A', async () => {
    const api = await serve(KEY_B, KEY_A);
    const noteId = await addNote(api, 'Nouvelle note après le déploiement de B');
    const fileId = await uploadFile(api, 'Résultat reçu après le déploiement de B');
    const note = (await sealedValues(NOTES)).find((row) => row.id === noteId)!;
    const file = (await sealedValues(FILES)).find((row) => row.id === fileId)!;
    expect([opensWith(NOTES, KEY_B, note), opensWith(NOTES, KEY_A, note)]).toEqual([true, false]);
    expect([opensWith(FILES, KEY_B, file), opensWith(FILES, KEY_A, file)]).toEqual([true, false]);
  });

  it('with B alone (no previous key), what is under A does not open: there is no fallback', async () => {
    const api = await serve(KEY_B);
    expect((await readNotes(api)).status).toBe(500);
    const underA = [...files.keys()][0]!;
    expect((await download(api, await linkTo(api, underA))).status).toBe(500);
    expect((await download(api, linkSignedUnderA)).status).toBe(403);
  });

  it('the job re-seals every note and re-wraps every file key under B, leaves the file objects as they are, and audits the run', async () => {
    const objectsBefore = await storedObjects();
    const { status, report } = await rotate(KEY_B, KEY_A);
    expect(status).toBe(EXIT.done);
    for (const sealed of [NOTES, FILES]) {
      expect(columnReport(report, sealed)).toEqual({
        column: columnName(sealed),
        rewrapped: 3,
        alreadyCurrent: 1,
        failed: 0,
        locked: 0,
        failedIds: [],
        lockedIds: [],
      });
      const rows = await sealedValues(sealed);
      expect(rows).toHaveLength(4);
      expect(rows.map((row) => [opensWith(sealed, KEY_B, row), opensWith(sealed, KEY_A, row)])).toEqual(
        rows.map(() => [true, false]),
      );
    }
    expect(report).toMatchObject({ rewrapped: 6, alreadyCurrent: 2, failed: 0, locked: 0 });
    expect(await storedObjects()).toEqual(objectsBefore);

    const audit = await db.query(
      `SELECT actor_type, actor_id, outcome, details FROM audit_log WHERE action = 'data_key.rotate' ORDER BY id`,
    );
    expect(audit.rows).toEqual([
      {
        actor_type: 'system',
        actor_id: 'rotate-data-key',
        outcome: 'ok',
        details: expect.objectContaining({ hasPreviousKey: true, columns: report.columns }),
      },
    ]);

    const api = await serve(KEY_B);
    expect(await readNotes(api)).toEqual({ status: 200, texts: notes });
    expect(await readAllFiles(api)).toEqual(files);
  });

  it('a second run re-seals nothing and changes no byte', async () => {
    const before = [await sealedValues(NOTES), await sealedValues(FILES)];
    const { status, report } = await rotate(KEY_B, KEY_A);
    expect(status).toBe(EXIT.done);
    expect(report).toMatchObject({ rewrapped: 0, alreadyCurrent: 8, failed: 0, locked: 0 });
    expect([await sealedValues(NOTES), await sealedValues(FILES)]).toEqual(before);
  });

  it('skips a row another transaction holds, without waiting, and says to run again (exit 2); the next run covers it', async () => {
    const [noteId, text] = [...notes][0]!;
    await setSealed(NOTES, noteId, encryptField(KEY_A, text, noteContext(noteId)));
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM consultation_notes WHERE id = $1 FOR UPDATE', [noteId]);
      const held = await rotate(KEY_B, KEY_A);
      expect(held.status).toBe(EXIT.lockedRows);
      expect(columnReport(held.report, NOTES)).toMatchObject({ rewrapped: 0, locked: 1, lockedIds: [noteId] });
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    const row = (await sealedValues(NOTES)).find((r) => r.id === noteId)!;
    expect(opensWith(NOTES, KEY_A, row)).toBe(true);
    const again = await rotate(KEY_B, KEY_A);
    expect(again.status).toBe(EXIT.done);
    expect(columnReport(again.report, NOTES)).toMatchObject({ rewrapped: 1, alreadyCurrent: 3, locked: 0 });
  });

  it('reports a value sealed under an unknown key C as failed, leaves it as it is, re-seals the others and exits 1', async () => {
    const [badNote, goodNote] = [...notes.keys()] as [string, string];
    const goodText = notes.get(goodNote)!;
    const [badFile] = [...files.keys()] as [string];
    const underC = {
      note: encryptField(KEY_C, 'sous une clé inconnue', noteContext(badNote)),
      file: wrapKey(KEY_C, generateFileKey(), badFile),
    };
    await setSealed(NOTES, badNote, underC.note);
    await setSealed(FILES, badFile, underC.file);
    await setSealed(NOTES, goodNote, encryptField(KEY_A, goodText, noteContext(goodNote)));

    const { status, report, warnings } = await rotate(KEY_B, KEY_A);
    expect(status).toBe(EXIT.failedRows);
    expect(columnReport(report, NOTES)).toMatchObject({ rewrapped: 1, failed: 1, failedIds: [badNote] });
    expect(columnReport(report, FILES)).toMatchObject({ rewrapped: 0, failed: 1, failedIds: [badFile] });
    expect(warnings.join('\n')).toContain('2 value(s) open with neither key');
    const rows = { notes: await sealedValues(NOTES), files: await sealedValues(FILES) };
    expect(rows.notes.find((row) => row.id === badNote)!.value).toEqual(underC.note);
    expect(rows.files.find((row) => row.id === badFile)!.value).toEqual(underC.file);
    expect(decryptField(KEY_B, rows.notes.find((row) => row.id === goodNote)!.value, noteContext(goodNote))).toEqual(
      Buffer.from(goodText),
    );
    const audit = await db.query(`SELECT outcome FROM audit_log WHERE action = 'data_key.rotate' ORDER BY id DESC`);
    expect(audit.rows[0]).toEqual({ outcome: 'failed' });
  });

  it('runs as `npm run rotate-data-key --workspace core-api`, printing the report and exiting non-zero while a value opens with neither key', async () => {
    const run = await runRotateScript({ DATABASE_URL: database.url });
    expect(run.code).toBe(EXIT.failedRows);
    expect(JSON.parse(run.stdout)).toMatchObject({ rewrapped: 0, failed: 2 });
  });

  it('refuses to run with the new key equal to the previous one, or without the new key', async () => {
    await expect(rotate(KEY_A, KEY_A)).rejects.toThrow('DATA_ENCRYPTION_KEY_PREVIOUS is the same key');
    await expect(rotate(KEY_A, undefined, { DATA_ENCRYPTION_KEY: '' })).rejects.toThrow(
      'DATA_ENCRYPTION_KEY (the new key) must be set',
    );
  });

  it('lists every bytea column of the schema in SEALED_COLUMNS, so rotation misses none', async () => {
    const result = await db.query<{ name: string }>(
      `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type = 'bytea' ORDER BY name`,
    );
    expect(result.rows.map((row) => row.name)).toEqual(SEALED_COLUMNS.map(columnName).sort());
  });
});

describe('rotating on the embedded database (PGlite, DATA_DIR)', () => {
  it('re-seals a note written under A, through the npm script', async () => {
    const embeddedDir = await mkdtemp(path.join(tmpdir(), 'medlink-rotate-pglite-'));
    try {
      const sealed = await runNode(
        ['--import', 'tsx', 'core-api/test/fixtures/seal-note-on-pglite.ts', embeddedDir, KEY_A.toString('hex')],
        {},
      );
      expect(sealed.code).toBe(0);
      const run = await runRotateScript({ DATA_DIR: embeddedDir });
      expect(run.code).toBe(EXIT.done);
      expect(columnReport(JSON.parse(run.stdout), NOTES)).toEqual(
        expect.objectContaining({ rewrapped: 1, alreadyCurrent: 0, failed: 0, locked: 0 }),
      );
    } finally {
      await rm(embeddedDir, { recursive: true, force: true });
    }
  });
});
