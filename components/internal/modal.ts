/**
 * A native `<dialog>` opened with `showModal()` and focus returned to what opened it (the
 * conventions' rule for confirmations and windows). The host renders the `<dialog>` and calls
 * {@link ModalController.closed} from its `close` event; the controller remembers the trigger.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ModalController implements ReactiveController {
  private trigger: HTMLElement | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The rendered `<dialog>`, if any. */
    private readonly dialog: () => HTMLDialogElement | null | undefined,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.trigger = null;
  }

  /** Whether the dialog is open. */
  get open(): boolean {
    return !!this.dialog()?.open;
  }

  /**
   * Shows the dialog (after the host's pending render, so its content is there). `trigger` gets
   * focus back on close; `undefined` keeps the one remembered by an earlier call.
   */
  async show(trigger?: HTMLElement | null): Promise<void> {
    if (trigger !== undefined) this.trigger = trigger;
    await this.host.updateComplete;
    const dlg = this.dialog();
    if (dlg && !dlg.open) dlg.showModal();
  }

  /** Closes the dialog (its `close` event follows). */
  async hide(): Promise<void> {
    await this.host.updateComplete;
    const dlg = this.dialog();
    if (dlg?.open) dlg.close();
  }

  /**
   * Call from the dialog's `close` event: after the host rendered, focus goes back to the trigger
   * when it is still there and not inert, else `fallback` runs.
   */
  closed(fallback?: () => void): void {
    const back = this.trigger;
    this.trigger = null;
    void this.host.updateComplete.then(() => {
      if (back?.isConnected && !back.closest('[inert]')) back.focus();
      else fallback?.();
    });
  }
}
