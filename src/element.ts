/**
 * `veratad-verify/element`: the element's class and types, registering nothing. Register it with
 * `VeratadVerify.define()` (as `veratad-verify`) or `VeratadVerify.define('my-verify')`.
 */
export { VeratadVerify } from './veratad-verify.js';
export { DEFAULT_SDK_CSS, DEFAULT_SDK_SRC } from './settings.js';
export type { FetchToken, TokenRequest } from './token-request.js';
export { preloadVeratad, type PreloadOptions } from './warm-up.js';
export { VerifyError } from './events.js';
export type { VeratadStrings } from './strings.js';
export type * from './events.js';
export type { VeratadVerifyAttributes, VeratadVerifyEventAttributes, VeratadVerifyProperties } from './tag-types.js';
// Also brings the raw tag's typing in React's JSX (react-jsx.d.ts) to every entry's types.
export type { VeratadVerifyJsxProps } from './react-jsx.js';
