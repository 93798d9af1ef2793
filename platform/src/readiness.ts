import type { Queryable } from './db';
import type { Redis } from './redis';

export interface Readiness {
  ready: boolean;
  body: { status: 'ready' | 'not_ready'; checks: Record<string, 'ok' | 'failing'> };
}

/** What every service's /readyz answers: the database, and Redis when the service uses it. */
export async function checkReadiness(deps: { db: Queryable; redis?: Redis }): Promise<Readiness> {
  const state = (check: Promise<unknown>) =>
    check.then(
      () => 'ok' as const,
      () => 'failing' as const,
    );
  const checks: Record<string, 'ok' | 'failing'> = { database: await state(deps.db.query('SELECT 1')) };
  if (deps.redis) checks.redis = await state(deps.redis.ping());
  const ready = Object.values(checks).every((value) => value === 'ok');
  return { ready, body: { status: ready ? 'ready' : 'not_ready', checks } };
}
