/**
 * W1: where an operator's client-block layout is kept (the default store over web storage).
 * Hand-written rather than @nanostores/persistent (measured: 677 B against 1,081 B min+gzip for
 * the same store, and the library's storage engine is global while this store takes its own).
 */
import { expect, waitUntil } from '@open-wc/testing';
import { createLocalWidgetSettingsStore, LAYOUT_KEY_PREFIX, type WidgetLayout } from './widget-settings.js';

const A: WidgetLayout = {
  sections: [
    { id: 'tags', visible: true },
    { id: 'profile', visible: false },
  ],
};
const B: WidgetLayout = { sections: [{ id: 'orders', visible: true }] };

/** A web storage of our own (what a host passes as `storage`). */
function memory(): Storage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

afterEach(() => {
  for (const k of Object.keys(localStorage)) if (k.startsWith(LAYOUT_KEY_PREFIX) || k.startsWith('test.')) localStorage.removeItem(k);
});

describe('createLocalWidgetSettingsStore', () => {
  it('W1: keeps one layout per operator, as JSON under the prefix', async () => {
    const store = createLocalWidgetSettingsStore();
    expect(await store.load('op-1')).to.equal(null);
    await store.save('op-1', A);
    await store.save('op-2', B);
    expect(await store.load('op-1')).to.deep.equal(A);
    expect(await store.load('op-2')).to.deep.equal(B);
    expect(JSON.parse(localStorage.getItem(`${LAYOUT_KEY_PREFIX}op-1`)!)).to.deep.equal(A);
  });

  it('W1: a malformed stored value counts as none (the defaults apply)', async () => {
    const store = createLocalWidgetSettingsStore();
    for (const raw of ['{"sections": "no"}', 'not json', '{"sections":[{"id":"","visible":true}]}', 'null']) {
      localStorage.setItem(`${LAYOUT_KEY_PREFIX}op-1`, raw);
      expect(await store.load('op-1'), raw).to.equal(null);
    }
  });

  it('W1: every element using the store hears a save at once; unsubscribing stops it', async () => {
    const store = createLocalWidgetSettingsStore();
    const heard: WidgetLayout[] = [];
    const stop = store.subscribe!('op-1', (l) => heard.push(l));
    const other: WidgetLayout[] = [];
    store.subscribe!('op-2', (l) => other.push(l));
    await store.save('op-1', A);
    stop();
    await store.save('op-1', B);
    expect(heard).to.deep.equal([A]);
    expect(other).to.deep.equal([]);
  });

  it('W1: a save in another tab (the storage event) reaches the subscribers; malformed ones do not', async () => {
    const store = createLocalWidgetSettingsStore({ prefix: 'test.layout.' });
    const heard: WidgetLayout[] = [];
    const stop = store.subscribe!('op-1', (l) => heard.push(l));
    const fire = (key: string, value: string) => window.dispatchEvent(new StorageEvent('storage', { key, newValue: value, storageArea: localStorage }));
    fire('test.layout.op-1', JSON.stringify(B));
    fire('test.layout.op-1', '{broken');
    fire('other.key', JSON.stringify(A));
    await waitUntil(() => heard.length === 1);
    expect(heard).to.deep.equal([B]);
    stop();
    fire('test.layout.op-1', JSON.stringify(A));
    expect(heard).to.deep.equal([B]);
  });

  it("W1: takes a storage of the host's (and keeps nothing in localStorage then)", async () => {
    const storage = memory();
    const store = createLocalWidgetSettingsStore({ storage, prefix: 'crm.' });
    await store.save('op-1', A);
    expect(storage.map.get('crm.op-1')).to.equal(JSON.stringify(A));
    expect(await store.load('op-1')).to.deep.equal(A);
    expect(Object.keys(localStorage).filter((k) => k.startsWith('crm.'))).to.deep.equal([]);
  });
});
