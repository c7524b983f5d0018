/**
 * DOM helpers for play functions: chatdesk elements render into (open) shadow roots, which
 * `canvasElement.querySelector` and `textContent` do not enter.
 */

/**
 * Every element under `root` matching `selector`, shadow roots included (`root`'s own shadow root
 * first, then its light DOM).
 */
export function deepQueryAll<E extends Element = HTMLElement>(root: ParentNode, selector: string): E[] {
  const out: E[] = [];
  const walk = (node: ParentNode) => {
    for (const el of node.querySelectorAll('*')) {
      if (el.matches(selector)) out.push(el as E);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  if (root instanceof Element && root.shadowRoot) walk(root.shadowRoot);
  walk(root);
  return out;
}

/** The first element under `root` matching `selector`, shadow roots included. */
export function deepQuery<E extends Element = HTMLElement>(root: ParentNode, selector: string): E | null {
  return deepQueryAll<E>(root, selector)[0] ?? null;
}

/** The text shown under `node`, shadow roots included (its own first; styles and scripts left out). */
export function deepText(node: Node): string {
  let text = '';
  const walk = (n: Node) => {
    if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
    for (const child of n.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) text += child.textContent ?? '';
      else if (child instanceof Element) {
        if (child.localName === 'style' || child.localName === 'script' || child.localName === 'template') continue;
        walk(child);
      }
    }
  };
  walk(node);
  return text.replace(/\s+/g, ' ');
}

/** Waits until every custom element under `root` (shadow roots included) has rendered. */
export async function allUpdated(root: ParentNode): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const pending = deepQueryAll<Element & { updateComplete?: Promise<boolean> }>(root, '*')
      .filter((el) => el.localName.includes('-'))
      .map((el) => el.updateComplete)
      .filter((p): p is Promise<boolean> => !!p);
    if ((await Promise.all(pending)).every(Boolean)) return;
  }
}
