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

/**
 * The default script: María's overdue Spanish-speaking client (the dialog the Inbox opens) and
 * her English-speaking client on the site chat take turns. Both dialogs are visible to the
 * administrator and to María, so the script works for either toolbar role.
 */
export const CLIENT_SCRIPT: readonly ClientLine[] = [
  { dialogId: SEED_IDS.waitingDialog, text: '¿Hay novedades sobre mi pedido?' },
  { dialogId: SEED_IDS.reassignedDialog, text: 'Hi again, did the refund go through?' },
  { dialogId: SEED_IDS.waitingDialog, text: 'Lo necesito antes del viernes, por favor.' },
  { dialogId: SEED_IDS.reassignedDialog, text: 'I can send a screenshot of the bank statement if that helps.' },
  { dialogId: SEED_IDS.waitingDialog, text: 'Gracias, quedo atento.' },
];

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
