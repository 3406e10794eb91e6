// veratad-verify/react under Node, as a framework's server render meets it: resolved by its own name to the built
// dist/lib/react.js (run after `npm run build`), imported with no DOM, and rendered by react-dom/server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import type * as ReactEntry from '../../src/react.js';

// A specifier held in a variable: typecheck runs before the build, when dist/lib does not exist yet.
const specifier = 'veratad-verify/react';
const load = async () => (await import(specifier)) as typeof ReactEntry;

describe('veratad-verify/react under Node', () => {
  it('imports with no DOM, without throwing, and registers nothing', async () => {
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
    const { VeratadVerify } = await load();
    assert.equal(typeof VeratadVerify, 'object', 'a forwardRef component');
    // Lit's Node build puts a stand-in `customElements` on globalThis: nothing is registered in it.
    const registry = (globalThis as { customElements?: CustomElementRegistry }).customElements;
    assert.equal(registry?.get('veratad-verify'), undefined);
    assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  });

  it('renders the tag with its attributes and defer-hydration, leaving out properties and callbacks, without an error', async () => {
    const { VeratadVerify } = await load();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    let html: string;
    try {
      html = renderToString(
        createElement(
          VeratadVerify,
          {
            tokenUrl: '/api/veratad/token',
            journeyId: 'J1',
            confirmUrl: '/api/veratad/status',
            tokenLifetime: 600,
            retries: 1,
            autoRestart: true,
            emailFallback: false,
            qr: true,
            sdkOptions: { resultMessages: { pass: 'Thanks' } },
            requestHeaders: { 'x-csrf': 'secret-ish' },
            fetchToken: async () => ({}),
            onVeratadReady: () => {},
            className: 'checkout-check',
          },
          createElement('p', { slot: 'loading' }, 'Getting ready…'),
        ),
      );
    } finally {
      console.error = original;
    }
    assert.deepEqual(errors, []);
    assert.equal(
      html,
      '<veratad-verify defer-hydration="" token-url="/api/veratad/token" journey-id="J1" ' +
        'confirm-url="/api/veratad/status" token-lifetime="600" retries="1" auto-restart="" qr="" ' +
        'class="checkout-check"><p slot="loading">Getting ready…</p></veratad-verify>',
    );
  });
});
