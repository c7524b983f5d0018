/**
 * H1-H6, D1-D4, M1, T6, F2: the inbox's commands. Most are optimistic: the change shows at once
 * and is rolled back when the backend refuses (the refusal is reported and thrown).
 */
import type { ChatSettings, Client, ClientTag, Dialog, Id, ListRow, Message, QuickReply, ReadState, Assignee } from '../model.js';
import type { CommandInput, CommandName, CommandResult, DeleteResult, SettingsPatch } from '../protocol.js';
import { canSeeDialog } from '../rules/permissions.js';
import type { Catalog } from './catalog.js';
import type { ClientContext } from './context.js';
import type { Dialogs } from './dialogs.js';
import type { Feeds } from './feeds.js';
import type { WorkingSet } from './working-set.js';

/** The commands of a client. */
export class Commands {
  constructor(
    private readonly ctx: ClientContext,
    private readonly ws: WorkingSet,
    private readonly catalog: Catalog,
    private readonly dialogs: Dialogs,
    private readonly feeds: Feeds,
  ) {}

  /** Runs a command with an optimistic change, rolled back if the backend refuses. */
  private async optimistic<K extends CommandName>(name: K, input: CommandInput<K>, change: () => () => void, settle: (r: CommandResult<K>) => void): Promise<CommandResult<K>> {
    const rollback = change();
    try {
      const r = await this.ctx.call(name, input);
      settle(r);
      return r;
    } catch (e) {
      rollback();
      this.ctx.report(e, name);
      throw e;
    }
  }

  /** Runs a command that is not optimistic; a refusal is reported and thrown. */
  private async reported<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandResult<K>> {
    try {
      return await this.ctx.call(name, input);
    } catch (e) {
      this.ctx.report(e, name);
      throw e;
    }
  }

  private patchDialog(id: Id, patch: Partial<Dialog>): () => void {
    const before = this.ws.dialog(id);
    if (before) this.ws.upsertDialog({ ...before, ...patch });
    return () => {
      if (before) this.ws.upsertDialog(before);
    };
  }

  private dialogCommand(name: 'closeDialog' | 'reopenDialog' | 'detachClient', dialogId: Id, patch: Partial<Dialog>): Promise<Dialog> {
    return this.optimistic(
      name,
      { dialogId },
      () => this.patchDialog(dialogId, patch),
      (d) => this.ws.upsertDialog(d),
    );
  }

  close(dialogId: Id): Promise<Dialog> {
    return this.dialogCommand('closeDialog', dialogId, { status: 'closed' });
  }

  reopen(dialogId: Id): Promise<Dialog> {
    return this.dialogCommand('reopenDialog', dialogId, { status: 'open' });
  }

  detach(dialogId: Id): Promise<Dialog> {
    return this.dialogCommand('detachClient', dialogId, { clientId: null });
  }

  reassign(dialogId: Id, to: Assignee): Promise<Dialog> {
    return this.optimistic(
      'reassignDialog',
      { dialogId, to },
      () => this.patchDialog(dialogId, { assignee: to }),
      (d) => {
        const me = this.catalog.$me.get();
        // H1: after handing it away, an operator who may no longer see it lets it go.
        if (me && !canSeeDialog(me, d)) this.dialogs.remove(d.id);
        else this.ws.upsertDialog(d);
      },
    );
  }

  private patchRead(dialogId: Id, patch: Partial<ReadState>): () => void {
    const before = this.ws.read(dialogId);
    const d = this.ws.dialog(dialogId);
    const base: ReadState = before ?? { dialogId, readClientCount: 0, markedUnread: false };
    const next = { ...base, ...patch };
    if (patch.readClientCount === -1) next.readClientCount = d?.clientMessageCount ?? 0;
    this.ws.setReadLocal(next, dialogId);
    return () => this.ws.setReadLocal(before ?? null, dialogId);
  }

  private readonly setRead = (r: ReadState): void => {
    this.ws.setReadLocal(r, r.dialogId);
  };

  markUnread(dialogId: Id): Promise<ReadState> {
    return this.optimistic('markUnread', { dialogId }, () => this.patchRead(dialogId, { markedUnread: true }), this.setRead);
  }

  markRead(dialogId: Id): Promise<ReadState> {
    return this.optimistic('markRead', { dialogId }, () => this.patchRead(dialogId, { markedUnread: false, readClientCount: -1 }), this.setRead);
  }

  private clientCommand<K extends 'blockClient' | 'unblockClient' | 'setClientTags'>(name: K, input: CommandInput<K> & { clientId: Id }, patch: Partial<Client>): Promise<Client> {
    const change = () => {
      const before = this.ws.client(input.clientId);
      if (before) this.ws.upsertClient({ ...before, ...patch });
      return () => {
        if (before) this.ws.upsertClient(before);
      };
    };
    return this.optimistic(name, input, change, (c) => this.ws.upsertClient(c as Client)) as Promise<Client>;
  }

  block(clientId: Id): Promise<Client> {
    return this.clientCommand('blockClient', { clientId }, { blocked: true });
  }

  unblock(clientId: Id): Promise<Client> {
    return this.clientCommand('unblockClient', { clientId }, { blocked: false });
  }

  setClientTags(clientId: Id, tags: ClientTag[]): Promise<Client> {
    return this.clientCommand('setClientTags', { clientId, tags }, { tags });
  }

  async deleteDialogs(dialogIds: Id[]): Promise<DeleteResult[]> {
    const { ws } = this;
    const before = new Map<Id, ListRow>();
    for (const id of dialogIds) {
      const row = ws.row(id);
      if (!row) continue;
      before.set(id, row);
      ws.list.local(id, row, null);
      ws.forget(id);
    }
    const restore = (id: Id) => {
      const row = before.get(id);
      if (row) ws.place(row, ws.list.local(id, null, row));
    };
    try {
      const { results } = await this.ctx.call('deleteDialogs', { dialogIds });
      for (const r of results) {
        if (r.ok) this.dialogs.remove(r.dialogId);
        else restore(r.dialogId);
      }
      return results;
    } catch (e) {
      for (const id of dialogIds) restore(id);
      this.ctx.report(e, 'deleteDialogs');
      throw e;
    }
  }

  async createQuickReply(text: string, opts: { title?: string; messageId?: Id }): Promise<QuickReply> {
    const q = await this.reported('createQuickReply', { id: this.ctx.newId(), text, title: opts.title, messageId: opts.messageId });
    this.catalog.addQuickReply(q);
    return q;
  }

  async forwardAttachment(attachmentId: Id, toDialogId: Id): Promise<Message> {
    const m = await this.reported('forwardAttachment', { id: this.ctx.newId(), attachmentId, toDialogId });
    this.feeds.place(m);
    return m;
  }

  updateSettings(patch: SettingsPatch): Promise<ChatSettings> {
    return this.optimistic(
      'updateSettings',
      patch,
      () => (patch.responseTimeLimitMs !== undefined ? this.catalog.patchSettings({ responseTimeLimitMs: patch.responseTimeLimitMs }) : () => undefined),
      (settings) => this.catalog.settingsApplied(settings),
    );
  }
}
