// `cem analyze` (run by `npm run build` and `npm run docs`) reads this file. The plugins below make the manifest
// describe the public API only, so editors and docs/element.md (scripts/docs.mjs) need no clean-up of their own.
// They are generic: they know no field, event or constant of this project by name.

export default {
  // The modules that declare the element's public surface: the class, its settings superclass, the registration
  // and the event types. A new module that adds public API to the element (a superclass, a dispatching helper, an
  // exported constant used as a default) belongs here too.
  globs: ['src/veratad-verify.ts', 'src/settings.ts', 'src/index.ts', 'src/events.ts'],
  outdir: '.',
  litelement: true,
  // package.json already points "customElements" at the file; the analyzer must not rewrite package.json.
  packagejson: false,
  plugins: [
    documentedEventsOnly(),
    eventInit(),
    resolveStringConstants(),
    publicApiOnly(),
    attributesFromFields(),
    shippedPaths('src/', 'dist/lib/'),
  ],
};

/** Every class declaration of the manifest, with its module. */
function* classesOf(manifest) {
  for (const module of manifest.modules ?? []) {
    for (const declaration of module.declarations ?? []) {
      if (declaration.kind === 'class' || declaration.kind === 'mixin') yield declaration;
    }
  }
}

/** The comment text of a JSDoc tag, whatever shape the TypeScript version gives it. */
function tagText(tag) {
  const { comment } = tag;
  if (typeof comment === 'string') return comment;
  return (comment ?? []).map((part) => part.text ?? '').join('');
}

/**
 * Keeps only the events a class documents with `@fires` or `@event` (its own or an ancestor's). The analyzer also
 * reports every `this.dispatchEvent(new CustomEvent(x))` it sees, and when `x` is a variable (a typed `emit(name,
 * detail)` helper) it invents an event named after the variable. An undocumented event is not API.
 */
function documentedEventsOnly() {
  const documented = new Map(); // class name → Set of event names from its JSDoc
  return {
    name: 'veratad: documented events only',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const names = new Set();
      for (const tag of ts.getJSDocTags(node)) {
        if (tag.tagName.text !== 'fires' && tag.tagName.text !== 'event') continue;
        const name = eventNameOf(tagText(tag));
        if (name) names.add(name);
      }
      documented.set(node.name.text, names);
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of classesOf(customElementsManifest)) {
        if (!declaration.events) continue;
        declaration.events = declaration.events.filter((event) => {
          const owner = event.inheritedFrom?.name ?? declaration.name;
          return documented.get(owner)?.has(event.name) ?? false;
        });
      }
    },
  };
}

/** `{Type} name - description` (the type is optional and may hold nested braces) → `name`. */
function eventNameOf(text) {
  let rest = text.trim();
  if (rest.startsWith('{')) {
    let depth = 0;
    let end = 0;
    for (; end < rest.length; end++) {
      if (rest[end] === '{') depth++;
      else if (rest[end] === '}' && --depth === 0) break;
    }
    rest = rest.slice(end + 1).trim();
  }
  return /^[\w:.-]+/.exec(rest)?.[0];
}

const EVENT_INIT_KEYS = ['bubbles', 'composed', 'cancelable'];

/**
 * Adds `bubbles`, `composed` and `cancelable` to each event, read from the code that creates it:
 * `new CustomEvent('name', {…})` or `new Event('name', {…})`. When the name is a variable (one typed helper
 * dispatches every event), the options of that `this.dispatchEvent(new CustomEvent(name, {…}))` apply to every
 * event that has no literal of its own, provided all such helpers agree. A key left out of the options is `false`
 * (the DOM default); one that is not a `true`/`false` literal stays unknown, and so does an event whose creation
 * is not found: scripts/docs.mjs then refuses to guess.
 */
function eventInit() {
  const byName = new Map(); // event name → init
  const shared = new Map(); // JSON of an init used with a variable name → init
  return {
    name: 'veratad: event init from code',
    analyzePhase({ ts, node }) {
      if (!ts.isNewExpression(node) || !ts.isIdentifier(node.expression)) return;
      if (node.expression.text !== 'CustomEvent' && node.expression.text !== 'Event') return;
      const [nameArg, initArg] = node.arguments ?? [];
      if (!nameArg) return;
      const init = readInit(ts, initArg);
      if (ts.isStringLiteralLike(nameArg)) {
        byName.set(nameArg.text, init);
        return;
      }
      const call = node.parent;
      const dispatched =
        call && ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression)
          ? call.expression.name.text === 'dispatchEvent'
          : false;
      if (dispatched) shared.set(JSON.stringify(init), init);
    },
    packageLinkPhase({ customElementsManifest }) {
      const fallback = shared.size === 1 ? [...shared.values()][0] : undefined;
      for (const declaration of classesOf(customElementsManifest)) {
        for (const event of declaration.events ?? []) {
          const init = byName.get(event.name) ?? fallback;
          if (!init) continue;
          for (const key of EVENT_INIT_KEYS) if (init[key] !== undefined) event[key] = init[key];
        }
      }
    },
  };
}

/** The three flags of an EventInit expression: `true`/`false`, or undefined when the code does not say. */
function readInit(ts, expression) {
  const init = Object.fromEntries(EVENT_INIT_KEYS.map((key) => [key, false]));
  if (!expression) return init;
  if (!ts.isObjectLiteralExpression(expression)) return {};
  const spread = expression.properties.some((property) => ts.isSpreadAssignment(property));
  if (spread) for (const key of EVENT_INIT_KEYS) init[key] = undefined;
  for (const property of expression.properties) {
    const key = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name));
    if (!key || !EVENT_INIT_KEYS.includes(property.name.text)) continue;
    const value = ts.isPropertyAssignment(property) ? property.initializer.kind : undefined;
    init[property.name.text] =
      value === ts.SyntaxKind.TrueKeyword ? true : value === ts.SyntaxKind.FalseKeyword ? false : undefined;
  }
  return init;
}

/**
 * Where the manifest holds the name of an exported string constant (`export const X = '…'`) instead of a value,
 * writes the value: defaults of attributes and members (as the quoted literal, like any other default), the tag
 * of a `customElements.define(X, …)` definition and a class's `tagName`. A name two modules export with different
 * values is left alone.
 */
function resolveStringConstants() {
  return {
    name: 'veratad: resolve string constants',
    packageLinkPhase({ customElementsManifest }) {
      const constants = new Map(); // name → quoted literal, or null when ambiguous
      for (const module of customElementsManifest.modules ?? []) {
        const exported = new Set((module.exports ?? []).map((entry) => entry.declaration?.name));
        for (const declaration of module.declarations ?? []) {
          if (declaration.kind !== 'variable' || !exported.has(declaration.name)) continue;
          if (stringValue(declaration.default) === undefined) continue;
          const known = constants.get(declaration.name);
          constants.set(
            declaration.name,
            known === undefined || known === declaration.default ? declaration.default : null,
          );
        }
      }
      const quoted = (name) => (typeof name === 'string' ? constants.get(name) : undefined) ?? undefined;
      for (const module of customElementsManifest.modules ?? []) {
        for (const declaration of module.declarations ?? []) {
          for (const item of [...(declaration.attributes ?? []), ...(declaration.members ?? [])]) {
            if (quoted(item.default)) item.default = quoted(item.default);
          }
          if (quoted(declaration.tagName)) declaration.tagName = stringValue(quoted(declaration.tagName));
        }
        for (const entry of module.exports ?? []) {
          if (entry.kind === 'custom-element-definition' && quoted(entry.name))
            entry.name = stringValue(quoted(entry.name));
        }
      }
    },
  };
}

/** `'text'`, `"text"` or `` `text` `` (no escapes, no substitutions) → `text`; anything else → undefined. */
function stringValue(literal) {
  const match = typeof literal === 'string' ? /^(['"`])([^'"`\\]*)\1$/.exec(literal) : null;
  return match && !(match[1] === '`' && match[2].includes('${')) ? match[2] : undefined;
}

const isPrivateName = (name) => name.startsWith('_') || name.startsWith('#');

/**
 * Drops what is not public API: members that are `private`, `#private` or `_`-prefixed, and the attributes the
 * analyzer derives from them (Lit's `state: true` fields get an attribute named after the field).
 */
function publicApiOnly() {
  return {
    name: 'veratad: public API only',
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of classesOf(customElementsManifest)) {
        const hidden = new Set(
          (declaration.members ?? [])
            .filter((member) => member.privacy === 'private' || isPrivateName(member.name))
            .map((member) => member.name),
        );
        if (declaration.members) declaration.members = declaration.members.filter((m) => !hidden.has(m.name));
        if (declaration.attributes) {
          declaration.attributes = declaration.attributes.filter(
            (attribute) =>
              !isPrivateName(attribute.name) &&
              !(attribute.fieldName && (hidden.has(attribute.fieldName) || isPrivateName(attribute.fieldName))),
          );
        }
      }
    },
  };
}

/**
 * Links an attribute documented with `@attr` to the public property of the same (camelCased) name, and gives every
 * attribute the type, default and description of its property when it has none of its own.
 */
function attributesFromFields() {
  const camel = (name) => name.replace(/-([a-z0-9])/g, (_, letter) => letter.toUpperCase());
  return {
    name: 'veratad: attributes from fields',
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of classesOf(customElementsManifest)) {
        const fields = new Map(
          (declaration.members ?? []).filter((m) => m.kind === 'field' && !m.static).map((m) => [m.name, m]),
        );
        for (const attribute of declaration.attributes ?? []) {
          if (!attribute.fieldName && fields.has(camel(attribute.name))) attribute.fieldName = camel(attribute.name);
          const field = attribute.fieldName && fields.get(attribute.fieldName);
          if (!field) continue;
          for (const key of ['type', 'default', 'description']) {
            if (attribute[key] === undefined && field[key] !== undefined) attribute[key] = field[key];
          }
        }
      }
    },
  };
}

/**
 * Points every module path and module reference at the file the package ships (`src/x.ts` → `dist/lib/x.js`, the
 * unbundled build of the same module), since the package does not ship `src/`.
 */
function shippedPaths(sourceDir, shippedDir) {
  const shipped = (path) => {
    const relative = path.replace(/^\//, '');
    if (!relative.startsWith(sourceDir)) return path;
    return shippedDir + relative.slice(sourceDir.length).replace(/\.ts$/, '.js');
  };
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'path' || key === 'module') && typeof value === 'string') node[key] = shipped(value);
      else visit(value);
    }
  };
  return {
    name: 'veratad: paths of the shipped files',
    packageLinkPhase({ customElementsManifest }) {
      visit(customElementsManifest.modules);
    },
  };
}
