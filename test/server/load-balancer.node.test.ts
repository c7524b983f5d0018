/**
 * Issue 14: two instances on one PostgreSQL behind a real load balancer, nginx with the
 * configuration the docs give (`docs/nginx.conf`), no sticky sessions. An operator's SDK client
 * and a site visitor talk only to nginx while both instances are restarted one after the other
 * (SIGTERM, then started again on the same port), as a deploy does. The operator's event socket
 * goes through nginx's WebSocket proxying and moves to the other instance at each stop.
 *
 * Checked: every message is stored once, in the order typed; the operator's client shows each
 * once, the visitor's included; nginx always had an instance to pass a request to (with nginx's
 * default `max_fails=1 fail_timeout=10s` the second stop met the first instance still counted as
 * down, and nginx answered 502 "no live upstreams" for about 10 s); a 2 MB attachment goes through.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Id } from '../../sdk/model.js';
import { SEED_IDS } from '../../server/demo-data/seed.js';
import { httpClient, sleep, storedFeed, until, untilEveryTypedStored, type TestClient } from '../support/clients.js';
import { startInstance, type Instance } from '../support/instances.js';
import { nginxSkipReason, startNginx, type TestNginx } from '../support/nginx.js';
import { freePort, postgresSkipReason, startPostgres, type TestPostgres } from '../support/postgres.js';
import { post } from '../support/taps.js';

const OPERATOR_MESSAGES = 40;
const VISITOR_MESSAGES = 16;

/** A visitor's send as the demo's visitor page makes it: the same id again after a failure on the way. */
async function visitorSend(url: string, token: string, id: string, text: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const r = await fetch(`${url}/api/visitor/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ id, text }),
    }).catch(() => null);
    if (r && r.status < 500) return r.status;
    if (attempt >= 40) return r?.status ?? 0;
    await sleep(Math.min(1000, 50 * 2 ** attempt));
  }
}

describe('behind nginx with the documented configuration (issue 14)', { skip: nginxSkipReason() || postgresSkipReason() }, () => {
  let pg: TestPostgres;
  let nginx: TestNginx;
  let client: TestClient | null = null;
  const ports: [number, number] = [0, 0];
  const running: Array<Instance | null> = [null, null];
  let env: Record<string, string>;

  before(async () => {
    pg = await startPostgres({ fast: true });
    env = { DATABASE_URL: await pg.createDatabase('balanced'), CHATDESK_DELAY_FACTOR: '0.02', CHATDESK_LEADER_POLL_MS: '200', CHATDESK_POOL: '5' };
    ports[0] = await freePort();
    ports[1] = await freePort();
    running[0] = await startInstance({ ...env, CHATDESK_TEST_PORT: String(ports[0]) });
    running[1] = await startInstance({ ...env, CHATDESK_TEST_PORT: String(ports[1]) });
    nginx = await startNginx(await freePort(), ports);
  });
  after(async () => {
    client?.client.stop();
    for (const i of running) await i?.stop();
    await nginx?.stop();
    await pg?.stop();
  });

  /** Stops instance `i` (SIGTERM: it drains) and starts it again on its port. */
  async function restart(i: 0 | 1): Promise<void> {
    await running[i]!.stop();
    running[i] = null;
    running[i] = await startInstance({ ...env, CHATDESK_TEST_PORT: String(ports[i]) });
  }

  it('a rolling restart of both instances under an operator and a visitor: every message once, in order; nginx always had an instance up', async () => {
    const endpoint = `${nginx.url}/api/v1`;
    const signIn = await post(`${endpoint}/auth/sign-in`, { operatorId: SEED_IDS.admin });
    assert.equal(signIn.status, 201, JSON.stringify(signIn.json));
    const token = signIn.json.token as string;
    const chat = await post(`${nginx.url}/api/visitor/chats`, { name: 'Visitante tras nginx', text: 'Hola, ¿hay alguien?' });
    assert.equal(chat.status, 201, JSON.stringify(chat.json));
    const dialogId = chat.json.dialogId as Id;
    const visitorToken = chat.json.token as string;

    const c = httpClient({ endpoint }, token);
    client = c;
    await c.client.start();
    await until(() => c.client.$connection.get() === 'online', 'the operator online through nginx');
    await c.client.openDialog(dialogId);
    await until(() => c.client.feed(dialogId).messages.some((m) => m.text === 'Hola, ¿hay alguien?'), "the visitor's first message in the operator's feed");

    // The deploy: A stops and comes back, then B, while both sides keep typing until it is over.
    const typed: string[] = [];
    const sends: Array<Promise<unknown>> = [];
    let deployed = false;
    const deploy = (async () => {
      await until(() => typed.length >= 8, 'the operator typing');
      await restart(0);
      await restart(1);
      deployed = true;
    })();
    const operator = (async () => {
      for (let i = 1; i <= OPERATOR_MESSAGES || !deployed; i++) {
        const text = `Respuesta ${i}`;
        typed.push(text);
        sends.push(c.client.send(dialogId, { text }).catch((e: unknown) => e));
        await sleep(40);
      }
    })();
    const visitorTexts: string[] = [];
    const visitor = (async () => {
      for (let i = 1; i <= VISITOR_MESSAGES || !deployed; i++) {
        const text = `Pregunta ${i}`;
        visitorTexts.push(text);
        const status = await visitorSend(nginx.url, visitorToken, `lb-v-${i}`, text);
        assert.equal(status, 201, `${text}: ${status}`);
        await sleep(60);
      }
    })();
    await Promise.all([deploy, operator, visitor]);
    await Promise.all(sends);

    // Everything is stored once, in the order typed.
    await untilEveryTypedStored(endpoint, token, new Map([[dialogId, [...typed, ...visitorTexts]]]), 60_000);
    const feed = await storedFeed(endpoint, token, dialogId);
    const texts = feed.filter((m) => m.kind === 'text').map((m) => m.text);
    assert.deepEqual(
      texts.filter((t) => t.startsWith('Respuesta ')),
      typed,
      "the operator's messages once each, in the order typed",
    );
    assert.deepEqual(
      texts.filter((t) => t.startsWith('Pregunta ')),
      visitorTexts,
      "the visitor's messages once each, in the order sent",
    );

    // The operator's client, its socket moved between instances through nginx, shows each once.
    await until(() => visitorTexts.every((t) => c.client.feed(dialogId).messages.some((m) => m.text === t)), "every visitor message in the operator's feed");
    const local = c.client.feed(dialogId).messages.filter((m) => m.kind === 'text');
    assert.equal(new Set(local.map((m) => m.id)).size, local.length, "no message twice in the operator's feed");
    assert.equal(local.length, texts.length, 'the client shows what the server holds');
    await until(() => c.client.$connection.get() === 'online', 'the operator online again');

    // nginx always had an instance to pass a request to: no 502 naming no instance ("no live
    // upstreams": its log then names the upstream group), no 504. A request that reached an
    // instance at the moment it stopped listening (still in the kernel's queue) is reset; nginx
    // answers it 502 and does not pass a POST on, and the client sends it again (counted above).
    const log = nginx.accessLog();
    const noInstance = log.filter((l) => l.status === 504 || (l.status === 502 && !l.upstreams.every((u) => /^127\.0\.0\.1:\d+$/.test(u))));
    assert.equal(noInstance.length, 0, `nginx found no instance for ${noInstance.length} requests (${JSON.stringify(noInstance.slice(0, 3))}…):\n${nginx.errorLog().slice(-1500)}`);
    const reset = log.filter((l) => l.status === 502);
    const resetInErrorLog = (nginx.errorLog().match(/while reading response header from upstream/g) ?? []).length;
    assert.ok(
      reset.every((l) => l.upstreams.length === 1) && reset.length <= resetInErrorLog,
      `a 502 other than a request reset by a stopping instance (${reset.length}, ${resetInErrorLog} in the error log):\n${nginx.errorLog().slice(-1500)}`,
    );
    if (reset.length > 0) console.log(`load balancer: ${reset.length} request(s) reset by a stopping instance, sent again by the client`);
    const closedSockets = log.filter((l) => l.uri === '/api/v1/ws' && l.status === 101);
    assert.ok(closedSockets.length >= 1, "the operator's event socket was closed by a stopping instance and opened again");
    const served = new Set(log.flatMap((l) => l.upstreams));
    assert.ok(
      ports.every((p) => served.has(`127.0.0.1:${p}`)),
      `both instances served requests (${[...served].join(', ')})`,
    );
    assert.deepEqual(c.errors, []);
  });

  it('an attachment of 2 MB goes through nginx to an instance and downloads through it (client_max_body_size)', async () => {
    const endpoint = `${nginx.url}/api/v1`;
    const token = (await post(`${endpoint}/auth/sign-in`, { operatorId: SEED_IDS.admin })).json.token as string;
    const bytes = new Uint8Array(2 * 1024 * 1024);
    bytes.set([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a]);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'contrato.pdf');
    const up = await fetch(`${endpoint}/dialogs/${SEED_IDS.freshWaitingDialog}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    assert.equal(up.status, 201, await up.clone().text());
    const attachment = (await up.json()) as { url: string; size: number };
    assert.equal(attachment.size, bytes.length);
    const got = await fetch(`${nginx.url}${attachment.url}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(got.status, 200);
    assert.deepEqual(new Uint8Array(await got.arrayBuffer()), bytes);
  });
});
