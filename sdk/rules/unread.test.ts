import { expect } from '@open-wc/testing';
import type { ReadState } from '../model.js';
import { countUnreadDialogs, isUnread, shouldMarkRead, unreadCount } from './unread.js';
import { dialog } from './test-fixtures.js';

const read = (dialogId: string, readClientCount: number, markedUnread = false): ReadState => ({ dialogId, readClientCount, markedUnread });

describe('rules/unread (L1, N2, H3)', () => {
  const table: Array<[name: string, clientMessages: number, state: ReadState | undefined, count: number, unread: boolean]> = [
    ['nothing read yet', 3, undefined, 3, true],
    ['part read', 5, read('d', 2), 3, true],
    ['all read', 4, read('d', 4), 0, false],
    ['read position ahead (a message was removed) never goes negative', 2, read('d', 5), 0, false],
    ['H3: marked unread with nothing new', 4, read('d', 4, true), 0, true],
    ['no client message at all', 0, undefined, 0, false],
  ];
  for (const [name, n, state, count, unread] of table) {
    it(`L1/H3: ${name}: ${count} unread, ${unread ? 'unread' : 'read'}`, () => {
      const d = dialog('d', { clientMessageCount: n });
      expect(unreadCount(d, state)).to.equal(count);
      expect(isUnread(d, state)).to.equal(unread);
    });
  }

  it('N2: counts dialogs, not messages, including those marked unread (H3)', () => {
    const dialogs = [
      dialog('a', { clientMessageCount: 5 }), // 5 unread
      dialog('b', { clientMessageCount: 2 }), // read
      dialog('c', { clientMessageCount: 2 }), // read but marked unread
      dialog('d', { clientMessageCount: 0 }), // nothing
    ];
    const reads = { b: read('b', 2), c: read('c', 2, true) };
    expect(countUnreadDialogs(dialogs, reads)).to.equal(2);
  });

  it('N2 equals the number of rows whose L1 count is positive or that are marked unread', () => {
    const dialogs = Array.from({ length: 50 }, (_, i) => dialog(`d${i}`, { clientMessageCount: i % 7 }));
    const reads: Record<string, ReadState> = {};
    for (const [i, d] of dialogs.entries()) if (i % 3 === 0) reads[d.id] = read(d.id, i % 5, i % 4 === 0);
    const rows = dialogs.filter((d) => unreadCount(d, reads[d.id]) > 0 || reads[d.id]?.markedUnread);
    expect(countUnreadDialogs(dialogs, reads)).to.equal(rows.length);
  });

  it("L1/H3: the mark-read policy: seeing a dialog marks it read when something is unread, never over the operator's own unread mark", () => {
    expect(shouldMarkRead(dialog('d', { clientMessageCount: 3 }), undefined)).to.equal(true);
    expect(shouldMarkRead(dialog('d', { clientMessageCount: 3 }), read('d', 1))).to.equal(true);
    expect(shouldMarkRead(dialog('d', { clientMessageCount: 3 }), read('d', 3))).to.equal(false);
    expect(shouldMarkRead(dialog('d', { clientMessageCount: 3 }), read('d', 3, true))).to.equal(false);
    expect(shouldMarkRead(dialog('d', { clientMessageCount: 5 }), read('d', 3, true))).to.equal(false);
  });
});
