/**
 * The self-contained browser build, `dist/browser/chatdesk.js`: every element registered under
 * its default tag, the whole API exported (elements, SDK, HTTP transport, locales, theme), and
 * the dependencies (lit, nanostores, ky...) inlined with `process.env` replaced, so a
 * static page needs one `<script type="module">` and no bundler:
 *
 * ```html
 * <script type="module" src="https://cdn.jsdelivr.net/npm/chatdesk/dist/browser/chatdesk.js"></script>
 * <chat-provider endpoint="https://crm.example/chat/api/v1" token="…">
 *   <dialog-list></dialog-list><chat-window></chat-window>
 * </chat-provider>
 * ```
 * @packageDocumentation
 */
export * from './index.js';
export * from './define.js';
export * from '../sdk/transport/index.js';
