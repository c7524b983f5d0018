/** P1, P2: file checks against a dialog's channel and uploads with their progress (`$uploads`). */
import { atom, type ReadableAtom } from 'nanostores';
import type { Attachment, Channel, Dialog, Id } from '../model.js';
import { ChatCommandError, isCommandError } from '../protocol.js';
import { AttachmentSchema, parse } from '../checks.js';
import { checkAttachment, isPreviewableImage, refusalCode, REFUSAL_TEXT, type AttachmentRefusal } from '../rules/attachments.js';
import type { ClientContext } from './context.js';
import type { UploadState } from './types.js';

/** The uploads of a client. */
export class Uploads {
  private readonly uploads = atom<Readonly<Record<string, UploadState>>>({});
  readonly $uploads: ReadableAtom<Readonly<Record<string, UploadState>>> = this.uploads;

  constructor(
    private readonly ctx: ClientContext,
    private readonly $dialogs: ReadableAtom<ReadonlyMap<Id, Dialog>>,
    private readonly $channelsById: ReadableAtom<ReadonlyMap<Id, Channel>>,
  ) {}

  /** Checks a file against a dialog's channel before uploading (P1). `null` means accepted. */
  check(dialogId: Id, file: { name: string; type: string; size: number }, alreadyAttached = 0): AttachmentRefusal | null {
    const d = this.$dialogs.get().get(dialogId);
    const ch = d && this.$channelsById.get().get(d.channelId);
    if (!ch) return 'not_allowed';
    return checkAttachment(ch, file, alreadyAttached);
  }

  /** Uploads a file for a dialog, with progress in `$uploads`. Resolves with the upload as it ended. */
  async upload(dialogId: Id, file: Blob & { name?: string }, name: string): Promise<UploadState> {
    const key = this.ctx.newId();
    const previewUrl = isPreviewableImage(file.type) && typeof URL !== 'undefined' && 'createObjectURL' in URL ? URL.createObjectURL(file) : undefined;
    const put = (s: Partial<UploadState>) => {
      const cur = this.uploads.get()[key];
      const next = { ...(cur ?? { key, dialogId, name, size: file.size, type: file.type, progress: 0, state: 'uploading' as const, previewUrl }), ...s };
      this.uploads.set({ ...this.uploads.get(), [key]: next });
      return next;
    };
    put({});
    const refusal = this.check(dialogId, { name, type: file.type, size: file.size });
    if (refusal) {
      const e = new ChatCommandError(refusalCode(refusal), `${name}: ${REFUSAL_TEXT[refusal]}.`);
      return put({ state: 'failed', error: e.code });
    }
    try {
      const raw = await this.ctx.transport.upload(dialogId, file, name, { onProgress: (p) => put({ progress: p.total ? p.loaded / p.total : 1 }) });
      const attachment = parse(AttachmentSchema, raw, 'upload') as Attachment;
      return put({ state: 'done', progress: 1, attachment });
    } catch (e) {
      this.ctx.report(e, 'upload');
      return put({ state: 'failed', error: isCommandError(e) ? e.code : 'unavailable' });
    }
  }

  /** Forgets an upload (removed from the composer before sending, or sent). */
  remove(key: string): void {
    const u = this.uploads.get()[key];
    if (u?.previewUrl && typeof URL !== 'undefined') URL.revokeObjectURL(u.previewUrl);
    const next = { ...this.uploads.get() };
    delete next[key];
    this.uploads.set(next);
  }
}
