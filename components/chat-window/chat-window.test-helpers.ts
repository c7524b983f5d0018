/** Shared set-up of the `<chat-window>` element tests: the real core in-process, a client, a mounted window. */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define/chat-window.js';
import { createChatClient, type ChatClient } from '../../sdk/client.js';
import type { Id, Message } from '../../sdk/model.js';
import type { Transport } from '../../sdk/protocol.js';
import type { ChatCoreOptions, Scheduler } from '../../server/core/core.js';
import { createInProcessBackend, type InProcessBackend } from '../../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../../server/demo-data/seed.js';
import type { SeedData } from '../../server/core/storage.js';
import type { Locale } from '../i18n.js';
import type { ChatWindow } from './chat-window.js';

export { SEED_IDS };

/** What a test works with. */
export interface Harness {
  backend: InProcessBackend;
  client: ChatClient;
  el: ChatWindow;
  /** Runs every pending simulated channel step (with the manual scheduler) and lets events arrive. */
  flush(): Promise<void>;
}

let current: { backend: InProcessBackend; client: ChatClient } | null = null;

/** Disposes the backend of the last test. Call in `afterEach`. */
export function teardown(): void {
  current?.client.stop();
  current?.backend.core.dispose();
  current = null;
}

/** Waits for a few animation frames (virtualizer measurements, scroll reconciliation). */
export async function frames(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
}

/** Lets pending promises and timers of the in-process backend run. */
export async function settleAsync(ms = 0): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  await new Promise((r) => setTimeout(r, 0));
}

/** Options of {@link setup}. */
export interface SetupOptions {
  operatorId?: Id;
  dialogId?: Id | null;
  locale?: Locale;
  sendOn?: 'enter' | 'mod-enter';
  /** A manual channel scheduler: statuses advance only on `flush()`. */
  manual?: boolean;
  latencyMs?: number;
  seed?: (d: SeedData) => SeedData;
  core?: ChatCoreOptions;
  height?: number;
  dialogs?: number;
  /** Wait for the dialog's feed (default true). */
  wait?: boolean;
  /** Wraps the real in-process transport (e.g. to hold a request on the wire). */
  transport?: (inner: Transport) => Transport;
}

/** Creates a backend, a started client and a mounted `<chat-window>`, and waits for its feed. */
export async function setup(opts: SetupOptions = {}): Promise<Harness> {
  const pending: Array<() => void> = [];
  const scheduler: Scheduler = (fn) => {
    pending.push(fn);
    return () => {
      const i = pending.indexOf(fn);
      if (i >= 0) pending.splice(i, 1);
    };
  };
  const base = () => createSeed({ dialogs: opts.dialogs ?? 20 });
  const backend = await createInProcessBackend(opts.seed ? () => opts.seed!(base()) : base, {
    delayFactor: 0,
    ...(opts.manual ? { scheduler } : {}),
    ...opts.core,
  });
  const inner = backend.transport(opts.operatorId ?? SEED_IDS.admin, { latencyMs: opts.latencyMs ?? 0 });
  const client = createChatClient({ transport: opts.transport ? opts.transport(inner) : inner });
  await client.start();
  current = { backend, client };
  const dialogId = opts.dialogId === undefined ? SEED_IDS.waitingDialog : opts.dialogId;
  const wrap = await fixture<HTMLDivElement>(html`<div style=${`display:flex;flex-direction:column;inline-size:760px;block-size:${opts.height ?? 640}px`}>
    <chat-window .client=${client} dialog-id=${dialogId ?? ''} locale=${opts.locale ?? 'en'} send-on=${opts.sendOn ?? 'enter'}></chat-window>
  </div>`);
  const el = wrap.querySelector('chat-window')!;
  if (dialogId && opts.wait !== false) await ready(el, client, dialogId);
  await el.updateComplete;
  const flush = async () => {
    for (let round = 0; round < 6; round++) {
      await settleAsync(5);
      const fns = pending.splice(0);
      for (const fn of fns) fn();
      await settleAsync(5);
      if (pending.length === 0) break;
    }
    await el.updateComplete;
    await frames(2);
  };
  return { backend, client, el, flush };
}

/** Waits until the window shows `dialogId` with its first page loaded and scrolled to the end. */
export async function ready(el: ChatWindow, client: ChatClient, dialogId: Id): Promise<void> {
  await waitUntil(() => client.feed(dialogId).loaded, `feed of ${dialogId} loaded`, { timeout: 5000 });
  await waitUntil(() => el.shadowRoot!.querySelectorAll('article').length > 0 || client.feed(dialogId).messages.length === 0, 'articles rendered', { timeout: 5000 });
  await waitUntil(() => !!el.shadowRoot!.querySelector('.feed-scroller') && feedReady(el), 'feed settled', { timeout: 5000 });
  await el.updateComplete;
}

function feedReady(el: ChatWindow): boolean {
  return (el as unknown as { feed: { ready: boolean } }).feed.ready;
}

/** The shadow root of the window. */
export const root = (el: ChatWindow): ShadowRoot => el.shadowRoot!;

/** One element of the window's shadow root. */
export function $<T extends Element = HTMLElement>(el: ChatWindow, selector: string): T | null {
  return root(el).querySelector<T>(selector);
}

/** All elements matching a selector in the window's shadow root. */
export function $$<T extends Element = HTMLElement>(el: ChatWindow, selector: string): T[] {
  return [...root(el).querySelectorAll<T>(selector)];
}

/** A header or composer button by its accessible name. */
export function button(el: ChatWindow, name: string): HTMLButtonElement | null {
  return $$<HTMLButtonElement>(el, 'button').find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name) ?? null;
}

/** The rendered article of a message. */
export function article(el: ChatWindow, messageId: Id): HTMLElement | null {
  return $$(el, 'article[data-key]').find((a) => a.dataset['key'] === messageId) ?? null;
}

/** The message input. */
export const input = (el: ChatWindow): HTMLTextAreaElement => $<HTMLTextAreaElement>(el, 'textarea.input')!;

/** Types text into the input as a paste would (one input event). */
export async function typeText(el: ChatWindow, text: string): Promise<void> {
  const ta = input(el);
  ta.focus();
  ta.value = text;
  ta.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

/** The newest message of a dialog's feed. */
export function lastMessage(client: ChatClient, dialogId: Id): Message | undefined {
  const m = client.feed(dialogId).messages;
  return m[m.length - 1];
}

/** Visible text of an element, white space collapsed. */
export const text = (node: Element | null | undefined): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The status shown on a message (`queued`, `sent`, `delivered`, `read`, `failed`) and its text alternative. */
export function statusOf(el: ChatWindow, messageId: Id): { state: string | undefined; label: string | null } {
  const s = article(el, messageId)?.querySelector<HTMLElement>('.status');
  return { state: s?.dataset['status'], label: s?.getAttribute('aria-label') ?? null };
}

/** Sets files on the hidden file input and fires `change`, as the picker does. */
export async function pickFiles(el: ChatWindow, files: File[]): Promise<void> {
  const inputEl = $<HTMLInputElement>(el, 'input.file-input');
  if (!inputEl) throw new Error('no file input: the channel does not accept files');
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  inputEl.files = dt.files;
  inputEl.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}

/** A small PNG of the given size, as a File. */
export async function pngFile(name: string, width: number, height: number): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#3366cc';
  ctx.fillRect(0, 0, width, height);
  const blob = await new Promise<Blob>((r) => canvas.toBlob((b) => r(b!), 'image/png'));
  return new File([blob], name, { type: 'image/png' });
}

/** Asserts that an element is not there (without printing a DOM node on failure). */
export function absent(node: Element | null | undefined, what: string): void {
  expect(node === null || node === undefined, `${what} should be absent`).to.equal(true);
}
