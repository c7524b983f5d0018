/**
 * The protocol's shapes as plain checks (`sdk/check.ts`): what the client validates. Answers and
 * events are read leniently (fields a newer server adds are left out); command inputs strictly, as
 * the backend checks them, so a refusal is thrown before anything is sent. These mirror the
 * valibot schemas of `sdk/schema.ts`, which the server uses; `sdk/schema.test.ts` shows both accept
 * and refuse the same values with the same field and message.
 */
import type { Attachment, ChatSettings, Client, Dialog, Message, Snapshot } from './model.js';
import { ChatProtocolError, ERROR_CODES, MAX_RESPONSE_TIME_LIMIT_MS, MIN_RESPONSE_TIME_LIMIT_MS, type ChatEvent, type CommandInput, type CommandName, type CommandResult } from './protocol.js';
import {
  arr,
  bool,
  type Check,
  describeIssue,
  FAIL,
  finite,
  integer,
  maxLength,
  maxValue,
  minLength,
  minValue,
  nul,
  num,
  obj,
  opt,
  pick,
  pipe,
  record,
  regex,
  rule,
  storable,
  str,
  tuple,
  unknown,
  variant,
} from './check.js';

export type { Check } from './check.js';

const id = pipe(str, minLength(1), maxLength(200));
const ts = pipe(num, finite);
const count = pipe(num, integer, minValue(0));
const seq = count;
const lit = (value: string | boolean) => pick([value]);
const kinds = pick(['text', 'event']);

const Assignee = variant('kind', [obj({ kind: lit('operator'), id }), obj({ kind: lit('bot'), id })]);
const Operator = obj({ id, name: str, role: pick(['administrator', 'operator']), rights: obj({ deleteDialogs: bool }), avatarUrl: opt(str), online: bool });
const Channel = obj({
  id,
  kind: pick(['webchat', 'telegram', 'whatsapp', 'viber', 'instagram', 'facebook', 'vk', 'email', 'sms', 'other']),
  name: str,
  capabilities: obj({
    readReceipts: bool,
    quoting: bool,
    attachments: obj({ allowed: bool, types: arr(str), maxBytes: count, maxCount: count }),
    maxLength: count,
    clientCanLeave: bool,
  }),
});
const Tag = obj({ id, name: str, color: pipe(str, regex(/^#[0-9a-fA-F]{3,8}$/)) });
const ClientTag = obj({ tagId: id, pinned: bool });
const Source = obj({
  channelId: id,
  campaign: opt(str),
  utm: opt(record(pick(['source', 'medium', 'campaign', 'content', 'term']), str)),
  referrer: opt(str),
  landingPage: opt(str),
  firstContactAt: ts,
});
const ClientCheck = obj<Client>({
  id,
  name: str,
  avatarUrl: opt(str),
  contacts: arr(obj({ channelId: id, handle: str })),
  tags: arr(ClientTag),
  source: nul(Source),
  analytics: nul(obj({ visits: count, pageViews: count, lastVisitAt: opt(ts), device: opt(str), location: opt(str) })),
  blocked: bool,
  orders: arr(obj({ id, number: str, status: str, total: num, currency: str, createdAt: ts, createdByBot: bool, source: opt(Source) })),
});
const Author = obj({ kind: pick(['client', 'operator', 'bot', 'system']), id: str });
const SystemEvent = obj({
  type: pick(['opened', 'closed', 'reopened', 'reassigned', 'client_blocked', 'client_unblocked', 'client_detached']),
  by: nul(Author),
  from: opt(nul(Assignee)),
  to: opt(nul(Assignee)),
});
const MessageStatus = variant('state', [
  ...['queued', 'sent', 'delivered', 'read'].map((s) => obj({ state: lit(s) })),
  obj({ state: lit('failed'), reason: pick(['integration_error', 'not_assigned', 'client_blocked', 'client_left']), retryable: bool }),
]);
const AttachmentCheck = obj<Attachment>({
  id,
  name: str,
  mime: str,
  size: count,
  kind: pick(['image', 'file']),
  url: str,
  thumbUrl: opt(str),
  width: opt(count),
  height: opt(count),
  available: bool,
  unavailableReason: opt(pick(['expired', 'removed', 'client_blocked'])),
});
const MessageCheck = obj<Message>({
  id,
  dialogId: id,
  n: count,
  kind: kinds,
  author: Author,
  text: str,
  quote: opt(obj({ messageId: id, author: Author, text: str })),
  attachments: arr(AttachmentCheck),
  event: opt(SystemEvent),
  createdAt: ts,
  status: opt(MessageStatus),
});
const DialogCheck = obj<Dialog>({
  id,
  channelId: id,
  clientId: nul(id),
  title: str,
  status: pick(['open', 'closed']),
  assignee: nul(Assignee),
  createdAt: ts,
  openedAt: ts,
  lastActivityAt: ts,
  waitingSince: nul(ts),
  lastMessage: nul(obj({ id, author: Author, text: str, kind: kinds, attachmentCount: count, event: opt(SystemEvent), createdAt: ts })),
  clientMessageCount: count,
  lastN: count,
});
const ReadState = obj({ dialogId: id, readClientCount: count, markedUnread: bool });
const QuickReply = obj({ id, title: str, text: str, createdBy: str, createdAt: ts });
const Settings = obj<ChatSettings>({ responseTimeLimitMs: nul(count) });
const ClientSummary = obj({ id, name: str, avatarUrl: opt(str), tags: arr(ClientTag), blocked: bool });
const ListRow = obj({ dialog: DialogCheck, client: nul(ClientSummary), read: nul(ReadState) });
const SearchHit = pipe(
  obj<{ match: [number, number]; snippet: string }>({ dialogId: id, messageId: id, n: pipe(num, integer, minValue(1)), snippet: pipe(str, maxLength(1000)), match: tuple(count, count) }),
  rule((h) => h.match[0] <= h.match[1] && h.match[1] <= h.snippet.length, 'match: not a range of the snippet'),
);
const DialogPage = obj({
  dialogs: arr(DialogCheck),
  clients: arr(ClientSummary),
  readStates: arr(ReadState),
  cursor: nul(pipe(str, minLength(1), maxLength(1000))),
  counts: obj({ total: opt(count), totalAtLeast: opt(bool), unreadDialogs: opt(count), tags: opt(record(id, count)), tagsAtLeast: opt(bool) }),
  hits: opt(arr(SearchHit)),
  seq,
});
const SnapshotCheck = obj<Snapshot>({
  me: Operator,
  operators: arr(Operator),
  bots: arr(obj({ id, name: str })),
  channels: arr(Channel),
  tags: arr(Tag),
  quickReplies: arr(QuickReply),
  settings: Settings,
  list: DialogPage,
  seq,
});
const was = opt(nul(ListRow));
const ChatEventCheck = variant<ChatEvent>('type', [
  obj({ seq, type: lit('message.created'), message: MessageCheck, dialog: DialogCheck, client: opt(nul(ClientSummary)), read: opt(nul(ReadState)), was }),
  obj({ seq, type: lit('message.status'), dialogId: id, messageId: id, status: MessageStatus }),
  obj({ seq, type: lit('dialog.upserted'), dialog: DialogCheck, client: nul(ClientCheck), read: opt(nul(ReadState)), was }),
  obj({ seq, type: lit('dialog.removed'), dialogId: id, reason: pick(['deleted', 'access_lost']), was }),
  obj({ seq, type: lit('client.updated'), client: ClientCheck, was: opt(ClientSummary), dialogs: opt(arr(DialogCheck)), readStates: opt(arr(ReadState)) }),
  obj({ seq, type: lit('read.updated'), readState: ReadState, dialog: opt(DialogCheck), was: opt(nul(ReadState)) }),
  obj({ seq, type: lit('tag.upserted'), tag: Tag }),
  obj({ seq, type: lit('operator.updated'), operator: Operator }),
  obj({ seq, type: lit('quickreply.created'), quickReply: QuickReply }),
  obj({ seq, type: lit('settings.updated'), settings: Settings }),
]);

const page = count;
/** Every command's answer, as the client reads it. */
export const ResultSchemas: { readonly [K in CommandName]: Check<CommandResult<K>> } = {
  bootstrap: SnapshotCheck,
  eventsSince: variant('gap', [obj({ gap: lit(false), events: arr(unknown), seq }), obj({ gap: lit(true), seq })]),
  listDialogs: DialogPage,
  getDialog: obj({ dialog: DialogCheck, client: nul(ClientCheck), readState: nul(ReadState) }),
  getClient: obj({ client: ClientCheck, dialogs: arr(DialogCheck), readStates: arr(ReadState) }),
  loadMessages: obj({ dialogId: id, messages: arr(MessageCheck), cursor: nul(page) }),
  sendMessage: MessageCheck,
  closeDialog: DialogCheck,
  reopenDialog: DialogCheck,
  reassignDialog: DialogCheck,
  markRead: ReadState,
  markUnread: ReadState,
  blockClient: ClientCheck,
  unblockClient: ClientCheck,
  detachClient: DialogCheck,
  deleteDialogs: obj({ results: arr(obj({ dialogId: id, ok: bool, reason: opt(pick(ERROR_CODES)) })) }),
  createQuickReply: QuickReply,
  forwardAttachment: MessageCheck,
  listAttachments: obj({ dialogId: id, items: arr(obj({ attachment: AttachmentCheck, messageId: id, author: Author, createdAt: ts })), total: count, cursor: nul(page) }),
  setClientTags: ClientCheck,
  updateSettings: Settings,
} as never;

/** A strict object: a field it does not know is refused. */
const strict = (entries: Parameters<typeof obj>[0]) => obj(entries, true);
/** Text of at most `max` UTF-16 units that can be stored (multi-line). */
const textInput = (max: number) => pipe(str, maxLength(max), storable());
/** An id given by the sender: 1–200 characters, one line, storable. */
const inId = pipe(str, minLength(1), maxLength(200), storable({ singleLine: true }));
const ids = arr(inId);
const Query = strict({
  search: textInput(500),
  operators: ids,
  channels: ids,
  tags: strict({ mode: pick(['all', 'none', 'list']), tags: ids, pinned: bool }),
  status: pick(['all', 'open', 'closed']),
  lastMessage: pick(['any', 'client', 'operator', 'unanswered', 'answered']),
  bot: bool,
  sort: pick(['processing', 'activity']),
});
const limit = opt(pipe(num, integer, minValue(1), maxValue(500)));
const cursor = opt(count);
/** A list page: up to 500 rows; 0 answers only the counts. */
const listLimit = opt(pipe(num, integer, minValue(0), maxValue(500)));
const dialogId = strict({ dialogId: inId });
const clientId = strict({ clientId: inId });

/** Every command's input, checked strictly as the backend does: a field it does not know is refused. */
export const InputSchemas: { readonly [K in CommandName]: Check<CommandInput<K>> } = {
  bootstrap: strict({ query: opt(Query), limit: listLimit }),
  eventsSince: strict({ since: count }),
  listDialogs: strict({
    query: Query,
    cursor: opt(pipe(str, minLength(1), maxLength(1000), storable({ singleLine: true }))),
    limit: listLimit,
    counts: opt(pipe(arr(pick(['total', 'unread', 'tags'])), maxLength(3))),
  }),
  getDialog: dialogId,
  getClient: clientId,
  loadMessages: strict({ dialogId: inId, before: cursor, limit }),
  sendMessage: strict({ id: inId, dialogId: inId, text: textInput(20000), quoteId: opt(inId), attachments: opt(pipe(arr(strict({ id: inId })), maxLength(20))) }),
  closeDialog: dialogId,
  reopenDialog: dialogId,
  reassignDialog: strict({ dialogId: inId, to: variant('kind', [strict({ kind: lit('operator'), id: inId }), strict({ kind: lit('bot'), id: inId })]) }),
  markRead: dialogId,
  markUnread: dialogId,
  blockClient: clientId,
  unblockClient: clientId,
  detachClient: dialogId,
  deleteDialogs: strict({ dialogIds: pipe(ids, minLength(1), maxLength(1000)) }),
  createQuickReply: strict({ id: inId, text: pipe(str, minLength(1), maxLength(20000), storable()), title: opt(textInput(200)), messageId: opt(inId) }),
  forwardAttachment: strict({ id: inId, attachmentId: inId, toDialogId: inId }),
  listAttachments: strict({ dialogId: inId, kind: pick(['image', 'file']), cursor, limit }),
  setClientTags: strict({ clientId: inId, tags: pipe(arr(strict({ tagId: inId, pinned: bool })), maxLength(100)) }),
  updateSettings: strict({ responseTimeLimitMs: opt(nul(pipe(num, integer, minValue(MIN_RESPONSE_TIME_LIMIT_MS), maxValue(MAX_RESPONSE_TIME_LIMIT_MS)))) }),
} as never;

/** A live event, any of {@link ChatEvent}'s types. */
export const ChatEventSchema: Check<ChatEvent> = ChatEventCheck;
/** The start of a session (`bootstrap`'s answer). */
export const SnapshotSchema: Check<Snapshot> = SnapshotCheck;
/** A message, as answers and events carry it. */
export const MessageSchema: Check<Message> = MessageCheck;
/** A dialog, as answers and events carry it. */
export const DialogSchema: Check<Dialog> = DialogCheck;
/** A client, as answers and events carry it. */
export const ClientSchema: Check<Client> = ClientCheck;
/** An uploaded file (the upload's answer). */
export const AttachmentSchema: Check<Attachment> = AttachmentCheck;

/**
 * Checks `data` with `check`; on failure throws a {@link ChatProtocolError} naming the first
 * offending field. The answer is `data` itself, or a copy without the fields the check does not know.
 */
export function parse<T>(check: Check<T>, data: unknown, context: string): T {
  const out = check(data);
  if (out !== FAIL) return out;
  const { field, message } = describeIssue();
  throw new ChatProtocolError(context, field ?? '', message);
}
