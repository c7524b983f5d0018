import { expect } from '@open-wc/testing';
import { ChatCommandError, ChatProtocolError, isCommandError } from './protocol.js';
import { ChatEventSchema, describeIssues, InputSchemas, MessageSchema, parse, ResultSchemas, SnapshotSchema } from './schema.js';
import { createTestBackend, SEED_IDS, testSeed, type TestBackend } from '../server/core/test-support.js';
import * as v from 'valibot';

describe('sdk schema', () => {
  let b: TestBackend;
  beforeEach(async () => {
    b = await createTestBackend();
  });
  afterEach(() => b.dispose());

  it('every snapshot the core gives, and every seed message, passes the client schemas', async () => {
    for (const op of [SEED_IDS.admin, SEED_IDS.maria, SEED_IDS.ivan, SEED_IDS.john]) {
      const snap = JSON.parse(JSON.stringify(await b.core.handle(op, 'bootstrap', {}))) as unknown;
      expect(() => parse(SnapshotSchema, snap, 'bootstrap')).to.not.throw();
    }
    for (const m of testSeed().messages) parse(MessageSchema, JSON.parse(JSON.stringify(m)) as unknown, 'message');
  });

  it('parse names the first offending field in a readable message', () => {
    const bad = { seq: 1, type: 'read.updated', readState: { dialogId: 'd', readClientCount: -1, markedUnread: false } };
    let err: unknown;
    try {
      parse(ChatEventSchema, bad, 'event');
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(ChatProtocolError);
    expect(err).to.include({ context: 'event', field: 'readState.readClientCount' });
    expect((err as Error).message).to.match(/^Malformed event: readState\.readClientCount: /);
  });

  it('one wording for every refusal: the first issue, its field, and "field: message" (the SDK, the API and the core all use it)', () => {
    const r = v.safeParse(InputSchemas.sendMessage, { id: 'a', dialogId: 'd', text: 42 });
    expect(r.success).to.equal(false);
    const d = describeIssues(r.issues!);
    expect(d.field).to.equal('text');
    expect(d.text).to.equal(`text: ${d.message}`);
    // A message that already names its field is not prefixed twice; no field: the message alone.
    const named = describeIssues([{ ...r.issues![0]!, message: 'text: too long' }]);
    expect(named.text).to.equal('text: too long');
    const top = v.safeParse(v.string(), 1);
    expect(describeIssues(top.issues!).text).to.equal(describeIssues(top.issues!).message);
    expect(describeIssues([], 'nothing to say').text).to.equal('nothing to say');
  });

  it('isCommandError knows a refusal, also one from another copy of the module, and nothing else', () => {
    expect(isCommandError(new ChatCommandError('forbidden', 'no'))).to.equal(true);
    const copy = Object.assign(new Error('no'), { name: 'ChatCommandError', code: 'forbidden' });
    expect(isCommandError(copy)).to.equal(true);
    expect(isCommandError(Object.assign(new Error('no'), { name: 'ChatCommandError' })), 'no code').to.equal(false);
    expect(isCommandError(new Error('no'))).to.equal(false);
    expect(isCommandError({ name: 'ChatCommandError', code: 'x' }), 'not an Error').to.equal(false);
  });

  it('answers are read leniently (extra fields from a newer server are ignored), inputs strictly', () => {
    const dialog = { ...testSeed().dialogs[0]!, futureField: 1 };
    expect(() => parse(ResultSchemas.closeDialog, JSON.parse(JSON.stringify(dialog)) as unknown, 'closeDialog')).to.not.throw();
    expect(v.safeParse(InputSchemas.closeDialog, { dialogId: 'd', futureField: 1 }).success).to.equal(false);
  });

  /** Events of every kind the core sends, as the wire gives them (after a few commands). */
  async function wireEvents(): Promise<unknown[]> {
    const admin = SEED_IDS.admin;
    const d = testSeed().dialogs.find((x) => x.status === 'open' && x.clientId && x.assignee?.kind === 'operator' && x.assignee.id === admin)!;
    await b.core.handle(admin, 'sendMessage', { id: 'm-s6-1', dialogId: d.id, text: 'Hello' });
    await b.core.handle(admin, 'markUnread', { dialogId: d.id });
    await b.core.handle(admin, 'markRead', { dialogId: d.id });
    await b.core.handle(admin, 'reassignDialog', { dialogId: d.id, to: { kind: 'operator', id: SEED_IDS.maria } });
    await b.core.handle(admin, 'setClientTags', { clientId: d.clientId!, tags: [] });
    await b.core.handle(admin, 'blockClient', { clientId: d.clientId! });
    await b.core.handle(admin, 'closeDialog', { dialogId: d.id });
    const r = (await b.core.handle(admin, 'eventsSince', { since: 0 })) as { events: unknown[] };
    return JSON.parse(JSON.stringify(r.events)) as unknown[];
  }

  it("N1, S1-S6, issue 13: the compiled check gives valibot's own output for every event and snapshot the core sends", async () => {
    const events = await wireEvents();
    const types = new Set(events.map((e) => (e as { type: string }).type));
    for (const t of ['message.created', 'read.updated', 'dialog.upserted', 'client.updated']) expect(types, t).to.include(t);
    for (const e of events) expect(parse(ChatEventSchema, e, 'event')).to.deep.equal(v.parse(ChatEventSchema, e));
    const snap = JSON.parse(JSON.stringify(await b.core.handle(SEED_IDS.admin, 'bootstrap', {}))) as unknown;
    expect(parse(SnapshotSchema, snap, 'bootstrap')).to.deep.equal(v.parse(SnapshotSchema, snap));
    // Unknown fields from a newer server are left out, as valibot does.
    const extra = { ...(events[0] as object), future: { x: 1 } };
    const out = parse(ChatEventSchema, extra, 'event');
    expect(out).to.deep.equal(v.parse(ChatEventSchema, extra));
    expect(out).to.not.have.property('future');
  });

  it("N1, S1-S6, issue 13: events broken at random places are refused with the error valibot gives, and what passes equals valibot's output", async () => {
    const events = await wireEvents();
    let seed = 13;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const bad: unknown[] = [undefined, null, -1, 1.5, NaN, Infinity, '', 'x'.repeat(201), 'bogus', true, [], {}, [1], { kind: 'bot' }, '#zz'];
    /** Every path to a value in `x` (object keys and array indexes). */
    const paths = (x: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []) => {
      if (x && typeof x === 'object') for (const [k, val] of Object.entries(x)) paths(val, [...at, Array.isArray(x) ? Number(k) : k], out);
      if (at.length) out.push(at);
      return out;
    };
    let refused = 0;
    for (let i = 0; i < 1500; i++) {
      const e = JSON.parse(JSON.stringify(events[rnd(events.length)])) as Record<string, unknown>;
      const all = paths(e);
      const path = all[rnd(all.length)]!;
      let parent = e as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
      const last = path[path.length - 1]!;
      const how = rnd(3);
      if (how === 0) delete parent[last];
      else if (how === 1) parent[last] = bad[rnd(bad.length)];
      else parent[`${String(last)}_extra`] = 1;
      const ref = v.safeParse(ChatEventSchema, e);
      if (ref.success) {
        expect(parse(ChatEventSchema, e, 'event'), path.join('.')).to.deep.equal(ref.output);
        continue;
      }
      refused++;
      const { field, message } = describeIssues(ref.issues);
      let err: unknown;
      try {
        parse(ChatEventSchema, e, 'event');
      } catch (x) {
        err = x;
      }
      expect(err, path.join('.')).to.be.instanceOf(ChatProtocolError);
      expect(err).to.include({ field: field ?? '' });
      expect((err as Error).message).to.contain(message);
    }
    expect(refused).to.be.greaterThan(500);
  });

  it('an event of an unknown type is refused by name', () => {
    expect(() => parse(ChatEventSchema, { seq: 1, type: 'dialog.exploded' }, 'event')).to.throw(ChatProtocolError, /type/);
  });
});
