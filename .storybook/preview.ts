/**
 * What every chatdesk story gets:
 *
 * - toolbar globals `theme` (light, dark, auto: the system's `prefers-color-scheme`), `locale` (en, es, ru: the
 *   lazy es/ru strings are loaded before the story renders) and `role` (administrator,
 *   operator);
 * - a backend: the real backend core in-process with the shared demo data, signed in as the
 *   toolbar's role: `context.loaded.client` and `context.loaded.backend` (in render, decorators,
 *   play and the story's own `beforeEach`). A story (or a component) whose own `loaders` return
 *   `{ client, backend }` (e.g. `storyBackend({...})` of stories/support/backend.ts) keeps its
 *   own: the default one is only made, in the project's `beforeEach` after every loader ran, for
 *   stories that brought none. `parameters: { chatdesk: { backend: false } }` skips it;
 * - a global decorator: the story inside `<chat-provider .client locale theme>`, and the page's
 *   background and text colour from the theme's `--chatdesk-*` tokens;
 * - controls and docs from the custom-elements manifest (`npm run analyze`), no hand-written
 *   argTypes.
 *
 * Backends live as long as their story: re-rendering the story for a control change keeps it (so
 * what a designer did there stays), a role change or leaving the story disposes it.
 */
import { setCustomElementsManifest, type Decorator, type Preview, type StoryContext } from '@storybook/web-components-vite';
import { html } from 'lit';
import manifest from '../custom-elements.json';
import { isLocale, loadLocale, type Locale } from '../components/i18n.js';
import { DARK_TOKENS, LIGHT_TOKENS, tokenDeclarations } from '../components/styles.js';
import '../src/define.js';
import { applyCssPropertyArgs, logManifestEvents, manifestControls, publicManifest, type CustomElementsManifest } from './manifest.js';
import { createStoryBackend, disposeStoryBackend, isDisposed, type StoryBackend, type StoryRole } from '../stories/support/backend.js';
import { configure } from 'storybook/test';

// A play function's `waitFor` gives up after 1 s by default. A story renders through the
// in-process backend, and on a loaded machine (CI on 2 cores) that can take longer; 5 s still
// ends a wait as soon as its condition holds.
configure({ asyncUtilTimeout: 5000 });

const elements = publicManifest(manifest as CustomElementsManifest);
setCustomElementsManifest(elements);

type Theme = 'light' | 'dark' | 'auto';

const themeOf = (v: unknown): Theme => (v === 'dark' || v === 'auto' ? v : 'light');
const localeOf = (v: unknown): Locale => (isLocale(v) ? v : 'en');
const roleOf = (v: unknown): StoryRole => (v === 'operator' ? 'operator' : 'administrator');

// ------------------------------------------------------------------------------------------------
// Backends per story

interface StoryBackends {
  /** The default backend and the role it was made for. */
  fallback?: { role: StoryRole; value: StoryBackend };
  /** Every backend this story has rendered with (its own loaders' included). */
  seen: Set<StoryBackend>;
}

const byStory = new Map<string, StoryBackends>();

function entryOf(storyId: string): StoryBackends {
  let entry = byStory.get(storyId);
  if (!entry) byStory.set(storyId, (entry = { seen: new Set() }));
  return entry;
}

const dispose = (sb: StoryBackend): void => {
  if (!isDisposed(sb)) disposeStoryBackend(sb);
};

/**
 * How many story backends are alive (created and not yet disposed). The stories test reads it
 * after each story to catch a backend (and its timers) outliving its story.
 */
function liveBackends(): number {
  const alive = new Set<StoryBackend['backend']>();
  for (const entry of byStory.values()) {
    for (const b of [...entry.seen, ...(entry.fallback ? [entry.fallback.value] : [])]) if (!isDisposed(b)) alive.add(b.backend);
  }
  return alive.size;
}
Object.defineProperty(globalThis, '__chatdeskLiveBackends', { value: liveBackends, configurable: true });

function isStoryBackend(v: unknown): v is StoryBackend {
  const o = v as Partial<StoryBackend> | null;
  return !!o && typeof o === 'object' && !!o.client && !!o.backend;
}

/**
 * Before every render, after the loaders: gives the story the default backend when no loader of
 * its own returned `{ client, backend }` (so no backend is made for nothing), retires backends an
 * earlier render of the story used, and returns the cleanup that disposes them all when the story
 * goes away.
 */
async function storyBackends(context: StoryContext): Promise<() => void> {
  const entry = entryOf(context.id);
  const loaded = context.loaded as Partial<StoryBackend>;
  const wanted = (context.parameters['chatdesk'] as { backend?: boolean } | undefined)?.backend !== false;
  if (!isStoryBackend(loaded) && wanted) {
    const role = roleOf(context.globals['role']);
    if (!entry.fallback || entry.fallback.role !== role || isDisposed(entry.fallback.value)) {
      if (entry.fallback) dispose(entry.fallback.value);
      entry.fallback = { role, value: await createStoryBackend({ role }) };
    }
    loaded.client = entry.fallback.value.client;
    loaded.backend = entry.fallback.value.backend;
    loaded.data = entry.fallback.value.data;
  }
  if (isStoryBackend(loaded)) {
    const current = [...entry.seen].find((b) => b.backend === loaded.backend) ?? { client: loaded.client, backend: loaded.backend };
    for (const b of entry.seen) {
      if (b !== current) {
        dispose(b);
        entry.seen.delete(b);
      }
    }
    entry.seen.add(current);
  }
  // Runs when the story goes away (another story selected, docs page closed).
  return () => {
    if (byStory.get(context.id) !== entry) return;
    byStory.delete(context.id);
    for (const b of entry.seen) dispose(b);
    if (entry.fallback) dispose(entry.fallback.value);
  };
}

// ------------------------------------------------------------------------------------------------
// Theme, language and provider

const PAGE_STYLE_ID = 'chatdesk-story-theme';

/** Themes the whole preview page (story view): tokens on `body`, its background and text colour. */
function applyPageTheme(theme: Theme, locale: Locale): void {
  document.documentElement.lang = locale;
  let style = document.getElementById(PAGE_STYLE_ID);
  if (!style) {
    style = document.createElement('style');
    style.id = PAGE_STYLE_ID;
    document.head.append(style);
  }
  const tokens = theme === 'dark' ? { ...LIGHT_TOKENS, ...DARK_TOKENS } : LIGHT_TOKENS;
  style.textContent = `
    html { color-scheme: ${theme === 'auto' ? 'light dark' : theme}; }
    body {
      ${tokenDeclarations(tokens)}
      background: var(--chatdesk-color-bg);
      color: var(--chatdesk-color-text);
      font-family: var(--chatdesk-font-family);
      font-size: var(--chatdesk-font-size);
    }
    ${theme === 'auto' ? `@media (prefers-color-scheme: dark) { body { ${tokenDeclarations(DARK_TOKENS)} } }` : ''}`;
}

const withChatProvider: Decorator = (story, context) => {
  const loaded = context.loaded as Partial<StoryBackend>;
  const theme = themeOf(context.globals.theme);
  const locale = localeOf(context.globals.locale);
  applyCssPropertyArgs(context);
  logManifestEvents(elements, context);
  if (context.viewMode === 'story') {
    applyPageTheme(theme, locale);
    return html`<chat-provider .client=${loaded.client} locale=${locale} theme=${theme}>${story()}</chat-provider>`;
  }
  // Docs pages show many stories: each gets its own themed surface.
  return html`<chat-provider .client=${loaded.client} locale=${locale} theme=${theme}>
    <div
      lang=${locale}
      style="background: var(--chatdesk-color-bg); color: var(--chatdesk-color-text); font-family: var(--chatdesk-font-family); padding: var(--chatdesk-space, 8px); border-radius: var(--chatdesk-radius)"
    >
      ${story()}
    </div>
  </chat-provider>`;
};

// ------------------------------------------------------------------------------------------------

const preview: Preview = {
  tags: ['autodocs'],
  globalTypes: {
    theme: {
      description: 'Colour theme of every element (the `theme` of <chat-provider>)',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
          { value: 'auto', title: 'Auto (system)', icon: 'mirror' },
        ],
        dynamicTitle: true,
      },
    },
    locale: {
      description: 'UI language (the `locale` of <chat-provider>)',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          { value: 'en', right: 'EN', title: 'English' },
          { value: 'es', right: 'ES', title: 'Español' },
          { value: 'ru', right: 'RU', title: 'Русский' },
        ],
        dynamicTitle: true,
      },
    },
    role: {
      description: 'Who is signed in: the administrator sees every dialog, an operator only theirs',
      toolbar: {
        title: 'Role',
        icon: 'user',
        items: [
          { value: 'administrator', title: 'Administrator (Ana García)' },
          { value: 'operator', title: 'Operator (María López)' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light', locale: 'en', role: 'administrator' },
  argTypesEnhancers: [manifestControls(elements)],
  // es and ru are lazy chunks: load the toolbar's language before the story renders (as a host
  // that wants no English frame does), so stories and their play functions see it at once.
  loaders: [
    async (context: StoryContext) => {
      await loadLocale(localeOf(context.globals.locale));
      return {};
    },
  ],
  beforeEach: storyBackends,
  decorators: [withChatProvider],
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'requiredFirst' },
    // The page background follows the theme global; the backgrounds toolbar would fight it.
    backgrounds: { disable: true },
    docs: { toc: true },
    options: { storySort: { order: ['Introduction', 'Guides', ['Plain HTML', 'React', 'Vue', 'Angular', 'Svelte', 'Theming', 'Localization'], 'Inbox', 'Elements', 'Theming', '*'] } },
  },
};

export default preview;
