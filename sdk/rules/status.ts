/** S1-S6: message status transitions. Status only moves forward; failed carries a reason. */
import type { Channel, FailureReason, MessageState, MessageStatus } from '../model.js';

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

/** Builds a failed status with its retryability. */
export function failed(reason: FailureReason): MessageStatus {
  return { state: 'failed', reason, retryable: isRetryable(reason) };
}

/** S6: the status to show: `read` only where the channel reports reads, otherwise `delivered`. */
export function displayStatus(status: MessageStatus, channel: Pick<Channel, 'capabilities'> | undefined): MessageStatus {
  if (status.state === 'read' && !channel?.capabilities.readReceipts) return { state: 'delivered' };
  return status;
}
