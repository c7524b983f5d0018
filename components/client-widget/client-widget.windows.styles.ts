/** Styles of `<client-widget>`: the layout settings and the detach confirmation (in their on-demand chunk, client-widget.windows.ts). Colours only through tokens (`--_*` aliases of `--chatdesk-*`). */
import { css } from 'lit';

export const clientWidgetStylesWindows = css`
  /* ------------------------------------------------------------ settings (W1) */
  .settings {
    padding: var(--client-widget-padding);
    border-radius: var(--client-widget-radius);
    border: 1px solid var(--_color-accent);
    background: var(--client-widget-section-background);
    display: grid;
    gap: 8px;
  }
  .settings-title {
    font-weight: 600;
  }
  .settings-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 2px;
  }
  .settings-row {
    display: flex;
    align-items: center;
    gap: 2px;
    padding: 2px 4px;
    border-radius: var(--client-widget-radius);
  }
  .settings-row:hover {
    background: var(--_color-surface-hover);
  }
  .settings-label {
    flex: 1;
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 4px 8px;
    min-inline-size: 0;
    cursor: pointer;
  }
  .settings-label input {
    margin: 0;
    inline-size: 16px;
    block-size: 16px;
    accent-color: var(--_color-accent);
  }
  .settings-actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    flex-wrap: wrap;
  }

  /* ------------------------------------------------------------ detach confirmation (H5) */
  dialog.confirm {
    inline-size: min(420px, calc(100vw - 32px));
  }
  .dialog-title {
    margin: 0 0 8px;
    font-size: calc(var(--_font-size) * 1.2);
  }
  .dialog-channel {
    display: flex;
    align-items: center;
    gap: 8px;
    margin-block: 8px;
    font-weight: 600;
  }
  dialog .error {
    margin-block: 8px;
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    margin-block-start: 16px;
  }

`;
