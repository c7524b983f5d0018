// Angular binds `[value]` to the element's property, `page-size="3"` as an attribute, and
// `(tag-filter-change)` to the DOM event. CUSTOM_ELEMENTS_SCHEMA lets the chatdesk tags in; their
// bindings are not checked by Angular's template checker, and `$event` is a plain `Event`:
// `eventDetail(event, name)` gives its typed detail (docs/angular.md).
import { ChangeDetectionStrategy, Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import 'chatdesk/define';
import { eventDetail, type TagFilterValue } from 'chatdesk';

@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <chat-provider [endpoint]="endpoint" [token]="token" locale="en">
      <main class="inbox">
        <tag-filter locale="es" page-size="3" [value]="filter()" (tag-filter-change)="onFilter($event)"></tag-filter>
        <dialog-list (dialog-select)="onSelect($event)"></dialog-list>
        <chat-window (message-send)="onSend($event)"></chat-window>
        <client-widget dialog-id="dlg-0002">
          <div slot="widget:crm-notes" data-title="CRM notes">Rendered by Angular 21</div>
        </client-widget>
      </main>
    </chat-provider>
    <dl class="state">
      <dt>selected</dt>
      <dd><output id="selected">{{ selected() }}</output></dd>
      <dt>sent</dt>
      <dd><output id="sent">{{ sent() }}</output></dd>
      <dt>tags</dt>
      <dd><output id="tags">{{ filter().tags.join(',') }}</output></dd>
    </dl>
  `,
})
export class AppComponent {
  private readonly params = new URLSearchParams(location.search);
  readonly endpoint = this.params.get('endpoint') ?? '';
  readonly token = this.params.get('token') ?? '';
  readonly filter = signal<TagFilterValue>({ mode: 'list', tags: ['tag-vip'], pinned: false });
  readonly selected = signal('');
  readonly sent = signal('');

  onFilter(e: Event): void {
    this.filter.set(eventDetail(e, 'tag-filter-change').value);
  }
  onSelect(e: Event): void {
    this.selected.set(eventDetail(e, 'dialog-select').dialogId);
  }
  onSend(e: Event): void {
    const { dialogId, messageId } = eventDetail(e, 'message-send');
    this.sent.set(`${dialogId}:${messageId}`);
  }
}
