import { expect } from '@open-wc/testing';
import type { FailureReason, MessageStatus } from '../model.js';
import { advanceStatus, canTransition, displayStatus, failed, isRetryable, retryCheck } from './status.js';

const S = {
  queued: { state: 'queued' },
  sent: { state: 'sent' },
  delivered: { state: 'delivered' },
  read: { state: 'read' },
  failedRetry: failed('integration_error'),
  failedFinal: failed('not_assigned'),
} satisfies Record<string, MessageStatus>;
type Key = keyof typeof S;

// Rows: from; columns: to. Without retry.
const ALLOWED: Record<Key, Key[]> = {
  queued: ['sent', 'delivered', 'read', 'failedRetry', 'failedFinal'],
  sent: ['delivered', 'read', 'failedRetry', 'failedFinal'],
  delivered: ['read'],
  read: [],
  failedRetry: [],
  failedFinal: [],
};

describe('rules/status (S1-S6)', () => {
  for (const from of Object.keys(S) as Key[]) {
    for (const to of Object.keys(S) as Key[]) {
      const ok = ALLOWED[from].includes(to);
      it(`S1-S5: ${from} -> ${to} is ${ok ? 'allowed' : 'refused'} (status only moves forward)`, () => {
        expect(canTransition(S[from], S[to])).to.equal(ok);
        expect(advanceStatus(S[from], S[to])).to.deep.equal(ok ? S[to] : S[from]);
      });
    }
  }

  it('S5: a retry goes from a retryable failure back to queued, and only with the retry flag', () => {
    expect(canTransition(S.failedRetry, S.queued)).to.equal(false);
    expect(canTransition(S.failedRetry, S.queued, { retry: true })).to.equal(true);
    expect(canTransition(S.failedRetry, S.sent, { retry: true })).to.equal(false);
    expect(canTransition(S.failedFinal, S.queued, { retry: true })).to.equal(false);
    expect(advanceStatus(S.failedRetry, S.queued, { retry: true })).to.deep.equal(S.queued);
  });

  it('S5: the retry flag does not let a live message move backwards', () => {
    expect(canTransition(S.delivered, S.queued, { retry: true })).to.equal(false);
    expect(canTransition(S.sent, S.queued, { retry: true })).to.equal(false);
  });

  const reasons: Array<[FailureReason, boolean]> = [
    ['integration_error', true],
    ['client_left', true],
    ['not_assigned', false],
    ['client_blocked', false],
  ];
  for (const [reason, retryable] of reasons) {
    it(`S5: failed carries its reason "${reason}" and is ${retryable ? '' : 'not '}retryable`, () => {
      expect(isRetryable(reason)).to.equal(retryable);
      expect(failed(reason)).to.deep.equal({ state: 'failed', reason, retryable });
    });
  }

  it('S1: applying the same status twice changes nothing; an unknown current status takes the next', () => {
    const once = advanceStatus(S.queued, S.sent);
    expect(advanceStatus(once, S.sent)).to.equal(once);
    expect(advanceStatus(undefined, S.delivered)).to.deep.equal(S.delivered);
  });

  it('S1: any order of arrival ends at the most advanced status', () => {
    const all: MessageStatus[] = [S.sent, S.read, S.delivered, S.queued];
    const perms = (xs: MessageStatus[]): MessageStatus[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));
    for (const order of perms(all)) {
      const end = order.reduce<MessageStatus>((cur, next) => advanceStatus(cur, next), S.queued);
      expect(end, JSON.stringify(order)).to.deep.equal(S.read);
    }
  });

  it('S6: read is shown only where the channel reports reads; elsewhere it shows as delivered', () => {
    const withReceipts = { capabilities: { readReceipts: true } } as Parameters<typeof displayStatus>[1];
    const without = { capabilities: { readReceipts: false } } as Parameters<typeof displayStatus>[1];
    expect(displayStatus(S.read, withReceipts)).to.deep.equal(S.read);
    expect(displayStatus(S.read, without)).to.deep.equal(S.delivered);
    expect(displayStatus(S.read, undefined)).to.deep.equal(S.delivered);
    expect(displayStatus(S.sent, without)).to.deep.equal(S.sent);
    expect(displayStatus(S.failedRetry, without)).to.deep.equal(S.failedRetry);
  });

  it('S5: Retry only where it can succeed: an integration error at any time; client left only once the client wrote again', () => {
    const at = 1_000;
    const op = { kind: 'operator' as const, id: 'op' };
    const client = { kind: 'client' as const, id: 'cl' };
    const msg = (status: MessageStatus) => ({ status, createdAt: at });
    expect(retryCheck(msg(failed('integration_error')), [])).to.deep.equal({ ok: true });
    expect(retryCheck(msg(failed('client_blocked')), [])).to.deep.equal({ ok: false, why: 'not_retryable' });
    expect(retryCheck(msg(failed('not_assigned')), [])).to.deep.equal({ ok: false, why: 'not_retryable' });
    expect(retryCheck(msg({ state: 'delivered' }), [])).to.deep.equal({ ok: false, why: 'not_failed' });
    const left = msg(failed('client_left'));
    expect(
      retryCheck(left, [
        { kind: 'text', author: client, createdAt: at - 1 },
        { kind: 'text', author: op, createdAt: at + 5 },
      ]),
    ).to.deep.equal({ ok: false, why: 'client_away' });
    expect(retryCheck(left, [{ kind: 'event', author: { kind: 'system', id: '' }, createdAt: at + 5 }])).to.deep.equal({ ok: false, why: 'client_away' });
    expect(retryCheck(left, [{ kind: 'text', author: client, createdAt: at + 5 }])).to.deep.equal({ ok: true });
  });
});
