/**
 * Registers `<tag-filter>` and exports its class and event detail; importing it also brings the
 * `HTMLElementTagNameMap` and event-map declarations into scope.
 */
import { TagFilter } from '../../components/tag-filter/tag-filter.js';
import { defineElement } from '../../components/define-element.js';

export { TagFilter, type TagFilterChangeDetail } from '../../components/tag-filter/tag-filter.js';

defineElement('tag-filter', TagFilter);
