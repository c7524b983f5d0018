/** Registers `<client-widget>`. */
import { ClientWidget } from '../../components/client-widget/client-widget.js';
import { defineElement } from '../../components/define-element.js';

defineElement('client-widget', ClientWidget);
