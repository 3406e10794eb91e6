// The build's template compaction (scripts/compact-templates.ts): the bundle must render what the source renders.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSync } from 'vite';
import { compactCss, compactHtml, templateEdits } from '../../scripts/compact-templates.js';

/** Runs the plugin's edits over a module's source, as the build does. */
function compactModule(code: string, styleModule = false): string {
  const { program } = parseSync('module.js', code);
  const root = program as unknown as Parameters<typeof templateEdits>[0];
  let result = code;
  for (const edit of templateEdits(root, code, styleModule).sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

describe('compactHtml', () => {
  it('drops line breaks and indentation between tags and at the template ends', () => {
    assert.equal(compactHtml('\n  <div>\n    <p>x</p>\n  </div>\n', true, true), '<div><p>x</p></div>');
  });

  it('keeps one space where a line break separates words or an expression', () => {
    assert.equal(compactHtml('<p>Hello\n    world</p>', true, true), '<p>Hello world</p>');
    assert.equal(compactHtml('</p>\n  ', false, false), '</p> ');
    assert.equal(compactHtml('\n  <b>', false, true), ' <b>');
  });

  it('leaves whitespace without a line break as written', () => {
    assert.equal(compactHtml('<p>a  b</p> <i>c</i>', true, true), '<p>a  b</p> <i>c</i>');
  });
});

describe('compactCss', () => {
  it('removes comments and layout whitespace but keeps the space of a descendant combinator', () => {
    const css =
      '\n  /* note */\n  :host {\n    width: var(--w, 100%);\n  }\n  a :hover,\n  b > c {\n    color: red;\n  }\n';
    assert.equal(compactCss(css), ':host{width:var(--w,100%)}a :hover,b>c{color:red}');
  });
});

describe('templateEdits', () => {
  it('compacts html templates, nested ones included, and leaves other strings alone', () => {
    const code = [
      'const keep = `\\n  <p>untouched</p>\\n`;',
      'const view = (ok) => html`',
      '  <div part="status">',
      '    ${ok ? html`<button type="button">Try\n      again</button>` : nothing}',
      '  </div>',
      '`;',
    ].join('\n');
    const out = compactModule(code);
    assert.ok(out.includes('const keep = `\\n  <p>untouched</p>\\n`;'), out);
    assert.ok(
      out.includes('html`<div part="status"> ${ok ? html`<button type="button">Try again</button>` : nothing} </div>`'),
      out,
    );
  });

  it('compacts the plain template text of the style module only', () => {
    const code = 'export const styles = unsafeCSS(`\n  :host {\n    display: block;\n  }\n`);';
    assert.equal(compactModule(code), code);
    assert.equal(compactModule(code, true), 'export const styles = unsafeCSS(`:host{display:block}`);');
  });

  it('keeps positions right after non-ASCII text', () => {
    const code = "const t = 'Loading…'; const v = html`\n  <p>${t}</p>\n`;";
    assert.equal(compactModule(code), "const t = 'Loading…'; const v = html`<p>${t}</p>`;");
  });
});
