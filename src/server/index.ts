/** `veratad-verify/server`: the host's half. Fetch-API handlers, the User Status call, and a Node adapter. */
export { createTokenHandler, type TokenAnswer, type TokenHandler } from './token-handler.js';
export {
  createStatusHandler,
  type StatusAnswer,
  type StatusHandlerEvent,
  type StatusHandlerOptions,
  type StatusIdentity,
} from './status-handler.js';
export { createWebhookHandler, DEFAULT_WEBHOOK_BODY_TIMEOUT_MS, DEFAULT_WEBHOOK_MAX_BYTES } from './webhook-handler.js';
export type { WebhookEvent, WebhookHandlerOptions, WebhookPeer, WebhookResult } from './webhook-types.js';
export { getUserStatus, type UserStatus, type UserStatusOptions } from './user-status.js';
export type { PersonField, ResultDocument, ResultPerson } from './result-fields.js';
export { VeratadApiError, type VeratadApiErrorCode } from './veratad-error.js';
export { toNodeListener, type NodeListener, type NodeRequest, type NodeResponse } from './node.js';
export type { AllowedIds, LinkFields, TokenHandlerEvent, TokenHandlerOptions } from './options.js';
export type { HandlerEvent } from './report.js';
export { DEFAULT_BODY_TIMEOUT_MS, MAX_BODY_BYTES, MAX_ID_LENGTH } from './request-body.js';
export type { HandlerErrorCode } from './responses.js';
export type { FetchHandler } from './source.js';
export { MAX_UPSTREAM_BYTES } from './veratad-api.js';
