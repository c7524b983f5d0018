/**
 * Loading the SQL storage: the demo data into empty tables, what the lists need filled once, and
 * the small tables kept in memory.
 */
import type { Bot, Channel, ChatSettings, Client, Operator, Tag } from '../../sdk/model.js';
import { clientSearchText, foldText } from '../../sdk/rules/text.js';
import type { ChannelSimulation, SeedData } from '../core/storage.js';
import { SEED_LOCK, DIALOG_COLUMNS, CLIENT_COLUMNS, messageRecord, operatorRecord, type Cache, type SqlContext } from './sql-rows.js';

/**
 * Fills what the lists need that a bulk loader or an older database may have left out: the
 * folded search text of titles and names, and the count aggregates. Done once (until
 * `counts_built` is in `meta`); the triggers keep both right after, so a reopen scans nothing.
 */
export async function prepareLists(c: SqlContext): Promise<void> {
  const built = `SELECT count(*)::int AS n FROM meta WHERE key IN ('counts_built', 'search_built')`;
  if ((await c.db.query<{ n: number }>(built)).rows[0]?.n === 2) return;
  // One instance does it; another starting at once waits for the lock, then finds it done.
  await c.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    const keys = new Set((await tx.query<{ key: string }>(`SELECT key FROM meta WHERE key IN ('counts_built', 'search_built')`)).rows.map((r) => r.key));
    if (keys.size === 2) return;
    for (;;) {
      const r = await tx.query<{ id: string; title: string }>('SELECT id, title FROM dialogs WHERE search_title IS NULL LIMIT 5000');
      if (r.rows.length === 0) break;
      await tx.query(`UPDATE dialogs d SET search_title = x.s FROM jsonb_to_recordset($1::jsonb) AS x(id text, s text) WHERE d.id = x.id`, [
        JSON.stringify(r.rows.map((row) => ({ id: row.id, s: foldText(row.title) }))),
      ]);
    }
    for (;;) {
      // L6: the client's name, phone and e-mail (migration 005 asks this again of clients with contacts).
      const r = await tx.query<{ id: string; name: string; contacts: Client['contacts'] }>('SELECT id, name, contacts FROM clients WHERE search_name IS NULL LIMIT 5000');
      if (r.rows.length === 0) break;
      await tx.query(`UPDATE clients c SET search_name = x.s FROM jsonb_to_recordset($1::jsonb) AS x(id text, s text) WHERE c.id = x.id`, [
        JSON.stringify(r.rows.map((row) => ({ id: row.id, s: clientSearchText(row) }))),
      ]);
    }
    if (!keys.has('counts_built')) await tx.query('SELECT chatdesk_rebuild_counts()');
    await tx.query(`INSERT INTO meta (key, value) VALUES ('search_built', to_jsonb(1)) ON CONFLICT (key) DO NOTHING`);
  });
}

/**
 * Loads demo data into empty tables, in one transaction; answers false when another instance
 * starting at the same time loaded it first (the advisory lock makes the second one wait).
 */
export async function loadSeed(c: SqlContext, s: SeedData): Promise<boolean> {
  const set = (name: string, cols: string) => `jsonb_to_recordset($1::jsonb) AS ${name}(${cols})`;
  return c.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    if ((await tx.query(`SELECT 1 FROM meta WHERE key = 'seeded_at'`)).rows.length > 0) return false;
    // On PGlite (where we are superuser) the rows go in without row triggers (the count
    // aggregates) and foreign-key checks: the seed is whole by construction, and the aggregates
    // are computed once at the end. A PostgreSQL role need not be allowed that: triggers run.
    const untriggered = c.db.kind === 'pglite';
    if (untriggered) await tx.query('SET LOCAL session_replication_role = replica');
    await tx.query(`INSERT INTO operators SELECT * FROM ${set('x', 'id text, position integer, name text, role text, rights jsonb, avatar_url text, online boolean')}`, [
      JSON.stringify(s.operators.map(operatorRecord)),
    ]);
    await tx.query(`INSERT INTO bots SELECT * FROM ${set('x', 'id text, position integer, name text')}`, [JSON.stringify(s.bots.map((b, position) => ({ ...b, position })))]);
    await tx.query(`INSERT INTO channels SELECT * FROM ${set('x', 'id text, position integer, kind text, name text, capabilities jsonb, simulation jsonb')}`, [
      JSON.stringify(s.channels.map((c, position) => ({ ...c, position, simulation: s.simulation[c.id] ?? null }))),
    ]);
    await tx.query(`INSERT INTO tags SELECT * FROM ${set('x', 'id text, position integer, name text, color text')}`, [JSON.stringify(s.tags.map((t, position) => ({ ...t, position })))]);
    await tx.query(`INSERT INTO settings (key, value) VALUES ('chat', $1::jsonb)`, [JSON.stringify(s.settings)]);
    await tx.query(
      `INSERT INTO clients (${CLIENT_COLUMNS}, search_name) SELECT * FROM ${set('x', 'id text, name text, avatar_url text, contacts jsonb, tags jsonb, source jsonb, analytics jsonb, blocked boolean, orders jsonb, search_name text')}`,
      [
        JSON.stringify(
          s.clients.map((c) => ({
            id: c.id,
            name: c.name,
            avatar_url: c.avatarUrl ?? null,
            contacts: c.contacts,
            tags: c.tags,
            source: c.source,
            analytics: c.analytics,
            blocked: c.blocked,
            orders: c.orders,
            search_name: clientSearchText(c),
          })),
        ),
      ],
    );
    const left = new Set(s.leftDialogs);
    await tx.query(
      `INSERT INTO dialogs (${DIALOG_COLUMNS}, client_left, search_title) SELECT * FROM ${set(
        'x',
        'id text, channel_id text, client_id text, title text, status text, assignee jsonb, created_at bigint, opened_at bigint, last_activity_at bigint, waiting_since bigint, last_message jsonb, client_message_count integer, last_n integer, client_left boolean, search_title text',
      )}`,
      [
        JSON.stringify(
          s.dialogs.map((d) => ({
            id: d.id,
            channel_id: d.channelId,
            client_id: d.clientId,
            title: d.title,
            status: d.status,
            assignee: d.assignee,
            created_at: d.createdAt,
            opened_at: d.openedAt,
            last_activity_at: d.lastActivityAt,
            waiting_since: d.waitingSince,
            last_message: d.lastMessage,
            client_message_count: d.clientMessageCount,
            last_n: d.lastN,
            client_left: left.has(d.id),
            search_title: foldText(d.title),
          })),
        ),
      ],
    );
    for (let i = 0; i < s.messages.length; i += 5000) {
      await tx.query(
        `INSERT INTO messages (id, dialog_id, n, kind, author_kind, author_id, text, search_text, quote, attachments, event, status, created_at)
         SELECT * FROM ${set(
           'x',
           'id text, dialog_id text, n integer, kind text, author_kind text, author_id text, text text, search_text text, quote jsonb, attachments jsonb, event jsonb, status jsonb, created_at bigint',
         )}`,
        [JSON.stringify(s.messages.slice(i, i + 5000).map(messageRecord))],
      );
    }
    await tx.query(`INSERT INTO read_states SELECT * FROM ${set('x', 'operator_id text, dialog_id text, read_client_count integer, marked_unread boolean')}`, [
      JSON.stringify(s.readStates.map((r) => ({ operator_id: r.operatorId, dialog_id: r.dialogId, read_client_count: r.readClientCount, marked_unread: r.markedUnread }))),
    ]);
    await tx.query(`INSERT INTO quick_replies SELECT * FROM ${set('x', 'id text, title text, text text, created_by text, created_at bigint')}`, [
      JSON.stringify(s.quickReplies.map((q) => ({ id: q.id, title: q.title, text: q.text, created_by: q.createdBy, created_at: q.createdAt }))),
    ]);
    await tx.query(`INSERT INTO meta (key, value) VALUES ('seeded_at', $1::jsonb)`, [JSON.stringify(c.now())]);
    if (untriggered) {
      await tx.query('SET LOCAL session_replication_role = origin');
      // The count aggregates of every row at once (it records counts_built).
      await tx.query('SELECT chatdesk_rebuild_counts()');
    } else await tx.query(`INSERT INTO meta (key, value) VALUES ('counts_built', to_jsonb(1))`); // the triggers kept them
    // The folded search text (titles, client names and contacts) went in with the rows.
    await tx.query(`INSERT INTO meta (key, value) VALUES ('search_built', to_jsonb(1))`);
    return true;
  });
}

/** Reads the small tables kept in memory. */
export async function readCaches(c: SqlContext): Promise<Cache> {
  const ops = await c.db.query<{ id: string; name: string; role: Operator['role']; rights: Operator['rights']; avatar_url: string | null; online: boolean }>(
    'SELECT id, name, role, rights, avatar_url, online FROM operators ORDER BY position, id',
  );
  const channels = await c.db.query<Channel & { simulation: ChannelSimulation | null }>('SELECT id, kind, name, capabilities, simulation FROM channels ORDER BY position, id');
  const settings = await c.db.query<{ value: ChatSettings }>(`SELECT value FROM settings WHERE key = 'chat'`);
  return {
    ops: ops.rows.map((r) => {
      const o: Operator = { id: r.id, name: r.name, role: r.role, rights: r.rights, online: r.online };
      if (r.avatar_url) o.avatarUrl = r.avatar_url;
      return o;
    }),
    botList: (await c.db.query<Bot>('SELECT id, name FROM bots ORDER BY position, id')).rows,
    channelList: channels.rows.map(({ simulation: _s, ...c }) => c),
    sim: Object.fromEntries(channels.rows.filter((c) => c.simulation).map((c) => [c.id, c.simulation!])),
    tagList: (await c.db.query<Tag>('SELECT id, name, color FROM tags ORDER BY position, id')).rows,
    settings: settings.rows[0]?.value ?? { responseTimeLimitMs: null },
  };
}
