/**
 * Types the raw `<veratad-verify>` tag in React's JSX (React 19's `React.JSX`; React 18's types have it too): its
 * attributes under their attribute names, its `on<event>` listeners, a ref to the element and React's usual HTML
 * props. A misspelt attribute without a hyphen (`tokenurl`) is then a type error; TypeScript accepts any
 * hyphenated JSX attribute, so `tokn-url` cannot be caught.
 *
 * Every element entry's types reach this file, so `import 'veratad-verify'` is enough. It imports nothing from
 * `react`: React's HTML props are read from React's own `IntrinsicElements`, so a project without React's types
 * compiles it as an augmentation of nothing, with no error.
 */
import type { VeratadVerifyAttributes, VeratadVerifyEventAttributes } from './tag-types.js';
import type { VeratadVerify } from './veratad-verify.js';

/** React's props of a `<div>` (HTML attributes, `className`, `style`, `children`, handlers), without its ref. */
type ReactHtmlProps<Intrinsic> = Intrinsic extends { div: infer Props } ? Omit<Props, 'ref'> : object;

/** The props of the raw `<veratad-verify>` tag in React's JSX. */
export type VeratadVerifyJsxProps<Intrinsic = object> = ReactHtmlProps<Intrinsic> &
  VeratadVerifyAttributes &
  VeratadVerifyEventAttributes & {
    /** A ref object or callback, given the element. */
    ref?: ((element: VeratadVerify | null) => void | (() => void)) | { current: VeratadVerify | null } | null;
  };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'veratad-verify': VeratadVerifyJsxProps<IntrinsicElements>;
    }
  }
}
