/*
 * Veratad VX simulator: the fake journey page behind /frame.
 *
 * SDK mode (`/frame?mode=sdk&session=…&token=…&fn=…`, opened by initialize.js): each button asks the SDK in
 * the parent page to call one callback (a `veratad-simulator/1` message that the SDK checks by origin, source
 * and session id).
 * Link mode (`/frame?request_id=…`, the link from POST /link/generate): each button posts one of the three
 * documented Veratad message shapes to the parent window. The table is in demo/simulator/README.md.
 * A button that ends the journey with a result (Pass, Fail, Complete with review) first reports it to the
 * simulator (POST /frame/outcome), which records it for /user/status and sends the result callback; only then
 * is the host page told, so a host that asks for the status on that signal finds it.
 *
 * Everything from the URL or the server is shown with textContent, never parsed as HTML.
 */
/* global simulatorOutcomes */
(function () {
  'use strict';

  var PROTOCOL = 'veratad-simulator/1';
  var params = new URLSearchParams(location.search);
  var mode = params.has('token') || params.get('mode') === 'sdk' ? 'sdk' : 'link';
  var session = params.get('session') || '';

  /**
   * An element that frame.html always has.
   * @param {string} id
   * @returns {HTMLElement}
   */
  function byId(id) {
    return /** @type {HTMLElement} */ (document.getElementById(id));
  }

  /**
   * Veratad does not know the host page's origin either, so messages go to any parent ('*').
   * @param {unknown} data
   */
  function post(data) {
    if (window.parent !== window) window.parent.postMessage(data, '*');
  }

  /**
   * @param {string} name an SDK callback, e.g. `onSuccess`
   * @param {Record<string, string>} detail
   */
  function callSdk(name, detail) {
    post({ protocol: PROTOCOL, session: session, callback: name, detail: detail });
  }

  /** @typedef {Record<string, Record<string, unknown> | undefined>} ResultMessages */

  /** @type {ResultMessages} */
  var resultMessages = {};

  /**
   * @typedef {object} FrameSession
   * @property {'live' | 'expired' | 'unknown'} state
   * @property {'sdk' | 'link'} mode
   * @property {string} [fn]
   * @property {string} [ln]
   * @property {unknown} [resultMessages]
   */

  /** @param {unknown} value `resultMessages`: an object, or JSON text of one */
  function useResultMessages(value) {
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch {
        value = null;
      }
    }
    resultMessages = value && typeof value === 'object' ? /** @type {ResultMessages} */ (value) : {};
  }

  /**
   * A documented `resultMessages` text, or our default.
   * @param {string} group
   * @param {string} key
   * @param {string} fallback
   * @returns {string}
   */
  function text(group, key, fallback) {
    var texts = resultMessages[group];
    var value = texts && typeof texts === 'object' ? texts[key] : undefined;
    return typeof value === 'string' && value ? value : fallback;
  }

  /** One row per button (outcomes.js). */
  var OUTCOMES = simulatorOutcomes(text);

  /**
   * The SDK callback and argument of an outcome pressed in SDK mode (showJourney leaves out those without one).
   * @param {Outcome} outcome
   */
  function sdkCallOf(outcome) {
    return /** @type {NonNullable<Outcome['sdk']>} */ (outcome.sdk);
  }

  /**
   * @param {Outcome} outcome
   * @param {string} recorded what the simulator said about recording the result ('' when there was none)
   */
  function showOutcome(outcome, recorded) {
    byId('outcome-title').textContent = outcome.title();
    byId('outcome-subtitle').textContent = outcome.subtitle();
    byId('outcome-sent').textContent =
      mode === 'sdk'
        ? 'Called ' + sdkCallOf(outcome)[0] + '(' + JSON.stringify(sdkCallOf(outcome)[1]) + ')'
        : 'Posted ' + JSON.stringify(outcome.link);
    byId('outcome-recorded').textContent = recorded;
  }

  /**
   * Reports a result to the simulator; resolves with a line saying what happened (never rejects).
   * @param {'PASS' | 'FAIL' | 'PENDING'} status
   * @returns {Promise<string>}
   */
  function record(status) {
    return fetch('/frame/outcome', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ search: location.search, status: status }),
      cache: 'no-store',
      credentials: 'omit',
    })
      .then(function (response) {
        return response.json();
      })
      .then(
        /** @param {{ recorded?: boolean, email?: string, reason?: string }} answer see demo/simulator/frame-outcome.ts */
        function (answer) {
          if (!answer.recorded) return 'Not recorded: ' + (answer.reason || 'the simulator refused it.');
          return answer.email
            ? 'Recorded ' + status + ' for ' + answer.email + '.'
            : 'Recorded ' + status + ' (no email: /user/status cannot find it).';
        },
      )
      .catch(function () {
        return 'Not recorded: the simulator could not be reached.';
      });
  }

  /** Presses run one after another, so the host page gets their signals in the order they were pressed. */
  var pressed = Promise.resolve();

  /** @param {Outcome} outcome */
  function press(outcome) {
    pressed = pressed
      .then(function () {
        return outcome.status ? record(outcome.status) : '';
      })
      .then(function (recorded) {
        if (mode === 'sdk') callSdk(sdkCallOf(outcome)[0], sdkCallOf(outcome)[1]);
        else post(outcome.link);
        showOutcome(outcome, recorded);
      });
  }

  /**
   * @param {string | null | undefined} fn
   * @param {string | null | undefined} ln
   */
  function showJourney(fn, ln) {
    var name = [fn, ln].filter(Boolean).join(' ');
    byId('person').textContent = name;
    byId('mode').textContent =
      mode === 'sdk'
        ? 'Web SDK mode: each button calls one of the SDK callbacks in the host page.'
        : 'Link mode: each button posts one Veratad message to the host page.';
    var buttons = byId('buttons');
    OUTCOMES.forEach(function (outcome) {
      if (mode === 'sdk' && !outcome.sdk) return;
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = outcome.label;
      if (outcome.primary) button.className = 'primary';
      button.addEventListener('click', function () {
        press(outcome);
      });
      buttons.append(button);
    });
    byId('loading').hidden = true;
    byId('journey').hidden = false;
  }

  /** @param {'expired' | 'unknown' | 'unreachable' | 'missing-name'} state missing-name: SDK mode only */
  function showProblem(state) {
    var title;
    var detail;
    if (state === 'missing-name') {
      // The SDK docs call fn and ln required; what the real SDK does without them is not documented.
      title = 'Missing a required input';
      detail = 'The Web SDK needs the first and last name (fn and ln).';
      callSdk('onError', { error: 'ERROR' });
    } else if (state === 'unreachable') {
      title = 'The simulator could not be reached';
      detail = 'Start it again and reload this page.';
      if (mode === 'sdk') callSdk('onError', { error: 'ERROR' });
      else post('ERROR');
    } else if (mode === 'sdk') {
      title = text(
        'error',
        'verificationErrorTokenTitle',
        state === 'expired' ? 'This session has expired' : 'This session is not valid',
      );
      detail = text(
        'error',
        'verificationErrorTokenSubTitle',
        'The token is ' + (state === 'expired' ? 'expired' : 'unknown') + '. Start a new verification.',
      );
      callSdk('onErrorToken', { error: 'BAD TOKEN', reason: state });
    } else if (state === 'expired') {
      title = 'This verification link has expired';
      detail = 'Ask for a new link.';
      post('LINK EXPIRED');
    } else {
      title = 'This verification link is not valid';
      detail = 'Ask for a new link.';
      post({ error: 'BAD TOKEN' });
    }
    byId('problem-title').textContent = title;
    byId('problem-text').textContent = detail;
    byId('problem-close').addEventListener('click', function () {
      if (mode === 'sdk') callSdk('onClose', { event: 'CLOSE' });
      else post({ event: 'CLOSED', app: 'DCAMS_AUTO_SCAN' });
    });
    byId('loading').hidden = true;
    byId('problem').hidden = false;
  }

  function start() {
    var lookup = new URLSearchParams();
    if (mode === 'sdk') {
      lookup.set('mode', 'sdk');
      lookup.set('token', params.get('token') || '');
      useResultMessages(params.get('resultMessages'));
    } else {
      lookup.set('request_id', params.get('request_id') || '');
    }
    fetch('/frame/session?' + lookup.toString(), { cache: 'no-store', credentials: 'omit' })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(
        /** @param {FrameSession} answer what GET /frame/session answers (demo/simulator/vx-api.ts) */
        function (answer) {
          if (answer.state !== 'live') return showProblem(answer.state === 'expired' ? 'expired' : 'unknown');
          if (mode === 'sdk') {
            if (!params.get('fn') || !params.get('ln')) return showProblem('missing-name');
            return showJourney(params.get('fn'), params.get('ln'));
          }
          useResultMessages(answer.resultMessages);
          showJourney(answer.fn, answer.ln);
        },
        function () {
          showProblem('unreachable');
        },
      );
  }

  start();
})();
