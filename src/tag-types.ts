/**
 * `<veratad-verify>` as a framework's template sees it, derived from the element's own declarations (the settings
 * class and the event list), so a new attribute or event reaches every framework's typing without a second list.
 * The framework entries (`veratad-verify/vue`, `/svelte`, `/preact`, `/react`) and React's JSX typing of the tag
 * (react-jsx.d.ts) are built from these types.
 */
import type { ReactiveElement } from 'lit';
import type { VeratadEventMap, VeratadEventName } from './events.js';
import type { VeratadVerifySettings } from './settings.js';

/** The settings a page may write: every field of the settings class, without Lit's and HTMLElement's members. */
export type Settings = Omit<VeratadVerifySettings, keyof ReactiveElement>;

/** `tokenUrl` → `token-url`: the element's attribute names are its property names in kebab-case. */
export type KebabCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${KebabCase<Tail>}`
  : S;

/** `veratad-ready` → `VeratadReady`. */
export type PascalCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${PascalCase<Tail>}`
  : Capitalize<S>;

/** What a setting accepts in markup: a number may also be written as a numeric string (`token-lifetime="600"`). */
type Written<T> = T extends number ? T | `${number}` : T;

/** Every setting under its property name (`tokenUrl`, `sdkOptions`, `fetchToken`, …), each optional. */
export type VeratadVerifyProperties = { [K in keyof Settings]?: Written<Settings[K]> };

/**
 * The attributes: every setting held by a string, number or boolean, under its attribute name (`token-url`,
 * `journey-id`, `qr`, …). Objects and functions (`sdkOptions`, `requestHeaders`, `fetchToken`) are properties only.
 */
export type VeratadVerifyAttributes = {
  [
    K in keyof Settings as Settings[K] extends string | number | boolean | undefined ? KebabCase<K & string> : never
  ]?: Written<Settings[K]>;
};

/** A listener attribute per event, named `on` + the event name (`onveratad-ready`), as Svelte 5 and Preact write them. */
export type VeratadVerifyEventAttributes = {
  [N in VeratadEventName as `on${N}`]?: (event: VeratadEventMap[N]) => void;
};

/** A listener prop per event in camelCase (`onVeratadReady`), as Vue's templates name `@veratad-ready`. */
export type VeratadVerifyEventProps = {
  [N in VeratadEventName as `on${PascalCase<N>}`]?: (event: VeratadEventMap[N]) => void;
};
