/** Registers `<tag-filter>`. */
import { TagFilter } from '../../components/tag-filter/tag-filter.js';
import { defineElement } from '../../components/define-element.js';

defineElement('tag-filter', TagFilter);
