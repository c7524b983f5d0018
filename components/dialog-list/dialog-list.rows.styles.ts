/** Styles of `<dialog-list>`: the list and its rows. Colours only through tokens (`--_*` aliases of `--chatdesk-*`). */
import { css } from 'lit';

export const stylesRows = css`
  /* ------------------------------------------------------------ list */
  .body {
    position: relative;
    flex: 1 1 0;
    min-block-size: 0;
    display: flex;
    flex-direction: column;
  }
  .viewport {
    flex: 1 1 0;
    min-block-size: 0;
    overflow-x: hidden;
    overflow-y: auto;
    overscroll-behavior: contain;
    contain: strict;
  }
  .canvas {
    position: relative;
    inline-size: 100%;
  }
  .canvas:focus {
    outline: none;
  }
  .row {
    position: absolute;
    inset-block-start: 0;
    inset-inline: 0;
    block-size: var(--dialog-list-row-height);
    display: flex;
    gap: 10px;
    padding: 8px 10px 8px 8px;
    border-block-end: 1px solid var(--_color-border);
    background: var(--_color-bg);
    cursor: pointer;
    overflow: hidden;
    contain: strict;
    outline-offset: -2px;
  }
  /* A row past the screen in the frame of a new answer: its content is rendered in the next frame. */
  .row.later {
    content-visibility: hidden;
  }
  .row:hover {
    background: var(--_row-bg-hover);
  }
  /* A row whose page is on its way: the scrollbar already counts it. */
  .row.placeholder {
    cursor: default;
  }
  .row.placeholder::before,
  .row.placeholder::after {
    content: '';
    border-radius: 6px;
    background: var(--_color-border);
  }
  .row.placeholder::before {
    flex: none;
    inline-size: 40px;
    block-size: 40px;
    border-radius: 50%;
  }
  .row.placeholder::after {
    flex: 1;
    margin-block: 4px 12px;
  }
  .row.active {
    background: var(--_row-bg-active);
  }
  /* The open dialog's bar: a box of its own (not a shadow) so forced colours keep it. */
  .row.active::before {
    content: '';
    position: absolute;
    inset-block: 0;
    inset-inline-start: 0;
    inline-size: 3px;
    background: var(--_color-accent);
  }
  .row.selected {
    background: var(--_color-surface-selected);
  }
  .avatar {
    position: relative;
    flex: none;
    inline-size: var(--dialog-list-avatar-size);
    block-size: var(--dialog-list-avatar-size);
    border-radius: 50%;
    cursor: pointer;
  }
  .picture {
    display: flex;
    align-items: center;
    justify-content: center;
    inline-size: 100%;
    block-size: 100%;
    border-radius: 50%;
    object-fit: cover;
    background: var(--_color-surface-selected);
    color: var(--_color-accent);
    font-weight: 600;
    font-size: 15px;
    user-select: none;
  }
  .check {
    position: absolute;
    inset: 0;
    display: none;
    align-items: center;
    justify-content: center;
    border-radius: 50%;
    border: 2px solid var(--_color-text-muted);
    background: var(--_color-bg);
    color: transparent;
  }
  .check .icon {
    inline-size: 20px;
    block-size: 20px;
  }
  /* D1: hovering the avatar, focusing the row, or any selection turns avatars into checkboxes. */
  .avatar:hover .check,
  .row:focus-visible .check,
  :host([selecting]) .check,
  .row.selected .check {
    display: flex;
  }
  .row.selected .check {
    background: var(--_color-accent);
    border-color: var(--_color-accent);
    color: var(--_color-accent-text);
  }
  .body-col,
  .row > .body {
    flex: 1;
    min-inline-size: 0;
    display: flex;
    flex-direction: column;
    justify-content: space-between;
  }
  .line {
    display: flex;
    align-items: center;
    gap: 6px;
    min-inline-size: 0;
    block-size: 18px;
    line-height: 18px;
    white-space: nowrap;
    overflow: hidden;
  }
  .name {
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    font-weight: 500;
  }
  .row.unread .name {
    font-weight: 700;
  }
  /* At the line's end (an auto margin, not a spacer box), at least a gap past the name and count. */
  .time,
  .wait {
    flex: none;
    margin-inline-start: auto;
    padding-inline-start: 6px;
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
    display: inline-flex;
    align-items: center;
    gap: 3px;
  }
  .wait .icon {
    inline-size: 14px;
    block-size: 14px;
  }
  .wait.overdue {
    color: var(--_overdue);
    font-weight: 700;
  }
  .tags {
    gap: 4px;
  }
  .tag {
    flex: none;
    max-inline-size: 110px;
    overflow: hidden;
    text-overflow: ellipsis;
    padding: 0 6px;
    border-radius: 4px;
    font-size: 11px;
    line-height: 16px;
    block-size: 16px;
    font-weight: 600;
  }
  .tag.more {
    background: var(--_color-surface);
    color: var(--_color-text-muted);
    border: 1px solid var(--_color-border);
  }
  .preview {
    color: var(--_color-text-muted);
    font-size: 13px;
    gap: 4px;
  }
  .row.unread .preview {
    color: var(--_color-text);
  }
  .preview-text {
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .preview.event .preview-text {
    font-style: italic;
  }
  .preview.hit mark {
    background: var(--_color-warning-bg);
    color: inherit;
    border-radius: 2px;
    font-weight: 600;
  }
  .author {
    flex: none;
    max-inline-size: 40%;
    overflow: hidden;
    text-overflow: ellipsis;
    color: var(--_color-text);
  }
  .draft-label {
    flex: none;
    color: var(--_color-danger);
    font-weight: 600;
  }
  .clip {
    display: inline-flex;
    flex: none;
  }
  .clip .icon {
    inline-size: 13px;
    block-size: 13px;
  }
  .meta {
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
    gap: 4px;
  }
  .channel {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    min-inline-size: 0;
    flex: 0 1 auto;
    overflow: hidden;
  }
  .channel .icon {
    inline-size: 16px;
    block-size: 16px;
    color: var(--_color-accent);
  }
  .channel-name,
  .assignee {
    overflow: hidden;
    text-overflow: ellipsis;
    min-inline-size: 0;
  }
  .assignee {
    flex: 0 1 auto;
  }
  .assignee.none {
    font-style: italic;
  }
  .bot-mark {
    padding: 0 4px;
    border-radius: 3px;
    border: 1px solid var(--_color-border);
    font-size: 10px;
  }
  .status-closed {
    flex: none;
    margin-inline-start: auto;
    padding: 0 6px;
    border-radius: 4px;
    background: var(--_color-surface);
    border: 1px solid var(--_color-border);
    font-size: 11px;
    line-height: 16px;
  }

  .new-items {
    position: absolute;
    z-index: 3;
    inset-block-start: 8px;
    inset-inline-start: 50%;
    transform: translateX(-50%);
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 4px 12px 4px 8px;
    border: 0;
    border-radius: 999px;
    background: var(--_color-accent);
    color: var(--_color-accent-text);
    box-shadow: 0 4px 12px var(--_color-shadow);
    font-weight: 600;
    cursor: pointer;
  }
  .new-items .icon {
    inline-size: 16px;
    block-size: 16px;
  }
`;
