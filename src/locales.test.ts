/**
 * Open locales (issue 16): any BCP 47 locale registered with its strings, plural forms from
 * `Intl.PluralRules`, right-to-left locales, host overrides, and `theme="auto"`.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/define.js';
import { bundleNames, registerLocale as registerAnyLocale, translate } from '../components/i18n.js';
import { tagFilterMessages } from '../components/tag-filter/tag-filter.messages.js';
import type { TagFilter } from '../components/tag-filter/tag-filter.js';
import type { Tag } from '../sdk/model.js';
import { DARK_TOKENS, LIGHT_TOKENS } from './theme.js';
import { BUNDLE_NAMES, loadAllStrings, loadLocale, localeDirection, missingStrings, registeredLocales, registerLocale, resolveLocale, setTranslations, type ChatdeskStrings } from './locales.js';

const TAGS: Tag[] = [
  { id: 't1', name: 'VIP', color: '#e11d48' },
  { id: 't2', name: 'B2B', color: '#2563eb' },
];
const COUNTS = new Map([
  ['t1', 5],
  ['t2', 1],
]);

async function tagFilter(attrs: { locale?: string; dir?: string } = {}): Promise<TagFilter> {
  const el = await fixture<TagFilter>(html`<tag-filter locale=${attrs.locale ?? 'en'} dir=${ifDefined(attrs.dir)} .tags=${TAGS} .counts=${COUNTS}></tag-filter>`);
  await el.updateComplete;
  return el;
}
const heading = (el: TagFilter) => el.shadowRoot!.querySelector('[part="heading"]')!.textContent!.trim();
const modeNames = (el: TagFilter) => [...el.shadowRoot!.querySelectorAll('[role="radio"]')].map((b) => b.textContent!.trim());

/** Never called: what the type checker must accept and refuse (`npm test`'s typecheck). */
function _typeChecks(pt: ChatdeskStrings): void {
  registerLocale('pt', pt);
  registerLocale('pt-BR', { ...pt, 'tag-filter': { ...pt['tag-filter'], heading: 'Etiquetas' } });
  // @ts-expect-error a locale lacking strings is a type error (here: every bundle but `common`)
  registerLocale('pt', { common: pt.common });
  // @ts-expect-error a misspelt key is refused
  registerLocale('pt', { ...pt, 'tag-filter': { ...pt['tag-filter'], headin: 'x' } });
  setTranslations('pt', { 'tag-filter': { heading: 'Etiquetas' } });
  setTranslations('es', { close: 'Cerrar' });
  // @ts-expect-error an unknown bundle is refused
  setTranslations('pt', { 'tag-filtr': { heading: 'Etiquetas' } });
}
void _typeChecks;

describe('lazy shipped locales', () => {
  // First in this file: nothing has asked for es or ru yet, so neither chunk is loaded.
  it('es and ru are not in the bundle: English shows until the chunk arrives, then the element re-renders', async () => {
    expect(translate(tagFilterMessages, 'es', 'heading')).to.equal('Tags');
    const el = await tagFilter({ locale: 'es' });
    const before = el.getBoundingClientRect();
    await waitUntil(() => heading(el) === 'Etiquetas', 'the Spanish chunk arrives and the element re-renders', { timeout: 5000 });
    expect(modeNames(el)).to.deep.equal(['Todos', 'Sin etiquetas', 'De la lista']);
    expect(el.getBoundingClientRect().width).to.equal(before.width);
    expect(translate(tagFilterMessages, 'es-MX', 'heading')).to.equal('Etiquetas');
    await expect(el).to.be.accessible();
  });

  it('loadLocale loads a language (and its parents) before the first render; English and unknown languages resolve at once', async () => {
    await loadLocale('ru-RU');
    expect(translate(tagFilterMessages, 'ru', 'heading')).to.equal('Теги');
    const el = await tagFilter({ locale: 'ru' });
    expect(heading(el)).to.equal('Теги');
    await loadLocale('en');
    await loadLocale('xx');
    await expect(el).to.be.accessible();
  });

  it('a registered language keeps the shipped strings as its fallback (es registered in part)', async () => {
    await loadLocale('es');
    registerAnyLocale('es', { 'tag-filter': { heading: 'Etiquetas del host' } });
    try {
      expect(translate(tagFilterMessages, 'es', 'heading')).to.equal('Etiquetas del host');
      expect(translate(tagFilterMessages, 'es', 'mode.all')).to.equal('Todos');
    } finally {
      registerAnyLocale('es', {});
    }
  });
});

describe('open locales', () => {
  it('any BCP 47 locale can be registered; missing strings fall back to English and are listed', async () => {
    registerAnyLocale('pt', {
      'tag-filter': { heading: 'Etiquetas', 'mode.all': 'Todos', 'mode.none': 'Sem etiquetas', 'mode.list': 'Da lista' },
    });
    expect(registeredLocales()).to.include('pt');
    const el = await tagFilter({ locale: 'pt' });
    expect(heading(el)).to.equal('Etiquetas');
    expect(modeNames(el)).to.deep.equal(['Todos', 'Sem etiquetas', 'Da lista']);
    // Not translated: English.
    expect(el.shadowRoot!.querySelector('[role="switch"]')!.textContent).to.contain('Pinned only');
    const missing = missingStrings('pt');
    expect(missing).to.include('tag-filter: pinned');
    expect(missing).to.include('common: close');
    expect(missing).not.to.include('tag-filter: heading');
    await expect(el).to.be.accessible();
  });

  it('a region falls back to its language (pt-BR -> pt, es-MX -> es); an unknown language shows English', async () => {
    registerAnyLocale('pt', { 'tag-filter': { heading: 'Etiquetas' } });
    expect(resolveLocale('pt-BR')).to.equal('pt');
    expect(resolveLocale('es-MX')).to.equal('es');
    expect(resolveLocale('ru_RU')).to.equal('ru');
    expect(resolveLocale('xx')).to.equal('en');
    expect(resolveLocale('not a tag!')).to.equal('en');
    const br = await tagFilter({ locale: 'pt-BR' });
    expect(heading(br)).to.equal('Etiquetas');
    expect(br.currentLocale).to.equal('pt');
    const unknown = await tagFilter({ locale: 'de' });
    expect(heading(unknown)).to.equal('Tags');
    expect(unknown.currentLocale).to.equal('en');
  });

  it('a locale registered after the elements rendered (a chunk loaded on demand) re-renders them', async () => {
    const el = await tagFilter({ locale: 'nl' });
    expect(heading(el)).to.equal('Tags');
    registerAnyLocale('nl', { 'tag-filter': { heading: 'Labels', 'mode.all': 'Alle' } });
    await el.updateComplete;
    expect(heading(el)).to.equal('Labels');
    expect(modeNames(el)[0]).to.equal('Alle');
    await expect(el).to.be.accessible();
  });

  it('setTranslations overrides one bundle (namespaced) or a key everywhere (flat), on a rendered element', async () => {
    await loadLocale('es');
    const el = await tagFilter({ locale: 'es' });
    expect(heading(el)).to.equal('Etiquetas');
    setTranslations('es', { 'tag-filter': { heading: 'Etiquetas del cliente' } });
    await el.updateComplete;
    expect(heading(el)).to.equal('Etiquetas del cliente');
    setTranslations('es', { 'mode.all': 'Todos los diálogos' });
    await el.updateComplete;
    expect(modeNames(el)[0]).to.equal('Todos los diálogos');
    // Counted strings (cached per locale by the element) follow too.
    setTranslations('es', { 'tag-filter': { dialogs_one: '{count} conversación', dialogs_other: '{count} conversaciones' } });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="option"]')!.getAttribute('aria-label')).to.equal('VIP, 5 conversaciones');
  });

  it('plural forms come from Intl.PluralRules of the locale: Russian one / few / many', async () => {
    await loadLocale('ru');
    const ru = (n: number) => translate(tagFilterMessages, 'ru', 'dialogs', { count: n });
    expect([1, 3, 5, 11, 21, 22, 25].map(ru)).to.deep.equal(['1 диалог', '3 диалога', '5 диалогов', '11 диалогов', '21 диалог', '22 диалога', '25 диалогов']);
    // A registered locale with its own rules (Polish: one, few, many).
    registerAnyLocale('pl', { 'tag-filter': { dialogs_one: '{count} dialog', dialogs_few: '{count} dialogi', dialogs_many: '{count} dialogów', dialogs_other: '{count} dialogu' } });
    const pl = (n: number) => translate(tagFilterMessages, 'pl', 'dialogs', { count: n });
    expect([1, 2, 5, 22, 1.5].map(pl)).to.deep.equal(['1 dialog', '2 dialogi', '5 dialogów', '22 dialogi', '1,5 dialogu']);
    // A form the locale lacks falls back to its `_other`, and is listed as missing.
    registerAnyLocale('uk', { 'tag-filter': { dialogs_one: '{count} діалог', dialogs_other: '{count} діалогу' } });
    expect(translate(tagFilterMessages, 'uk', 'dialogs', { count: 5 })).to.equal('5 діалогу');
    expect(missingStrings('uk')).to.include.members(['tag-filter: dialogs_few', 'tag-filter: dialogs_many']);
    // Without a count, a plural key reads its `_other` form: the shipped tables do not repeat it under the bare key.
    expect(translate(tagFilterMessages, 'ru', 'dialogs', { count: '…' })).to.equal('… диалога');
  });

  it('the shipped es and ru lack no string, plural forms included (those of the parts loaded on first use too)', async () => {
    await Promise.all([loadAllStrings('es'), loadAllStrings('ru')]);
    // The parts' keys are counted: a language that has none of them lacks them.
    registerAnyLocale('fy', {});
    expect(missingStrings('fy')).to.include.members(['chat-window: reassign.title', 'dialog-list: sortLegend', 'dialog-list: deleteAction']);
    expect(missingStrings('es')).to.deep.equal([]);
    expect(missingStrings('ru')).to.deep.equal([]);
    expect(missingStrings('en')).to.deep.equal([]);
  });

  it('ChatdeskStrings (BUNDLE_NAMES) lists every bundle the elements define', () => {
    expect([...bundleNames()].sort()).to.deep.equal([...BUNDLE_NAMES].sort());
  });

  it('a right-to-left locale sets dir="rtl" on the elements (from the provider too); an author\'s dir stays', async () => {
    registerAnyLocale('ar', { 'tag-filter': { heading: 'الوسوم', 'mode.all': 'الكل' } });
    registerAnyLocale('ku', { 'tag-filter': { heading: 'Etîket' } }, { dir: 'ltr' });
    expect(localeDirection('ar')).to.equal('rtl');
    expect(localeDirection('he-IL')).to.equal('rtl');
    expect(localeDirection('ru')).to.equal('ltr');
    expect(localeDirection('ku')).to.equal('ltr');

    const el = await tagFilter({ locale: 'ar' });
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(el).direction).to.equal('rtl');
    expect(heading(el)).to.equal('الوسوم');
    await expect(el).to.be.accessible();

    // Back to a left-to-right language: the element's own dir goes.
    el.locale = 'en';
    await el.updateComplete;
    expect(el.hasAttribute('dir')).to.equal(false);

    const own = await tagFilter({ locale: 'ar', dir: 'ltr' });
    expect(own.getAttribute('dir')).to.equal('ltr');

    const wrap = await fixture<HTMLElement>(html`<chat-provider locale="ar"><tag-filter .tags=${TAGS} .counts=${COUNTS}></tag-filter></chat-provider>`);
    const inner = wrap.querySelector('tag-filter')!;
    await inner.updateComplete;
    expect(inner.getAttribute('dir')).to.equal('rtl');
    expect(heading(inner)).to.equal('الوسوم');
  });

  describe('theme="auto"', () => {
    afterEach(() => emulateMedia({ colorScheme: 'light' }));

    it('follows prefers-color-scheme', async () => {
      const wrap = await fixture<HTMLElement>(html`<chat-provider theme="auto"><tag-filter .tags=${TAGS} .counts=${COUNTS}></tag-filter></chat-provider>`);
      const el = wrap.querySelector('tag-filter')!;
      await el.updateComplete;
      const bg = () => getComputedStyle(el).getPropertyValue('--chatdesk-color-bg').trim();
      await emulateMedia({ colorScheme: 'dark' });
      expect(bg()).to.equal(DARK_TOKENS['--chatdesk-color-bg']);
      expect(getComputedStyle(wrap).colorScheme).to.equal('light dark');
      await expect(el).to.be.accessible();
      await emulateMedia({ colorScheme: 'light' });
      expect(bg()).to.equal(LIGHT_TOKENS['--chatdesk-color-bg']);
      await expect(el).to.be.accessible();
    });
  });
});
