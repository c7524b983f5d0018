/**
 * Registers `<chat-alerts>` (N1) and exports its class; importing it also brings the
 * `HTMLElementTagNameMap` and `dialog-select` event declarations into scope.
 */
import { ChatAlerts } from '../../components/message-alerts/message-alerts.js';
import { defineElement } from '../../components/define-element.js';

export { ChatAlerts, type AlertsPosition } from '../../components/message-alerts/message-alerts.js';
export type { DialogSelectDetail } from '../../components/dialog-list/dialog-list.js';

defineElement('chat-alerts', ChatAlerts);
