/**
 * The two windows of `<attachment-viewer>` (the large image view and the forward window), each
 * loaded on first open through a plain `import()`: the build emits each as its own chunk (with its
 * styles), so a page pays for them only when a user first opens one. A failed load can be retried
 * for real ({@link retryingImport}).
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { AttachmentItem } from '../../sdk/protocol.js';
import { OnDemand, retryingImport, type OnDemandText } from '../internal/on-demand.js';
import type { ForwardDialog, ForwardSource } from './forward-dialog.js';
import type { ImageLightbox, LightboxSource } from './image-lightbox.js';
import { imageUrl, isShownAsImage } from './files.js';
import { forwardButton, saveLink, trapTab, type AttachmentView } from './view.js';

type Host = ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment };

// One loader per chunk for the whole page: a failure and its retries are the page's, not one element's.
// Neither chunk imports this one's modules (they sit in the body's chunk): what they use comes with
// the call, so a body loaded from a retry's address does not make them import its first one.
const lightboxModule = retryingImport(() => import('./image-lightbox.js'));
const forwardModule = retryingImport(() => import('./forward-dialog.js'));

export class ViewerWindows {
  readonly lightbox: OnDemand<ImageLightbox>;
  readonly forwarder: OnDemand<ForwardDialog>;

  constructor(host: Host, source: LightboxSource & ForwardSource) {
    this.lightbox = new OnDemand(host, async () => new (await lightboxModule()).ImageLightbox(host, source, { imageUrl, isShownAsImage, saveLink, forwardButton, trapTab }));
    this.forwarder = new OnDemand(host, async () => new (await forwardModule()).ForwardDialog(host, source));
  }

  /** Opens the large view on an image (loading it first on the first open). */
  openImage(id: string, trigger: HTMLElement | null): void {
    void this.lightbox.use((lightbox) => lightbox.open(id, trigger));
  }

  /** Opens the forward window for an attachment (loading it first on the first open). */
  openForward(view: () => AttachmentView | null, item: AttachmentItem, trigger: HTMLElement | null): void {
    void this.forwarder.use((forwarder) => {
      const shown = view();
      return shown && forwarder.open(shown, item, trigger);
    });
  }

  /** Closes both windows and forgets a failed or pending open (the dialog shown changed). */
  reset(): void {
    this.lightbox.reset();
    this.forwarder.reset();
  }

  /** The windows once loaded, and the busy line or the failure of the one being opened. */
  render(view: AttachmentView, text: OnDemandText): TemplateResult {
    const parts = [this.lightbox, this.forwarder];
    return html`${parts.map((p) => p.value?.render(view) ?? nothing)}${parts.map((p) => p.renderState(text))}`;
  }
}
