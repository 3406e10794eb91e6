/**
 * The simulator's browser-facing files: the Web SDK (`initialize.js`, `style.css`) and the fake journey page
 * with its own script, stylesheet and logo, served to any origin.
 */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { send } from './http.js';

const PUBLIC_DIR = new URL('./public/', import.meta.url);

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const HTML = 'text/html; charset=utf-8';
const SVG = 'image/svg+xml';

/**
 * The frame page allows nothing inline, so a stray inline script or style would fail loudly in the tests.
 * `frame-ancestors *`: any host page may embed it, as Veratad's frame can be embedded by any customer site.
 */
const FRAME_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  'frame-ancestors *',
].join('; ');

export interface StaticFile {
  file: string;
  type: string;
  headers?: Record<string, string>;
}

export const STATIC_FILES: Record<string, StaticFile> = {
  '/js/initialize.js': { file: 'initialize.js', type: JS },
  '/styles/style.css': { file: 'style.css', type: CSS },
  // The frame URL carries the token (SDK mode): never send it on as a Referer.
  '/frame': {
    file: 'frame.html',
    type: HTML,
    headers: { 'Content-Security-Policy': FRAME_CSP, 'Referrer-Policy': 'no-referrer' },
  },
  '/frame/outcomes.js': { file: 'outcomes.js', type: JS },
  '/frame/frame.js': { file: 'frame.js', type: JS },
  '/frame/frame.css': { file: 'frame.css', type: CSS },
  '/images/logo.svg': { file: 'logo.svg', type: SVG },
};

export async function serveStatic(res: ServerResponse, entry: StaticFile): Promise<void> {
  const content = await readFile(new URL(entry.file, PUBLIC_DIR));
  send(
    res,
    200,
    {
      'Content-Type': entry.type,
      'Cache-Control': 'no-cache',
      // Loaded by host pages on other origins (the SDK files) or embedded by them (the frame).
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      ...entry.headers,
    },
    content,
  );
}
