import type { ApiRouter } from './shared/api-router';
import type { CoreApiDeps } from './deps';
import { registerAuthRoutes } from './auth/auth.routes';
import { registerPatientRoutes } from './patients/patients.routes';
import { registerPractitionerRoutes } from './practitioners/practitioners.routes';
import { registerFacilityRoutes } from './facilities/facilities.routes';
import { registerAppointmentRoutes } from './appointments/appointments.routes';
import { registerConsultationRoutes } from './consultations/consultations.routes';
import { registerReviewRoutes } from './reviews/reviews.routes';
import { registerTriageRoutes } from './triage/triage.routes';
import { registerRecommendationRoutes } from './recommendations/recommendations.routes';
import { registerMessageRoutes } from './messages/messages.routes';
import { registerAuditRoutes } from './audit/audit.routes';
import { registerEventRoutes } from './events/events.routes';
import { registerStatsRoutes } from './stats/stats.routes';

/** The one list of domain routes under /api/v1. */
export function registerDomainRoutes(api: ApiRouter, rootApi: ApiRouter, deps: CoreApiDeps): void {
  registerAuthRoutes(api, rootApi, deps);
  registerPatientRoutes(api, deps);
  registerPractitionerRoutes(api, deps);
  registerFacilityRoutes(api, deps);
  registerAppointmentRoutes(api, deps);
  registerConsultationRoutes(api, deps);
  registerReviewRoutes(api, deps);
  registerTriageRoutes(api, deps);
  registerRecommendationRoutes(api, deps);
  registerMessageRoutes(api, deps);
  registerAuditRoutes(api, deps);
  registerEventRoutes(api, deps);
  registerStatsRoutes(api, deps);
}
