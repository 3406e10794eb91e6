// A Vite plugin that compacts the element's templates at build time, so the sources stay readable (and formatted
// by Prettier) while the bundle carries no indentation: html`` text and the style sheet's text.
import type { Plugin } from 'vite';

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}
interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * One piece of an html`` template. A whitespace run holding a line break is the source's layout: it goes
 * entirely between two tags and at the template's outer ends, and becomes one space anywhere else (where it may
 * separate words or inline content). Runs without a line break are left as written.
 */
export function compactHtml(text: string, atStart: boolean, atEnd: boolean): string {
  return text.replace(/\s*\n\s*/g, (run, offset: number) => {
    const before = text[offset - 1];
    const after = text[offset + run.length];
    const outerEdge = (before === undefined && atStart) || (after === undefined && atEnd);
    return outerEdge || (before === '>' && after === '<') ? '' : ' ';
  });
}

/** A style sheet's text without comments and layout whitespace (a space before `:` is kept: it is a combinator). */
export function compactCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

function* walk(node: Node): Generator<Node> {
  yield node;
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) yield* walk(item);
    } else if (isNode(value)) {
      yield* walk(value);
    }
  }
}

function quasisOf(template: Node): Node[] {
  return template.quasis as Node[];
}

/** The edits that compact every html`` template of a module, and, in a style module, its plain templates. */
export function templateEdits(program: Node, code: string, styleModule: boolean): Edit[] {
  const edits: Edit[] = [];
  const html = new Set<Node>();
  for (const node of walk(program)) {
    const tag = node.tag as Node | undefined;
    if (node.type === 'TaggedTemplateExpression' && tag?.type === 'Identifier' && tag.name === 'html') {
      const quasis = quasisOf(node.quasi as Node);
      html.add(node.quasi as Node);
      quasis.forEach((quasi, index) => {
        const raw = code.slice(quasi.start, quasi.end);
        const text = compactHtml(raw, index === 0, index === quasis.length - 1);
        if (text !== raw) edits.push({ start: quasi.start, end: quasi.end, text });
      });
    }
  }
  if (styleModule) {
    for (const node of walk(program)) {
      if (node.type !== 'TemplateLiteral' || html.has(node) || (node.expressions as Node[]).length) continue;
      const [quasi] = quasisOf(node);
      if (quasi)
        edits.push({ start: quasi.start, end: quasi.end, text: compactCss(code.slice(quasi.start, quasi.end)) });
    }
  }
  return edits;
}

function applyEdits(code: string, edits: Edit[]): string {
  let result = code;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

/** Compacts html`` templates in `src/` and the template text of `src/styles.ts` (the element's style sheet). */
export function compactTemplates(): Plugin {
  return {
    name: 'compact-templates',
    transform(code, id) {
      if (!id.includes('/src/') || id.includes('/node_modules/')) return null;
      const styleModule = id.endsWith('/src/styles.ts');
      if (!styleModule && !code.includes('html`')) return null;
      const edits = templateEdits(this.parse(code) as unknown as Node, code, styleModule);
      return edits.length ? { code: applyEdits(code, edits), map: null } : null;
    },
  };
}
