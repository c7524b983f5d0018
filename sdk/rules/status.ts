/** S1-S6: message status transitions. Status only moves forward; failed carries a reason. */
import type { Channel, FailureReason, Message, MessageState, MessageStatus } from '../model.js';

const RANK: Record<Exclude<MessageState, 'failed'>, number> = {
  queued: 0,
  sent: 1,
  delivered: 2,
  read: 3,
};

/**
 * Whether a message may move from `current` to `next`.
 * - queued -> sent -> delivered -> read, skipping allowed, never backwards;
 * - failed only from queued or sent (a delivered message cannot fail afterwards);
 * - from failed only a retry (back to queued), and only when the failure is retryable.
 */
export function canTransition(current: MessageStatus, next: MessageStatus, opts: { retry?: boolean } = {}): boolean {
  if (current.state === 'failed') {
    return opts.retry === true && current.retryable && next.state === 'queued';
  }
  if (next.state === 'failed') return current.state === 'queued' || current.state === 'sent';
  return RANK[next.state] > RANK[current.state];
}

/** Applies `next` to `current` if allowed, otherwise keeps `current` (applying twice changes nothing). */
export function advanceStatus(current: MessageStatus | undefined, next: MessageStatus, opts: { retry?: boolean } = {}): MessageStatus {
  if (!current) return next;
  return canTransition(current, next, opts) ? next : current;
}

/** S5: failures a retry can fix (a transient integration error, a client who came back). */
export function isRetryable(reason: FailureReason): boolean {
  return reason === 'integration_error' || reason === 'client_left';
}

/** Answer of {@link retryCheck}: a retry can succeed now, or why not. */
export type RetryCheck = { ok: true } | { ok: false; why: 'not_failed' | 'not_retryable' | 'client_away' };

/**
 * S5: whether retrying a failed message can succeed now, judged from the dialog's feed. An
 * integration error may pass on a retry at any time. A `client_left` failure waits for the client:
 * once they wrote again after the message, they are back on the site and a retry can be delivered;
 * until then it would fail the same way (`client_away`).
 */
export function retryCheck(m: Pick<Message, 'status' | 'createdAt'>, feed: ReadonlyArray<Pick<Message, 'author' | 'createdAt' | 'kind'>>): RetryCheck {
  const status = m.status;
  if (status?.state !== 'failed') return { ok: false, why: 'not_failed' };
  if (!status.retryable) return { ok: false, why: 'not_retryable' };
  if (status.reason !== 'client_left') return { ok: true };
  return feed.some((x) => x.kind === 'text' && x.author.kind === 'client' && x.createdAt > m.createdAt) ? { ok: true } : { ok: false, why: 'client_away' };
}

/** Builds a failed status with its retryability. */
export function failed(reason: FailureReason): MessageStatus {
  return { state: 'failed', reason, retryable: isRetryable(reason) };
}

/** S6: the status to show: `read` only where the channel reports reads, otherwise `delivered`. */
export function displayStatus(status: MessageStatus, channel: Pick<Channel, 'capabilities'> | undefined): MessageStatus {
  if (status.state === 'read' && !channel?.capabilities.readReceipts) return { state: 'delivered' };
  return status;
}
