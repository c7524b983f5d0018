/**
 * Registers `<attachment-viewer>` (H6) and exports its class and event details; importing it
 * also brings the `HTMLElementTagNameMap` and event-map declarations into scope.
 */
import { AttachmentViewer } from '../../components/attachment-viewer/attachment-viewer.js';
import { defineElement } from '../../components/define-element.js';

export {
  AttachmentViewer,
  type AttachmentForwardDetail,
  type AttachmentSaveDetail,
  type AttachmentTab,
  type AttachmentViewerCloseDetail,
} from '../../components/attachment-viewer/attachment-viewer.js';

defineElement('attachment-viewer', AttachmentViewer);
