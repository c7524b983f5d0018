/**
 * chatdesk headless SDK: model, rules, protocol and the `ChatClient`. No DOM rendering, no lit;
 * runs in browsers and in Node.
 * @packageDocumentation
 */
export * from './model.js';
export * from './protocol.js';
export * from './rules/index.js';
export {
  ChatClient,
  createChatClient,
  type ChatClientOptions,
  type ChatErrorReport,
  type DialogFeed,
  type DialogRow,
  type Draft,
  type NewMessageAlert,
  type SendInput,
  type UploadState,
} from './client.js';
export * from './session/index.js';
export { parse, ChatEventSchema, SnapshotSchema, MessageSchema, DialogSchema, ClientSchema, InputSchemas, ResultSchemas, type Check } from './checks.js';
