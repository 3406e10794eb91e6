import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    position: relative;
    width: var(--veratad-verify-width, 100%);
    box-sizing: border-box;
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
  iframe.waiting {
    position: absolute;
    inset: 0 auto auto 0;
    opacity: 0;
    pointer-events: none;
  }
  [part='status'] {
    display: grid;
    place-items: center;
    gap: 0.75rem;
    min-height: 8rem;
    padding: 1rem;
    text-align: center;
    font: inherit;
  }
  [part='status'] p {
    margin: 0;
  }
  button {
    font: inherit;
    padding: 0.5rem 1rem;
    cursor: pointer;
  }
`;
