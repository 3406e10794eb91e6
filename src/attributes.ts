/**
 * The element's attributes and `on<event>` listeners as types, framework-neutral: what a template may write on the
 * `<veratad-verify>` tag (React's JSX in react-jsx.ts; other frameworks' template types can use them too).
 */
import type { ReactiveElement } from 'lit';
import type { VeratadEventMap, VeratadEventName } from './events.js';
import type { VeratadVerifySettings } from './settings.js';

/** The element's settings: every attribute and JavaScript-only property, under its property name. */
export type Settings = Omit<VeratadVerifySettings, keyof ReactiveElement>;

/** `camelCase` → `camel-case`, the way every attribute of the element is named after its property. */
type Kebab<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${Kebab<Tail>}`
  : S;

/** What an attribute accepts in a template: a number may also be written as a numeric string. */
type AttributeValue<T> = T extends number ? T | `${number}` : T;

/**
 * Every attribute of `<veratad-verify>` under its attribute name (`token-url`, `journey-id`, `qr`, …) with the
 * values it accepts: the settings whose value is a string, number or boolean. (The JavaScript-only properties,
 * `sdkOptions`, `requestHeaders` and `fetchToken`, have no attribute.)
 */
export type VeratadVerifyAttributes = {
  [
    K in keyof Settings as Settings[K] extends string | number | boolean | undefined ? Kebab<K & string> : never
  ]?: AttributeValue<Settings[K]>;
};

/** One listener per event, named `on` + the event's name (`onveratad-ready`), as React 19 attaches them. */
export type VeratadVerifyEventListeners = {
  [N in VeratadEventName as `on${N}`]?: (event: VeratadEventMap[N]) => void;
};
