/** The one interface both session modes (SDK and link) sit behind. Types only. */
import type { VeratadMessageDetail } from './events.js';
import type { SessionSignal } from './messages.js';

/** What a session tells the element. A destroyed session calls none of these again. */
export interface SessionHandlers {
  /** The session is visible. */
  ready(): void;
  /** The journey reported a result, a step, a close, an error or the link's expiry. */
  signal(signal: SessionSignal): void;
  /** The session could not be built (`VerifyError`: `sdk-load`, `invalid-config`, `frame-load`). */
  fail(error: unknown): void;
  /** A message from the frame that carried at least one signal, before those signals (link mode only). */
  message?(detail: VeratadMessageDetail): void;
}

/** A running session. `destroy()` undoes everything the session added (listeners, frames, scripts claimed). */
export interface Session {
  destroy(): void;
}
