/**
 * The client's side (simulated channels and the site's web chat, `/visitor`): messages from the
 * client, the client reading, and a new client starting a dialog. Each runs in the caller's
 * {@link Unit}. Browser-safe.
 */
import type { Attachment, Client, Dialog, Id, Message } from '../../sdk/model.js';
import { ChatCommandError } from '../../sdk/protocol.js';
import { checkLength, hasContent } from '../../sdk/rules/length.js';
import { cutText, textProblem } from '../../sdk/rules/text.js';
import { channelOf, clientOf } from './access.js';
import type { Storage } from './storage.js';
import type { Unit } from './unit.js';

/** What a new client starting a dialog brings (C1: with where they came from). */
export interface StartDialogInput {
  channelId: Id;
  name: string;
  source?: Client['source'];
  analytics?: Client['analytics'];
  text?: string;
  within?: (tx: Storage, dialog: Dialog) => Promise<void>;
}

/**
 * A message from the client. Refused for a blocked client (H4). Reopens a closed dialog (H2) and
 * starts its wait (F4). `opts.id` is an idempotency key scoped to this dialog and its client.
 */
export async function clientMessage(u: Unit, dialog: Dialog, text: string, opts: { id?: Id; attachments?: Attachment[] }): Promise<Message> {
  const { s } = u;
  if (opts.id) {
    const existing = await u.replayable(opts.id, (m) => m.dialogId === dialog.id && m.kind === 'text' && m.author.kind === 'client');
    if (existing) return existing;
  }
  const attachments = opts.attachments ?? [];
  const problem = textProblem(text);
  if (problem) throw new ChatCommandError('validation', `text: ${problem}.`, 'text', 400);
  if (!hasContent(text, attachments.length)) throw new ChatCommandError('validation', 'text: a message needs text or a file.', 'text', 400);
  const channel = await channelOf(s, dialog.channelId);
  const len = checkLength(text, channel.capabilities.maxLength);
  if (!len.ok) throw new ChatCommandError('too_long', `text: ${len.count} characters without spaces; at most ${len.limit}.`, 'text', 400);
  // H4: checked after the input, so bad input gets its own error whoever sends it.
  const client = await clientOf(s, dialog);
  if (client?.blocked) throw new ChatCommandError('client_blocked', 'The client is blocked: messages can be neither sent nor received.', undefined, 403);
  await s.setLeft(dialog.id, false);
  const created = await u.reopenForMessage(dialog);
  const m = await u.append(dialog, {
    id: opts.id ?? u.deps.newId(),
    kind: 'text',
    author: { kind: 'client', id: dialog.clientId ?? '' },
    text,
    attachments,
    createdAt: u.deps.now(),
  });
  created.push(m);
  await u.publishDialog(dialog, created);
  return m;
}

/** S4: the client read the operator's messages (only where the channel reports reads: S6). */
export async function clientRead(u: Unit, dialogId: Id): Promise<void> {
  const dialog = await u.s.dialog(dialogId);
  if (!dialog) return;
  const channel = await channelOf(u.s, dialog.channelId);
  if (!channel.capabilities.readReceipts) return;
  const recent = await u.s.messages(dialogId, undefined, 200);
  for (const m of recent) {
    if (m.status && (m.status.state === 'delivered' || m.status.state === 'sent')) await u.setMessageStatus(m.id, { state: 'read' });
  }
}

/** A new client and their dialog (with its first message when `input.text` is given). */
export async function startDialog(u: Unit, input: StartDialogInput): Promise<{ dialog: Dialog; client: Client }> {
  const { s } = u;
  const channel = await channelOf(s, input.channelId);
  const now = u.deps.now();
  const name = cutText(input.name.trim(), 120) || 'Visitor';
  const client: Client = {
    id: u.deps.newId(),
    name,
    contacts: [{ channelId: channel.id, handle: name }],
    tags: [],
    source: input.source ?? { channelId: channel.id, firstContactAt: now },
    analytics: input.analytics ?? null,
    blocked: false,
    orders: [],
  };
  await s.putClient(client);
  const dialog: Dialog = {
    id: u.deps.newId(),
    channelId: channel.id,
    clientId: client.id,
    title: client.name,
    status: 'open',
    assignee: null,
    createdAt: now,
    openedAt: now,
    lastActivityAt: now,
    waitingSince: null,
    lastMessage: null,
    clientMessageCount: 0,
    lastN: 0,
  };
  await u.publishDialog(dialog);
  if (input.text) await clientMessage(u, dialog, input.text, {});
  await input.within?.(s, dialog);
  return { dialog, client };
}
