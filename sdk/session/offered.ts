/**
 * What a dialog offers the operator (H1-H6, P3, M1, M2, S5): the header actions and each
 * message's actions, with the reason when one is not available. Computed from `sdk/rules` only;
 * elements render it.
 */
import type { ClientRecord, Dialog, Message, Operator } from '../model.js';
import { dialogActions, type WriteCheck } from '../rules/permissions.js';
import { retryCheck, type RetryCheck } from '../rules/status.js';

/**
 * Why a header action is not offered: the operator neither manages nor reassigns the dialog
 * (`not_manager`, H1/H2), may manage but not reassign it (`not_reassigner`, H1), the dialog has no
 * client any more (`detached`, H5), or the operator does not see the dialog (`not_visible`).
 */
export type HeaderReason = 'not_manager' | 'not_reassigner' | 'detached' | 'not_visible';

/** Why a message action is not offered. */
export type MessageReason =
  /** M2: the channel does not support quoting. */
  | 'no_quoting'
  /** P3, H4: the operator may not write in this dialog. */
  | 'not_assigned'
  | 'client_blocked'
  /** M1: the message is not stored yet (queued or failed), or is an event. */
  | 'not_stored'
  /** Quick reply from a message with no text. */
  | 'no_text'
  /** S5: only the operator's own failed messages can be retried. */
  | 'not_own_failure'
  /** S5: the failure cannot be fixed by a retry. */
  | 'not_retryable'
  /** S5: the client left; a retry can succeed once they write again. */
  | 'client_away';

/** One action: available, or why not. */
export type Offer<R extends string> = { ok: true; reason?: undefined } | { ok: false; reason: R };

/** The header actions (H1-H6) of a dialog. `close` and `block` say which way they go. */
export interface HeaderOffers {
  reassign: Offer<HeaderReason>;
  /** Close an open dialog, reopen a closed one (H2). */
  close: Offer<HeaderReason> & { action: 'close' | 'reopen' };
  markUnread: Offer<HeaderReason>;
  /** Block a client, unblock a blocked one (H4). */
  block: Offer<HeaderReason> & { action: 'block' | 'unblock' };
  detach: Offer<HeaderReason>;
  showAttachments: Offer<HeaderReason>;
  /** P3, H4: whether the operator may write. */
  write: WriteCheck;
  /** The reasons worth telling the operator, once each, in order (the header's explanation). */
  explain: HeaderReason[];
}

/** A message's actions (M1, M2, S5). */
export interface MessageOffers {
  quote: Offer<MessageReason>;
  quickReply: Offer<MessageReason>;
  retry: Offer<MessageReason>;
}

/** Everything a dialog offers, for one state of the stores. */
export interface Offered {
  header: HeaderOffers;
  /** The actions of a message of this dialog's feed. */
  message(m: Message): MessageOffers;
}

const yes = { ok: true } as const;
const no = <R extends string>(reason: R): Offer<R> => ({ ok: false, reason });

/** H1-H6, P3: the header actions of `dialog` for `me`, with reasons. */
export function headerOffers(me: Operator, dialog: Dialog, client: ClientRecord | null): HeaderOffers {
  const a = dialogActions(me, dialog, client);
  const manage: HeaderReason = 'not_manager';
  const explain: HeaderReason[] = [];
  if (!a.reassign && !a.close) explain.push('not_manager');
  else if (!a.reassign) explain.push('not_reassigner');
  if (dialog.clientId === null && a.close) explain.push('detached');
  return {
    reassign: a.reassign ? yes : no(a.close ? 'not_reassigner' : manage),
    close: { ...(a.close ? yes : no(manage)), action: dialog.status === 'closed' ? 'reopen' : 'close' },
    markUnread: a.markUnread ? yes : no('not_visible'),
    block: { ...(a.block ? yes : no(a.close ? 'detached' : manage)), action: client?.blocked ? 'unblock' : 'block' },
    detach: a.detach ? yes : no(a.close ? 'detached' : manage),
    showAttachments: a.showAttachments ? yes : no('not_visible'),
    write: a.write,
    explain,
  };
}

/** M1, M2, S5: a message's actions, given the header's write check and the loaded feed. */
export function messageOffers(m: Message, ctx: { me: Operator; quoting: boolean; write: WriteCheck; feed: readonly Message[] }): MessageOffers {
  const { write } = ctx;
  const stored = m.kind === 'text' && m.n > 0 && m.status?.state !== 'failed';
  const quote: Offer<MessageReason> = !ctx.quoting ? no('no_quoting') : !write.ok ? no(write.reason) : !stored ? no('not_stored') : yes;
  const quickReply: Offer<MessageReason> = m.kind === 'text' && m.text.trim() !== '' ? yes : no('no_text');
  // S5: a retry where it can succeed: retryable reason, own message, the operator may still write,
  // and (client left) the client is back.
  const own = m.status?.state === 'failed' && m.author.kind === 'operator' && m.author.id === ctx.me.id;
  let retry: Offer<MessageReason>;
  if (!own) retry = no('not_own_failure');
  else if (!write.ok) retry = no(write.reason);
  else retry = retryOffer(retryCheck(m, ctx.feed));
  return { quote, quickReply, retry };
}

function retryOffer(check: RetryCheck): Offer<MessageReason> {
  if (check.ok) return yes;
  return no(check.why === 'client_away' ? 'client_away' : check.why === 'not_retryable' ? 'not_retryable' : 'not_own_failure');
}

/** Nothing offered: no operator or no dialog yet. */
export const NOTHING_OFFERED: Offered = {
  header: {
    reassign: no('not_visible'),
    close: { ...no('not_visible'), action: 'close' },
    markUnread: no('not_visible'),
    block: { ...no('not_visible'), action: 'block' },
    detach: no('not_visible'),
    showAttachments: no('not_visible'),
    write: { ok: false, reason: 'not_assigned' },
    explain: [],
  },
  message: () => ({ quote: no('not_stored'), quickReply: no('no_text'), retry: no('not_own_failure') }),
};
