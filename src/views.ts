/** The built-in views of the phases that have one: loading, error, expired and closed. Each sits in its slot. */
import { html, nothing, type TemplateResult } from 'lit';
import type { Phase, VeratadErrorDetail } from './events.js';

/** Text and button label by phase (the error view shows the error's own message). */
const VIEWS: Partial<Record<Phase, [text: string, button?: string]>> = {
  loading: ['Loading verification…'],
  error: ['', 'Try again'],
  expired: ['This verification session has expired.', 'Start again'],
  closed: ['Verification closed.', 'Start again'],
};

/** The view of `phase`; its button (a retryable error, expired, closed) calls `restart`. */
export function renderView(
  phase: Phase,
  error: VeratadErrorDetail | undefined,
  restart: () => void,
): TemplateResult | typeof nothing {
  const view = VIEWS[phase];
  if (!view) return nothing;
  const [text, button] = phase === 'error' ? [error?.message, error?.retryable && view[1]] : view;
  return html`
    <div part="status" role=${phase === 'error' ? 'alert' : 'status'} aria-busy=${phase === 'loading'}>
      <slot name=${phase}>
        <p>${text}</p>
        ${button ? html`<button type="button" @click=${restart}>${button}</button>` : nothing}
      </slot>
    </div>
  `;
}
