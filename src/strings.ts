/**
 * Every text the element shows the person, in English: the built-in views, their buttons, the modal's close
 * button and the camera advice. The `strings` property replaces any of them; `veratad-verify/locales/*` are
 * complete sets in other languages. Nothing here names a code, a URL or a figure: those are for the developer,
 * in `veratad-error`'s `message`.
 */
export interface VeratadStrings {
  /** The loading view. */
  loading: string;
  /** The error view when trying again may help (a network failure, a timeout, a busy server). */
  failed: string;
  /** The error view when it will not (the page's or its server's configuration, a refusal). */
  unavailable: string;
  /** The expired view. */
  expired: string;
  /** The closed view. */
  closed: string;
  /** The error view's button. */
  tryAgain: string;
  /** The expired and closed views' button. */
  startAgain: string;
  /** The accessible name of the modal's close button. */
  close: string;
  /** Advice in an in-app browser (Instagram, TikTok, …), which has no camera. */
  adviceInApp: string;
  /** Advice when the camera permission was denied. */
  adviceDenied: string;
  /** Advice when this page or browser cannot use a camera (blocked, not https, no camera API). */
  adviceUnsupported: string;
  /** Advice when no camera is listed. */
  adviceNoDevice: string;
  /** Added to the advice when the `qr` attribute is set. */
  adviceQr: string;
}

export const ENGLISH: VeratadStrings = {
  loading: 'Loading verification…',
  failed: "We couldn't start the verification. Please try again in a moment.",
  unavailable: 'Verification is unavailable right now.',
  expired: 'This verification session has expired.',
  closed: 'Verification closed.',
  tryAgain: 'Try again',
  startAgain: 'Start again',
  close: 'Close verification',
  adviceInApp: 'The camera may not work in this app. Open this page in your browser (Safari or Chrome).',
  adviceDenied: 'Camera access is turned off. Allow it for this site in your browser settings, then try again.',
  adviceUnsupported: "This page can't use your camera here. Try another browser or device.",
  adviceNoDevice: 'No camera was found. Try a device with a camera.',
  adviceQr: 'You can also scan the QR code with your phone.',
};
