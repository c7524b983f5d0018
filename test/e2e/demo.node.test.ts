/**
 * The demo as a person uses it, in headless Chromium: sign in, see the dialogs, talk with the
 * `/visitor` page live both ways, see the visitor's read (S4), close the visitor's chat and see
 * the next message fail with "client left" (S5).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
// @ts-expect-error -- plain JS helper without types
import { findChrome } from '../../scripts/find-chrome.js';
import { buildDemo, mountDemo } from '../../server/demo.js';
import { until } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

const chrome = (findChrome as () => string | null)();
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

describe('demo in a browser: sign in, talk to /visitor', { skip: chrome ? false : 'no Chrome/Chromium found' }, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let inbox: Page;
  let visitor: Page;
  const pageErrors: string[] = [];

  before(async () => {
    const assets = await buildDemo();
    server = await startTestServer({ faults: false, delayFactor: 0.1, visitorLeaveGraceMs: 300, extend: (app) => mountDemo(app, assets) });
    browser = await chromium.launch({
      executablePath: chrome!,
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    context = await browser.newContext({ viewport: { width: 1400, height: 850 }, locale: 'en-US' });
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('sign-in page lists the seeded operators with their roles; signing in opens the inbox', async () => {
    inbox = await context.newPage();
    inbox.on('pageerror', (e) => pageErrors.push(e.message));
    await inbox.goto(`${server.url}/`);
    await inbox.waitForURL('**/sign-in');
    const admin = inbox.getByRole('button', { name: /Ana García.*Administrator/ });
    await admin.waitFor();
    assert.equal(await inbox.getByRole('button', { name: /Operator/ }).count(), 3);
    await admin.click();
    await inbox.waitForURL(`${server.url}/`);
    await inbox.getByText('Ana García · Administrator').waitFor();
    await inbox.getByText(/Connection: online/).waitFor({ timeout: 20_000 });
  });

  it('the inbox shows the dialogs the SDK knows', async () => {
    // A well-known seeded dialog's client is listed (by the element, or by the plain view).
    await inbox.getByText('Amelia Evans').first().waitFor({ timeout: 20_000 });
  });

  it('a visitor writes from /visitor; the operator answers; both see it live; the visitor’s read shows (S4)', async () => {
    visitor = await context.newPage();
    visitor.on('pageerror', (e) => pageErrors.push(e.message));
    await visitor.goto(`${server.url}/visitor?utm_source=newsletter&utm_campaign=spring`);
    await visitor.getByLabel('Your name').fill('Lucía Test');
    await visitor.getByLabel('Your question').fill('Hola, ¿tenéis envío a Canarias?');
    await visitor.getByRole('button', { name: 'Start chat' }).click();
    await visitor.locator('.feed li.mine').first().waitFor();

    await inbox.bringToFront();
    await inbox.getByText('Lucía Test').first().click({ timeout: 20_000 });
    await inbox.getByText('Hola, ¿tenéis envío a Canarias?').last().waitFor();
    const input = inbox.getByRole('textbox', { name: /message|reply/i }).last();
    await input.fill('¡Hola Lucía! Sí, en 3-5 días.');
    await input.press('Enter');

    await visitor.bringToFront();
    const reply = visitor.locator('.feed li.theirs').last();
    await reply.waitFor({ timeout: 20_000 });
    assert.match(await reply.innerText(), /Ana García[\s\S]*¡Hola Lucía! Sí, en 3-5 días\./);
    // The visible visitor page reported the read: the operator's message turns read (S4).
    await inbox.bringToFront();
    await waitForStatus(inbox, '¡Hola Lucía! Sí, en 3-5 días.', 'read');

    await visitor.bringToFront();
    await visitor.getByLabel('Message').fill('¡Genial, gracias!');
    await visitor.getByLabel('Message').press('Enter');
    await inbox.bringToFront();
    await inbox.getByRole('log').or(inbox.getByRole('feed')).getByText('¡Genial, gracias!').first().waitFor({ timeout: 20_000 });
  });

  it('S1: the visitor page sends again what a load balancer answered 502 or a cut connection lost, with the same id, in the order typed; a refusal shows "not sent" with Retry', async () => {
    await visitor.bringToFront();
    const dialogId = (await server.storage.dialogs()).find((d) => d.title === 'Lucía Test')!.id;
    // The first two sends meet a load balancer with no instance behind it, then a cut connection.
    let failures = 0;
    await visitor.route('**/api/visitor/messages', async (route) => {
      failures++;
      if (failures <= 2) await route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body>502 Bad Gateway</body></html>' });
      else if (failures === 3) await route.abort('connectionreset');
      else await route.fallback();
    });
    const box = visitor.getByLabel('Message');
    await box.fill('Primero, tras el 502');
    await box.press('Enter');
    await box.fill('Segundo, detrás del primero');
    await box.press('Enter');
    const stored = async () => (await server.storage.messages(dialogId, undefined, 200)).filter((m) => m.text === 'Primero, tras el 502' || m.text === 'Segundo, detrás del primero');
    const both = await until(async () => ((await stored()).length === 2 ? stored() : null), 'both messages stored after the failures');
    assert.ok(failures >= 4, `the page sent again (${failures} requests)`);
    assert.deepEqual(
      both.map((m) => m.text),
      ['Primero, tras el 502', 'Segundo, detrás del primero'],
      'once each, in the order typed',
    );
    const mine = visitor.locator('.feed li.mine');
    await until(async () => (await mine.filter({ hasText: /not sent|sending/ }).count()) === 0, 'neither shows as sending or not sent');
    await visitor.unroute('**/api/visitor/messages');

    // A refusal is not sent again: it says why, and Retry sends it with its id.
    let refused = 0;
    await visitor.route('**/api/visitor/messages', async (route) => {
      if (refused++ === 0) await route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal', message: 'Something broke on the server.' } }) });
      else await route.fallback();
    });
    // The browser's clock runs 10 minutes behind the server's: what is not stored yet still shows last.
    await visitor.evaluate(() => {
      const real = Date.now.bind(Date);
      Object.assign(window, { realNow: real });
      Date.now = () => real() - 600_000;
    });
    const last = () => visitor.locator('.feed li').last().textContent();
    await box.fill('Tercero, rechazado una vez');
    await box.press('Enter');
    const failed = mine.filter({ hasText: 'Tercero, rechazado una vez' });
    await failed.getByText('not sent: Something broke on the server.').waitFor();
    assert.equal(refused, 1, 'a refusal is not sent again by itself');
    assert.match((await last()) ?? '', /Tercero, rechazado una vez/, 'the message not sent shows after those stored, whatever the browser’s clock says');
    await failed.getByRole('button', { name: 'Retry' }).click();
    await until(async () => (await server.storage.messages(dialogId, undefined, 200)).filter((m) => m.text === 'Tercero, rechazado una vez').length === 1, 'stored once after Retry');
    await until(async () => (await failed.getByRole('button', { name: 'Retry' }).count()) === 0, 'Retry gone once sent');
    assert.match((await last()) ?? '', /Tercero, rechazado una vez/, 'stored, it keeps its place: the server timed it');
    await visitor.evaluate(() => {
      Date.now = (window as unknown as { realNow: () => number }).realNow;
    });
    await visitor.unroute('**/api/visitor/messages');
  });

  it('P1/P2: the operator attaches a photo in the browser (upload with progress; a 503 on the way is sent again); the visitor sees the image', async () => {
    await inbox.bringToFront();
    // The first attempt meets an instance whose database restarts: 503, sent again by the SDK.
    let uploads = 0;
    await inbox.route('**/uploads', async (route) => {
      if (uploads++ === 0)
        await route.fulfill({
          status: 503,
          contentType: 'application/json',
          headers: { 'retry-after': '1' },
          body: JSON.stringify({ error: { code: 'unavailable', message: 'The database cannot be reached.' } }),
        });
      else await route.fallback();
    });
    const progress: number[] = [];
    await inbox.exposeFunction('chatdeskReportProgress', (p: number) => progress.push(p));
    await inbox.evaluate(() => {
      const client = (window as unknown as { chatdesk: { client: { $uploads: { listen(cb: (v: Record<string, { progress: number }>) => void): void } } } }).chatdesk.client;
      client.$uploads.listen((v) => {
        for (const u of Object.values(v)) (window as unknown as { chatdeskReportProgress(p: number): void }).chatdeskReportProgress(u.progress);
      });
    });
    const fileInput = inbox.locator('chat-window input[type=file]').or(inbox.locator('input[type=file]')).first();
    await fileInput.setInputFiles({ name: 'paquete.png', mimeType: 'image/png', buffer: PNG_1x1 });
    await inbox.waitForFunction(
      () => Object.values((window as unknown as { chatdesk: { client: { $uploads: { get(): Record<string, { state: string }> } } } }).chatdesk.client.$uploads.get()).some((u) => u.state === 'done'),
      undefined,
      { timeout: 20_000 },
    );
    assert.equal(progress.at(-1), 1, 'progress reached 100%');
    assert.equal(uploads, 2, 'the upload was sent again after the 503');
    await inbox.unroute('**/uploads');
    const input = inbox.getByRole('textbox', { name: /message|reply/i }).last();
    await input.fill('Foto del paquete');
    await input.press('Enter');
    await visitor.bringToFront();
    const img = visitor.locator('.feed img[alt="paquete.png"]');
    await img.waitFor({ timeout: 20_000 });
    assert.ok(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth === 1), 'the image loads for the visitor');
  });

  it('S5: the visitor closes the chat; the operator’s next message fails with "client left"', async () => {
    const dialogId = (await server.storage.dialogs()).find((d) => d.title === 'Lucía Test')!.id;
    await visitor.close({ runBeforeUnload: true });
    await until(async () => await server.storage.clientLeft(dialogId), 'the server knows the visitor left');
    const input = inbox.getByRole('textbox', { name: /message|reply/i }).last();
    await input.fill('¿Sigues ahí?');
    await input.press('Enter');
    await waitForStatus(inbox, '¿Sigues ahí?', 'failed');
    const row = await server.storage.messages((await server.storage.dialogs()).find((d) => d.title === 'Lucía Test')!.id, undefined, 50);
    assert.deepEqual(row.find((m) => m.text === '¿Sigues ahí?')?.status, { state: 'failed', reason: 'client_left', retryable: true });
    await inbox.screenshot({ path: process.env.CHATDESK_E2E_SCREENSHOT ?? '/tmp/chatdesk-e2e-inbox.png' });
  });

  it('plain HTML embedding: <chat-provider endpoint token> builds its own client for a <chat-window dialog-id>', async () => {
    const card = await context.newPage();
    card.on('pageerror', (e) => pageErrors.push(e.message));
    // Each tab signs in on its own (the demo keeps the token per tab).
    await card.goto(`${server.url}/sign-in`);
    await card.getByRole('button', { name: /Ana García/ }).click();
    await card.waitForURL(`${server.url}/`);
    await card.goto(`${server.url}/embed?dialog=dlg-0002`);
    // dlg-0002 is the administrator's; its history loads over the provider's own connection.
    await card.getByText('Amelia Evans').first().waitFor({ timeout: 20_000 });
    await card
      .getByRole('textbox', { name: /message/i })
      .last()
      .waitFor();
    await card.close();
  });

  it('C1/C2: the order card shows the order’s chat beside the client’s source and the order the bot created, with its source', async () => {
    const withBotOrder = (await server.storage.clients()).find((c) => c.source?.campaign && c.orders.some((o) => o.createdByBot && o.source));
    assert.ok(withBotOrder, 'the seed has an order the bot created');
    const order = withBotOrder.orders.find((o) => o.createdByBot && o.source)!;
    // The inbox links the cards from its "Pages" menu.
    await inbox.bringToFront();
    await inbox.getByText('Pages', { exact: true }).click();
    assert.equal(await inbox.getByRole('link', { name: 'Order card' }).getAttribute('href'), '/order-card');
    assert.equal(await inbox.getByRole('link', { name: 'Client card' }).getAttribute('href'), '/client-card');
    await inbox.getByText('Pages', { exact: true }).click();
    const card = await context.newPage();
    card.on('pageerror', (e) => pageErrors.push(e.message));
    await card.goto(`${server.url}/sign-in?next=${encodeURIComponent(`/order-card?order=${order.id}`)}`);
    await card.getByRole('button', { name: /Ana García/ }).click();
    await card.waitForURL(`${server.url}/order-card?order=${order.id}`);
    await card.getByRole('heading', { name: `Order ${order.number}` }).waitFor({ timeout: 20_000 });
    const widget = card.locator('client-widget[mode="order"]');
    // C1: where the client came from, campaign included.
    await widget.locator('[part~="source"]').first().waitFor({ timeout: 20_000 });
    assert.ok((await widget.locator('[part~="source"]').first().innerText()).includes(withBotOrder.source!.campaign!));
    // C2: this order alone, marked as the bot's, with the source it was created from.
    await widget.getByText('Created by the bot').waitFor();
    await widget.getByText(`Order ${order.number}`).waitFor();
    assert.equal(await widget.getByText(/^Order /).count(), 1, 'only this order');
    // The order's chat beside it.
    await card.locator('chat-window').getByText(withBotOrder.name).first().waitFor({ timeout: 20_000 });
    await card.close();
  });

  it('H5: in the client card, detaching the client from a chat (with the second confirmation) leaves the client; only the link to that chat goes', async () => {
    const card = await context.newPage();
    card.on('pageerror', (e) => pageErrors.push(e.message));
    const clientId = 'cl-0016';
    const customer = (await server.storage.client(clientId))!;
    const linkedBefore = (await server.storage.dialogs()).filter((d) => d.clientId === clientId);
    assert.ok(linkedBefore.length >= 2, 'a client with two chats');
    await card.goto(`${server.url}/sign-in?next=${encodeURIComponent(`/client-card?client=${clientId}`)}`);
    await card.getByRole('button', { name: /Ana García/ }).click();
    await card.waitForURL(`${server.url}/client-card?client=${clientId}`);
    await card.getByRole('heading', { name: `Client card · ${customer.name}` }).waitFor({ timeout: 20_000 });
    const chats = card.locator('.linked-chats li[data-dialog]');
    await chats.first().waitFor({ timeout: 20_000 });
    assert.equal(await chats.count(), linkedBefore.length);
    const open = (await chats.first().getAttribute('data-dialog'))!;
    // Detach client in the open chat's header; the second confirmation says the client is kept.
    const win = card.locator('chat-window');
    await win.getByRole('button', { name: 'Detach client' }).click();
    const confirm = win.getByRole('dialog');
    await confirm.waitFor();
    await confirm.getByRole('button', { name: /Detach/ }).click();
    await card.waitForFunction((n) => document.querySelectorAll('.linked-chats li[data-dialog]').length === n, linkedBefore.length - 1, { timeout: 20_000 });
    assert.equal(await card.locator(`.linked-chats li[data-dialog="${open}"]`).count(), 0, 'the chat’s link is gone from the card');
    await card.getByText(`${customer.name} still exists as a client`).waitFor();
    // The client is still there, in the card and on the server.
    await card.locator('client-widget').getByText(customer.name, { exact: true }).first().waitFor();
    assert.ok(await server.storage.client(clientId), 'the client is not deleted');
    assert.equal((await server.storage.dialog(open))?.clientId, null, 'the dialog lost its client');
    await card.close();
  });

  it('no script errors on any page', () => {
    assert.deepEqual(pageErrors, []);
  });

  /** Waits until the server and the page's client agree on a message's status. */
  async function waitForStatus(page: Page, text: string, state: string): Promise<void> {
    await page.waitForFunction(
      ([t, s]) => {
        const client = (window as unknown as { chatdesk?: { client: { $feeds: { get(): Record<string, { messages: Array<{ text: string; status?: { state: string } }> }> } } } }).chatdesk?.client;
        if (!client) return false;
        return Object.values(client.$feeds.get()).some((f) => f.messages.some((m) => m.text === t && m.status?.state === s));
      },
      [text, state] as const,
      { timeout: 20_000 },
    );
  }
});
