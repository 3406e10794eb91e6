// The demo stack: the Veratad simulator (offline) or the real service, a token endpoint built with
// createTokenHandler, and Vite serving demo/index.html. Used by `npm run demo` and by the end-to-end tests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { createTokenHandler, toNodeListener } from '../src/server/index.js';
import { halfCredentialsMessage } from './demo-env.js';
import { DEMO_EMAIL, WEBHOOK_PASS, WEBHOOK_PATH, WEBHOOK_USER, confirmationBackend } from './confirmation.js';
import { FAILURE_PATH, FailureSwitch, sendJson } from './failure-switch.js';
import { startSimulator, type Simulator } from './simulator/server.js';

export interface DemoOptions {
  /** Port for the page (0 = any free port). */
  port?: number;
  /** Port for the simulator (0 = any free port). */
  simulatorPort?: number;
  /**
   * Real Veratad credentials; when both are set (not empty), the real service is used instead of the simulator.
   * Only one of them set is a mistake, refused with a `TypeError`.
   */
  user?: string;
  pass?: string;
  /** Token lifetime the simulator enforces, in seconds. */
  simulatorTokenLifetime?: number;
}

export interface DemoStack {
  url: string;
  real: boolean;
  simulatorOrigin?: string;
  /** The running simulator (none with real credentials): the tests read what reached it. */
  simulator?: Simulator;
  close(): Promise<void>;
}

type Listener = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

const SIM_USER = 'demo-user';
const SIM_PASS = 'demo-pass';
const TOKEN_PATH = '/api/veratad/token';
/** Longer than the demo element's 4 s request timeout, so "times out" really does. */
const HANG_MS = 6000;

export async function startDemo(options: DemoOptions = {}): Promise<DemoStack> {
  const { user, pass } = options;
  const real = Boolean(user && pass);
  if (!real && (user || pass)) throw new TypeError(halfCredentialsMessage(user ? 'VERATAD_PASS' : 'VERATAD_USER'));
  const simulator = real
    ? undefined
    : await startSimulator({
        port: options.simulatorPort ?? 0,
        user: SIM_USER,
        pass: SIM_PASS,
        tokenLifetimeSeconds: options.simulatorTokenLifetime,
      });
  const upstream = simulator
    ? { endpoint: `${simulator.url}/token/create`, linkEndpoint: `${simulator.url}/link/generate` }
    : {};
  const credentials = user && pass ? { user, pass } : { user: SIM_USER, pass: SIM_PASS };

  // Demo only: the person's name for link mode comes from the query string. A real host takes it from its
  // own signed-in user, never from the browser.
  const personFrom = async (request: Request) => {
    const query = new URL(request.url).searchParams;
    const person = {
      fn: query.get('fn') ?? 'Ada',
      ln: query.get('ln') ?? 'Lovelace',
      dob: query.get('dob') ?? undefined,
    };
    return { ...person, email: DEMO_EMAIL };
  };
  const sdkHandler = createTokenHandler({ ...credentials, ...upstream });
  const linkHandler = createTokenHandler({ ...credentials, ...upstream, link: personFrom });
  // "Wrong server credentials": the handler sends a wrong password, so Veratad answers its documented 401, which
  // the handler answers as upstream-unauthorized, marked final ("retryable": false): the element asks once.
  const brokenHandler = createTokenHandler({ ...credentials, ...upstream, pass: `${credentials.pass}-wrong` });
  const listeners = {
    sdk: toNodeListener(sdkHandler),
    link: toNodeListener(linkHandler),
    veratad: toNodeListener(brokenHandler),
  };
  const confirmation = confirmationBackend({
    ...credentials,
    statusEndpoint: simulator && `${simulator.url}/user/status`,
  });
  const hanging = new Set<ReturnType<typeof setTimeout>>();
  const failure = new FailureSwitch();

  const backend: Listener = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    if (url.pathname === '/demo-config.json') {
      sendJson(res, 200, { real, simulatorOrigin: simulator?.origin, email: DEMO_EMAIL });
      return;
    }
    if (confirmation(req, res)) return;
    if (url.pathname === FAILURE_PATH) return failure.handle(req, res);
    if (url.pathname !== TOKEN_PATH) return next();
    const fail = failure.current;
    if (fail === 'timeout') {
      const timer = setTimeout(() => {
        hanging.delete(timer);
        sendJson(res, 504, { error: { code: 'demo-timeout', message: 'The demo endpoint was told to hang.' } });
      }, HANG_MS);
      hanging.add(timer);
      return;
    }
    if (fail === '500') {
      sendJson(res, 500, { error: { code: 'demo-failure', message: 'The demo endpoint was told to fail.' } });
      return;
    }
    const listener =
      fail === 'veratad' ? listeners.veratad : url.searchParams.get('mode') === 'link' ? listeners.link : listeners.sdk;
    void listener(req, res);
  };

  let vite: ViteDevServer | undefined;
  try {
    vite = await createServer({
      configFile: false,
      root: fileURLToPath(new URL('.', import.meta.url)),
      logLevel: 'warn',
      clearScreen: false,
      server: { host: '127.0.0.1', port: options.port ?? 5173, strictPort: options.port !== undefined },
      plugins: [{ name: 'veratad-demo-backend', configureServer: (server) => void server.middlewares.use(backend) }],
    });
    await vite.listen();
  } catch (error) {
    await simulator?.close();
    throw error;
  }
  const address = vite.httpServer?.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://127.0.0.1:${port}/`;
  // The simulator delivers each result to the demo's webhook, as Veratad would to the URL set in its admin.
  simulator?.callbacks.configure({ url: new URL(WEBHOOK_PATH, url).href, user: WEBHOOK_USER, pass: WEBHOOK_PASS });
  return {
    url,
    real,
    simulatorOrigin: simulator?.origin,
    simulator,
    async close() {
      for (const timer of hanging) clearTimeout(timer);
      await vite?.close();
      await simulator?.close();
    },
  };
}
