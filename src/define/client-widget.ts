/**
 * Registers `<client-widget>` and exports its class and event details; importing it also brings
 * the `HTMLElementTagNameMap` and event-map declarations into scope.
 */
import { ClientWidget } from '../../components/client-widget/client-widget.js';
import { defineElement } from '../../components/define-element.js';

export {
  ClientWidget,
  type ClientDetachDetail,
  type ClientTagsChangeDetail,
  type ClientWidgetContent,
  type ClientWidgetDefinition,
  type ClientWidgetMode,
  type ClientWidgetRenderContext,
  type OrderProvider,
  type SectionId,
  type WidgetLayout,
  type WidgetLayoutEntry,
  type WidgetSettingsStore,
} from '../../components/client-widget/client-widget.js';

defineElement('client-widget', ClientWidget);
