/**
 * The fields of a dialog that derive from its messages, in one place: the core updates them
 * message by message as it appends, the demo seed and the bulk seed compute them from a whole
 * history, and both give the same answer (tested in `derive.test.ts`). Pure and browser-safe.
 *
 * - `lastN`: the highest message number.
 * - `lastMessage` (L3, L4): a preview of the latest message of any kind (a system event too),
 *   its text cut to {@link LIST_PREVIEW_LENGTH} code points without splitting a character.
 * - `lastActivityAt` (F3): the latest message from a person (client, operator or bot); system
 *   events (closed, reassigned, client blocked...) are not activity, so an administrator's bulk
 *   action does not reshuffle the list. The dialog's creation when nobody wrote yet.
 * - `clientMessageCount` (L1, N2): the client's messages ever received.
 * - `openedAt` (F4): the last `opened` or `reopened` event; the creation before any.
 * - `waitingSince` (F2, F4): while the dialog is open, the client's first message not answered
 *   since it was (re)opened; an operator's or the bot's message answers it, and closing or
 *   reopening the dialog ends the wait.
 */
import type { Dialog, Message, MessagePreview } from '../../sdk/model.js';
import { cutText, LIST_PREVIEW_LENGTH, QUOTE_PREVIEW_LENGTH } from '../../sdk/rules/text.js';
import { cloneData } from './clone.js';

/** The fields {@link applyMessage} and {@link deriveDialog} maintain. */
export type DerivedDialogFields = Pick<Dialog, 'lastN' | 'lastMessage' | 'lastActivityAt' | 'clientMessageCount' | 'openedAt' | 'waitingSince'>;

/** What a message needs to be folded into a dialog's derived fields. */
export type DerivableMessage = Pick<Message, 'id' | 'n' | 'kind' | 'author' | 'text' | 'attachments' | 'event' | 'createdAt'>;

/**
 * The list preview of a message (L3, L4): its text cut to {@link LIST_PREVIEW_LENGTH} code points
 * (never a lone surrogate or half a grapheme at the cut), its author and event copied so that the
 * preview does not share objects with the message. `event` is present only on events.
 */
export function messagePreview(m: DerivableMessage): MessagePreview {
  const p: MessagePreview = {
    id: m.id,
    author: { kind: m.author.kind, id: m.author.id },
    text: cutText(m.text, LIST_PREVIEW_LENGTH),
    kind: m.kind,
    attachmentCount: m.attachments.length,
    createdAt: m.createdAt,
  };
  if (m.event) p.event = cloneData(m.event);
  return p;
}

/** The quote a reply carries (M1): the quoted message's id, author and text cut to {@link QUOTE_PREVIEW_LENGTH} code points. */
export function quoteOf(m: Pick<Message, 'id' | 'author' | 'text'>): NonNullable<Message['quote']> {
  return { messageId: m.id, author: { ...m.author }, text: cutText(m.text, QUOTE_PREVIEW_LENGTH) };
}

/** Whether a message is a person's (a client's, operator's or bot's text or files), not a system event. */
function fromPerson(m: Pick<Message, 'kind'>): boolean {
  return m.kind !== 'event';
}

/**
 * Folds one new message (the next in `n` order) into a dialog's derived fields. `dialog.status`
 * is the status the dialog has when the message arrives (a closed dialog does not start waiting).
 */
export function applyMessage(dialog: DerivedDialogFields & Pick<Dialog, 'status'>, m: DerivableMessage): void {
  dialog.lastN = Math.max(dialog.lastN, m.n);
  dialog.lastMessage = messagePreview(m);
  if (fromPerson(m)) {
    dialog.lastActivityAt = Math.max(dialog.lastActivityAt, m.createdAt);
    if (m.author.kind === 'client') {
      dialog.clientMessageCount += 1;
      if (dialog.waitingSince === null && dialog.status === 'open') dialog.waitingSince = m.createdAt;
    } else if (m.author.kind === 'operator' || m.author.kind === 'bot') {
      dialog.waitingSince = null;
    }
    return;
  }
  const type = m.event?.type;
  if (type === 'opened' || type === 'reopened') {
    dialog.openedAt = m.createdAt;
    dialog.waitingSince = null;
  } else if (type === 'closed') {
    dialog.waitingSince = null;
  }
}

/**
 * Computes a dialog's derived fields from its whole history (`messages` in ascending `n`), for a
 * dialog whose `status` is its final one. The same as folding each message with
 * {@link applyMessage} as it arrived.
 */
export function deriveDialog(dialog: DerivedDialogFields & Pick<Dialog, 'status' | 'createdAt'>, messages: readonly DerivableMessage[]): void {
  dialog.lastN = 0;
  dialog.lastMessage = null;
  dialog.lastActivityAt = dialog.createdAt;
  dialog.clientMessageCount = 0;
  dialog.openedAt = dialog.createdAt;
  dialog.waitingSince = null;
  for (const m of messages) applyMessage(dialog, m);
  if (dialog.status !== 'open') dialog.waitingSince = null;
}
