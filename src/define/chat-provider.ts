/** Registers `<chat-provider>`. */
import { ChatProvider } from '../../components/chat-provider/chat-provider.js';
import { defineElement } from '../../components/define-element.js';

defineElement('chat-provider', ChatProvider);
