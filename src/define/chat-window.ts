/** Registers `<chat-window>`. */
import { ChatWindow } from '../../components/chat-window/chat-window.js';
import { defineElement } from '../../components/define-element.js';

defineElement('chat-window', ChatWindow);
