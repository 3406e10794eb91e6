// What `npm run demo` reads from its environment, checked before anything starts: the real Veratad credentials
// (both or neither; an empty value, as a copied .env template leaves it, counts as unset) and the page's port.

export interface DemoEnv {
  /** Real Veratad credentials: both set, or both undefined (the simulator). */
  user?: string;
  pass?: string;
  /** The page's port; undefined for the default (5173, or the next free one). */
  port?: number;
}

export type DemoEnvResult = { ok: true; env: DemoEnv } | { ok: false; message: string };

/** The variable's value, or undefined when it is absent, empty or only blanks. */
function setValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The message when only one credential is set: the demo cannot tell which service was meant. */
export function halfCredentialsMessage(missing: 'VERATAD_USER' | 'VERATAD_PASS'): string {
  const given = missing === 'VERATAD_USER' ? 'VERATAD_PASS' : 'VERATAD_USER';
  return (
    `veratad-verify demo: ${given} is set but ${missing} is not. Set both to use the real Veratad service, ` +
    'or neither to run offline with the simulator.'
  );
}

export function readDemoEnv(env: NodeJS.ProcessEnv): DemoEnvResult {
  const user = setValue(env, 'VERATAD_USER');
  const pass = setValue(env, 'VERATAD_PASS');
  if (user !== undefined && pass === undefined) return { ok: false, message: halfCredentialsMessage('VERATAD_PASS') };
  if (user === undefined && pass !== undefined) return { ok: false, message: halfCredentialsMessage('VERATAD_USER') };

  const portText = setValue(env, 'PORT')?.trim();
  let port: number | undefined;
  if (portText !== undefined) {
    port = /^\d+$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 0 && port <= 65_535)) {
      return {
        ok: false,
        message: `veratad-verify demo: PORT must be a port number from 0 to 65535 (0: any free port), not ${JSON.stringify(portText)}.`,
      };
    }
  }
  return { ok: true, env: { user, pass, port } };
}
