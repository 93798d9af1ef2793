import { z } from 'zod';

/** RFC 6749 §3.3: a scope token is printable ASCII without space, `"` or `\`. */
export const scopeTokenSchema = z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,64}$/, 'not a valid OAuth scope');

/**
 * The router's parse never fails here (wrong types become undefined), so that every refusal is an
 * RFC 6749 error with its `error` member; `strictTokenFieldsSchema` then names the malformed fields.
 */
const optionalText = () =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.length <= 1000 ? value : undefined),
    z.string().optional(),
  );
export const tokenRequestSchema = z.preprocess(
  (value) => (typeof value === 'object' && value !== null ? value : {}),
  z
    .object({
      grant_type: optionalText().meta({ description: 'Must be `client_credentials`' }),
      scope: optionalText().meta({
        description: 'Space-separated; a subset of the client scopes. None requested = all granted',
      }),
      client_id: optionalText().meta({ description: 'When not sent with HTTP Basic' }),
      client_secret: optionalText(),
    })
    .meta({ id: 'TokenRequest', description: 'application/x-www-form-urlencoded or JSON' }),
);

export const strictTokenFieldsSchema = z.object({
  grant_type: z.string().max(1000).optional(),
  scope: z.string().max(1000).optional(),
  client_id: z.string().max(1000).optional(),
  client_secret: z.string().max(1000).optional(),
});

export const tokenResponseSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int(),
    scope: z.string(),
  })
  .meta({ id: 'TokenResponse' });

export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const createClientBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    scopes: z.array(scopeTokenSchema).min(1).max(20),
    facilityId: z.uuid().optional(),
  })
  .meta({ id: 'CreateOAuthClientRequest' });

export const clientSchema = z
  .object({
    id: z.uuid(),
    clientId: z.string(),
    name: z.string(),
    scopes: z.array(z.string()),
    facilityId: z.uuid().nullable(),
    disabled: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'OAuthClient' });

export const createdClientSchema = clientSchema
  .extend({ clientSecret: z.string().meta({ description: 'Shown once; only its hash is stored' }) })
  .meta({ id: 'CreatedOAuthClient' });
