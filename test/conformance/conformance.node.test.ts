/**
 * CI runs the protocol conformance suite against the reference server (the same checks
 * `npm run conformance` runs against any backend).
 */
import { after, before, describe, it } from 'node:test';
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
