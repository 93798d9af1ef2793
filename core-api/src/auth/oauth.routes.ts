import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { CoreApiDeps } from '../deps';
import type { ApiRouter } from '../shared/api-router';
import { writeAudit } from '../shared/audit';
import { AppError, notFound } from '../shared/errors';
import { pageQuerySchema, pageSchema, toPage } from '../shared/pagination';
import { decodeTimeCursor } from '../users/decode-time-cursor';
import type { LoginThrottle } from './login-throttle';
import { issueClientToken, OAuthError, parseBasicCredentials, type TokenRequest } from './issue-client-token';
import {
  disableClient,
  facilityExists,
  insertClient,
  listClients,
  type OAuthClientRow,
} from './oauth-clients.repository';
import {
  clientSchema,
  createClientBodySchema,
  createdClientSchema,
  strictTokenFieldsSchema,
  tokenRequestSchema,
  tokenResponseSchema,
} from './oauth.schemas';
import { generateSecret, hashPassword } from './passwords';

/** Scopes that only make sense for a client tied to one facility. */
const FACILITY_SCOPES = ['resources:write'];

export function registerOAuthRoutes(
  api: ApiRouter,
  rootApi: ApiRouter,
  deps: CoreApiDeps,
  throttle: LoginThrottle,
): void {
  rootApi.add({
    method: 'post',
    path: '/oauth/token',
    summary: 'OAuth2 client credentials grant (form or JSON; client auth by HTTP Basic or in the body)',
    tags: ['auth'],
    access: { public: true },
    body: tokenRequestSchema,
    response: { status: 200, description: 'An access token for the client', schema: tokenResponseSchema },
    handler: async ({ body, req, res }) => {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Pragma', 'no-cache');
      const basic = parseBasicCredentials(req.get('authorization'));
      const bodyCredentials =
        body.client_id !== undefined ? { clientId: body.client_id, clientSecret: body.client_secret ?? '' } : undefined;
      const request: TokenRequest = {
        grantType: body.grant_type,
        scope: body.scope,
        origin: { ip: req.ip, requestId: req.id, userAgent: req.get('user-agent') },
      };
      try {
        const strict = strictTokenFieldsSchema.safeParse(req.body ?? {});
        if (!strict.success) {
          const fields = [...new Set(strict.error.issues.map((issue) => String(issue.path[0])))];
          throw new OAuthError('invalid_request', `Malformed fields: ${fields.join(', ')}`);
        }
        if (basic === 'malformed') throw new OAuthError('invalid_client', 'The Basic credentials are malformed');
        if (basic && bodyCredentials)
          throw new OAuthError('invalid_request', 'Send client credentials by one method only');
        if (basic) request.credentials = { ...basic, method: 'basic' };
        else if (bodyCredentials) request.credentials = { ...bodyCredentials, method: 'body' };
        return await issueClientToken(deps, throttle, request);
      } catch (error) {
        if (!(error instanceof OAuthError)) throw error;
        if (error.status === 401 && basic) res.setHeader('WWW-Authenticate', 'Basic realm="medlink", charset="UTF-8"');
        res
          .status(error.status)
          .type('application/problem+json')
          .send(
            JSON.stringify({
              type: `https://medlink.dev/problems/oauth-${error.error.replaceAll('_', '-')}`,
              title: error.status === 401 ? 'Client authentication failed' : 'Invalid token request',
              status: error.status,
              detail: error.description,
              instance: req.originalUrl,
              error: error.error,
              error_description: error.description,
            }),
          );
        return undefined;
      }
    },
  });

  const adminOnly = { roles: ['admin'] } as const;

  api.add({
    method: 'post',
    path: '/oauth-clients',
    summary: 'Create a machine client; its secret is shown once',
    tags: ['auth'],
    access: adminOnly,
    body: createClientBodySchema,
    response: { status: 201, description: 'The client and its secret', schema: createdClientSchema },
    handler: async ({ body, principal, req }) => {
      const facilityId = body.facilityId ?? null;
      if (body.scopes.some((scope) => FACILITY_SCOPES.includes(scope)) && !facilityId) {
        throw new AppError({
          code: 'validation_failed',
          detail: 'This scope needs a facility',
          errors: [{ path: 'body.facilityId', message: 'required for resources:write' }],
        });
      }
      if (facilityId && !(await facilityExists(deps.db, facilityId))) {
        throw new AppError({
          code: 'validation_failed',
          detail: 'Unknown facility',
          errors: [{ path: 'body.facilityId', message: 'no such facility' }],
        });
      }
      const clientSecret = generateSecret();
      const clientId = `mlc_${randomBytes(9).toString('base64url')}`;
      const row = await deps.db.transaction(async (tx) => {
        const inserted = await insertClient(tx, {
          clientId,
          secretHash: await hashPassword(clientSecret),
          name: body.name,
          scopes: [...new Set(body.scopes)],
          facilityId,
        });
        await writeAudit(tx, {
          principal,
          action: 'oauth_client.create',
          recordType: 'oauth_client',
          recordId: inserted.id,
          origin: { ip: req.ip, requestId: req.id },
        });
        return inserted;
      });
      return { ...toClientDto(row), clientSecret };
    },
  });

  api.add({
    method: 'get',
    path: '/oauth-clients',
    summary: 'List machine clients, newest first',
    tags: ['auth'],
    access: adminOnly,
    query: pageQuerySchema,
    response: { status: 200, description: 'A page of clients', schema: pageSchema(clientSchema) },
    handler: async ({ query }) => {
      const rows = await listClients(deps.db, { after: decodeTimeCursor(query.cursor), limit: query.limit });
      return toPage(rows, query.limit, toClientDto, (row) => ({ sortKey: row.sort_key, id: row.id }));
    },
  });

  api.add({
    method: 'post',
    path: '/oauth-clients/:id/disable',
    summary: 'Disable a machine client: it can no longer obtain tokens',
    tags: ['auth'],
    access: adminOnly,
    params: z.object({ id: z.uuid() }),
    response: { status: 200, description: 'The disabled client', schema: clientSchema },
    handler: async ({ params, principal, req }) => {
      const row = await deps.db.transaction(async (tx) => {
        const disabled = await disableClient(tx, params.id, deps.clock());
        if (disabled)
          await writeAudit(tx, {
            principal,
            action: 'oauth_client.disable',
            recordType: 'oauth_client',
            recordId: disabled.id,
            origin: { ip: req.ip, requestId: req.id },
          });
        return disabled;
      });
      if (!row) throw notFound('OAuth client');
      return toClientDto(row);
    },
  });
}

function toClientDto(row: OAuthClientRow) {
  return {
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    scopes: row.scopes,
    facilityId: row.facility_id,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at.toISOString(),
  };
}
