/**
 * `<chat-provider>`: gives every chatdesk element inside it the `ChatClient`, the UI language and
 * the colour theme. Every story of this Storybook already runs inside one (the toolbar's theme and
 * language globals); these stories document the provider itself and the theme tokens.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { isLocale, type Locale } from '../components/i18n.js';
import type { ChatClient } from '../sdk/client.js';
import { specimen, swatchTable, themeStyle } from './support/specimen.js';

interface ProviderArgs {
  theme: 'light' | 'dark';
  locale: Locale | undefined;
  noAutostart: boolean;
}

const localeOf = (v: unknown): Locale => (isLocale(v) ? v : 'en');

const meta = {
  title: 'Theming/chat-provider',
  component: 'chat-provider',
  parameters: {
    docs: {
      description: {
        component:
          'Wrap chatdesk elements in `<chat-provider>` and give it a `client` (from `createChatClient`). Set `theme="dark"` for the dark values of every `--chatdesk-*` token, `locale` for the language (es, en, ru). Any token can also be set in your own CSS on the provider, on any ancestor, or on one element.',
      },
    },
  },
} satisfies Meta<ProviderArgs>;

export default meta;
type Story = StoryObj<ProviderArgs>;

/**
 * The provider with its own theme and language (independent of the toolbar), around a specimen of
 * the tokens. Change `theme` and `locale` in the controls.
 */
export const Provider: Story = {
  args: { theme: 'dark', locale: 'es', noAutostart: false },
  render: (args, { loaded }) => html`<chat-provider
    .client=${loaded['client'] as ChatClient | undefined}
    theme=${args.theme}
    locale=${ifDefined(args.locale)}
    ?no-autostart=${args.noAutostart}
    style=${themeStyle(args.theme)}
  >
    ${specimen(localeOf(args.locale))}
  </chat-provider>`,
};

/** Every public token with its light and dark value. */
export const TokenSwatches: Story = {
  name: 'Token swatches',
  parameters: { controls: { disable: true }, chatdesk: { backend: false } },
  render: (_args, { globals }) => swatchTable(localeOf(globals['locale'])),
};

/** The specimen in both themes, side by side. */
export const LightAndDark: Story = {
  name: 'Light and dark',
  parameters: { controls: { disable: true }, chatdesk: { backend: false } },
  render: (_args, { globals }) => {
    const locale = localeOf(globals['locale']);
    return html`<div style="display: flex; flex-wrap: wrap; gap: 16px;">
      ${(['light', 'dark'] as const).map((theme) => html`<chat-provider theme=${theme} locale=${locale} style=${themeStyle(theme)}>${specimen(locale)}</chat-provider>`)}
    </div>`;
  },
};

interface CustomThemeArgs {
  '--chatdesk-color-accent': string;
  '--chatdesk-color-accent-text': string;
  '--chatdesk-color-bubble-out': string;
  '--chatdesk-color-bubble-out-text': string;
  '--chatdesk-radius': string;
  '--chatdesk-font-family': string;
}

/**
 * A brand theme: the host sets a few tokens on an ancestor. Edit them in the controls; the
 * specimen (and every element) follows.
 */
export const CustomTheme: StoryObj<CustomThemeArgs> = {
  name: 'Custom brand theme',
  parameters: { controls: { include: /^--/ }, chatdesk: { backend: false } },
  args: {
    '--chatdesk-color-accent': '#0b6e4f',
    '--chatdesk-color-accent-text': '#ffffff',
    '--chatdesk-color-bubble-out': '#d7f2e6',
    '--chatdesk-color-bubble-out-text': '#0a2e21',
    '--chatdesk-radius': '16px',
    '--chatdesk-font-family': 'Georgia, "Times New Roman", serif',
  },
  render: (args, { globals }) => {
    const style = Object.entries(args)
      .map(([k, v]) => `${k}: ${v};`)
      .join(' ');
    return html`<div style=${style}>${specimen(localeOf(globals['locale']))}</div>`;
  },
};
