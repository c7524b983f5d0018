/** `<chat-window>`: narrow windows, touch screens and forced colours (last: they override the parts). Colours only through the `--_*` aliases of the `--chatdesk-*` tokens. */
import { css } from 'lit';

/** `<chat-window>`: narrow windows, touch screens and forced colours (last: they override the parts). */
export const responsiveStyles = css`
  /* Narrow windows (a phone, a side panel of an order card): actions under the title, wider bubbles. */
  @container (max-width: 520px) {
    .header {
      grid-template-columns: minmax(0, 1fr);
    }
    .actions {
      justify-content: flex-start;
      margin-block-start: 6px;
      margin-inline-start: -6px;
    }
    .message {
      max-inline-size: max(var(--chat-window-bubble-max-width), 86%);
    }
    .feed-scroller {
      padding-inline: 8px;
    }
    /*
     * No room beside the bubble: the message's actions float over its top edge, anchored on the
     * side that faces the open space (start for incoming, end for outgoing), so however short the
     * bubble they never reach past the feed.
     */
    .message-actions,
    .message.out .message-actions {
      inset-block-start: -10px;
      inset-inline-start: 0;
      inset-inline-end: auto;
      z-index: 1;
      box-shadow: 0 2px 6px var(--_color-shadow);
    }
    .message.out .message-actions {
      inset-inline-start: auto;
      inset-inline-end: 0;
    }
  }
  /* Touch screens without hover, narrow: the actions stay in the flow under the bubble. */
  @media (hover: none) {
    @container (max-width: 520px) {
      .message-actions,
      .message.out .message-actions {
        position: static;
        margin-block-start: 2px;
        box-shadow: none;
      }
    }
  }

  /* Forced colours (Windows high contrast): backgrounds and shadows are gone; borders carry the shapes. */
  @media (forced-colors: active) {
    .bubble,
    .event,
    .composer-quote,
    .upload {
      border: 1px solid CanvasText;
    }
    .message.out .bubble {
      border-inline-end-width: 4px;
    }
    .message.highlighted .bubble,
    .message.failed .bubble {
      outline: 2px solid Highlight;
    }
    .badge,
    .new-marker {
      border-color: CanvasText;
    }
    .actions .icon-button[aria-disabled='true'] {
      color: GrayText;
    }
    .status-failed,
    .failure,
    .error,
    .over-limit {
      color: CanvasText;
    }
    .drop-overlay span {
      border-color: Highlight;
    }
  }
`;
