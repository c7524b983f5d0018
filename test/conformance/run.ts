/**
 * Runs the protocol conformance suite against a backend:
 *
 *   npm run conformance -- --endpoint http://localhost:8080/api/v1 --token <operator token>
 *   npm run conformance -- --endpoint ... --token ... --read-only      (no messages sent)
 *
 * The token is an operator's bearer token. Against the reference server, sign in on the demo's
 * sign-in page, or ask it: `curl -X POST localhost:8080/api/v1/auth/sign-in -H 'content-type:
 * application/json' -d '{"operatorId":"op-admin"}'`. The suite writes (it sends messages, marks
 * reads, uploads a 1x1 PNG): point it at a test instance. Prints TAP; exits 1 on a failure.
 */
import { parseArgs } from 'node:util';
import { CHECKS, runConformance } from './suite.js';

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string' },
    token: { type: 'string' },
    'read-only': { type: 'boolean', default: false },
    timeout: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (values.help || !values.endpoint || !values.token) {
  console.log(`Usage: npm run conformance -- --endpoint URL --token TOKEN [--read-only] [--timeout MS]

  --endpoint   the API base, e.g. http://localhost:8080/api/v1
  --token      an operator's bearer token
  --read-only  skip the checks that write (send a message, mark read, upload)
  --timeout    milliseconds to wait for a pushed event (default 5000)

Checks (${CHECKS.length}):
${CHECKS.map((c) => `  ${c.id.padEnd(26)} ${c.title}${c.writes ? ' [writes]' : ''}`).join('\n')}`);
  process.exit(values.help ? 0 : 2);
}

const endpoint = values.endpoint.replace(/\/+$/, '');
console.log('TAP version 13');
console.log(`# chatdesk protocol conformance against ${endpoint}`);
console.log(`1..${CHECKS.length}`);
let n = 0;
const results = await runConformance({ endpoint, token: values.token, readOnly: values['read-only'], eventTimeoutMs: values.timeout ? Number(values.timeout) : undefined }, (r) => {
  n++;
  const line = `${r.check.id} - ${r.check.title}`;
  if (r.status === 'skipped') console.log(`ok ${n} - ${line} # SKIP read-only`);
  else if (r.status === 'passed') console.log(`ok ${n} - ${line} (${r.ms} ms)`);
  else {
    console.log(`not ok ${n} - ${line}`);
    for (const l of (r.error ?? '').split('\n')) console.log(`  # ${l}`);
  }
});
const passed = results.filter((r) => r.status === 'passed').length;
const failed = results.filter((r) => r.status === 'failed').length;
const skipped = results.filter((r) => r.status === 'skipped').length;
console.log(`# ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
