/** Commands on clients and the chat: block (H4), tags (T6, L5), settings (F2). Browser-safe. */
import type { ChatSettings, Client, Id, Operator } from '../../../sdk/model.js';
import { ChatCommandError, type CommandInput } from '../../../sdk/protocol.js';
import { clientSummary } from '../../../sdk/rules/clients.js';
import { canEditSettings, canManage } from '../../../sdk/rules/permissions.js';
import { visibleClient } from '../access.js';
import type { Unit } from '../unit.js';

export async function block(u: Unit, op: Operator, clientId: Id, blocked: boolean): Promise<Client> {
  const { s } = u;
  const { client, all, visible } = await visibleClient(s, op, clientId);
  if (!visible.some((d) => canManage(op, d))) throw new ChatCommandError('forbidden', 'Only the responsible operator or an administrator may block a client.', undefined, 403);
  if (client.blocked === blocked) return client;
  const was = clientSummary(client);
  client.blocked = blocked;
  await s.putClient(client);
  await u.publishClient(client, was, all);
  for (const d of all) {
    const m = await u.append(d, u.systemMessage({ type: blocked ? 'client_blocked' : 'client_unblocked', by: { kind: 'operator', id: op.id } }));
    await u.publishDialog(d, [m]);
  }
  return client;
}

export async function setClientTags(u: Unit, op: Operator, input: CommandInput<'setClientTags'>): Promise<Client> {
  const { s } = u;
  const { client, all } = await visibleClient(s, op, input.clientId);
  const known = new Set((await s.tags()).map((t) => t.id));
  const unknown = input.tags.find((t) => !known.has(t.tagId));
  if (unknown) throw new ChatCommandError('not_found', `tags: no tag ${unknown.tagId}.`, 'tags', 404);
  const seen = new Set<Id>();
  const was = clientSummary(client);
  client.tags = input.tags.filter((t) => !seen.has(t.tagId) && (seen.add(t.tagId), true));
  await s.putClient(client);
  // T6/L5: tags belong to the client; everyone who sees one of its dialogs hears of them.
  await u.publishClient(client, was, all);
  return client;
}

export async function updateSettings(u: Unit, op: Operator, patch: CommandInput<'updateSettings'>): Promise<ChatSettings> {
  if (!canEditSettings(op)) throw new ChatCommandError('forbidden', 'Only an administrator may change the chat settings.', undefined, 403);
  const { s } = u;
  const before = await s.settings();
  const next: ChatSettings = { ...before };
  if (patch.responseTimeLimitMs !== undefined) next.responseTimeLimitMs = patch.responseTimeLimitMs;
  if (next.responseTimeLimitMs === before.responseTimeLimitMs) return before;
  await s.putSettings(next);
  u.emit(
    (await s.operators()).map((o) => o.id),
    { type: 'settings.updated', settings: next },
  );
  return next;
}
