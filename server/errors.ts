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

export { isCommandError } from '../sdk/protocol.js';
