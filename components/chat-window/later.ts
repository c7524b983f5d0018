/**
 * The part of `<chat-window>` loaded on first use, one chunk (chat-window.modals.ts) with one
 * loader for the page: the modal windows (reassign, detach, quick reply, image) and the attached
 * files' chips. A page that shows dialogs and never opens a window nor attaches a file does not
 * download it.
 */
import { stringPart } from '../i18n.js';
import { OnDemandChunk } from '../internal/on-demand.js';

/** The chunk's loader (one for the page; a failure is per element). */
export const later = new OnDemandChunk(() => import('./chat-window.modals.js'));
// It adds strings to the `chat-window` bundle: `loadAllStrings()` loads it.
stringPart(() => later.get());
