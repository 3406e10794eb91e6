// The documentation as a reader finds it: the API reference in docs/element.md is what custom-elements.json gives
// (scripts/docs.mjs), the README is short and opens with the two commands, every relative link lands on a file and
// a heading, the pages speak the product's vocabulary, and every dependency has its reason.
// Run after `npm run build`, which writes custom-elements.json.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const START = '<!-- api:start -->';
const END = '<!-- api:end -->';

const scratch = mkdtempSync(join(tmpdir(), 'veratad-docs-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs scripts/docs.mjs from the repository root. */
function docsScript(...args: string[]) {
  const result = spawnSync(process.execPath, ['scripts/docs.mjs', ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scratchFile(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

const apiBlock = (page: string) => page.slice(page.indexOf(START), page.indexOf(END) + END.length);

describe('docs/element.md, API reference generated from custom-elements.json', () => {
  it('is up to date: `scripts/docs.mjs --check` passes on the committed page', () => {
    const { status, stdout, stderr } = docsScript('--check');
    assert.equal(status, 0, `${stderr}${stdout}`);
  });

  it('fails the check when the page is out of date, naming `npm run docs` and the first differing line', () => {
    const page = read('docs/element.md');
    const stale = page.replace('| `token-url` |', '| `token-uri` |');
    assert.notEqual(stale, page, 'the page documents token-url');
    const path = scratchFile('stale.md', stale);
    const { status, stderr } = docsScript('--check', '--page', path);
    assert.equal(status, 1);
    assert.match(stderr, /out of date/);
    assert.match(stderr, /npm run docs/);
    assert.match(stderr, /token-uri/);
    assert.equal(readFileSync(path, 'utf8'), stale, '--check writes nothing');
  });

  it('rewrites only what lies between the markers, keeping the prose around them', () => {
    const prose = '# Hand-written\n\nUsage | with a pipe.\n\n';
    const path = scratchFile('page.md', `${prose}${START}\nold table\n${END}\n\nAfter the block.\n`);
    const { status, stderr } = docsScript('--page', path);
    assert.equal(status, 0, stderr);
    const written = readFileSync(path, 'utf8');
    assert.ok(written.startsWith(prose));
    assert.ok(written.endsWith(`${END}\n\nAfter the block.\n`));
    assert.equal(apiBlock(written), apiBlock(read('docs/element.md')));
  });

  it('refuses a page without its markers', () => {
    const { status, stderr } = docsScript('--check', '--page', scratchFile('bare.md', '# No markers\n'));
    assert.equal(status, 1);
    assert.match(stderr, /api:start/);
  });

  describe('from a manifest of its own', () => {
    const element = {
      kind: 'class',
      name: 'DemoThing',
      tagName: 'demo-thing',
      customElement: true,
      summary: 'A thing.',
      attributes: [
        { name: 'zeta', fieldName: 'zeta', type: { text: "'a' | 'b' | undefined" }, description: 'Last | by name.' },
        { name: 'alpha', fieldName: 'alpha', type: { text: 'number' }, default: '1', description: 'First.' },
      ],
      members: [
        { kind: 'field', name: 'zeta', type: { text: "'a' | 'b' | undefined" } },
        { kind: 'field', name: 'alpha', type: { text: 'number' }, default: '1' },
        { kind: 'field', name: 'hook', type: { text: '(x: string) => void' }, description: 'JS only.' },
        { kind: 'method', name: 'go', parameters: [{ name: 'n', optional: true, type: { text: 'number' } }] },
        { kind: 'method', name: 'hidden', privacy: 'protected' },
      ],
      events: [
        { name: 'demo-b', type: { text: 'CustomEvent<B>' }, bubbles: true, composed: false, cancelable: true },
        { name: 'demo-a', type: { text: 'Event' }, bubbles: false, composed: false, cancelable: false },
      ],
      slots: [{ name: 'icon' }, { name: '', description: 'Content.' }],
    };
    const manifestWith = (declaration: object) =>
      scratchFile(
        `manifest-${Math.random().toString(36).slice(2)}.json`,
        JSON.stringify({
          schemaVersion: '1.0.0',
          modules: [{ kind: 'javascript-module', declarations: [declaration] }],
        }),
      );
    const generate = (declaration: object) => {
      const page = scratchFile(`page-${Math.random().toString(36).slice(2)}.md`, `${START}\n${END}\n`);
      const result = docsScript('--manifest', manifestWith(declaration), '--page', page);
      return { ...result, page: readFileSync(page, 'utf8') };
    };

    it('sorts rows by name, escapes pipes in every cell and leaves `| undefined` out of types', () => {
      const { status, stderr, page } = generate(element);
      assert.equal(status, 0, stderr);
      assert.ok(page.indexOf('| `alpha` |') < page.indexOf('| `zeta` |'), 'attributes by name');
      assert.ok(page.indexOf('| `demo-a` |') < page.indexOf('| `demo-b` |'), 'events by name');
      assert.ok(page.indexOf('| (default) |') < page.indexOf('| `icon` |'), 'the default slot first');
      assert.match(page, /\| `zeta` \| `zeta` \| `'a' \\\| 'b'` \| — \| Last \\\| by name\. \|/);
      assert.match(page, /\| `demo-b` \| `B` \| yes \| no \| yes \|/);
      assert.match(page, /\| `hook` \| `\(x: string\) => void` \| — \| JS only\. \|/);
      assert.match(page, /\| `go\(n\?: number\)` \|/);
      assert.doesNotMatch(page, /hidden/, 'protected members are not public API');
    });

    it('refuses to guess whether an event bubbles when the manifest does not say', () => {
      const { bubbles: _bubbles, ...unknown } = element.events[0];
      const { status, stderr } = generate({ ...element, events: [unknown] });
      assert.equal(status, 1);
      assert.match(stderr, /"demo-b" is bubbles/);
    });
  });
});

describe('README.md', () => {
  const readme = read('README.md');

  it('is at most 200 lines', () => {
    const lines = readme.trimEnd().split('\n').length;
    assert.ok(lines <= 200, `README.md has ${lines} lines`);
  });

  it('opens with the two commands, install included: the demo, then the tests', () => {
    const beforeSections = readme.slice(0, readme.search(/^## /m));
    const block = /^```sh\n([\s\S]*?)^```/m.exec(beforeSections);
    assert.ok(block, 'a sh code block before the first section');
    const commands = block[1]
      .trim()
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim());
    assert.deepEqual(commands, ['npm ci && npm run demo', 'npm ci && npm test']);
    assert.equal(/^```/m.exec(readme)?.index, block.index, 'no other code block comes first');
    assert.match(beforeSections, /CHROME_PATH[\s\S]*\/usr\/bin\/chromium[\s\S]*never downloads one/);
  });

  it('links every page of docs/, CONTRIBUTING.md included', () => {
    for (const page of readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md'))) {
      assert.ok(readme.includes(`](docs/${page})`), `README.md links docs/${page}`);
    }
  });
});

const DOC_FILES = [
  'README.md',
  'demo/simulator/README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Markdown without its fenced code blocks and inline code spans (links and headings in code are not real). */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, 'code');
}

/** GitHub's heading anchors of a markdown file, duplicates numbered as GitHub does. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, text] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = text
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[`*]/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count ? `${base}-${count}` : base);
  }
  return anchors;
}

describe('links and vocabulary in README.md and docs/', () => {
  it('every relative link points at a file that exists, and at a heading of it that exists', () => {
    const broken: string[] = [];
    for (const file of DOC_FILES) {
      for (const [, target] of prose(read(file)).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const resolved = path ? join(dirname(join(root, file)), decodeURIComponent(path)) : join(root, file);
        if (!existsSync(resolved)) {
          broken.push(`${file}: ${target} (no ${relative(root, resolved)})`);
          continue;
        }
        if (anchor && statSync(resolved).isFile() && resolved.endsWith('.md')) {
          if (!anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${file}: ${target} (no heading)`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });

  it('speaks the product vocabulary: SDK mode and link mode, no "way A/B", no issue numbers', () => {
    for (const file of DOC_FILES) {
      const text = read(file);
      assert.doesNotMatch(text, /\bway [AB]\b/i, file);
      assert.doesNotMatch(text, /\bissues?\s*#?\d+/i, file);
      assert.doesNotMatch(text, /\bthe issue\b/i, file);
    }
  });
});

describe('docs/CONTRIBUTING.md, dependencies', () => {
  it('gives every runtime and dev dependency of package.json a row with its reason', () => {
    const pkg = JSON.parse(read('package.json')) as Record<string, Record<string, string> | undefined>;
    const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
    const contributing = read('docs/CONTRIBUTING.md');
    const section = contributing.slice(contributing.indexOf('## Dependencies'));
    const reasons = new Map(
      [...section.matchAll(/^\| `([^`]+)` \| [^|]+ \| (.+) \|$/gm)].map(([, name, why]) => [name, why.trim()]),
    );
    const missing = names.filter((name) => !reasons.get(name));
    assert.deepEqual(missing, [], 'add a row `| `name` | dev | why |` to the Dependencies table');
  });
});
