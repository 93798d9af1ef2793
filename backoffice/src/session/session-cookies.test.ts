import { readCookie, sessionCookies } from './session-cookies';

describe('session cookies', () => {
  test('both tokens are httpOnly; the refresh token only travels to /bff', () => {
    const cookies = sessionCookies(
      {
        accessToken: 'a',
        refreshToken: 'r'.repeat(30),
        expiresIn: 900,
        user: { id: 'u', role: 'practitioner', displayName: 'Dr', preferredLanguage: 'fr', practitionerId: null },
      },
      true,
    );
    expect(cookies.every((cookie) => cookie.options.httpOnly && cookie.options.secure)).toBe(true);
    expect(cookies.find((cookie) => cookie.name === 'ml_refresh')?.options.path).toBe('/bff');
    expect(cookies.find((cookie) => cookie.name === 'ml_access')?.options.maxAge).toBe(900);
  });

  test.each([
    ['ml_access=abc; ml_lang=fr', 'abc'],
    ['ml_lang=fr;ml_access=a%3Db', 'a=b'],
    ['other=1', undefined],
    [undefined, undefined],
  ])('reads ml_access from %p', (header, expected) => {
    expect(readCookie(header, 'ml_access')).toBe(expected);
  });
});
