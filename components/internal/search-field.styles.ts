/** A search field: an icon and a borderless input in one framed box (the list's search, "Go to a dialog"). */
import { css } from 'lit';

/** Styles of `.search-field` (a wrapper) and its `input`. */
export const searchFieldStyles = css`
  .search-field {
    display: flex;
    align-items: center;
    gap: 6px;
    padding-inline: 8px;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    color: var(--_color-text-muted);
  }
  .search-field:focus-within {
    border-color: var(--_color-focus);
    outline: 2px solid var(--_color-focus);
    outline-offset: -1px;
  }
  .search-field input {
    flex: 1;
    min-inline-size: 0;
    border: 0;
    background: transparent;
    color: var(--_color-text);
    font: inherit;
    outline: none;
  }
  .search-field input::placeholder {
    color: var(--_color-text-muted);
  }
`;
