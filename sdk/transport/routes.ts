/**
 * How each protocol command maps onto HTTP: the single table the HTTP transport and the
 * reference server both read, so they cannot drift apart. `docs/protocol.md` documents it.
 *
 * A route's `:name` path segments are taken from the input fields of the same name. The other
 * fields travel as the query string for `GET` (numbers in decimal) and as a JSON object body
 * otherwise.
 */
import type { CommandName } from '../protocol.js';

/** An HTTP method the protocol uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT';

/** Where a command is sent. */
export interface RouteSpec {
  method: HttpMethod;
  /** Path under the API base, with `:field` placeholders. */
  path: string;
  /** Whether the backend stores the result once per client-generated `id`, so resending is safe. */
  idempotent: boolean;
  /** Success status (200 unless stated). */
  status?: number;
}

/** The HTTP mapping of every command. */
export const ROUTES: { readonly [K in CommandName]: RouteSpec } = {
  bootstrap: { method: 'GET', path: '/bootstrap', idempotent: true },
  eventsSince: { method: 'GET', path: '/events', idempotent: true },
  listDialogs: { method: 'POST', path: '/dialogs/search', idempotent: true },
  getDialog: { method: 'GET', path: '/dialogs/:dialogId', idempotent: true },
  getClient: { method: 'GET', path: '/clients/:clientId', idempotent: true },
  loadMessages: { method: 'GET', path: '/dialogs/:dialogId/messages', idempotent: true },
  sendMessage: { method: 'POST', path: '/dialogs/:dialogId/messages', idempotent: true, status: 201 },
  closeDialog: { method: 'POST', path: '/dialogs/:dialogId/close', idempotent: false },
  reopenDialog: { method: 'POST', path: '/dialogs/:dialogId/reopen', idempotent: false },
  reassignDialog: { method: 'POST', path: '/dialogs/:dialogId/reassign', idempotent: false },
  markRead: { method: 'POST', path: '/dialogs/:dialogId/read', idempotent: false },
  markUnread: { method: 'POST', path: '/dialogs/:dialogId/unread', idempotent: false },
  detachClient: { method: 'POST', path: '/dialogs/:dialogId/detach-client', idempotent: false },
  listAttachments: { method: 'GET', path: '/dialogs/:dialogId/attachments', idempotent: true },
  forwardAttachment: { method: 'POST', path: '/dialogs/:toDialogId/forwards', idempotent: true, status: 201 },
  deleteDialogs: { method: 'POST', path: '/dialogs/delete', idempotent: false },
  blockClient: { method: 'POST', path: '/clients/:clientId/block', idempotent: false },
  unblockClient: { method: 'POST', path: '/clients/:clientId/unblock', idempotent: false },
  setClientTags: { method: 'PUT', path: '/clients/:clientId/tags', idempotent: true },
  createQuickReply: { method: 'POST', path: '/quick-replies', idempotent: true, status: 201 },
  updateSettings: { method: 'PUT', path: '/settings', idempotent: true },
};

/** Extra endpoints outside the command map. */
export const PATHS = {
  /** `POST` multipart (`file`): uploads a file for a dialog (P1). */
  upload: '/dialogs/:dialogId/uploads',
  /** The event socket (WebSocket). */
  socket: '/ws',
} as const;

/** The names of a path's `:placeholders`. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
}

/** A command's request: its path (placeholders filled, URL-encoded), query and body. */
export interface BuiltRequest {
  method: HttpMethod;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
}

/** Splits a command's input into path, query and body as its route says. */
export function buildRequest(name: CommandName, input: object): BuiltRequest {
  const route = ROUTES[name];
  const rest: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  const path = route.path.replace(/:([A-Za-z]+)/g, (_, key: string) => {
    const value = rest[key];
    delete rest[key];
    return encodeURIComponent(String(value ?? ''));
  });
  for (const [k, v] of Object.entries(rest)) if (v === undefined) delete rest[k];
  if (route.method === 'GET') {
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(rest)) query[k] = typeof v === 'string' ? v : JSON.stringify(v);
    return { method: route.method, path, query, body: undefined };
  }
  return { method: route.method, path, query: {}, body: rest };
}
