import { expect } from '@open-wc/testing';
import { cutText, foldText, includesFolded, textProblem } from './text.js';

describe('rules/text (L6, T5)', () => {
  const same: Array<[string, string]> = [
    ['Envío', 'envio'],
    ['ÁRBOL', 'arbol'],
    ['Núñez', 'nunez'],
    ['Zoë', 'zoe'],
    ['ПРИВЕТ', 'привет'],
    ['Cliente fiel', 'CLIENTE FIEL'],
    // Decomposed input (e + combining acute) folds like the precomposed letter.
    ['Jose\u0301', 'José'],
  ];
  for (const [a, b] of same) {
    it(`L6/T5: "${a}" and "${b}" fold to the same text`, () => {
      expect(foldText(a)).to.equal(foldText(b));
    });
  }

  it('L6: includesFolded ignores case and accents in both directions', () => {
    expect(includesFolded('Envío urgente', 'ENVIO')).to.equal(true);
    expect(includesFolded('envio urgente', 'Envío')).to.equal(true);
    expect(includesFolded('Pedido 10234', 'envio')).to.equal(false);
  });

  it('L6: an empty or blank needle matches everything; surrounding spaces of the needle are ignored', () => {
    expect(includesFolded('anything', '')).to.equal(true);
    expect(includesFolded('anything', '   ')).to.equal(true);
    expect(includesFolded('Envío urgente', '  urgente ')).to.equal(true);
  });
});

describe('rules/text: text that can be stored (issue 12)', () => {
  it('refuses NUL, lone surrogates and control characters other than tab, line feed and carriage return, saying where', () => {
    expect(textProblem('a\u0000b')).to.match(/NUL character \(U\+0000\) at character 2/);
    expect(textProblem('\u{1F600}\uD800')).to.match(/half of a surrogate pair \(U\+D800\) at character 2/);
    expect(textProblem('\uDC00x')).to.match(/\(U\+DC00\) at character 1/);
    expect(textProblem('x\u001B[31m')).to.match(/control character U\+001B/);
    expect(textProblem('\u0085')).to.match(/U\+0085/);
    expect(textProblem('\u007F')).to.match(/U\+007F/);
  });

  it('keeps everything else: line breaks, tabs, emoji, combining and bidirectional marks, zero-width joiners', () => {
    for (const ok of ['línea 1\r\n\tlínea 2', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', 'e\u0301\u0327', '\u202Bעברית\u202C', '\u2066x\u2069', '\uE000', '']) {
      expect(textProblem(ok), JSON.stringify(ok)).to.equal(null);
    }
  });

  it('single-line text (ids) refuses line breaks and tabs too', () => {
    expect(textProblem('a\nb', { singleLine: true })).to.match(/U\+000A/);
    expect(textProblem('a\tb', { singleLine: true })).to.match(/U\+0009/);
    expect(textProblem('dlg-0001', { singleLine: true })).to.equal(null);
  });
});

describe('rules/text: cutText (issue 12)', () => {
  const e = '\u{1F600}';
  it('keeps text within the limit as it is, counting code points', () => {
    expect(cutText(`${'a'.repeat(299)}${e}`, 300)).to.equal(`${'a'.repeat(299)}${e}`);
    expect(cutText(e.repeat(300), 300)).to.equal(e.repeat(300));
    expect(cutText('', 300)).to.equal('');
  });

  it('never cuts an emoji in half, nor inside a grapheme cluster', () => {
    for (let offset = -3; offset <= 3; offset++) {
      for (const emoji of [e, '\u{1F44D}\u{1F3FD}', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', '\u{1F1EA}\u{1F1F8}', 'e\u0301']) {
        const text = `${'a'.repeat(300 + offset)}${emoji}tail`;
        const cut = cutText(text, 300);
        expect(text.startsWith(cut)).to.equal(true);
        expect([...cut].length).to.be.at.most(300);
        const starts = new Set([...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].map((x) => x.index));
        expect(starts.has(cut.length), `${offset} ${JSON.stringify(emoji)}: cut at ${cut.length}, between two characters`).to.equal(true);
        expect([...cut].length, 'as much as fits').to.be.above(296);
      }
    }
    expect(cutText(`${'a'.repeat(299)}\u{1F44D}\u{1F3FD}`, 300), 'a skin tone stays with its hand').to.equal('a'.repeat(299));
    expect(cutText(`${'a'.repeat(298)}e\u0301\u0327x`, 300), 'a letter keeps its marks').to.equal('a'.repeat(298));
  });

  it('a single cluster longer than the limit is cut between code points (bounded, still never half a pair)', () => {
    const zalgo = `x${'\u0301'.repeat(400)}`;
    expect(cutText(zalgo, 300)).to.equal(zalgo.slice(0, 300));
    const flags = '\u{1F1EA}\u{1F1F8}'.repeat(200);
    const cut = cutText(flags, 301);
    expect([...cut].length).to.equal(300);
    expect(cut).to.equal('\u{1F1EA}\u{1F1F8}'.repeat(150));
  });
});
