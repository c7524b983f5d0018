/**
 * The protocol conformance suite: checks that a backend behaves as `docs/protocol.md` says, over
 * plain HTTP and WebSocket, knowing nothing of its data beyond what `GET /bootstrap` answers.
 * Run it with `npm run conformance -- --endpoint URL --token T` against a test instance (it
 * sends messages), or through `conformance.node.test.ts` against the reference server.
 */
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import * as v from 'valibot';
import WebSocket from 'ws';
import type { ClientSummary, Dialog, DialogPage, ListRow, Message, ReadState, Snapshot } from '../../sdk/model.js';
import { ERROR_STATUS, type ChatEvent } from '../../sdk/protocol.js';
import { ChatEventSchema, ResultSchemas } from '../../sdk/schema.js';
import { compareKeys, matchesQuery, normalizeQuery, sortKey, withoutTags, type DialogQuery } from '../../sdk/rules/query.js';
import { tagCounts } from '../../sdk/rules/tags.js';
import { isUnread } from '../../sdk/rules/unread.js';

/** What a check gets. */
export interface ConformanceContext {
  /** API base, e.g. `http://localhost:8080/api/v1`. */
  endpoint: string;
  /** Bearer token of an operator. */
  token: string;
  /** Skip the checks that write (send messages, mark read, upload). */
  readOnly?: boolean;
  /** Milliseconds to wait for a pushed event. */
  eventTimeoutMs?: number;
}

/** One check of the suite. */
export interface ConformanceCheck {
  /** Short id, e.g. `auth.missing-token`. */
  id: string;
  /** What the protocol requires. */
  title: string;
  /** Whether it writes to the backend. */
  writes?: boolean;
  run(ctx: ConformanceContext, state: SuiteState): Promise<void>;
}

/** What earlier checks learnt, for later ones. */
export interface SuiteState {
  snapshot?: Snapshot;
  /** A query with a small answer (at most {@link SMALL} rows), found by counts alone. */
  small?: { query: DialogQuery; total: number };
  /** A dialog the operator may write in (open, assigned to them or to nobody, client not blocked). */
  writable?: Dialog;
  sent?: Message;
}

/** An answer: status, headers and parsed JSON (or the raw text when it is not JSON). */
interface Answer {
  status: number;
  headers: Headers;
  json: unknown;
  text: string;
}

async function http(ctx: ConformanceContext, method: string, path: string, opts: { body?: unknown; raw?: string; type?: string; token?: string | null; form?: FormData } = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = opts.token === undefined ? ctx.token : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.raw !== undefined) {
    body = opts.raw;
    headers['content-type'] = opts.type ?? 'application/json';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${ctx.endpoint}${path}`, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

const ErrorBodySchema = v.object({
  error: v.object({ code: v.picklist(Object.keys(ERROR_STATUS) as [string, ...string[]]), message: v.pipe(v.string(), v.minLength(1)), field: v.optional(v.string()) }),
});

/** Asserts an error answer: the status, the JSON shape, the code (and the field, when given). */
function assertError(a: Answer, status: number, code: string, field?: string): void {
  assert.equal(a.status, status, `expected HTTP ${status} (${code}), got ${a.status}: ${a.text.slice(0, 300)}`);
  const r = v.safeParse(ErrorBodySchema, a.json);
  assert.ok(r.success, `the error body must be { "error": { "code", "message", "field"? } }; got ${a.text.slice(0, 300)}`);
  assert.equal(r.output.error.code, code, `error.code: expected "${code}", got "${r.output.error.code}" (${r.output.error.message})`);
  if (field !== undefined) assert.equal(r.output.error.field, field, `error.field: expected "${field}" (${r.output.error.message})`);
}

function assertShape<S extends v.GenericSchema>(schema: S, data: unknown, what: string): v.InferOutput<S> {
  const r = v.safeParse(schema, data);
  if (!r.success) {
    const issue = r.issues[0];
    assert.fail(`${what} does not match the protocol: ${(issue && v.getDotPath(issue)) || '(root)'}: ${issue?.message}`);
  }
  return r.output;
}

/** An event socket that authenticated; collects frames. */
class Socket {
  frames: Array<{ type: string; [k: string]: unknown }> = [];
  closed: { code: number } | null = null;
  private constructor(readonly ws: WebSocket) {}

  static open(ctx: ConformanceContext, hello: unknown): Promise<Socket> {
    const url = new URL(`${ctx.endpoint.replace(/\/+$/, '')}/ws`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    const s = new Socket(ws);
    return new Promise((resolve, reject) => {
      ws.on('open', () => {
        ws.send(typeof hello === 'string' ? hello : JSON.stringify(hello));
        resolve(s);
      });
      ws.on('message', (d) => {
        try {
          s.frames.push(JSON.parse(String(d)) as { type: string });
        } catch {
          s.frames.push({ type: '(not JSON)', raw: String(d) });
        }
      });
      ws.on('close', (code) => (s.closed = { code }));
      ws.on('error', (e) => reject(e));
    });
  }

  async waitFor<T>(pick: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const got = pick();
      if (got !== undefined) return got;
      if (Date.now() > until) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}; frames so far: ${JSON.stringify(this.frames).slice(0, 400)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  events(): ChatEvent[] {
    return this.frames.filter((f) => f.type === 'event').map((f) => f.event as ChatEvent);
  }

  close(): void {
    this.ws.close();
  }
}

/** A page of dialogs for a query (validated). */
async function listPage(ctx: ConformanceContext, body: Record<string, unknown>): Promise<DialogPage> {
  const a = await http(ctx, 'POST', '/dialogs/search', { body });
  assert.equal(a.status, 200, a.text.slice(0, 300));
  return assertShape(ResultSchemas.listDialogs, a.json, 'listDialogs') as DialogPage;
}

/**
 * A dialog the operator may write in (open, theirs or unassigned, client not blocked), found with
 * two filtered queries: the backend never has to list everything.
 */
async function findWritable(ctx: ConformanceContext, me: string): Promise<Dialog | undefined> {
  for (const query of [normalizeQuery({ status: 'open', operators: [me], sort: 'activity' }), normalizeQuery({ status: 'open', sort: 'activity' })]) {
    let cursor: string | null | undefined;
    for (let i = 0; i < 5 && cursor !== null; i++) {
      const page = await listPage(ctx, { query, limit: 100, ...(cursor ? { cursor } : {}) });
      const clients = new Map(page.clients.map((c) => [c.id, c]));
      const ok = page.dialogs.find((d) => (d.assignee === null || (d.assignee.kind === 'operator' && d.assignee.id === me)) && !(d.clientId && clients.get(d.clientId)?.blocked));
      if (ok) return ok;
      cursor = page.cursor;
    }
  }
  return undefined;
}

/** Rows at most in the answer a check walks whole. */
const SMALL = 400;

/** Walks every page of `query` (at most `maxPages`), checking each page; answers the rows in order. */
async function walk(ctx: ConformanceContext, query: DialogQuery, settings: Snapshot['settings'], limit: number, maxPages: number): Promise<{ rows: ListRow[]; complete: boolean }> {
  const rows: ListRow[] = [];
  const seen = new Set<string>();
  let cursor: string | null | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await listPage(ctx, { query, limit, ...(cursor ? { cursor } : {}) });
    assert.ok(page.dialogs.length <= limit, `limit ${limit} respected (got ${page.dialogs.length})`);
    const clients = new Map(page.clients.map((c) => [c.id, c]));
    const reads = new Map(page.readStates.map((r) => [r.dialogId, r]));
    for (const r of page.readStates)
      assert.ok(
        page.dialogs.some((d) => d.id === r.dialogId),
        `readStates only for the page's dialogs (${r.dialogId})`,
      );
    for (const d of page.dialogs) {
      assert.ok(!seen.has(d.id), `dialog ${d.id} appears on two pages: pages are disjoint`);
      seen.add(d.id);
      const client: ClientSummary | null = d.clientId ? (clients.get(d.clientId) ?? null) : null;
      assert.ok(!d.clientId || client, `the page's clients hold ${d.clientId} (of dialog ${d.id})`);
      // Search also matches older messages, which a page does not show: checked without it.
      assert.ok(matchesQuery(d, { ...query, search: '' }, { clientOf: () => client }), `dialog ${d.id} does not match the query it was listed for`);
      rows.push({ dialog: d, client, read: reads.get(d.id) ?? null });
    }
    cursor = page.cursor;
    if (cursor !== null && page.dialogs.length === 0) assert.fail('a page with a cursor for more rows holds no row');
    if (cursor === null) break;
  }
  for (let i = 1; i < rows.length; i++) {
    const a = sortKey(rows[i - 1]!.dialog, query.sort, settings);
    const b = sortKey(rows[i]!.dialog, query.sort, settings);
    assert.ok(compareKeys(a, b) < 0, `rows ${rows[i - 1]!.dialog.id} and ${rows[i]!.dialog.id} are out of the query's order (sdk/rules/query.ts sortKey)`);
  }
  return { rows, complete: cursor === null };
}

const uid = () => `conf-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';

/** Every check, in the order they run. */
export const CHECKS: ConformanceCheck[] = [
  {
    id: 'auth.missing-token',
    title: 'A request without a bearer token is refused: 401 unauthorized, JSON error',
    async run(ctx) {
      assertError(await http(ctx, 'GET', '/bootstrap', { token: null }), 401, 'unauthorized');
    },
  },
  {
    id: 'auth.unknown-token',
    title: 'An unknown token is refused: 401 unauthorized',
    async run(ctx) {
      assertError(await http(ctx, 'GET', '/bootstrap', { token: 'conformance-not-a-token' }), 401, 'unauthorized');
    },
  },
  {
    id: 'bootstrap',
    title: 'GET /bootstrap answers the reference data and the first page of the list with its total and N2 (seq)',
    async run(ctx, state) {
      const a = await http(ctx, 'GET', '/bootstrap?limit=20');
      assert.equal(a.status, 200, a.text.slice(0, 300));
      state.snapshot = assertShape(ResultSchemas.bootstrap, a.json, 'bootstrap') as Snapshot;
      const snap = state.snapshot;
      assert.ok(
        snap.operators.some((o) => o.id === snap.me.id),
        'me is among the operators',
      );
      assert.ok(snap.list.dialogs.length <= 20, 'the first page holds at most `limit` rows');
      assert.equal(typeof snap.list.counts.total, 'number', 'list.counts.total');
      assert.equal(typeof snap.list.counts.unreadDialogs, 'number', 'list.counts.unreadDialogs (N2)');
      assert.ok(snap.list.dialogs.length <= snap.list.counts.total!, 'no more rows than the total');
      assert.ok(snap.list.seq <= snap.seq, 'the page reflects the snapshot');
      const ids = new Set(snap.list.dialogs.map((d) => d.id));
      assert.ok(
        snap.list.readStates.every((r) => ids.has(r.dialogId)),
        "read states only for the page's dialogs",
      );
      const query = normalizeQuery({ sort: 'activity', status: 'open' });
      const q = await http(ctx, 'GET', `/bootstrap?limit=5&query=${encodeURIComponent(JSON.stringify(query))}`);
      assert.equal(q.status, 200, q.text.slice(0, 300));
      const page = (assertShape(ResultSchemas.bootstrap, q.json, 'bootstrap') as Snapshot).list;
      assert.ok(
        page.dialogs.every((d) => d.status === 'open'),
        'bootstrap answers the first page of the query given (?query=<JSON>)',
      );
      state.writable = await findWritable(ctx, snap.me.id);
    },
  },
  {
    id: 'routing.unknown-route',
    title: 'An unknown route answers 404 with the JSON error body',
    async run(ctx) {
      assertError(await http(ctx, 'GET', '/conformance-no-such-route'), 404, 'not_found');
    },
  },
  {
    id: 'dialogs.counts-only',
    title: 'POST /dialogs/search with limit 0 answers only the counts asked for; a query of at most 400 dialogs is found by counts alone',
    async run(ctx, state) {
      const snap = state.snapshot;
      assert.ok(snap, 'needs the snapshot');
      const candidates: DialogQuery[] = [normalizeQuery({}), normalizeQuery({ status: 'open' }), normalizeQuery({ status: 'open', lastMessage: 'unanswered' }), normalizeQuery({ bot: true })];
      for (const ch of snap.channels)
        candidates.push(normalizeQuery({ channels: [ch.id] }), normalizeQuery({ channels: [ch.id], status: 'open' }), normalizeQuery({ channels: [ch.id], status: 'closed' }));
      candidates.push(normalizeQuery({ operators: [snap.me.id] }), normalizeQuery({ operators: [snap.me.id], status: 'open' }));
      let best: { query: DialogQuery; total: number } | undefined;
      for (const query of candidates) {
        const page = await listPage(ctx, { query, limit: 0, counts: ['total'] });
        assert.equal(page.dialogs.length, 0, 'limit 0 answers no row');
        const total = page.counts.total;
        assert.equal(typeof total, 'number', 'counts.total when asked');
        assert.equal(page.counts.tags, undefined, 'only the counts asked for');
        if (total! > 0 && total! <= SMALL && (!best || total! > best.total)) best = { query, total: total! };
      }
      assert.ok(best, `needs a query (status, channel, assignee) with 1 to ${SMALL} dialogs`);
      state.small = best;
    },
  },
  {
    id: 'dialogs.paging',
    title: "Keyset pages (cursor) are disjoint, in the query's order, match its filter, and add up to counts.total",
    async run(ctx, state) {
      const small = state.small;
      assert.ok(small && state.snapshot, 'needs dialogs.counts-only');
      for (const sort of ['activity', 'processing'] as const) {
        const query: DialogQuery = { ...small.query, sort };
        const { rows, complete } = await walk(ctx, query, state.snapshot.settings, 37, Math.ceil(SMALL / 37) + 2);
        assert.ok(complete, 'the walk reached the end of the answer (cursor null)');
        assert.equal(rows.length, small.total, `the pages of ${JSON.stringify(query)} add up to counts.total`);
      }
    },
  },
  {
    id: 'dialogs.counts-tags',
    title: 'T7: counts.tags are the dialogs per tag among those the query selects without its tag part',
    async run(ctx, state) {
      const small = state.small;
      assert.ok(small && state.snapshot, 'needs dialogs.counts-only');
      const { rows } = await walk(ctx, small.query, state.snapshot.settings, 100, Math.ceil(SMALL / 100) + 1);
      const clients = new Map(rows.flatMap((r) => (r.client ? [[r.client.id, r.client] as const] : [])));
      for (const pinned of [false, true]) {
        const query = { ...small.query, tags: { mode: 'all' as const, tags: [], pinned } };
        const page = await listPage(ctx, { query, limit: 0, counts: ['tags'] });
        const expected = Object.fromEntries(
          tagCounts(
            rows.map((r) => r.dialog),
            clients,
            pinned,
          ),
        );
        assert.deepEqual(page.counts.tags, expected, `counts.tags${pinned ? ' under the pinned switch' : ''} equal a count over the answer of ${JSON.stringify(withoutTags(small.query))}`);
        const [tag, n] = Object.entries(expected)[0] ?? [];
        if (tag) {
          const withTag = await listPage(ctx, { query: { ...small.query, tags: { mode: 'list', tags: [tag], pinned } }, limit: 0, counts: ['total'] });
          assert.equal(withTag.counts.total, n, `selecting tag ${tag} (T8) gives as many dialogs as its count (T7)`);
        }
      }
    },
  },
  {
    id: 'dialogs.search-total',
    title: 'L6: a search answers its total exact, or flagged totalAtLeast as a lower bound the pages reach; N2 as without the search; no flag without a search',
    async run(ctx, state) {
      const snap = state.snapshot;
      assert.ok(snap, 'needs the snapshot');
      const name = snap.list.clients[0]?.name;
      assert.ok(name, 'needs a client on the first page');
      const plain = await listPage(ctx, { query: normalizeQuery({}), limit: 0, counts: ['total', 'unread'] });
      assert.notEqual(plain.counts.totalAtLeast, true, 'totalAtLeast never without a search');
      // A client's name (few dialogs) and a single letter (most of them).
      for (const search of [name, 'a']) {
        const query = normalizeQuery({ search, sort: 'activity' });
        const page = await listPage(ctx, { query, limit: 0, counts: ['total', 'unread'] });
        const total = page.counts.total;
        assert.equal(typeof total, 'number', `"${search}": counts.total when asked`);
        assert.equal(page.counts.unreadDialogs, plain.counts.unreadDialogs, `"${search}": N2 does not depend on the search`);
        if (page.counts.totalAtLeast) {
          const { rows } = await walk(ctx, query, snap.settings, 200, Math.ceil(total! / 200) + 1);
          assert.ok(rows.length >= total!, `"${search}": totalAtLeast ${total}: the pages hold at least that many rows (${rows.length})`);
        } else if (total! <= SMALL * 3) {
          const { rows, complete } = await walk(ctx, query, snap.settings, 200, Math.ceil(SMALL / 50) + 2);
          assert.ok(complete, `"${search}": the walk reached the end of the answer`);
          assert.equal(rows.length, total, `"${search}": an unflagged total is exact: the pages add up to it`);
        }
        if (search === name) assert.ok(total! >= 1, `"${search}" finds the client's dialog`);
      }
    },
  },
  {
    id: 'dialogs.search-tags',
    title: 'T7, L6: under a search, counts.tags are exact, or flagged tagsAtLeast as lower bounds the pages reach (a common word needs no full scan); never flagged without a search',
    async run(ctx, state) {
      const snap = state.snapshot;
      assert.ok(snap, 'needs the snapshot');
      const name = snap.list.clients[0]?.name;
      assert.ok(name, 'needs a client on the first page');
      const plain = await listPage(ctx, { query: normalizeQuery({}), limit: 0, counts: ['tags'] });
      assert.notEqual(plain.counts.tagsAtLeast, true, 'tagsAtLeast never without a search');
      // A client's name (few dialogs) and a single letter (most of them: a common word).
      for (const search of [name, 'a']) {
        const base = normalizeQuery({ search, sort: 'activity' });
        const { counts } = await listPage(ctx, { query: base, limit: 0, counts: ['total'] });
        const small = counts.totalAtLeast !== true && counts.total! <= SMALL * 3;
        const all: { rows: ListRow[]; complete: boolean } | null = small ? await walk(ctx, base, snap.settings, 200, Math.ceil((SMALL * 3) / 200) + 2) : null;
        for (const pinned of [false, true]) {
          const query = { ...base, tags: { mode: 'all' as const, tags: [], pinned } };
          const page = await listPage(ctx, { query, limit: 0, counts: ['tags'] });
          const tags = page.counts.tags;
          assert.ok(tags, `"${search}": counts.tags when asked`);
          const label = `"${search}"${pinned ? ' under the pinned switch' : ''}`;
          if (page.counts.tagsAtLeast) {
            // Lower bounds: each of the largest counts is reached by the pages of its tag.
            const largest = Object.entries(tags)
              .sort((a, b) => b[1] - a[1])
              .slice(0, 2);
            for (const [tag, n] of largest) {
              const { rows } = await walk(ctx, { ...query, tags: { mode: 'list', tags: [tag], pinned } }, snap.settings, 200, Math.ceil(n / 200) + 1);
              assert.ok(rows.length >= n, `${label}: tagsAtLeast, ${tag} at least ${n}: the pages of the tag hold at least that many rows (${rows.length})`);
            }
          } else if (all) {
            // Exact: a count over every row of the answer without the tag part.
            const rows: ListRow[] = all.rows;
            assert.ok(all.complete, `${label}: the walk reached the end of the answer`);
            const clients = new Map(rows.flatMap((r): Array<[string, ClientSummary]> => (r.client ? [[r.client.id, r.client]] : [])));
            const expected: Record<string, number> = Object.fromEntries(
              tagCounts(
                rows.map((r) => r.dialog),
                clients,
                pinned,
              ),
            );
            assert.deepEqual(tags, expected, `${label}: unflagged counts.tags are exact`);
          }
        }
      }
    },
  },
  {
    id: 'dialogs.get',
    title: "GET /dialogs/{id} answers one dialog with its whole client and the operator's read position; unknown: 404",
    async run(ctx, state) {
      const d = state.snapshot?.list.dialogs[0];
      assert.ok(d, 'needs a dialog');
      const a = await http(ctx, 'GET', `/dialogs/${encodeURIComponent(d.id)}`);
      assert.equal(a.status, 200, a.text.slice(0, 300));
      const detail = assertShape(ResultSchemas.getDialog, a.json, 'getDialog');
      assert.equal(detail.dialog.id, d.id);
      assert.equal(detail.client?.id ?? null, d.clientId, "the dialog's client");
      assertError(await http(ctx, 'GET', '/dialogs/conformance-no-such-dialog'), 404, 'not_found');
    },
  },
  {
    id: 'http.compression',
    title: 'JSON answers over 1 KB are compressed when the client accepts gzip',
    async run(ctx) {
      const res = await fetch(`${ctx.endpoint}/bootstrap?limit=50`, { headers: { authorization: `Bearer ${ctx.token}`, accept: 'application/json', 'accept-encoding': 'gzip' } });
      const body = await res.text();
      assert.equal(res.status, 200);
      if (body.length > 1024) assert.match(res.headers.get('content-encoding') ?? '', /gzip|br/, 'Content-Encoding of a bootstrap answer');
    },
  },
  {
    id: 'messages.page',
    title: 'GET /dialogs/{id}/messages answers the newest page ascending; ?before= the previous one',
    async run(ctx, state) {
      const d = state.snapshot?.list.dialogs.find((x) => x.lastN > 3) ?? state.snapshot?.list.dialogs[0];
      assert.ok(d, 'needs at least one dialog');
      const a = await http(ctx, 'GET', `/dialogs/${encodeURIComponent(d.id)}/messages?limit=3`);
      assert.equal(a.status, 200, a.text.slice(0, 300));
      const page = assertShape(ResultSchemas.loadMessages, a.json, 'loadMessages');
      assert.ok(page.messages.length <= 3);
      const ns = page.messages.map((m) => m.n);
      assert.deepEqual(
        ns,
        [...ns].sort((x, y) => x - y),
        'ascending by n',
      );
      if (page.cursor !== null) {
        const b = assertShape(ResultSchemas.loadMessages, (await http(ctx, 'GET', `/dialogs/${encodeURIComponent(d.id)}/messages?limit=3&before=${page.cursor}`)).json, 'loadMessages');
        assert.ok(
          b.messages.every((m) => m.n < page.cursor!),
          'older than the cursor',
        );
      }
    },
  },
  {
    id: 'errors.unknown-dialog',
    title: 'An unknown dialog id answers 404 not_found',
    async run(ctx) {
      assertError(await http(ctx, 'GET', '/dialogs/conformance-no-such-dialog/messages'), 404, 'not_found');
    },
  },
  {
    id: 'errors.query-type',
    title: 'A query parameter of the wrong type answers 400 validation naming it',
    async run(ctx) {
      assertError(await http(ctx, 'GET', '/events?since=yesterday'), 400, 'validation', 'since');
    },
  },
  {
    id: 'errors.malformed-json',
    title: 'Malformed JSON answers 400 validation',
    async run(ctx, state) {
      const d = state.writable ?? state.snapshot?.list.dialogs[0];
      assert.ok(d, 'needs a dialog');
      assertError(await http(ctx, 'POST', `/dialogs/${encodeURIComponent(d.id)}/messages`, { raw: '{"id": ' }), 400, 'validation');
    },
  },
  {
    id: 'errors.unknown-field',
    title: 'An unknown field answers 400 validation naming the field, and nothing is stored',
    async run(ctx, state) {
      const d = state.writable ?? state.snapshot?.list.dialogs[0];
      assert.ok(d, 'needs a dialog');
      const id = uid();
      assertError(await http(ctx, 'POST', `/dialogs/${encodeURIComponent(d.id)}/messages`, { body: { id, text: 'x', conformanceExtra: true } }), 400, 'validation', 'conformanceExtra');
      const page = assertShape(ResultSchemas.loadMessages, (await http(ctx, 'GET', `/dialogs/${encodeURIComponent(d.id)}/messages?limit=20`)).json, 'loadMessages');
      assert.ok(!page.messages.some((m) => m.id === id), 'nothing stored');
    },
  },
  {
    id: 'errors.wrong-type',
    title: 'A field of the wrong type answers 400 validation naming the field',
    async run(ctx, state) {
      const d = state.writable ?? state.snapshot?.list.dialogs[0];
      assert.ok(d, 'needs a dialog');
      assertError(await http(ctx, 'POST', `/dialogs/${encodeURIComponent(d.id)}/messages`, { body: { id: uid(), text: 42 } }), 400, 'validation', 'text');
    },
  },
  {
    id: 'messages.too-long',
    title: 'P4: a message over the channel’s limit (white space not counted) answers 400 too_long',
    async run(ctx, state) {
      const d = state.writable;
      assert.ok(d, 'needs a dialog the operator may write in');
      const limit = state.snapshot!.channels.find((c) => c.id === d.channelId)!.capabilities.maxLength;
      assertError(await http(ctx, 'POST', `/dialogs/${encodeURIComponent(d.id)}/messages`, { body: { id: uid(), text: 'x'.repeat(limit + 1) } }), 400, 'too_long', 'text');
    },
  },
  {
    id: 'settings.update',
    title: 'F2: PUT /settings answers the settings to an administrator (the same value: nothing changes), 403 forbidden to others; an out-of-range limit is 400 validation',
    writes: true,
    async run(ctx, state) {
      const snap = state.snapshot;
      assert.ok(snap, 'needs the snapshot');
      const same = await http(ctx, 'PUT', '/settings', { body: { responseTimeLimitMs: snap.settings.responseTimeLimitMs } });
      if (snap.me.role !== 'administrator') return assertError(same, 403, 'forbidden');
      assert.equal(same.status, 200, same.text);
      assert.deepEqual(assertShape(ResultSchemas.updateSettings, same.json, 'updateSettings'), snap.settings);
      assertError(await http(ctx, 'PUT', '/settings', { body: { responseTimeLimitMs: 1 } }), 400, 'validation', 'responseTimeLimitMs');
    },
  },
  {
    id: 'events.since',
    title: 'GET /events?since=N answers the events after N, consecutive; beyond the head, a gap',
    async run(ctx, state) {
      const seq = state.snapshot?.seq ?? 0;
      const a = await http(ctx, 'GET', `/events?since=${Math.max(0, seq - 5)}`);
      assert.equal(a.status, 200, a.text.slice(0, 300));
      const r = assertShape(ResultSchemas.eventsSince, a.json, 'eventsSince');
      if (!r.gap) {
        const events = r.events.map((e) => assertShape(ChatEventSchema, e, 'event'));
        const seqs = events.map((e) => e.seq);
        assert.deepEqual(
          seqs,
          seqs.map((_, i) => Math.max(0, seq - 5) + i + 1),
          'consecutive sequence numbers after since',
        );
      }
      const far = assertShape(ResultSchemas.eventsSince, (await http(ctx, 'GET', `/events?since=${r.seq + 1_000_000}`)).json, 'eventsSince');
      assert.equal(far.gap, true, 'asking beyond the head answers gap: true');
    },
  },
  {
    id: 'socket.hello',
    title: 'WebSocket /ws: a hello with the token is answered "ready" with the current seq; ping -> pong',
    async run(ctx) {
      const s = await Socket.open(ctx, { type: 'hello', token: ctx.token });
      try {
        const ready = await s.waitFor(() => s.frames.find((f) => f.type === 'ready'), 'ready', ctx.eventTimeoutMs ?? 5000);
        assert.equal(typeof ready.seq, 'number');
        s.ws.send(JSON.stringify({ type: 'ping' }));
        await s.waitFor(() => s.frames.find((f) => f.type === 'pong'), 'pong', ctx.eventTimeoutMs ?? 5000);
      } finally {
        s.close();
      }
    },
  },
  {
    id: 'socket.unauthorized',
    title: 'WebSocket /ws: an unknown token closes the socket with 4401',
    async run(ctx) {
      const s = await Socket.open(ctx, { type: 'hello', token: 'conformance-not-a-token' });
      await s.waitFor(() => s.closed ?? undefined, 'close', ctx.eventTimeoutMs ?? 5000);
      assert.equal(s.closed!.code, 4401);
    },
  },
  {
    id: 'socket.bad-hello',
    title: 'WebSocket /ws: a first frame that is not a hello closes the socket with 4400',
    async run(ctx) {
      const s = await Socket.open(ctx, { type: 'subscribe', token: ctx.token });
      await s.waitFor(() => s.closed ?? undefined, 'close', ctx.eventTimeoutMs ?? 5000);
      assert.equal(s.closed!.code, 4400);
    },
  },
  {
    id: 'messages.send-and-push',
    title: 'POST /dialogs/{id}/messages stores the message (201) and the socket pushes message.created with the next seq',
    writes: true,
    async run(ctx, state) {
      const d = state.writable;
      assert.ok(d, 'needs a dialog the operator may write in (open, theirs or unassigned, client not blocked)');
      const s = await Socket.open(ctx, { type: 'hello', token: ctx.token });
      try {
        const ready = await s.waitFor(() => s.frames.find((f) => f.type === 'ready'), 'ready', ctx.eventTimeoutMs ?? 5000);
        const id = uid();
        const a = await http(ctx, 'POST', `/dialogs/${encodeURIComponent(d.id)}/messages`, { body: { id, text: 'Conformance check: hello' } });
        assert.equal(a.status, 201, a.text.slice(0, 300));
        const m = assertShape(ResultSchemas.sendMessage, a.json, 'sendMessage') as Message;
        assert.equal(m.id, id, 'the client-generated id is the message id');
        assert.equal(m.dialogId, d.id);
        assert.ok(m.n > 0, 'numbered in its dialog');
        assert.ok(m.status && ['queued', 'sent', 'delivered', 'read'].includes(m.status.state), 'an outgoing status (S1)');
        state.sent = m;
        const created = await s.waitFor(() => s.events().find((e) => e.type === 'message.created' && e.message.id === id), 'message.created on the socket', ctx.eventTimeoutMs ?? 5000);
        for (const e of s.events()) assertShape(ChatEventSchema, e, `event ${e.seq}`);
        const readyAt = s.frames.findIndex((f) => f.type === 'ready');
        const seqs = s.frames
          .slice(readyAt + 1)
          .filter((f) => f.type === 'event')
          .map((f) => (f.event as ChatEvent).seq);
        assert.deepEqual(
          seqs,
          seqs.map((_, i) => (ready.seq as number) + i + 1),
          'pushed events carry consecutive seq after ready.seq',
        );
        assert.ok(created.seq > (ready.seq as number));
      } finally {
        s.close();
      }
    },
  },
  {
    id: 'messages.idempotent',
    title: 'The same message id sent again stores one message and answers the first answer (same n and createdAt)',
    writes: true,
    async run(ctx, state) {
      const first = state.sent;
      assert.ok(first, 'needs the message of messages.send-and-push');
      const a = await http(ctx, 'POST', `/dialogs/${encodeURIComponent(first.dialogId)}/messages`, { body: { id: first.id, text: first.text } });
      assert.ok(a.status === 200 || a.status === 201, `a repeated send succeeds (got ${a.status})`);
      const again = assertShape(ResultSchemas.sendMessage, a.json, 'sendMessage');
      assert.equal(again.id, first.id);
      assert.equal(again.n, first.n, 'the same message number');
      assert.equal(again.createdAt, first.createdAt, 'the same creation time');
      const page = assertShape(ResultSchemas.loadMessages, (await http(ctx, 'GET', `/dialogs/${encodeURIComponent(first.dialogId)}/messages?limit=50`)).json, 'loadMessages');
      assert.equal(page.messages.filter((m) => m.id === first.id).length, 1, 'stored once');
    },
  },
  {
    id: 'messages.id-conflict',
    title: 'A message id already used in another dialog answers 409 conflict',
    writes: true,
    async run(ctx, state) {
      const first = state.sent;
      assert.ok(first, 'needs the message of messages.send-and-push');
      const other = state.snapshot!.list.dialogs.find((d) => d.id !== first.dialogId);
      assert.ok(other, 'needs a second dialog');
      assertError(await http(ctx, 'POST', `/dialogs/${encodeURIComponent(other.id)}/messages`, { body: { id: first.id, text: first.text } }), 409, 'conflict');
    },
  },
  {
    id: 'socket.resume',
    title: 'WebSocket /ws: a hello with since=N replays the events after N before "ready"',
    writes: true,
    async run(ctx, state) {
      const head = assertShape(ResultSchemas.eventsSince, (await http(ctx, 'GET', `/events?since=${state.snapshot?.seq ?? 0}`)).json, 'eventsSince');
      const since = Math.max(0, head.seq - 2);
      const s = await Socket.open(ctx, { type: 'hello', token: ctx.token, since });
      try {
        await s.waitFor(() => s.frames.find((f) => f.type === 'ready'), 'ready', ctx.eventTimeoutMs ?? 5000);
        const readyAt = s.frames.findIndex((f) => f.type === 'ready');
        const replayed = s.frames
          .slice(0, readyAt)
          .filter((f) => f.type === 'event')
          .map((f) => (f.event as ChatEvent).seq);
        assert.deepEqual(
          replayed.slice(0, head.seq - since),
          Array.from({ length: head.seq - since }, (_, i) => since + i + 1),
          'the missed events, in order, before ready',
        );
      } finally {
        s.close();
      }
    },
  },
  {
    id: 'lists.live-rows',
    title: "Events carry the row before (was) and after; the counts a list keeps by them (total by the query's predicate, N2 by unread before/after) equal the server's counts after each write",
    writes: true,
    async run(ctx, state) {
      const d0 = state.writable;
      assert.ok(d0, 'needs a dialog the operator may write in');
      const query = normalizeQuery({ status: 'open', sort: 'activity' });
      const counts = async () => (await listPage(ctx, { query, limit: 0, counts: ['total', 'unread'] })).counts;
      const detail = async () => assertShape(ResultSchemas.getDialog, (await http(ctx, 'GET', `/dialogs/${encodeURIComponent(d0.id)}`)).json, 'getDialog');
      const s = await Socket.open(ctx, { type: 'hello', token: ctx.token });
      try {
        await s.waitFor(() => s.frames.find((f) => f.type === 'ready'), 'ready', ctx.eventTimeoutMs ?? 5000);
        // What the list holds before: the row (dialog, client, read position) and the counts.
        let row = await detail();
        let kept = await counts();
        const writes: Array<{ name: string; run: () => Promise<Answer>; type: ChatEvent['type'] }> = [
          { name: 'a message', run: () => http(ctx, 'POST', `/dialogs/${encodeURIComponent(d0.id)}/messages`, { body: { id: uid(), text: 'Conformance check: lists' } }), type: 'message.created' },
          { name: 'mark unread', run: () => http(ctx, 'POST', `/dialogs/${encodeURIComponent(d0.id)}/unread`, { body: {} }), type: 'read.updated' },
          { name: 'mark read', run: () => http(ctx, 'POST', `/dialogs/${encodeURIComponent(d0.id)}/read`), type: 'read.updated' },
        ];
        // Each write's own event: numbered after the one the previous write was checked by (a
        // command may send more than one, e.g. a send also moves the sender's read position, and
        // on a loaded machine its last frame may come after the next write starts); a read
        // position's event is the one carrying the position the write answered.
        let after0 = 0;
        for (const w of writes) {
          const seen = s.events().length;
          const a = await w.run();
          assert.ok(a.status === 200 || a.status === 201, `${w.name}: ${a.text.slice(0, 300)}`);
          const answered = w.type === 'read.updated' ? (a.json as ReadState) : null;
          const ev = await s.waitFor(
            () =>
              s
                .events()
                .slice(seen)
                .find((e) => e.type === w.type && e.seq > after0 && (!answered || (e.type === 'read.updated' && isDeepStrictEqual(e.readState, answered)))),
            `${w.type} after ${w.name}`,
            ctx.eventTimeoutMs ?? 5000,
          );
          after0 = ev.seq;
          const after = await detail();
          // Membership by the predicate, on the row before and after; N2 by unread before and after.
          let wasRow: { dialog: Dialog; read: ListRow['read'] } | null | undefined;
          if (ev.type === 'message.created' && ev.was !== undefined) {
            wasRow = ev.was;
            if (ev.was) assert.equal(ev.was.dialog.lastN, row.dialog.lastN, `${w.name}: was.dialog is the dialog as it was before (lastN)`);
            assert.equal(ev.dialog?.lastN, after.dialog.lastN, `${w.name}: the event's dialog is the row after`);
          } else if (ev.type === 'read.updated' && ev.was !== undefined) {
            wasRow = { dialog: ev.dialog ?? after.dialog, read: ev.was };
            assert.deepEqual(ev.was ?? null, row.readState, `${w.name}: was is the read position before`);
          }
          if (wasRow !== undefined) {
            const clientOf = () => (after.client ? { ...after.client } : null);
            const matchedBefore = wasRow ? matchesQuery(wasRow.dialog, query, { clientOf }) : false;
            const matchesNow = matchesQuery(after.dialog, query, { clientOf });
            const unreadBefore = wasRow ? isUnread(wasRow.dialog, wasRow.read ?? undefined) : false;
            const unreadNow = isUnread(after.dialog, after.readState ?? undefined);
            kept = {
              total: kept.total! + Number(matchesNow) - Number(matchedBefore),
              unreadDialogs: kept.unreadDialogs! + Number(unreadNow) - Number(unreadBefore),
            };
          } else {
            // A backend that sends no row before: the list counts again (slower, still exact).
            kept = await counts();
          }
          assert.deepEqual(await counts(), kept, `${w.name}: counts kept by the event equal the server's`);
          row = after;
        }
      } finally {
        s.close();
      }
    },
  },
  {
    id: 'reads.mark',
    title: 'POST /dialogs/{id}/read and /unread answer the operator’s read state (H3)',
    writes: true,
    async run(ctx, state) {
      const d = state.writable ?? state.snapshot?.list.dialogs[0];
      assert.ok(d, 'needs a dialog');
      const un = await http(ctx, 'POST', `/dialogs/${encodeURIComponent(d.id)}/unread`, { body: {} });
      assert.equal(un.status, 200, un.text.slice(0, 300));
      assert.equal(assertShape(ResultSchemas.markUnread, un.json, 'markUnread').markedUnread, true);
      const rd = await http(ctx, 'POST', `/dialogs/${encodeURIComponent(d.id)}/read`);
      assert.equal(rd.status, 200, rd.text.slice(0, 300));
      const r = assertShape(ResultSchemas.markRead, rd.json, 'markRead');
      assert.equal(r.markedUnread, false);
    },
  },
  {
    id: 'uploads.channel-rules',
    title: 'P1: POST /dialogs/{id}/uploads (multipart "file") stores what the channel accepts (201) and refuses what it does not (413/415)',
    writes: true,
    async run(ctx, state) {
      const d = state.writable;
      assert.ok(d, 'needs a dialog the operator may write in');
      const ch = state.snapshot!.channels.find((c) => c.id === d.channelId)!;
      const png = new Blob([Buffer.from(PNG_1x1, 'base64')], { type: 'image/png' });
      const form = new FormData();
      form.append('file', png, 'conformance.png');
      const a = await http(ctx, 'POST', `/dialogs/${encodeURIComponent(d.id)}/uploads`, { form });
      const acceptsPng = ch.capabilities.attachments.allowed && ch.capabilities.attachments.types.some((t) => t === '*' || t === '*/*' || t === 'image/*' || t === 'image/png');
      if (!ch.capabilities.attachments.allowed) assertError(a, 415, 'attachment_not_allowed');
      else if (!acceptsPng) assertError(a, 415, 'attachment_type');
      else {
        assert.equal(a.status, 201, a.text.slice(0, 300));
        const att = assertShape(ResultSchemas.sendMessage.entries.attachments.item, a.json, 'upload');
        assert.equal(att.kind, 'image');
      }
      if (ch.capabilities.attachments.allowed) {
        const big = new FormData();
        big.append(
          'file',
          new Blob([new Uint8Array(ch.capabilities.attachments.maxBytes + 1)], { type: ch.capabilities.attachments.types.find((t) => !t.includes('*')) ?? 'application/pdf' }),
          'too-big.bin',
        );
        const b = await http(ctx, 'POST', `/dialogs/${encodeURIComponent(d.id)}/uploads`, { form: big });
        assert.ok(b.status === 413 || b.status === 415, `an oversized file is refused with 413 (got ${b.status})`);
      }
    },
  },
];

/** The outcome of one check. */
export interface CheckResult {
  check: ConformanceCheck;
  status: 'passed' | 'failed' | 'skipped';
  error?: string;
  ms: number;
}

/** Runs the checks in order; a failing check does not stop the others. */
export async function runConformance(ctx: ConformanceContext, onResult?: (r: CheckResult) => void): Promise<CheckResult[]> {
  const state: SuiteState = {};
  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    const started = Date.now();
    let r: CheckResult;
    if (check.writes && ctx.readOnly) r = { check, status: 'skipped', ms: 0 };
    else {
      try {
        await check.run(ctx, state);
        r = { check, status: 'passed', ms: Date.now() - started };
      } catch (e) {
        r = { check, status: 'failed', error: e instanceof Error ? e.message : String(e), ms: Date.now() - started };
      }
    }
    results.push(r);
    onResult?.(r);
  }
  return results;
}
