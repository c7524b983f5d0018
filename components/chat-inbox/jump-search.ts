/**
 * The content of "Go to a dialog" (Mod+K in `<chat-inbox>`, the window itself in jump-dialog.ts):
 * a search field and the dialogs whose client or title matches, as a WAI-ARIA combobox with a
 * listbox popup; Enter chooses. Loaded on demand (its own chunk, with its styles) when the window
 * is first opened.
 */
import { css, html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ChatClient } from '../../sdk/client.js';
import type { Dialog, DialogPage, Id, ReadState } from '../../sdk/model.js';
import { foldText } from '../../sdk/rules/text.js';
import { isUnread, unreadCount } from '../../sdk/rules/unread.js';
import { icons } from '../icons.js';
import { LatestCall } from '../internal/latest-call.js';
import type { InboxKey } from './chat-inbox.messages.js';

/** Results shown at most. */
const MAX_RESULTS = 8;

/** One line of the results. */
export interface JumpResult {
  id: Id;
  name: string;
  channel: string;
  unread: number;
  markedUnread: boolean;
  closed: boolean;
}

/**
 * The dialogs matching `query` (client name, dialog title, channel), best first: the first `limit`
 * and how many match. The working set the client holds answers at once; `server`, the server's
 * answer for the same text (every dialog the operator sees, messages included: L6), adds the
 * dialogs the list has not loaded, and its total counts them all.
 */
export function findDialogs(client: ChatClient, query: string, limit = MAX_RESULTS, server?: DialogPage): { results: JumpResult[]; total: number } {
  const q = foldText(query.trim());
  const clients = client.$clients.get();
  const channels = client.$channelsById.get();
  const reads = client.$readStates.get();
  const serverClients = new Map((server?.clients ?? []).map((c) => [c.id, c]));
  const serverReads = new Map((server?.readStates ?? []).map((r) => [r.dialogId, r]));
  const scored: Array<{ d: Dialog; name: string; rank: number; read: ReadState | undefined }> = [];
  const seen = new Set<Id>();
  const consider = (d: Dialog, fromServer: boolean) => {
    if (seen.has(d.id)) return;
    const name = (d.clientId ? (clients.get(d.clientId) ?? serverClients.get(d.clientId))?.name : undefined) || d.title;
    let rank = 0;
    if (q) {
      const n = foldText(name);
      const words = n.split(/\s+/);
      if (n.startsWith(q)) rank = 0;
      else if (words.some((w) => w.startsWith(q))) rank = 1;
      else if (n.includes(q) || foldText(d.title).includes(q)) rank = 2;
      else if (foldText(channels.get(d.channelId)?.name ?? '').includes(q)) rank = 3;
      // The server matched it on a message's text.
      else if (fromServer) rank = 4;
      else return;
    }
    seen.add(d.id);
    scored.push({ d, name, rank, read: reads.get(d.id) ?? serverReads.get(d.id) });
  };
  for (const d of client.$dialogs.get().values()) consider(d, false);
  for (const d of server?.dialogs ?? []) consider(client.$dialogs.get().get(d.id) ?? d, true);
  scored.sort((a, b) => a.rank - b.rank || b.d.lastActivityAt - a.d.lastActivityAt);
  const results = scored.slice(0, limit).map(({ d, name, read }) => {
    return {
      id: d.id,
      name,
      channel: channels.get(d.channelId)?.name ?? '',
      unread: unreadCount(d, read),
      markedUnread: isUnread(d, read) && unreadCount(d, read) === 0,
      closed: d.status === 'closed',
    };
  });
  return { results, total: Math.max(scored.length, server?.counts.total ?? 0) };
}

/** Wait after the last keystroke before asking the server. */
const SERVER_DELAY_MS = 150;

type Host = ReactiveControllerHost & { readonly client?: ChatClient | undefined };

/** The search of one opening of the window: its text, the option chosen, the server's answer. */
export class JumpSearch {
  query = '';
  active = 0;
  private stopped = false;
  /** The server's answer for `server.query` (the latest asked that came back). */
  private server: { query: string; page: DialogPage } | null = null;
  private serverTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly asked = new LatestCall();

  /** `choose`: a dialog was chosen (Enter, a click). */
  constructor(
    private readonly host: Host,
    private readonly choose: (id: Id) => void,
  ) {}

  /** The window closed: no more answers. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.serverTimer);
    this.asked.cancel();
  }

  /** Asks the server for the dialogs matching the current text, a moment after the last keystroke. */
  private askServer(): void {
    clearTimeout(this.serverTimer);
    const client = this.host.client;
    const query = this.query.trim();
    if (!client || !query) return;
    this.serverTimer = setTimeout(() => {
      // Offline or refused (no `failed`): the loaded dialogs still answer.
      this.asked.run(
        () => client.findDialogs(query, MAX_RESULTS),
        (page) => {
          if (this.stopped) return;
          this.server = { query, page };
          this.host.requestUpdate();
        },
      );
    }, SERVER_DELAY_MS);
  }

  private onKeydown(e: KeyboardEvent, results: readonly JumpResult[]): void {
    if (e.isComposing) return;
    const n = results.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (n) this.active = (this.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      this.host.requestUpdate();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const r = results[this.active];
      if (r) this.choose(r.id);
    }
  }

  /** The search field, the results, their count and the hint. */
  render(client: ChatClient, t: (key: InboxKey, params?: Record<string, string | number>) => string): TemplateResult {
    const q = this.query.trim();
    const { results, total } = findDialogs(client, this.query, MAX_RESULTS, this.server && this.server.query === q ? this.server.page : undefined);
    if (this.active >= results.length) this.active = Math.max(0, results.length - 1);
    const count = !q
      ? t('jump.recent', { count: results.length })
      : total === 0
        ? t('jump.none', { query: q })
        : total > results.length
          ? t('jump.more', { count: total, shown: results.length })
          : t('jump.count', { count: total });
    const activeId = results[this.active] ? `jump-opt-${this.active}` : undefined;
    return html`<div class="jump-field search-field">
        ${icons.search}
        <input
          class="jump-input"
          type="text"
          role="combobox"
          aria-label=${t('jump.label')}
          aria-autocomplete="list"
          aria-expanded="true"
          aria-controls="jump-results"
          aria-activedescendant=${activeId ?? nothing}
          autocomplete="off"
          spellcheck="false"
          placeholder=${t('jump.placeholder')}
          .value=${live(this.query)}
          @input=${(e: Event) => {
            this.query = (e.target as HTMLInputElement).value;
            this.active = 0;
            this.askServer();
            this.host.requestUpdate();
          }}
          @keydown=${(e: KeyboardEvent) => this.onKeydown(e, results)}
        />
      </div>
      <ul id="jump-results" class="jump-results" role="listbox" aria-label=${t('jump.results')}>
        ${results.map(
          (r, i) => html`<li
            id=${`jump-opt-${i}`}
            role="option"
            class="jump-option"
            aria-selected=${i === this.active ? 'true' : 'false'}
            data-id=${r.id}
            @click=${() => this.choose(r.id)}
            @pointermove=${() => {
              if (this.active !== i) {
                this.active = i;
                this.host.requestUpdate();
              }
            }}
          >
            <span class="jump-name" dir="auto">${r.name}</span>
            ${
              r.unread > 0
                ? html`<span class="unread-count"><span aria-hidden="true">${r.unread}</span><span class="visually-hidden">${t('jump.unread', { count: r.unread })}</span></span>`
                : r.markedUnread
                  ? html`<span class="unread-dot"><span class="visually-hidden">${t('jump.unread', { count: 1 })}</span></span>`
                  : nothing
            }
            <span class="jump-meta">${r.channel}${r.closed ? html` · ${t('jump.closed')}` : nothing}</span>
          </li>`,
        )}
      </ul>
      <p class="jump-count" role="status">${count}</p>
      <p class="jump-hint" id="jump-hint">${t('jump.hint')}</p>`;
  }
}

/** Styles of the window's content (the frame's are the inbox's own). */
export const jumpSearchStyles = css`
  .jump-field {
    gap: 8px;
    margin: 0 16px;
    padding-inline: 10px;
  }
  .jump-input {
    block-size: 40px;
  }
  .jump-results {
    list-style: none;
    margin: 8px 0 0;
    padding: 0 8px;
    max-block-size: min(50vh, 420px);
    overflow-y: auto;
  }
  .jump-option {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 0 8px;
    padding: 8px 10px;
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .jump-option[aria-selected='true'] {
    background: var(--_color-surface-selected);
    box-shadow: inset 3px 0 0 var(--_color-accent);
  }
  .jump-name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }
  .jump-meta {
    grid-column: 1 / -1;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .jump-option .unread-count,
  .jump-option .unread-dot {
    align-self: center;
  }

  @media (forced-colors: active) {
    .jump-option[aria-selected='true'] {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
    .jump-option[aria-selected='true'] .jump-meta {
      color: HighlightText;
    }
  }
`;
