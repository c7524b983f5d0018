/**
 * The tags section of `<client-widget>` (L5, T6) as a reactive controller: the client's tags in
 * their colours with pin and remove, adding one from the list, and focus kept in place after
 * each change (on the next tag's remove button, or the add field).
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { ChatClient } from '../../sdk/client.js';
import type { Client, ClientTag, Id, Tag } from '../../sdk/model.js';
import type { Locale } from '../i18n.js';
import { icons } from '../icons.js';
import { tagChipClass } from '../tag-chip.js';
import type { ClientTagsChangeDetail } from './client-widget.js';
import type { ClientWidgetKey } from './client-widget.messages.js';

/** What the tags section needs from the widget besides its host API. */
export interface ClientTagsDeps {
  t(key: ClientWidgetKey, params?: Record<string, string | number>): string;
  errorText(error: unknown): string;
  /** Says something through the widget's live region. */
  say(text: string): void;
  /** A change was saved: `client-tags-change`. */
  changed(detail: ClientTagsChangeDetail): void;
}

type Host = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment; readonly client?: ChatClient | undefined; readonly currentLocale: Locale };

export class ClientTags implements ReactiveController {
  private busyValue = false;
  private errorValue = '';
  private pickValue = '';
  /** Where focus goes after the next render: a tag's remove button, or (null) the add field. */
  private focusAfter: { tagId: Id | null } | null = null;

  constructor(
    private readonly host: Host,
    private readonly deps: ClientTagsDeps,
  ) {
    host.addController(this);
  }

  private get busy(): boolean {
    return this.busyValue;
  }
  private set busy(v: boolean) {
    this.busyValue = v;
    this.host.requestUpdate();
  }
  private get error(): string {
    return this.errorValue;
  }
  private set error(v: string) {
    this.errorValue = v;
    this.host.requestUpdate();
  }
  private get pick(): string {
    return this.pickValue;
  }
  private set pick(v: string) {
    this.pickValue = v;
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    if (!this.focusAfter) return;
    const { tagId } = this.focusAfter;
    this.focusAfter = null;
    const root = this.host.renderRoot;
    const target = tagId
      ? [...root.querySelectorAll<HTMLElement>('.tag')].find((el) => el.dataset['tag'] === tagId)?.querySelector<HTMLButtonElement>('button.remove')
      : root.querySelector<HTMLSelectElement>('select.add-select');
    target?.focus();
  }

  private async changeTags(customer: Client, action: ClientTagsChangeDetail['action'], tag: Tag): Promise<void> {
    const client = this.host.client;
    if (!client || this.busy) return;
    const current = customer.tags;
    let next: ClientTag[];
    switch (action) {
      case 'add':
        if (current.some((t) => t.tagId === tag.id)) return;
        next = [...current, { tagId: tag.id, pinned: false }];
        break;
      case 'remove':
        next = current.filter((t) => t.tagId !== tag.id);
        break;
      case 'pin':
      case 'unpin':
        next = current.map((t) => (t.tagId === tag.id ? { ...t, pinned: action === 'pin' } : t));
        break;
    }
    if (action === 'remove') {
      const i = current.findIndex((t) => t.tagId === tag.id);
      const after = current[i + 1] ?? current[i - 1];
      this.focusAfter = { tagId: after?.tagId ?? null };
    }
    this.busy = true;
    this.error = '';
    try {
      const saved = await client.setClientTags(customer.id, next);
      const done: Record<typeof action, ClientWidgetKey> = { add: 'tags.added', remove: 'tags.removed', pin: 'tags.pinnedDone', unpin: 'tags.unpinnedDone' };
      this.deps.say(this.deps.t(done[action], { name: tag.name }));
      this.deps.changed({ clientId: customer.id, tags: saved.tags, action, tagId: tag.id });
      if (action === 'add') this.pick = '';
    } catch (e) {
      // The SDK rolled the optimistic change back; say why.
      this.error = this.deps.t('tags.failed', { reason: this.deps.errorText(e) });
    } finally {
      this.busy = false;
    }
  }

  private onAddTag(e: Event, customer: Client, tagsById: ReadonlyMap<Id, Tag>): void {
    e.preventDefault();
    const tag = tagsById.get(this.pick);
    if (!tag) {
      this.error = this.deps.t('tags.pick');
      this.host.renderRoot.querySelector<HTMLSelectElement>('select.add-select')?.focus();
      return;
    }
    this.focusAfter = { tagId: null };
    void this.changeTags(customer, 'add', tag);
  }

  /** The section's body: the client's tags with pin and remove, and the form adding one. */
  render(tagsById: ReadonlyMap<Id, Tag>, all: readonly Tag[], customer: Client): TemplateResult {
    const onClient = customer.tags.map((ct) => ({ ct, tag: tagsById.get(ct.tagId) })).filter((x): x is { ct: ClientTag; tag: Tag } => !!x.tag);
    const addable = all.filter((t) => !customer.tags.some((ct) => ct.tagId === t.id)).sort((a, b) => a.name.localeCompare(b.name, this.host.currentLocale));
    return html`${
      onClient.length
        ? html`<ul class="tags" part="tags" aria-label=${this.deps.t('tags.list', { name: customer.name })}>
            ${repeat(
              onClient,
              (x) => x.tag.id,
              ({ ct, tag }) => html`<li class="tag" data-tag=${tag.id} ?data-pinned=${ct.pinned}>
                <span class="chip ${tagChipClass(tag.color)}" part="tag" style=${styleMap({ '--tag-color': tagChipClass(tag.color) === 'no-color' ? null : tag.color.trim() })}
                  >${ct.pinned ? icons.pin : nothing}<span class="chip-name" dir="auto">${tag.name}</span
                  >${ct.pinned ? html`<span class="visually-hidden">, ${this.deps.t('tags.pinned')}</span>` : nothing}</span
                >
                <button
                  type="button"
                  class="icon-button small pin"
                  aria-pressed=${ct.pinned ? 'true' : 'false'}
                  aria-label=${this.deps.t('tags.pin', { name: tag.name })}
                  title=${this.deps.t('tags.pin', { name: tag.name })}
                  aria-disabled=${this.busy ? 'true' : 'false'}
                  @click=${() => void this.changeTags(customer, ct.pinned ? 'unpin' : 'pin', tag)}
                >
                  ${icons.pin}
                </button>
                <button
                  type="button"
                  class="icon-button small remove"
                  aria-label=${this.deps.t('tags.remove', { name: tag.name })}
                  title=${this.deps.t('tags.remove', { name: tag.name })}
                  aria-disabled=${this.busy ? 'true' : 'false'}
                  @click=${() => void this.changeTags(customer, 'remove', tag)}
                >
                  ${icons.x}
                </button>
              </li>`,
            )}
          </ul>`
        : html`<p class="muted empty-line" data-empty="tags">${this.deps.t('tags.none')}</p>`
    }
      ${
        addable.length
          ? html`<form class="add-tag" @submit=${(e: Event) => this.onAddTag(e, customer, tagsById)}>
            <label class="visually-hidden" for="add-tag-select">${this.deps.t('tags.addLabel')}</label>
            <select
              id="add-tag-select"
              class="add-select"
              .value=${this.pick}
              @change=${(e: Event) => {
                this.pick = (e.target as HTMLSelectElement).value;
                this.error = '';
                this.host.requestUpdate();
              }}
            >
              <option value="" ?selected=${this.pick === ''}>${this.deps.t('tags.choose')}</option>
              ${addable.map((t) => html`<option value=${t.id} ?selected=${this.pick === t.id}>${t.name}</option>`)}
            </select>
            <button type="submit" class="button add-button" aria-disabled=${this.busy ? 'true' : 'false'}>${this.deps.t('tags.add')}</button>
          </form>`
          : html`<p class="muted small">${this.deps.t('tags.allAdded')}</p>`
      }
      <p class="muted small hint">${this.deps.t('tags.hint')}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}`;
  }
}
