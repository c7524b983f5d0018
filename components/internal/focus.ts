/** Focus helpers that see through shadow roots. */

/** The focused element, looking into open shadow roots (`document.activeElement` stops at a host). */
export function deepActiveElement(root: Document | ShadowRoot = document): Element | null {
  let el = root.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/** Whether `node` is inside `container`, crossing shadow roots (and slots) upwards. */
export function deepContains(container: Node, node: Node | null): boolean {
  let n: Node | null = node;
  while (n) {
    if (n === container) return true;
    n = n instanceof ShadowRoot ? n.host : ((n as Element).assignedSlot ?? n.parentNode);
  }
  return false;
}

const FOCUSABLE = 'a[href], button, input:not([type="hidden"]), select, textarea, [tabindex], summary';

/** Whether an element takes part in the Tab order (not disabled, not hidden, not inert). */
export function isTabbable(el: HTMLElement): boolean {
  if (!el.matches(FOCUSABLE)) return false;
  if ((el as HTMLButtonElement).disabled) return false;
  if (el.tabIndex < 0) return false;
  if (el.closest('[inert]')) return false;
  if (el.hasAttribute('hidden')) return false;
  return el.getClientRects().length > 0;
}

/** The tabbable elements of a root (its light DOM; shadow roots are not entered), in order. */
export function tabbables(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(isTabbable);
}

/**
 * Remembers where focus is (a window is about to open) and returns what puts it back. When the
 * element itself was re-rendered meanwhile (a feed or a list redraws its rows), its successor is
 * found by the same identity in the same shadow root: `id`, `data-key`, or `data-action` with
 * `data-id`. The function says whether focus went back.
 */
export function rememberFocus(): () => boolean {
  const el = deepActiveElement();
  if (!(el instanceof HTMLElement) || el === document.body) return () => false;
  const root = el.getRootNode() as Document | ShadowRoot;
  const attr = (name: string) => el.getAttribute(name);
  const css = (v: string) => (typeof CSS !== 'undefined' ? CSS.escape(v) : v);
  const selector = attr('id')
    ? `#${css(attr('id')!)}`
    : attr('data-key')
      ? `${el.localName}[data-key="${css(attr('data-key')!)}"]`
      : attr('data-id')
        ? `${el.localName}[data-id="${css(attr('data-id')!)}"]${attr('data-action') ? `[data-action="${css(attr('data-action')!)}"]` : ''}`
        : null;
  return () => {
    const target = el.isConnected ? el : selector ? root.querySelector<HTMLElement>(selector) : null;
    if (!target) return false;
    target.focus();
    return deepActiveElement() === target;
  };
}

/** The `<dialog>` around an element, across shadow roots. */
export function enclosingDialog(el: Element): HTMLDialogElement | null {
  let node: Node | null = el.parentNode;
  while (node) {
    if (node instanceof HTMLDialogElement) return node;
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return null;
}
