/**
 * Inline icons (our own SVG, never user content). Decorative: `aria-hidden`; the button that
 * holds an icon carries the accessible name.
 */
import { svg, type SVGTemplateResult } from 'lit';

const icon = (body: SVGTemplateResult, viewBox = '0 0 24 24') =>
  svg`<svg class="icon" viewBox=${viewBox} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;

/** A cross: "Close" and a failed message. */
const x = icon(svg`<path d="M18 6 6 18M6 6 18 18"/>`);

/** The icon set (lines, polylines and polygons written as one path each: fewer bytes, the same drawing). */
export const icons = {
  /** H1 Reassign: round arrow. */
  reassign: icon(svg`<path d="M21 12a9 9 0 1 1-3-6.7M21 3 21 9 15 9"/>`),
  /** H2 Close dialog. */
  closeDialog: icon(svg`<path d="M20 6 9 17l-5-5"/>`),
  /** H2 Reopen. */
  reopen: icon(svg`<path d="M3 12a9 9 0 1 0 3-6.7M3 3 3 9 9 9"/>`),
  /** H3 Mark as unread. */
  unread: icon(svg`<path d="M4 4h16v12H5.2L4 17.2z"/><circle cx="18" cy="6" r="3" fill="currentColor"/>`),
  /** H4 Block client. */
  block: icon(svg`<circle cx="12" cy="12" r="9"/><path d="M5.6 5.6 18.4 18.4"/>`),
  /** H5 Detach client. */
  detach: icon(svg`<path d="M9 15l-2 2a3 3 0 0 1-4-4l2-2M15 9l2-2a3 3 0 0 1 4 4l-2 2M4 4 20 20"/>`),
  /** H6 Show attachments. */
  attachments: icon(svg`<rect x="3" y="4" width="18" height="16" rx="2"/><circle cx="9" cy="10" r="2"/><path d="m21 16-5-5-9 9"/>`),
  /** M1 Quote: round arrow back. */
  quote: icon(svg`<path d="M9 14 4 9 9 4M20 20v-7a4 4 0 0 0-4-4H4"/>`),
  /** M1 Create quick reply: lightning. */
  lightning: icon(svg`<path d="M13 2 3 14 12 14 11 22 21 10 12 10 13 2z"/>`),
  /** P1 Attach files: paperclip. */
  paperclip: icon(svg`<path d="m21.4 11-8.5 8.5a5 5 0 0 1-7.1-7.1l8.5-8.5a3.5 3.5 0 0 1 5 5L10.8 17.4a2 2 0 0 1-2.8-2.8l7.8-7.8"/>`),
  /** Send. */
  send: icon(svg`<path d="M22 2 11 13M22 2 15 22l-4-9-9-4z"/>`),
  /** S2 queued. */
  clock: icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 7 12 12 15 14"/>`),
  /** S3 delivered. */
  check: icon(svg`<path d="M20 6 9 17 4 12"/>`),
  /** S4 read. */
  checks: icon(svg`<polyline points="17 6 7 17 2 12"/><polyline points="22 6 12 17 10.5 15.3"/>`),
  /** S5 failed (the same cross as `x`). */
  cross: x,
  /** F1 filter. */
  filter: icon(svg`<path d="M22 3 2 3 10 12.5 10 19 14 21 14 12.5 22 3z"/>`),
  /** Search. */
  search: icon(svg`<circle cx="11" cy="11" r="7"/><path d="M21 21 16.6 16.6"/>`),
  /** Close a window. */
  x,
  /** Download / save. */
  download: icon(svg`<path d="M21 15v4a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-4M7 10 12 15 17 10M12 15 12 3"/>`),
  /** Forward. */
  forward: icon(svg`<path d="M15 14 20 9 15 4M4 20v-7a4 4 0 0 1 4-4h12"/>`),
  /** File. */
  file: icon(svg`<path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zM14 2 14 8 20 8"/>`),
  /** Settings. */
  settings: icon(
    svg`<circle cx="12" cy="12" r="3"/><path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z"/>`,
  ),
  /** Up / down (reorder). */
  up: icon(svg`<path d="M18 15 12 9 6 15"/>`),
  down: icon(svg`<path d="M6 9 12 15 18 9"/>`),
  /** Previous / next. */
  prev: icon(svg`<path d="M15 18 9 12 15 6"/>`),
  next: icon(svg`<path d="M9 18 15 12 9 6"/>`),
  /** Pin. */
  pin: icon(svg`<path d="M12 17v5M9 10.8V4h6v6.8l3 3.2v2H6v-2z"/>`),
  /** Bell (alerts). */
  bell: icon(svg`<path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0"/>`),
  /** Warning. */
  warning: icon(svg`<path d="M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0zM12 9 12 13M12 17 12.01 17"/>`),
  /** Zoom. */
  zoomIn: icon(svg`<circle cx="11" cy="11" r="7"/><path d="M21 21 16.6 16.6M11 8 11 14M8 11 14 11"/>`),
  zoomOut: icon(svg`<circle cx="11" cy="11" r="7"/><path d="M21 21 16.6 16.6M8 11 14 11"/>`),
} as const;
