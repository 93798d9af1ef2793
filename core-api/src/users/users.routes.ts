import type { CoreApiDeps } from '../deps';
import { hashPassword } from '../auth/passwords';
import type { ApiRouter } from '../shared/api-router';
import { forgetUserStanding } from '../shared/user-standing';
import { writeAudit } from '../shared/audit';
import { AppError, notFound } from '../shared/errors';
import { pageSchema, toPage } from '../shared/pagination';
import { decodeTimeCursor } from './decode-time-cursor';
import {
  disableUser,
  findExistingFacilityIds,
  findUserById,
  insertUser,
  listAdministeredFacilityIds,
  listUsers,
  replaceAdministeredFacilities,
  type UserRow,
} from './users.repository';
import {
  assignedFacilitiesSchema,
  assignFacilitiesBodySchema,
  createUserBodySchema,
  listUsersQuerySchema,
  userIdParamsSchema,
  userSchema,
} from './users.schemas';

const adminOnly = { roles: ['admin'] } as const;

/** Staff accounts, managed by platform admins only. Registered from registerAuthRoutes. */
export function registerUserRoutes(api: ApiRouter, deps: CoreApiDeps): void {
  api.add({
    method: 'post',
    path: '/users',
    summary: 'Create a staff account (practitioner, facility admin or admin)',
    tags: ['users'],
    access: adminOnly,
    body: createUserBodySchema,
    response: { status: 201, description: 'The new user', schema: userSchema },
    handler: async ({ body, principal, req }) => {
      const passwordHash = await hashPassword(body.password);
      const user = await deps.db.transaction(async (tx) => {
        const inserted = await insertUser(tx, { ...body, passwordHash });
        if (inserted)
          await writeAudit(tx, {
            principal,
            action: 'user.create',
            recordType: 'user',
            recordId: inserted.id,
            origin: { ip: req.ip, requestId: req.id },
            details: { role: body.role },
          });
        return inserted;
      });
      if (!user)
        throw new AppError({
          code: 'conflict',
          detail: 'A user with this email already exists',
          errors: [{ path: 'body.email', message: 'already in use' }],
        });
      return toUserDto(user);
    },
  });

  api.add({
    method: 'get',
    path: '/users',
    summary: 'List staff accounts, newest first',
    tags: ['users'],
    access: adminOnly,
    query: listUsersQuerySchema,
    response: { status: 200, description: 'A page of users', schema: pageSchema(userSchema) },
    handler: async ({ query }) => {
      const rows = await listUsers(deps.db, {
        role: query.role,
        after: decodeTimeCursor(query.cursor),
        limit: query.limit,
      });
      return toPage(rows, query.limit, toUserDto, (row) => ({ sortKey: row.sort_key, id: row.id }));
    },
  });

  api.add({
    method: 'post',
    path: '/users/:id/disable',
    summary: 'Disable a staff account and revoke its sessions',
    tags: ['users'],
    access: adminOnly,
    params: userIdParamsSchema,
    response: { status: 200, description: 'The disabled user', schema: userSchema },
    handler: async ({ params, principal, req }) => {
      if (principal?.kind === 'user' && principal.userId === params.id) {
        throw new AppError({ code: 'invalid_state', detail: 'An admin cannot disable their own account' });
      }
      const user = await deps.db.transaction(async (tx) => {
        const found = await findUserById(tx, params.id);
        if (!found) return undefined;
        await disableUser(tx, found.id, deps.clock());
        await writeAudit(tx, {
          principal,
          action: 'user.disable',
          recordType: 'user',
          recordId: found.id,
          origin: { ip: req.ip, requestId: req.id },
        });
        return findUserById(tx, found.id);
      });
      if (!user) throw notFound('User');
      forgetUserStanding(deps.db, user.id);
      return toUserDto(user);
    },
  });

  api.add({
    method: 'put',
    path: '/users/:id/facilities',
    summary: 'Set the facilities a facility admin manages',
    tags: ['users'],
    access: adminOnly,
    params: userIdParamsSchema,
    body: assignFacilitiesBodySchema,
    response: { status: 200, description: 'The facilities now assigned', schema: assignedFacilitiesSchema },
    handler: async ({ params, body, principal, req }) => {
      const facilityIds = [...new Set(body.facilityIds)];
      return deps.db.transaction(async (tx) => {
        const user = await findUserById(tx, params.id);
        if (!user) throw notFound('User');
        if (user.role !== 'facility_admin')
          throw new AppError({ code: 'invalid_state', detail: 'Only a facility admin can be assigned facilities' });
        const existing = await findExistingFacilityIds(tx, facilityIds);
        const missing = facilityIds.filter((id) => !existing.includes(id));
        if (missing.length > 0) {
          throw new AppError({
            code: 'validation_failed',
            detail: 'Unknown facilities',
            errors: missing.map((id) => ({
              path: `body.facilityIds.${facilityIds.indexOf(id)}`,
              message: 'no such facility',
            })),
          });
        }
        await replaceAdministeredFacilities(tx, user.id, facilityIds);
        await writeAudit(tx, {
          principal,
          action: 'user.assign_facilities',
          recordType: 'user',
          recordId: user.id,
          origin: { ip: req.ip, requestId: req.id },
          details: { facilityIds },
        });
        return { userId: user.id, facilityIds: await listAdministeredFacilityIds(tx, user.id) };
      });
    },
  });
}

function toUserDto(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    displayName: user.display_name,
    preferredLanguage: user.preferred_language,
    practitionerId: user.practitioner_id,
    disabled: user.disabled_at !== null,
    createdAt: user.created_at.toISOString(),
  };
}
