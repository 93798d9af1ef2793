import type { ApiRouter } from '../shared/api-router';
import type { CoreApiDeps } from '../deps';

export function registerTriageRoutes(_api: ApiRouter, _deps: CoreApiDeps): void {}
