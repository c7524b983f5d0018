/**
 * The demo pages as a keyboard and screen-reader user meets them, in headless Chromium: axe finds
 * no WCAG 2.1 A/AA violation on any page, in the light and the dark theme, on a desktop and a
 * phone; the phone shows one pane at a time without sideways scrolling; an operator signs in and
 * answers by keyboard alone.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
// @ts-expect-error -- plain JS helper without types
import { CHROME_ARGS, findChrome } from '../../scripts/find-chrome.js';
import { buildDemo, mountDemo } from '../../server/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';

const chrome = (findChrome as () => string | null)();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.1 A/AA violations on the page (shadow roots included), one line each. */
async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(n: Document, o: unknown): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
}

/** The focused element through shadow roots, described. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    const name = (el?.getAttribute('aria-label') ?? el?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80);
    return el ? `${el.localName}${el.id ? `#${el.id}` : ''}.${el.getAttribute('class') ?? ''} ${name}` : 'none';
  });

const listReady = (page: Page) =>
  page.waitForFunction(() => !!document.querySelector('chat-inbox')?.shadowRoot?.querySelector('dialog-list')?.shadowRoot?.querySelector('[role=option]'), undefined, { timeout: 30_000 });

describe('demo pages: axe, themes, a phone, keyboard only', { skip: chrome ? false : 'no Chrome/Chromium found' }, () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    const assets = await buildDemo();
    server = await startTestServer({ faults: false, delayFactor: 0.1, extend: (app) => mountDemo(app, assets) });
    browser = await chromium.launch({ executablePath: chrome!, args: CHROME_ARGS as string[] });
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  // Both themes and both widths, in two runs.
  for (const [theme, width] of [
    ['light', 1280],
    ['dark', 390],
  ] as const) {
    it(`axe: no violations on /sign-in, /, /embed and /visitor (${theme}, ${width} px)`, async () => {
      // The pages' CSP forbids inline scripts: axe is injected with the CSP bypassed.
      const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'en-US', bypassCSP: true });
      await context.addInitScript((dark) => localStorage.setItem('chatdesk-demo-theme', dark ? 'dark' : 'light'), theme === 'dark');
      const page = await context.newPage();
      const found: string[] = [];
      const check = async (label: string) => found.push(...(await violations(page)).map((v) => `${label}: ${v}`));
      await page.goto(`${server.url}/sign-in`);
      await page.getByRole('button', { name: /Ana García/ }).waitFor();
      await check('/sign-in');
      await page.getByRole('button', { name: /Ana García/ }).click();
      await page.waitForURL(`${server.url}/`);
      await listReady(page);
      await check('/ (list)');
      await page.evaluate(async () => {
        await (window as unknown as { chatdesk: { client: { openDialog(id: string): Promise<void> } } }).chatdesk.client.openDialog('dlg-0002');
        // On a phone the chat is a pane of its own.
        await (document.querySelector('chat-inbox') as HTMLElement & { showPane(p: string): Promise<void> }).showPane('chat');
      });
      await page.getByRole('feed').getByRole('article').first().waitFor({ timeout: 20_000 });
      await check('/ (a dialog open)');
      await page.goto(`${server.url}/embed?dialog=dlg-0002`);
      await page.getByRole('feed').getByRole('article').first().waitFor({ timeout: 20_000 });
      await check('/embed');
      await page.goto(`${server.url}/visitor`);
      await page.getByLabel('Your name').waitFor();
      await check('/visitor');
      await page.getByLabel('Your name').fill('Axe Test');
      await page.getByRole('button', { name: 'Start chat' }).click();
      await page.getByLabel('Message').waitFor();
      await check('/visitor (chatting)');
      await context.close();
      assert.deepEqual(found, []);
    });
  }

  it('a phone (390 px), keyboard only: sign in, open a dialog (one pane, focus on its heading), answer, Escape back to the list; never a sideways scroll', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
    const page = await context.newPage();
    const noSideways = async (when: string) => assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true, `sideways scroll ${when}`);
    await page.goto(`${server.url}/sign-in`);
    await page.getByRole('button', { name: /Ana García/ }).waitFor();
    for (let i = 0; i < 15 && !/Ana García/.test(await focused(page)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/`);
    await listReady(page);
    assert.equal(await page.evaluate(() => document.querySelector('chat-inbox')!.getAttribute('layout')), 'one');
    await noSideways('on the list');
    // Tab to the first row of the list, then the administrator's own waiting dialog by type-ahead.
    for (let i = 0; i < 12 && !/^div\.row/.test(await focused(page)); i++) await page.keyboard.press('Tab');
    assert.match(await focused(page), /^div\.row/);
    await page.keyboard.type('amelia');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.id === 'chat-title';
    });
    assert.match(await focused(page), /Amelia Evans/);
    await noSideways('on the chat');
    await page.keyboard.press('Tab');
    for (let i = 0; i < 15 && !/^article/.test(await focused(page)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Control+End');
    assert.match(await focused(page), /^textarea/);
    await page.keyboard.type('Hello from a phone keyboard');
    await page.keyboard.press('Enter');
    await page.getByRole('feed').getByText('Hello from a phone keyboard').waitFor({ timeout: 20_000 });
    await noSideways('after answering');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.getAttribute('role') === 'option';
    });
    assert.match(await focused(page), /Amelia Evans, open in the chat/);
    await context.close();
  });
});
