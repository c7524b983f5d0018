/**
 * The composer of a dialog as data (L4, M1, P1-P4): text and quote (the draft), uploads with
 * progress, and one verdict on whether it can be sent. The verdict is a code: elements put it into
 * words. The one place where a reply's text is judged before sending.
 */
import type { Draft, UploadState } from '../client.js';
import type { Channel, Id, Message } from '../model.js';
import type { AttachmentRefusal } from '../rules/attachments.js';
import { checkLength, hasContent, type LengthCheck } from '../rules/length.js';
import type { WriteCheck } from '../rules/permissions.js';
import { textProblem } from '../rules/text.js';

/**
 * Why the composer cannot send now:
 * - `not_assigned`, `client_blocked`: the operator may not write (P3, H4);
 * - `uploading`: a file is still uploading; `upload_failed`: a file failed (remove it or retry);
 * - `empty`: no text and no file;
 * - `too_long`: over the channel's limit, white space not counted (P4);
 * - `unstorable`: characters no backend can store (control characters, half surrogate pairs).
 */
export type ComposerProblem = Extract<WriteCheck, { ok: false }>['reason'] | 'uploading' | 'upload_failed' | 'empty' | 'too_long' | 'unstorable';

/** The composer of one dialog, as `DialogSession.$composer` holds it. */
export interface ComposerState {
  /** The draft's text (L4). */
  text: string;
  /** The quoted message's id (M1). */
  quoteId: Id | undefined;
  /** The quoted message, when it is loaded. */
  quoted: Message | undefined;
  /** Files attached and not yet handed to a send, with progress (P1, P2). */
  uploads: UploadState[];
  /** P4: the text's length against the channel's limit. */
  length: LengthCheck;
  /** Why it cannot be sent now, or `null`. */
  problem: ComposerProblem | null;
  /** Whether `DialogSession.send` would send (no {@link problem}). */
  canSend: boolean;
  /** A send of this composer is on its way to the backend (more may follow: sends queue in order). */
  sending: boolean;
  /** P1: whether the channel accepts files at all. */
  attachmentsAllowed: boolean;
}

/** The one verdict on a reply: its text, files and the operator's right to write. */
export function composerProblem(text: string, uploads: readonly Pick<UploadState, 'state'>[], limit: number | undefined, write: WriteCheck): ComposerProblem | null {
  if (!write.ok) return write.reason;
  if (!hasContent(text, uploads.length)) return 'empty';
  // The text's own problems first: the composer says them while the operator types.
  if (!checkLength(text, limit).ok) return 'too_long';
  if (textProblem(text) !== null) return 'unstorable';
  if (uploads.some((u) => u.state === 'uploading')) return 'uploading';
  if (uploads.some((u) => u.state === 'failed')) return 'upload_failed';
  return null;
}

/** Builds the composer's state from the stores it depends on. */
export function composerState(args: { draft: Draft | undefined; feed: readonly Message[]; uploads: UploadState[]; channel: Channel | undefined; write: WriteCheck; sending: boolean }): ComposerState {
  const { draft, channel, uploads } = args;
  const text = draft?.text ?? '';
  const quoteId = draft?.quoteId;
  const problem = composerProblem(text, uploads, channel?.capabilities.maxLength, args.write);
  return {
    text,
    quoteId,
    quoted: quoteId ? args.feed.find((m) => m.id === quoteId) : undefined,
    uploads,
    length: checkLength(text, channel?.capabilities.maxLength),
    problem,
    canSend: problem === null,
    sending: args.sending,
    attachmentsAllowed: !!channel?.capabilities.attachments.allowed,
  };
}

/** A file refused before upload (P1), with its reason. */
export interface AttachRefusal {
  name: string;
  refusal: AttachmentRefusal;
}

/** Answer of {@link DialogSession.send}. */
export type SendAttempt =
  | { ok: false; problem: ComposerProblem }
  | {
      ok: true;
      /** The new message's id, generated before sending (its idempotency key). */
      messageId: Id;
      /** Settles when the backend answered: delivered to it, failed on the message (S5), or refused before it existed. */
      done: Promise<SendOutcome>;
    };

/**
 * How a send ended: `sent` (acknowledged or queued for a retry by the SDK), `failed` (the message
 * shows the reason, S5), or `refused` (never placed: the text is back in the draft, the files too).
 */
export type SendOutcome = { state: 'sent'; message: Message } | { state: 'failed'; error: unknown } | { state: 'refused'; error: unknown };
