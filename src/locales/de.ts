/** German texts for `<veratad-verify>`: `el.strings = de`. Costs the main bundle nothing. */
import type { VeratadStrings } from '../strings.js';

export const de: VeratadStrings = {
  loading: 'Verifizierung wird geladen …',
  failed: 'Die Verifizierung konnte nicht gestartet werden. Bitte versuchen Sie es gleich noch einmal.',
  unavailable: 'Die Verifizierung ist gerade nicht verfügbar.',
  expired: 'Diese Verifizierungssitzung ist abgelaufen.',
  closed: 'Verifizierung geschlossen.',
  tryAgain: 'Erneut versuchen',
  startAgain: 'Neu starten',
  close: 'Verifizierung schließen',
  adviceInApp:
    'In dieser App funktioniert die Kamera möglicherweise nicht. Öffnen Sie diese Seite in Ihrem Browser (Safari oder Chrome).',
  adviceDenied:
    'Der Kamerazugriff ist ausgeschaltet. Erlauben Sie ihn für diese Website in den Browser-Einstellungen und versuchen Sie es erneut.',
  adviceUnsupported:
    'Diese Seite kann Ihre Kamera hier nicht verwenden. Versuchen Sie es mit einem anderen Browser oder Gerät.',
  adviceNoDevice: 'Keine Kamera gefunden. Versuchen Sie es mit einem Gerät mit Kamera.',
  adviceQr: 'Sie können auch den QR-Code mit Ihrem Smartphone scannen.',
};
