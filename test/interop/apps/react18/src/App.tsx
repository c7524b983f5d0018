// React 18 does not set properties on custom elements: the @lit/react wrappers from
// chatdesk/react do (`value`, `pageSize`), and turn events into camelCase props
// (`onTagFilterChange`). Importing a wrapper registers its tag.
import { useState } from 'react';
import type { TagFilterValue } from 'chatdesk';
import { ChatProvider, ChatWindow, ClientWidget, DialogList, TagFilter } from 'chatdesk/react';

export function App({ endpoint, token }: { endpoint: string; token: string }) {
  const [filter, setFilter] = useState<TagFilterValue>({ mode: 'list', tags: ['tag-vip'], pinned: false });
  const [selected, setSelected] = useState('');
  const [sent, setSent] = useState('');
  return (
    <>
      <ChatProvider endpoint={endpoint} token={token} locale="en">
        <main className="inbox">
          <TagFilter locale="es" page-size={3} value={filter} onTagFilterChange={(e) => setFilter(e.detail.value)} />
          <DialogList onDialogSelect={(e) => setSelected(e.detail.dialogId)} />
          <ChatWindow onMessageSend={(e) => setSent(`${e.detail.dialogId}:${e.detail.messageId}`)} />
          <ClientWidget dialogId="dlg-0002">
            <div slot="widget:crm-notes" data-title="CRM notes">
              Rendered by React 18
            </div>
          </ClientWidget>
        </main>
      </ChatProvider>
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
