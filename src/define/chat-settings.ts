/**
 * Registers `<chat-settings>` (F2) and exports its class; importing it also brings the
 * `HTMLElementTagNameMap` declaration into scope.
 */
import { ChatSettingsPanel } from '../../components/chat-settings/chat-settings.js';
import { defineElement } from '../../components/define-element.js';

export { ChatSettingsPanel } from '../../components/chat-settings/chat-settings.js';

defineElement('chat-settings', ChatSettingsPanel);
