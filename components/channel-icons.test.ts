import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/define/dialog-list.js';
import '../src/define/chat-window.js';
import { createChatClient, type ChatClient } from '../sdk/client.js';
import type { ChannelKind } from '../sdk/model.js';
import { createInProcessBackend, type InProcessBackend } from '../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../server/demo-data/seed.js';
import { CHANNEL_KINDS, channelKindName } from './channel-icons.js';
import type { DialogList } from './dialog-list/dialog-list.js';
import { loadLocale, type Locale } from './i18n.js';
import { LIGHT_TOKENS } from './styles.js';

const NOW = Date.now();
const SEED = createSeed({ now: NOW });

let backend: InProcessBackend | undefined;
let client: ChatClient | undefined;

afterEach(() => {
  client?.stop();
  backend?.core.dispose();
  client = undefined;
  backend = undefined;
});

async function mount(locale: Locale = 'en', style = ''): Promise<DialogList> {
  backend = await createInProcessBackend(() => SEED, { delayFactor: 0 });
  client = createChatClient({ transport: backend.transport(SEED_IDS.admin) });
  await client.start();
  const wrap = await fixture<HTMLElement>(html`<div style="display: flex; flex-direction: column; width: 380px; height: 900px; ${style}">
    <dialog-list .client=${client} locale=${locale}></dialog-list>
  </div>`);
  const el = wrap.querySelector('dialog-list')!;
  await waitUntil(() => el.shadowRoot!.querySelector('[role="option"]'), 'list rendered');
  return el;
}

/** Opens the filter panel, where every configured channel is listed with its icon. */
async function channelChoices(el: DialogList): Promise<HTMLElement[]> {
  el.shadowRoot!.querySelector<HTMLButtonElement>('.filter-button')!.click();
  await waitUntil(() => el.shadowRoot!.querySelector('[data-group="channels"] label'), 'filter panel open');
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[data-group="channels"] label')];
}

const kindOf = (svg: SVGElement) => [...svg.classList].find((c) => c.startsWith('channel-') && c !== 'channel-icon')!.slice('channel-'.length) as ChannelKind;

describe('channel icons (L2)', function () {
  this.timeout(60_000);

  it('L2: every channel kind has its own glyph and colour, named for assistive technology, beside the configured channel name', async () => {
    const el = await mount();
    const choices = await channelChoices(el);
    expect(choices.length).to.equal(SEED.channels.length);
    const glyphs = new Map<ChannelKind, string>();
    const colours = new Map<ChannelKind, string>();
    for (const label of choices) {
      const channel = SEED.channels.find((c) => c.id === label.querySelector('input')!.value)!;
      const svg = label.querySelector<SVGElement>('svg.channel-icon')!;
      expect(kindOf(svg), channel.id).to.equal(channel.kind);
      expect(svg.getAttribute('role')).to.equal('img');
      expect(svg.getAttribute('aria-label')).to.equal(channelKindName(channel.kind, 'en'));
      expect(label.querySelector('.choice-text')!.textContent).to.equal(channel.name);
      glyphs.set(channel.kind, svg.innerHTML.replace(/<!--[^>]*-->/g, ''));
      colours.set(channel.kind, getComputedStyle(svg).color);
      const box = svg.getBoundingClientRect();
      expect(box.width, `${channel.kind} icon drawn`).to.be.greaterThan(10);
    }
    // The seed configures one channel of every kind: ten kinds, ten different glyphs and colours.
    expect([...glyphs.keys()].sort()).to.deep.equal([...CHANNEL_KINDS].sort());
    expect(new Set(glyphs.values()).size).to.equal(CHANNEL_KINDS.length);
    expect(new Set(colours.values()).size).to.equal(CHANNEL_KINDS.length);
    // The colours are the tokens' defaults.
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    expect(colours.get('telegram')).to.equal(rgb(LIGHT_TOKENS['--chatdesk-color-channel-telegram']));
    expect(colours.get('webchat')).to.equal(rgb(LIGHT_TOKENS['--chatdesk-color-channel-webchat']));
    await expect(el).to.be.accessible();
  });

  it('L2: the site chat and WhatsApp (both a grey "W" before) are told apart in the list rows', async () => {
    const el = await mount();
    await waitUntil(() => el.shadowRoot!.querySelector('.channel svg'), 'a row with a channel');
    for (const r of el.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')) {
      const svg = r.querySelector<SVGElement>('.channel svg')!;
      const name = r.querySelector('.channel-name')!.textContent!;
      const channel = SEED.channels.find((c) => c.name === name)!;
      expect(svg.getAttribute('aria-label'), name).to.equal(channelKindName(channel.kind, 'en'));
      expect(svg.querySelector('text'), 'no letter badge').to.equal(null);
    }
    await expect(el).to.be.accessible();
  });

  it('L2: icon names in Spanish and Russian; brand names stay as they are', async () => {
    for (const [locale, site, mail] of [
      ['es', 'Chat del sitio', 'Correo electrónico'],
      ['ru', 'Чат на сайте', 'Эл. почта'],
    ] as const) {
      await loadLocale(locale); // the shipped languages are lazy chunks
      const el = await mount(locale);
      const choices = await channelChoices(el);
      const named = (id: string) =>
        choices
          .find((l) => l.querySelector('input')!.value === id)!
          .querySelector('svg')!
          .getAttribute('aria-label');
      expect(named(SEED_IDS.channels.site)).to.equal(site);
      expect(named(SEED_IDS.channels.email)).to.equal(mail);
      expect(named(SEED_IDS.channels.telegram)).to.equal('Telegram');
      await expect(el).to.be.accessible();
      client?.stop();
      backend?.core.dispose();
    }
  });

  it('L2: a host recolours a channel through its token; an unknown kind shows the "other" icon', async () => {
    const el = await mount('en', '--chatdesk-color-channel-telegram: rgb(1, 2, 3);');
    const choices = await channelChoices(el);
    const telegram = choices.find((l) => l.querySelector('input')!.value === SEED_IDS.channels.telegram)!.querySelector('svg')!;
    expect(getComputedStyle(telegram).color).to.equal('rgb(1, 2, 3)');
    await expect(el).to.be.accessible();

    const { channelIcon } = await import('./channel-icons.js');
    const { render } = await import('lit');
    const host = document.createElement('div');
    render(channelIcon('line', 'LINE'), host);
    expect(host.querySelector('svg')!.classList.contains('channel-other')).to.equal(true);
    expect(host.querySelector('svg')!.getAttribute('aria-label')).to.equal('LINE');
    render(channelIcon('telegram'), host);
    expect(host.querySelector('svg')!.getAttribute('aria-hidden')).to.equal('true');
  });
});
