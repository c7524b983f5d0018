/** P4: message length, counted without white space. */

/** The default limit of P4: 2000 characters, not counting spaces. */
export const DEFAULT_MAX_LENGTH = 2000;

/** Result of {@link checkLength}. */
export interface LengthCheck {
  /** Characters counted (Unicode code points, white space excluded). */
  count: number;
  limit: number;
  /** `limit - count`; negative when over the limit. */
  remaining: number;
  ok: boolean;
}

/** P4: counts the characters of `text` that are not white space, by code point. */
export function countChars(text: string): number {
  let count = 0;
  for (const ch of text) {
    if (!/\s/u.test(ch)) count++;
  }
  return count;
}

/** P4: checks `text` against `limit` (default 2000), white space not counted. */
export function checkLength(text: string, limit: number = DEFAULT_MAX_LENGTH): LengthCheck {
  const count = countChars(text);
  return { count, limit, remaining: limit - count, ok: count <= limit };
}

/** Whether a message has anything to send: text that is not only white space, or attachments. */
export function hasContent(text: string, attachmentCount = 0): boolean {
  return attachmentCount > 0 || text.trim().length > 0;
}
