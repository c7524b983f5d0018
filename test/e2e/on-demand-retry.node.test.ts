/**
 * Issue 17: `<attachment-viewer>`'s large view and forward window load on first open, and "Retry"
 * after a REAL failed request fetches the chunk again. Two kinds of browser: one that requests a
 * failed module again on the next `import()` (Chromium 156 does), and one that keeps the failure in
 * its module map (a plain retry never succeeds: reported for Chromium in e3baf76, and Debian's
 * Chromium 150 does so; `startBundlePages` finds out which this browser is, and the requests
 * expected follow: `retriedRequests`). Routes also fail every request of the chunk's own address
 * (`kept`), so that only a new address can load it. Run against what
 * `npm run build` wrote:
 * - dist/ bundled as a consumer bundles it (esbuild, code splitting: the plain `import('./x.js')`
 *   becomes the consumer's own chunk),
 * - dist/browser/chatdesk.js as it is, on a static page (its chunks in dist/browser/lazy/).
 * The chunk's first request is aborted as a lost connection would; Retry must request it again and
 * open the window, styled (its styles travel in the chunk).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { bundlePagesSkip, retriedRequests, ROOT, startBundlePages, type BundlePages } from '../support/bundle-pages.js';

const skip = bundlePagesSkip('dist/define/attachment-viewer.js');

/** The page's data: the in-process backend with the demo seed, a client, one `<attachment-viewer>` on the attachments dialog. */
const BACKEND = `
import { createInProcessBackend } from ${JSON.stringify(path.join(ROOT, 'server/core/in-process.ts'))};
import { createSeed, SEED_IDS } from ${JSON.stringify(path.join(ROOT, 'server/demo-data/seed.ts'))};
export async function start(createChatClient) {
  const now = Date.UTC(2025, 2, 14, 12, 0, 0);
  const backend = await createInProcessBackend(() => createSeed({ now, dialogs: 20, messagesPerDialog: [2, 4] }), { delayFactor: 0, now: () => now });
  const client = createChatClient({ transport: backend.transport(SEED_IDS.admin), now: () => now });
  await client.start();
  const el = document.createElement('attachment-viewer');
  el.client = client;
  el.setAttribute('locale', 'en');
  el.setAttribute('dialog-id', SEED_IDS.attachmentsDialog);
  document.body.append(el);
  // The browser build registers every tag: a list too, for its "Keyboard shortcuts" window.
  if (customElements.get('dialog-list')) {
    const list = document.createElement('dialog-list');
    list.client = client;
    list.setAttribute('locale', 'en');
    document.body.append(list);
    const chat = document.createElement('chat-window');
    chat.client = client;
    chat.setAttribute('locale', 'en');
    chat.setAttribute('dialog-id', SEED_IDS.freshWaitingDialog);
    chat.style.blockSize = '600px';
    document.body.append(chat);
  }
}
`;

describe('on-demand windows: Retry after a real failed request (issue 17)', { skip }, () => {
  let pages: BundlePages;
  let base: string;
  let browser: Browser;

  before(async () => {
    pages = await startBundlePages('on-demand', 'dist/define/attachment-viewer.js', BACKEND);
    ({ base, browser } = pages);
  });

  after(async () => {
    await pages?.close();
  });

  /**
   * Opens `file` with the chunk named by `chunk` failing: its first request only (`once`), or every
   * request of its own address (`kept`: as a browser that keeps a failed module answers); returns
   * every request made for it.
   */
  async function open(file: string, chunk: RegExp, fails: 'once' | 'kept', ready = 'attachment-viewer button.thumb'): Promise<{ page: Page; requests: string[]; errors: string[] }> {
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
    await page.locator(ready).first().waitFor({ timeout: 20_000 });
    return { page, requests, errors };
  }

  /** The failure is shown (the window is not), Retry requests the chunk again and opens the window. */
  async function failThenRetry(page: Page, requests: string[], windowSelector: string, fails: 'once' | 'kept'): Promise<void> {
    const alert = page.locator('attachment-viewer .on-demand[role="alert"]');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Retry/);
    assert.equal(requests.length, 1, 'the first request was made (and aborted)');
    assert.equal(await page.locator(`attachment-viewer ${windowSelector}`).count(), 0, 'no window without its chunk');
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.locator(`attachment-viewer ${windowSelector}[open]`).waitFor();
    assert.deepEqual(requests, retriedRequests(requests[0]!, fails, pages.keepsFailedImports), 'Retry requested the chunk again (its own address, else a new one)');
    assert.equal(await alert.count(), 0, 'the failure is gone');
  }

  for (const [name, file, chunk, fails] of [
    ['dist/ bundled by a consumer (esbuild, split), the failure not kept', 'consumer.html', /\/image-lightbox-[\w-]+\.js/, 'once'],
    ['dist/ bundled by a consumer (esbuild, split), the failure kept', 'consumer.html', /\/image-lightbox-[\w-]+\.js/, 'kept'],
    ['dist/browser/chatdesk.js as it is, the failure not kept', 'browser.html', /\/browser\/lazy\/image-lightbox-[\w-]+\.js/, 'once'],
    ['dist/browser/chatdesk.js as it is, the failure kept', 'browser.html', /\/browser\/lazy\/image-lightbox-[\w-]+\.js/, 'kept'],
  ] as const) {
    it(`P2: ${name}: the large view's chunk fails to download; Retry downloads it and the view opens, styled and focused`, async () => {
      const { page, requests, errors } = await open(file, chunk, fails);
      await page.locator('attachment-viewer button.thumb').first().click();
      await failThenRetry(page, requests, 'dialog.lightbox', fails);
      // Its styles came with the chunk: the open view is a flex column filling the window.
      assert.equal(await page.locator('attachment-viewer dialog.lightbox').evaluate((d) => getComputedStyle(d).flexDirection), 'column');
      await page.waitForFunction(() => {
        const root = document.querySelector('attachment-viewer')!.shadowRoot!;
        return root.querySelector('dialog.lightbox')?.contains(root.activeElement) ?? false;
      });
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  for (const [name, file, chunk] of [
    ['dist/ bundled by a consumer (esbuild, split)', 'consumer.html', /\/viewer-body-[\w-]+\.js/],
    ['dist/browser/chatdesk.js as it is', 'browser.html', /\/browser\/lazy\/viewer-body-[\w-]+\.js/],
  ] as const) {
    it(`H6, P2: ${name}, the failure kept: the viewer's tabs (its body chunk) fail to download; the viewer says why with Retry, which loads them, styled; the large view then opens (its chunk imports nothing from the body's first address)`, async () => {
      const alert = 'attachment-viewer [part~="on-demand"][role="alert"]';
      const { page, requests, errors } = await open(file, chunk, 'kept', alert);
      assert.match(await page.locator(alert).innerText(), /Retry/);
      assert.equal(requests.length, 1, 'the first request was made (and aborted)');
      assert.equal(await page.locator('attachment-viewer [role="tab"]').count(), 0, 'no tabs without their chunk');
      await page.locator(alert).getByRole('button', { name: 'Retry' }).click();
      await page.locator('attachment-viewer button.thumb').first().waitFor();
      assert.deepEqual(requests, retriedRequests(requests[0]!, 'kept', pages.keepsFailedImports), 'Retry requested the chunk from a new address');
      assert.equal(await page.locator(alert).count(), 0, 'the failure is gone');
      // Its styles came with the chunk: the tab list is a flex row.
      assert.equal(await page.locator('attachment-viewer .tabs').evaluate((t) => getComputedStyle(t).display), 'flex');
      // The body came from ?retry=1 and its first address still fails: the large view's chunk must not
      // import it (a static import of that address would fail for good, and the view would never open).
      await page.locator('attachment-viewer button.thumb').first().click();
      await page.locator('attachment-viewer dialog.lightbox[open]').waitFor({ timeout: 10_000 });
      assert.equal(await page.locator('attachment-viewer .on-demand[role="alert"]').count(), 0, 'no failure');
      assert.deepEqual(requests, retriedRequests(requests[0]!, 'kept', pages.keepsFailedImports), 'the body was not requested again');
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  it('dist/browser/chatdesk.js, the failure kept: the "Keyboard shortcuts" window opens with why and Retry; Retry loads its content, styled, focus inside', async () => {
    const { page, requests, errors } = await open('browser.html', /\/browser\/lazy\/shortcut-help-window-[\w-]+\.js/, 'kept');
    await page.locator('dialog-list').evaluate((list) => (list as HTMLElement & { showShortcutHelp(): void }).showShortcutHelp());
    const alert = page.locator('dialog-list dialog.shortcut-help[open] [role="alert"]');
    await alert.waitFor();
    assert.equal(requests.length, 1);
    assert.equal(await page.locator('dialog-list .sh-groups').count(), 0, 'no content without its chunk');
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.locator('dialog-list dialog.shortcut-help[open] .sh-groups').waitFor();
    assert.deepEqual(requests, retriedRequests(requests[0]!, 'kept', pages.keepsFailedImports));
    // Its styles came with the chunk (a key cap has its thicker lower border); focus stayed in the window.
    assert.equal(
      await page
        .locator('dialog-list dialog.shortcut-help kbd')
        .first()
        .evaluate((k) => getComputedStyle(k).borderBottomWidth),
      '2px',
    );
    await page.waitForFunction(() => {
      const root = document.querySelector('dialog-list')!.shadowRoot!;
      return root.querySelector('dialog.shortcut-help')?.contains(root.activeElement) ?? false;
    });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("H1: dist/browser/chatdesk.js, the failure kept: chat-window's Reassign window opens with why and Retry; Retry loads its content, styled, focus inside", async () => {
    const { page, requests, errors } = await open('browser.html', /\/browser\/lazy\/chat-window\.modals-[\w-]+\.js/, 'kept');
    await page.locator('chat-window').getByRole('button', { name: 'Reassign dialog' }).click();
    const alert = page.locator('chat-window dialog[data-modal="reassign"][open] [role="alert"]');
    await alert.waitFor();
    assert.equal(requests.length, 1);
    await page.locator('chat-window dialog[data-modal="reassign"]').getByRole('button', { name: 'Retry' }).click();
    await page.locator('chat-window dialog[data-modal="reassign"][open] .choices').waitFor();
    assert.deepEqual(requests, retriedRequests(requests[0]!, 'kept', pages.keepsFailedImports));
    assert.equal(await page.locator('chat-window dialog[data-modal="reassign"]').count(), 1, 'one window: the failure was replaced');
    // Its styles came with the chunk (the search box is a flex row); the window is modal and holds focus.
    assert.equal(await page.locator('chat-window .search-field').evaluate((f) => getComputedStyle(f).display), 'flex');
    await page.waitForFunction(() => {
      const root = document.querySelector('chat-window')!.shadowRoot!;
      const dlg = root.querySelector('dialog[data-modal="reassign"]');
      return !!dlg?.matches(':modal') && dlg.contains(root.activeElement);
    });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('D1: dist/browser/chatdesk.js, the failure kept: chat-window\'s part loaded on first use fails; "?" opens a window saying why with Retry; Retry opens the Keyboard shortcuts window, styled, focus inside', async () => {
    const { page, requests, errors } = await open('browser.html', /\/browser\/lazy\/chat-window\.modals-[\w-]+\.js/, 'kept');
    await page.locator('chat-window').evaluate((chat) => (chat as HTMLElement & { showShortcutHelp(): void }).showShortcutHelp());
    const failed = page.locator('chat-window dialog[data-modal="help"][open]');
    await failed.locator('[role="alert"]').waitFor();
    assert.equal(requests.length, 1);
    assert.equal(await page.locator('chat-window dialog.shortcut-help').count(), 0, 'no shortcuts window without its part');
    await failed.getByRole('button', { name: 'Retry' }).click();
    await page.locator('chat-window dialog.shortcut-help[open] .sh-groups').waitFor();
    assert.deepEqual(requests, retriedRequests(requests[0]!, 'kept', pages.keepsFailedImports));
    assert.equal(await page.locator('chat-window dialog[data-modal="help"]').count(), 0, 'the failure window is gone');
    // The frame's styles came with the part (its heading row is a flex row); focus is inside.
    assert.equal(await page.locator('chat-window dialog.shortcut-help .sh-head').evaluate((h) => getComputedStyle(h).display), 'flex');
    await page.waitForFunction(() => {
      const root = document.querySelector('chat-window')!.shadowRoot!;
      return root.querySelector('dialog.shortcut-help')?.contains(root.activeElement) ?? false;
    });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('issue 17 (each other locale a lazy chunk): dist/browser/chatdesk.js, the failure kept: the Russian strings fail to download (English stays); the next time an element shows Russian they load from a new address', async () => {
    const { page, requests, errors } = await open('browser.html', /\/browser\/locales\/ru-[\w-]+\.js/, 'kept');
    const tab = page.locator('attachment-viewer #tab-image');
    assert.match(await tab.innerText(), /Images/);
    const warned = page.waitForEvent('console', (m) => m.type() === 'warning' && m.text().includes('"ru" strings did not load'));
    await page.locator('attachment-viewer').evaluate((el) => el.setAttribute('locale', 'ru'));
    await warned;
    assert.equal(requests.length, 1, 'the first request was made (and aborted)');
    assert.match(await tab.innerText(), /Images/, 'English meanwhile');
    // The element shows Russian again (here: its locale set back and forth): the chunk is asked for again.
    await page.locator('attachment-viewer').evaluate(async (el) => {
      el.setAttribute('locale', 'en');
      await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      el.setAttribute('locale', 'ru');
    });
    await page.waitForFunction(() => document.querySelector('attachment-viewer')!.shadowRoot!.querySelector('#tab-image')?.textContent?.includes('Изображения'));
    assert.deepEqual(requests, retriedRequests(requests[0]!, 'kept', pages.keepsFailedImports), 'its own address failed again, then the new one loaded');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("H6: dist/ bundled by a consumer, the failure kept: the forward window's chunk fails; Retry opens it, styled", async () => {
    const { page, requests, errors } = await open('consumer.html', /\/forward-dialog-[\w-]+\.js/, 'kept');
    await page.locator('attachment-viewer [role="tab"]', { hasText: 'Files' }).click();
    await page.locator('attachment-viewer #panel-file [data-action="forward"]').first().click();
    await failThenRetry(page, requests, 'dialog.forward', 'kept');
    assert.equal(await page.locator('attachment-viewer .fwd-form').evaluate((f) => getComputedStyle(f).display), 'flex');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
