/**
 * Clients writing in: a timer that sends scripted client messages through the backend core
 * (`core.clientSend`, the same path a messenger or the site web chat takes), so stories show
 * messages arriving, unread counts growing and the list reordering.
 */
import type { Id } from '../../sdk/model.js';
import type { InProcessBackend } from '../../server/core/in-process.js';
import { SEED_IDS } from './backend.js';

/** One scripted client message. */
export interface ClientLine {
  dialogId: Id;
  text: string;
}

/** What the demo clients write, by dialog (in each client's language). */
const LINES: Record<Id, readonly string[]> = {
  // María's overdue client on Telegram (Spanish).
  [SEED_IDS.waitingDialog]: ['¿Hay novedades sobre mi pedido?', 'Lo necesito antes del viernes, por favor.', 'Gracias, quedo atento.'],
  // The administrator's own waiting client on WhatsApp (English).
  [SEED_IDS.freshWaitingDialog]: ['Is the blue one back in stock?', 'Size M, if that matters.', 'Thanks, I will wait for your answer.'],
  // María's client on the site chat (English), reassigned from Iván.
  [SEED_IDS.reassignedDialog]: ['Hi again, did the refund go through?', 'I can send a screenshot of the bank statement if that helps.', 'Still nothing on my card.'],
};

/**
 * A script for a story with `openDialogId` on screen: that dialog's client and the site-chat
 * client (another dialog: an alert, a row moving up) take turns, starting with the open one.
 * Both dialogs are visible to the operator who sees `openDialogId`.
 */
export function clientScript(openDialogId: Id): ClientLine[] {
  const here = LINES[openDialogId] ?? LINES[SEED_IDS.waitingDialog]!;
  const other = openDialogId === SEED_IDS.reassignedDialog ? LINES[SEED_IDS.waitingDialog]! : LINES[SEED_IDS.reassignedDialog]!;
  const otherId = openDialogId === SEED_IDS.reassignedDialog ? SEED_IDS.waitingDialog : SEED_IDS.reassignedDialog;
  const out: ClientLine[] = [];
  for (let i = 0; i < Math.max(here.length, other.length); i++) {
    if (here[i]) out.push({ dialogId: openDialogId, text: here[i]! });
    if (other[i]) out.push({ dialogId: otherId, text: other[i]! });
  }
  return out;
}

/** The default script: María's overdue dialog on screen. */
export const CLIENT_SCRIPT: readonly ClientLine[] = clientScript(SEED_IDS.waitingDialog);

/** Options of {@link simulateClients}. */
export interface SimulationOptions {
  script?: readonly ClientLine[];
  /** Delay before the first message (default 1,500 ms). */
  firstDelayMs?: number;
  /** Lines sent together at the first tick, 250 ms apart (default 1). */
  firstBurst?: number;
  /** Delay between messages (default 6,000 ms). */
  intervalMs?: number;
  /** Start over when the script ends (default true). */
  loop?: boolean;
  /** Called after each message the core accepted. */
  onMessage?: (line: ClientLine) => void;
}

/** Starts sending the script; returns the function that stops it. */
export function simulateClients(backend: InProcessBackend, options: SimulationOptions = {}): () => void {
  const script = options.script ?? CLIENT_SCRIPT;
  const interval = Math.max(250, options.intervalMs ?? 6000);
  let index = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let burst = Math.max(1, options.firstBurst ?? 1);
  const tick = async () => {
    if (stopped || script.length === 0) return;
    if (index >= script.length) {
      if (options.loop === false) return;
      index = 0;
    }
    const line = script[index++]!;
    try {
      await backend.core.clientSend(line.dialogId, line.text);
      if (!stopped) options.onMessage?.(line);
    } catch {
      // The dialog may have been deleted or its client blocked in the story: skip the line.
    }
    burst--;
    if (!stopped) timer = setTimeout(() => void tick(), burst > 0 ? 250 : interval);
  };
  timer = setTimeout(() => void tick(), options.firstDelayMs ?? 1500);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
