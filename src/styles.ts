import { unsafeCSS } from 'lit';

// Plain text rather than a css`` template (whose run-time checks would ship unused); the build compacts it.
export const styles = unsafeCSS(`
  :host {
    display: block;
    position: relative;
    width: var(--veratad-verify-width, 100%);
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
  .waiting {
    position: absolute;
    opacity: 0;
    pointer-events: none;
  }
  [part='status'] {
    padding: 1rem;
    text-align: center;
  }
`);
