/**
 * Controls and docs from the custom-elements manifest (custom-elements.json, `npm run analyze`).
 *
 * Storybook's web-components renderer turns a manifest declaration into argTypes by itself; what
 * it leaves rough is fixed here, so no story has to hand-write argTypes:
 *
 * - private, protected and static members are dropped from the manifest (they are no API);
 * - a property typed as a union of string literals (or `Locale`, `ChatdeskTheme`) gets a radio/select control;
 * - object-typed properties (the `client`...), getters, events, slots and parts are listed in the
 *   table without a meaningless "object" control;
 * - CSS custom properties get a text control (a colour picker for colour tokens) and
 *   {@link applyCssPropertyArgs} sets them on the story's elements;
 * - every event of the manifest is logged in the Actions panel ({@link logManifestEvents}).
 */
import type { StoryContext, WebComponentsRenderer } from '@storybook/web-components-vite';
import type { ArgTypesEnhancer, StrictArgTypes } from 'storybook/internal/types';
import { LOCALES } from '../components/i18n.js';

interface CemMember {
  kind?: string;
  name: string;
  privacy?: string;
  static?: boolean;
  readonly?: boolean;
  type?: { text?: string };
}
interface CemDeclaration {
  kind?: string;
  name?: string;
  tagName?: string;
  members?: CemMember[];
  events?: { name: string }[];
  cssProperties?: { name: string }[];
}
interface CemModule {
  path: string;
  declarations?: CemDeclaration[];
}
/** The part of the manifest schema read here. */
export interface CustomElementsManifest {
  schemaVersion: string;
  modules: CemModule[];
}

const isPublic = (m: CemMember): boolean => !m.static && (m.privacy ?? 'public') === 'public' && !m.name.startsWith('#') && !m.name.startsWith('_');

/** The manifest without private, protected and static members. */
export function publicManifest(manifest: CustomElementsManifest): CustomElementsManifest {
  return {
    ...manifest,
    modules: manifest.modules.map((mod) => ({
      ...mod,
      declarations: mod.declarations?.map((d) => (d.members ? { ...d, members: d.members.filter(isPublic) } : d)),
    })),
  };
}

/** The declaration of a tag, if the manifest has it. */
export function declarationOf(manifest: CustomElementsManifest, tag: unknown): CemDeclaration | undefined {
  if (typeof tag !== 'string') return undefined;
  for (const mod of manifest.modules) for (const d of mod.declarations ?? []) if (d.tagName === tag) return d;
  return undefined;
}

/** Known type aliases whose values are a closed list. */
const ALIASES: Record<string, readonly string[]> = { Locale: LOCALES, ChatdeskTheme: ['light', 'dark', 'auto'] };

/** The literal values of a type text like `'light' | 'dark'` (`undefined`/`null` ignored), or null. */
export function literalUnion(text: string | undefined): string[] | null {
  if (!text) return null;
  const values: string[] = [];
  for (const raw of text.split('|')) {
    const part = raw.trim();
    if (part === '' || part === 'undefined' || part === 'null') continue;
    const quoted = /^(['"])(.*)\1$/.exec(part);
    if (quoted?.[2] !== undefined) values.push(quoted[2]);
    else if (ALIASES[part]) values.push(...ALIASES[part]);
    else return null;
  }
  return values.length ? values : null;
}

const PRIMITIVE = /^(string|number|boolean)(\s*\|\s*(undefined|null))*$/;

/** An argTypes enhancer: controls that fit each manifest entry (never overriding a story's own). */
export const manifestControls =
  (manifest: CustomElementsManifest): ArgTypesEnhancer<WebComponentsRenderer> =>
  (context) => {
    const argTypes: StrictArgTypes = { ...context.argTypes };
    const readonly = new Set((declarationOf(manifest, context.component)?.members ?? []).filter((m) => m.readonly).map((m) => m.name));
    for (const [key, argType] of Object.entries(argTypes)) {
      if (!argType || argType.control !== undefined) continue;
      if (readonly.has(key)) {
        argTypes[key] = { ...argType, control: false };
        continue;
      }
      const category = argType.table?.category;
      const typeText = argType.table?.type?.summary;
      if (category === 'css custom properties' || (category === undefined && key.startsWith('--'))) {
        argTypes[key] = { ...argType, type: { name: 'string' }, control: { type: /-color|-bg\b|-background/.test(key) ? 'color' : 'text' } };
      } else if (category === 'events' || category === 'slots' || category === 'css shadow parts') {
        argTypes[key] = { ...argType, control: false };
      } else if (category === 'properties' || category === 'attributes') {
        const values = literalUnion(typeText);
        if (values) {
          argTypes[key] = { ...argType, type: { name: 'enum', value: values }, options: values, control: { type: values.length <= 4 ? 'inline-radio' : 'select' } };
        } else if (!typeText || !PRIMITIVE.test(typeText)) {
          // Objects (the client, data records) and getters: documented, not edited from a text box.
          argTypes[key] = { ...argType, control: false };
        } else {
          argTypes[key] = { ...argType, type: { name: typeText.split('|')[0]!.trim() as 'string' | 'number' | 'boolean' } };
        }
      }
    }
    return argTypes;
  };

/**
 * Sets the story's CSS custom property args (`--*`) on every element of the story's component
 * (custom properties declared on `:host` are only overridden on the element itself).
 */
export function applyCssPropertyArgs(context: StoryContext): void {
  const tag = context.component;
  if (typeof tag !== 'string') return;
  const props = Object.entries(context.args).filter(([k]) => k.startsWith('--'));
  if (!props.length) return;
  requestAnimationFrame(() => {
    for (const el of context.canvasElement.querySelectorAll<HTMLElement>(tag)) {
      for (const [name, value] of props) {
        if (value === undefined || value === null || value === '') el.style.removeProperty(name);
        else el.style.setProperty(name, String(value));
      }
    }
  });
}

interface EventLog {
  context: StoryContext;
  names: Set<string>;
}
const eventLogs = new WeakMap<HTMLElement, EventLog>();

/** The arg Storybook's actions create for an event of the manifest (`dialog-select` -> `onDialogSelect`). */
const actionArg = (event: string): string => {
  const camel = event.replace(/(-|_|:|\.|\s)+(.)?/g, (_m, _s, chr: string | undefined) => (chr ? chr.toUpperCase() : ''));
  return `on${camel.charAt(0).toUpperCase()}${camel.slice(1)}`;
};

/** Logs every manifest event of the story's component in the Actions panel. */
export function logManifestEvents(manifest: CustomElementsManifest, context: StoryContext): void {
  const decl = declarationOf(manifest, context.component);
  if (!decl?.events?.length) return;
  const root = context.canvasElement;
  let log = eventLogs.get(root);
  if (!log) eventLogs.set(root, (log = { context, names: new Set() }));
  log.context = context;
  for (const { name } of decl.events) {
    if (log.names.has(name)) continue;
    log.names.add(name);
    const current = log;
    root.addEventListener(name, (event) => {
      const handler = current.context.args[actionArg(name)];
      if (typeof handler === 'function') handler((event as CustomEvent).detail);
    });
  }
}
