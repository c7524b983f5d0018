/** The headless view state of one dialog: `client.session(dialogId)`. */
export * from './dialog-session.js';
export * from './composer-state.js';
export * from './offered.js';
export * from './names.js';
