/**
 * Story helpers for theming: a specimen of the tokens (surfaces, text, bubbles, buttons, notices)
 * and a swatch table of the light and dark values. Every colour comes through `--chatdesk-*`
 * tokens; every visible word is localized (the story's locale global).
 */
import { html, type TemplateResult } from 'lit';
import { translate, type Bundle, type Locale } from '../../components/i18n.js';
import { DARK_TOKENS, LIGHT_TOKENS, tokenDeclarations, type TokenName } from '../../components/styles.js';

const en = {
  title: 'Theme specimen',
  muted: 'Secondary text, timestamps and hints',
  incoming: 'Hello! Where is my order?',
  outgoing: 'It left the warehouse this morning.',
  bot: 'The sales bot answers out of hours.',
  primary: 'Send',
  secondary: 'Cancel',
  danger: 'Block client',
  warning: 'The client has been waiting for 47 minutes.',
  error: 'The messenger integration returned an error.',
  success: 'Delivered',
  link: 'Open the order',
  badge: 'unread',
  token: 'Token',
  light: 'Light',
  dark: 'Dark',
  swatchCaption: 'Every public token with its light and dark value. Set any of them on an ancestor (or on one element) to theme chatdesk.',
};
const es: typeof en = {
  title: 'Muestra del tema',
  muted: 'Texto secundario, horas y sugerencias',
  incoming: '¡Hola! ¿Dónde está mi pedido?',
  outgoing: 'Salió del almacén esta mañana.',
  bot: 'El bot de ventas responde fuera de horario.',
  primary: 'Enviar',
  secondary: 'Cancelar',
  danger: 'Bloquear cliente',
  warning: 'El cliente lleva 47 minutos esperando.',
  error: 'La integración con el mensajero devolvió un error.',
  success: 'Entregado',
  link: 'Abrir el pedido',
  badge: 'sin leer',
  token: 'Token',
  light: 'Claro',
  dark: 'Oscuro',
  swatchCaption: 'Todos los tokens públicos con su valor claro y oscuro. Defina cualquiera en un ancestro (o en un elemento) para cambiar el tema de chatdesk.',
};
const ru: typeof en = {
  title: 'Образец темы',
  muted: 'Второстепенный текст, время и подсказки',
  incoming: 'Здравствуйте! Где мой заказ?',
  outgoing: 'Он уехал со склада сегодня утром.',
  bot: 'Бот продаж отвечает в нерабочее время.',
  primary: 'Отправить',
  secondary: 'Отмена',
  danger: 'Заблокировать клиента',
  warning: 'Клиент ждёт уже 47 минут.',
  error: 'Интеграция с мессенджером вернула ошибку.',
  success: 'Доставлено',
  link: 'Открыть заказ',
  badge: 'непрочитано',
  token: 'Токен',
  light: 'Светлая',
  dark: 'Тёмная',
  swatchCaption: 'Все публичные токены со светлым и тёмным значением. Задайте любой из них на предке (или на одном элементе), чтобы изменить тему chatdesk.',
};

/** Strings of the theming stories. */
export const specimenStrings: Bundle<keyof typeof en> = { en, es, ru };

const t = (locale: Locale, key: keyof typeof en) => translate(specimenStrings, locale, key);

/** The values of a theme: every token, dark ones over light ones. */
export function themeTokens(theme: 'light' | 'dark'): Record<TokenName, string> {
  return theme === 'dark' ? { ...LIGHT_TOKENS, ...DARK_TOKENS } : { ...LIGHT_TOKENS };
}

/** Inline declarations of a whole theme (for a panel that must not inherit the page's theme). */
export const themeStyle = (theme: 'light' | 'dark'): string => tokenDeclarations(themeTokens(theme));

const bubble = (bg: string, fg: string, align: 'start' | 'end') =>
  `margin: 0; max-inline-size: 80%; align-self: ${align === 'start' ? 'flex-start' : 'flex-end'}; padding: 6px 10px; border-radius: var(--chatdesk-radius); background: var(${bg}); color: var(${fg});`;

const button = (bg: string, fg: string, border: string) =>
  `font: inherit; padding: 6px 12px; border-radius: var(--chatdesk-radius); border: 1px solid var(${border}); background: var(${bg}); color: var(${fg});`;

/** A card drawn only with tokens: what a theme looks like before any element is placed. */
export function specimen(locale: Locale, label = t(locale, 'title')): TemplateResult {
  return html`<section
    aria-label=${label}
    style="display: flex; flex-direction: column; gap: var(--chatdesk-space); padding: calc(2 * var(--chatdesk-space)); inline-size: min(100%, 360px);
      background: var(--chatdesk-color-bg); color: var(--chatdesk-color-text); border: 1px solid var(--chatdesk-color-border);
      border-radius: var(--chatdesk-radius); font-family: var(--chatdesk-font-family); font-size: var(--chatdesk-font-size);"
  >
    <h3 style="margin: 0; font-size: 1.1em; display: flex; align-items: center; gap: var(--chatdesk-space);">
      ${label}
      <span
        style="display: inline-block; min-inline-size: 20px; padding: 0 6px; border-radius: 10px; text-align: center; font-size: var(--chatdesk-font-size-small);
          background: var(--chatdesk-color-badge); color: var(--chatdesk-color-badge-text);"
        >3 <span style="position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip: rect(0 0 0 0);">${t(locale, 'badge')}</span></span
      >
    </h3>
    <p style="margin: 0; color: var(--chatdesk-color-text-muted); font-size: var(--chatdesk-font-size-small);">${t(locale, 'muted')}</p>
    <div style="display: flex; flex-direction: column; gap: 6px; padding: var(--chatdesk-space); background: var(--chatdesk-color-surface); border-radius: var(--chatdesk-radius);">
      <p style=${bubble('--chatdesk-color-bubble-in', '--chatdesk-color-bubble-in-text', 'start')}>${t(locale, 'incoming')}</p>
      <p style=${bubble('--chatdesk-color-bubble-out', '--chatdesk-color-bubble-out-text', 'end')}>${t(locale, 'outgoing')}</p>
      <p style=${bubble('--chatdesk-color-bubble-bot', '--chatdesk-color-bubble-in-text', 'start')}>${t(locale, 'bot')}</p>
      <p style="margin: 0; align-self: flex-end; font-size: var(--chatdesk-font-size-small); color: var(--chatdesk-color-success);">✓✓ ${t(locale, 'success')}</p>
    </div>
    <p style="margin: 0; padding: 6px 10px; border-radius: var(--chatdesk-radius); background: var(--chatdesk-color-warning-bg); color: var(--chatdesk-color-warning);">${t(locale, 'warning')}</p>
    <p style="margin: 0; padding: 6px 10px; border-radius: var(--chatdesk-radius); background: var(--chatdesk-color-danger-bg); color: var(--chatdesk-color-danger);">${t(locale, 'error')}</p>
    <a href="#specimen" style="color: var(--chatdesk-color-link);" @click=${(e: Event) => e.preventDefault()}>${t(locale, 'link')}</a>
    <div style="display: flex; flex-wrap: wrap; gap: var(--chatdesk-space);">
      <button type="button" style=${button('--chatdesk-color-accent', '--chatdesk-color-accent-text', '--chatdesk-color-accent')}>${t(locale, 'primary')}</button>
      <button type="button" style=${button('--chatdesk-color-bg', '--chatdesk-color-text', '--chatdesk-color-border')}>${t(locale, 'secondary')}</button>
      <button type="button" style=${button('--chatdesk-color-danger', '--chatdesk-color-bg', '--chatdesk-color-danger')}>${t(locale, 'danger')}</button>
    </div>
  </section>`;
}

const isColour = (name: string) => name.startsWith('--chatdesk-color-');

function sample(name: TokenName, value: string): TemplateResult {
  if (isColour(name)) {
    return html`<span style="display: inline-flex; align-items: center; gap: 8px;">
      <span style="inline-size: 40px; block-size: 24px; border-radius: 4px; border: 1px solid var(--chatdesk-color-border); background: ${value};"></span>
      <code>${value}</code>
    </span>`;
  }
  if (name === '--chatdesk-radius') {
    return html`<span style="display: inline-flex; align-items: center; gap: 8px;">
      <span style="inline-size: 40px; block-size: 24px; border: 2px solid var(--chatdesk-color-accent); border-radius: ${value};"></span><code>${value}</code>
    </span>`;
  }
  if (name === '--chatdesk-space') {
    return html`<span style="display: inline-flex; align-items: center; gap: 8px;">
      <span style="inline-size: ${value}; block-size: 24px; background: var(--chatdesk-color-accent);"></span><code>${value}</code>
    </span>`;
  }
  if (name === '--chatdesk-font-family') return html`<code style="font-family: ${value};">${value}</code>`;
  return html`<code style="font-size: ${value};">${value}</code>`;
}

/** A table of every public token with its light and dark values. */
export function swatchTable(locale: Locale): TemplateResult {
  const dark = themeTokens('dark');
  return html`<table style="border-collapse: collapse; font-family: var(--chatdesk-font-family); font-size: var(--chatdesk-font-size);">
    <caption style="caption-side: top; text-align: start; padding-block-end: var(--chatdesk-space); color: var(--chatdesk-color-text-muted);">
      ${t(locale, 'swatchCaption')}
    </caption>
    <thead>
      <tr>
        ${(['token', 'light', 'dark'] as const).map(
          (k) => html`<th scope="col" style="text-align: start; padding: 6px 12px; border-block-end: 1px solid var(--chatdesk-color-border);">${t(locale, k)}</th>`,
        )}
      </tr>
    </thead>
    <tbody>
      ${(Object.keys(LIGHT_TOKENS) as TokenName[]).map(
        (name) => html`<tr>
          <th scope="row" style="text-align: start; font-weight: normal; padding: 4px 12px;"><code>${name}</code></th>
          <td style="padding: 4px 12px;">${sample(name, LIGHT_TOKENS[name])}</td>
          <td style="padding: 4px 12px;">${sample(name, dark[name])}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
