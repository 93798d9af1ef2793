import { issueAccessToken, verifyAccessToken } from './access-token';

const SECRET = 'access-token-test-secret-that-is-long-enough-0123456789';
const principal = { kind: 'client' as const, clientId: 'bot-gateway', scopes: ['gateway'] };

describe('verifyAccessToken', () => {
  it('keeps answering for a token it verified, until the token expires', async () => {
    const token = issueAccessToken(principal, { secret: SECRET, ttlSeconds: 1 });
    expect(verifyAccessToken(token, SECRET)).toMatchObject(principal);
    expect(verifyAccessToken(token, SECRET)).toMatchObject(principal);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(verifyAccessToken(token, SECRET)).toBeUndefined();
  });

  it('a verified token is not valid under another secret, nor once tampered with', () => {
    const token = issueAccessToken(principal, { secret: SECRET, ttlSeconds: 60 });
    expect(verifyAccessToken(token, SECRET)).toBeDefined();
    expect(verifyAccessToken(token, `${SECRET}-rotated`)).toBeUndefined();
    expect(verifyAccessToken(`${token.slice(0, -2)}xx`, SECRET)).toBeUndefined();
  });
});
