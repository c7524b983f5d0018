/**
 * What `<client-widget>` shows only after a user asks for it, in one chunk loaded on first use
 * (with its styles): the layout settings panel (W1) and the "Detach client" confirmation (W2, H5).
 * A page that never opens either does not pay for them.
 */
import { adoptChunkStyles } from '../internal/on-demand.js';
import { clientWidgetStylesWindows } from './client-widget.windows.styles.js';
import { DetachConfirm, type DetachConfirmDeps } from './detach-confirm.js';
import type { Host, LayoutSettings } from './layout-settings.js';
import { SettingsPanel } from './settings-panel.js';

/** The settings panel over `settings`, its styles added to the element's. */
export function settingsPanel(host: Host, settings: LayoutSettings): SettingsPanel {
  adoptChunkStyles(host, clientWidgetStylesWindows);
  return new SettingsPanel(host, settings);
}

/** The detach confirmation, its styles added to the element's. */
export function detachConfirm(host: Host, deps: DetachConfirmDeps): DetachConfirm {
  adoptChunkStyles(host, clientWidgetStylesWindows);
  return new DetachConfirm(host, deps);
}
