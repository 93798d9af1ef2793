import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestCoreApi, type TestCoreApi } from '../../test/harness';
import { bootstrapAdmin } from './bootstrap-admin';

const admins = async (api: TestCoreApi) =>
  (await api.deps.db.query<{ email: string }>("SELECT email FROM users WHERE role = 'admin' ORDER BY email")).rows.map(
    (row) => row.email,
  );
const signIn = (api: TestCoreApi, email: string, password: string) =>
  api.call('POST', '/api/v1/auth/login', { body: { email, password } });

describe('bootstrapAdmin', () => {
  it('in the embedded demo with nothing set, creates admin@medlink.local with a password kept under DATA_DIR', async () => {
    const api = await startTestCoreApi();
    try {
      expect(await admins(api)).toEqual(['admin@medlink.local']);
      const password = (
        await readFile(path.join(api.deps.env.DATA_DIR, 'secrets', 'bootstrap_admin_password'), 'utf8')
      ).trim();
      expect(password.length).toBeGreaterThanOrEqual(12);
      expect((await signIn(api, 'admin@medlink.local', password)).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('creates the configured admin and the gateway client once; in production with nothing set, creates no admin', async () => {
    const api = await startTestCoreApi({
      BOOTSTRAP_ADMIN_EMAIL: 'ops@medlink.example',
      BOOTSTRAP_ADMIN_PASSWORD: 'a-long-bootstrap-password',
      GATEWAY_CLIENT_ID: 'gw-test',
      GATEWAY_CLIENT_SECRET: 'gateway-secret-from-env',
    });
    try {
      expect(await admins(api)).toEqual(['ops@medlink.example']);
      expect((await signIn(api, 'ops@medlink.example', 'a-long-bootstrap-password')).status).toBe(200);
      await bootstrapAdmin(api.deps);
      expect(await admins(api)).toEqual(['ops@medlink.example']);
      const token = await api.call('POST', '/oauth/token', {
        body: { grant_type: 'client_credentials', client_id: 'gw-test', client_secret: 'gateway-secret-from-env' },
      });
      expect(token.body.scope).toBe('gateway');

      await api.deps.db.query("DELETE FROM users WHERE role = 'admin'");
      const env = {
        ...api.deps.env,
        NODE_ENV: 'production' as const,
        BOOTSTRAP_ADMIN_EMAIL: undefined,
        BOOTSTRAP_ADMIN_PASSWORD: undefined,
      };
      await bootstrapAdmin({ ...api.deps, env });
      expect(await admins(api)).toEqual([]);
    } finally {
      await api.close();
    }
  });
});
