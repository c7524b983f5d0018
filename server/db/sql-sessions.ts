/** Sign-in sessions in SQL (the server's own, not part of the core's storage contract): only token hashes are stored. */
import type { Id } from '../../sdk/model.js';
import { hashToken, newToken, type SqlContext } from './sql-rows.js';

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
export async function sessionOperator(c: SqlContext, ttl: number, token: string): Promise<Id | undefined> {
  const now = c.now();
  const hash = hashToken(token);
  const r = await c.q.query<{ operator_id: string; expires_at: number }>('SELECT operator_id, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2', [hash, now]);
  const row = r.rows[0];
  if (!row) return undefined;
  // Written at most once per half life, not on every request.
  if (row.expires_at - now < ttl / 2) await c.q.query('UPDATE sessions SET expires_at = $2 WHERE token_hash = $1', [hash, now + ttl]);
  return row.operator_id;
}

/** Issues a token for a web-chat visitor of one dialog. */
export async function createVisitorSession(c: SqlContext, dialogId: Id): Promise<string> {
  const token = newToken('cdv');
  await c.q.query('INSERT INTO visitor_sessions (token_hash, dialog_id, created_at) VALUES ($1, $2, $3)', [hashToken(token), dialogId, c.now()]);
  return token;
}
