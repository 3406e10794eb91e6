/** Spanish texts for `<veratad-verify>`: `el.strings = es`. Costs the main bundle nothing. */
import type { VeratadStrings } from '../strings.js';

export const es: VeratadStrings = {
  loading: 'Cargando la verificación…',
  failed: 'No pudimos iniciar la verificación. Inténtalo de nuevo en un momento.',
  unavailable: 'La verificación no está disponible en este momento.',
  expired: 'Esta sesión de verificación ha caducado.',
  closed: 'Verificación cerrada.',
  tryAgain: 'Reintentar',
  startAgain: 'Empezar de nuevo',
  close: 'Cerrar la verificación',
  adviceInApp: 'Puede que la cámara no funcione en esta app. Abre esta página en tu navegador (Safari o Chrome).',
  adviceDenied:
    'El acceso a la cámara está desactivado. Permítelo para este sitio en los ajustes del navegador y vuelve a intentarlo.',
  adviceUnsupported: 'Esta página no puede usar tu cámara aquí. Prueba con otro navegador o dispositivo.',
  adviceNoDevice: 'No se encontró ninguna cámara. Prueba con un dispositivo que tenga cámara.',
  adviceQr: 'También puedes escanear el código QR con tu móvil.',
};
