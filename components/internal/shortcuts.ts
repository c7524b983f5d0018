/**
 * The keyboard shortcut scheme shared by chatdesk elements: which keys do what, how a host
 * remaps or turns them off, and how a key press is matched.
 *
 * Where the keys are set, later wins:
 * 1. the built-in {@link DEFAULT_SHORTCUTS};
 * 2. page-wide: {@link setShortcuts} (e.g. `setShortcuts(false)` when the CRM has its own keys);
 * 3. an enclosing `<chat-inbox shortcuts=…>`, for everything inside it;
 * 4. the element's own `shortcuts` property (`<chat-window shortcuts="none">`).
 *
 * A layer is `false` (every shortcut off) or a map from action to keys: a string, a list of
 * strings, or `null` / `false` for "off". Keys are written `Alt+ArrowDown`, `Shift+F6`, `Mod+K`
 * (`Mod` is Cmd on Apple devices, Ctrl elsewhere), `?`, `R`: modifiers `Ctrl`, `Alt`, `Shift`,
 * `Meta`, `Mod`, then a `KeyboardEvent.key` value.
 */
import { ContextConsumer, createContext } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { atom } from 'nanostores';

/** Every remappable action. */
export const SHORTCUT_ACTIONS = ['nextPane', 'previousPane', 'previousDialog', 'nextDialog', 'previousUnread', 'nextUnread', 'jumpToDialog', 'help', 'quote', 'quickReply'] as const;

/**
 * A remappable action: `nextPane` / `previousPane` (F6 / Shift+F6: list, chat, client block),
 * `previousDialog` / `nextDialog` (Alt+↑ / Alt+↓), `previousUnread` / `nextUnread`
 * (Alt+Shift+↑ / Alt+Shift+↓), `jumpToDialog` (Mod+K), `help` (?), and on a focused message
 * `quote` (R) and `quickReply` (Q).
 */
export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number];

/** The built-in keys of every action. */
export const DEFAULT_SHORTCUTS: Readonly<Record<ShortcutAction, readonly string[]>> = {
  nextPane: ['F6'],
  previousPane: ['Shift+F6'],
  previousDialog: ['Alt+ArrowUp'],
  nextDialog: ['Alt+ArrowDown'],
  previousUnread: ['Alt+Shift+ArrowUp'],
  nextUnread: ['Alt+Shift+ArrowDown'],
  jumpToDialog: ['Mod+K'],
  help: ['?'],
  quote: ['R'],
  quickReply: ['Q'],
};

/** The keys of one action: one, several, or none (`null` / `false`). */
export type ShortcutKeys = string | readonly string[] | null | false;

/** Keys per action (actions left out keep theirs). */
export type ShortcutMap = Partial<Record<ShortcutAction, ShortcutKeys>>;

/** A layer of configuration: `false` turns every shortcut off, a map changes some. */
export type ShortcutConfig = ShortcutMap | false;

/**
 * Reads the `shortcuts` attribute: `none` / `off` / `false` turn every shortcut off; otherwise
 * JSON such as `{"jumpToDialog": "Mod+J", "help": null}`.
 */
export const shortcutsAttribute = {
  fromAttribute(value: string | null): ShortcutConfig | undefined {
    if (value === null) return undefined;
    const v = value.trim();
    if (v === '' || v === 'default') return undefined;
    if (v === 'none' || v === 'off' || v === 'false') return false;
    try {
      const parsed: unknown = JSON.parse(v);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as ShortcutMap;
    } catch {
      // reported below
    }
    console.warn(`chatdesk: the shortcuts attribute must be "none" or a JSON object of action → keys; ignoring ${JSON.stringify(value)}.`);
    return undefined;
  },
  toAttribute(value: ShortcutConfig | undefined): string | null {
    if (value === undefined) return null;
    return value === false ? 'none' : JSON.stringify(value);
  },
};

/** The page-wide layer, set with {@link setShortcuts}. */
export const $pageShortcuts = atom<ShortcutConfig | undefined>(undefined);

/**
 * Sets the keys of every chatdesk element on the page: `setShortcuts(false)` turns them all off
 * (a CRM with its own shortcuts), `setShortcuts({ jumpToDialog: 'Mod+J', help: null })` changes
 * some, `setShortcuts(undefined)` restores the defaults. Elements update at once.
 */
export function setShortcuts(config: ShortcutConfig | undefined): void {
  $pageShortcuts.set(config);
}

/** What an enclosing `<chat-inbox>` gives the elements inside it. */
export interface ShortcutScope {
  /** The inbox's layer of configuration. */
  config: ShortcutConfig | undefined;
  /** The inbox handles pane, dialog and help keys itself (the elements inside leave them alone). */
  managed: boolean;
}

/** Context through which `<chat-inbox>` passes its shortcuts to the elements inside. */
export const shortcutScopeContext = createContext<ShortcutScope | undefined>(Symbol.for('chatdesk.shortcuts'));

/** Resolved keys of every action. */
export type ResolvedShortcuts = Readonly<Record<ShortcutAction, readonly string[]>>;

/** Applies layers of configuration over the defaults (later layers win). */
export function resolveShortcuts(...layers: ReadonlyArray<ShortcutConfig | undefined>): ResolvedShortcuts {
  const out: Record<ShortcutAction, readonly string[]> = { ...DEFAULT_SHORTCUTS };
  for (const layer of layers) {
    if (layer === undefined) continue;
    if (layer === false) {
      for (const a of SHORTCUT_ACTIONS) out[a] = [];
      continue;
    }
    for (const a of SHORTCUT_ACTIONS) {
      if (!(a in layer)) continue;
      const keys = layer[a];
      out[a] = keys === null || keys === false || keys === undefined ? [] : typeof keys === 'string' ? [keys] : [...keys];
    }
  }
  return out;
}

/** Whether the page runs on an Apple device (`Mod` is Cmd there). */
export function isApple(): boolean {
  if (typeof navigator === 'undefined') return false;
  const platform = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform ?? '';
  return /mac|iphone|ipad|ipod/i.test(platform);
}

interface Combo {
  key: string;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

const combos = new Map<string, Combo | null>();

/** Parses `Alt+Shift+ArrowDown`; `null` when it names no key. */
function parseCombo(text: string, apple = isApple()): Combo | null {
  const cacheKey = `${apple ? 'a' : 'o'}${text}`;
  let combo = combos.get(cacheKey);
  if (combo !== undefined) return combo;
  // `+` itself may be the key: `Ctrl++`.
  const parts = text.trim().split(/\+(?!$)/);
  const key = parts.pop() ?? '';
  combo = { key, ctrl: false, alt: false, shift: false, meta: false };
  for (const p of parts) {
    switch (p.trim().toLowerCase()) {
      case 'ctrl':
      case 'control':
        combo.ctrl = true;
        break;
      case 'alt':
      case 'option':
        combo.alt = true;
        break;
      case 'shift':
        combo.shift = true;
        break;
      case 'meta':
      case 'cmd':
        combo.meta = true;
        break;
      case 'mod':
        if (apple) combo.meta = true;
        else combo.ctrl = true;
        break;
      default:
        combo = null;
    }
    if (!combo) break;
  }
  if (combo && !combo.key) combo = null;
  combos.set(cacheKey, combo);
  return combo;
}

/** Whether a key press matches one combination such as `Alt+ArrowDown`. */
export function matchesCombo(e: KeyboardEvent, text: string): boolean {
  const c = parseCombo(text);
  if (!c) return false;
  if (e.ctrlKey !== c.ctrl || e.altKey !== c.alt || e.metaKey !== c.meta) return false;
  const key = c.key;
  if (key.toLowerCase() === 'space') return e.key === ' ' && e.shiftKey === c.shift;
  if (key.length === 1 && !/[\p{L}\p{N}]/u.test(key)) {
    // A symbol such as `?`: typed with Shift on most layouts, so Shift is part of the symbol.
    return e.key === key;
  }
  if (e.shiftKey !== c.shift) return false;
  if (key.length === 1) {
    const want = key.toLowerCase();
    if (e.key.toLowerCase() === want) return true;
    // Alt+letter types another character on some systems: fall back to the physical key.
    return /^[a-z]$/.test(want) ? e.code === `Key${want.toUpperCase()}` : /^[0-9]$/.test(want) ? e.code === `Digit${want}` : false;
  }
  return e.key.toLowerCase() === key.toLowerCase();
}

const KEY_NAMES: Record<string, string> = {
  arrowup: '↑',
  arrowdown: '↓',
  arrowleft: '←',
  arrowright: '→',
  escape: 'Esc',
  space: 'Space',
  ' ': 'Space',
};

/** The parts of a combination as shown on keycaps: `['Alt', 'Shift', '↓']`. */
export function keyCaps(text: string, apple = isApple()): string[] {
  const c = parseCombo(text, apple);
  if (!c) return [text];
  const caps: string[] = [];
  if (c.ctrl) caps.push(apple ? '⌃' : 'Ctrl');
  if (c.alt) caps.push(apple ? '⌥' : 'Alt');
  if (c.shift) caps.push(apple ? '⇧' : 'Shift');
  if (c.meta) caps.push(apple ? '⌘' : 'Meta');
  caps.push(KEY_NAMES[c.key.toLowerCase()] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key));
  return caps;
}

/** A combination as text for a tooltip: `Alt+↓`, `Ctrl+K`, `R`. */
export function keyLabel(text: string, apple = isApple()): string {
  return keyCaps(text, apple).join(apple ? '' : '+');
}

/** A combination in the syntax of `aria-keyshortcuts`: `Alt+ArrowDown`, `Control+K`. */
export function ariaKeyShortcut(text: string, apple = isApple()): string {
  const c = parseCombo(text, apple);
  if (!c) return text;
  const parts: string[] = [];
  if (c.ctrl) parts.push('Control');
  if (c.alt) parts.push('Alt');
  if (c.shift) parts.push('Shift');
  if (c.meta) parts.push('Meta');
  parts.push(c.key.length === 1 ? c.key.toUpperCase() : c.key);
  return parts.join('+');
}

/** Whether a key press happens while the operator types (a text field, an editable region, a select). */
export function isTyping(e: Event): boolean {
  const target = e.composedPath()[0];
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(target.type);
  return target.getAttribute('role') === 'combobox' || target.getAttribute('role') === 'textbox';
}

/** An element that has a `shortcuts` property (its own layer). */
export interface ShortcutHost extends ReactiveControllerHost, HTMLElement {
  shortcuts?: ShortcutConfig;
}

/**
 * The keys an element uses, resolved from every layer and kept up to date (the element
 * re-renders when the page-wide or the inbox's configuration changes).
 */
export class ShortcutsController implements ReactiveController {
  private scope: ShortcutScope | undefined;
  private resolved: ResolvedShortcuts | null = null;
  private inputs: [ShortcutConfig | undefined, ShortcutScope | undefined, ShortcutConfig | undefined] | null = null;
  private off: (() => void) | null = null;

  constructor(private readonly host: ShortcutHost) {
    new ContextConsumer(host, {
      context: shortcutScopeContext,
      subscribe: true,
      callback: (scope) => {
        this.scope = scope;
        host.requestUpdate();
      },
    });
    host.addController(this);
  }

  hostConnected(): void {
    this.off = $pageShortcuts.listen(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.off?.();
    this.off = null;
  }

  /** Whether an enclosing `<chat-inbox>` handles the pane, dialog and help keys. */
  get managed(): boolean {
    return !!this.scope?.managed;
  }

  /** The resolved keys of every action. */
  get all(): ResolvedShortcuts {
    const page = $pageShortcuts.get();
    const own = this.host.shortcuts;
    const i = this.inputs;
    if (!this.resolved || !i || i[0] !== page || i[1] !== this.scope || i[2] !== own) {
      this.inputs = [page, this.scope, own];
      this.resolved = resolveShortcuts(page, this.scope?.config, own);
    }
    return this.resolved;
  }

  /** The keys of an action (empty when it is off). */
  keys(action: ShortcutAction): readonly string[] {
    return this.all[action];
  }

  /** Whether a key press is one of the action's keys. */
  matches(e: KeyboardEvent, action: ShortcutAction): boolean {
    return this.all[action].some((k) => matchesCombo(e, k));
  }

  /** The first key of an action as text (`Alt+↓`), or `''` when it is off. */
  label(action: ShortcutAction): string {
    const k = this.all[action][0];
    return k ? keyLabel(k) : '';
  }

  /** The action's keys for `aria-keyshortcuts`, or `undefined` when it is off. */
  aria(action: ShortcutAction): string | undefined {
    const keys = this.all[action];
    return keys.length ? keys.map((k) => ariaKeyShortcut(k)).join(' ') : undefined;
  }
}
