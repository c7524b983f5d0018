/** Safe links in message text (no HTML ever interpreted; http, https and mailto only). */
import { expect } from '@open-wc/testing';
import { linkify, safeHref } from './linkify.js';

const links = (text: string) => linkify(text).filter((s) => s.kind === 'link');

describe('linkify', () => {
  it('keeps the text whole: joining the segments gives the text back', () => {
    const t = 'See https://example.com/a?b=1, or write to ana@example.org. <b>x</b>';
    expect(
      linkify(t)
        .map((s) => s.text)
        .join(''),
    ).to.equal(t);
  });

  it('links http, https, www. and e-mail addresses', () => {
    expect(links('go to http://x.test now').map((s) => s.kind === 'link' && s.href)).to.deep.equal(['http://x.test/']);
    expect(links('www.shop.test/item').map((s) => s.kind === 'link' && s.href)).to.deep.equal(['https://www.shop.test/item']);
    expect(links('mail ana@example.org please').map((s) => s.kind === 'link' && s.href)).to.deep.equal(['mailto:ana@example.org']);
    expect(links('mailto:bob@example.org').map((s) => s.kind === 'link' && s.href)).to.deep.equal(['mailto:bob@example.org']);
  });

  it('never links other schemes', () => {
    expect(links('javascript:alert(1) data:text/html,<script>1</script> vbscript:x file:///etc/passwd')).to.have.length(0);
    expect(safeHref('javascript:alert(1)')).to.equal(null);
    expect(safeHref('ftp://x.test')).to.equal(null);
  });

  it('leaves sentence punctuation out of the link, keeps balanced brackets in', () => {
    expect(links('Look: https://x.test/page.').map((s) => s.text)).to.deep.equal(['https://x.test/page']);
    expect(links('(see https://x.test/a)').map((s) => s.text)).to.deep.equal(['https://x.test/a']);
    expect(links('https://en.wikipedia.org/wiki/Foo_(bar)').map((s) => s.text)).to.deep.equal(['https://en.wikipedia.org/wiki/Foo_(bar)']);
  });

  it('links several addresses in one text, in order, and keeps the text around them', () => {
    const t = 'two: https://a.test and www.b.test.';
    expect(linkify(t).map((s) => [s.kind, s.text])).to.deep.equal([
      ['text', 'two: '],
      ['link', 'https://a.test'],
      ['text', ' and '],
      ['link', 'www.b.test'],
      ['text', '.'],
    ]);
  });

  it('handles upper-case schemes, plus addresses, international hosts and quoting', () => {
    expect(links('HTTPS://EXAMPLE.COM/A').map((s) => s.kind === 'link' && s.href)).to.deep.equal(['https://example.com/A']);
    expect(links('write ana+crm@example.co.uk!').map((s) => s.kind === 'link' && s.href)).to.deep.equal(['mailto:ana+crm@example.co.uk']);
    expect(links('https://пример.рф/путь?q=1 ok').map((s) => s.kind === 'link' && s.href)).to.deep.equal(['https://xn--e1afmkfd.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C?q=1']);
    expect(links('"https://x.test/q"').map((s) => s.text)).to.deep.equal(['https://x.test/q']);
    expect(links('[link](https://x.test/md)').map((s) => s.text)).to.deep.equal(['https://x.test/md']);
  });

  it('does not link what only looks like an address', () => {
    expect(links('email: a@b, see example.com, file.txt')).to.have.length(0);
    expect(links('https://')).to.have.length(0);
  });
});
