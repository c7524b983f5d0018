/**
 * Issue 17: `<dialog-list>`'s parts used only after an action are chunks of their own, loaded on
 * first use: the filter panel's content (F1) and the bulk actions (the Actions menu and the delete
 * windows, D1-D4). "Retry" after a REAL failed request fetches the chunk again (from its own
 * address, or from a new one when the browser keeps the failure, see on-demand-retry.node.test.ts)
 * and the part works, styled (its styles travel in the chunk). Run against what `npm run build`
 * wrote: dist/ bundled by a consumer (esbuild, code splitting) and dist/browser/chatdesk.js as it is.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { bundlePagesSkip, retriedRequests, ROOT, startBundlePages, type BundlePages } from '../support/bundle-pages.js';

const skip = bundlePagesSkip('dist/define/dialog-list.js');

/** The page's data: the in-process backend with the demo seed, a client, one `<dialog-list>`. */
const BACKEND = `
import { createInProcessBackend } from ${JSON.stringify(path.join(ROOT, 'server/core/in-process.ts'))};
import { createSeed, SEED_IDS } from ${JSON.stringify(path.join(ROOT, 'server/demo-data/seed.ts'))};
export async function start(createChatClient) {
  const now = Date.UTC(2025, 2, 14, 12, 0, 0);
  const backend = await createInProcessBackend(() => createSeed({ now, dialogs: 20, messagesPerDialog: [2, 4] }), { delayFactor: 0, now: () => now });
  const client = createChatClient({ transport: backend.transport(SEED_IDS.admin), now: () => now });
  await client.start();
  const list = document.createElement('dialog-list');
  list.client = client;
  list.setAttribute('locale', 'en');
  list.style.blockSize = '700px';
  document.body.append(list);
}
`;

describe("dialog-list's on-demand parts: loaded on first use, Retry after a real failed request (issue 17)", { skip }, () => {
  let pages: BundlePages;
  let base: string;
  let browser: Browser;

  before(async () => {
    pages = await startBundlePages('list-on-demand', 'dist/define/dialog-list.js', BACKEND);
    ({ base, browser } = pages);
  });

  after(async () => {
    await pages?.close();
  });

  /**
   * Opens `file` with the chunk named by `chunk` failing: its first request only (`once`), or every
   * request of its own address (`kept`); returns every request made for it. Nothing requests it
   * before the action: the list is drawn without it.
   */
  async function open(file: string, chunk: RegExp, fails: 'once' | 'kept'): Promise<{ page: Page; requests: string[]; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route(chunk, async (route) => {
      const url = route.request().url();
      requests.push(url);
      if (requests.length === 1 || (fails === 'kept' && !url.includes('?'))) await route.abort('internetdisconnected');
      else await route.continue();
    });
    await page.goto(`${base}/${file}`);
    await page.locator('dialog-list [role="option"]').first().waitFor({ timeout: 20_000 });
    assert.deepEqual(requests, [], 'the chunk is not part of the first paint');
    return { page, requests, errors };
  }

  function expectRetried(requests: string[], fails: 'once' | 'kept'): void {
    assert.deepEqual(requests, retriedRequests(requests[0]!, fails, pages.keepsFailedImports), 'Retry requested the chunk again (its own address, else a new one)');
  }

  for (const [name, file, chunk, fails] of [
    ['dist/ bundled by a consumer, the failure not kept', 'consumer.html', /\/filter-panel-content-[\w-]+\.js/, 'once'],
    ['dist/browser/chatdesk.js as it is, the failure kept', 'browser.html', /\/browser\/lazy\/filter-panel-content-[\w-]+\.js/, 'kept'],
  ] as const) {
    it(`F1: ${name}: the filter panel opens with its heading; its content's chunk fails, Retry loads it and the panel works, styled, focus inside`, async () => {
      const { page, requests, errors } = await open(file, chunk, fails);
      await page.locator('dialog-list .filter-button').click();
      const panel = page.locator('dialog-list #filter-panel');
      assert.equal(await panel.locator('h2').innerText(), 'Sort and filter', 'the heading shows at once');
      const alert = panel.locator('.on-demand[role="alert"]');
      await alert.waitFor();
      assert.equal(requests.length, 1, 'the first request was made (and aborted)');
      assert.equal(await panel.locator('fieldset').count(), 0, 'no groups without their chunk');
      await alert.getByRole('button', { name: 'Retry' }).click();
      await panel.locator('fieldset[data-group="status"]').waitFor();
      expectRetried(requests, fails);
      assert.equal(await alert.count(), 0, 'the failure is gone');
      // Its styles came with the chunk: the status choices sit in a row; focus went into the panel.
      assert.equal(await panel.locator('fieldset[data-group="status"]').evaluate((f) => getComputedStyle(f).flexDirection), 'row');
      await page.waitForFunction(() => document.querySelector('dialog-list')!.shadowRoot!.activeElement?.closest('#filter-panel') != null);
      // And it works: "Closed" filters the list (the active filter shows as a chip).
      await panel.getByRole('radio', { name: 'Closed' }).check();
      await page.locator('dialog-list [part~="filter-chip"]').waitFor();
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  for (const [name, file, chunk, fails] of [
    ['dist/ bundled by a consumer, the failure kept', 'consumer.html', /\/bulk-actions-[\w-]+\.js/, 'kept'],
    ['dist/browser/chatdesk.js as it is, the failure not kept', 'browser.html', /\/browser\/lazy\/bulk-actions-[\w-]+\.js/, 'once'],
  ] as const) {
    it(`D1-D2: ${name}: the Actions menu's chunk fails; the list says why with Retry, which loads it, opens the menu (styled) and Delete asks to confirm`, async () => {
      const { page, requests, errors } = await open(file, chunk, fails);
      await page.locator('dialog-list [role="option"] [data-role="select"]').first().click();
      const actions = page.locator('dialog-list [part="actions-button"]');
      await actions.click();
      const alert = page.locator('dialog-list .on-demand[role="alert"]');
      await alert.waitFor();
      assert.equal(requests.length, 1, 'the first request was made (and aborted)');
      assert.equal(await page.locator('dialog-list [role="menu"]').count(), 0, 'no menu without its chunk');
      await alert.getByRole('button', { name: 'Retry' }).click();
      const item = page.locator('dialog-list [role="menuitem"][data-action="delete"]');
      await item.waitFor();
      expectRetried(requests, fails);
      assert.equal(await alert.count(), 0, 'the failure is gone');
      assert.equal(await actions.getAttribute('aria-expanded'), 'true');
      // The menu's styles came with the chunk (it floats over the list); its item has focus.
      assert.equal(await page.locator('dialog-list [role="menu"]').evaluate((m) => getComputedStyle(m).position), 'absolute');
      await page.waitForFunction(() => document.querySelector('dialog-list')!.shadowRoot!.activeElement?.getAttribute('role') === 'menuitem');
      await item.click();
      await page.locator('dialog-list dialog.confirm[open] h2').waitFor();
      assert.equal(await page.locator('dialog-list dialog.confirm h2').innerText(), 'Delete 1 dialog?');
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
