// npm run docs: rewrites the API reference of docs/element.md (the part between the api:start and api:end markers)
// from custom-elements.json. `npm run docs` refreshes the manifest first; this script only reads it.
//
//   node scripts/docs.mjs            write the block
//   node scripts/docs.mjs --check    change nothing; exit 1 with a message when the block is out of date
//   --manifest <file> --page <file>  other files than custom-elements.json and docs/element.md (used by the tests)
//
// Everything in the block comes from the manifest, i.e. from the JSDoc in src/ as the analyzer plugins in
// custom-elements-manifest.config.mjs leave it. Rows are sorted by name so the page only changes when the API does.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const START = '<!-- api:start -->';
export const END = '<!-- api:end -->';

const NOTE =
  '<!-- Generated from custom-elements.json by `npm run docs`. Edit the JSDoc in src/, then rerun it; ' +
  'hand edits here are overwritten. -->';

/** The markdown between the markers (markers excluded) for every custom element in the manifest. */
export function renderApi(manifest) {
  const elements = (manifest.modules ?? [])
    .flatMap((module) => module.declarations ?? [])
    .filter((declaration) => declaration.customElement && declaration.tagName)
    .sort(byKey((declaration) => declaration.tagName));
  if (!elements.length) throw new Error('custom-elements.json declares no custom element (no class with a tag name).');
  const parts = [NOTE];
  for (const element of elements) parts.push(...renderElement(element, elements.length > 1));
  return `\n${parts.join('\n\n')}\n\n`;
}

function renderElement(element, several) {
  const heading = several ? '###' : '##';
  const sub = several ? '####' : '###';
  const fields = (element.members ?? []).filter((member) => member.kind === 'field' && isPublic(member));
  const fieldByName = new Map(fields.map((field) => [field.name, field]));
  const attributes = [...(element.attributes ?? [])].sort(byKey((attribute) => attribute.name));
  const withAttribute = new Set(attributes.map((attribute) => attribute.fieldName).filter(Boolean));
  const properties = fields
    .filter((field) => !field.attribute && !withAttribute.has(field.name))
    .sort(byKey((field) => field.name));
  const methods = (element.members ?? [])
    .filter((member) => member.kind === 'method' && isPublic(member))
    .sort(byKey((method) => method.name));
  const events = [...(element.events ?? [])].sort(byKey((event) => event.name));
  const slots = [...(element.slots ?? [])].sort(byKey((slot) => (slot.name ? `1${slot.name}` : '0')));
  const parts = [...(element.cssParts ?? [])].sort(byKey((part) => part.name));
  const cssProperties = [...(element.cssProperties ?? [])].sort(byKey((property) => property.name));

  const intro = [`Class \`${element.name}\`.`, oneLine(element.summary)].filter(Boolean).join(' ');
  return [
    `${heading} API reference: \`<${element.tagName}>\``,
    intro,
    `${sub} Attributes`,
    table(
      ['Attribute', 'Property', 'Type', 'Default', 'Description'],
      attributes.map((attribute) => {
        const field = fieldByName.get(attribute.fieldName);
        const property = attribute.fieldName
          ? `${code(attribute.fieldName)}${field?.readonly ? ' (read-only)' : ''}`
          : '—';
        return [
          code(attribute.name),
          property,
          typeOf(attribute),
          valueOf(attribute.default),
          oneLine(attribute.description),
        ];
      }),
    ),
    `${sub} JavaScript-only properties`,
    table(
      ['Property', 'Type', 'Default', 'Description'],
      properties.map((field) => [
        `${code(memberName(element, field))}${field.readonly ? ' (read-only)' : ''}`,
        typeOf(field),
        valueOf(field.default),
        oneLine(field.description),
      ]),
    ),
    `${sub} Methods`,
    table(
      ['Method', 'Description'],
      methods.map((method) => [code(signature(element, method)), oneLine(method.description)]),
    ),
    `${sub} Events`,
    table(
      ['Event', 'Detail', 'Bubbles', 'Composed', 'Cancelable', 'Description'],
      events.map((event) => [
        code(event.name),
        detailOf(event.type?.text),
        flag(event, 'bubbles'),
        flag(event, 'composed'),
        flag(event, 'cancelable'),
        oneLine(event.description),
      ]),
    ),
    `${sub} Slots`,
    table(
      ['Slot', 'Description'],
      slots.map((slot) => [slot.name ? code(slot.name) : '(default)', oneLine(slot.description)]),
    ),
    `${sub} CSS parts`,
    table(
      ['Part', 'Description'],
      parts.map((part) => [code(part.name), oneLine(part.description)]),
    ),
    `${sub} CSS custom properties`,
    table(
      ['Property', 'Default', 'Description'],
      cssProperties.map((property) => [code(property.name), valueOf(property.default), oneLine(property.description)]),
    ),
  ];
}

const isPublic = (member) => (member.privacy ?? 'public') === 'public' && !/^[_#]/.test(member.name);
const byKey = (key) => (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
const memberName = (element, member) => (member.static ? `${element.name}.${member.name}` : member.name);

function signature(element, method) {
  const parameters = (method.parameters ?? [])
    .map((p) => `${p.rest ? '...' : ''}${p.name}${p.optional ? '?' : ''}${p.type?.text ? `: ${p.type.text}` : ''}`)
    .join(', ');
  const returns = method.return?.type?.text ? `: ${method.return.type.text}` : '';
  return `${memberName(element, method)}(${parameters})${returns}`;
}

/** The declared type without `| undefined`: an unset optional shows as an empty default instead. */
function typeOf(item) {
  const text = item.type?.text;
  if (!text) return '—';
  const parts = text.split(' | ').filter((part) => part !== 'undefined');
  return code(parts.join(' | ') || text);
}

const valueOf = (value) => (value === undefined || value === '' ? '—' : code(value));

/** `CustomEvent<Detail>` → `Detail`; a plain `Event` carries none. */
function detailOf(type) {
  if (!type) return '—';
  const match = /^CustomEvent<(.+)>$/.exec(type);
  if (match) return code(match[1]);
  return type === 'Event' || type === 'CustomEvent' ? '—' : code(type);
}

function flag(event, key) {
  if (typeof event[key] !== 'boolean') {
    throw new Error(
      `custom-elements.json does not say whether "${event.name}" is ${key}. The analyzer plugin eventInit ` +
        '(custom-elements-manifest.config.mjs) reads it from `new CustomEvent(name, {bubbles, composed, cancelable})`; ' +
        'make the event that way, or teach the plugin where it is made now.',
    );
  }
  return event[key] ? 'yes' : 'no';
}

const oneLine = (text) => (text ?? '').replace(/\s*\n\s*/g, ' ').trim();

/** A code span that survives any backticks inside it. */
function code(text) {
  const longest = Math.max(0, ...(String(text).match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A markdown table, pipes escaped in every cell (code spans included: tables split on them otherwise). */
function table(headers, rows) {
  if (!rows.length) return 'None.';
  const cell = (text) => String(text).replace(/\|/g, '\\|');
  const line = (cells) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** The page with its API block replaced; throws when the markers are missing, repeated or out of order. */
export function withApi(page, api) {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  const single = (marker, at) => at !== -1 && page.indexOf(marker, at + marker.length) === -1;
  if (!single(START, start) || !single(END, end) || end < start) {
    throw new Error(`the page must hold ${START} and then ${END}, once each`);
  }
  return page.slice(0, start + START.length) + api + page.slice(end);
}

/** The first line where two texts differ, for the --check message. */
function firstDifference(actual, expected) {
  const a = actual.split('\n');
  const b = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { line: i + 1, actual: a[i] ?? '(end of file)', expected: b[i] ?? '(end of file)' };
  }
  return undefined;
}

function main(args) {
  const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
  const manifestPath = option('--manifest', 'custom-elements.json');
  const pagePath = option('--page', 'docs/element.md');
  const check = args.includes('--check');
  if (!existsSync(manifestPath)) {
    return fail(`${manifestPath} not found: run \`npm run build\` (or \`npm run docs\`) first.`);
  }
  let page;
  let next;
  try {
    page = readFileSync(pagePath, 'utf8');
    next = withApi(page, renderApi(JSON.parse(readFileSync(manifestPath, 'utf8'))));
  } catch (error) {
    return fail(`${pagePath}: ${error.message}`);
  }
  if (check) {
    const difference = firstDifference(page, next);
    if (!difference) return console.log(`${pagePath} is up to date with ${manifestPath}.`);
    return fail(
      `${pagePath} is out of date: its API block differs from what ${manifestPath} gives. ` +
        'Run `npm run docs` and commit the result.\n' +
        `  first difference, line ${difference.line}:\n` +
        `    page:      ${difference.actual}\n` +
        `    generated: ${difference.expected}`,
    );
  }
  if (next === page) return console.log(`${pagePath} was already up to date.`);
  writeFileSync(pagePath, next);
  console.log(`${pagePath}: API reference regenerated from ${manifestPath}.`);
}

function fail(message) {
  console.error(`docs: ${message}`);
  process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
