/**
 * Issue 17: the shipped build minifies lit's `css` and `html` literals (scripts/minify-templates.js).
 * This checks that it renders what the source renders: each element of `dist/index.js` (the build
 * `npm run build` wrote, registered here as `min-<tag>`) is put beside the same element from the
 * sources, on the same data (the in-process core), and their shadow trees are compared node by
 * node: tag, attributes, text, box (position and size inside the element) and the computed colours,
 * font, display and white-space of every element. Needs `npm run build` first (npm test builds
 * before the browser tests).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import './define.js';
import { createChatClient, type ChatClient } from '../sdk/client.js';
import { createInProcessBackend, type InProcessBackend } from '../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../server/demo-data/seed.js';

type Library = typeof import('./index.js');

const DIST = '/dist/index.js';
let min: Library;
let backend: InProcessBackend;
let client: ChatClient;

/** The attributes whose values hold generated ids (different in each instance). */
const ID_ATTRIBUTES = new Set(['id', 'for', 'aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-activedescendant', 'aria-owns', 'list', 'popovertarget', 'anchor']);
const STYLE_PROPERTIES = ['display', 'color', 'background-color', 'font-size', 'font-weight', 'white-space', 'border-top-width', 'border-top-color', 'visibility'] as const;

/** One line per rendered node of a shadow tree (lit's markers and blank text left out). */
function describeTree(host: HTMLElement): string[] {
  const origin = host.getBoundingClientRect();
  const lines: string[] = [];
  const walk = (node: Node, depth: number) => {
    for (const child of node.childNodes) {
      const pad = '  '.repeat(depth);
      if (child.nodeType === Node.TEXT_NODE) {
        const text = child.textContent!.replace(/\s+/g, ' ').trim();
        if (text) lines.push(`${pad}"${text}"`);
        continue;
      }
      if (!(child instanceof Element)) continue;
      const attrs = [...child.attributes]
        .map((a) => `${a.name}=${ID_ATTRIBUTES.has(a.name) ? a.value.replace(/\d+/g, '#') : a.value}`)
        .sort()
        .join(' ');
      const r = child.getBoundingClientRect();
      // No box (display: none / contents): the browser reports 0,0 of the viewport.
      const box = r.width === 0 && r.height === 0 ? 'no box' : [r.x - origin.x, r.y - origin.y, r.width, r.height].map((v) => Math.round(v * 2) / 2).join(',');
      const style = getComputedStyle(child);
      const look = STYLE_PROPERTIES.map((p) => style.getPropertyValue(p)).join('|');
      lines.push(`${pad}<${child.localName.replace(/^min-/, '')} ${attrs}> [${box}] ${look}`);
      walk(child, depth + 1);
    }
  };
  walk(host.shadowRoot!, 0);
  return lines;
}

interface Case {
  tag: string;
  attrs: Record<string, string>;
  props?: (c: ChatClient) => Record<string, unknown>;
  /** True once the element shows real content (not a loading state). */
  ready: (el: HTMLElement) => boolean;
}

const shadow = (el: HTMLElement, selector: string) => el.shadowRoot?.querySelector(selector) ?? null;

const CASES: Case[] = [
  { tag: 'dialog-list', attrs: {}, ready: (el) => !!shadow(el, '[role="option"]') },
  { tag: 'chat-window', attrs: { 'dialog-id': SEED_IDS.waitingDialog }, ready: (el) => !!shadow(el, 'article') },
  { tag: 'client-widget', attrs: { 'dialog-id': SEED_IDS.waitingDialog }, ready: (el) => !!shadow(el, '.base') && shadow(el, '.base')!.getAttribute('aria-busy') !== 'true' },
  {
    tag: 'attachment-viewer',
    attrs: { 'dialog-id': SEED_IDS.attachmentsDialog, style: '--attachment-viewer-block-size:100%' },
    ready: (el) => !!shadow(el, '[role="tab"]') && !shadow(el, '[aria-busy="true"]'),
  },
  { tag: 'tag-filter', attrs: {}, props: (c) => ({ tags: c.$tags.get(), counts: c.$tagCounts.get() }), ready: (el) => !!shadow(el, '[role="option"]') },
  { tag: 'chat-unread-badge', attrs: { 'show-zero': '' }, ready: (el) => !!el.shadowRoot?.textContent?.trim() },
];

/** Creates `<tag>` for one case, sized like the other of its pair. */
function make(tag: string, c: Case): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries({ locale: 'en', ...c.attrs })) el.setAttribute(name, value);
  Object.assign(el, { client }, c.props?.(client) ?? {});
  return el;
}

before(async () => {
  try {
    min = (await import(/* @vite-ignore */ DIST)) as Library;
  } catch (error) {
    throw new Error(`${DIST} did not load: run \`npm run build\` first (${String(error)})`);
  }
  const classes: Record<string, CustomElementConstructor> = {
    'dialog-list': min.DialogList,
    'chat-window': min.ChatWindow,
    'client-widget': min.ClientWidget,
    'attachment-viewer': min.AttachmentViewer,
    'tag-filter': min.TagFilter,
    'chat-unread-badge': min.ChatUnreadBadge,
  };
  for (const [tag, ctor] of Object.entries(classes)) customElements.define(`min-${tag}`, ctor);
  backend = await createInProcessBackend(() => createSeed({ dialogs: 20 }), { delayFactor: 0 });
  client = createChatClient({ transport: backend.transport(SEED_IDS.admin) });
  await client.start();
});

after(() => {
  client?.stop();
  backend?.core.dispose();
});

describe('the minified build renders like the source (issue 17)', () => {
  it('its css and html literals are minified (no indentation left in the built styles)', async () => {
    const text = await (await fetch(DIST)).text();
    const chunks = [...text.matchAll(/from\s*"(\.\/chunks\/[^"]+)"/g)].map((m) => new URL(m[1]!, new URL(DIST, location.href)).href);
    const code = (await Promise.all(chunks.map(async (u) => (await fetch(u)).text()))).join('\n');
    expect(code).to.include(':host{');
    expect(code).not.to.match(/`\s*\n\s{2,}:host\s*\{/);
  });

  for (const c of CASES) {
    it(`<${c.tag}>: the same nodes, attributes, text, boxes and styles`, async () => {
      const wrap = await fixture<HTMLDivElement>(html`<div style="display:grid;grid-template-columns:760px 760px;block-size:640px"></div>`);
      const source = make(c.tag, c);
      const built = make(`min-${c.tag}`, c);
      wrap.append(source, built);
      await waitUntil(() => c.ready(source) && c.ready(built), `both <${c.tag}> show their content`, { timeout: 8000 });
      // Same data, same state: wait for both to settle on the same tree (a difference fails below).
      await waitUntil(() => describeTree(source).join('\n') === describeTree(built).join('\n'), undefined, { timeout: 3000 }).catch(() => undefined);
      const a = describeTree(source);
      const b = describeTree(built);
      const first = a.findIndex((line, i) => line !== b[i]);
      expect(first, `first difference at node ${first}:\n  source: ${a[first]}\n  built:  ${b[first]}`).to.equal(-1);
      expect(b.length).to.equal(a.length);
      expect(a.length).to.be.greaterThan(5);
      await expect(built).to.be.accessible();
    });
  }
});
