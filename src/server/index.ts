/** `veratad-verify/server`: the host's half. Fetch-API handler plus a Node adapter. */
export { createTokenHandler, type TokenAnswer, type TokenHandler } from './handler.js';
export { toNodeListener, type NodeListener } from './node.js';
export type { AllowedIds, LinkFields, TokenHandlerEvent, TokenHandlerOptions } from './options.js';
export { MAX_BODY_BYTES, MAX_ID_LENGTH } from './request-body.js';
export type { HandlerErrorCode } from './responses.js';
