/** The client records the SDK holds: the list's summary or the full client. */
import type { Client, ClientRecord, ClientSummary } from '../model.js';

/** Whether a client record is the full {@link Client} (not only the list's summary). */
export function isFullClient(c: ClientRecord | null | undefined): c is Client {
  return !!c && 'contacts' in c;
}

/** The list's summary of a client. */
export function clientSummary(c: ClientRecord): ClientSummary {
  const s: ClientSummary = { id: c.id, name: c.name, tags: c.tags, blocked: c.blocked };
  if (c.avatarUrl) s.avatarUrl = c.avatarUrl;
  return s;
}
