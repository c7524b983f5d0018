/**
 * Forced colours (Windows high contrast), emulated in Chromium: backgrounds and shadows are
 * flattened to the system palette, so every state that was a colour must still differ in what is
 * drawn. Each check compares computed styles of two states in forced-colours mode.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define/dialog-list.js';
import '../../src/define/tag-filter.js';
import '../../src/define/chat-window.js';
import { createChatClient, type ChatClient } from '../../sdk/client.js';
import { isUnread } from '../../sdk/rules/unread.js';
import { createInProcessBackend, type InProcessBackend } from '../../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../../server/demo-data/seed.js';
import type { DialogList } from '../dialog-list/dialog-list.js';
import type { TagFilter } from '../tag-filter/tag-filter.js';

const SEED = createSeed({ now: Date.now(), dialogs: 30 });
let current: { backend: InProcessBackend; client: ChatClient } | undefined;

async function start(): Promise<ChatClient> {
  const backend = await createInProcessBackend(() => SEED, { delayFactor: 0 });
  const client = createChatClient({ transport: backend.transport(SEED_IDS.admin) });
  await client.start();
  current = { backend, client };
  return client;
}

before(async () => {
  await executeServerCommand('emulate-forced-colors', { active: true });
});

after(async () => {
  await executeServerCommand('emulate-forced-colors', { active: false });
});

afterEach(() => {
  current?.client.stop();
  current?.backend.core.dispose();
  current = undefined;
});

/** The drawn look of an element (and of a pseudo-element) that forced colours may flatten. */
function look(el: Element, pseudo?: string): Record<string, string> {
  const s = getComputedStyle(el, pseudo);
  return {
    content: s.content,
    display: s.display,
    visibility: s.visibility,
    background: s.backgroundColor,
    color: s.color,
    border: `${s.borderTopStyle} ${s.borderTopColor}`,
    outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
  };
}

describe('forced colours', () => {
  it('is emulated (the media query matches, author backgrounds are flattened)', () => {
    expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
  });

  it('dialog list: selected rows, the open dialog and unread badges differ from the rest', async () => {
    const client = await start();
    const wrap = await fixture<HTMLElement>(html`<div style="inline-size: 380px; block-size: 640px; display: flex"><dialog-list .client=${client} locale="en"></dialog-list></div>`);
    const el = wrap.querySelector<DialogList>('dialog-list')!;
    const root = el.shadowRoot!;
    await waitUntil(() => root.querySelectorAll('[role="option"]').length > 3, 'rows');
    const ids = el.dialogIds;
    await client.openDialog(ids[1]!);
    el.selection = [ids[2]!];
    await el.updateComplete;
    const row = (id: string) => root.querySelector<HTMLElement>(`[role="option"][data-id="${id}"]`)!;
    const plain = row(ids[3]!);
    const selected = row(ids[2]!);
    const active = row(ids[1]!);

    // Selection mode: every avatar is a checkbox; only the ticked one shows a check.
    const check = (r: HTMLElement) => look(r.querySelector('.check')!);
    const checkIcon = (r: HTMLElement) => look(r.querySelector('.check .icon')!);
    expect(check(plain).display).to.equal('flex');
    expect(check(selected).background, 'ticked checkbox fill').to.not.equal(check(plain).background);
    expect(checkIcon(plain).visibility, 'no check drawn in an unticked box').to.equal('hidden');
    expect(checkIcon(selected).visibility, 'a check in the ticked box').to.equal('visible');
    expect(look(selected).outline, 'selected row outline').to.not.equal(look(plain).outline);

    // The open dialog keeps its bar (a box, not a shadow).
    expect(look(active, '::before').content).to.not.equal('none');
    expect(look(active, '::before').background, 'open dialog bar').to.not.equal(look(active).background);
    expect(look(plain, '::before').content).to.equal('none');

    // Unread counts are badges apart from the name: an outline and their own background.
    const reads = client.$readStates.get();
    const dialogs = client.$dialogs.get();
    const unreadId = ids.find((id) => isUnread(dialogs.get(id)!, reads.get(id)) && row(id)?.querySelector('.unread-count'));
    expect(unreadId, 'an unread row on screen').to.be.a('string');
    const badge = row(unreadId!).querySelector('.unread-count')!;
    const name = row(unreadId!).querySelector('.name')!;
    expect(look(badge).outline).to.match(/^solid/);
    expect(look(badge).background, 'badge background vs the row').to.not.equal(look(row(unreadId!)).background);
    expect(look(badge).background, 'badge vs the name').to.not.equal(look(name).background);
    await expect(el).to.be.accessible();
  });

  it('tag filter: the Pinned switch keeps its thumb, and on differs from off', async () => {
    const client = await start();
    const wrap = await fixture<HTMLElement>(html`<div style="inline-size: 360px"><tag-filter .client=${client} locale="en"></tag-filter></div>`);
    const el = wrap.querySelector<TagFilter>('tag-filter')!;
    await el.updateComplete;
    const sw = await waitUntil(() => el.shadowRoot!.querySelector<HTMLElement>('[role="switch"]'), 'switch').then(() => el.shadowRoot!.querySelector<HTMLElement>('[role="switch"]')!);
    const track = () => look(sw.querySelector('.track')!);
    const thumb = () => look(sw.querySelector('.thumb')!);
    const off = { track: track(), thumb: thumb() };
    expect(off.thumb.background, 'the thumb is drawn on its track').to.not.equal(off.track.background);
    sw.click();
    await el.updateComplete;
    expect(sw.getAttribute('aria-checked')).to.equal('true');
    const on = { track: track(), thumb: thumb() };
    expect(on.thumb.background, 'thumb on its track, switched on').to.not.equal(on.track.background);
    expect(on.track.background, 'on and off tracks differ').to.not.equal(off.track.background);
    await expect(el).to.be.accessible();
  });

  it('chat window: bubbles keep their outline (their backgrounds are gone)', async () => {
    const client = await start();
    const wrap = await fixture<HTMLElement>(
      html`<div style="inline-size: 700px; block-size: 560px; display: flex; flex-direction: column"><chat-window .client=${client} dialog-id=${SEED_IDS.freshWaitingDialog} locale="en"></chat-window></div>`,
    );
    const el = wrap.querySelector('chat-window')!;
    await waitUntil(() => el.shadowRoot!.querySelector('.message .bubble'), 'a message', { timeout: 5000 });
    const bubble = el.shadowRoot!.querySelector('.message .bubble')!;
    expect(look(bubble).border).to.match(/^solid/);
  });
});
