/**
 * The loaders of the parts loaded on first use (issue 17): one download per page, a failure per
 * element, and the hold that stories use to show the loading and failed states.
 */
import { expect } from '@open-wc/testing';
import type { ReactiveControllerHost } from 'lit';
import { holdParts, OnDemandChunk, retryingImport } from './on-demand.js';

/** A host that counts the renders it was asked for. */
function host(): ReactiveControllerHost & { updates: number } {
  return {
    updates: 0,
    addController: () => undefined,
    removeController: () => undefined,
    requestUpdate() {
      this.updates++;
    },
    updateComplete: Promise.resolve(true),
  };
}

/** A module loader that counts its calls and fails while `failing` is set. */
function loader<M>(module: M): { calls: number; failing: boolean; load: () => Promise<M> } {
  const l = {
    calls: 0,
    failing: false,
    load: async () => {
      l.calls++;
      if (l.failing) throw new TypeError('network down');
      return module;
    },
  };
  return l;
}

describe('on-demand parts: the windows and panels of H1, H6, F1, D2 and W1 loaded on first use (issue 17)', () => {
  it('one load for the page: two requests at once download once; a failure is tried again on the next request', async () => {
    const l = loader({ part: 1 });
    const get = retryingImport(l.load);
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).to.equal(b);
    expect(l.calls).to.equal(1);
    const f = loader({ part: 2 });
    f.failing = true;
    const again = retryingImport(f.load);
    let error: unknown = null;
    await again().catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(TypeError);
    f.failing = false;
    expect(await again()).to.deep.equal({ part: 2 });
    expect(f.calls).to.equal(2);
  });

  it('a failure is per element: the element that asked shows it, another one that loads later gets the part', async () => {
    const l = loader({ part: 3 });
    l.failing = true;
    const chunk = new OnDemandChunk(l.load);
    const first = host();
    await chunk.request(first);
    expect(chunk.failed(first)).to.equal(true);
    expect(chunk.value).to.equal(null);
    expect(first.updates).to.equal(1);
    l.failing = false;
    const second = host();
    await chunk.request(second);
    expect(chunk.failed(second)).to.equal(false);
    expect(chunk.value).to.deep.equal({ part: 3 });
    expect(chunk.failed(first)).to.equal(true);
  });

  it("holdParts('failed'): a part the page loaded before fails to download until released, then is back", async () => {
    const l = loader({ part: 4 });
    const chunk = new OnDemandChunk(l.load);
    await chunk.get();
    const release = holdParts('failed');
    expect(chunk.value).to.equal(null);
    const h = host();
    await chunk.request(h);
    expect(chunk.failed(h)).to.equal(true);
    release();
    expect(chunk.value).to.deep.equal({ part: 4 });
    await chunk.request(h);
    expect(chunk.failed(h)).to.equal(false);
    expect(l.calls).to.equal(1);
  });

  it("holdParts('loading'): a request stays on its way until released, then ends with the part", async () => {
    const l = loader({ part: 5 });
    const chunk = new OnDemandChunk(l.load);
    const release = holdParts('loading');
    const h = host();
    let done = false;
    const request = chunk.request(h).then(() => (done = true));
    // A frame later (when an element shows its busy line) nothing was downloaded.
    await new Promise(requestAnimationFrame);
    expect([done, l.calls, chunk.value]).to.deep.equal([false, 0, null]);
    release();
    await request;
    expect([done, l.calls, chunk.value]).to.deep.equal([true, 1, { part: 5 }]);
    expect(chunk.failed(h)).to.equal(false);
    expect(h.updates).to.equal(1);
  });
});
