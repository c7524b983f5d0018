/**
 * Issue 14, N1: the fan-out of one instance among several (`server/fanout.ts`) over an events table
 * held in memory: what other instances committed is read (one query for every operator behind),
 * what this instance committed goes out from its payloads, and each operator's listeners get every
 * event once, in `seq` order, whatever order notifications and payloads come in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Id } from '../../sdk/model.js';
import type { ChatEvent } from '../../sdk/protocol.js';
import type { EventRange } from '../../server/db/sql-events.js';
import type { SqlStorage } from '../../server/db/sql-storage.js';
import { ClusterBus } from '../../server/fanout.js';
import { until } from '../support/clients.js';

/** An event of an operator's stream (the payload names it, to tell copies apart). */
const event = (seq: number, note = ''): ChatEvent => ({ type: 'operator.presence', seq, operatorId: `op-x${note}`, online: true }) as unknown as ChatEvent;

/** The events table of the database, and the reads the bus made of it. */
class Table {
  rows = new Map<Id, ChatEvent[]>();
  reads: EventRange[][] = [];
  /** Reads that fail from now (the database is unreachable). */
  failNext = 0;
  /** Stalls reads until {@link release} (a slow database). */
  private gate: Promise<void> | null = null;
  private open: () => void = () => undefined;

  add(operatorId: Id, ...seqs: number[]): void {
    const list = this.rows.get(operatorId) ?? [];
    for (const seq of seqs) list.push(event(seq));
    this.rows.set(operatorId, list);
  }
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.gate = null;
    this.open();
  }
  storage(): SqlStorage {
    const eventsIn = async (ranges: readonly EventRange[]) => {
      this.reads.push([...ranges]);
      await this.gate;
      if (this.failNext > 0) {
        this.failNext--;
        throw new Error('connection lost');
      }
      const out = new Map<Id, ChatEvent[]>();
      for (const r of ranges)
        out.set(
          r.operatorId,
          (this.rows.get(r.operatorId) ?? []).filter((e) => e.seq > r.after && e.seq <= r.upto).map((e) => structuredClone(e)),
        );
      return out;
    };
    return { eventsIn } as unknown as SqlStorage;
  }
}

/** A listener's view: the seqs it got, in order. */
function listen(bus: ClusterBus, operatorId: Id): number[] {
  const seqs: number[] = [];
  bus.subscribe(operatorId, (e) => seqs.push(e.seq));
  return seqs;
}

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);

describe('fan-out of one instance among several (issue 14, N1)', () => {
  it('a notification for many operators is read in one query; each gets its events once, in order', async () => {
    const table = new Table();
    const bus = new ClusterBus(table.storage());
    const ops = ['op-1', 'op-2', 'op-3', 'op-4'];
    const got = ops.map((op) => listen(bus, op));
    for (const op of ops) table.add(op, ...range(5));
    // Another instance committed five events for each: a notification names them all at once.
    for (const op of ops) bus.announce(op, 5);
    await until(() => got.every((g) => g.length === 5), 'every operator got its events');
    assert.deepEqual(
      got,
      ops.map(() => range(5)),
    );
    assert.equal(table.reads.length, 1);
    assert.deepEqual(
      table.reads[0]!.map((r) => [r.operatorId, r.after, r.upto]),
      ops.map((op) => [op, 0, 5]),
    );
    assert.equal(bus.fetches, 1);
    bus.close();
  });

  it('operators that fall behind during a read go in the next one; nothing twice', async () => {
    const table = new Table();
    const bus = new ClusterBus(table.storage());
    const a = listen(bus, 'op-a');
    const b = listen(bus, 'op-b');
    table.add('op-a', 1, 2);
    table.hold();
    bus.announce('op-a', 2);
    await until(() => table.reads.length === 1, 'the first read started');
    // Meanwhile: more for A, and B's first events.
    table.add('op-a', 3);
    table.add('op-b', 1, 2, 3);
    bus.announce('op-a', 3);
    bus.announce('op-b', 3);
    assert.equal(table.reads.length, 1, 'one read at a time');
    table.release();
    await until(() => a.length === 3 && b.length === 3, 'both caught up');
    assert.deepEqual([a, b], [range(3), range(3)]);
    assert.equal(table.reads.length, 2);
    assert.deepEqual(
      table.reads[1]!.map((r) => [r.operatorId, r.after, r.upto]),
      [
        ['op-a', 2, 3],
        ['op-b', 0, 3],
      ],
    );
    bus.close();
  });

  it('payloads committed here go out without a read; only a gap before them is read, then they follow in order', async () => {
    const table = new Table();
    const bus = new ClusterBus(table.storage());
    const got = listen(bus, 'op-a');
    // Committed here: 3 and 4, with their payloads (1 and 2 came from another instance).
    table.add('op-a', 1, 2, 3, 4);
    bus.publish([3, 4].map((seq) => ({ operatorId: 'op-a', event: event(seq, '-local') })));
    await until(() => got.length === 4, 'the gap was read and the stash followed');
    assert.deepEqual(got, range(4));
    assert.deepEqual(
      table.reads.map((rs) => rs.map((r) => [r.operatorId, r.after, r.upto])),
      [[['op-a', 0, 4]]],
    );
    // Then local payloads alone: no read at all.
    bus.publish([5, 6].map((seq) => ({ operatorId: 'op-a', event: event(seq, '-local') })));
    assert.deepEqual(got, range(6));
    assert.equal(table.reads.length, 1);
    bus.close();
  });

  it('a pruned hole is skipped, not spun on', async () => {
    const table = new Table();
    const bus = new ClusterBus(table.storage());
    const got = listen(bus, 'op-a');
    table.add('op-a', 1, 2, 5, 6);
    bus.announce('op-a', 6);
    await until(() => got.at(-1) === 6, 'the events after the hole arrived');
    assert.deepEqual(got, [1, 2, 5, 6]);
    bus.close();
  });

  it('a read that fails (the database restarts) is tried again; the events after it wait, then all go out in order', async () => {
    const table = new Table();
    const bus = new ClusterBus(table.storage());
    const got = listen(bus, 'op-a');
    table.add('op-a', 1, 2);
    bus.announce('op-a', 2);
    await until(() => got.length === 2, 'the first events arrived');
    // Unreachable for three reads; meanwhile this instance commits 5 (its payload is at hand).
    table.add('op-a', 3, 4);
    table.failNext = 3;
    const reads = table.reads.length;
    bus.announce('op-a', 4);
    await until(() => table.reads.length === reads + 1, 'the first read failed');
    table.add('op-a', 5);
    bus.publish([{ operatorId: 'op-a', event: event(5) }]);
    assert.deepEqual(got, [1, 2], 'nothing after the hole goes out before it');
    await until(() => got.length === 5, 'the read went through on its fourth try', 5000);
    assert.deepEqual(got, [1, 2, 3, 4, 5]);
    assert.equal(table.reads.length, reads + 4, 'three failed reads, then one that worked');
    bus.close();
  });

  it('a read that keeps failing is given up (after about 30 s by default): later events flow, and the client sees the jump', async () => {
    const table = new Table();
    const bus = new ClusterBus(table.storage(), { firstMs: 5, maxMs: 20, attempts: 20 });
    const got = listen(bus, 'op-a');
    table.add('op-a', 1, 2);
    table.failNext = Infinity;
    bus.announce('op-a', 2);
    await until(() => table.reads.length === 20, 'twenty reads tried');
    table.failNext = 0;
    table.add('op-a', 3);
    bus.publish([{ operatorId: 'op-a', event: event(3) }]);
    await until(() => got.length === 1, 'the next event went out');
    assert.deepEqual(got, [3]);
    bus.close();
  });

  it('an operator nobody listens to here costs no read', async () => {
    const table = new Table();
    const bus = new ClusterBus(table.storage());
    const got = listen(bus, 'op-a');
    table.add('op-a', 1);
    table.add('op-nobody', 1, 2);
    bus.announce('op-nobody', 2);
    bus.announce('op-a', 1);
    await until(() => got.length === 1, 'the listened operator got its event');
    assert.deepEqual(
      table.reads.map((rs) => rs.map((r) => r.operatorId)),
      [['op-a']],
    );
    bus.close();
  });
});
