// Functions scripts/test-stories.js runs inside the story pages (passed to Playwright's
// addInitScript and evaluate, so each is self-contained: no imports, no outer variables).

/** Init script: records Storybook's channel events as soon as the preview creates its channel. */
export function recordChannel(events) {
  const log = [];
  Object.defineProperty(window, '__chatdeskStoryEvents', { value: log });
  const describe = (v) => {
    if (v instanceof Error) return `${v.name}: ${v.message}`;
    if (v && typeof v === 'object' && 'message' in v) return `${v.name ?? 'Error'}: ${v.message}`;
    try {
      return JSON.stringify(v);
    } catch {
      return String(v);
    }
  };
  let channel;
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set(value) {
      channel = value;
      for (const name of events) {
        value.on(name, (...args) => {
          const first = args[0];
          log.push({
            name,
            status: first && typeof first === 'object' && 'status' in first ? first.status : undefined,
            detail: args.map((a) => (Array.isArray(a) ? a.map(describe).join('\n') : describe(a))).join(' '),
          });
        });
      }
    },
  });
}

/** Waits until every custom element (shadow roots included) has finished updating. */
export async function settle() {
  const customElementsIn = (root) => {
    const out = [];
    const walk = (node) => {
      for (const el of node.querySelectorAll('*')) {
        if (el.localName.includes('-')) out.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(root);
    return out;
  };
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (let i = 0; i < 10; i++) {
    const done = await Promise.all(
      customElementsIn(document)
        .map((el) => el.updateComplete)
        .filter(Boolean),
    );
    await frame();
    if (done.every((d) => d === true)) {
      const again = customElementsIn(document)
        .map((el) => el.updateComplete)
        .filter(Boolean);
      if ((await Promise.all(again)).every((d) => d === true)) return;
    }
  }
}

/** What the story shows: visible text length, media, undefined custom elements. */
export function inspectRoot() {
  const root = document.querySelector('#storybook-root');
  if (!root) return { text: 0, media: 0, undefinedTags: [], box: 0 };
  let text = 0;
  let media = 0;
  const undefinedTags = new Set();
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) text += (child.textContent ?? '').trim().length;
      else if (child.nodeType === Node.ELEMENT_NODE) {
        const el = child;
        if (el.localName === 'style' || el.localName === 'script' || el.localName === 'template') continue;
        if (['img', 'svg', 'canvas', 'video', 'input', 'textarea', 'select', 'button'].includes(el.localName)) media++;
        if (el.localName.includes('-') && !customElements.get(el.localName)) undefinedTags.add(el.localName);
        if (el.shadowRoot) walk(el.shadowRoot);
        walk(el);
      }
    }
  };
  walk(root);
  const rect = root.getBoundingClientRect();
  return { text, media, undefinedTags: [...undefinedTags], box: Math.round(rect.width * rect.height) };
}
