import type { Db } from '@medlink/platform/db';
import type { Logger } from '@medlink/platform/logger';
import type { Redis } from '@medlink/platform/redis';
import type { Registry } from 'prom-client';
import type { CoreApiEnv } from './env';
import type { FacilityCatalog } from './facilities/facility-catalog';
import type { PractitionerCatalog } from './recommendations/practitioner-catalog';
import type { TriageRecordInserter } from './triage/triage.repository';

/** Everything a use case may need, passed as one object (no DI container). */
export interface CoreApiDeps {
  env: CoreApiEnv;
  db: Db;
  /** A read replica for read-only queries (facility search); the primary when there is none. */
  readDb: Db;
  /** Facilities and verified practitioners in memory for nearest search and recommendations, checked against readDb at each request. */
  facilityCatalog: FacilityCatalog;
  practitionerCatalog: PractitionerCatalog;
  /** Stores final triage results with group commit (one statement for the assessments that finish together). */
  insertTriageRecord: TriageRecordInserter;
  logger: Logger;
  clock: () => Date;
  /** `dataKey` seals every new value; `previousDataKey` (rotation only) is tried when it does not open one. */
  secrets: { jwtSecret: string; dataKey: Buffer; previousDataKey?: Buffer };
  redis?: Redis;
  metrics: Registry;
  /** Called after commit for events the back office shows live (Socket.IO fan-out). */
  publish: (event: DomainEvent) => void;
}

export interface DomainEvent {
  type: string;
  /** Rooms to deliver to, e.g. `consultation:<id>`, `practitioner:<id>`. */
  rooms: string[];
  payload: Record<string, unknown>;
}
