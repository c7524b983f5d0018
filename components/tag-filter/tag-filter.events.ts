/** `<tag-filter>`'s event detail and its entry in `GlobalEventHandlersEventMap`. */
import type { TagFilterValue } from '../../sdk/rules/tags.js';

/** Detail of `tag-filter-change`. */
export interface TagFilterChangeDetail {
  /** The new tag part of the `DialogQuery` (normalized: the modes exclude each other). */
  value: TagFilterValue;
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** `<tag-filter>`: the user changed the tag filter (T2-T8). */
    'tag-filter-change': CustomEvent<TagFilterChangeDetail>;
  }
}
