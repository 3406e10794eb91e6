/**
 * The camera preflight: what the browser says about the camera before a session starts, without ever asking the
 * person (no `getUserMedia`, no prompt, no request), and the advice line it leads to.
 */
import type { CameraState, VeratadPreflightDetail } from './events.js';
import type { VeratadStrings } from './strings.js';

/** In-app browsers by the mark each puts in its user agent: most give a page no camera at all. */
const IN_APP: [name: string, mark: RegExp][] = [
  ['instagram', /Instagram/],
  ['facebook', /FBA[NV]\/|FB_IAB/],
  ['tiktok', /TikTok|musical_ly|Bytedance/i],
  ['snapchat', /Snapchat/],
  ['line', /\bLine\//],
  ['wechat', /MicroMessenger/],
];

/** The in-app browser a user agent belongs to, by its lower-case name; undefined for a plain browser. */
export const inAppBrowser = (userAgent: string): string | undefined =>
  IN_APP.find(([, mark]) => mark.test(userAgent))?.[0];

type PolicyDocument = Document & { permissionsPolicy?: FeaturePolicy; featurePolicy?: FeaturePolicy };
interface FeaturePolicy {
  allowsFeature(feature: string): boolean;
}

async function cameraState(secure: boolean): Promise<CameraState> {
  if (!secure) return 'insecure';
  const policy = (document as PolicyDocument).permissionsPolicy ?? (document as PolicyDocument).featurePolicy;
  if (policy?.allowsFeature('camera') === false) return 'blocked';
  const media = navigator.mediaDevices;
  if (!media?.getUserMedia) return 'unsupported';
  let permission: PermissionState | undefined;
  try {
    permission = (await navigator.permissions.query({ name: 'camera' })).state;
  } catch {
    // This browser's Permissions API does not know the camera: the device list can still tell something.
  }
  if (permission === 'denied') return 'denied';
  const devices = await media.enumerateDevices();
  if (!devices.some((device) => device.kind === 'videoinput')) return 'no-device';
  return permission === 'granted' ? 'ok' : (permission ?? 'unknown');
}

/**
 * Checks, in this order: a secure context, the page's Permissions-Policy for `camera`, the camera API, the
 * camera permission, a listed video input; and the user agent for an in-app browser. Never rejects.
 */
export async function checkCamera(): Promise<VeratadPreflightDetail> {
  const secure = isSecureContext;
  const inApp = inAppBrowser(navigator.userAgent);
  const camera = await cameraState(secure).catch((): CameraState => 'unknown');
  return inApp ? { camera, inApp, secure } : { camera, secure };
}

const ADVICE: Partial<Record<CameraState, keyof VeratadStrings>> = {
  denied: 'adviceDenied',
  blocked: 'adviceUnsupported',
  insecure: 'adviceUnsupported',
  unsupported: 'adviceUnsupported',
  'no-device': 'adviceNoDevice',
};

/** The advice line for a preflight result ('' when the camera looks usable), with the QR hint when `qr` is set. */
export function adviceOf(detail: VeratadPreflightDetail, strings: VeratadStrings, qr: boolean): string {
  const key = detail.inApp ? 'adviceInApp' : ADVICE[detail.camera];
  return key ? (qr ? `${strings[key]} ${strings.adviceQr}` : strings[key]) : '';
}
