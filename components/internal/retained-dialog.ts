/**
 * Keeps the dialog an element shows in the SDK's working set while the element is connected
 * (`ChatClient.retainDialog`): a client card, an order card or an attachment viewer may show a
 * dialog the list has not loaded, or has scrolled past. The element re-renders when it is loaded.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../../sdk/client.js';
import type { Id } from '../../sdk/model.js';

/** What the controller keeps: a client and a dialog id, or nothing. */
export type RetainTarget = { client: ChatClient; dialogId: Id } | null;

export class RetainedDialog implements ReactiveController {
  private held: { client: ChatClient; dialogId: Id; release: () => void } | null = null;
  /** The kept dialog was refused (not visible to this operator, or gone). */
  refused = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly target: () => RetainTarget,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const t = this.target();
    if (t && this.held?.client === t.client && this.held.dialogId === t.dialogId) return;
    this.drop();
    if (!t || !t.client.$ready.get()) return;
    const { loaded, release } = t.client.retainDialog(t.dialogId);
    const held = { client: t.client, dialogId: t.dialogId, release };
    this.held = held;
    this.refused = false;
    loaded.then(
      () => {
        if (this.held === held) this.host.requestUpdate();
      },
      () => {
        if (this.held !== held) return;
        this.refused = true;
        this.host.requestUpdate();
      },
    );
  }

  hostDisconnected(): void {
    this.drop();
  }

  private drop(): void {
    this.held?.release();
    this.held = null;
    this.refused = false;
  }
}
