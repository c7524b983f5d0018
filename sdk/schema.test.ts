import { expect } from '@open-wc/testing';
import { ChatCommandError, ChatProtocolError, isCommandError } from './protocol.js';
import * as V from './schema.js';
import { describeIssues } from './schema.js';
import { ChatEventSchema, InputSchemas, MessageSchema, parse, ResultSchemas, SnapshotSchema, type Check } from './checks.js';
import { describeIssue, FAIL } from './check.js';
import { defaultQuery } from './rules/query.js';
import type { CommandName } from './protocol.js';
import { createTestBackend, SEED_IDS, testSeed, type TestBackend } from '../server/core/test-support.js';
import * as v from 'valibot';

/** Every path to a value in `x` (object keys and array indexes). */
const paths = (x: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []) => {
  if (x && typeof x === 'object') for (const [k, val] of Object.entries(x)) paths(val, [...at, Array.isArray(x) ? Number(k) : k], out);
  if (at.length) out.push(at);
  return out;
};
/** The object holding the value at `path` in `x`, and its key there. */
const slot = (x: unknown, path: Array<string | number>): [Record<string | number, unknown>, string | number] => {
  let parent = x as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  return [parent, path[path.length - 1]!];
};

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
    const r = v.safeParse(V.InputSchemas.sendMessage, { id: 'a', dialogId: 'd', text: 42 });
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
    expect(v.safeParse(V.InputSchemas.closeDialog, { dialogId: 'd', futureField: 1 }).success).to.equal(false);
    expect(InputSchemas.closeDialog({ dialogId: 'd', futureField: 1 })).to.equal(FAIL);
    expect(describeIssue().text).to.equal('futureField: Invalid key: Expected never but received "futureField"');
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

  it("N1, S1-S6, issue 13: the client's check (sdk/checks.ts, issue 17) gives valibot's own output for every event and snapshot the core sends", async () => {
    const events = await wireEvents();
    const types = new Set(events.map((e) => (e as { type: string }).type));
    for (const t of ['message.created', 'read.updated', 'dialog.upserted', 'client.updated']) expect(types, t).to.include(t);
    for (const e of events) expect(parse(ChatEventSchema, e, 'event')).to.deep.equal(v.parse(V.ChatEventSchema, e));
    const snap = JSON.parse(JSON.stringify(await b.core.handle(SEED_IDS.admin, 'bootstrap', {}))) as unknown;
    expect(parse(SnapshotSchema, snap, 'bootstrap')).to.deep.equal(v.parse(V.SnapshotSchema, snap));
    // Unknown fields from a newer server are left out, as valibot does.
    const extra = { ...(events[0] as object), future: { x: 1 } };
    const out = parse(ChatEventSchema, extra, 'event');
    expect(out).to.deep.equal(v.parse(V.ChatEventSchema, extra));
    expect(out).to.not.have.property('future');
  });

  it("N1, S1-S6, issue 13: events broken at random places are refused with the error valibot gives, and what passes equals valibot's output", async () => {
    const events = await wireEvents();
    let seed = 13;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const bad: unknown[] = [undefined, null, -1, 1.5, NaN, Infinity, '', 'x'.repeat(201), 'bogus', true, [], {}, [1], { kind: 'bot' }, '#zz'];
    let refused = 0;
    for (let i = 0; i < 1500; i++) {
      const e = JSON.parse(JSON.stringify(events[rnd(events.length)])) as Record<string, unknown>;
      const all = paths(e);
      const path = all[rnd(all.length)]!;
      const [parent, last] = slot(e, path);
      const how = rnd(3);
      if (how === 0) delete parent[last];
      else if (how === 1) parent[last] = bad[rnd(bad.length)];
      else parent[`${String(last)}_extra`] = 1;
      const ref = v.safeParse(V.ChatEventSchema, e);
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
  /** A valid answer of every command, as the wire gives it (from the core, after a few commands). */
  async function wireResults(): Promise<Array<[CommandName, unknown]>> {
    const admin = SEED_IDS.admin;
    const seed = testSeed();
    // Not the dialog (nor the client, blocked) that wireEvents used.
    const mine = seed.dialogs.filter((x) => x.status === 'open' && x.clientId && x.assignee?.kind === 'operator' && x.assignee.id === admin);
    const d = mine.find((x) => x.clientId !== mine[0]!.clientId && seed.clients.find((c) => c.id === x.clientId)?.blocked === false)!;
    const withFiles = seed.messages.find((m) => m.attachments.length > 0)!;
    const query = { ...defaultQuery(), search: 'a' };
    const calls: Array<[CommandName, unknown]> = [
      ['bootstrap', {}],
      ['eventsSince', { since: 0 }],
      ['listDialogs', { query, limit: 20, counts: ['total', 'unread', 'tags'] }],
      ['getDialog', { dialogId: d.id }],
      ['getClient', { clientId: d.clientId }],
      ['loadMessages', { dialogId: d.id, limit: 20 }],
      ['sendMessage', { id: 'm-s8-17', dialogId: d.id, text: 'Hello' }],
      ['markUnread', { dialogId: d.id }],
      ['markRead', { dialogId: d.id }],
      ['createQuickReply', { id: 'qr-s8-17', text: 'Thanks', title: 'Thanks' }],
      ['listAttachments', { dialogId: withFiles.dialogId, kind: 'file' }],
      ['listAttachments', { dialogId: withFiles.dialogId, kind: 'image' }],
      ['setClientTags', { clientId: d.clientId, tags: [] }],
      ['reassignDialog', { dialogId: d.id, to: { kind: 'operator', id: admin } }],
      ['updateSettings', { responseTimeLimitMs: null }],
      ['blockClient', { clientId: d.clientId }],
      ['unblockClient', { clientId: d.clientId }],
      ['closeDialog', { dialogId: d.id }],
      ['reopenDialog', { dialogId: d.id }],
      ['deleteDialogs', { dialogIds: [d.id, 'no-such-dialog'] }],
    ];
    const out: Array<[CommandName, unknown]> = [];
    for (const [name, input] of calls) out.push([name, JSON.parse(JSON.stringify(await b.core.handle(admin, name, input as never))) as unknown]);
    return out;
  }

  /** Valid inputs of every command (what the SDK sends). */
  const validInputs: Array<[CommandName, unknown]> = [
    ['bootstrap', { query: defaultQuery(), limit: 0 }],
    ['eventsSince', { since: 12 }],
    ['listDialogs', { query: { ...defaultQuery(), search: 'envío', tags: { mode: 'list', tags: ['t-1'], pinned: true } }, cursor: 'c1', limit: 500, counts: ['total'] }],
    ['loadMessages', { dialogId: 'd-1', before: 10, limit: 50 }],
    ['sendMessage', { id: 'm-1', dialogId: 'd-1', text: 'Line one\nline two 👋', quoteId: 'm-0', attachments: [{ id: 'a-1' }] }],
    ['reassignDialog', { dialogId: 'd-1', to: { kind: 'bot', id: 'bot-sales' } }],
    ['deleteDialogs', { dialogIds: ['d-1', 'd-2'] }],
    ['createQuickReply', { id: 'q-1', text: 'Thanks!', title: 'Thanks', messageId: 'm-1' }],
    ['forwardAttachment', { id: 'm-2', attachmentId: 'a-1', toDialogId: 'd-2' }],
    ['listAttachments', { dialogId: 'd-1', kind: 'image', cursor: 0, limit: 1 }],
    ['setClientTags', { clientId: 'c-1', tags: [{ tagId: 't-1', pinned: false }] }],
    ['updateSettings', { responseTimeLimitMs: 60_000 }],
    ['markRead', { dialogId: 'd-1' }],
    ['blockClient', { clientId: 'c-1' }],
  ];

  /** Hostile values: wrong types, empty and over-long strings, invalid Unicode, control characters, prototype keys. */
  const hostile: unknown[] = [
    undefined,
    null,
    0,
    -1,
    1.5,
    NaN,
    Infinity,
    -Infinity,
    '',
    'x',
    'x'.repeat(201),
    'x'.repeat(1001),
    'x'.repeat(20001),
    '\uD800',
    'a\uDC00b',
    'a\u0000b',
    'one\ntwo',
    '\u202Ebidi',
    '#zz',
    'operator',
    'failed',
    true,
    false,
    [],
    [1],
    [0, 0, 0],
    ['x'],
    {},
    { kind: 'bot' },
    { id: 'x' },
    JSON.parse('{"__proto__": 1, "constructor": 2, "source": "s"}'),
    Object.create(null) as object,
    new Date(0),
  ];

  /** Compares the client's check with valibot's schema on `x`: the same verdict, output, field and message. */
  function agree(check: Check, schema: v.GenericSchema, x: unknown, where: string): boolean {
    const ref = v.safeParse(schema, x);
    const out = check(x);
    if (ref.success) {
      expect(out, where).to.not.equal(FAIL);
      expect(out, where).to.deep.equal(ref.output);
      return true;
    }
    expect(out, `${where} is refused`).to.equal(FAIL);
    const want = describeIssues(ref.issues);
    const got = describeIssue();
    expect({ field: got.field, message: got.message }, where).to.deep.equal({ field: want.field, message: want.message });
    return false;
  }

  it('N1, issue 17: the client checks and the valibot schemas accept and refuse the same answers and inputs, hostile ones too, with the same field and message', async () => {
    const events = await wireEvents();
    const results = await wireResults();
    const cases: Array<[string, Check, v.GenericSchema, unknown]> = [
      ...results.map(([name, x]): [string, Check, v.GenericSchema, unknown] => [`result ${name}`, ResultSchemas[name], V.ResultSchemas[name], x]),
      ...events.map((x): [string, Check, v.GenericSchema, unknown] => ['event', ChatEventSchema, V.ChatEventSchema, x]),
      ...validInputs.map(([name, x]): [string, Check, v.GenericSchema, unknown] => [`input ${name}`, InputSchemas[name], V.InputSchemas[name], x]),
    ];
    // Every valid value passes both, untouched.
    for (const [where, check, schema, x] of cases) {
      expect(agree(check, schema, x, where), where).to.equal(true);
      expect(check(x), where).to.equal(x);
    }
    // Every value of the corpus, and each hostile value, given to every check as a whole.
    const checks = Object.keys(V.ResultSchemas).flatMap((n) => {
      const name = n as CommandName;
      return [[ResultSchemas[name], V.ResultSchemas[name]] as const, [InputSchemas[name], V.InputSchemas[name]] as const];
    });
    for (const x of [...hostile, ...cases.map((c) => c[3])]) for (const [check, schema] of checks) agree(check, schema, x, 'whole');
    // Broken at random places: a field removed, replaced by a hostile value, or one added.
    let seed = 17;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    let refused = 0;
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const [where, check, schema, original] = cases[rnd(cases.length)]!;
      const x = JSON.parse(JSON.stringify(original)) as Record<string, unknown>;
      const all = paths(x);
      if (!all.length) continue;
      const path = all[rnd(all.length)]!;
      const [parent, last] = slot(x, path);
      const how = rnd(4);
      if (how === 0) delete parent[last];
      else if (how === 3) parent[`${String(last)}_extra`] = hostile[rnd(hostile.length)];
      else parent[last] = hostile[rnd(hostile.length)];
      if (agree(check, schema, x, `${where} at ${path.join('.')}`)) accepted++;
      else refused++;
    }
    expect(refused, 'refused').to.be.greaterThan(2000);
    expect(accepted, 'accepted').to.be.greaterThan(50);
  });
});
