/** French texts for `<veratad-verify>`: `el.strings = fr`. Costs the main bundle nothing. */
import type { VeratadStrings } from '../strings.js';

export const fr: VeratadStrings = {
  loading: 'Chargement de la vérification…',
  failed: "Nous n'avons pas pu lancer la vérification. Veuillez réessayer dans un instant.",
  unavailable: "La vérification n'est pas disponible pour le moment.",
  expired: 'Cette session de vérification a expiré.',
  closed: 'Vérification fermée.',
  tryAgain: 'Réessayer',
  startAgain: 'Recommencer',
  close: 'Fermer la vérification',
  adviceInApp:
    'La caméra risque de ne pas fonctionner dans cette application. Ouvrez cette page dans votre navigateur (Safari ou Chrome).',
  adviceDenied:
    "L'accès à la caméra est désactivé. Autorisez-le pour ce site dans les réglages du navigateur, puis réessayez.",
  adviceUnsupported: 'Cette page ne peut pas utiliser votre caméra ici. Essayez un autre navigateur ou appareil.',
  adviceNoDevice: 'Aucune caméra trouvée. Essayez un appareil équipé d’une caméra.',
  adviceQr: 'Vous pouvez aussi scanner le code QR avec votre téléphone.',
};
