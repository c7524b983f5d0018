/**
 * Where the tabs' chunk (viewer-body.ts) puts its class when it runs. The element reads it here,
 * not from the module an `import()` hands back: when rollup moves shared code into that chunk, the
 * bundled `import()` picks the module out of the chunk's exports (`.then((n) => n.v)`), which a
 * retry from a new address (retrying-import.ts) does not do.
 */
import type { ViewerBody } from './viewer-body.js';

/** The body's class, once its chunk ran. */
export const bodySlot: { ViewerBody?: typeof ViewerBody } = {};
