'use client';
/**
 * `veratad-verify/react`: `<VeratadVerify>`, the element as a React component (React 18 or 19), made with
 * `@lit/react`. Every setting is a typed prop, every event a typed `onVeratad…` callback prop, and a ref gives the
 * element (`restart()`, `close()`). Importing this module in a browser registers `<veratad-verify>` (unless the
 * name is taken already); under Node, with no DOM, it registers nothing.
 */
import { createComponent } from '@lit/react';
import type { PropertyDeclaration } from 'lit';
import * as React from 'react';
import type { PascalCase, Settings } from './tag-types.js';
import { EVENT_NAMES, type VeratadEventMap, type VeratadEventName } from './events.js';
import { TAG_NAME, VeratadVerify as VeratadVerifyElement } from './index.js';

export type { VeratadVerifyElement };
export type * from './element.js';

/** The callback prop of an event: `veratad-token` → `onVeratadToken`. */
export type EventPropName<N extends string> = `on${PascalCase<N>}`;

/** One typed callback prop per event, each given the element's `CustomEvent`. */
export type VeratadEventProps = {
  [N in VeratadEventName as EventPropName<N>]?: (event: VeratadEventMap[N]) => void;
};

/**
 * Every setting of the element (its attributes and JavaScript-only properties), under its property name. Not
 * `deferHydration`: the component sets and removes that attribute itself.
 */
export type VeratadVerifySettingsProps = Partial<Omit<Settings, 'deferHydration'>>;

/** The props of `<VeratadVerify>`: the settings, the event callbacks, React's usual HTML props and a ref. */
export type VeratadVerifyProps = VeratadVerifySettingsProps &
  VeratadEventProps &
  Omit<React.HTMLAttributes<VeratadVerifyElement>, keyof VeratadVerifySettingsProps | keyof VeratadEventProps> &
  React.RefAttributes<VeratadVerifyElement>;

const eventPropName = <N extends string>(name: N) =>
  `on${name.replace(/(?:^|-)([a-z])/g, (_, letter: string) => letter.toUpperCase())}` as EventPropName<N>;

/** `{onVeratadToken: 'veratad-token', …}`, made from the one list of events. */
const EVENTS = Object.fromEntries(EVENT_NAMES.map((name) => [eventPropName(name), name])) as {
  [N in VeratadEventName as EventPropName<N>]: N;
};

/**
 * The settings whose attribute is named otherwise than their property (`tokenUrl` → `token-url`), read from the
 * element's declarations. They reach React as attributes, so a server render writes them into the markup and the
 * browser's first render agrees with it. `@lit/react` sets the rest as properties in the browser (a server render
 * writes the ones that have an attribute, `timeout="5000"`, and leaves out `sdkOptions`, `fetchToken`, …).
 */
const RENAMED = new Map(
  Object.entries(VeratadVerifyElement.properties as Record<string, PropertyDeclaration>).flatMap(
    ([property, { attribute }]) =>
      typeof attribute === 'string' && attribute !== property && attribute !== 'defer-hydration'
        ? [[property, attribute] as const]
        : [],
  ),
);

const Wrapped = createComponent({
  react: React,
  tagName: TAG_NAME,
  elementClass: VeratadVerifyElement,
  events: EVENTS,
  displayName: 'VeratadVerifyElement',
});

/**
 * `<veratad-verify>` as a React component. It renders the tag with `defer-hydration`, so the element does nothing
 * (no request, no `phase` attribute, no event) until `@lit/react` has set its properties and removed the
 * attribute after React's first commit; a server render outputs the tag with its attributes and
 * `defer-hydration`.
 */
export const VeratadVerify = React.forwardRef<VeratadVerifyElement, Omit<VeratadVerifyProps, 'ref'>>(
  function VeratadVerify(props, ref) {
    const forwarded: Record<string, unknown> = { ref, 'defer-hydration': '' };
    for (const [key, value] of Object.entries(props)) {
      if (key === 'deferHydration') continue;
      const attribute = RENAMED.get(key);
      // `false`, `null` and `undefined` mean "no attribute" (React 18 would write "false", which reads as true).
      if (attribute === undefined) forwarded[key] = value;
      else if (value !== undefined && value !== null && value !== false) forwarded[attribute] = value;
    }
    return React.createElement(Wrapped, forwarded);
  },
);
