/**
 * Registers `<dialog-list>` and `<tag-filter>`, which its filter panel embeds, and exports their
 * classes and event details; importing it also brings the `HTMLElementTagNameMap` and event-map
 * declarations into scope.
 */
import { DialogList } from '../../components/dialog-list/dialog-list.js';
import { defineElement } from '../../components/define-element.js';

export * from './tag-filter.js';
export {
  DialogList,
  type DialogSelectDetail,
  type DialogSelectionChangeDetail,
  type DialogsDeleteDetail,
} from '../../components/dialog-list/dialog-list.js';

defineElement('dialog-list', DialogList);
