/** Registers `<chat-alerts>` (N1). */
import { ChatAlerts } from '../../components/message-alerts/message-alerts.js';
import { defineElement } from '../../components/define-element.js';

defineElement('chat-alerts', ChatAlerts);
