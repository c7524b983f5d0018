/**
 * A menu button (WAI-ARIA menu pattern) as a reactive controller: open and close, arrow keys,
 * Home / End, Escape back to the button, and closing when focus or a press goes outside. The host
 * renders the button (`.button` selector) and, while {@link MenuController.open}, the items
 * (`[role="menuitem"]`) inside a wrapper (`.wrap` selector) that gets `@focusout=${menu.onFocusOut}`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where the menu's pieces are in the host's render root. */
export interface MenuSelectors {
  button: string;
  wrap: string;
}

export class MenuController implements ReactiveController {
  /** Whether the menu is open. */
  open = false;

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment },
    private readonly selectors: MenuSelectors,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    document.removeEventListener('pointerdown', this.onDocumentPointerDown, true);
  }

  private set(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    if (open) document.addEventListener('pointerdown', this.onDocumentPointerDown, true);
    else document.removeEventListener('pointerdown', this.onDocumentPointerDown, true);
    this.host.requestUpdate();
  }

  private items(): HTMLElement[] {
    return [...this.host.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  /** Opens (focusing the first item) or closes the menu. */
  readonly toggle = (): void => {
    this.set(!this.open);
    if (this.open) void this.host.updateComplete.then(() => this.items()[0]?.focus());
  };

  /** Closes the menu; focus goes back to its button unless `focusButton` is false. */
  close(focusButton = true): void {
    this.set(false);
    if (focusButton) void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(this.selectors.button)?.focus());
  }

  /** On the button: ↓ / ↑ open the menu. */
  readonly onButtonKeydown = (e: KeyboardEvent): void => {
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !this.open) {
      e.preventDefault();
      this.toggle();
    }
  };

  /** On the menu: arrows, Home / End, Escape, Tab. */
  readonly onMenuKeydown = (e: KeyboardEvent): void => {
    const items = this.items();
    const i = items.indexOf(e.target as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length];
      next?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      items[e.key === 'Home' ? 0 : items.length - 1]?.focus();
    } else if (e.key === 'Tab') {
      this.close(false);
    }
  };

  /** Focus moved elsewhere (Tab, a click on something focusable): the menu closes. */
  readonly onFocusOut = (e: FocusEvent): void => {
    const to = e.relatedTarget as Node | null;
    const wrap = e.currentTarget as HTMLElement;
    if (to && !wrap.contains(to)) queueMicrotask(() => this.set(false));
  };

  /** A press outside the menu closes it (buttons do not take focus on click everywhere). */
  private readonly onDocumentPointerDown = (e: PointerEvent): void => {
    const wrap = this.host.renderRoot.querySelector(this.selectors.wrap);
    if (wrap && !e.composedPath().includes(wrap)) this.set(false);
  };
}
