/** The unread badge of a dialog (L1): a count, or a dot for "marked as unread" (H3). */
import { css } from 'lit';

/** Styles of `.unread-count` and `.unread-dot`, forced colours included. */
export const unreadBadgeStyles = css`
  .unread-count {
    flex: none;
    min-inline-size: 18px;
    block-size: 18px;
    padding-inline: 5px;
    border-radius: 9px;
    background: var(--_color-badge);
    color: var(--_color-badge-text);
    font-size: 11px;
    font-weight: 700;
    line-height: 18px;
    text-align: center;
  }
  .unread-dot {
    flex: none;
    inline-size: 10px;
    block-size: 10px;
    border-radius: 50%;
    background: var(--_color-badge);
  }
  /* Forced colours: still a badge, apart from the name next to it. */
  @media (forced-colors: active) {
    .unread-count,
    .unread-dot {
      forced-color-adjust: none;
      background: Mark;
      color: MarkText;
      outline: 1px solid CanvasText;
    }
  }
`;
