import type { ApiRouter } from '../shared/api-router';
import type { CoreApiDeps } from '../deps';
import { originOf } from '../practitioners/practitioners.routes';
import {
  createReviewBody,
  listReviewsQuery,
  moderationBody,
  reviewDtoSchema,
  reviewIdParams,
  reviewPageSchema,
} from './reviews.schemas';
import { findReviewPage, moderate, submitReview } from './manage-reviews';

export function registerReviewRoutes(api: ApiRouter, deps: CoreApiDeps): void {
  api.add({
    method: 'post',
    path: '/reviews',
    summary: "Review a completed appointment (the gateway, for the appointment's patient; one per appointment)",
    tags: ['reviews'],
    access: { roles: [], scopes: ['gateway'] },
    body: createReviewBody,
    response: { status: 201, description: 'The review, pending moderation', schema: reviewDtoSchema },
    handler: ({ body, principal, req }) => submitReview(deps, principal, body, originOf(req)),
  });
  api.add({
    method: 'get',
    path: '/reviews',
    summary: 'List reviews: published ones for everyone, every state for admins',
    tags: ['reviews'],
    access: { public: true },
    query: listReviewsQuery,
    response: { status: 200, description: 'A page of reviews', schema: reviewPageSchema },
    handler: ({ query, principal }) => findReviewPage(deps, principal, query),
  });
  api.add({
    method: 'post',
    path: '/reviews/:id/moderation',
    summary: 'Publish or reject a review (admin; audited)',
    tags: ['reviews'],
    access: { roles: ['admin'] },
    params: reviewIdParams,
    body: moderationBody,
    response: { status: 200, description: 'The review', schema: reviewDtoSchema },
    handler: ({ params, body, principal, req }) => moderate(deps, principal, params.id, body, originOf(req)),
  });
}
