/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { cloneData } from './clone.js';

describe('cloneData (the copies a storage hands out and keeps)', () => {
  const dialog = () => ({
    id: 'd1',
    assignee: { kind: 'operator', id: 'op-1' },
    lastMessage: { id: 'm1', text: 'Hola', status: { state: 'sent' }, attachments: [{ id: 'a1', name: 'x.png' }] },
    waitingSince: null,
    title: undefined,
    lastN: 3,
  });

  it('copies objects and arrays deeply: changing the copy leaves the original as it was', () => {
    const d = dialog();
    const c = cloneData(d);
    expect(c).to.deep.equal(d);
    expect(Object.keys(c)).to.deep.equal(Object.keys(d));
    c.assignee.id = 'op-2';
    c.lastMessage.attachments[0]!.name = 'y.png';
    c.lastMessage.attachments.push({ id: 'a2', name: 'z' });
    expect(d).to.deep.equal(dialog());
  });

  it('copies Maps and Sets with their values, and other objects as structuredClone does', () => {
    const reads = new Map([['op-1', { readClientCount: 2 }]]);
    const copy = cloneData({ reads, left: new Set(['d1']), at: new Date(5), bytes: new Uint8Array([1, 2]) });
    copy.reads.get('op-1')!.readClientCount = 9;
    copy.left.add('d2');
    expect(reads.get('op-1')!.readClientCount).to.equal(2);
    expect(copy.at).to.be.instanceOf(Date);
    expect(copy.at.getTime()).to.equal(5);
    expect([...copy.bytes]).to.deep.equal([1, 2]);
  });

  it('without `seen`, an object reached twice is two copies; with it, one shared copy (as in events that share a dialog)', () => {
    const shared = { id: 'd1' };
    const events = [{ dialog: shared }, { dialog: shared }];
    const apart = cloneData(events);
    expect(apart[0]!.dialog).to.not.equal(apart[1]!.dialog);
    const together = cloneData(events, new Map());
    expect(together[0]!.dialog).to.equal(together[1]!.dialog);
    expect(together[0]!.dialog).to.not.equal(shared);
    expect(together[0]!.dialog).to.deep.equal(shared);
  });
});
