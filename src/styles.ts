import { unsafeCSS } from 'lit';

// Plain text rather than a css`` template (whose run-time checks would ship unused); the build compacts it.
export const styles = unsafeCSS(`
  :host {
    display: block;
    position: relative;
    width: var(--veratad-verify-width, 100%);
    color-scheme: light dark;
    font-family: system-ui, sans-serif;
  }
  :host([hidden]) {
    display: none;
  }
  iframe {
    display: block;
    width: 100%;
    height: var(--veratad-verify-height, 670px);
    border: 0;
  }
  dialog {
    width: var(--veratad-verify-width, 30rem);
    padding: 0;
    border: 0;
  }
  dialog[open] {
    display: flex;
    flex-direction: column;
  }
  dialog iframe {
    flex: auto;
  }
  ::backdrop {
    background: #0009;
  }
  [part='close'] {
    align-self: end;
    font-size: 1.5rem;
    padding: 0.25em 0.5em;
    border: 0;
    background: none;
    color: inherit;
    cursor: pointer;
  }
  @media (width<600px) {
    dialog {
      width: 100%;
      height: 100dvh;
      max-width: none;
      max-height: none;
      margin: 0;
    }
  }
  .waiting {
    position: absolute;
    opacity: 0;
    pointer-events: none;
  }
  [part='status'] {
    padding: 1rem;
    text-align: center;
  }
  [part='advice'] {
    padding: 0.5rem 1rem;
  }
  [part='button'] {
    font: inherit;
    padding: 0.6em 1.4em;
    border: 0;
    border-radius: 0.4em;
    background: var(--veratad-verify-accent, #1a56db);
    color: var(--veratad-verify-on-accent, #fff);
    cursor: pointer;
  }
  [aria-busy='true']::before {
    content: '';
    display: inline-block;
    width: 1.5em;
    height: 1.5em;
    border: 0.2em solid var(--veratad-verify-accent, #1a56db);
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    [aria-busy='true']::before {
      animation-duration: 4s;
    }
  }
`);
