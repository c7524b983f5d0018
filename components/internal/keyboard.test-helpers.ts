/**
 * Helpers of the keyboard scripts (element tests): where focus is, through shadow roots, and
 * whether a sighted keyboard user can see it. Test-only.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { deepActiveElement } from './focus.js';

export { deepActiveElement };

/** A readable description of an element, for failure messages. */
export function describeEl(el: Element | null): string {
  if (!el) return 'nothing';
  const name = el.getAttribute('aria-label') ?? el.getAttribute('title') ?? el.textContent?.replace(/\s+/g, ' ').trim().slice(0, 40) ?? '';
  const cls = el.getAttribute('class')?.trim().split(/\s+/).slice(0, 2).join('.') ?? '';
  return `<${el.localName}${cls ? `.${cls}` : ''}>${name ? ` "${name}"` : ''}`;
}

/**
 * Whether the focused element shows a focus indicator a sighted user can see: it is on screen
 * (has a size, is not clipped away from the viewport) and it, or one of its three nearest
 * ancestors (a field's frame), draws an outline.
 */
export function focusIndicatorVisible(el: Element): { ok: boolean; why: string } {
  const rect = el.getBoundingClientRect();
  if (rect.width < 1 || rect.height < 1) return { ok: false, why: `${describeEl(el)} has no size` };
  if (rect.bottom <= 0 || rect.right <= 0 || rect.top >= innerHeight || rect.left >= innerWidth) return { ok: false, why: `${describeEl(el)} is off screen` };
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden') return { ok: false, why: `${describeEl(el)} is invisible` };
  let node: Element | null = el;
  for (let i = 0; node && i < 4; i++) {
    const s = getComputedStyle(node);
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) return { ok: true, why: '' };
    const parent: Node | null = node.parentNode;
    node = parent instanceof ShadowRoot ? parent.host : (parent as Element | null);
  }
  return { ok: false, why: `${describeEl(el)} draws no focus outline` };
}

/**
 * Waits until focus is on an element that `match` accepts (a selector tried on the focused
 * element, or a predicate), then asserts it is visible. Returns the focused element.
 */
export async function expectFocus(match: string | ((el: Element) => boolean), step: string): Promise<HTMLElement> {
  const test = typeof match === 'string' ? (el: Element) => el.matches(match) : match;
  try {
    await waitUntil(
      () => {
        const el = deepActiveElement();
        return !!el && el !== document.body && test(el);
      },
      '',
      { timeout: 5000, interval: 20 },
    );
  } catch {
    expect.fail(`${step}: focus should be on ${typeof match === 'string' ? match : 'the expected element'}, but is on ${describeEl(deepActiveElement())}`);
  }
  const el = deepActiveElement() as HTMLElement;
  const seen = focusIndicatorVisible(el);
  expect(seen.ok, `${step}: ${seen.why}`).to.equal(true);
  return el;
}

/** Presses a key (or a combination: `Alt+ArrowDown`, `Shift+Tab`) with real input events. */
export async function press(combo: string): Promise<void> {
  const parts = combo === '+' ? ['+'] : combo.split('+');
  const key = parts.pop()!;
  for (const m of parts) await sendKeys({ down: m });
  try {
    await sendKeys({ press: key });
  } finally {
    for (const m of parts.reverse()) await sendKeys({ up: m });
  }
}

/** Types text with real input events. */
export async function type(text: string): Promise<void> {
  await sendKeys({ type: text });
}
