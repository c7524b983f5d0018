/**
 * What `<client-widget>` shows, resolved from its attributes and the SDK's stores; a dialog or
 * client the list does not hold is asked for once (so a failure shows instead of looping) and kept
 * in the SDK's working set while shown.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReadableAtom } from 'nanostores';
import type { ChatClient } from '../../sdk/client.js';
import type { Client, Dialog, Id } from '../../sdk/model.js';
import { isFullClient } from '../../sdk/rules/clients.js';

/** What the block is showing. */
export type View =
  | { kind: 'no-sdk' }
  | { kind: 'not-ready' }
  | { kind: 'no-dialog' }
  | { kind: 'dialog-missing' }
  | { kind: 'client-missing' }
  | { kind: 'no-client'; dialog: Dialog }
  | { kind: 'client'; client: Client; dialog: Dialog | null };

/** Reads a store and renders the host again when it changes (the element's `use`). */
export type Use = <T>(store: ReadableAtom<T>) => T;

/** Resolves the shown dialog and client, and holds what it had to load. */
export class ShownClient implements ReactiveController {
  /** Dialogs and clients whose whole record was asked for: once each, so a failure shows instead of looping. */
  private readonly asked = new Set<string>();
  /** What this widget loaded, kept in the SDK's working set while shown (the list may not hold it). */
  private held: { release: () => void } | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.held?.release();
    this.held = null;
    this.asked.clear();
  }

  /** The view for `dialogId` / `clientId` (or the inbox's open dialog when neither is given). */
  resolve(client: ChatClient | undefined, use: Use, dialogIdAttr: Id | undefined, clientId: Id | undefined): View {
    if (!client) return { kind: 'no-sdk' };
    if (!use(client.$ready)) return { kind: 'not-ready' };
    const dialogs = use(client.$dialogs);
    const clients = use(client.$clients);
    const dialogId = dialogIdAttr || (clientId ? null : use(client.$activeDialogId));
    const dialog = dialogId ? (dialogs.get(dialogId) ?? null) : null;
    if (clientId) {
      const c = clients.get(clientId);
      if (isFullClient(c)) return { kind: 'client', client: c, dialog };
      // The list holds a summary of the client at most: the whole record is asked for, and kept while shown.
      return this.load(client, { clientId }) ? { kind: 'not-ready' } : { kind: 'client-missing' };
    }
    if (!dialogId) return { kind: 'no-dialog' };
    if (!dialog) return this.load(client, { dialogId }) ? { kind: 'not-ready' } : { kind: 'dialog-missing' };
    if (dialog.clientId === null) return { kind: 'no-client', dialog };
    const c = clients.get(dialog.clientId);
    if (isFullClient(c)) return { kind: 'client', client: c, dialog };
    return this.load(client, { dialogId: dialog.id }) ? { kind: 'not-ready' } : { kind: 'client-missing' };
  }

  /**
   * Asks the SDK for a dialog with its whole client (or a client by id), and keeps it loaded while
   * shown; answers whether the answer is still to come.
   */
  private load(client: ChatClient, what: { dialogId: Id } | { clientId: Id }): boolean {
    const key = 'dialogId' in what ? `d:${what.dialogId}` : `c:${what.clientId}`;
    if (this.asked.has(key)) return false;
    this.asked.add(key);
    this.held?.release();
    const { loaded, release } = 'dialogId' in what ? client.retainDialog(what.dialogId) : client.retainClient(what.clientId);
    this.held = { release };
    void loaded.then(
      () => {
        this.asked.delete(key);
        this.host.requestUpdate();
      },
      () => this.host.requestUpdate(),
    );
    return true;
  }
}
