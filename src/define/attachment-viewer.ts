/** Registers `<attachment-viewer>`. */
import { AttachmentViewer } from '../../components/attachment-viewer/attachment-viewer.js';
import { defineElement } from '../../components/define-element.js';

defineElement('attachment-viewer', AttachmentViewer);
