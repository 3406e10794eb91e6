/** What the element's shadow root shows besides the session: the default slot, the advice line and the view. */
import type { Phase, VeratadErrorDetail, VeratadPreflightDetail } from './events.js';
import { adviceOf } from './preflight.js';
import type { VeratadVerifySettings } from './settings.js';
import { ENGLISH } from './strings.js';
import { showAdvice, showView, type Shown } from './views.js';

export interface Screen {
  view: Shown;
  advice: Shown;
}

export interface ScreenState {
  phase: Phase;
  error?: VeratadErrorDetail;
  preflight?: VeratadPreflightDetail;
  restart: () => void;
}

/**
 * Brings `root` up to date with `state` and the element's `strings`, `preflight` and `qr` settings; pass back what
 * it returns. The advice line shows while a session loads or runs, unless `preflight="silent"`; once a modal
 * dialog holds the session, in it, where the person still sees it.
 */
export function showScreen(
  root: ParentNode,
  shown: Screen | undefined,
  host: Pick<VeratadVerifySettings, 'strings' | 'preflight' | 'qr'>,
  { phase, error, preflight, restart }: ScreenState,
): Screen {
  const strings = { ...ENGLISH, ...host.strings };
  const advise = preflight && host.preflight !== 'silent' && /^(loading|ready)$/.test(phase);
  if (!shown) root.append(document.createElement('slot')); // the Web SDK's frame shows there
  return {
    advice: showAdvice(
      root.querySelector('dialog') ?? root,
      shown?.advice,
      advise ? adviceOf(preflight, strings, host.qr) : '',
    ),
    view: showView(root, shown?.view, phase, error, strings, restart),
  };
}
