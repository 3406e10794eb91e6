/**
 * The built-in views of the phases that have one: loading, error, expired and closed, each in its own slot so a
 * host can replace it. Built with the DOM (no template library): a view is small and changes only with the phase.
 * They speak to the person (strings.ts): never the developer's message, which stays in `veratad-error`.
 */
import type { Phase, VeratadErrorDetail } from './events.js';
import type { VeratadStrings } from './strings.js';

type Text = keyof VeratadStrings;

/** Text and button of each view; an error's depend on whether trying again can help. */
const VIEWS: Partial<Record<Phase, [text: Text, button?: Text]>> = {
  loading: ['loading'],
  expired: ['expired', 'startAgain'],
  closed: ['closed', 'startAgain'],
};

export interface Shown {
  key: string;
  node?: Element;
}

/**
 * Shows the view of `phase` in `root` (after whatever is there), replacing the one shown before; its button (a
 * retryable error, expired, closed) calls `restart`. Returns what it shows, to be passed back next time: an
 * unchanged view is left as it is (so focus stays on its button).
 */
export function showView(
  root: ParentNode,
  shown: Shown | undefined,
  phase: Phase,
  error: VeratadErrorDetail | undefined,
  strings: VeratadStrings,
  restart: () => void,
): Shown {
  const view = phase === 'error' ? (error?.retryable ? ['failed', 'tryAgain'] : ['unavailable']) : VIEWS[phase];
  const [text, button] = (view ?? []).map((name) => strings[name as Text]);
  const key = view ? `${phase}\n${text}\n${button}` : '';
  if (shown?.key === key) return shown;
  shown?.node?.remove();
  if (!view) return { key };

  const node = element('div', { part: 'status', role: phase === 'error' ? 'alert' : 'status' });
  node.setAttribute('aria-busy', String(phase === 'loading'));
  const slot = node.appendChild(element('slot', { name: phase }));
  slot.appendChild(element('p')).textContent = text;
  if (button) {
    const action = slot.appendChild(element('button', { type: 'button', part: 'button' }));
    action.textContent = button;
    action.addEventListener('click', restart);
  }
  root.append(node);
  return { key, node };
}

/**
 * Shows `text` as the advice line (part `advice`, slot `advice`) at the start of `root`, or removes it when
 * `text` is empty. Same contract as `showView`; a line shown elsewhere moves to `root`.
 */
export function showAdvice(root: ParentNode, shown: Shown | undefined, text: string): Shown {
  if (shown?.key === text && (!text || shown.node?.parentNode === root)) return shown;
  shown?.node?.remove();
  if (!text) return { key: text };
  const node = element('div', { part: 'advice', role: 'note' });
  node.appendChild(element('slot', { name: 'advice' })).textContent = text;
  root.prepend(node);
  return { key: text, node };
}

export function element(tag: string, attributes: Record<string, string> = {}): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}
