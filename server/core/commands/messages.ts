/**
 * Commands that write messages: send (with uploads, quotes, idempotent replay and retry), forward
 * an attachment, and make a quick reply of a message. Browser-safe.
 */
import type { Attachment, Channel, Dialog, Id, Message, Operator } from '../../../sdk/model.js';
import { ChatCommandError, type CommandInput, type CommandResult } from '../../../sdk/protocol.js';
import { checkAttachment, refusalCode, REFUSAL_TEXT } from '../../../sdk/rules/attachments.js';
import { checkLength, hasContent } from '../../../sdk/rules/length.js';
import { canSeeDialog, canWrite } from '../../../sdk/rules/permissions.js';
import { cutText, textProblem } from '../../../sdk/rules/text.js';
import { quoteOf } from '../derive.js';
import { advanceStatus } from '../../../sdk/rules/status.js';
import { conflict, visibleDialog, channelOf, clientOf, audience } from '../access.js';
import type { Storage } from '../storage.js';
import type { Unit } from '../unit.js';

/**
 * A storage that can read at once, in a transaction, what a command on one dialog reads first: the
 * dialog (locked), the message and quick reply named by the command's idempotency id (the message
 * locked, after the dialog), the dialog's client and read positions; the reads that follow are
 * then answered from the transaction. Optional (the SQL storage has it: one round trip instead of
 * five on a PostgreSQL server); nothing changes in what a command reads, only when.
 */
export interface DialogPrefetch {
  prefetchDialog(dialogId: Id, id?: Id): Promise<void>;
}

export async function sendMessage(u: Unit, op: Operator, input: CommandInput<'sendMessage'>): Promise<Message> {
  const { s } = u;
  // Ids that are not single-line text are refused below as they were (not looked up).
  if (!textProblem(input.dialogId, { singleLine: true }) && !textProblem(input.id, { singleLine: true })) await (s as Storage & Partial<DialogPrefetch>).prefetchDialog?.(input.dialogId, input.id);
  // Rights first (H1): a dialog the operator no longer sees answers 404, even for an id they used in it.
  const dialog = await visibleDialog(s, op, input.dialogId);
  const existing = await u.replayable(input.id, (m) => m.dialogId === dialog.id && m.kind === 'text' && m.author.kind === 'operator' && m.author.id === op.id);
  if (existing) {
    // Idempotent: the same id answers the first answer, unless it failed and may be retried.
    if (existing.status?.state === 'failed' && existing.status.retryable) return retry(u, op, dialog, existing);
    return existing;
  }
  const channel = await channelOf(s, dialog.channelId);
  const client = await clientOf(s, dialog);
  const attachments = await resolveUploads(s, op, dialog, channel, input.attachments ?? []);
  if (!hasContent(input.text, attachments.length)) throw new ChatCommandError('validation', 'text: a message needs text or a file.', 'text', 400);
  const len = checkLength(input.text, channel.capabilities.maxLength);
  if (!len.ok) {
    throw new ChatCommandError('too_long', `text: ${len.count} characters without spaces; at most ${len.limit}.`, 'text', 400);
  }
  const write = canWrite(op, dialog, client);
  if (!write.ok) {
    throw new ChatCommandError(
      write.reason,
      write.reason === 'client_blocked' ? 'The client is blocked: messages can be neither sent nor received.' : 'The dialog is not assigned to you.',
      undefined,
      403,
    );
  }
  let quote: Message['quote'];
  if (input.quoteId) {
    if (!channel.capabilities.quoting) throw new ChatCommandError('validation', 'quoteId: this channel does not support quoting.', 'quoteId', 400);
    const q = await s.message(input.quoteId);
    if (!q || q.dialogId !== dialog.id) throw new ChatCommandError('not_found', 'quoteId: no such message in this dialog.', 'quoteId', 404);
    quote = quoteOf(q);
  }
  const created = await u.reopenForMessage(dialog);
  if (dialog.assignee === null) dialog.assignee = { kind: 'operator', id: op.id };
  const msg = await u.append(dialog, {
    id: input.id,
    kind: 'text',
    author: { kind: 'operator', id: op.id },
    text: input.text,
    quote,
    attachments,
    createdAt: u.deps.now(),
    status: { state: 'queued' },
  });
  created.push(msg);
  await u.publishDialog(dialog, created);
  // After the messages' events, so that each event's row before is the one the previous left.
  await u.putRead(op.id, dialog, { dialogId: dialog.id, readClientCount: dialog.clientMessageCount, markedUnread: false });
  await u.deliverAfterCommit(msg.id, { dialogId: dialog.id, channelId: dialog.channelId });
  return msg;
}

export async function retry(u: Unit, op: Operator, dialog: Dialog, m: Message): Promise<Message> {
  const write = canWrite(op, dialog, await clientOf(u.s, dialog));
  if (!write.ok) throw new ChatCommandError(write.reason, write.reason === 'client_blocked' ? 'The client is blocked.' : 'The dialog is not assigned to you.', undefined, 403);
  const status = advanceStatus(m.status, { state: 'queued' }, { retry: true });
  const updated = { ...m, status };
  await u.s.putMessage(updated);
  u.emit(await audience(u.s, dialog), { type: 'message.status', dialogId: m.dialogId, messageId: m.id, status });
  await u.deliverAfterCommit(m.id, { dialogId: dialog.id, channelId: dialog.channelId });
  return updated;
}

export async function resolveUploads(s: Storage, op: Operator, dialog: Dialog, channel: Channel, refs: { id: Id }[]): Promise<Attachment[]> {
  const out: Attachment[] = [];
  for (const [i, ref] of refs.entries()) {
    const u = await s.upload(ref.id);
    if (!u || u.operatorId !== op.id || u.dialogId !== dialog.id) {
      throw new ChatCommandError('not_found', `attachments.${i}.id: no such upload for this dialog.`, `attachments.${i}.id`, 404);
    }
    const r = checkAttachment(channel, { name: u.name, type: u.mime, size: u.size }, i);
    if (r) throw new ChatCommandError(refusalCode(r), `${u.name}: ${REFUSAL_TEXT[r]}.`, `attachments.${i}`);
    const { operatorId: _o, dialogId: _d, ...attachment } = u;
    out.push(attachment);
  }
  return out;
}

export async function forward(u: Unit, op: Operator, input: CommandInput<'forwardAttachment'>): Promise<Message> {
  const { s } = u;
  const target = await visibleDialog(s, op, input.toDialogId);
  const existing = await u.replayable(input.id, (m) => m.dialogId === target.id && m.kind === 'text' && m.author.kind === 'operator' && m.author.id === op.id);
  if (existing) return existing;
  const found = await s.attachment(input.attachmentId);
  const source = found && (await s.dialog(found.message.dialogId));
  if (!found || !source || !canSeeDialog(op, source)) throw new ChatCommandError('not_found', 'attachmentId: no such attachment.', 'attachmentId', 404);
  if (!found.attachment.available) throw new ChatCommandError('unavailable', `${found.attachment.name}: the file is no longer available.`, 'attachmentId', 410);
  const channel = await channelOf(s, target.channelId);
  const r = checkAttachment(channel, { name: found.attachment.name, type: found.attachment.mime, size: found.attachment.size });
  if (r) throw new ChatCommandError(refusalCode(r), `${found.attachment.name}: ${REFUSAL_TEXT[r]}.`, 'attachmentId');
  const upload = { ...found.attachment, id: u.deps.newId(), operatorId: op.id, dialogId: target.id };
  await s.putUpload(upload);
  return sendMessage(u, op, { id: input.id, dialogId: target.id, text: '', attachments: [{ id: upload.id }] });
}

export async function createQuickReply(u: Unit, op: Operator, input: CommandInput<'createQuickReply'>): Promise<CommandResult<'createQuickReply'>> {
  const { s } = u;
  // Rights first: the message it was made from must be in a dialog the operator sees.
  if (input.messageId) {
    const m = await s.message(input.messageId);
    const d = m && (await s.dialog(m.dialogId));
    if (!d || !canSeeDialog(op, d)) throw new ChatCommandError('not_found', 'messageId: no such message.', 'messageId', 404);
  }
  const existing = await s.quickReply(input.id);
  if (existing) {
    if (existing.createdBy !== op.id) throw conflict(input.id);
    u.replayed = true;
    return existing;
  }
  if (await s.message(input.id)) throw conflict(input.id);
  const text = input.text.trim();
  if (!text) throw new ChatCommandError('validation', 'text: a quick reply needs text.', 'text', 400);
  const reply = { id: input.id, title: (input.title ?? '').trim() || cutText(text, 40), text, createdBy: op.id, createdAt: u.deps.now() };
  await s.putQuickReply(reply);
  u.emit(
    (await s.operators()).map((o) => o.id),
    { type: 'quickreply.created', quickReply: reply },
  );
  return reply;
}
