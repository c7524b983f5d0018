// React 19 renders custom elements natively: props the element has are set as properties
// (`value` below), others as attributes (`page-size`), and `on<event>` props listen to the DOM
// event of that name. chatdesk/react-jsx types all of it.
import { useState } from 'react';
import 'chatdesk/define';
import type {} from 'chatdesk/react-jsx';
import type { TagFilterValue } from 'chatdesk';
// Only so this app's full type check (skipLibCheck: false) also covers the wrappers' declarations.
import type {} from 'chatdesk/react';

export function App({ endpoint, token }: { endpoint: string; token: string }) {
  const [filter, setFilter] = useState<TagFilterValue>({ mode: 'list', tags: ['tag-vip'], pinned: false });
  const [selected, setSelected] = useState('');
  const [sent, setSent] = useState('');
  return (
    <>
      <chat-provider endpoint={endpoint} token={token} locale="en">
        <main className="inbox">
          <tag-filter locale="es" page-size={3} value={filter} ontag-filter-change={(e) => setFilter(e.detail.value)} />
          <dialog-list ondialog-select={(e) => setSelected(e.detail.dialogId)} />
          <chat-window onmessage-send={(e) => setSent(`${e.detail.dialogId}:${e.detail.messageId}`)} />
          <client-widget dialog-id="dlg-0002">
            <div slot="widget:crm-notes" data-title="CRM notes">
              Rendered by React 19
            </div>
          </client-widget>
        </main>
      </chat-provider>
      <dl className="state">
        <dt>selected</dt>
        <dd>
          <output id="selected">{selected}</output>
        </dd>
        <dt>sent</dt>
        <dd>
          <output id="sent">{sent}</output>
        </dd>
        <dt>tags</dt>
        <dd>
          <output id="tags">{filter.tags.join(',')}</output>
        </dd>
      </dl>
    </>
  );
}
