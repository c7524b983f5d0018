export * from './length.js';
export * from './status.js';
export * from './permissions.js';
export * from './unread.js';
export * from './attachments.js';
export * from './text.js';
export * from './tags.js';
export * from './query.js';
