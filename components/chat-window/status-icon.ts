/**
 * S1-S6: the delivery status of an outgoing message as an icon with a text alternative:
 * clock (queued), one check (sent / delivered), two checks (read, only where the channel
 * reports reads), red cross (failed).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Channel, MessageStatus } from '../../sdk/model.js';
import { displayStatus } from '../../sdk/rules/status.js';
import { icons } from '../icons.js';
import type { ChatView } from './view.js';

/** The status as shown: S6 turns `read` into `delivered` where the channel does not report reads. */
export function shownStatus(status: MessageStatus, channel: Channel | undefined): MessageStatus {
  return displayStatus(status, channel);
}

/** The localized name of a status (the icon's text alternative). */
export function statusLabel(view: Pick<ChatView, 'tc'>, status: MessageStatus): string {
  return view.tc(`status.${status.state}`);
}

/** The localized sentence for a failure reason (S5). */
export function failureText(view: Pick<ChatView, 'tc'>, status: MessageStatus): string {
  return status.state === 'failed' ? view.tc(`reason.${status.reason}`) : '';
}

/** Renders the status icon of an outgoing message (nothing for messages without a status). */
export function renderStatusIcon(view: Pick<ChatView, 'tc' | 'channel'>, status: MessageStatus | undefined): TemplateResult | typeof nothing {
  if (!status) return nothing;
  const shown = shownStatus(status, view.channel);
  const label = statusLabel(view, shown);
  const icon = shown.state === 'queued' ? icons.clock : shown.state === 'read' ? icons.checks : shown.state === 'failed' ? icons.cross : icons.check;
  return html`<span class="status status-${shown.state}" part="status status-${shown.state}" role="img" aria-label=${label} title=${label} data-status=${shown.state}
    >${icon}</span
  >`;
}
