import type { ApiRouter } from '../shared/api-router';
import type { CoreApiDeps } from '../deps';

export function registerPatientRoutes(_api: ApiRouter, _deps: CoreApiDeps): void {}
