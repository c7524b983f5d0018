/**
 * Every command's handler, by name: a typed map, so each handler takes its command's input and
 * answers its result (a command missing or answering the wrong type does not compile). Reads run
 * outside the write queue on the storage; writes run as one {@link Unit} each. Browser-safe.
 */
import type { Operator } from '../../../sdk/model.js';
import type { CommandInput, CommandName, CommandResult } from '../../../sdk/protocol.js';
import type { Storage } from '../storage.js';
import type { Unit } from '../unit.js';
import { block, setClientTags, updateSettings } from './clients.js';
import { deleteDialogs, detach, mark, reassign, setStatus } from './dialogs.js';
import { createQuickReply, forward, sendMessage } from './messages.js';
import { bootstrap, eventsSince, getClient, getDialog, listAttachments, loadMessages, page } from './reads.js';

/** The commands that only read. */
export type ReadName = 'bootstrap' | 'eventsSince' | 'listDialogs' | 'getDialog' | 'getClient' | 'loadMessages' | 'listAttachments';
/** The commands that write. */
export type WriteName = Exclude<CommandName, ReadName>;

type ReadHandlers = { [K in ReadName]: (s: Storage, op: Operator, input: CommandInput<K>) => Promise<CommandResult<K>> };
type WriteHandlers = { [K in WriteName]: (u: Unit, op: Operator, input: CommandInput<K>) => Promise<CommandResult<K>> };

/** The read commands' handlers. */
export const READ_HANDLERS: ReadHandlers = {
  bootstrap,
  eventsSince: (s, op, input) => eventsSince(s, op, input.since),
  listDialogs: page,
  getDialog: (s, op, input) => getDialog(s, op, input.dialogId),
  getClient: (s, op, input) => getClient(s, op, input.clientId),
  loadMessages,
  listAttachments,
};

/** The write commands' handlers. */
export const WRITE_HANDLERS: WriteHandlers = {
  sendMessage,
  closeDialog: (u, op, input) => setStatus(u, op, input.dialogId, 'closed'),
  reopenDialog: (u, op, input) => setStatus(u, op, input.dialogId, 'open'),
  reassignDialog: reassign,
  markRead: (u, op, input) => mark(u, op, input.dialogId, false),
  markUnread: (u, op, input) => mark(u, op, input.dialogId, true),
  blockClient: (u, op, input) => block(u, op, input.clientId, true),
  unblockClient: (u, op, input) => block(u, op, input.clientId, false),
  detachClient: (u, op, input) => detach(u, op, input.dialogId),
  deleteDialogs: (u, op, input) => deleteDialogs(u, op, input.dialogIds),
  createQuickReply,
  forwardAttachment: forward,
  setClientTags,
  updateSettings,
};

/** Whether a command only reads. */
export function isRead(name: CommandName): name is ReadName {
  return Object.prototype.hasOwnProperty.call(READ_HANDLERS, name);
}
