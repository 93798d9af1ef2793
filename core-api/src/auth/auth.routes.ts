import type { ApiRouter } from '../shared/api-router';
import type { CoreApiDeps } from '../deps';

/** `rootApi` serves `/oauth/token`; `api` serves `/api/v1/auth/...`. */
export function registerAuthRoutes(_api: ApiRouter, _rootApi: ApiRouter, _deps: CoreApiDeps): void {}
