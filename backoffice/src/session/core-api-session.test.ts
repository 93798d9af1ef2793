import { hashPassword } from '@medlink/core-api/auth/passwords';
import { startTestCoreApi, type TestCoreApi } from '../../../core-api/test/harness';
import { fetchMe, loginToCoreApi, refreshAtCoreApi } from './core-api-session';

let api: TestCoreApi;
const email = 'dr-refresh@example.org';
const password = 'correct-horse-battery-staple';

beforeAll(async () => {
  api = await startTestCoreApi();
  await api.deps.db.query(
    `INSERT INTO users (email, password_hash, role, display_name) VALUES ($1, $2, 'practitioner', 'Dr Refresh')`,
    [email, await hashPassword(password)],
  );
});
afterAll(async () => {
  await api.close();
});

describe('sessions at core-api', () => {
  test('a wrong password is refused with core-api status and nothing stored', async () => {
    const result = await loginToCoreApi(api.url, { email, password: 'nope' });
    expect(result.session).toBeUndefined();
    expect(result.status).toBe(401);
  });

  test('concurrent refreshes of one token share one rotation, so the family is not revoked as stolen', async () => {
    const login = await loginToCoreApi(api.url, { email, password });
    const refreshToken = login.session?.refreshToken ?? '';
    const [first, second, third] = await Promise.all([1, 2, 3].map(() => refreshAtCoreApi(api.url, refreshToken)));
    expect(first?.refreshToken).toBeDefined();
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    const next = await refreshAtCoreApi(api.url, first?.refreshToken ?? '');
    expect(next?.accessToken).toBeDefined();
    expect(await fetchMe(api.url, next?.accessToken ?? '')).toMatchObject({
      displayName: 'Dr Refresh',
      role: 'practitioner',
    });
  });

  test('an unknown refresh token gives no session', async () => {
    expect(await refreshAtCoreApi(api.url, 'x'.repeat(40))).toBeUndefined();
  });
});
