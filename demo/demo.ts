// The demo page: builds <veratad-verify> from the controls and logs every event it fires.
import '../src/index.js';
import type { VeratadVerify } from '../src/index.js';
import { EVENT_NAMES, type VeratadErrorDetail, type VeratadPreflightDetail } from '../src/events.js';
import { followCallbacks, showVerdicts } from './verdict.js';

interface DemoConfig {
  /** true when VERATAD_USER/VERATAD_PASS are set and the real Veratad service is used. */
  real: boolean;
  /** The simulator's origin (offline mode only): where initialize.js and style.css come from. */
  simulatorOrigin?: string;
  /** The demo's signed-in user: the journey runs with this email, and the status endpoint looks it up. */
  email?: string;
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const host = byId<HTMLDivElement>('host');
const log = byId<HTMLOListElement>('log');
const phase = byId<HTMLOutputElement>('phase');
const lastError = byId<HTMLOutputElement>('last-error');
const camera = byId<HTMLOutputElement>('camera');

const verdicts = showVerdicts();
let element: VeratadVerify | undefined;
let config: DemoConfig = { real: false };
/** The last change of the endpoint failure switch on its way to the backend (see sendFailure). */
let failureSent: Promise<void> = Promise.resolve();

function selectedMode(): string {
  return document.querySelector<HTMLInputElement>('input[name="mode"]:checked')?.value ?? 'sdk';
}

/** The `display` attribute the next element gets (only link mode uses it: the Web SDK draws its own overlay). */
function selectedDisplay(): string {
  return document.querySelector<HTMLInputElement>('input[name="display"]:checked')?.value ?? 'inline';
}

function tokenUrl(): string {
  const params = new URLSearchParams({ mode: selectedMode() });
  if (selectedMode() === 'link') {
    // Demo only: in link mode the backend puts the person into the link. A real backend takes them from its
    // signed-in user, never from the browser.
    for (const [field, id] of [
      ['fn', 'first-name'],
      ['ln', 'last-name'],
      ['dob', 'dob'],
    ]) {
      const value = byId<HTMLInputElement>(id).value.trim();
      if (value) params.set(field, value);
    }
  }
  return `/api/veratad/token?${params}`;
}

function buildElement(): VeratadVerify {
  const el = document.createElement('veratad-verify');
  el.setAttribute('token-url', tokenUrl());
  el.setAttribute('token-lifetime', byId<HTMLSelectElement>('lifetime').value);
  el.setAttribute('expiry-warning', '3');
  el.setAttribute('timeout', '4000');
  // The server's word after the journey: the demo backend's createStatusHandler.
  el.setAttribute('confirm-url', '/api/veratad/status');
  el.setAttribute('display', selectedDisplay());
  if (config.email) el.setAttribute('email', config.email);
  for (const name of ['first-name', 'last-name', 'dob']) {
    const value = byId<HTMLInputElement>(name).value.trim();
    if (value) el.setAttribute(name, value);
  }
  if (!config.real && config.simulatorOrigin) {
    el.setAttribute('sdk-src', `${config.simulatorOrigin}/js/initialize.js`);
    el.setAttribute('sdk-css', `${config.simulatorOrigin}/styles/style.css`);
  }
  return el;
}

function mount(): void {
  element?.remove();
  const next = buildElement();
  element = next;
  lastError.value = 'none';
  verdicts.reset();
  mark(`a new element (${selectedMode()} mode, display ${selectedDisplay()})`);
  // A switch change still on its way to the backend must apply to this element's first request.
  void failureSent.then(() => {
    if (element === next) host.append(next);
  });
}

/** A line in the log between elements, so an old element's events never pass for the new one's. */
function mark(text: string): void {
  const item = document.createElement('li');
  item.className = 'marker';
  item.textContent = `${new Date().toLocaleTimeString()} ── ${text}`;
  log.prepend(item);
}

function record(type: string, detail: unknown): void {
  const item = document.createElement('li');
  if (type === 'veratad-error') item.className = 'error';
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString();
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = type;
  item.append(time, name, document.createTextNode(`\n${JSON.stringify(detail, null, 2)}`));
  log.prepend(item);
}

for (const type of EVENT_NAMES) {
  document.addEventListener(type, (event) => {
    const detail: unknown = (event as CustomEvent).detail;
    record(type, detail);
    phase.value = element?.phase ?? 'idle';
    // Some errors (the vendor's own: velocity, session, …) leave its view up: say so next to the phase too.
    if (type === 'veratad-error') {
      const error = detail as VeratadErrorDetail;
      lastError.value = `${error.code}: ${error.message}`;
    }
    if (type === 'veratad-preflight') {
      const preflight = detail as VeratadPreflightDetail;
      camera.value = preflight.inApp ? `${preflight.camera} (in-app: ${preflight.inApp})` : preflight.camera;
    }
  });
}
// The phase also changes without an event (e.g. loading after restart()); keep the readout honest.
setInterval(() => {
  phase.value = element?.isConnected ? element.phase : 'removed';
}, 250);

byId('apply').addEventListener('click', mount);
byId('restart').addEventListener('click', () => void failureSent.then(() => element?.restart()));
byId('close').addEventListener('click', () => element?.close());
byId('remove').addEventListener('click', () => {
  if (element?.isConnected) mark('element removed');
  element?.remove();
});
byId('add').addEventListener('click', () => {
  if (element && !element.isConnected) {
    mark('the same element added again');
    host.append(element);
  } else if (!element) mount();
});
// The endpoint's failure switch lives in the demo backend and applies at once, also to the element on the page.
// Changes are sent one after another, so quick changes reach the backend in order; `data-applied` says which
// value the backend has taken.
function sendFailure(): Promise<void> {
  const select = byId<HTMLSelectElement>('fail');
  const wanted = select.value;
  failureSent = failureSent.then(async () => {
    const response = await fetch('/demo/endpoint-failure', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fail: wanted }),
    }).catch(() => undefined);
    select.dataset.applied = response?.ok ? wanted : 'unknown';
  });
  return failureSent;
}
byId('fail').addEventListener('change', () => void sendFailure());
byId('clear-log').addEventListener('click', () => log.replaceChildren());

async function start(): Promise<void> {
  const note = byId<HTMLParagraphElement>('backend-note');
  try {
    config = (await (await fetch('/demo-config.json')).json()) as DemoConfig;
    note.textContent = config.real
      ? 'Using the REAL Veratad service (VERATAD_USER/VERATAD_PASS are set).'
      : `Offline: tokens, the Web SDK and the journey come from the local Veratad simulator at ${config.simulatorOrigin}.`;
  } catch {
    note.textContent = 'The demo backend did not answer; start the demo with `npm run demo`.';
  }
  byId('signed-in').textContent = config.email ?? 'nobody';
  followCallbacks();
  // A reload may restore the control's last choice: tell the backend before the first token request.
  await sendFailure();
  mount();
}

void start();
