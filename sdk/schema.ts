/**
 * Validation of every payload crossing the network, with valibot: the server validates what it is
 * sent (command inputs, strictly: unknown fields are refused), the conformance suite what a backend
 * answers. The client carries the same shapes as plain checks (`sdk/checks.ts`, issue 17: without
 * valibot in its bundle); `sdk/schema.test.ts` shows both agree.
 */
import * as v from 'valibot';
import { ChatProtocolError, ERROR_CODES, MAX_RESPONSE_TIME_LIMIT_MS, MIN_RESPONSE_TIME_LIMIT_MS, type CommandName } from './protocol.js';
import { textProblem } from './rules/text.js';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const ts = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const opt = <T extends v.GenericSchema>(s: T) => v.optional(s);

export const AssigneeSchema = v.variant('kind', [v.object({ kind: v.literal('operator'), id }), v.object({ kind: v.literal('bot'), id })]);

export const OperatorSchema = v.object({
  id,
  name: v.string(),
  role: v.picklist(['administrator', 'operator']),
  rights: v.object({ deleteDialogs: v.boolean() }),
  avatarUrl: opt(v.string()),
  online: v.boolean(),
});

export const BotSchema = v.object({ id, name: v.string() });

export const ChannelSchema = v.object({
  id,
  kind: v.picklist(['webchat', 'telegram', 'whatsapp', 'viber', 'instagram', 'facebook', 'vk', 'email', 'sms', 'other']),
  name: v.string(),
  capabilities: v.object({
    readReceipts: v.boolean(),
    quoting: v.boolean(),
    attachments: v.object({ allowed: v.boolean(), types: v.array(v.string()), maxBytes: count, maxCount: count }),
    maxLength: count,
    clientCanLeave: v.boolean(),
  }),
});

export const TagSchema = v.object({ id, name: v.string(), color: v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{3,8}$/)) });
export const ClientTagSchema = v.object({ tagId: id, pinned: v.boolean() });

const SourceSchema = v.object({
  channelId: id,
  campaign: opt(v.string()),
  utm: opt(v.record(v.picklist(['source', 'medium', 'campaign', 'content', 'term']), v.string())),
  referrer: opt(v.string()),
  landingPage: opt(v.string()),
  firstContactAt: ts,
});

export const ClientSchema = v.object({
  id,
  name: v.string(),
  avatarUrl: opt(v.string()),
  contacts: v.array(v.object({ channelId: id, handle: v.string() })),
  tags: v.array(ClientTagSchema),
  source: v.nullable(SourceSchema),
  analytics: v.nullable(v.object({ visits: count, pageViews: count, lastVisitAt: opt(ts), device: opt(v.string()), location: opt(v.string()) })),
  blocked: v.boolean(),
  orders: v.array(
    v.object({
      id,
      number: v.string(),
      status: v.string(),
      total: v.number(),
      currency: v.string(),
      createdAt: ts,
      createdByBot: v.boolean(),
      source: opt(SourceSchema),
    }),
  ),
});

const AuthorSchema = v.object({ kind: v.picklist(['client', 'operator', 'bot', 'system']), id: v.string() });

export const SystemEventSchema = v.object({
  type: v.picklist(['opened', 'closed', 'reopened', 'reassigned', 'client_blocked', 'client_unblocked', 'client_detached']),
  by: v.nullable(AuthorSchema),
  from: opt(v.nullable(AssigneeSchema)),
  to: opt(v.nullable(AssigneeSchema)),
});

export const FailureReasonSchema = v.picklist(['integration_error', 'not_assigned', 'client_blocked', 'client_left']);

export const MessageStatusSchema = v.variant('state', [
  v.object({ state: v.literal('queued') }),
  v.object({ state: v.literal('sent') }),
  v.object({ state: v.literal('delivered') }),
  v.object({ state: v.literal('read') }),
  v.object({ state: v.literal('failed'), reason: FailureReasonSchema, retryable: v.boolean() }),
]);

export const AttachmentSchema = v.object({
  id,
  name: v.string(),
  mime: v.string(),
  size: count,
  kind: v.picklist(['image', 'file']),
  url: v.string(),
  thumbUrl: opt(v.string()),
  width: opt(count),
  height: opt(count),
  available: v.boolean(),
  unavailableReason: opt(v.picklist(['expired', 'removed', 'client_blocked'])),
});

export const MessageSchema = v.object({
  id,
  dialogId: id,
  n: count,
  kind: v.picklist(['text', 'event']),
  author: AuthorSchema,
  text: v.string(),
  quote: opt(v.object({ messageId: id, author: AuthorSchema, text: v.string() })),
  attachments: v.array(AttachmentSchema),
  event: opt(SystemEventSchema),
  createdAt: ts,
  status: opt(MessageStatusSchema),
});

export const DialogSchema = v.object({
  id,
  channelId: id,
  clientId: v.nullable(id),
  title: v.string(),
  status: v.picklist(['open', 'closed']),
  assignee: v.nullable(AssigneeSchema),
  createdAt: ts,
  openedAt: ts,
  lastActivityAt: ts,
  waitingSince: v.nullable(ts),
  lastMessage: v.nullable(
    v.object({
      id,
      author: AuthorSchema,
      text: v.string(),
      kind: v.picklist(['text', 'event']),
      attachmentCount: count,
      event: opt(SystemEventSchema),
      createdAt: ts,
    }),
  ),
  clientMessageCount: count,
  lastN: count,
});

export const ReadStateSchema = v.object({ dialogId: id, readClientCount: count, markedUnread: v.boolean() });

export const QuickReplySchema = v.object({ id, title: v.string(), text: v.string(), createdBy: v.string(), createdAt: ts });

/** F2: the chat settings (`null`: no time limit). */
export const SettingsSchema = v.object({ responseTimeLimitMs: v.nullable(count) });

/** What the list needs of a client (`ClientSummary`). */
export const ClientSummarySchema = v.object({ id, name: v.string(), avatarUrl: opt(v.string()), tags: v.array(ClientTagSchema), blocked: v.boolean() });

/** One operator's row of a dialog (`ListRow`). */
export const ListRowSchema = v.object({ dialog: DialogSchema, client: v.nullable(ClientSummarySchema), read: v.nullable(ReadStateSchema) });

const seq = count;

/** L6: the message a search matched in a row, with its excerpt (`SearchHit`). */
export const SearchHitSchema = v.pipe(
  v.object({
    dialogId: id,
    messageId: id,
    n: v.pipe(v.number(), v.integer(), v.minValue(1)),
    snippet: v.pipe(v.string(), v.maxLength(1000)),
    match: v.tuple([count, count]),
  }),
  v.check((h) => h.match[0] <= h.match[1] && h.match[1] <= h.snippet.length, 'match: not a range of the snippet'),
);

export const DialogPageSchema = v.object({
  dialogs: v.array(DialogSchema),
  clients: v.array(ClientSummarySchema),
  readStates: v.array(ReadStateSchema),
  cursor: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(1000))),
  counts: v.object({ total: opt(count), totalAtLeast: opt(v.boolean()), unreadDialogs: opt(count), tags: opt(v.record(id, count)), tagsAtLeast: opt(v.boolean()) }),
  hits: opt(v.array(SearchHitSchema)),
  seq,
});

export const SnapshotSchema = v.object({
  me: OperatorSchema,
  operators: v.array(OperatorSchema),
  bots: v.array(BotSchema),
  channels: v.array(ChannelSchema),
  tags: v.array(TagSchema),
  quickReplies: v.array(QuickReplySchema),
  settings: SettingsSchema,
  list: DialogPageSchema,
  seq,
});

const was = opt(v.nullable(ListRowSchema));
export const ChatEventSchema = v.variant('type', [
  v.object({ seq, type: v.literal('message.created'), message: MessageSchema, dialog: DialogSchema, client: opt(v.nullable(ClientSummarySchema)), read: opt(v.nullable(ReadStateSchema)), was }),
  v.object({ seq, type: v.literal('message.status'), dialogId: id, messageId: id, status: MessageStatusSchema }),
  v.object({ seq, type: v.literal('dialog.upserted'), dialog: DialogSchema, client: v.nullable(ClientSchema), read: opt(v.nullable(ReadStateSchema)), was }),
  v.object({ seq, type: v.literal('dialog.removed'), dialogId: id, reason: v.picklist(['deleted', 'access_lost']), was }),
  v.object({ seq, type: v.literal('client.updated'), client: ClientSchema, was: opt(ClientSummarySchema), dialogs: opt(v.array(DialogSchema)), readStates: opt(v.array(ReadStateSchema)) }),
  v.object({ seq, type: v.literal('read.updated'), readState: ReadStateSchema, dialog: opt(DialogSchema), was: opt(v.nullable(ReadStateSchema)) }),
  v.object({ seq, type: v.literal('tag.upserted'), tag: TagSchema }),
  v.object({ seq, type: v.literal('operator.updated'), operator: OperatorSchema }),
  v.object({ seq, type: v.literal('quickreply.created'), quickReply: QuickReplySchema }),
  v.object({ seq, type: v.literal('settings.updated'), settings: SettingsSchema }),
]);

const ErrorCodeSchema = v.picklist(ERROR_CODES);

const page = count;
/** Schemas of every command's answer, used by the client. */
export const ResultSchemas = {
  bootstrap: SnapshotSchema,
  eventsSince: v.variant('gap', [v.object({ gap: v.literal(false), events: v.array(v.unknown()), seq }), v.object({ gap: v.literal(true), seq })]),
  listDialogs: DialogPageSchema,
  getDialog: v.object({ dialog: DialogSchema, client: v.nullable(ClientSchema), readState: v.nullable(ReadStateSchema) }),
  getClient: v.object({ client: ClientSchema, dialogs: v.array(DialogSchema), readStates: v.array(ReadStateSchema) }),
  loadMessages: v.object({ dialogId: id, messages: v.array(MessageSchema), cursor: v.nullable(page) }),
  sendMessage: MessageSchema,
  closeDialog: DialogSchema,
  reopenDialog: DialogSchema,
  reassignDialog: DialogSchema,
  markRead: ReadStateSchema,
  markUnread: ReadStateSchema,
  blockClient: ClientSchema,
  unblockClient: ClientSchema,
  detachClient: DialogSchema,
  deleteDialogs: v.object({ results: v.array(v.object({ dialogId: id, ok: v.boolean(), reason: opt(ErrorCodeSchema) })) }),
  createQuickReply: QuickReplySchema,
  forwardAttachment: MessageSchema,
  listAttachments: v.object({
    dialogId: id,
    items: v.array(v.object({ attachment: AttachmentSchema, messageId: id, author: AuthorSchema, createdAt: ts })),
    total: count,
    cursor: v.nullable(page),
  }),
  setClientTags: ClientSchema,
  updateSettings: SettingsSchema,
} satisfies Record<CommandName, v.GenericSchema>;

/**
 * Text a backend stores: no lone surrogates, no control characters but tab, line feed and carriage
 * return (`textProblem` in `sdk/rules/text.ts` says why). Refused with the field named, on both sides.
 */
export const storableText = (options: { singleLine?: boolean } = {}) =>
  v.check<string, (issue: v.CheckIssue<string>) => string>(
    (s) => textProblem(s, options) === null,
    (issue) => textProblem(issue.input, options) ?? 'not text that can be stored',
  );

/** Text of at most `max` UTF-16 units that can be stored (multi-line). */
const textInput = (max: number) => v.pipe(v.string(), v.maxLength(max), storableText());
/** An id given by the sender: 1–200 characters, one line, storable. */
const inId = v.pipe(v.string(), v.minLength(1), v.maxLength(200), storableText({ singleLine: true }));

const QuerySchema = v.strictObject({
  search: v.pipe(v.string(), v.maxLength(500), storableText()),
  operators: v.array(inId),
  channels: v.array(inId),
  tags: v.strictObject({ mode: v.picklist(['all', 'none', 'list']), tags: v.array(inId), pinned: v.boolean() }),
  status: v.picklist(['all', 'open', 'closed']),
  lastMessage: v.picklist(['any', 'client', 'operator', 'unanswered', 'answered']),
  bot: v.boolean(),
  sort: v.picklist(['processing', 'activity']),
});

const limit = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500)));
const cursor = v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)));
/** A list page: up to 500 rows; 0 answers only the counts. */
const listLimit = v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(500)));
const listCursor = v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(1000), storableText({ singleLine: true })));
const countNames = v.optional(v.pipe(v.array(v.picklist(['total', 'unread', 'tags'])), v.maxLength(3)));

/** Schemas of every command's input, used strictly by the server: unknown fields are refused. */
export const InputSchemas = {
  bootstrap: v.strictObject({ query: v.optional(QuerySchema), limit: listLimit }),
  eventsSince: v.strictObject({ since: count }),
  listDialogs: v.strictObject({ query: QuerySchema, cursor: listCursor, limit: listLimit, counts: countNames }),
  getDialog: v.strictObject({ dialogId: inId }),
  getClient: v.strictObject({ clientId: inId }),
  loadMessages: v.strictObject({ dialogId: inId, before: cursor, limit }),
  sendMessage: v.strictObject({
    id: inId,
    dialogId: inId,
    text: textInput(20000),
    quoteId: v.optional(inId),
    attachments: v.optional(v.pipe(v.array(v.strictObject({ id: inId })), v.maxLength(20))),
  }),
  closeDialog: v.strictObject({ dialogId: inId }),
  reopenDialog: v.strictObject({ dialogId: inId }),
  reassignDialog: v.strictObject({ dialogId: inId, to: v.variant('kind', [v.strictObject({ kind: v.literal('operator'), id: inId }), v.strictObject({ kind: v.literal('bot'), id: inId })]) }),
  markRead: v.strictObject({ dialogId: inId }),
  markUnread: v.strictObject({ dialogId: inId }),
  blockClient: v.strictObject({ clientId: inId }),
  unblockClient: v.strictObject({ clientId: inId }),
  detachClient: v.strictObject({ dialogId: inId }),
  deleteDialogs: v.strictObject({ dialogIds: v.pipe(v.array(inId), v.minLength(1), v.maxLength(1000)) }),
  createQuickReply: v.strictObject({ id: inId, text: v.pipe(v.string(), v.minLength(1), v.maxLength(20000), storableText()), title: v.optional(textInput(200)), messageId: v.optional(inId) }),
  forwardAttachment: v.strictObject({ id: inId, attachmentId: inId, toDialogId: inId }),
  listAttachments: v.strictObject({ dialogId: inId, kind: v.picklist(['image', 'file']), cursor, limit }),
  setClientTags: v.strictObject({ clientId: inId, tags: v.pipe(v.array(v.strictObject({ tagId: inId, pinned: v.boolean() })), v.maxLength(100)) }),
  updateSettings: v.strictObject({
    responseTimeLimitMs: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(MIN_RESPONSE_TIME_LIMIT_MS), v.maxValue(MAX_RESPONSE_TIME_LIMIT_MS)))),
  }),
} satisfies Record<CommandName, v.GenericSchema>;

/**
 * The first problem valibot found, worded once for every refusal (the SDK's own check, the API,
 * the visitor routes, the sockets, the core): the field's dot path, the bare message, and
 * `field: message` as the API answers it.
 */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[], fallback = 'invalid input'): { field: string | undefined; message: string; text: string } {
  const issue = issues[0];
  const field = (issue && v.getDotPath(issue)) || undefined;
  const message = issue?.message ?? fallback;
  return { field, message, text: field && !message.startsWith(`${field}:`) ? `${field}: ${message}` : message };
}

/**
 * Parses `data` with `schema`; on failure throws a {@link ChatProtocolError} naming the first
 * offending field (the server's and the tests' reading; the client reads with the checks of `sdk/checks.ts`).
 */
export function parse<S extends v.GenericSchema>(schema: S, data: unknown, context: string): v.InferOutput<S> {
  const r = v.safeParse(schema, data);
  if (r.success) return r.output;
  const { field, message } = describeIssues(r.issues, 'invalid');
  throw new ChatProtocolError(context, field ?? '', message);
}
