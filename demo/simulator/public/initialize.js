/*
 * Veratad VX simulator: a local stand-in for Veratad's Web SDK (initialize.js).
 *
 * Defines `window.veratad.modal`: `new veratad.modal({ token, fn, ln, ...params, ...callbacks })` with
 * `open()`, `close()` and `destroy()`. open() finds `<iframe id="veratad-frame">`, points it at this
 * simulator's `/frame` page and shows it as an overlay (the `veratad-modal-open` class from style.css).
 * The frame reports what the user does with postMessage; only messages whose origin is this script's origin
 * and whose source is that iframe's window reach the callbacks. See demo/simulator/README.md.
 *
 * How Veratad's real initialize.js builds its frame URL is not documented; everything about the URL and the
 * frame protocol here belongs to the simulator only.
 */
(function () {
  'use strict';

  /**
   * What this script puts on `window.veratad`.
   * @typedef {object} VeratadGlobal
   * @property {typeof VeratadModal} [modal]
   * @property {Readonly<{ origin: string, protocol: string }>} [simulator]
   */

  /**
   * Options of `new veratad.modal(options)`: the token, the documented parameters and the callbacks.
   * @typedef {Record<string, unknown>} ModalOptions
   */

  /**
   * A callback's argument: the primitive fields of what the frame sent.
   * @typedef {Record<string, string | boolean | number>} CallbackDetail
   */

  /**
   * A message posted to the host page, not yet checked: only the simulator's frame sends this shape.
   * @typedef {{ protocol?: unknown, session?: unknown, callback?: unknown, detail?: unknown }} FrameMessage
   */

  var host = /** @type {Window & { veratad?: VeratadGlobal }} */ (window);
  var root = host.veratad && typeof host.veratad === 'object' ? host.veratad : (host.veratad = {});
  // Loaded twice: keep the first definition, so existing modals and `instanceof` checks keep working.
  if (typeof root.modal === 'function') return;

  /** The simulator's origin: where this script came from. */
  function scriptOrigin() {
    var script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
    var src = script && script.src;
    if (!src) {
      var scripts = /** @type {NodeListOf<HTMLScriptElement>} */ (document.querySelectorAll('script[src]'));
      for (var i = scripts.length - 1; i >= 0 && !src; i -= 1) {
        if (/\/js\/initialize\.js(?:[?#]|$)/.test(scripts[i].src)) src = scripts[i].src;
      }
    }
    return new URL(src || location.href, location.href).origin;
  }

  var ORIGIN = scriptOrigin();
  var PROTOCOL = 'veratad-simulator/1';
  var FRAME_ID = 'veratad-frame';
  var OPEN_CLASS = 'veratad-modal-open';
  var DEFAULT_TITLE = 'Identity verification';

  /** Callbacks the frame may trigger (onOpen comes from open() itself). */
  var FROM_FRAME = [
    'onClose',
    'onSuccess',
    'onFailure',
    'onEmail',
    'onQr',
    'onError',
    'onErrorToken',
    'onErrorPending',
    'onErrorAlreadyVerified',
    'onErrorVelocity',
  ];
  /** Documented parameters passed on to the frame page. */
  var STRING_PARAMS = [
    'fn',
    'ln',
    'addr',
    'city',
    'state',
    'zip',
    'dob',
    'email',
    'phone',
    'country',
    'reference',
    'language',
    'styleToken',
    'additionalData',
  ];
  var BOOLEAN_PARAMS = ['international', 'qr', 'email_fallback', 'bypassDesktopIntro'];

  function randomId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, function (byte) {
      return byte.toString(16).padStart(2, '0');
    }).join('');
  }

  /**
   * An error thrown by a host callback is reported (window `error` event), never swallowed or rethrown here.
   * @param {unknown} error
   */
  function report(error) {
    if (typeof window.reportError === 'function') window.reportError(error);
    else
      setTimeout(function () {
        throw error;
      });
  }

  /**
   * A fresh plain object holding only the primitive fields of what the frame sent.
   * @param {unknown} value
   * @returns {CallbackDetail}
   */
  function plainDetail(value) {
    /** @type {CallbackDetail} */
    var detail = {};
    if (!value || typeof value !== 'object') return detail;
    Object.keys(value).forEach(function (key) {
      var field = /** @type {Record<string, unknown>} */ (value)[key];
      if (typeof field === 'string' || typeof field === 'boolean' || typeof field === 'number') detail[key] = field;
    });
    return detail;
  }

  class VeratadModal {
    /** @type {ModalOptions} */
    #options;
    /**
     * 'new' → 'open' ⇄ 'closed' → 'destroyed'
     * @type {'new' | 'open' | 'closed' | 'destroyed'}
     */
    #state = 'new';
    /** @type {HTMLIFrameElement | null} */
    #frame = null;
    #session = '';
    #addedTitle = false;
    /** @type {(Element & Partial<HTMLOrSVGElement>) | null} */
    #returnFocus = null;

    /** @param {ModalOptions} options */
    constructor(options) {
      if (!options || typeof options !== 'object') throw new TypeError('veratad.modal: pass an options object.');
      this.#options = Object.assign({}, options);
    }

    /** Shows the frame as an overlay, starts the journey and calls onOpen. Does nothing while already open. */
    open() {
      if (this.#state === 'open' || this.#state === 'destroyed') return;
      var frame = document.getElementById(FRAME_ID);
      if (!(frame instanceof HTMLIFrameElement)) {
        throw new Error('veratad.modal: the document has no <iframe id="' + FRAME_ID + '">.');
      }
      this.#frame = frame;
      this.#session = randomId();
      this.#returnFocus = document.activeElement;
      if (!frame.hasAttribute('title')) {
        frame.title = DEFAULT_TITLE;
        this.#addedTitle = true;
      }
      window.addEventListener('message', this.#onMessage);
      frame.classList.add(OPEN_CLASS);
      // CSSOM, not a style attribute: allowed under a strict `style-src`, and wins over the documented
      // markup's inline display:none even before style.css has loaded.
      frame.style.display = 'block';
      frame.src = this.#frameUrl();
      this.#state = 'open';
      frame.focus({ preventScroll: true });
      this.#call('onOpen', { event: 'OPEN' });
    }

    /** Hides the frame, ends the journey and calls onClose. Does nothing unless open. */
    close() {
      if (this.#state !== 'open') return;
      this.#hide();
      this.#state = 'closed';
      this.#call('onClose', { event: 'CLOSE', source: 'api' });
    }

    /** Removes the listener, hides and resets the frame; no callback is called from now on. */
    destroy() {
      if (this.#state === 'destroyed') return;
      if (this.#state === 'open') this.#hide();
      this.#state = 'destroyed';
      this.#options = {};
      this.#frame = null;
      this.#returnFocus = null;
    }

    #frameUrl() {
      var options = this.#options;
      var query = new URLSearchParams();
      query.set('mode', 'sdk');
      query.set('session', this.#session);
      query.set('token', typeof options.token === 'string' ? options.token : '');
      STRING_PARAMS.forEach(function (name) {
        var value = options[name];
        if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
        if (typeof value === 'string' && value !== '') query.set(name, value);
      });
      BOOLEAN_PARAMS.forEach(function (name) {
        if (typeof options[name] === 'boolean') query.set(name, String(options[name]));
      });
      if (options.resultMessages && typeof options.resultMessages === 'object') {
        query.set('resultMessages', JSON.stringify(options.resultMessages));
      }
      return ORIGIN + '/frame?' + query.toString();
    }

    #hide() {
      window.removeEventListener('message', this.#onMessage);
      var frame = this.#frame;
      if (!frame) return;
      var hadFocus = document.activeElement === frame;
      frame.classList.remove(OPEN_CLASS);
      frame.style.display = 'none';
      frame.src = 'about:blank'; // ends the journey (and any camera use)
      if (this.#addedTitle) {
        frame.removeAttribute('title');
        this.#addedTitle = false;
      }
      var previous = this.#returnFocus;
      this.#returnFocus = null;
      if (hadFocus && previous && previous.isConnected && typeof previous.focus === 'function') {
        previous.focus({ preventScroll: true });
      }
    }

    /** @param {MessageEvent} event */
    #onMessage = (event) => {
      var frame = this.#frame;
      if (this.#state !== 'open' || !frame) return;
      if (event.origin !== ORIGIN || event.source !== frame.contentWindow) return;
      /** @type {unknown} */
      var data = event.data;
      if (!data || typeof data !== 'object') return;
      var message = /** @type {FrameMessage} */ (data);
      if (message.protocol !== PROTOCOL || message.session !== this.#session) return;
      var name = message.callback;
      if (typeof name !== 'string' || FROM_FRAME.indexOf(name) === -1) return;
      var detail = plainDetail(message.detail);
      if (name === 'onClose') {
        this.#hide();
        this.#state = 'closed';
        detail.source = 'user';
      }
      this.#call(name, detail);
    };

    /**
     * @param {string} name
     * @param {CallbackDetail} detail
     */
    #call(name, detail) {
      var callback = this.#options[name];
      if (typeof callback !== 'function') return;
      var hostCallback = /** @type {(detail: CallbackDetail) => void} */ (callback);
      try {
        hostCallback(detail);
      } catch (error) {
        report(error);
      }
    }
  }

  root.modal = VeratadModal;
  root.simulator = Object.freeze({ origin: ORIGIN, protocol: PROTOCOL });
})();
