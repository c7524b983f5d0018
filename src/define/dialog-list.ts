/**
 * Registers `<dialog-list>` and exports its class and event details; importing it also brings the
 * `HTMLElementTagNameMap` and event-map declarations into scope (of `<tag-filter>` too). The
 * `<tag-filter>` its filter panel embeds is registered the first time the panel opens (a separate
 * chunk, `chatdesk/define/tag-filter`), unless the page registered it already.
 */
import { DialogList } from '../../components/dialog-list/dialog-list.js';
import { loadTagFilterWith } from '../../components/dialog-list/filter-panel.js';
import { defineElement } from '../../components/define-element.js';

export type { TagFilter, TagFilterChangeDetail } from './tag-filter.js';
export { DialogList, type DialogSelectDetail, type DialogSelectionChangeDetail, type DialogsDeleteDetail } from '../../components/dialog-list/dialog-list.js';

loadTagFilterWith(() => import('./tag-filter.js'));
defineElement('dialog-list', DialogList);
