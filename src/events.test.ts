import { expect } from '@open-wc/testing';
import '../src/define.js';
import { eventDetail } from './events.js';

describe('eventDetail', () => {
  it('gives the typed detail of a chatdesk event received as a plain Event', () => {
    const e: Event = new CustomEvent('tag-filter-change', { detail: { value: { mode: 'all', tags: [], pinned: false } } });
    expect(eventDetail(e, 'tag-filter-change').value.mode).to.equal('all');
  });

  it('refuses an event of another name, or one that is not a CustomEvent', () => {
    expect(() => eventDetail(new CustomEvent('dialog-select', { detail: { dialogId: 'd' } }), 'tag-filter-change')).to.throw(TypeError, /tag-filter-change/);
    expect(() => eventDetail(new Event('dialog-select'), 'dialog-select')).to.throw(TypeError, /CustomEvent/);
  });
});
