/**
 * F2 chat settings over the real server (HTTP + WebSocket, PGlite): an administrator sets and
 * clears the response-time limit in one transaction; every operator hears `settings.updated` and
 * their list re-sorts at once; nobody else may change it; bad values change nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CommandName } from '../../sdk/protocol.js';
import { compareByActivity, compareByProcessing, normalizeQuery } from '../../sdk/rules/query.js';
import { SEED_IDS } from '../../server/demo-data/seed.js';
import { apiCommand, httpClient, until, type TestClient } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('F2: chat settings at the API', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const clients: TestClient[] = [];

  const request = (token: string, name: CommandName, input: Record<string, unknown>) => apiCommand<Record<string, unknown> & { error?: { code: string; field?: string } }>(server, token, name, input);
  const settingsRow = async () => JSON.stringify((await server.storage.db.query('SELECT * FROM settings')).rows);
  const heads = async () => JSON.stringify((await server.storage.db.query('SELECT * FROM event_heads ORDER BY operator_id')).rows);
  const signIn = async (op: string) => {
    const c = httpClient(server, tokens[op]!);
    clients.push(c);
    await c.client.start();
    return c;
  };

  before(async () => {
    server = await startTestServer();
    for (const op of [SEED_IDS.admin, SEED_IDS.maria]) tokens[op] = await server.tokenFor(op);
  });
  after(async () => {
    for (const c of clients) c.client.stop();
    await server.dispose();
  });

  it('F2: an administrator clears the limit ("no time limit") and sets it again; every operator’s list re-sorts at once', async () => {
    const admin = await signIn(SEED_IDS.admin);
    const maria = await signIn(SEED_IDS.maria);
    assert.equal(admin.client.$canEditSettings.get(), true);
    assert.equal(maria.client.$canEditSettings.get(), false);
    assert.equal(maria.client.$settings.get().responseTimeLimitMs, 15 * 60_000, 'the seeded 15-minute limit');
    assert.equal(maria.client.$query.get().sort, 'processing');
    const byProcessing = maria.client.$list.get().map((d) => d.id);
    assert.deepEqual(
      byProcessing,
      [...maria.client.$list.get()].sort(compareByProcessing).map((d) => d.id),
    );

    assert.deepEqual(await admin.client.updateSettings({ responseTimeLimitMs: null }), { responseTimeLimitMs: null });
    await until(() => maria.client.$settings.get().responseTimeLimitMs === null, 'maria hears settings.updated');
    // Processing order is unavailable without a limit: her list is in last-activity order now.
    const byActivity = maria.client.$list.get().map((d) => d.id);
    assert.deepEqual(
      byActivity,
      [...maria.client.$list.get()].sort(compareByActivity).map((d) => d.id),
    );
    assert.notDeepEqual(byActivity, byProcessing, 'the order changed');
    // The server sorts its pages by the same rule.
    const page = await request(tokens[SEED_IDS.maria]!, 'listDialogs', { query: normalizeQuery({ sort: 'processing' }), limit: 500 });
    assert.equal(page.status, 200, page.text);
    assert.deepEqual(
      (page.body['dialogs'] as Array<{ id: string }>).map((d) => d.id),
      byActivity,
    );
    assert.deepEqual(await server.storage.settings(), { responseTimeLimitMs: null }, 'stored');

    // Set again: 10 minutes.
    assert.deepEqual(await admin.client.updateSettings({ responseTimeLimitMs: 10 * 60_000 }), { responseTimeLimitMs: 600_000 });
    await until(() => maria.client.$settings.get().responseTimeLimitMs === 600_000, 'maria hears the new limit');
    assert.deepEqual(
      maria.client.$list.get().map((d) => d.id),
      [...maria.client.$list.get()].sort(compareByProcessing).map((d) => d.id),
    );
    // A fresh snapshot (another tab, a reload) has it too.
    const boot = await request(tokens[SEED_IDS.maria]!, 'bootstrap', {});
    assert.deepEqual(boot.body['settings'], { responseTimeLimitMs: 600_000 });
    // The same value again is a no-op: no event.
    const before = await heads();
    assert.equal((await request(tokens[SEED_IDS.admin]!, 'updateSettings', { responseTimeLimitMs: 600_000 })).status, 200);
    assert.equal(await heads(), before, 'no event for an unchanged setting');
  });

  it('F2: an operator may not change the settings (403), and the SDK undoes its optimistic change', async () => {
    const maria = await signIn(SEED_IDS.maria);
    const was = maria.client.$settings.get();
    const beforeRow = await settingsRow();
    const beforeHeads = await heads();
    const r = await request(tokens[SEED_IDS.maria]!, 'updateSettings', { responseTimeLimitMs: null });
    assert.deepEqual([r.status, r.body.error?.code], [403, 'forbidden'], r.text);
    await assert.rejects(maria.client.updateSettings({ responseTimeLimitMs: null }), (e: Error & { code?: string }) => e.code === 'forbidden');
    assert.deepEqual(maria.client.$settings.get(), was, 'rolled back');
    assert.equal(await settingsRow(), beforeRow, 'nothing stored');
    assert.equal(await heads(), beforeHeads, 'no event');
  });

  it('F2: a limit out of range, of the wrong type, or an unknown setting is refused with the field named; nothing changes', async () => {
    const beforeRow = await settingsRow();
    for (const [input, field] of [
      [{ responseTimeLimitMs: 59_999 }, 'responseTimeLimitMs'],
      [{ responseTimeLimitMs: 8 * 24 * 3_600_000 }, 'responseTimeLimitMs'],
      [{ responseTimeLimitMs: 90_000.5 }, 'responseTimeLimitMs'],
      [{ responseTimeLimitMs: '900000' }, 'responseTimeLimitMs'],
      [{ theme: 'dark' }, 'theme'],
    ] as const) {
      const r = await request(tokens[SEED_IDS.admin]!, 'updateSettings', input);
      assert.deepEqual([r.status, r.body.error?.code, r.body.error?.field], [400, 'validation', field], `${JSON.stringify(input)}: ${r.text}`);
    }
    assert.equal(await settingsRow(), beforeRow);
  });
});
