/** Registers `<dialog-list>` and `<tag-filter>`, which its filter panel embeds. */
import { DialogList } from '../../components/dialog-list/dialog-list.js';
import { defineElement } from '../../components/define-element.js';
import './tag-filter.js';

defineElement('dialog-list', DialogList);
