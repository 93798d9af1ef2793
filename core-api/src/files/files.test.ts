import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { z } from 'zod';
import { startTestCoreApi, type TestCoreApi } from '../../test/harness';
import {
  gatewayPrincipal,
  insertPatient,
  insertPractitioner,
  type PractitionerFixture,
} from '../../test/fixtures/consultation-fixtures';
import { drainStorageDeletions } from './drain-storage-deletions';
import { deriveLinkKey, signFileLink } from './file-link-token';
import { createFileStorage } from './file-storage';

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.from('Résultats NFS: hémoglobine 9.1 g/dL PLAINTEXT-MARKER\n'),
  Buffer.alloc(300, 0x20),
]);
const BUCKET = 'medlink-files';
const fileJson = z.looseObject({ id: z.string() });

describe.each(['local', 's3'] as const)('consultation files on the %s driver', (driver) => {
  let api: TestCoreApi;
  let s3server: S3rver | undefined;
  let s3dir: string | undefined;
  let s3client: S3Client | undefined;
  let owner: PractitionerFixture;
  let consultationId: string;
  let patientId: string;

  beforeAll(async () => {
    const env: Record<string, string> = {
      FILE_LINK_TTL_S: '60',
      MAX_FILE_BYTES: '4096',
      PUBLIC_API_BASE_URL: 'https://api.medlink.example',
    };
    if (driver === 's3') {
      s3dir = await mkdtemp(path.join(tmpdir(), 'medlink-s3-'));
      s3server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3dir });
      const { port } = await s3server.run();
      const endpoint = `http://127.0.0.1:${port}`;
      Object.assign(env, {
        S3_ENDPOINT: endpoint,
        S3_BUCKET: BUCKET,
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
      });
      s3client = new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      });
    }
    api = await startTestCoreApi(env);
    owner = await insertPractitioner(api.deps.db, { specialties: ['dermatology'], languages: ['fr', 'en'] });
    const patient = await insertPatient(api.deps.db, { language: 'en' });
    patientId = patient.patientId;
    const opened = await api.call('POST', '/api/v1/consultations', {
      token: api.tokenFor(gatewayPrincipal),
      body: { patientId, channel: 'africastalking-sms', specialty: 'dermatology', text: 'rash' },
    });
    consultationId = opened.body.consultation.id;
  });
  afterAll(async () => {
    await api.close();
    s3client?.destroy();
    await s3server?.close();
    if (s3dir) await rm(s3dir, { recursive: true, force: true });
  });

  const upload = (
    body: Buffer,
    options: { contentType?: string; fileName?: string; token?: string; consultation?: string } = {},
  ) =>
    fetch(
      `${api.url}/api/v1/consultations/${options.consultation ?? consultationId}/files${options.fileName === '' ? '' : `?fileName=${encodeURIComponent(options.fileName ?? 'Résultats NFS.pdf')}`}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.token ?? api.tokenFor(owner.principal)}`,
          'content-type': options.contentType ?? 'application/pdf',
        },
        body,
      },
    );

  async function storedBytes(storageKey: string): Promise<Buffer> {
    if (driver === 'local') return readFile(path.join(api.deps.env.DATA_DIR, 'files', ...storageKey.split('/')));
    const object = await s3client!.send(new GetObjectCommand({ Bucket: BUCKET, Key: storageKey }));
    return Buffer.from(await object.Body!.transformToByteArray());
  }

  it('stores only ciphertext, with a wrapped per-file key, and audits the upload', async () => {
    const res = await upload(PDF);
    expect(res.status).toBe(201);
    const file = fileJson.parse(await res.json());
    expect(file).toMatchObject({
      consultationId,
      fileName: 'Résultats NFS.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
    });
    const row = (
      await api.deps.db.query<{ storage_key: string; wrapped_key: Buffer }>(
        'SELECT storage_key, wrapped_key FROM consultation_files WHERE id = $1',
        [file.id],
      )
    ).rows[0]!;
    const stored = await storedBytes(row.storage_key);
    expect(stored.length).toBeGreaterThan(PDF.length);
    expect(stored.includes(Buffer.from('PLAINTEXT-MARKER'))).toBe(false);
    expect(stored.includes(Buffer.from('%PDF'))).toBe(false);
    expect(row.wrapped_key.length).toBe(1 + 12 + 16 + 32);
    const audit = await api.deps.db.query(
      `SELECT 1 FROM audit_log WHERE action = 'file.upload' AND record_id = $1 AND patient_id = $2`,
      [file.id, patientId],
    );
    expect(audit.rowCount).toBe(1);
  });

  it('downloads the exact bytes through a short-lived link, with Content-Type and Content-Disposition', async () => {
    const file = fileJson.parse(await (await upload(PDF)).json());
    const link = await api.call('POST', `/api/v1/files/${file.id}/link`, { token: api.tokenFor(owner.principal) });
    expect(link.status).toBe(200);
    expect(new Date(link.body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    const download = await fetch(api.url + link.body.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="Resultats NFS.pdf"; filename*=UTF-8''R%C3%A9sultats%20NFS.pdf`,
    );
    expect(download.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
    const timeline = await api.call('GET', `/api/v1/consultations/${consultationId}`, {
      token: api.tokenFor(owner.principal),
    });
    expect(
      timeline.body.entries.filter((e: { kind: string }) => e.kind === 'file').map((e: { id: string }) => e.id),
    ).toContain(file.id);
  });

  it('gives a non-participant 404 for upload and link, and refuses tampered, foreign and expired tokens with 403', async () => {
    const file = fileJson.parse(await (await upload(PDF)).json());
    const stranger = await insertPractitioner(api.deps.db);
    const strangerToken = api.tokenFor(stranger.principal);
    expect((await upload(PDF, { token: strangerToken })).status).toBe(404);
    expect((await api.call('POST', `/api/v1/files/${file.id}/link`, { token: strangerToken })).status).toBe(404);
    expect((await api.call('POST', `/api/v1/files/${file.id}/send-to-patient`, { token: strangerToken })).status).toBe(
      404,
    );

    const link = (await api.call('POST', `/api/v1/files/${file.id}/link`, { token: api.tokenFor(owner.principal) }))
      .body.url as string;
    const token = new URL(link, api.url).searchParams.get('token')!;
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), e: 4_000_000_000 }),
    ).toString('base64url');
    const other = fileJson.parse(await (await upload(PDF)).json());
    const linkKey = deriveLinkKey(api.deps.secrets.dataKey);
    const expired = signFileLink(linkKey, {
      f: file.id,
      a: 'practitioner',
      s: owner.practitionerId,
      u: owner.userId,
      e: Math.floor(Date.now() / 1000) - 1,
    });
    const strangerSigned = signFileLink(linkKey, {
      f: file.id,
      a: 'practitioner',
      s: stranger.practitionerId,
      u: stranger.userId,
      e: Math.floor(Date.now() / 1000) + 60,
    });
    const otherPatient = signFileLink(linkKey, {
      f: file.id,
      a: 'patient',
      s: (await insertPatient(api.deps.db)).patientId,
      e: Math.floor(Date.now() / 1000) + 60,
    });
    const cases: [string, string][] = [
      ['tampered payload', `/api/v1/files/${file.id}/content?token=${forged}.${signature}`],
      ['tampered signature', `/api/v1/files/${file.id}/content?token=${payload}.${signature!.slice(0, -2)}AA`],
      ['another file', `/api/v1/files/${other.id}/content?token=${token}`],
      ['expired', `/api/v1/files/${file.id}/content?token=${expired}`],
      ['a non-participant subject', `/api/v1/files/${file.id}/content?token=${strangerSigned}`],
      ['another patient', `/api/v1/files/${file.id}/content?token=${otherPatient}`],
      ['garbage', `/api/v1/files/${file.id}/content?token=garbage`],
    ];
    for (const [name, url] of cases) {
      const res = await fetch(api.url + url);
      expect([name, res.status]).toEqual([name, 403]);
    }
  });

  it.each([
    ['a type that is not allowed', { contentType: 'application/zip' }, PDF, 415],
    ['content that is not what its type says', { contentType: 'image/png' }, PDF, 415],
    ['a body over MAX_FILE_BYTES', {}, Buffer.concat([PDF, Buffer.alloc(5000)]), 413],
    ['a missing fileName', { fileName: '' }, PDF, 400],
    ['a fileName with a path', { fileName: '../../etc/passwd' }, PDF, 400],
    ['an empty body', { contentType: 'text/plain' }, Buffer.alloc(0), 400],
  ])('refuses %s and stores nothing', async (_case, options, body, status) => {
    const before = (await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM consultation_files'))
      .rows[0]!.n;
    const res = await upload(body, options);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(
      (await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM consultation_files')).rows[0]!.n,
    ).toBe(before);
  });

  it('sends the patient a link in their language that downloads the file', async () => {
    const file = fileJson.parse(
      await (
        await upload(Buffer.from('Ordonnance: amoxicilline 500 mg'), {
          contentType: 'text/plain',
          fileName: 'ordonnance.txt',
        })
      ).json(),
    );
    const sent = await api.call('POST', `/api/v1/files/${file.id}/send-to-patient`, {
      token: api.tokenFor(owner.principal),
    });
    expect(sent.status).toBe(201);
    expect(sent.body.message.body).toMatch(
      /^Your doctor sent you a document: ordonnance\.txt\. Open this link within 24 h: https:\/\/api\.medlink\.example\/api\/v1\/files\//,
    );
    expect(sent.body.message).toMatchObject({ direction: 'out', status: 'queued', channel: 'africastalking-sms' });
    const url = new URL(sent.body.message.content.link.url);
    const download = await fetch(`${api.url}${url.pathname}${url.search}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await download.text()).toBe('Ordonnance: amoxicilline 500 mg');
    const audit = await api.deps.db.query(
      `SELECT actor_type FROM audit_log WHERE action = 'file.download' AND record_id = $1`,
      [file.id],
    );
    expect(audit.rows).toEqual([{ actor_type: 'patient' }]);
  });

  it('deletes the objects that erasure queued in storage_deletions, once', async () => {
    const file = fileJson.parse(await (await upload(PDF)).json());
    const { storage_key: key } = (
      await api.deps.db.query<{ storage_key: string }>('SELECT storage_key FROM consultation_files WHERE id = $1', [
        file.id,
      ])
    ).rows[0]!;
    await api.deps.db.query(`INSERT INTO storage_deletions (storage_key, reason) VALUES ($1, 'erasure')`, [key]);
    const storage = createFileStorage(api.deps.env);
    expect(await storage.get(key)).toBeDefined();
    expect(await drainStorageDeletions({ db: api.deps.db, storage })).toBe(1);
    expect(await storage.get(key)).toBeUndefined();
    expect(await drainStorageDeletions({ db: api.deps.db, storage })).toBe(0);
  });
});
