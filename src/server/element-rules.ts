/**
 * What `<veratad-verify>` accepts in a token answer, mirrored so the token endpoint never answers what its own
 * element would refuse: the answer's size (the element's src/post-json.ts), the token's length and the link's scheme,
 * host and user info (src/token-response.ts). The server half never imports the element, so the limits are written
 * twice; test/node/server-element-agreement.test.ts feeds this endpoint's answers to the element's own parser.
 */

/** The longest answer text the element parses, in characters. */
export const ELEMENT_MAX_ANSWER_CHARS = 65_536;
/** The longest token the element takes, in characters. */
export const ELEMENT_MAX_TOKEN_CHARS = 8_192;
/** The hosts a plain `http:` link may name (a local simulator); anywhere else only `https:`. */
const LOCAL_HOSTS = ['localhost', '127.0.0.1'];

/** Whether the element would load `link`: `https:`, or `http:` on the local machine, with no user name or password. */
export function isLinkTheElementTakes(link: string): boolean {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.includes(url.hostname));
}
