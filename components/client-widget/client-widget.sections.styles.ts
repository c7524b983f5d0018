/** Styles of `<client-widget>`: the sections. Colours only through tokens (`--_*` aliases of `--chatdesk-*`). */
import { css } from 'lit';

export const clientWidgetStylesSections = css`
  /* ------------------------------------------------------------ sections */
  .sections {
    display: flex;
    flex-direction: column;
    gap: var(--client-widget-gap);
  }
  .section {
    padding: var(--client-widget-padding);
    border-radius: var(--client-widget-radius);
    border: 1px solid var(--_color-border);
    background: var(--client-widget-section-background);
    min-inline-size: 0;
  }
  .section-heading {
    margin-block-end: 8px;
    font-size: var(--_font-size-small);
    font-weight: 700;
    letter-spacing: 0.02em;
    color: var(--_color-text-muted);
  }
  .section-heading .count {
    font-weight: 400;
  }
  .section-body {
    display: flex;
    flex-direction: column;
    gap: 8px;
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }
  .label {
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }

  /* Profile */
  .profile {
    display: flex;
    align-items: center;
    gap: 12px;
  }
  .avatar {
    flex: none;
    inline-size: var(--client-widget-avatar-size);
    block-size: var(--client-widget-avatar-size);
    border-radius: 50%;
    object-fit: cover;
    background: var(--_color-surface-selected);
  }
  .initials {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    color: var(--_color-text);
    font-weight: 600;
    font-size: calc(var(--client-widget-avatar-size) * 0.36);
  }
  .who {
    display: grid;
    gap: 4px;
    min-inline-size: 0;
  }
  .name {
    font-size: calc(var(--_font-size) * 1.15);
    font-weight: 600;
  }
  .blocked {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    justify-self: start;
    padding: 0 8px;
    border-radius: 999px;
    border: 1px solid var(--_color-danger);
    background: var(--_color-danger-bg);
    color: var(--_color-danger);
    font-size: var(--_font-size-small);
    font-weight: 600;
    line-height: 20px;
  }
  .blocked .icon {
    inline-size: 14px;
    block-size: 14px;
  }
  .contacts {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: fit-content(50%) minmax(0, 1fr);
    gap: 6px 12px;
  }
  .contact {
    grid-column: 1 / -1;
    display: grid;
    grid-template-columns: subgrid;
    align-items: center;
  }
  .channel {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    color: var(--_color-text-muted);
  }
  .channel .icon {
    inline-size: 16px;
    block-size: 16px;
  }
  .handle {
    font-weight: 500;
  }

  /* Facts (source, analytics) */
  .facts {
    margin: 0;
    display: grid;
    grid-template-columns: fit-content(45%) minmax(0, 1fr);
    gap: 4px 12px;
  }
  .fact {
    display: contents;
  }
  dt {
    color: var(--_color-text-muted);
    /* Labels wrap between words only: the column grows to the longest word. */
    overflow-wrap: normal;
  }
  dd {
    margin: 0;
    min-inline-size: 0;
  }
  .facts .channel {
    color: var(--_color-text);
  }
  .url {
    color: var(--_color-link);
    overflow-wrap: anywhere;
  }
  span.url {
    color: inherit;
  }

  /* Orders */
  .orders {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 8px;
  }
  .order {
    display: grid;
    gap: 4px;
    padding: 8px;
    border-radius: var(--client-widget-radius);
    background: var(--_color-surface);
  }
  .order-head,
  .order-meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 4px 8px;
  }
  .order-number {
    font-weight: 600;
  }
  .order-meta {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .total {
    color: var(--_color-text);
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    font-size: var(--_font-size);
  }
  .status {
    padding: 0 8px;
    border-radius: 999px;
    border: 1px solid var(--_color-border);
    background: var(--_color-bg);
    font-size: var(--_font-size-small);
    line-height: 18px;
  }
  .status[data-status='complete'] {
    color: var(--_color-success);
    border-color: currentColor;
  }
  .status[data-status='cancelled'] {
    color: var(--_color-danger);
    border-color: currentColor;
  }
  .by-bot {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    color: var(--_color-accent);
    font-size: var(--_font-size-small);
    font-weight: 600;
  }
  .by-bot .icon {
    inline-size: 14px;
    block-size: 14px;
  }
  .order-source {
    padding: 6px 8px;
    border-inline-start: 3px solid var(--_color-accent);
    background: var(--_color-bg);
    border-radius: 4px;
    font-size: var(--_font-size-small);
  }
  .error-box {
    display: grid;
    justify-items: start;
    gap: 8px;
    padding: 8px;
    border-radius: var(--client-widget-radius);
    background: var(--_color-danger-bg);
    color: var(--_color-danger);
  }
  .error-box .button {
    color: var(--_color-text);
  }

  /* Tags (L5, T6) */
  .tags {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .tag {
    display: inline-flex;
    align-items: center;
    gap: 0;
    max-inline-size: 100%;
    border-radius: var(--client-widget-radius);
    border: 1px solid var(--_color-border);
    background: var(--_color-bg);
    padding-inline-end: 2px;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    min-inline-size: 0;
    padding: 2px 8px;
    margin: 2px;
    border-radius: calc(var(--client-widget-radius) - 2px);
    background: var(--tag-color);
    color: var(--_color-tag-text-dark);
    font-size: var(--_font-size-small);
    font-weight: 600;
    line-height: 18px;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .chip .icon {
    inline-size: 12px;
    block-size: 12px;
  }
  .chip-name {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .icon-button.small {
    inline-size: 26px;
    block-size: 26px;
  }
  .icon-button.small .icon {
    inline-size: 14px;
    block-size: 14px;
  }
  .icon-button[aria-disabled='true'] {
    opacity: 0.45;
    cursor: progress;
  }
  .add-tag {
    display: flex;
    gap: 6px;
    flex-wrap: wrap;
  }
  .add-select {
    flex: 1 1 140px;
    min-inline-size: 0;
    padding: 5px 8px;
    border: 1px solid var(--_color-border);
    border-radius: var(--client-widget-radius);
    background: var(--_color-bg);
    color: var(--_color-text);
    font: inherit;
  }

  /* A narrow block (a CRM sidebar): labels above their values. */
  @container (max-width: 260px) {
    .facts,
    .contacts {
      grid-template-columns: minmax(0, 1fr);
      row-gap: 0;
    }
    dd,
    .contact {
      margin-block-end: 6px;
    }
  }

  .title:focus-visible,
  .section-heading:focus-visible,
  .notice:focus-visible {
    outline-offset: 2px;
  }
  /* Forced colours: a pinned tag's button keeps its pressed look (colour alone is flattened). */
  @media (forced-colors: active) {
    .icon-button[aria-pressed='true'] {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
    .icon-button[aria-disabled='true'] {
      color: GrayText;
    }
    .chip {
      border: 1px solid CanvasText;
    }
  }
`;
