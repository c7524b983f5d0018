/**
 * chatdesk HTTP + WebSocket transport: connects a `ChatClient` to a backend speaking the chatdesk
 * protocol (`docs/protocol.md`). A separate entry (`chatdesk/sdk/http`) so pages that bring their
 * own transport do not pay for it.
 * @packageDocumentation
 */
export {
  createHttpTransport,
  HttpTransport,
  errorFromResponse,
  reconnectDelay,
  CLOSE_UNAUTHORIZED,
  type HttpTransportOptions,
  type TokenSource,
  type WebSocketConstructor,
  type WebSocketLike,
} from './http.js';
export { ROUTES, PATHS, buildRequest, pathParams, type BuiltRequest, type HttpMethod, type RouteSpec } from './routes.js';
