/**
 * The event log in SQL: numbering events per operator (gap-free, in commit order, announced to
 * the other servers on PostgreSQL), pruning, and reading them back.
 */
import type { Id } from '../../sdk/model.js';
import type { ChatEvent } from '../../sdk/protocol.js';
import type { UnnumberedEvent } from '../core/storage.js';
import { cloneData } from '../core/clone.js';
import { EVENTS_CHANNEL, CACHE_CHANNEL, NOTIFY_CHUNK, type SqlContext } from './sql-rows.js';

/** Numbers and stores one event for an operator. */
export async function appendEvent(c: SqlContext, operatorId: Id, event: UnnumberedEvent): Promise<ChatEvent> {
  // One statement: the head and the event move together, so the log never has a hole.
  const r = await c.q.query<{ seq: number }>(
    `WITH head AS (
       INSERT INTO event_heads AS h (operator_id, seq) VALUES ($1, 1)
       ON CONFLICT (operator_id) DO UPDATE SET seq = h.seq + 1 RETURNING seq
     )
     INSERT INTO events (operator_id, seq, type, payload, created_at) SELECT $1, seq, $2, $3::jsonb, $4 FROM head RETURNING seq`,
    [operatorId, event.type, JSON.stringify(event), c.now()],
  );
  const seq = r.rows[0]!.seq;
  // Prune now and then: every quarter of the limit (at most every 250 events).
  if (seq % Math.max(1, Math.min(250, Math.floor(c.eventLimit / 4))) === 0) {
    await c.q.query('DELETE FROM events WHERE operator_id = $1 AND seq <= $2', [operatorId, seq - c.eventLimit]);
  }
  return { ...cloneData(event), seq } as ChatEvent;
}

/**
 * Numbers a command's events in one statement. The sequence rule: each operator has a counter
 * row (`event_heads`); the statement raises the counters of the operators concerned, in
 * operator id order, and the row lock it takes is held until the commit. So a concurrent
 * command for the same operator, on this server or another, waits for this one to commit or
 * roll back before it takes the next number: numbers are gap-free (a rollback takes its numbers
 * back) and commit in increasing order; the fixed lock order means two commands never deadlock
 * on counters. On a PostgreSQL server the same statement announces the highest number per
 * operator with NOTIFY, delivered to the other servers when (and only if) the transaction
 * commits. It is the unit's last statement: the counters stay locked only for it and the COMMIT
 * (with group commit, not for the disk flush: see `pg-storage.ts`).
 */
export async function appendEvents(c: SqlContext, events: ReadonlyArray<{ operatorId: Id; event: UnnumberedEvent }>, options: { last?: boolean } = {}): Promise<ChatEvent[]> {
  if (events.length === 0) return [];
  const rows = events.map((e, i) => ({ i, operator_id: e.operatorId, type: e.event.type, payload: e.event }));
  const postgres = c.db.kind === 'postgres';
  // The unit's last statement commits with it where the driver can (one round trip while the
  // counters are held); it then also tells the other servers of cache changes.
  const commit = options.last && c.link && c.link.tx.queryAndCommit ? c.link : null;
  const announceCache = postgres && commit !== null && commit.onCommit.length > 0;
  // $1: an array of arrays of events, one per command (k, from 1): a transaction several commands
  // share numbers them all in this one statement, in command order (`pg-batch.ts`).
  const sql = `WITH ev AS (
       SELECT m.k, x.i, x.operator_id, x.type, x.payload
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS m(v, k), jsonb_to_recordset(m.v) AS x(i integer, operator_id text, type text, payload jsonb)
     ), counts AS (
       SELECT operator_id, count(*)::bigint AS n FROM ev GROUP BY operator_id
     ), heads AS (
       INSERT INTO event_heads AS h (operator_id, seq)
       SELECT operator_id, n FROM counts ORDER BY operator_id
       ON CONFLICT (operator_id) DO UPDATE SET seq = h.seq + excluded.seq
       RETURNING h.operator_id, h.seq
     ), numbered AS (
       SELECT ev.k, ev.i, ev.operator_id, ev.type, ev.payload,
              heads.seq - counts.n + row_number() OVER (PARTITION BY ev.operator_id ORDER BY ev.k, ev.i) AS seq
       FROM ev JOIN counts USING (operator_id) JOIN heads USING (operator_id)
     ), stored AS (
       INSERT INTO events (operator_id, seq, type, payload, created_at)
       SELECT operator_id, seq, type, payload, $2 FROM numbered
     ), pruned AS (
       -- Now and then (the head crosses a multiple of $5, a quarter of the kept window $6):
       -- the events beyond the window go. Found through the primary key, operator by operator
       -- (a join here was planned as a scan of the whole table, every operator's events, while
       -- the counters are locked), and deleted by row address.
       DELETE FROM events e WHERE e.ctid = ANY (ARRAY(
         SELECT old.ctid FROM heads JOIN counts USING (operator_id)
         CROSS JOIN LATERAL (SELECT x.ctid FROM events x WHERE x.operator_id = heads.operator_id AND x.seq <= heads.seq - $6::bigint OFFSET 0) old
         WHERE heads.seq / $5::bigint <> (heads.seq - counts.n) / $5::bigint
       ))
     ), notified AS (
       -- On a PostgreSQL server ($3 the channel): the new heads, [[operatorId, seq], …] in
       -- chunks of ${NOTIFY_CHUNK} operators (a payload stays under 8000 bytes), in this
       -- statement rather than a round trip more while the counters are locked; $4: the
       -- cache channel, when this transaction changed a small table.
       SELECT count(pg_notify($3::text, c.payload)) + (SELECT count(pg_notify($4::text, '')) WHERE $4::text IS NOT NULL) AS n FROM (
         SELECT json_agg(json_build_array(operator_id, seq) ORDER BY operator_id)::text AS payload
         FROM (SELECT operator_id, seq, (row_number() OVER (ORDER BY operator_id) - 1) / ${NOTIFY_CHUNK} AS chunk FROM heads) h
         GROUP BY chunk
       ) c WHERE $3::text IS NOT NULL
     )
     SELECT k, i, operator_id, seq FROM numbered, notified ORDER BY k, i`;
  const every = Math.max(1, Math.min(250, Math.floor(c.eventLimit / 4)));
  const params = [`[${JSON.stringify(rows)}]`, c.now(), postgres ? EVENTS_CHANNEL : null, announceCache ? CACHE_CHANNEL : null, every, c.eventLimit];
  let r: { rows: Array<{ i: number; operator_id: string; seq: number }> };
  if (commit) {
    r = await commit.tx.queryAndCommit!(sql, params);
    commit.cacheAnnounced = announceCache;
  } else r = await c.q.query(sql, params);
  const seqs = new Array<number>(events.length);
  for (const row of r.rows) seqs[row.i] = Number(row.seq);
  // The unit's events are its own copies (taken when emitted) and not used after this: no copy again.
  return events.map((e, i) => ({ ...e.event, seq: seqs[i]! }) as ChatEvent);
}

/**
 * An operator's events after `since`, or `null` when some are no longer kept (a gap). One
 * statement (one round trip, one view of the log): the head, the oldest kept number and the
 * events after `since`.
 */
export async function eventsSince(c: SqlContext, operatorId: Id, since: number): Promise<ChatEvent[] | null> {
  const prefix = durableClause(c);
  const r = await c.q.query<{ head: number; first: number | null; seq: number | null; payload: UnnumberedEvent | null }>(
    `${prefix} SELECT h.seq AS head, (SELECT min(seq) FROM events e WHERE e.operator_id = h.operator_id) AS first, ev.seq, ev.payload
     FROM event_heads h LEFT JOIN LATERAL (SELECT seq, payload FROM events WHERE operator_id = h.operator_id AND seq > $2 ORDER BY seq) ev ON true
     WHERE h.operator_id = $1 ORDER BY ev.seq`,
    [operatorId, since],
  );
  const h = r.rows[0];
  if (!h) return since === 0 ? [] : null;
  if (since > h.head) return null;
  const first = h.first ?? h.head + 1;
  if (since + 1 < first) return null;
  if (!prefix) await durable(c);
  return r.rows.flatMap((row) => (row.seq === null || !row.payload ? [] : [{ ...row.payload, seq: Number(row.seq) } as ChatEvent]));
}

/** Events of one operator to read: those numbered after `after`, up to `upto`. */
export interface EventRange {
  operatorId: Id;
  after: number;
  upto: number;
}

/**
 * The events in each range, by operator, in order, in one query (what another instance committed,
 * for the fan-out: `fanout.ts`). A range that finds nothing was pruned (or is not committed yet).
 */
export async function eventsIn(c: SqlContext, ranges: readonly EventRange[]): Promise<Map<Id, ChatEvent[]>> {
  const prefix = durableClause(c);
  const r = await c.q.query<{ operator_id: string; seq: number; payload: UnnumberedEvent }>(
    `${prefix} SELECT e.operator_id, e.seq, e.payload FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS w(operator_id, after, upto)
     JOIN events e ON e.operator_id = w.operator_id AND e.seq > w.after AND e.seq <= w.upto ORDER BY e.operator_id, e.seq`,
    [ranges.map((x) => x.operatorId), ranges.map((x) => x.after), ranges.map((x) => x.upto)],
  );
  if (!prefix) await durable(c);
  const out = new Map<Id, ChatEvent[]>();
  for (const row of r.rows) {
    let list = out.get(row.operator_id);
    if (!list) out.set(row.operator_id, (list = []));
    list.push({ ...row.payload, seq: Number(row.seq) } as ChatEvent);
  }
  return out;
}

/**
 * Outside a transaction, the `WITH` clause that makes a read durable in its own round trip where the
 * driver has one ({@link SqlDriver.durableReadPrefix}); `''` otherwise (then {@link durable} after it).
 */
function durableClause(c: SqlContext): string {
  return c.link ? '' : (c.db.durableReadPrefix ?? '');
}

/**
 * Outside a transaction, waits until what was read is on disk (see {@link SqlDriver.durable}):
 * a head or an event handed to a client is never one a crash of the database takes back.
 */
export async function durable(c: SqlContext): Promise<void> {
  if (!c.link) await c.db.durable?.();
}
