/**
 * CI runs the protocol conformance suite against the reference server (the same checks
 * `npm run conformance` runs against any backend).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DialogPage } from '../../sdk/model.js';
import { normalizeQuery } from '../../sdk/rules/query.js';
import { SEARCH_TOTAL_CAP } from '../../server/core/storage.js';
import { SEED_IDS } from '../../server/demo-data/seed.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { CHECKS, type ConformanceContext, type SuiteState } from './suite.js';

for (const operatorId of [SEED_IDS.admin, SEED_IDS.maria]) {
  describe(`protocol conformance of the reference server (as ${operatorId})`, () => {
    let server: TestServer;
    let ctx: ConformanceContext;
    const state: SuiteState = {};
    before(async () => {
      server = await startTestServer({ faults: false });
      ctx = { endpoint: server.endpoint, token: await server.tokenFor(operatorId) };
    });
    after(() => server.dispose());
    for (const check of CHECKS) it(`${check.id}: ${check.title}`, () => check.run(ctx, state));
  });
}

// L6, T7 past the counting cap: the reference server's data set has fewer dialogs than the cap, so
// the checks of a search's counts run again on one with more (a common word then flags its counts).
describe('protocol conformance of the reference server past the search cap (L6, T7)', () => {
  let server: TestServer;
  let ctx: ConformanceContext;
  const state: SuiteState = {};
  before(async () => {
    server = await startTestServer({ faults: false, seedOptions: { dialogs: SEARCH_TOTAL_CAP + 300, seed: 11, messagesPerDialog: [1, 2] } });
    ctx = { endpoint: server.endpoint, token: await server.tokenFor(SEED_IDS.admin) };
  });
  after(() => server.dispose());
  for (const check of CHECKS.filter((c) => ['bootstrap', 'dialogs.search-total', 'dialogs.search-tags'].includes(c.id))) it(`${check.id}: ${check.title}`, () => check.run(ctx, state));
  it('T7, L6: here a common word flags its tag counts, so the lower-bound branch of dialogs.search-tags ran', async () => {
    const r = await fetch(`${ctx.endpoint}/dialogs/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: normalizeQuery({ search: 'a' }), limit: 0, counts: ['tags'] }),
    });
    const page = (await r.json()) as DialogPage;
    assert.equal(page.counts.tagsAtLeast, true);
    assert.ok(Object.keys(page.counts.tags ?? {}).length > 0, 'some tags counted');
  });
});
