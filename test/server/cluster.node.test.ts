/**
 * Two server processes on one PostgreSQL: operators on different instances and a site visitor
 * exchange messages; the instance that leads the channel simulation is killed with SIGKILL in
 * the middle of a burst; its operator resends what was not acknowledged to the other instance
 * (same ids) and resumes its event stream there from the last `seq` it applied. Every message
 * exists once, in the order it was sent, with its final delivery status; every operator's event
 * stream has no gap and nothing twice.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Id, Message } from '../../sdk/model.js';
import { SEED_IDS } from '../../server/demo-data/seed.js';
import { until } from '../support/clients.js';
import { startInstance, type Instance } from '../support/instances.js';
import { postgresSkipReason, startPostgres, type TestPostgres } from '../support/postgres.js';
import { post, postAny, signIn, Tap, tapsOnTwo } from '../support/taps.js';

describe('several instances on one PostgreSQL', { skip: postgresSkipReason() }, () => {
  let pg: TestPostgres;
  let a: Instance;
  let b: Instance;
  const alive = new Set<Instance>();

  before(async () => {
    pg = await startPostgres({ fast: true });
    const url = await pg.createDatabase('cluster');
    const env = { DATABASE_URL: url, CHATDESK_DELAY_FACTOR: '0.02', CHATDESK_LEADER_POLL_MS: '200', CHATDESK_POOL: '6' };
    // B starts first: it seeds and becomes the leader, the one that dies below.
    b = await startInstance(env);
    a = await startInstance(env);
    alive.add(a).add(b);
  });
  after(async () => {
    for (const i of alive) await i.stop();
    await pg?.stop();
  });

  it('operators on two instances and a visitor exchange messages; the leader is killed mid-burst: every message once, in order, delivered; no gap, nothing twice', async () => {
    const {
      tokens: [adminToken, mariaToken],
      taps: [admin, maria],
    } = await tapsOnTwo(a, SEED_IDS.admin, b, SEED_IDS.maria);

    // A visitor starts a chat through A; maria, on B, hears it.
    const chat = await post(`${a.url}/api/visitor/chats`, { name: 'Visitante del clúster', text: 'Hola, ¿hay alguien?' });
    assert.equal(chat.status, 201, JSON.stringify(chat.json));
    const dialogId = chat.json.dialogId as Id;
    const visitorToken = chat.json.token as string;
    await until(() => maria.created(dialogId).length === 1, 'maria (on B) hears the visitor who wrote through A');
    await until(() => admin.created(dialogId).length === 1, 'the administrator (on A) hears it too');

    // The burst: maria sends 60 messages one after another through B; the visitor sends 20
    // through both instances at the same time. After maria's 25th acknowledgement B is killed.
    let mariaAt: Instance[] = [b, a];
    let visitorAt: Instance[] = [a, b];
    const mariaIds = Array.from({ length: 60 }, (_, i) => `cl-m-${i + 1}`);
    const visitorIds = Array.from({ length: 20 }, (_, i) => `cl-v-${i + 1}`);
    let killing: Promise<void> | null = null;
    const mariaSends = (async () => {
      for (const [i, id] of mariaIds.entries()) {
        const r = await postAny(() => mariaAt, `/dialogs/${dialogId}/messages`, { id, text: `Respuesta ${i + 1}` }, mariaToken);
        assert.ok(r.status === 201 || r.status === 200, `${id}: ${r.status} ${JSON.stringify(r.json)}`);
        if (i === 24) {
          killing = b.kill();
          mariaAt = [a];
          visitorAt = [a];
          alive.delete(b);
        }
      }
    })();
    const visitorSends = (async () => {
      for (const [i, id] of visitorIds.entries()) {
        const r = await postAny(() => visitorAt, '/api/visitor/messages', { id, text: `Pregunta ${i + 1}` }, visitorToken, 'url');
        assert.ok(r.status === 201 || r.status === 200, `${id}: ${r.status} ${JSON.stringify(r.json)}`);
        visitorAt = [...visitorAt].reverse();
      }
    })();
    // Maria's socket on B dies with it: she resumes on A from the last seq she applied.
    // (A failed send ends the wait with its own error.)
    await Promise.race([until(() => killing, 'B is being killed', 60_000), mariaSends, visitorSends]);
    await killing;
    await maria.closed();
    await maria.connect(a, true);
    await Promise.all([mariaSends, visitorSends]);

    // Everything reaches both operators, and A (leader now) finishes every delivery.
    const all = new Set([...mariaIds, ...visitorIds]);
    const heardAll = (t: Tap) => () => new Set(t.created(dialogId).map((m) => m.id)).size >= all.size + 1;
    await until(heardAll(admin), 'the administrator hears every message', 30_000);
    await until(heardAll(maria), 'maria hears every message', 30_000);
    const feed = async () => {
      const r = await fetch(`${a.endpoint}/dialogs/${dialogId}/messages?limit=500`, { headers: { authorization: `Bearer ${adminToken}` } });
      return ((await r.json()) as { messages: Message[] }).messages;
    };
    const final = await until(
      async () => {
        const ms = await feed();
        const mine = ms.filter((m) => m.author.kind === 'operator');
        return mine.length === mariaIds.length && mine.every((m) => m.status?.state === 'delivered') ? ms : null;
      },
      'every message of maria delivered (A took over the simulation)',
      30_000,
    );

    // Once each, in the order sent.
    const texts = final.filter((m) => m.kind === 'text');
    const ids = texts.map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length, 'no message twice');
    assert.deepEqual(
      texts.filter((m) => m.author.kind === 'operator').map((m) => m.id),
      mariaIds,
      "maria's messages once each, in the order sent",
    );
    assert.deepEqual(
      texts
        .filter((m) => m.author.kind === 'client')
        .map((m) => m.id)
        .slice(1),
      visitorIds,
      "the visitor's messages once each, in the order sent",
    );
    const ns = final.map((m) => m.n);
    assert.deepEqual(
      ns,
      [...ns].sort((x, y) => x - y),
      'numbers in order',
    );
    assert.equal(new Set(ns).size, ns.length, 'numbers unique');

    // Each operator heard each message once, in order, with seqs that never skip or repeat.
    for (const [who, tap] of [
      ['admin', admin],
      ['maria', maria],
    ] as const) {
      const heard = tap.created(dialogId);
      assert.equal(new Set(heard.map((m) => m.id)).size, heard.length, `${who}: no message.created twice`);
      assert.deepEqual(
        heard.map((m) => m.n),
        [...heard.map((m) => m.n)].sort((x, y) => x - y),
        `${who}: in order`,
      );
      assert.equal(tap.gaps, 0, `${who}: no gap`);
      tap.assertConsecutive(who);
      const statuses = tap.events.filter((e) => e.type === 'message.status' && e.dialogId === dialogId);
      assert.ok(statuses.length > 0, `${who}: delivery statuses arrive`);
    }
    assert.equal(maria.readies, 2, 'maria resumed once, on A');
    admin.close();
    maria.close();
  });

  /** Two more instances on a database of their own (the first test kills one of a and b), started once for the tests below. */
  let pairOnce: Promise<[Instance, Instance]> | null = null;
  const pair = () =>
    (pairOnce ??= (async () => {
      const url = await pg.createDatabase('files');
      const c = await startInstance({ DATABASE_URL: url, CHATDESK_LEADER_POLL_MS: '200', CHATDESK_FAULTS: '1' });
      alive.add(c);
      const e = await startInstance({ DATABASE_URL: url, CHATDESK_LEADER_POLL_MS: '200', CHATDESK_FAULTS: '1' });
      alive.add(e);
      return [c, e];
    })());

  it('issue 14: a sign-out through one instance revokes the token on the other too (each keeps checked tokens a short while)', async () => {
    const [one, other] = await pair();
    const token = (await post(`${one.endpoint}/auth/sign-in`, { operatorId: SEED_IDS.maria })).json.token as string;
    const bootstrap = (i: Instance) => fetch(`${i.endpoint}/bootstrap`, { headers: { authorization: `Bearer ${token}` } }).then((r) => (void r.body?.cancel(), r.status));
    // Both instances have checked (and may keep) the token.
    assert.equal(await bootstrap(other), 200);
    assert.equal(await bootstrap(one), 200);
    const out = await fetch(`${one.endpoint}/auth/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.equal(out.status, 204);
    // At once where it was revoked; on the other as soon as it hears of it (NOTIFY), and never after its short cache time.
    assert.equal(await bootstrap(one), 401);
    await until(async () => (await bootstrap(other)) === 401, 'the other instance to refuse the revoked token', 10_000);
    assert.equal(await bootstrap(one), 401);
  });

  it("issue 14: instances whose clocks disagree by two minutes: a dialog's messages keep their times in the order written, whichever instance stamped them", async () => {
    const [c, e] = await pair();
    const behind = await post(`${e.url}/api/test/faults`, { clockOffsetMs: -120_000 });
    assert.equal((behind.json.pending as { clockOffsetMs: number }).clockOffsetMs, -120_000);
    try {
      const token = await signIn(c, SEED_IDS.maria);
      const chat = await post(`${c.url}/api/visitor/chats`, { name: 'Visitante de relojes', text: 'Hola (por C)' });
      assert.equal(chat.status, 201, JSON.stringify(chat.json));
      const dialogId = chat.json.dialogId as Id;
      const visitorToken = chat.json.token as string;
      // Turn by turn: C, then E (two minutes behind), for the operator and the visitor alike.
      for (const [i, at] of [e, c, e, c, e].entries()) {
        const r = await post(`${at.endpoint}/dialogs/${dialogId}/messages`, { id: `clk-${i}`, text: `Respuesta ${i}` }, token);
        assert.equal(r.status, 201, JSON.stringify(r.json));
        const v = await post(`${(i % 2 ? e : c).url}/api/visitor/messages`, { id: `clk-v-${i}`, text: `Pregunta ${i}` }, visitorToken);
        assert.equal(v.status, 201, JSON.stringify(v.json));
      }
      const feed = ((await (await fetch(`${e.endpoint}/dialogs/${dialogId}/messages?limit=50`, { headers: { authorization: `Bearer ${token}` } })).json()) as { messages: Message[] }).messages.sort(
        (x, y) => x.n - y.n,
      );
      assert.equal(feed.filter((m) => m.kind === 'text').length, 11);
      for (let i = 1; i < feed.length; i++)
        assert.ok(feed[i]!.createdAt >= feed[i - 1]!.createdAt, `message ${feed[i]!.n} (${feed[i]!.text}) is timed ${feed[i - 1]!.createdAt - feed[i]!.createdAt} ms before the one it follows`);
      // E stamped the messages after C's with C's time, not two minutes earlier.
      const first = feed[0]!.createdAt;
      assert.ok(
        feed.every((m) => m.createdAt - first < 60_000),
        'no message is timed by the clock two minutes behind, nor jumps ahead',
      );
    } finally {
      await post(`${e.url}/api/test/faults`, { clockOffsetMs: 0 });
    }
  });

  it('a file uploaded through one instance downloads through another', async () => {
    const [c, e] = await pair();
    const token = (await post(`${c.endpoint}/auth/sign-in`, { operatorId: SEED_IDS.admin })).json.token as string;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])], { type: 'application/pdf' }), 'factura.pdf');
    const up = await fetch(`${c.endpoint}/dialogs/${SEED_IDS.freshWaitingDialog}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    assert.equal(up.status, 201, await up.clone().text());
    const attachment = (await up.json()) as { id: Id; url: string };
    const got = await fetch(`${e.url}${attachment.url}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(got.status, 200);
    assert.deepEqual([...new Uint8Array(await got.arrayBuffer())], [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]);
    for (const i of [c, e]) {
      await i.stop();
      alive.delete(i);
    }
  });

  it('issue 14, S2/S3: a leader whose process is frozen (SIGSTOP: its connections stay open) loses the lead after its lease; deliveries go on on the other instance, and once thawed it gives up the lead', async () => {
    const url = await pg.createDatabase('frozen');
    const env = { DATABASE_URL: url, CHATDESK_DELAY_FACTOR: '0.02', CHATDESK_LEADER_POLL_MS: '200', CHATDESK_LEADER_LEASE_MS: '1500' };
    // H starts first: it seeds and leads the channel simulation.
    const h = await startInstance(env);
    alive.add(h);
    const k = await startInstance(env);
    alive.add(k);
    const token = await signIn(k, SEED_IDS.maria);
    const chat = await post(`${k.url}/api/visitor/chats`, { name: 'Visitante congelado', text: 'Hola' });
    assert.equal(chat.status, 201, JSON.stringify(chat.json));
    const dialogId = chat.json.dialogId as Id;
    const feed = async () =>
      ((await (await fetch(`${k.endpoint}/dialogs/${dialogId}/messages?limit=50`, { headers: { authorization: `Bearer ${token}` } })).json()) as { messages: Message[] }).messages;
    const send = async (id: string) => assert.equal((await post(`${k.endpoint}/dialogs/${dialogId}/messages`, { id, text: id }, token)).status, 201);
    const delivered = (id: string, what: string, ms = 20_000) => until(async () => (await feed()).find((m) => m.id === id)?.status?.state === 'delivered', what, ms);
    await send('frozen-1');
    await delivered('frozen-1', 'delivered while H leads');
    h.child.kill('SIGSTOP');
    try {
      await send('frozen-2');
      await delivered('frozen-2', 'delivered by K once H, frozen, lost its lease');
    } finally {
      h.child.kill('SIGCONT');
    }
    await until(() => h.log().includes('cluster: lost the leader connection'), 'H, thawed, finds it lost the lead');
    await send('frozen-3');
    await delivered('frozen-3', 'delivered after H came back');
    const texts = (await feed()).filter((m) => m.author.kind === 'operator').map((m) => m.id);
    assert.deepEqual(texts, ['frozen-1', 'frozen-2', 'frozen-3'], 'each once, in order');
    for (const i of [h, k]) {
      await i.stop();
      alive.delete(i);
    }
  });

  it('issue 14, S3: a rolling restart: the leader is stopped with SIGTERM mid-burst; it exits cleanly, its operator resumes on the other instance with no gap, every message once, in order, delivered there', async () => {
    const url = await pg.createDatabase('rolling');
    // F starts first: it seeds and leads the channel simulation.
    const f = await startInstance({ DATABASE_URL: url, CHATDESK_DELAY_FACTOR: '0.02', CHATDESK_LEADER_POLL_MS: '200' });
    alive.add(f);
    const g = await startInstance({ DATABASE_URL: url, CHATDESK_DELAY_FACTOR: '0.02', CHATDESK_LEADER_POLL_MS: '200' });
    alive.add(g);
    const token = (await post(`${f.endpoint}/auth/sign-in`, { operatorId: SEED_IDS.maria })).json.token as string;
    const maria = new Tap(token);
    await maria.connect(f, false);
    const chat = await post(`${g.url}/api/visitor/chats`, { name: 'Visitante del reinicio', text: 'Hola' });
    assert.equal(chat.status, 201, JSON.stringify(chat.json));
    const dialogId = chat.json.dialogId as Id;
    await until(() => maria.created(dialogId).length === 1, 'maria (on F) hears the visitor who wrote through G');

    // Maria sends 40 messages one after another, to F while it takes connections, then to G (as
    // a load balancer would); a send that fails is sent again with its id. After the 15th, F is
    // told to stop.
    const ids = Array.from({ length: 40 }, (_, i) => `rr-${i + 1}`);
    let stopping: Promise<void> | null = null;
    for (const [i, id] of ids.entries()) {
      const r = await postAny(() => [f, g], `/dialogs/${dialogId}/messages`, { id, text: `Mensaje ${i + 1}` }, token);
      assert.ok(r.status === 201 || r.status === 200, `${id}: ${r.status} ${JSON.stringify(r.json)}`);
      if (i === 14) stopping = f.stop();
    }
    assert.equal(await maria.closed(), 1001, "F closed maria's socket as going away");
    await maria.connect(g, true);
    await stopping;
    alive.delete(f);
    assert.equal(f.child.exitCode, 0, `F exited cleanly: ${f.log().slice(-2000)}`);

    const final = await until(
      async () => {
        const r = await fetch(`${g.endpoint}/dialogs/${dialogId}/messages?limit=500`, { headers: { authorization: `Bearer ${token}` } });
        const ms = ((await r.json()) as { messages: Message[] }).messages.filter((m) => m.author.kind === 'operator');
        return ms.length === ids.length && ms.every((m) => m.status?.state === 'delivered') ? ms : null;
      },
      'every message delivered (G took over the simulation)',
      30_000,
    );
    assert.deepEqual(
      final.map((m) => m.id),
      ids,
      'once each, in the order sent',
    );
    await until(() => new Set(maria.created(dialogId).map((m) => m.id)).size === ids.length + 1, 'maria hears every message');
    const heard = maria.created(dialogId);
    assert.equal(new Set(heard.map((m) => m.id)).size, heard.length, 'no message.created twice');
    assert.equal(maria.gaps, 0, 'no gap');
    maria.assertConsecutive('maria');
    maria.close();
    await g.stop();
    alive.delete(g);
    assert.equal(g.child.exitCode, 0);
  });
});
