import { expect } from '@open-wc/testing';
import { checkLength, countChars, DEFAULT_MAX_LENGTH, hasContent } from './length.js';

describe('rules/length (P4)', () => {
  const cases: Array<[name: string, text: string, count: number]> = [
    ['plain letters', 'hola', 4],
    ['spaces are not counted', 'a b  c', 3],
    ['tabs, new lines and non-breaking spaces are not counted', 'a\tb\nc\r\nd\u00a0e\u2003f', 6],
    ['accented letters count once (precomposed)', 'Envío', 5],
    ['Cyrillic letters count once each', 'Привет мир', 9],
    ['an emoji outside the BMP is one code point', '👍👍', 2],
    ['a combining accent is its own code point', 'e\u0301', 2],
    ['only white space counts as zero', ' \n\t ', 0],
    ['empty text counts as zero', '', 0],
  ];
  for (const [name, text, count] of cases) {
    it(`P4: counts code points without white space: ${name}`, () => {
      expect(countChars(text)).to.equal(count);
    });
  }

  it('P4: 2000 characters without spaces is allowed, 2001 is not', () => {
    expect(DEFAULT_MAX_LENGTH).to.equal(2000);
    const at = checkLength('x'.repeat(2000));
    expect(at).to.deep.equal({ count: 2000, limit: 2000, remaining: 0, ok: true });
    const over = checkLength('x'.repeat(2001));
    expect(over).to.deep.equal({ count: 2001, limit: 2000, remaining: -1, ok: false });
  });

  it('P4: white space does not count towards the limit (2000 letters plus 1000 spaces is allowed)', () => {
    const text = 'ab '.repeat(1000);
    expect(text.length).to.equal(3000);
    const r = checkLength(text);
    expect(r.ok).to.equal(true);
    expect(r.count).to.equal(2000);
  });

  it('P4: counts code points, not UTF-16 units (2000 emoji are allowed, 2001 are not)', () => {
    expect('😀'.repeat(2000).length).to.equal(4000);
    expect(checkLength('😀'.repeat(2000)).ok).to.equal(true);
    expect(checkLength('😀'.repeat(2001))).to.include({ count: 2001, ok: false, remaining: -1 });
  });

  it('P4: reports the count against a channel-specific limit', () => {
    expect(checkLength('a b c', 2)).to.deep.equal({ count: 3, limit: 2, remaining: -1, ok: false });
    expect(checkLength('a b', 2)).to.deep.equal({ count: 2, limit: 2, remaining: 0, ok: true });
  });

  it('P1/P4: a message needs text that is not only white space, or an attachment', () => {
    expect(hasContent('')).to.equal(false);
    expect(hasContent('  \n ')).to.equal(false);
    expect(hasContent(' x ')).to.equal(true);
    expect(hasContent('', 1)).to.equal(true);
  });
});
