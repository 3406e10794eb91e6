/**
 * `veratad-verify/react`: `<VeratadVerify>`, the element as a React component (React 18 or 19), made with
 * `@lit/react`. Settings are typed props, every event is a typed `onVeratad…` callback prop, and a ref gives the
 * element (`restart()`, `close()`). Importing this module in a browser registers `<veratad-verify>` (unless the
 * name is taken already); under Node, with no DOM, it registers nothing.
 */
import { createComponent } from '@lit/react';
import { isServer, type ReactiveElement, type PropertyDeclaration } from 'lit';
import * as React from 'react';
import { VeratadVerify as VeratadVerifyElement } from './element.js';
import { EVENT_NAMES, type VeratadEventDetails, type VeratadEventName } from './events.js';
import type { VeratadVerifySettings } from './settings.js';

export type { VeratadVerifyElement };

const TAG_NAME = 'veratad-verify';
if (!isServer && !customElements.get(TAG_NAME)) VeratadVerifyElement.define(TAG_NAME);

/** `kebab-case` → `KebabCase`. */
type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${Pascal<Tail>}`
  : Capitalize<S>;

/** The callback prop of an event: `veratad-token` → `onVeratadToken`. */
export type EventPropName<N extends string> = `on${Pascal<N>}`;

/** One typed callback prop per event, each receiving the element's `CustomEvent`. */
export type VeratadEventProps = {
  [N in VeratadEventName as EventPropName<N>]?: (event: CustomEvent<VeratadEventDetails[N]>) => void;
};

/**
 * Every setting of the element (attributes and JavaScript-only properties), under its property name. Not
 * `deferHydration`: the component sets and removes that attribute itself.
 */
export type VeratadVerifySettingsProps = Partial<
  Pick<VeratadVerifySettings, Exclude<keyof VeratadVerifySettings, keyof ReactiveElement | 'deferHydration'>>
>;

/** The props of `<VeratadVerify>`: the settings, the event callbacks, the usual HTML props and a ref. */
export type VeratadVerifyProps = VeratadVerifySettingsProps &
  VeratadEventProps &
  Omit<React.HTMLAttributes<VeratadVerifyElement>, keyof VeratadVerifySettingsProps | keyof VeratadEventProps> &
  React.RefAttributes<VeratadVerifyElement>;

const eventPropName = <N extends string>(name: N): EventPropName<N> =>
  `on${name.replace(/(?:^|-)([a-z])/g, (_, letter: string) => letter.toUpperCase())}` as EventPropName<N>;

/** `{onVeratadToken: 'veratad-token', …}`, made from the one list of events. */
const EVENTS = Object.fromEntries(EVENT_NAMES.map((name) => [eventPropName(name), name])) as {
  [N in VeratadEventName as EventPropName<N>]: N;
};

/**
 * The settings whose attribute name differs from the property name (`tokenUrl` → `token-url`), read from the
 * element's own declarations. The component passes them to React as attributes, so a server render writes them
 * into the markup and React keeps them in step afterwards; the rest are set as properties by `@lit/react`.
 */
const ATTRIBUTES = new Map(
  Object.entries(VeratadVerifyElement.properties as Record<string, PropertyDeclaration>).flatMap(
    ([property, { attribute }]) =>
      typeof attribute === 'string' && attribute !== 'defer-hydration' ? [[property, attribute] as const] : [],
  ),
);

const Wrapped = createComponent({
  react: React,
  tagName: TAG_NAME,
  elementClass: VeratadVerifyElement,
  events: EVENTS,
  displayName: TAG_NAME,
});

/**
 * `<veratad-verify>` as a React component. It renders the tag with `defer-hydration`, so the element waits (no
 * request, no event) until `@lit/react` has set its properties and removed the attribute after the first render;
 * in a server render the markup has the attributes and `defer-hydration`.
 */
export const VeratadVerify = React.forwardRef<VeratadVerifyElement, Omit<VeratadVerifyProps, 'ref'>>(
  function VeratadVerify(props, ref) {
    const forwarded: Record<string, unknown> = { ref, 'defer-hydration': '' };
    for (const [key, value] of Object.entries(props)) {
      if (key === 'deferHydration') continue;
      const attribute = ATTRIBUTES.get(key);
      // `false` and `undefined` mean "no attribute" (React 18 would write `"false"`, which reads as present).
      if (attribute === undefined) forwarded[key] = value;
      else if (value !== undefined && value !== null && value !== false) forwarded[attribute] = value;
    }
    return React.createElement(Wrapped, forwarded);
  },
);

/** `camelCase` → `camel-case`, as Lit's attribute names of this element are written. */
type Kebab<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${Kebab<Tail>}`
  : S;
type Settings = Omit<VeratadVerifySettings, keyof ReactiveElement>;
/** What an attribute of that setting accepts in JSX (a number may be written as a string). */
type AttributeValue<T> = T extends number ? T | `${number}` : T;

/**
 * The element's attributes as JSX attributes of the raw `<veratad-verify>` tag: every setting whose value is a
 * string, number or boolean, under its attribute name (`token-url`, `journey-id`, …).
 */
export type VeratadVerifyAttributes = {
  [
    K in keyof Settings as Settings[K] extends string | number | boolean | undefined ? Kebab<K & string> : never
  ]?: AttributeValue<Settings[K]>;
};

declare module 'react' {
  // React's JSX namespace (React 19 types): any file that imports this module's types sees the raw tag typed.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'veratad-verify': React.DetailedHTMLProps<React.HTMLAttributes<VeratadVerifyElement>, VeratadVerifyElement> &
        VeratadVerifyAttributes;
    }
  }
}
