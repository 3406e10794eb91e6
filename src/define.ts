/** Registration of a custom element under a name the host chooses. */

/**
 * Registers `element` as `tagName` in `registry`. The same name and class again does nothing; a name that another
 * class holds throws, saying so.
 */
export function defineElement(element: CustomElementConstructor, tagName: string, registry: CustomElementRegistry) {
  const holder = registry.get(tagName);
  if (holder === element) return;
  if (holder) throw new Error(`<${tagName}> is already defined by another class: give define() another name.`);
  registry.define(tagName, element);
}
