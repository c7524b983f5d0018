/**
 * Sign-in sessions in SQL (the server's own, not part of the core's storage contract): only token
 * hashes are stored.
 *
 * Each server keeps the sessions it has checked for a short while ({@link SessionCache}), so a
 * request does not cost a round trip to the database for its token. The revocation rule:
 * - a sign-out removes the token from this server's cache at once, and tells every server on the
 *   database (NOTIFY on the cache channel, payload {@link SESSIONS_CHANGED}) to forget its cached
 *   sessions: they ask the database again at the token's next use (milliseconds later);
 * - whatever else changes the small tables (an operator removed or changed) also empties the
 *   cache, and a command checks its operator against the operators table anyway;
 * - a cached entry is used for at most {@link SESSION_CACHE_MS} whatever happens (a notification
 *   lost while a server's LISTEN connection was down), and never past its expiry;
 * - a token in the second half of its life is not answered from the cache: the database extends it.
 */
import type { Id } from '../../sdk/model.js';
import { CACHE_CHANNEL, hashToken, newToken, type SqlContext } from './sql-rows.js';

/** The longest a cached session is used without asking the database (ms). */
export const SESSION_CACHE_MS = 2000;
/** The cache channel's payload that tells every server to forget its cached sessions. */
export const SESSIONS_CHANGED = 'sessions';

/** Sessions this server checked recently, by token hash. */
export class SessionCache {
  private readonly entries = new Map<string, { operatorId: Id; expiresAt: number; checkedAt: number }>();
  /** Moves on each revocation: a check that started before one does not keep what it read. */
  generation = 0;

  /** The operator of a recently checked token, while the entry may be used (see the file's comment). */
  get(hash: string, now: number, ttl: number): Id | undefined {
    const e = this.entries.get(hash);
    if (!e) return undefined;
    if (performance.now() - e.checkedAt >= SESSION_CACHE_MS || e.expiresAt - now < ttl / 2) {
      this.entries.delete(hash);
      return undefined;
    }
    return e.operatorId;
  }

  /** Keeps what a check that started at `generation` read (nothing when a revocation came meanwhile). */
  set(hash: string, operatorId: Id, expiresAt: number, generation: number): void {
    if (generation !== this.generation) return;
    // Bounded: a flood of distinct tokens does not grow it without end.
    if (this.entries.size >= 10_000) this.entries.clear();
    this.entries.set(hash, { operatorId, expiresAt, checkedAt: performance.now() });
  }

  delete(hash: string): void {
    this.generation++;
    this.entries.delete(hash);
  }

  /** Forgets every session (another server revoked one, or the small tables changed). */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}

/**
 * Issues a bearer token for an operator, lasting `ttl` unused. Tokens already expired are removed
 * here, so the table stays the size of the sessions in use.
 */
export async function createSession(c: SqlContext, ttl: number, operatorId: Id, label: string): Promise<string> {
  const token = newToken('cdk');
  const now = c.now();
  await c.q.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
  await c.q.query('INSERT INTO sessions (token_hash, operator_id, label, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [hashToken(token), operatorId, label, now, now + ttl]);
  return token;
}

/** The operator a bearer token belongs to, while it has not expired (extending it when used late in its life). */
export async function sessionOperator(c: SqlContext, ttl: number, token: string, cache?: SessionCache): Promise<Id | undefined> {
  const now = c.now();
  const hash = hashToken(token);
  const cached = cache?.get(hash, now, ttl);
  if (cached) return cached;
  const generation = cache?.generation ?? 0;
  const r = await c.q.query<{ operator_id: string; expires_at: number }>('SELECT operator_id, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2', [hash, now]);
  const row = r.rows[0];
  if (!row) return undefined;
  let expiresAt = row.expires_at;
  // Written at most once per half life, not on every request.
  if (expiresAt - now < ttl / 2) await c.q.query('UPDATE sessions SET expires_at = $2 WHERE token_hash = $1', [hash, (expiresAt = now + ttl)]);
  cache?.set(hash, row.operator_id, expiresAt, generation);
  return row.operator_id;
}

/** Revokes a bearer token: here at once, on the other servers of a PostgreSQL database when they hear it (see the file's comment). */
export async function deleteSession(c: SqlContext, token: string, cache?: SessionCache): Promise<void> {
  const hash = hashToken(token);
  cache?.delete(hash);
  if (c.db.kind === 'postgres') await c.q.query('WITH gone AS (DELETE FROM sessions WHERE token_hash = $1) SELECT pg_notify($2, $3)', [hash, CACHE_CHANNEL, SESSIONS_CHANGED]);
  else await c.q.query('DELETE FROM sessions WHERE token_hash = $1', [hash]);
}

/** Issues a token for a web-chat visitor of one dialog. */
export async function createVisitorSession(c: SqlContext, dialogId: Id): Promise<string> {
  const token = newToken('cdv');
  await c.q.query('INSERT INTO visitor_sessions (token_hash, dialog_id, created_at) VALUES ($1, $2, $3)', [hashToken(token), dialogId, c.now()]);
  return token;
}

/** The dialog a visitor token belongs to. */
export async function visitorDialog(c: SqlContext, token: string): Promise<Id | undefined> {
  return (await c.q.query<{ dialog_id: string }>('SELECT dialog_id FROM visitor_sessions WHERE token_hash = $1', [hashToken(token)])).rows[0]?.dialog_id;
}
