import { css } from 'lit';

export const styles = css`
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
`;
