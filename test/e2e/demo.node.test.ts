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

  it('P1/P2: the operator attaches a photo in the browser (upload with progress); the visitor sees the image', async () => {
    await inbox.bringToFront();
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
    await inbox.waitForFunction(() => Object.values((window as unknown as { chatdesk: { client: { $uploads: { get(): Record<string, { state: string }> } } } }).chatdesk.client.$uploads.get()).some((u) => u.state === 'done'), undefined, { timeout: 20_000 });
    assert.equal(progress.at(-1), 1, 'progress reached 100%');
    const input = inbox.getByRole('textbox', { name: /message|reply/i }).last();
    await input.fill('Foto del paquete');
    await input.press('Enter');
    await visitor.bringToFront();
    const img = visitor.locator('.feed img[alt="paquete.png"]');
    await img.waitFor({ timeout: 20_000 });
    assert.ok(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth === 1), 'the image loads for the visitor');
  });

  it('S5: the visitor closes the chat; the operator’s next message fails with "client left"', async () => {
    await visitor.close({ runBeforeUnload: true });
    await new Promise((r) => setTimeout(r, 800));
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
    await card.getByRole('textbox', { name: /message/i }).last().waitFor();
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
