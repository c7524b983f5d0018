import { expect } from '@open-wc/testing';
import type { ChannelCapabilities } from '../model.js';
import { checkAttachment, isPreviewableImage, mimeEssence, mimeMatches, refusalCode, REFUSAL_TEXT, type AttachmentRefusal } from './attachments.js';

const MB = 1024 * 1024;
function channel(attachments: Partial<ChannelCapabilities['attachments']>): { capabilities: ChannelCapabilities } {
  return {
    capabilities: {
      readReceipts: false,
      quoting: false,
      attachments: { allowed: true, types: ['image/*', 'application/pdf'], maxBytes: 5 * MB, maxCount: 3, ...attachments },
      maxLength: 2000,
      clientCanLeave: false,
    },
  };
}

describe('rules/attachments (P1, P2)', () => {
  const patterns: Array<[pattern: string, mime: string, matches: boolean]> = [
    ['image/*', 'image/png', true],
    ['image/*', 'IMAGE/JPEG', true],
    ['image/*', 'application/pdf', false],
    ['image/*', 'imagex/png', false],
    ['application/pdf', 'application/pdf', true],
    ['application/pdf', 'application/pdfx', false],
    ['application/pdf', 'application/pdf; name=x.pdf', true],
    ['text/plain', 'text/plain;charset=utf-8', true],
    ['*', 'anything/at-all', true],
    ['*/*', 'video/mp4', true],
    [' Image/* ', 'image/webp', true],
  ];
  for (const [pattern, mime, matches] of patterns) {
    it(`P1: pattern "${pattern}" ${matches ? 'matches' : 'does not match'} "${mime}"`, () => {
      expect(mimeMatches(pattern, mime)).to.equal(matches);
    });
  }

  const files: Array<[name: string, caps: Partial<ChannelCapabilities['attachments']>, file: { type: string; size: number }, already: number, refusal: AttachmentRefusal | null]> = [
    ['an image within the limits', {}, { type: 'image/png', size: 1000 }, 0, null],
    ['a PDF within the limits', {}, { type: 'application/pdf', size: 5 * MB }, 0, null],
    ['one byte over the size limit', {}, { type: 'application/pdf', size: 5 * MB + 1 }, 0, 'size'],
    ['a type the channel does not take', {}, { type: 'application/zip', size: 10 }, 0, 'type'],
    ['a file without a type (octet-stream) where only images are taken', {}, { type: '', size: 10 }, 0, 'type'],
    ['a file without a type where anything is taken', { types: ['*/*'] }, { type: '', size: 10 }, 0, null],
    ['an empty file', {}, { type: 'image/png', size: 0 }, 0, 'empty'],
    ['the last file that fits the count', {}, { type: 'image/png', size: 10 }, 2, null],
    ['one file more than the count', {}, { type: 'image/png', size: 10 }, 3, 'count'],
    ['a channel without attachments', { allowed: false }, { type: 'image/png', size: 10 }, 0, 'not_allowed'],
  ];
  for (const [name, caps, file, already, refusal] of files) {
    it(`P1: ${name}: ${refusal ?? 'accepted'}`, () => {
      expect(checkAttachment(channel(caps), { name: 'f', ...file }, already)).to.equal(refusal);
    });
  }

  const previews: Array<[mime: string, previewable: boolean]> = [
    ['image/png', true],
    ['image/jpeg', true],
    ['IMAGE/WEBP', true],
    ['image/svg+xml', false],
    ['IMAGE/SVG+XML', false],
    ['image/svg+xml; charset=utf-8', false],
    [' image/svg+xml', false],
    ['application/pdf', false],
    ['text/html', false],
  ];
  for (const [mime, previewable] of previews) {
    it(`P2: "${mime}" is ${previewable ? '' : 'never '}shown as an image preview`, () => {
      expect(isPreviewableImage(mime)).to.equal(previewable);
    });
  }

  it('P1: each refusal has one error code and one API text, in the SDK and the backend alike; an empty file is bad input', () => {
    const all: AttachmentRefusal[] = ['not_allowed', 'type', 'size', 'count', 'empty'];
    expect(all.map(refusalCode)).to.deep.equal(['attachment_not_allowed', 'attachment_type', 'attachment_size', 'attachment_count', 'validation']);
    for (const r of all) expect(REFUSAL_TEXT[r]).to.be.a('string').and.not.equal('');
  });

  it('P1: the MIME essence drops parameters, white space and case', () => {
    expect(mimeEssence(' Text/Plain ; charset=UTF-8')).to.equal('text/plain');
  });
});
