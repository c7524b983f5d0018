/** N1 new-message alerts, muting, and the errors the client reports. */
import { atom, type ReadableAtom } from 'nanostores';
import type { ClientRecord, Dialog, Id, Message } from '../model.js';
import { clientDisplayName } from '../session/names.js';
import type { ChatErrorReport, NewMessageAlert } from './types.js';

/** What decides whether a message alerts (N1). */
export interface AlertContext {
  muted: boolean;
  /** The dialog open in the chat window. */
  activeDialogId: Id | null;
  /** Whether the page is visible (an open dialog alerts while the page is hidden). */
  visible: boolean;
  /** Alerts shown now. */
  alerts: readonly NewMessageAlert[];
}

/**
 * N1: the alert a new message raises, or `null`: only a client's text message, not muted, not in
 * the dialog open on a visible page, once per message. Pure.
 */
export function alertFor(m: Message, d: Dialog, client: ClientRecord | null | undefined, ctx: AlertContext): NewMessageAlert | null {
  if (m.author.kind !== 'client' || m.kind !== 'text' || ctx.muted) return null;
  if (ctx.activeDialogId === d.id && ctx.visible) return null;
  if (ctx.alerts.some((a) => a.id === m.id)) return null;
  // The one name rule (sdk/session/names.ts): the client's name, else the dialog's title.
  const clientName = clientDisplayName({ client, dialog: d }).name ?? d.title;
  return { id: m.id, dialogId: d.id, clientName, text: m.text, createdAt: m.createdAt };
}

/** The alerts and errors of a client. */
export class Alerts {
  private readonly alerts = atom<NewMessageAlert[]>([]);
  private readonly muted = atom(false);
  private readonly errors = atom<ChatErrorReport[]>([]);
  readonly $alerts: ReadableAtom<NewMessageAlert[]> = this.alerts;
  readonly $muted: ReadableAtom<boolean> = this.muted;
  readonly $errors: ReadableAtom<ChatErrorReport[]> = this.errors;

  constructor(
    private readonly now: () => number,
    private readonly onError: ((report: ChatErrorReport) => void) | undefined,
  ) {}

  /** Reports an error: kept (the last 20) and passed to `onError`. */
  report(error: unknown, context: string): void {
    const e = error instanceof Error ? error : new Error(String(error));
    const r: ChatErrorReport = { error: e, context, at: this.now() };
    this.errors.set([...this.errors.get().slice(-19), r]);
    this.onError?.(r);
  }

  dismissError(report: ChatErrorReport): void {
    this.errors.set(this.errors.get().filter((r) => r !== report));
  }

  setMuted(muted: boolean): void {
    this.muted.set(muted);
  }

  /** Raises the alert of a new message, if it deserves one (the last 20 are kept). */
  raise(m: Message, d: Dialog, client: ClientRecord | null | undefined, activeDialogId: Id | null): void {
    const visible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
    // `.value`: reads on every live event must not mount the stores when nothing listens (issue 13).
    const alert = alertFor(m, d, client, { muted: this.muted.value, activeDialogId, visible, alerts: this.alerts.value });
    if (!alert) return;
    // One new array per alert (the last 20 kept), not a slice and a copy of it.
    const next = this.alerts.value.slice(-19);
    next.push(alert);
    this.alerts.set(next);
  }

  dismiss(id: Id): void {
    this.alerts.set(this.alerts.get().filter((a) => a.id !== id));
  }

  /** Whether an alert leads to the dialog. */
  has(dialogId: Id): boolean {
    return this.alerts.value.some((a) => a.dialogId === dialogId);
  }

  /** Drops the alerts of a dialog that is gone (deleted, or handed away: H1). */
  dropDialog(dialogId: Id): void {
    if (this.has(dialogId)) this.alerts.set(this.alerts.get().filter((a) => a.dialogId !== dialogId));
  }
}
