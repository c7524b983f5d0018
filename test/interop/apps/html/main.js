// @ts-check
// Plain HTML: properties, attributes and events with the DOM's own API, typed through the
// package's declarations (tsc --checkJs, see tsconfig.json).
import { createChatClient, createHttpTransport } from 'chatdesk/browser';

/** @typedef {import('chatdesk/browser').TagFilterValue} TagFilterValue */

const params = new URLSearchParams(location.search);
const provider = /** @type {HTMLElementTagNameMap['chat-provider']} */ (document.getElementById('provider'));
const filter = /** @type {HTMLElementTagNameMap['tag-filter']} */ (document.getElementById('filter'));
const list = /** @type {HTMLElementTagNameMap['dialog-list']} */ (document.getElementById('list'));
const chat = /** @type {HTMLElementTagNameMap['chat-window']} */ (document.getElementById('window'));

const output = (/** @type {string} */ id, /** @type {string} */ text) => {
  const el = document.getElementById(id);
  if (el) el.textContent = text;
};

// A client made here (the provider could also build one from `endpoint` and `token` attributes).
provider.client = createChatClient({
  transport: createHttpTransport({ endpoint: params.get('endpoint') ?? '', token: params.get('token') ?? '' }),
});

// A rich property: an object, set as a property.
/** @type {TagFilterValue} */
let value = { mode: 'list', tags: ['tag-vip'], pinned: false };
filter.value = value;
output('tags', value.tags.join(','));

// Events: typed `detail` through GlobalEventHandlersEventMap.
filter.addEventListener('tag-filter-change', (e) => {
  value = e.detail.value;
  filter.value = value;
  output('tags', value.tags.join(','));
});
list.addEventListener('dialog-select', (e) => output('selected', e.detail.dialogId));
chat.addEventListener('message-send', (e) => output('sent', `${e.detail.dialogId}:${e.detail.messageId}`));
