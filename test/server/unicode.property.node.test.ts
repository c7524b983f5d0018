/**
 * Property (issue 12, P4): arbitrary Unicode sent through the real HTTP API on PGlite is either
 * stored exactly, with previews and quotes cut between characters, and the dialog still takes the
 * next message; or refused with a 4xx naming `text`, and nothing changed (event heads, dialog
 * rows, message counts). Emoji sit at every position around each cut length; lone surrogates,
 * NUL and other controls, bidirectional controls, combining marks; 1 to 2600 characters.
 *
 * The seed is fixed (printed); `CHATDESK_FC_SEED=<n>` and `CHATDESK_FC_RUNS=<n>` vary it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { countChars, hasContent } from '../../sdk/rules/length.js';
import { cutText, LIST_PREVIEW_LENGTH, QUOTE_PREVIEW_LENGTH, textProblem } from '../../sdk/rules/text.js';
import { until } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SEED = Number(process.env.CHATDESK_FC_SEED ?? 20_260_512);
const RUNS = Number(process.env.CHATDESK_FC_RUNS ?? 100);

/** The administrator's site-chat dialog (2000 characters, quoting). */
const DIALOG = 'dlg-0021';

const EMOJI = [
  '\u{1F600}',
  '\u{1F44D}\u{1F3FD}',
  '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}',
  '\u{1F1EA}\u{1F1F8}',
  '\u2764\uFE0F',
  '1\uFE0F\u20E3',
  '\u{1F3F3}\uFE0F\u200D\u{1F308}',
  '\u{1F9D1}\u{1F3FF}\u200D\u{1F680}',
];
const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
const COMBINING = ['\u0301', '\u0308', '\u0327', '\u0489', '\u20DD', '\u0336'];
const CONTROLS = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000B', '\u000C', '\u001B', '\u007F', '\u0085', '\u009F'];
const SPACES = ['\t', '\n', '\r', '\r\n', ' ', '\u00A0', '\u2028', '\u3000', '\u200B'];
const CUTS = [LIST_PREVIEW_LENGTH, QUOTE_PREVIEW_LENGTH, 40, 120, 180, 2000];

const piece = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 3, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 2, arbitrary: fc.constantFrom(...BIDI) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...COMBINING), { minLength: 1, maxLength: 12 }).map((marks) => `e${marks.join('')}`) },
  { weight: 2, arbitrary: fc.constantFrom(...SPACES) },
  { weight: 1, arbitrary: fc.constantFrom(...CONTROLS) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u)) },
);
const free = fc.array(piece, { minLength: 1, maxLength: 24 }).map((p) => p.join(''));

/** `n` code points of `filler` repeated. */
const codePoints = (filler: string, n: number) => [...filler.repeat(Math.ceil(n / [...filler].length) + 1)].slice(0, n).join('');

/** An emoji (or a combining run) just before, on, or just after a cut length. */
const aroundCut = fc
  .record({
    cut: fc.constantFrom(...CUTS),
    offset: fc.integer({ min: -3, max: 3 }),
    mark: fc.oneof(fc.constantFrom(...EMOJI), fc.constantFrom('e\u0301', 'e\u0301\u0327', '\u{1F44D}\u{1F3FD}\u0301')),
    filler: fc.constantFrom('a', 'é', 'я', '字', ' a', '\u{1F600}'),
    tail: fc.option(free, { nil: '' }),
  })
  .map(({ cut, offset, mark, filler, tail }) => `${codePoints(filler, Math.max(0, cut + offset))}${mark}${tail}`);

/** 1 to 2600 code points of one unit: over and under the 2000 limit, with and without spaces. */
const long = fc.record({ n: fc.integer({ min: 1, max: 2600 }), unit: fc.constantFrom('a', '\u{1F600}', 'e\u0301', 'я ', ' ', '\u05E9\u05DC\u05D5\u05DD ') }).map(({ n, unit }) => codePoints(unit, n));

const text = fc.oneof({ weight: 4, arbitrary: free }, { weight: 4, arbitrary: aroundCut }, { weight: 2, arbitrary: long });

/** Whether the rules (the same the server applies) accept `t` as a message. */
const acceptable = (t: string) => textProblem(t) === null && t.length <= 20_000 && hasContent(t) && countChars(t) <= 2000;

/** Whether `prefix` ends at a grapheme boundary of `t` (or is its first cluster cut by code points, when that cluster alone is too long). */
function endsBetweenCharacters(t: string, prefix: string, max: number): boolean {
  if (!t.startsWith(prefix)) return false;
  if (prefix.length === t.length) return true;
  const code = prefix.charCodeAt(prefix.length - 1);
  if (code >= 0xd800 && code <= 0xdbff) return false; // half an emoji
  const starts = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(t)].map((x) => x.index);
  if (starts.includes(prefix.length)) return true;
  return [...prefix].length === max && !starts.some((b) => b > 0 && b <= prefix.length);
}

describe('property: arbitrary Unicode through the HTTP API is stored exactly or refused by name, nothing half-written', () => {
  let server: TestServer;
  let token = '';
  let visitor = { token: '', dialogId: '' };

  const post = async (url: string, body: unknown, auth: string) => {
    const res = await fetch(`${server.url}${url}`, { method: 'POST', headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; field?: string } } };
  };
  /** What a refused request must leave as it was. */
  const snapshot = async () => {
    const q = async (sql: string, params: unknown[] = []) => (await server.storage.db.query<Record<string, unknown>>(sql, params)).rows;
    return JSON.stringify({
      heads: await q('SELECT operator_id, seq FROM event_heads ORDER BY operator_id'),
      dialogs: await q('SELECT * FROM dialogs WHERE id = ANY($1::text[]) ORDER BY id', [[DIALOG, visitor.dialogId]]),
      counts: await q('SELECT dialog_id, count(*)::int AS n FROM messages WHERE dialog_id = ANY($1::text[]) GROUP BY dialog_id ORDER BY dialog_id', [[DIALOG, visitor.dialogId]]),
      replies: await q('SELECT count(*)::int AS n FROM quick_replies'),
    });
  };
  /** Simulated deliveries of earlier messages move event heads: wait until they are done. */
  const quiet = () => until(async () => (await server.storage.pendingDeliveries()).length === 0, 'deliveries to finish');

  before(async () => {
    server = await startTestServer({ delayFactor: 0 });
    token = await server.tokenFor('op-admin');
    const chat = await fetch(`${server.url}/api/visitor/chats`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Property' }) });
    visitor = (await chat.json()) as typeof visitor;
  });
  after(() => server.dispose());

  it('P4, M1, L4: every case is stored exactly (previews and quotes cut between characters) or refused naming text, with nothing changed', async () => {
    let cases = 0;
    let stored = 0;
    let refused = 0;
    let lastStored: { id: string; text: string } | null = null;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom('operator', 'operator', 'operator', 'visitor'), fc.boolean(), async (t, via, quoting) => {
        const n = ++cases;
        const id = `fc-${n}`;
        await quiet();
        const before = await snapshot();
        const quote = via === 'operator' && quoting && lastStored ? lastStored : null;
        const r =
          via === 'operator'
            ? await post(`/api/v1/dialogs/${DIALOG}/messages`, { id, text: t, ...(quote ? { quoteId: quote.id } : {}) }, token)
            : await post('/api/visitor/messages', { id, text: t }, visitor.token);
        if (!acceptable(t)) {
          assert.equal(r.status, 400, `refused with 400: ${JSON.stringify(r.body)}`);
          assert.equal(r.body.error?.field, 'text');
          assert.ok(r.body.error?.code === 'validation' || r.body.error?.code === 'too_long', r.body.error?.code);
          await quiet();
          assert.equal(await snapshot(), before, 'a refusal changes nothing');
          refused++;
          return;
        }
        assert.equal(r.status, 201, `accepted: ${JSON.stringify(r.body).slice(0, 300)}`);
        const dialogId = via === 'operator' ? DIALOG : visitor.dialogId;
        const back = await server.storage.message(id);
        assert.equal(back?.text, t, 'read back exactly');
        const page = await fetch(`${server.url}/api/v1/dialogs/${dialogId}/messages?limit=1`, { headers: { authorization: `Bearer ${token}` } });
        const [last] = ((await page.json()) as { messages: Array<{ id: string; text: string }> }).messages;
        assert.deepEqual([last?.id, last?.text], [id, t], 'read back through the API exactly');
        const preview = (await server.storage.dialog(dialogId))!.lastMessage!.text;
        assert.equal(preview, cutText(t, LIST_PREVIEW_LENGTH));
        assert.ok([...preview].length <= LIST_PREVIEW_LENGTH && endsBetweenCharacters(t, preview, LIST_PREVIEW_LENGTH), 'the list preview is a prefix cut between characters');
        if (quote) {
          const q = (r.body as { quote?: { text: string } }).quote?.text ?? '';
          assert.ok([...q].length <= QUOTE_PREVIEW_LENGTH && endsBetweenCharacters(quote.text, q, QUOTE_PREVIEW_LENGTH), 'the quote is a prefix cut between characters');
          assert.equal(textProblem(q), null);
        }
        const next =
          via === 'operator'
            ? await post(`/api/v1/dialogs/${DIALOG}/messages`, { id: `${id}-next`, text: 'siguiente' }, token)
            : await post('/api/visitor/messages', { id: `${id}-next`, text: 'siguiente' }, visitor.token);
        assert.equal(next.status, 201, 'the dialog still takes the next message');
        if (via === 'operator') lastStored = { id, text: t };
        stored++;
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    console.log(`unicode property: ${cases} cases (stored ${stored}, refused ${refused}), seed ${SEED}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.ok(stored > RUNS / 5 && refused > RUNS / 10, 'both outcomes exercised');
  });
});
