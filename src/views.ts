/**
 * The built-in views of the phases that have one: loading, error, expired and closed, each in its own slot so a
 * host can replace it. Built with the DOM (no template library): a view is small and changes only with the phase.
 */
import type { Phase, VeratadErrorDetail } from './events.js';

/** Text and button label by phase (the error view shows the error's own message). */
const VIEWS: Partial<Record<Phase, [text: string, button?: string]>> = {
  loading: ['Loading verification…'],
  error: ['', 'Try again'],
  expired: ['This verification session has expired.', 'Start again'],
  closed: ['Verification closed.', 'Start again'],
};

/**
 * Shows the view of `phase` in `root` (after whatever is there), replacing the one shown before; its button (a
 * retryable error, expired, closed) calls `restart`. Returns what it shows, to be passed back next time: an
 * unchanged view is left as it is (so focus stays on its button).
 */
export function showView(
  root: ParentNode,
  shown: { key: string; node?: Element } | undefined,
  phase: Phase,
  error: VeratadErrorDetail | undefined,
  restart: () => void,
): { key: string; node?: Element } {
  const view = VIEWS[phase];
  const [text, button] = phase === 'error' ? [error?.message ?? '', error?.retryable ? view?.[1] : ''] : (view ?? []);
  const key = view ? `${phase}\n${text}\n${button ?? ''}` : '';
  if (shown?.key === key) return shown;
  shown?.node?.remove();
  if (!view) return { key };

  const node = element('div', { part: 'status', role: phase === 'error' ? 'alert' : 'status' });
  node.setAttribute('aria-busy', String(phase === 'loading'));
  const slot = node.appendChild(element('slot', { name: phase }));
  slot.appendChild(element('p')).textContent = text ?? '';
  if (button) {
    const action = slot.appendChild(element('button', { type: 'button' }));
    action.textContent = button;
    action.addEventListener('click', restart);
  }
  root.append(node);
  return { key, node };
}

function element(tag: string, attributes: Record<string, string> = {}): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}
