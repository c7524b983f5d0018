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

  it('an event of an unknown type is refused by name', () => {
    expect(() => parse(ChatEventSchema, { seq: 1, type: 'dialog.exploded' }, 'event')).to.throw(ChatProtocolError, /type/);
  });
});
