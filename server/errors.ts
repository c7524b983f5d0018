/** The JSON error answer of the API: `{ "error": { "code", "message", "field"? } }`. */
import { ChatCommandError, ERROR_STATUS, type ErrorCode } from '../sdk/protocol.js';

/** The body of an error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string };
}

/** Builds an error body. */
export function errorBody(code: ErrorCode, message: string, field?: string): ErrorBody {
  return { error: field ? { code, message, field } : { code, message } };
}

/**
 * The HTTP status of a refusal: the protocol's table (`ERROR_STATUS`), except where the core
 * names a more precise 4xx (410 for a file that is gone).
 */
export function statusOf(e: ChatCommandError): number {
  return e.code === 'unavailable' && e.status === 410 ? 410 : ERROR_STATUS[e.code];
}

/** A refusal the API answers with: a `ChatCommandError`, created here for transport-level problems. */
export function apiError(code: ErrorCode, message: string, field?: string): ChatCommandError {
  return new ChatCommandError(code, message, field, ERROR_STATUS[code]);
}

/**
 * PostgreSQL's codes that say the server is gone or not there yet, or ended this session (57P05:
 * its transaction sat idle too long, this process having stalled), or takes no writes now (25006:
 * a standby, during a failover): not the command's fault.
 */
const UNAVAILABLE_CODES = /^(08\w{3}|57P0[1235]|25006|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND)$/;
/** node-postgres's errors for a connection lost, or not made in time (they carry no code). */
const LOST_CONNECTION = /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect)/;

/**
 * Whether `e` says the database cannot be reached right now: its server restarts, crashed, or is
 * starting up, or the connection broke. The command did not happen, or it committed and a retry
 * with the same id finds it: either way the answer is 503, which the SDK retries.
 */
export function databaseUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  return (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) || LOST_CONNECTION.test(e.message);
}

export { isCommandError } from '../sdk/protocol.js';
