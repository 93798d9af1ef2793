import type { Request } from 'express';
import type { CoreApiDeps } from '../deps';
import type { ApiRouter } from '../shared/api-router';
import { AppError } from '../shared/errors';
import { registerUserRoutes } from '../users/users.routes';
import { findUserById } from '../users/users.repository';
import { loginBodySchema, refreshBodySchema, sessionSchema, sessionUserSchema } from './auth.schemas';
import { toSessionUser } from './issue-session';
import { login } from './login';
import { createLoginThrottle } from './login-throttle';
import { registerOAuthRoutes } from './oauth.routes';
import { logout, refreshSession } from './refresh-session';

const originOf = (req: Request) => ({ ip: req.ip, requestId: req.id, userAgent: req.get('user-agent') });

/** `rootApi` serves `/oauth/token`; `api` serves `/api/v1/auth/...`, `/api/v1/users`, `/api/v1/oauth-clients`. */
export function registerAuthRoutes(api: ApiRouter, rootApi: ApiRouter, deps: CoreApiDeps): void {
  const throttle = createLoginThrottle(deps);

  api.add({
    method: 'post',
    path: '/auth/login',
    summary: 'Staff sign-in with email and password',
    tags: ['auth'],
    access: { public: true },
    body: loginBodySchema,
    response: { status: 200, description: 'An access token, a refresh token and the user', schema: sessionSchema },
    handler: ({ body, req }) => login(deps, throttle, { ...body, ip: req.ip ?? 'unknown', origin: originOf(req) }),
  });

  api.add({
    method: 'post',
    path: '/auth/refresh',
    summary: 'Exchange a refresh token for a new pair; the presented token is spent',
    tags: ['auth'],
    access: { public: true },
    body: refreshBodySchema,
    response: { status: 200, description: 'A new access token and refresh token', schema: sessionSchema },
    handler: ({ body, req }) => refreshSession(deps, { refreshToken: body.refreshToken, origin: originOf(req) }),
  });

  api.add({
    method: 'post',
    path: '/auth/logout',
    summary: 'Revoke the refresh token and every token rotated from the same sign-in',
    tags: ['auth'],
    access: { public: true },
    body: refreshBodySchema,
    response: { status: 204, description: 'Signed out (also when the token was unknown)' },
    handler: ({ body, req }) => logout(deps, { refreshToken: body.refreshToken, origin: originOf(req) }),
  });

  api.add({
    method: 'get',
    path: '/auth/me',
    summary: 'The signed-in staff user',
    tags: ['auth'],
    access: { roles: ['practitioner', 'facility_admin', 'admin'] },
    response: { status: 200, description: 'The user', schema: sessionUserSchema },
    handler: async ({ principal }) => {
      const user = principal?.kind === 'user' ? await findUserById(deps.db, principal.userId) : undefined;
      if (!user || user.disabled_at)
        throw new AppError({ code: 'unauthenticated', detail: 'The account no longer exists or is disabled' });
      return toSessionUser(user);
    },
  });

  registerOAuthRoutes(api, rootApi, deps, throttle);
  registerUserRoutes(api, deps);
}
